"""read_ahead: an iterator's items made on another thread, in order, errors in their place."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from ingest.read_ahead import read_ahead


def test_items_come_in_order_made_on_another_thread() -> None:
    makers: set[str] = set()

    def items() -> Iterator[int]:
        for i in range(50):
            makers.add(threading.current_thread().name)
            yield i

    assert list(read_ahead(items(), depth=4)) == list(range(50))
    assert makers == {"read-ahead"}


def test_an_error_is_raised_in_its_place() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("broken file")

    taken: list[int] = []
    with pytest.raises(ValueError, match="broken file"):
        for item in read_ahead(items(), depth=8):
            taken.append(item)
    assert taken == [1, 2]


def test_the_maker_stays_at_most_depth_ahead_and_stops_when_the_taker_leaves() -> None:
    made: list[int] = []

    def items() -> Iterator[int]:
        for i in range(1000):
            made.append(i)
            yield i

    ahead = read_ahead(items(), depth=3)
    assert next(ahead) == 0
    time.sleep(0.3)
    # One taken, `depth` waiting, and one made that waits for room.
    assert len(made) <= 1 + 3 + 1
    ahead.close()
    assert not any(thread.name == "read-ahead" for thread in threading.enumerate())
    assert len(made) < 1000
