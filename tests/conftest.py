"""Fixtures shared across the suite: the sample library indexed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_runner import SAMPLES, run_wengao


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The bundled sample reports ingested into a fresh store with the real embedding model."""
    store = tmp_path_factory.mktemp("store")
    code, reports, output = run_wengao("ingest", str(SAMPLES), "--store", str(store), "--json")
    assert code == 0, output
    assert sorted(r["status"] for r in reports) == ["added"] * 8
    return store
