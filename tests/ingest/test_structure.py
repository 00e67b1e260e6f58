"""Structure parsing on fictional reports: heading tree, glued headings, false headings, metadata, roles."""

import pytest

from ingest.structure import parse_structure

SUMMARY = (
    "青山县教育局2021年工作总结\n"
    "2021年，在县委、县政府的坚强领导下，我局坚持教育优先发展，各项工作取得新进展。\n"
    "一、基本情况\n"
    "全县共有各级各类学校86所，在校学生4.2万人。全年教育总投入1.5亿元，比上年增长8%。\n"
    "二、主要做法及成效\n"
    "（一）加强党的建设。全面落实党组织领导的校长负责制。一是强化理论学习；二是规范组织生活；三是加强廉政教育。\n"
    "（二）改善办学条件\n"
    "1.校舍建设。新建教学楼3栋，改造运动场5个。\n"
    "2.设备配置。为农村学校配置多媒体设备200套。\n"
    "2、3年级全部配齐图书角，图书总量达到12万册。\n"
    "（三）提升教育质量。中考平均分提高5分。三、存在问题\n"
    "一是城乡差距仍然较大。二是教师结构性缺编问题突出。\n"
    "四、下一步工作打算\n"
    "（一）推进优质均衡（1）完善学校布局。做好规划。（2）加强教师培训。全年培训教师1000人次。\n"
    "让我们团结一心，为办好人民满意的教育而努力奋斗！"
)

SPEECH = (
    "在全县教育工作会议上的讲话\n"
    "同志们：\n"
    "今天召开全县教育工作会议，主要任务是总结去年工作，部署今年任务。下面，我讲几点意见。\n"
    "第一，着力提高思想认识。教育是民生之基，各级各部门要把教育摆在优先发展的位置。\n"
    "第二，着力加强队伍建设。要完善教师补充机制，落实教师待遇。\n"
    "同志们，让我们以更加饱满的热情，推动全县教育事业再上新台阶！"
)


@pytest.fixture(scope="module")
def summary():
    return parse_structure(SUMMARY, "青山县_3f9a2c1b7d6e.txt")


def _headings(doc):
    return [(b.heading_path, b.text) for b in doc.blocks if b.kind == "heading"]


def test_text_is_source_text_with_inserted_newlines_only(summary):
    assert summary.text.replace("\n", "") == SUMMARY.replace("\n", "")
    for block in summary.blocks:
        assert summary.text[block.char_start:block.char_end] == block.text


def test_heading_tree(summary):
    top, sub = "二、主要做法及成效", "（二）改善办学条件"
    assert _headings(summary) == [
        ((), "青山县教育局2021年工作总结"),
        ((), "一、基本情况"),
        ((), top),
        ((top,), "（一）加强党的建设。"),
        ((top,), sub),
        ((top, sub), "1.校舍建设。"),
        ((top, sub), "2.设备配置。"),
        ((top,), "（三）提升教育质量。"),
        ((), "三、存在问题"),
        ((), "四、下一步工作打算"),
        (("四、下一步工作打算",), "（一）推进优质均衡"),
        (("四、下一步工作打算", "（一）推进优质均衡"), "（1）完善学校布局。"),
        (("四、下一步工作打算", "（一）推进优质均衡"), "（2）加强教师培训。"),
    ]


def test_false_headings_stay_paragraphs(summary):
    texts = {b.text: b for b in summary.blocks}
    grade = texts["2、3年级全部配齐图书角，图书总量达到12万册。"]
    assert grade.kind == "paragraph"
    assert grade.heading_path == ("二、主要做法及成效", "（二）改善办学条件", "2.设备配置。")
    assert texts["全县共有各级各类学校86所，在校学生4.2万人。全年教育总投入1.5亿元，比上年增长8%。"].kind \
        == "paragraph"
    assert texts["一是城乡差距仍然较大。二是教师结构性缺编问题突出。"].kind == "paragraph"


def test_glued_heading_is_split_onto_its_own_line(summary):
    assert "中考平均分提高5分。\n三、存在问题\n" in summary.text
    assert "（一）推进优质均衡\n（1）完善学校布局。做好规划。\n（2）加强教师培训。" in summary.text


def test_inline_heading_sentence_opens_paragraph(summary):
    body = next(b for b in summary.blocks if b.text.startswith("全面落实党组织"))
    assert body.heading_path == ("二、主要做法及成效", "（一）加强党的建设。")


def test_metadata(summary):
    assert (summary.title, summary.year, summary.region, summary.issuer, summary.doc_type) == (
        "青山县教育局2021年工作总结", 2021, "青山县", "青山县教育局", "工作总结")


def test_roles(summary):
    def role(start):
        return next(b.section_role for b in summary.blocks if b.text.startswith(start))

    assert role("青山县教育局") == "开头"
    assert role("2021年，在县委") == "开头"
    assert role("全县共有") == "基本情况"
    assert role("（一）加强党的建设") == "主要做法及成效"
    assert role("全面落实党组织") == "主要做法及成效"
    assert role("一是城乡差距") == "存在问题"
    assert role("做好规划") == "下一步工作"
    assert role("让我们团结一心") == "结尾"


def test_glued_title_and_unpunctuated_heading():
    doc = parse_structure(
        "碧水区教育工作汇报材料一、我区教育现状xx区现辖3个镇、2个街道办事处和28个行政村，现有中小学校40所、幼儿园25所，在校学生2万人。"
        "二、20XX年教育投入情况1.免学费情况。全区免学费学生1200名。2.营养餐情况。覆盖学生5000名。\n"
        "三、存在的困难和问题\n教师年龄结构老化。",
        "hb.txt")
    assert doc.text.startswith("碧水区教育工作汇报材料\n一、我区教育现状\nxx区现辖3个镇")
    assert "\n二、20XX年教育投入情况\n1.免学费情况。全区免学费学生1200名。\n2.营养餐情况。" in doc.text
    assert _headings(doc)[1:] == [
        ((), "一、我区教育现状"),
        ((), "二、20XX年教育投入情况"),
        (("二、20XX年教育投入情况",), "1.免学费情况。"),
        (("二、20XX年教育投入情况",), "2.营养餐情况。"),
        ((), "三、存在的困难和问题"),
    ]
    assert doc.doc_type == "汇报材料" and doc.region == "碧水区" and doc.year is None
    assert [b.section_role for b in doc.blocks if b.kind == "paragraph"] == [
        "基本情况", "其他", "其他", "存在问题"]


def test_table_of_contents_list_is_not_split():
    doc = parse_structure("报告分三个部分：一、过去一年的工作；二、今年的任务；三、政府建设。\n一、过去一年的工作\n"
                          "我们全面完成了年度目标任务。", "2020_报告.txt")
    assert doc.text.count("\n") == 2
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["一、过去一年的工作"]
    assert doc.year == 2020


def test_speech():
    doc = parse_structure(SPEECH, "speech.txt")
    assert doc.doc_type == "讲话稿"
    assert doc.title == "在全县教育工作会议上的讲话"
    assert [b.text for b in doc.blocks if b.kind == "heading"][1:] == [
        "第一，着力提高思想认识。", "第二，着力加强队伍建设。"]
    body = {b.text[:6]: b for b in doc.blocks if b.kind == "paragraph"}
    assert body["教育是民生之"].heading_path == ("第一，着力提高思想认识。",)
    assert body["教育是民生之"].section_role == "讲话要求"
    assert body["今天召开全县"].section_role == "开头"
    assert body["同志们，让我"].section_role == "结尾"


def test_fallback_title_masked_year_and_headless_text():
    doc = parse_structure("xx县教育局20xx年工作总结\n今年以来，全县教育工作稳步推进。", "r_0a1b2c3d4e5f.txt")
    assert doc.year is None and doc.region == "xx县" and doc.issuer == "xx县教育局"
    plain = parse_structure("今年以来，全县教育工作稳步推进，办学条件明显改善。", "notes_0a1b2c3d4e5f.docx")
    assert plain.title == "notes" and plain.doc_type == "其他"
    assert [b.kind for b in plain.blocks] == ["paragraph"]
