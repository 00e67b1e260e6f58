"""HTML fragments of the web app: hits, cited passages, verification findings, a whole document.

Every piece of text is escaped before it is marked: report text and model output are data, never markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from vectorstore.highlight import highlight_spans, mark_spans
from vectorstore.hybrid_search import SearchHit

from app.drafting import DraftResult
from app.passage_usage import paragraphs_citing, used_spans
from app.web_library import DocumentView


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, each span wrapped in <mark>."""
    return mark_spans(text, spans, before="<mark>", after="</mark>", escape=html.escape)


def _year(value: object) -> str:
    return f"{value}年" if isinstance(value, int) and value > 0 else "年份不详"


def _note(text: str, kind: str = "info") -> str:
    return f'<div class="wg-note wg-{kind}">{html.escape(text)}</div>'


def hits_html(hits: Sequence[SearchHit], words: Sequence[str]) -> str:
    if not hits:
        return _note("没有找到相关段落。可以换个说法，或放宽年份、地区等筛选条件。")
    cards = []
    for rank, hit in enumerate(hits, start=1):
        meta = hit.metadata
        cards.append(
            '<div class="wg-card">'
            f'<div class="wg-meta"><b>{rank}.</b> 《{html.escape(str(meta.get("title") or meta.get("source")))}》'
            f' · {_year(meta.get("year"))} · {html.escape(str(meta.get("heading_path") or "（开头）"))}'
            f' <span class="wg-score">相关度 {hit.score:.3f}</span></div>'
            f'<div class="wg-text">{marked(hit.text, highlight_spans(hit.text, words))}</div>'
            f'<div class="wg-source">文件：{html.escape(str(meta.get("source")))}</div>'
            "</div>"
        )
    return "".join(cards)


def citations_html(result: DraftResult) -> str:
    """The passages the draft cites, the parts it used highlighted."""
    if not result.citations:
        return _note("稿件没有有效引用。", "warn")
    cards = []
    for citation in result.citations:
        n, text = citation["n"], citation["text"]
        spans = used_spans(text, paragraphs_citing(result.draft, n))
        cards.append(
            '<div class="wg-card">'
            f'<div class="wg-meta"><b>[{n}]</b> 《{html.escape(str(citation["title"] or citation["source"]))}》'
            f' · {_year(citation["year"])} · {html.escape(citation["heading_path"] or "（开头）")}</div>'
            f'<div class="wg-text">{marked(text, spans)}</div>'
            f'<div class="wg-source">文件：{html.escape(citation["source"])}</div>'
            "</div>"
        )
    return '<div class="wg-hint">高亮部分为稿件用到的原文。</div>' + "".join(cards)


def checks_html(result: DraftResult) -> str:
    """The verification findings, plainly: what was changed in the draft and what the writer should fix."""
    rows: list[tuple[str, str, str]] = []  # (kind, title, items)

    def add(kind: str, title: str, items: Sequence[str]) -> None:
        rows.append((kind, f"{title}：{len(items)}", "、".join(items)))

    add("warn" if result.unsupported_numbers else "ok", "无出处的数字，已替换为××（请核实后填写）",
        [f"{n.text}（{n.context}）" for n in result.unsupported_numbers])
    add("warn" if result.removed_citations else "ok", "已删除的无效引用",
        [f"[{c.n}]（第{c.paragraph + 1}段，{'无此材料' if c.reason == 'no such passage' else '与材料无关'}）" for c in result.removed_citations])
    add("info", "按内容补注的引用", [f"[{c.n}]（第{c.paragraph + 1}段）" for c in result.attributed_citations])
    add("warn" if result.foreign_names else "ok", "其他单位的名称（已替换或请修改）", [f.name for f in result.foreign_names])
    add("warn" if result.colloquial else "ok", "口语化表达（请修改）", [c.marker for c in result.colloquial])
    add("warn" if result.copied_spans else "ok", "与材料原文雷同的长句（请改写）", [c.text[:30] + "…" for c in result.copied_spans])
    items = "".join(
        f'<li class="wg-{kind}"><span>{html.escape(title)}</span>'
        + (f'<div class="wg-items">{html.escape(detail)}</div>' if detail else "")
        + "</li>"
        for kind, title, detail in rows
    )
    share = f"含有效引用的段落占比 {result.paragraphs_with_valid_citation:.0%}"
    timing = result.timings.get("draft_s")
    footer = share + (f"；用时 {timing:.1f} 秒" if timing is not None else "")
    return f'<ul class="wg-checks">{items}</ul><div class="wg-hint">{html.escape(footer)}</div>'


def document_html(view: DocumentView, words: Sequence[str]) -> str:
    """The whole document, heading paths as they change, the focused passage marked and scrolled to."""
    info = view.info
    parts = [
        f'<div class="wg-doc-title">《{html.escape(info.title or info.source)}》</div>'
        f'<div class="wg-meta">{_year(info.year)} · {html.escape(info.region or "地区不详")} · '
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


def note_html(text: str, kind: str = "info") -> str:
    return _note(text, kind)
