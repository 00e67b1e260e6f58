"""`wengao eval`: registered on the app's CLI through the "wengao.commands" entry point (app/ must not
import eval/). This is the only module of eval/ that reads Settings; it passes plain values on."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from tqdm import tqdm

from app.cli import print_json, reported, settings_for
from app.drafting.tuning import GenerationSettings
from app.errors import UserError
from app.library import (
    open_library,
    require_documents,
    searcher_for,
    writer_everyday_terms,
    topic_relevance,
    topic_search,
)
from app.llm.chat_model import ChatModel
from app.llm.connect import connect_llm
from app.search.everyday_terms import EverydayTerms
from app.settings import Settings
from eval.cases import CaseError, CaseFileError, EvalCase, load_cases, unknown_source_errors
from eval.comparison import ComparisonError, compare_runs
from eval.harness import RESULTS_FILE, CaseFinished, read_results, run_cases
from eval.judge import judge_draft, load_judge_prompt
from eval.report import write_report
from eval.scoring import Similarity, metrics_document
from vectorstore.library import Library

METRICS_FILE = "metrics.json"
# Drafting samples: without a fixed seed two runs of the same code differ, and a comparison shows noise.
DEFAULT_SEED = 42


def default_out(settings: Settings, cases_file: Path, retrieval_only: bool) -> Path:
    """A stable folder per case file and mode beside the library, so a plain re-run resumes."""
    return settings.store.parent / "eval" / f"{cases_file.stem}{'-retrieval' if retrieval_only else ''}"


def _similarity(library: Library) -> Similarity:
    relevance = topic_relevance(library)

    def cosine(a: str, b: str) -> float:
        return relevance(a, [b])[0]

    return cosine


def _nothing_to_run(cases_file: Path, errors: list[CaseError]) -> UserError:
    """The refusal of a case file none of whose lines can run: a run would only write an empty report."""
    if not errors:
        return UserError(f"{cases_file}: no case to run (the file holds none)")
    others = len(errors) - 1
    more = f" (and {others} more bad {'line' if others == 1 else 'lines'})" if others else ""
    return UserError(f"{cases_file}: no case to run: {errors[0]}{more}")


def _other_run(compare: Path) -> dict[str, Any]:
    """The metrics of the run to compare with, read before this run starts: a wrong --compare folder
    should end the command at once, not after every case has run."""
    try:
        return json.loads((compare / METRICS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UserError(f"--compare {compare}: {err}") from None


def _make_out_folder(out_dir: Path) -> None:
    """OUT, made before the first case runs so that a path that cannot be a folder ends the command."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file of that name, a parent that is a file, no permission
        raise UserError(f"cannot create the output folder {out_dir} ({err.strerror or err})") from None


@contextlib.contextmanager
def _llm_unless(retrieval_only: bool, settings: Settings, quiet: bool) -> Iterator[ChatModel | None]:
    if retrieval_only:
        yield None
    else:
        with connect_llm(settings, quiet=quiet) as llm:
            yield llm


def register(cli: typer.Typer) -> None:
    @cli.command("eval")
    def eval_command(
        cases_file: Annotated[Path, typer.Argument(metavar="CASES.jsonl", help="one case a line: {id, request, reference?, …}")],
        store: Annotated[Optional[Path], typer.Option("--store", help="library folder (default: WENGAO_STORE or a per-user data folder)")] = None,
        out: Annotated[Optional[Path], typer.Option("--out", help="output folder; re-running with the same folder resumes")] = None,
        retrieval_only: Annotated[bool, typer.Option("--retrieval-only", help="score retrieval only, no drafting")] = False,
        compare: Annotated[Optional[Path], typer.Option("--compare", help="another run's output folder to compare with")] = None,
        judge: Annotated[bool, typer.Option("--judge", help="also score drafts with the LLM as judge (prompts/eval_judge.md)")] = False,
        seed: Annotated[int, typer.Option("--seed", help="sampling seed passed to the LLM endpoint, so runs are comparable")] = DEFAULT_SEED,
        as_json: Annotated[bool, typer.Option("--json", help="one JSON line per finished case, then a summary line")] = False,
    ) -> None:
        """Evaluate retrieval and drafting on a case file: results.jsonl, metrics.json, report.html."""
        settings = settings_for(store)
        out_dir = out or default_out(settings, cases_file, retrieval_only)
        # What can be checked without the library ends the command before the library is opened.
        with reported():
            try:
                cases, errors = load_cases(cases_file)
            except CaseFileError as err:
                raise UserError(str(err)) from None
            if not cases:
                raise _nothing_to_run(cases_file, errors)
            other_run = _other_run(compare) if compare is not None else None
        with reported(), open_library(settings, create=False) as library:
            require_documents(library)
            cases, unknown = unknown_source_errors(cases, {d.source for d in library.documents()})
            errors = sorted([*errors, *unknown], key=lambda e: e.line)
            if not cases:
                raise _nothing_to_run(cases_file, errors)
            _make_out_folder(out_dir)
            for error in errors:
                if as_json:
                    print_json({"event": "bad_case", "line": error.line, "error": error.message})
                else:
                    typer.echo(f"✗ {cases_file.name} {error}", err=True)
            everyday = writer_everyday_terms(settings)
            with _llm_unless(retrieval_only, settings, quiet=as_json) as llm:
                counts = _run(
                    cases, library, llm, out_dir, GenerationSettings(seed=seed), everyday=everyday,
                    judge=judge and llm is not None, as_json=as_json,
                )
            rows, broken = read_results(out_dir / RESULTS_FILE)
            wanted = [rows[c.id] for c in cases if c.id in rows]
            document = metrics_document(
                wanted,
                similarity=_similarity(library),
                case_errors=[f"{cases_file.name} {e}" for e in errors],
                run={
                    "cases_file": str(cases_file),
                    "store": str(settings.store),
                    "mode": "retrieval" if retrieval_only else "draft",
                    "llm_model": None if retrieval_only else settings.llm_model,
                    "seed": None if retrieval_only else seed,
                    "embedding_model": library.embedder.model_id,
                    "unreadable_result_lines": broken,
                },
            )
        (out_dir / METRICS_FILE).write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        comparison = None
        if other_run is not None:
            with reported():
                try:
                    comparison = compare_runs(document, other_run, other_name=str(compare))
                except ComparisonError as err:
                    raise UserError(f"--compare {compare}: {err}") from None
        write_report(out_dir, document, rows=wanted, comparison=comparison)
        if as_json:
            print_json({"event": "done", "out": str(out_dir), "metrics": {k: v["mean"] for k, v in document["summary"].items()}})
        else:
            if counts.skipped:
                typer.echo(f"{counts.skipped} case(s) already done in {out_dir}, skipped", err=True)
            _echo_summary(document, out_dir)
        raise typer.Exit(1 if errors or document["run"]["failed"] else 0)


def _run(
    cases: list[EvalCase],
    library: Library,
    llm: ChatModel | None,
    out_dir: Path,
    generation: GenerationSettings,
    *,
    everyday: EverydayTerms,
    judge: bool,
    as_json: bool,
):
    search = topic_search(searcher_for(library, everyday))
    judge_fn = None
    if judge and llm is not None:
        prompt = load_judge_prompt()

        def judge_fn(case: EvalCase, draft: str) -> dict[str, float]:
            return judge_draft(llm, prompt, request=case.request, reference=case.reference, draft=draft)

    bar = tqdm(total=len(cases), desc="eval", unit="case", disable=as_json, file=sys.stderr, leave=False)

    def on_case(event: CaseFinished) -> None:
        if as_json:
            print_json({"event": "case", "done": event.done, "total": event.total, "id": event.id, "error": event.error})
        else:
            bar.total = event.total  # cases already done in OUT are not run again
            bar.update(1)
            if event.error:
                tqdm.write(f"✗ {event.id}: {event.error}", file=sys.stderr)

    try:
        counts = run_cases(
            cases, out_dir=out_dir, search=search, llm=llm, generation=generation, relevance=topic_relevance(library),
            judge=judge_fn, on_case=on_case,
        )
    finally:
        bar.close()
    return counts


def _echo_summary(document: dict[str, Any], out_dir: Path) -> None:
    run = document["run"]
    typer.echo(f"{run['cases']} cases ({run['failed']} failed, {run['bad_case_lines']} bad lines) → {out_dir}")
    for name, stats in document["summary"].items():
        typer.echo(f"  {name:<26} mean {stats['mean']:>9.4f}  median {stats['median']:>9.4f}  (n={stats['n']})")
    typer.echo(f"report: {out_dir / 'report.html'}")
