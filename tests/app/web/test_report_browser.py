"""The 整篇文稿 tab in a real browser: Debian's chromium driven by Playwright, the app in-process over a
fresh store holding the sample library, and the scripted LLM, so the page's flow is tested
deterministically (the drafting rules with a real model are tested in test_browser.py and the eval).

The tests run in order on one page, as a writer would: propose the outline, rename one heading and
delete one part, draft everything, fill a blank, revise a part, export to Word, reopen the saved draft
after a reload. Screenshots of each step go to test-artifacts/screenshots/report-*.png.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from app.settings import Settings
from tests.app.web.conftest import SCREENSHOTS, browser_page, served_workbench
from tests.app.web.test_browser import open_tab
from tests.scripted_llm import ScriptedLLM

pytestmark = pytest.mark.slow

REQUEST = "起草青川县教育局2024年工作总结，约1500字"
RENAMED = "全县教育发展概况"
POINTS = itertools.cycle([
    "一是加强教师培训，全年培训教师3200人次，新建名师工作室12个。",
    "二是改善办学条件，新建校舍4.5万平方米，新增学位2600个。",
    "三是推进控辍保学，劝返复学学生58人，送教上门服务残疾儿童130人。",
])
REVISED = "坚持把教师队伍建设摆在突出位置，统筹推进教师培训和名师工作室建设。"


def reply(body: dict) -> str:
    return REVISED if "修改要求" in body["messages"][1]["content"] else next(POINTS)


@pytest.fixture(scope="module")
def app_url(sample_store, tmp_path_factory) -> Iterator[str]:
    store = Path(shutil.copytree(sample_store, tmp_path_factory.mktemp("report-browser") / "store"))
    with ScriptedLLM(reply) as scripted:
        settings = Settings(store=store, llm_base_url=scripted.base_url, llm_model=scripted.model)
        with served_workbench(settings) as url:
            yield url


@pytest.fixture(scope="module")
def page(app_url) -> Iterator:
    with browser_page(app_url) as page:
        yield page


def screenshot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"report-{name}.png"), full_page=True)


def edit_cell(page, table: str, row: int, column: int, text: str) -> None:
    """Type `text` into a cell of a Gradio table as a writer does: double-click, type, Enter."""
    cell = page.locator(f"{table} [data-testid='cell-{row}-{column}']")
    cell.dblclick()
    editor = cell.locator("textarea, input").first
    editor.fill(text)
    editor.press("Enter")
    page.wait_for_timeout(300)


def row_of(page, table: str, text: str) -> int:
    """The row of the table whose cells hold `text`."""
    cell = page.locator(f"{table} [role=gridcell]", has_text=text).first
    return int(cell.get_attribute("data-row"))


def wait_for_progress(page, text: str, timeout_ms: int = 120_000) -> str:
    page.locator("#report-progress .wg-note", has_text=text).first.wait_for(timeout=timeout_ms)
    return page.locator("#report-progress").inner_text()


def test_propose_the_outline(page):
    open_tab(page, "整篇文稿")
    screenshot(page, "1-空")
    page.locator("#report-request textarea").fill(REQUEST)
    page.locator("#report-propose").click()
    assert "《青川县教育局2022年工作总结》的结构" in wait_for_progress(page, "提纲按文库中的")
    outline = page.locator("#report-outline")
    assert "一、基本情况" in outline.inner_text() and "参考材料" in outline.inner_text()
    assert "全文合计 1500 字" in page.locator("#report-total").inner_text()
    assert "待起草" in page.locator("#report-preview").inner_text()
    screenshot(page, "2-提纲")


def test_rename_and_delete_in_the_outline_table(page):
    edit_cell(page, "#report-outline", row_of(page, "#report-outline", "一、基本情况"), 2, RENAMED)
    problems = row_of(page, "#report-outline", "三、存在的问题")
    budget = page.locator(f"#report-outline [data-testid='cell-{problems}-3']").inner_text().strip()
    edit_cell(page, "#report-outline", problems, 2, "")
    # The total follows the table: the deleted part's words are gone from it.
    page.locator("#report-total", has_text=f"全文合计 {1500 - int(budget)} 字").wait_for(timeout=10_000)


# Records what the progress line and the preview showed: with the scripted model a section takes a
# fraction of a second, faster than a locator's polling could be sure to see each state.
WATCH_THE_DRAFT = """() => {
    window.progressSeen = [];
    window.sectionStreamed = false;
    const progress = document.querySelector('#report-progress');
    const preview = document.querySelector('#report-preview');
    new MutationObserver(() => window.progressSeen.push(progress.innerText))
        .observe(progress, {subtree: true, childList: true, characterData: true});
    new MutationObserver(() => { window.sectionStreamed ||= !!preview.querySelector('.wg-writing'); })
        .observe(preview, {subtree: true, childList: true, characterData: true});
}"""


def test_draft_everything(page):
    page.evaluate(WATCH_THE_DRAFT)
    page.locator("#report-draft").click()
    final = wait_for_progress(page, "全文起草完成")
    seen = page.evaluate("window.progressSeen")
    assert any("第1/4部分" in text and "已用时" in text and "已写" in text for text in seen), seen
    assert any("第4/4部分" in text for text in seen), seen
    assert page.evaluate("window.sectionStreamed"), "the section being written shows as its tokens arrive"
    assert "已保存" in final and "处××待填写" in final
    preview = page.locator("#report-preview")
    assert f"一、{RENAMED}" in preview.inner_text() and "存在的问题" not in preview.inner_text()
    assert preview.locator("mark", has_text="××").count() >= 3
    assert "二、主要做法及成效" in page.locator("#report-outline").inner_text(), "the table shows the outline drafted"
    screenshot(page, "3-全文")


def blanks_left(progress: str) -> int:
    """The ×× the progress line says are left (the table shows only the rows in view)."""
    return int(re.search(r"还有 (\d+) 处××", progress).group(1))


def test_fill_a_blank(page):
    before = blanks_left(page.locator("#report-progress").inner_text())
    clause = page.locator("#report-blanks [data-testid='cell-0-1']").inner_text().strip()
    edit_cell(page, "#report-blanks", 0, 3, "3300")
    page.locator("#report-fill").click()
    after = blanks_left(wait_for_progress(page, "已填入 1 处数值", timeout_ms=30_000))
    assert clause.replace("××", "3300") in page.locator("#report-facts textarea").input_value()
    assert clause.replace("××", "3300") in page.locator("#report-preview").inner_text()
    assert after == before - 1
    screenshot(page, "4-填数")


def test_revise_one_part(page):
    page.locator("#report-instruction textarea").fill("第一部分再压缩50字")
    page.locator("#report-revise").click()
    assert RENAMED in wait_for_progress(page, "已修改", timeout_ms=60_000)
    preview = page.locator("#report-preview").inner_text()
    assert REVISED in preview and preview.count(REVISED) == 1, "only the part named was revised"
    screenshot(page, "5-修改")


def test_export_the_word_document(page, tmp_path):
    page.locator("#report-appendix input").check()
    page.locator("#report-export").click()
    link = page.locator("#report-docx a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "青川县教育局2024年工作总结.docx"
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    body = "\n".join(texts)
    assert texts[0] == "青川县教育局2024年工作总结"
    assert f"一、{RENAMED}" in texts and "基本情况" not in body and "存在的问题" not in body
    assert "3300" in body and REVISED in body and "附：各段参考材料" in texts
    comments = list(document.comments)
    assert comments and all(c.text.startswith("待补数字：") for c in comments), "each ×× left carries a comment"
    screenshot(page, "6-导出")


def test_the_saved_draft_reopens_after_a_reload(page):
    page.reload()
    page.get_by_text("文稿 · 公文起草助手").wait_for(timeout=60_000)
    open_tab(page, "整篇文稿")
    page.locator("#report-saved").click()
    page.get_by_role("option", name="青川县教育局2024年工作总结").first.click()
    page.locator("#report-open").click()
    wait_for_progress(page, "已打开《青川县教育局2024年工作总结》", timeout_ms=30_000)
    assert REVISED in page.locator("#report-preview").inner_text()
    assert page.locator("#report-request textarea").input_value() == REQUEST
    screenshot(page, "7-打开")
