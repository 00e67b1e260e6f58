"""`wengao ingest --prune` deletes only what the writer really removed, and documents are known by their
path in the folder ingested, not by base name: with the real embedding model, on a copy of the sample library."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.library import open_library
from app.settings import Settings
from tests.app.cli_runner import SAMPLES
from tests.app.cli_runner import run_wengao as wengao

TEACHERS = "一、基本情况\n\n全县教师队伍建设稳步推进。\n\n二、主要做法\n\n（一）加强教师培训\n\n组织教师参加{year}年暑期集中研修，覆盖专任教师。\n"


@pytest.fixture
def store(sample_store, tmp_path) -> Path:
    """A private copy of the sample library (the ONNX export comes along)."""
    return Path(shutil.copytree(sample_store, tmp_path / "store"))


def indexed(store: Path) -> set[str]:
    with open_library(Settings(store=store)) as library:
        return set(library.document_ids())


def sample_names() -> set[str]:
    return {p.name for p in SAMPLES.iterdir()}


def test_a_mistyped_folder_with_prune_deletes_nothing(store, tmp_path):
    code, reports, output = wengao("ingest", str(tmp_path / "typo_dir"), "--store", str(store), "--prune", "--json")
    assert code == 1
    assert "no such file or folder" in output and "--prune: nothing deleted" in output
    assert not [r for r in reports if r["status"] == "deleted"]
    assert indexed(store) == sample_names()


def test_an_empty_folder_with_prune_deletes_nothing(store, tmp_path):
    (tmp_path / "empty").mkdir()
    code, reports, output = wengao("ingest", str(tmp_path / "empty"), "--store", str(store), "--prune")
    assert code == 1 and "--prune: nothing deleted, because no report file was found" in output
    assert indexed(store) == sample_names()


def test_an_unreadable_subfolder_is_named_and_blocks_the_prune(store, tmp_path, monkeypatch):
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "reports"))
    locked = folder / "2023"
    locked.mkdir()
    moved = next(p for p in folder.iterdir() if p.suffix == ".md")
    moved.rename(locked / moved.name)
    # root reads any folder, so the refusal a writer's account gets is simulated where os.walk lists folders
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    code, reports, output = wengao("ingest", str(folder), "--store", str(store), "--prune", "--json")
    assert code == 1
    assert f"{locked}: cannot read this folder" in output
    assert f"--prune: nothing deleted, because folder {locked} cannot be read" in output
    assert not [r for r in reports if r["status"] == "deleted"]
    assert moved.name in indexed(store)


def test_dry_run_shows_what_a_prune_would_delete_and_deletes_nothing(store, tmp_path):
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "reports"))
    gone = sorted(folder.iterdir())[0]
    gone.unlink()
    code, lines, output = wengao("ingest", str(folder), "--store", str(store), "--prune", "--dry-run", "--json")
    assert code == 0, output
    assert [line for line in lines if "status" in line] == [
        {"source": gone.name, "status": "would be deleted", "doc_id": lines[-1]["doc_id"]}
    ]
    assert indexed(store) == sample_names()
    code, _, output = wengao("ingest", str(folder), "--store", str(store), "--prune", "--dry-run")
    assert f"- {gone.name}: would be deleted" in output


def test_namesakes_in_two_folders_are_two_documents(store, tmp_path):
    root = tmp_path / "总结"
    for year in (2022, 2023):
        (root / str(year)).mkdir(parents=True)
        (root / str(year) / "工作总结.md").write_text(TEACHERS.format(year=year), encoding="utf-8")
    code, reports, output = wengao("ingest", str(root), "--store", str(store), "--json")
    assert code == 0, output
    assert sorted((r["source"], r["status"]) for r in reports) == [
        ("2022/工作总结.md", "added"), ("2023/工作总结.md", "added")
    ]
    _, hits, _ = wengao("search", "暑期集中研修", "--store", str(store), "--k", "10", "--json")
    assert {"2022/工作总结.md", "2023/工作总结.md"} <= {h["source"] for h in hits}


def test_a_namesake_from_another_folder_does_not_replace_the_indexed_one(store, tmp_path):
    first, second = tmp_path / "a" / "工作总结.md", tmp_path / "b" / "工作总结.md"
    for path, year in ((first, 2022), (second, 2023)):
        path.parent.mkdir()
        path.write_text(TEACHERS.format(year=year), encoding="utf-8")
    assert wengao("ingest", str(first), "--store", str(store))[0] == 0
    code, reports, output = wengao("ingest", str(second), "--store", str(store), "--json")
    assert code == 1
    assert reports[0]["status"] == "failed" and str(first) in reports[0]["error"]
    _, hits, _ = wengao("search", "暑期集中研修", "--store", str(store), "--k", "5", "--json")
    assert any("2022年暑期" in h["text"] for h in hits) and not any("2023年暑期" in h["text"] for h in hits)
    # A new version of the same file replaces it, as before.
    first.write_text(TEACHERS.format(year=2021), encoding="utf-8")
    code, reports, _ = wengao("ingest", str(first), "--store", str(store), "--json")
    assert code == 0 and reports[0]["status"] == "replaced"


def test_a_renamed_file_is_indexed_under_its_new_name_when_pruning(store, tmp_path):
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "reports"))
    old = sorted(folder.iterdir())[0]
    new = old.with_name("改名_" + old.name)
    old.rename(new)
    code, reports, output = wengao("ingest", str(folder), "--store", str(store), "--prune", "--json")
    assert code == 0, output
    status = {r["source"]: r["status"] for r in reports}
    assert status[old.name] == "deleted" and status[new.name] == "added"
    assert indexed(store) == sample_names() - {old.name} | {new.name}


def test_exclude_source_takes_a_base_name_where_unambiguous_and_refuses_it_where_not(store, tmp_path):
    root = tmp_path / "总结"
    for year in (2022, 2023):
        (root / str(year)).mkdir(parents=True)
        (root / str(year) / "工作总结.md").write_text(TEACHERS.format(year=year), encoding="utf-8")
    (root / "2023" / "培训.md").write_text(TEACHERS.format(year=2019), encoding="utf-8")
    assert wengao("ingest", str(root), "--store", str(store))[0] == 0
    search = ("search", "暑期集中研修", "--store", str(store), "--k", "20", "--json")
    _, hits, _ = wengao(*search, "--exclude-source", "培训.md")
    assert "2023/培训.md" not in {h["source"] for h in hits} and "2022/工作总结.md" in {h["source"] for h in hits}
    _, hits, _ = wengao(*search, "--exclude-source", "2022/工作总结.md")
    assert {"2022/工作总结.md"} & {h["source"] for h in hits} == set()
    code, hits, output = wengao(*search, "--exclude-source", "工作总结.md")
    assert code == 2 and not hits
    assert "工作总结.md: several documents have this name (2022/工作总结.md、2023/工作总结.md)" in output
