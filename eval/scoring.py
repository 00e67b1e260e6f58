"""Per-case metrics from results.jsonl rows, and their summary (metrics.json)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.checks.copying import pasted_share
from app.checks.text import draft_length
from app.drafting.plan import ENUMERATED_SECTIONS
from eval.definitions import BY_NAME, CONTENT_RECALL_K, RECALL_KS
from eval.retrieval_scores import (
    recall_at_k,
    reciprocal_rank,
    reference_content_recall,
    relevant_unit,
    relevant_units,
)
from eval.text_metrics import (
    artefact_texts,
    blank_count,
    broken_enumeration,
    citation_support,
    citation_validity,
    copy_paste_floor,
    facts_used,
    figures_not_from_writer,
    length_ratio,
    length_score,
    off_topic_share,
    register_score,
    rouge_l_chars,
    rouge_l_words,
    structure_score,
    unsupported_number_rate,
)

Similarity = Callable[[str, str], float]  # semantic similarity of two texts (the embedding model's cosine)


def retrieval_metrics(row: Mapping[str, Any]) -> dict[str, float | None]:
    retrieved = row.get("retrieved") or []
    sources, sections = row.get("relevant_sources") or [], row.get("relevant_sections") or []
    scores: dict[str, float | None] = {}
    relevant = relevant_units(sources, sections)
    if relevant:
        units = [relevant_unit(p, sources, sections) for p in retrieved]
        for k in RECALL_KS:
            scores[f"recall@{k}"] = recall_at_k(units, relevant, k)
        scores["mrr"] = reciprocal_rank(units)
    if row.get("reference"):
        scores[f"content_recall@{CONTENT_RECALL_K}"] = reference_content_recall(
            row["reference"], [p["text"] for p in retrieved[:CONTENT_RECALL_K]]
        )
    return scores


def draft_metrics(row: Mapping[str, Any], similarity: Similarity | None) -> dict[str, float | None]:
    draft = row.get("draft")
    if draft is None:
        return {}
    reference = row.get("reference")
    cited = {c["n"]: c["text"] for c in row.get("citations") or []}
    target = int(row["length_target"])
    shown = [p["text"] for p in row.get("passages") or [] if p.get("text")] or list(cited.values())
    ratio = length_ratio(draft, target)
    scores: dict[str, float | None] = {
        "figures_not_from_writer": float(figures_not_from_writer(draft, [*(row.get("facts") or []), row["request"]])),
        "facts_used": facts_used(draft, row.get("facts") or []),
        "artefacts": float(len(artefact_texts(draft))),
        "pasted_share": pasted_share(draft, shown) if shown else None,
        "off_topic_share": off_topic_share(row.get("query") or row["request"], draft, similarity) if similarity else None,
        "broken_enumeration": broken_enumeration(draft),
        "length_ratio": ratio,
        "within_length": 1.0 if 0.8 <= ratio <= 1.2 else 0.0,
        "unsupported_number_rate": unsupported_number_rate(draft, row.get("unsupported_numbers") or []),
        "blanks": float(blank_count(draft)),
        "citation_validity": citation_validity(
            draft, removed=len(row.get("removed_citations") or []), attributed=int(row.get("attributed_citations") or 0)
        ),
        "citation_support": citation_support(draft, cited),
        "cited_paragraphs": row.get("paragraphs_with_valid_citation"),
        "register": register_score(draft),
        "structure": structure_score(draft, asked=row.get("section_role") in ENUMERATED_SECTIONS),
        "length_score": length_score(target, draft_length(draft)),
        "draft_chars": float(draft_length(draft)),
    }
    if reference:
        scores["rouge_l_char"] = rouge_l_chars(draft, reference)
        if shown:
            floor = rouge_l_chars(copy_paste_floor(shown, target), reference)
            scores["floor_rouge_l_char"] = floor
            scores["rouge_l_over_floor"] = scores["rouge_l_char"] - floor
        scores["rouge_l_word"] = rouge_l_words(draft, reference)
        if similarity is not None:
            scores["semantic_sim"] = similarity(draft, reference) if draft.strip() else 0.0
    timings = row.get("timings") or {}
    scores["first_token_s"] = timings.get("first_token_s")
    scores["latency_s"] = timings.get("draft_s")
    return scores


def case_metrics(row: Mapping[str, Any], similarity: Similarity | None) -> dict[str, Any]:
    """One case's entry of metrics.json "per_case": id, error, and each metric that applies (None: n/a)."""
    entry: dict[str, Any] = {"id": row["id"], "error": row.get("error")}
    if row.get("error"):
        return entry
    entry.update(retrieval_metrics(row))
    entry["retrieve_s"] = (row.get("timings") or {}).get("retrieve_s")
    entry.update(draft_metrics(row, similarity))
    for name, value in (row.get("judge") or {}).items():
        entry[f"judge_{name}"] = value
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in entry.items()}


def summarise(per_case: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float | int]]:
    """For each metric: mean, median, min, max over the cases where it applies, and n (that count)."""
    summary: dict[str, dict[str, float | int]] = {}
    for name in BY_NAME:
        values = [c[name] for c in per_case if isinstance(c.get(name), (int, float))]
        if values:
            summary[name] = {
                "mean": round(statistics.fmean(values), 4),
                "median": round(statistics.median(values), 4),
                "min": round(min(values), 4),
                "max": round(max(values), 4),
                "n": len(values),
            }
    return summary


def metrics_document(
    rows: Sequence[Mapping[str, Any]],
    *,
    similarity: Similarity | None,
    case_errors: Sequence[str],
    run: Mapping[str, Any],
) -> dict[str, Any]:
    """metrics.json: {"run", "summary": {metric: {mean, median, min, max, n}}, "per_case": [{id, error,
    metric: value|null}], "definitions": {metric: {group, higher_is_better, formula}}, "case_errors"}."""
    per_case = [case_metrics(row, similarity) for row in rows]
    summary = summarise(per_case)
    return {
        "run": {**run, "cases": len(rows), "failed": sum(1 for c in per_case if c["error"]), "bad_case_lines": len(case_errors)},
        "summary": summary,
        "per_case": per_case,
        "definitions": {
            name: {"group": m.group, "higher_is_better": m.higher_is_better, "formula": m.formula}
            for name, m in BY_NAME.items()
            if name in summary
        },
        "case_errors": list(case_errors),
    }
