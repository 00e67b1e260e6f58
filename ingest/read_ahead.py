"""An iterator's items made on a thread of their own, up to `depth` ahead of whoever takes them.

Chunking the next files (Python, holding the GIL) while the current batch is embedded (ONNX Runtime,
which releases it) uses the time the embedder leaves a core idle.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# How long the making thread waits for room before it checks whether the taker has gone.
_PUT_WAIT_S = 0.1


@dataclass(frozen=True)
class _Raised:
    error: BaseException


_END = object()


def read_ahead(items: Iterable[T], *, depth: int) -> Iterator[T]:
    """`items`, in order, made on another thread at most `depth` ahead; an error it raises is raised here,
    at its place in the order. Closing this iterator early stops the thread at its next item."""
    made: queue.Queue[object] = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def hand_over(item: object) -> bool:
        while not stopped.is_set():
            try:
                made.put(item, timeout=_PUT_WAIT_S)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not hand_over(item):
                    return
        except BaseException as err:  # noqa: BLE001 - handed to the taker, who raises it
            hand_over(_Raised(err))
            return
        hand_over(_END)

    maker = threading.Thread(target=make, name="read-ahead", daemon=True)
    maker.start()
    try:
        while True:
            item = made.get()
            if item is _END:
                return
            if isinstance(item, _Raised):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stopped.set()
        maker.join()
