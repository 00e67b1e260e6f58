"""Lists of other documents' titles that sites put above, inside and below a report, with or without a
header line ("相关文档", "猜你想找").

A document title is a short line without a sentence in it that names a kind of document (总结, 报告,
方案, 讲话, 心得体会, 范文 ...). One such line may be the report's own title or a heading; a run of
them is a list of other documents: after a header of recommendation words, a run of any length;
without one, three lines or more, or two with the same bullet. A list is set uniformly: a change of
bullet ends it. A bulletless list above the report's first paragraph may end (or start) with the
report's own title: the line sharing enough words with the report's opening text is kept. (Below
that, no line of a list is spared for its words: sites list documents on the same subject.)
"""

from __future__ import annotations

import re

from ingest.site_noise import is_date_line, is_heading

_BULLET_RE = re.compile(r"^(?:[-•·▪●◆◇■□►▶▷～~★☆→>»]|\d{1,2}\s*[.、．)）](?!\d)|[（(]\d{1,2}[)）])\s*")
_SENTENCE_PUNCT_RE = re.compile(r"[。！？!?；;，,]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_DOCUMENT_KIND_RE = re.compile(
    r"总结|报告|汇报|方案|计划|规划|要点|讲话|发言|致辞|主持词|材料|心得|体会|感悟|范文|范本|模板|大全|"
    r"汇编|述职|自查|对照检查|剖析|意见|通知|决定|办法|细则|制度|简报|纪要|演讲|倡议书|申请书|稿|"
    r"\d+篇|精选|怎么写"
)
_TASK_VERB_RE = re.compile(
    r"加强|推进|落实|完善|建立|健全|制定|修订|深化|开展|强化|提升|提高|做好|抓好|实施|推动|坚持|加快|"
    r"优化|规范|严格|积极|扎实|全面|着力|持续|切实|召开|印发|出台|编制|起草|报送|形成|研究|认真"
)
# A header: recommendation words and little else ("看过本文的人还看了", "您可能还需要：").
_RECOMMEND_RE = re.compile(
    r"相关|相似|类似|同类|推荐|精选|精彩|热门|热点|热搜|猜你|可能|还需要|感兴趣|喜欢|大家|还在|都在|"
    r"其他|其它|看了|看过|也看|正在|往期|延伸|扩展|更多|排行|专题"
)
_HEADER_FILLER_RE = re.compile(r"[\s:：>»›↓→▼▽\-—|｜]+|本文|的人|用户|网友|您|你|想找|阅读|下载|搜|文档|文章")
_HEADER_MAX = 24
_TITLE_MAX = 50
# Share of a line's pairs of Chinese characters found in the report's opening text that makes it
# the report's own title: for the line right above the body, and for the first line of the list.
_OWN_TITLE_NEXT_TO_BODY = 0.3
_OWN_TITLE_ELSEWHERE = 0.45
_OPENING_CHARS = 300
# What a title already judged site text may have been judged: still a line of the list.
_LIST_REASONS = frozenset({"related_links", "seo_title"})


def is_list_header(line: str) -> bool:
    """A short line of recommendation words, the header of a list of other documents."""
    if len(line) > _HEADER_MAX or _SENTENCE_PUNCT_RE.search(line) or is_heading(line):
        return False
    if not _RECOMMEND_RE.search(line):
        return False
    rest = _HEADER_FILLER_RE.sub("", _DOCUMENT_KIND_RE.sub("", _RECOMMEND_RE.sub("", line)))
    return len(rest) <= 6  # more is a topic of its own: the line is a title


def split_bullet(line: str) -> tuple[str, str]:
    """(bullet or list number, the rest of the line)."""
    match = _BULLET_RE.match(line)
    if not match:
        return "", line
    return re.sub(r"\d+", "#", match.group().strip()), line[match.end():]


def is_title_line(line: str) -> bool:
    """Short, no sentence, not a report heading or a date: may be a document's title."""
    bullet, text = split_bullet(line)
    if not 4 <= len(text) <= _TITLE_MAX or _SENTENCE_PUNCT_RE.search(text):
        return False
    if len(_CJK_RE.findall(text)) < 4 or is_date_line(text):
        return False
    # "一、总体要求" and "（一）…" are the report's own headings; an Arabic number is a list's too.
    return bool(bullet) or not is_heading(text)


def is_document_title(line: str) -> bool:
    """A title line naming a kind of document. A line opening with a verb is a task or a heading
    ("1.制定实施方案", "（2）完善考核办法"), though it names one."""
    text = split_bullet(line)[1]
    return is_title_line(line) and _DOCUMENT_KIND_RE.search(text) is not None and not _TASK_VERB_RE.match(text)


def find_title_lists(lines: list[str], reasons: list[str | None], first_paragraph: int | None) -> list[int]:
    """Indexes of the headers and items of every list of other documents' titles.

    `reasons`: what each line was judged to be so far (None: report text). A title already judged a
    link or a site's title counts as one of the list; other site text is passed over, so a list
    interrupted by a stray id stays one list. `first_paragraph`: the index of the report's first
    paragraph, under which its own title stands.
    """
    found: list[int] = []
    run: list[int] = []
    headed = False

    def close() -> None:
        header, items = (run[:1], run[1:]) if headed else ([], run)
        if not header and items and _introduced_by_report(lines, reasons, items[0]):
            return
        for k, group in enumerate(_bullet_groups(lines, items)):
            listed = _group_items(lines, reasons, group, bool(header) and k == 0, first_paragraph)
            if listed and header and k == 0:
                found.extend(header)  # a header counts with the list under it only
            found.extend(listed)

    for i, line in enumerate(lines):
        if is_list_header(line):
            close()
            run, headed = [i], True
        elif reasons[i] is not None and reasons[i] not in _LIST_REASONS:
            continue
        elif is_title_line(line):
            run.append(i)
        else:
            close()
            run, headed = [], False
    close()
    return sorted(found)


def _introduced_by_report(lines: list[str], reasons: list[str | None], first: int) -> bool:
    """A list the report announces itself ("附件：", "主要预期目标：") is the report's."""
    previous = next((i for i in range(first - 1, -1, -1) if reasons[i] is None), None)
    return previous is not None and lines[previous].endswith(("：", ":"))


def _bullet_groups(lines: list[str], run: list[int]) -> list[list[int]]:
    """A list is set uniformly: a change of bullet ends one list (two lists may follow each other;
    the report's bulletless title under a bulleted list is no item of it)."""
    groups: list[tuple[str, list[int]]] = []
    for i in run:
        bullet = split_bullet(lines[i])[0]
        if groups and groups[-1][0] == bullet:
            groups[-1][1].append(i)
        else:
            groups.append((bullet, [i]))
    return [group for _, group in groups]


def _group_items(lines: list[str], reasons: list[str | None], group: list[int], headed: bool,
                 first_paragraph: int | None) -> list[int]:
    bulleted = bool(split_bullet(lines[group[0]])[0])
    titles = [is_document_title(lines[i]) for i in group]
    if not bulleted:
        # Lines at the end that name no document are the report's again (a signature under a
        # list); without a header, the same at the start.
        end = len(group)
        while end and not titles[end - 1]:
            end -= 1
        start = 0
        while not headed and start < end and not titles[start]:
            start += 1
        group, titles = group[start:end], titles[start:end]
    if not group:
        return []
    if not headed:
        enough = len(group) >= 2 if bulleted else len(group) >= 3
        if not enough or sum(titles) * 3 < len(group) * 2:
            return []
    own = None
    if not bulleted and first_paragraph is not None and group[-1] < first_paragraph:
        own = _own_title(lines, reasons, group)
    return [i for i in group if i != own]


def _own_title(lines: list[str], reasons: list[str | None], group: list[int]) -> int | None:
    """The report's own title at the start or end of a bulletless list above its first paragraph:
    the line sharing most of its pairs of Chinese characters with the report's opening text, if
    enough (less is asked of the line right above the body, where a title stands)."""
    opening = _pairs(_text_after(lines, reasons, group[-1]))
    best, best_share = None, 0.0
    for i in dict.fromkeys((group[-1], group[0])):
        pairs = _pairs(lines[i])
        if not pairs:
            continue
        share = len(pairs & opening) / len(pairs)
        needed = _OWN_TITLE_NEXT_TO_BODY if i == group[-1] else _OWN_TITLE_ELSEWHERE
        if share >= needed and share > best_share:
            best, best_share = i, share
    return best


def _text_after(lines: list[str], reasons: list[str | None], last: int) -> str:
    """About _OPENING_CHARS of report text after line `last` (short lines such as "各位代表：" skipped)."""
    pieces, taken = [], 0
    for i in range(last + 1, len(lines)):
        if reasons[i] is None and not is_title_line(lines[i]):
            pieces.append(lines[i])
            taken += len(lines[i])
            if taken >= _OPENING_CHARS:
                break
    return "".join(pieces)[:_OPENING_CHARS]


def _pairs(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1) if _CJK_RE.match(text[k]) and _CJK_RE.match(text[k + 1])}
