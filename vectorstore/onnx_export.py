"""Export a sentence-transformers model to ONNX (fp32, and dynamic int8) once, from local weights.

The exported graph is the whole sentence-transformers pipeline (transformer + pooling, + Normalize
where the model has one), so ONNX vectors match torch vectors without re-implementing pooling.
Exports are cached under `<cache_dir>/<folder name>-<fingerprint>-r<RECIPE>/`, so a changed weight file
or export recipe gets a fresh export and an unchanged one is never exported twice.

The recipe (bench/embedding_speed.py, m3e-small, 2 cores; figures in vectorstore/embedding.py):
- trace with eager attention: the default SDPA attention traces into Where/IsNaN masking that took 15%
  of int8 run time and hides the attention pattern from the optimiser;
- ONNX Runtime's transformer optimiser fuses each layer's attention into one Attention op, the
  embeddings into EmbedLayerNormalization, and bias + GELU and residual + LayerNorm pairs;
- int8: the inputs of the FFN and attention MatMuls smoothed first (vectorstore/int8_smoothing.py,
  calibrated on vectorstore/data/int8_calibration.txt), then dynamic quantisation of the MatMul and
  Attention weights per output channel (one scale a column instead of one a matrix), embedding tables
  left in fp32. Mean cosine to fp32 on 500 passages: per matrix 0.990, per channel 0.998, smoothed
  0.9996; share of each query's fp32 top 10 kept: 0.84, 0.907, 0.952.
"""

import hashlib
import json
import logging
import os
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from filelock import FileLock

from vectorstore.model_folder import load_fast_tokenizer, model_fingerprint, token_arrays

FP32_FILE = "model.onnx"
INFO_FILE = "export.json"
OPSET = 17
# Bumped when the export or quantisation recipe changes: an older cached export is then not reused.
RECIPE = 3
# What the int8 file's vectors are: with the calibration file's digest, part of the embedder's model
# id, so caches and stores of another quantisation are never mixed with these.
INT8_VARIANT = "onnx-int8-smoothquant"
CALIBRATION_FILE = Path(__file__).parent / "data" / "int8_calibration.txt"
# Calibration batches are taken in file order, so texts of different lengths share a batch and padded
# positions are measured as well.
CALIBRATION_BATCH = 8


@dataclass(frozen=True)
class OnnxModel:
    path: Path
    fingerprint: str
    variant: str  # "onnx" (fp32, vectors equal torch's to rounding) or INT8_VARIANT-<calibration digest>
    max_seq_length: int
    export_s: float  # seconds spent producing this file (0.0 when reused from the cache)


def ensure_onnx_model(
    model_dir: Path, cache_dir: Path, *, int8: bool, max_seq_length: int
) -> OnnxModel:
    """The ONNX file for `model_dir` (int8 or fp32), exporting it first if the cache lacks it."""
    fingerprint = model_fingerprint(model_dir)
    target_dir = cache_dir / f"{model_dir.name}-{fingerprint[:16]}-r{RECIPE}"
    target_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    exported = False
    # Two processes (CLI + UI) may ask at once; one exports, the other waits and reuses.
    with FileLock(str(target_dir / ".export.lock")):
        info_path = target_dir / INFO_FILE
        if not (target_dir / FP32_FILE).is_file() or not info_path.is_file():
            seq = _export_fp32(model_dir, target_dir / FP32_FILE, max_seq_length)
            _atomic_write_text(info_path, json.dumps({"source": str(model_dir), "max_seq_length": seq}))
            exported = True
        info = json.loads(info_path.read_text(encoding="utf-8"))
        path, variant = target_dir / FP32_FILE, "onnx"
        if int8:
            calibration = calibration_texts(CALIBRATION_FILE)
            variant = f"{INT8_VARIANT}-{_digest(calibration)}"
            path = target_dir / f"model-{variant}.onnx"
            if not path.is_file():
                tokenizer = load_fast_tokenizer(model_dir, int(info["max_seq_length"]))
                _quantise_int8(target_dir / FP32_FILE, path, tokenizer, calibration)
                exported = True
    return OnnxModel(
        path=path,
        fingerprint=fingerprint,
        variant=variant,
        max_seq_length=int(info["max_seq_length"]),
        export_s=time.perf_counter() - started if exported else 0.0,
    )


def _export_fp32(model_dir: Path, out_path: Path, max_seq_length: int) -> int:
    """Trace the sentence-transformers pipeline to ONNX and fuse its transformer layers; returns the
    sequence length it truncates at."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu", model_kwargs={"attn_implementation": "eager"})
    model.eval()
    seq = min(model.max_seq_length or max_seq_length, max_seq_length)
    # Two texts of different lengths, so the traced graph contains the padding/mask path.
    example = model.tokenizer(["样例文本", "一段稍长一些的样例文本用于导出"], padding=True, return_tensors="pt")
    names = list(example.keys())

    class _Pipeline(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(dict(zip(names, tensors)))["sentence_embedding"]

    traced_path = out_path.with_suffix(".traced.tmp")
    with warnings.catch_warnings(), torch.no_grad():
        # The TorchScript exporter needs no extra packages (the dynamo one needs onnxscript) and
        # warns about that choice and about shape checks it freezes, which hold for any batch here.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Pipeline(),
            tuple(example[name] for name in names),
            str(traced_path),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes={**{n: {0: "batch", 1: "seq"} for n in names}, "sentence_embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
    config = model[0].auto_model.config  # the Hugging Face encoder under the pooling layers
    tmp_path = out_path.with_suffix(".tmp")
    _fuse_transformer(traced_path, tmp_path, num_heads=config.num_attention_heads, hidden_size=config.hidden_size)
    traced_path.unlink()
    os.replace(tmp_path, out_path)
    return seq


def _fuse_transformer(traced_path: Path, out_path: Path, *, num_heads: int, hidden_size: int) -> None:
    """Fuse attention, embeddings, GELU and LayerNorm into ONNX Runtime's contrib ops (same vectors)."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(
        str(traced_path), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=1
    )
    optimized.save_model_to_file(str(out_path))


def calibration_texts(path: Path) -> list[str]:
    """The passages of a calibration file: blank-line separated, lines starting with "#" ignored."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [text.strip() for text in "\n".join(lines).split("\n\n") if text.strip()]


def _digest(texts: list[str]) -> str:
    return hashlib.sha1("\n\n".join(texts).encode("utf-8")).hexdigest()[:8]


def _token_batches(tokenizer, texts: list[str], input_names: list[str]) -> Iterator[dict[str, np.ndarray]]:
    for start in range(0, len(texts), CALIBRATION_BATCH):
        yield token_arrays(tokenizer, texts[start : start + CALIBRATION_BATCH], input_names)


def _quantise_int8(fp32_path: Path, out_path: Path, tokenizer, calibration: list[str]) -> None:
    """Smooth the activations (calibrated on the `calibration` texts), then dynamic int8: weights stored
    as int8 per output channel, activations quantised per batch at run time."""
    import onnx
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from vectorstore.int8_smoothing import smooth_activations

    fp32 = onnx.load(str(fp32_path))
    batches = _token_batches(tokenizer, calibration, [tensor.name for tensor in fp32.graph.input])
    smoothed = smooth_activations(fp32, batches)
    tmp_path = out_path.with_suffix(".tmp")
    advice = _WithoutPreprocessingAdvice()
    logging.getLogger().addFilter(advice)
    try:
        quantize_dynamic(
            smoothed,
            str(tmp_path),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Attention"],
            # Shape inference does not know the contrib ops' outputs; they are all float.
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
    finally:
        logging.getLogger().removeFilter(advice)
    os.replace(tmp_path, out_path)


class _WithoutPreprocessingAdvice(logging.Filter):
    """quantize_dynamic advises "pre-processing" (shape inference) on every call, on the root logger. Its
    shape inference does not know the fused contrib ops, which DefaultTensorType covers instead, so the
    advice would only puzzle a writer at the first ingest."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


def _atomic_write_text(path: Path, text: str) -> None:
    tmp_path = path.with_suffix(".tmp")
    tmp_path.write_text(text, encoding="utf-8")
    os.replace(tmp_path, path)
