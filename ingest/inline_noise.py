"""Fragments of site text glued inside a report line: per-page footers, "Word版本可编辑" prefixes, and
the editor/disclaimer/share tail that news pages append. (Page numbers: ingest.page_markers.)"""

import re

# Footers some libraries stamp on every page of a converted document.
_PAGE_FOOTER_RE = re.compile(
    r"(?=[（(仅])(?:[（(]?仅供(?:个人)?学习(?:与|和)?(?:交流|参考)[，,]?\s*如有侵权请联系(?:网站)?删除\s*谢谢\d*[）)]?"
    r"|[（(]\s*(?:此|本)?文档为\s*word\s*格式[^）)]{0,24}[）)]"
    r"|[（(]\s*(?:可编辑|word可编辑|完整版|word版|精品)\s*[）)])",
    re.I,
)
# "1、文本为Word版本,下载可任意编辑" and its variants, glued in front of the title.
_EDITABLE_PREFIX_RE = re.compile(
    r"^(?P<num>\d{1,2}[、.．]\s*)?"
    r"(?P<prompt>(?:本?文本?为|本?文档为|此文档为|文件为)?\s*word\s*(?:版本?|格式|文档)?"
    r"\s*[,，]?\s*(?:下载后?)?\s*可(?:以)?(?:任意|自由|随意)?(?:编辑|修改)(?:修改|编辑)?\s*[!！。，,]?\s*)",
    re.I,
)
_TRAILING_ELLIPSIS_RE = re.compile(r"(?:\.{3,}|…+|。{3,})$")

# Sentences that only a publishing site writes: editor credits, "return to homepage", share and
# follow prompts, investment and copyright disclaimers. Matched only in the last sentences of a
# paragraph (see trim_trailing_boilerplate), where a page template puts them.
_BOILER_OPENER_RE = re.compile(
    r"https?://|【?责任编辑|返回搜狐|更多精彩内容请|分享让更多人看到|免责声明|版权声明|特别声明|广告声明|(?<![\u4e00-\u9fff])声明[:：]"
)
_BOILER_SENTENCE_RE = re.compile(
    r"责任编辑|返回搜狐|查看更多$|更多精彩内容请|分享让更多人看到|"
    r"不构成(?:任何)?(?:投资)?建议|投资有风险|入市需谨慎|股市有风险|据此(?:操作|投资).{0,10}(?:风险|责任)自负|"
    r"免责声明|版权声明|特别声明|^声明[:：]|版权归.{0,16}所有|所有文章均包含本声明|"
    r"(?:转载|引用).{0,12}(?:注明|授权|联系|出处)|未经.{0,12}(?:授权|许可|同意).{0,12}(?:转载|使用|复制|摘编)|"
    r"侵权.{0,24}(?:联系|删除|处理)|联系.{0,12}(?:删除|更正)|"
    r"(?:仅|只)?代表作者(?:本人|个人)?(?:观点|立场)|不代表.{0,12}(?:立场|观点)|"
    r"(?:欢迎|请|敬请|长按|扫码|点击|搜索).{0,16}关注.{0,16}(?:公众号|微信号|微博|头条号|抖音|视频号)|"
    r"扫描?.{0,6}二维码|长按.{0,8}识别|阅读原文|在线等你来?报料|报料(?:热线|邮箱|方式)|"
    r"(?:下载|打开).{0,12}(?:APP|客户端)|(?:投稿|报料|侵权|版权).{0,10}邮箱|"
    r"^[（(]?完[）)]?$|^[（(](?:编辑|记者|作者|来源)[^（()）]{0,20}[）)]$|"
    r"^(?:来源|编辑|审核|校对|监制|统筹|记者|作者|出品|策划|制作|摄影|图片来源|文字|图片|视频)\s*[:：|｜]",
    re.I,
)
_URL_ONLY_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[。！？!?])")
_BOILER_SHORT_MAX = 60  # an editor or source credit is short; a long sentence is content


def strip_page_footers(line: str) -> tuple[str, list[str]]:
    """The line without glued per-page footers, and what was taken out."""
    removed: list[str] = []

    def take(match: re.Match) -> str:
        removed.append(match.group())
        return ""

    line = _PAGE_FOOTER_RE.sub(take, line)
    return line.strip(), removed


def strip_editable_prefix(line: str) -> tuple[str, str | None]:
    """Remove a "文本为Word版本,下载可任意编辑" prompt at the line start; (rest, prompt or None)."""
    match = _EDITABLE_PREFIX_RE.match(line)
    if not match:
        return line, None
    # A page number in front of the prompt ("1、") belongs to the page, not the prompt.
    return (match.group("num") or "") + line[match.end():].lstrip(), match.group("prompt").strip()


def strip_trailing_ellipsis(line: str) -> tuple[str, str | None]:
    match = _TRAILING_ELLIPSIS_RE.search(line)
    if not match:
        return line, None
    return line[: match.start()].rstrip(), match.group()


def _split_for_tail(paragraph: str) -> list[str]:
    """Sentences, with a cut also before each boilerplate opener glued to the text before it."""
    pieces: list[str] = []
    for sentence in _SENTENCE_SPLIT_RE.split(paragraph):
        if not sentence:
            continue
        start = 0
        for opener in _BOILER_OPENER_RE.finditer(sentence):
            if opener.start() > start:
                pieces.append(sentence[start : opener.start()])
                start = opener.start()
        pieces.append(sentence[start:])
    return pieces


def _is_boiler_sentence(sentence: str) -> bool:
    text = sentence.strip()
    if not text:
        return True
    if _URL_ONLY_RE.match(text):
        return True
    if _BOILER_OPENER_RE.match(text):
        return True
    return len(text) <= _BOILER_SHORT_MAX and _BOILER_SENTENCE_RE.search(text) is not None


def trim_trailing_boilerplate(paragraph: str) -> tuple[str, str | None]:
    """Cut the run of site sentences at the end of a paragraph (editor, disclaimer, share prompt).

    Walks back sentence by sentence and stops at the first one that is not boilerplate, so a
    report sentence that merely mentions 微信 or 下载 earlier in the paragraph is never touched.
    """
    pieces = _split_for_tail(paragraph)
    cut = len(pieces)
    while cut > 0 and _is_boiler_sentence(pieces[cut - 1]):
        cut -= 1
    if cut == len(pieces):
        return paragraph, None
    kept = "".join(pieces[:cut]).rstrip()
    removed = "".join(pieces[cut:]).strip()
    return kept, removed or None
