"""Run llama-cpp-python's OpenAI-compatible server on 127.0.0.1 over a local GGUF model, on demand.

The server is a child process in its own process group, so stopping it (SIGTERM, then SIGKILL)
reaches everything it started and a Ctrl-C in the terminal does not race our own shutdown. It is
stopped on `stop()`, on leaving the `with` block, and at interpreter exit; if this process is killed
before it can stop the server, the server ends itself (app/llm/server_process.py).
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from app.errors import UserError

_TAIL_CHARS = 3000
# Runs the server module and ends it if this process dies without stopping it.
SERVER_PROCESS_SCRIPT = Path(__file__).with_name("server_process.py")


class LocalLLMError(UserError):
    """The local llama.cpp server could not be started; the message carries the end of its log."""


class LocalLLMServer:
    def __init__(
        self,
        model_path: Path,
        *,
        model_alias: str,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
        startup_timeout_s: float = 120.0,
        stop_grace_s: float = 10.0,
        python: str = sys.executable,
    ) -> None:
        self.model_path = Path(model_path)
        self.model_alias = model_alias
        self.n_ctx = n_ctx
        self.n_threads = n_threads or len(os.sched_getaffinity(0))
        self.host = host
        self.port = port
        self.startup_timeout_s = startup_timeout_s
        self.stop_grace_s = stop_grace_s  # seconds between SIGTERM and SIGKILL
        self.python = python
        self.startup_s: float | None = None  # seconds from launch to answering, once started
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __repr__(self) -> str:
        state = f"running at {self.base_url}" if self.running else "stopped"
        return f"LocalLLMServer({self.model_path.name!r}, alias={self.model_alias!r}, {state})"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise LocalLLMError("the local LLM server has not been started")
        return f"http://{self.host}:{self.port}/v1"

    def command(self) -> list[str]:
        assert self.port is not None
        return [
            self.python, str(SERVER_PROCESS_SCRIPT), "llama_cpp.server",
            "--model", str(self.model_path),
            "--model_alias", self.model_alias,
            "--host", self.host,
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.n_threads),
            # The server's default computes the vocabulary's logits for every prompt token (only
            # logprobs need them, which wengao never asks for): off, the first token of a drafting
            # call came 18% sooner (warm median 3.11 -> 2.55 s on 2 cores, ~350-token prompts).
            "--logits_all", "false",
        ]  # fmt: skip

    def start(self) -> str:
        """Launch the server (if not running) and wait until it lists the model; its base URL."""
        if self.running:
            return self.base_url
        if not self.model_path.is_file():
            raise LocalLLMError(f"GGUF model not found at {self.model_path}; `wengao models fetch` obtains it")
        if self.python == sys.executable and importlib.util.find_spec("llama_cpp") is None:
            raise LocalLLMError(
                f"llama-cpp-python is not installed in {sys.prefix}; "
                "install it with: pip install 'llama-cpp-python[server]' (scripts/setup.sh does)"
            )
        if self.port is None:
            self.port = _free_port(self.host)
        self._log = tempfile.TemporaryFile(prefix="wengao-llama-server-")
        started = time.monotonic()
        self._proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=_server_env(os.environ),
        )
        atexit.register(self.stop)
        try:
            self._wait_until_ready(deadline=started + self.startup_timeout_s)
        except BaseException:
            self.stop()
            raise
        self.startup_s = time.monotonic() - started
        return self.base_url

    def stop(self) -> None:
        """Terminate the server and its process group; a no-op when it is not running."""
        atexit.unregister(self.stop)
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=self.stop_grace_s)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            except ProcessLookupError:
                proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LocalLLMServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def log_tail(self, chars: int = _TAIL_CHARS) -> str:
        """The end of the server's combined stdout and stderr."""
        if self._log is None:
            return ""
        self._log.flush()
        size = self._log.seek(0, os.SEEK_END)
        self._log.seek(max(0, size - chars))
        return self._log.read().decode("utf-8", errors="replace")

    def _wait_until_ready(self, *, deadline: float) -> None:
        assert self._proc is not None
        url = f"{self.base_url}/models"
        while True:
            code = self._proc.poll()
            if code is not None:
                raise LocalLLMError(
                    f"the llama.cpp server over {self.model_path} exited with code {code} while starting; "
                    f"the end of its log:\n{self.log_tail()}"
                )
            if self.model_alias in _listed_models(url):
                return
            if time.monotonic() > deadline:
                raise LocalLLMError(
                    f"the llama.cpp server over {self.model_path} did not answer at {url} within "
                    f"{self.startup_timeout_s:g} s; the end of its log:\n{self.log_tail()}"
                )
            time.sleep(0.25)


def _server_env(environ: Mapping[str, str]) -> dict[str, str]:
    env = {**environ, "PYTHONUNBUFFERED": "1"}
    # llama.cpp's OpenMP threads spin while waiting by default; on a small shared machine (embeddings,
    # the UI, other jobs) that spinning starves everyone, the server included: measured on 2 busy
    # cores, passive waiting halved the first-token time and quadrupled tokens/s.
    env.setdefault("OMP_WAIT_POLICY", "passive")
    return env


def _listed_models(url: str) -> list[str]:
    """Model ids at `url`, or none while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            payload = json.load(response)
    except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
        return []
    return [str(entry.get("id")) for entry in payload.get("data", []) if isinstance(entry, dict)]


def _free_port(host: str) -> int:
    # The port is released before the server binds it; another process could take it in between,
    # in which case the server exits and start() reports its log.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
