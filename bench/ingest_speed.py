"""Ingest speed (issue 17): a cold ingest of a fresh library, stage by stage, and the unchanged re-ingest.

    python -m bench.ingest_speed --label after [--corpora ../shared/corpora] [--workdir /tmp/wengao-ingest-speed]
                                 [--news 1500] [--embedder-alone]

Prints a table and writes bench/results/ingest_speed.json, one entry per --label (a run under another label,
say the code before a change run with PYTHONPATH pointing at a checkout of it, is kept beside it).

Corpus. The 47 gov reports (../shared/corpora/gov_reports) and the 5 seeds, copied as they are, and 1,500 news
articles one a file, drawn as the retrieval-quality corpus draws them (`bench.bench_corpus.sample_news`),
under WORKDIR/docs; `ingest.load.collect_files` names them as `wengao ingest WORKDIR/docs` would.

Runs, each in a fresh process, as two `wengao ingest` commands would be:
- cold: the store folder WORKDIR/store is deleted first, so the library and its embedding cache
  (store/embedding_cache.sqlite3, where `app.library.open_library` keeps it) start empty; the run checks
  that the cache held no vector when the ingest began and counts its misses. The embedding model's ONNX
  export (made once per model and user, WORKDIR/models here) is made before, outside the timing.
  `open_library` (model, jieba, Chroma) is timed apart from `ingest_into_library`, which is timed from its
  first call to its end (the BM25 index built when the write session ends included).
- unchanged: the same files again into the filled store: files/s of `ingest_into_library`, and with the
  library's opening included.
- embedder alone (--embedder-alone, after the cold run, same process): the model's `embed_documents` over
  every chunk's embedded text (heading path and text) in one call: the ceiling of the cold ingest.

Stage breakdown, timed from outside by wrapping the product's calls (bench.stage_timer): load =
ingest.pipeline.load_file; clean = clean_scraped_text; structure+chunk = the rest of chunk_file plus the
recurring-paragraph marks; embed (model) = the embedding model's embed_documents; embedding cache = the
cache's lookups and writes around it; tokenise (BM25) = the jieba tokenising of the chunks; bm25 build = the
keyword index rebuilt at the end; chroma = ChromaStore.upsert/delete; catalog = the SQLite catalog's calls;
other = the wall time no stage on the ingesting thread accounts for (the file checks, the library's own
Python, waiting for chunks). The seconds a stage spends on another thread (chunking ahead of the embedder)
overlap the others: the table shows them in parentheses, and they are not subtracted from the wall time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import os
import platform
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_corpus import sample_news
from bench.stage_timer import print_stage_table

RESULTS = Path(__file__).parent / "results" / "ingest_speed.json"
DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
STAGES = (
    "load", "clean", "structure+chunk", "embed (model)", "embedding cache", "chroma", "tokenise (BM25)",
    "bm25 build", "catalog",
)
# Every catalog call an ingest makes, under the names of the code before and after issue 17's batching;
# those a version lacks are skipped.
CATALOG_CALLS = (
    "entry", "entries", "complete_entries", "complete_entries_of", "set_token_signature_if_unset", "begin_entry",
    "begin_entries", "commit_entry", "commit_entries", "retire", "forget", "chunk_ids_of",
)
TARGET_CHUNKS_PER_S = 35.0
TARGET_UNCHANGED_FILES_PER_S = 200.0


# -- corpus ----------------------------------------------------------------------------------------------


def materialise_corpus(corpora: Path, docs_dir: Path, news_count: int) -> None:
    """gov_reports/ and seeds/ copied, news/ one article a file (written once; kept between runs)."""
    for folder in ("gov_reports", "seeds"):
        target = docs_dir / folder
        if not target.is_dir():
            shutil.copytree(corpora / folder, target)
    news_dir = docs_dir / "news"
    if not news_dir.is_dir():
        partial = docs_dir / "news.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for article in sample_news(corpora / "news", news_count):
            (partial / article.source).write_text(article.text + "\n", encoding="utf-8")
        partial.rename(news_dir)


# -- runs, each in a process of its own ------------------------------------------------------------------


def in_fresh_process(function: Callable[[dict[str, Any]], dict[str, Any]], spec: dict[str, Any]) -> dict[str, Any]:
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, spec).result()


def _settings(spec: dict[str, Any]) -> Any:
    from app.settings import Settings

    return Settings(store=Path(spec["store"]), models_dir=Path(spec["models_dir"]))


def export_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Make (or find) the ONNX export, so that no timed run pays for it."""
    from app.library import EMBEDDING_EXPORTS, embedding_model_path
    from vectorstore.embedding import load_embedder

    settings = _settings(spec)
    embedder = load_embedder(
        embedding_model_path(settings), backend=settings.embedding_backend, onnx_dir=settings.models_dir / EMBEDDING_EXPORTS
    )
    return {"model_id": embedder.model_id}


def _cached_vectors(cache_path: Path) -> int:
    if not cache_path.is_file():
        return 0
    db = sqlite3.connect(cache_path)
    try:
        return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
    finally:
        db.close()


def _wrap_stages(library: Any) -> tuple[Any, Any]:
    """(timer of the stages, timer of whole calls the stages split) over this library's calls."""
    from bench.stage_timer import StageTimer
    from ingest import pipeline
    from ingest.recurring import RecurringParagraphs

    timer, whole = StageTimer(), StageTimer()
    timer.wrap(pipeline, "load_file", "load")
    timer.wrap(pipeline, "clean_scraped_text", "clean")
    whole.wrap(pipeline, "chunk_file", "chunk_file")
    timer.wrap(RecurringParagraphs, "mark", "recurring marks")
    timer.wrap(library.tokenizer, "tokenize_many", "tokenise (BM25)")
    timer.wrap(library.embedder.inner, "embed_documents", "embed (model)")
    whole.wrap(library.embedder, "embed_documents", "embed with cache")
    for name in ("upsert", "delete"):
        timer.wrap(library._chroma, name, "chroma")
    for name in CATALOG_CALLS:
        if hasattr(library._catalog, name):
            timer.wrap(library._catalog, name, "catalog")
    timer.wrap(library, "keyword_index", "bm25 build")
    return timer, whole


def _stage_seconds(stages: dict[str, float], whole: dict[str, float]) -> dict[str, float]:
    """The table's stages from what the two timers of `_wrap_stages` measured."""
    seconds = {stage: stages.get(stage, 0.0) for stage in STAGES}
    seconds["structure+chunk"] = (
        whole.get("chunk_file", 0.0) - stages.get("load", 0.0) - stages.get("clean", 0.0)
        + stages.get("recurring marks", 0.0)
    )
    seconds["embedding cache"] = whole.get("embed with cache", 0.0) - stages.get("embed (model)", 0.0)
    return seconds


def _timed_open(settings: Any) -> tuple[Any, float]:
    """The library opened as `wengao ingest` opens it (model, jieba, Chroma), and the seconds that took."""
    from app.library import open_library

    started = time.perf_counter()
    library = open_library(settings)
    return library, time.perf_counter() - started


def cold_worker(spec: dict[str, Any]) -> dict[str, Any]:
    from app.library import ingest_into_library
    from ingest.load import collect_files

    store = Path(spec["store"])
    shutil.rmtree(store, ignore_errors=True)
    settings = _settings(spec)
    selection = collect_files([Path(spec["docs"])])
    load_before = os.getloadavg()
    library, open_s = _timed_open(settings)
    cached_at_start = _cached_vectors(library.embedder.cache_path)
    timer, whole = _wrap_stages(library)

    statuses: Counter[str] = Counter()
    failures: list[str] = []
    chunks = 0
    started = time.perf_counter()
    for report in ingest_into_library(selection.files, library, max_bytes=settings.max_bytes, names=selection.names):
        statuses[report.status] += 1
        if report.status in ("added", "replaced"):
            chunks += report.chunks
        if report.failed:
            failures.append(report.error)
    wall = time.perf_counter() - started
    load_after = os.getloadavg()

    seconds = _stage_seconds(timer.seconds, whole.seconds)
    off_main = _stage_seconds(timer.off_main_thread, whole.off_main_thread)
    seconds["other"] = wall - sum(value - off_main[stage] for stage, value in seconds.items())
    result: dict[str, Any] = {
        "files": len(selection.files),
        "file_statuses": dict(statuses),
        "failures": failures,
        "chunks": chunks,
        "characters": spec["characters"],
        "open_s": round(open_s, 2),
        "ingest_s": round(wall, 2),
        "chunks_per_s": round(chunks / wall, 2),
        "stage_seconds": {stage: round(value, 2) for stage, value in seconds.items()},
        "stage_seconds_off_main_thread": {stage: round(value, 2) for stage, value in off_main.items() if value},
        "embed_calls": whole.calls.get("embed with cache", 0),
        "chroma_calls": timer.calls.get("chroma", 0),
        "embedding_cache": {
            "vectors_at_start": cached_at_start,
            "hits": library.embedder.hits,
            "misses": library.embedder.misses,
        },
        "model_id": library.embedder.model_id,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in load_after],
    }
    if spec["embedder_alone"]:
        result["embedder_alone"] = _embedder_alone(library)
    library.close()
    return result


def _embedder_alone(library: Any) -> dict[str, Any]:
    """The model alone over every chunk's embedded text, in one call (length-sorted batches across the corpus)."""
    _, _, rows = library._catalog.index_snapshot()
    texts = [library.embedding_text(row.text, json.loads(row.metadata_json)) for row in rows]
    load_before = os.getloadavg()
    started = time.perf_counter()
    library.embedder.inner.embed_documents(texts)
    seconds = time.perf_counter() - started
    return {
        "passages": len(texts),
        "seconds": round(seconds, 2),
        "passages_per_s": round(len(texts) / seconds, 2),
        "load_avg_before": [round(x, 2) for x in load_before],
    }


def unchanged_worker(spec: dict[str, Any]) -> dict[str, Any]:
    from app.library import ingest_into_library
    from ingest.load import collect_files

    settings = _settings(spec)
    selection = collect_files([Path(spec["docs"])])
    load_before = os.getloadavg()
    library, open_s = _timed_open(settings)
    started = time.perf_counter()
    statuses = Counter(
        report.status
        for report in ingest_into_library(selection.files, library, max_bytes=settings.max_bytes, names=selection.names)
    )
    wall = time.perf_counter() - started
    library.close()
    return {
        "files": len(selection.files),
        "file_statuses": dict(statuses),
        "open_s": round(open_s, 2),
        "ingest_s": round(wall, 3),
        "files_per_s": round(len(selection.files) / wall, 1),
        # As a writer waits for `wengao ingest`: the library's opening (model, jieba, Chroma) included.
        "files_per_s_with_open": round(len(selection.files) / (open_s + wall), 1),
        "load_avg_before": [round(x, 2) for x in load_before],
    }


# -- report ------------------------------------------------------------------------------------------------


def _stage_cell(cold: dict[str, Any], stage: str) -> str:
    seconds = cold["stage_seconds"].get(stage, 0.0)
    off_main = cold["stage_seconds_off_main_thread"].get(stage, 0.0)
    return f"{seconds:.1f} s" + (f" ({off_main:.1f} s)" if off_main else "")


def print_table(results: dict[str, Any]) -> None:
    labels = list(results)
    width = max(28, *(len(label) + 2 for label in labels))
    print("\nCold ingest: seconds per stage (of which on another thread, overlapping the rest)")
    print_stage_table({label: results[label]["cold"] for label in labels}, (*STAGES, "other"), _stage_cell,
                      stage_width=18, column_width=width)

    def row(name: str, cell: Callable[[dict[str, Any]], str]) -> None:
        print(f"{name:<18}" + "".join(f"{cell(results[label]):>{width}}" for label in labels))

    row("ingest (wall)", lambda r: f"{r['cold']['ingest_s']:.1f} s {r['cold']['chunks_per_s']:.1f} chunks/s")
    row("open library", lambda r: f"{r['cold']['open_s']:.1f} s")
    row("files / chunks", lambda r: f"{r['cold']['files']} / {r['cold']['chunks']}")
    row("embed / Chroma calls", lambda r: f"{r['cold']['embed_calls']} / {r['cold']['chroma_calls']}")
    row("cache at start/miss", lambda r: f"{r['cold']['embedding_cache']['vectors_at_start']} / "
                                         f"{r['cold']['embedding_cache']['misses']}")
    row("embedder alone", lambda r: f"{r['cold']['embedder_alone']['passages_per_s']:.1f} passages/s"
        if "embedder_alone" in r["cold"] else "-")
    row("load avg (1 min)", lambda r: f"{r['cold']['load_avg_before'][0]:.2f} -> {r['cold']['load_avg_after'][0]:.2f}")
    print("\nUnchanged re-ingest")
    row("files/s", lambda r: f"{r['unchanged']['files_per_s']:.0f} ({r['unchanged']['ingest_s']:.2f} s)")
    row("open library", lambda r: f"{r['unchanged']['open_s']:.1f} s")
    row("files/s with open", lambda r: f"{r['unchanged']['files_per_s_with_open']:.0f}")
    row("statuses", lambda r: ",".join(f"{n} {s}" for s, n in sorted(r["unchanged"]["file_statuses"].items())))
    print(f"\nTargets: cold >= {TARGET_CHUNKS_PER_S} chunks/s, unchanged >= {TARGET_UNCHANGED_FILES_PER_S} files/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True, help="name of this run in the results (e.g. baseline, after)")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wengao-ingest-speed"))
    parser.add_argument("--news", type=int, default=1500, help="news articles, one a file")
    parser.add_argument("--embedder-alone", action="store_true", help="also time the model alone on the chunks")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    docs = args.workdir / "docs"
    materialise_corpus(args.corpora, docs, args.news)
    characters = sum(len(path.read_text(encoding="utf-8")) for path in docs.rglob("*.txt"))
    spec = {
        "docs": str(docs),
        "store": str(args.workdir / "store"),
        "models_dir": str(args.workdir / "models"),
        "characters": characters,
        "embedder_alone": args.embedder_alone,
    }
    in_fresh_process(export_worker, spec)
    cold = in_fresh_process(cold_worker, spec)
    unchanged = in_fresh_process(unchanged_worker, spec)
    machine = {"cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "platform": platform.platform()}
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    results[args.label] = {"cold": cold, "unchanged": unchanged, "machine": machine, "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
