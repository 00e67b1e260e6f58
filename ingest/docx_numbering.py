"""Word's automatic list numbering, which python-docx leaves unrendered.

Official documents number their headings (一、 （一） 1. （1）) with list definitions in
word/numbering.xml rather than typed text; without the labels the heading structure is lost.
ListNumberer replays Word's counters paragraph by paragraph in document order.
"""

import re
from dataclasses import dataclass, replace

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VAL = f"{W}val"
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class LevelFormat:
    """One w:lvl: how a list level counts and what its label looks like."""

    num_fmt: str
    lvl_text: str
    start: int
    restart_after: int | None  # w:lvlRestart (1-based level; 0 = never); None = after any higher level
    suffix: str  # w:suff: "tab", "space" or "nothing"
    legal: bool  # w:isLgl: every placeholder shown as a decimal
    style_id: str | None  # w:pStyle: a paragraph style bound to this level


@dataclass(frozen=True)
class _Num:
    abstract_id: str
    overrides: dict[int, LevelFormat | int]  # a whole replacement level, or a start override


class ListNumberer:
    """Computes the list label of each paragraph, in document order (it keeps Word's counters)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self._abstracts: dict[str, etree._Element] = {}
        self._nums: dict[str, _Num] = {}
        if numbering is not None:
            for abstract in numbering.iterfind(f"{W}abstractNum"):
                self._abstracts[abstract.get(f"{W}abstractNumId", "")] = abstract
            for num in numbering.iterfind(f"{W}num"):
                parsed = _parse_num(num)
                if parsed is not None:
                    self._nums[num.get(f"{W}numId", "")] = parsed
        self._styles = _StyleNumbering(styles)
        self._levels_cache: dict[str, dict[int, LevelFormat]] = {}
        self._counters: dict[tuple[str, str], dict[int, int]] = {}

    def label(self, paragraph: etree._Element) -> tuple[str, str]:
        """Return (label, separator) for a w:p, advancing the counters; ("", "") when unnumbered."""
        style_id = _paragraph_style(paragraph) or self._styles.default_style
        num_id, ilvl = _direct_num_pr(paragraph)
        style_num_id, style_ilvl = self._styles.num_pr(style_id)
        num_id = num_id if num_id is not None else style_num_id
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return "", ""
        num = self._nums[num_id]
        levels = self._levels(num_id, num)
        level = ilvl if ilvl is not None else style_ilvl
        if level is None:
            level = next((i for i, f in levels.items() if style_id and f.style_id == style_id), 0)
        fmt = levels.get(level)
        if fmt is None:
            return "", ""
        counters = self._counters.setdefault(self._counter_key(num_id, num), {})
        counters[level] = counters[level] + 1 if level in counters else fmt.start
        for deeper in [d for d in counters if d > level]:
            if _restarts(levels.get(deeper), deeper, level):
                del counters[deeper]
        if fmt.num_fmt == "bullet":
            # Bullet glyphs are symbol-font code points that carry no structure.
            return "", ""
        text = _PLACEHOLDER.sub(lambda m: _render(int(m.group(1)) - 1, fmt, levels, counters), fmt.lvl_text)
        if not text:
            return "", ""
        return text, _separator(text, fmt.suffix)

    @staticmethod
    def _counter_key(num_id: str, num: _Num) -> tuple[str, str]:
        # Word continues one sequence across w:num entries sharing an abstract list; a w:num
        # with a start override is a restarted, separate list.
        if num.overrides:
            return "num", num_id
        return "abstract", num.abstract_id

    def _levels(self, num_id: str, num: _Num) -> dict[int, LevelFormat]:
        if num_id not in self._levels_cache:
            levels = dict(self._abstract_levels(num.abstract_id, depth=0))
            for index, override in num.overrides.items():
                if isinstance(override, LevelFormat):
                    levels[index] = override
                elif index in levels:
                    levels[index] = replace(levels[index], start=override)
            self._levels_cache[num_id] = levels
        return self._levels_cache[num_id]

    def _abstract_levels(self, abstract_id: str, depth: int) -> dict[int, LevelFormat]:
        abstract = self._abstracts.get(abstract_id)
        if abstract is None:
            return {}
        levels = {int(lvl.get(f"{W}ilvl", "0")): _parse_level(lvl) for lvl in abstract.iterfind(f"{W}lvl")}
        link = abstract.find(f"{W}numStyleLink")
        if levels or link is None or depth > 4:
            return levels
        # The list's levels live in the abstract definition of the numbering style it links to.
        linked_num_id, _ = self._styles.num_pr(link.get(_VAL))
        linked = self._nums.get(linked_num_id or "")
        if linked is None:
            return {}
        return self._abstract_levels(linked.abstract_id, depth + 1)


class _StyleNumbering:
    """numPr carried by styles, following w:basedOn, so "标题 1"-style headings get their numbers."""

    def __init__(self, styles: etree._Element | None):
        self._direct: dict[str, tuple[str | None, int | None]] = {}
        self._based_on: dict[str, str] = {}
        self.default_style: str | None = None
        if styles is None:
            return
        for style in styles.iterfind(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if style_id is None:
                continue
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                self.default_style = style_id
            based_on = style.find(f"{W}basedOn")
            if based_on is not None and based_on.get(_VAL):
                self._based_on[style_id] = based_on.get(_VAL, "")
            self._direct[style_id] = _num_pr(style.find(f"{W}pPr"))

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and (num_id is None or ilvl is None):
            seen.add(style_id)
            own_num_id, own_ilvl = self._direct.get(style_id, (None, None))
            num_id = num_id if num_id is not None else own_num_id
            ilvl = ilvl if ilvl is not None else own_ilvl
            style_id = self._based_on.get(style_id)
        return num_id, ilvl


def _paragraph_style(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(_VAL)


def _direct_num_pr(paragraph: etree._Element) -> tuple[str | None, int | None]:
    return _num_pr(paragraph.find(f"{W}pPr"))


def _num_pr(p_pr: etree._Element | None) -> tuple[str | None, int | None]:
    if p_pr is None:
        return None, None
    num_pr = p_pr.find(f"{W}numPr")
    if num_pr is None:
        return None, None
    num_id_el = num_pr.find(f"{W}numId")
    ilvl_el = num_pr.find(f"{W}ilvl")
    num_id = None if num_id_el is None else num_id_el.get(_VAL)
    return num_id, None if ilvl_el is None else _int(ilvl_el.get(_VAL), 0)


def _parse_num(num: etree._Element) -> _Num | None:
    abstract_ref = num.find(f"{W}abstractNumId")
    if abstract_ref is None:
        return None
    overrides: dict[int, LevelFormat | int] = {}
    for override in num.iterfind(f"{W}lvlOverride"):
        index = _int(override.get(f"{W}ilvl"), 0)
        level = override.find(f"{W}lvl")
        start = override.find(f"{W}startOverride")
        if level is not None:
            overrides[index] = _parse_level(level)
        elif start is not None:
            overrides[index] = _int(start.get(_VAL), 0)
    return _Num(abstract_ref.get(_VAL, ""), overrides)


def _parse_level(lvl: etree._Element) -> LevelFormat:
    num_fmt = lvl.find(f"{W}numFmt")
    if num_fmt is None:
        # Word 2010+ hides custom formats in mc:AlternateContent with a classic fallback.
        num_fmt = lvl.find(f"{MC}AlternateContent/{MC}Fallback/{W}numFmt")
    lvl_text = lvl.find(f"{W}lvlText")
    start = lvl.find(f"{W}start")
    restart = lvl.find(f"{W}lvlRestart")
    suffix = lvl.find(f"{W}suff")
    legal = lvl.find(f"{W}isLgl")
    style = lvl.find(f"{W}pStyle")
    return LevelFormat(
        num_fmt="decimal" if num_fmt is None else num_fmt.get(_VAL, "decimal"),
        lvl_text="" if lvl_text is None else lvl_text.get(_VAL, ""),
        # ECMA-376: an omitted w:start means 0.
        start=0 if start is None else _int(start.get(_VAL), 0),
        restart_after=None if restart is None else _int(restart.get(_VAL), 0),
        suffix="tab" if suffix is None else suffix.get(_VAL, "tab"),
        legal=legal is not None and legal.get(_VAL, "1") not in ("0", "false", "off"),
        style_id=None if style is None else style.get(_VAL),
    )


def _render(
    index: int, current: LevelFormat, levels: dict[int, LevelFormat], counters: dict[int, int]
) -> str:
    level = levels.get(index)
    if level is None:
        return ""
    # A higher level never used (or just reset) shows start-1, as Word's "1.0.1" does.
    value = counters.get(index, level.start - 1)
    return format_number(value, "decimal" if current.legal else level.num_fmt)


def _restarts(level: LevelFormat | None, deeper: int, used: int) -> bool:
    """Does using level `used` restart level `deeper`? (w:lvlRestart is 1-based; 0 = never.)"""
    restart_after = None if level is None else level.restart_after
    if restart_after is None or restart_after > deeper:
        restart_after = deeper
    return used < restart_after


def _separator(label: str, suffix: str) -> str:
    # Word's default tab after a label is layout: "一、总体情况" and "1.师资" are how the text reads.
    if suffix == "nothing" or label[-1] in "、.．)）:：」】":
        return ""
    return " "


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---- number formats -------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_UNITS = ("", "十", "百", "千")
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def format_number(value: int, num_fmt: str) -> str:
    """Render a list counter in a Word w:numFmt; formats not handled here fall back to decimal."""
    formatter = _FORMATTERS.get(num_fmt)
    if formatter is None or value < 0:
        return str(value)
    return formatter(value)


def _grouped(value: int, digits: str, units: tuple[str, ...], zero: str, short_ten: bool) -> str:
    """Chinese numerals with 十百千 inside groups of four and 万/亿 between them."""
    if value == 0:
        return digits[0]
    groups: list[int] = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    parts: list[str] = []
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(parts)
            continue
        if parts and (pending_zero or group < 1000):
            parts.append(zero)
        pending_zero = False
        text = ""
        inner_zero = False
        for position in range(3, -1, -1):
            digit = group // 10**position % 10
            if digit == 0:
                inner_zero = bool(text)
                continue
            if inner_zero:
                text += zero
                inner_zero = False
            text += digits[digit] + units[position]
        parts.append(text + _BIG_UNITS[index])
    result = "".join(parts)
    if short_ten and result.startswith(digits[1] + units[1]):
        result = result[1:]  # 十一, not 一十一
    return result


def _chinese_counting(value: int) -> str:
    # Word writes 100 and above digit by digit: 一〇一.
    if value >= 100:
        return "".join(_CN_DIGITS[int(d)] for d in str(value))
    return _grouped(value, _CN_DIGITS, _CN_UNITS, "零", short_ten=True)


def _japanese_counting(value: int) -> str:
    text = _grouped(value, _CN_DIGITS, _CN_UNITS, "", short_ten=True)
    # Japanese drops the 一 before 百 and 千 (百一, 千二百); 一万 keeps it.
    return re.sub("一(?=[百千])", "", text) if value < 10000 else text


def _letters(value: int, first: str) -> str:
    if value <= 0:
        return str(value)
    return chr(ord(first) + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value <= 0:
        return str(value)
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _enclosed(first_code_point: int, last: int):
    def render(value: int) -> str:
        return chr(first_code_point + value - 1) if 1 <= value <= last else str(value)

    return render


def _cyclic(symbols: str):
    def render(value: int) -> str:
        return symbols[(value - 1) % len(symbols)] if value >= 1 else str(value)

    return render


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


_FORMATTERS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda v: f"{v:02d}",
    "decimalFullWidth": lambda v: str(v).translate(_FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda v: str(v).translate(_FULL_WIDTH_DIGITS),
    "chineseCounting": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "ideographDigital": lambda v: "".join(_CN_DIGITS[int(d)] for d in str(v)),
    "chineseCountingThousand": lambda v: _grouped(v, _CN_DIGITS, _CN_UNITS, "零", short_ten=True),
    "taiwaneseCountingThousand": lambda v: _grouped(v, _CN_DIGITS, _CN_UNITS, "零", short_ten=True),
    "chineseLegalSimplified": lambda v: _grouped(
        v, _CN_LEGAL_DIGITS, _CN_LEGAL_UNITS, "零", short_ten=False
    ),
    "japaneseCounting": _japanese_counting,
    "ideographTraditional": _cyclic(_HEAVENLY_STEMS),
    "ideographZodiac": _cyclic(_EARTHLY_BRANCHES),
    "decimalEnclosedCircle": _enclosed(0x2460, 20),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "decimalEnclosedParen": _enclosed(0x2474, 20),
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),
    "ideographEnclosedCircle": _enclosed(0x3280, 10),
    "lowerLetter": lambda v: _letters(v, "a"),
    "upperLetter": lambda v: _letters(v, "A"),
    "lowerRoman": _roman,
    "upperRoman": lambda v: _roman(v).upper(),
    "ordinal": _ordinal,
    "none": lambda v: "",
}
