"""The one base class of errors a user should see as a message, not as a traceback.

The CLI prints them after "✗" (exit 2), the web app shows them on the page, `wengao eval` records them
in the case's row. Each subclass's message names what went wrong and, where there is one, what to do.
Errors of `ingest/` and `vectorstore/` (which import nothing of ours) are turned into these where
`app/` calls them (app/library.py).
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can act on: a missing model, a busy library, a bad request, an LLM endpoint
    that does not answer. The message is complete; no traceback is needed."""
