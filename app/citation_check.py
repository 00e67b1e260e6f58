"""Citations must point at a passage that exists and that the cited sentence actually draws on.

A small model cites loosely: numbers beyond the passage list, or a marker after a sentence that has
nothing to do with the passage. Support is measured as the share of the sentence's character bigrams
found in the passage; generic bigrams of the official register (工作, 推进, 全面…) are left out of both
sides, or every sentence would "share content" with every passage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Model output varies: [1], ［1］, 【1】, [1,3], [1、3]. All become [1][3].
CITATION = re.compile(r"[\[［【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]")
_SENTENCE_END = "。！？；!?;"
_CONTENT_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
GENERIC_BIGRAMS = frozenset(
    "工作 推进 全面 加强 进一 一步 积极 不断 深入 持续 扎实 切实 有效 提升 提高 建设 发展 教育 全县 全市 "
    "我们 坚持 围绕 落实 开展 实施 推动 促进 强化 完善 健全 机制 体系 水平 质量 取得 成效 明显 显著 "
    "以来 今年 一年 重点 主要 方面 情况 问题 措施 努力 做好 抓好 着力 统筹 高质 质量 量发".split()
)
DEFAULT_MIN_OVERLAP = 0.15


@dataclass(frozen=True)
class RemovedCitation:
    n: int
    paragraph: int
    reason: str  # "no such passage" or "no shared content"
    overlap: float | None = None


@dataclass(frozen=True)
class ParagraphCitations:
    """A paragraph's citation status after checking: the passages it validly cites, what was removed,
    and which of the valid ones the pipeline attributed (app.citation_attribution) rather than the model."""

    paragraph: int
    valid: tuple[int, ...]
    removed: tuple[int, ...] = field(default=())
    attributed: tuple[int, ...] = field(default=())

    @property
    def has_valid_citation(self) -> bool:
        return bool(self.valid)


def content_bigrams(text: str) -> set[str]:
    chars = "".join(_CONTENT_CHAR.findall(CITATION.sub("", text)))
    return {chars[i : i + 2] for i in range(len(chars) - 1)} - GENERIC_BIGRAMS


def support(sentence: str, passage: str) -> float:
    """Share of the sentence's content bigrams that occur in the passage (0 when it has none)."""
    own = content_bigrams(sentence)
    return len(own & content_bigrams(passage)) / len(own) if own else 0.0


def cited_numbers(text: str) -> list[int]:
    return [int(n) for m in CITATION.finditer(text) for n in re.split(r"\s*[,，、]\s*", m.group(1))]


def sentence_before(paragraph: str, position: int) -> str:
    """The sentence a marker at `position` belongs to: the one it closes, or the one just ended before it."""
    head = CITATION.sub("", paragraph[:position]).rstrip()
    if head and head[-1] in _SENTENCE_END:
        head = head[:-1]
    cut = max(head.rfind(ch) for ch in _SENTENCE_END)
    return head[cut + 1 :].strip()


def check_paragraph(
    paragraph: str,
    passages: Mapping[int, str],
    *,
    paragraph_index: int,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> tuple[str, ParagraphCitations, list[RemovedCitation]]:
    """Rewrite the paragraph's markers as [n][m], keeping only supported ones; report what was removed."""
    removed: list[RemovedCitation] = []
    valid: list[int] = []
    pieces: list[str] = []
    cursor = 0
    for m in CITATION.finditer(paragraph):
        sentence = sentence_before(paragraph, m.start())
        kept: list[int] = []
        for n in (int(x) for x in re.split(r"\s*[,，、]\s*", m.group(1))):
            if n in kept:
                continue
            if n not in passages:
                removed.append(RemovedCitation(n, paragraph_index, "no such passage"))
                continue
            overlap = support(sentence, passages[n])
            if overlap < min_overlap:
                removed.append(RemovedCitation(n, paragraph_index, "no shared content", round(overlap, 3)))
                continue
            kept.append(n)
        pieces += [paragraph[cursor : m.start()], "".join(f"[{n}]" for n in kept)]
        cursor = m.end()
        valid += [n for n in kept if n not in valid]
    pieces.append(paragraph[cursor:])
    status = ParagraphCitations(paragraph_index, tuple(valid), tuple(r.n for r in removed))
    return "".join(pieces), status, removed
