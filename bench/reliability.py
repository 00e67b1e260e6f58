"""Reliability (issue 15, "never lose a writer's library, never leak it"): the real `wengao` command, run as a
writer runs it, against bad input, kill -9, a concurrent reader and a second writer, and mistaken prunes.

    python -m bench.reliability [--out FILE.json] [--workdir DIR]

Every step is a subprocess of the `wengao` console script beside this Python (WENGAO_STORE unset, --store
given); the script never opens a store itself while one of them may write to it. Library checks (document
count, duplicate ids, Chroma and catalog in step) run `app.library.open_library` in a child process of their
own. Prints a table (case, expected, outcome, PASS/FAIL), writes it as JSON (default
bench/results/reliability.json), and exits with status 1 when any case fails. WORKDIR (default
/tmp/wengao-reliability) is emptied first; every command's stdout and stderr are kept in WORKDIR/logs.

Cases, in the order they run (the table lists them by number):
2. kill -9 of `wengao ingest` of the 8 sample reports into a fresh store, at three moments, each followed by
   the same ingest run to completion: (a) early, 1 s into the ONNX export of the embedding model that the
   first ingest makes (into WORKDIR/models, every command's WENGAO_MODELS_DIR; nothing committed yet); (b) in
   the middle, when the store's catalog.sqlite3 (read read-only) shows at least one document committed and not
   all (the ingest writes its files in batches of 32 chunks, doubling: the 8 reports, 121 chunks, make 2);
   (c) late, as soon as the last document is committed (before the BM25 index is rebuilt and the process
   ends). Expected after the re-run: exit 0, 8 documents, no duplicate doc or chunk ids (library and search
   hits), Chroma and the catalog consistent, a search finds passages. Only (a) pays for the export, which
   every later command shares; the store finished in (a) supplies the embedding cache, where said, that other
   cases' stores start from.
1. One batch: the 8 sample reports plus bad files made here (corrupt .docx, .docx zip bomb, encrypted .pdf,
   binary .txt, empty .txt, a .txt over WENGAO_MAX_FILE_MB=0.5, site boilerplate only, a .xlsx). Expected: exit
   1, each bad file named on exactly one line of stderr (and, with --json, the 7 readable-type ones in exactly
   one failed report, the .xlsx on stderr), every good file added, a search finds sample text.
3. While `wengao ingest` adds 70 reworded copies of the reports to a filled store: `wengao search` run again
   and again exits 0 with hits, and a second `wengao ingest` exits non-zero saying another ingest is running.
4. `--prune` on a filled store: a mistyped folder and an empty folder delete nothing and say why (exit
   non-zero); after a report is removed from the folder, `--prune --dry-run` lists exactly it as "would be
   deleted" and deletes nothing, and `--prune` deletes exactly it; a subfolder that cannot be read (chmod 000,
   not testable as root) blocks the prune and is named.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.text_encoding import decode_text
from vectorstore.library import CATALOG_FILE

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "app" / "sample_library" / "reports"
RESULTS = Path(__file__).parent / "results" / "reliability.json"
WENGAO = Path(sys.executable).with_name("wengao")
MARKER = ".wengao-reliability"  # marks a work folder this script may empty

QUERY = "控辍保学 劝返复学"
VARIANTS = 10  # reworded copies of each text report in case 3: enough work for several searches meanwhile
POLL_S = 0.01
INGEST_TIMEOUT_S = 1800  # the first ingest exports the ONNX model; the machine may be loaded
COMMAND_TIMEOUT_S = 600

# Lines a document-sharing site wraps around a report (ingest/site_noise.py recognises each one).
BOILERPLATE = [
    "下载本文档需要登录", "VIP专享", "本文档由用户上传", "立即下载", "还剩5页未读，继续阅读", "展开阅读全文",
    "如有侵权请联系网站删除", "扫码关注公众号", "本文档共3页", "全文阅读已结束，下载本文档需要使用1下载券",
]

# Run in a child process: the library as `app.library` opens it (recovery included), checked.
LIBRARY_STATE = """
import json, sys
from collections import Counter
from pathlib import Path
from app.library import open_library
from app.settings import Settings
with open_library(Settings(store=Path(sys.argv[1]))) as library:
    ids = library.document_ids()
    report = library.check_consistency()
    chunk_keys = Counter()
    for doc_id in set(ids.values()):
        chunk_keys.update((doc_id, c.metadata.get("chunk_index")) for c in library.chunks_of(doc_id))
    print(json.dumps({
        "documents": len(ids),
        "listed": len(library.documents()),
        "distinct_doc_ids": len(set(ids.values())),
        "duplicate_chunks": sum(n - 1 for n in chunk_keys.values()),
        "chunks": library.chunk_count(),
        "consistent": report.consistent,
        "chroma_only": len(report.chroma_only),
        "catalog_only": len(report.catalog_only),
        "unfinished": len(report.unfinished_entries),
        "sources": sorted(ids),
    }, ensure_ascii=False))
"""


# -- running wengao ------------------------------------------------------------------------------------------

def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WENGAO_STORE", "WENGAO_MAX_FILE_MB")}
    env["PYTHONUNBUFFERED"] = "1"  # a killed process's log shows how far it got
    return {**env, **(extra or {})}


@dataclass
class Run:
    label: str
    code: int | None  # None: killed by this script
    stdout: str
    stderr: str
    seconds: float

    @property
    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in re.split(r"[\r\n]+", self.stderr) if line.strip()]


@dataclass
class Started:
    label: str
    proc: subprocess.Popen
    out: Path
    err: Path
    t0: float = field(default_factory=time.perf_counter)
    ended: float | None = None  # set by `watch` the moment the process ends

    def watch(self) -> None:
        self.proc.wait()
        self.ended = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the start, up to the process's end once it has ended."""
        return (self.ended or time.perf_counter()) - self.t0

    def running(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL to the process group this script started for the command."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def finish(self, timeout: float = COMMAND_TIMEOUT_S, *, killed: bool = False) -> Run:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            killed = True
        while self.ended is None:  # the watcher thread records the end a moment after wait() returns
            time.sleep(0.001)
        seconds = self.elapsed()
        return Run(self.label, None if killed else self.proc.returncode,
                   self.out.read_text(encoding="utf-8", errors="replace"),
                   self.err.read_text(encoding="utf-8", errors="replace"), seconds)


class Commands:
    """Starts commands with numbered logs under WORKDIR/logs."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def start(self, label: str, argv: list[str], *, env: dict[str, str] | None = None) -> Started:
        self.count += 1
        stem = self.logs / f"{self.count:02d}-{re.sub(r'[^A-Za-z0-9]+', '-', label).strip('-')}"
        out, err = stem.with_suffix(".out"), stem.with_suffix(".err")
        (stem.with_suffix(".cmd")).write_text(" ".join(argv) + "\n", encoding="utf-8")
        with out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                    cwd=self.workdir, env=env or child_env(), start_new_session=True)
        started = Started(label, proc, out, err)
        threading.Thread(target=started.watch, daemon=True).start()
        return started

    def wengao(self, label: str, *args: str, env: dict[str, str] | None = None) -> Started:
        return self.start(label, [str(WENGAO), *args], env=env)

    def run(self, label: str, *args: str, env: dict[str, str] | None = None,
            timeout: float = COMMAND_TIMEOUT_S) -> Run:
        return self.wengao(label, *args, env=env).finish(timeout)

    def search(self, store: Path, label: str = "search", query: str = QUERY) -> Run:
        return self.run(label, "search", query, "--store", str(store), "--k", "10", "--json")

    def library_state(self, store: Path) -> dict:
        """What `open_library` finds in the store (run in a child process: never while a writer runs)."""
        env = child_env({"PYTHONPATH": str(REPO)})
        run = self.start("library-state", [sys.executable, "-c", LIBRARY_STATE, str(store)], env=env).finish()
        if run.code != 0:
            return {"error": (run.stderr.strip().splitlines() or ["no output"])[-1]}
        return json.loads(run.stdout.strip().splitlines()[-1])


# -- reading the catalog read-only ---------------------------------------------------------------------------

def catalog_counts(store: Path) -> dict[str, int] | None:
    """Document entries by state and the catalog version, read read-only; None before the catalog exists."""
    path = store / CATALOG_FILE
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            states = dict(db.execute("SELECT state, COUNT(*) FROM documents GROUP BY state").fetchall())
            version = db.execute("SELECT value FROM state WHERE key = 'version'").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return None  # not created yet, or briefly locked
    return {"pending": 0, "complete": 0, "deleting": 0, **states, "version": int(version[0][0]) if version else 0}


def committed(store: Path) -> int:
    counts = catalog_counts(store)
    return counts["complete"] if counts else 0


# -- checks shared by the cases ------------------------------------------------------------------------------

def search_check(cmd: Commands, store: Path, label: str = "search") -> tuple[bool, str, Run]:
    """A search exits 0 with hits, none of them twice."""
    run = cmd.search(store, label)
    hits = run.json_lines
    keys = [(h["metadata"].get("doc_id"), h["metadata"].get("chunk_index")) for h in hits]
    repeated = len(keys) - len(set(keys))
    ok = run.code == 0 and bool(hits) and repeated == 0
    text = f"search exit {run.code}, {len(hits)} hits" + (f", {repeated} repeated" if repeated else "")
    return ok, text, run


def library_check(cmd: Commands, store: Path, documents: int) -> tuple[bool, str, dict]:
    """`documents` documents, each once, its chunks once, Chroma and the catalog in step."""
    state = cmd.library_state(store)
    if "error" in state:
        return False, f"library did not open: {state['error']}", state
    ok = (state["documents"] == state["listed"] == state["distinct_doc_ids"] == documents
          and state["duplicate_chunks"] == 0 and state["consistent"])
    text = (f"{state['documents']} docs ({state['distinct_doc_ids']} distinct doc ids), "
            f"{state['chunks']} chunks, {state['duplicate_chunks']} duplicate chunks, "
            + ("consistent" if state["consistent"] else
               f"INCONSISTENT (chroma-only {state['chroma_only']}, catalog-only {state['catalog_only']}, "
               f"unfinished {state['unfinished']})"))
    return ok, text, state


def row(case: str, expected: str, outcome: str, passed: bool, **details) -> dict:
    return {"case": case, "expected": expected, "outcome": outcome, "passed": passed, "details": details}


def copy_reports(folder: Path) -> Path:
    return Path(shutil.copytree(SAMPLES, folder))


def seeded_store(path: Path, template: Path, *, with_cache: bool) -> Path:
    """An empty store (holding the template's embedding cache `with_cache`)."""
    path.mkdir(parents=True)
    if with_cache:
        for cache in template.glob("embedding_cache.sqlite3*"):
            shutil.copy2(cache, path / cache.name)
    return path


# -- case 2: kill -9 -----------------------------------------------------------------------------------------

class KillEarly:
    """1 s into the ONNX export (the `models` folder appeared), nothing committed."""

    def __init__(self, models: Path) -> None:
        self.models = models
        self.export_seen: float | None = None

    def __call__(self, store: Path, started: Started) -> str | None:
        if committed(store):
            return "too late: a document was already committed"
        if self.export_seen is None and self.models.is_dir():
            self.export_seen = started.elapsed()
        if self.export_seen is not None and started.elapsed() - self.export_seen >= 1.0:
            return f"1 s into the ONNX export (started at {self.export_seen:.1f} s), nothing committed"
        if self.export_seen is None and catalog_counts(store) is not None:
            return "the library is open (no ONNX export to make), nothing committed"
        return None


def kill_middle(store: Path, started: Started, total: int) -> str | None:
    done = committed(store)
    if done >= total:
        return f"too late: all {total} documents committed"
    return f"{done} of {total} documents committed" if done else None


def kill_late(store: Path, started: Started, total: int) -> str | None:
    counts = catalog_counts(store)
    if counts and counts["complete"] >= total:
        on_disk = any((store / "bm25").glob(f"v{counts['version']}-*")) if (store / "bm25").is_dir() else False
        return (f"all {total} documents committed, BM25 index of the final version "
                + ("already on disk" if on_disk else "not yet built"))
    return None


def kill_case(cmd: Commands, name: str, store: Path, folder: Path, when: Callable[[Path, Started], str | None],
              intended: str) -> dict:
    total = len(list(folder.iterdir()))
    started = cmd.wengao(f"{name}-killed", "ingest", str(folder), "--store", str(store), "--json")
    moment = None
    while started.running() and started.elapsed() < INGEST_TIMEOUT_S:
        moment = when(store, started)
        if moment:
            break
        time.sleep(POLL_S)
    still_running = started.running()
    at = started.elapsed()
    if still_running:
        started.kill()
    started.finish(killed=still_running)
    hit = still_running and moment is not None and not moment.startswith("too late")
    if still_running:
        killed = f"killed at {at:.1f} s: {moment or 'timeout'}"
    else:
        killed = f"not killed: the ingest ended by itself after {at:.1f} s (exit {started.proc.returncode})"
    left = catalog_counts(store) or {"complete": 0, "pending": 0, "deleting": 0}
    rerun = cmd.run(f"{name}-rerun", "ingest", str(folder), "--store", str(store), "--json", timeout=INGEST_TIMEOUT_S)
    statuses = Counter(r.get("status") for r in rerun.json_lines)
    lib_ok, lib_text, state = library_check(cmd, store, total)
    search_ok, search_text, _ = search_check(cmd, store, f"{name}-search")
    passed = hit and rerun.code == 0 and not statuses.get("failed") and lib_ok and search_ok
    outcome = (f"{killed}; left {left['complete']} committed, {left['pending']} pending; re-run exit {rerun.code} "
               f"({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))}, {rerun.seconds:.0f} s); "
               f"{lib_text}; {search_text}")
    return row(f"2{name[-1]} kill -9 {intended}",
               f"re-run exit 0; {total} docs, no duplicate doc/chunk ids, consistent; search finds passages",
               outcome, passed, killed_at_s=round(at, 2), moment=moment, left_by_kill=left,
               rerun_exit=rerun.code, rerun_statuses=dict(statuses), library=state)


def case_kill(cmd: Commands, work: Path) -> tuple[list[dict], Path]:
    """Rows of case 2, and the store finished in 2a (and the ONNX export it made) as the template for the rest."""
    folder = copy_reports(work / "reports")
    total = len(list(folder.iterdir()))
    models = Path(os.environ["WENGAO_MODELS_DIR"])
    rows = [kill_case(cmd, "kill-a", work / "store-kill-a", folder, KillEarly(models),
                      "early (first ingest, during the ONNX export)")]
    template = work / "store-kill-a"
    if not any(models.glob("embedding/*/*.onnx")):
        raise RuntimeError(f"case 2a left no ONNX export in {models} for the other commands")
    rows.append(kill_case(cmd, "kill-b", seeded_store(work / "store-kill-b", template, with_cache=False), folder,
                          lambda s, p: kill_middle(s, p, total), "mid-ingest (some documents committed)"))
    rows.append(kill_case(cmd, "kill-c", seeded_store(work / "store-kill-c", template, with_cache=False), folder,
                          lambda s, p: kill_late(s, p, total), "late (all committed, before BM25 rebuild)"))
    return rows, template


# -- case 1: one batch with bad files ------------------------------------------------------------------------

def zip_bomb() -> bytes:
    """A .docx-shaped zip whose word/document.xml inflates to 64 MB of zeros (~64 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(2**20)
            for _ in range(64):
                member.write(zeros)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def binary_bytes(rng: random.Random) -> bytes:
    """A PNG signature and header, then noise (NUL bytes included)."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(16) + rng.randbytes(4096)


def bad_files(folder: Path, rng: random.Random) -> dict[str, str]:
    """Write the bad files into `folder`; name -> what is wrong with it."""
    line = "全县教育系统坚持以人民为中心的发展思想，推进义务教育优质均衡发展。\n"
    made = {
        "corrupt.docx": (rng.randbytes(8192), "random bytes"),
        "zipbomb.docx": (zip_bomb(), "document.xml inflates to 64 MB"),
        "encrypted.pdf": (encrypted_pdf(), "user password"),
        "binary.txt": (binary_bytes(rng), "PNG bytes"),
        "empty.txt": (b"", "0 bytes"),
        "toolarge.txt": ((line * (2**20 // len(line.encode()) + 1)).encode(), "1 MB > 0.5 MB limit"),
        "boilerplate.txt": (("\n".join(BOILERPLATE) + "\n").encode(), "site boilerplate only"),
        "table.xlsx": (xlsx_bytes(), "unsupported type"),
    }
    for name, (data, _) in made.items():
        (folder / name).write_bytes(data)
    return {name: why for name, (_, why) in made.items()}


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["指标", "数值"])
    book.active.append(["巩固率", "99.5%"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def case_bad_inputs(cmd: Commands, work: Path, template: Path) -> list[dict]:
    folder = copy_reports(work / "batch")
    good = sorted(p.name for p in folder.iterdir())
    bad = bad_files(folder, random.Random(15))
    store = seeded_store(work / "store-batch", template, with_cache=True)
    env = child_env({"WENGAO_MAX_FILE_MB": "0.5"})
    rows = []

    run = cmd.run("batch", "ingest", str(folder), "--store", str(store), env=env, timeout=INGEST_TIMEOUT_S)
    rows.append(row("1a bad-input batch: exit status", "1", f"{run.code}", run.code == 1, seconds=round(run.seconds, 1)))
    named = {name: [line for line in run.stderr_lines if name in line] for name in bad}
    wrong = {name: lines for name, lines in named.items() if len(lines) != 1}
    rows.append(row(
        "1b each bad file named once on stderr", f"{len(bad)} files, 1 line each",
        "; ".join(f"{lines[0].strip()}" for lines in named.values() if len(lines) == 1)
        + "".join(f"; {name}: {len(lines)} lines" for name, lines in wrong.items()),
        not wrong and "Traceback" not in run.stderr, lines=named,
    ))
    added = [name for name in good if re.search(rf"^✓ {re.escape(name)}: added", run.stdout, re.MULTILINE)]
    rows.append(row("1c good files indexed", f"{len(good)} added", f"{len(added)} added" +
                    (f"; not added: {', '.join(sorted(set(good) - set(added)))}" if len(added) != len(good) else ""),
                    len(added) == len(good)))

    again = cmd.run("batch-json", "ingest", str(folder), "--store", str(store), "--json", env=env)
    failed = Counter(r["source"] for r in again.json_lines if r.get("status") == "failed")
    unchanged = sorted(r["source"] for r in again.json_lines if r.get("status") == "unchanged")
    readable_type = [name for name in bad if not name.endswith(".xlsx")]
    on_stderr = {name: sum(name in line for line in again.stderr_lines) for name in bad}
    each_once = all(failed[n] + on_stderr[n] == 1 for n in bad) and set(failed) == set(readable_type)
    rows.append(row(
        "1d same batch again with --json", f"exit 1; {len(readable_type)} failed reports, .xlsx on stderr, "
        f"{len(good)} unchanged",
        f"exit {again.code}; {sum(failed.values())} failed reports ({', '.join(sorted(failed))}); "
        f"stderr names {', '.join(n for n, c in on_stderr.items() if c) or 'none'}; {len(unchanged)} unchanged",
        again.code == 1 and each_once and unchanged == good,
    ))
    ok, text, _ = search_check(cmd, store, "batch-search")
    rows.append(row("1e search after the batch", "exit 0 with hits", text, ok))
    return rows


# -- case 3: searching and a second ingest while one runs ---------------------------------------------------

def reworded(text: str, k: int) -> str:
    """Every sentence of the report changed a little, so none of its chunks is in the embedding cache."""
    return re.sub(r"。", f"（第{k}稿）。", text)


def case_concurrent(cmd: Commands, work: Path, template: Path) -> list[dict]:
    store = Path(shutil.copytree(template, work / "store-concurrent"))
    folder = work / "reports-reworded"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*")):
        if path.suffix in (".txt", ".md"):
            text, _ = decode_text(path.read_bytes(), path)  # the samples come in GB18030 as well as UTF-8
            for k in range(1, VARIANTS + 1):
                (folder / f"第{k}稿_{path.name}").write_text(reworded(text, k), encoding="utf-8")
    before = committed(store)
    total = before + len(list(folder.iterdir()))
    writer = cmd.wengao("concurrent-ingest", "ingest", str(folder), "--store", str(store), "--json")
    # Wait until the writer has committed a document: from then on it holds the write lock to the end.
    while writer.running() and committed(store) == before and writer.elapsed() < INGEST_TIMEOUT_S:
        time.sleep(0.1)
    first_commit = writer.elapsed()
    second = cmd.wengao("concurrent-second-ingest", "ingest", str(folder), "--store", str(store))
    searches: list[tuple[float, Run]] = []
    while writer.running():
        started_at = writer.elapsed()
        searches.append((started_at, cmd.search(store, f"concurrent-search-{len(searches) + 1}")))
    second_run = second.finish()
    writer_run = writer.finish()
    second_overlapped = second.ended is not None and writer.ended is not None and second.ended < writer.ended
    rows = []
    during = [(at, run) for at, run in searches if at < writer_run.seconds]
    good = [run for _, run in during if run.code == 0 and run.json_lines]
    rows.append(row(
        "3a searches during an ingest", "each exits 0 with hits (at least 2 ran)",
        f"{len(good)} of {len(during)} searches exit 0 with hits while the ingest ran ({writer_run.seconds:.0f} s, "
        f"first commit at {first_commit:.0f} s); exits {[run.code for _, run in during]}, "
        f"hits {[len(run.json_lines) for _, run in during]}, times {[round(run.seconds) for _, run in during]} s",
        len(during) >= 2 and len(good) == len(during),
        errors=[run.stderr_lines[-3:] for _, run in during if run.code != 0],
    ))
    message = next((line for line in second_run.stderr_lines if line.startswith("✗")), "")
    rows.append(row(
        "3b second ingest meanwhile", "exits non-zero: another ingest is running",
        f"exit {second_run.code} after {second_run.seconds:.0f} s"
        + ("" if second_overlapped else " (ended after the first ingest)") + f": {message or second_run.stderr_lines[-1:]}",
        second_run.code not in (0, None) and "another ingest is running" in second_run.stderr and second_overlapped,
    ))
    statuses = Counter(r.get("status") for r in writer_run.json_lines)
    lib_ok, lib_text, state = library_check(cmd, store, total)
    rows.append(row(
        "3c the ingest itself", f"exit 0; {total} docs, consistent",
        f"exit {writer_run.code} ({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))}); {lib_text}",
        writer_run.code == 0 and lib_ok, library=state,
    ))
    return rows


# -- case 4: prune -------------------------------------------------------------------------------------------

def prune_refused(cmd: Commands, case: str, store: Path, given: Path, label: str, expect_in_message: str) -> dict:
    before = committed(store)
    run = cmd.run(label, "ingest", str(given), "--store", str(store), "--prune")
    after = committed(store)
    message = next((line for line in run.stderr_lines if "--prune" in line), "(no --prune message)")
    return row(case, "exit non-zero, nothing deleted, says why",
               f"exit {run.code}; {before} -> {after} docs; {message}",
               run.code not in (0, None) and after == before and "nothing deleted" in message
               and expect_in_message in run.stderr)


def case_prune(cmd: Commands, work: Path, template: Path) -> list[dict]:
    store = Path(shutil.copytree(template, work / "store-prune"))
    total = committed(store)
    rows = [prune_refused(cmd, "4a --prune on a mistyped folder", store, work / "repotrs", "prune-typo", "no such file")]
    empty = work / "empty-folder"
    empty.mkdir()
    rows.append(prune_refused(cmd, "4b --prune on an empty folder", store, empty, "prune-empty", "no report file"))

    folder = copy_reports(work / "reports-minus-one")
    gone = min(folder.iterdir())
    gone.unlink()
    run = cmd.run("prune-dry-run", "ingest", str(folder), "--store", str(store), "--prune", "--dry-run", "--json")
    listed = [line for line in run.json_lines if "status" in line]
    after = committed(store)
    rows.append(row(
        "4c --prune --dry-run, one file removed", f"exit 0; lists {gone.name} as would be deleted; {total} docs kept",
        f"exit {run.code}; listed {[(line['source'], line['status']) for line in listed]}; {total} -> {after} docs",
        run.code == 0 and [(line["source"], line["status"]) for line in listed] == [(gone.name, "would be deleted")]
        and after == total,
    ))

    run = cmd.run("prune-real", "ingest", str(folder), "--store", str(store), "--prune", "--json")
    statuses = Counter(r.get("status") for r in run.json_lines)
    deleted = [r["source"] for r in run.json_lines if r.get("status") == "deleted"]
    lib_ok, lib_text, state = library_check(cmd, store, total - 1)
    rows.append(row(
        "4d --prune for real", f"exit 0; deletes exactly {gone.name}; {total - 1} docs",
        f"exit {run.code}; deleted {deleted}; {', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))}; {lib_text}",
        run.code == 0 and deleted == [gone.name] and lib_ok and gone.name not in state.get("sources", [gone.name]),
        library=state,
    ))

    rows.append(prune_unreadable(cmd, work, store))
    return rows


def prune_unreadable(cmd: Commands, work: Path, store: Path) -> dict:
    case, expected = "4e --prune, unreadable subfolder", "exit non-zero, nothing deleted, the folder named"
    if os.geteuid() == 0:
        return row(case, expected, "skipped (root reads every folder)", True, skipped=True)
    folder = copy_reports(work / "reports-locked")
    locked = folder / "locked"
    locked.mkdir()
    moved = min(folder.glob("*.md"))
    moved.rename(locked / moved.name)
    before = committed(store)
    locked.chmod(0)
    try:
        run = cmd.run("prune-unreadable", "ingest", str(folder), "--store", str(store), "--prune")
    finally:
        locked.chmod(0o755)
    after = committed(store)
    named = [line for line in run.stderr_lines if str(locked) in line]
    return row(case, expected, f"exit {run.code}; {before} -> {after} docs; " + " | ".join(named),
               run.code not in (0, None) and after == before and bool(named) and "nothing deleted" in run.stderr)


# -- output --------------------------------------------------------------------------------------------------

def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, limit: int) -> list[str]:
    """Lines of at most `limit` display columns, broken after a space where one is near."""
    lines, current = [], ""
    for ch in text:
        if width(current + ch) > limit:
            cut = current.rfind(" ")
            if cut > len(current) // 2:
                lines.append(current[:cut])
                current = current[cut + 1:]
            else:
                lines.append(current)
                current = ""
        current += ch
    return lines + [current]


def print_table(rows: list[dict]) -> None:
    columns = (("case", 34), ("expected", 40), ("outcome", 70), ("result", 6))
    print("  ".join(name.ljust(size) for name, size in columns))
    print("  ".join("-" * size for _, size in columns))
    for r in rows:
        result = "SKIP" if r["details"].get("skipped") else "PASS" if r["passed"] else "FAIL"
        cells = [wrap(r["case"], 34), wrap(r["expected"], 40), wrap(r["outcome"], 70), [result]]
        for i in range(max(map(len, cells))):
            parts = [(cell[i] if i < len(cell) else "") for cell in cells]
            print("  ".join(part + " " * (size - width(part)) for part, (_, size) in zip(parts, columns)).rstrip())
    print()


def prepare_workdir(work: Path) -> None:
    if work.exists() and any(work.iterdir()) and not (work / MARKER).exists():
        sys.exit(f"{work} is not empty and was not made by this script; give another --workdir")
    if work.exists():
        for child in work.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    work.mkdir(parents=True, exist_ok=True)
    (work / MARKER).write_text("made by bench/reliability.py; emptied at its next run\n", encoding="utf-8")


def guarded(case: str, step: Callable[[], list[dict]]) -> list[dict]:
    """The case's rows, or one failing row saying why the script could not run it."""
    try:
        return step()
    except Exception as err:  # noqa: BLE001 - one case's trouble must not hide the others' results
        return [row(case, "the case runs", f"script error: {type(err).__name__}: {err}", False)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wengao-reliability"))
    args = parser.parse_args()
    if not WENGAO.is_file():
        sys.exit(f"{WENGAO} not found: install the project into this Python first")
    work = args.workdir.resolve()
    prepare_workdir(work)
    # Every command shares one fresh models folder: the first ingest makes the ONNX export (case 2a kills it).
    os.environ["WENGAO_MODELS_DIR"] = str(work / "models")
    cmd = Commands(work)
    t0 = time.perf_counter()

    timings: dict[str, float] = {}
    rows: list[dict] = []
    template: Path | None = None

    def timed(name: str, step: Callable[[], list[dict]]) -> None:
        start = time.perf_counter()
        rows.extend(guarded(name, step))
        timings[name] = round(time.perf_counter() - start, 1)
        print(f"[{time.perf_counter() - t0:6.0f} s] case {name} done", file=sys.stderr, flush=True)

    def kill_rows() -> list[dict]:
        nonlocal template
        kill, template = case_kill(cmd, work)
        return kill

    timed("2 kill -9", kill_rows)
    if template is not None:
        timed("1 bad inputs", lambda: case_bad_inputs(cmd, work, template))
        timed("3 concurrent", lambda: case_concurrent(cmd, work, template))
        timed("4 prune", lambda: case_prune(cmd, work, template))
    rows.sort(key=lambda r: r["case"])
    wall = time.perf_counter() - t0

    print_table(rows)
    failed = [r["case"] for r in rows if not r["passed"]]
    print(f"{len(rows) - len(failed)} of {len(rows)} passed in {wall:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "wall_s": round(wall, 1), "case_wall_s": timings, "workdir": str(work), "wengao": str(WENGAO),
        "passed": len(rows) - len(failed), "failed": failed, "cases": rows,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written {args.out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
