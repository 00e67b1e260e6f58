"""The writer's facts from a file: a list, one fact a line (.txt, .md), or a table of figures (.csv, .xlsx).

Writers keep this year's figures in notes as often as in the statistics table they were sent, so both
are read into the same thing drafting takes: short fact strings ("新招聘教师：85人（2024年）"). A table
has the columns 指标, 数值 and optionally 年份 or 口径 (or indicator/metric, value, year/scope), with or
without a header row. The checks keep a figure in the draft only when it appears in a fact, so each
cell is written as the writer sees it on screen: 85 rather than Excel's 85.0, 96.3% rather than 0.963.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from app.errors import UserError
from ingest.errors import IngestError
from ingest.text_encoding import EMPTY_REASON, decode_text

FACTS_SUFFIXES = (".txt", ".md", ".csv", ".xlsx")
_LIST_SUFFIXES = (".txt", ".md", "")  # a file without a suffix is read as a list too
_NO_FACTS = "contains no facts"

# Header names of the three columns; a row holding an indicator and a value name is the header.
_COLUMN_NAMES = {
    "indicator": {"指标", "indicator", "metric"},
    "value": {"数值", "value"},
    "qualifier": {"年份", "口径", "year", "scope"},
}
_CSV_DELIMITERS = ("\t", ",", "，")  # in order of preference on a tie

# What openpyxl raises on a file that is not a workbook or is a damaged one: a zip that is not one,
# a part missing from the zip, XML that does not parse (SyntaxError covers both ElementTree and lxml),
# values it cannot make sense of, a workbook without a worksheet.
_BROKEN_WORKBOOK = (zipfile.BadZipFile, KeyError, InvalidFileException, SyntaxError, ValueError, TypeError, IndexError)


class FactsFileError(UserError, ValueError):
    """A facts file that cannot be used as it is; the message names the file, the row for a table, and
    the problem, so the writer can fix the file rather than guess."""

    def __init__(self, path: Path, problem: str, *, row: int | None = None) -> None:
        self.path = Path(path)
        self.row = row
        where = self.path.name if row is None else f"{self.path.name}, row {row}"
        super().__init__(f"{where}: {problem}")


def read_facts_file(path: Path) -> list[str]:
    """The facts in a .txt/.md list or a .csv/.xlsx table, in file order; raises FactsFileError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FactsFileError(path, "the old Excel format (.xls) is not read: save it as .xlsx (Excel or WPS: 另存为) and use that")
    if suffix not in (*FACTS_SUFFIXES, *_LIST_SUFFIXES):
        raise FactsFileError(path, f"unsupported facts file type '{suffix}': use {', '.join(FACTS_SUFFIXES)}")
    if not path.is_file():
        raise FactsFileError(path, "no such file")
    try:
        if suffix == ".xlsx":
            facts = _facts_from_table(_xlsx_rows(path), path)
        elif suffix == ".csv":
            facts = _facts_from_table(_csv_rows(path), path)
        else:
            facts = [line.strip() for line in _text_of(path).splitlines() if line.strip()]
    except OSError as err:
        raise FactsFileError(path, f"cannot be read ({err.strerror or err})") from None
    if not facts:
        raise FactsFileError(path, _NO_FACTS)
    return facts


def _text_of(path: Path) -> str:
    """The file's text in whichever encoding Chinese writers' files come in (ingest's detector)."""
    try:
        text, _encoding = decode_text(path.read_bytes(), path)
    except IngestError as err:
        if err.reason == EMPTY_REASON:
            raise FactsFileError(path, _NO_FACTS) from None
        raise FactsFileError(path, f"cannot be read as text ({err.reason}): save it as UTF-8 or GBK text") from None
    return text


def _csv_rows(path: Path) -> list[list[str]]:
    text = _text_of(path)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter_of(text.splitlines()))
    return [[cell.strip() for cell in row] for row in reader]


def _delimiter_of(lines: Sequence[str]) -> str:
    """The separator found on the most lines (tab, comma, Chinese comma, first on a tie; comma when none).

    Not csv.Sniffer: it wants the same count on every line, and the optional third column makes a
    table's rows ragged. A separator used inside some values (1,200人; 覆盖全县，…) is on fewer lines."""
    filled = [line for line in lines if line.strip()]
    best = max(_CSV_DELIMITERS, key=lambda delimiter: sum(delimiter in line for line in filled))
    return best if any(best in line for line in filled) else ","


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The first worksheet's rows from row 1 on (empty rows included, so the numbering is Excel's)."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(min_row=1)
            return [[_cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row] for row in rows]
        finally:
            workbook.close()
    except _BROKEN_WORKBOOK as err:
        reason = str(err) or type(err).__name__
        raise FactsFileError(path, f"cannot be opened as an .xlsx workbook ({reason})") from None


def _cell_text(value: object, number_format: str | None) -> str:
    """A cell as the writer sees it in Excel: 85 not 85.0, a percent-formatted 0.963 as 96.3%,
    a date as 2024年6月30日."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "%" in (number_format or ""):
            return _number_text(value * 100) + "%"
        return _number_text(value)
    return str(value).strip()


def _number_text(number: int | float) -> str:
    if isinstance(number, int) or number.is_integer():
        return str(int(number))
    return f"{number:.15g}"  # 15 digits drop binary noise such as 96.30000000000001


def _facts_from_table(rows: Iterable[Sequence[str]], path: Path) -> list[str]:
    """One fact a row: "指标：数值" or "指标：数值（年份/口径）"; rows numbered from 1, as a spreadsheet shows them."""
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1) if any(cells)]
    columns = _header_columns(numbered[0][1]) if numbered else None
    if columns is None:
        columns = (0, 1, 2)
    else:
        numbered = numbered[1:]
    facts = []
    for number, cells in numbered:
        indicator, value, qualifier = (cells[i] if i is not None and i < len(cells) else "" for i in columns)
        if not (indicator or value or qualifier):
            continue  # only columns other than the three are filled, e.g. a note
        if not indicator:
            raise FactsFileError(path, f"the value '{value or qualifier}' has no indicator", row=number)
        if not value:
            raise FactsFileError(path, f"'{indicator}' has no value", row=number)
        facts.append(f"{indicator}：{value}（{qualifier}）" if qualifier else f"{indicator}：{value}")
    return facts


def _header_columns(cells: Sequence[str]) -> tuple[int, int, int | None] | None:
    """(indicator, value, qualifier) column indexes when the row is a header, else None."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for role, names in _COLUMN_NAMES.items():
            if cell.strip().lower() in names:
                roles.setdefault(role, index)
    if "indicator" not in roles or "value" not in roles:
        return None
    return roles["indicator"], roles["value"], roles.get("qualifier")
