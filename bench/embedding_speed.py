"""Embedding speed and fidelity of each CPU backend on real report passages.

    python -m bench.embedding_speed [--corpora ../shared/corpora] [--threads 2]

Passages: the 2010-2019 sections of gov_sections_dev.jsonl (the gov_reports/ reports cut into
sections, which gives every passage a section label), each section's text after its first sentence
cut at 。 into pieces of about 300 characters; a seeded sample of --passages of them. Queries: the
first sentence of --queries of those sections. Nothing read here is stored in the repo.

Columns: passages/s (best of --repeats runs over all passages), export s (ONNX export/quantisation
from the local weights), mean cos vs fp32 (passage vectors against torch fp32's), overlap@10 (share
of each query's top 10 that torch fp32 also ranks top 10), recall@10 (share of queries with a
passage of their own section in the top 10). Other processes on the machine slow every row alike;
the load average is recorded with the results. Last, the int8 embedder's two ways of using the cores
(batches side by side, or each call split over the threads) are timed again while one busy process
runs beside them.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from vectorstore.embedder import Embedder
from vectorstore.embedding import OnnxEmbedder, default_model_path, load_embedder
from vectorstore.model_folder import resolve_model_dir
from vectorstore.onnx_export import ensure_onnx_model

REPO = Path(__file__).resolve().parents[1]
TARGET_CHARS, MAX_CHARS, MIN_CHARS = 300, 480, 150


def cut_passages(text: str) -> list[str]:
    """Whole sentences packed into ~300-character pieces (150-480)."""
    sentences = [s + "。" for s in text.replace("\n", "").split("。") if s.strip()]
    pieces, buffer = [], ""
    for sentence in sentences:
        if buffer and len(buffer) + len(sentence) > MAX_CHARS:
            pieces.append(buffer)
            buffer = ""
        buffer += sentence
        if len(buffer) >= TARGET_CHARS:
            pieces.append(buffer)
            buffer = ""
    if len(buffer) >= MIN_CHARS:
        pieces.append(buffer)
    return pieces


def load_workload(corpora: Path, n_passages: int, n_queries: int, seed: int):
    sections_file = corpora / "gov_sections_dev.jsonl"
    if not sections_file.is_file():
        sys.exit(f"{sections_file}: not found (pass --corpora)")
    rows = [json.loads(line) for line in sections_file.read_text(encoding="utf-8").splitlines() if line]
    sections = [r for r in rows if 2010 <= int(r["year"]) <= 2019]
    labelled = []  # (section index, passage)
    for index, section in enumerate(sections):
        first, _, rest = section["text"].replace("\n", "").partition("。")
        labelled += [(index, piece) for piece in cut_passages(rest)]
    rng = random.Random(seed)
    sample = rng.sample(labelled, min(n_passages, len(labelled)))
    present = sorted({index for index, _ in sample})
    query_sections = rng.sample(present, min(n_queries, len(present)))
    queries = [(index, sections[index]["text"].replace("\n", "").split("。")[0]) for index in query_sections]
    return [p for _, p in sample], [i for i, _ in sample], queries


def best_rate(embed: Callable[[Sequence[str]], np.ndarray], passages: list[str], repeats: int):
    embed(passages[:8])  # warm-up: first-call allocations and lazy initialisation
    best, vectors = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        vectors = embed(passages)
        best = min(best, time.perf_counter() - started)
    return len(passages) / best, vectors


def top10(query_vectors: np.ndarray, passage_vectors: np.ndarray) -> np.ndarray:
    return np.argsort(-(query_vectors @ passage_vectors.T), axis=1)[:, :10]


class TorchInt8Embedder:
    """Bench-only: torch.ao dynamic int8 on the sentence-transformers model's Linear layers."""

    def __init__(self, model_dir: Path, batch_size: int):
        import torch
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(model_dir), device="cpu")
        with warnings.catch_warnings():  # torch.ao is deprecated in favour of torchao, not installed here
            warnings.simplefilter("ignore")
            self.model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.batch_size = batch_size

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, show_progress_bar=False)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def split_over_threads(embedder: OnnxEmbedder, onnx_path: Path, threads: int) -> OnnxEmbedder:
    """Bench-only: the product's ONNX embedder reset to one worker whose every call is split over
    `threads` threads (how it ran before its batches ran side by side), to show what that costs."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    embedder._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    embedder._workers = 1
    return embedder


def measure(
    args: argparse.Namespace,
    model: str | Path,
    onnx_dir: Path,
    passages: list[str],
    labels: list[int],
    queries: list[tuple[int, str]],
) -> list[dict]:
    model_dir = resolve_model_dir(model)
    fp32_s = ensure_onnx_model(model_dir, onnx_dir, int8=False, max_seq_length=512).export_s
    # The int8 file is quantised from the fp32 export, so its cost includes both steps.
    int8_s = fp32_s + ensure_onnx_model(model_dir, onnx_dir, int8=True, max_seq_length=512).export_s
    export_s = {"onnx": fp32_s, "onnx-int8": int8_s}

    def make(backend: str, batch_size: int = 4) -> Embedder:
        return load_embedder(
            model, backend=backend, threads=args.threads, batch_size=batch_size, onnx_dir=onnx_dir
        )

    torch_fp32 = make("torch", 32)
    onnx_fp32 = make("onnx")
    variants: list[tuple[str, Embedder, Callable[[Sequence[str]], np.ndarray], float]] = [
        ("torch fp32 (sentence-transformers)", torch_fp32, torch_fp32.embed_documents, 0.0),
        ("torch dynamic int8 (torch.ao)", (t8 := TorchInt8Embedder(model_dir, 32)), t8.embed_documents, 0.0),
        ("onnx fp32", onnx_fp32, onnx_fp32.embed_documents, export_s["onnx"]),
    ]
    for batch_size in (4, 8, 16):
        int8 = make("onnx-int8", batch_size)
        variants.append((f"onnx-int8 batch {batch_size}", int8, int8.embed_documents, export_s["onnx-int8"]))
    int8_path = ensure_onnx_model(model_dir, onnx_dir, int8=True, max_seq_length=512).path
    split = split_over_threads(make("onnx-int8", 4), int8_path, args.threads)
    variants.append((f"onnx-int8 batch 4, calls split {args.threads} ways", split, split.embed_documents, export_s["onnx-int8"]))

    query_texts = [q for _, q in queries]
    query_sections = [s for s, _ in queries]
    labels_arr = np.array(labels)
    reference_docs = reference_top = None
    rows = []
    for name, embedder, embed, export in variants:
        rate, docs = best_rate(embed, passages, args.repeats)
        query_vectors = np.stack([embedder.embed_query(q) for q in query_texts])
        top = top10(query_vectors, docs)
        if reference_docs is None:
            reference_docs, reference_top = docs, top
        overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(top, reference_top)])
        recall = np.mean([section in labels_arr[hits] for section, hits in zip(query_sections, top)])
        rows.append(
            {
                "backend": name,
                "passages_per_s": round(rate, 1),
                "export_s": round(export, 1),
                "mean_cos_vs_fp32": round(float(np.mean(np.sum(docs * reference_docs, axis=1))), 4),
                "overlap_at_10": round(float(overlap), 3),
                "recall_at_10": round(float(recall), 3),
            }
        )
        print(f"  {name}: {rate:.1f} passages/s", file=sys.stderr, flush=True)
    return rows


def beside_a_busy_process(
    args: argparse.Namespace, model: str | Path, onnx_dir: Path, passages: list[str]
) -> dict[str, float]:
    """passages/s of the int8 embedder (batch 4) with its batches side by side and with each call split
    over the threads, while one other process keeps a core busy (as the local LLM or a second ingest would)."""
    path = ensure_onnx_model(resolve_model_dir(model), onnx_dir, int8=True, max_seq_length=512).path

    def make() -> OnnxEmbedder:
        return load_embedder(model, backend="onnx-int8", threads=args.threads, batch_size=4, onnx_dir=onnx_dir)

    side_by_side, split = make(), split_over_threads(make(), path, args.threads)
    neighbour = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        return {
            "batches side by side": round(best_rate(side_by_side.embed_documents, passages, args.repeats)[0], 1),
            f"calls split {args.threads} ways": round(best_rate(split.embed_documents, passages, args.repeats)[0], 1),
        }
    finally:
        neighbour.kill()
        neighbour.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--model", default=None, help="model folder or hub id (default: m3e-small)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--passages", type=int, default=500)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "embedding_speed.json")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    model = args.model or default_model_path()
    passages, labels, queries = load_workload(args.corpora, args.passages, args.queries, args.seed)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="wengao-onnx-") as tmp:  # fresh, so export time is real
        rows = measure(args, model, Path(tmp), passages, labels, queries)
        busy = beside_a_busy_process(args, model, Path(tmp), passages)

    header = f"{'backend':<40}{'passages/s':>11}{'export s':>10}{'cos fp32':>10}{'ovl@10':>8}{'rec@10':>8}"
    print(header)
    for r in rows:
        print(
            f"{r['backend']:<40}{r['passages_per_s']:>11}{r['export_s']:>10}"
            f"{r['mean_cos_vs_fp32']:>10}{r['overlap_at_10']:>8}{r['recall_at_10']:>8}"
        )
    print("onnx-int8 batch 4 beside one busy process: " + ", ".join(f"{k} {v} passages/s" for k, v in busy.items()))
    result = {
        "model": str(model),
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "passages": len(passages),
        "mean_passage_chars": round(float(np.mean([len(p) for p in passages])), 1),
        "queries": len(queries),
        "repeats": args.repeats,
        "rows": rows,
        "int8_beside_a_busy_process": busy,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
