from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakes import FIXTURE_DOCUMENTS, FakeEmbedder  # noqa: E402

from vectorstore.chinese_tokens import ChineseTokenizer  # noqa: E402
from vectorstore.library import Library  # noqa: E402


@pytest.fixture(scope="session")
def tokenizer() -> ChineseTokenizer:
    # Loading jieba's dictionary costs ~0.7 s: share one tokenizer across the session.
    return ChineseTokenizer()


@pytest.fixture()
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _chroma_cli() -> str | None:
    beside_python = Path(sys.executable).with_name("chroma")
    return str(beside_python) if beside_python.exists() else shutil.which("chroma")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` server on a free local port, for the whole session."""
    cli = _chroma_cli()
    if cli is None:
        pytest.fail("the chroma CLI is not installed (chromadb installs it; run scripts/setup.sh --test)")
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [cli, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"chroma server did not start: {(data / 'server.log').read_text(errors='replace')}"
                    ) from None
                time.sleep(0.1)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


OpenLibrary = Callable[..., Library]


@pytest.fixture(params=["embedded", "server"])
def open_library(
    request: pytest.FixtureRequest, tmp_path: Path, tokenizer: ChineseTokenizer
) -> Iterator[OpenLibrary]:
    """Opens libraries on this test's store, with embedded Chroma or against the session's Chroma server.

    Each test gets its own collection on the shared server, so tests do not see each other's vectors.
    """
    server = request.getfixturevalue("chroma_server") if request.param == "server" else None
    collection = f"test-{uuid.uuid4().hex[:12]}"
    opened: list[Library] = []

    def _open(embedder: FakeEmbedder, store: Path | None = None, **options: object) -> Library:
        options.setdefault("tokenizer", tokenizer)
        library = Library.open(
            store or tmp_path / "store",
            embedder,
            chroma_host=server[0] if server else None,
            chroma_port=server[1] if server else None,
            collection=collection,
            **options,
        )
        opened.append(library)
        return library

    yield _open
    for library in opened:
        library.close()


@pytest.fixture()
def library(open_library: OpenLibrary, embedder: FakeEmbedder) -> Library:
    """A library holding the three fictional county reports of fakes.FIXTURE_DOCUMENTS."""
    library = open_library(embedder)
    with library.writing():
        for chunks in FIXTURE_DOCUMENTS:
            library.upsert_document(chunks)
    return library


DiskFull = Callable[[Library], AbstractContextManager[None]]


@pytest.fixture()
def disk_full() -> DiskFull:
    """`with disk_full(library): <a write>`: the library's catalog commit fails inside the block as on a
    full disk, the block must fail with that OSError, and commits work again after it."""

    def broken_commit(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    @contextmanager
    def failing_commits(library: Library) -> Iterator[None]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(library._catalog, "commit_entries", broken_commit)
            with pytest.raises(OSError, match="disk full"):
                yield

    return failing_commits
