"""SmoothQuant for the int8 export: move activation outliers into the weights before quantising.

Dynamic int8 gives each MatMul input ONE scale for the whole batch tensor, taken from its largest value.
In m3e-small single channels run over ten times above the rest (layer 1's GELU output reaches 34 in one
channel where the median channel's maximum is 2.5; LayerNorm outputs reach 35), so that one scale leaves
the ordinary channels a few int8 steps. That was most of the int8 error: leaving layer 1's FFN output
MatMul alone in fp32 raised the mean cosine to fp32 from 0.9980 to 0.9992.

SmoothQuant (Xiao et al., 2023) divides input channel j by s_j and multiplies row j of the weight by s_j.
The product is unchanged in exact arithmetic; the activations come out flat enough for one scale, and
the per-channel weight quantisation absorbs the larger rows. s_j = max|X_j|^alpha / max|W_j|^(1-alpha),
with max|X_j| measured by running the fp32 graph on calibration batches. The division is a Mul inserted
in front of the MatMul: in these post-LayerNorm encoders the same tensor also feeds the residual path,
so it cannot be folded into the LayerNorm weights. The Muls cost about 2% of run time.

Alphas from a sweep on 400 corpus passages and 100 queries (share of each query's fp32 top 10 kept):
FFN output 0.8 alone 0.907 -> 0.940 (0.5: lower, 0.9: lower); + FFN input 0.5 -> 0.956 (0.3: 0.950,
0.7: 0.956); + attention input 0.5 -> 0.961; smoothing the attention output as well changed nothing.
Padded positions must be in the calibration: in layer 0's FFN output input, pads run up to 21 times
above real tokens in some channels, so with maxima of real tokens alone the pads set the run-time scale
(14.8 against 1.6 after smoothing), and the same passages gave 0.924 instead of 0.944. Calibrated on
vectorstore/data/int8_calibration.txt (72 own passages, headings and queries): 0.965.
"""

import copy
from collections.abc import Iterable

import numpy as np
import onnx
from onnx import helper, numpy_helper

# Which MatMul inputs are smoothed, told apart by what produces the input, and with what alpha.
ALPHAS = {"ffn_output": 0.8, "ffn_input": 0.5, "attention": 0.5}
_GELU_OPS = {"Gelu", "BiasGelu", "FastGelu"}
_LAYER_NORM_OPS = {"LayerNormalization", "SkipLayerNormalization", "EmbedLayerNormalization"}


def smooth_activations(model: onnx.ModelProto, batches: Iterable[dict[str, np.ndarray]]) -> onnx.ModelProto:
    """A copy of the fp32 `model` with the inputs of its FFN and attention MatMuls smoothed, calibrated on
    `batches` (input feeds as the embedder builds them: padded positions count, because the run-time
    int8 scale covers them too)."""
    smoothed = copy.deepcopy(model)
    targets = _smoothing_targets(smoothed)
    if not targets:  # a graph with none of these patterns is quantised as it is
        return smoothed
    maxima = _input_maxima(model, [node.input[0] for node, _ in targets], batches)
    weights = {init.name: init for init in smoothed.graph.initializer}
    for node, group in targets:
        weight = numpy_helper.to_array(weights[node.input[1]])
        scale = _smoothing_scale(maxima[node.input[0]], weight, ALPHAS[group])
        weights[node.input[1]].CopyFrom(numpy_helper.from_array(weight * scale[:, None], node.input[1]))
        inverse = numpy_helper.from_array(1.0 / scale, f"{node.name}_smooth_scale")
        smoothed.graph.initializer.append(inverse)
        divided = f"{node.input[0]}_smoothed_for_{node.name}"
        mul = helper.make_node("Mul", [node.input[0], inverse.name], [divided], name=f"{node.name}_smooth")
        smoothed.graph.node.insert(list(smoothed.graph.node).index(node), mul)
        node.input[0] = divided
    return smoothed


def _smoothing_scale(input_max: np.ndarray, weight: np.ndarray, alpha: float) -> np.ndarray:
    """s_j = max|X_j|^alpha / max|W_j|^(1-alpha), kept off zero for channels that never fire."""
    weight_max = np.abs(weight).max(axis=1)
    scale = np.maximum(input_max, 1e-5) ** alpha / np.maximum(weight_max, 1e-5) ** (1 - alpha)
    return scale.astype(np.float32)


def _smoothing_targets(model: onnx.ModelProto) -> list[tuple[onnx.NodeProto, str]]:
    """(node, group) for each Attention or MatMul with a constant weight whose input is a GELU or
    LayerNorm output."""
    producer = {output: node.op_type for node in model.graph.node for output in node.output}
    constants = {init.name for init in model.graph.initializer}
    targets = []
    for node in model.graph.node:
        if node.op_type not in ("MatMul", "Attention") or node.input[1] not in constants:
            continue
        source = producer.get(node.input[0])
        if node.op_type == "Attention":
            targets.append((node, "attention"))
        elif source in _GELU_OPS:
            targets.append((node, "ffn_output"))
        elif source in _LAYER_NORM_OPS:
            targets.append((node, "ffn_input"))
    return targets


def _input_maxima(
    model: onnx.ModelProto, tensors: list[str], batches: Iterable[dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Per-channel max |value| of each named tensor over all batches and positions."""
    import onnxruntime as ort

    names = list(dict.fromkeys(tensors))  # one tensor may feed several targets
    probe = copy.deepcopy(model)
    known_outputs = {output.name for output in probe.graph.output}
    for name in names:
        if name not in known_outputs:
            probe.graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    maxima: dict[str, np.ndarray] = {}
    for feeds in batches:
        for name, values in zip(names, session.run(names, feeds)):
            channel_max = np.abs(values).reshape(-1, values.shape[-1]).max(axis=0)
            maxima[name] = np.maximum(maxima[name], channel_max) if name in maxima else channel_max
    if not maxima:
        raise ValueError("int8 smoothing needs at least one calibration batch")
    return maxima
