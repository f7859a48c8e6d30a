"""Torch-free encoding: the sentence-transformers model exported once to ONNX.

A CLI user pays the whole start-up on every question, and importing torch and
sentence-transformers costs seconds. Once an index exists, a question needs only
its own vector and those of a few candidate sentences, so nkqa exports the
model's transformer once to ONNX and runs it with ``onnxruntime`` and the
model's own ``tokenizers`` tokenizer, pooling and normalising as the model's
sentence-transformers modules do (mean over the attention mask, then L2).

An export lives in ``<cache>/models/<key>/`` (``model.onnx``, ``tokenizer.json``
and ``encoder.json``), where the key hashes the model name and its files' sizes
and modification times. It is written atomically under a file lock, and kept
only if it reproduces the sentence-transformers vectors of a few probe texts
(cosine at least :data:`MIN_COSINE`); a model it cannot reproduce (another
pooling, say) simply keeps using sentence-transformers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nkqa.dense import Embedder, SentenceTransformerEmbedder, resolve_model, tokenizer_word_pieces
from nkqa.errors import ModelLoadError

__all__ = ["OnnxEmbedder", "export", "export_dir", "ensure_export", "query_embedder", "MIN_COSINE"]

ENCODER_FORMAT = 4
"""Bumped when exports change (2: traced through eager attention; 3: the int8 passage
model smoothed, feed-forward included; 4: its weights in 7 bits), so older ones are remade."""
MIN_COSINE = 0.999
"""An export is kept only if it matches sentence-transformers this closely on the probes."""
INT8_FILE = "model-int8.onnx"
"""The export's passage model with int8 weights (:func:`nkqa.quantize.quantize`)."""
MIN_INT8_COSINE = 0.99
"""The int8 passage model is kept only if its probe vectors are this close to the model's."""
_BATCH = 8
"""Texts per onnxruntime call, after sorting by length: on 2 cores small batches run
fastest (526 passages of an unseen HTML book: whole `nkqa index` 5.9 s at 8 and at 4,
6.7 s at 16, 8.3 s at 32)."""
_BATCH_TOKENS = 256
"""Texts of 28 tokens or fewer go more to a call, up to this many tokens in all: the
single words of the answer checks' soft match pay the call's fixed cost less often (32
words: 15.2 ms in batches of 8, 11.3 ms in one); sentences and passages batch by 8 as
before (64 sentences of 45 tokens: 149-153 ms whether calls hold 8 texts, 256 or 512 tokens)."""
_CALL_TOKENS = 26
"""What an onnxruntime call costs beyond its tokens, in tokens: on 2 cores a call of short
texts takes about 1.3 ms plus 0.05 ms a token, padding included (1 to 32 texts of 3 to 8
tokens). :func:`_batches` weighs one more call against the padding it saves: a soft-match
call of 22 words, 19 of them 3 tokens long and one 6, pads the 19 to 6 in one call."""
_CALIBRATION_CHARS = 1200
"""Characters per calibration window: about a passage, near the model's 256-token window."""
_CALIBRATION_TEXTS = 64
_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_PROBES = (
    "Who built the Angkor Panorama Museum?",
    "North Korea has embassies in every ASEAN country except the Philippines, Brunei and East Timor.",
    "x",
    "A long passage. " * 200,  # longer than the model's window: truncation must agree
)


class OnnxEmbedder:
    """An exported model run by onnxruntime; the :class:`~nkqa.dense.Embedder` protocol.

    Parameters
    ----------
    folder:
        An export written by :func:`export`.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        from tokenizers import Tokenizer

        folder = Path(folder)
        try:
            meta = json.loads((folder / "encoder.json").read_text(encoding="utf-8"))
            if meta.get("format") != ENCODER_FORMAT:
                raise ValueError(f"format {meta.get('format')!r}, expected {ENCODER_FORMAT}")
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            if not (folder / "model.onnx").is_file():
                raise FileNotFoundError("no model.onnx")
        except Exception as error:
            raise ModelLoadError(f"cannot load the ONNX export in {folder}: {error}") from error
        tokenizer.no_padding()
        tokenizer.enable_truncation(int(meta["max_seq_length"]))
        self._pad_id = int(meta["pad_id"])
        self.name = str(meta["model"])
        self.cache_key = self.name  # shares the model's cached vectors: the export reproduces them (MIN_COSINE)
        self.dimension = int(meta["dimension"])
        self._tokenizer = tokenizer
        self._folder = folder
        # Sessions load on first use: a build whose vectors are all cached needs only the
        # export's name (a quarter of a warm rebuild of 46 HTML pages was loading it).
        self._model = None
        self._int8 = None  # the passage model
        self._input_names: set[str] = set()

    @property
    def _session(self):  # noqa: ANN202 - onnxruntime.InferenceSession
        if self._model is None:
            self._model = self._load(self._folder / "model.onnx")
        return self._model

    def _load(self, path: Path):  # noqa: ANN202 - onnxruntime.InferenceSession
        try:
            session = _session(path)
        except Exception as error:
            raise ModelLoadError(
                f"cannot load the ONNX model {path}: {error}; `nkqa cache clear` removes it "
                "and the next run exports the model again"
            ) from error
        self._input_names = {i.name for i in session.get_inputs()}  # the same in both models
        return session

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into L2-normalised float32 rows."""
        return self._run(texts, self._session)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages for an index: with the export's int8 model when it has one
        (:data:`INT8_FILE`, vectors within :data:`MIN_INT8_COSINE` of the model's),
        else as :meth:`encode`. Questions and answer sentences always use :meth:`encode`."""
        if self._int8 is None:
            path = self._folder / INT8_FILE
            self._int8 = self._load(path) if path.is_file() else self._session
        return self._run(texts, self._int8)

    def _run(self, texts: Sequence[str], session) -> np.ndarray:  # noqa: ANN001 - an InferenceSession
        encodings = self._tokenizer.encode_batch(list(texts))
        out = np.empty((len(encodings), self.dimension), dtype=np.float32)
        for rows in _batches([len(e.ids) for e in encodings]):
            out[rows] = self._encode([encodings[j] for j in rows], session)
        return out

    def word_pieces(self, text: str) -> list[list[str]]:
        """The model's word pieces of each word of ``text`` (see :func:`nkqa.dense.vocabulary_coverage`)."""
        return tokenizer_word_pieces(self._tokenizer, text)

    def feeds(self, texts: Sequence[str]) -> list[dict[str, np.ndarray]]:
        """The model's inputs for ``texts``, in batches of :data:`_BATCH` (calibration)."""
        _ = self._session  # its input names decide the feeds
        encodings = self._tokenizer.encode_batch(list(texts))
        return [self._feed(encodings[i : i + _BATCH]) for i in range(0, len(encodings), _BATCH)]

    def _feed(self, encodings: list) -> dict[str, np.ndarray]:
        width = max(len(e.ids) for e in encodings)
        feed = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in _INPUTS}
        feed["input_ids"][:] = self._pad_id
        for row, e in enumerate(encodings):
            n = len(e.ids)
            feed["input_ids"][row, :n] = e.ids
            feed["attention_mask"][row, :n] = e.attention_mask
            feed["token_type_ids"][row, :n] = e.type_ids
        return {k: v for k, v in feed.items() if k in self._input_names}

    def _encode(self, encodings: list, session) -> np.ndarray:  # noqa: ANN001 - an InferenceSession
        feed = self._feed(encodings)
        (hidden,) = session.run(None, feed)
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


def _batches(lengths: Sequence[int]) -> list[np.ndarray]:
    """The rows of each onnxruntime call for texts of these token ``lengths``.

    The texts are sorted by length, so that a call pads little, and cut into calls of at
    most :data:`_BATCH` texts or :data:`_BATCH_TOKENS` tokens (whichever allows more) at
    the cuts that cost least, a call costing :data:`_CALL_TOKENS` plus its texts times
    its longest (a shortest path over the cut points, exact under that cost).
    """
    order = np.argsort(lengths, kind="stable")
    ordered = [lengths[i] for i in order]
    cost = [0.0] + [float("inf")] * len(ordered)
    cut = [0] * (len(ordered) + 1)
    for end in range(1, len(ordered) + 1):
        longest = ordered[end - 1]  # sorted, so the call's last text is its longest
        for start in range(end - 1, -1, -1):
            size = end - start
            if size > _BATCH and size * longest > _BATCH_TOKENS:
                break  # a longer call only grows
            total = cost[start] + _CALL_TOKENS + size * longest
            if total < cost[end]:
                cost[end], cut[end] = total, start
    calls, end = [], len(ordered)
    while end > 0:
        calls.append(order[cut[end] : end])
        end = cut[end]
    return calls[::-1]


def _session(path: Path):  # noqa: ANN202 - onnxruntime.InferenceSession, imported lazily
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def export_dir(model: str, cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the export of ``model`` lives (it may not exist yet)."""
    from nkqa.persistence import default_cache_dir

    target = resolve_model(model)
    identity: dict[str, object] = {"format": ENCODER_FORMAT, "model": model, "target": target}
    if Path(target).is_dir():
        identity["files"] = sorted(
            (p.relative_to(target).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
            for p in Path(target).rglob("*")
            if p.is_file()
        )
    key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
    return Path(cache_dir or default_cache_dir()) / "models" / key


def export(embedder: SentenceTransformerEmbedder, folder: str | os.PathLike[str]) -> Path:
    """Export ``embedder``'s model to ``folder`` (needs torch); return the folder.

    Raises
    ------
    ModelLoadError
        If the model is not a transformer with mean pooling, or the export does not
        reproduce its vectors (cosine below :data:`MIN_COSINE`).
    """
    import torch
    from filelock import FileLock

    model = embedder.model
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder) + ".lock"):
        if (folder / "encoder.json").is_file():
            return folder
        transformer = model[0]
        pooling = model[1] if len(model) > 1 else None
        mean = (
            getattr(pooling, "pooling_mode", None) == "mean"  # sentence-transformers 6
            or getattr(pooling, "pooling_mode_mean_tokens", False)  # earlier releases
        )
        if not mean or not hasattr(transformer, "auto_model"):
            raise ModelLoadError(f"model {embedder.name!r}: only transformer + mean pooling is exported")
        staging = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            _export_graph(torch, transformer.auto_model, transformer.tokenizer, staging / "model.onnx", eager=True)
            backend = transformer.tokenizer.backend_tokenizer
            backend.save(str(staging / "tokenizer.json"))
            meta = {
                "format": ENCODER_FORMAT,
                "model": embedder.name,
                "dimension": embedder.dimension,
                "max_seq_length": int(model.max_seq_length),
                "pad_id": int(transformer.tokenizer.pad_token_id or 0),
                "pooling": "mean",
                "normalize": True,
                "opset": _OPSET,
            }
            (staging / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
            exported = OnnxEmbedder(staging)
            reference = embedder.encode(list(_PROBES))
            cosine = float((exported.encode(list(_PROBES)) * reference).sum(axis=1).min())
            if cosine < MIN_COSINE:
                raise ModelLoadError(
                    f"ONNX export of {embedder.name!r} does not match sentence-transformers "
                    f"(cosine {cosine:.4f} < {MIN_COSINE})"
                )
            _add_int8(exported, reference)
            os.replace(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def _add_int8(exported: OnnxEmbedder, reference: np.ndarray) -> None:
    """Add the int8 passage model to the export ``exported`` reads when it reproduces
    ``reference`` (the model's vectors of the probes) to :data:`MIN_INT8_COSINE`; it is
    only a speed-up, so any failure leaves the export without it."""
    from nkqa.quantize import quantize

    target = exported._folder / INT8_FILE
    try:
        quantize(exported._folder / "model.onnx", target, exported.feeds(_calibration_texts()))
        vectors = exported.encode_passages(list(_PROBES))  # its int8 session is not loaded yet
        if float((vectors * reference).sum(axis=1).min()) < MIN_INT8_COSINE:
            target.unlink()
    except Exception:  # noqa: BLE001 - float32 passages are the fallback, never an error
        target.unlink(missing_ok=True)


def _calibration_texts() -> list[str]:
    """Texts whose activations set the int8 model's smoothing scales: the probes and
    windows of the bundled corpus, plain English prose like most passages."""
    texts = list(_PROBES)
    for path in sorted((Path(__file__).resolve().parent / "_corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [text[i : i + _CALIBRATION_CHARS] for i in range(0, len(text), _CALIBRATION_CHARS)]
    return texts[:_CALIBRATION_TEXTS]


def _export_graph(torch, model, tokenizer, path: Path, *, eager: bool) -> None:
    """Trace ``model`` to ONNX; with ``eager``, through the plain attention code (a
    matmul, softmax, matmul), whose graph onnxruntime runs about 20% faster than the
    decomposed scaled-dot-product attention (164 against 136 passages/s, same vectors)."""
    previous = getattr(model.config, "_attn_implementation", None)
    if eager and previous not in (None, "eager") and hasattr(model, "set_attn_implementation"):
        model.set_attn_implementation("eager")
    try:
        _trace(torch, model, tokenizer, path)
    finally:
        if eager and previous not in (None, "eager") and hasattr(model, "set_attn_implementation"):
            model.set_attn_implementation(previous)


def _trace(torch, model, tokenizer, path: Path) -> None:
    class _Hidden(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    sample = tokenizer(["a short probe", "a longer probe sentence to pad the batch"], padding=True, return_tensors="pt")
    names = list(_INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    model.eval()
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer's notes on Python-side shape checks; the probes check the result.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(model),
            tuple(sample[name] for name in names),
            str(path),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=_OPSET,
            dynamo=False,
        )


def ensure_export(embedder: Embedder, cache_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Export ``embedder``'s model once, if it is a sentence-transformers model.

    Returns the export folder, or ``None`` when there is nothing to export or the
    model cannot be exported (a warning says why; queries then use
    sentence-transformers).
    """
    if not isinstance(embedder, SentenceTransformerEmbedder):
        return None
    return _export_once(embedder, export_dir(embedder.name, cache_dir))


def _export_once(embedder: SentenceTransformerEmbedder, folder: Path) -> Path | None:
    if (folder / "encoder.json").is_file():
        return folder
    _ = embedder.dimension  # a model that does not load is the caller's error, not a warning
    try:
        return export(embedder, folder)
    except Exception as error:  # noqa: BLE001 - the export only saves start-up time; never fail a query on it
        warnings.warn(f"queries will load torch: {error}", RuntimeWarning, stacklevel=3)
        return None


def query_embedder(model: str, cache_dir: str | os.PathLike[str] | None = None) -> Embedder:
    """The ONNX export of ``model``, made now (with sentence-transformers, once per
    model and cache) when there is none yet; sentence-transformers when the model cannot
    be exported. The first build on a machine embeds its passages with the export too."""
    folder = export_dir(model, cache_dir)
    if not (folder / "encoder.json").is_file():
        embedder = SentenceTransformerEmbedder(model)
        # The folder is known: no second look at the model's files.
        if _export_once(embedder, folder) is None:
            return embedder
    try:
        return OnnxEmbedder(folder)
    except (ModelLoadError, ImportError) as error:
        warnings.warn(f"ignoring the ONNX export: {error}", RuntimeWarning, stacklevel=2)
        return SentenceTransformerEmbedder(model)
