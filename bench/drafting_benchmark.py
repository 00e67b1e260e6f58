"""Drafting benchmark: leave-one-report-out sections of the State Council work reports, drafted by the
default local model, with and without the mechanical verification.

Each case is a 2010-2019 section of 400-1200 characters from ../shared/corpora/gov_sections_dev.jsonl;
the request is "起草{year}年政府工作报告中'{heading}'一节，约600字", and retrieval excludes the case's own
report. The 47 reports are ingested once into a store under --workdir (slow on 2 cores; reused after).

Every draft is generated once, with verify=False: the result then holds the cleaned, unverified draft
and what each check would change. The verified draft is that text passed through `verify_draft` — the
same call the pipeline makes at its end — so both columns describe the same generation. Per case and
overall: unsupported numbers left in the final draft (checked independently against the request and
the cited passages; must be 0), paragraphs with a valid citation (model-written and pipeline-attributed),
length ratio, time to first token and total time, the machine's load, and what verification caught.
Draft texts go to --workdir only (they may quote the corpus); the JSON holds figures.

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

from app.checks.numbers import allowed_values, find_numbers
from app.checks.text import draft_length
from app.checks.verify import verify_draft
from app.drafting.events import DraftEvent, Token
from app.drafting.pipeline import draft_section
from app.drafting.request import DraftOptions
from app.library import ingest_into_library, open_library, searcher_for
from app.llm.connect import connect_llm
from app.settings import Settings
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


def run_case(case: Case, *, search: Any, llm: Any, drafts_dir: Path) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    first_token: list[float] = []

    def on_event(event: DraftEvent) -> None:
        if isinstance(event, Token) and event.text.strip() and not first_token:
            first_token.append(time.monotonic() - started)

    options = DraftOptions(exclude_sources=(case.own_report,))
    raw = draft_section(case.request, search=search, llm=llm, options=options, verify=False, on_event=on_event)
    total_s = time.monotonic() - started
    final = verify_draft(raw.draft, passages=raw.passages, own_texts=[case.request], apply=True)

    evidence = allowed_values([case.request, *(p.text for p in raw.passages if p.n in final.cited)])
    left = [n.text for n in find_numbers(final.draft) if n.key not in evidence]
    paragraphs = len(final.paragraph_citations)
    attributed = sum(bool(s.attributed) for s in final.paragraph_citations)
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
        "paragraphs": paragraphs,
        "unsupported_numbers_left": len(left),
        "valid_citation_share": final.paragraphs_with_valid_citation,
        "model_citation_share": final.paragraphs_with_model_citation,
        "attributed_citation_share": _share(attributed, paragraphs),
        "length_chars": draft_length(final.draft),
        "length_ratio": round(draft_length(final.draft) / TARGET_CHARS, 3),
        "first_token_s": round(first_token[0], 2) if first_token else None,
        "total_s": round(total_s, 2),
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "copied_spans": len(final.copied_spans),
        "colloquial": len(final.colloquial),
        "unverified": {
            "numbers_it_would_replace": len(raw.checks.unsupported_numbers),
            "citations_it_would_remove": len(raw.checks.removed_citations),
            "citations_it_would_attribute": len(raw.checks.attributed_citations),
            "foreign_names_it_would_blank": len(raw.checks.foreign_names),
            "valid_citation_share": _share(
                sum(bool(s.valid) and not s.attributed for s in raw.checks.paragraph_citations), paragraphs
            ),
        },
    }


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def mean(key: str) -> float:
        values = [r[key] for r in rows if r[key] is not None]
        return round(statistics.mean(values), 3) if values else 0.0

    ratios = [r["length_ratio"] for r in rows]
    return {
        "cases": len(rows),
        "unsupported_numbers_left": sum(r["unsupported_numbers_left"] for r in rows),
        "valid_citation_share": mean("valid_citation_share"),
        "model_citation_share": mean("model_citation_share"),
        "attributed_citation_share": mean("attributed_citation_share"),
        "length_ratio_mean": mean("length_ratio"),
        "length_within_25pct": sum(0.75 <= x <= 1.25 for x in ratios),
        "first_token_s_median": statistics.median(r["first_token_s"] for r in rows if r["first_token_s"] is not None),
        "total_s_median": statistics.median(r["total_s"] for r in rows),
        "copied_spans": sum(r["copied_spans"] for r in rows),
        "unverified": {
            key: sum(r["unverified"][key] for r in rows)
            for key in ("numbers_it_would_replace", "citations_it_would_remove", "citations_it_would_attribute", "foreign_names_it_would_blank")
        },
    }


def print_table(rows: Sequence[dict[str, Any]], overall: dict[str, Any]) -> None:
    print(f"{'case':<28} {'left':>4} {'cite':>5} {'model':>5} {'len':>5} {'1st s':>6} {'tot s':>6} {'load':>5} {'num×':>4} {'cit-':>4} {'cit+':>4}")
    for r in rows:
        u = r["unverified"]
        print(
            f"{r['year']} {r['heading'][:14]:<23} {r['unsupported_numbers_left']:>4} {r['valid_citation_share']:>5.2f} "
            f"{r['model_citation_share']:>5.2f} {r['length_ratio']:>5.2f} {r['first_token_s'] or 0:>6.1f} {r['total_s']:>6.1f} "
            f"{r['load_1min'][0]:>5.1f} {u['numbers_it_would_replace']:>4} {u['citations_it_would_remove']:>4} {u['citations_it_would_attribute']:>4}"
        )
    print(json.dumps(overall, ensure_ascii=False))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
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
        search = searcher_for(library).search
        for i, case in enumerate(cases, 1):
            print(f"[{i}/{len(cases)}] {case.request}", file=sys.stderr, flush=True)
            rows.append(run_case(case, search=search, llm=llm, drafts_dir=drafts_dir))
    overall = summarize(rows)
    print_table(rows, overall)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": settings.llm_model,
        "threads": args.threads,
        "cpu_count": os.cpu_count(),
        "target_chars": TARGET_CHARS,
        "overall": overall,
        "cases": rows,
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
