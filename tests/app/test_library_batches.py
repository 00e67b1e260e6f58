"""ingest_into_library writes files in batches and still reports each file, in order, with its own outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.library
from app.library import ingest_into_library
from tests.vectorstore.fakes import FakeEmbedder
from vectorstore.chinese_tokens import ChineseTokenizer
from vectorstore.library import Library

MAX_BYTES = 2**20


@pytest.fixture(scope="module")
def tokenizer() -> ChineseTokenizer:
    return ChineseTokenizer()


@pytest.fixture()
def library(tmp_path: Path, tokenizer: ChineseTokenizer) -> Library:
    with Library.open(tmp_path / "store", FakeEmbedder(), tokenizer=tokenizer) as opened:
        yield opened


def _report_file(folder: Path, name: str, county: str) -> Path:
    """A one-paragraph report (one chunk) of an invented county."""
    path = folder / name
    path.write_text(f"{county}教育局2023年工作总结\n\n{county}全年新建校舍两千平方米，招聘教师四十名，义务教育巩固率保持稳定。\n",
                    encoding="utf-8")
    return path


def _write_calls(library: Library, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The sources handed to each upsert_documents call."""
    calls: list[list[str]] = []
    original = library.upsert_documents

    def recorded(documents):
        calls.append([chunks[0].metadata["source"] for chunks in documents])
        return original(documents)

    monkeypatch.setattr(library, "upsert_documents", recorded)
    return calls


def test_files_are_written_in_batches_that_grow_to_the_largest_size(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.library, "FIRST_WRITE_BATCH_CHUNKS", 2)
    monkeypatch.setattr(app.library, "WRITE_BATCH_CHUNKS", 4)
    files = [_report_file(tmp_path, f"县{i}.txt", f"第{i}县") for i in range(9)]
    calls = _write_calls(library, monkeypatch)

    reports = list(ingest_into_library(files, library, max_bytes=MAX_BYTES))

    assert [len(call) for call in calls] == [2, 4, 3]
    assert [name for call in calls for name in call] == [f"县{i}.txt" for i in range(9)]
    assert [(r.source, r.status, r.chunks) for r in reports] == [(f"县{i}.txt", "added", 1) for i in range(9)]
    assert library.chunk_count() == 9


def test_a_bad_file_in_a_batch_fails_alone_and_is_reported_in_its_place(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [_report_file(tmp_path, "甲县.txt", "甲县")]
    empty = tmp_path / "乙县.txt"
    empty.write_text("", encoding="utf-8")
    files += [empty, _report_file(tmp_path, "丙县.txt", "丙县")]
    calls = _write_calls(library, monkeypatch)

    reports = list(ingest_into_library(files, library, max_bytes=MAX_BYTES))

    assert [(r.source, r.status) for r in reports] == [("甲县.txt", "added"), ("乙县.txt", "failed"), ("丙县.txt", "added")]
    assert "乙县.txt" in reports[1].error
    assert calls == [["甲县.txt", "丙县.txt"]]
    assert sorted(library.document_ids()) == ["丙县.txt", "甲县.txt"]


def test_a_copy_of_a_file_of_the_same_batch_is_reported_as_its_duplicate(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _report_file(tmp_path, "甲县.txt", "甲县")
    copy = tmp_path / "转载甲县.txt"
    copy.write_bytes(original.read_bytes())
    files = [original, copy, _report_file(tmp_path, "丙县.txt", "丙县")]
    calls = _write_calls(library, monkeypatch)

    reports = list(ingest_into_library(files, library, max_bytes=MAX_BYTES))

    assert len(calls) == 1
    assert [(r.source, r.status, r.duplicate_of) for r in reports] == [
        ("甲县.txt", "added", ""), ("转载甲县.txt", "duplicate", "甲县.txt"), ("丙县.txt", "added", "")
    ]
    assert sorted(library.document_ids()) == ["丙县.txt", "甲县.txt"]


def test_a_second_ingest_reports_every_file_unchanged_in_order(library: Library, tmp_path: Path) -> None:
    files = [_report_file(tmp_path, f"县{i}.txt", f"第{i}县") for i in range(5)]
    list(ingest_into_library(files, library, max_bytes=MAX_BYTES))

    reports = list(ingest_into_library(list(reversed(files)), library, max_bytes=MAX_BYTES))

    assert [(r.source, r.status) for r in reports] == [(f"县{i}.txt", "unchanged") for i in reversed(range(5))]
