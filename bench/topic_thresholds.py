"""Where to set the on-topic rule of app/checks/topic.py, from the tuning half of the dev cases.

    python -m bench.topic_thresholds [--half tune] [--out bench/results/topic_thresholds.json]

For each case of the half: the relevance (app.library.topic_relevance, the default embedder) of the
request's topic to each paragraph of its reference section (on topic by definition) and to paragraphs
of sections labelled with another topic (off topic), each taken relative to the median of the reference
paragraphs (a draft's paragraphs are mostly on topic). Prints how many of each fall below a range of
margins; MAX_BELOW_MEDIAN is the margin 1% of on-topic paragraphs fall below. Reads ../shared/corpora;
writes numbers only.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path

import numpy as np

from app.drafting.request import parse_drafting_request
from eval.dev_set import (
    DEFAULT_SECTIONS,
    DEFAULT_TOPICS,
    HALVES,
    build_cases,
    read_sections,
    read_topics,
)
from vectorstore.embedding import load_embedder
from vectorstore.model_folder import default_model_path

ON_TOPIC_QUANTILES = (0.01, 0.02, 0.05, 0.10)
OFF_TOPIC_SAMPLE = 6  # paragraphs of other topics per case
MIN_PARAGRAPH_CHARS = 40


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.strip()) >= MIN_PARAGRAPH_CHARS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=HALVES, default="tune")
    parser.add_argument("--onnx-dir", type=Path, default=None, help="where the int8 export is kept (a store's models/)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/topic_thresholds.json"))
    args = parser.parse_args(argv)
    sections, topics = read_sections(DEFAULT_SECTIONS), read_topics(DEFAULT_TOPICS)
    cases = [c for c in build_cases(sections, topics) if c["half"] == args.half]
    embedder = load_embedder(default_model_path(), backend="onnx-int8", onnx_dir=args.onnx_dir)
    rng = random.Random(0)
    on: list[float] = []
    off: list[float] = []
    for case in cases:
        own = paragraphs_of(case["reference"])
        others = [p for line, topic in topics.items() if topic != case["topic"] for p in paragraphs_of(sections[line].text)]
        if len(own) < 2:
            continue
        query = parse_drafting_request(case["request"]).query
        vectors = embedder.embed_documents([query, *own, *rng.sample(others, OFF_TOPIC_SAMPLE)])
        scores = vectors[1:] @ vectors[0]
        median = float(np.median(scores[: len(own)]))
        on += [float(s) - median for s in scores[: len(own)]]
        off += [float(s) - median for s in scores[len(own) :]]
    rows = []
    for q in ON_TOPIC_QUANTILES:
        margin = -float(np.quantile(on, q))
        rows.append({"on_topic_below": q, "margin": round(margin, 3),
                     "off_topic_below": round(sum(s < -margin for s in off) / len(off), 3)})
    print(f"{args.half} half: {len(cases)} cases, {len(on)} on-topic and {len(off)} off-topic paragraphs")
    print(f"median relevance minus the draft's median: on topic {statistics.median(on):.3f}, off {statistics.median(off):.3f}")
    print(f"{'on topic below':>14} {'margin':>7} {'off topic below':>15}")
    for row in rows:
        print(f"{row['on_topic_below']:>14.2f} {row['margin']:>7.3f} {row['off_topic_below']:>15.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"half": args.half, "cases": len(cases), "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
