"""`wengao ingest` into a real library and `wengao search` over it, with the real embedding model."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.library import open_library
from app.settings import Settings
from tests.app.cli_runner import SAMPLES
from tests.app.cli_runner import run_wengao as wengao


@pytest.fixture
def store_copy(sample_store, tmp_path) -> Path:
    """A private copy of the sample library for tests that change it (the ONNX export comes along)."""
    return Path(shutil.copytree(sample_store, tmp_path / "store"))


def test_reingesting_unchanged_files_skips_them(sample_store):
    code, reports, _ = wengao("ingest", str(SAMPLES), "--store", str(sample_store), "--json")
    assert code == 0
    assert {r["status"] for r in reports} == {"unchanged"}


def test_search_finds_the_passage_a_writer_means(sample_store):
    code, hits, output = wengao("search", "控辍保学 劝返复学", "--store", str(sample_store), "--k", "5", "--json")
    assert code == 0, output
    assert len(hits) == 5
    assert [h["rank"] for h in hits] == [1, 2, 3, 4, 5]
    assert "劝返" in hits[0]["text"]
    assert hits[0]["source"].startswith("青川县")
    for hit in hits:
        assert {"text", "source", "heading_path", "score", "year", "title"} <= hit.keys()


def test_human_search_output_highlights_query_words(sample_store):
    code, _, output = wengao("search", "营养改善计划", "--store", str(sample_store), "--k", "3")
    assert code == 0
    assert "【营养改善计划】" in output
    assert "《" in output  # titles are shown


def test_filters_exclude_a_source_and_keep_a_year(sample_store):
    source = "青川县教育局2021年工作总结.md"
    _, hits, _ = wengao("search", "控辍保学", "--store", str(sample_store), "--exclude-source", source, "--json")
    assert hits and all(h["source"] != source for h in hits)
    _, hits, _ = wengao("search", "控辍保学", "--store", str(sample_store), "--year", "2022", "--json")
    assert hits and {h["year"] for h in hits} == {2022}


def test_changed_files_are_replaced_and_removed_ones_pruned(store_copy, tmp_path):
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "reports"))
    changed = folder / "临江市教育局2023年工作计划.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n新增一段：全市将建设智慧校园示范校20所，推进数字教育资源普惠共享。\n", encoding="utf-8")
    (folder / "在全县2023年教育工作会议上的讲话.txt").unlink()

    code, reports, output = wengao("ingest", str(folder), "--store", str(store_copy), "--prune", "--json")
    assert code == 0, output
    status = {r["source"]: r["status"] for r in reports}
    assert status.pop("临江市教育局2023年工作计划.md") == "replaced"
    assert status.pop("在全县2023年教育工作会议上的讲话.txt") == "deleted"
    assert set(status.values()) == {"unchanged"}

    _, hits, _ = wengao("search", "智慧校园示范校", "--store", str(store_copy), "--k", "20", "--json")
    assert any("智慧校园示范校20所" in h["text"] for h in hits)
    assert all(h["source"] != "在全县2023年教育工作会议上的讲话.txt" for h in hits)
    with open_library(Settings(store=store_copy)) as library:
        assert library.check_consistency().consistent
        assert "在全县2023年教育工作会议上的讲话.txt" not in library.document_ids()


def test_a_bad_file_fails_alone_and_the_rest_is_indexed(store_copy, tmp_path):
    (tmp_path / "new").mkdir()
    good = tmp_path / "new" / "某县2024年教育工作要点.txt"
    good.write_text("某县2024年教育工作要点\n一、总体要求\n坚持立德树人根本任务，推进县域义务教育优质均衡发展，办好人民满意的教育。\n", encoding="utf-8")
    bad = tmp_path / "new" / "扫描件.pdf"
    bad.write_bytes(b"%PDF-1.4 broken beyond repair")
    code, reports, output = wengao("ingest", str(tmp_path / "new"), "--store", str(store_copy), "--json")
    assert code == 1
    status = {r["source"]: r for r in reports}
    assert status["某县2024年教育工作要点.txt"]["status"] == "added"
    assert status["扫描件.pdf"]["status"] == "failed"
    assert "扫描件.pdf" in status["扫描件.pdf"]["error"]
    assert "Traceback" not in output


def test_a_second_writer_is_told_another_ingest_is_running(store_copy):
    with open_library(Settings(store=store_copy)) as library, library.writing():
        proc = subprocess.run(
            [str(Path(sys.executable).with_name("wengao")), "ingest", str(SAMPLES), "--store", str(store_copy)],
            capture_output=True, text=True, timeout=300,
        )
    assert proc.returncode == 2
    assert "another ingest is running" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_searching_where_there_is_no_library_creates_none(tmp_path):
    """A mistyped --store used to say "empty" and leave a new 146 MB store behind."""
    typo = tmp_path / "librray"
    code, _, output = wengao("search", "控辍保学", "--store", str(typo))
    assert code == 2
    assert output == f"✗ no library at {typo} (no such folder): `wengao ingest PATH --store {typo}` fills one\n"
    assert list(tmp_path.iterdir()) == []


def test_searching_an_empty_library_says_how_to_fill_it(tmp_path):
    store = tmp_path / "store"
    open_library(Settings(store=store)).close()
    code, _, output = wengao("search", "控辍保学", "--store", str(store))
    assert code == 2
    assert f"the library at {store} is empty: add reports with `wengao ingest PATH --store {store}`" in output


def test_serve_starts_a_library_in_the_default_store_and_in_an_empty_folder(tmp_path, monkeypatch):
    """A fresh machine's `wengao serve` (the README's `make run`), and a folder made for a new library,
    get a library the workbench's 文库 tab fills; other paths without one are refused (test_cli_errors)."""
    import gradio

    def stop(*args, **kwargs):
        raise KeyboardInterrupt  # as Ctrl-C would, once the library is open and the app built

    monkeypatch.setattr(gradio.Blocks, "launch", stop)
    monkeypatch.delenv("WENGAO_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, _, output = wengao("serve")
    assert code == 0, output
    assert (tmp_path / "data" / "wengao" / "library" / "catalog.sqlite3").is_file()

    (tmp_path / "new").mkdir()
    code, _, output = wengao("serve", "--store", str(tmp_path / "new"))
    assert code == 0, output
    assert (tmp_path / "new" / "catalog.sqlite3").is_file()


def test_a_library_of_another_embedding_model_is_named_and_embedded_again(store_copy, monkeypatch):
    """Changing WENGAO_EMBEDDING_BACKEND changes the vectors: reading is refused with the command that
    fixes it, `wengao reindex` embeds the library again, `wengao ingest` does so before adding files."""
    monkeypatch.setenv("WENGAO_EMBEDDING_BACKEND", "onnx")
    code, _, output = wengao("search", "控辍保学", "--store", str(store_copy))
    assert code == 2 and "wengao reindex" in output

    code, lines, output = wengao("reindex", "--store", str(store_copy), "--json")
    assert code == 0, output
    with open_library(Settings(store=store_copy, embedding_backend="onnx")) as library:
        chunks = library.chunk_count()
        assert library.check_consistency().consistent
    assert lines == [{"model": lines[0]["model"], "reembedded_chunks": chunks}] and lines[0]["model"].endswith("/onnx")
    code, hits, _ = wengao("search", "控辍保学", "--store", str(store_copy), "--json")
    assert code == 0 and "控辍保学" in hits[0]["text"]
    assert wengao("reindex", "--store", str(store_copy), "--json")[1][0]["reembedded_chunks"] == 0

    monkeypatch.delenv("WENGAO_EMBEDDING_BACKEND")
    code, reports, output = wengao("ingest", str(SAMPLES), "--store", str(store_copy), "--json")
    assert code == 0, output
    assert {r["status"] for r in reports} == {"unchanged"}
    code, hits, _ = wengao("search", "控辍保学", "--store", str(store_copy), "--json")
    assert code == 0 and "控辍保学" in hits[0]["text"]
