"""The LLM the settings describe: a configured OpenAI-compatible endpoint, or the local llama.cpp
server started on demand over the local GGUF model (fetched first if it is not there yet)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.llm.client import LLMClient
from app.llm.local_server import LocalLLMServer
from app.llm.model_fetch import fetch_local_model
from app.settings import Settings


@contextmanager
def connect_llm(settings: Settings, *, quiet: bool = False) -> Iterator[LLMClient]:
    """An LLMClient for the duration of the block; a local server started here is stopped at its end."""
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if settings.llm_base_url:
        yield LLMClient(settings.llm_base_url, settings.llm_model, api_key, read_timeout_s=settings.llm_timeout_s)
        return
    model_path = fetch_local_model(settings.llm_model, settings.models_dir, quiet=quiet)
    with LocalLLMServer(model_path, model_alias=settings.llm_model, n_threads=settings.llm_threads) as server:
        yield LLMClient(server.start(), settings.llm_model, read_timeout_s=settings.llm_timeout_s)
