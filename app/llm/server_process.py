"""Run a Python module as a server process that ends when the process that launched it is gone.

    python server_process.py MODULE [ARGS...]    (LocalLLMServer runs llama_cpp.server this way)

LocalLLMServer stops its server when it exits, but a parent killed with SIGKILL, or by a SIGTERM that
skips clean-up, cannot: the orphaned llama.cpp server would keep its gigabyte of memory and, with its
threads, part of the CPU. Standard library only, as it runs under whichever interpreter the server uses.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

POLL_S = 1.0
GRACE_S = 10.0  # after SIGTERM (uvicorn's clean shutdown), then exit regardless


def _end_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_S)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE_S)
    os._exit(1)


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(f"usage: {sys.argv[0]} MODULE [ARGS...]")
    threading.Thread(target=_end_when_orphaned, args=(os.getppid(),), daemon=True).start()
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
