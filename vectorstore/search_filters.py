"""Metadata filters for retrieval, rendered as a numpy mask over the keyword index's rows, which both the
dense and the keyword side apply (Chroma's own metadata filter costs seconds at 100k chunks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def _as_tuple(values: Iterable[str] | str | None, name: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    items = tuple(values)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"filter {name}: expected strings, got {item!r}")
    return items


@dataclass(frozen=True)
class SearchFilters:
    """Which chunks a search may return. Empty tuples mean "no restriction".

    A year range excludes chunks whose year is unknown (-1). Sources are file base names.
    """

    year_min: int | None = None
    year_max: int | None = None
    regions: tuple[str, ...] = field(default=())
    doc_types: tuple[str, ...] = field(default=())
    section_roles: tuple[str, ...] = field(default=())
    include_sources: tuple[str, ...] = field(default=())
    exclude_sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("regions", "doc_types", "section_roles", "include_sources", "exclude_sources"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name), name))
        for name in ("year_min", "year_max"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"filter {name}: expected an int year, got {value!r}")
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            raise ValueError(f"filter year range is empty: year_min {self.year_min} > year_max {self.year_max}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> SearchFilters:
        """Build from a plain dict (an eval case's "filters", a UI form); unknown keys are an error."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown filter field(s) {unknown}; known: {sorted(known)}")
        return cls(**dict(values))

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()

    def _membership(self) -> list[tuple[str, tuple[str, ...]]]:
        """(metadata key, allowed values) for each set filter given."""
        pairs = [
            ("region", self.regions),
            ("doc_type", self.doc_types),
            ("section_role", self.section_roles),
            ("source", self.include_sources),
        ]
        return [(key, values) for key, values in pairs if values]

    def mask(self, columns: Mapping[str, np.ndarray]) -> np.ndarray | None:
        """Boolean mask over rows of metadata columns (year: int array; the others: str object arrays)."""
        if self.is_empty:
            return None
        years = columns["year"]
        keep = np.ones(len(years), dtype=bool)
        if self.year_min is not None:
            keep &= years >= self.year_min
        if self.year_max is not None:
            keep &= (years <= self.year_max) & (years >= 0)
        for key, values in self._membership():
            keep &= np.isin(columns[key], list(values))
        if self.exclude_sources:
            keep &= ~np.isin(columns["source"], list(self.exclude_sources))
        return keep
