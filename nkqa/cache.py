"""What the user cache holds, emptying it (``nkqa cache info|clear``), and reusing its vectors.

The cache folder (:func:`nkqa.persistence.default_cache_dir`) holds one saved index per
folder content and settings (a folder named by its key, with a ``.lock`` beside it),
under ``vectors/`` the passage vectors of each model (:mod:`nkqa.vector_cache`), under
``extracted/`` the text of PDF, Word and HTML files (:mod:`nkqa.extraction_cache`) and,
under ``models/``, the ONNX export of each model used. Clearing removes the indexes, the
vectors and the extractions (and, when asked, the exports); an entry another process is building, whose
lock is held, is left alone.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nkqa.jsonl import read_jsonl
from nkqa.persistence import FORMAT_VERSION, MALFORMED, default_cache_dir, row_indexed_text, settings_fingerprint

__all__ = ["CacheInfo", "Cleared", "cache_info", "clear_cache", "reusable_vectors", "vectors_by_text"]


@dataclass(frozen=True)
class CacheInfo:
    """How much the cache holds."""

    path: str
    indexes: int
    index_bytes: int
    models: int
    model_bytes: int
    vector_batches: int = 0
    vector_bytes: int = 0

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Cleared:
    """What :func:`clear_cache` removed."""

    indexes: int
    models: int
    bytes: int
    busy: int


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in _OTHERS)


_OTHERS = ("models", "vectors", "extracted")
"""The cache's folders that are not index entries."""


def _models(root: Path) -> list[Path]:
    folder = root / "models"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def cache_info(cache_dir: str | os.PathLike[str] | None = None) -> CacheInfo:
    """Counts and sizes of the cached indexes and model exports."""
    root = Path(cache_dir or default_cache_dir())
    entries, models = _entries(root), _models(root)
    return CacheInfo(
        path=str(root),
        indexes=len(entries),
        index_bytes=sum(_size(e) for e in entries),
        models=len(models),
        model_bytes=sum(_size(m) for m in models),
        vector_batches=len(list((root / "vectors").glob("*/*.json"))),
        vector_bytes=_size(root / "vectors") if (root / "vectors").is_dir() else 0,
    )


def clear_cache(cache_dir: str | os.PathLike[str] | None = None, *, models: bool = False) -> Cleared:
    """Delete the cached indexes and vectors (and the model exports when ``models``)."""
    from filelock import FileLock, Timeout

    root = Path(cache_dir or default_cache_dir())
    removed_indexes = removed_models = freed = busy = 0
    for entry in _entries(root):
        lock = FileLock(str(entry) + ".lock")
        try:
            with lock.acquire(timeout=0):
                freed += _size(entry)
                shutil.rmtree(entry)
                removed_indexes += 1
        except Timeout:
            busy += 1
    for derived in ("vectors", "extracted"):  # written by atomic renames: removing them tears nothing
        if (root / derived).is_dir():
            freed += _size(root / derived)
            shutil.rmtree(root / derived, ignore_errors=True)
    if models:
        for export in _models(root):
            freed += _size(export)
            shutil.rmtree(export)
            removed_models += 1
    return Cleared(removed_indexes, removed_models, freed, busy)


def reusable_vectors(cache_dir: Path, settings: Any) -> dict[str, np.ndarray]:
    """Vectors of every passage text in the cache entries built with ``settings``
    (see :func:`vectors_by_text`)."""
    return vectors_by_text(_entries(Path(cache_dir)), settings)


def vectors_by_text(folders: list[Path], settings: Any) -> dict[str, np.ndarray]:
    """Vectors of every passage text in the saved indexes ``folders`` built with ``settings``.

    Keyed by the exact text, so a vector is only reused for identical text. Folders
    that cannot be read are passed over (they are rebuilt when asked for).
    """
    wanted = settings_fingerprint(settings)
    found: dict[str, np.ndarray] = {}
    for entry in folders:
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format_version") != FORMAT_VERSION or manifest.get("settings") != wanted:
                continue
            texts = [row_indexed_text(row) for _, row in read_jsonl(entry / "passages.jsonl")]
            vectors = np.load(entry / "vectors.npy", allow_pickle=False)
        except MALFORMED:
            continue
        if vectors.ndim == 2 and vectors.shape[1] and len(vectors) == len(texts) and np.isfinite(vectors).all():
            found.update(zip(texts, vectors))
    return found
