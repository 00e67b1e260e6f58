"""Lists of other documents' titles that sites put above, inside and below a report, with or without a
header line ("相关文档", "猜你想找").

A document title is a short line without a sentence in it that names a kind of document (总结, 报告,
方案, 讲话, 心得体会, 范文 ...) or is set as one ("关于…的思考", "…（定稿）"); a task naming a document
right after its verb ("制定实施方案") is a line of the report. One such line may be the report's own
title or a heading; a run of them is a list of other documents: after a header of recommendation
words, a run whose lines name documents in half or more; without one, three lines or more, or two
with the same bullet. A list is set uniformly: a change of bullet ends it; a bullet is told by its
form (a list number, any symbol), not by a list of the sites' choices. A title among other site text
(a line already judged a prompt) still counts for its list. A bulletless list above the report's
first paragraph may end (or start) with the report's own title: the line sharing enough words with
the report's opening text is kept. (Below that, no line of a list is spared for its words: sites list
documents on the same subject.) A list the report announces with a colon is its own, unless its
items wear a site's labels or the report's own enumeration follows it.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.site_noise import is_date_line, is_heading

# A list's bullet: a number dressed as a list number ("1.", "2、", "3）", "4:", "(5)", "[6]", "<7>",
# "⑧"; "1.2019年…" and "2:2024县…" are items before a year, no decimal or ratio), or one symbol that
# is no opening bracket or quote (those open a title). A symbol is told by its Unicode class, so a
# site's own choice of bullet ("◎", "√", "❖") needs no list; a dash counts single only: "——" opens a
# report's subtitle.
_NUMBER_BULLET_RE = re.compile(
    r"^(?:\d{1,2}\s*(?:[.．:：](?!\d)|[.．:：](?=(?:19|20)\d\d[年\u4e00-\u9fff])|[、)）])"
    r"|[（(\[【〔<〈]\s*\d{1,2}\s*[)）\]】〕>〉]"
    r"|[\u2460-\u2473\u2776-\u277f]"  # circled numbers
    r"|(?:No|NO|no|Top|TOP)\.?\s*\d{1,2}(?=\s|[.、:：]))\s*"
)
_SYMBOL_BULLET_CLASSES = ("So", "Sm", "Pd")
_PUNCT_BULLETS = "·•‧∙・*※＊"
_SENTENCE_PUNCT_RE = re.compile(r"[。！？!?；;，,]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_DOCUMENT_KIND_RE = re.compile(
    r"总结|报告|汇报|方案|计划|规划|要点|讲话|发言|致辞|主持词|材料|心得|体会|感悟|范文|范本|模板|大全|"
    r"汇编|述职|自查|对照检查|剖析|意见|通知|决定|办法|细则|制度|简报|纪要|演讲|倡议书|申请书|稿|"
    r"\d+篇|精选|怎么写|"
    # how a report on a piece of work is titled ("…工作开展情况", "…典型经验"), and how a site labels
    # its copies ("…（通用5篇）", "…【合集】", "…简短版", "…（完整版）")
    r"(?:开展|进展|落实|推进|完成|执行|整改|运行|工作)情况|经验|做法|打算|提纲|思考|探索|浅析|浅谈|启示|"
    r"^关于.{2,30}的|"  # "关于…的思考", "关于…的报告"
    r"[（(【][^）)】]{0,8}(?:稿|版|下载|篇|页|字)[）)】]$|"  # a copy's label: "（定稿）", "（免费下载）"
    r"合集|汇总|集锦|通用|简短|完整版|精编|例文|范例|附范文|课件|"
    r"(?<![A-Za-z])(?:docx?|pptx?|pdf)(?![A-Za-z])",
    re.I,
)
_TASK_VERB_RE = re.compile(
    r"加强|推进|落实|完善|建立|健全|制定|修订|深化|开展|强化|提升|提高|做好|抓好|实施|推动|坚持|加快|"
    r"优化|规范|严格|积极|扎实|全面|着力|持续|切实|召开|印发|出台|编制|起草|报送|形成|研究|认真"
)
# What to do to which document, in a few words: "制定实施方案", "健全校园安全制度".
_TASK_LINE_RE = re.compile(rf"(?:{_TASK_VERB_RE.pattern})[\u4e00-\u9fff]{{0,4}}(?:{_DOCUMENT_KIND_RE.pattern})")
# A header: words recommending other documents and little else ("看过本文的人还看了", "您可能还需要：",
# "最近更新", "同主题文档"). The words come in a few kinds: how the documents relate to this one, how
# popular or fresh they are, what other readers did, what the reader may want next.
_RECOMMEND_RE = re.compile(
    r"相关|相似|类似|近似|相近|同类|同主题|同题|同系列|同专题|同分类|"  # related to this one
    r"推荐|精选|精彩|精品|热门|热点|热搜|热读|人气|排行|排名|榜单|(?:下载|阅读|点击|浏览|热)榜|TOP\s*\d*|"  # popular
    r"(?:最近|最新|近期|本周|本月|今日|今天)(?=更新|发布|上传|文章|文档|资料|内容|推荐)|"  # fresh
    r"大家|其他|其它|别人|看了|看过|也看|还看|在看|还在|都在|正在|还下载|也下载|"  # other readers
    r"猜你|猜您|可能|也许|或许|还需要|感兴趣|喜欢|想看|想找|还想|随便|随机|看看|"  # what the reader may want
    r"往期|延伸|扩展|更多|专题|值得|必看|必读|不容错过",
    re.I,
)
_HEADER_FILLER_RE = re.compile(
    r"[\s:：>»›↓→▼▽\-—|｜]+|本文|本篇|本站|站内|的人|用户|网友|读者|您|你|阅读|下载|搜索?|文档|文章|资料|内容|"
    r"更新|上传|发布"
)
# How a site labels the copies it lists: a tag in front, a label behind, its kinds of copy.
_SITE_LABEL_RE = re.compile(
    r"^[【\[][^】\]]{1,6}[】\]]|[（(【][^）)】]{0,8}(?:稿|版|下载|篇|页|字|精选|合集|最新)[）)】]$|"
    r"范文|范例|范本|模板|大全|\d+篇|怎么写|写作技巧|_"
)
# The first item of a report's own enumeration.
_FIRST_ENUMERATION_RE = re.compile(r"(?:[（(]?[一1][)）、.．]|一是|第一[，,、]|首先)(?!\d)")
# Whom a speech addresses: "同志们：", "各位代表：", "尊敬的各位领导、各位来宾：".
_SALUTATION_RE = re.compile(
    r"(?:尊敬的)?[^，,。：:]{0,16}(?:同志们|代表|领导|嘉宾|来宾|朋友们|老师们|同学们|家长们|委员|女士们|先生们)[：:]"
)
_TAGGED_TITLE_RE = re.compile(r"[【\[][^】\]]{1,6}[】\]]\s*\S")
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
    # A bulleted line is an item, and so is a title behind a tag ("【推荐】述职报告范例").
    if split_bullet(line)[0] or _TAGGED_TITLE_RE.match(line):
        return False
    if not _RECOMMEND_RE.search(line):
        return False
    rest = _HEADER_FILLER_RE.sub("", _DOCUMENT_KIND_RE.sub("", _RECOMMEND_RE.sub("", line)))
    return len(rest) <= 6  # more is a topic of its own: the line is a title


def split_bullet(line: str) -> tuple[str, str]:
    """(bullet or list number, the rest of the line)."""
    match = _NUMBER_BULLET_RE.match(line)
    if match:
        # Every number of the list the same bullet: "1）" and "2）", "①" and "②".
        bullet = re.sub(r"\d+", "#", match.group().strip())
        return re.sub(r"[\u2460-\u2473\u2776-\u277f]", "①", bullet), line[match.end():]
    if len(line) >= 2 and _is_symbol_bullet(line[0]) and line[1] != line[0]:
        return line[0], line[1:].lstrip()
    return "", line


def _is_symbol_bullet(ch: str) -> bool:
    return ch in _PUNCT_BULLETS or (unicodedata.category(ch) in _SYMBOL_BULLET_CLASSES and not ch.isalnum())


def is_title_line(line: str) -> bool:
    """Short, no sentence, not a report heading or a date: may be a document's title."""
    bullet, text = split_bullet(line)
    if not 4 <= len(text) <= _TITLE_MAX or _SENTENCE_PUNCT_RE.search(text) or text.endswith(("：", ":")):
        return False  # a sentence, or a lead-in ("各位代表：")
    if len(_CJK_RE.findall(text)) < 4 or is_date_line(text):
        return False
    # "一、总体要求" and "（一）…" are the report's own headings; an Arabic number is a list's too.
    return bool(bullet) or not is_heading(text)


def is_document_title(line: str) -> bool:
    """A title line naming a kind of document. A task names one right after its verb ("1.制定实施方案",
    "（2）完善教师考核办法"): a heading or an item of the report; a title names what the document is
    about ("优化营商环境专项整治实施方案", "实施方案：基层减负")."""
    text = split_bullet(line)[1]
    if not is_title_line(line) or _DOCUMENT_KIND_RE.search(text) is None:
        return False
    return _TASK_LINE_RE.fullmatch(text) is None


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
        if not header and items and _introduced_by_report(lines, reasons, items[0], items[-1]):
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
            # Site text of another kind is passed over; a title among it ("…（免费下载）", judged a
            # prompt) still counts as an item of the list around it.
            if is_document_title(line):
                run.append(i)
            continue
        elif is_title_line(line):
            run.append(i)
        else:
            close()
            run, headed = [], False
    close()
    return sorted(found)


def _introduced_by_report(lines: list[str], reasons: list[str | None], first: int, last: int) -> bool:
    """A list the report announces itself ("附件：", "主要预期目标：") is the report's; but not when the
    report's own enumeration ("（一）…", "1.…", "一是…") comes right after it: the colon announced that
    one, and the titles were put in between; nor when its items wear a site's labels ("【推荐】…范例",
    "…（定稿）"). A speech's salutation ("同志们：") announces no list."""
    previous = next((i for i in range(first - 1, -1, -1) if reasons[i] is None), None)
    if previous is None or not lines[previous].endswith(("：", ":")) or _SALUTATION_RE.fullmatch(lines[previous]):
        return False
    items = [i for i in range(first, last + 1) if is_title_line(lines[i])]
    labelled = sum(1 for i in items if reasons[i] is not None or _SITE_LABEL_RE.search(split_bullet(lines[i])[1]))
    if items and labelled * 2 >= len(items):
        return False  # half the items wear a site's labels or were judged site text already
    following = next((i for i in range(last + 1, len(lines)) if reasons[i] is None), None)
    return following is None or not _FIRST_ENUMERATION_RE.match(lines[following])


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
    elif sum(titles) * 2 < len(group):
        # Under a header, half the lines naming a document make the list; a report's line of
        # recommendation words ("其他情况", "相关部门") over its own items does not.
        return []
    own = None
    unjudged = [i for i in group if reasons[i] is None]  # a line judged site text is no one's title
    if not bulleted and unjudged and first_paragraph is not None and group[-1] < first_paragraph:
        own = _own_title(lines, reasons, unjudged)
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
