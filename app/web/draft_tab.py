"""The 起草 tab: a chat where each turn drafts a section or revises the draft on screen.

A turn is a new request or a revision (app.drafting.revision.is_revision); tokens stream into the chat,
then the verified draft replaces them, with the cited passages (the parts used highlighted) and the
checks beside it. The LLM starts on the first draft and is kept (app.llm.lazy.LazyLLM).

A turn moves the tab's outputs through a few states (asked → retrieving → streaming → verified, or
failed); `DraftView` holds them by name and hands Gradio the tuple in the order `render` wires them.
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

from app.checks.numbers import with_writer_phrases
from app.drafting.events import DraftEvent, Outline, Retrieved, Token, Verified
from app.drafting.facts import FACTS_SUFFIXES
from app.drafting.pipeline import stream_draft
from app.drafting.request import DraftOptions, parse_drafting_request, section_type_for
from app.drafting.result import DraftResult
from app.drafting.revision import is_revision, stream_revision
from app.errors import UserError
from app.export.word import write_docx
from app.llm.chat_model import ChatModel
from app.llm.lazy import LazyLLM
from app.web.forms import (
    AUTO_LENGTH,
    AUTO_SECTION,
    LENGTH_CHOICES,
    NO_REPORTS,
    SECTION_CHOICES,
    STREAM_INTERVAL_S,
    facts_from,
    filters_from,
    import_facts,
    options_from,
)
from app.web.library import WebLibrary
from app.web.rendering import checks_html, citations_html, note_html, retrieved_html
from app.web.uploads import UnsafeFileName, safe_file_name


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


@dataclass
class DraftView:
    """The tab's outputs by name, as one turn changes them."""

    history: list[dict[str, Any]]
    session: DraftSession
    draft: str = ""
    sources: str = ""
    checks: str = ""
    box: str = ""  # what the input box keeps: empty, or the message of a turn that failed

    @classmethod
    def showing(cls, history: list[dict[str, Any]] | None, session: DraftSession | None) -> DraftView:
        """The outputs as they stand: the session's draft, its sources and checks."""
        session = session or DraftSession()
        result = session.result
        if result is None:
            return cls(list(history or []), session)
        return cls(list(history or []), session, result.draft, citations_html(result), checks_html(result))

    def outputs(self) -> tuple[Any, ...]:
        """(history, session, draft text, sources html, checks html, input box): `render`'s outputs."""
        return list(self.history), self.session, self.draft, self.sources, self.checks, self.box

    def ask(self, message: str, reply: str) -> None:
        self.history += [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]

    def say(self, reply: str) -> None:
        """Replace the assistant's message of this turn."""
        self.history[-1] = {"role": "assistant", "content": reply}

    def show(self, result: DraftResult) -> None:
        self.draft, self.sources, self.checks = result.draft, citations_html(result), checks_html(result)
        self.say(f"{result.draft}\n\n—— {checks_summary(result)}")


@dataclass(frozen=True)
class Turn:
    """One message of the writer and how it is to be served."""

    message: str
    revising: bool
    options: DraftOptions
    facts: tuple[str, ...]
    history_before: list[dict[str, Any]]


class _Throttle:
    """The text streamed so far, and whether enough time has passed to show it again."""

    def __init__(self) -> None:
        self.text = ""
        self._shown_at = 0.0

    def add(self, piece: str) -> bool:
        self.text += piece
        if time.monotonic() - self._shown_at < STREAM_INTERVAL_S:
            return False
        self._shown_at = time.monotonic()
        return True


def checks_summary(result: DraftResult) -> str:
    """One line under the draft in the chat; the details are in the 核验 panel."""
    return result.checks.summary() + "（详见右侧“核验结果”）"


class DraftTab:
    def __init__(
        self, library: WebLibrary, llm: LazyLLM, *, exports_dir: Path | None = None, fixed_phrases: tuple[str, ...] = ()
    ) -> None:
        self.library = library
        self.fixed_phrases = fixed_phrases  # the writer's own, beyond the built-in list
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
        year_from: str | None,
        year_to: str | None,
        regions: list[str] | None,
        facts_text: str,
        *,
        force_revision: bool | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Yields the outputs (DraftView.outputs) as the turn goes."""
        message = (message or "").strip()
        view = DraftView.showing(history, session)
        if not message:
            gr.Warning("请先输入起草要求，例如：起草“主要做法及成效”中关于教师队伍建设的一段，约400字")
            yield view.outputs()
            return
        if self.library.is_empty():
            view.ask(message, NO_REPORTS)
            yield view.outputs()
            return
        has_draft = view.session.result is not None
        revising = is_revision(message, has_draft=has_draft) if force_revision is None else force_revision
        before = list(view.history)
        view.ask(message, "正在检索参考材料…")
        yield view.outputs()
        try:
            facts = facts_from(facts_text)
            options = options_from(section, length, facts, filters_from(year_from, year_to, regions))
            yield from self._serve(Turn(message, revising, options, facts, before), view)
        except UserError as err:
            view.say(f"✗ 起草未完成：{err}")
            view.box = message
            gr.Warning(f"起草未完成：{err}")
            yield view.outputs()

    def _serve(self, turn: Turn, view: DraftView) -> Iterator[tuple[Any, ...]]:
        if not self.llm.ready:
            view.say("正在启动本地模型…（首次启动需要几十秒，之后会快很多）" if self.llm.is_local else "正在连接模型服务…")
            yield view.outputs()
        streamed = _Throttle()
        for event in self._events(turn, view.session, self.llm.client()):
            if isinstance(event, Retrieved):
                view.say(f"已找到 {len(event.passages)} 段参考材料，正在起草…")
                view.sources = retrieved_html(event.query, event.passages)
            elif isinstance(event, Outline):
                view.say("提纲：" + "；".join(point.title for point in event.points) + "\n\n")
            elif isinstance(event, Token):
                if not streamed.add(event.text):
                    continue
                view.say(streamed.text)
            elif isinstance(event, Verified):
                view.session = self._after(turn, view.session, event.result)
                view.show(event.result)
            yield view.outputs()

    def _events(self, turn: Turn, session: DraftSession, llm: ChatModel) -> Iterator[DraftEvent]:
        if turn.revising:
            assert session.result is not None
            return stream_revision(
                session.result, turn.message, llm=llm, section_type=session.section_type,
                facts=turn.facts or session.facts, own_texts=[session.request],
                fixed_phrases=with_writer_phrases(self.fixed_phrases), relevance=self.library.topic_relevance(),
                topic=parse_drafting_request(session.request).query,
            )
        options = dataclasses.replace(turn.options, fixed_phrases=self.fixed_phrases)
        return stream_draft(
            turn.message, search=self.library.topic_search(), llm=llm, options=options,
            relevance=self.library.topic_relevance(),
        )

    @staticmethod
    def _after(turn: Turn, session: DraftSession, result: DraftResult) -> DraftSession:
        """The session once the turn's draft is verified."""
        if turn.revising:
            session = dataclasses.replace(session, result=result, before=session.result)
        else:
            section_type = section_type_for(parse_drafting_request(turn.message), turn.options)
            session = DraftSession(
                request=turn.message, result=result, section_type=section_type, facts=turn.facts, before=session.result
            )
        return dataclasses.replace(
            session, last_message=turn.message, last_was_revision=turn.revising, history_before=turn.history_before
        )

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
                    # The label is not shown, but a screen reader reads it (Gradio's default is "Textbox").
                    box = gr.Textbox(
                        label="起草要求", show_label=False, placeholder="起草要求或修改要求，按回车发送", scale=5,
                        elem_id="draft-input",
                        lines=1, max_lines=4,
                    )
                    send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="draft-send")
                with gr.Accordion("起草选项", open=True):
                    with gr.Row():
                        section = gr.Dropdown(SECTION_CHOICES, value=AUTO_SECTION, label="文稿部分", elem_id="draft-section")
                        length = gr.Dropdown(LENGTH_CHOICES, value=AUTO_LENGTH, label="篇幅（字）", elem_id="draft-length")
                    with gr.Row():
                        # Text boxes, as the 检索 tab's: Gradio's number box shows 0 when empty.
                        year_from = gr.Textbox(label="参考材料起始年份（可不填）", placeholder="不限，如 2020")
                        year_to = gr.Textbox(label="参考材料截止年份（可不填）", placeholder="不限，如 2024")
                        regions = gr.Dropdown(self.library.regions(), multiselect=True, label="参考材料地区（不选为全部）")
                    facts = gr.Textbox(
                        label="写作者提供的事实（每行一条，稿件中的数字只能来自这里或引用的材料）", lines=3,
                        placeholder="例如：2024年全县劝返复学学生36人", elem_id="draft-facts",
                    )
                    facts_upload = gr.UploadButton(
                        "导入事实表（.txt/.csv/.xlsx）", file_types=list(FACTS_SUFFIXES), size="sm",
                        elem_id="draft-facts-upload",
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
        facts_upload.upload(import_facts, [facts_upload, facts], [facts])
        return {"notice": notice, "regions": regions}
