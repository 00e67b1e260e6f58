"""Cut a parsed report into retrieval chunks along its structure.

Size range (characters; a Chinese BERT tokenizer such as m3e-small's gives about one token per
character, and the model reads 512 tokens, so chunk text plus the heading-path prefix added for
embedding must stay under ~500):
    max_chars = 480, min_chars = 150.
Measured on the 47 cleaned 政府工作报告 (0.99M chars, 5,557 paragraphs): paragraph length median
137, p10 15, p90 385, max 1,253; 5% of paragraphs exceed 480 and are split. Chunks: median 338,
p10 198, p90 444, max 480. Heading paths: median 21 chars, p90 48. With the m3e-small tokenizer the
embedding text (path + chunk) is 0.99 tokens a char, median 360 tokens, p90 464; 0.8% exceed 512 and
lose only their tail. A larger max would truncate more; a smaller one would cut the typical
150-400-char 公文 paragraph in two.

Rules:
- a chunk never contains a heading and never spans two sections: a new chunk starts at every
  heading (so never across 一、 or （一）), and at every change of section role;
- consecutive paragraphs of a section merge while the span stays within max_chars; a paragraph
  longer than max_chars is cut at its 一是/二是 items first, then at sentence ends (。！？；), then at
  commas (only when one sentence is longer than max_chars), then hard;
- among the cuttings with the fewest chunks, the most even one is chosen, so a section does not
  end in a tiny tail; chunks shorter than min_chars happen only where a whole section is shorter;
- chunk text is `doc.text[char_start:char_end]` (newlines between merged paragraphs included).

Metadata values are scalars (Chroma accepts no None): unknown year is -1, unknown region and issuer
are "", `enumeration` ("一是,二是,三是") is present only on chunks that contain enumeration items.
"""

import re

from langchain_core.documents import Document

from ingest.enumeration import find_enumeration
from ingest.structure import Block, ParsedDocument

DEFAULT_MAX_CHARS = 480
DEFAULT_MIN_CHARS = 150
HEADING_SEPARATOR = " > "
UNKNOWN_YEAR = -1

_SENTENCE_END_RE = re.compile(r"[。！？；!?;][”’」』\"）)]*")
_CLAUSE_END_RE = re.compile(r"[，,、：:][”’」』\"]*")

Span = tuple[int, int]


def _cuts(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text, start, end) if start < m.end() < end]


def _pack(units: list[Span], max_chars: int, min_chars: int) -> list[Span]:
    """Merge consecutive units into spans of at most max_chars: fewest spans, then fewest spans
    under min_chars, then most even."""
    n = len(units)
    best: list[tuple[int, float]] = [(0, 0.0)] + [(n + 1, 0.0)] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        for j in range(i - 1, -1, -1):
            length = units[i - 1][1] - units[j][0]
            if length > max_chars and j < i - 1:
                break
            count, waste = best[j]
            shortfall = ((max_chars - length) / max_chars) ** 2 + (1.0 if length < min_chars else 0.0)
            candidate = (count + 1, waste + shortfall)
            if candidate < best[i]:
                best[i], back[i] = candidate, j
    spans: list[Span] = []
    i = n
    while i > 0:
        j = back[i]
        spans.append((units[j][0], units[i - 1][1]))
        i = j
    return spans[::-1]


def _split_long(text: str, span: Span, max_chars: int, min_chars: int,
                enum_cuts: list[int]) -> list[Span]:
    """Cut one over-long paragraph: at enumeration items, then sentences, then clauses, then hard."""
    def pieces(start: int, end: int, level: int) -> list[Span]:
        if end - start <= max_chars:
            return [(start, end)]
        if level == 0:
            cuts = [c for c in enum_cuts if start < c < end]
        elif level == 1:
            cuts = _cuts(text, start, end, _SENTENCE_END_RE)
        elif level == 2:
            cuts = _cuts(text, start, end, _CLAUSE_END_RE)
        else:
            cuts = list(range(start + max_chars, end, max_chars))
        if not cuts:
            return pieces(start, end, level + 1)
        bounds = [start, *cuts, end]
        out: list[Span] = []
        small: list[Span] = []
        for a, b in zip(bounds, bounds[1:]):
            if b - a <= max_chars:
                small.append((a, b))
                continue
            if small:
                out.extend(_pack(small, max_chars, min_chars))
                small = []
            out.extend(pieces(a, b, level + 1))
        if small:
            out.extend(_pack(small, max_chars, min_chars))
        return out

    return pieces(span[0], span[1], 0)


def _sections(blocks: list[Block]) -> list[list[Block]]:
    """Runs of paragraphs with no heading between them and one section role."""
    runs: list[list[Block]] = []
    current: list[Block] = []
    for block in blocks:
        if block.kind != "paragraph" or (current and block.section_role != current[-1].section_role):
            if current:
                runs.append(current)
            current = []
        if block.kind == "paragraph":
            current.append(block)
    if current:
        runs.append(current)
    return runs


def chunk_document(doc: ParsedDocument, *, doc_id: str, source: str,
                   max_chars: int = DEFAULT_MAX_CHARS,
                   min_chars: int = DEFAULT_MIN_CHARS) -> list[Document]:
    """Chunks of `doc` as LangChain Documents with scalar metadata (see the module docstring).

    `min_chars`: among cuttings with the fewest chunks, those with fewer chunks under it win."""
    if not 0 < min_chars <= max_chars:
        raise ValueError(f"chunk sizes need 0 < min_chars <= max_chars, got {min_chars}, {max_chars}")
    text = doc.text
    base = {
        "doc_id": doc_id,
        "source": source,
        "title": doc.title,
        "year": doc.year if doc.year is not None else UNKNOWN_YEAR,
        "region": doc.region or "",
        "issuer": doc.issuer or "",
        "doc_type": doc.doc_type,
    }
    chunks: list[Document] = []
    for run in _sections(doc.blocks):
        units: list[Span] = []
        # items may run across paragraphs ("一是…" and "二是…" each opening a line)
        run_start = run[0].char_start
        enum_items = [(run_start + it.offset, it.label)
                      for it in find_enumeration(text[run_start:run[-1].char_end])]
        for block in run:
            span = (block.char_start, block.char_end)
            if span[1] - span[0] <= max_chars:
                units.append(span)
            else:
                cuts = [offset for offset, _ in enum_items if span[0] < offset < span[1]]
                units.extend(_split_long(text, span, max_chars, min_chars, cuts))
        spans = _pack(units, max_chars, min_chars)
        meta_section = {
            "heading_path": HEADING_SEPARATOR.join(run[0].heading_path),
            "section_role": run[0].section_role,
        }
        for start, end in spans:
            meta = {**base, **meta_section, "chunk_index": len(chunks),
                    "char_start": start, "char_end": end}
            labels = [label for offset, label in enum_items if start <= offset < end]
            if labels:
                meta["enumeration"] = ",".join(labels)
            chunks.append(Document(page_content=text[start:end], metadata=meta))
    return chunks


def known_year(value: object) -> int | None:
    """A metadata year as an int, or None when it is unknown (UNKNOWN_YEAR, missing, not a year)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
