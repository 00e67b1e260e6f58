"""Text -> L2-normalised float32 vectors, with a choice of CPU backend.

Backends (figures from bench/embedding_speed.py, m3e-small, 2 cores, ~300-character passages;
see bench/results/embedding_speed.json for the full table):
- "torch": sentence-transformers in fp32, the reference.
- "onnx": the same pipeline exported to ONNX with its transformer layers fused, run by ONNX Runtime in
  fp32; vectors equal torch's to float rounding.
- "onnx-int8": that export with its activations smoothed and its weights in int8, one scale per output
  channel (MatMulInteger, fast with AVX-512 VNNI); see vectorstore/onnx_export.py for the recipe.
- "auto": AUTO_BACKEND when the caller gives an `onnx_dir` to cache exports in, else "torch"
  (an export needs somewhere to live; the library never picks a hidden folder itself).

Why AUTO_BACKEND is "onnx-int8" (bench/embedding_speed.py on an idle machine, 2 cores, 500 passages of
~300 characters): 43.7 passages/s at batch 4, against 15.0 for torch fp32 and 20.0 for ONNX fp32;
mean cosine 0.9996 with fp32 and 95% of each query's fp32 top 10 kept. On the retrieval-quality
benchmark (bench/retrieval_quality.py) no metric falls more than 0.3 points under fp32. (Earlier
recipes: per-matrix int8, 33.9 passages/s, cosine 0.990, top-10 overlap 0.84; per-channel int8 without
smoothing, 44.5 passages/s, cosine 0.998, overlap 0.907, topic recall 1.9 points under fp32.)
torch.ao dynamic int8 reaches 31.6 but drifts more (cosine 0.985, top-10 overlap 0.80). Batches are
length-sorted and small (4): padding costs more than batching saves on 2 cores.
"""

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from vectorstore.embedder import Embedder
from vectorstore.model_folder import (
    EmbeddingModelError,
    default_model_path,
    load_fast_tokenizer,
    model_fingerprint,
    resolve_model_dir,
    token_arrays,
)
from vectorstore.onnx_export import ensure_onnx_model

__all__ = [
    "AUTO_BACKEND",
    "BACKENDS",
    "EmbeddingModelError",
    "Embedder",
    "default_model_path",
    "load_embedder",
    "query_prefix_for",
]

BACKENDS = ("torch", "onnx", "onnx-int8")
AUTO_BACKEND = "onnx-int8"
# Both models have 512 positions or use them for retrieval-sized passages; longer inputs only cost time.
MAX_SEQ_LENGTH = 512

_BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："
# Query instructions by model name (the last part of a hub id or folder path). Models absent from
# the table (m3e, bge-m3, whose card says queries need no instruction) embed queries as they are.
QUERY_PREFIXES: dict[str, str] = {
    "bge-small-zh": _BGE_ZH_QUERY,
    "bge-base-zh": _BGE_ZH_QUERY,
    "bge-large-zh": _BGE_ZH_QUERY,
    "bge-small-zh-v1.5": _BGE_ZH_QUERY,
    "bge-base-zh-v1.5": _BGE_ZH_QUERY,
    "bge-large-zh-v1.5": _BGE_ZH_QUERY,
}


def query_prefix_for(model: str | Path) -> str:
    return QUERY_PREFIXES.get(Path(str(model)).name, "")


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEmbedder:
    """The reference backend: sentence-transformers on torch, fp32."""

    def __init__(
        self, model_dir: Path, *, model_id: str, query_prefix: str, threads: int | None, batch_size: int
    ):
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)  # process-wide: torch has no per-model thread pool
        self._model = SentenceTransformer(str(model_dir), device="cpu")
        self._model.max_seq_length = min(self._model.max_seq_length or MAX_SEQ_LENGTH, MAX_SEQ_LENGTH)
        # get_embedding_dimension is the sentence-transformers>=5 name of the older method.
        dimension_of = getattr(self._model, "get_embedding_dimension", None)
        dimension_of = dimension_of or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension_of())
        self.model_id = model_id
        self._query_prefix = query_prefix
        self._batch_size = batch_size

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # encode() already sorts by length inside, so batches carry little padding.
        vectors = self._model.encode(
            list(texts), batch_size=self._batch_size, show_progress_bar=False, convert_to_numpy=True
        )
        return _normalise(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([self._query_prefix + text])[0]


class OnnxEmbedder:
    """ONNX Runtime on CPU over an exported sentence-transformers pipeline (fp32 or int8).

    The session runs each call on the calling thread alone, and `threads` batches run at once, each on
    its own core. On an idle machine that is as fast as one call split over both cores (43.7 against
    41.0 passages/s); beside one busy process (the local LLM, a second ingest) it embedded 44% more
    (30.0 against 20.8 passages/s, bench/embedding_speed.py), because a split call's threads wait for
    each other at every operator and one of them is often descheduled.
    """

    def __init__(
        self,
        onnx_path: Path,
        tokenizer_dir: Path,
        *,
        model_id: str,
        query_prefix: str,
        max_seq_length: int,
        threads: int | None,
        batch_size: int,
    ):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._workers = threads or len(os.sched_getaffinity(0))
        self._input_names = [i.name for i in self._session.get_inputs()]
        self._tokenizer = load_fast_tokenizer(tokenizer_dir, max_seq_length)
        # Fast tokenizers raise "Already borrowed" when two threads pad/truncate at once (UI workers).
        self._tokenizer_lock = threading.Lock()
        self.dimension = int(self._session.get_outputs()[0].shape[-1])
        self.model_id = model_id
        self._query_prefix = query_prefix
        self._batch_size = batch_size

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Longest first, so each batch holds texts of similar length and padding stays small.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = [order[start : start + self._batch_size] for start in range(0, len(order), self._batch_size)]

        def embed_batch(rows: list[int]) -> None:
            with self._tokenizer_lock:
                feeds = token_arrays(self._tokenizer, [texts[i] for i in rows], self._input_names)
            out[rows] = self._session.run(None, feeds)[0]

        if self._workers > 1 and len(batches) > 1:
            # ONNX Runtime releases the GIL while it runs, so these threads compute in parallel.
            with ThreadPoolExecutor(min(self._workers, len(batches))) as pool:
                list(pool.map(embed_batch, batches))
        else:
            for rows in batches:
                embed_batch(rows)
        return _normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([self._query_prefix + text])[0]


def load_embedder(
    model: str | Path,
    *,
    backend: str = "auto",
    threads: int | None = None,
    batch_size: int = 4,
    onnx_dir: Path | None = None,
) -> Embedder:
    """Load `model` (a local folder or a hub id) on CPU with `backend` (see the module docstring).

    `threads`: torch's intra-op threads, or how many batches the ONNX backends embed at once, one core
    each (None: all cores).
    `onnx_dir`: where ONNX exports are cached (the app's: `WENGAO_MODELS_DIR/embedding`); needed by the ONNX backends.
    """
    if backend not in (*BACKENDS, "auto"):
        raise ValueError(f"backend {backend!r}: expected one of {', '.join((*BACKENDS, 'auto'))}")
    if batch_size < 1:
        raise ValueError(f"batch_size {batch_size}: must be at least 1")
    if backend == "auto":
        backend = AUTO_BACKEND if onnx_dir is not None else "torch"
    model_dir = resolve_model_dir(model)
    prefix = query_prefix_for(model)
    try:
        if backend == "torch":
            fingerprint = model_fingerprint(model_dir)
            return SentenceTransformerEmbedder(
                model_dir,
                model_id=f"{model_dir.name}@{fingerprint[:12]}/torch",
                query_prefix=prefix,
                threads=threads,
                batch_size=batch_size,
            )
        if onnx_dir is None:
            raise ValueError(f"backend {backend!r} needs onnx_dir, a folder to cache the ONNX export in")
        exported = ensure_onnx_model(
            model_dir, onnx_dir, int8=backend == "onnx-int8", max_seq_length=MAX_SEQ_LENGTH
        )
        return OnnxEmbedder(
            exported.path,
            model_dir,
            model_id=f"{model_dir.name}@{exported.fingerprint[:12]}/{exported.variant}",
            query_prefix=prefix,
            max_seq_length=exported.max_seq_length,
            threads=threads,
            batch_size=batch_size,
        )
    except (OSError, RuntimeError, KeyError) as err:
        # Weights or tokenizer files that are missing or unreadable surface here from the loaders.
        raise EmbeddingModelError(model_dir, f"cannot load with backend {backend!r}: {err}") from err
