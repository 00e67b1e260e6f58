"""Find masked figures (`xx`, `20XX`, `x.x`, `xx%`, `*`, `××`) that publishers put in place of real
numbers and names. They are reported, never guessed: a draft must not invent the hidden value."""

import re

# Runs of x/X (also full-width) standing for digits, optionally with a masked decimal part and a
# percent sign. The look-arounds keep Latin words ("Excel", "box") and web names ("xxx.com",
# "www.xxx.cn") out: a mask is never glued to letters, and never followed by ".letters".
_X = "[xXｘＸ]"
_LATIN = "A-Za-z\u00c0-\u024f"
_X_RUN = (
    rf"(?<![{_LATIN}0-9.@/_\-])"
    rf"(?:(?:1[89]|20)?{_X}+(?:[.．]{_X}+)?%?)"
    rf"(?![{_LATIN}0-9_\-])(?!\.[A-Za-z])"
)
# Digits before a single x run are only allowed as a year prefix (19xx/20xx) - handled inside
# _X_RUN; a bare "3x" ("3x3 grid") is excluded by the digit look-behind.
_TIMES = r"×{2,}|(?<![0-9A-Za-z\s])×(?![0-9A-Za-z\s])"
# "二○○○年" writes zero with ○: a run touching a Chinese numeral is a number, not a mask.
_NUMERALS = "〇○零一二三四五六七八九十百千"
_CIRCLES = rf"(?<![{_NUMERALS}])[○□]{{2,}}(?![{_NUMERALS}])"
# An asterisk masks a name or number when it touches Chinese text, a digit or a percent sign;
# "* " at the start of a line is a bullet and "**bold**" markup touches only letters or spaces.
_STAR = (
    r"(?:(?<=[\u4e00-\u9fff0-9（(“《])\*{1,4}%?"
    r"|\*{1,4}(?=[\u4e00-\u9fff0-9%）)”》]))"
)

# The leading look-ahead lets the scan skip every position that cannot start a mask (10x faster).
_MASK_RE = re.compile(f"(?=[xXｘＸ×○□*12])(?:{_X_RUN}|{_TIMES}|{_CIRCLES}|{_STAR})")


def find_masked_figures(text: str) -> list[tuple[int, int, str]]:
    """(start, end, matched string) of every masked figure in `text`, in order."""
    return [(m.start(), m.end(), m.group()) for m in _MASK_RE.finditer(text)]
