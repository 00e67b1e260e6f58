"""Drafting benchmark: leave-one-report-out sections of the State Council work reports, drafted by the
default local model, with and without the mechanical verification.

Each case is a 2010-2019 section of 400-1200 characters from ../shared/corpora/gov_sections_dev.jsonl;
the request is "起草{year}年政府工作报告中'{heading}'一节，约600字", and retrieval excludes the case's own
report. The 47 reports are ingested once into a store under --workdir (slow on 2 cores; reused after).

Every draft is generated once, with verify=False, seeded: the result then holds the cleaned, unverified
draft. The verified draft is that text passed through `verify_draft` — the same call the pipeline makes
at its end. Per case and overall: the writer's rules on the verified draft (figures not the writer's,
artefacts, pasted share, broken enumeration, blanks, length ratio; eval/definitions.py), time to first
token and total time (the 600-character speed target), the machine's load before and after each case,
and what cleaning and verification removed. Draft texts go to --workdir only (they may quote the
corpus); the JSON holds figures.

    python -m bench.drafting_benchmark [--cases 10] [--workdir /tmp/wengao-draftbench] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.checks.copying import pasted_share
from app.checks.verify import verify_draft
from app.drafting.events import DraftEvent, Token
from app.drafting.pipeline import draft_section
from app.drafting.request import DraftOptions
from app.drafting.tuning import GenerationSettings
from app.library import (
    ingest_into_library,
    open_library,
    searcher_for,
    topic_relevance,
    topic_search,
)
from app.llm.connect import connect_llm
from app.search.everyday_terms import EverydayTerms
from app.settings import Settings
from eval.text_metrics import (
    artefact_texts,
    broken_enumeration,
    figures_not_from_writer,
    length_ratio,
)
from ingest.load import collect_files

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
SECTIONS = CORPORA / "gov_sections_dev.jsonl"
REPORTS = CORPORA / "gov_reports"
RESULTS = Path(__file__).resolve().parent / "results" / "drafting_benchmark.json"
TARGET_CHARS = 600
_HEADING_NUMBER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*")


@dataclass(frozen=True)
class Case:
    year: int
    heading: str
    reference_chars: int

    @property
    def request(self) -> str:
        return f"起草{self.year}年政府工作报告中'{self.heading}'一节，约{TARGET_CHARS}字"

    @property
    def own_report(self) -> str:
        return f"{self.year}_国务院政府工作报告.txt"


def load_cases(path: Path, count: int, seed: int) -> list[Case]:
    """`count` sections of 2010-2019 with 400-1200 characters, drawn reproducibly, one per heading."""
    if not path.is_file():
        raise SystemExit(f"{path} not found: the benchmark needs ../shared/corpora")
    cases: dict[tuple[int, str], Case] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
            year, heading, chars = int(row["year"]), row["h2"] or row["h1"], int(row["n_chars"])
        except (ValueError, KeyError, TypeError) as err:
            raise SystemExit(f"{path}:{line_no}: bad section record ({err})") from None
        heading = _HEADING_NUMBER.sub("", heading).strip().rstrip("。")
        if 2010 <= year <= 2019 and 400 <= chars <= 1200 and heading:
            cases.setdefault((year, heading), Case(year, heading, chars))
    ordered = sorted(cases.values(), key=lambda c: (c.year, c.heading))
    return random.Random(seed).sample(ordered, min(count, len(ordered)))


def ensure_store(settings: Settings) -> None:
    with open_library(settings) as library:
        if library.chunk_count() > 0:
            return
        print(f"ingesting {REPORTS} into {settings.store} (once; slow on 2 cores)", file=sys.stderr)
        for report in ingest_into_library(collect_files([REPORTS]).files, library, max_bytes=settings.max_bytes):
            if report.failed:
                raise SystemExit(f"ingest failed: {report.error}")


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def run_case(case: Case, *, search: Any, llm: Any, relevance: Any, seed: int, drafts_dir: Path) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    first_token: list[float] = []

    def on_event(event: DraftEvent) -> None:
        if isinstance(event, Token) and event.text.strip() and not first_token:
            first_token.append(time.monotonic() - started)

    options = DraftOptions(exclude_sources=(case.own_report,))
    raw = draft_section(
        case.request, search=search, llm=llm, options=options, verify=False, relevance=relevance,
        generation=GenerationSettings(seed=seed), on_event=on_event,
    )
    total_s = time.monotonic() - started
    final = verify_draft(raw.draft, passages=raw.passages, own_texts=[case.request], apply=True, removed=raw.checks.removed)
    (drafts_dir / f"{case.year}_{case.heading[:20]}.md").write_text(
        f"# {case.request}\n\n## verified\n\n{final.draft}\n\n## unverified\n\n{raw.draft}\n", encoding="utf-8"
    )
    return {
        "year": case.year,
        "heading": case.heading,
        "request": case.request,
        "excluded": case.own_report,
        "passages": len(raw.passages),
        "outline_points": len(raw.outline),
        # The writer's rules, on the draft the writer gets (eval/definitions.py defines each).
        "figures_not_from_writer": figures_not_from_writer(final.draft, [case.request]),
        "artefacts": len(artefact_texts(final.draft)),
        "pasted_share": round(pasted_share(final.draft, [p.text for p in raw.passages]), 3),
        "broken_enumeration": broken_enumeration(final.draft),
        "blanks": len(final.blanks),
        "length_ratio": round(length_ratio(final.draft, TARGET_CHARS), 3),
        "first_token_s": round(first_token[0], 2) if first_token else None,
        "total_s": round(total_s, 2),
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "removed": {
            "artefacts": len(final.removed.artefacts),
            "off_topic": len(final.removed.off_topic),
            "repeats": len(final.removed.repeats),
            "enumeration_fixes": len(final.removed.enumeration_fixes),
        },
        "figures_it_blanked": len(final.unsupported_numbers),
    }


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str) -> float:
        values = [r[key] for r in rows if r[key] is not None]
        return round(statistics.median(values), 3) if values else 0.0

    return {
        "cases": len(rows),
        "figures_not_from_writer": sum(r["figures_not_from_writer"] for r in rows),
        "artefacts": sum(r["artefacts"] for r in rows),
        "pasted_share_median": median("pasted_share"),
        "broken_enumeration": sum(r["broken_enumeration"] for r in rows),
        "length_within_20pct": sum(0.8 <= r["length_ratio"] <= 1.2 for r in rows),
        "first_token_s_median": median("first_token_s"),
        "total_s_median": median("total_s"),
        "load_1min_max": max(max(r["load_1min"]) for r in rows),
    }


def print_table(rows: Sequence[dict[str, Any]], overall: dict[str, Any]) -> None:
    print(f"{'case':<28} {'fig':>3} {'art':>3} {'paste':>5} {'enum':>4} {'len':>5} {'1st s':>6} {'tot s':>6} {'load':>5}")
    for r in rows:
        print(
            f"{r['year']} {r['heading'][:14]:<23} {r['figures_not_from_writer']:>3} {r['artefacts']:>3} "
            f"{r['pasted_share']:>5.2f} {r['broken_enumeration']:>4.0f} {r['length_ratio']:>5.2f} "
            f"{r['first_token_s'] or 0:>6.1f} {r['total_s']:>6.1f} {r['load_1min'][0]:>5.1f}"
        )
    print(json.dumps(overall, ensure_ascii=False))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7, help="which sections are drawn")
    parser.add_argument("--llm-seed", type=int, default=42, help="the sampling seed passed to the local server")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wengao-draftbench"))
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for the local LLM server")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    cases = load_cases(SECTIONS, args.cases, args.seed)
    settings = Settings(store=args.workdir / "store", llm_threads=args.threads)
    ensure_store(settings)
    drafts_dir = args.workdir / "drafts"
    drafts_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with open_library(settings) as library, connect_llm(settings, quiet=True) as llm:
        search, relevance = topic_search(searcher_for(library, EverydayTerms.load())), topic_relevance(library)
        for i, case in enumerate(cases, 1):
            print(f"[{i}/{len(cases)}] {case.request}", file=sys.stderr, flush=True)
            rows.append(
                run_case(case, search=search, llm=llm, relevance=relevance, seed=args.llm_seed, drafts_dir=drafts_dir)
            )
    overall = summarize(rows)
    print_table(rows, overall)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": settings.llm_model,
        "threads": args.threads,
        "llm_seed": args.llm_seed,
        "cpu_count": os.cpu_count(),
        "target_chars": TARGET_CHARS,
        "overall": overall,
        "cases": rows,
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
