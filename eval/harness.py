"""Run cases through the app's own retrieval and drafting code and append one raw-output row per case
to OUT/results.jsonl (ARCHITECTURE.md's format, plus the case's reference and labels so scorers need only
this file).

Each row is written and flushed as soon as its case finishes, so an interrupted run loses at most the
case in progress; a re-run with the same OUT skips the ids that already have a row without an error.
One failing case becomes a row with an "error" and never stops the others.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.checks.topic import Relevance
from app.drafting.pipeline import draft_section
from app.drafting.request import DraftOptions, parse_drafting_request
from app.drafting.result import DraftResult
from app.drafting.retrieve import SearchFn
from app.drafting.tuning import DraftTuning, GenerationSettings
from app.errors import UserError
from app.llm.chat_model import ChatModel
from eval.cases import EvalCase

RESULTS_FILE = "results.jsonl"


@dataclass(frozen=True)
class CaseFinished:
    done: int
    total: int
    id: str
    error: str | None


@dataclass(frozen=True)
class RunCounts:
    ran: int
    skipped: int  # already in results.jsonl from an earlier run
    failed: int


def read_results(path: Path) -> tuple[dict[str, dict[str, Any]], int]:
    """The last row per id (a re-run case replaces its failed row) and how many lines could not be
    read (a run killed mid-write can leave a truncated last line)."""
    rows: dict[str, dict[str, Any]] = {}
    broken = 0
    if not path.exists():
        return rows, 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError:
            broken += 1
            continue
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            rows[row["id"]] = row
        else:
            broken += 1
    return rows, broken


def _retrieved(hits: Sequence[Any]) -> list[dict[str, Any]]:
    rows = []
    for rank, hit in enumerate(hits, start=1):
        meta = hit.metadata
        rows.append({
            "rank": rank,
            "text": hit.text,
            "source": meta.get("source"),
            "heading_path": meta.get("heading_path") or "",
            "score": round(float(getattr(hit, "score", 0.0)), 6),
            "year": meta.get("year"),
            "section_role": meta.get("section_role"),
        })
    return rows


def _options(case: EvalCase) -> DraftOptions:
    return DraftOptions(length=case.length, facts=case.facts, filters=case.search_filters, exclude_sources=case.exclude_sources)


def _case_fields(case: EvalCase, tuning: DraftTuning) -> dict[str, Any]:
    parsed = parse_drafting_request(case.request)
    return {
        "id": case.id,
        "request": case.request,
        "query": parsed.query,
        "section_role": parsed.section_role,
        "length_target": case.length or parsed.length or tuning.default_length,
        "reference": case.reference,
        "relevant_sources": list(case.relevant_sources),
        "relevant_sections": [dataclasses.asdict(s) for s in case.relevant_sections],
        "facts": list(case.facts),
    }


def _draft_fields(result: DraftResult) -> dict[str, Any]:
    checks = result.checks
    return {
        "draft": result.draft,
        "citations": [{"n": c["n"], "source": c["source"], "text": c["text"], "heading_path": c["heading_path"]} for c in result.citations],
        "unsupported_numbers": [n.text for n in checks.unsupported_numbers],
        "blank_list": [str(b) for b in checks.blanks],
        "raw_draft": result.raw_draft,
        "passages": [{"n": p.n, "source": p.source, "heading_path": p.heading_path, "text": p.text} for p in result.passages],
        "removed_artefacts": [{"kind": a.kind, "text": a.text} for a in checks.removed.artefacts],
        "removed_off_topic": [p.text for p in checks.removed.off_topic],
        "enumeration_fixes": len(checks.removed.enumeration_fixes),
        "removed_citations": [dataclasses.asdict(c) for c in checks.removed_citations],
        "attributed_citations": len(checks.attributed_citations),
        "paragraphs_with_valid_citation": checks.paragraphs_with_valid_citation,
        "paragraphs_with_model_citation": checks.paragraphs_with_model_citation,
        "colloquial": [c.marker for c in checks.colloquial],
        "copied_spans": len(checks.copied_spans),
        "foreign_names": [f.name for f in checks.foreign_names],
        "prompt_versions": result.prompt_versions,
    }


Judge = Callable[[EvalCase, str], dict[str, float]]  # (case, draft) -> criterion scores


def run_case(
    case: EvalCase,
    *,
    search: SearchFn,
    llm: ChatModel | None,
    tuning: DraftTuning = DraftTuning(),
    generation: GenerationSettings = GenerationSettings(),
    relevance: Relevance | None = None,
    judge: Judge | None = None,
) -> dict[str, Any]:
    """One case's raw-output row. `llm=None`: retrieval only. Errors are caught into the row's "error";
    a failing judge only leaves a "judge_error"."""
    row = {**_case_fields(case, tuning), "mode": mode_of(llm)}
    options = _options(case)
    captured: list[Sequence[Any]] = []

    def recording_search(query: str, **kwargs: Any) -> Sequence[Any]:
        hits = search(query, **kwargs)
        captured.append(hits)
        return hits

    started = time.monotonic()
    try:
        if llm is None:
            recording_search(
                row["query"], k=tuning.search_k, filters=options.search_filters(),
                target_year=parse_drafting_request(case.request).year,
            )
            row["timings"] = {"retrieve_s": round(time.monotonic() - started, 3)}
        else:
            result = draft_section(
                case.request, search=recording_search, llm=llm, options=options, tuning=tuning, generation=generation,
                relevance=relevance,
            )
            row.update(_draft_fields(result))
            row["timings"] = result.timings
            if judge is not None:
                try:
                    row["judge"] = judge(case, result.draft)
                except UserError as err:
                    row["judge_error"] = str(err)
        row["error"] = None
    except UserError as err:
        row["timings"] = {"retrieve_s": None, "failed_after_s": round(time.monotonic() - started, 3)}
        row["error"] = f"{type(err).__name__}: {err}"
    except Exception as err:  # noqa: BLE001 - a bug met by one case's input must not cost the other cases
        row["timings"] = {"retrieve_s": None, "failed_after_s": round(time.monotonic() - started, 3)}
        row["error"] = f"unexpected {type(err).__name__}: {err}"
    row["retrieved"] = _retrieved(captured[0]) if captured else []
    return row


def mode_of(llm: ChatModel | None) -> str:
    return "retrieval" if llm is None else "draft"


def append_row(path: Path, row: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


def _end_with_newline(path: Path) -> None:
    """A run killed mid-write leaves a last line without its newline; the next row must not be glued
    onto it (that would make both unreadable)."""
    if path.exists() and path.stat().st_size:
        with path.open("rb+") as f:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                f.write(b"\n")


def run_cases(
    cases: Sequence[EvalCase],
    *,
    out_dir: Path,
    search: SearchFn,
    llm: ChatModel | None,
    tuning: DraftTuning = DraftTuning(),
    generation: GenerationSettings = GenerationSettings(),
    relevance: Relevance | None = None,
    judge: Judge | None = None,
    on_case: Callable[[CaseFinished], None] | None = None,
) -> RunCounts:
    """Run the cases not yet done in `out_dir`/results.jsonl, appending a row per case as it finishes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / RESULTS_FILE
    earlier, _ = read_results(path)
    _end_with_newline(path)
    # A retrieval-only row does not count as done for a drafting run in the same OUT.
    done_ids = {i for i, row in earlier.items() if row.get("error") is None and row.get("mode") == mode_of(llm)}
    todo = [c for c in cases if c.id not in done_ids]
    failed = 0
    for i, case in enumerate(todo, start=1):
        row = run_case(
            case, search=search, llm=llm, tuning=tuning, generation=generation, relevance=relevance, judge=judge
        )
        append_row(path, row)
        failed += row["error"] is not None
        if on_case is not None:
            on_case(CaseFinished(i, len(todo), case.id, row["error"]))
    return RunCounts(ran=len(todo), skipped=len(cases) - len(todo), failed=failed)
