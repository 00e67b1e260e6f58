"""Time expressions in a question or a passage, read as the years they name."""

from __future__ import annotations

import pytest

from app.search.time_expressions import YearSpan, find_time_mentions


def _read(text: str, reference: int) -> list[tuple[str, int, int]]:
    """Each mention as (text as written, first year, last year)."""
    readings = []
    for mention in find_time_mentions(text):
        span = mention.years(reference)
        readings.append((mention.text, span.first, span.last))
    return readings


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # explicit years
        ("2016年粮食产量", 2024, [("2016年", 2016, 2016)]),
        ("2016年度工作总结", 2024, [("2016年度", 2016, 2016)]),
        ("二〇二四年政府工作报告", 2020, [("二〇二四年", 2024, 2024)]),
        ("二零一六年", 2024, [("二零一六年", 2016, 2016)]),
        ("16年的就业情况", 2024, [("16年", 2016, 2016)]),
        ("99年的洪水", 2024, [("99年", 1999, 1999)]),
        ("2016 年 全市", 2024, [("2016 年", 2016, 2016)]),
        ("２０１６年", 2024, [("２０１６年", 2016, 2016)]),
        ("2035年远景目标", 2024, [("2035年", 2035, 2035)]),
        ("2016 粮食产量", 2024, [("2016", 2016, 2016)]),
        ("国发〔2016〕5号", 2024, [("2016", 2016, 2016)]),
        # explicit ranges
        ("2013年至2015年", 2024, [("2013年至2015年", 2013, 2015)]),
        ("2013—2015年", 2024, [("2013—2015年", 2013, 2015)]),
        ("2013-2015年", 2024, [("2013-2015年", 2013, 2015)]),
        ("2013～2015年", 2024, [("2013～2015年", 2013, 2015)]),
        ("2013年到2015年", 2024, [("2013年到2015年", 2013, 2015)]),
        ("2013到2015年", 2024, [("2013到2015年", 2013, 2015)]),
        ("二〇一三年至二〇一五年", 2024, [("二〇一三年至二〇一五年", 2013, 2015)]),
        ("2019年以来", 2024, [("2019年以来", 2019, 2024)]),
        ("2013年来", 2020, [("2013年来", 2013, 2020)]),
        ("2013年起", 2020, [("2013年起", 2013, 2020)]),
        ("2013年至今", 2020, [("2013年至今", 2013, 2020)]),
        ("2019年以来", 2017, [("2019年以来", 2019, 2019)]),  # an older passage: just that year
        # relative years
        ("今年", 2024, [("今年", 2024, 2024)]),
        ("本年", 2024, [("本年", 2024, 2024)]),
        ("本年度预算", 2024, [("本年度", 2024, 2024)]),
        ("去年", 2024, [("去年", 2023, 2023)]),
        ("上年", 2024, [("上年", 2023, 2023)]),
        ("上一年", 2024, [("上一年", 2023, 2023)]),
        ("上年度", 2024, [("上年度", 2023, 2023)]),
        ("前年", 2024, [("前年", 2022, 2022)]),
        ("明年", 2024, [("明年", 2025, 2025)]),
        ("下一年", 2024, [("下一年", 2025, 2025)]),
        ("今明两年的目标", 2024, [("今明两年", 2024, 2025)]),
        ("比去年同期增长", 2024, [("去年", 2023, 2023)]),
        ("今年以来", 2024, [("今年", 2024, 2024)]),
        # relative ranges: the N years before the reference and the reference itself
        ("近三年", 2019, [("近三年", 2016, 2019)]),
        ("近三年来", 2019, [("近三年来", 2016, 2019)]),
        ("近5年", 2024, [("近5年", 2019, 2024)]),
        ("近几年", 2024, [("近几年", 2021, 2024)]),
        ("近年来", 2024, [("近年来", 2021, 2024)]),
        ("最近五年", 2024, [("最近五年", 2019, 2024)]),
        ("过去五年", 2024, [("过去五年", 2019, 2024)]),
        ("过去的五年", 2024, [("过去的五年", 2019, 2024)]),
        ("五年来", 2024, [("五年来", 2019, 2024)]),
        ("这五年", 2024, [("这五年", 2019, 2024)]),
        ("16年来", 2024, [("16年来", 2008, 2024)]),  # sixteen years, not 2016
        # ... except that the past year is the one under review
        ("过去一年", 2017, [("过去一年", 2016, 2016)]),
        ("一年来", 2017, [("一年来", 2016, 2016)]),
        # five-year plans
        ("一五时期", 2024, [("一五时期", 1953, 1957)]),
        ("九五计划", 2024, [("九五计划", 1996, 2000)]),
        ("“九五”", 2024, [("“九五”", 1996, 2000)]),
        ("十五期间", 2024, [("十五期间", 2001, 2005)]),
        ("十五末", 2024, [("十五", 2001, 2005)]),
        ("十一五", 2024, [("十一五", 2006, 2010)]),
        ("十三五", 2024, [("十三五", 2016, 2020)]),
        ("“十三五”", 2024, [("“十三五”", 2016, 2020)]),
        ('"十三五"', 2024, [('"十三五"', 2016, 2020)]),
        ("‘十三五’", 2024, [("‘十三五’", 2016, 2020)]),
        ("十三五时期", 2024, [("十三五时期", 2016, 2020)]),
        ("十三五期间的成就", 2024, [("十三五期间", 2016, 2020)]),
        ("“十四五”时期", 2024, [("“十四五”时期", 2021, 2025)]),
        ("十四五规划", 2024, [("十四五规划", 2021, 2025)]),
        ("第十个五年计划", 2024, [("第十个五年计划", 2001, 2005)]),
        ("第十一个五年规划", 2024, [("第十一个五年规划", 2006, 2010)]),
        # several mentions, in order
        ("2019年以来和去年的粮食产量", 2024, [("2019年以来", 2019, 2024), ("去年", 2023, 2023)]),
        ("“十三五”时期与2021年相比", 2024, [("“十三五”时期", 2016, 2020), ("2021年", 2021, 2021)]),
        # counts, durations, numbers and names that are not times
        ("16年间", 2024, []),
        ("30多年", 2024, []),
        ("用5年时间", 2024, []),
        ("10年前", 2024, []),
        ("90年代", 2024, []),
        ("1990年代", 2024, []),
        ("45年", 2024, []),
        ("3000年", 2024, []),
        ("增长2016%", 2024, []),
        ("投资2016万元", 2024, []),
        ("2016.5吨", 2024, []),
        ("一五一十", 2024, []),
        ("十五个", 2024, []),
        ("二十五", 2024, []),
        ("第十四届", 2024, []),
        ("三年行动计划", 2024, []),
        ("五年规划", 2024, []),
        ("这一年", 2024, []),
        # relative words inside other words
        ("如今年轻人", 2024, []),
        ("当前年度", 2024, []),
        ("过去年均增长", 2024, []),
        ("说明年度预算", 2024, []),
        ("接近年底", 2024, []),
    ],
)
def test_time_mentions(text, reference, expected):
    assert _read(text, reference) == expected


def test_a_mention_knows_where_it_is_and_what_kind_it_is():
    question = "去年和“十四五”时期的就业"
    last_year, plan = find_time_mentions(question)
    assert (last_year.start, last_year.end, last_year.kind) == (0, 2, "relative")
    assert question[plan.start : plan.end] == "“十四五”时期"
    assert plan.kind == "period"


@pytest.mark.parametrize(
    ("text", "kind", "relative"),
    [("2016年", "year", False), ("2013—2015年", "range", False), ("2019年以来", "range", True),
     ("去年", "relative", True), ("近三年", "range", True), ("十三五", "period", False)],
)
def test_only_mentions_counted_from_the_reference_are_relative(text, kind, relative):
    (mention,) = find_time_mentions(text)
    assert (mention.kind, mention.is_relative) == (kind, relative)


def test_absolute_mentions_ignore_the_reference():
    (mention,) = find_time_mentions("2016年")
    assert mention.years(0) == mention.years(2024) == YearSpan(2016, 2016)


def test_year_spans():
    plan = YearSpan(2016, 2020)
    assert 2016 in plan and 2020 in plan and 2021 not in plan
    assert plan.overlaps(YearSpan(2020, 2022)) and plan.overlaps(YearSpan(2017, 2017))
    assert not plan.overlaps(YearSpan(2021, 2025))
    assert plan.label() == "2016—2020年"
    assert YearSpan(2016, 2016).label() == "2016年"


def test_a_span_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="ends before it starts"):
        YearSpan(2020, 2016)
