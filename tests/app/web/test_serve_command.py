"""`wengao serve` as a user starts it: a bad WENGAO_AUTH is refused, an open bind without a login is refused
unless --insecure (then warned about), the page answers, and Ctrl-C ends the server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

WENGAO = str(Path(sys.executable).with_name("wengao"))


def env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("WENGAO_")}, **extra}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_malformed_auth_setting_is_a_usage_error(tmp_path):
    proc = subprocess.run([WENGAO, "serve", "--store", str(tmp_path)], capture_output=True, text=True, timeout=120,
                          env=env(WENGAO_AUTH="writer:Secr3t,nocolon"))
    assert proc.returncode == 2
    assert "WENGAO_AUTH entry 2" in proc.stderr and "Secr3t" not in proc.stderr + proc.stdout


def test_an_open_bind_without_a_login_is_refused(tmp_path):
    proc = subprocess.run([WENGAO, "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--store", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, env=env())
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "0.0.0.0" in proc.stderr and "WENGAO_AUTH" in proc.stderr and "--insecure" in proc.stderr


def serve_until_it_answers(args: list[str], environment: dict[str, str]) -> tuple[int, str]:
    """Start `wengao serve ARGS`, wait for its page to answer, stop it with Ctrl-C: (exit status, stderr)."""
    port = free_port()
    proc = subprocess.Popen([WENGAO, "serve", "--port", str(port), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=environment,
                            # A test run started in the background inherits an ignored SIGINT; Ctrl-C is what is tested.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()[-2000:]
                assert time.monotonic() < deadline, "the workbench did not answer within 180 s"
                time.sleep(1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in err, err[-2000:]
    return proc.returncode, err


@pytest.mark.slow
def test_serve_insecure_on_an_open_address_warns_answers_and_stops_on_ctrl_c(tmp_path):
    code, err = serve_until_it_answers(["--host", "0.0.0.0", "--insecure", "--store", str(tmp_path)], env())
    assert "warning:" in err and "0.0.0.0" in err and "WENGAO_AUTH" in err
    assert code == 0


@pytest.mark.slow
def test_serve_with_a_login_on_an_open_address_starts_without_a_warning(tmp_path):
    code, err = serve_until_it_answers(["--host", "0.0.0.0", "--store", str(tmp_path)], env(WENGAO_AUTH="writer:Secr3t"))
    assert "warning:" not in err and "Secr3t" not in err
    assert code == 0
