"""`wengao ingest` as a user runs it: files in, chunks (or named errors) out."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOISY = FIXTURES / "noisy_scraped_report.txt"

REQUIRED_METADATA = {
    "doc_id", "source", "title", "year", "region", "doc_type", "heading_path", "section_role",
    "chunk_index", "char_start", "char_end", "masked_figures", "recurring_paragraphs",
}
SITE_NOISE = ["欢迎来到", "公文范文家", "加入收藏", "小编", "第1页", "第3页", "下载文档", "VIP", "扫码", "相关文章", "侵权", "Copyright", "ICP"]


def run_dry(args: list[str]) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["ingest", *args, "--dry-run", "--json"])
    chunks = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, chunks, result.stderr


def report_body_sentences(path: Path) -> list[str]:
    """The sentences of the fixture's report body: between its own title line and the page footer."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines[lines.index("东湖区教育局2020年工作总结") + 1 : lines.index("第3页 共3页")]
    sentences = []
    for line in body:
        sentences += [s for s in re.split(r"(?<=[。！？；])", line.replace("第1页共3页", "")) if len(s.strip()) > 3]
    return sentences


def test_noisy_report_keeps_every_sentence_and_no_site_noise():
    code, chunks, stderr = run_dry([str(NOISY)])
    assert code == 0, stderr
    joined = "".join(c["text"].replace("\n", "") for c in chunks)
    for noise in SITE_NOISE:
        assert noise not in joined, noise
    # Headings travel in metadata, so a heading sentence may open a chunk's heading path instead of its text.
    headings = " ".join(c["metadata"]["heading_path"] for c in chunks)
    lost = [s for s in report_body_sentences(NOISY) if s not in joined and s not in headings]
    assert lost == []
    # A report sentence that merely mentions downloading is not a download prompt.
    assert "下载优质课程资源服务课堂教学" in joined


def test_chunk_metadata_follows_the_report_structure():
    _, chunks, _ = run_dry([str(NOISY)])
    for chunk in chunks:
        assert REQUIRED_METADATA <= chunk["metadata"].keys()
    meta = chunks[0]["metadata"]
    assert meta["title"] == "东湖区教育局2020年工作总结"
    assert meta["year"] == 2020
    assert meta["region"] == "东湖区"
    assert meta["doc_type"] == "工作总结"
    assert meta["source"] == NOISY.name
    assert [c["metadata"]["chunk_index"] for c in chunks] == list(range(len(chunks)))

    by_text = {c["text"]: c["metadata"] for c in chunks}
    problems = next(m for t, m in by_text.items() if "城区学位供给仍然紧张" in t)
    assert problems["section_role"] == "存在问题"
    assert problems["heading_path"].startswith("三、存在问题")
    dropout = next(m for t, m in by_text.items() if "劝返复学" in t)
    assert dropout["heading_path"].startswith("二、主要做法及成效")
    assert "xx" in dropout["masked_figures"].split()
    # No chunk crosses from one 一、 section into the next.
    assert not any("三、存在问题" in c["text"] for c in chunks)


def test_a_bad_file_is_named_and_the_batch_goes_on(tmp_path):
    broken = tmp_path / "损坏的报告.docx"
    broken.write_bytes(b"this is not a zip archive at all")
    unknown = tmp_path / "图片.png"
    unknown.write_bytes(b"\x89PNG\r\n")
    code, chunks, stderr = run_dry([str(NOISY), str(broken), str(unknown)])
    assert code == 1
    assert chunks and all(c["metadata"]["source"] == NOISY.name for c in chunks)
    assert "损坏的报告.docx" in stderr
    assert "图片.png" in stderr and "skipped" in stderr
    assert "Traceback" not in stderr


def test_only_boilerplate_is_an_error_not_an_empty_document(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("欢迎访问【某某文库】\n第1页 共2页\nVIP免费下载 扫码领取\n京ICP备00000000号\n", encoding="utf-8")
    code, chunks, stderr = run_dry([str(junk)])
    assert code == 1 and chunks == []
    assert "junk.txt" in stderr


def test_unchanged_file_gets_the_same_doc_id(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(NOISY.read_bytes())
    _, first, _ = run_dry([str(copy)])
    _, second, _ = run_dry([str(copy)])
    assert {c["metadata"]["doc_id"] for c in first} == {c["metadata"]["doc_id"] for c in second}
    copy.write_text(NOISY.read_text(encoding="utf-8") + "\n补充一句新的内容，说明文件已经改动。", encoding="utf-8")
    _, changed, _ = run_dry([str(copy)])
    assert changed[0]["metadata"]["doc_id"] != first[0]["metadata"]["doc_id"]


def test_console_script_runs_end_to_end(tmp_path):
    """The installed `wengao` entry point, not just the Typer object."""
    wengao = Path(sys.executable).with_name("wengao")
    proc = subprocess.run([str(wengao), "ingest", str(NOISY), "--dry-run", "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert all("text" in json.loads(line) for line in proc.stdout.splitlines())


# Links and special files are named in messages as the writer sees them in the folder, never by what
# a link points to, and the reason says what they are.

def report_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(NOISY.read_bytes())
    return folder


def test_a_dangling_link_is_named_as_found_and_called_broken(tmp_path):
    folder = report_folder(tmp_path)
    (folder / "gone.txt").symlink_to(tmp_path / "deleted-report.txt")
    code, chunks, stderr = run_dry([str(folder)])
    assert "- gone.txt: skipped (a link to a file that does not exist)" in stderr.splitlines(), stderr
    assert "deleted-report" not in stderr
    assert chunks and code == 0


def test_a_fifo_is_named_as_found_and_called_not_a_regular_file(tmp_path):
    folder = report_folder(tmp_path)
    os.mkfifo(folder / "zero.txt")
    _, _, stderr = run_dry([str(folder)])
    assert "- zero.txt: skipped (not a regular file)" in stderr.splitlines(), stderr
    _, _, stderr = run_dry([str(folder / "zero.txt")])
    assert stderr.splitlines() == ["- zero.txt: skipped (not a regular file)"]


def test_a_link_to_a_device_is_named_by_the_link(tmp_path):
    """The issue's case: `zero.txt` linking to /dev/zero was reported as "- zero: skipped"."""
    folder = report_folder(tmp_path)
    (folder / "zero.txt").symlink_to("/dev/zero")
    _, _, stderr = run_dry([str(folder)])
    assert "- zero.txt: skipped (not a regular file)" in stderr.splitlines(), stderr


def test_a_link_to_a_folder_inside_a_folder_is_said_not_silently_left_out(tmp_path):
    folder = report_folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_bytes(NOISY.read_bytes())
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    _, _, stderr = run_dry([str(folder)])
    assert "- linked: skipped (a link to a folder: give that folder itself to ingest it)" in stderr.splitlines(), stderr


def test_a_link_to_a_report_is_indexed_under_the_links_name(tmp_path):
    folder = report_folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "原文件.txt").write_bytes(NOISY.read_bytes())
    (folder / "a.txt").unlink()
    (folder / "链接.txt").symlink_to(elsewhere / "原文件.txt")
    code, chunks, stderr = run_dry([str(folder)])
    assert code == 0 and stderr == ""
    assert chunks and {c["metadata"]["source"] for c in chunks} == {"链接.txt"}
