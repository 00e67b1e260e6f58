"""HTML fragments of the web app: hits, cited passages, verification findings, a whole document, a
document being drafted.

Every piece of text is escaped before it is marked: report text and model output are data, never markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from app.checks.numbers import BLANK
from app.drafting.passages import Passage
from app.drafting.result import DraftResult
from app.export.word import strip_citations
from app.library import year_label
from app.report.document import ReportDraft
from app.web.library import DocumentView
from app.web.passage_usage import paragraphs_citing, used_spans
from vectorstore.highlight import highlight_spans, hit_spans, mark_spans
from vectorstore.hybrid_search import SearchHit


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, each span wrapped in <mark>."""
    return mark_spans(text, spans, before="<mark>", after="</mark>", escape=html.escape)


def note_html(text: str, kind: str = "info") -> str:
    return f'<div class="wg-note wg-{kind}">{html.escape(text)}</div>'


def hint_html(text: str) -> str:
    """A line of help in small grey type."""
    return f'<div class="wg-hint">{html.escape(text)}</div>'


def hits_html(hits: Sequence[SearchHit], words: Sequence[str], reasons: Sequence[Sequence[str]]) -> str:
    """The hits as cards; `reasons[i]`, why hit i ranks where it does (app.search.plan.SearchPlan.why)."""
    if not hits:
        return note_html("没有找到相关段落。可以换个说法，或放宽年份、地区等筛选条件。")
    cards = []
    for rank, hit in enumerate(hits, start=1):
        meta = hit.metadata
        why = reasons[rank - 1]
        cards.append(
            '<div class="wg-card">'
            f'<div class="wg-meta"><b>{rank}.</b> 《{html.escape(str(meta.get("title") or meta.get("source")))}》'
            f' · {year_label(meta.get("year"))} · {html.escape(str(meta.get("heading_path") or "（开头）"))}'
            f' <span class="wg-score">相关度 {hit.score:.3f}</span></div>'
            + (f'<div class="wg-why">↑ {html.escape("；".join(why))}</div>' if why else "")
            + f'<div class="wg-text">{marked(hit.text, hit_spans(hit.text, words, hit.bonuses))}</div>'
            f'<div class="wg-source">文件：{html.escape(str(meta.get("source")))}</div>'
            "</div>"
        )
    return "".join(cards)


def retrieved_html(query: str, passages: Sequence[Passage]) -> str:
    """The passages a draft is being written from, while it is written."""
    items = "".join(
        f"<li>[{p.n}] 《{html.escape(p.title or p.source)}》 {p.year or ''} {html.escape(p.heading_path)}</li>"
        for p in passages
    )
    return note_html(f"检索词：{query}") + f'<ul class="wg-retrieved">{items}</ul>'


def citations_html(result: DraftResult) -> str:
    """The passages the draft cites, the parts it used highlighted."""
    if not result.citations:
        return note_html("稿件没有有效引用。", "warn")
    cards = []
    for citation in result.citations:
        n, text = citation["n"], citation["text"]
        spans = used_spans(text, paragraphs_citing(result.draft, n))
        cards.append(
            '<div class="wg-card">'
            f'<div class="wg-meta"><b>[{n}]</b> 《{html.escape(str(citation["title"] or citation["source"]))}》'
            f' · {year_label(citation["year"])} · {html.escape(citation["heading_path"] or "（开头）")}</div>'
            f'<div class="wg-text">{marked(text, spans)}</div>'
            f'<div class="wg-source">文件：{html.escape(citation["source"])}</div>'
            "</div>"
        )
    return '<div class="wg-hint">高亮部分为稿件用到的原文。</div>' + "".join(cards)


def checks_html(result: DraftResult) -> str:
    """The verification findings, plainly: what was changed in the draft and what the writer should fix."""
    items = "".join(
        f'<li class="wg-{finding.kind}"><span>{html.escape(f"{finding.title}：{len(finding.items)}")}</span>'
        + "".join(f'<div class="wg-items">{html.escape(item)}</div>' for item in finding.items)
        + "</li>"
        for finding in result.checks.findings()
    )
    footer = f"含有效引用的段落占比 {result.checks.paragraphs_with_valid_citation:.0%}"
    timing = result.timings.get("draft_s")
    footer += f"；用时 {timing:.1f} 秒" if timing is not None else ""
    return f'<ul class="wg-checks">{items}</ul><div class="wg-hint">{html.escape(footer)}</div>'


def document_html(view: DocumentView, words: Sequence[str]) -> str:
    """The whole document, heading paths as they change, the focused passage marked and scrolled to."""
    info = view.info
    parts = [
        f'<div class="wg-doc-title">《{html.escape(info.title or info.source)}》</div>'
        f'<div class="wg-meta">{year_label(info.year)} · {html.escape(info.region or "地区不详")} · '
        f'{html.escape(info.doc_type or "类型不详")} · {info.n_chunks} 段 · 文件：{html.escape(info.source)}</div>'
    ]
    heading = None
    for chunk_id, path, text in view.chunks:
        if path and path != heading:
            parts.append(f'<div class="wg-heading">{html.escape(path)}</div>')
            heading = path
        if chunk_id == view.focus:
            parts.append(f'<div id="wg-focus" class="wg-focus">{marked(text, highlight_spans(text, words))}</div>')
        else:
            parts.append(f'<p>{html.escape(text)}</p>')
    return f'<div class="wg-document">{"".join(parts)}</div>'


def _blanks_marked(text: str) -> str:
    """`text` escaped, each ×× marked: the figures the writer still has to give."""
    return marked(text, [m.span() for m in re.finditer(re.escape(BLANK), text)])


def report_html(report: ReportDraft, *, writing: tuple[int, str] | None = None) -> str:
    """A whole document as it stands: its title, each heading numbered, each drafted section's paragraphs
    with every ×× marked (without citation markers, as in the Word file), the section being written
    (`writing`: its index and the text streamed so far), and a line for each section still to draft."""
    outline = report.outline
    parts = [f'<div class="wg-doc-title">{html.escape(outline.title)}</div>']
    for index, (section, heading) in enumerate(zip(outline.sections, outline.headings())):
        if heading:
            parts.append(f'<div class="wg-heading wg-level-{section.level}">{html.escape(heading)}</div>')
        if writing is not None and writing[0] == index:
            parts.append(f'<div class="wg-writing">{html.escape(strip_citations(writing[1]))}▍</div>')
        elif index in report.sections:
            paragraphs = [p.strip() for p in strip_citations(report.sections[index].text).split("\n\n") if p.strip()]
            parts += [f"<p>{_blanks_marked(paragraph)}</p>" for paragraph in paragraphs]
        elif section.budget:
            place = "" if heading else f"{section.role}，"
            parts.append(f'<div class="wg-pending">（{place}待起草，约{section.budget}字）</div>')
    return f'<div class="wg-document">{"".join(parts)}</div>'
