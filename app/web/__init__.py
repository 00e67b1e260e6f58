"""The writer's workbench (`wengao serve`): a Gradio app with four tabs, 起草 检索 文库 评估.

`workbench` builds the app; each tab is one module with plain handler methods (tests call them directly)
and a `render()` that lays out its components; `rendering` makes the HTML they show, `forms` reads the
form fields they share.
"""
