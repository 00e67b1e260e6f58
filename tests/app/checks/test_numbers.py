
from app.checks.numbers import allowed_values, blank_unsupported, find_numbers


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
        "落实“双减”和“三个课堂”，坚持五育并举，一个都不能少，学习党的二十大精神，“十四五”期间统一部署[2]。"
    )
    assert figures(text) == []


def test_single_character_counts_are_figures_but_words_are_not():
    assert figures("新建三所学校，选派两名教师，十分重要，三令五申，十余所学校") == ["三", "两", "十"]


def test_comma_between_years_is_not_a_thousands_separator():
    assert figures("2021，2022年") == ["2021", "2022"]
