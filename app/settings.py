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
