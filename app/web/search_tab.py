"""The 检索 tab: search earlier reports with filters; hits with the query's words marked and their
scores; any hit opens its whole document at the passage."""

from __future__ import annotations

import dataclasses
from typing import Any

import gradio as gr

from app.web.forms import FormError, filters_from
from app.web.library import WebLibrary
from app.web.rendering import document_html, hits_html, note_html

# Scrolls the opened document to the passage once the HTML is in the page.
_SCROLL_TO_FOCUS = """() => { setTimeout(() => {
  const el = document.querySelector('#search-document #wg-focus');
  if (el) el.scrollIntoView({block: 'center'}); }, 200); }"""


class SearchTab:
    def __init__(self, library: WebLibrary) -> None:
        self.library = library

    def search(self, query: str, k: float, year_from, year_to, regions, doc_types) -> tuple[str, Any, list]:
        """(results html, the open-document dropdown update, hits state)."""
        query = (query or "").strip()
        if not query:
            gr.Warning("请输入要检索的内容。")
            return note_html("请输入要检索的内容。"), gr.update(choices=[], value=None), []
        if self.library.is_empty():
            return note_html("文库中还没有报告：请先到“文库”页载入示例文库或上传报告。", "warn"), gr.update(choices=[], value=None), []
        try:
            filters = filters_from(year_from, year_to, regions)
        except FormError as err:
            gr.Warning(str(err))
            return note_html(str(err), "warn"), gr.update(choices=[], value=None), []
        filters = dataclasses.replace(filters, doc_types=tuple(doc_types or ()))
        results = self.library.search(query, k=int(k), filters=filters)
        hits = results.hits
        words = self.library.query_words(results.plan.keyword_query)
        choices = [
            (f"{rank}. 《{hit.metadata.get('title') or hit.metadata.get('source')}》 {hit.metadata.get('heading_path') or ''}",
             str(rank - 1))
            for rank, hit in enumerate(hits, start=1)
        ]
        opened = [(str(h.metadata.get("doc_id", "")), h.chunk_id) for h in hits]
        summary = results.plan.summary()
        understood = note_html(f"理解为：{summary}") if summary and hits else ""
        reasons = [results.plan.why(hit) for hit in hits]
        return understood + hits_html(hits, words, reasons), gr.update(choices=choices, value=None), [*opened, query]

    def open_document(self, choice: str | None, state: list) -> str:
        """The whole document of the chosen hit, the passage marked (state: [(doc_id, chunk_id)..., query])."""
        if choice is None or not state:
            return ""
        *opened, query = state
        doc_id, chunk_id = opened[int(choice)]
        view = self.library.document_view(doc_id, chunk_id)
        if view is None:
            return note_html("该文档已从文库中删除。", "warn")
        return document_html(view, self.library.query_words(query))

    def render(self) -> dict[str, Any]:
        hits_state = gr.State([])
        with gr.Row():
            query = gr.Textbox(label="检索内容", placeholder="例如：控辍保学 劝返复学", scale=5, elem_id="search-query")
            go = gr.Button("检索", variant="primary", scale=1, min_width=80, elem_id="search-go")
        with gr.Row():
            k = gr.Slider(1, 30, value=10, step=1, label="结果数量")
            # Text boxes, not gr.Number: Gradio's number box shows 0 when empty, whatever its placeholder.
            year_from = gr.Textbox(label="起始年份（可不填）", placeholder="不限，如 2020")
            year_to = gr.Textbox(label="截止年份（可不填）", placeholder="不限，如 2024")
            regions = gr.Dropdown(self.library.regions(), multiselect=True, label="地区")
            doc_types = gr.Dropdown(self.library.doc_types(), multiselect=True, label="文稿类型")
        with gr.Row(equal_height=False):
            with gr.Column(scale=1):
                results = gr.HTML(elem_id="search-results")
            with gr.Column(scale=1):
                pick = gr.Dropdown([], label="查看原文（选择一条结果，打开整篇文档并定位到该段）", elem_id="search-open")
                document = gr.HTML(elem_id="search-document")
        inputs = [query, k, year_from, year_to, regions, doc_types]
        for trigger in (go.click, query.submit):
            trigger(self.search, inputs, [results, pick, hits_state])
        pick.change(self.open_document, [pick, hits_state], [document]).then(None, None, None, js=_SCROLL_TO_FOCUS)
        return {"regions": regions, "doc_types": doc_types}
