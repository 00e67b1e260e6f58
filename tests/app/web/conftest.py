"""Shared fixtures of the UI tests: a fresh library store per module, the fixture report, and for the
browser tests the workbench served on a free port and a page of Debian's chromium open on it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from app.library import open_library
from app.settings import Settings
from app.web.library import WebLibrary
from app.web.workbench import build_workbench

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ui"
FIXTURE_REPORT = FIXTURES / "松岭县教育局2024年教师队伍建设工作汇报.txt"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served_workbench(settings: Settings) -> Iterator[str]:
    """The workbench built for `settings`, served in-process on a free port; yields its URL."""
    workbench = build_workbench(settings)
    port = free_port()
    workbench.blocks.launch(prevent_thread_lock=True, **workbench.launch_options(settings, host="127.0.0.1", port=port))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        workbench.blocks.close()
        workbench.close()


@contextmanager
def browser_page(url: str) -> Iterator[Any]:
    """A page of Debian's chromium (Playwright's own browser download cannot work offline) open on `url`.
    An English browser: Gradio's own texts must be Chinese anyway (app.web.workbench.chinese_interface_head)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.goto(url)
        page.get_by_text("文稿 · 公文起草助手").wait_for(timeout=60_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture(scope="module")
def web_library(tmp_path_factory) -> Iterator[WebLibrary]:
    """An empty store opened with the real embedding model, shared by one test module."""
    settings = Settings(store=tmp_path_factory.mktemp("ui-store"))
    with open_library(settings) as library:
        yield WebLibrary(library, max_bytes=2**20)  # 1 MB: the size limit is tested with small files
