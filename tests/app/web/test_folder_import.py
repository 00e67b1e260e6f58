"""The 文库 tab's "导入服务器上的文件夹" box reads only inside WENGAO_IMPORT_ROOTS: a folder outside them,
reached by "..", or a file a symlink leads out of them is refused; without roots, any folder on localhost
(the writer's own machine) and none beyond it. The sample-library button works whatever the roots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.settings import Settings
from app.web.auth import folder_import_roots
from app.web.library import WebLibrary
from app.web.library_tab import STATUS_NAMES, LibraryTab
from tests.app.web.conftest import FIXTURE_REPORT


def no_progress(*args, **kwargs) -> None:
    return None


@pytest.fixture
def tree(tmp_path) -> dict[str, Path]:
    """root/reports holds a report, a file symlink and a folder symlink that lead to outside/."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    reports = root / "reports"
    reports.mkdir(parents=True)
    (outside / "folder").mkdir(parents=True)
    shutil.copyfile(FIXTURE_REPORT, reports / FIXTURE_REPORT.name)
    (outside / "机密.txt").write_text("服务器上的机密文件，不得读取。", encoding="utf-8")
    (outside / "folder" / "另一份机密.txt").write_text("同样不得读取。", encoding="utf-8")
    (reports / "链接.txt").symlink_to(outside / "机密.txt")
    (reports / "链接文件夹").symlink_to(outside / "folder", target_is_directory=True)
    (root / "出口").symlink_to(outside, target_is_directory=True)
    return {"root": root, "reports": reports, "outside": outside}


def tab_with_roots(web_library: WebLibrary, roots: list[Path] | None) -> LibraryTab:
    return LibraryTab(WebLibrary(web_library.library, max_bytes=web_library.max_bytes, import_roots=roots), max_file_mb=1)


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("app.web.library_tab.gr.Warning", shown.append)
    return shown


def test_roots_come_from_the_environment_separated_by_pathsep(monkeypatch, tmp_path):
    monkeypatch.setenv("WENGAO_IMPORT_ROOTS", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    assert Settings().import_roots == [tmp_path / "a", tmp_path / "b"]
    monkeypatch.delenv("WENGAO_IMPORT_ROOTS")
    assert Settings().import_roots == []


def test_without_roots_localhost_may_import_any_folder_and_an_open_bind_none(tmp_path):
    for host in ("127.0.0.1", "localhost", "::1"):
        assert folder_import_roots(host, []) is None
    assert folder_import_roots("0.0.0.0", []) == []
    assert folder_import_roots("0.0.0.0", [tmp_path]) == [tmp_path]
    assert folder_import_roots("127.0.0.1", [tmp_path]) == [tmp_path]


def test_an_unrestricted_library_reads_any_folder_as_before(web_library, tree):
    files, refused = WebLibrary(web_library.library, max_bytes=2**20, import_roots=None).folder_files(tree["outside"])
    assert {f.name for f in files} == {"机密.txt", "另一份机密.txt"} and refused == []


def test_with_no_roots_folder_import_is_refused_and_the_page_says_how_to_enable_it(web_library, tree, warnings):
    rows, *_ = tab_with_roots(web_library, []).ingest_folder(str(tree["reports"]), progress=no_progress)
    assert len(rows) == 1 and rows[0][1] == STATUS_NAMES["failed"]
    assert "WENGAO_IMPORT_ROOTS" in rows[0][6] and "上传" in rows[0][6]
    assert warnings == [rows[0][6]]


@pytest.mark.parametrize("given", ["outside", "root/../outside", "root/出口", "root/reports/链接文件夹"])
def test_a_folder_outside_the_roots_is_refused_by_its_resolved_path(web_library, tree, warnings, given):
    tab = tab_with_roots(web_library, [tree["root"]])
    rows, *_ = tab.ingest_folder(str(tree["root"].parent / given), progress=no_progress)
    assert len(rows) == 1 and rows[0][1] == STATUS_NAMES["failed"]
    assert "不在允许导入的文件夹内" in rows[0][6] and str(tree["root"].resolve()) in rows[0][6]
    assert warnings == [rows[0][6]]


def test_a_folder_inside_a_root_is_imported_but_no_symlink_out_of_it_is_read(web_library, tree, warnings):
    tab = tab_with_roots(web_library, [tree["root"]])
    rows, *_ = tab.ingest_folder(str(tree["root"] / "reports" / ".." / "reports"), progress=no_progress)
    by_status = {row[1]: row for row in rows}
    assert by_status[STATUS_NAMES["added"]][0] == FIXTURE_REPORT.name
    refused = [row for row in rows if row[1] == STATUS_NAMES["failed"]]
    assert len(refused) == 1 and "机密.txt" in refused[0][0] and "允许导入的文件夹之外" in refused[0][6]
    assert not any("机密" in d.source for d in web_library.documents())


def test_a_missing_folder_inside_a_root_is_named_as_missing(web_library, tree):
    files, refused = tab_with_roots(web_library, [tree["root"]]).library.folder_files(tree["root"] / "没有")
    assert not files and len(refused) == 1 and "找不到该文件或文件夹" in refused[0].error


def test_the_sample_library_loads_whatever_the_roots(web_library):
    rows, *_ = tab_with_roots(web_library, []).load_samples(progress=no_progress)
    assert len(rows) == 8 and all(row[1] != STATUS_NAMES["failed"] for row in rows)


def test_namesakes_of_an_imported_folder_are_named_by_their_path_in_it(web_library, tmp_path):
    for year in (2022, 2023):
        (tmp_path / "总结" / str(year)).mkdir(parents=True)
        (tmp_path / "总结" / str(year) / "工作总结.md").write_text(f"{year}年工作总结\n\n全年工作稳步推进。\n", encoding="utf-8")
    files, refused = WebLibrary(web_library.library, max_bytes=2**20, import_roots=None).folder_files(tmp_path / "总结")
    assert sorted(files.values()) == ["2022/工作总结.md", "2023/工作总结.md"] and refused == []
