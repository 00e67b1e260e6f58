"""Cases of the retrieval quality benchmark, built at run time from ../shared/corpora, the topic labels
of eval/datasets (read by eval.dev_set) and the known items in bench/data (the repo holds labels and
sentence hashes only, never corpus text)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from bench.bench_corpus import strip_invisible
from bench.retrieval_metrics import SectionKey, split_sentences
from eval.dev_set import REPORT_NAME, Section

MIN_SECTION_CHARS = 200

# Ways writers phrase the same request; cases cycle through them so no pipeline is tuned to one.
REQUEST_TEMPLATES = (
    "请参照往年报告，起草{year}年政府工作报告中'{heading}'一节，约{n}字",
    "帮我写一段{year}年政府工作报告里关于{heading}的内容，{n}字左右",
    "起草{year}年政府工作报告“{heading}”部分，字数约{n}字，参考历年报告的写法",
    "我要写{year}年政府工作报告，其中一节是“{heading}”，请参考以前的报告起草，篇幅{n}字上下",
)


@dataclass(frozen=True)
class DraftingCase:
    id: str
    request: str
    topic: str
    section: Section
    exclude_source: str
    relevant: frozenset[SectionKey]


@dataclass(frozen=True)
class KnownItemCase:
    id: str
    query: str
    source: str
    sentence: str
    half: str = ""  # "tune" or "check" in a set split for honest tuning; "" in one that is not
    kinds: tuple[str, ...] = ()  # what the question does: "year", "relative", "range", "period", "figure", "everyday"


def drafting_cases(sections: dict[int, Section], topics: dict[int, str]) -> list[DraftingCase]:
    cases = []
    for line, topic in sorted(topics.items()):
        section = sections.get(line)
        if section is None:
            raise ValueError(f"topic label for line {line}, which gov_sections_dev.jsonl does not have")
        if len(section.text) < MIN_SECTION_CHARS:
            raise ValueError(f"line {line} is a stub under {MIN_SECTION_CHARS} characters and must not be labelled")
        relevant = frozenset(
            (sections[other].year, other)
            for other, other_topic in topics.items()
            if other_topic == topic and sections[other].year != section.year
        )
        if not relevant:
            raise ValueError(f"line {line}: topic {topic!r} has no section in another year")
        template = REQUEST_TEMPLATES[line % len(REQUEST_TEMPLATES)]
        length = max(100, round(len(section.text), -2))
        cases.append(
            DraftingCase(
                id=f"draft-{line:03d}",
                request=template.format(year=section.year, heading=section.heading, n=length),
                topic=topic,
                section=section,
                exclude_source=REPORT_NAME.format(year=section.year),
                relevant=relevant,
            )
        )
    return cases


def sentence_hash(sentence: str) -> str:
    return hashlib.sha1(strip_invisible(sentence).encode("utf-8")).hexdigest()


def known_item_cases(path: Path, texts_by_source: dict[str, str], *, unique: bool = False) -> list[KnownItemCase]:
    """Resolve each stored (source, sentence SHA-1) against the corpus text it was hashed from. `unique`:
    the sentence must occur in no other document of the corpus (else a hit elsewhere would be right too)."""
    stripped = {source: strip_invisible(text) for source, text in texts_by_source.items()} if unique else {}
    cases = []
    for number, item in enumerate(json.loads(path.read_text(encoding="utf-8"))["items"]):
        for field in ("id", "query", "source", "sentence_sha1"):
            if not isinstance(item.get(field), str):
                raise ValueError(f"{path} item {number}: field {field!r} missing or not a string")
        text = texts_by_source.get(item["source"])
        if text is None:
            raise ValueError(f"{path} item {item['id']}: source {item['source']!r} is not in the corpus")
        sentence = next((s for s in split_sentences(text) if sentence_hash(s) == item["sentence_sha1"]), None)
        if sentence is None:
            raise ValueError(f"{path} item {item['id']}: no sentence of {item['source']} has the stored SHA-1")
        if unique:
            others = [s for s, text in stripped.items() if s != item["source"] and strip_invisible(sentence) in text]
            if others:
                raise ValueError(f"{path} item {item['id']}: its sentence occurs in {others} too")
        cases.append(
            KnownItemCase(
                item["id"], item["query"], item["source"], sentence,
                half=item.get("half", ""), kinds=tuple(item.get("kinds", ())),
            )
        )
    return cases
