"""Wall time per named stage, gathered by wrapping existing callables from outside, and the table of it.

The benchmarks time the product's own calls without adding timing code to the product modules:
`wrap` swaps an attribute (a module function or an instance method) for a timed forwarder.
`print_stage_table` prints the stages a row each, a column per run.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

Run = TypeVar("Run")


class StageTimer:
    """Accumulates seconds and call counts per stage; optionally keeps each call's duration."""

    def __init__(self, *, keep_samples: bool = False) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.samples: dict[str, list[float]] = defaultdict(list)
        # The part of each stage's seconds spent on threads other than the main one, overlapping its time.
        self.off_main_thread: dict[str, float] = defaultdict(float)
        self._keep_samples = keep_samples

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        """Replace `owner.name` by a forwarder that charges its wall time to `stage`.

        Wrapped callables must not call each other, or their time is counted twice.
        """
        original: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self.seconds[stage] += elapsed
                self.calls[stage] += 1
                if threading.current_thread() is not threading.main_thread():
                    self.off_main_thread[stage] += elapsed
                if self._keep_samples:
                    self.samples[stage].append(elapsed)

        setattr(owner, name, timed)

    def snapshot(self) -> dict[str, float]:
        return dict(self.seconds)

    def since(self, before: dict[str, float]) -> dict[str, float]:
        """Seconds per stage accumulated after `before` (a `snapshot()`)."""
        return {stage: seconds - before.get(stage, 0.0) for stage, seconds in self.seconds.items()}


def print_stage_table(
    runs: Mapping[str, Run], stages: Sequence[str], cell: Callable[[Run, str], str], *, stage_width: int, column_width: int
) -> None:
    """A header row of the runs' names, then a row per stage: `cell(run, stage)` in each run's column."""
    print(f"{'stage':<{stage_width}}" + "".join(f"{name:>{column_width}}" for name in runs))
    for stage in stages:
        print(f"{stage:<{stage_width}}" + "".join(f"{cell(run, stage):>{column_width}}" for run in runs.values()))
