"""Clean text copied from document-sharing sites: drop every site artefact, lose no report sentence.

Lines are first judged one by one (site_noise), then by position: the head of the page (before the
first line of report prose) and its tail (after the last) hold the site's titles, prompts, link
lists and footers, so short lines there are judged more strictly than inside the body. Fragments
glued into report lines (page markers, "Word版本可编辑" prefixes, editor and share tails) are cut
out of the line and the sentence around them is kept joined.
"""

import re
from dataclasses import dataclass, field

from ingest.inline_noise import (
    strip_editable_prefix,
    strip_page_markers,
    strip_trailing_ellipsis,
    trim_trailing_boilerplate,
)
from ingest.masked_figures import find_masked_figures
from ingest.site_noise import (
    LICENCE_OPENER_RE,
    LICENCE_RE,
    PHRASE_KINDS,
    SCRAP_KINDS,
    TERMINAL_CHARS,
    classify_line,
    cjk_count,
    is_date_line,
    is_heading,
    is_prose,
    title_from_noise_line,
)


@dataclass(frozen=True)
class RemovedText:
    text: str  # what was removed: a whole line or a fragment inside a line
    reason: str  # short category: "banner", "seo_title", "page_marker", "download_prompt", ...


@dataclass(frozen=True)
class CleanedText:
    text: str  # cleaned report text: one paragraph per line, no blank lines
    removed: list[RemovedText]
    masked_figures: list[str]  # masked figures found in `text`, in order


@dataclass
class _Line:
    text: str
    reason: str | None  # None: part of the report
    soft: str | None = None  # long line with a site phrase: whole line outside the body only
    join_prev: bool = False  # glue to the previous kept line without a line break
    fragments: list[RemovedText] = field(default_factory=list)


# Kinds of site text that make up a page's header; report lines above the last of them are the
# site's own titles, not the document's.
_HEADER_KINDS = frozenset(
    {"banner", "download_prompt", "uploader", "site_meta", "seo_blurb", "related_links",
     "thumbnail", "seo_title", "site_blurb", "copyright", "icp", "url"}
)
_SOFT_MIN_CHARS = 150
_LICENCE_TAIL_LINES = 40
_SENTENCE_RE = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_PAGE_PREVIEW_RE = re.compile(r"^(\d{1,3})、")
_BULLET_RE = re.compile(r"^(?:[-•·▪●◆■►▶～~]|\*(?=\s))\s*")
_LINK_SITE_WORD_RE = re.compile(r"文库|网|文档|范文|资料|下载|在线|文章|课件")
# A site's name or slogan line: "…文库", "…文档分享平台", "…范文网"; a report's closing
# signature names an office (局, 委员会, 学校), not these.
_SITE_NAME_LINE_RE = re.compile(r"文库|文档|范文|知识共享|资料网|分享平台|网$|网站$")
_REPORT_TITLE_WORD_RE = re.compile(r"总结|报告|讲话|汇报|方案|计划|要点|意见|通知|材料|发言")
_TITLE_PUNCT_RE = re.compile(r"[。，,；;！!？?]")


def clean_scraped_text(text: str) -> CleanedText:
    """Remove site artefacts from a scraped report; an input of pure boilerplate gives ''."""
    if not isinstance(text, str):
        raise TypeError(f"clean_scraped_text: text must be str, got {type(text).__name__}")
    items = _read_lines(text)
    _mark_licence_tail(items)
    _mark_link_runs(items)
    _mark_page_previews(items)
    first, last = _body_span(items)
    _settle_soft_lines(items, first, last)
    titles = _mark_head(items, first)
    _mark_tail(items, last)
    _mark_short_sides(items, first, last)
    _trim_tail_boilerplate(items, last)
    paragraphs, removed = _assemble(items)
    paragraphs = _fix_title(paragraphs, titles, removed)
    cleaned = "\n".join(paragraphs)
    return CleanedText(
        text=cleaned,
        removed=removed,
        masked_figures=[m[2] for m in find_masked_figures(cleaned)],
    )


def _read_lines(text: str) -> list[_Line]:
    text = _INVISIBLE_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES_RE.sub(" ", text)
    items: list[_Line] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        line, markers = strip_page_markers(line)
        fragments = [RemovedText(m, "page_marker") for m in markers]
        if not line:
            items.append(_Line("", "page_marker", fragments=fragments))
            continue
        if "word" in line or "Word" in line or "WORD" in line:
            line, prompt = strip_editable_prefix(line)
            if prompt:
                fragments.append(RemovedText(prompt, "download_prompt"))
        reason = classify_line(line)
        soft = reason in PHRASE_KINDS and (len(line) > _SOFT_MIN_CHARS or is_prose(line))
        if soft or reason in SCRAP_KINDS:
            items.append(_Line(line, None, soft=reason, fragments=fragments))
        else:
            items.append(_Line(line, reason, fragments=fragments))
    return items


def _mark_licence_tail(items: list[_Line]) -> None:
    """A licence note closing a wiki copy, from its opening line to the end of the file."""
    tail_start = max(len(items) - _LICENCE_TAIL_LINES, 0)
    for i in range(tail_start, len(items)):
        if not LICENCE_OPENER_RE.match(items[i].text):
            continue
        if sum(1 for item in items[i:] if LICENCE_RE.search(item.text)) >= 2:
            for item in items[i:]:
                if item.reason is None:
                    item.reason, item.soft = "copyright", None
        return


def _common_suffix(lines: list[str]) -> tuple[str, int]:
    """The longest suffix (2..8 chars) shared by most of `lines`, and how many share it."""
    for length in range(8, 1, -1):
        counts: dict[str, int] = {}
        for line in lines:
            if len(line) > length:
                counts[line[-length:]] = counts.get(line[-length:], 0) + 1
        if counts:
            suffix, n = max(counts.items(), key=lambda kv: kv[1])
            if n >= 3 and n >= 0.6 * len(lines):
                return suffix, n
    return "", 0


def _mark_link_runs(items: list[_Line]) -> None:
    """Runs of short lines that are a site's list of other documents (bullets, a shared site name)."""
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            texts = [items[i].text for i in run]
            suffix, _ = _common_suffix(texts)
            bullets = sum(1 for t in texts if _BULLET_RE.match(t))
            if suffix and (bullets >= 0.6 * len(run) or _LINK_SITE_WORD_RE.search(suffix)):
                for i in run:
                    if items[i].text.endswith(suffix) or _BULLET_RE.match(items[i].text):
                        items[i].reason = "related_links"
        run.clear()

    for i, item in enumerate(items):
        short = len(item.text) <= 100 and not item.text.endswith(("。", "；", ";"))
        if item.reason is None and short and not is_heading(item.text):
            run.append(i)
        else:
            flush()
    flush()


def _mark_page_previews(items: list[_Line]) -> None:
    """Pages of a preview numbered "1、" "2、" … in front of each page, cut mid-sentence."""
    kept = [i for i, item in enumerate(items) if item.reason is None]
    runs: list[list[int]] = []
    current: list[int] = []
    for i in kept:
        match = _PAGE_PREVIEW_RE.match(items[i].text)
        number = int(match.group(1)) if match else None
        if number is not None and number == len(current) + 1:
            current.append(i)
            continue
        if len(current) >= 3:
            runs.append(current)
        current = [i] if number == 1 else []
    if len(current) >= 3:
        runs.append(current)
    for run in runs:
        texts = [items[i].text for i in run]
        cut_mid_sentence = sum(1 for t in texts[:-1] if not t.endswith(tuple(TERMINAL_CHARS)))
        long_pages = sum(1 for t in texts if len(t) >= 100)
        if cut_mid_sentence * 2 < len(run) - 1 or long_pages * 2 < len(run):
            continue
        for k, i in enumerate(run):
            item = items[i]
            prefix = _PAGE_PREVIEW_RE.match(item.text).group()
            item.fragments.append(RemovedText(prefix, "page_marker"))
            item.text = item.text[len(prefix):].lstrip()
            if k > 0:
                item.join_prev = not texts[k - 1].endswith(tuple(TERMINAL_CHARS))


def _body_span(items: list[_Line]) -> tuple[int, int]:
    """Indexes of the first and last report prose lines; (len, -1) when there is none."""
    anchors = [
        i for i, item in enumerate(items)
        if item.reason is None and item.soft is None and is_prose(item.text)
    ]
    if not anchors:
        # Only long lines carrying a site phrase read as prose (a one-paragraph news page): they
        # are the body, and only their site sentences go.
        anchors = [i for i, item in enumerate(items) if item.reason is None and is_prose(item.text)]
    if not anchors:
        return len(items), -1
    return anchors[0], anchors[-1]


def _settle_soft_lines(items: list[_Line], first: int, last: int) -> None:
    """Outside the body a long line with a site phrase is site text; inside, only its sentence."""
    for i, item in enumerate(items):
        if item.soft is None or item.reason is not None:
            continue
        if not first <= i <= last:
            item.reason = item.soft
            continue
        if item.soft in SCRAP_KINDS:
            item.soft = None
            continue
        kept: list[str] = []
        for sentence in _SENTENCE_RE.findall(item.text):
            kind = classify_line(sentence.strip())
            if kind in PHRASE_KINDS:
                item.fragments.append(RemovedText(sentence.strip(), kind))
            else:
                kept.append(sentence)
        item.text = "".join(kept).strip()
        if not item.text:
            item.reason = item.soft


def _mark_head(items: list[_Line], first: int) -> list[str]:
    """Drop the site's titles above its header noise; return title candidates for the document."""
    titles: list[str] = []
    last_header = max(
        (i for i in range(min(first, len(items))) if items[i].reason in _HEADER_KINDS), default=-1
    )
    # A title above the site's header is the site's own SEO title when the report brings its own
    # title below the header (it may even name another year); when it does not, it is the only
    # title the report has and stays.
    own_title_below = any(
        items[i].reason is None and _is_title_like(items[i].text) for i in range(last_header + 1, min(first, len(items)))
    )
    for i in range(min(first, len(items))):
        item = items[i]
        if item.reason is None and i < last_header:
            if own_title_below or not _is_report_title(item.text):
                item.reason = "seo_title"
        if item.reason is not None:
            title = title_from_noise_line(item.text)
            if title is None and item.reason == "seo_title":
                title = item.text
            if title:
                titles.append(title)
    # The same title twice in a row above the body: keep the one next to the body.
    kept = [i for i in range(min(first, len(items))) if items[i].reason is None]
    for a, b in zip(kept, kept[1:]):
        if items[a].text == items[b].text:
            items[a].reason = "duplicate_title"
    return titles


def _mark_tail(items: list[_Line], last: int) -> None:
    """Below the report, a link-list header turns the title-like lines after it into links."""
    in_links = False
    for item in items[last + 1:]:
        if item.reason == "related_links":
            in_links = True
            continue
        if item.reason is not None:
            continue
        title_like = len(item.text) <= 60 and not _TITLE_PUNCT_RE.search(item.text[:-1])
        if in_links and title_like and not is_date_line(item.text):
            item.reason = "related_links"
        else:
            in_links = False


def _mark_short_sides(items: list[_Line], first: int, last: int) -> None:
    """Outside the body: Latin-only scraps (ids, "VIP", code), bulleted lists and a site's name."""
    for i, item in enumerate(items):
        if item.reason is not None or first <= i <= last:
            continue
        if cjk_count(item.text, cap=1) == 0 and not is_date_line(item.text):
            item.reason = "numeric_id" if any(ch.isdigit() for ch in item.text) else "junk"
        elif _BULLET_RE.match(item.text) and not item.text.endswith("。"):
            item.reason = "related_links"
        elif len(item.text) <= 30 and _SITE_NAME_LINE_RE.search(item.text) and not _TITLE_PUNCT_RE.search(item.text):
            item.reason = "banner"


def _trim_tail_boilerplate(items: list[_Line], last: int) -> None:
    """Editor credits, disclaimers and share prompts glued to the last report lines."""
    for item in items[max(last, 0):]:
        if item.reason is not None:
            continue
        kept, cut = trim_trailing_boilerplate(item.text)
        if cut is None:
            continue
        if kept:
            item.text = kept
            item.fragments.append(RemovedText(cut, "footer"))
        else:
            item.reason = "footer"


def _assemble(items: list[_Line]) -> tuple[list[str], list[RemovedText]]:
    paragraphs: list[str] = []
    removed: list[RemovedText] = []
    for i, item in enumerate(items):
        removed.extend(item.fragments)
        if item.reason is not None:
            if item.text:
                removed.append(RemovedText(item.text, item.reason))
            continue
        text = item.text
        # A preview cut off with "..." right before site text: the dots are the site's.
        next_removed = i + 1 < len(items) and items[i + 1].reason is not None
        if next_removed:
            text, dots = strip_trailing_ellipsis(text)
            if dots:
                removed.append(RemovedText(dots, "truncation"))
        if not text:
            continue
        if item.join_prev and paragraphs:
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
    return paragraphs, removed


def _fix_title(paragraphs: list[str], titles: list[str], removed: list[RemovedText]) -> list[str]:
    """Put the report's own title on its own first line when the page glued it to the body."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    head: list[str] = []
    doubled = _doubled_title(first)
    if doubled:
        removed.append(RemovedText(doubled, "duplicate_title"))
        head.append(doubled)
        first = first[2 * len(doubled):]
    else:
        glued = _glued_title(first, titles)
        if glued:
            head.append(glued)
            first = first[len(glued):]
    rest = paragraphs[1:]
    if first:
        rest = [first, *rest]
    # A title line followed by a body line that repeats it at its start.
    lines = head + rest
    if len(lines) >= 2 and _is_title_like(lines[0]) and lines[1].startswith(lines[0]) and len(lines[1]) > len(lines[0]):
        removed.append(RemovedText(lines[0], "duplicate_title"))
        lines[1] = lines[1][len(lines[0]):]
    return [line for line in lines if line]


def _is_report_title(text: str) -> bool:
    return _is_title_like(text) and _REPORT_TITLE_WORD_RE.search(text) is not None


def _is_title_like(text: str) -> bool:
    return 4 <= len(text) <= 80 and not _TITLE_PUNCT_RE.search(text)


def _doubled_title(text: str) -> str | None:
    for k in range(4, min(80, len(text) // 2) + 1):
        if text[:k] == text[k : 2 * k] and _is_title_like(text[:k]) and cjk_count(text[:k]) >= 4:
            return text[:k]
    return None


def _glued_title(text: str, titles: list[str]) -> str | None:
    """The longest tail of a known page title (>= 6 chars) that the body line starts with."""
    best = ""
    for title in titles:
        for j in range(0, max(len(title) - 5, 0)):
            candidate = title[j:]
            if len(candidate) > len(best) and text.startswith(candidate) and len(text) > len(candidate):
                best = candidate
                break
    return best if _is_title_like(best) else None
