"""The outline of a whole document: its sections in order, each with a heading level, a role and a length
budget; what the writer confirms (edits, reorders, deletes) before anything is drafted.

Headings are kept without their numbers ("基本情况", not "一、基本情况"): a writer who deletes or moves a
section should not have to renumber the rest, so numbers are given when the outline is shown or written.
Level 0 is a paragraph without heading (the opening of a report, the closing words of a speech); level 1
is 一、, level 2 is （一）. A section with budget 0 is a heading only: the （一）（二） under it carry the text.

The outline travels as JSON (`--outline-only --json`, saved drafts) or as markdown a writer edits:

    # 青川县教育局2024年工作总结
    （开头）200字
    ## 一、基本情况 400字
    ## 二、主要做法及成效
    ### （一）坚持党建引领，办学方向更加坚定 500字
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.checks.numerals import whole_number
from app.drafting.request import SECTION_ROLES, parse_drafting_request
from app.errors import UserError
from ingest.section_role import role_for

LEVELS = (0, 1, 2)
MIN_BUDGET = 50
MAX_BUDGET = 5000
MAX_TITLE_CHARS = 40
_NUMERALS = "一二三四五六七八九十"
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
_MD_BUDGET = re.compile(r"[\s：:，,（(]*(?:约|共)?\s*(\d{2,5}|[一二两三四五六七八九十百千]+)\s*字[）)]?\s*$")
_MD_OPENING = re.compile(r"^[（(](开头|开场|导语|结尾|结束语)[）)]")


class OutlineError(UserError, ValueError):
    """An outline that cannot be drafted from; the message names the section and the field."""


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (outlines do not reach a hundred sections)."""
    if n <= 10:
        return "十" if n == 10 else _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (_NUMERALS[ones - 1] if ones else "")


def bare_title(heading: str) -> str:
    """A heading without its number: "二、主要做法及成效" → "主要做法及成效"."""
    return _HEADING_NUMBER.sub("", heading.strip()).strip()


@dataclass(frozen=True)
class OutlineSection:
    title: str  # the heading without its number; "" at level 0
    level: int  # 0: a paragraph without heading, 1: 一、, 2: （一）
    role: str  # the part of earlier reports its passages come from (app.drafting.request.SECTION_ROLES)
    budget: int  # target characters; 0: a heading whose sub-sections carry the text
    sources: tuple[str, ...] = ()  # the earlier passages it will draw on, as the writer reads them

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "level": self.level, "role": self.role, "budget": self.budget,
                "sources": list(self.sources)}


@dataclass(frozen=True)
class ReportOutline:
    title: str  # the document's title: "青川县教育局2024年工作总结"
    doc_type: str  # 工作总结, 讲话稿, 汇报材料, 政府工作报告, …
    year: int | None  # the new document's year
    organisation: str  # who writes it, as the request names it ("青川县教育局"); "" when not named
    sections: tuple[OutlineSection, ...] = field(default_factory=tuple)

    @property
    def length(self) -> int:
        return sum(s.budget for s in self.sections)

    def headings(self) -> list[str]:
        """Each section's heading with its number ("一、基本情况", "（二）……"); "" at level 0."""
        numbered, top, sub = [], 0, 0
        for section in self.sections:
            if section.level == 1:
                top, sub = top + 1, 0
                numbered.append(f"{chinese_numeral(top)}、{section.title}")
            elif section.level == 2:
                sub += 1
                numbered.append(f"（{chinese_numeral(sub)}）{section.title}")
            else:
                numbered.append("")
        return numbered

    def drafted(self) -> list[int]:
        """The sections that get text of their own, in order."""
        return [i for i, s in enumerate(self.sections) if s.budget > 0]

    def children(self, index: int) -> list[int]:
        """The （一）s right under the 一、 at `index`, in order."""
        found = []
        if self.sections[index].level == 1:
            for i in range(index + 1, len(self.sections)):
                if self.sections[i].level != 2:
                    break
                found.append(i)
        return found

    def parent_of(self, index: int) -> int | None:
        """The level-1 section a level-2 section sits under."""
        if self.sections[index].level != 2:
            return None
        return next((i for i in range(index - 1, -1, -1) if self.sections[i].level == 1), None)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "doc_type": self.doc_type, "year": self.year, "organisation": self.organisation,
                "length": self.length, "sections": [s.as_dict() for s in self.sections]}

    def to_markdown(self) -> str:
        lines = [f"# {self.title}"]
        for section, heading in zip(self.sections, self.headings()):
            budget = f" {section.budget}字" if section.budget else ""
            if section.level == 0:
                lines.append(f"（{'结尾' if section.role == '结尾' else '开头'}）{budget.strip()}")
            else:
                lines.append(f"{'#' * (section.level + 1)} {heading}{budget}")
            lines += [f"  - 参考：{source}" for source in section.sources]
        return "\n".join(lines) + "\n"


def validated(outline: ReportOutline) -> ReportOutline:
    """The outline when it can be drafted from; raises OutlineError naming the section and field."""
    if not outline.title.strip():
        raise OutlineError("提纲缺少标题（title）")
    if not outline.sections:
        raise OutlineError("提纲没有任何部分（sections 为空）")
    for i, section in enumerate(outline.sections):
        where = f"第{i + 1}部分（sections[{i}]）"
        if section.level not in LEVELS:
            raise OutlineError(f"{where}：层级（level）只能是 0（无标题段落）、1（一、）或 2（（一））")
        if section.level and not section.title.strip():
            raise OutlineError(f"{where}：标题（title）为空")
        if len(section.title) > MAX_TITLE_CHARS:
            raise OutlineError(f"{where}：标题超过 {MAX_TITLE_CHARS} 字")
        if section.level == 2 and outline.parent_of(i) is None:
            raise OutlineError(f"{where}“{section.title}”：二级标题（（一））前面没有一级标题（一、）")
        if section.role not in SECTION_ROLES:
            raise OutlineError(f"{where}：未知的部分类型（role）“{section.role}”，可用：{'、'.join(SECTION_ROLES)}")
        if section.budget == 0 and not outline.children(i):
            raise OutlineError(f"{where}“{section.title or '无标题段落'}”：字数（budget）为 0，且下面没有二级标题")
        if section.budget and not MIN_BUDGET <= section.budget <= MAX_BUDGET:
            raise OutlineError(f"{where}“{section.title or '无标题段落'}”：字数（budget）应在 {MIN_BUDGET}–{MAX_BUDGET} 之间，现为 {section.budget}")
    return outline


def role_of_heading(title: str, *, doc_type: str, parent_role: str | None = None) -> str:
    """The role a heading's passages come from: a sub-heading keeps its parent's role unless its own
    words name another; a heading without cue words is 其他 (or 讲话要求 in a speech)."""
    own = role_for((title,), "", doc_type=doc_type, after_opinion_cue=False)
    if parent_role and own in ("其他", "讲话要求"):
        return parent_role
    return own


def outline_from_dict(data: Mapping[str, Any]) -> ReportOutline:
    """An outline from its JSON form; a role left out is read from the heading. Raises OutlineError."""
    if not isinstance(data, Mapping):
        raise OutlineError("提纲应是一个 JSON 对象（含 title 和 sections）")
    title = str(data.get("title") or "").strip()
    parsed = parse_drafting_request(title) if title else None
    doc_type = str(data.get("doc_type") or (parsed.doc_type if parsed else None) or "工作总结")
    year = data.get("year", parsed.year if parsed else None)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list):
        raise OutlineError("提纲的 sections 应是一个列表")
    sections: list[OutlineSection] = []
    for i, raw in enumerate(raw_sections):
        if not isinstance(raw, Mapping):
            raise OutlineError(f"第{i + 1}部分（sections[{i}]）应是一个对象")
        level = _int_field(raw.get("level", 1), f"sections[{i}].level")
        section_title = bare_title(str(raw.get("title") or ""))
        parent_role = next((s.role for s in reversed(sections) if s.level == 1), None) if level == 2 else None
        role = str(raw.get("role") or "") or _default_role(section_title, level, doc_type, parent_role, first=not sections)
        sources = raw.get("sources") or []
        sections.append(OutlineSection(
            title=section_title, level=level, role=role, budget=_int_field(raw.get("budget", 0), f"sections[{i}].budget"),
            sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
        ))
    return validated(ReportOutline(
        title=title, doc_type=doc_type, year=_int_field(year, "year") if year not in (None, "") else None,
        organisation=str(data.get("organisation") or ""), sections=tuple(sections),
    ))


def _default_role(title: str, level: int, doc_type: str, parent_role: str | None, *, first: bool) -> str:
    if level == 0:
        return "开头" if first else "结尾"
    return role_of_heading(title, doc_type=doc_type, parent_role=parent_role)


def _int_field(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise OutlineError(f"{name} 应是整数，现为 {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise OutlineError(f"{name} 应是整数，现为 {value!r}") from None


def outline_from_json(text: str) -> ReportOutline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise OutlineError(f"提纲不是有效的 JSON（第{err.lineno}行第{err.colno}列：{err.msg}）") from None
    return outline_from_dict(data)


def outline_from_markdown(text: str, *, base: ReportOutline | None = None) -> ReportOutline:
    """An outline edited as markdown (the form `to_markdown` writes). Sources lines are kept as given;
    doc type, year and organisation come from `base` when given, else from the title."""
    title, sections = "", []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("- 参考", "-参考")):
            if stripped and sections:
                sections[-1]["sources"].append(stripped.split("：", 1)[-1].strip())
            continue
        if re.match(r"^#(?!#)", stripped):
            title = stripped.lstrip("#").strip()
            continue
        level, body = _markdown_level(stripped)
        if level is None:
            raise OutlineError(f"提纲第{number}行无法识别：“{stripped[:30]}”（一级标题以 ## 开头，二级以 ### 开头，无标题段落写作（开头）200字）")
        budget_match = _MD_BUDGET.search(body)
        budget = whole_number(budget_match.group(1)) if budget_match else 0
        heading = body[: budget_match.start()] if budget_match else body
        sections.append({"title": "" if level == 0 else bare_title(heading), "level": level, "budget": budget,
                         "sources": [], "role": _markdown_role(heading) if level == 0 else ""})
    data: dict[str, Any] = {"title": title or (base.title if base else ""), "sections": sections}
    if base is not None:
        data |= {"doc_type": base.doc_type, "year": base.year, "organisation": base.organisation}
    return outline_from_dict(data)


def _markdown_level(line: str) -> tuple[int | None, str]:
    if _MD_OPENING.match(line):
        return 0, line
    hashes = len(line) - len(line.lstrip("#"))
    if hashes in (2, 3):
        return hashes - 1, line[hashes:].strip()
    return None, line


def _markdown_role(line: str) -> str:
    match = _MD_OPENING.match(line)
    return "结尾" if match and match.group(1) in ("结尾", "结束语") else "开头"


def with_sections(outline: ReportOutline, sections: Sequence[OutlineSection]) -> ReportOutline:
    """The outline with other sections (as the writer edited them), validated."""
    return validated(ReportOutline(outline.title, outline.doc_type, outline.year, outline.organisation, tuple(sections)))


def read_outline_file(path: Path) -> ReportOutline:
    """An outline the writer edited: .json (as `--outline-only --json` prints it) or markdown (.md, .txt).
    Raises OutlineError naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise OutlineError(f"{path.name}：无法读取提纲文件（{err}）") from None
    try:
        if path.suffix.lower() == ".json":
            return outline_from_json(text)
        return outline_from_markdown(text)
    except OutlineError as err:
        raise OutlineError(f"{path.name}：{err}") from None
