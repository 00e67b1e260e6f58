"""Time expressions in a writer's search question or in a passage: which years they name.

Search ranks the passages of the years a question names first, so it must read "2019年以来", "去年",
"近三年" and "“十三五”时期" as years. The same reading runs on a passage's heading path and text, so a
passage of a 2015 report that speaks of "十三五期间" counts as speaking of 2016—2020.

Relative expressions are resolved against a reference year given by the caller: for a question, the
newest year of the library's documents of a kind (or a year the writer names); for a passage, its own
document's year (in a 2017 report "过去一年" is 2016). A mention keeps both ends of its span either as a
calendar year or as an offset from that reference, so one reading serves every reference.

Spans are generous: they rank passages, they never filter them out, so "近三年" is the three years
before the reference and the reference year itself. What must not happen is a false hit: a count of
years ("30多年", "16年来" as a year), a number ("二十五", "十五个"), an ordinal ("第十四届") or a plan's
name ("三年行动计划") read as a year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.checks.numerals import DIGIT_CHARS, NUMERAL_CHARS, whole_number

# Half- and full-width digits: text extracted from PDFs and Word files has both.
_DIGIT = "[0-9０-９]"
# A year in digits or in four Chinese digits (二〇一六); `_year_value` checks it is 1900—2099.
_YEAR = rf"(?<![0-9０-９]){_DIGIT}{{4}}|(?<![{NUMERAL_CHARS}])[{DIGIT_CHARS}]{{4}}"
# PDF extraction often puts a space between a number and the character after it ("2016 年").
_SPACE = "[ \u3000]?"
_DASH = "(?:至|到|—{1,2}|[-–－～~〜])"


@dataclass(frozen=True)
class YearSpan:
    """Calendar years `first`..`last`, both included."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"a span ends before it starts: {self.first}..{self.last}")

    def overlaps(self, other: YearSpan) -> bool:
        return self.first <= other.last and other.first <= self.last

    def __contains__(self, year: int) -> bool:
        return self.first <= year <= self.last

    def label(self) -> str:
        """"2016年", or "2016—2020年" for several years."""
        return f"{self.first}年" if self.first == self.last else f"{self.first}—{self.last}年"


@dataclass(frozen=True)
class _Bound:
    """One end of a mention's span: a calendar year, or an offset from the reference year."""

    value: int
    relative: bool = False

    def resolve(self, reference: int) -> int:
        return reference + self.value if self.relative else self.value


@dataclass(frozen=True)
class TimeMention:
    """A time expression as written (`text` is `searched[start:end]`) and the years it names.

    `kind`: "year" (2016年, 16年, 2016), "range" (2013—2015年, 2019年以来, 近三年), "relative" (去年,
    今明两年) or "period" (“十三五”时期, 第十个五年计划).
    """

    text: str
    start: int
    end: int
    kind: str
    _first: _Bound
    _last: _Bound

    def years(self, reference: int) -> YearSpan:
        """The years named, relative ends counted from `reference` (ignored for absolute mentions).
        A span "since" a year later than the reference ("2019年以来" in a 2017 report) is that year."""
        first = self._first.resolve(reference)
        return YearSpan(first, max(first, self._last.resolve(reference)))

    @property
    def is_relative(self) -> bool:
        return self._first.relative or self._last.relative

    @property
    def names_a_year(self) -> bool:
        """True when the text writes its first year out (2016年, 2019年以来, 十三五); False for 去年, 近三年."""
        return not self._first.relative


def find_time_mentions(text: str) -> list[TimeMention]:
    """The time expressions in `text`, in order of position. Where readings overlap ("2019年" inside
    "2019年以来", "一五" inside "十一五") the longest wins; of equally long ones, the first recogniser."""
    candidates = sorted(_candidates(text), key=lambda c: (c[1].start - c[1].end, c[0], c[1].start))
    chosen: list[TimeMention] = []
    for _, mention in candidates:
        if all(mention.end <= other.start or other.end <= mention.start for other in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def _candidates(text: str) -> Iterator[tuple[int, TimeMention]]:
    for priority, (pattern, build) in enumerate(_RECOGNISERS):
        for match in pattern.finditer(text):
            if (mention := build(match)) is not None:
                yield priority, mention


def _mention(match: re.Match[str], kind: str, first: _Bound, last: _Bound) -> TimeMention:
    return TimeMention(match[0], match.start(), match.end(), kind, first, last)


def _year_value(written: str) -> int | None:
    """The year `written` in digits or Chinese digits, or None when it is not a year of 1900—2099."""
    year = whole_number(written)
    return year if 1900 <= year <= 2099 else None


# --- explicit years ---------------------------------------------------------------------------------

# 1990年代 is a decade; 2016年以来 and 2013年至2015年 are ranges, read below (the longer match wins).
_FULL_YEAR = re.compile(rf"(?P<year>{_YEAR}){_SPACE}年度?(?!代)")


def _full_year(match: re.Match[str]) -> TimeMention | None:
    year = _year_value(match["year"])
    return None if year is None else _mention(match, "year", _Bound(year), _Bound(year))


# "16年" is 2016 unless the two digits count years: a duration (16年来, 10年前, 10年时间), an ordinal
# (第16年), a stretch (近10年, 连续16年, 满10年) or the end of a range of durations (10-15年).
_SHORT_YEAR = re.compile(
    rf"(?<![0-9０-９.．第近续满\-–—～~])(?P<year>{_DIGIT}{{2}}){_SPACE}年度?"
    r"(?!来|间|前|后|代|内|里|多|余|以来|以上|以内|左右|时间|之久)"
)


def _short_year(match: re.Match[str]) -> TimeMention | None:
    two_digits = int(match["year"])
    if 40 <= two_digits <= 49:  # neither this century's nor the last's years are written so
        return None
    year = two_digits + (2000 if two_digits < 40 else 1900)
    return _mention(match, "year", _Bound(year), _Bound(year))


# A number standing alone ("2016 粮食产量") is a year when it could be one; with a unit after it, or
# digits or a decimal point around it, it is a figure (2016万元, 2016.5, 12016).
_BARE_YEAR = re.compile(
    rf"(?<![0-9０-９.．,，A-Za-z])(?P<year>{_DIGIT}{{4}})"
    r"(?![0-9０-９.．]|[ \u3000]?(?:[%％‰万亿千百元人个吨年月日号多余名家户项件次台辆亩米斤克倍岁]|公里))"
)


def _bare_year(match: re.Match[str]) -> TimeMention | None:
    year = int(match["year"])
    return _mention(match, "year", _Bound(year), _Bound(year)) if 1949 <= year <= 2099 else None


# --- explicit ranges --------------------------------------------------------------------------------

_YEAR_RANGE = re.compile(
    rf"(?P<first>{_YEAR})(?:{_SPACE}年度?)?{_SPACE}{_DASH}{_SPACE}(?P<last>{_YEAR}){_SPACE}年度?"
)


def _year_range(match: re.Match[str]) -> TimeMention | None:
    first, last = _year_value(match["first"]), _year_value(match["last"])
    if first is None or last is None or first > last:
        return None
    return _mention(match, "range", _Bound(first), _Bound(last))


_SINCE_YEAR = re.compile(rf"(?P<year>{_YEAR}){_SPACE}年度?(?:以来|来|起|至今)")


def _since_year(match: re.Match[str]) -> TimeMention | None:
    year = _year_value(match["year"])
    return None if year is None else _mention(match, "range", _Bound(year), _Bound(0, relative=True))


# --- relative years ---------------------------------------------------------------------------------

# Each word, the years it names as offsets from the reference, and the characters that, just before
# or after it, make it part of another word: 如今|年轻, 当前|年度, 过去|年均, 以上|年份, 说明|年度.
_RELATIVE_YEARS: dict[str, tuple[int, int, str, str]] = {
    "今明两年": (0, 1, "", ""),
    "本年度": (0, 0, "基资成", ""),
    "本年": (0, 0, "基资成", ""),
    "今年": (0, 0, "如现当", "均轻代"),
    "上年度": (-1, -1, "以", ""),
    "上一年": (-1, -1, "以", ""),
    "上年": (-1, -1, "以", "纪"),
    "去年": (-1, -1, "过失除", ""),
    "前年": (-2, -2, "年当目此提空之以从", ""),
    "明年": (1, 1, "文说证表声光", "度"),
    "下一年": (1, 1, "", ""),
}
_RELATIVE_YEAR = re.compile(
    "|".join(
        (f"(?<![{before}])" if before else "") + word + (f"(?![{after}])" if after else "")
        for word, (_, _, before, after) in sorted(_RELATIVE_YEARS.items(), key=lambda item: -len(item[0]))
    )
)


def _relative_year(match: re.Match[str]) -> TimeMention:
    first, last, _, _ = _RELATIVE_YEARS[match[0]]
    return _mention(match, "relative", _Bound(first, relative=True), _Bound(last, relative=True))


# --- relative ranges --------------------------------------------------------------------------------

_COUNT = rf"{_DIGIT}{{1,2}}|[{NUMERAL_CHARS}]+"
# 近三年, 最近五年, 过去的五年, 这五年, 近几年, 近年来; not 接近年底 or 将近五年 (nearly, not recently).
_RECENT_YEARS = re.compile(
    rf"(?<![接靠将邻附临贴])(?P<lead>最近|近|过去的?|这)(?P<count>{_COUNT}|几|些)?年(?:以来|来|间)?"
)
# 五年来, 十年以来, 16年来: the count must stand alone (三十多年来 is "more than thirty", 第五年来 an ordinal).
_YEARS_SINCE = re.compile(rf"(?<![0-9０-９{NUMERAL_CHARS}第])(?P<count>{_COUNT}|几)年(?:以来|来)")
_A_FEW_YEARS = 3  # 近几年, 近些年, 近年来: "a few" taken as three


def _recent_years(match: re.Match[str]) -> TimeMention | None:
    lead = match.groupdict().get("lead")
    written = match["count"]
    if written is None and lead != "近":  # 近年 alone is "recent years"; 这年, 过去年 are not spans
        return None
    count = _A_FEW_YEARS if written in (None, "几", "些") else whole_number(written)
    if not 1 <= count <= 100 or (lead == "这" and count == 1):  # 这一年 is whichever year was just named
        return None
    if count == 1 and lead in (None, "过去", "过去的"):  # 过去一年, 一年来: the year under review
        return _mention(match, "range", _Bound(-1, relative=True), _Bound(-1, relative=True))
    return _mention(match, "range", _Bound(-count, relative=True), _Bound(0, relative=True))


# --- five-year plans --------------------------------------------------------------------------------

# 十三五, “十四五”时期, 九五计划. The plan's number is one character (一…十: 九五, 十五) or 十 and one
# (十一…十九: 十三五). The character before must not be a numeral: 二十五 is twenty-five.
_PLAN = re.compile(
    rf"(?<![{NUMERAL_CHARS}第])"
    r"(?:(?P<open>[“\"‘'「])(?P<quoted>十[一二三四五六七八九]五|[一二三四五六七八九十]五)[”\"’'」]"
    r"|(?P<plain>十[一二三四五六七八九]五|[一二三四五六七八九十]五))"
    r"(?P<suffix>时期|期间|规划|计划)?"
)
# 九五, 十五 are also everyday words (九五之尊, 十五个, 一五一十): unquoted they are a plan only with a word
# of plans after them.
_PLAN_WORD_AFTER = ("时期", "期间", "规划", "计划", "末", "初", "以来", "开局")
_ORDINAL_PLAN = re.compile(rf"第(?P<number>[{NUMERAL_CHARS}]+)个五年(?:计划|规划)(?:时期|期间)?")


def _plan(match: re.Match[str]) -> TimeMention | None:
    name = match["quoted"] or match["plain"]
    if match["plain"] and len(name) == 2 and not match.string.startswith(_PLAN_WORD_AFTER, match.end("plain")):
        return None
    return _plan_mention(match, whole_number(name[:-1]))


def _ordinal_plan(match: re.Match[str]) -> TimeMention | None:
    return _plan_mention(match, whole_number(match["number"]))


def _plan_mention(match: re.Match[str], number: int) -> TimeMention | None:
    if number < 1:
        return None
    # Plans run five years from 1953, except that 1963—1965 were years of readjustment between the
    # second plan and the third.
    first = 1953 + 5 * (number - 1) if number <= 2 else 1966 + 5 * (number - 3)
    return _mention(match, "period", _Bound(first), _Bound(first + 4))


# In order of preference between equally long readings: a four-Chinese-digit count of years
# ("二〇一三年来") is the year 2013, not 2013 years.
_RECOGNISERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], TimeMention | None]], ...] = (
    (_YEAR_RANGE, _year_range),
    (_SINCE_YEAR, _since_year),
    (_FULL_YEAR, _full_year),
    (_SHORT_YEAR, _short_year),
    (_BARE_YEAR, _bare_year),
    (_ORDINAL_PLAN, _ordinal_plan),
    (_PLAN, _plan),
    (_RELATIVE_YEAR, _relative_year),
    (_RECENT_YEARS, _recent_years),
    (_YEARS_SINCE, _recent_years),
)
