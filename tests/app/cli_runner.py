"""Running the `wengao` CLI from tests, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from app.cli import full_cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "app" / "sample_library" / "reports"


def invoke_wengao(*args: str) -> Result:
    """The command's result, stdout and stderr apart. An exception other than the command's exit is
    raised here rather than turned into exit status 1: a user would have seen it as a traceback."""
    return CliRunner().invoke(full_cli(), list(args), catch_exceptions=False)


def run_wengao(*args: str) -> tuple[int, list[dict], str]:
    """(exit code, the JSON lines of stdout, all output)."""
    result = invoke_wengao(*args)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, result.stdout + result.stderr
