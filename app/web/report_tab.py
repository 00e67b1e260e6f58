"""The 整篇文稿 tab: a whole document from one request, top to bottom as the writer works.

1. 拟定提纲: the outline proposed from the library's closest document of the type (app.report.proposal),
   each section with the earlier passages it will start from.
2. The outline as a table the writer edits: rename, reorder (序号), add a row, delete, change a budget.
3. 起草全文: every section drafted in turn, streamed into the preview, the draft saved after each one.
4. 待填写的数字: each ×× with what earlier reports said there; a value typed in fills it and becomes a fact.
5. 修改某一部分: one part revised, the rest kept.
6. 导出 Word; 已保存的文稿: a draft reopened after a reload or another day.

The document lives in gr.State as a ReportDraft (app.report.document) and in the store as a saved draft
(app.report.saved_drafts). The facts box is the writer's facts: every handler that works on the
document reads it, so a fact typed in after drafting counts in the next revision and in the checks.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from app.checks.numbers import with_writer_phrases
from app.drafting.events import Token
from app.drafting.facts import FACTS_SUFFIXES
from app.errors import UserError
from app.llm.lazy import LazyLLM
from app.report.blanks import BlankValueError, ReportBlank, fill_blank, report_blanks
from app.report.compose import (
    ReportDrafted,
    SectionDrafted,
    SectionStarted,
    stream_report,
)
from app.report.document import ReportDraft
from app.report.outline import (
    OutlineError,
    OutlineSection,
    ReportOutline,
    bare_title,
    role_of_heading,
    with_sections,
)
from app.report.proposal import propose_outline, with_sources
from app.report.revision import (
    SectionNotFound,
    sections_addressed,
    stream_section_revision,
)
from app.report.saved_drafts import SavedDraftError, SavedDrafts
from app.report.word_document import write_report
from app.web.forms import (
    NO_REPORTS,
    STREAM_INTERVAL_S,
    facts_from,
    import_facts,
    merge_facts,
)
from app.web.library import WebLibrary
from app.web.rendering import hint_html, note_html, report_html
from app.web.uploads import UnsafeFileName, safe_file_name

OUTLINE_HEADERS = ["序号", "层级", "标题", "字数", "参考材料"]
BLANK_HEADERS = ["部分", "句子", "往年材料", "填写数值"]
AUTO_TARGET = "按文字判断"
MIN_LENGTH, MAX_LENGTH = 300, 30000  # what `wengao report --length` accepts
OUTLINE_HINT = (
    "层级：0 = 无标题段落（开头、结尾），1 = 一、，2 = （一）。改名：直接改“标题”；调整顺序：改“序号”"
    "（可填 2.5，排在 2 和 3 之间）；增加：在表格末尾添一行；删除：清空一、或（一）的标题，无标题段落把字数改为 0。"
    "字数为 0 的一级标题只作标题，正文由下面的（一）（二）承担。“参考材料”只供查看，改动不起作用。"
)


@dataclass
class ReportView:
    """The tab's outputs by name, in the order `render` wires them. A field left None is not sent
    (gr.skip()): a handler does not overwrite a box it did not change, where the writer may be typing."""

    report: ReportDraft | None
    progress: str | None = None
    request: str | None = None
    outline: list[list[Any]] | None = None
    total: str | None = None
    facts: str | None = None
    preview: str | None = None
    blanks: list[list[Any]] | None = None
    targets: dict[str, Any] | None = None
    saved: dict[str, Any] | None = None

    def outputs(self) -> tuple[Any, ...]:
        values = (getattr(self, f.name) for f in dataclasses.fields(self))
        return tuple(gr.skip() if value is None else value for value in values)

    def note(self, text: str, kind: str = "info") -> ReportView:
        """The progress line; a warning is also shown as a toast, seen wherever the page is scrolled."""
        self.progress = note_html(text, kind)
        if kind == "warn":
            gr.Warning(text)
        return self

    def done(self, text: str) -> ReportView:
        """The progress line and a toast: an action below the preview ended."""
        gr.Info(text)
        return self.note(text)

    def show(self, report: ReportDraft, *, target: str = AUTO_TARGET) -> ReportView:
        """The document as it stands in the preview, the blanks table and the revision targets."""
        self.report = report
        self.preview = report_html(report)
        self.blanks = blank_rows(report)
        self.targets = gr.update(choices=revision_targets(report), value=target)
        return self

    def show_outline(self, outline: ReportOutline) -> ReportView:
        self.outline = outline_rows(outline)
        self.total = outline_summary(outline)
        return self


OUTPUTS = tuple(f.name for f in dataclasses.fields(ReportView))


# -- the outline as a table ------------------------------------------------------------------------

def outline_rows(outline: ReportOutline) -> list[list[Any]]:
    """The outline as the table shows it (OUTLINE_HEADERS): headings numbered, paragraphs without
    heading named by their place."""
    return [
        [number, section.level, heading or f"（{section.role}）", section.budget, "；".join(section.sources)]
        for number, (section, heading) in enumerate(zip(outline.sections, outline.headings()), start=1)
    ]


def outline_summary(outline: ReportOutline) -> str:
    return hint_html(f"全文合计 {outline.length} 字，{len(outline.drafted())} 个部分起草。")


def _cell_number(cell: Any, row: int, column: str) -> float | None:
    """A number cell of the table: None when empty. Raises OutlineError naming the row."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or not str(cell).strip():
        return None
    try:
        return float(str(cell).strip())
    except ValueError:
        raise OutlineError(f"第{row}行：{column}“{cell}”不是数字") from None


def _whole(cell: Any, row: int, column: str, default: int) -> int:
    number = _cell_number(cell, row, column)
    if number is None:
        return default
    if not number.is_integer():
        raise OutlineError(f"第{row}行：{column}应是整数，现为 {number:g}")
    return int(number)


def _kept_rows(rows: Sequence[Sequence[Any]]) -> list[tuple[int, str, int]]:
    """(level, title, budget) of the rows the writer kept, in the order of their 序号. A row without one
    counts its place in the table as its 序号: a row added at the end comes last, one inserted under
    row 2 comes before the row numbered 3."""
    kept: list[tuple[float, int, str, int]] = []
    for number, row in enumerate(rows, start=1):
        cells = [*row, None, None, None, None][:4]
        if all(cell is None or not str(cell).strip() for cell in cells[1:]):
            continue  # a row added and left empty
        order = _cell_number(cells[0], number, "序号")
        level = _whole(cells[1], number, "层级", default=1)
        budget = _whole(cells[3], number, "字数", default=0)
        title = bare_title(str(cells[2] or "")) if level else ""
        if (level and not title) or (level == 0 and budget == 0):
            continue  # deleted: a heading cleared, or a paragraph without heading given no length
        kept.append((number if order is None else order, level, title, budget))
    kept.sort(key=lambda row: row[0])  # stable: rows of the same 序号 keep the table's order
    return [(level, title, budget) for _, level, title, budget in kept]


def outline_from_rows(outline: ReportOutline, rows: Sequence[Sequence[Any]]) -> ReportOutline:
    """The outline as the writer edited its table. A heading kept as it was keeps its role and the
    passages listed for it; a new or renamed one gets the role its words name; a paragraph without
    heading opens the document when it comes first and closes it otherwise. Raises OutlineError."""
    earlier = {section.title: section for section in outline.sections if section.title}
    earlier_paragraphs = {section.role: section for section in outline.sections if not section.level}
    sections: list[OutlineSection] = []
    parent_role = None
    for level, title, budget in _kept_rows(rows):
        if level == 0:
            role = "开头" if not sections else "结尾"
            kept = earlier_paragraphs.get(role)
        else:
            kept = earlier.get(title)
            role = kept.role if kept else role_of_heading(
                title, doc_type=outline.doc_type, parent_role=parent_role if level == 2 else None
            )
            parent_role = role if level == 1 else parent_role
        sections.append(OutlineSection(title, level, role, budget, kept.sources if kept else ()))
    return with_sections(outline, sections)


# -- the blanks as a table -------------------------------------------------------------------------

def blank_rows(report: ReportDraft, kept: dict[tuple[int, int], str] | None = None) -> list[list[Any]]:
    """Every ×× as a row (BLANK_HEADERS); `kept`: values to show again, by (section, number)."""
    kept = kept or {}
    return [[blank.heading, blank.clause, blank.said_before, kept.get((blank.section, blank.number), "")]
            for blank in report_blanks(report)]


def _blanks_with_values(report: ReportDraft, rows: Sequence[Sequence[Any]]) -> list[tuple[ReportBlank, str]]:
    """The blanks the writer typed a value for. A row is matched by its part and sentence (the k-th row
    with them is the k-th such blank), not by its place: the table may be older than the text."""
    listed: dict[tuple[str, str], list[ReportBlank]] = defaultdict(list)
    for blank in report_blanks(report):
        listed[(blank.heading, blank.clause)].append(blank)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    chosen = []
    for row in rows:
        heading, clause, _, value = [*(str(cell or "").strip() for cell in row), "", "", "", ""][:4]
        k = seen[(heading, clause)]
        seen[(heading, clause)] += 1
        if value and k < len(listed[(heading, clause)]):
            chosen.append((listed[(heading, clause)][k], value))
    return chosen


def revision_targets(report: ReportDraft) -> list[tuple[str, str]]:
    """The dropdown's choices: the drafted sections by heading ("二（一）…" for a （一）), by index."""
    headings = report.outline.headings()
    choices = [(AUTO_TARGET, AUTO_TARGET)]
    for index in sorted(report.sections):
        parent = report.outline.parent_of(index)
        prefix = headings[parent].split("、", 1)[0] if parent is not None else ""
        label = prefix + headings[index] if headings[index] else f"（{report.outline.sections[index].role}）"
        choices.append((label, str(index)))
    return choices


class ReportTab:
    def __init__(
        self, shared: WebLibrary, llm: LazyLLM, drafts: SavedDrafts, *, exports_dir: Path | None = None,
        fixed_phrases: tuple[str, ...] = (),
    ) -> None:
        self.library = shared
        self.llm = llm
        self.drafts = drafts
        self.writer_phrases = fixed_phrases  # the writer's own, beyond the built-in list
        self.phrases = with_writer_phrases(fixed_phrases)
        self.exports_dir = exports_dir or Path(tempfile.gettempdir()) / "wengao-exports"

    # -- handlers (plain functions of their inputs: tests call them directly) -------------------------

    def propose(self, request: str, length: str, facts_text: str) -> tuple[Any, ...]:
        """拟定提纲: the outline proposed for the request, with each section's earlier passages."""
        view = ReportView(None)
        request = (request or "").strip()
        if not request:
            return view.note("请先写明要起草的文稿，例如：起草青川县教育局2024年工作总结，约5000字", "warn").outputs()
        if self.library.is_empty():
            return view.note(NO_REPORTS, "warn").outputs()
        try:
            outline, template = propose_outline(request, self.library.library, length=self._length(length))
        except UserError as err:
            return view.note(f"无法拟定提纲：{err}", "warn").outputs()
        outline = with_sources(outline, search=self.library.topic_search(), relevance=self.library.topic_relevance())
        report = ReportDraft(request, outline, facts_from(facts_text))
        basis = (f"提纲按文库中的《{template}》的结构拟定，各部分字数按其篇幅比例分配。" if template
                 else f"文库中没有{outline.doc_type}，提纲按{outline.doc_type}的常见结构拟定。")
        view.show(report).show_outline(outline)
        return view.note(basis + "请在下表中确认或修改，然后点“起草全文”。").outputs()

    @staticmethod
    def _length(text: str) -> int | None:
        """The total length field: None when empty (the request's length, else the genre's)."""
        text = (text or "").strip().removesuffix("字").strip()
        if not text:
            return None
        if not text.isdigit() or not MIN_LENGTH <= int(text) <= MAX_LENGTH:
            raise OutlineError(f"全文字数“{text}”应是 {MIN_LENGTH}—{MAX_LENGTH} 之间的整数；按要求中的字数请留空")
        return int(text)

    @staticmethod
    def check_outline(rows: list[list[Any]], report: ReportDraft | None) -> str:
        """The line under the table, as the writer edits it: the total, or what is wrong."""
        if report is None or not rows:
            return ""
        try:
            return outline_summary(outline_from_rows(report.outline, rows))
        except OutlineError as err:
            return note_html(f"提纲有误：{err}", "warn")

    def draft_all(self, rows: list[list[Any]], facts_text: str, report: ReportDraft | None) -> Iterator[tuple[Any, ...]]:
        """起草全文: every section in turn, streamed, saved after each. With the outline as it was and
        sections missing (a run that failed, a draft reopened), only the missing ones are drafted."""
        view = ReportView(report)
        if report is None:
            yield view.note("请先点“拟定提纲”。", "warn").outputs()
            return
        if self.library.is_empty():
            yield view.note(NO_REPORTS, "warn").outputs()
            return
        try:
            outline = outline_from_rows(report.outline, rows)
        except OutlineError as err:
            yield view.note(f"提纲有误，未起草：{err}", "warn").outputs()
            return
        missing = [i for i in outline.drafted() if i not in report.sections]
        if outline == report.outline and report.sections and missing:
            document, only = self._with_facts(report, facts_text), missing
        else:
            if any(not outline.sections[i].sources for i in outline.drafted()):  # a heading added or renamed
                outline = with_sources(outline, search=self.library.topic_search(), relevance=self.library.topic_relevance())
            document, only = ReportDraft(report.request, outline, facts_from(facts_text)), None
        document = self.drafts.save(document)  # the outline is kept even if the first section fails
        view.show(document).show_outline(document.outline)
        view.saved = self.saved_choices(document.draft_id)
        local = not self.llm.ready and self.llm.is_local
        yield view.note("正在启动本地模型…（首次启动需要几十秒）" if local else "正在检索参考材料…").outputs()
        try:
            yield from self._stream_sections(document, only)
        except UserError as err:
            yield view.note(f"起草未完成：{err}。已完成的部分已保存，可再点“起草全文”继续。", "warn").outputs()

    def _stream_sections(self, document: ReportDraft, only: list[int] | None) -> Iterator[tuple[Any, ...]]:
        """The run's updates: the progress line and the section being written as tokens arrive (the
        other outputs left alone, as the writer may be typing there), the whole view after each section."""
        events = stream_report(
            document, search=self.library.topic_search(), llm=self.llm.client(), only=only,
            writer_phrases=self.writer_phrases, relevance=self.library.topic_relevance(),
        )
        started, shown_at, streamed, line, index = time.monotonic(), 0.0, "", "", -1
        for event in events:
            update = ReportView(document)
            if isinstance(event, SectionStarted):
                streamed, index = "", event.index
                line = f"第{event.position}/{event.total}部分：{event.heading}（约{event.budget}字）"
            elif isinstance(event, Token):
                streamed += event.text
                if time.monotonic() - shown_at < STREAM_INTERVAL_S:
                    continue
                shown_at = time.monotonic()
                update.preview = report_html(document, writing=(index, streamed))
            elif isinstance(event, SectionDrafted):
                document, streamed = self.drafts.save(document.with_section(event.index, event.section)), ""
                update.show(document).saved = self.saved_choices(document.draft_id)
            elif isinstance(event, ReportDrafted):
                document = self.drafts.save(event.report)
                update.show(document)
                blanks = len(report_blanks(document))
                yield update.note(
                    f"全文起草完成：{len(document.sections)} 个部分，共 {document.chars} 字，用时 {event.total_s:.0f} 秒，已保存。"
                    + (f"还有 {blanks} 处××待填写，见右侧“待填写的数字”。" if blanks else "")
                ).outputs()
                return
            written = document.chars + len("".join(streamed.split()))
            yield update.note(f"{line} · 已用时 {time.monotonic() - started:.0f} 秒 · 已写 {written} 字").outputs()

    def _with_facts(self, report: ReportDraft, facts_text: str) -> ReportDraft:
        """The report with the facts box's facts, checked again when they changed."""
        facts = facts_from(facts_text)
        if facts == report.facts:
            return report
        return dataclasses.replace(report, facts=facts).rechecked(fixed_phrases=self.phrases)

    def fill_blanks(self, rows: list[list[Any]], facts_text: str, report: ReportDraft | None) -> tuple[Any, ...]:
        """填入数值: each value typed in the blanks table fills its ×× and becomes a fact; a value that
        is no figure is named and kept in the table, the others applied."""
        view = ReportView(report)
        if report is None or not report.sections:
            return view.note("还没有起草的文稿。", "warn").outputs()
        report = self._with_facts(report, facts_text)
        chosen = _blanks_with_values(report, rows or [])
        if not chosen:
            return view.note("请先在“填写数值”一列填入数字，再点“填入数值”。", "warn").outputs()
        # From the last blank of a section backwards: filling one leaves the numbers of those before it.
        chosen.sort(key=lambda pair: (pair[0].section, pair[0].number), reverse=True)
        problems, refused = [], []
        for blank, value in chosen:
            try:
                report = fill_blank(report, blank, value, fixed_phrases=self.phrases)
            except BlankValueError as err:
                problems.append(f"{blank.heading}“{blank.clause}”：{err}")
                refused.append((blank, value))
        # A value refused stays in its row, whose blank is now numbered less the blanks filled before it.
        filled = [blank for blank, _ in chosen if all(blank is not other for other, _ in refused)]
        kept = {}
        for blank, value in refused:
            earlier = sum(1 for other in filled if other.section == blank.section and other.number < blank.number)
            kept[(blank.section, blank.number - earlier)] = value
        report = self.drafts.save(report)
        view.show(report)
        view.blanks = blank_rows(report, kept)
        view.facts = merge_facts(facts_text, report.facts)
        view.saved = self.saved_choices(report.draft_id)
        view.done(f"已填入 {len(chosen) - len(refused)} 处数值，并加入“写作者提供的事实”；还有 {len(report_blanks(report))} 处××。")
        if problems:
            gr.Warning("未填入：" + "；".join(problems))
            view.progress += "".join(note_html(f"未填入：{problem}", "warn") for problem in problems)
        return view.outputs()

    def revise(self, instruction: str, target: str, facts_text: str, report: ReportDraft | None) -> Iterator[tuple[Any, ...]]:
        """修改: the part chosen in the dropdown, or the one the instruction names, revised; the rest kept."""
        view = ReportView(report)
        instruction = (instruction or "").strip()
        if report is None or not report.sections:
            yield view.note("还没有起草的文稿，请先起草全文。", "warn").outputs()
            return
        if not instruction:
            yield view.note("请先写明修改要求，例如：第二部分再压缩200字", "warn").outputs()
            return
        report = self._with_facts(report, facts_text)
        try:
            chosen = [int(target)] if target and target != AUTO_TARGET else sections_addressed(report, instruction)
        except SectionNotFound as err:
            yield view.note(str(err), "warn").outputs()
            return
        labels = {value: label for label, value in revision_targets(report)}
        if not all(str(i) in labels for i in chosen):  # a choice left from a draft since replaced
            yield view.note("所选部分不在当前文稿中，请重新选择。", "warn").show(report).outputs()
            return
        names = "、".join(labels[str(i)] for i in chosen)
        yield view.note(f"正在修改：{names}…").outputs()
        try:
            yield from self._stream_revision(report, instruction, chosen, names, target)
        except UserError as err:
            yield view.note(f"修改未完成：{err}", "warn").outputs()

    def _stream_revision(self, report: ReportDraft, instruction: str, chosen: list[int], names: str,
                         target: str) -> Iterator[tuple[Any, ...]]:
        started, shown_at, streamed = time.monotonic(), 0.0, ""
        for item in stream_section_revision(report, instruction, llm=self.llm.client(), fixed_phrases=self.phrases,
                                            relevance=self.library.topic_relevance(), sections=chosen):
            if isinstance(item, Token):
                streamed += item.text
                if time.monotonic() - shown_at >= STREAM_INTERVAL_S:
                    shown_at = time.monotonic()
                    written = len("".join(streamed.split()))
                    line = f"正在修改：{names} · 已用时 {time.monotonic() - started:.0f} 秒 · 已写 {written} 字"
                    yield ReportView(report).note(line).outputs()
                continue
            revised = self.drafts.save(item)
            view = ReportView(revised).show(revised, target=target or AUTO_TARGET)
            view.saved = self.saved_choices(revised.draft_id)
            before, after = (sum(r.sections[i].chars for i in chosen) for r in (report, revised))
            yield view.done(f"已修改：{names}（{before} 字 → {after} 字），已保存。").outputs()

    def export(self, report: ReportDraft | None, sources_appendix: bool) -> str | None:
        """导出 Word: the document as .docx, named after its title; returns its path for download."""
        if report is None or not report.sections:
            gr.Warning("还没有起草的文稿可以导出。")
            return None
        try:
            name = safe_file_name(f"{report.outline.title}.docx")
        except UnsafeFileName:
            name = "文稿.docx"
        return str(write_report(report, self.exports_dir / uuid.uuid4().hex / name, sources_appendix=sources_appendix))

    def saved_choices(self, selected: str | None = None) -> dict[str, Any]:
        """The saved drafts dropdown, the latest first; `selected`, the draft on screen (None: the
        writer's choice is kept)."""
        choices = [(info.label, info.draft_id) for info in self.drafts.list()]
        return gr.update(choices=choices) if selected is None else gr.update(choices=choices, value=selected)

    def open_saved(self, draft_id: str | None) -> tuple[Any, ...]:
        """打开: a saved draft back in every box of the tab."""
        view = ReportView(None)
        if not draft_id:
            return view.note("请先在列表中选择一份已保存的文稿。", "warn").outputs()
        try:
            report = self.drafts.load(draft_id)
        except SavedDraftError as err:
            return view.note(str(err), "warn").outputs()
        view.show(report).show_outline(report.outline)
        view.request, view.facts = report.request, "\n".join(report.facts)
        view.saved = self.saved_choices(report.draft_id)
        drafted, total = len(report.sections), len(report.outline.drafted())
        more = "" if drafted == total else "点“起草全文”可继续起草其余部分。"
        return view.note(f"已打开《{report.outline.title}》：已起草 {drafted}/{total} 部分。{more}").outputs()

    # -- layout ------------------------------------------------------------------------------------

    def render(self) -> dict[str, Any]:
        """Build the tab's components inside the current gr.Tab; returns the saved-drafts dropdown, for
        the workbench to refresh when the tab is opened."""
        parts: dict[str, Any] = {"report": gr.State(None)}
        with gr.Accordion("已保存的文稿（每起草完一部分自动保存，刷新页面后可从这里继续）", open=True), gr.Row():
            # The label is not shown, but a screen reader reads it.
            saved = gr.Dropdown([], label="已保存的文稿", show_label=False, container=False, scale=5, elem_id="report-saved")
            open_saved = gr.Button("打开", scale=1, min_width=80, elem_id="report-open")
        with gr.Row(equal_height=False):
            parts["request"] = gr.Textbox(label="起草要求", placeholder="起草青川县教育局2024年工作总结，约5000字",
                                          scale=5, elem_id="report-request")
            length = gr.Textbox(label="全文字数（可不填）", placeholder="按要求，如 5000", scale=1, min_width=120,
                                elem_id="report-length")
        with gr.Accordion("写作者提供的事实（稿件中的数字只能来自这里）", open=True):
            parts["facts"] = gr.Textbox(label="每行一条", lines=3, placeholder="例如：2024年全县新招聘教师85人",
                                        elem_id="report-facts")
            facts_upload = gr.UploadButton("导入事实表（.txt/.csv/.xlsx）", file_types=list(FACTS_SUFFIXES), size="sm")
        propose = gr.Button("拟定提纲", variant="primary", elem_id="report-propose")
        with gr.Accordion("提纲", open=True):
            gr.HTML(hint_html(OUTLINE_HINT))
            parts["outline"] = gr.Dataframe(
                headers=OUTLINE_HEADERS, datatype=["number", "number", "str", "number", "str"], type="array",
                interactive=True, static_columns=[4], wrap=True, value=[],
                column_widths=["7%", "7%", "30%", "8%", "48%"], elem_id="report-outline",
            )
            parts["total"] = gr.HTML(elem_id="report-total")
            draft = gr.Button("起草全文", variant="primary", elem_id="report-draft")
        # Above the preview, where the writer looks while the document is written.
        parts["progress"] = gr.HTML(elem_id="report-progress")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                parts["preview"] = gr.HTML(elem_id="report-preview")
            with gr.Column(scale=2):
                actions = self._render_actions(parts)
        parts["saved"] = saved
        outputs = [parts[name] for name in OUTPUTS]
        report, facts = parts["report"], parts["facts"]
        buttons = [open_saved, propose, draft, actions["fill"], actions["revise"]]

        def one_at_a_time(button: gr.Button, handler: Any, inputs: list[Any], **queue: Any) -> None:
            """Run `handler` with the buttons that change the document disabled: a click meanwhile would
            work on the document as it was before this run, and its save would undo this run's."""
            button.click(lambda: [gr.update(interactive=False)] * len(buttons), None, buttons, queue=False).then(
                handler, inputs, outputs, **queue,
            ).then(lambda: [gr.update(interactive=True)] * len(buttons), None, buttons, queue=False)

        model = {"concurrency_limit": 1, "concurrency_id": "llm"}  # one model: its calls run one at a time
        one_at_a_time(open_saved, self.open_saved, [saved])
        one_at_a_time(propose, self.propose, [parts["request"], length, facts])
        one_at_a_time(draft, self.draft_all, [parts["outline"], facts, report], **model)
        one_at_a_time(actions["fill"], self.fill_blanks, [parts["blanks"], facts, report])
        one_at_a_time(actions["revise"], self.revise, [actions["instruction"], parts["targets"], facts, report], **model)
        parts["outline"].change(self.check_outline, [parts["outline"], report], [parts["total"]])
        actions["export"].click(self.export, [report, actions["appendix"]], [actions["exported"]])
        facts_upload.upload(import_facts, [facts_upload, facts], [facts])
        return {"saved": saved}

    @staticmethod
    def _render_actions(parts: dict[str, Any]) -> dict[str, Any]:
        """The column beside the preview: the blanks, a revision, the export."""
        actions: dict[str, Any] = {}
        with gr.Accordion("待填写的数字", open=True):
            parts["blanks"] = gr.Dataframe(
                headers=BLANK_HEADERS, datatype="str", type="array", interactive=True, static_columns=[0, 1, 2],
                wrap=True, value=[], column_widths=["24%", "30%", "26%", "20%"], elem_id="report-blanks",
            )
            actions["fill"] = gr.Button("填入数值", elem_id="report-fill")
        with gr.Accordion("修改某一部分", open=True):
            actions["instruction"] = gr.Textbox(
                label="修改要求", placeholder="如：第二部分再压缩200字；开头写得更简洁些", elem_id="report-instruction",
            )
            parts["targets"] = gr.Dropdown([(AUTO_TARGET, AUTO_TARGET)], value=AUTO_TARGET, label="修改哪一部分",
                                           elem_id="report-target")
            actions["revise"] = gr.Button("修改", elem_id="report-revise")
        with gr.Accordion("导出 Word", open=True):
            actions["appendix"] = gr.Checkbox(label="附各段参考材料表", value=False, elem_id="report-appendix")
            actions["export"] = gr.Button("导出 Word", elem_id="report-export")
            actions["exported"] = gr.File(label="Word 文档", interactive=False, height=80, elem_id="report-docx")
        return actions
