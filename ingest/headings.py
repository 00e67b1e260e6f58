"""Heading markers of Chinese official documents and the rules that tie them into a tree.

Styles, from the top of the hierarchy down (GB/T 9704 order: 一、 > （一） > 1. > （1））:

    cn_dun    一、 (also 一．)             rank 0
    plain     an unnumbered short line   rank 0   ("结束语")
    cn_paren  （一） / (一)                rank 1
    di        第一， / 第一、               rank 1   (speech style)
    ar_dot    1. / 1、 / 1．               rank 2
    ar_paren  （1） / (1)                  rank 3
    circled   ①                          rank 4
    shi       一是 (only as a whole line)  rank 5

A heading is accepted only when its number continues the sequence open at its style (n == last + 1)
or starts a new one (n == 1); that is what rejects "1.5亿元", "2、3年级" and "一、二年级" as headings.
"""

import re
from dataclasses import dataclass, field

RANK: dict[str, int] = {
    "cn_dun": 0,
    "plain": 0,
    "cn_paren": 1,
    "di": 1,
    "ar_dot": 2,
    "ar_paren": 3,
    "circled": 4,
    "shi": 5,
}
# Styles whose counters survive a pop: a top-level "二、" is still the successor of "一、" after an
# unnumbered heading in between.
TOP_STYLES = frozenset({"cn_dun"})

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_CN = "[一二三四五六七八九十]{1,3}"
_AR = "[0-9０-９]{1,2}"
MARKER_RE = re.compile(
    rf"(?P<cn_paren>[（(](?P<n_cp>{_CN})[）)])"
    rf"|(?P<ar_paren>[（(](?P<n_ap>{_AR})[）)])"
    rf"|(?P<di>第(?P<n_di>{_CN})[，,、：:])"
    rf"|(?P<cn_dun>(?P<n_cd>{_CN})[、．.](?![、．.]))"
    # "1.5亿元", "3.5%", "1、2年级" are numbers, not markers; "1、2018年…" is one
    rf"|(?P<ar_dot>(?P<n_ad>{_AR})(?:[．.](?![0-9０-９%％])|、(?![0-9０-９]{{1,2}}(?![0-9０-９]))))"
    rf"|(?P<circled>(?P<n_ci>[{_CIRCLED}]))"
    rf"|(?P<shi>(?P<n_sh>{_CN})是)"
)
_NUMBER_GROUP = {"cn_paren": "n_cp", "ar_paren": "n_ap", "di": "n_di", "cn_dun": "n_cd",
                 "ar_dot": "n_ad", "circled": "n_ci", "shi": "n_sh"}


def cn_to_int(numeral: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 二十三 -> 23; None for anything else."""
    if "十" not in numeral:
        if len(numeral) != 1:
            return None
        return _CN_DIGIT.get(numeral)
    tens, _, units = numeral.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    t = 1 if not tens else _CN_DIGIT.get(tens)
    u = 0 if not units else _CN_DIGIT.get(units)
    if t is None or u is None or t == 0:
        return None
    return t * 10 + u


@dataclass(frozen=True)
class Marker:
    style: str
    number: int
    start: int
    end: int  # offset just after the marker


def match_marker(text: str, pos: int = 0) -> Marker | None:
    """The heading marker that begins exactly at `pos`, if any."""
    m = MARKER_RE.match(text, pos)
    if m is None:
        return None
    style = next(s for s in _NUMBER_GROUP if m.group(s) is not None)
    raw = m.group(_NUMBER_GROUP[style])
    if style in ("ar_dot", "ar_paren"):
        number: int | None = int(raw.translate(_FULLWIDTH_DIGITS))
    elif style == "circled":
        number = _CIRCLED.index(raw) + 1
    else:
        number = cn_to_int(raw)
    if not number:
        return None
    return Marker(style, number, pos, m.end())


@dataclass
class OpenHeading:
    """One level of the heading tree that is open at the current line."""

    style: str
    number: int
    label: str | None  # None: a numbered paragraph that counts in the sequence but is no heading


@dataclass
class HeadingStack:
    """The open headings, outermost first, with the sequence rules of Chinese numbering."""

    levels: list[OpenHeading] = field(default_factory=list)
    top_counts: dict[str, int] = field(default_factory=dict)

    def _index(self, style: str) -> int | None:
        for i in range(len(self.levels) - 1, -1, -1):
            if self.levels[i].style == style:
                return i
        return None

    def continues(self, style: str, number: int) -> bool:
        """True when `number` is the successor of the open item of this style."""
        i = self._index(style)
        if i is not None:
            return number == self.levels[i].number + 1
        return style in TOP_STYLES and self.top_counts.get(style, 0) + 1 == number

    def accepts(self, marker: Marker, *, restart_allowed: bool) -> bool:
        """Sequence check: successor of the open item, or a new list starting at 1."""
        if self.continues(marker.style, marker.number):
            return True
        if marker.number != 1:
            return False
        if self._index(marker.style) is None:
            return True
        return restart_allowed

    def push(self, style: str, number: int, label: str | None) -> None:
        i = self._index(style)
        if i is not None:
            del self.levels[i:]
        else:
            while self.levels and RANK[self.levels[-1].style] > RANK[style]:
                self.levels.pop()
            if RANK[style] == 0:
                self.levels.clear()
        self.levels.append(OpenHeading(style, number, label))
        if style in TOP_STYLES:
            self.top_counts[style] = number

    def path(self) -> tuple[str, ...]:
        return tuple(h.label for h in self.levels if h.label is not None)
