import pytest

from app.drafting.request import SECTION_ROLES, InvalidRequest, parse_drafting_request


def test_strips_instruction_words_and_keeps_the_heading_as_query():
    req = parse_drafting_request("请参照往年报告，起草2021年政府工作报告中'稳住农业基本盘，抓好粮食生产'一节，约1500字")
    assert req.query == "稳住农业基本盘 抓好粮食生产"
    assert req.year == 2021
    assert req.doc_type == "政府工作报告"
    assert req.length == 1500


def test_role_in_quotes_and_topic_after_guanyu():
    req = parse_drafting_request("'主要做法及成效'中关于教师队伍建设的一段，约600字")
    assert req.query == "教师队伍建设"
    assert req.section_role == "主要做法及成效"
    assert req.length == 600
    assert req.year is None


def test_topic_in_guanyu_clause_without_quotes():
    req = parse_drafting_request("帮我写一段2023年教育工作总结里关于校园食品安全管理的内容，800字左右")
    assert req.query == "校园食品安全管理"
    assert req.doc_type == "工作总结"
    assert req.year == 2023
    assert req.length == 800


def test_region_and_chinese_numeral_length():
    req = parse_drafting_request("起草平川县教育局2022年工作总结的'存在问题'部分，八百字")
    assert req.region == "平川县"
    assert req.section_role == "存在问题"
    assert req.length == 800
    assert req.year == 2022
    # Nothing but a role was asked for, so the role words are what there is to search.
    assert req.query == "存在问题"


def test_placeholder_region_is_not_a_region():
    req = parse_drafting_request("为某市起草一篇关于课后服务的汇报材料，2000字左右")
    assert req.region is None
    assert req.query == "课后服务"
    assert req.doc_type == "汇报材料"


def test_unquoted_request_keeps_only_topic_words():
    req = parse_drafting_request("请写2024年学校工作汇报材料中下一步工作打算，1000字")
    assert req.section_role == "下一步工作"
    assert req.query == "学校工作"
    assert req.doc_type == "汇报材料"


def test_speech_ending_role():
    req = parse_drafting_request("写一篇秋季开学工作会议讲话稿的结尾，约五百字")
    assert req.doc_type == "讲话稿"
    assert req.section_role == "结尾"
    assert req.length == 500
    assert req.query == "秋季开学工作会议"


def test_year_inside_the_heading_is_not_the_target_year():
    req = parse_drafting_request("我要写2026年政府工作报告，其中一节是“2025年工作回顾”，请参考以前的报告起草，篇幅3000字上下")
    assert req.year == 2026
    assert req.query == "2025年工作回顾"
    assert req.section_role == "主要做法及成效"
    assert req.length == 3000


def test_plain_search_passes_through():
    req = parse_drafting_request("义务教育 课后服务 收费标准")
    assert req.query == "义务教育 课后服务 收费标准"
    assert (req.year, req.section_role, req.doc_type, req.length, req.region) == (None, None, None, None, None)


def test_roles_come_from_the_vocabulary():
    for text in ("写一段基本情况", "总结一下存在的问题和不足", "讲话中的几点要求", "汇报材料的开头"):
        assert parse_drafting_request(text).section_role in SECTION_ROLES


def test_empty_request_is_an_error():
    with pytest.raises(InvalidRequest, match="empty"):
        parse_drafting_request("   ")
