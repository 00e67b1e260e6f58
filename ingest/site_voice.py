"""How a site talks, recognised by its vocabulary and the shape of the line, not by its sentences.

Every site words its chrome differently, but the words come from a few small vocabularies: it talks
to the reader about getting the file (下载, 会员, 扫码, 全文, 预览 ...), about its own pages (menus
of short links, its name with a slogan, copyright and licence numbers), about the file (who uploaded
it when, how often it was read) and about the article as one of many (整理, 精选, 范文, 小编 ...).
A report line uses such words too ("开通家校共育微信群"), so each recogniser asks for several cues
of different kinds at once, and only on short lines: a long line of report prose is never one of
these (clean.py removes a site sentence from a long line only by the stricter site_noise rules).
"""

from __future__ import annotations

import re

_SENTENCE_END_RE = re.compile(r"[。！？!?；;]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# A line opening with what to do is a task or a heading of the report, never a site's slogan, and
# not a line of its own that the site left between paragraphs either (ingest.clean).
TASK_OPENING_RE = re.compile(
    r"(?:加强|推进|落实|完善|建立|建设|健全|打造|构建|搭建|深化|开展|强化|提升|提高|做好|抓好|实施|推动|"
    r"坚持|加快|优化|规范|全面|着力|持续|切实|创新|发挥|用好|办好|服务|聚焦|围绕|坚决|开通|推广|扩大|增加|减少)"
)

# --- menus: "首页 | 范文 | 公文", "关于我们 | 联系我们 | 隐私政策", "工作总结·述职报告·讲话稿" ----------
_MENU_SPLIT_RE = re.compile(r"\s*[|｜]\s*|\s*[·•]\s*|\s{2,}")
# Separators a report uses too ("GDP / 财政收入", "张三 李四 王五"): a menu set apart by them must
# name the site's own pages or the kinds of documents it files, in most of its links.
_WEAK_MENU_SPLIT_RE = re.compile(r"\s*[/／]\s*|\s+")
_SITE_PAGE_RE = re.compile(
    r"首页|登录|登陆|注册|退出|会员|中心|我的|下载|上传|收藏|投稿|搜索|帮助|客服|关于|联系|反馈|APP|手机版|电脑版|"
    r"导航|栏目|专题|排行|充值|VIP|设为|加入|"
    r"范文|总结|报告|讲话|计划|方案|心得|党建|公文|演讲|述职|作文|合同|简历|试题|教案|课件|模板|大全",
    re.I,
)
# In front of a menu: a label ("网站导航：") or the site's name in brackets ("【X】").
_MENU_LABEL_RE = re.compile(r"^(?:(?:网站|本站)?(?:导航|栏目|频道|分类|热门栏目|全部分类)[:：]|【[^】]{2,10}】)\s*")
_MENU_MAX = 70
# --- breadcrumbs: "首页 > 工作总结 > 正文", "当前栏目：X > Y" -----------------------------------------
_CRUMB_SPLIT_RE = re.compile(r"\s*[>＞»›]\s*")

# --- the file's card: uploader, date, views, size ----------------------------------------------
_META_LABEL_RE = re.compile(
    r"上传|发布|分享于|投稿|提交|审核|作者|贡献者|栏目|分类|类别|热度|人气|浏览|阅读|点击|下载|收藏|评论|"
    r"评分|星级|格式|页数|大小|编号|更新|日期|时间|来自|来源|积分|下载券|金币|售价|价格|"
    r"uploaded|views?\b|\bby\b",
    re.I,
)
# Someone putting the file up: "X 于 2022-06-01 发布", "由 X 分享于 …".
_META_VERB_RE = re.compile(r"上传|发布|分享|投稿|提交|更新|发表|编辑于|收录|uploaded|\bby\b", re.I)
_META_DATE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
_META_COUNT_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:次|人(?:已读|阅读|下载|浏览|收藏|看过)?|KB|MB|kb|mb|页|字|赞)|★|☆"
)
_META_SEPARATOR_RE = re.compile(r"[|｜·•]|\s{2,}")
_META_FIELD_RE = re.compile(rf"(?:{_META_LABEL_RE.pattern})[^\s:：|｜]{{0,3}}\s*[:：]", re.I)
_META_MAX = 90
# The card read field by field ("ABC文秘 2017.06.03 11:27 5405阅读", "757.7KB 7页 39648次下载",
# "文档评分：★★★★☆ 12人评价"): a line of fields set apart by spaces or bars, nearly every one a
# date, a counter, a file size or page count, a rating, a format or a "label：value" of the card;
# one field may be free (the uploader's name). A table row's bare figures ("学校数 64 63 61") and
# a date under a signature are no such fields.
_FIELD_SPLIT_RE = re.compile(r"\s*[|｜·•／]\s*|\s+/\s+|\s+")
_COUNTED_ACTION = r"(?:阅读|浏览|下载|收藏|评论|点赞|赞|评价|评分|分享|点击|播放|围观|关注|看过|浏览过|下载过|回复)"
_DATE_FIELD_RE = re.compile(
    r"(?:\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?|\d{1,2}\s*[-/月]\s*\d{1,2}\s*日?"
    r"|\d{1,2}:\d{2}(?::\d{2})?|\d+\s*(?:秒|分钟|小时|天|周|个月|年)前|刚刚|昨天|前天|今天)"
)
_COUNTER_FIELD_RE = re.compile(
    rf"(?:\d+(?:\.\d+)?[万千wWkK]?\+?\s*(?:次|人|位)?{_COUNTED_ACTION}(?:次|量|数)?"
    rf"|{_COUNTED_ACTION}(?:量|数|次数|人数)?\s*\d+(?:\.\d+)?[万千wWkK]?\+?\s*次?)"
)
_SIZE_FIELD_RE = re.compile(
    r"(?:共\s*)?\d+(?:\.\d+)?\s*(?:KB|MB|GB|K|M|B|字节|页|字|P)", re.I
)
_RATING_FIELD_RE = re.compile(r"[★☆✩✰⭐]+|\d(?:\.\d)?\s*分|\d(?:\.\d)?\s*星")
_FORMAT_FIELD_RE = re.compile(r"(?:docx?|pdf|pptx?|txt|wps|xlsx?|rtf)(?:格式|文档)?", re.I)
# "上传于2021-03-05", "发布于", "由X整理发布", "X分享": putting the file up, with or without a date.
_POSTED_FIELD_RE = re.compile(r"(?:由.{1,12})?(?:上传|发布|分享|发表|投稿|更新|整理发布|收录)(?:于|在|时间)?.{0,16}")
_CARD_FIELDS_MAX = 8

# --- the reader asked to download, pay, scan, read on ----------------------------------------
_ACTION_RE = re.compile(
    r"下载|预览|试读|试看|阅读全文|阅读全部|继续阅读|展开|折叠|加载|剩余|省略|付费|购买|积分|下载券|"
    r"VIP|会员|开通|登录|注册|扫码|扫描|扫一扫|二维码|公众号|客服|微信|私信|收藏|保存到|复制|打印|"
    r"编辑|Word|PDF|获取|领取|素材包|畅享|特价|¥|免费|点击|点此|立即|查看|完整版|完整内容|手机|电脑|APP|"
    r"仅展示|仅显示|未显示|更多内容|全部内容|剩余内容",
    re.I,
)
# ... about this page or document, or in the imperative: what tells a prompt from a report line that
# mentions an app or a download ("开通政务服务APP").
_PROMPT_ANCHOR_RE = re.compile(
    r"本文|本篇|此文|此文档|本文档|文档|全文|原文|原稿|正文|此处|以上|预览|本页|\d+\s*页|"
    r"请|您|你|点击|点此|扫|立即|一键|>>|»|吧|哦|啦|~|～|付费|下载券|积分下载|¥|￥|特价|VIP"
)
# What the reader is asked to do with the page (not the channels a report also names: 微信, APP).
_READER_ACTION_RE = re.compile(
    r"下载|收藏|保存到|查看|编辑|付费|购买|积分|扫码|扫一扫|领取|获取|点击|点此|登录|注册|复制|打印|"
    r"阅读全文|阅读全部|继续阅读|展开|加载|私信|畅享"
)
# How often a page was clicked or read is a figure a report gives, no prompt ("网站点击量：12.6万次").
_STATISTIC_RE = re.compile(r"(?:点击|阅读|浏览|下载|访问|播放)(?:量|率|次数|人次)")
# Words only a preview page uses: on a short line, alone enough.
_PREVIEW_RE = re.compile(r"预览|试读|试看|未显示|仅展示|仅显示|已折叠|折叠|省略\d*字")
# The text of this very page, and the ways a reader gets it: "原文" + "私信", "本资料" + "下载".
_THIS_TEXT_RE = re.compile(
    r"全文|原文|原稿|原件电子版|电子版|源文件|全部内容|完整内容|剩余内容|完整版|"
    r"(?:本|此|该)(?:文|篇|资料|文档|文件|资源|材料|范文|稿)|(?:word|pdf|doc)\s*(?:版|格式|文档|文件)|"
    r"全部\s*\d*\s*篇|全套|打包",
    re.I,
)
_GETTING_IT_RE = re.compile(r"下载|获取|领取|私信|留言|回复|扫码|扫一扫|购买|付费|复制|打印|收藏|登录|注册|开通|戳|上传|自取")
# The particles a site chats with; a report does not write them.
_CHATTY_RE = re.compile(r"吧[！!~～]?$|哦|啦|呦|哟|~|～|亲")
_PROMPT_MAX = 60
_WIDGET_MAX = 25  # a button or widget label: two things to do with the page in so few words

# --- the article presented as one of many: SEO blurbs --------------------------------------------
_BLURB_GROUPS = (
    re.compile(r"您|你们?|大家|网友|朋友|读者|小编|亲们?"),  # the reader addressed
    re.compile(r"整理|收集|搜集|精选|挑选|精心|分享|推荐|收藏|汇总|编辑|原创|首发|点赞|点个赞"),  # curation
    re.compile(r"本文|本篇|这篇|此文|下文|下面|以下|如下|范文|\d+篇|篇篇|文章|怎么写|参考|借鉴"),  # the article
    re.compile(r"吧|哦|啦|~|～|快来|一起来|不妨|记得|建议|欢迎|希望|帮助|有用|启发|慢慢看"),  # invitation
    re.compile(r"优秀|经典|精彩|详实|清晰|值得|实用|最新|好文|写得"),  # praise
    re.compile(r"阅读约|约需|\d+\s*分钟|共计?\s*\d+\s*字"),  # reading time
)
_READER, _INVITATION, _READING_TIME = 0, 3, 5
# Only a site speaks of its article as a 范文 or of its 小编 and 网友 (a report 整理s and 精选s too).
_BLURB_ANCHOR_RE = re.compile(
    r"范文|本文|本篇|这篇|此文|下文|小编|网友|收藏|点赞|点个赞|原创首发|"
    r"(?:分享|推荐|整理|精选|挑选|收集)了?(?:一|\d+)篇"  # the site offering articles
)
_BLURB_MAX = 100

# --- the site's name with a slogan: banners -------------------------------------------------------
_SITE_NAME_RE = re.compile(
    r"文库|文档|资料库|资料站|资料网|范文|文摘|素材库|写作网|(?<!互联)(?<![电国])网(?![上络格点民购])|网站|站(?=[^\u4e00-\u9fff]|$)"
)
# Words of a slogan or a link; punctuation alone is not enough ("公文档案管理：…" is a report line).
_SLOGAN_RE = re.compile(
    r"欢迎|光临|专注|一站式|首页|手机版|电脑版|海量|免费|优质|身边|好帮手|更简单|专业|提供|"
    r"www\.|\.com|\.net|\.cn|【[^】]{2,10}】|登录|注册|帮助中心|\d+\s*万\+"
)
_BANNER_MAX = 45
# --- the site presenting itself under a name without those words ("公文侠 - 让写材料不再难",
# "X·机关文秘人员的素材库", "X官方网站 每日更新", "您正在访问：X（x.cn）"). What a site says of
# itself comes in a few kinds of words; a banner joins two kinds in one short line, and where no word
# speaks to the reader, it is set as a name and a slogan: two parts with a separator between.
_SITE_SELF_RE = re.compile(
    r"平台|网站|官网|官方网站|本站|本网(?!络)|站点|首页|主页|文库|资料库|素材库|范文库|文档库|资源库|频道|专区|"
    r"手机版|电脑版|移动版|客户端|小程序|APP|域名|网址|"
    r"[\u4e00-\u9fff]网(?=$|[\s|｜·•\-—–:：,，（(]|[A-Za-z])"  # a name ending in 网: "公文大全网｜…"
)
_WRITING_SERVICE_RE = re.compile(r"写作|写材料|写稿|文秘|范文|素材|文档|资料|模板|公文|材料|文章|文案|文字工作")
# The reader welcomed, served or chatted with.
_READER_WELCOME_RE = re.compile(r"欢迎|您|你(?!们)|身边|尽在|正在访问|帮您|为您|陪您|助您|啦|哦|呦|哟|~|～|请收藏|请记住")
_PROMOTION_RE = re.compile(
    r"最懂|最全|最好|好帮手|助手|一站式|海量|首选|值得信赖|专注|(?:每日|每天|天天|实时|持续)更新|"
    r"让.{1,8}(?:更|不再|变得|都)|每一(?:篇|份|位|次)|轻松|省心|必备|随时随地|上线|"
    r"收录|\d+\s*万\+?\s*(?:份|篇|套)"  # how much it holds (a title's "精选5篇" is no boast)
)
# A web address; not the domain of a mail address ("kefu@x.com" is a contact a report may give).
_LINK_RE = re.compile(
    r"www\.|https?://|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|cn|org|cc|top|vip|info)\b", re.I
)
_NAME_SLOGAN_SEPARATOR_RE = re.compile(r"\s|[-—–|｜∣│┃¦·•:：,，!！]")
# A bar sets a page's name apart from its slogan, and a report's line has none; a dot or dash with
# spaces around it does too ("马克思·韦伯" has no spaces), though a report may set a range or a
# stage so ("第一阶段 — 动员部署").
_BAR_RE = re.compile(r"[|｜∣│┃¦]")
_SPACED_DOT_OR_DASH_RE = re.compile(r"\s[·•\-–—]\s")
_REPORT_TITLE_WORD_RE = re.compile(r"总结|报告|讲话|汇报|方案|计划|要点|意见|通知|决定|办法|规划|纲要|发言|致辞")
_SLOGAN_MAX = 40
_NAME_MAX = 8  # Chinese characters of a site's name

# --- footers: copyright, licence numbers, disclaimers ---------------------------------------------
_LICENCE_NUMBER_RE = re.compile(
    r"ICP\s*[备证]|公网安备|B2-\d{4,}|经营许可证|备案号|违法和不良信息", re.I
)
_COPYRIGHT_RE = re.compile(
    r"©|Copyright|All rights reserved|版权所有|Powered by|(?:著作权|版权)归.{0,8}所有", re.I
)
_DISCLAIMER_RE = re.compile(
    r"侵权|侵犯|删除|免责|声明|商业用途|学习交流|仅供|仅作|仅提供|参考|转载|授权|权益|存储空间"
)
# The site speaking of itself or its users: a report may well write about 侵权 and 删除.
_DISCLAIMER_ANCHOR_RE = re.compile(
    r"本站|本网|本平台|本页|本文档|来源于网络|来自网络|互联网用户|网友|用户上传|原作者|请勿|请联系|联系我们|邮件"
)
_FOOTER_MAX = 90


def site_voice_kind(line: str) -> str | None:
    """The kind of site text a short line is ("banner", "uploader", "download_prompt", "seo_blurb",
    "copyright", "icp"), or None. Headings and other numbered lines are the caller's to exclude."""
    n = len(line)
    if n > _BLURB_MAX:
        return None
    if n <= _FOOTER_MAX:
        if _LICENCE_NUMBER_RE.search(line):
            return "icp"
        if _COPYRIGHT_RE.search(line) or _is_disclaimer(line):
            return "copyright"
    if n <= _META_MAX and _is_file_card(line):
        return "uploader"
    if n <= _MENU_MAX and _is_menu(line):
        return "banner"
    if n <= _MENU_MAX and _is_breadcrumb(line):
        return "related_links"
    if n <= _PROMPT_MAX and _is_reader_prompt(line):
        return "download_prompt"
    if _is_blurb(line):
        return "seo_blurb"
    if n <= _PROMPT_MAX and _tells_how_to_get_this_text(line):
        return "download_prompt"
    if n <= _BANNER_MAX and _is_site_name_line(line):
        return "banner"
    if n <= _SLOGAN_MAX and _is_site_slogan(line):
        return "banner"
    return None


def _is_menu(line: str) -> bool:
    """Three or more short links side by side, at most one of them with a number in it; a table
    row in Markdown starts with its bar and is not a menu (see also _WEAK_MENU_SPLIT_RE)."""
    if line.startswith(("|", "｜")) or _SENTENCE_END_RE.search(line):
        return False
    unlabelled = _MENU_LABEL_RE.sub("", line)
    parts = [p for p in _MENU_SPLIT_RE.split(unlabelled) if p]
    # Behind a label or a bracketed name, or set apart by a report's separators, the links must
    # name the site's pages or the kinds of documents it files.
    weak = unlabelled != line
    if len(parts) < 3:
        parts, weak = [p for p in _WEAK_MENU_SPLIT_RE.split(unlabelled) if p], True
    if len(parts) < 3 or (weak and sum(1 for p in parts if _SITE_PAGE_RE.search(p)) * 3 < len(parts) * 2):
        return False
    if any(not 2 <= len(p) <= 10 for p in parts):
        return False
    return sum(1 for p in parts if any(ch.isdigit() for ch in p)) <= 1


def _is_breadcrumb(line: str) -> bool:
    """Two or more short names of pages joined by ">": where the page sits on the site."""
    if _SENTENCE_END_RE.search(line):
        return False
    parts = [p for p in _CRUMB_SPLIT_RE.split(line) if p]
    if len(parts) < 2:
        return False
    return all(len(p) <= 14 and len(_CJK_RE.findall(p)) >= 2 and not any(ch.isdigit() for ch in p) for p in parts)


def _is_file_card(line: str) -> bool:
    """A file's card: "上传者：… 浏览：…次", "贡献者：…｜分类：…", "X 于 2021-03-05 上传", "由 X 分享于 …"."""
    if "。" in line:
        return False
    if _is_card_of_fields(line):
        return True
    labels = set(_META_LABEL_RE.findall(line.lower()))
    if not labels:
        return False
    fields = len(_META_FIELD_RE.findall(line))
    if fields >= 2 and (_META_SEPARATOR_RE.search(line) or _META_DATE_RE.search(line)):
        return True  # two "label：value" fields set apart ("网站点击量：…，阅读量：…" is a sentence)
    dated = _META_DATE_RE.search(line) is not None
    counted = _META_COUNT_RE.search(line) is not None
    if dated and len(line) <= 40 and _META_VERB_RE.search(line) and not re.search(r"[，,；;]", line):
        return True  # who put it up when, and nothing else
    # A meeting's "时间：… 地点：…" has one label and a date: a card has more labels or a counter.
    signals = len(labels) + dated + counted + bool(_META_SEPARATOR_RE.search(line))
    return signals >= 3 and (dated or counted) and (len(labels) >= 2 or counted)


def _is_card_of_fields(line: str) -> bool:
    """Fields of a file's card side by side (see _FIELD_SPLIT_RE): two or more of the card's, one
    of them more than a date (a date alone stands under a signature, a time beside a meeting's)."""
    if _SENTENCE_END_RE.search(line) or re.search(r"[，,]", line):
        return False
    fields = [f for f in _FIELD_SPLIT_RE.split(line) if f]
    if not 2 <= len(fields) <= _CARD_FIELDS_MAX:
        return False
    kinds = [_card_field_kind(field) for field in fields]
    card = [k for k in kinds if k is not None]
    free = len(kinds) - len(card)
    return len(card) >= 2 and free <= 1 and any(k != "date" for k in card)


def _card_field_kind(field: str) -> str | None:
    """What one field of a file's card is: "date", "counter", "size", "rating", "format", "label"
    (a label of the card with its value), "posted"; None for anything else."""
    for kind, regex in (("date", _DATE_FIELD_RE), ("counter", _COUNTER_FIELD_RE), ("size", _SIZE_FIELD_RE),
                        ("rating", _RATING_FIELD_RE), ("format", _FORMAT_FIELD_RE)):
        if regex.fullmatch(field):
            return kind
    label, colon, value = field.partition("：") if "：" in field else field.partition(":")
    value = value.strip()
    if colon and label and len(label) <= 6:
        # "时间：2024年3月12日" beside a meeting's place is a date, not yet a card.
        if _DATE_FIELD_RE.fullmatch(value):
            return "date"
        card_value = (_COUNTER_FIELD_RE, _SIZE_FIELD_RE, _RATING_FIELD_RE, _FORMAT_FIELD_RE)
        if _META_LABEL_RE.search(label) or any(regex.fullmatch(value) for regex in card_value):
            return "label"  # a label of a card, or any label with a card's value ("文件类型：PDF")
    if _POSTED_FIELD_RE.fullmatch(field) and _META_VERB_RE.search(field):
        return "posted"
    return None


def _is_reader_prompt(line: str) -> bool:
    """A preview's notice, a widget's two actions, or site actions said about this page or to the
    reader ("本文需要3积分下载", "扫码关注…获取全文"). A short prompt may ask before it tells
    ("想要全文？戳这里下载")."""
    inner_ends = _SENTENCE_END_RE.findall(line.rstrip("。！!"))
    if inner_ends and not _is_asked_then_told(line, inner_ends):
        return False
    line = _STATISTIC_RE.sub("", line)
    if len(line) <= _WIDGET_MAX and _PREVIEW_RE.search(line):
        return True
    if len(line) <= _WIDGET_MAX and len(set(_READER_ACTION_RE.findall(line))) >= 2:
        return True
    if len(line) <= _WIDGET_MAX and _READER_ACTION_RE.search(line) and _CHATTY_RE.search(line):
        return True  # one thing to do with the page, said the way a site chats ("下载下来慢慢读吧")
    actions = {m.lower() for m in _ACTION_RE.findall(line)}
    return len(actions) >= 2 and _PROMPT_ANCHOR_RE.search(line) is not None


def _is_asked_then_told(line: str, inner_ends: list[str]) -> bool:
    """A short prompt's question and its answer in one line ("想要全文？戳这里下载"); a line that ends
    on its question ("请问您安装了…吗？") is someone's sentence."""
    if len(inner_ends) != 1 or inner_ends[0] not in "？?" or len(line) > _WIDGET_MAX + 5:
        return False
    answer = line.rstrip("。！!").partition(inner_ends[0])[2]
    return _READER_ACTION_RE.search(answer) is not None


def _tells_how_to_get_this_text(line: str) -> bool:
    """This page's text and a way to get it, in a line that is no sentence of a report ("需要原文的
    朋友可以私信我", "下载提示：本资料为Word格式"); asked as a question first, too."""
    if "。" in line or len(_SENTENCE_END_RE.findall(line.rstrip("！!"))) > 1:
        return False
    return _THIS_TEXT_RE.search(line) is not None and _GETTING_IT_RE.search(line) is not None


def _is_blurb(line: str) -> bool:
    """Two or more kinds of cue, three cues in all, and the line speaks: to the reader, or in a
    sentence. A page title ("X工作总结,X范文(精选5篇)") has the cues but says nothing to anyone."""
    if len(_SENTENCE_END_RE.findall(line)) > 2 or not _BLURB_ANCHOR_RE.search(line):
        return False
    hit = [group.search(line) is not None for group in _BLURB_GROUPS]
    speaks = hit[_READER] or hit[_INVITATION] or hit[_READING_TIME] or line.endswith(tuple("。！!~～"))
    return speaks and sum(hit) >= 2 and _cue_count(line) >= 3


def _cue_count(line: str) -> int:
    return len({m for group in _BLURB_GROUPS for m in group.findall(line)})


def _is_site_name_line(line: str) -> bool:
    """A site's name ("…文库", "…范文网", "…资料站") with a slogan or a link."""
    if "。" in line or len(_CJK_RE.findall(line)) < 2:
        return False
    return _SITE_NAME_RE.search(line) is not None and _SLOGAN_RE.search(line) is not None


def _is_site_slogan(line: str) -> bool:
    """A site's name with what it says of itself (see _SITE_SELF_RE and the groups after it): words
    welcoming the reader with words of the site or its documents or a link; or the site and its
    documents, or praise of either, set as a name and a slogan. Report titles, sentences and lines
    opening with a task ("打造一站式服务平台") are not."""
    if re.search(r"[。；;？?“”\"《》]", line) or TASK_OPENING_RE.match(line):
        return False  # a sentence, a quotation or a title cited: someone writing, no site's slogan
    site_self = _SITE_SELF_RE.search(line) is not None
    writing = _WRITING_SERVICE_RE.search(line) is not None
    link = _LINK_RE.search(line) is not None
    welcome = _READER_WELCOME_RE.search(line) is not None
    promoted = _PROMOTION_RE.search(line) is not None
    # A kind of document named without praise or welcome is a report's title ("…工作总结"); a site
    # names the kinds it serves in its slogan ("专注述职报告写作").
    if _REPORT_TITLE_WORD_RE.search(line) and not (welcome or promoted):
        return False
    if welcome:
        return site_self or writing or link
    if link:
        # A link and a name beside it, or a link the site's words go with.
        return writing or site_self or len(_CJK_RE.findall(_LINK_RE.sub("", line))) <= _NAME_MAX
    parts = [part for part in _NAME_SLOGAN_SEPARATOR_RE.split(line) if part]
    set_as_name_and_slogan = len(parts) >= 2 and not _NAME_SLOGAN_SEPARATOR_RE.match(line)
    if not set_as_name_and_slogan:
        return False
    if _BAR_RE.search(line):
        return True
    if _SPACED_DOT_OR_DASH_RE.search(line):
        return writing or site_self or promoted
    return (site_self or promoted) and (writing or (site_self and promoted))


def _is_disclaimer(line: str) -> bool:
    return len(set(_DISCLAIMER_RE.findall(line))) >= 2 and _DISCLAIMER_ANCHOR_RE.search(line) is not None
