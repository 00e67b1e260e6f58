"""The web app's LLM: connected on the first draft (the local llama.cpp server takes a while to start),
then kept for the app's life and stopped when the app closes."""

from __future__ import annotations

import threading
from contextlib import ExitStack

from app.llm.client import LLMClient
from app.llm.connect import connect_llm
from app.settings import Settings


class LazyLLM:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._stack = ExitStack()
        self._client: LLMClient | None = None
        self._guard = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._client is not None

    @property
    def is_local(self) -> bool:
        return not self._settings.llm_base_url

    def client(self) -> LLMClient:
        """The connected client, starting the local server first if needed (raises a UserError: LocalLLMError,
        ModelFetchError, LLMError with a message that names the cause)."""
        with self._guard:
            if self._client is None:
                self._client = self._stack.enter_context(connect_llm(self._settings, quiet=True))
            return self._client

    def close(self) -> None:
        with self._guard:
            self._client = None
            self._stack.close()
