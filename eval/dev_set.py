"""Build the leave-one-report-out dev set from ../shared/corpora/gov_sections_dev.jsonl.

    python -m eval.dev_set [--sections PATH] [--out PATH] [--max-chars N] [--half tune|check] [--limit N]

One case per section that has a topic label in eval/datasets/gov_section_topics.json (our hand labels,
2010-2019 sections of 200+ characters): the request asks for that section as a writer would, the
reference is the section's text, the section's own report is excluded from retrieval, and the relevant
sections are the same-topic sections of the other years. The output holds corpus text (the references),
so it is written outside the repository (default /tmp) and never committed.

Every case belongs to one half, fixed by its id: the tuning half is for changing code and prompts, the
check half only for reporting (a figure that holds only on the cases it was tuned on is not a result).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SECTIONS = REPO.parent / "shared" / "corpora" / "gov_sections_dev.jsonl"
DEFAULT_TOPICS = Path(__file__).resolve().parent / "datasets" / "gov_section_topics.json"
DEFAULT_OUT = Path("/tmp/wengao-eval/gov_dev_cases.jsonl")
REPORT_NAME = "{year}_国务院政府工作报告.txt"

# Ways writers phrase the same request; cases cycle through them so no request parser is tuned to one.
REQUEST_TEMPLATES = (
    "请参照往年报告，起草{year}年政府工作报告中'{heading}'一节，约{n}字",
    "帮忙写{year}年政府工作报告里关于{heading}的一段，{n}字左右",
    "参考历年政府工作报告，草拟{year}年报告“{heading}”部分，字数约{n}字",
    "我要写{year}年的政府工作报告，其中一节是“{heading}”，请借鉴以往报告起草，篇幅{n}字上下",
)
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*")


HALVES = ("tune", "check")


def half_of(case_id: str) -> str:
    """"tune" or "check", by a hash of the id: stable across runs and machines, and unrelated to topic or year."""
    return HALVES[hashlib.sha256(case_id.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True)
class Section:
    line: int  # 0-based, as the topic labels are keyed
    year: int
    heading: str
    text: str


def heading_of(record: dict, line: int) -> str:
    raw = record.get("h2") or record.get("h1")
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"gov_sections_dev.jsonl line {line + 1}: no h1/h2 heading")
    return _NUMBERING.sub("", raw).strip().rstrip("。")


def read_sections(path: Path) -> dict[int, Section]:
    sections = {}
    for line, raw in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record = json.loads(raw)
        for name in ("year", "text"):
            if name not in record:
                raise ValueError(f"{path} line {line + 1}: field {name!r} missing")
        sections[line] = Section(line, int(record["year"]), heading_of(record, line), record["text"])
    return sections


def read_topics(path: Path) -> dict[int, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    vocabulary = set(data["vocabulary"])
    topics = {}
    for key, topic in data["topics"].items():
        if topic not in vocabulary:
            raise ValueError(f"{path}: section {key} has topic {topic!r}, not in the vocabulary")
        topics[int(key)] = topic
    return topics


def build_cases(sections: dict[int, Section], topics: dict[int, str]) -> list[dict]:
    cases = []
    for line, topic in sorted(topics.items()):
        section = sections.get(line)
        if section is None:
            raise ValueError(f"topic label for section {line}, which the sections file does not have")
        relevant = [
            {"source": REPORT_NAME.format(year=sections[o].year), "heading": sections[o].heading}
            for o, other_topic in sorted(topics.items())
            if other_topic == topic and sections[o].year != section.year
        ]
        if not relevant:
            raise ValueError(f"section {line}: topic {topic!r} has no section in another year")
        length = max(100, round(len(section.text), -2))
        template = REQUEST_TEMPLATES[line % len(REQUEST_TEMPLATES)]
        case_id = f"gov-{line:03d}"
        cases.append({
            "id": case_id,
            "half": half_of(case_id),
            "request": template.format(year=section.year, heading=section.heading, n=length),
            "reference": section.text,
            "exclude_sources": [REPORT_NAME.format(year=section.year)],
            "length": length,
            "topic": topic,
            "relevant_sections": relevant,
        })
    return cases


def spread(cases: list[dict], limit: int) -> list[dict]:
    """`limit` cases taken round-robin over topics, so a small subset still covers every topic."""
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        by_topic[case["topic"]].append(case)
    chosen: list[dict] = []
    while len(chosen) < limit and any(by_topic.values()):
        for topic in sorted(by_topic):
            if by_topic[topic] and len(chosen) < limit:
                chosen.append(by_topic[topic].pop(0))
    return sorted(chosen, key=lambda c: c["id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", type=Path, default=DEFAULT_SECTIONS)
    parser.add_argument("--topics", type=Path, default=DEFAULT_TOPICS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--max-chars", type=int, default=None, help="only sections up to this many characters")
    parser.add_argument("--half", choices=HALVES, default=None, help="only the cases of this half")
    parser.add_argument("--limit", type=int, default=None, help="at most this many cases, spread over the topics")
    args = parser.parse_args(argv)
    try:
        cases = build_cases(read_sections(args.sections), read_topics(args.topics))
    except (OSError, ValueError) as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1
    if args.max_chars is not None:
        cases = [c for c in cases if len(c["reference"]) <= args.max_chars]
    if args.half is not None:
        cases = [c for c in cases if c["half"] == args.half]
    if args.limit is not None:
        cases = spread(cases, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
