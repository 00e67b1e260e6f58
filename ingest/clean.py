"""Clean text copied from document-sharing sites: drop every site artefact, lose no report sentence.

Page numbers are found over the whole document first (page_markers: a weak form counts where it
continues the page sequence). Lines are then judged one by one (site_noise, site_voice), as runs
(related_titles: lists of other documents' titles), then by position: the head of the page (before
the first line of report prose) and its tail (after the last) hold the site's titles, prompts, link
lists and footers, so short lines there are judged more strictly than inside the body. Short lines
no rule named are judged last by their signs of site text (site_cues) and where they stand: above
the report's title, beside its prose, inside a block of site text. Fragments
glued into report lines (page markers, "Word版本可编辑" prefixes, editor and share tails) are cut
out of the line and the sentence around them is kept joined; so is a sentence that a page marker
line split in two.
"""

import re
from dataclasses import dataclass, field

from ingest.inline_noise import (
    strip_editable_prefix,
    strip_page_footers,
    strip_trailing_ellipsis,
    trim_trailing_boilerplate,
)
from ingest.masked_figures import find_masked_figures
from ingest.page_markers import cut_markers, find_page_markers
from ingest.related_titles import find_title_lists
from ingest.site_noise import (
    LICENCE_OPENER_RE,
    LICENCE_RE,
    PHRASE_KINDS,
    SCRAP_KINDS,
    TERMINAL_CHARS,
    cjk_count,
    classify_line,
    is_date_line,
    is_heading,
    is_identifier,
    is_prose,
    title_from_noise_line,
)
from ingest.site_cues import site_cues
from ingest.site_voice import TASK_OPENING_RE, site_voice_kind


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
_HEADING_MAX = 40
_ENUMERATION_ITEM_RE = re.compile(r"[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、]")
_SENTENCE_SCRAP_RE = re.compile(r"[^。！？!?，,；;：:]{1,4}[。！？!?；;]")
_JOINED_TITLES_RE = re.compile(r"[^。！？!?]{2,80}[,，][^。！？!?]{2,80}")
# Lines judged by their signs of site text (_mark_stray_site_lines): short, no sentence in them.
_STRAY_MAX = 40
_BLOCK_LINE_MAX = 30
_STRAY_SENTENCE_RE = re.compile(r"[。；;！!？?]")
# A signature names an office or a body ("青川县教育局", "东岭镇人民政府"); a site's name does not.
_SIGNATURE_RE = re.compile(
    r"(?:局|委|委员会|办|办公室|厅|部|院|会|政府|中心|学校|小学|中学|大学|学院|幼儿园|公司|集团|党委|党组|支部|"
    r"县|市|区|镇|乡|村|街道|社区|所|队|文件)$"
)
# Who speaks or signs: an office and a name ("青川县人民政府副县长 罗文清").
_AUTHOR_RE = re.compile(
    r"(?:书记|主任|局长|县长|市长|镇长|乡长|区长|省长|部长|厅长|处长|科长|校长|院长|主席|委员|总理|理事长|"
    r"董事长|经理|组长|同志)\s*[\u4e00-\u9fff]{2,4}$"
)
# The date under a signature, to the month or the day, in figures or in Chinese numerals.
_REPORT_DATE_RE = re.compile(
    r"[（(]?\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年(?:\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?)?\s*[)）]?"
)
# A line in brackets is an aside of the report ("（本报曼谷7月24日电）", "（此件公开发布）").
_ASIDE_RE = re.compile(r"[（(][^（）()]+[)）]")
# What a report's own head holds above its title: a file number ("川教〔2023〕5号"), a secrecy or
# urgency mark.
_FILE_NUMBER_RE = re.compile(r"[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d+\s*号|^(?:特急|加急|急件|平急|机密|秘密|绝密)")
_CLAUSE_RE = re.compile(r"[，,、；;]")
# The kind of document a title ends with, maybe before a note in brackets ("（征求意见稿）",
# "（2023年）"); a site's "写材料" or "（writer_zh）" is no such ending.
_TITLE_ENDING_RE = re.compile(
    rf"(?<!写)(?:{_REPORT_TITLE_WORD_RE.pattern}|稿|致辞|规划|纲要|决定|办法|细则|公报|简报|纪要)"
    r"(?:[（(][^）)A-Za-z]{0,16}[）)])?$"
)


def clean_scraped_text(text: str) -> CleanedText:
    """Remove site artefacts from a scraped report; an input of pure boilerplate gives ''."""
    if not isinstance(text, str):
        raise TypeError(f"clean_scraped_text: text must be str, got {type(text).__name__}")
    items = _read_lines(text)
    _keep_identifiers_in_tables(items)
    _mark_licence_tail(items)
    _mark_link_runs(items)
    _mark_title_lists(items)
    _mark_page_previews(items)
    first, last = _body_span(items)
    _settle_soft_lines(items, first, last)
    titles = _mark_head(items, first)
    _mark_short_sides(items, first, last)
    _mark_stray_site_lines(items, first, last)
    _trim_tail_boilerplate(items, last)
    _mend_page_breaks(items)
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
    lines = [raw.strip() for raw in text.split("\n") if raw.strip()]
    page_lines: set[int] = set()
    glued: dict[int, list[tuple[int, int]]] = {}
    for marker in find_page_markers(lines):
        if marker.whole_line:
            page_lines.add(marker.line)
        else:
            glued.setdefault(marker.line, []).append((marker.start, marker.end))
    items: list[_Line] = []
    for i, line in enumerate(lines):
        if i in page_lines:
            items.append(_Line(line, "page_marker"))
            continue
        line, markers = cut_markers(line, glued.get(i, []))
        line, footers = strip_page_footers(line)
        fragments = [RemovedText(m, "page_marker") for m in markers + footers]
        if not line:
            items.append(_Line("", "page_marker", fragments=fragments))
            continue
        if "word" in line or "Word" in line or "WORD" in line:
            line, prompt = strip_editable_prefix(line)
            if prompt:
                fragments.append(RemovedText(prompt, "download_prompt"))
        reason = classify_line(line)
        # A short line the site's vocabulary marks as a whole goes whole, in the body too.
        soft = reason in PHRASE_KINDS and (len(line) > _SOFT_MIN_CHARS or is_prose(line)) and (
            site_voice_kind(line) is None)
        # A long number or other identifier on a line of its own is the site's, in the body too.
        if soft or (reason in SCRAP_KINDS and not is_identifier(line)):
            items.append(_Line(line, None, soft=reason, fragments=fragments))
        else:
            items.append(_Line(line, reason, fragments=fragments))
    return items


def _keep_identifiers_in_tables(items: list[_Line]) -> None:
    """An id-like number next to other kept lines of figures is a table cell, not a site's id."""
    for i, item in enumerate(items):
        if item.reason not in ("stray_id", "numeric_id"):
            continue
        neighbours = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
        if any(n.reason is None and cjk_count(n.text, cap=1) == 0 and any(ch.isdigit() for ch in n.text)
               for n in neighbours):
            item.reason, item.soft = None, "numeric_id"


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
            # A bulleted list the report announces ("主要任务：") is its own; a site's name shared
            # by every line is not.
            before = items[run[0] - 1] if run[0] > 0 else None
            announced = before is not None and before.reason is None and before.text.endswith(("：", ":"))
            if suffix and ((bullets >= 0.6 * len(run) and not announced) or _LINK_SITE_WORD_RE.search(suffix)):
                for i in run:
                    if items[i].text.endswith(suffix) or _BULLET_RE.match(items[i].text):
                        items[i].reason = "related_links"
        run.clear()

    for i, item in enumerate(items):
        short = len(item.text) <= 100 and not item.text.endswith(("。", "；", ";", "：", ":"))
        if item.reason is None and short and not is_heading(item.text):
            run.append(i)
        else:
            flush()
    flush()


def _mark_title_lists(items: list[_Line]) -> None:
    """Lists of other documents' titles, with or without a header line, anywhere on the page."""
    first_paragraph = next(
        (i for i, item in enumerate(items) if item.reason is None and item.soft is None and is_prose(item.text)),
        None,
    )
    reasons = [item.reason for item in items]
    for i in find_title_lists([item.text for item in items], reasons, first_paragraph):
        if items[i].reason is None:
            items[i].reason, items[i].soft = "related_links", None


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
        items[i].reason is None and _is_report_title(items[i].text) for i in range(last_header + 1, min(first, len(items)))
    )
    for i in range(min(first, len(items))):
        item = items[i]
        # Only a line naming a document, or two titles joined by a comma, can be such a title; the
        # report's author, office or date line may sit above a prompt the site put in.
        if item.reason is None and i < last_header and _may_be_site_title(item.text):
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


def _mark_stray_site_lines(items: list[_Line], first: int, last: int) -> None:
    """Short lines no recogniser named, judged by their signs of site text (ingest.site_cues) and
    where they stand. A title, a heading, a date, a signature or an author line is the report's
    (unless two strong signs say otherwise). Above the report's title the page is the site's. Above
    its first paragraph and below its last, next to other site text, one sign is enough. Elsewhere a
    line must stand apart from the text (not continuing the line before it, not going on in the
    next) and carry a strong sign or two kinds of weak ones; a line opening with a task
    ("开通政务服务APP") needs a strong one. Last, a short line with site text right above and below
    it goes with that block."""
    kept = [i for i, item in enumerate(items) if item.reason is None]
    previous_kept = {i: (kept[k - 1] if k else None) for k, i in enumerate(kept)}
    next_kept = {i: (kept[k + 1] if k + 1 < len(kept) else None) for k, i in enumerate(kept)}
    title = next((i for i in kept if i < first and _ends_as_report_title(items[i].text)), None)
    candidates: list[int] = []
    for i in kept:
        item = items[i]
        text = item.text
        if not _may_be_stray(text):
            continue
        cues = site_cues(text)
        if _is_reports_own_line(text) and len(cues.strong) < 2:
            continue
        candidates.append(i)
        if title is not None and i < title:
            # Above the report's title the page is the site's: its name, slogan, menus.
            item.reason = "site_text"
            continue
        if not first <= i <= last and cues.alone_enough and _next_to_site_text(items, i):
            # Among the site's chrome above the report or below it, one sign is enough.
            item.reason = "site_text"
            continue
        # A line continuing the one before it, or going on in the next, is a piece of a sentence,
        # unless a strong sign and another say it is the site's ("请收藏本页，方便下次查找").
        before, after = previous_kept[i], next_kept[i]
        continues = (before is not None and _cut_mid_sentence(items[before].text, text)) or (
            after is not None and _breaks_off(text) and _goes_on(items[after].text))
        if continues and not (cues.strong and len(cues.strong) + len(cues.weak) >= 2):
            continue
        task = TASK_OPENING_RE.match(text) is not None
        if cues.strong or (len(cues.weak) >= 2 and not task):
            item.reason = "site_text"
    # Then the lines left inside blocks of site text (their neighbours judged above); an aside in
    # brackets ("（本报曼谷7月24日电）") is the report's.
    for i in candidates:
        text = items[i].text
        if (items[i].reason is None and _inside_site_block(items, i) and len(text) <= _BLOCK_LINE_MAX
                and not _ASIDE_RE.fullmatch(text)):
            items[i].reason = "site_text"


def _breaks_off(text: str) -> bool:
    """A clause without its sentence end: the sentence goes on in the next line ("label：value" and a
    time of day are no clause)."""
    return not text.endswith(tuple(TERMINAL_CHARS)) and _CLAUSE_RE.search(text) is not None


def _is_reports_own_line(text: str) -> bool:
    """A title, a heading, a date, a signature, an author, a file number: what a report has short."""
    return (_ends_as_report_title(text) or is_heading(text) or is_date_line(text.strip("（）()"))
            or _REPORT_DATE_RE.fullmatch(text) is not None or _AUTHOR_RE.search(text) is not None
            or (_SIGNATURE_RE.search(text) is not None and " " not in text)
            or _FILE_NUMBER_RE.search(text) is not None)


def _ends_as_report_title(text: str) -> bool:
    """A report's title names its kind of document last ("…2023年工作总结", "…会议上的讲话"); a site's
    line may name one anywhere ("材料之家出品")."""
    return _is_title_like(text) and _TITLE_ENDING_RE.search(text) is not None


def _may_be_stray(text: str) -> bool:
    """Short, no sentence in it (an exclamation or a question is someone speaking: "谢谢大家！",
    "你最喜欢哪些作品？"), not a lead-in ("附件：", "同志们："), not a table row."""
    return (
        len(text) <= _STRAY_MAX
        and not _STRAY_SENTENCE_RE.search(text)
        and not text.endswith(("：", ":"))
        and not text.startswith(("|", "｜"))
    )


def _next_to_site_text(items: list[_Line], i: int) -> bool:
    """Site text (other than a page number) right above or right below line i."""
    return any(0 <= j < len(items) and items[j].reason not in (None, "page_marker") for j in (i - 1, i + 1))


def _inside_site_block(items: list[_Line], i: int) -> bool:
    """Site text (other than a page number) right above and right below line i."""
    above = items[i - 1].reason if i > 0 else None
    below = items[i + 1].reason if i + 1 < len(items) else None
    return above not in (None, "page_marker") and below not in (None, "page_marker")


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


def _mend_page_breaks(items: list[_Line]) -> None:
    """Join the halves of a sentence that a page marker line split in two (see _cut_mid_sentence)."""
    previous: _Line | None = None
    page_break = False
    for item in items:
        if item.reason is not None:
            page_break = page_break or item.reason == "page_marker"
            continue
        if previous is not None and page_break and _cut_mid_sentence(previous.text, item.text) and _goes_on(item.text):
            item.join_prev = True
        previous, page_break = item, False


def _cut_mid_sentence(text: str, following: str) -> bool:
    """`text` stops in mid-sentence: no sentence end, and either a clause in it (a heading or title
    has none) or a scrap of a sentence next ("产业。…": no paragraph opens with a 2-word sentence)."""
    if not text or text.endswith(tuple(TERMINAL_CHARS)) or is_date_line(text):
        return False
    # A numbered heading is complete without a sentence end; "一是…", "第一，…" open a paragraph,
    # and so does a number before a sentence or a long line ("（一）坚持…。这些年，…").
    if is_heading(text) and not _ENUMERATION_ITEM_RE.match(text) and len(text) <= _HEADING_MAX and "。" not in text:
        return False
    if any(ch in text for ch in "，,、；;：:。"):
        return True
    scrap = _SENTENCE_SCRAP_RE.match(following)
    return scrap is not None and len(text) >= 8


def _goes_on(text: str) -> bool:
    return bool(text) and not is_heading(text) and not _BULLET_RE.match(text)


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


def _may_be_site_title(text: str) -> bool:
    return _REPORT_TITLE_WORD_RE.search(text) is not None or _JOINED_TITLES_RE.fullmatch(text) is not None


def _is_report_title(text: str) -> bool:
    return _is_title_like(text) and _REPORT_TITLE_WORD_RE.search(text) is not None


def _is_title_like(text: str) -> bool:
    """Short, without a sentence in it, not a salutation or lead-in ("同志们：") nor a date."""
    if not 4 <= len(text) <= 80 or _TITLE_PUNCT_RE.search(text) or text.endswith(("：", ":")):
        return False
    return not is_date_line(text.strip("（）()"))


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
