"""The int8 passage model's SmoothQuant step, on a small post-norm block with an outlier channel."""

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from nkqa.quantize import quantize, smooth

WIDTH, OUTLIER = 16, 3


def _block() -> onnx.ModelProto:
    """LayerNorm -> two MatMuls sharing its output (query, key) -> a Mul (GELU's last op)
    -> a MatMul -> a residual Add: the shapes of a BERT layer, small."""
    rng = np.random.default_rng(7)
    gamma = np.ones(WIDTH, np.float32)
    gamma[OUTLIER] = 40.0  # one channel of the norm's output runs far larger than the rest
    tensors = {
        "gamma": gamma, "beta": np.zeros(WIDTH, np.float32),
        "wq": rng.normal(size=(WIDTH, WIDTH)).astype(np.float32),
        "wk": rng.normal(size=(WIDTH, WIDTH)).astype(np.float32),
        "wd": rng.normal(size=(WIDTH, WIDTH)).astype(np.float32),
    }
    nodes = [
        helper.make_node("LayerNormalization", ["x", "gamma", "beta"], ["ln"], name="ln", axis=-1),
        helper.make_node("MatMul", ["ln", "wq"], ["q"], name="query"),
        helper.make_node("MatMul", ["ln", "wk"], ["k"], name="key"),
        helper.make_node("Add", ["q", "k"], ["qk"], name="add"),
        helper.make_node("Mul", ["qk", "qk"], ["act"], name="act"),
        helper.make_node("MatMul", ["act", "wd"], ["down"], name="down"),
        helper.make_node("Add", ["down", "ln"], ["y"], name="residual"),
    ]
    graph = helper.make_graph(
        nodes, "block",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", WIDTH]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(v, k) for k, v in tensors.items()],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def _feeds(seed: int, batches: int = 4) -> list[dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [
        {"x": rng.normal(size=(2, 12, WIDTH)).astype(np.float32), "attention_mask": np.ones((2, 12), np.int64)}
        for _ in range(batches)
    ]


def _run(model: onnx.ModelProto | str, feed: dict[str, np.ndarray]) -> np.ndarray:
    source = model if isinstance(model, str) else model.SerializeToString()
    session = onnxruntime.InferenceSession(source, providers=["CPUExecutionProvider"])
    return session.run(["y"], feed)[0]


def test_smoothing_keeps_the_function_and_skips_the_matmul_after_the_activation():
    model = _block()
    smoothed, nodes = smooth(model, _feeds(1))
    assert sorted(nodes) == ["key", "query"]
    assert sum(n.op_type == "Mul" for n in smoothed.graph.node) == 2  # the activation's and one scale
    for feed in _feeds(2):
        assert np.allclose(_run(smoothed, feed), _run(model, feed), rtol=1e-4, atol=1e-3)


def test_the_smoothed_int8_model_is_closer_to_float32_than_plain_int8(tmp_path):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    source = tmp_path / "block.onnx"
    onnx.save(_block(), str(source))
    quantize(source, tmp_path / "smoothed-int8.onnx", _feeds(1))
    quantize_dynamic(str(source), str(tmp_path / "plain-int8.onnx"), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], nodes_to_quantize=["query", "key"], reduce_range=True)
    assert not (tmp_path / "smoothed-int8.onnx.smoothed").exists()

    def error(path) -> float:
        return float(np.mean([
            np.abs(_run(str(path), feed) - _run(str(source), feed)).mean() / np.abs(_run(str(source), feed)).mean()
            for feed in _feeds(2)
        ]))

    smoothed, plain = error(tmp_path / "smoothed-int8.onnx"), error(tmp_path / "plain-int8.onnx")
    assert 0 < smoothed < plain / 2, (smoothed, plain)


def test_smoothing_needs_calibration():
    with pytest.raises(ValueError, match="calibration"):
        smooth(_block(), [])
