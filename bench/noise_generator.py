"""Dress a clean report in document-sharing-site noise, keeping the gold: which lines are body, which noise.

`make_noisy_document(body_lines, half, seed)` spreads noise of every class (bench.noise_phrasings)
over the report the way scraped pages carry it: a block at the head, blocks between paragraphs,
a block at the tail, page markers at page breaks (between lines, glued into a sentence, or on a line
of their own that splits a sentence). Every choice comes from one seeded RNG, so a seed gives the
same page every time. Used by the cleaning benchmark and by the tests (with reports of their own).
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass

from bench import noise_phrasings as phr

# Where a class of noise sits on real pages, with weights.
_POSITIONS: dict[str, dict[str, float]] = {
    "banner": {"head": 0.6, "between": 0.2, "tail": 0.2},
    "seo_blurb": {"head": 0.6, "between": 0.2, "tail": 0.2},
    "uploader": {"head": 0.7, "between": 0.15, "tail": 0.15},
    "download_prompt": {"head": 0.3, "between": 0.4, "tail": 0.3},
    "preview_cut": {"between": 0.4, "tail": 0.6},
    "related_titles": {"head": 0.15, "between": 0.35, "tail": 0.5},
    "related_titles_bare": {"head": 0.15, "between": 0.35, "tail": 0.5},
    "footer": {"between": 0.15, "tail": 0.85},
    "stray_id": {"head": 0.35, "between": 0.3, "tail": 0.35},
}
_PAGE_KINDS = ("page_marker", "page_marker_glued")
PAGE_CHARS = (600, 1400)  # characters of report text on one printed page
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CN_NUMERALS = "零一二三四五六七八九"
_FORMATTER = string.Formatter()
# Noise blocks by the body line they precede (a block: its lines as (kind, text)), and pieces glued
# into a body line by line: (offset, text, on a line of its own splitting the line).
_Gaps = dict[int, list[list[tuple[str, str]]]]
_Inside = dict[int, list[tuple[int, str, bool]]]


@dataclass(frozen=True)
class NoisePiece:
    text: str  # as injected: a whole line, or the fragment glued into a body line
    kind: str
    line: int  # the body line it precedes (len(body_lines): after the last), or the one it is inside
    offset: int = 0  # 0: on lines of its own before body line `line`; > 0: inside it at this offset


@dataclass(frozen=True)
class NoisyDocument:
    text: str  # the page as a scraper would save it
    body_lines: tuple[str, ...]  # the report, in order, headings included
    noise: tuple[NoisePiece, ...]  # everything injected, in page order


def make_noisy_document(
    body_lines: list[str],
    half: str,
    seed: int,
    kinds: tuple[str, ...] = phr.KINDS,
    page_chars: tuple[int, int] = PAGE_CHARS,
) -> NoisyDocument:
    """`body_lines` with noise of `kinds`, in phrasings of `half` ("tune" or "check") only, the
    report printed on pages of `page_chars` characters (a range)."""
    if half not in phr.HALVES:
        raise ValueError(f"half must be one of {phr.HALVES}, got {half!r}")
    unknown = set(kinds) - set(phr.KINDS)
    if unknown:
        raise ValueError(f"unknown noise kinds: {sorted(unknown)}")
    rng = random.Random(seed)
    slots = _Slots(rng, half)
    lines = [line.strip() for line in body_lines if line.strip()]
    gaps: _Gaps = {}
    inside: _Inside = {}
    _place_page_markers(lines, kinds, page_chars, rng, slots, half, gaps, inside)
    for kind in kinds:
        if kind in _PAGE_KINDS:
            continue
        for _ in range(rng.choice((1, 1, 2))):
            gap = _pick_gap(kind, len(lines), rng)
            gaps.setdefault(gap, []).append(_block(kind, rng, slots, half))
    return _assemble(lines, gaps, inside, rng)


class _Slots:
    """Values for the template slots: random, realistic, from the half's own site names."""

    def __init__(self, rng: random.Random, half: str) -> None:
        self.rng = rng
        self.half = half

    def fill(self, template: str, **fixed: object) -> str:
        values = dict(fixed)
        for _, name, _, _ in _FORMATTER.parse(template):
            if name and name not in values:
                values[name] = self.value(name)
        return template.format(**values)

    def value(self, name: str) -> str:
        rng = self.rng
        year = rng.randint(2012, 2024)
        simple = {
            "site": lambda: rng.choice(phr.SITES[self.half]),
            "domain": lambda: rng.choice(phr.DOMAINS[self.half]),
            "topic": lambda: rng.choice(phr.TOPICS),
            "org": lambda: rng.choice(phr.ORGS),
            "place": lambda: rng.choice(phr.PLACES),
            "issue": lambda: rng.choice(phr.ISSUES),
            "doctype": lambda: rng.choice(phr.DOCTYPES),
            "city": lambda: rng.choice(phr.CITIES),
            "keyword": lambda: rng.choice(phr.KEYWORDS),
            "province": lambda: rng.choice(phr.PROVINCES),
            "user": lambda: rng.choice(phr.USERS),
            "user2": lambda: rng.choice(phr.USERS),
            "latin_user": lambda: rng.choice(phr.LATIN_USERS),
            "title": lambda: f"{rng.choice(phr.PLACES)}{rng.choice(phr.ORGS)}{year}年{rng.choice(phr.TOPICS)}",
            "year": lambda: str(year),
            "year0": lambda: str(year - rng.randint(3, 10)),
            "next_year": lambda: str(year + 1),
            "date": lambda: self._date(year),
            "iso_date": lambda: f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "k": lambda: str(rng.randint(2, 12)),
            "total_k": lambda: str(rng.randint(13, 40)),
            "n": lambda: str(rng.randint(12, 98000)),
            "kb": lambda: f"{rng.randint(12, 900)}.{rng.randint(0, 9)}",
            "words": lambda: str(rng.randint(1200, 9800)),
            "pct": lambda: str(rng.randint(40, 90)),
            "price": lambda: f"{rng.randint(1, 30)}.{rng.choice(('00', '80', '90', '99'))}",
            "num": lambda: str(rng.randint(10**5, 10**8)),
            "num4": lambda: str(rng.randint(1000, 9999)),
            "num6": lambda: str(rng.randint(10**5, 10**6 - 1)),
            "num9": lambda: str(rng.randint(10**8, 10**9 - 1)),
            "num12": lambda: str(rng.randint(10**11, 10**12 - 1)),
            "icp": lambda: str(rng.randint(10**7, 10**8 - 1)),
            "police_no": lambda: str(rng.randint(10**13, 10**14 - 1)),
            "phone": lambda: f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            "mail": lambda: f"{rng.choice(('service', 'kefu', 'jubao'))}@{rng.choice(phr.DOMAINS[self.half])}.com",
            "wechat": lambda: f"{rng.choice(('wk', 'fw', 'gw'))}{rng.randint(1000, 99999)}",
            "hex8": lambda: self._hex(8),
            "hex12": lambda: self._hex(12),
            "hex16": lambda: self._hex(16),
            "hex32": lambda: self._hex(32),
            "uuid": lambda: f"{self._hex(8)}-{self._hex(4)}-{self._hex(4)}-{self._hex(4)}-{self._hex(12)}",
            "base64": lambda: "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22)) + "==",
        }
        if name not in simple:
            raise KeyError(f"no value for template slot {name!r}")
        return simple[name]()

    def _date(self, year: int) -> str:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.rng.choice((
            f"{year}-{month:02d}-{day:02d}",
            f"{year}年{month}月{day}日",
            f"{year}/{month}/{day}",
            f"{year}.{month:02d}.{day:02d} {self.rng.randint(8, 22)}:{self.rng.randint(0, 59):02d}",
        ))

    def _hex(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))


def _pick_gap(kind: str, n_lines: int, rng: random.Random) -> int:
    """A gap index: 0 before the first line, n_lines after the last, else between two lines."""
    positions = _POSITIONS[kind]
    if n_lines < 2:
        positions = {p: w for p, w in positions.items() if p != "between"} or {"tail": 1.0}
    where = rng.choices(list(positions), weights=list(positions.values()))[0]
    if where == "head":
        return 0
    if where == "tail":
        return n_lines
    return rng.randint(1, n_lines - 1)


def _block(kind: str, rng: random.Random, slots: _Slots, half: str) -> list[tuple[str, str]]:
    """One injected block: (kind, text) for each of its lines (a list of titles has several)."""
    if kind in ("related_titles", "related_titles_bare"):
        bullet = rng.choice(phr.RELATED_BULLETS[half])
        count = rng.randint(2, 6) if kind == "related_titles" else rng.randint(3, 6)
        items = [
            (kind, bullet.format(i=i + 1) + slots.fill(rng.choice(phr.RELATED_TITLES[half])))
            for i in range(count)
        ]
        if kind == "related_titles":
            items.insert(0, (kind, slots.fill(rng.choice(phr.PHRASINGS[kind][half]))))
        return items
    return [(kind, slots.fill(rng.choice(phr.PHRASINGS[kind][half])))]


def _place_page_markers(
    lines: list[str],
    kinds: tuple[str, ...],
    page_chars: tuple[int, int],
    rng: random.Random,
    slots: _Slots,
    half: str,
    gaps: _Gaps,
    inside: _Inside,
) -> None:
    """Cut the report into printed pages and number each page where it ends.

    A page ending inside a line is a glued marker (or a marker line splitting that line) when glued
    markers are asked for; otherwise the page is let run to the end of the line.
    """
    wanted = [k for k in _PAGE_KINDS if k in kinds]
    if not wanted:
        return
    line_style = rng.choice(phr.PHRASINGS["page_marker"][half])
    glued_style = rng.choice(phr.PHRASINGS["page_marker_glued"][half])
    breaks: list[tuple[int, int]] = []  # (line, offset); offset 0: between lines
    budget = rng.randint(*page_chars)
    for i, line in enumerate(lines):
        if budget < len(line) and "page_marker_glued" in kinds:
            offset = _mid_sentence_offset(line, budget, rng)
            if offset and ("page_marker" not in kinds or rng.random() < 0.5):
                breaks.append((i, offset))
                budget = rng.randint(*page_chars) - (len(line) - offset)
                continue
        budget -= len(line)
        if budget <= 0 and "page_marker" in kinds and i + 1 < len(lines):
            breaks.append((i + 1, 0))
            budget = rng.randint(*page_chars)
    total = len(breaks) + 1
    for page, (line, offset) in enumerate(breaks, start=1):
        fields = {"p": page, "total": total, "cn_p": _cn_number(page)}
        if offset == 0:
            gaps.setdefault(line, []).append([("page_marker", slots.fill(line_style, **fields))])
        else:
            split = rng.random() < 0.4
            text = slots.fill(glued_style, **fields)
            inside.setdefault(line, []).append((offset, text.strip() if split else text, split))
    if "page_marker" in kinds:
        fields = {"p": total, "total": total, "cn_p": _cn_number(total)}
        gaps.setdefault(len(lines), []).insert(0, [("page_marker", slots.fill(line_style, **fields))])


def _mid_sentence_offset(line: str, target: int, rng: random.Random) -> int:
    """An offset near `target` between two Chinese characters, away from the line's ends; 0 if none."""
    candidates = [
        j for j in range(15, len(line) - 10)
        if _CJK_RE.match(line[j - 1]) and _CJK_RE.match(line[j])
    ]
    if not candidates:
        return 0
    return min(candidates, key=lambda j: (abs(j - target), rng.random()))


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_NUMERALS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUMERALS[tens]) + "十" + (_CN_NUMERALS[units] if units else "")


def _assemble(lines: list[str], gaps: _Gaps, inside: _Inside, rng: random.Random) -> NoisyDocument:
    out: list[str] = []
    pieces: list[NoisePiece] = []

    def emit(text: str) -> None:
        out.append(text)
        if rng.random() < 0.3:
            out.append("")  # scraped pages put blank lines anywhere

    for i in range(len(lines) + 1):
        blocks = gaps.get(i, [])
        rng.shuffle(blocks)
        for block in blocks:
            for kind, text in block:
                pieces.append(NoisePiece(text, kind, i))
                emit(text)
        if i == len(lines):
            break
        line, start = lines[i], 0
        current = ""
        for offset, text, split in sorted(inside.get(i, [])):
            current += line[start:offset]
            pieces.append(NoisePiece(text, "page_marker_glued", i, offset))
            if split:
                emit(current)
                emit(text)
                current = ""
            else:
                current += text
            start = offset
        emit(current + line[start:])
    return NoisyDocument("\n".join(out), tuple(lines), tuple(pieces))
