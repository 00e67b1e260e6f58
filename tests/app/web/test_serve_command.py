"""`wengao serve` as a user starts it: a bad WENGAO_AUTH is refused, an open bind is warned about, the page
answers, and Ctrl-C ends the server."""

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


@pytest.mark.slow
def test_serve_on_an_open_address_warns_answers_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    proc = subprocess.Popen([WENGAO, "serve", "--host", "0.0.0.0", "--port", str(port), "--store", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
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
    assert "warning:" in err and "0.0.0.0" in err and "WENGAO_AUTH" in err
    assert "Traceback" not in err, err[-2000:]
    assert proc.returncode == 0
