"""Text primitives the checks share: the citation marker, sentences, lengths, and "support" (the share
of a sentence's content a passage has).

Support is measured on character bigrams of content characters; generic bigrams of the official
register (工作, 推进, 全面…) are left out of both sides, or every sentence would "share content" with
every passage.
"""

from __future__ import annotations

import re

# Model output varies: [1], ［1］, 【1】, [1,3], [1、3]. All are one marker citing each number.
CITATION = re.compile(r"[\[［【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]")
SENTENCE_ENDS = "。！？；!?;"
# A sentence with the citation markers that close it.
_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}]+[{SENTENCE_ENDS}]?(?:\s*[\[［【][\d,，、\s]+[\]］】])*")
CONTENT_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
GENERIC_BIGRAMS = frozenset(
    "工作 推进 全面 加强 进一 一步 积极 不断 深入 持续 扎实 切实 有效 提升 提高 建设 发展 教育 全县 全市 "
    "我们 坚持 围绕 落实 开展 实施 推动 促进 强化 完善 健全 机制 体系 水平 质量 取得 成效 明显 显著 "
    "以来 今年 一年 重点 主要 方面 情况 问题 措施 努力 做好 抓好 着力 统筹 高质 质量 量发".split()
)


def cited_numbers(text: str) -> list[int]:
    """The passage numbers the markers in `text` cite, in order (repeats kept)."""
    return [int(n) for m in CITATION.finditer(text) for n in re.split(r"\s*[,，、]\s*", m.group(1))]


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its end mark and the citation markers after it."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `split_sentences` lies in `text`, as (start, end)."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def sentence_before(paragraph: str, position: int) -> str:
    """The sentence a marker at `position` belongs to: the one it closes, or the one just ended before it."""
    head = CITATION.sub("", paragraph[:position]).rstrip()
    if head and head[-1] in SENTENCE_ENDS:
        head = head[:-1]
    cut = max(head.rfind(ch) for ch in SENTENCE_ENDS)
    return head[cut + 1 :].strip()


def draft_length(text: str) -> int:
    """Characters of text: citation markers and whitespace do not count."""
    return len(re.sub(r"\s", "", CITATION.sub("", text)))


def content_chars(text: str) -> str:
    """The text's content characters (Chinese, letters, digits), citation markers left out."""
    return "".join(CONTENT_CHAR.findall(CITATION.sub("", text)))


def content_bigrams(text: str) -> set[str]:
    chars = content_chars(text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)} - GENERIC_BIGRAMS


def support(sentence: str, passage: str) -> float:
    """Share of the sentence's content bigrams that occur in the passage (0 when it has none)."""
    own = content_bigrams(sentence)
    return len(own & content_bigrams(passage)) / len(own) if own else 0.0
