"""The 起草 tab: a chat where each turn drafts a section or revises the draft on screen.

A turn is a new request or a revision (app.draft_revision.is_revision); tokens stream into the chat,
then the verified draft replaces them, with the cited passages (the parts used highlighted) and the
checks beside it. The LLM starts on the first draft and is kept (app.web_llm.LazyLLM).
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
from vectorstore.library import LibraryBusy
from vectorstore.search_filters import SearchFilters

from app.docx_export import write_docx
from app.draft_revision import is_revision, stream_revision
from app.drafting import DraftOptions, DraftResult, NoPassagesError, Outline, Retrieved, Token, Verified, stream_draft
from app.drafting_request import SECTION_ROLES, parse_drafting_request
from app.llm_client import LLMError
from app.local_llm import LocalLLMError
from app.model_fetch import ModelFetchError
from app.upload_names import UnsafeFileName, safe_file_name
from app.web_html import checks_html, citations_html, note_html
from app.web_library import WebLibrary
from app.web_llm import LazyLLM

AUTO_SECTION = "自动（按请求判断）"
SECTION_CHOICES = [AUTO_SECTION, *(role for role in SECTION_ROLES if role != "其他")]
AUTO_LENGTH = "按请求（默认400字）"
LENGTH_CHOICES = [AUTO_LENGTH, "200", "300", "400", "600", "800", "1000", "1500"]
# Gradio re-renders the chat on every yield; a few updates a second read as streaming and cost little.
STREAM_INTERVAL_S = 0.15
DRAFTING_ERRORS = (LLMError, LocalLLMError, ModelFetchError, NoPassagesError, LibraryBusy, ValueError)


@dataclass(frozen=True)
class DraftSession:
    """One writer's drafting state (kept in gr.State): the draft on screen and what it came from."""

    request: str = ""  # the request the current draft started from
    result: DraftResult | None = None
    section_type: str = "正文"
    facts: tuple[str, ...] = ()
    last_message: str = ""
    last_was_revision: bool = False
    before: DraftResult | None = None  # the draft the last turn revised (for 重新生成)
    history_before: list[dict[str, Any]] = field(default_factory=list)


def facts_from(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def filters_from(year_from: float | None, year_to: float | None, regions: list[str] | None) -> SearchFilters:
    """A search filter from the form; an empty year range raises ValueError with a Chinese message."""
    low = int(year_from) if year_from else None
    high = int(year_to) if year_to else None
    if low is not None and high is not None and low > high:
        raise ValueError(f"年份范围有误：起始年份 {low} 晚于截止年份 {high}")
    return SearchFilters(year_min=low, year_max=high, regions=tuple(regions or ()))


def options_from(section: str | None, length: str | None, facts: tuple[str, ...], filters: SearchFilters) -> DraftOptions:
    return DraftOptions(
        section_type=None if not section or section == AUTO_SECTION else section,
        length=None if not length or length == AUTO_LENGTH else int(length),
        facts=facts,
        filters=filters,
    )


def checks_summary(result: DraftResult) -> str:
    """One line under the draft in the chat; the details are in the 核验 panel."""
    parts = []
    if result.unsupported_numbers:
        parts.append(f"{len(result.unsupported_numbers)} 处无出处数字已替换为××")
    if result.removed_citations:
        parts.append(f"删除 {len(result.removed_citations)} 处无效引用")
    if result.foreign_names:
        parts.append(f"{len(result.foreign_names)} 处他单位名称")
    if result.colloquial:
        parts.append(f"{len(result.colloquial)} 处口语化表达")
    if result.copied_spans:
        parts.append(f"{len(result.copied_spans)} 处与原文雷同")
    return "核验：" + ("；".join(parts) if parts else "未发现问题") + "（详见右侧“核验结果”）"


class DraftTab:
    def __init__(self, library: WebLibrary, llm: LazyLLM, *, exports_dir: Path | None = None) -> None:
        self.library = library
        self.llm = llm
        self.exports_dir = exports_dir or Path(tempfile.gettempdir()) / "wengao-exports"

    # -- handlers (plain functions of their inputs: tests call them directly) -------------------------

    def respond(
        self,
        message: str,
        history: list[dict[str, Any]],
        session: DraftSession,
        section: str,
        length: str,
        year_from: float | None,
        year_to: float | None,
        regions: list[str] | None,
        facts_text: str,
        *,
        force_revision: bool | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Yields (history, session, draft text, sources html, checks html, input box)."""
        message = (message or "").strip()
        history = list(history or [])
        session = session or DraftSession()
        draft_text = session.result.draft if session.result else ""
        sources = citations_html(session.result) if session.result else ""
        checks = checks_html(session.result) if session.result else ""
        if not message:
            gr.Warning("请先输入起草要求，例如：起草“主要做法及成效”中关于教师队伍建设的一段，约400字")
            yield list(history), session, draft_text, sources, checks, ""
            return
        if self.library.is_empty():
            history += [{"role": "user", "content": message},
                        {"role": "assistant", "content": "文库中还没有报告，无法检索参考材料。请先到“文库”页载入示例文库或上传往年报告。"}]
            yield list(history), session, draft_text, sources, checks, ""
            return

        revising = is_revision(message, has_draft=session.result is not None) if force_revision is None else force_revision
        before_turn = list(history)
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": "正在检索参考材料…"}]
        yield list(history), session, draft_text, sources, checks, ""
        try:
            facts = facts_from(facts_text)
            options = options_from(section, length, facts, filters_from(year_from, year_to, regions))
            if not self.llm.ready:
                history[-1] = {"role": "assistant", "content": "正在启动本地模型…（首次启动需要几十秒，之后会快很多）"
                               if self.llm.is_local else "正在连接模型服务…"}
                yield list(history), session, draft_text, sources, checks, ""
            llm = self.llm.client()
            if revising:
                assert session.result is not None
                events = stream_revision(
                    session.result, message, llm=llm, section_type=session.section_type,
                    facts=facts or session.facts, own_texts=[session.request],
                )
            else:
                events = stream_draft(message, search=self.library.topic_search(), llm=llm, options=options)
            streamed, last_yield = "", 0.0
            for event in events:
                if isinstance(event, Retrieved):
                    history[-1] = {"role": "assistant", "content": f"已找到 {len(event.passages)} 段参考材料，正在起草…"}
                    sources = self._retrieved_html(event)
                    yield list(history), session, draft_text, sources, checks, ""
                elif isinstance(event, Outline):
                    outline = "；".join(point.title for point in event.points)
                    history[-1] = {"role": "assistant", "content": f"提纲：{outline}\n\n"}
                    yield list(history), session, draft_text, sources, checks, ""
                elif isinstance(event, Token):
                    streamed += event.text
                    if time.monotonic() - last_yield >= STREAM_INTERVAL_S:
                        history[-1] = {"role": "assistant", "content": streamed}
                        last_yield = time.monotonic()
                        yield list(history), session, draft_text, sources, checks, ""
                elif isinstance(event, Verified):
                    result = event.result
                    if revising:
                        session = dataclasses.replace(session, result=result, before=session.result)
                    else:
                        parsed = parse_drafting_request(message)
                        session = DraftSession(
                            request=message, result=result,
                            section_type=options.section_type or parsed.section_role or "正文",
                            facts=facts, before=session.result,
                        )
                    session = dataclasses.replace(
                        session, last_message=message, last_was_revision=revising, history_before=before_turn
                    )
                    history[-1] = {"role": "assistant", "content": f"{result.draft}\n\n—— {checks_summary(result)}"}
                    yield list(history), session, result.draft, citations_html(result), checks_html(result), ""
        except DRAFTING_ERRORS as err:
            history[-1] = {"role": "assistant", "content": f"✗ 起草未完成：{err}"}
            gr.Warning(f"起草未完成：{err}")
            yield list(history), session, draft_text, sources, checks, message

    @staticmethod
    def _retrieved_html(event: Retrieved) -> str:
        items = "".join(
            f"<li>[{p.n}] 《{p.title or p.source}》 {p.year or ''} {p.heading_path}</li>" for p in event.passages
        )
        return note_html(f"检索词：{event.query}") + f'<ul class="wg-retrieved">{items}</ul>'

    def regenerate(self, history, session, section, length, year_from, year_to, regions, facts_text):
        """Run the last turn again from the state before it."""
        session = session or DraftSession()
        if not session.last_message:
            gr.Warning("还没有可以重新生成的稿件。")
            yield list(history), session, "", "", "", ""
            return
        restored = dataclasses.replace(session, result=session.before) if session.last_was_revision else DraftSession()
        yield from self.respond(
            session.last_message, session.history_before, restored, section, length, year_from, year_to, regions,
            facts_text, force_revision=session.last_was_revision,
        )

    def export(self, session: DraftSession, title: str, keep_citations: bool) -> str | None:
        """Write the current draft as .docx; returns its path for download."""
        if session is None or session.result is None:
            gr.Warning("还没有稿件可以导出，请先起草。")
            return None
        title = (title or "").strip() or self.default_title(session)
        try:
            name = safe_file_name(f"{title}.docx")
        except UnsafeFileName:
            name = "文稿.docx"
        path = self.exports_dir / uuid.uuid4().hex / name
        write_docx(path, title=title, draft=session.result.draft, keep_citations=keep_citations,
                   citations=session.result.citations)
        return str(path)

    @staticmethod
    def default_title(session: DraftSession) -> str:
        topic = parse_drafting_request(session.request).query if session.request else ""
        topic = re.sub(r"\s+", "", topic)[:30]
        return f"关于{topic}的{session.section_type}" if topic else session.section_type

    def library_notice(self) -> str:
        if self.library.is_empty():
            return note_html("文库中还没有报告。请到“文库”页点击“载入示例文库”（8 篇虚构的示例报告），或上传自己的往年报告，再回来起草。", "warn")
        docs = self.library.documents()
        return note_html(f"文库中有 {len(docs)} 篇报告、{sum(d.n_chunks for d in docs)} 个段落可供参考。")

    # -- layout ------------------------------------------------------------------------------------

    def render(self) -> dict[str, Any]:
        """Build the tab's components inside the current gr.Tab; returns those other tabs update."""
        session = gr.State(DraftSession())
        notice = gr.HTML(self.library_notice())
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    label="起草对话", height=520, buttons=["copy"], elem_id="draft-chat",
                    placeholder="输入起草要求，例如：起草“主要做法及成效”中关于控辍保学工作的一段，约400字。"
                    "稿件出来后可以继续提修改要求：“再正式一些”“压缩到300字”“补充一是二是三是”。",
                )
                with gr.Row():
                    box = gr.Textbox(
                        show_label=False, placeholder="起草要求或修改要求，按回车发送", scale=5, elem_id="draft-input",
                        lines=1, max_lines=4,
                    )
                    send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="draft-send")
                with gr.Accordion("起草选项", open=True):
                    with gr.Row():
                        section = gr.Dropdown(SECTION_CHOICES, value=AUTO_SECTION, label="文稿部分", elem_id="draft-section")
                        length = gr.Dropdown(LENGTH_CHOICES, value=AUTO_LENGTH, label="篇幅（字）", elem_id="draft-length")
                    with gr.Row():
                        year_from = gr.Number(label="参考材料起始年份（0 为不限）", precision=0, value=None)
                        year_to = gr.Number(label="参考材料截止年份（0 为不限）", precision=0, value=None)
                        regions = gr.Dropdown(self.library.regions(), multiselect=True, label="参考材料地区（不选为全部）")
                    facts = gr.Textbox(
                        label="写作者提供的事实（每行一条，稿件中的数字只能来自这里或引用的材料）", lines=3,
                        placeholder="例如：2024年全县劝返复学学生36人", elem_id="draft-facts",
                    )
            with gr.Column(scale=2):
                draft = gr.Textbox(label="核验后的稿件", lines=10, max_lines=24, buttons=["copy"], interactive=False,
                                   elem_id="draft-text")
                with gr.Row():
                    regenerate = gr.Button("重新生成", elem_id="draft-regenerate")
                    copy = gr.Button("复制稿件", elem_id="draft-copy")
                with gr.Accordion("导出 Word", open=True):
                    title = gr.Textbox(label="标题（不填则按起草要求生成）", elem_id="export-title")
                    keep = gr.Checkbox(label="保留引用标注 [n] 并在文末附参考材料（公文正式稿通常不保留）", value=False)
                    export = gr.Button("导出 .docx", elem_id="draft-export")
                    exported = gr.File(label="Word 文档", interactive=False, elem_id="draft-docx")
                with gr.Accordion("引用的材料", open=True):
                    sources = gr.HTML(elem_id="draft-sources")
                with gr.Accordion("核验结果", open=True):
                    checks = gr.HTML(elem_id="draft-checks")

        inputs = [box, chat, session, section, length, year_from, year_to, regions, facts]
        outputs = [chat, session, draft, sources, checks, box]
        for trigger in (send.click, box.submit):
            trigger(self.respond, inputs, outputs, concurrency_limit=1, concurrency_id="llm")
        regenerate.click(self.regenerate, inputs[1:], outputs, concurrency_limit=1, concurrency_id="llm")
        copy.click(None, [draft], None, js="(text) => { navigator.clipboard.writeText(text || ''); }")
        copy.click(lambda: gr.Info("已复制到剪贴板"), None, None)
        export.click(self.export, [session, title, keep], [exported])
        return {"notice": notice, "regions": regions}
