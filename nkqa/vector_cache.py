"""Passage vectors in the user cache, written batch by batch as they are computed.

Under ``<cache>/vectors/<model>/`` (the model's :attr:`cache_key`, hashed), each batch of
passages embedded is two files named by the batch's content hash: ``<hash>.npy``, the
float32 rows, and ``<hash>.json``, the sha256 of each row's text, written last. Each file
is written to a temporary name and renamed, so a batch is found whole or not at all: a
build interrupted (Ctrl-C, a kill, a full disk) keeps every finished batch, and the next
build of any folder embeds only the texts the cache does not hold. Vectors are reused for
identical text only.

The cache holds at most :data:`MAX_BYTES` of vectors (``$NKQA_VECTOR_CACHE_MB`` changes
it; 0 turns the cache off); past it, the batches used least recently go first. Only embedders that name their
vectors' identity (a ``cache_key`` attribute: the packaged model, sentence-transformers
models and their ONNX exports) are cached; a custom embedder without one never is.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from nkqa.atomic import write_file
from nkqa.dense import Embedder, embed
from nkqa.persistence import MALFORMED, default_cache_dir

__all__ = ["MAX_BYTES", "VectorCache", "cache_enabled", "embed_reusing", "text_hash"]

MAX_BYTES = 2 * 2**30
"""Default size cap of the vector cache: 2 GiB, about 1.4 million 384-wide vectors."""


def text_hash(text: str) -> str:
    """The content hash that keys a text's vector."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _max_bytes() -> int:
    value = os.environ.get("NKQA_VECTOR_CACHE_MB")
    try:
        return round(float(value) * 2**20) if value else MAX_BYTES
    except ValueError:
        warnings.warn(f"ignoring NKQA_VECTOR_CACHE_MB={value!r}: not a number", RuntimeWarning, stacklevel=3)
        return MAX_BYTES


def cache_enabled() -> bool:
    """Whether vectors are cached (``$NKQA_VECTOR_CACHE_MB`` is not 0)."""
    return _max_bytes() > 0


class VectorCache:
    """The cached vectors of one model (see the module docstring).

    Parameters
    ----------
    cache_dir:
        The user cache folder (:func:`nkqa.persistence.default_cache_dir`).
    model_key:
        What identifies the vectors: the embedder's ``cache_key``.
    """

    def __init__(self, cache_dir: str | os.PathLike[str], model_key: str) -> None:
        self.folder = Path(cache_dir) / "vectors" / hashlib.sha256(model_key.encode()).hexdigest()[:16]
        self._failed = False
        self._total: int | None = None  # bytes of the whole vector cache, once counted

    def lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vector of each of ``texts`` the cache holds (by exact text)."""
        wanted = {text_hash(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        if not wanted or not self.folder.is_dir():
            return found
        ignored, width = 0, None
        for keys in sorted(self.folder.glob("*.json")):
            try:
                hashes = json.loads(keys.read_text(encoding="utf-8"))["texts"]
                if not isinstance(hashes, list) or not set(hashes) & wanted.keys():
                    continue
                vectors = np.load(keys.with_suffix(".npy"), allow_pickle=False, mmap_mode="r")
                if vectors.dtype != np.float32 or vectors.ndim != 2 or len(vectors) != len(hashes):
                    raise ValueError("vectors of another shape")
                if width is not None and vectors.shape[1] != width:
                    raise ValueError("vectors of another width")
                width = vectors.shape[1]
                rows = {h: i for i, h in enumerate(hashes) if h in wanted}
                picked = np.array(vectors[sorted(rows.values())])
                if not np.isfinite(picked).all():
                    raise ValueError("vectors that are not finite")
            except FileNotFoundError:
                continue  # removed meanwhile by another build trimming the cache: not an error
            except MALFORMED:
                ignored += 1
                self._drop(keys)
                continue
            for h, row in zip(sorted(rows, key=rows.get), picked):
                found[wanted[h]] = row
            os.utime(keys)  # used: the last to go when the cache is full
        if ignored:
            warnings.warn(
                f"the vector cache in {self.folder} held {ignored} unreadable batch(es); nkqa removed "
                "them and computes those vectors again", RuntimeWarning, stacklevel=2,
            )
        return found

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (one row per text) for the next build; a disk error only warns."""
        if self._failed or not len(texts):
            return
        hashes = [text_hash(t) for t in texts]
        name = hashlib.sha256("".join(hashes).encode()).hexdigest()[:32]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_file(self.folder / f"{name}.npy", lambda f: np.save(f, np.asarray(vectors, dtype=np.float32)))
            # The keys last: a batch without them is never read, one with them is whole.
            write_file(self.folder / f"{name}.json", lambda f: f.write(json.dumps({"texts": hashes}).encode()))
            written = sum(_size(self.folder / f"{name}{suffix}") for suffix in (".npy", ".json"))
            self._total = (self._count() if self._total is None else self._total) + written
            if self._total > _max_bytes():
                self._trim(_max_bytes())
        except OSError as error:
            self._failed = True
            warnings.warn(
                f"cannot write to the vector cache in {self.folder} ({error.strerror or error}); "
                "this build's vectors are not kept", RuntimeWarning, stacklevel=2,
            )

    def _count(self) -> int:
        """Bytes of every model's batches; leftovers of writes killed over an hour ago go."""
        now = time.time()
        for leftover in self.folder.parent.glob("*/.tmp-*"):
            if now - _mtime(leftover) > 3600:
                leftover.unlink(missing_ok=True)
        return sum(_size(p) for p in self.folder.parent.glob("*/*") if not p.name.startswith("."))

    def _trim(self, limit: int) -> None:
        batches = sorted((_mtime(k), k) for k in self.folder.parent.glob("*/*.json"))
        total = self._count()
        for _, keys in batches:
            if total <= limit:
                break
            total -= _size(keys) + _size(keys.with_suffix(".npy"))
            self._drop(keys)
        self._total = total

    @staticmethod
    def _drop(keys: Path) -> None:
        keys.unlink(missing_ok=True)
        keys.with_suffix(".npy").unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def embed_reusing(
    embedder: Embedder, texts: Sequence[str], reuse: Mapping[str, np.ndarray], *, progress: bool
) -> np.ndarray:
    """The vectors of ``texts``, one row each: from ``reuse`` (an earlier index's vectors
    by text), then from the user cache of ``embedder``'s vectors, then from ``embedder``,
    whose batches the cache keeps as they are computed. When every vector is found, the
    model is not loaded."""
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    found = dict(reuse)
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    key = getattr(embedder, "cache_key", None)
    # Only embedders that name their vectors' identity (the packaged and sentence-transformers
    # models and their exports) are cached.
    cache = VectorCache(default_cache_dir(), str(key)) if missing and key and cache_enabled() else None
    if cache is not None:
        found.update(cache.lookup(missing))
        missing = [t for t in missing if t not in found]
    if missing:
        on_batch = cache.add if cache is not None else None
        found.update(zip(missing, embed(embedder, missing, progress=progress, on_batch=on_batch)))
    return np.stack([found[t] for t in texts])
