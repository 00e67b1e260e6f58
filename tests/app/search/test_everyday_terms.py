"""Everyday words in a question, turned into the official terms earlier reports use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.search.everyday_terms import (
    EVERYDAY_TERMS_FILE,
    EverydayTerms,
    EverydayTermsError,
    TermMatch,
    read_everyday_terms,
)


@pytest.fixture(scope="module")
def everyday() -> EverydayTerms:
    return EverydayTerms.load()


def _found(everyday: EverydayTerms, question: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.everyday, m.official) for m in everyday.find(question)]


def test_the_built_in_list_reads_and_maps_no_word_to_itself():
    # Reading would fail on a malformed line or on a spelling given twice.
    terms = read_everyday_terms(EVERYDAY_TERMS_FILE)
    assert len(terms) >= 120
    assert not [word for word, official in terms.items() if word in official]
    assert terms["看病贵"] == ("医疗费用负担", "看病就医", "医疗保障")
    assert terms["看病难"] == terms["看病贵"]  # spellings sharing a line share its terms
    assert len(EverydayTerms.load()) == len(terms)


def test_an_everyday_question_gets_the_official_terms(everyday: EverydayTerms):
    assert everyday.find("看病贵 减轻群众负担的措施") == [
        TermMatch("看病贵", ("医疗费用负担", "看病就医", "医疗保障"), 0, 3)
    ]


def test_the_longest_spelling_is_taken(everyday: EverydayTerms):
    assert _found(everyday, "群众看病难") == [("看病难", ("医疗费用负担", "看病就医", "医疗保障"))]
    assert [m.everyday for m in everyday.find("大学生找工作难")] == ["大学生找工作"]


def test_several_words_come_in_the_order_of_the_question(everyday: EverydayTerms):
    matches = everyday.find("老人找工作")
    assert [(m.everyday, m.start, m.end) for m in matches] == [("老人", 0, 2), ("找工作", 2, 5)]
    assert matches[1].official == ("就业", "再就业", "就业服务")


def test_a_formal_question_has_no_everyday_words(everyday: EverydayTerms):
    assert everyday.find("推进义务教育优质均衡发展，落实教师工资待遇") == []


def test_terms_the_question_already_has_are_not_added_again(everyday: EverydayTerms):
    assert _found(everyday, "看病贵与医疗保障") == [("看病贵", ("医疗费用负担", "看病就医"))]
    # 看病难 would only repeat what 看病贵 gave.
    assert _found(everyday, "看病贵、看病难") == [("看病贵", ("医疗费用负担", "看病就医", "医疗保障"))]


def test_a_word_inside_an_official_term_of_the_question_is_not_everyday(everyday: EverydayTerms):
    assert everyday.find("保障群众看病就医") == []
    assert everyday.find("发展住房租赁市场") == []  # 房租 inside 住房租赁


def test_spellings_that_hide_in_formal_words_are_not_in_the_list(everyday: EverydayTerms):
    assert everyday.find("上学期工作总结") == []  # 上学
    assert everyday.find("各种地区") == []  # 种地
    assert everyday.find("我国企业走出去") == []  # 国企


def test_a_writers_file_adds_terms_to_a_word_and_new_words(tmp_path: Path):
    path = tmp_path / "本局的说法.txt"
    path.write_text(
        "\ufeff# 本局的说法\n"
        "\n"
        "看病贵 = 大病保险, 看病就医   # 看病就医 is built in already\n"
        "课间十分钟 ／ 课间 ＝ 课间活动，体育锻炼\n",
        encoding="utf-8",
    )
    everyday = EverydayTerms.load(path)
    assert len(everyday) == len(EverydayTerms.load()) + 2
    assert _found(everyday, "看病贵") == [("看病贵", ("医疗费用负担", "看病就医", "医疗保障", "大病保险"))]
    assert _found(everyday, "课间十分钟怎么安排") == [("课间十分钟", ("课间活动", "体育锻炼"))]


def test_a_map_can_be_given_directly():
    everyday = EverydayTerms({"开家长会": ["家校共育", "家校共育", "家庭教育"]})
    assert _found(everyday, "怎么开家长会") == [("开家长会", ("家校共育", "家庭教育"))]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("看病贵 医疗费用负担", "expected 'everyday words = official term"),
        ("看病贵 = 医疗费用负担 = 看病就医", "expected 'everyday words = official term"),
        ("看病贵 =", "official term after '=' is empty"),
        ("看病贵 = 医疗费用负担,, 看病就医", "official term after '=' is empty"),
        ("= 医疗费用负担", "everyday word before '=' is empty"),
        ("看病贵 / = 医疗费用负担", "everyday word before '=' is empty"),
        ("看病贵 = " + "医疗费用" * 6, "longer than 20 characters"),
        ("看病贵" * 7 + " = 医疗费用负担", "longer than 20 characters"),
        ("看病难 = 看病就医", "'看病难' is already given on line 2"),
    ],
)
def test_a_malformed_line_is_named_by_file_and_line(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "terms.txt"
    path.write_text(f"# 说法\n看病贵 / 看病难 = 医疗费用负担\n{line}\n", encoding="utf-8")
    where = re.escape(f"{path}:3: ")
    with pytest.raises(EverydayTermsError, match=f"{where}.*{re.escape(problem)}"):
        read_everyday_terms(path)
    with pytest.raises(EverydayTermsError, match=where):
        EverydayTerms.load(path)


def test_an_unreadable_file_is_named(tmp_path: Path):
    missing = tmp_path / "absent.txt"
    with pytest.raises(EverydayTermsError, match=re.escape(str(missing))):
        EverydayTerms.load(missing)
    not_utf8 = tmp_path / "gbk.txt"
    not_utf8.write_bytes("看病贵 = 医疗费用负担\n".encode("gbk"))
    with pytest.raises(EverydayTermsError, match=re.escape(str(not_utf8))):
        read_everyday_terms(not_utf8)
