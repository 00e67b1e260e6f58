"""The form fields the tabs share, read as the library takes them: the year range above all."""

from __future__ import annotations

import pytest

from app.web.forms import FormError, filters_from


@pytest.mark.parametrize("empty", [None, 0, 0.0, "", "  ", "0"])
def test_an_empty_year_or_0_is_no_limit(empty):
    filters = filters_from(empty, empty, None)
    assert (filters.year_min, filters.year_max, filters.regions) == (None, None, ())


def test_a_range_and_regions_become_the_filter():
    filters = filters_from(2019, 2022.0, ["松岭县"])
    assert (filters.year_min, filters.year_max, filters.regions) == (2019, 2022, ("松岭县",))
    assert (filters_from("2020", None, []).year_min, filters_from(None, " 2024 ", []).year_max) == (2020, 2024)
    assert filters_from("2020年", None, []).year_min == 2020, "a writer may write the year as 公文 do"
    assert filters_from(2021, 2021, []).year_min == 2021, "one year is a range too"


def test_an_open_end_limits_one_side_only():
    assert (filters_from(2020, None, []).year_min, filters_from(2020, None, []).year_max) == (2020, None)
    assert (filters_from(0, 2020, []).year_min, filters_from(0, 2020, []).year_max) == (None, 2020)


def test_a_reversed_range_is_refused():
    with pytest.raises(FormError, match="年份范围有误：起始年份 2025 晚于截止年份 2020"):
        filters_from("2025", "2020年", [])


@pytest.mark.parametrize(("year_from", "year_to", "message"), [
    (1948, None, "起始年份 1948 不在 1949—2100 年之间"),
    (None, 2101, "截止年份 2101 不在 1949—2100 年之间"),
    (20240, None, "起始年份 20240 不在 1949—2100 年之间"),
    (-2020, None, "起始年份 -2020 不在 1949—2100 年之间"),
])
def test_a_year_out_of_range_is_refused_naming_the_field(year_from, year_to, message):
    with pytest.raises(FormError, match=message):
        filters_from(year_from, year_to, [])


@pytest.mark.parametrize(("value", "message"), [
    (2020.5, "起始年份 2020.5 不是整数年份"),
    ("2020.5", "起始年份 2020.5 不是整数年份"),
    ("二〇二〇年", "起始年份“二〇二〇年”不是年份"),
    ("去年", "起始年份“去年”不是年份"),
    (float("nan"), "起始年份 nan 不是整数年份"),
])
def test_a_year_that_is_not_a_whole_number_is_refused(value, message):
    with pytest.raises(FormError, match=message):
        filters_from(value, None, [])
