"""The int8 passage model: SmoothQuant scales, then onnxruntime's dynamic quantizer.

onnxruntime's dynamic quantization (``quantize_dynamic``) stores weights in int8 per
output channel and quantizes each MatMul's input at run time with one scale for the
whole tensor. A transformer's layer-norm outputs have a few channels whose values run
tens of times larger than the rest, so one scale leaves the other channels a few
levels each. SmoothQuant (Xiao et al., 2023, "SmoothQuant: Accurate and Efficient
Post-Training Quantization for Large Language Models", eq. 4) moves that range into
the weights, which quantize per channel: for a MatMul ``X @ W`` it picks per input
channel ``j``::

    s_j = max|X_j| ** alpha / max|W_j| ** (1 - alpha),    alpha = 0.5 (the paper's)

and computes ``(X / s) @ (diag(s) W)``, the same product in exact arithmetic.
``max|X_j|`` is measured on calibration texts. In a post-norm BERT the layer-norm
output also feeds the residual, so ``1/s`` cannot be folded into the norm's weights
as the paper does for pre-norm models; it is an explicit ``Mul`` before the MatMuls
that share the input (one per group, elementwise, cheap against the product).

Which MatMuls are quantized: those whose input is a layer-norm output or the
attention context (the attention's query, key, value and output projections, and the
feed-forward's first matrix). The feed-forward's second matrix reads the GELU output,
whose outliers smoothing does not tame (cosine to float32 fell from 0.996 to 0.968 with
it), and stays float32. Measured with all-MiniLM-L6-v2 on 526 passages of an unseen
HTML book and 2,704 of an unseen text folder: 1.29x the float32 export's passages/s
(1.13x for the attention projections alone, unsmoothed), every vector at cosine 0.996
or more to float32 (0.984 without smoothing).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import numpy as np

__all__ = ["ALPHA", "quantize", "smooth"]

ALPHA = 0.5
"""SmoothQuant's migration strength: the paper's default, and the best of 0.35, 0.5, 0.65
and 0.8 on the passages above (minimum cosine 0.994, 0.996, 0.996, 0.994)."""


def smooth(model, calibration: Iterable[dict[str, np.ndarray]]):  # noqa: ANN001, ANN201 - onnx.ModelProto
    """Return a copy of ``model`` with SmoothQuant scales, and the MatMuls to quantize.

    The copy computes the same function in exact arithmetic (float32 rounding aside).

    Parameters
    ----------
    model:
        A float32 ``onnx.ModelProto`` whose weight matrices are ``MatMul`` initializers.
    calibration:
        Input feeds (name to array) for ``model``, with an ``attention_mask``: the
        channel maxima of each smoothed MatMul's input are taken over unmasked tokens.

    Returns
    -------
    (onnx.ModelProto, list of str)
        The smoothed model and the names of the MatMul nodes it smoothed.
    """
    import onnx
    from onnx import helper, numpy_helper

    smoothed = onnx.ModelProto()
    smoothed.CopyFrom(model)
    graph = smoothed.graph
    weights = {i.name: i for i in graph.initializer}
    groups: dict[str, list] = {}
    for node in graph.node:
        if node.op_type == "MatMul" and len(getattr(weights.get(node.input[1]), "dims", ())) == 2:
            groups.setdefault(node.input[0], []).append(node)
    producers = {out: node.op_type for node in graph.node for out in node.output}
    # The GELU's last op is a Mul; layer norms and the attention context (a Reshape) are smoothed.
    groups = {name: nodes for name, nodes in groups.items() if producers.get(name) != "Mul"}
    maxima = _input_maxima(model, list(groups), calibration)
    for k, (name, nodes) in enumerate(groups.items()):
        matrices = [numpy_helper.to_array(weights[n.input[1]]) for n in nodes]
        w_max = np.max([np.abs(m).max(axis=1) for m in matrices], axis=0)
        scale = np.clip(maxima[name], 1e-5, None) ** ALPHA / np.clip(w_max, 1e-5, None) ** (1 - ALPHA)
        scale = scale.astype(np.float32)
        for node, matrix in zip(nodes, matrices):
            weights[node.input[1]].CopyFrom(numpy_helper.from_array(matrix * scale[:, None], node.input[1]))
        inverse, scaled = f"nkqa_smooth_{k}", f"{name}_smoothed"
        graph.initializer.append(numpy_helper.from_array((1 / scale).astype(np.float32), inverse))
        first = min(list(graph.node).index(n) for n in nodes)
        graph.node.insert(first, helper.make_node("Mul", [name, inverse], [scaled], name=f"/nkqa/smooth/Mul_{k}"))
        for node in nodes:
            node.input[0] = scaled
    return smoothed, [n.name for nodes in groups.values() for n in nodes]


def quantize(source: Path, target: Path, calibration: Iterable[dict[str, np.ndarray]]) -> None:
    """Write ``source`` as the int8 passage model ``target``: :func:`smooth`, then
    onnxruntime's ``quantize_dynamic`` (int8 weights per output channel) on the
    smoothed MatMuls.

    Parameters
    ----------
    source:
        A float32 ONNX model (see :func:`smooth`).
    target:
        Where the quantized model is written.
    calibration:
        Input feeds for ``source`` (see :func:`smooth`).
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model, nodes = smooth(onnx.load(str(source)), calibration)
    staging = target.with_name(target.name + ".smoothed")
    onnx.save(model, str(staging))
    root = logging.getLogger()
    advice = _DropAdvice()
    root.addFilter(advice)  # the quantizer logs advice on pre-processing, for image models
    try:
        # 7-bit weights: without VNNI, x86's int8 kernel adds pairs of 8-bit products in
        # 16 bits, which saturate (onnxruntime's advice for such machines); with VNNI they
        # cost a bit of precision and nothing else.
        quantize_dynamic(
            str(staging), str(target), weight_type=QuantType.QInt8, per_channel=True,
            op_types_to_quantize=["MatMul"], nodes_to_quantize=nodes, reduce_range=True,
        )
    finally:
        root.removeFilter(advice)
        staging.unlink(missing_ok=True)


def _input_maxima(model, names: list[str], calibration: Iterable[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:  # noqa: ANN001 - onnx.ModelProto
    """Per channel, the largest magnitude each of ``names`` takes on unmasked tokens."""
    import onnx
    import onnxruntime
    from onnx import helper

    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    for name in names:
        probe.graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(probe.SerializeToString(), options, providers=["CPUExecutionProvider"])
    inputs = {i.name for i in session.get_inputs()}
    maxima: dict[str, np.ndarray] = {}
    for feed in calibration:
        tokens = feed["attention_mask"].astype(bool)
        for name, values in zip(names, session.run(names, {k: v for k, v in feed.items() if k in inputs})):
            top = np.abs(values[tokens]).max(axis=0)
            maxima[name] = np.maximum(maxima[name], top) if name in maxima else top
    if len(maxima) != len(names):
        raise ValueError("no calibration input")
    return maxima


class _DropAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Please consider to run pre-processing")
