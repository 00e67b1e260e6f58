"""Cleaning noise in phrasings the cleaner was not written for, and the report lines it must keep.

Two invented reports (a fictional county, 松溪县) are dressed in generated site noise of each class
(bench.noise_generator, "tune" phrasings only: the "check" half is for the benchmark's report) and
cleaned: nothing of the noise may be left, every report sentence kept whole and in order. The unit
tests below pin each rule on its own, with the real report lines that look like noise.
"""

import pytest

from bench.cleaning_score import score_cleaning
from bench.noise_generator import PAGE_CHARS, make_noisy_document
from bench.noise_phrasings import KINDS
from ingest.clean import clean_scraped_text
from ingest.page_markers import find_page_markers, page_marker_line
from ingest.related_titles import find_title_lists, is_list_header
from ingest.site_noise import classify_line

SUMMARY = [
    "松溪县教育局2024年工作总结",
    "2024年，县教育局在县委、县政府的领导下，围绕办好人民满意的教育这一目标，统筹推进学前教育普惠发展、义务教育优质均衡、"
    "高中教育多样发展，全县教育事业保持了稳中有进的态势。现将全年工作总结如下。",
    "一、基本情况",
    "全县共有各级各类学校64所，其中幼儿园21所、小学29所、初中10所、高中3所、中职学校1所，在校学生38640人，教职工3312人。"
    "全年教育总投入4.86亿元，比上年增长5.3%，学前三年毛入园率达到92.4%，九年义务教育巩固率达到97.8%。",
    "二、主要做法",
    "（一）加强教师队伍建设",
    "全年公开招聘教师96人，其中音乐、体育、美术教师31人，农村学校结构性缺员得到缓解。一是实施青年教师成长计划，"
    "为入职三年内的教师配备指导教师，开展同课异构、课例研讨活动120余场。二是深化县管校聘改革，推动城区骨干教师到农村学校交流轮岗，"
    "全年交流教师148人。三是落实乡村教师生活补助政策，新建教师周转宿舍40套，乡村教师留得住、教得好的条件进一步改善。",
    "（二）推进义务教育优质均衡",
    "围绕优质均衡评估指标，逐校建立问题清单和整改台账，新建城东小学、改扩建第二初级中学，新增学位2160个，城区大班额全部消除。"
    "组建教育集团5个，实行集团内师资统一调配、教研统一开展、质量统一评价，城乡学校之间的差距逐步缩小。",
    "全县学校办学条件对比如下：",
    "学校数 64 63 61",
    "在校学生 38640 38120 37510",
    "（三）守牢校园安全底线",
    "坚持把师生生命安全放在首位，开展防溺水、交通安全、消防安全专项教育，组织应急疏散演练218场，排查整改安全隐患97处，"
    "全年未发生重大校园安全责任事故。联合公安、市场监管等部门开展校园周边环境整治4次，校园及周边秩序持续向好。",
    "三、存在问题",
    "一是城乡教育资源配置仍不均衡，部分农村学校生源持续减少。",
    "二是教师队伍结构性矛盾依然存在，中青年骨干教师流失时有发生。",
    "三是课堂教学改革推进不够深入，学生综合素质培养的手段还不多。",
    "四、2025年工作打算",
    "2025年，我们将以建设教育强县为目标，重点抓好学前教育扩容提质、义务教育优质均衡创建、县域高中振兴和教师队伍建设等工作，"
    "努力让每个孩子都能享有公平而有质量的教育。",
    "松溪县教育局",
    "2024年12月",
]

SPEECH = [
    "在全镇2024年安全生产工作会议上的讲话",
    "东岭镇人民政府镇长 周明远",
    "（2024年3月12日）",
    "同志们：",
    "今天，我们召开全镇安全生产工作会议，主要任务是总结去年安全生产工作，安排部署今年重点任务。刚才，镇安办通报了去年全镇安全生产情况，"
    "几个村和企业作了交流发言，讲得都很实在，希望大家认真学习借鉴。",
    "第一，要清醒认识安全生产面临的形势。去年全镇安全生产形势总体平稳，但道路交通、自建房、小作坊等领域隐患依然较多，"
    "个别企业主体责任落实不到位，一些村对安全工作重视不够，检查多、整改少的问题没有根本解决。",
    "第二，要扎实开展隐患排查整治。各村、各企业要对照清单逐项排查，建立问题台账，明确整改责任人和整改时限，实行销号管理。"
    "对排查出的重大隐患，要挂牌督办，整改不到位的坚决停产停业整顿。镇安办要加强督导检查，每月通报一次整改进展。",
    "去年以来，镇里先后组织开展了燃气安全、自建房安全、消防安全等专项整治行动，共检查各类生产经营单位312家次，"
    "发现并督促整改隐患486处，关闭取缔非法小作坊7家，全镇未发生较大以上生产安全事故，安全生产形势总体稳定。"
    "这些成绩的取得，离不开各村、各部门和广大企业的共同努力，在此，我代表镇党委、镇政府向大家表示衷心的感谢！",
    "但也要看到，我们的工作与上级要求和群众期盼相比还有差距。有的企业重生产、轻安全，安全投入不足，"
    "从业人员培训流于形式；有的村对出租房、养老机构等场所底数不清，监管存在盲区；有的部门之间信息不通，"
    "发现问题后推诿扯皮，整改迟迟不能到位。这些问题，必须引起我们的高度重视，认真加以解决。",
    "第三，要压紧压实各方责任。镇村两级要落实党政同责、一岗双责，企业负责人要切实担起第一责任人的责任，"
    "把安全生产的各项要求落实到每个岗位、每个环节，确保全年不发生较大以上安全事故。",
    "同志们，安全生产责任重于泰山。让我们以对人民群众生命财产高度负责的态度，扎实做好各项工作，为全镇经济社会发展创造安全稳定的环境。",
    "谢谢大家！",
]

REPORTS = {"summary": SUMMARY, "speech": SPEECH}


def _clean_and_score(lines: list[str], kinds: tuple[str, ...], seed: int, pages: tuple[int, int] = PAGE_CHARS):
    doc = make_noisy_document(lines, "tune", seed, kinds=kinds, page_chars=pages)
    return doc, score_cleaning(doc, clean_scraped_text(doc.text).text)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_generated_noise_of_each_class_goes_and_the_report_stays(kind, report):
    # A lone "1/2" or "第 1 页" in a sentence could be text: these short reports are printed on
    # small pages, so that their page numbers make a sequence.
    pages = (320, 450) if kind.startswith("page_marker") else PAGE_CHARS
    injected = 0
    for seed in range(8):
        _, score = _clean_and_score(REPORTS[report], (kind,), seed, pages)
        injected += score.pieces[kind]
        assert not score.left, (seed, score.left)
        assert score.sentences_kept == score.sentences, (seed, score.lost)
    assert injected >= 8, "the generator injected too little of this class"


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_all_classes_together(report):
    for seed in range(6):
        _, score = _clean_and_score(REPORTS[report], KINDS, 100 + seed)
        assert not score.left, (seed, score.left)
        assert score.sentences_kept == score.sentences, (seed, score.lost)


def test_reports_without_noise_come_out_unchanged():
    for lines in REPORTS.values():
        result = clean_scraped_text("\n".join(lines))
        assert result.text.split("\n") == [" ".join(line.split()) for line in lines]
        assert result.removed == []


# --- page markers ------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "- 7 -", "— 7 —", "－7－", "–7–", "~ 7 ~", "·7·", "[7]", "【7】", "〔7〕", "〈7〉",
    "第7页", "第 7 页", "第七页", "第7页 共12页", "第7页，共12页", "共12页 第7页", "第7页/共12页",
    "Page 7", "page 7 of 12", "P. 7", "7/12", "7 / 12", "7 of 12", "页码：7", "—— 第 7 页 ——",
])
def test_page_marker_lines_of_every_dress(line):
    assert page_marker_line(line) == 7


@pytest.mark.parametrize("line", [
    "7", "（7）", "(7)", "2.5", "12/7", "2024-12-31", "〔2024〕", "第7章", "7月", "- - -", "——",
])
def test_lines_that_are_no_page_marker(line):
    assert page_marker_line(line) is None


def test_page_markers_with_a_total_or_dashes_are_cut_anywhere_and_the_sentence_joined():
    text = "\n".join([
        "松溪县教育局工作汇报",
        "全县新增公办学位第3页共9页2160个，城区大班额全部消除。组建 — 4 — 教育集团5个，实行师资统一调配。",
        "全县教师培训覆盖率达到 Page 5 of 9 100%，骨干教师数量稳步增加。",
    ])
    result = clean_scraped_text(text)
    assert "新增公办学位2160个，城区大班额全部消除。组建教育集团5个，实行师资统一调配。" in result.text
    assert "全县教师培训覆盖率达到100%，" in result.text
    assert {r.text for r in result.removed if r.reason == "page_marker"} == {"第3页共9页", "— 4 —", "Page 5 of 9"}


def test_fractions_cited_pages_and_numbered_paragraphs_stay():
    lines = [
        "专项转移支付项目比上年减少1/3以上，一般性转移支付比重提高到2/3左右。",
        "该报告第161页、第680页分别列出了相关数据。",
        "近日，记者采访了三支救援队。【1】涿河沿岸部分群众被困。【2】洪水退去后，救援队转入清淤。",
        "资产规模排名22/198；非货币资产规模排名20/198；管理基金数排名21/198。",
        "会议定于2024-03-12召开，参会人员名单见附件1-3-5。",
    ]
    assert find_page_markers(lines) == []
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == lines


def test_weak_page_numbers_count_where_the_page_sequence_goes_on():
    page = "全县共有中小学校64所，在校学生38640人，教职工3312人，学前三年毛入园率达到92.4%。" * 8
    lines = [page, "- 2 -", page[:60] + "第 3 页" + page[60:], "- 4 -", page[:30] + " 5/9 " + page[30:]]
    found = find_page_markers(lines)
    assert [(m.line, m.number, m.whole_line) for m in found] == [
        (1, 2, True), (2, 3, False), (3, 4, True), (4, 5, False)]


def test_a_sentence_split_by_a_page_marker_line_is_joined_again():
    text = "\n".join([
        "松溪县教育局工作汇报",
        "全年公开招聘教师96人，其中音乐、体育、美术教师31人，农村学校",
        "- 2 -",
        "结构性缺员得到缓解。",
        "一是实施青年教师成长计划，为入职三年内的教师",
        "第3页",
        "配备指导教师。",
        "三要积极发展职业教育和继续教育",
        "Page 4",
        "体系。全县职业学校招生1200人。",
    ])
    lines = clean_scraped_text(text).text.split("\n")
    assert "全年公开招聘教师96人，其中音乐、体育、美术教师31人，农村学校结构性缺员得到缓解。" in lines
    assert "一是实施青年教师成长计划，为入职三年内的教师配备指导教师。" in lines
    assert "三要积极发展职业教育和继续教育体系。全县职业学校招生1200人。" in lines


def test_a_heading_before_a_page_marker_line_is_not_joined_to_the_next_paragraph():
    text = "\n".join([
        "松溪县教育局工作汇报",
        "全县共有中小学校64所，在校学生38640人。",
        "（一）加强教师队伍建设",
        "- 2 -",
        "全年公开招聘教师96人，农村学校结构性缺员得到缓解。",
        "三、存在问题",
        "第 3 页",
        "城乡教育资源配置仍不均衡。",
    ])
    lines = clean_scraped_text(text).text.split("\n")
    assert "（一）加强教师队伍建设" in lines
    assert "三、存在问题" in lines


# --- lists of other documents' titles ------------------------------------------------------------

PARAGRAPH_1 = "全年公开招聘教师96人，其中音乐、体育、美术教师31人，农村学校结构性缺员得到缓解。"
PARAGRAPH_2 = "组建教育集团5个，实行集团内师资统一调配、教研统一开展、质量统一评价，城乡差距逐步缩小。"


def test_a_list_of_titles_without_header_between_paragraphs_goes():
    titles = ["城关镇2023年安全生产工作总结", "关于优化营商环境的调研报告", "村级党组织书记述职报告范文"]
    result = clean_scraped_text("\n".join([PARAGRAPH_1, *titles, PARAGRAPH_2]))
    assert result.text.split("\n") == [PARAGRAPH_1, PARAGRAPH_2]


def test_a_list_after_a_header_in_new_wording_goes_even_with_two_items():
    result = clean_scraped_text("\n".join([PARAGRAPH_1, "看过这篇的人还看了", "学校安全工作自查报告", "教师节座谈会发言稿", PARAGRAPH_2]))
    assert result.text.split("\n") == [PARAGRAPH_1, PARAGRAPH_2]


def test_two_bulleted_lists_in_a_row_go_and_the_report_title_under_them_stays():
    lines = ["★ 2022年教育工作总结", "★ 家长会班主任发言稿", "→ 安全生产月活动方案", "→ 学校防溺水工作计划",
             "松溪县教育局2024年工作总结", PARAGRAPH_1]
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == lines[4:]


def test_the_report_title_under_a_bulletless_list_at_the_head_stays():
    lines = ["东岭镇2023年工作总结", "学校安全工作自查报告", "教师节座谈会发言稿",
             "松溪县教育局2024年工作总结",
             "2024年，县教育局围绕办好人民满意的教育这一目标，推进各项工作，全年教育工作总结如下。"]
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == lines[3:]


@pytest.mark.parametrize("block", [
    ["二、主要做法", "（一）加强教师队伍建设"],
    ["三、存在问题", "一是城乡教育资源配置仍不均衡。", "二是教师队伍结构性矛盾依然存在。", "三是课堂教学改革推进不够深入。"],
    ["松溪县教育局", "2024年12月"],
    ["松溪县教育局", "松溪县财政局", "2024年12月30日"],
    ["学校数 64 63 61", "在校学生 38640 38120 37510"],
    ["主要预期目标：", "新增公办学位2000个", "教师培训覆盖率100%", "学前三年毛入园率93%以上"],
    ["附件：", "1.松溪县义务教育优质均衡发展实施方案", "2.松溪县教师队伍建设三年行动计划", "3.松溪县校园安全工作制度"],
    ["1.制定实施方案", "2.健全管理制度", "3.完善考核办法"],
    ["（1）制定年度工作计划", "（2）完善教师考核办法", "（3）健全校园安全制度"],
])
def test_short_report_lines_between_paragraphs_stay(block):
    lines = [PARAGRAPH_1, *block, PARAGRAPH_2]
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == lines


def test_list_headers_are_recommendation_words_with_little_else():
    for header in ("相似文档", "猜你还想看", "其他网友正在阅读", "往期精选 >>", "更多工作总结范文"):
        assert is_list_header(header), header
    for line in ("三、相关建议", "推荐优秀教师参加省级评选", "最新乡村振兴工作总结范文大全"):
        assert not is_list_header(line), line


def test_a_header_without_a_list_under_it_is_left_alone():
    lines = [PARAGRAPH_1, "相关工作推进情况", PARAGRAPH_2]
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == lines


def test_a_title_list_is_a_run_of_three_or_a_run_of_two_with_one_bullet():
    lines = ["学校安全工作自查报告", "教师节座谈会发言稿", PARAGRAPH_1, "- 学校安全工作自查报告", "- 教师节座谈会发言稿"]
    assert find_title_lists(lines, [None] * len(lines), 2) == [3, 4]


# --- site text in other wording ------------------------------------------------------------------


@pytest.mark.parametrize("line, kind", [
    ("松风文库｜十年专注公文写作", "banner"),
    ("首页 | 公文 | 总结 | 计划 | 讲话稿", "banner"),
    ("首页 > 工作总结 > 教育工作总结", "related_links"),
    ("提交者：清风徐来｜类别：工作总结｜人气：3021", "uploader"),
    ("晨光 于 2022-06-01 发布", "uploader"),
    ("会员专享：开通后可下载完整Word版", "download_prompt"),
    ("扫一扫，在手机上继续阅读", "download_prompt"),
    ("试读已结束，完整内容请购买后查看", "download_prompt"),
    ("本篇范文由网友投稿整理，欢迎收藏转发！", "seo_blurb"),
    ("资料收集于网络，仅供参考，版权归原作者所有", "copyright"),
    ("粤ICP备12345678号", "icp"),
    ("c0ffee1234abcd5678ef", "stray_id"),
    ("docid=88231907", "stray_id"),
])
def test_site_lines_in_new_wording_are_recognised(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize("line", [
    "开通家校共育微信群386个",
    "全面开通政务服务APP，实现掌上办理。",
    "希望大家认真学习借鉴。",
    "严厉打击侵权盗版行为，依法删除侵权内容。",
    "公文档案管理：全面推行电子化",
    "谢谢大家！",
    "同志们：",
    "东岭镇人民政府镇长 周明远",
    "（2024年3月12日）",
    "2024年12月",
    "二、主要做法",
    "（一）加强教师队伍建设",
    "一是实施青年教师成长计划",
    "学校数 64 63 61",
    "2.5",
    "PM2.5",
    "41,360",
    "以下是几点体会：",
    "收集整理群众意见建议86条",
    "网站点击量：12.6万次，微信阅读量：3.2万次",
    "时间：2024年3月12日  地点：镇政府三楼会议室  主持：周明远",
    "下载安装“学习强国”APP人数达到3200人。",
    "三是加强宣传引导，通过微信公众号发布信息120条。",
])
def test_report_lines_that_use_site_words_are_not_site_text(line):
    assert classify_line(line) is None


def test_identifiers_between_paragraphs_go_but_table_cells_stay():
    lines = [PARAGRAPH_1, "7f3a9c0d2b4e6f81", PARAGRAPH_2, "38640", "38120", PARAGRAPH_1]
    assert clean_scraped_text("\n".join(lines)).text.split("\n") == [PARAGRAPH_1, PARAGRAPH_2, "38640", "38120", PARAGRAPH_1]
