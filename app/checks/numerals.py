"""Chinese numerals read as values: the one parser behind figure checking, request lengths ("约八百字")
and revision targets ("压缩到四百字")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGIT_CHARS = "零〇一二两三四五六七八九"
NUMERAL_CHARS = DIGIT_CHARS + "十百千万亿"
_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}


def decimal_of(text: str) -> Decimal:
    """`text` as a Decimal; ValueError (not InvalidOperation) when it is not a number."""
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


def chinese_numeral_value(text: str) -> Decimal:
    """Value of a Chinese numeral: 三千五百, 二〇二三 (digit by digit), 九十二点五, 一亿二千万, 两万."""
    integer, _, fraction = text.partition("点")
    if integer and all(ch in _DIGITS for ch in integer) and len(integer) > 1:
        value = Decimal("".join(str(_DIGITS[ch]) for ch in integer))
    else:
        value = Decimal(_chinese_integer(integer))
    if fraction:
        value += decimal_of("0." + "".join(str(_DIGITS[ch]) for ch in fraction))
    return value


def whole_number(text: str) -> int:
    """A whole number written in digits ("800") or as a Chinese numeral ("八百", "一千五百", "两千")."""
    return int(text) if text.isdigit() else int(chinese_numeral_value(text))


def _chinese_integer(text: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        elif ch in _BIG_UNITS:
            section += digit or (0 if section or total else 1)  # a bare 万 is ten thousand
            unit = _BIG_UNITS[ch]
            # 一亿二千万: the 万 section is below the 亿 already counted; 十万/百万 scale what came before.
            total = (total + section) * unit if unit > 10**4 or total == 0 else total + section * unit
            section, digit = 0, 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + digit
