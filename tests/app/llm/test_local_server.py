"""The local llama.cpp server's lifecycle: start, health check, failures with the log, stop.

Fast tests launch stand-in "interpreters" (small scripts taking the server's arguments); the slow
test runs the real llama-cpp-python server over the real 0.5B GGUF.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from platformdirs import user_data_path

from app.llm.client import LLMClient
from app.llm.local_server import SERVER_PROCESS_SCRIPT, LocalLLMError, LocalLLMServer
from app.llm.model_fetch import fetch_local_model

# Answers GET /v1/models with the alias it was given, as llama_cpp.server does, and records its pid.
FAKE_SERVER = """#!{python}
import json, os, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
args = sys.argv[sys.argv.index("llama_cpp.server") + 1:]
opts = dict(zip(args[::2], args[1::2]))
open(os.environ["FAKE_PID_FILE"], "w").write(str(os.getpid()))
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({{"object": "list", "data": [{{"id": opts["--model_alias"], "object": "model"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
HTTPServer((opts["--host"], int(opts["--port"])), Handler).serve_forever()
"""


def write_script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


def gone(pid: int) -> bool:
    """The process has ended: it no longer exists, or it is a zombie left for an init that has not
    reaped it yet (an orphaned server's parent is init, not this test)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF not really")
    return path


def test_start_waits_for_the_model_listing_and_stop_ends_the_process(
    tmp_path: Path, model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))
    fake = write_script(tmp_path / "fake-python", FAKE_SERVER.format(python=sys.executable))
    with LocalLLMServer(model_file, model_alias="tiny", python=str(fake), startup_timeout_s=30) as server:
        assert server.running
        assert server.base_url.startswith("http://127.0.0.1:")
        assert LLMClient(server.base_url, "tiny").served_models() == ["tiny"]
        assert server.start() == server.base_url  # already running: same server
        pid = int(pid_file.read_text())
    assert not server.running
    assert gone(pid)


def test_a_server_that_dies_while_starting_is_reported_with_its_log(tmp_path: Path, model_file: Path) -> None:
    fake = write_script(tmp_path / "fake-python", "#!/bin/sh\necho 'error loading model: bad magic' >&2\nexit 3\n")
    server = LocalLLMServer(model_file, model_alias="tiny", python=str(fake), startup_timeout_s=30)
    with pytest.raises(LocalLLMError) as caught:
        server.start()
    assert "exited with code 3" in str(caught.value)
    assert "error loading model: bad magic" in str(caught.value)
    assert not server.running


def test_a_server_that_never_answers_is_killed_after_the_timeout(
    tmp_path: Path, model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))
    # Ignores SIGTERM, so stop() must fall back to SIGKILL.
    fake = write_script(
        tmp_path / "fake-python", "#!/bin/sh\ntrap '' TERM\necho $$ > \"$FAKE_PID_FILE\"\necho loading\nwhile :; do sleep 0.1; done\n"
    )
    server = LocalLLMServer(model_file, model_alias="tiny", python=str(fake), startup_timeout_s=1.0, stop_grace_s=0.5)
    started = time.monotonic()
    with pytest.raises(LocalLLMError, match=r"did not answer at http://127\.0\.0\.1:\d+/v1/models within 1 s") as caught:
        server.start()
    assert "loading" in str(caught.value)
    assert gone(int(pid_file.read_text()))
    assert time.monotonic() - started < 30


def test_a_server_whose_launcher_is_killed_ends_itself(tmp_path: Path) -> None:
    # The launcher stands in for a wengao process killed with SIGKILL: it cannot stop its server.
    pid_file = tmp_path / "server.pid"
    launcher = (
        "import subprocess, sys, time;"
        f"p = subprocess.Popen([sys.executable, {str(SERVER_PROCESS_SCRIPT)!r}, 'http.server', '0', '--bind', '127.0.0.1'],"
        " start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid)); time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", launcher])
    try:
        deadline = time.monotonic() + 20
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the launcher did not start its server"
            time.sleep(0.1)
        server_pid = int(pid_file.read_text())
        time.sleep(1.0)
        assert not gone(server_pid)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 15
    while not gone(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not gone(server_pid):
        os.kill(server_pid, signal.SIGKILL)
        pytest.fail("the server outlived its killed launcher")


def test_a_missing_model_file_points_at_models_fetch(tmp_path: Path) -> None:
    server = LocalLLMServer(tmp_path / "absent.gguf", model_alias="x")
    with pytest.raises(LocalLLMError, match=r"GGUF model not found at .*absent\.gguf; `wengao models fetch`"):
        server.start()


@pytest.mark.slow
def test_the_real_server_streams_a_chinese_answer() -> None:
    model = fetch_local_model("qwen2.5-coder-0.5b", user_data_path("wengao", appauthor=False) / "models", quiet=True)
    with LocalLLMServer(model, model_alias="qwen2.5-coder-0.5b", n_ctx=2048) as server:
        client = LLMClient(server.base_url, "qwen2.5-coder-0.5b", read_timeout_s=120)
        assert "qwen2.5-coder-0.5b" in client.served_models()
        asked = time.monotonic()
        first_token_s = None
        pieces = []
        for piece in client.stream_chat(
            [{"role": "user", "content": "用一句话介绍教师培训工作的意义。"}], max_tokens=48, temperature=0.0
        ):
            first_token_s = first_token_s or time.monotonic() - asked
            pieces.append(piece)
    text = "".join(pieces)
    print(f"\nserver start {server.startup_s:.1f} s, first token {first_token_s:.2f} s: {text}")
    assert len(pieces) > 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert not server.running
