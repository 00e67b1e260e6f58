"""Document structure of a cleaned report: heading tree, blocks with heading paths and roles.

Input is cleaned text, one paragraph a line. The only change made to it is structural normalisation:
a "\\n" is inserted where scraping glued a heading onto the line before ("…质量。二、基本情况1.免杂费情况。…")
or a heading onto its body without punctuation ("一、我区基础教育现状xx区现辖…"). No character is ever
changed or dropped, so every block's text is `doc.text[char_start:char_end]`.

Heading rules (see `ingest.headings` for marker styles and the numbering sequence check):
- a numbered line that is one sentence of at most HEADING_LINE_MAX chars is a heading;
- a numbered line whose first sentence has at most HEADING_SENTENCE_MAX chars opens with a heading
  ("（一）加强党的建设。正文…": the first sentence is the heading, the rest a paragraph);
- a longer numbered line is a numbered paragraph: it counts in the sequence but is no heading;
- a glued marker is split off only after sentence-final punctuation (。！？；：) when it continues the
  sequence, or right after a heading's text when it opens that heading's first child ("情况1.免…");
- 第一， and 一是 open headings only at a line start (elsewhere they are in-paragraph enumerations);
  一是 only as a whole short line;
- an unnumbered short line without punctuation between sentence ends is a top-level heading ("结束语").
"""

import re
from dataclasses import dataclass

from ingest.doc_metadata import (
    classify_doc_type,
    extract_issuer,
    extract_region,
    extract_year,
    fallback_title,
    find_title_line,
)
from ingest.headings import RANK, HeadingStack, Marker, match_marker
from ingest.section_role import assign_roles

HEADING_LINE_MAX = 80       # longest heading in gov_sections_dev.jsonl: 70 chars
HEADING_SENTENCE_MAX = 50   # a heading sentence that opens a paragraph
PLAIN_HEADING_MAX = 20
SHI_HEADING_MAX = 30
_KEYWORD_WINDOW = 40

_SENT_END_RE = re.compile(r"[。！？；!?;][”’」』\"]?")
_GLUE_RE = re.compile(
    r"(?<=[。！？；：!?;:])[”’」』\"]?"
    r"(?=[（(]?(?:[一二三四五六七八九十]{1,3}[、．.）)]|[0-9０-９]{1,2}[、．.）)]|[①-⑳]))"
)
_CHILD_RE = re.compile(r"(?<![0-9０-９])(?=[（(][一二三四五六七八九十1-9１-９][）)]|[1１][、．.]|①)")
_TITLE_GLUE_RE = re.compile(r"(?<=报告|总结|材料|讲话|方案|计划|汇报|发言)(?=一[、．.]|[（(]一[）)])")
# Where an unpunctuated heading runs into its body, it most often ends on one of these words.
_HEADING_END_RE = re.compile(
    r"基本情况|情况|现状|概况|做法|成效|成绩|问题|原因|措施|建议|打算|思路|目标|任务|经验|体会|要求")
_CLAUSE_END_RE = re.compile(r"[，,。；;！？!?]")
_PLAIN_FORBIDDEN_RE = re.compile(r"[。，,；;：:！!？?、…（）()《》“”\"0-9０-９]")
_PLAIN_PREV_END = tuple("。！？!?：:”")
_LEADING_PUNCT = tuple("，,、。；;：:）)》”’")


@dataclass(frozen=True)
class Block:
    text: str
    char_start: int
    char_end: int
    kind: str                      # "heading" | "paragraph"
    heading_path: tuple[str, ...]  # headings above (for a heading: its ancestors)
    section_role: str


@dataclass(frozen=True)
class ParsedDocument:
    text: str
    title: str
    year: int | None
    region: str | None
    issuer: str | None
    doc_type: str
    blocks: list[Block]


@dataclass(frozen=True)
class _RawBlock:
    start: int
    end: int
    kind: str
    path: tuple[str, ...]
    label: str  # heading text as it appears in paths ("" for paragraphs)
    is_title: bool = False


def _split_title_glue(lines: list[str]) -> list[str]:
    """Split "…汇报材料一、我区…" in the opening lines, where a title runs into the first heading."""
    out = list(lines)
    for i in range(min(3, len(out))):
        m = _TITLE_GLUE_RE.search(out[i], 0, 61)
        if m and "。" not in out[i][: m.start()]:
            out[i: i + 1] = [out[i][: m.start()], out[i][m.start():]]
            break
    return out


class _Parser:
    def __init__(self, lines: list[str], title_idx: int | None):
        self.lines = lines
        self.title_idx = title_idx
        self.stack = HeadingStack()
        self.out: list[str] = []
        self.pos = 0
        self.blocks: list[_RawBlock] = []
        self.prev_tail = ""  # last character of the previous non-empty segment

    # -- output -------------------------------------------------------------------------------
    def _emit(self, line: str, seg0: int, a: int, b: int, kind: str, label: str = "",
              path: tuple[str, ...] | None = None, is_title: bool = False) -> None:
        """Record line[a:b] (whitespace-trimmed) as a block; `self.pos` is where line[seg0] lies in the output."""
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if a == b:
            return
        self.blocks.append(_RawBlock(self.pos + a - seg0, self.pos + b - seg0, kind,
                                     self.stack.path() if path is None else path, label, is_title))

    def _write(self, seg: str, newline: bool) -> None:
        self.out.append(seg)
        self.pos += len(seg)
        if newline:
            self.out.append("\n")
            self.pos += 1
        stripped = seg.rstrip()
        if stripped:
            self.prev_tail = stripped[-1]

    # -- headings -----------------------------------------------------------------------------
    def _child_split(self, line: str, marker: Marker, limit: int) -> int | None:
        """Offset of a first child marker glued onto this heading's text without punctuation."""
        for m in _CHILD_RE.finditer(line, marker.end + 2, min(limit, marker.end + _KEYWORD_WINDOW)):
            child = match_marker(line, m.start())
            if child and child.number == 1 and RANK[child.style] > RANK[marker.style] \
                    and child.style not in ("di", "shi"):
                return m.start()
        return None

    def _keyword_split(self, line: str, marker: Marker) -> int | None:
        """End of an unpunctuated heading that runs straight into its body."""
        if marker.style not in ("cn_dun", "cn_paren"):
            return None
        window_end = marker.end + _KEYWORD_WINDOW
        stop = _CLAUSE_END_RE.search(line, marker.end, window_end)
        if stop:
            window_end = stop.start()
        last = None
        for m in _HEADING_END_RE.finditer(line, marker.end, window_end):
            last = m.end()
        if last is None or last >= len(line.rstrip()):
            return None
        return last

    def _numbered(self, line: str, a: int, marker: Marker, standalone_ok: bool,
                  ) -> tuple[int | None, int | None, str]:
        """(heading end, forced split, mode after the split) for a segment opening with an accepted marker.

        heading end None: a numbered paragraph. A forced split starts a new segment right after the
        heading: "glued" for a glued first child, "body" for an unpunctuated body."""
        sent = _SENT_END_RE.search(line, marker.end)
        first_end = sent.end() if sent else len(line)
        whole = first_end >= len(line.rstrip())
        child = self._child_split(line, marker, first_end)
        if child is not None:
            return child, child, "glued"
        if marker.style == "shi":
            ok = standalone_ok and whole and first_end - a <= SHI_HEADING_MAX
            return (first_end if ok else None), None, ""
        if whole:
            if first_end - a <= HEADING_LINE_MAX:
                return first_end, None, ""
        elif first_end - a <= HEADING_SENTENCE_MAX:
            return first_end, None, ""
        cut = self._keyword_split(line, marker)
        if cut is not None:
            return cut, cut, "body"
        return None, None, ""

    def _is_plain_heading(self, line: str, next_line: str | None, index: int) -> bool:
        s = line.strip()
        if not (2 <= len(s) <= PLAIN_HEADING_MAX) or _PLAIN_FORBIDDEN_RE.search(s):
            return False
        if index >= len(self.lines) - 3 or next_line is None:
            return False
        nxt = next_line.strip()
        if len(nxt) < 30 or nxt.startswith(_LEADING_PUNCT):
            return False
        prev_is_heading = bool(self.blocks) and self.blocks[-1].kind == "heading"
        return prev_is_heading or self.prev_tail in _PLAIN_PREV_END

    def _next_glue(self, line: str, start: int) -> int | None:
        for g in _GLUE_RE.finditer(line, start):
            q = g.end()
            marker = match_marker(line, q)
            if marker is None or marker.style in ("di", "shi"):
                continue
            if marker.number > 1 and self.stack.continues(marker.style, marker.number):
                return q
            # the first 一、 glued after the opening paragraph; not after "：", where 一、…；二、… is a list
            if marker.number == 1 and marker.style == "cn_dun" and not self.stack.top_counts \
                    and line[q - 1] in "。！？!?":
                return q
        return None

    # -- lines --------------------------------------------------------------------------------
    def line(self, index: int) -> int:
        """Parse line `index`; returns how many following lines it consumed."""
        line = self.lines[index]
        next_line = self.lines[index + 1] if index + 1 < len(self.lines) else None
        is_last = next_line is None
        if not line.strip():
            self._write(line, not is_last)
            return 0
        if index == self.title_idx:
            self._emit(line, 0, 0, len(line), "heading", label=line.strip(), path=(), is_title=True)
            self._write(line, not is_last)
            return 0
        if self.title_idx is not None and index < self.title_idx:
            self._emit(line, 0, 0, len(line), "paragraph")
            self._write(line, not is_last)
            return 0
        a = len(line) - len(line.lstrip())
        marker = match_marker(line, a)
        if marker and not line[marker.end:].strip() and next_line is not None \
                and self.stack.accepts(marker, restart_allowed=True) \
                and 0 < len(next_line.strip()) <= HEADING_LINE_MAX \
                and not _SENT_END_RE.search(next_line.strip()[:-1]):
            # "一、" alone on its line, the heading text on the next one
            label = line.strip() + next_line.strip()
            self.stack.push(marker.style, marker.number, label)
            self._emit(line + "\n" + next_line, 0, a, len(line) + 1 + len(next_line), "heading",
                       label=label, path=self.stack.path()[:-1])
            self._write(line, True)
            self._write(next_line, index + 2 < len(self.lines))
            return 1
        if marker is None and self._is_plain_heading(line, next_line, index):
            label = line.strip()
            self.stack.push("plain", 0, label)
            self._emit(line, 0, a, len(line), "heading", label=label, path=())
            self._write(line, not is_last)
            return 0
        self._segments(line, a, next_line is not None, is_last)
        return 0

    def _segments(self, line: str, a: int, has_next: bool, is_last: bool) -> None:
        """Headings and paragraphs of one line, cut where a glued heading begins."""
        seg0 = 0
        mode = "start"
        while True:
            heading_end = split = None
            split_mode = ""
            marker = match_marker(line, a) if mode != "body" else None
            if marker and self.stack.accepts(marker, restart_allowed=mode == "start"):
                heading_end, split, split_mode = self._numbered(
                    line, a, marker, standalone_ok=mode == "start" and has_next)
                if heading_end is not None:
                    label = line[a:heading_end].strip()
                    self.stack.push(marker.style, marker.number, label)
                    self._emit(line, seg0, a, heading_end, "heading", label=label,
                               path=self.stack.path()[:-1])
                elif marker.style not in ("di", "shi"):
                    self.stack.push(marker.style, marker.number, None)
            if split is not None:
                self._write(line[seg0:split], True)
                seg0 = a = split
                mode = split_mode
                continue
            body = heading_end if heading_end is not None else a
            q = self._next_glue(line, body)
            self._emit(line, seg0, body, len(line) if q is None else q, "paragraph")
            if q is None:
                self._write(line[seg0:], not is_last)
                return
            self._write(line[seg0:q], True)
            seg0 = a = q
            mode = "glued"


def parse_structure(text: str, source: str) -> ParsedDocument:
    """Parse cleaned report text (one paragraph a line) into metadata and structured blocks."""
    lines = _split_title_glue(text.split("\n"))
    title_idx = find_title_line(lines)
    parser = _Parser(lines, title_idx)
    i = 0
    while i < len(lines):
        i += 1 + parser.line(i)
    doc_text = "".join(parser.out)
    raw = parser.blocks
    title = lines[title_idx].strip() if title_idx is not None else None
    body = [b for b in raw if b.kind == "paragraph"]
    opening = doc_text[body[0].start: body[0].start + 300] if body else ""
    closing = "\n".join(doc_text[b.start:b.end] for b in body[-3:] if b.end - b.start <= 40)
    issuer = extract_issuer(title, opening, closing)
    doc_type = classify_doc_type(title, doc_text)
    paths = [b.path + (b.label,) if b.kind == "heading" and not b.is_title else b.path for b in raw]
    texts = [doc_text[b.start:b.end] for b in raw]
    roles = assign_roles(paths, texts, [b.kind for b in raw], doc_type=doc_type)
    blocks = [Block(t, b.start, b.end, b.kind, b.path, r) for b, t, r in zip(raw, texts, roles)]
    return ParsedDocument(
        text=doc_text,
        title=title or fallback_title(source),
        year=extract_year(title, opening, source),
        region=extract_region(title, issuer),
        issuer=issuer,
        doc_type=doc_type,
        blocks=blocks,
    )
