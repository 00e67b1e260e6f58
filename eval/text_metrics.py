"""Draft scorers that need only strings: ROUGE-L, length score, figures, citations, register, structure.

Texts are compared without whitespace and without citation markers ([n]), so neither layout nor the
pipeline's markers count as content. Each function documents its formula; eval/definitions.py repeats
them for the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence

import jieba

from app.checks.artefacts import find_artefacts
from app.checks.enumeration import enumeration_problems
from app.checks.numbers import BLANK, allowed_values, find_numbers
from app.checks.register import find_colloquial
from app.checks.text import CITATION, draft_length, sentence_before, support
from app.checks.topic import MIN_SET, below_the_rest

_WHITESPACE = re.compile(r"\s+")
_PUNCT_TOKEN = re.compile(r"^[\W_]+$")

# Words that mark the official register (公文语体): policy verbs and connectives a work report is built
# from. Counted as occurrences; a colloquial marker (app.checks.register) counts against.
FORMAL_MARKERS: tuple[str, ...] = (
    "坚持", "深入", "推进", "落实", "加强", "加快", "切实", "着力", "扎实", "统筹", "健全", "完善", "进一步",
    "积极", "稳步", "持续", "全面", "强化", "不断", "有序", "大力", "深化", "构建", "促进", "确保", "围绕",
    "贯彻", "部署", "有效", "显著", "重点", "努力", "巩固", "提升", "依法", "规范",
)
# Markers per 100 characters at which the register score saturates. On the 125 reference sections of the
# gov dev set the median is 3.2 and the 10th percentile 2.0, so nine in ten real sections score 1.
FORMAL_DENSITY_TARGET = 2.0
ORDINALS = "一二三四五六七八九十"
_ENUMERATION_FORMS = (r"{o}是", r"(?:^|\n)\s*{o}、", r"[（(]{o}[）)]")


def content_text(text: str) -> str:
    """The text as scored: citation markers and whitespace removed."""
    return _WHITESPACE.sub("", CITATION.sub("", text or ""))


def lcs_length(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö 2004): one big-integer step per
    element of `a`, so a 1,000 x 5,000-character pair takes milliseconds rather than seconds."""
    if not a or not b:
        return 0
    masks: dict[Hashable, int] = {}
    for j, item in enumerate(b):
        masks[item] = masks.get(item, 0) | (1 << j)
    full = (1 << len(b)) - 1
    v = full
    for item in a:
        u = v & masks.get(item, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - bin(v).count("1")


def rouge_l(candidate: Sequence[Hashable], reference: Sequence[Hashable]) -> float:
    """ROUGE-L F1: P = LCS/|candidate|, R = LCS/|reference|, F = 2PR/(P+R); 0 when either is empty."""
    lcs = lcs_length(candidate, reference)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(candidate), lcs / len(reference)
    return 2 * precision * recall / (precision + recall)


def rouge_l_chars(draft: str, reference: str) -> float:
    return rouge_l(content_text(draft), content_text(reference))


def words(text: str) -> list[str]:
    """jieba tokens of the content text, punctuation tokens left out."""
    return [w for w in jieba.lcut(content_text(text)) if not _PUNCT_TOKEN.match(w)]


def rouge_l_words(draft: str, reference: str) -> float:
    return rouge_l(words(draft), words(reference))


def length_score(required: int, produced: int) -> float:
    """LongWriter's S_l (Bai et al. 2024) on characters: 100·max(0, 1 − (l′/l − 1)/3) when the output is
    longer than asked (l′ > l), 100·max(0, 1 − (l/l′ − 1)/2) otherwise; 0 for an empty output."""
    if required <= 0:
        raise ValueError(f"required length must be positive, got {required}")
    if produced <= 0:
        return 0.0
    if produced > required:
        return 100 * max(0.0, 1 - (produced / required - 1) / 3)
    return 100 * max(0.0, 1 - (required / produced - 1) / 2)


def unsupported_number_rate(draft: str, unsupported: Sequence[str]) -> float | None:
    """Unsupported figures / all figures the model wrote. The verified draft shows unsupported figures as
    ××, so all figures = the unsupported list + the figures still in the draft. None without figures."""
    total = len(unsupported) + len(find_numbers(draft))
    return len(unsupported) / total if total else None


def blank_count(draft: str) -> int:
    return draft.count(BLANK)


def citation_validity(draft: str, removed: int, attributed: int) -> float | None:
    """Share of the model's own markers that the checker kept: kept / (kept + removed), where kept = the
    markers left in the verified draft minus those the pipeline attributed. None when the model wrote none."""
    left = sum(len(re.findall(r"\d+", m.group(1))) for m in CITATION.finditer(draft))
    kept = max(0, left - attributed)
    total = kept + removed
    return kept / total if total else None


def citation_support(draft: str, cited_texts: dict[int, str]) -> float | None:
    """Mean, over the markers in the draft, of app.checks.citations.support(sentence before the marker,
    cited passage): the share of that sentence's content bigrams found in the passage. A marker naming no
    listed passage counts 0. None when the draft has no marker."""
    scores = []
    for m in CITATION.finditer(draft):
        sentence = sentence_before(draft, m.start())
        for n in re.findall(r"\d+", m.group(1)):
            passage = cited_texts.get(int(n))
            scores.append(support(sentence, passage) if passage else 0.0)
    return sum(scores) / len(scores) if scores else None


def register_score(text: str) -> float:
    """min(1, formal density / 2.0 per 100 chars) × f/(f + c), f = formal-marker occurrences, c = colloquial
    markers (app.checks.register); 0 for an empty text or one with no formal marker."""
    body = content_text(text)
    if not body:
        return 0.0
    formal = sum(body.count(m) for m in FORMAL_MARKERS)
    colloquial = len(find_colloquial(body))
    if formal == 0:
        return 0.0
    density = formal / (len(body) / 100)
    return min(1.0, density / FORMAL_DENSITY_TARGET) * formal / (formal + colloquial)


def enumeration_run(text: str) -> int:
    """How many consecutive ordinals from 一 the text uses in one enumeration form (一是/二是…, 一、/二、…,
    （一）/（二）…): the best form counts."""
    best = 0
    for form in _ENUMERATION_FORMS:
        run = 0
        for ordinal in ORDINALS:
            if not re.search(form.format(o=ordinal), text):
                break
            run += 1
        best = max(best, run)
    return best


def structure_score(text: str, asked: bool) -> float | None:
    """When the section type calls for enumerated points: min(1, run/3), run = enumeration_run (三点 is the
    usual minimum of an enumerated section). None when not asked."""
    if not asked:
        return None
    return min(1.0, enumeration_run(text) / 3)


# The writer's rules (ARCHITECTURE.md, "What a draft must be"), measured on the draft the writer gets.


def figures_not_from_writer(draft: str, own_texts: Sequence[str]) -> int:
    """Figures in the draft whose value is in none of the writer's texts (facts, request)."""
    allowed = allowed_values(own_texts)
    return sum(1 for mention in find_numbers(draft) if mention.key not in allowed)


def facts_used(draft: str, facts: Sequence[str]) -> float | None:
    """Share of the writer's facts with a figure whose figures all appear in the draft; None without such facts."""
    in_draft = {mention.key for mention in find_numbers(draft, strict=False)}
    with_figures = [keys for fact in facts if (keys := allowed_values([fact]))]
    if not with_figures:
        return None
    return sum(keys <= in_draft for keys in with_figures) / len(with_figures)


def artefact_texts(draft: str) -> list[str]:
    """The sentences of the draft that are not draft (app.checks.artefacts), as "标题路径：sentence" (the kind as the writer reads it)."""
    return [str(a) for a in find_artefacts(draft)]


def off_topic_share(query: str, draft: str, similarity: Callable[[str, str], float]) -> float | None:
    """Share of the draft's paragraphs whose similarity to the topic falls well below the others'
    (app.checks.topic.below_the_rest); None for a draft of fewer paragraphs than that rule compares."""
    paragraphs = [p for p in draft.split("\n\n") if p.strip()]
    if len(paragraphs) < MIN_SET:
        return None
    low = below_the_rest([similarity(query, p) for p in paragraphs])
    return sum(low) / len(low)


def broken_enumeration(draft: str) -> float:
    """1 when the draft's 一是/二是 leads do not count once through in order, else 0."""
    return 1.0 if enumeration_problems(draft) else 0.0


def copy_paste_floor(passages: Sequence[str], length: int) -> str:
    """What a writer gets by pasting the top passages, in order, cut to the asked length."""
    text = "\n\n".join(p.strip() for p in passages)
    kept, total = [], 0
    for ch in text:
        if total >= length:
            break
        kept.append(ch)
        total += not ch.isspace()
    return "".join(kept)


def length_ratio(draft: str, asked: int) -> float:
    return draft_length(draft) / asked
