from ingest.markdown_text import strip_markdown
from ingest.pdf_lines import join_wrapped_lines


def test_markdown_headings_lose_their_markup_and_keep_their_numbers():
    text = "# 某县教育局2021年工作总结\n\n## 一、基本情况\n\n全县共有学校**52所**。\n\n### （一）学前教育\n\n- 新建幼儿园3所\n---\n> 某县教育局"
    assert strip_markdown(text).split("\n") == [
        "某县教育局2021年工作总结", "", "一、基本情况", "", "全县共有学校52所。", "", "（一）学前教育", "", "新建幼儿园3所", "", "某县教育局",
    ]


def test_markdown_keeps_asterisks_that_mask_figures():
    assert strip_markdown("全年投入*万元，惠及**名学生") == "全年投入*万元，惠及**名学生"


def test_wrapped_pdf_lines_are_joined_into_paragraphs():
    page = (
        "一、基本情况\n"
        "全县现有中小学校五十二所，在校学生三万八千余人，教职工\n"
        "三千一百余人。学前三年毛入园率稳步提高，义务教育巩固率\n"
        "保持高位。\n"
        "二、主要做法\n"
        "（一）加强队伍建设。全年组织教师培训两万余人次，新招聘\n"
        "教师一百五十余名。\n"
    )
    assert join_wrapped_lines(page).split("\n") == [
        "一、基本情况",
        "全县现有中小学校五十二所，在校学生三万八千余人，教职工三千一百余人。学前三年毛入园率稳步提高，义务教育巩固率保持高位。",
        "二、主要做法",
        "（一）加强队伍建设。全年组织教师培训两万余人次，新招聘教师一百五十余名。",
    ]


def test_a_full_line_ending_a_sentence_is_not_joined():
    page = "全县现有中小学校五十二所，在校学生三万八千余人，教职工均已到岗。\n二、主要做法"
    assert join_wrapped_lines(page).split("\n") == page.split("\n")
