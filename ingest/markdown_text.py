"""Plain text of a Markdown file: the markup goes, the words stay.

Writers keep reports as .md too; "# 一、基本情况" must reach the structure parser as "一、基本情况",
or the heading number is hidden behind the markup.
"""

import re

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+", re.M)
_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.M)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", re.M)


def strip_markdown(text: str) -> str:
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _BULLET.sub("", text)
    text = _QUOTE.sub("", text)
    return _EMPHASIS.sub(r"\2", text)
