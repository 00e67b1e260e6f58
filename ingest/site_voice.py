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

# --- menus: "首页 | 范文 | 公文", "关于我们 | 联系我们 | 隐私政策", "工作总结·述职报告·讲话稿" ----------
_MENU_SPLIT_RE = re.compile(r"\s*[|｜]\s*|\s*[·•]\s*|\s{2,}")
_MENU_MAX = 70
# --- breadcrumbs: "首页 > 工作总结 > 正文", "当前栏目：X > Y" -----------------------------------------
_CRUMB_SPLIT_RE = re.compile(r"\s*[>＞»›]\s*")

# --- the file's card: uploader, date, views, size ----------------------------------------------
_META_LABEL_RE = re.compile(
    r"上传|发布|分享于|投稿|提交|审核|作者|贡献者|栏目|分类|类别|热度|人气|浏览|阅读|点击|下载|收藏|评论|"
    r"评分|星级|格式|页数|大小|编号|更新|日期|时间|来自|来源|uploaded|views?\b|\bby\b",
    re.I,
)
# Someone putting the file up: "X 于 2022-06-01 发布", "由 X 分享于 …".
_META_VERB_RE = re.compile(r"上传|发布|分享|投稿|提交|更新|uploaded|\bby\b", re.I)
_META_DATE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
_META_COUNT_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:次|人(?:已读|阅读|下载|浏览|收藏|看过)?|KB|MB|kb|mb|页|字|赞)|★|☆"
)
_META_SEPARATOR_RE = re.compile(r"[|｜·•]|\s{2,}")
_META_FIELD_RE = re.compile(rf"(?:{_META_LABEL_RE.pattern})[^\s:：|｜]{{0,3}}\s*[:：]", re.I)
_META_MAX = 90

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
    if n <= _BANNER_MAX and _is_site_name_line(line):
        return "banner"
    return None


def _is_menu(line: str) -> bool:
    """Three or more short links side by side, at most one of them with a number in it; a table
    row in Markdown starts with its bar and is not a menu."""
    if line.startswith(("|", "｜")) or _SENTENCE_END_RE.search(line):
        return False
    parts = [p for p in _MENU_SPLIT_RE.split(line) if p]
    if len(parts) < 3:
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


def _is_reader_prompt(line: str) -> bool:
    """A preview's notice, a widget's two actions, or site actions said about this page or to the
    reader ("本文需要3积分下载", "扫码关注…获取全文")."""
    if len(_SENTENCE_END_RE.findall(line.rstrip("。！!"))) > 0:
        return False
    line = _STATISTIC_RE.sub("", line)
    if len(line) <= _WIDGET_MAX and _PREVIEW_RE.search(line):
        return True
    if len(line) <= _WIDGET_MAX and len(set(_READER_ACTION_RE.findall(line))) >= 2:
        return True
    actions = {m.lower() for m in _ACTION_RE.findall(line)}
    return len(actions) >= 2 and _PROMPT_ANCHOR_RE.search(line) is not None


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


def _is_disclaimer(line: str) -> bool:
    return len(set(_DISCLAIMER_RE.findall(line))) >= 2 and _DISCLAIMER_ANCHOR_RE.search(line) is not None
