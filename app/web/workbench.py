"""The writer's workbench (`wengao serve`): a Gradio Blocks app with five tabs, 起草 整篇文稿 检索 文库 评估.

One Library is opened for the app's life and shared by Gradio's worker threads (see app/web/library.py
for why that is safe); the LLM starts on the first draft and stops with the app. Drafting runs one at a
time (one local model on a few cores), searches and listings several at once; library writes queue
one at a time so a second upload waits instead of failing.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Gradio must not phone home: set before gradio is imported (it reads the variable at import).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from app.library import open_library, saved_drafts, writer_everyday_terms, writer_fixed_phrases  # noqa: E402
from app.llm.lazy import LazyLLM  # noqa: E402
from app.settings import Settings, default_store  # noqa: E402
from app.web.auth import exposure_warning, folder_import_roots, parse_auth, refuse_open_bind  # noqa: E402
from app.web.draft_tab import DraftTab  # noqa: E402
from app.web.eval_tab import EvalTab  # noqa: E402
from app.web.library import WebLibrary  # noqa: E402
from app.web.library_tab import LibraryTab  # noqa: E402
from app.web.rendering import note_html  # noqa: E402
from app.web.report_tab import ReportTab  # noqa: E402
from app.web.search_tab import SearchTab  # noqa: E402
from vectorstore.library import Library  # noqa: E402

CSS = """
.wg-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; margin: 0 0 10px; }
.wg-meta { color: var(--body-text-color-subdued); font-size: 0.92em; margin-bottom: 6px; }
.wg-score { float: right; font-variant-numeric: tabular-nums; }
.wg-why { color: #8a5a00; font-size: 0.9em; margin: 2px 0; }
.wg-text { line-height: 1.8; white-space: pre-wrap; word-break: break-all; }
.wg-source { color: var(--body-text-color-subdued); font-size: 0.85em; margin-top: 4px; }
.wg-note { padding: 8px 12px; border-radius: 6px; background: var(--background-fill-secondary); margin: 4px 0; }
.wg-warn { background: #fff4e5; color: #7a4b00; }
.wg-hint { color: var(--body-text-color-subdued); font-size: 0.88em; margin: 4px 0 8px; }
.wg-checks { list-style: none; padding-left: 0; margin: 0; }
.wg-checks li { padding: 4px 0; border-bottom: 1px dashed var(--border-color-primary); }
.wg-checks li.wg-warn { background: none; color: #b45309; font-weight: 600; }
.wg-checks li.wg-ok { color: var(--body-text-color-subdued); }
.wg-items { font-weight: normal; color: var(--body-text-color); font-size: 0.92em; word-break: break-all; }
.wg-document { max-height: 640px; overflow-y: auto; line-height: 1.9; padding-right: 8px; }
.wg-document p { margin: 0 0 8px; text-indent: 2em; }
.wg-doc-title { font-size: 1.2em; font-weight: 700; text-align: center; margin-bottom: 4px; }
.wg-heading { font-weight: 700; margin: 10px 0 4px; }
.wg-heading.wg-level-2 { font-weight: 600; text-indent: 2em; }
.wg-pending, .wg-writing { color: var(--body-text-color-subdued); text-indent: 2em; margin: 0 0 8px; }
.wg-pending { font-style: italic; }
.wg-focus { background: #fffbe6; border-left: 4px solid #f59e0b; padding: 6px 10px; margin: 6px 0; text-indent: 2em; }
mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.wg-retrieved { margin: 4px 0; padding-left: 1.2em; font-size: 0.92em; }
/* Gradio titles a toast with its type in English (Error, Warning, Info, Success), a text outside its
   translations: the English is hidden and a Chinese title shown in its place. */
.toast-title { font-size: 0 !important; }
.toast-title::before, .toast-title .toast-count { font-size: var(--text-lg); }
.toast-title.error::before { content: "出错"; }
.toast-title.warning::before { content: "提醒"; }
.toast-title.info::before { content: "提示"; }
.toast-title.success::before { content: "完成"; }
"""
# System fonts only: a theme's web fonts would be fetched, and Chinese needs a CJK face anyway.
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "monospace"]
GRADIO_FRONTEND_ASSETS = Path(gr.__file__).parent / "templates" / "frontend" / "assets"


def chinese_interface_head() -> str | None:
    """A <head> script that shows Gradio's own texts (the upload box, 清除, 提交, 加载中…) in Simplified
    Chinese whatever the browser's language; None when this Gradio's frontend lacks the function it
    calls (the texts then follow the browser, as Gradio's do by default).

    Gradio 6 picks the language of its texts once, from the browser's (navigator.language), and has no
    setting to fix it: gr.I18n only adds texts, and Gradio's own English ones are loaded over any given
    for "en". Its settings panel switches the language with `changeLocale` of the frontend's core module;
    importing that module by the URL the page loaded it from gives the same instance, and calling it does
    what choosing 简体中文 there does. Gradio adds the head to the page after it has picked the browser's
    language, so the switch stands; texts already shown change in place.
    """
    for module in sorted(GRADIO_FRONTEND_ASSETS.glob("core-*.js")):
        if "changeLocale" in module.read_text(encoding="utf-8"):
            return f'<script>import("./assets/{module.name}").then((core) => core.changeLocale("zh-CN"));</script>'
    return None


@dataclass
class Workbench:
    """The built app and what it holds open; `close()` stops the LLM and closes the library."""

    blocks: gr.Blocks
    library: Library
    llm: LazyLLM
    warning: str | None

    def launch_options(self, settings: Settings, *, host: str, port: int | None) -> dict[str, Any]:
        logins = parse_auth(settings.auth)
        return {
            "server_name": host,
            "server_port": port,
            "auth": logins or None,
            "auth_message": "请输入文稿系统的用户名和密码。",
            "max_file_size": settings.max_bytes,
            "theme": gr.themes.Default(font=FONTS, font_mono=MONO_FONTS),
            "css": CSS,
            "footer_links": [],
            "head": chinese_interface_head(),
            "show_error": False,
            "quiet": True,
        }

    def close(self) -> None:
        self.llm.close()
        self.library.close()


def _may_start_a_library(store: Path) -> bool:
    """Whether the workbench may start a new, empty library at `store` for its 文库 tab to fill: in the
    default store (a fresh install's first `wengao serve`, as after the README's `make run`) or in an empty
    folder made for one. Any other path without a library is refused, naming the command that fills one:
    behind a mistyped --store the writer would find an empty library in a new store, and a
    folder of reports would get the store's files strewn among them."""
    return store == default_store() or (store.is_dir() and not any(store.iterdir()))


def build_workbench(settings: Settings, *, library: Library | None = None, llm: LazyLLM | None = None,
                    host: str = "127.0.0.1") -> Workbench:
    """Open the library (unless given) and build the tabs. Raises AuthSettingError on a bad WENGAO_AUTH,
    NoLibrary on a store path that holds no library and may not start one (`_may_start_a_library`)."""
    warning = exposure_warning(host, parse_auth(settings.auth))
    library = library or open_library(settings, create=_may_start_a_library(settings.store))
    llm = llm or LazyLLM(settings)
    shared = WebLibrary(
        library, max_bytes=settings.max_bytes, import_roots=folder_import_roots(host, settings.import_roots),
        everyday=writer_everyday_terms(settings),
    )
    draft_tab = DraftTab(shared, llm, fixed_phrases=writer_fixed_phrases(settings))
    report_tab = ReportTab(shared, llm, saved_drafts(settings), fixed_phrases=writer_fixed_phrases(settings))
    search_tab = SearchTab(shared)
    library_tab = LibraryTab(shared, max_file_mb=settings.max_file_mb)
    eval_tab = EvalTab(settings.store)

    with gr.Blocks(title="文稿 · 公文起草助手", analytics_enabled=False) as blocks:
        gr.HTML('<h2 style="margin:4px 0">文稿 · 公文起草助手</h2>'
                '<div class="wg-hint">从往年报告中检索可比材料，起草规范的公文段落；数字都有出处，无出处的留作××。</div>')
        if warning:
            gr.HTML(note_html(warning, "warn"), elem_id="exposure-warning")
        with gr.Tabs():
            with gr.Tab("起草", id="draft"):
                draft_parts = draft_tab.render()
            with gr.Tab("整篇文稿", id="report") as report_page:
                report_parts = report_tab.render()
            with gr.Tab("检索", id="search"):
                search_parts = search_tab.render()
            with gr.Tab("文库", id="library"):
                library_parts = library_tab.render()
            with gr.Tab("评估", id="eval"):
                eval_tab.render()

        def choices() -> tuple[Any, ...]:
            regions, types = shared.regions(), shared.doc_types()
            return (
                draft_tab.library_notice(),
                gr.update(choices=regions),
                gr.update(choices=regions),
                gr.update(choices=types),
            )

        dynamic = [draft_parts["notice"], draft_parts["regions"], search_parts["regions"], search_parts["doc_types"]]
        for change in library_parts["changes"]:
            change.then(choices, None, dynamic)
        # A page opened before another tab changed the library shows the current state.
        blocks.load(lambda: (*choices(), *library_tab.refreshed()), None, [*dynamic, *library_parts["listing"]])
        # Drafts saved from another page (or before a reload) are listed when the tab is opened.
        report_page.select(report_tab.saved_choices, None, [report_parts["saved"]])

    blocks.queue(default_concurrency_limit=settings.web_concurrency)
    return Workbench(blocks, library, llm, warning)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860, insecure: bool = False) -> None:
    """Run the workbench until interrupted; the local LLM and the library are closed on the way out.
    Raises OpenBindRefused beyond localhost without WENGAO_AUTH unless `insecure`, AuthSettingError on a bad one."""
    refuse_open_bind(host, parse_auth(settings.auth), insecure=insecure)
    workbench = build_workbench(settings, host=host)
    if workbench.warning:
        print(f"warning: {workbench.warning}", file=sys.stderr)
    # A service manager stops the app with SIGTERM: close the local model and the library then too.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        print(f"文稿 workbench on http://{host}:{port}", file=sys.stderr)
        # Our own wait rather than launch()'s: a Ctrl-C that lands while launch() is still starting up
        # would otherwise leave the server thread running and the process alive.
        workbench.blocks.launch(**workbench.launch_options(settings, host=host, port=port), prevent_thread_lock=True)
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("文稿 workbench: stopping", file=sys.stderr)
    finally:
        workbench.blocks.close(verbose=False)
        workbench.close()
