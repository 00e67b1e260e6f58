"""Undo a PDF's line wrapping: pypdf gives one line per printed line, not one per paragraph.

A printed line that runs (nearly) the full width of the text block and does not end a sentence
continues on the next line; short lines (headings, the last line of a paragraph) end where they are.
"""

import re

_SENTENCE_END = "。！？；：”’」』）)"
_STARTS_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[，、])")
FULL_LINE_SHARE = 0.8


def join_wrapped_lines(page_text: str) -> str:
    lines = [line.strip() for line in page_text.split("\n")]
    full_width = max((len(line) for line in lines), default=0)
    joined: list[str] = []
    for line in lines:
        if not line:
            continue
        previous = joined[-1] if joined else ""
        continues = (
            previous
            and len(previous.split("\n")[-1]) >= FULL_LINE_SHARE * full_width
            and not previous.endswith(tuple(_SENTENCE_END))
            and not _STARTS_HEADING.match(line)
        )
        if continues:
            joined[-1] = previous + line
        else:
            joined.append(line)
    return "\n".join(joined)
