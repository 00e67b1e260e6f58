"""Shared fixtures of the UI tests: a fresh library store per module, the fixture report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.library import open_library
from app.settings import Settings
from app.web.library import WebLibrary

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ui"
FIXTURE_REPORT = FIXTURES / "松岭县教育局2024年教师队伍建设工作汇报.txt"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture(scope="module")
def web_library(tmp_path_factory) -> Iterator[WebLibrary]:
    """An empty store opened with the real embedding model, shared by one test module."""
    settings = Settings(store=tmp_path_factory.mktemp("ui-store"))
    with open_library(settings) as library:
        yield WebLibrary(library, max_bytes=2**20)  # 1 MB: the size limit is tested with small files
