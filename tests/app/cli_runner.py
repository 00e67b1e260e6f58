"""Running the `wengao` CLI from tests, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import full_cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "app" / "sample_library" / "reports"


def run_wengao(*args: str) -> tuple[int, list[dict], str]:
    """(exit code, the JSON lines of stdout, all output)."""
    result = CliRunner().invoke(full_cli(), list(args))
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, result.stdout + result.stderr
