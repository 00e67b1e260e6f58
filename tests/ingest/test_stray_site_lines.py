"""Site lines in wordings no rule was written for, found by their form, their signs and where they
stand, and the report lines that look like them but stay.

Every site line here is invented for this file (a fictional site, 青禾文苑, and its users); none is a
phrasing of bench.noise_phrasings. The report around them is a fictional county's (松溪县).
"""

import pytest

from ingest.clean import clean_scraped_text
from ingest.related_titles import find_title_lists, is_document_title, is_list_header, split_bullet
from ingest.site_cues import site_cues
from ingest.site_noise import classify_line

TITLE = "松溪县教育局2024年工作总结"
OPENING = ("2024年，县教育局在县委、县政府的领导下，围绕办好人民满意的教育这一目标，统筹推进各项工作，"
           "全县教育事业保持了稳中有进的态势。")
PARAGRAPH_1 = "全年公开招聘教师96人，其中音乐、体育、美术教师31人，农村学校结构性缺员得到缓解。"
PARAGRAPH_2 = "组建教育集团5个，实行集团内师资统一调配、教研统一开展、质量统一评价，城乡差距逐步缩小。"
SIGNATURE = ["松溪县教育局", "2024年12月"]


def _between_paragraphs(*lines: str) -> list[str]:
    return clean_scraped_text("\n".join([PARAGRAPH_1, *lines, PARAGRAPH_2])).text.split("\n")


def _page(head: list[str], tail: list[str]) -> list[str]:
    text = "\n".join([*head, TITLE, OPENING, PARAGRAPH_1, PARAGRAPH_2, *SIGNATURE, *tail])
    return clean_scraped_text(text).text.split("\n")


REPORT = [TITLE, OPENING, PARAGRAPH_1, PARAGRAPH_2, *SIGNATURE]


# --- a file's card read field by field ------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "清风徐来 2023.04.18 09:12 2817阅读",  # user, date, time, counter
    "96.3KB 12页 4402次下载",  # size, pages, counter
    "用户评分：★★★☆☆ 58人评价",
    "共15页 · 7200字 · 306人收藏",
    "附件类型：PDF 附件大小：2.1MB",  # any label, when its value is the card's
    "松间明月 发表于 2022/11/30",
])
def test_file_cards_in_new_wordings_are_uploader_lines(line):
    assert classify_line(line) == "uploader"


@pytest.mark.parametrize("line", [
    "学校数 64 63 61",  # a table row's bare figures
    "全年 12次 8次",
    "时间：2024年3月12日 14:30",  # a meeting's date and hour
    "松溪县教育局 2024年12月30日",  # a signature and its date
    "日期：2023年5月 文号：松教〔2023〕5号",
])
def test_table_rows_and_dates_are_no_file_card(line):
    assert classify_line(line) is None


# --- a site presenting itself ---------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "青禾文苑 - 写公文从此不再犯愁",  # a name and a slogan of writing, set apart
    "青禾文苑·基层干部的公文素材库",
    "青禾文苑｜每篇材料都经过编辑审校",  # a title bar
    "青禾文苑 qinghewy.net 材料写作服务",
    "栏目导航：总结 / 计划 / 讲话 / 心得",
    "【青禾文苑】述职报告·调研报告·主持词",
    "个人中心 我的收藏 我的上传 退出",
])
def test_site_banners_and_menus_in_new_wordings(line):
    assert classify_line(line) == "banner"


@pytest.mark.parametrize("line", [
    "打造一站式政务服务平台",  # a task
    "县政府门户网站建设",
    "全面提升公文写作质量",
    "【学习贯彻】党的二十大精神·主题教育·作风建设",  # a bracket and dots, but no site's pages
    "主要指标：GDP / 财政收入 / 固定资产投资",
    "参会人员：张三 李四 王五",
    "凝心聚力谋发展——松溪县2024年工作总结",
    "联系邮箱：jiaoyuju@songxi.gov.cn",
])
def test_report_lines_with_a_platform_or_separators_are_no_banner(line):
    assert classify_line(line) is None


# --- the reader told how to get the text ----------------------------------------------------------


@pytest.mark.parametrize("line", [
    "还想读下去？点这里下载全文",  # asked, then told
    "需要电子版的同事可以留言",  # this text and a way to get it
    "温馨提示：本文件为Word格式，下载后可编辑",
    "喜欢就下载收藏吧",
])
def test_prompts_in_new_wordings(line):
    assert classify_line(line) == "download_prompt"


@pytest.mark.parametrize("line", [
    "请各单位于3月10日前下载原文并报送。",
    "现将原文转发给你们",
    "怎么办？关键在落实",
    "“阿姨，请问您手机上安装了反诈软件了吗？",  # a question someone asks ends the line
])
def test_sentences_about_texts_and_questions_are_no_prompt(line):
    assert classify_line(line) is None


# --- lists of other documents' titles ------------------------------------------------------------


@pytest.mark.parametrize("line, bullet", [
    ("◈ 乡镇安全生产工作总结", "◈"),  # any symbol a site picks
    ("√关于耕地保护的调研报告", "√"),
    ("3）2019年教育工作总结", "#）"),  # a list number before a year
    ("2.2019年教育工作总结", "#."),
    ("【4】教师节座谈会发言稿", "【#】"),
    ("No.5 学校安全工作自查报告", "No.#"),
    ("6:2020乡镇防汛工作总结", "#:"),
    ("<7> 教师节座谈会发言稿", "<#>"),
    ("⑧村级党组织书记述职报告", "①"),
    ("2.5亿元专项资金", ""),  # a decimal
    ("——在全县教育工作会议上的讲话", ""),  # a subtitle's dash
    ("TOP10文档", ""),  # a header, no item
])
def test_bullets_are_told_by_form(line, bullet):
    assert split_bullet(line)[0] == bullet


@pytest.mark.parametrize("header", ["你或许还想读", "同专题文档", "本周下载榜", "近期更新", "别人也在读"])
def test_list_headers_in_new_wordings(header):
    assert is_list_header(header)


@pytest.mark.parametrize("line", ["【荐】述职报告范例", "◈ 猜你喜欢的范文", "最新乡村振兴工作总结范文大全"])
def test_a_tagged_or_bulleted_title_is_no_header(line):
    assert not is_list_header(line)


@pytest.mark.parametrize("line, title", [
    ("优化营商环境专项整治实施方案", True),  # a verb, but it names the subject
    ("关于校园周边环境整治的几点思考", True),
    ("教师队伍建设经验交流材料（定稿）", True),
    ("1.制定实施方案", False),  # a task: the verb names the document
    ("（2）完善教师考核办法", False),
])
def test_document_titles_and_task_lines(line, title):
    assert is_document_title(line) is title


def test_a_symbol_bulleted_list_of_titles_between_paragraphs_goes():
    items = ["◈ 关于耕地保护的几点思考", "◈ 乡镇安全生产工作总结（定稿）", "◈ 2019年教育工作汇报范文3000字"]
    assert _between_paragraphs(*items) == [PARAGRAPH_1, PARAGRAPH_2]


def test_a_list_after_a_colon_goes_when_the_reports_own_enumeration_follows():
    lead_in = "下一步重点做好以下工作："
    titles = ["乡镇安全生产工作总结", "村级党组织书记述职报告", "学校防溺水工作方案范文"]
    own = "（一）推进义务教育优质均衡发展，新增学位2000个。"
    result = clean_scraped_text("\n".join([PARAGRAPH_1, lead_in, *titles, own])).text.split("\n")
    assert result == [PARAGRAPH_1, lead_in, own]


def test_a_list_after_a_salutation_goes():
    lines = ["同志们：", "乡镇安全生产工作总结", "村级党组织书记述职报告", "学校防溺水工作方案范文", OPENING]
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == ["同志们：", OPENING]


def test_a_title_judged_other_site_text_still_counts_for_its_list():
    reasons = [None, None, "download_prompt", None, None]
    lines = [PARAGRAPH_1, "乡镇安全生产工作总结（定稿）", "教师节发言稿（免费下载）", "学校防溺水工作方案（修订稿）", PARAGRAPH_2]
    assert find_title_lists(lines, reasons, 0) == [1, 2, 3]


@pytest.mark.parametrize("block", [
    ["附件：", "1.松溪县义务教育优质均衡发展实施方案", "2.松溪县教师队伍建设三年行动计划", "3.松溪县校园安全工作制度"],
    ["主要任务：", "◆ 城东小学改扩建工程", "◆ 第二初级中学新建工程", "◆ 县职业中学实训楼工程"],
    ["其他情况", "1.制定实施方案", "2.健全管理制度", "3.完善考核办法"],  # recommendation words over tasks
])
def test_the_reports_own_lists_stay(block):
    assert _between_paragraphs(*block) == [PARAGRAPH_1, *block, PARAGRAPH_2]


# --- stray lines judged by their signs and where they stand ----------------------------------------


def test_signs_are_counted_by_kind():
    cues = site_cues("青禾文苑™ 全网最全公文素材")
    assert "symbol" in cues.strong and {"product", "praise"} <= cues.weak
    assert not site_cues("加强师资队伍建设").alone_enough
    assert not site_cues("青川县人民政府副县长 罗文清").alone_enough  # a space alone tells nothing


@pytest.mark.parametrize("line", [
    "口碑评分 4.5 / 5",  # a rating
    "阅读本文需要2个金币",  # the site's money
    "（戳上方蓝字，关注不迷路）",  # the page's buttons
    "收藏本页，下回接着看",  # the page speaking of itself
    "青禾文苑出品 篇篇精品",  # two kinds of weak signs: a product, praise
    "2021.05.06 16:40 · 心得体会 · 松间明月",  # a server's time stamp
    "下载后可随意修改",  # what only a site claims of a file
    "文档编号：A20240518",
])
def test_stray_site_lines_between_paragraphs_go(line):
    assert _between_paragraphs(line) == [PARAGRAPH_1, PARAGRAPH_2]


@pytest.mark.parametrize("line", [
    "一、主要做法及成效",
    "（三）加强师资队伍建设",
    "主要做法",  # an unnumbered heading
    "做好资料整理归档",  # one weak sign
    "开通政务服务APP，实现掌上办理",  # a task, two weak signs
    "推进政务服务平台建设",
    "谢谢大家！",
    "你最喜欢哪一所学校？",  # a question ends the line
    "联系邮箱：jiaoyuju@songxi.gov.cn",
    "学校数 64 63 61",
    "推行村级事务积分制管理",  # points a village awards, no site's money
    "综合评分 95分",  # an assessment's score, no rating of a file
    "本文件自印发之日起施行",
    "开设党史学习教育专栏",
])
def test_report_lines_between_paragraphs_stay(line):
    assert _between_paragraphs(line) == [PARAGRAPH_1, line, PARAGRAPH_2]


def test_a_piece_of_a_sentence_split_by_a_page_break_stays():
    lines = ["对照督导评估标准，逐项查找差距，补齐优质", "- 2 -", "资源配置短板。", PARAGRAPH_2]
    assert clean_scraped_text("\n".join([PARAGRAPH_1, *lines])).text.split("\n") == [
        PARAGRAPH_1, "对照督导评估标准，逐项查找差距，补齐优质资源配置短板。", PARAGRAPH_2]


def test_above_the_title_and_below_the_signature_one_sign_is_enough():
    head = ["青禾文苑 全新上线", "本站资料仅供参考"]
    tail = ["最近浏览 128次", "青禾文苑版权所有"]
    assert _page(head, tail) == REPORT


def test_above_the_report_title_a_bare_site_name_goes_but_a_file_number_stays():
    assert _page(["青禾文苑"], []) == REPORT
    assert _page(["松教〔2024〕12号"], []) == ["松教〔2024〕12号", *REPORT]


def test_a_short_line_inside_a_block_of_site_text_goes_with_it():
    block = ["阅读本文需要2个金币", "青禾文苑", "口碑评分 4.5 / 5"]
    assert _between_paragraphs(*block) == [PARAGRAPH_1, PARAGRAPH_2]


def test_signature_author_and_dates_next_to_site_text_stay():
    text = "\n".join([
        TITLE, "松溪县教育局局长 林晓东", "阅读本文需要2个金币", "（2024年12月30日）", OPENING, PARAGRAPH_1,
        "口碑评分 4.5 / 5", "松溪县教育局", "收藏本页，下回接着看", "二〇二四年十二月", "青禾文苑版权所有",
    ])
    assert clean_scraped_text(text).text.split("\n") == [
        TITLE, "松溪县教育局局长 林晓东", "（2024年12月30日）", OPENING, PARAGRAPH_1, "松溪县教育局", "二〇二四年十二月"]
