"""What the writer asks: a drafting request, parsed into what the retriever should look for, and the
options beside it (section, length, facts, filters).

A request is an instruction ("请参照往年报告，起草2019年政府工作报告中'…'一节，约800字"), not a query:
the instruction words, the target length and the target document would only add noise to both the
dense and the keyword side. What is left is the topic; the rest becomes structured fields.

The year in a request is the year of the NEW document. It is returned for the draft's heading and
for soft preferences, never meant as a filter: the comparable passages are in earlier years' reports.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.checks.numerals import whole_number
from app.errors import UserError
from vectorstore.search_filters import SearchFilters

SECTION_ROLES = ("基本情况", "主要做法及成效", "存在问题", "下一步工作", "讲话要求", "开头", "结尾", "其他")

# Longer spellings first: the first pattern found names the document type.
_DOC_TYPES: tuple[tuple[str, str], ...] = (
    ("政府工作报告", "政府工作报告"),
    ("工作总结", "工作总结"),
    ("总结", "工作总结"),
    ("讲话稿", "讲话稿"),
    ("讲话", "讲话稿"),
    ("发言稿", "讲话稿"),
    ("汇报材料", "汇报材料"),
    ("汇报", "汇报材料"),
)

# Cue words for a role named in the request, checked in this order: "存在问题及下一步打算" is about
# problems first only when no forward-looking cue wins, so forward cues come before problem cues.
_ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("主要做法及成效", r"主要做法|做法(?:及|和|与)成效|工作成效|主要成效|取得的成绩|主要成绩|工作回顾|回顾"),
    ("基本情况", r"基本情况|总体情况|概况"),
    ("下一步工作", r"下一步|工作打算|工作思路|工作计划|工作安排|重点工作|主要任务|工作任务|工作建议|明年工作"),
    ("存在问题", r"存在(?:的)?问题|问题(?:和|与|及)不足|短板|薄弱环节"),
    ("讲话要求", r"讲话要求|几点要求|提(?:几点|出)要求"),
    ("开头", r"开头|开场白|导语|引言"),
    ("结尾", r"结尾|结束语|结语"),
)

_NUMBER = r"(\d{2,6}|[零一二两三四五六七八九十百千万]{1,8})"
_LENGTH = re.compile(
    r"[，,、；;（(\s]*(?:字数|篇幅|长度)?(?:约|大约|大概|控制在|不少于|不超过)?" + _NUMBER + r"\s*字(?:左右|上下|以内|以上)?[）)]?"
)
_QUOTED = re.compile(r"['‘“「『\"]([^'’”」』\"]{1,80})['’”」』\"]")
_ABOUT = re.compile(
    r"关于(.{1,60}?)的(?:一段|一节|段落|部分|内容|材料|文字|表述|一部分|汇报|总结|讲话|发言|报告|工作总结|政府工作报告)"
)
_PLACEHOLDER_REGION = re.compile(r"[为给替向]?某(?:某)?(?:省|市|县|区|镇|乡|单位)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_REGION = re.compile(
    r"([\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|省|市|县|区|旗))"
    r"(?=教育局|教育和体育局|教体局|人民政府|政府|委员会|党委|局|(?:19|20)\d{2}年)"
)
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
_INSTRUCTION = re.compile(
    r"请|帮(?:我|忙)?|麻烦|参照|参考|借鉴|依照|按照|往年|历年|以前|以往|之前|去年|前几年|的写法|写法|报告的|材料的"
    r"|起草|撰写|草拟|拟写|写作|写(?:一段|一节|一篇|一份|个)?|生成|形成"
    r"|一节|一段|一篇|一份|部分|段落|章节|小节|内容|其中|里面|里|中的|之中|我要|需要|要求字数|篇幅|字数"
)
# Particles left at a word's edge once the instruction words around them are gone ("…中", "的…").
_FILLER_EDGES = re.compile(r"^(?:中|的|关于|有关)+|(?:中|的|之)+$")
_FILLER_WORDS = frozenset({"一下", "一个", "个", "关于", "有关", "方面"})
_PUNCT = re.compile(r"[\s，,。.：:；;！!？?、'‘’“”\"「」『』（）()《》]+")


class InvalidRequest(UserError, ValueError):
    """A request or option that cannot be drafted from: empty, or a length that is not positive."""


@dataclass(frozen=True)
class DraftOptions:
    """What the writer chooses beside the request; None means "as the request says"."""

    section_type: str | None = None  # default: the role named in the request
    length: int | None = None  # target characters; default: the request's "约N字", else the tuning's default
    facts: Sequence[str] = ()
    fixed_phrases: Sequence[str] = ()  # the writer's phrases with numerals that are not figures, beyond the built-in list
    filters: SearchFilters = field(default_factory=SearchFilters)
    exclude_sources: Sequence[str] = ()
    include_sources: Sequence[str] = ()

    def search_filters(self) -> SearchFilters:
        """`filters` with the sources to leave out or keep to added."""
        base = self.filters
        return dataclasses.replace(
            base,
            exclude_sources=tuple(dict.fromkeys((*base.exclude_sources, *self.exclude_sources))),
            include_sources=tuple(dict.fromkeys((*base.include_sources, *self.include_sources))),
        )


@dataclass(frozen=True)
class DraftingRequest:
    query: str
    year: int | None
    section_role: str | None
    doc_type: str | None
    length: int | None
    region: str | None


def section_type_for(parsed: DraftingRequest, options: DraftOptions) -> str:
    """What the draft is written as: the writer's choice, else the role the request names, else 正文."""
    return options.section_type or parsed.section_role or "正文"


def _role_of(text: str) -> str | None:
    if not text:
        return None
    for role in SECTION_ROLES:
        if role in text:
            return role
    hits = [(m.start(), role) for role, cue in _ROLE_CUES if (m := re.search(cue, text))]
    return min(hits)[1] if hits else None


def _clean_query(text: str) -> str:
    text = _HEADING_NUMBER.sub("", text)
    return _PUNCT.sub(" ", text).strip()


def parse_drafting_request(text: str) -> DraftingRequest:
    """Split a drafting request into topic query and structured fields. Raises InvalidRequest on empty text."""
    if not text or not text.strip():
        raise InvalidRequest("drafting request is empty")
    rest = text.strip()

    length = None
    if m := _LENGTH.search(rest):
        length = whole_number(m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]

    quoted = [q.strip() for q in _QUOTED.findall(rest)]
    outside = _QUOTED.sub(" ", rest)

    year = None
    if m := _YEAR.search(outside):
        year = int(m.group(1))

    doc_type = next((name for pattern, name in _DOC_TYPES if pattern in outside), None)
    # Instruction verbs go first, or "起草青川县教育局" would make "起草青川县" the region.
    region = m.group(1).lstrip("为给替向") if (m := _REGION.search(_INSTRUCTION.sub(" ", outside))) else None
    if region is not None and (region.startswith("某") or len(region) < 2):
        region = None  # "某市" is a placeholder, not a place to filter on

    about = _ABOUT.search(rest)
    # A quoted term that is itself a section role names where the passage goes, not what it is about.
    role_quotes = [q for q in quoted if _role_of(q) and _clean_query(q) in SECTION_ROLES]
    topic_quotes = [q for q in quoted if q not in role_quotes]
    section_role = _role_of(" ".join(role_quotes)) or _role_of(" ".join(topic_quotes)) or _role_of(outside)

    if about:
        query = _clean_query(_QUOTED.sub(lambda q: q.group(1), about.group(1)))
    elif topic_quotes:
        query = _clean_query(" ".join(topic_quotes))
    else:
        query = _leftover_topic(outside, year=year, region=region)
    if not query:
        # Nothing but instructions and a role: the role itself is the best thing to look for.
        query = _clean_query(" ".join(role_quotes)) or _clean_query(rest)
    return DraftingRequest(
        query=query, year=year, section_role=section_role, doc_type=doc_type, length=length, region=region
    )


def _leftover_topic(text: str, *, year: int | None, region: str | None) -> str:
    if region:
        text = text.replace(region, " ")
    text = _PLACEHOLDER_REGION.sub(" ", text)
    if year is not None:
        text = re.sub(rf"{year}\s*年(?:度)?", " ", text, count=1)
    for pattern, _ in _DOC_TYPES:
        text = text.replace(pattern, " ")
    text = re.sub(r"教育局|人民政府|政府", " ", text) if region else text
    for _, cue in _ROLE_CUES:
        text = re.sub(cue, " ", text)
    text = _INSTRUCTION.sub(" ", text)
    words = (_FILLER_EDGES.sub("", w) for w in _PUNCT.sub(" ", text).split())
    return " ".join(w for w in words if w and w not in _FILLER_WORDS)
