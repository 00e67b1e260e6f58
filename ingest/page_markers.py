"""Page numbers left in the text where a document's printed pages broke.

Converters and sites print them in many dresses: "- 3 -", "— 3 —", "[3]", "〔3〕", "·3·", "第3页",
"第 3 页 共 8 页", "共8页 第3页", "Page 3 of 8", "page 3", "3/8", "3 of 8", "页码：3". They are
recognised as one family: a page number dressed in dashes or brackets, or with the words 第…页,
共…页, page, of or 页码 around it; no site's own strings are listed.

A line that is nothing but such a number is a page marker wherever it stands. Inside a line (the page
broke in mid-sentence) the unmistakable forms are cut wherever they are; the forms that report text
also uses ("第161页" of a cited report, "1/3" a fraction, "[3]" a reference) only where their
number continues the document's page sequence: the page marker before them is page n-1, or the one
after them page n+1 ("排名20/198；…排名21/198", two weak ones close together, is no page sequence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.headings import cn_to_int

_N = r"[0-9０-９]{1,3}"
_CN = r"[一二三四五六七八九十]{1,3}"
_DECOR = r"[-—–－~～·•∙=_*]"
_SEP = r"\s*[,，/／|｜、]?\s*"
_CORE = (
    rf"第\s*(?P<n1>{_N}|{_CN})\s*页(?:{_SEP}共\s*(?P<t1>{_N})\s*页)?"
    rf"|共\s*(?P<t2>{_N})\s*页{_SEP}第\s*(?P<n2>{_N}|{_CN})\s*页"
    rf"|(?:page|pg\.?|p\.)\s*(?P<n3>{_N})(?:\s*(?:of|/|／)\s*(?P<t3>{_N}))?"
    rf"|(?P<n4>{_N})\s*(?:of|/|／)\s*(?P<t4>{_N})"
    rf"|页码\s*[:：]?\s*(?P<n5>{_N})"
    rf"|[\[【〔〈<]\s*(?P<n6>{_N})\s*[\]】〕〉>]"
)
# A whole line: the number, its words or brackets, and any decoration around it. A bare number
# counts only between decorations ("- 3 -", "·3·"); alone it may be a table cell or a subscript.
_LINE_RE = re.compile(rf"{_DECOR}*\s*(?:{_CORE}|(?P<n7>{_N}))\s*{_DECOR}*", re.I)
_BARE_DECORATED_RE = re.compile(rf"{_DECOR}+\s*{_N}\s*{_DECOR}+")
# Inside a line. Unmistakable: a page with its total ("第3页共8页", "Page 3 of 8"), a number between
# dashes.
# (The leading look-aheads let the scan skip every position that cannot start a marker.)
_STRONG_GLUED_RE = re.compile(
    rf"(?=[第共PpGg\-—–－])(?:第\s*(?P<n1>{_N}|{_CN})\s*页{_SEP}共\s*(?P<t1>{_N})\s*页"
    rf"|共\s*(?P<t2>{_N})\s*页{_SEP}第\s*(?P<n2>{_N}|{_CN})\s*页"
    rf"|(?<![A-Za-z])(?:page|pg\.?)\s*(?P<n3>{_N})\s*(?:of|/|／)\s*(?P<t3>{_N})(?![0-9A-Za-z])"
    rf"|(?<![0-9A-Za-z\-—–－])[-—–－]{{1,2}}\s*(?P<dashed>{_N})\s*[-—–－]{{1,2}}(?![0-9A-Za-z\-—–－]))",
    re.I,
)
# Inside a line, and also ordinary text: confirmed by the page sequence only.
_WEAK_GLUED_RE = re.compile(
    rf"(?=[第0-9０-９\[【〔PpGg])(?:(?<![_0-9A-Za-z./])第\s*(?P<n1>{_N})\s*页(?!\s*[,，/／|｜、]?\s*共)"
    rf"|(?<![0-9A-Za-z./\-])(?P<n2>{_N})\s*[/／]\s*(?P<t2>{_N})(?![0-9A-Za-z./%％])"
    rf"|(?<![0-9A-Za-z])[\[【〔](?P<n3>{_N})[\]】〕]"
    rf"|(?<![A-Za-z])(?:page|pg\.?)\s*(?P<n4>{_N})(?![0-9A-Za-z]))",
    re.I,
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SENTENCE_ENDS = "。！？!?；;：:"
_MIN_PAGE_CHARS = 300  # text between two page numbers: a printed page holds far more


@dataclass(frozen=True)
class PageMarker:
    line: int
    start: int
    end: int  # the span in the line; the whole line when `whole_line`
    number: int | None
    whole_line: bool


def page_marker_line(line: str) -> int | None:
    """The page number when `line` (stripped) is nothing but a page marker, else None."""
    match = _LINE_RE.fullmatch(line)
    if match is None:
        return None
    if match.group("n7") is not None and not _BARE_DECORATED_RE.fullmatch(line):
        return None
    number = _number(match)
    total = _total(match)
    if number is None or (total is not None and number > total):
        return None
    return number


def find_page_markers(lines: list[str]) -> list[PageMarker]:
    """Every page marker of a document: whole lines, and pieces glued inside lines."""
    candidates: list[_Candidate] = []
    offset = 0  # characters of the document before the line
    for i, line in enumerate(lines):
        number = page_marker_line(line)
        if number is not None:
            marker = PageMarker(i, 0, len(line), number, True)
            candidates.append(_Candidate(marker, _line_total(line), True, offset))
        else:
            candidates.extend(_glued_candidates(i, line, offset))
        offset += len(line)
    candidates.sort(key=lambda c: c.position)
    return [c.marker for k, c in enumerate(candidates) if c.sure or _continues(candidates, k)]


@dataclass(frozen=True)
class _Candidate:
    marker: PageMarker
    total: int | None
    sure: bool  # a page marker without asking the page sequence: a whole line, an unmistakable form
    position: int  # in the document's characters


def _glued_candidates(i: int, line: str, offset: int) -> list[_Candidate]:
    found: list[_Candidate] = []
    for regex, strong in ((_STRONG_GLUED_RE, True), (_WEAK_GLUED_RE, False)):
        for m in regex.finditer(line):
            if any(m.start() < c.marker.end and c.marker.start < m.end() for c in found):
                continue
            number, total = _number(m), _total(m)
            if number is None or (total is not None and number > total):
                continue
            if strong and not _is_glued_dash_marker(line, m):
                continue
            if not strong and not _inside_sentence(line, m):
                continue
            marker = PageMarker(i, m.start(), m.end(), number, False)
            found.append(_Candidate(marker, total, strong, offset + m.start()))
    return found


def cut_markers(line: str, spans: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """`line` without the glued markers at `spans`, the sentence around each joined again."""
    kept: list[str] = []
    cut: list[str] = []
    position = 0
    for start, end in sorted(spans):
        kept.append(line[position:start])
        cut.append(line[start:end].strip())
        position = end
    kept.append(line[position:])
    text = kept[0]
    for piece in kept[1:]:
        left, right = text.rstrip(), piece.lstrip()
        # Two Latin words or numbers the marker stood between keep a space between them.
        gap = " " if left and right and _is_latin_or_digit(left[-1]) and _is_latin_or_digit(right[0]) else ""
        text = left + gap + right
    return text.strip(), cut


def _is_latin_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_glued_dash_marker(line: str, match: re.Match) -> bool:
    """A number between dashes glued into a line is a page marker, not part of a range or a date
    ("1 - 5 - 7", "2023-08-16"): no digit next to it, spaces aside."""
    if match.group("dashed") is None:
        return True
    before, after = line[: match.start()].rstrip(), line[match.end():].lstrip()
    return not (before and before[-1].isdigit()) and not (after and after[0].isdigit())


def _inside_sentence(line: str, match: re.Match) -> bool:
    """A weak form counts only inside a sentence: after a sentence end or at the start of a line,
    "【1】" and "[2]" number the paragraphs of an article."""
    before = line[: match.start()].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_ENDS


def _continues(candidates: list[_Candidate], k: int) -> bool:
    """A weak marker is a page number when its neighbour in the page sequence is one too: the marker
    before it is page n-1 or the one after it page n+1 (a page of text away when that one is weak
    too: the last page may be short, two fractions may be close); neither neighbour is page n
    itself, and a total given on both sides agrees ("1/3" between "第1页共17页" and "第2页共17页"
    is a fraction)."""
    this = candidates[k]
    number = this.marker.number
    before = next((c for c in reversed(candidates[:k]) if c.marker.number), None)
    after = next((c for c in candidates[k + 1:] if c.marker.number), None)
    neighbours = [c for c in (before, after) if c is not None]
    if number is None or any(c.marker.number == number for c in neighbours):
        return False
    if this.total is not None and any(c.total is not None and c.total != this.total for c in neighbours):
        return False
    return any(
        c is not None and c.marker.number == number + step
        and (c.sure or abs(c.position - this.position) >= _MIN_PAGE_CHARS)
        for c, step in ((before, -1), (after, 1))
    )


def _line_total(line: str) -> int | None:
    match = _LINE_RE.fullmatch(line)
    return _total(match) if match else None


def _number(match: re.Match) -> int | None:
    for name in ("n1", "n2", "n3", "n4", "n5", "n6", "n7", "dashed"):
        value = match.groupdict().get(name)
        if value:
            value = value.translate(_FULLWIDTH)
            return int(value) if value.isdigit() else cn_to_int(value)
    return None


def _total(match: re.Match) -> int | None:
    for name in ("t1", "t2", "t3", "t4"):
        value = match.groupdict().get(name)
        if value:
            return int(value.translate(_FULLWIDTH))
    return None
