"""Mechanical checks of a draft against its passages and the writer's own texts.

`text` holds the primitives several checks share; each other module is one check; `verify` runs them
all and returns one `Checks` value, whose `findings()` the CLI, the web page and the chat summary render.
"""
