"""The tabs' handlers called directly, on a real library store (real embedding model) and the scripted LLM."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from docx import Document

from app.llm.lazy import LazyLLM
from app.settings import Settings
from app.web.draft_tab import DraftSession, DraftTab
from app.web.forms import filters_from, import_facts
from app.web.library_tab import STATUS_NAMES, LibraryTab
from app.web.search_tab import SearchTab
from tests.app.web.conftest import FIXTURE_REPORT
from tests.scripted_llm import ScriptedLLM

REQUEST = "起草'主要做法及成效'中关于青年教师培养的一段，约80字"
FORM = dict(section="自动（按请求判断）", length="按请求（默认400字）", year_from=None, year_to=None, regions=[], facts_text="")


@pytest.fixture(scope="module")
def library_tab(web_library) -> LibraryTab:
    return LibraryTab(web_library, max_file_mb=1)


@pytest.fixture(scope="module")
def ingested(library_tab, tmp_path_factory) -> list[list]:
    """The fixture report uploaded under an unsafe name, as Gradio hands uploads over (a temp path)."""
    upload_dir = tmp_path_factory.mktemp("upload")
    upload = upload_dir / ("..\u202e" + FIXTURE_REPORT.name)
    shutil.copyfile(FIXTURE_REPORT, upload)
    rows, cleared, table, *_ = library_tab.ingest_uploads([str(upload)], progress=lambda *a, **k: None)
    assert cleared is None
    return rows


def test_an_upload_is_copied_under_a_safe_name_and_indexed(ingested, web_library, library_tab):
    assert len(ingested) == 1
    source, status, title, year, doc_type, chunks, detail = ingested[0]
    assert (source, status) == (FIXTURE_REPORT.name, STATUS_NAMES["added"])
    assert title == "松岭县教育局2024年教师队伍建设工作汇报" and year == 2024 and chunks >= 3 and detail == ""
    assert (web_library.documents_dir / FIXTURE_REPORT.name).read_bytes() == FIXTURE_REPORT.read_bytes()
    assert [row[0] for row in library_tab.document_rows()] == [FIXTURE_REPORT.name]
    assert library_tab.document_rows()[0][5] == chunks


def test_uploads_too_large_or_of_unknown_type_are_refused_with_a_reason(library_tab, tmp_path):
    big = tmp_path / "大文件.txt"
    big.write_bytes("很".encode() * 400_000)  # 1.2 MB, limit 1 MB
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ")
    rows, *_ = library_tab.ingest_uploads([str(big), str(exe)], progress=lambda *a, **k: None)
    reasons = {row[0]: (row[1], row[6]) for row in rows}
    assert reasons["大文件.txt"][0] == STATUS_NAMES["failed"] and "文件过大" in reasons["大文件.txt"][1]
    assert reasons["setup.exe"][0] == STATUS_NAMES["failed"] and "不支持的文件类型" in reasons["setup.exe"][1]


def test_a_broken_file_is_reported_by_name_and_the_rest_goes_on(library_tab, tmp_path):
    broken = tmp_path / "损坏的文件.docx"
    broken.write_bytes(b"not a zip at all")
    rows, *_ = library_tab.ingest_uploads([str(broken), str(FIXTURE_REPORT)], progress=lambda *a, **k: None)
    by_name = {row[0]: row for row in rows}
    assert by_name["损坏的文件.docx"][1] == STATUS_NAMES["failed"] and "损坏的文件.docx" in by_name["损坏的文件.docx"][6]
    assert by_name[FIXTURE_REPORT.name][1] == STATUS_NAMES["unchanged"]


def test_a_write_while_another_holds_the_store_says_busy(ingested, library_tab, web_library):
    """Measured, not assumed: the store's write lock is per thread, so a Gradio worker meets LibraryBusy."""
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with web_library.library.writing():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(10)
    try:
        rows, *_ = library_tab.ingest_uploads([str(FIXTURE_REPORT)], progress=lambda *a, **k: None)
        table, *_ = library_tab.delete(web_library.documents()[0].doc_id)
    finally:
        release.set()
        thread.join()
    assert rows[-1][1] == STATUS_NAMES["failed"] and "文库正忙" in rows[-1][6]
    assert len(table) == 1, "the busy delete removed nothing"


def test_concurrent_searches_from_worker_threads_agree_with_sequential_ones(ingested, web_library):
    queries = ["银杏课堂 青年教师", "交流轮岗", "教师周转宿舍", "结构性缺编"] * 3
    expected = {q: [h.chunk_id for h in web_library.search(q, k=5, filters=filters_from(None, None, [])).hits] for q in queries}
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def search(i: int, query: str) -> None:
        try:
            results[i] = [h.chunk_id for h in web_library.search(query, k=5, filters=filters_from(None, None, [])).hits]
        except BaseException as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=search, args=(i, q)) for i, q in enumerate(queries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(results[i] == expected[q] for i, q in enumerate(queries))


def test_search_marks_the_query_words_and_opens_the_whole_document(ingested, web_library):
    tab = SearchTab(web_library)
    html, dropdown, state = tab.search("银杏课堂", 5, None, None, [], [])
    assert "<mark>银杏课堂</mark>" in html and "相关度" in html
    assert dropdown["choices"] and state[-1] == "银杏课堂"
    document = tab.open_document("0", state)
    assert document.count('id="wg-focus"') == 1
    focus = document.split('id="wg-focus"')[1]
    assert "<mark>银杏课堂</mark>" in focus.split("</div>")[0]
    assert "下一步工作打算" in document and "结构性缺编" in document, "the whole document is shown"


def test_search_text_is_escaped(web_library, ingested):
    html, *_ = SearchTab(web_library).search("<script>alert(1)</script> 银杏课堂", 3, None, None, [], [])
    assert "<script>" not in html


def test_an_empty_year_range_is_a_message(web_library, ingested):
    html, *_ = SearchTab(web_library).search("银杏课堂", 3, 2025, 2020, [], [])
    assert "年份范围有误" in html


@pytest.fixture
def scripted_tab(web_library, ingested, tmp_path):
    def reply(body: dict) -> str:
        prompt = body["messages"][1]["content"]
        if "修改要求" in prompt:
            return "全年遴选青年教师126名，开展结对指导和集中研修，新增导师999名[1]。"
        return "实施青年教师成长计划，遴选青年教师126名，由骨干教师结对指导[1]。"

    with ScriptedLLM(reply) as llm:
        settings = Settings(store=web_library.library.store_dir, llm_base_url=llm.base_url, llm_model=llm.model)
        lazy = LazyLLM(settings)
        yield DraftTab(web_library, lazy, exports_dir=tmp_path / "exports"), llm
        lazy.close()


def test_a_draft_streams_then_shows_the_verified_text_with_sources(scripted_tab, tmp_path):
    tab, llm = scripted_tab
    updates = list(tab.respond(REQUEST, [], DraftSession(), **FORM))
    history, session, draft, sources, checks, box = updates[-1]
    assert history[-2] == {"role": "user", "content": REQUEST}
    assert any("正在" in u[0][-1]["content"] for u in updates[:-1]), "progress shows before the draft"
    # 126 is the earlier report's figure, not the writer's: blanked, and listed with what that report said.
    assert "青年教师××名" in draft and "126" not in draft and "[1]" in draft and draft in history[-1]["content"]
    assert "核验" in history[-1]["content"]
    assert session.result is not None and session.request == REQUEST and session.section_type == "主要做法及成效"
    assert "<mark>" in sources and FIXTURE_REPORT.name in sources
    assert "待填写的数字" in checks and "126名" in checks

    # A revision turn: the same passages, checked again (999 has no source).
    updates = list(tab.respond("再正式一些", history, session, **FORM))
    history, revised, draft, sources, checks, _ = updates[-1]
    assert "修改要求" in llm.requests[-1]["messages"][1]["content"]
    assert session.result.draft in llm.requests[-1]["messages"][1]["content"]
    assert "999" not in draft and "××" in draft and "999" in checks
    assert revised.result.passages == session.result.passages and revised.last_was_revision
    assert len(history) == 4

    # 重新生成 runs the revision again from the draft before it, replacing the last turn.
    calls = len(llm.requests)
    history2, regenerated, *_ = list(tab.regenerate(history, revised, *FORM.values()))[-1]
    assert len(llm.requests) == calls + 1 and "修改要求" in llm.requests[-1]["messages"][1]["content"]
    assert len(history2) == 4 and regenerated.before is session.result

    path = tab.export(regenerated, "", False)
    document = Document(path)
    assert Path(path).suffix == ".docx"
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "关于青年教师培养的主要做法及成效"
    assert "[1]" not in "".join(texts) and "××" in "".join(texts)


def test_an_imported_facts_table_is_added_to_the_facts_box_once(tmp_path):
    table = tmp_path / "统计表.csv"
    table.write_text("指标,数值,年份\n新招聘教师,85人,2024年\n交流轮岗,120人,\n", encoding="utf-8")
    box = "交流轮岗：120人\n2024年全县劝返复学学生36人\n"
    merged = import_facts(str(table), box)
    assert merged.splitlines() == ["交流轮岗：120人", "2024年全县劝返复学学生36人", "新招聘教师：85人（2024年）"]
    assert import_facts(str(table), merged) == merged, "importing the same table again adds nothing"
    assert import_facts(str(table), "") == "新招聘教师：85人（2024年）\n交流轮岗：120人"
    assert import_facts(None, box) == box


def test_a_bad_facts_file_is_a_warning_and_the_box_stays(tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("app.web.draft_tab.gr.Warning", shown.append)
    table = tmp_path / "统计表.csv"
    table.write_text("指标,数值\n新招聘教师,\n", encoding="utf-8")
    box = "2024年全县劝返复学学生36人"
    assert import_facts(str(table), box) == box
    assert shown == ["事实表未导入：统计表.csv, row 2: '新招聘教师' has no value"]


def test_an_empty_library_points_to_the_samples(tmp_path):
    from app.library import open_library

    settings = Settings(store=tmp_path / "empty")
    with open_library(settings) as library:
        from app.web.library import WebLibrary

        empty = WebLibrary(library, max_bytes=settings.max_bytes)
        tab = DraftTab(empty, LazyLLM(settings))
        history, *_ = list(tab.respond(REQUEST, [], DraftSession(), **FORM))[-1]
        assert "载入示例文库" in history[-1]["content"]
        assert "载入示例文库" in tab.library_notice()
        assert not LazyLLM(settings).ready


def test_search_says_what_it_understood_and_why_a_hit_ranks_first(ingested, web_library):
    html, *_ = SearchTab(web_library).search("2024年交流轮岗了多少教师", 3, None, None, [], [])
    assert "理解为：2024年 → 2024年；问数字（多少）" in html
    first = html.split('<div class="wg-card">')[1]
    assert '<div class="wg-why">↑ 2024年的汇报材料；数字：' in first
    assert "<mark>188名</mark>" in first or "188名</mark>" in first  # the figure asked for, marked
