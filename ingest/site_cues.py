"""Signs that a short line is a site's, counted, for lines no recogniser of site_noise/site_voice named.

A site words its chrome anew on every page, so a line may carry none of the phrases those recognisers
know and still be plainly the site's: "评分 4.0 / 10", "墨香文摘™ 中国公文写作第一站", "全文阅读需3个金币",
"本文由用户“晨曦”提供". What gives it away is its material: symbols and Latin words a report does not
write, the page speaking of itself or to its reader, the site's money, buttons, counters, stamps of
date and time; and, more weakly, the words of getting and offering documents.

Strong signs are ones a report's heading or signature does not carry; weak signs a report line may
well have one of ("推进政务服务平台建设", "做好资料整理归档"), so they are counted by kind. How many
signs make a line the site's depends on where it stands: ingest.clean asks more of a line inside the
report than of one above its title or below its signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- strong: each alone is enough for a short line that stands apart from the report's text --------
_STRONG_CUES: dict[str, re.Pattern[str]] = {
    # trademarks, bars, arrows, stars, currency, decorative symbols (a leading bullet is not counted)
    "symbol": re.compile(r"[™®©∣｜|¦│┃»«▼▲▽△↓↑→←⇒★☆✩♥❤✓✔✪❀¥￥〖〗]|>>|<<"),
    # a Latin word in lower case: a user's handle, "Hi", a domain (a report writes GDP, 5G, PM2.5, APP)
    # ("km", "kg" after a figure are units; "**" between figures masks a number)
    "latin_word": re.compile(
        r"(?<![A-Za-z0-9])(?!app\b|App\b)[A-Za-z]?[a-z]{2,}|[A-Za-z]+_[A-Za-z0-9]+|[A-Za-z]\*{2,}[A-Za-z0-9]"
    ),
    # the reader spoken to, or the site's staff and users named
    "reader": re.compile(r"您|你(?!们)|亲们?|欢迎(?:您|你|来到|光临|访问)|小编|网友|楼主|用户[“\"「]"),
    # the particles of a chat
    "chatty": re.compile(r"啦|哦|呦|哟|~|～|吧$"),
    # the page speaking of itself ("本文件" is a report's own way of naming itself)
    "page_self": re.compile(r"本站|本网(?!络)|本页|本文(?!件)|本篇|此文|该文|本资料|此文档|该文档"),
    # the site's money and paid tiers (a report's "积分制管理", "积分落户" are no price)
    "site_money": re.compile(
        r"金币|\d+\s*个?积分|积分下载|下载券|VIP|会员专享|付费(?:下载|阅读|后|文档)|[¥￥]\s*\d|\d+(?:\.\d+)?元/", re.I
    ),
    # what only a site claims of a file, its users' pages on it, its catalogue numbers
    "file_claim": re.compile(
        r"可(?:任意|随意|自由|直接)?(?:编辑|修改)(?:使用)?$|可编辑|的(?:文库|空间|博客)|"
        r"(?:文档|资料|资源|作品)\s*(?:编号|ID)\s*[:：]?\s*[\w-]{4,}",
        re.I,
    ),
    # the page's buttons and where they are
    "ui": re.compile(
        r"点击|点此|点我|戳|蓝字|按钮|网盘|云盘|保存到(?:本地|手机|电脑)|链接[:：]|"
        r"(?:上方|下方|右侧|左侧|右上角|底部)(?:的)?(?:蓝字|按钮|链接|图片|二维码)"
    ),
    # counters, file sizes, ratings out of 5 or 10
    "counter": re.compile(
        r"\d+(?:\.\d+)?[万wW]?\+?\s*(?:次|人)?(?:下载|阅读|浏览|收藏|评论|点赞|评价|好评|围观)|"
        r"(?:阅读|浏览|下载|点击|收藏)(?:量|数|次数)\s*[:：]?\s*\d|\d+(?:\.\d+)?\s*(?:KB|MB)\b|"
        r"\d(?:\.\d)?\s*/\s*(?:5|10)\b|[★☆]",
        re.I,
    ),
    # a date with its time of day, stamped by a server
    # or when the file was put up or changed ("最后修改：2021-03-05", "发布于2021年3月5日")
    "timestamp": re.compile(
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}|\d{1,2}:\d{2}:\d{2}|"
        r"(?:修改|更新|编辑|上传|发布|发表)(?:于|时间|日期)?\s*[:：]?\s*\d{4}\s*[-/.年]"
    ),
}

# --- weak: counted by kind; a report line may carry one kind ----------------------------------------
_WEAK_CUES: dict[str, re.Pattern[str]] = {
    # what a reader does with a page (not 注册 alone: "注册商标", "注册资本" are a report's)
    "page_action": re.compile(
        r"下载|上传|收藏|分享|浏览|阅读|打印|复制|登录|注册(?:登录|账号|会员)|立即注册|订阅|转发|评论|扫码|购买|开通|领取|"
        r"免费|查看"
    ),
    # the site itself and its parts
    "site_self": re.compile(
        r"网站|平台|文库|资料库|素材库|频道|栏目|首页|小程序|公众号|服务号|订阅号|视频号|客服|官方|APP|"
        r"[\u4e00-\u9fff]网$|[\u4e00-\u9fff]站$"
    ),
    # the document as the site's product
    "product": re.compile(
        r"范文|范本|范例|模板|素材|文档|资料|精品|精华|原创|出品|写作|写材料|怎么写|技巧|大全|汇总|合集|"
        r"\d+\s*篇|\d+\s*页|字数|Word|PDF|docx?\b",
        re.I,
    ),
    # how a site praises itself
    # (not 优质, 推荐, 最新 alone: "优质均衡", "推荐评选", "最新进展" are a report's)
    "praise": re.compile(r"最全|最新版|必属|第一站|海量|一站|首选|专注|热门|人气|精选|每日更新|每天更新|改版|上线|尽收"),
    # a date as a site writes it ("2021-03-05", "2021/3/5"), a report writing 2021年3月5日
    "site_date": re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"),
    # someone's account, and what readers made of the file (a report's "综合评分 95分" is a score)
    "account": re.compile(r"用户|作者|上传者|提供者|贡献者|发布者|佚名|匿名|评分|星级|好评"),
    # a name set apart from a slogan by a space ("X 一个有温度的写作社区"): a report's short line puts
    # a space only between an office and a name, or in a table row, with no other sign
    "spaced": re.compile(r"[\u4e00-\u9fff]{2,}\s+[\u4e00-\u9fff]{2,}"),
}


@dataclass(frozen=True)
class SiteCues:
    strong: frozenset[str]  # kinds of strong signs found
    weak: frozenset[str]  # kinds of weak signs found

    @property
    def alone_enough(self) -> bool:
        """A sign that tells on its own where little is asked (above a title, below a signature);
        a space between two words is no sign by itself."""
        return bool(self.strong or self.weak - {"spaced"})


def site_cues(line: str) -> SiteCues:
    """The kinds of signs of site text in `line` (see the module docstring)."""
    # A mail address is a contact a report gives too ("邮箱：zhangsan@163.com"): no sign of a site.
    body = _MAIL_RE.sub("", _LEADING_BULLET_RE.sub("", line))
    strong = frozenset(kind for kind, regex in _STRONG_CUES.items() if regex.search(body))
    weak = frozenset(kind for kind, regex in _WEAK_CUES.items() if regex.search(body))
    return SiteCues(strong, weak)


_LEADING_BULLET_RE = re.compile(r"^[^\w\s（(【\[《“\"'‘「]\s*")
_MAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
