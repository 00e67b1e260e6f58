"""Ingest figures for issue 2, on ../shared/corpora: quality on the scraped seeds, speed and structure on
the 47 government work reports. No embedding is involved.

    python -m bench.ingest_benchmark [--corpora ../shared/corpora]

Prints two tables and writes bench/results/ingest_benchmark.json.
- seeds: report sentences lost and noise fragments left, judged on the CHUNKS (title, headings, texts in order)
  against the hand-made gold in bench/data/seeds_gold.json; chunk count and size distribution.
- gov_reports: load+clean+structure+chunk throughput in characters/s on one core (CPU time of this
  single process; characters = characters of the loaded text), share of chunks with a heading path.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.seeds_gold import score_against_gold
from ingest.load import load_file
from ingest.pipeline import chunk_file

RESULTS = Path(__file__).parent / "results" / "ingest_benchmark.json"


def size_distribution(sizes: list[int]) -> dict:
    ordered = sorted(sizes)

    def pct(p: float) -> int:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {"min": ordered[0], "p10": pct(0.10), "median": int(statistics.median(ordered)), "p90": pct(0.90), "max": ordered[-1]}


def document_order_pieces(title: str, chunks: list) -> list[str]:
    """What a reader of the chunks sees, in order: the title, each heading once, each chunk's text.

    Titles and headings live in metadata, so a sentence that scraping glued across a heading and its
    body is only whole again when they are read back in order.
    """
    pieces, seen = [title], set()
    for chunk in chunks:
        for heading in filter(None, chunk.metadata["heading_path"].split(" > ")):
            if heading not in seen:
                seen.add(heading)
                pieces.append(heading)
        pieces.append(chunk.page_content)
    return pieces


def seed_rows(seeds: Path) -> list[dict]:
    rows = []
    for path in sorted(seeds.glob("*.txt")):
        chunked = chunk_file(path)
        chunks = chunked.chunks
        score = score_against_gold(path.name, document_order_pieces(chunked.parsed.title, chunks))
        rows.append({
            "seed": path.name,
            "chunks": len(chunks),
            **{k: score[k] for k in ("sentences_total", "sentences_lost", "noise_total", "noise_left")},
            "chunk_chars": size_distribution([len(c.page_content) for c in chunks]),
        })
    return rows


def gov_report_figures(folder: Path) -> dict:
    paths = sorted(folder.glob("*.txt"))
    chars = sum(len(load_file(p).text) for p in paths)  # also warms the imports and the OS file cache
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    chunks = [c for p in paths for c in chunk_file(p).chunks]
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    with_path = sum(1 for c in chunks if c.metadata["heading_path"])
    return {
        "documents": len(paths),
        "characters": chars,
        "chunks": len(chunks),
        "share_with_heading_path": round(with_path / len(chunks), 4),
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "chars_per_s_one_core": round(chars / cpu),
        "chunk_chars": size_distribution([len(c.page_content) for c in chunks]),
        "section_roles": {role: sum(1 for c in chunks if c.metadata["section_role"] == role) for role in sorted({c.metadata["section_role"] for c in chunks})},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpora")
    args = parser.parse_args()

    seeds = seed_rows(args.corpora / "seeds")
    print(f"{'seed':<28}{'chunks':>7}{'sent.':>7}{'lost':>6}{'noise':>7}{'left':>6}   chunk chars min/p10/med/p90/max")
    for r in seeds:
        d = r["chunk_chars"]
        print(f"{r['seed']:<28}{r['chunks']:>7}{r['sentences_total']:>7}{r['sentences_lost']:>6}{r['noise_total']:>7}{r['noise_left']:>6}   "
              f"{d['min']}/{d['p10']}/{d['median']}/{d['p90']}/{d['max']}")
    gov = gov_report_figures(args.corpora / "gov_reports")
    d = gov["chunk_chars"]
    print(f"\ngov_reports: {gov['documents']} documents, {gov['characters']:,} chars, {gov['chunks']} chunks, "
          f"{gov['share_with_heading_path']:.1%} with a heading path")
    print(f"  load+clean+chunk: {gov['chars_per_s_one_core']:,} chars/s on one core ({gov['cpu_s']} s CPU, {gov['wall_s']} s wall)")
    print(f"  chunk chars min/p10/median/p90/max: {d['min']}/{d['p10']}/{d['median']}/{d['p90']}/{d['max']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"seeds": seeds, "gov_reports": gov}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten {RESULTS}")


if __name__ == "__main__":
    main()
