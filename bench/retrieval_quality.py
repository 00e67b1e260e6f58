"""Retrieval quality benchmark (issue 3): wengao against two reference pipelines, one run, one corpus.

Run from the repo root:  python -m bench.retrieval_quality [--corpora ../shared/corpora] [--work-dir DIR]

Corpus: ../shared/corpora gov_reports (47) + seeds (5) + a fixed sample of news articles (every Nth
non-empty line of the sorted news files, 1,500 by default) as distractors. All three pipelines embed
with the same model (m3e-small, fp32 torch) through one on-disk cache keyed by text hash.

Pipelines:
- naive_langchain: RecursiveCharacterTextSplitter(500, 50), default separators, raw text, dense only,
  the whole request as the query.
- chatchat_style: separators 。！？；， (kept at the end of pieces), 250/50, BM25 over
  jieba.lcut_for_search + dense, fused by weighted RRF 0.5/0.5 (c=60) like LangChain's
  EnsembleRetriever, which Langchain-Chatchat uses; the whole request as the query.
- wengao: ingest.pipeline.chunk_file (cleaning, structure, chunking), Library (Chroma + BM25) and
  HybridSearcher; drafting requests go through app.drafting.request first (topic words only; the
  target year is NOT a filter).

Cases:
1. Drafting requests, leave-one-report-out: every 2010-2019 section of gov_sections_dev.jsonl of 200+
   characters becomes a request in one of four phrasings; the section's own report is excluded
   (exclude_sources for wengao, a source filter for the references). Each section carries a
   hand-assigned topic (eval/datasets/gov_section_topics.json); its relevant set is the same-topic
   sections of OTHER years.
   - topic_recall@10 = |distinct relevant sections among the top 10| / min(10, |relevant sections|).
     A passage belongs to the dev section holding more than half of its characters (located in the
     whitespace-stripped report text); passages of other documents belong to none.
   - topic_precision@10 = share of the 10 slots holding a passage of a relevant section.
   - content_recall@10 = share of the reference section's sentences (split at 。！？, 8+ chars) whose
     best char-bigram F1 against a window of a top-10 passage as long as the sentence is >= 0.5.
2. Known-item searches: a writer's query and a target stored as (source file, SHA-1 of one
   whitespace-stripped sentence). A passage hits when it is from the target source and contains the
   sentence (or, when a chunk boundary split it, its first or second half), compared
   whitespace-stripped. hit@1, hit@5, MRR@10. Nothing is excluded. Three sets:
   - old33: bench/data/known_items.json, keyword-like queries on the seeds and reports (tuned on
     since issue 3: a training set);
   - writer_tune / writer_check: bench/data/writer_questions.json, questions as writers type them
     (years, periods, figures, everyday words), answers unique in the corpus; tuned on the tune half
     only, the check half reported, never tuned on.

Pipelines wengao (questions understood, app.search) and wengao_plain (the hybrid searcher alone, the
baseline) share one library.

Output: tables (pipeline x metric; pipeline x known-item set; writer questions by kind) on stdout;
per-case rows in bench/results/retrieval_quality.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from bench.bench_corpus import load_corpus
from bench.embedding_cache import CachedSentenceEmbedder
from bench.quality_cases import (
    DraftingCase,
    KnownItemCase,
    drafting_cases,
    known_item_cases,
)
from bench.reference_pipelines import ChatchatPipeline, Hit, NaivePipeline
from bench.retrieval_metrics import (
    SectionLocator,
    contains_target,
    first_hit_rank,
    hit_at,
    reciprocal_rank_at,
    reference_content_recall,
    topic_precision_at_k,
    topic_recall_at_k,
)
from bench.wengao_pipeline import BenchEmbedder, WengaoPipeline
from eval.dev_set import REPORT_NAME, read_sections, read_topics
from vectorstore.embedder import Embedder
from vectorstore.embedding import load_embedder
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.hybrid_search import SEARCH_WEIGHTS, TOPIC_WEIGHTS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO / ".venv/lib/python3.11/site-packages/embedding/m3e-small"
K = 10
DRAFTING_METRICS = ("topic_recall@10", "topic_precision@10", "content_recall@10", "retrieve_ms_p95")
KNOWN_METRICS = ("hit@1", "hit@5", "mrr@10")
KINDS = ("year", "relative", "range", "period", "figure", "everyday")


class SearchPipeline(Protocol):
    name: str

    def search(
        self, request: str, k: int, exclude_sources: Iterable[str] = (), *, is_drafting_request: bool = True
    ) -> list[Hit]: ...


def score_drafting(pipeline: SearchPipeline, case: DraftingCase, locator: SectionLocator) -> dict:
    started = time.perf_counter()
    hits = pipeline.search(case.request, K, [case.exclude_source], is_drafting_request=True)
    elapsed = time.perf_counter() - started
    if any(h.source == case.exclude_source for h in hits):
        raise AssertionError(f"{pipeline.name} returned the excluded report for {case.id}")
    sections = [locator.section_of(h.source, h.text) for h in hits]
    return {
        "id": case.id,
        "request": case.request,
        "topic": case.topic,
        "topic_recall@10": topic_recall_at_k(sections, set(case.relevant), K),
        "topic_precision@10": topic_precision_at_k(sections, set(case.relevant), K),
        "content_recall@10": reference_content_recall(case.section.text, [h.text for h in hits]),
        "retrieved": [
            {"rank": r, "source": h.source, "section": list(s) if s else None, "chars": len(h.text)}
            for r, (h, s) in enumerate(zip(hits, sections), start=1)
        ],
        "retrieve_s": round(elapsed, 4),
    }


def score_known_item(pipeline: SearchPipeline, case: KnownItemCase) -> dict:
    started = time.perf_counter()
    hits = pipeline.search(case.query, K, [], is_drafting_request=False)
    elapsed = time.perf_counter() - started
    rank = first_hit_rank([h.source == case.source and contains_target(h.text, case.sentence) for h in hits])
    return {
        "id": case.id,
        "query": case.query,
        "source": case.source,
        "rank": rank,
        "hit@1": hit_at(rank, 1),
        "hit@5": hit_at(rank, 5),
        "mrr@10": reciprocal_rank_at(rank, K),
        "half": case.half,
        "kinds": list(case.kinds),
        "retrieved_sources": [h.source for h in hits],
        "retrieve_s": round(elapsed, 4),
    }


def p95_ms(rows: list[dict]) -> float:
    times = sorted(r["retrieve_s"] for r in rows)
    return 1000 * times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def summary(rows_draft: list[dict], rows_known: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """{"drafting": {metric: mean}, known-item set: {metric: mean, "n": count}, "writer_check/year": …}."""
    out: dict[str, dict[str, float]] = {
        "drafting": {m: statistics.fmean(r[m] for r in rows_draft) for m in DRAFTING_METRICS[:-1]}
    }
    out["drafting"]["retrieve_ms_p95"] = p95_ms(rows_draft)
    for name, rows in rows_known.items():
        groups = {name: rows}
        if name.startswith("writer"):
            groups |= {f"{name}/{kind}": [r for r in rows if kind in r["kinds"]] for kind in KINDS}
        for group, members in groups.items():
            if members:
                out[group] = {m: statistics.fmean(r[m] for r in members) for m in KNOWN_METRICS}
                out[group] |= {"n": len(members), "retrieve_ms_p95": p95_ms(members)}
    return out


def format_table(summaries: dict[str, dict[str, dict[str, float]]], n_draft: int) -> str:
    lines = [f"drafting cases: {n_draft}"]
    header = f"{'pipeline':<14}" + "".join(f"{m:>20}" for m in DRAFTING_METRICS)
    lines += [header, "-" * len(header)]
    for name, groups in summaries.items():
        lines.append(f"{name:<14}" + "".join(f"{groups['drafting'][m]:>20.3f}" for m in DRAFTING_METRICS))
    header = f"\n{'pipeline':<14}{'known-item set':<26}{'n':>4}" + "".join(
        f"{m:>10}" for m in (*KNOWN_METRICS, "p95 ms")
    )
    lines += [header, "-" * len(header)]
    for name, groups in summaries.items():
        for group, values in groups.items():
            if group == "drafting":
                continue
            lines.append(
                f"{name:<14}{group:<26}{values['n']:>4.0f}"
                + "".join(f"{values[m]:>10.3f}" for m in (*KNOWN_METRICS, "retrieve_ms_p95"))
            )
    return "\n".join(lines)


def wengao_embedder(args: argparse.Namespace, shared: CachedSentenceEmbedder) -> Embedder:
    if args.wengao_backend == "shared-fp32":
        return BenchEmbedder(shared)
    inner = load_embedder(args.model, backend=args.wengao_backend, onnx_dir=args.work_dir / "models")
    return CachedEmbedder(inner, args.work_dir / f"wengao_{args.wengao_backend}_embeddings.sqlite3")


def _weights(text: str) -> dict[str, float]:
    dense, bm25 = (float(part) for part in text.split(","))
    return {"dense": dense, "bm25": bm25}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--work-dir", type=Path, default=REPO / ".wengao" / "bench_quality")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--news", type=int, default=1500, help="number of news articles sampled as distractors")
    parser.add_argument(
        "--reports-from", type=int, default=None, help="index only gov reports of this year or later (a cheaper run)"
    )
    parser.add_argument("--per-doc-cap", type=int, default=2, help="wengao: passages per document (0: no cap)")
    parser.add_argument("--candidate-pool", type=int, default=50, help="wengao: candidates per retriever")
    parser.add_argument("--fusion", choices=("convex", "rrf"), default="convex", help="wengao: how rankings are fused")
    parser.add_argument(
        "--search-weights", type=_weights, default=SEARCH_WEIGHTS, help="wengao, known-item searches: DENSE,BM25"
    )
    parser.add_argument(
        "--topic-weights", type=_weights, default=TOPIC_WEIGHTS, help="wengao, drafting requests: DENSE,BM25"
    )
    parser.add_argument("--topics", type=Path, default=REPO / "eval/datasets/gov_section_topics.json")
    parser.add_argument("--known-items", type=Path, default=REPO / "bench/data/known_items.json")
    parser.add_argument("--writer-questions", type=Path, default=REPO / "bench/data/writer_questions.json")
    parser.add_argument("--out", type=Path, default=REPO / "bench/results/retrieval_quality.json")
    parser.add_argument("--pipelines", default="wengao,wengao_plain,chatchat_style,naive_langchain")
    parser.add_argument(
        "--wengao-backend",
        choices=("shared-fp32", "onnx-int8", "onnx", "torch"),
        default="shared-fp32",
        help="wengao's embedder: the fp32 model and cache all pipelines share (default, so only the pipelines "
        "differ), or one of the product's backends, to measure what a faster backend costs in quality",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpora.is_dir():
        print(f"corpora folder {args.corpora} not found (pass --corpora)", file=sys.stderr)
        return 2
    docs = load_corpus(args.corpora, args.news, reports_from=args.reports_from, sample_library=True)
    texts = {d.source: d.text for d in docs}
    sections = read_sections(args.corpora / "gov_sections_dev.jsonl")
    topics = read_topics(args.topics)
    draft_cases = drafting_cases(sections, topics)
    writer_cases = known_item_cases(args.writer_questions, texts, unique=True)
    known_sets = {
        "old33": known_item_cases(args.known_items, texts),
        "writer_tune": [c for c in writer_cases if c.half == "tune"],
        "writer_check": [c for c in writer_cases if c.half == "check"],
    }

    by_report: dict[str, list] = {}
    for section in sections.values():
        if REPORT_NAME.format(year=section.year) not in texts:
            continue  # a report left out by --reports-from
        by_report.setdefault(REPORT_NAME.format(year=section.year), []).append(
            ((section.year, section.line), section.text)
        )
    locator = SectionLocator({s: texts[s] for s in by_report}, by_report)

    embedder = CachedSentenceEmbedder(args.model, args.work_dir / "embeddings.sqlite3")
    wanted = args.pipelines.split(",")

    def wengao_pipeline(*, understanding: bool) -> WengaoPipeline:
        return WengaoPipeline(
            docs,
            args.work_dir,
            wengao_embedder(args, embedder),
            store_name="wengao_store" if args.wengao_backend == "shared-fp32" else f"wengao_store_{args.wengao_backend}",
            per_doc_cap=args.per_doc_cap or None,
            candidate_pool=args.candidate_pool,
            fusion=args.fusion,
            search_weights=args.search_weights,
            topic_weights=args.topic_weights,
            understanding=understanding,
        )

    builders: dict[str, Callable[[], SearchPipeline]] = {
        "naive_langchain": lambda: NaivePipeline(docs, embedder),
        "chatchat_style": lambda: ChatchatPipeline(docs, embedder),
        "wengao": lambda: wengao_pipeline(understanding=True),
        "wengao_plain": lambda: wengao_pipeline(understanding=False),
    }
    unknown = [w for w in wanted if w not in builders]
    if unknown:
        print(f"unknown pipeline(s) {unknown}; known: {sorted(builders)}", file=sys.stderr)
        return 2

    results: dict = {"config": {k: str(v) for k, v in vars(args).items()}, "corpus_documents": len(docs)}
    summaries: dict[str, dict[str, dict[str, float]]] = {}
    for name in wanted:
        pipeline = builders[name]()
        rows_draft = [score_drafting(pipeline, c, locator) for c in draft_cases]
        rows_known = {set_name: [score_known_item(pipeline, c) for c in cases] for set_name, cases in known_sets.items()}
        summaries[name] = summary(rows_draft, rows_known)
        extra = {}
        if isinstance(pipeline, WengaoPipeline):
            extra = {"ingest_errors": pipeline.ingest_errors, "duplicates_skipped": len(pipeline.duplicates)}
            pipeline.close()
        results[name] = {"summary": summaries[name], "drafting": rows_draft, "known_items": rows_known, **extra}
        results["table"] = format_table(summaries, len(draft_cases))
        # Written after every pipeline: a long run that is stopped still leaves what it measured.
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(results["table"], flush=True)
    embedder.close()
    print(f"per-case rows: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
