"""Scale benchmark (issue 3): ingest throughput with a stage breakdown, hybrid query latency at ~10k and
~100k chunks, and peak RSS, on ../shared/corpora/news + gov_reports.

    python -m bench.scale_benchmark [--workdir /tmp/wengao-scale] [--queries-only]

Prints a table and writes bench/results/scale_benchmark.json. What it does, exactly:

Documents. The 47 gov reports are ingested from ../shared/corpora/gov_reports as they are. The news
lines (one article each, `[date]，正文：<text>`, web boilerplate included) are written to files under
WORKDIR/docs, --bundle (default 20) consecutive articles a file, blank line between articles:
Chroma cost ~0.1-0.15 s per upsert call whatever its size, and the ingest wrote one file a call until
issue 17 batched its writes, so one article a file (~2 chunks) made a 100k build take hours on two
cores. gov + news give ~48k chunks, short of 100k, so the news is ingested again as pass 2 and pass 3,
each file ending in one marker sentence ("本文为规模测试第K份副本。") so it has other bytes, hence
another doc_id: a distinct document whose chunks near-duplicate pass 1's (the searcher folds those).
Order: gov reports, news pass 1, 2, 3; a phase stops at the first document that reaches its target
chunk count. Phase "single_articles" ingests the first 300 articles one a file
into a store of its own, to show the per-document cost of small files.

Phase "real" (the ingest throughput figure). `app.library.ingest_into_library` (the CLI's code
path) over the documents in order, into WORKDIR/store-small, with the real embedder: m3e-small, ONNX
int8 (`load_embedder(default_model_path(), backend="auto", onnx_dir=WORKDIR/models)`) behind
`CachedEmbedder` (WORKDIR/embedding_cache.sqlite3), until --real chunks (default 10k) are in.

Phase "small_rest": the same store grown to --small chunks (default 10k; nothing to do when --real
equals it) with reused vectors, as below. Phase "large": a copy of the small store grown to --large
chunks (~100k) with the next documents, through the same `ingest_into_library` path, except that the
library's embedder is
`bench.reused_vectors.ReusedVectorEmbedder`: a text already in the embedding cache gets its real
vector; any other chunk gets a random blend of two real cached vectors plus N(0, sigma^2) noise per
dimension (sigma = --noise-sigma, default 0.01), re-normalised (see bench/reused_vectors.py for why
not noisy copies of one vector). The texts,
the jieba tokenising, the catalog, the Chroma (HNSW) insertions and the BM25 index over all ~100k
chunk texts are real; only the model run is skipped. The reused vectors carry the real model id, and
queries are embedded by the real model.

Stage breakdown. Timed from outside by wrapping the product's calls in the ingest process
(bench.stage_timer): load = ingest.pipeline.load_file; clean = clean_scraped_text;
structure+chunk = the rest of chunk_file (parse, chunk, masked-figure marks, content hash) plus the
recurring-paragraph marks; tokenise = the library tokenizer's tokenize_many; embed = the
embedder's embed_documents (cache lookups included); chroma write = ChromaStore.upsert/delete;
catalog = the SQLite catalog calls of upsert_document; bm25 build = the keyword index rebuild
(snapshot read + bm25s index + save) when the ingest ends; other = the remainder of the wall time.

Questions understood (issue 16). A fourth run, "understood", times `app.search.QuestionSearch.search`
(the question read for years, figures and everyday words, then the same hybrid search with the year
rows searched beside the pool and the bonuses) over the same queries plus the questions of
bench/data/writer_questions.json (years, periods, figures), unfiltered, in the same process as the
"unfiltered" run of the hybrid searcher alone: the baseline.

Latency. Each store is searched in a fresh process (so ru_maxrss is that search process's peak):
`HybridSearcher(library, embedder).search(query, k=10)` end to end, query embedding by the real ONNX
int8 model included. ~200 queries: 40 written here as a writer would type them + the opening
sentences of randomly drawn chunks of the small store (bench.scale_queries); 5 warm-up queries are
not counted (the first, which loads the BM25 index from disk, is reported on its own). Three runs:
unfiltered; "broad" filter (years 2000-2023 + exclude the query's own source); "narrow" filter
(years 2015-2019, which leaves only gov-report chunks, + exclude_source). A per-query breakdown
(query embedding, Chroma, BM25, tokenising, fetch, mask, rest = fusion/near-duplicates/overhead) is
gathered by the same wrapping; a narrow filter's dense side is answered from the vectors held in memory
("dense (exact, in memory)") instead of Chroma. Before each latency run the 1-minute load average is checked; above
--max-load it waits and retries (--load-waits times) and then runs anyway; the loads are recorded.

Re-runs are resumable: documents already written are kept, finished phases are read back from
WORKDIR/state.json, and --queries-only re-runs only the latency part on the built stores.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stage_timer import print_stage_table

RESULTS = Path(__file__).parent / "results" / "scale_benchmark.json"
DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
COPY_MARKER = "本文为规模测试第{k}份副本。"
WARMUP_QUERIES = 5
# Ingest phases: real vectors into the small store, reused vectors up to its size, then the large store.
PHASES = ("real", "small_rest", "large", "single_articles")
# One news article a file, into a store of its own: the per-document cost of small files.
SINGLE_ARTICLE_SAMPLE = 300
TARGET_P95_MS = 50.0
TARGET_RSS_MB = 4096.0
FILTER_RUNS: dict[str, tuple[int, int] | None] = {
    "unfiltered": None,
    "filtered_broad": (2000, 2023),
    "filtered_narrow": (2015, 2019),
}
INGEST_STAGES = (
    "load", "clean", "structure+chunk", "tokenise (jieba)", "embed", "chroma write", "catalog (SQLite)", "bm25 build",
)
WRITER_QUESTIONS = Path(__file__).resolve().parent / "data" / "writer_questions.json"
QUERY_STAGES = (
    "query embedding", "dense (Chroma)", "dense (exact, in memory)", "bm25 search", "query tokenise",
    "keyword index lookup", "fetch (passages in memory)", "filter mask",
)


# -- documents ---------------------------------------------------------------------------------------


def _news_part(name: str) -> int:
    """documents_dup_part_10_part_1 -> 10 (files sort by this, not by name)."""
    pieces = name.split("_")
    try:
        return int(pieces[pieces.index("part") + 1])
    except (ValueError, IndexError):
        raise ValueError(f"news file {name}: expected a name like documents_dup_part_N_part_1") from None


def read_news_articles(news_dir: Path) -> list[tuple[str, str]]:
    """(stem, article line) for every non-empty news line, files in part order."""
    articles: list[tuple[str, str]] = []
    for path in sorted((p for p in news_dir.iterdir() if p.is_file()), key=lambda p: _news_part(p.name)):
        part = _news_part(path.name)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                articles.append((f"news_p{part:02d}_{number:05d}", line.strip()))
    return articles


def _write_once(path: Path, text: str) -> Path:
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def materialise_documents(corpora: Path, docs_dir: Path, passes: int, bundle: int) -> tuple[list[Path], list[Path]]:
    """(files of the main stores in ingest order, files of the single-article sample).

    Main stores: gov reports (in place), then `passes` passes over the news, `bundle` consecutive
    articles a file (blank line between articles; from pass 2 on the copy marker ends the file).
    Sample: the first SINGLE_ARTICLE_SAMPLE articles, one a file, as a user would drop them in.
    """
    gov = sorted((corpora / "gov_reports").glob("*.txt"))
    news_dir = corpora / "news"
    if not gov or not news_dir.is_dir():
        raise FileNotFoundError(f"{corpora}: expected gov_reports/*.txt and news/")
    articles = read_news_articles(news_dir)
    files = list(gov)
    for k in range(1, passes + 1):
        for start in range(0, len(articles), bundle):
            group = articles[start : start + bundle]
            body = "\n\n".join(text for _, text in group)
            suffix = "" if k == 1 else f"_copy{k}"
            if k > 1:
                body += "\n" + COPY_MARKER.format(k=k)
            files.append(_write_once(docs_dir / f"news-b{bundle}-pass{k}" / f"{group[0][0]}_b{bundle}{suffix}.txt", body + "\n"))
    singles = [
        _write_once(docs_dir / "news-single" / f"{stem}.txt", text + "\n")
        for stem, text in articles[:SINGLE_ARTICLE_SAMPLE]
    ]
    return files, singles


# -- process helpers -----------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def in_fresh_process(function: Callable[[dict[str, Any]], dict[str, Any]], spec: dict[str, Any]) -> dict[str, Any]:
    """Run `function(spec)` in a new interpreter, so its peak RSS is its own and no state leaks."""
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, spec).result()


def _real_embedder(models_dir: Path, cache_path: Path) -> Any:
    from vectorstore.embedding import load_embedder
    from vectorstore.embedding_cache import CachedEmbedder
    from vectorstore.model_folder import default_model_path

    return CachedEmbedder(load_embedder(default_model_path(), backend="auto", onnx_dir=models_dir), cache_path)


def export_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Produce (or find) the ONNX export of the model."""
    embedder = _real_embedder(Path(spec["models_dir"]), Path(spec["cache_path"]))
    embedder.close()
    return {}


# -- ingest ----------------------------------------------------------------------------------------------


def ingest_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Ingest spec["files"] into spec["store"] until it holds spec["target"] chunks; time each stage."""
    import ingest.pipeline as pipeline
    from app.library import ingest_into_library
    from bench.reused_vectors import ReusedVectorEmbedder, read_cached_vectors
    from bench.stage_timer import StageTimer
    from ingest.recurring import RecurringParagraphs
    from tqdm import tqdm
    from vectorstore.chinese_tokens import ChineseTokenizer
    from vectorstore.library import Library

    models_dir, cache_path = Path(spec["models_dir"]), Path(spec["cache_path"])
    real = _real_embedder(models_dir, cache_path)  # loaded in both modes, so RSS includes the model as in the CLI
    if spec["mode"] == "real":
        embedder: Any = real
    else:
        embedder = ReusedVectorEmbedder(
            model_id=real.model_id,
            real=read_cached_vectors(cache_path, real.model_id),
            noise_sigma=spec["noise_sigma"],
            seed=spec["seed"],
        )
    tokenizer = ChineseTokenizer(mode="search")
    library = Library.open(Path(spec["store"]), embedder, tokenizer=tokenizer)

    timer, whole_file = StageTimer(), StageTimer()
    timer.wrap(pipeline, "load_file", "load")
    timer.wrap(pipeline, "clean_scraped_text", "clean")
    whole_file.wrap(pipeline, "chunk_file", "chunk_file")
    timer.wrap(RecurringParagraphs, "mark", "recurring marks")
    timer.wrap(tokenizer, "tokenize_many", "tokenise (jieba)")
    timer.wrap(embedder, "embed_documents", "embed")
    for name in ("upsert", "delete"):
        timer.wrap(library._chroma, name, "chroma write")
    for name in ("entry", "complete_entries", "set_token_signature_if_unset", "begin_entries", "commit_entries",
                 "retire", "forget", "chunk_ids_of"):
        timer.wrap(library._catalog, name, "catalog (SQLite)")
    timer.wrap(library, "keyword_index", "bm25 build")

    start_count = library.chunk_count()
    target = spec["target"]
    statuses: Counter[str] = Counter()
    added = consumed = 0
    files = [Path(f) for f in spec["files"]]
    started = time.perf_counter()
    reports = ingest_into_library(files, library, max_bytes=pipeline.DEFAULT_MAX_BYTES)
    with tqdm(total=max(0, target - start_count), desc=f"ingest ({spec['mode']} vectors)", unit="chunk",
              file=sys.stderr, mininterval=5) as progress:
        for report in reports if start_count < target else ():
            consumed += 1
            statuses[report.status] += 1
            if report.status in ("added", "replaced"):
                added += report.chunks
                progress.update(report.chunks)
            if start_count + added >= target:
                break
        reports.close()
    # Closing the generator early leaves the write block by an exception, which skips the library's own
    # rebuild; the next search would then pay for it. Build it here, timed as "bm25 build" (a no-op when
    # the batch ran to its end and the library already rebuilt it).
    library.keyword_index()
    wall = time.perf_counter() - started

    stages = dict(timer.seconds)
    chunk_file_s = whole_file.seconds.get("chunk_file", 0.0)
    stages["structure+chunk"] = chunk_file_s - stages.get("load", 0.0) - stages.get("clean", 0.0)
    stages["structure+chunk"] += stages.pop("recurring marks", 0.0)
    stages["other"] = wall - sum(stages.values())
    result: dict[str, Any] = {
        "mode": spec["mode"],
        "chunks_at_start": start_count,
        "chunks_added": added,
        "chunk_count": library.chunk_count(),
        "files_consumed": consumed,
        "file_statuses": dict(statuses),
        "wall_s": round(wall, 2),
        "chunks_per_s": round(added / wall, 2) if wall > 0 else 0.0,
        "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "model_id": real.model_id,
        "load_avg_after": os.getloadavg(),
    }
    if spec["mode"] == "real":
        result["embedding_cache"] = {"hits": real.hits, "misses": real.misses}
    else:
        result["vectors"] = {"real": embedder.real_served, "reused_with_noise": embedder.reused_served}
    library.close()
    real.close()
    return result


# -- queries ---------------------------------------------------------------------------------------------


def sample_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the query set from chunks of the small store."""
    import random

    from bench.scale_queries import build_queries
    from vectorstore.library import Library

    embedder = _real_embedder(Path(spec["models_dir"]), Path(spec["cache_path"]))
    library = Library.open(Path(spec["store"]), embedder)
    ids = library.keyword_index().chunk_ids.tolist()
    drawn = random.Random(spec["seed"]).sample(ids, min(len(ids), 4 * spec["total"]))
    rows = library.fetch_chunks(drawn)
    chunks = [(rows[i].metadata["source"], rows[i].text) for i in drawn if i in rows]
    library.close()
    return {"queries": build_queries(chunks, total=spec["total"], seed=spec["seed"])}


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def _summary_ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(1000 * _percentile(values, 0.50), 1),
        "p95_ms": round(1000 * _percentile(values, 0.95), 1),
        "mean_ms": round(1000 * statistics.fmean(values), 1),
        "max_ms": round(1000 * max(values), 1),
    }


def query_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Time HybridSearcher.search end to end over the query set, unfiltered and with filters."""
    from bench.stage_timer import StageTimer
    from vectorstore.hybrid_search import HybridSearcher
    from vectorstore.library import Library
    from vectorstore.search_filters import SearchFilters

    queries = spec["queries"]
    embedder = _real_embedder(Path(spec["models_dir"]), Path(spec["cache_path"]))
    library = Library.open(Path(spec["store"]), embedder)
    searcher = HybridSearcher(library, embedder)
    rss_opened = peak_rss_mb()
    started = time.perf_counter()
    searcher.search(queries[0]["query"], k=10)
    first_query_s = time.perf_counter() - started
    for query in queries[1:WARMUP_QUERIES]:
        searcher.search(query["query"], k=10)

    timer = StageTimer()
    timer.wrap(embedder, "embed_query", "query embedding")
    timer.wrap(library, "dense_search", "dense (Chroma)")
    timer.wrap(library.tokenizer, "tokenize", "query tokenise")
    timer.wrap(library.keyword_index(), "search", "bm25 search")  # the cached index object every query gets
    timer.wrap(library, "keyword_index", "keyword index lookup")
    timer.wrap(library.keyword_index(), "passage", "fetch (passages in memory)")
    timer.wrap(library.keyword_index().vectors, "nearest", "dense (exact, in memory)")
    timer.wrap(searcher, "_mask", "filter mask")

    runs: dict[str, Any] = {}
    for run, years in FILTER_RUNS.items():
        latencies: list[float] = []
        parts: dict[str, list[float]] = {stage: [] for stage in (*QUERY_STAGES, "rest (fusion, near-dup, overhead)")}
        hits = 0
        for query in queries:
            filters = None
            if years is not None:
                filters = SearchFilters(year_min=years[0], year_max=years[1], exclude_sources=(query["exclude_source"],))
            before = timer.snapshot()
            started = time.perf_counter()
            hits += len(searcher.search(query["query"], k=10, filters=filters))
            elapsed = time.perf_counter() - started
            spent = timer.since(before)
            for stage in QUERY_STAGES:
                parts[stage].append(spent.get(stage, 0.0))
            parts["rest (fusion, near-dup, overhead)"].append(elapsed - sum(spent.values()))
            latencies.append(elapsed)
        runs[run] = {
            "filter": None if years is None else {"year_min": years[0], "year_max": years[1], "exclude_source": "per query"},
            "queries": len(queries),
            "mean_hits": round(hits / len(queries), 2),
            **_summary_ms(latencies),
            "breakdown_ms": {
                stage: {"mean": round(1000 * statistics.fmean(v), 2), "p95": round(1000 * _percentile(v, 0.95), 2)}
                for stage, v in parts.items()
            },
        }
    runs["understood"] = _understood_run(searcher, [q["query"] for q in queries])
    result = {
        "chunk_count": library.chunk_count(),
        "first_query_s": round(first_query_s, 3),
        "runs": runs,
        "rss_after_open_mb": round(rss_opened, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "load_avg_after": os.getloadavg(),
    }
    library.close()
    embedder.close()
    return result


def _understood_run(searcher: Any, queries: list[str]) -> dict[str, Any]:
    """QuestionSearch.search over the queries and the writer questions (see the module docstring)."""
    from app.search.everyday_terms import EverydayTerms
    from app.search.question_search import QuestionSearch

    questions = QuestionSearch(searcher, EverydayTerms.load())
    asked = queries + [item["query"] for item in json.loads(WRITER_QUESTIONS.read_text(encoding="utf-8"))["items"]]
    for query in asked[:WARMUP_QUERIES]:
        questions.search(query, k=10)
    latencies, hits, boosted = [], 0, 0
    for query in asked:
        started = time.perf_counter()
        found = questions.search(query, k=10).hits
        latencies.append(time.perf_counter() - started)
        hits += len(found)
        boosted += any(hit.bonuses for hit in found)
    return {
        "filter": None,
        "queries": len(asked),
        "queries_with_a_boosted_hit": boosted,
        "mean_hits": round(hits / len(asked), 2),
        **_summary_ms(latencies),
    }


def wait_for_quiet(max_load: float, waits: int, wait_s: float) -> list[float]:
    """1-minute load averages seen before a latency run; waits while above max_load, at most `waits` times."""
    seen = [os.getloadavg()[0]]
    while seen[-1] > max_load and len(seen) <= waits:
        print(f"load {seen[-1]:.2f} > {max_load}: waiting {wait_s:.0f} s before measuring latency", file=sys.stderr)
        time.sleep(wait_s)
        seen.append(os.getloadavg()[0])
    return [round(x, 2) for x in seen]


# -- report ------------------------------------------------------------------------------------------------


def _stage_cell(phase: dict[str, Any], stage: str) -> str:
    seconds = phase["stage_seconds"].get(stage, 0.0)
    rate = phase["chunks_added"] / seconds if seconds > 0 else float("inf")
    return f"{seconds:>10.1f} s {rate:>10.0f}/s"


def print_table(report: dict[str, Any]) -> None:
    phases = report["ingest"]
    print("\nIngest (chunks/s; a stage's figure = chunks added / seconds in that stage)")
    print_stage_table(phases, (*INGEST_STAGES, "other"), _stage_cell, stage_width=22, column_width=26)
    print(f"{'total':<22}" + "".join(
        f"{p['wall_s']:>10.1f} s {p['chunks_per_s']:>10.1f}/s" .rjust(26) for p in phases.values()))
    print(f"{'chunks added':<22}" + "".join(f"{p['chunks_added']:>26}" for p in phases.values()))
    print(f"{'peak RSS (MB)':<22}" + "".join(f"{p['peak_rss_mb']:>26}" for p in phases.values()))

    print("\nHybrid query latency (HybridSearcher.search, k=10, query embedding included)")
    print(f"{'store':<10}{'chunks':>8}{'run':>17}{'p50 ms':>9}{'p95 ms':>9}{'mean':>8}{'max':>8}{'RSS MB':>9}{'load':>7}")
    for label, latency in report["latency"].items():
        for run, figures in latency["runs"].items():
            print(f"{label:<10}{latency['chunk_count']:>8}{run:>17}{figures['p50_ms']:>9}{figures['p95_ms']:>9}"
                  f"{figures['mean_ms']:>8}{figures['max_ms']:>8}{latency['peak_rss_mb']:>9}{latency['load_avg_before'][-1]:>7}")
    print("\nMean ms per query by component (unfiltered / filtered_narrow)")
    for label, latency in report["latency"].items():
        plain = latency["runs"]["unfiltered"]["breakdown_ms"]
        narrow = latency["runs"]["filtered_narrow"]["breakdown_ms"]
        print(f"  {label}: " + ", ".join(f"{stage} {plain[stage]['mean']}/{narrow[stage]['mean']}" for stage in plain))
    print("\nTargets: " + ", ".join(f"{k}: {v}" for k, v in report["targets"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wengao-scale"))
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--real", type=int, default=10_000, help="chunks really embedded (the first ones ingested)")
    parser.add_argument("--small", type=int, default=10_000, help="chunks in the small store")
    parser.add_argument("--large", type=int, default=100_000, help="chunks in the store with reused vectors")
    parser.add_argument("--news-passes", type=int, default=3)
    parser.add_argument("--bundle", type=int, default=20, help="news articles a file in the main stores")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--queries-only", action="store_true", help="re-run only the latency part on built stores")
    parser.add_argument("--noise-sigma", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-load", type=float, default=2.5, help="1-min load average to wait below before timing")
    parser.add_argument("--load-waits", type=int, default=3)
    parser.add_argument("--load-wait-s", type=float, default=45.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    state_path = work / "state.json"
    state: dict[str, Any] = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}

    def save_state() -> None:
        state_path.write_text(json.dumps(state, ensure_ascii=False, indent=2), encoding="utf-8")

    stores = {"small": work / "store-small", "large": work / "store-large"}
    shared = {"models_dir": str(work / "models"), "cache_path": str(work / "embedding_cache.sqlite3")}
    files, singles = materialise_documents(args.corpora, work / "docs", args.news_passes, args.bundle)

    if args.queries_only:
        missing = [name for name in PHASES if name not in state]
        if missing:
            parser.error(f"--queries-only: {work} has no finished {', '.join(missing)}; run without it first")
    else:
        # The ONNX export loads torch; doing it in its own process keeps it out of the ingest's peak RSS.
        in_fresh_process(export_worker, shared)
        plan = {
            "real": ("real", stores["small"], args.real),
            "small_rest": ("reused", stores["small"], args.small),
            "large": ("reused", stores["large"], args.large),
        }
        consumed = 0
        for phase, (mode, store, target) in plan.items():
            if phase not in state:
                if phase == "large" and not store.exists():
                    shutil.copytree(stores["small"], store)
                state[phase] = in_fresh_process(ingest_worker, {
                    **shared, "mode": mode, "store": str(store), "files": [str(f) for f in files[consumed:]],
                    "target": target, "noise_sigma": args.noise_sigma, "seed": args.seed,
                })
                state[phase]["files_offset"] = consumed
                save_state()
            consumed = state[phase]["files_offset"] + state[phase]["files_consumed"]
        if "single_articles" not in state:
            state["single_articles"] = in_fresh_process(ingest_worker, {
                **shared, "mode": "reused", "store": str(work / "store-single"), "files": [str(f) for f in singles],
                "target": 10**9, "noise_sigma": args.noise_sigma, "seed": args.seed,
            })
            save_state()

    queries_path = work / "queries.json"
    if not queries_path.is_file():
        sampled = in_fresh_process(sample_worker, {**shared, "store": str(stores["small"]), "total": args.queries,
                                                   "seed": args.seed})
        queries_path.write_text(json.dumps(sampled["queries"], ensure_ascii=False, indent=1), encoding="utf-8")
    queries = json.loads(queries_path.read_text(encoding="utf-8"))

    latency: dict[str, Any] = {}
    for label, store in stores.items():
        loads = wait_for_quiet(args.max_load, args.load_waits, args.load_wait_s)
        latency[label] = {"load_avg_before": loads,
                          **in_fresh_process(query_worker, {**shared, "store": str(store), "queries": queries})}

    large = latency["large"]
    worst_p95 = max(run["p95_ms"] for run in large["runs"].values())
    report = {
        "method": __doc__,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "corpus": {"gov_reports": len(list((args.corpora / "gov_reports").glob("*.txt"))),
                   "news_articles": len(read_news_articles(args.corpora / "news")),
                   "news_passes_available": args.news_passes, "articles_per_news_file": args.bundle,
                   "copy_marker": COPY_MARKER, "single_article_sample": SINGLE_ARTICLE_SAMPLE},
        "ingest": {phase: state[phase] for phase in PHASES},
        "latency": latency,
        "targets": {
            "p95_unfiltered_large_ms": f"{large['runs']['unfiltered']['p95_ms']} (target <= {TARGET_P95_MS})",
            "p95_worst_filter_large_ms": f"{worst_p95} (target <= {TARGET_P95_MS})",
            "search_peak_rss_large_mb": f"{large['peak_rss_mb']} (target <= {TARGET_RSS_MB})",
            "ingest_peak_rss_large_mb": f"{state['large']['peak_rss_mb']} (target <= {TARGET_RSS_MB})",
        },
        # Only counts: the sampled queries are corpus text, which must not be copied into the repo.
        "queries": dict(Counter(query["kind"] for query in queries)),
    }
    print_table(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
