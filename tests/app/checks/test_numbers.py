from pathlib import Path

import pytest

from app.checks.numbers import (
    FIXED_PHRASES,
    allowed_values,
    blank_unsupported,
    find_numbers,
    mask_figures,
    read_fixed_phrases,
)


def figures(text: str) -> list[str]:
    return [m.text for m in find_numbers(text)]


def test_arabic_forms_compare_by_value():
    allowed = allowed_values(["培训教师3200人次，覆盖率92.5%，资金2.3万元"])
    text = "培训教师３，２００人次，覆盖率百分之九十二点五，资金23000元。"
    assert blank_unsupported(text, allowed, paragraph_index=0) == (text, [])


def test_unsupported_figures_are_blanked_keeping_units():
    allowed = allowed_values(["新建学校2所"])
    text, found = blank_unsupported("新建学校2所，培训教师三千余人，合格率98%，投入1.5亿元。", allowed, paragraph_index=3)
    assert text == "新建学校2所，培训教师××余人，合格率××%，投入××亿元。"
    assert [(f.text, f.paragraph) for f in found] == [("三千", 3), ("98", 3), ("1.5", 3)]


def test_percent_does_not_match_a_count_of_the_same_value():
    text, found = blank_unsupported("优秀率达到90%。", allowed_values(["表彰教师90名"]), paragraph_index=0)
    assert text == "优秀率达到××%。" and len(found) == 1


def test_years_are_checked():
    assert figures("2022年以来") == ["2022"]
    text, _ = blank_unsupported("2022年以来", allowed_values(["2021年"]), paragraph_index=0)
    assert text == "××年以来"


def test_ordinals_enumerations_and_fixed_expressions_are_not_figures():
    text = (
        "一、强化师资\n（二）推进改革\n1. 加强培训\n一是打造一流队伍，二是推进一体化，第三批名校长，"
        "落实“双减”和“三个课堂”，坚持五育并举，一个都不能少，学习党的二十大精神，“十四五”期间统一部署，"
        "促进一二三产融合发展，优化三次产业结构[2]。"
    )
    assert figures(text) == []


def test_single_character_counts_are_figures_but_words_are_not():
    assert figures("新建三所学校，选派两名教师，十分重要，三令五申，十余所学校") == ["三", "两", "十"]


def test_comma_between_years_is_not_a_thousands_separator():
    assert figures("2021，2022年") == ["2021", "2022"]


def test_mask_figures_blanks_every_figure_and_keeps_phrases_and_ordinals():
    text = "“十四五”以来，落实两免一补政策，对标2035年远景目标：一是全年招聘教师96人，二是培训合格率92.5%，三是培训教师三千余人[2]。"
    assert mask_figures(text) == (
        "“十四五”以来，落实两免一补政策，对标2035年远景目标：一是全年招聘教师××人，二是培训合格率××%，三是培训教师××余人[2]。"
    )


def test_a_year_outside_a_fixed_phrase_is_masked():
    assert mask_figures("2035年远景目标") == "2035年远景目标"
    assert mask_figures("2035年建成") == "××年建成"


def test_the_built_in_phrases_come_from_the_data_file():
    assert {"十四五", "两免一补", "2035年远景目标"} <= set(FIXED_PHRASES)
    assert not any(p.startswith("#") or not p.strip() for p in FIXED_PHRASES)


def test_a_writers_phrase_file_with_comments_and_blank_lines(tmp_path: Path):
    path = tmp_path / "phrases.txt"
    path.write_text("\ufeff# 本县的提法\n\n五个一批\n  三个一百  \n# 注释\n", encoding="utf-8")
    phrases = read_fixed_phrases(path)
    assert phrases == ("五个一批", "三个一百")
    text = "落实五个一批工程，实施三个一百计划，新建学校3所。"
    assert mask_figures(text) == "落实××个一批工程，实施××个××计划，新建学校××所。"
    assert mask_figures(text, fixed_phrases=(*FIXED_PHRASES, *phrases)) == "落实五个一批工程，实施三个一百计划，新建学校××所。"
    assert [m.text for m in find_numbers(text, fixed_phrases=phrases)] == ["3"]


def test_a_missing_phrase_file_is_an_os_error(tmp_path: Path):
    with pytest.raises(OSError):
        read_fixed_phrases(tmp_path / "absent.txt")


def test_a_quoted_slogan_of_several_numerals_is_a_phrase_not_figures():
    # “一年入格、三年合格、五年骨干” names a training programme; a count after it is still a figure.
    assert figures("实行“一年入格、三年合格、五年骨干”分层培养，培训教师三百人。") == ["三百"]


def test_a_multiplier_after_digits_is_no_figure_of_its_own():
    assert [n.text for n in find_numbers("全年粮食产量1.2万亿斤，财政收入3万亿元")] == ["1.2", "3"]


def test_a_magnitude_after_a_blank_or_alone_is_no_figure():
    # A check-half draft's "超过××万亿元" counted 万亿 as a figure not from the writer.
    assert figures("国内生产总值超过××万亿元，亿万人民共享发展成果。") == []
    assert figures("投资一万亿元，新增就业两万人。") == ["一万亿", "两万"]
