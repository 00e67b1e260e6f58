"""Line-level recognisers for what document-sharing sites wrap around a report.

Each recogniser looks at one whole line and says whether it is site text and of which kind.
They match patterns of wording and shape (keyword density, length, punctuation), not literal
lines of any one site, because every site words its banners and prompts a little differently.
Position-dependent decisions (head and tail of the page) are made by the caller.
"""

import re

from ingest.page_markers import page_marker_line
from ingest.site_voice import site_voice_kind

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = "。！？!?；;"
# What a line cut in the middle of a sentence does not end with.
TERMINAL_CHARS = "。！？!?；;：:”’\"'）)】》…"

HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百]+[)）]"
    r"|\d{1,2}[、.．](?!\d)"
    r"|[（(]\d{1,2}[)）]"
    r"|第[一二三四五六七八九十百]+[章节部分条篇，,、]"
    r"|[一二三四五六七八九十]是)"
)
URL_RE = re.compile(
    r"(?=[A-Za-z0-9-])(?:(?:https?://|www\.)[^\s\u4e00-\u9fff，。]+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|cn|org|cc|top|vip|info)\b)"
)
_DATE_RE = re.compile(r"^\d{4}\s*[.\-/年]\s*\d{1,2}\s*[.\-/月]\s*\d{1,2}\s*日?$")

# --- strong single-line patterns -------------------------------------------------------------

_THUMBNAIL_RE = re.compile(r"^.{1,120}?_第\s*\d{1,4}\s*页$")
_FILE_NAME_RE = re.compile(r"^[^。，,]{2,100}\.(?:docx?|pdf|pptx?|wps|txt|xlsx?)$", re.I)
_VIP_SUFFIX_RE = re.compile(
    r"^(?P<title>.{4,100}?)\s*(?:VIP专享|VIP免费|VIP文档|付费文档|免费文档|原创文档|精品文档|"
    r"下载券文档|共享文档|专业资料|免费下载)+\s*$"
)
_UPLOADER_FIELDS_RE = re.compile(
    r"(上传人|上传者|上传用户|贡献者|文档编号|文档ID|上传时间|审核时间|文档格式|格式|页数|大小|"
    r"文档大小|文件大小|浏览(?:次数|量)?|下载(?:次数|积分)?|内容提供方|文档热度|文档分类|发布时间|"
    r"更新时间|字数|阅读(?:次数|量)?|收藏(?:次数)?|评分|价格|售价)\s*[:：]"
)
_SITE_META_RE = re.compile(r"时间\s*[:：]")
_SITE_META_WORDS_RE = re.compile(r"分享|作者|来源|浏览|阅读|点击|字体|打印|收藏|投稿|点赞")
# A site greeting its visitor, maybe after a "Hi" ("Hi，欢迎来到…！").
_BANNER_RE = re.compile(r"^(?:(?:hi|hello|嗨|您好|你好)[\s，,!！~～]*)?(?:欢迎(?:您|你)?(?:访问|光临|来到|使用|浏览)|Welcome\b)", re.I)
_GREETING_MAX = 25
_SITE_NAME_RE = re.compile(r"文库|文档|范文|网|站|word|WORD|Word|【|资料|书库|模板")
_DESKTOP_RE = re.compile(r"桌面|快捷方式|快捷访问")
_BREADCRUMB_RE = re.compile(
    r"(?:当前位置|您的位置|你的位置|所在位置|您现在的位置)\s*[:：]|首页\s*[>＞»›/]|[>＞»›]\s*正文$"
)
_ICP_RE = re.compile(
    r"(?=[IiCc工网公备©Aa])(?:ICP\s*备|ICP\s*证|工信部备案|网安备|公网安备|备案号|©|Copyright|All Rights Reserved)", re.I
)
_COPYRIGHT_SHORT_RE = re.compile(r"版权所有|著作权所有")
_RELATED_HEADER_RE = re.compile(
    r"^(?:相关(?:资源|搜索|推荐|文档|文章|阅读|范文|专题|下载|内容|热词)|猜你(?:喜欢|想看)|"
    r"热门(?:推荐|文档|文章|搜索|范文|标签)|推荐(?:阅读|文档|文章|范文)|精选(?:范文|文档|文章)|"
    r"延伸阅读|扩展阅读|最新(?:文章|范文|更新|文档)|大家都在看|你可能(?:感兴趣|喜欢|还喜欢)|"
    r"为你推荐|为您推荐|本文关键词|关键词|TAG标签|Tags?|标签|上一篇|下一篇|上一页|下一页|"
    r"同类(?:文章|文档|范文)|其他人还看了|看了.{0,6}的人还看了)\s*[:：]?"
)
_SEO_BLURB_RE = re.compile(
    r"(?=[以下如供文为给小希欢更本原相精优])(?:以下是.{0,40}(?:为您|为大家|为你|小编|网友|本站).{0,20}(?:整理|分享|收集|精选|搜集|提供)"
    r"|(?:下面|如下)是.{0,10}小编.{0,30}(?:整理|分享|收集)"
    r"|供(?:您|你)参考"
    r"|文章由.{0,20}(?:分享|整理|提供|发布)"
    r"|(?:为大家|为您|给大家|给您)(?:精心)?(?:整理|分享|收集|搜集|带来)(?:了|的)?"
    r"|小编(?:为|给)?(?:大家|您|你)"
    r"|希望(?:对|能(?:够)?|可以)(?:您|你|大家).{0,10}(?:帮助|有所帮助|有用)"
    r"|欢迎(?:阅读|借鉴|下载|参考)(?:[!！。]|$)"
    r"|更多.{0,12}(?:相关|精彩|范文|资料).{0,12}(?:请|尽在|敬请|欢迎)"
    r"|(?:本文|原文)(?:来源|地址|链接)\s*[:：]"
    r"|(?:相关|精选|优秀)范文(?:[(（]\d+篇[)）])?[,，]?(?:供|仅供)"
    r"|本文由(?:网友|会员|用户|作者|本站)?.{0,8}(?:投稿|上传|整理|发布)"
    r"|仅供(?:参考)?学习(?:参考|交流)?[。！!]?$)"
)
_SITE_CATALOGUE_WORDS_RE = re.compile(
    r"范文|作文|教案|论文|简历|演讲稿|心得体会|合同范本|读后感|工作总结|工作计划|述职报告|实习报告|"
    r"实践报告|模板|格式|大全|公文写作|申请书|检讨书|发言稿|主持词|策划书|试题|课件"
)
_SITE_CATALOGUE_ANCHOR_RE = re.compile(r"范文|大全|模板|教案|作文|简历|课件")
_SHARE_PROMPT_RE = re.compile(
    r"(?=[由可珍请用网会上免在预剩还已下本全阅立该文此Ww])(?:由会员分享|可在线阅读|珍藏版|请在.{0,80}上搜索|用户上传|网友上传|会员上传|上传分享|"
    r"免费在线预览|在线预览全文|预览.{0,6}页|剩余\s*\d+\s*页|还剩\s*\d+\s*页|已阅读.{0,6}页|"
    r"下载本文档|本文档.{0,10}(?:下载|上传|贡献)|全文阅读已结束|阅读已结束|下载券|立即下载|"
    r"该文档贡献者|文档贡献者|文本为\s*word|此文档为\s*word|word版本.{0,6}可编辑|可任意编辑|"
    r"本文档共\s*\d+\s*页|仅(?:显示|展示|预览)(?:了)?部分|完整版.{0,6}文档)",
    re.I,
)
# Words a site uses in its own chrome: prompts, counters, account and contact widgets.
_PROMPT_WORDS_RE = re.compile(
    r"下载|上传|收藏|投稿|点赞|分享|举报|客服|扫码|扫一扫|二维码|微信|QQ|Q群|VIP|vip|会员|登录|登陆|"
    r"注册|充值|积分|金币|付费|免费|领取|福利|展开|阅读全文|全文|点击|查看|更多|返回|相关|搜索|"
    r"推荐|热门|回到顶部|返回顶部|顶部|首页|电脑|桌面|快捷|访问|安装|添加|浏览|评论|关注|公众号|"
    r"确认|删除|碎片|内容|资源|描述|咨询|邮箱|专享|专属|文库|文档|预览|继续阅读|剩余|未读|时间|"
    r"打印|复制|纠错|申诉|网盘|保存|在线|立即|开通|购买|价格|加入|这里|群|APP|App|app|手机|版"
)
_STRONG_PROMPT_RE = re.compile(
    r"(?=[展阅点查继加下立免VvI开我回返扫二客违确碎资领会QqP保复收打关分])(?:展开阅读全文|阅读全文|点击查看更多|查看更多|继续阅读|加载更多|下载文档|立即下载|免费下载|"
    r"下载本文|点击下载|下载全文|VIP专享|VIP免费|开通VIP|加入VIP|加入收藏|我要投稿|回到顶部|"
    r"返回顶部|扫码|二维码|客服|违规举报|我要举报|确认删除|碎片内容|资源描述|领取福利|下载券|"
    r"会员专属|会员Q群|QQ群|保存到网盘|复制文字|收藏本文|打印本文|关闭窗口|分享到)",
    re.I,
)
_COPYRIGHT_WORDS_RE = re.compile(
    r"本站|本网|网站|平台|文档|上传|下载|版权|著作权|侵权|侵犯|删除|付费|违规|举报|声明|免责|"
    r"商业用途|转载|转卖|授权|客服|用户|网友|会员|收益|存储空间|仅供|参考|学习交流|联系|隐私|使用权"
)
_SITE_VOICE_RE = re.compile(
    r"本站|本网站?(?!络)|本平台|本文库|文档|网友上传|用户上传|网站删除|联系网站"
)
_SITE_VOICE_STRONG_RE = re.compile(
    r"(?=[本付下如请联免版侵])(?:(?:本站|本网站|本平台|本文库)(?:所有|仅|只|不对|不做|为|提供|对|不承担|不保证|已)"
    r"|付费(?:下载|前)|下载所得|如有侵权|请联系.{0,8}删除|联系网站删除|免责声明|版权声明"
    r"|侵犯.{0,6}(?:版权|著作权|隐私).{0,20}(?:删除|联系|通知))"
)
_LONG_LINE = 400
_SHORT_LINE = 40
# Every rule that can fire on a line longer than _SHORT_LINE needs one of these words.
_ANY_SITE_WORD_RE = re.compile(
    r"(?=[上文下IiCc备©版著本网平付侵免声以如供为给小希欢更原范会在珍请预剩还已阅贡Ww格页大编浏_首位时.Vv价售字评收审提热分修Hh>＞»›])(?:上传|文档|下载|ICP|备案|©|Copyright|版权|著作权|本站|本网|网站|平台|付费|侵权|侵犯|免责|声明|"
    r"以下是|下面|如下|供您|供你|文章由|为大家|为您|为你|给大家|给您|小编|希望|欢迎|更多|本文|原文|"
    r"范文|会员|在线|珍藏|请在|预览|剩余|还剩|已阅读|阅读|贡献者|word|格式|页数|大小|编号|浏览|"
    r"_第|首页|位置|时间|\.doc|\.pdf|\.ppt|\.wps|\.txt|VIP|价格|售价|字数|评分|收藏|审核|提供方|"
    r"热度|分类|编辑|修改|Welcome|\.com|\.net|\.cn|www|http|网|>|＞|»|›)",
    re.I,
)
_MOSTLY_SYMBOLS_RE = re.compile(r"^[\W_]+$")
_NUMBER_LINE_RE = re.compile(r"^[\d\s]+$")
# An identifier a site leaves on a line of its own: a hash, a uuid, "doc_88123401", "ID:8812",
# "#229771", "wkid=…", "8812340.html", a long number. One token, no Chinese; a date, a plain number
# with separators ("41,360", "2.5") or a version is no identifier.
_ID_TOKEN_RE = re.compile(r"[\[(#]?[A-Za-z]{0,8}[\s._:=#/-]{0,2}[0-9A-Za-z+/_.=-]{6,}[\])]?")
_HEX_RE = re.compile(r"[0-9a-fA-F]{8,}")
_PLAIN_NUMBER_RE = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?[%％]?|\d+\.\d+[%％]?|\d+(?:\.\d+){2,3}")
# The closing licence note of a wiki or open-content copy ("本作品…属于公有领域").
LICENCE_OPENER_RE = re.compile(r"^(?:本作品(?:是|在|采用|根据|属于|已|不)|This work\b|本文(?:采用|遵循).{0,10}许可)", re.I)
LICENCE_RE = re.compile(
    r"本作品|公有领域|Public domain|著作权法|知识共享|Creative Commons|CC[- ]BY|GNU|维基文库|维基百科|许可协议",
    re.I,
)


def cjk_count(line: str, cap: int = 1_000_000) -> int:
    """Chinese characters in `line`, counted up to `cap` (the callers only need a threshold)."""
    count = 0
    for _ in CJK_RE.finditer(line):
        count += 1
        if count >= cap:
            break
    return count


def is_heading(line: str) -> bool:
    return HEADING_RE.match(line) is not None


def is_prose(line: str) -> bool:
    """A line that reads like report prose: Chinese, punctuated, with a full sentence in it.

    A page title with a comma ("X工作总结,X工作总结范文(精选3篇)") is not prose: it has no
    sentence end and is short.
    """
    if len(line) < 30 or cjk_count(line, cap=15) < 15:
        return False
    if not any(ch in line for ch in "，,。；;：:、"):
        return False
    return len(line) >= 80 or any(ch in line for ch in SENTENCE_END)


def is_date_line(line: str) -> bool:
    return _DATE_RE.match(line) is not None


def is_identifier(line: str) -> bool:
    """A line that is nothing but an identifier (see _ID_TOKEN_RE)."""
    if len(line) < 6 or not _ID_TOKEN_RE.fullmatch(line) or _PLAIN_NUMBER_RE.fullmatch(line):
        return False
    digits = sum(ch.isdigit() for ch in line)
    hexish = _HEX_RE.search(line)
    return digits >= 5 or (hexish is not None and digits >= 1 and len(line) >= 8) or (
        digits >= 2 and len(line) >= 16)


def title_from_noise_line(line: str) -> str | None:
    """The document title a thumbnail, file-name or VIP-tagged line carries, if any."""
    thumb = _THUMBNAIL_RE.match(line)
    if thumb:
        name = re.sub(r"_第\s*\d{1,4}\s*页$", "", line)
        return re.sub(r"\.(?:docx?|pdf|pptx?|wps|txt|xlsx?)$", "", name, flags=re.I).strip() or None
    if _FILE_NAME_RE.match(line):
        return re.sub(r"\.[A-Za-z]{2,4}$", "", line).strip() or None
    vip = _VIP_SUFFIX_RE.match(line)
    if vip:
        return vip.group("title").strip()
    return None


def _prompt_coverage(line: str) -> tuple[int, float]:
    """(distinct prompt words, share of the line's letters they cover)."""
    hits = _PROMPT_WORDS_RE.findall(line)
    if not hits:
        return 0, 0.0
    letters = sum(1 for ch in line if ch.isalnum())
    covered = sum(len(h) for h in hits)
    return len(set(hits)), covered / max(letters, 1)


# Kinds recognised by a phrase rather than by the shape of the whole line: on a long line inside
# the body only the sentence carrying the phrase is site text (decided by the caller).
PHRASE_KINDS = frozenset({"seo_blurb", "download_prompt", "site_blurb", "copyright"})
# Lines without Chinese (ids, stray symbols, bare links): site scraps outside the body, but inside
# it they may be a split-off subscript ("M" "2"), a bracket of a book title, a table cell.
SCRAP_KINDS = frozenset({"junk", "numeric_id", "url"})


def classify_line(line: str) -> str | None:
    """The kind of site text a whole line is, or None when it may belong to the report."""
    n = len(line)
    if n > _LONG_LINE:
        # Every other rule is for short lines or needs a keyword density a long line cannot have.
        return "copyright" if _SITE_VOICE_STRONG_RE.search(line) else None
    heading = is_heading(line)
    if page_marker_line(line) is not None:
        return "page_marker"
    if CJK_RE.search(line) is None:
        if is_date_line(line):
            return None
        if URL_RE.fullmatch(line):
            return "url"
        if _MOSTLY_SYMBOLS_RE.match(line):
            return "junk"
        if _NUMBER_LINE_RE.match(line):
            return "numeric_id"
        if is_identifier(line):
            return "stray_id"
        # Latin text: a site's copyright or file card, else decided by position (caller).
        return site_voice_kind(line)
    if n > _SHORT_LINE and _ANY_SITE_WORD_RE.search(line) is None:
        # Fast path for report prose: no literal rule below can fire without one of these words.
        return None if heading else site_voice_kind(line)
    if _THUMBNAIL_RE.match(line):
        return "thumbnail"
    if _FILE_NAME_RE.match(line):
        return "seo_title"
    if n <= 120 and _VIP_SUFFIX_RE.match(line):
        return "seo_title"
    if len(set(_UPLOADER_FIELDS_RE.findall(line))) >= 2 and n <= 300:
        return "uploader"
    if _ICP_RE.search(line) and n <= 250:
        return "icp"
    if _COPYRIGHT_SHORT_RE.search(line) and n <= 60:
        return "copyright"
    if _SITE_VOICE_STRONG_RE.search(line):
        return "copyright"
    words = set(_COPYRIGHT_WORDS_RE.findall(line)) if _SITE_VOICE_RE.search(line) else set()
    if len(words) >= 4 and _SITE_VOICE_RE.search(line) and len(words) * 25 >= n:
        return "copyright"
    if _SEO_BLURB_RE.search(line) and n <= 400:
        return "seo_blurb"
    if _SHARE_PROMPT_RE.search(line) and n <= 400:
        return "download_prompt"
    catalogue = set(_SITE_CATALOGUE_WORDS_RE.findall(line)) if n <= 400 else set()
    if len(catalogue) >= 4 and _SITE_CATALOGUE_ANCHOR_RE.search(line) and (
        URL_RE.search(line) or "提供" in line or "网" in line
    ):
        return "site_blurb"
    if n <= 60 and _BANNER_RE.match(line) and (_SITE_NAME_RE.search(line) or n <= _GREETING_MAX):
        return "banner"
    if n <= 60 and _BREADCRUMB_RE.search(line):
        return "related_links"
    if heading:
        return None
    if n <= 40 and _RELATED_HEADER_RE.match(line) and "。" not in line:
        return "related_links"
    if n <= 40 and _DESKTOP_RE.search(line) and "。" not in line:
        return "download_prompt"
    if n <= 60 and "。" not in line and _SITE_META_RE.search(line) and _SITE_META_WORDS_RE.search(line):
        return "site_meta"
    if n <= 40 and "。" not in line:
        if _STRONG_PROMPT_RE.search(line):
            return "download_prompt"
        distinct, coverage = _prompt_coverage(line)
        if distinct >= 2 and coverage >= 0.5:
            return "download_prompt"
    return site_voice_kind(line)
