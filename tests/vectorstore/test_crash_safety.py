"""kill -9 in the middle of an ingest must leave no half-indexed document, and a re-run must converge, whether
documents are written one at a time or several together (`Library.upsert_documents`).

Every step runs in its own process (as `wengao ingest` would), since embedded Chroma is not shared
between processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parents[1]
N_DOCUMENTS = 4

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    sys.path.insert(0, {tests_dir!r})
    from fakes import FakeEmbedder, make_document
    from vectorstore.chroma_store import ChromaStore
    from vectorstore.library import Library

    store, revision, stall, marker, batch = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])

    def stall_here():
        marker.write_text("stalled")
        time.sleep(120)

    if stall == "mid-upsert":
        # Write half of the vectors of the write holding document 2, then hang: the kill lands with that
        # document half in Chroma (and, in a batch, the documents before it wholly).
        original_upsert = ChromaStore.upsert
        def upsert(self, ids, embeddings, texts, metadatas):
            half = len(ids) // 2
            original_upsert(self, ids[:half], embeddings[:half], texts[:half], metadatas[:half])
            if any(meta["source"] == "县2.txt" for meta in metadatas):
                stall_here()
            original_upsert(self, ids[half:], embeddings[half:], texts[half:], metadatas[half:])
        ChromaStore.upsert = upsert
    elif stall == "before-purge":
        # Hang after the new version is committed, before the old version's vectors are deleted.
        def delete(self, ids):
            stall_here()
        ChromaStore.delete = delete

    def state(library):
        report = library.check_consistency()
        docs = library.documents()
        return {{
            "consistent": report.consistent,
            "report": [len(report.chroma_only), len(report.catalog_only), len(report.unfinished_entries)],
            "documents": sorted([d.source, d.doc_id, d.n_chunks, len(library.chunks_of(d.doc_id))] for d in docs),
            "chunks": library.chunk_count(),
            "keyword_rows": len(library.keyword_index()),
            # Every vector Chroma returns is of a committed chunk (Chroma's ids against the catalog are
            # compared exactly by check_consistency; counting a dense query's hits is not exact: HNSW
            # may return fewer than asked once vectors were deleted, hnswlib issue 344).
            "stale_dense_hits": sum(
                hit.chunk_id not in library.keyword_index()
                for hit in library.dense_search(library.embedder.embed_query("报告"), n=10000)
            ),
        }}

    embedder = FakeEmbedder()
    library = Library.open(store, embedder)
    print("OPENED " + json.dumps(state(library)), flush=True)
    documents = [
        make_document(f"县{{i}}.txt", [f"县{{i}}第{{revision}}版报告第{{j}}段：推进控辍保学和两免一补。" for j in range(30)],
                      year=2000 + i)
        for i in range({n})
    ]
    for start in range(0, len(documents), batch):
        library.upsert_documents(documents[start : start + batch])
    print("DONE " + json.dumps(state(library)), flush=True)
    """
).format(tests_dir=str(TESTS_DIR), n=N_DOCUMENTS)


def _run(store: Path, revision: int, stall: str, marker: Path, batch: int = 1) -> subprocess.Popen[str]:
    """The child writing N_DOCUMENTS documents, `batch` to a write."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store), str(revision), stall, str(marker), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[dict, dict]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    lines = {line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1]) for line in out.splitlines() if " " in line}
    return lines["OPENED"], lines["DONE"]


def _kill_when_stalled(process: subprocess.Popen[str], marker: Path) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"child ended before stalling: {process.communicate()[1]}")
        assert time.monotonic() < deadline, "child never reached the stall point"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def _assert_whole(state: dict) -> None:
    assert state["consistent"], state["report"]
    for _source, _doc_id, n_chunks, stored in state["documents"]:
        assert stored == n_chunks
    assert state["chunks"] == sum(doc[2] for doc in state["documents"])
    assert state["keyword_rows"] == state["chunks"]
    assert state["stale_dense_hits"] == 0
    sources = [doc[0] for doc in state["documents"]]
    assert len(sources) == len(set(sources))


def test_kill_while_a_document_is_half_written(tmp_path: Path) -> None:
    store = tmp_path / "store"
    crashed = _run(store, 1, "mid-upsert", tmp_path / "stalled")
    _kill_when_stalled(crashed, tmp_path / "stalled")

    recovered, done = _finish(_run(store, 1, "none", tmp_path / "unused"))

    _assert_whole(recovered)
    assert [doc[0] for doc in recovered["documents"]] == ["县0.txt", "县1.txt"]
    _assert_whole(done)
    assert [doc[0] for doc in done["documents"]] == [f"县{i}.txt" for i in range(N_DOCUMENTS)]
    assert done["chunks"] == 30 * N_DOCUMENTS


def test_kill_after_commit_before_the_old_version_is_deleted(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _, first = _finish(_run(store, 1, "none", tmp_path / "unused"))
    crashed = _run(store, 2, "before-purge", tmp_path / "stalled")
    _kill_when_stalled(crashed, tmp_path / "stalled")

    recovered, done = _finish(_run(store, 2, "none", tmp_path / "unused"))

    _assert_whole(recovered)
    old_ids = {doc[1] for doc in first["documents"]}
    recovered_ids = {source: doc_id for source, doc_id, _, _ in recovered["documents"]}
    # Document 0's new version was committed before the kill; the rest still hold version 1.
    assert recovered_ids["县0.txt"] not in old_ids
    assert all(recovered_ids[f"县{i}.txt"] in old_ids for i in range(1, N_DOCUMENTS))
    _assert_whole(done)
    assert not ({doc[1] for doc in done["documents"]} & old_ids)
    assert done["chunks"] == 30 * N_DOCUMENTS


def test_kill_inside_a_batch_of_documents(tmp_path: Path) -> None:
    """Documents 0-2 written together: 0 and 1 wholly in Chroma and 2 half when the kill lands, none committed."""
    store = tmp_path / "store"
    crashed = _run(store, 1, "mid-upsert", tmp_path / "stalled", batch=3)
    _kill_when_stalled(crashed, tmp_path / "stalled")

    recovered, done = _finish(_run(store, 1, "none", tmp_path / "unused", batch=3))

    _assert_whole(recovered)
    assert recovered["documents"] == [] and recovered["chunks"] == 0
    _assert_whole(done)
    assert [doc[0] for doc in done["documents"]] == [f"县{i}.txt" for i in range(N_DOCUMENTS)]
    assert done["chunks"] == 30 * N_DOCUMENTS


def test_kill_after_a_batch_commit_before_the_old_versions_are_deleted(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _, first = _finish(_run(store, 1, "none", tmp_path / "unused", batch=3))
    crashed = _run(store, 2, "before-purge", tmp_path / "stalled", batch=3)
    _kill_when_stalled(crashed, tmp_path / "stalled")

    recovered, done = _finish(_run(store, 2, "none", tmp_path / "unused", batch=3))

    _assert_whole(recovered)
    old_ids = {doc[1] for doc in first["documents"]}
    recovered_ids = {source: doc_id for source, doc_id, _, _ in recovered["documents"]}
    # The batch of documents 0-2 was committed before the kill; document 3 still holds version 1.
    assert all(recovered_ids[f"县{i}.txt"] not in old_ids for i in range(3))
    assert recovered_ids["县3.txt"] in old_ids
    _assert_whole(done)
    assert not ({doc[1] for doc in done["documents"]} & old_ids)
    assert done["chunks"] == 30 * N_DOCUMENTS
