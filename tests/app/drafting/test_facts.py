"""The writer's facts read from a list (.txt) or a table (.csv, .xlsx), and the messages for files that
cannot be used."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import openpyxl
import pytest

from app.drafting.facts import FACTS_SUFFIXES, FactsFileError, read_facts_file
from app.errors import UserError


def write_xlsx(path: Path, rows: list[list[object]], percent_cells: tuple[str, ...] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate in percent_cells:
        sheet[coordinate].number_format = "0.0%"
    workbook.save(path)
    return path


def test_a_text_file_gives_one_fact_a_line(tmp_path):
    path = tmp_path / "facts.txt"
    path.write_text("  2024年全县劝返复学学生36人  \n\n\n新建学校4所\n   \n", encoding="utf-8")
    assert read_facts_file(path) == ["2024年全县劝返复学学生36人", "新建学校4所"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-16"])
def test_a_text_file_in_the_encodings_writers_save_in(tmp_path, encoding):
    path = tmp_path / "事实.txt"
    path.write_bytes("全县义务教育巩固率96.3%\r\n招聘教师85人\r\n".encode(encoding))
    assert read_facts_file(path) == ["全县义务教育巩固率96.3%", "招聘教师85人"]


def test_markdown_and_files_without_a_suffix_are_lists_too(tmp_path):
    (tmp_path / "facts.md").write_text("招聘教师85人\n", encoding="utf-8")
    (tmp_path / "facts").write_text("招聘教师85人\n", encoding="utf-8")
    assert read_facts_file(tmp_path / "facts.md") == read_facts_file(tmp_path / "facts") == ["招聘教师85人"]


def test_a_csv_table_with_a_header_and_a_third_column(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text("\ufeff指标,数值,年份\n新招聘教师,85人,2024年\n\n培训教师,\"1,200人次\",\n", encoding="utf-8")
    assert read_facts_file(path) == ["新招聘教师：85人（2024年）", "培训教师：1,200人次"]


def test_a_csv_table_without_a_header_in_gbk_with_chinese_commas(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_bytes("新招聘教师，85人，2024年\n巩固率，96.3%，全县口径\n交流轮岗，120人\n".encode("gbk"))
    assert read_facts_file(path) == ["新招聘教师：85人（2024年）", "巩固率：96.3%（全县口径）", "交流轮岗：120人"]


def test_a_tab_separated_table_with_an_english_header_in_its_own_order(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text("Value\tIndicator\tScope\n85人\t新招聘教师\t全县\n", encoding="utf-8")
    assert read_facts_file(path) == ["新招聘教师：85人（全县）"]


def test_an_xlsx_table_writes_figures_as_excel_shows_them(tmp_path):
    rows = [
        ["指标", "数值", "口径"],
        ["新招聘教师", 85.0, "2024年"],
        ["生均公用经费", 3.2, None],
        ["义务教育巩固率", 0.963, "全县"],
        [None, None, None],
        ["劝返复学学生", 36, datetime.date(2024, 6, 30)],
    ]
    path = write_xlsx(tmp_path / "facts.xlsx", rows, percent_cells=("B4",))
    assert read_facts_file(path) == [
        "新招聘教师：85（2024年）",
        "生均公用经费：3.2",
        "义务教育巩固率：96.3%（全县）",
        "劝返复学学生：36（2024年6月30日）",
    ]


def test_an_xlsx_table_with_an_english_header(tmp_path):
    path = write_xlsx(tmp_path / "facts.xlsx", [["Metric", "Value", "Year"], ["新建学校", "4所", 2024]])
    assert read_facts_file(path) == ["新建学校：4所（2024）"]


def test_an_xlsx_table_without_a_header(tmp_path):
    path = write_xlsx(tmp_path / "facts.xlsx", [["新建学校", "4所"], ["招聘教师", 85]])
    assert read_facts_file(path) == ["新建学校：4所", "招聘教师：85"]


def test_a_row_without_its_value_is_named_by_its_spreadsheet_row(tmp_path):
    path = write_xlsx(tmp_path / "统计表.xlsx", [["指标", "数值"], ["新建学校", "4所"], ["招聘教师", None]])
    with pytest.raises(FactsFileError, match=r"^统计表\.xlsx, row 3: '招聘教师' has no value$"):
        read_facts_file(path)
    csv_path = tmp_path / "统计表.csv"
    csv_path.write_text("指标,数值\n新建学校,4所\n招聘教师,\n", encoding="utf-8")
    with pytest.raises(FactsFileError, match=r"^统计表\.csv, row 3: '招聘教师' has no value$"):
        read_facts_file(csv_path)


def test_a_value_without_an_indicator_is_an_error(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text("新建学校,4所\n,85人\n", encoding="utf-8")
    with pytest.raises(FactsFileError, match=r"row 2: the value '85人' has no indicator"):
        read_facts_file(path)


def test_old_excel_files_are_refused_with_what_to_do(tmp_path):
    path = tmp_path / "统计表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FactsFileError, match=r"^统计表\.xls: .*save it as \.xlsx"):
        read_facts_file(path)


def test_other_types_are_refused_with_the_supported_list(tmp_path):
    path = tmp_path / "facts.docx"
    path.write_bytes(b"PK")
    with pytest.raises(FactsFileError) as caught:
        read_facts_file(path)
    assert str(caught.value).startswith("facts.docx: unsupported facts file type '.docx'")
    assert all(suffix in str(caught.value) for suffix in FACTS_SUFFIXES)


def test_a_corrupt_workbook_is_a_message_naming_the_file(tmp_path):
    path = tmp_path / "损坏.xlsx"
    path.write_bytes(os.urandom(2048))
    with pytest.raises(FactsFileError, match=r"^损坏\.xlsx: cannot be opened as an \.xlsx workbook"):
        read_facts_file(path)


def test_binary_bytes_under_a_text_name_are_a_message(tmp_path):
    path = tmp_path / "facts.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(FactsFileError, match=r"^facts\.txt: cannot be read as text"):
        read_facts_file(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [("facts.txt", b""), ("facts.txt", b"  \n\n"), ("facts.csv", "指标,数值\n".encode()), ("facts.csv", b",,\n")],
)
def test_a_file_without_facts_is_an_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FactsFileError, match=rf"^{re.escape(name)}: contains no facts$"):
        read_facts_file(path)


def test_an_empty_workbook_has_no_facts(tmp_path):
    with pytest.raises(FactsFileError, match=r"^facts\.xlsx: contains no facts$"):
        read_facts_file(write_xlsx(tmp_path / "facts.xlsx", []))


def test_a_missing_file_is_a_user_error_naming_it(tmp_path):
    with pytest.raises(UserError, match=r"^没有\.csv: no such file$"):
        read_facts_file(tmp_path / "没有.csv")
