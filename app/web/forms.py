"""Form fields the tabs share, read into what the library and the drafting pipeline take."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import gradio as gr

from app.drafting.facts import FactsFileError, read_facts_file
from app.drafting.request import SECTION_ROLES, DraftOptions
from app.errors import UserError
from vectorstore.search_filters import SearchFilters

AUTO_SECTION = "自动（按请求判断）"
SECTION_CHOICES = [AUTO_SECTION, *(role for role in SECTION_ROLES if role != "其他")]
AUTO_LENGTH = "按请求（默认400字）"
LENGTH_CHOICES = [AUTO_LENGTH, "200", "300", "400", "600", "800", "1000", "1500"]
# The years a year field accepts: 公文 of the People's Republic start in 1949, and a year
# beyond these is a typo (20240, 224) that would otherwise filter everything out without a word.
FIRST_YEAR, LAST_YEAR = 1949, 2100
# Gradio re-renders a streamed output on every yield; a few updates a second read as streaming and cost little.
STREAM_INTERVAL_S = 0.15
NO_REPORTS = "文库中还没有报告，无法检索参考材料。请先到“文库”页载入示例文库或上传往年报告。"


class FormError(UserError, ValueError):
    """A form field that cannot be used as it is; the message, in Chinese, says which and why."""


def facts_from(text: str) -> tuple[str, ...]:
    """The facts box: one fact a line, blank lines ignored."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def merge_facts(box_text: str, new_facts: Iterable[str]) -> str:
    """The facts box with imported facts added one a line; facts it already holds are not added again,
    so importing a table twice, or after typing some of its figures, lists each fact once. The box's
    own text is kept as the writer typed it."""
    present = set(facts_from(box_text))
    added = [fact for fact in dict.fromkeys(new_facts) if fact not in present]
    kept = (box_text or "").rstrip()
    return "\n".join([kept, *added] if kept else added)


def year_limit(value: str | float | None, label: str) -> int | None:
    """The year a year field limits to ("2020", "2020年"); None for no limit: the field left empty, or 0
    (what the fields once asked for, and what a writer used to them may still type). Raises FormError,
    naming the field (`label`), for anything but a whole year in FIRST_YEAR–LAST_YEAR."""
    text = str(value if value is not None else "").strip().removesuffix("年").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise FormError(f"{label}“{value}”不是年份：请填写四位数年份，如 2020；不限年份请留空") from None
    if number == 0:
        return None
    if not number.is_integer():
        raise FormError(f"{label} {number:g} 不是整数年份：请填写四位数年份，如 2020；不限年份请留空")
    year = int(number)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FormError(f"{label} {year} 不在 {FIRST_YEAR}—{LAST_YEAR} 年之间，请核对；不限年份请留空")
    return year


def filters_from(year_from: str | float | None, year_to: str | float | None, regions: list[str] | None) -> SearchFilters:
    """A search filter from the year range and region fields (a year left empty or 0: no limit)."""
    low = year_limit(year_from, "起始年份")
    high = year_limit(year_to, "截止年份")
    if low is not None and high is not None and low > high:
        raise FormError(f"年份范围有误：起始年份 {low} 晚于截止年份 {high}")
    return SearchFilters(year_min=low, year_max=high, regions=tuple(regions or ()))


def options_from(section: str | None, length: str | None, facts: tuple[str, ...], filters: SearchFilters) -> DraftOptions:
    return DraftOptions(
        section_type=None if not section or section == AUTO_SECTION else section,
        length=None if not length or length == AUTO_LENGTH else int(length),
        facts=facts,
        filters=filters,
    )


def import_facts(upload: str | None, facts_text: str) -> str:
    """The facts box with an uploaded facts file's facts added; a file that cannot be used leaves the
    box as it was (the writer may have typed facts there) and says why."""
    if not upload:
        return facts_text
    try:
        imported = read_facts_file(Path(upload))
    except FactsFileError as err:
        gr.Warning(f"事实表未导入：{err}")
        return facts_text
    return merge_facts(facts_text, imported)
