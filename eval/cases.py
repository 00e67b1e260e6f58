"""Evaluation cases: one JSON object a line (ARCHITECTURE.md's case format), checked field by field.

Listed fields: id, request, reference?, exclude_sources?, facts?, filters?, length?. Labels for the
retrieval scorers are ours and optional: relevant_sources [NAME] and relevant_sections
[{"source": NAME, "heading": TEXT}]. Any other field is ignored. A bad line is reported with its
line number (1-based) and never stops the other lines from loading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vectorstore.search_filters import SearchFilters


@dataclass(frozen=True)
class RelevantSection:
    source: str
    heading: str


@dataclass(frozen=True)
class EvalCase:
    id: str
    request: str
    line: int
    reference: str | None = None
    exclude_sources: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    filters: dict[str, Any] = field(default_factory=dict)
    length: int | None = None
    relevant_sources: tuple[str, ...] = ()
    relevant_sections: tuple[RelevantSection, ...] = ()

    @property
    def search_filters(self) -> SearchFilters:
        return SearchFilters.from_mapping(self.filters)

    @property
    def named_sources(self) -> set[str]:
        """Every source file the case names: each must exist in the library it runs against."""
        return {*self.exclude_sources, *self.relevant_sources, *(s.source for s in self.relevant_sections)}


@dataclass(frozen=True)
class CaseError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CaseFileError(ValueError):
    """The case file as a whole cannot be read (missing, not UTF-8)."""


def _string_list(record: dict[str, Any], name: str) -> tuple[str, ...]:
    value = record.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"field {name!r} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _optional_string(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValueError(f"field {name!r} must be a non-empty string, got {value!r}")
    return value


def _sections(record: dict[str, Any]) -> tuple[RelevantSection, ...]:
    value = record.get("relevant_sections", [])
    if not isinstance(value, list):
        raise ValueError(f"field 'relevant_sections' must be a list, got {value!r}")
    sections = []
    for item in value:
        if not (isinstance(item, dict) and isinstance(item.get("source"), str) and isinstance(item.get("heading"), str)):
            raise ValueError(f"each of 'relevant_sections' needs string 'source' and 'heading', got {item!r}")
        sections.append(RelevantSection(item["source"], item["heading"]))
    return tuple(sections)


def parse_case(record: Any, line: int) -> EvalCase:
    """One case from its decoded JSON; ValueError (without the line number) when a listed field is bad."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    for name in ("id", "request"):
        if name not in record:
            raise ValueError(f"field {name!r} missing")
        if not isinstance(record[name], str) or not record[name].strip():
            raise ValueError(f"field {name!r} must be a non-empty string, got {record[name]!r}")
    filters = record.get("filters", {})
    if not isinstance(filters, dict):
        raise ValueError(f"field 'filters' must be an object, got {filters!r}")
    try:
        SearchFilters.from_mapping(filters)
    except (TypeError, ValueError) as err:
        raise ValueError(f"field 'filters': {err}") from None
    length = record.get("length")
    if length is not None and (isinstance(length, bool) or not isinstance(length, int) or length <= 0):
        raise ValueError(f"field 'length' must be a positive integer, got {length!r}")
    return EvalCase(
        id=record["id"].strip(),
        request=record["request"].strip(),
        line=line,
        reference=_optional_string(record, "reference"),
        exclude_sources=_string_list(record, "exclude_sources"),
        facts=_string_list(record, "facts"),
        filters=filters,
        length=length,
        relevant_sources=_string_list(record, "relevant_sources"),
        relevant_sections=_sections(record),
    )


def load_cases(path: Path) -> tuple[list[EvalCase], list[CaseError]]:
    """The good cases of a JSONL file and an error per bad line (blank lines are skipped).
    A repeated id is an error on the later line: results are keyed by id."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CaseFileError(f"{path}: cannot read the case file ({err})") from None
    cases: list[EvalCase] = []
    errors: list[CaseError] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            case = parse_case(json.loads(raw), line)
        except json.JSONDecodeError as err:
            errors.append(CaseError(line, f"not valid JSON ({err.msg} at column {err.colno})"))
            continue
        except ValueError as err:
            errors.append(CaseError(line, str(err)))
            continue
        if case.id in seen:
            errors.append(CaseError(line, f"id {case.id!r} already used on line {seen[case.id]}"))
            continue
        seen[case.id] = line
        cases.append(case)
    return cases, errors


def unknown_source_errors(cases: list[EvalCase], known_sources: set[str]) -> tuple[list[EvalCase], list[CaseError]]:
    """Split off cases naming a source file the library does not hold (a typo would silently turn an
    exclusion into a no-op and a label into a miss)."""
    good, errors = [], []
    for case in cases:
        unknown = sorted(case.named_sources - known_sources)
        if unknown:
            errors.append(CaseError(case.line, f"case {case.id!r} names sources not in the library: {', '.join(unknown)}"))
        else:
            good.append(case)
    return good, errors
