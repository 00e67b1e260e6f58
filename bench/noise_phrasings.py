"""Phrasings of document-sharing-site noise, written for the cleaning benchmark, in two fixed halves.

Every class has its templates split into "tune" (the cleaner may be tuned on them) and "check" (only
ever reported). The halves differ in wording and shape, not only in slot values: a cleaner that
learned the tune strings fails the check half. Slots (`{site}`, `{n}`, `{date}`, ...) are filled by
bench.noise_generator; site names and domains are split into halves too.
"""

from __future__ import annotations

HALVES = ("tune", "check")

# The noise classes, in the order the benchmark reports them.
KINDS = (
    "banner",
    "seo_blurb",
    "uploader",
    "page_marker",
    "page_marker_glued",
    "download_prompt",
    "preview_cut",
    "related_titles",
    "related_titles_bare",
    "footer",
    "stray_id",
)

# Titles of other documents a site lists (with a header line: class related_titles; without:
# related_titles_bare).
RELATED_TITLES: dict[str, list[str]] = {
    "tune": [
        "{place}{org}{year}年{topic}",
        "{year}年{topic}范文（精选{k}篇）",
        "关于{issue}的{doctype}",
        "{topic}心得体会{k}篇",
        "最新{topic}范文大全",
        "{org}{topic}述职报告",
        "{place}{year}年上半年{topic}",
        "{topic}怎么写（附范文）",
        "{year}年度{org}{topic}汇编",
        "优秀{topic}模板{k}篇",
    ],
    "check": [
        "{org}关于{issue}的自查报告",
        "{year}{topic}【通用{k}篇】",
        "{place}{org}{topic}（{year}年）",
        "{topic}精选范文{k}篇（可编辑）",
        "学校{topic}{year}最新",
        "{issue}{doctype}范本",
        "{org}{year}年{topic}及{next_year}年工作计划",
        "个人{topic}简短",
        "{topic}开头和结尾",
        "{place}{issue}经验交流材料",
    ],
}
# How a site sets the items of such a list; "{i}" is the item's number.
RELATED_BULLETS: dict[str, list[str]] = {
    "tune": ["", "· ", "{i}. ", "▶ ", "◇"],
    "check": ["", "• ", "- ", "★ ", "{i}、"],
}

PHRASINGS: dict[str, dict[str, list[str]]] = {
    "banner": {
        "tune": [
            "欢迎光临{site}——海量公文范文在线阅读",
            "{site}｜专注{topic}写作{k}年",
            "【{site}】工作总结·述职报告·讲话稿·心得体会",
            "{site}：一站式文档分享平台",
            "{site} 首页 | 范文 | 公文 | 总结 | 计划 | 方案",
            "{site}欢迎您！您身边的写作好帮手",
            "手机版 | {site} | 电脑版",
            "{site}（{domain}.com）—— 免费公文范文下载",
        ],
        "check": [
            "您好，欢迎来到{site}，今天是{date}",
            "{site}·让写作更简单",
            "本页面由{site}提供 www.{domain}.net",
            "{site} 专业文档共享平台 | 找范文 上{site}",
            "当前栏目：{site} > {topic}",
            "热烈欢迎各位网友光临{site}！",
            "{site}｜公文写作素材库 {n}万+优质文档",
            "登录 注册 | {site} | 帮助中心",
        ],
    },
    "seo_blurb": {
        "tune": [
            "{title}是{site}的网友为您精心整理的，希望对您有所帮助。",
            "本篇{topic}由{site}编辑收集整理，欢迎参考借鉴。",
            "{site}为广大网友精选了{k}篇{topic}范文，下面一起来看看吧！",
            "关于{topic}的范文有很多，小编特意挑选了其中{k}篇，仅供大家参考阅读。",
            "{topic}怎么写？{site}整理了最新的{topic}范文，快来看看吧。",
            "本文是一篇关于{topic}的优秀范文，内容详实，结构清晰，值得借鉴。",
            "精心挑选{k}篇{topic}，篇篇经典，收藏起来慢慢看！",
            "下文为{topic}相关内容，共{words}字，阅读约需{k}分钟。",
        ],
        "check": [
            "写{topic}时不知道怎么写？这里有{k}篇优秀范文可以参考。",
            "今天给大家分享一篇{topic}，一起来学习一下吧~",
            "这篇{topic}写得很好，推荐给有需要的朋友。",
            "想要写好{topic}，不妨看看下面这篇文章，相信会给你带来启发。",
            "{topic}范文精选｜{year}最新版，建议收藏",
            "本文共计{words}字，由{site}的作者原创首发，内容仅供写作参考。",
            "整理不易，觉得有用的话记得点个赞哦！",
            "导读：{title}，本文围绕{topic}展开，希望能帮到正在写材料的你。",
        ],
    },
    "uploader": {
        "tune": [
            "上传者：{user}    上传时间：{date}    浏览：{n}次",
            "作者：{user}  发布于 {date}  阅读 {n}",
            "{user} 于 {date} 上传 | 共{k}页 | {kb}KB",
            "贡献者：{user}｜分类：{topic}｜热度：{n}",
            "发布人：{user}    日期：{date}    点击数：{n}",
            "格式：DOC | 页数：{k} | 大小：{kb}KB | 下载：{n}次",
            "由 {user} 分享于 {date}",
            "文档信息：{k}页 {words}字 更新于{date}",
        ],
        "check": [
            "文档作者 {user} · {date} · {n}人已读",
            "投稿人：{user}  审核：{user2}  栏目：{topic}",
            "所属栏目：{topic}  更新日期：{date}",
            "{date} · 来自{city} · {n}次浏览",
            "资料编号：{num}    星级：★★★★☆    评论：{k}",
            "上传于{date}，已有{n}人下载",
            "Uploaded by {latin_user} on {iso_date}",
            "{user} | {date} | 收藏{k} | 阅读{n}",
        ],
    },
    # A page's own number, printed on a line of its own between two pages. {p}: this page, {total}:
    # the document's page count, {cn_p}: this page in Chinese numerals.
    "page_marker": {
        "tune": [
            "- {p} -",
            "第 {p} 页",
            "第{p}页 共{total}页",
            "Page {p} of {total}",
            "{p}/{total}",
            "[{p}]",
            "〔{p}〕",
            "·{p}·",
            "第{p}页/共{total}页",
        ],
        "check": [
            "— {p} —",
            "－{p}－",
            "第{cn_p}页",
            "共{total}页 第{p}页",
            "page {p}",
            "{p} / {total}",
            "【{p}】",
            "~ {p} ~",
            "页码：{p}",
        ],
    },
    # The same page numbers where the page break fell inside a sentence: glued into the line, or on a
    # line of their own that splits the sentence in two.
    "page_marker_glued": {
        "tune": [
            "第{p}页共{total}页",
            " - {p} - ",
            "第 {p} 页",
            " Page {p} of {total} ",
            " {p}/{total} ",
            "—{p}—",
        ],
        "check": [
            "第{p}页，共{total}页",
            " — {p} — ",
            "－{p}－",
            " page {p} ",
            "共{total}页第{p}页",
            " {p} / {total} ",
        ],
    },
    "download_prompt": {
        "tune": [
            "下载文档到电脑，查找使用更方便",
            "开通会员，{n}万份文档免费下",
            "VIP会员可免费下载本文，立即开通>>",
            "扫描二维码，关注{site}公众号，回复“{keyword}”获取全文",
            "本文需要{k}积分下载，文档已被{n}人下载",
            "获取完整版，请添加客服微信：{wechat}",
            "点此下载Word原稿（可编辑）",
            "一键复制全文 | 下载PDF | 打印本页",
            "下载此文档需消耗{k}下载券",
        ],
        "check": [
            "微信扫一扫，手机上也能看",
            "需要原文的朋友可以私信我，免费发你",
            "付费后可编辑，限时特价¥{price}",
            "喜欢就收藏吧，下载后可自由编辑",
            "保存到手机，随时随地查看",
            "扫码领取{k}G公文写作素材包",
            "成为VIP会员，畅享全站{n}万篇资源",
            "已有{n}人下载此文档，您也可以立即获取",
            "Download full document (.docx)",
        ],
    },
    "preview_cut": {
        "tune": [
            "预览已结束，剩余{k}页需下载查看",
            "试读结束，如需阅读全文请购买",
            "——以上为预览内容，完整内容请下载——",
            "本文仅展示前{k}页，更多内容请下载原文",
            "免费预览已结束，剩余内容请付费阅读",
            "内容加载中…… 点击加载更多",
            "……（此处省略{words}字，完整版请下载）",
            "正文已折叠，展开全文",
        ],
        "check": [
            "未完，请下载后继续阅读……",
            "还有{pct}%的内容未显示，点击阅读全部",
            "（预览版到此为止，全文共{k}页）",
            "阅读结束，下载本文可查看剩余{k}页",
            "试看{k}页，完整版共{total_k}页",
            "以上为本文前{k}页，后续内容请登录后查看",
            "篇幅所限，仅展示部分内容",
            "- - - 预览结束 - - -",
        ],
    },
    # The header line of a list of other documents; its items come from RELATED_TITLES.
    "related_titles": {
        "tune": [
            "相关文档",
            "您可能还需要：",
            "同类范文推荐",
            "猜你想找",
            "热门下载",
            "看过本文的人还看了",
            "更多{topic}范文",
            "精彩推荐 >>",
        ],
        "check": [
            "相似文档",
            "大家还在搜",
            "其他用户正在阅读",
            "往期精选",
            "推荐文章：",
            "本站推荐",
            "相关阅读 ↓",
            "你可能也喜欢",
        ],
    },
    "related_titles_bare": RELATED_TITLES,
    "footer": {
        "tune": [
            "Copyright © {year0}-{year} {site} 版权所有",
            "京ICP备{icp}号-{k}",
            "免责声明：本站文档均来自网络，如有侵权请联系删除",
            "本文档仅供学习交流使用，请勿用于商业用途",
            "关于我们 | 联系我们 | 用户协议 | 隐私政策",
            "© {year} {domain}.com All rights reserved.",
            "增值电信业务经营许可证：{province}B2-{icp}",
            "资料来源于网络，仅作参考，著作权归原作者所有。",
        ],
        "check": [
            "{site} 版权所有 未经授权禁止转载",
            "{province}公网安备 {police_no}号",
            "声明：本文内容由互联网用户自发贡献，版权归原作者所有",
            "如发现本站文档侵犯您的权益，请发邮件至{mail}，我们将在24小时内处理",
            "网站地图 | 帮助中心 | 意见反馈 | 商务合作",
            "本页面内容由{site}用户上传并发布，{site}仅提供信息存储空间服务。",
            "Powered by {site} © {year}",
            "{province}ICP证{icp}号 | 违法和不良信息举报电话：{phone}",
        ],
    },
    "stray_id": {
        "tune": [
            "{hex32}",
            "doc_{num}",
            "{num9}",
            "ID:{num}",
            "#{num6}",
            "{uuid}",
            "wkid={hex16}",
            "{hex8}-{num4}",
        ],
        "check": [
            "{hex16}",
            "DOCID-{num}",
            "{num12}",
            "No.{num6}",
            "{base64}",
            "{num}.html",
            "fid:{hex12}",
            "[{hex8}]",
        ],
    },
}


# Slot values. Site names and domains differ between the halves; the rest is shared.
SITES = {
    "tune": ["学海文库", "笔杆子范文网", "公文大全网", "易写文档", "墨香文摘", "百川资料库", "优文网", "智汇文档"],
    "check": ["稻香文库", "千帆范文", "公文易", "蓝桥文档中心", "找材料网", "青云写作", "好文档", "书香资料站"],
}
DOMAINS = {
    "tune": ["xuehaiwk", "bigan8", "gwdaquan", "yixiedoc", "moxiang", "bcziliao"],
    "check": ["daoxiang", "qianfanfw", "gongwenyi", "lanqiaodoc", "zhaocailiao", "qywrite"],
}
USERS = ["一叶知秋", "zhang***88", "晨曦微露", "user_5821", "老王写材料", "w***n", "匿名用户", "笔耕不辍",
         "qingfeng", "小李子", "春风十里", "ABC文秘"]
LATIN_USERS = ["lily_w", "doc_master", "chen1987", "anon42", "writer_zh"]
TOPICS = ["工作总结", "述职报告", "党建工作汇报", "安全生产工作总结", "年度工作计划", "心得体会",
          "主题教育发言材料", "教育工作汇报", "乡村振兴工作总结", "疫情防控总结", "意识形态工作总结",
          "整改落实情况报告"]
ORGS = ["县教育局", "乡镇", "街道办", "市场监管局", "学校", "社区", "卫健委", "人社局", "财政局", "村委会"]
PLACES = ["某县", "白河县", "东山镇", "南湖区", "城关镇", "清水乡", "江北区"]
ISSUES = ["巡察反馈问题整改", "作风建设", "优化营商环境", "基层减负", "安全隐患排查", "校园欺凌防治",
          "耕地保护", "河长制落实"]
DOCTYPES = ["情况报告", "实施方案", "工作汇报", "调研报告", "讲话稿", "发言稿"]
CITIES = ["北京", "四川成都", "广东", "浙江杭州", "山东济南", "湖北"]
KEYWORDS = ["范文", "全文", "资料", "666"]
PROVINCES = ["京", "沪", "粤", "浙", "川", "鲁", "苏"]
