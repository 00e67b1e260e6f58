"""Every metric's name, group, direction and formula: written into metrics.json and the report."""

from __future__ import annotations

from dataclasses import dataclass

RECALL_KS = (5, 10)
CONTENT_RECALL_K = 10


@dataclass(frozen=True)
class Metric:
    name: str
    group: str  # "retrieval", "writer" (the writer's rules), "draft", "latency" or "judge"
    higher_is_better: bool
    formula: str


METRICS: tuple[Metric, ...] = (
    *(
        Metric(f"recall@{k}", "retrieval", True,
               f"distinct relevant units (labelled sections, else sources) among the top {k} passages ÷ min({k}, relevant units)")
        for k in RECALL_KS
    ),
    Metric("mrr", "retrieval", True, "1 ÷ rank of the first relevant passage among all retrieved (0 if none)"),
    Metric(f"content_recall@{CONTENT_RECALL_K}", "retrieval", True,
           f"share of reference sentences (≥8 chars) whose best char-bigram F1 against a sentence-length window of one of "
           f"the top {CONTENT_RECALL_K} passages is ≥ 0.5"),
    Metric("figures_not_from_writer", "writer", False,
           "figures left in the draft whose value is in neither the writer's facts nor the request (app.checks.numbers)"),
    Metric("facts_used", "writer", True,
           "share of the writer's facts that state a figure whose figures all appear in the draft; n/a without such facts"),
    Metric("artefacts", "writer", False,
           "sentences of the draft that are not draft: heading paths, passage mentions, talk about the text, markdown, "
           "fragments (app.checks.artefacts; the case details list them)"),
    Metric("pasted_share", "writer", False,
           "share of the draft's content characters inside a stretch of ≥ 20 characters found verbatim in a shown passage "
           "(figures masked on both sides)"),
    Metric("off_topic_share", "writer", False,
           "share of paragraphs whose embedding similarity to the topic is more than 0.062 below the draft's median "
           "(the pipeline's own rule, app.checks.topic); n/a under 4 paragraphs"),
    Metric("broken_enumeration", "writer", False, "1 when the 一是/二是 leads restart or skip, else 0"),
    Metric("length_ratio", "writer", True, "draft characters ÷ asked characters"),
    Metric("within_length", "writer", True, "1 when the length ratio is within 0.8–1.2, else 0"),
    Metric("rouge_l_char", "draft", True,
           "ROUGE-L F1 on characters: LCS = longest common subsequence, P = LCS/|draft|, R = LCS/|reference|, F = 2PR/(P+R); "
           "whitespace and [n] markers removed"),
    Metric("rouge_l_word", "draft", True, "the same ROUGE-L F1 on jieba tokens (punctuation tokens dropped)"),
    Metric("floor_rouge_l_char", "draft", True,
           "ROUGE-L F1 (characters) of the copy-paste floor: the shown passages, in order, cut to the asked length"),
    Metric("rouge_l_over_floor", "draft", True, "rouge_l_char − floor_rouge_l_char"),
    Metric("semantic_sim", "draft", True,
           "cosine of the embedding model's vectors of draft and reference (each truncated to the model's 512 tokens)"),
    Metric("unsupported_number_rate", "draft", False,
           "figures blanked as unsupported ÷ all figures the model wrote (blanked + left in the draft); n/a without figures"),
    Metric("blanks", "draft", False, "number of ×× placeholders in the verified draft"),
    Metric("citation_validity", "draft", True,
           "model-written [n] markers kept by the checker ÷ (kept + removed); markers the pipeline attributed are not counted"),
    Metric("citation_support", "draft", True,
           "mean over [n] markers of the share of the cited sentence's content bigrams found in passage n"),
    Metric("cited_paragraphs", "draft", True, "share of the draft's paragraphs with at least one valid citation"),
    Metric("register", "draft", True,
           "min(1, formal markers per 100 chars ÷ 2.0) × f ÷ (f + c); f = formal-marker occurrences (坚持, 推进, 切实…), "
           "c = colloquial markers (吧, 我觉得, 挺…)"),
    Metric("structure", "draft", True,
           "sections that call for points (主要做法及成效, 下一步工作, 讲话要求, 存在问题): min(1, run ÷ 3), run = consecutive "
           "ordinals from 一 in one form (一是…, 一、…, （一）…); n/a otherwise"),
    Metric("length_score", "draft", True,
           "LongWriter S_l: l = asked length, l′ = draft characters; 100·max(0, 1 − (l′/l − 1)/3) if l′ > l, "
           "else 100·max(0, 1 − (l/l′ − 1)/2)"),
    Metric("draft_chars", "draft", True, "characters of the verified draft (no whitespace, no [n] markers)"),
    Metric("retrieve_s", "latency", False, "seconds from the request to the chosen passages"),
    Metric("first_token_s", "latency", False, "seconds from the request to the first drafted token"),
    Metric("latency_s", "latency", False, "seconds from the request to the verified draft"),
)

JUDGE_CRITERIA = ("faithfulness", "register", "coverage", "coherence")
JUDGE_METRICS: tuple[Metric, ...] = tuple(
    Metric(f"judge_{c}", "judge", True, f"LLM judge's 1-5 score for {c} (prompts/eval_judge.md)") for c in JUDGE_CRITERIA
)

BY_NAME = {m.name: m for m in (*METRICS, *JUDGE_METRICS)}
