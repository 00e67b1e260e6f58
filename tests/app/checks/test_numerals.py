"""The one parser of Chinese numerals: figures, request lengths and revision targets all read through it."""

from decimal import Decimal

import pytest

from app.checks.numerals import chinese_numeral_value, whole_number


@pytest.mark.parametrize(
    ("text", "value"), [("八百", 800), ("一千五百", 1500), ("两千", 2000), ("十二", 12), ("1200", 1200), ("万", 10000)]
)
def test_whole_number(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三千五百", "3500"), ("二〇二三", "2023"), ("九十二点五", "92.5"), ("一亿二千万", "120000000"), ("十五", "15"), ("两万", "20000")],
)
def test_chinese_numeral_values(numeral, value):
    assert chinese_numeral_value(numeral) == Decimal(value)


def test_not_a_numeral_is_a_value_error():
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        whole_number("八百字")
