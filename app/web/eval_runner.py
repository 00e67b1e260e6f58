"""Run `wengao eval` as a subprocess for the web app's 评估 tab (app/ must not import eval/).

With --json the command prints one JSON line per finished case,
    {"event": "case", "done": i, "total": n, "id": ..., "error": ...}
and at the end {"event": "done", "out": "...", "metrics": {...}}; it writes OUT/metrics.json,
OUT/report.html and OUT/plots/*.png.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CASES = Path(__file__).resolve().parents[2] / "eval" / "datasets" / "sample_library.jsonl"


def wengao_program() -> Path:
    """The console script installed beside this interpreter (it carries eval's registered command)."""
    return Path(sys.executable).parent / "wengao"


@dataclass(frozen=True)
class CaseDone:
    done: int
    total: int
    case_id: str
    error: str | None


@dataclass(frozen=True)
class EvalDone:
    out: Path
    metrics: dict[str, Any]


@dataclass(frozen=True)
class EvalFailed:
    message: str


@dataclass(frozen=True)
class EvalOutput:
    """What a finished run left in its folder."""

    metrics: dict[str, Any]
    report: Path | None
    plots: list[Path] = field(default_factory=list)


EvalEvent = CaseDone | EvalDone | EvalFailed


def parse_event(line: str) -> CaseDone | EvalDone | None:
    """One line of `wengao eval --json` output; None for anything that is not an event line."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    if data.get("event") == "case":
        return CaseDone(int(data.get("done", 0)), int(data.get("total", 0)), str(data.get("id", "")), data.get("error"))
    if data.get("event") == "done":
        return EvalDone(Path(str(data.get("out", ""))), dict(data.get("metrics") or {}))
    return None


def eval_command(cases: Path, *, store: Path, out: Path, retrieval_only: bool, program: Path | None = None) -> list[str]:
    command = [str(program or wengao_program()), "eval", str(cases), "--store", str(store), "--out", str(out), "--json"]
    return command + (["--retrieval-only"] if retrieval_only else [])


def run_eval(command: list[str], *, env: Mapping[str, str] | None = None) -> Iterator[EvalEvent]:
    """Run the command, yielding its events as they come; a non-zero exit ends with EvalFailed carrying
    the end of stderr."""
    # stderr goes to a file: a pipe read only at the end could fill up and stall the run.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, encoding="utf-8", env=env)
        except OSError as err:
            yield EvalFailed(f"无法启动评估命令 {command[0]}：{err}")
            return
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                event = parse_event(line)
                if event is not None:
                    yield event
        finally:
            if proc.poll() is None:
                proc.kill()
            code = proc.wait()
        errors.seek(0)
        error = errors.read()
    if code != 0:
        tail = "\n".join(error.strip().splitlines()[-6:])
        yield EvalFailed(f"评估未完成（退出码 {code}）：{tail or '无错误信息'}")


def read_output(out: Path) -> EvalOutput:
    metrics_file = out / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.is_file() else {}
    report = out / "report.html"
    return EvalOutput(metrics, report if report.is_file() else None, sorted((out / "plots").glob("*.png")))


def metric_rows(metrics: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Nested metrics flattened to (name, value) rows, numbers rounded for reading."""
    rows: list[tuple[str, str]] = []
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows += metric_rows(value, prefix=f"{name}.")
        elif isinstance(value, float):
            rows.append((name, f"{value:.3f}"))
        elif isinstance(value, (int, str, bool)) or value is None:
            rows.append((name, str(value)))
        else:
            rows.append((name, json.dumps(value, ensure_ascii=False)[:200]))
    return rows
