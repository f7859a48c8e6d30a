"""Save and load an :class:`~nkqa.index.Index` as a folder of readable files; the index cache.

A saved index is a folder::

    manifest.json     format version, nkqa version, model and width, settings, corpus hashes
    passages.jsonl    one passage a line: id, text, citations
    tokens.jsonl      the BM25 input, one token list a line (BM25 is rebuilt from it)
    stats.json        per-file deduplication counts
    vectors.npy       float32 passage vectors (read with allow_pickle=False)

Nothing is pickled. A save writes a temporary sibling folder and renames it into
place, so a crash or a kill leaves the previous index whole. :func:`load` checks
the manifest and refuses an index of another format, model or settings.

Loading re-reads the corpus files: a file whose sha256 differs from the
manifest's keeps its passages, with citations marked ``stale``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from nkqa.collection import Collection, FileStats
from nkqa.errors import IndexFormatError
from nkqa.jsonl import read_jsonl
from nkqa.loading import Document
from nkqa.passage import Citation, Passage

__all__ = [
    "FORMAT_VERSION",
    "save",
    "load",
    "settings_fingerprint",
    "cache_key",
    "default_cache_dir",
    "reusable_vectors",
]

FORMAT_VERSION = 2
"""Bumped whenever the passages a corpus yields change (2: short paragraphs packed into blocks),
so that neither a saved index nor a cache entry from an older nkqa is served as current."""
_FILES = ("manifest.json", "passages.jsonl", "tokens.jsonl", "stats.json", "vectors.npy")


def settings_fingerprint(settings: Any) -> dict[str, Any]:
    """The settings as plain JSON (sorted stop words, weights as a dict)."""
    data = dataclasses.asdict(settings)
    data["stopwords"] = sorted(data["stopwords"])
    data["weights"] = dict(sorted(dict(settings.weights).items()))
    return data


def cache_key(files: dict[str, str], settings: Any) -> str:
    """Content hash of the corpus files (source → sha256) and the settings."""
    payload = json.dumps(
        {"format": FORMAT_VERSION, "files": dict(sorted(files.items())), "settings": settings_fingerprint(settings)},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def default_cache_dir() -> Path:
    """``$NKQA_CACHE_DIR``, else the platform's user cache folder (``~/.cache/nkqa`` on Linux)."""
    override = os.environ.get("NKQA_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nkqa"))


def save(index: Any, folder: str | os.PathLike[str]) -> Path:
    """Write ``index`` to ``folder`` atomically (see the module docstring)."""
    from nkqa import __version__

    target = Path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    vectors = index.vectors
    collection: Collection = index.collection
    if collection.root is None:
        raise IndexFormatError("this index does not know its corpus folder; build it with Index.build")
    manifest = {
        "format_version": FORMAT_VERSION,
        "nkqa_version": __version__,
        "model": index.settings.model,
        "dimension": int(vectors.shape[1]),
        "passages": len(collection.passages),
        "settings": settings_fingerprint(index.settings),
        "corpus": {
            "path": str(collection.root),
            "files": {d.source: d.sha256 for d in collection.documents},
            "titles": {d.source: d.title for d in collection.documents},
        },
    }
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _write_json(staging / "manifest.json", manifest)
        _write_lines(staging / "passages.jsonl", (p.to_dict() for p in collection.passages))
        _write_lines(staging / "tokens.jsonl", index._tokens)
        _write_json(staging / "stats.json", [s.to_dict() for s in collection.stats])
        with open(staging / "vectors.npy", "wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def load(
    folder: str | os.PathLike[str],
    *,
    settings: Any = None,
    embedder: Any = None,
    progress: bool = True,
) -> Any:
    """Read an index saved by :func:`save`.

    Raises
    ------
    IndexFormatError
        If a file is missing or corrupted, the format version differs, or
        ``settings`` (when given) differ from those the index was built with.
    """
    from nkqa.index import Index, Settings

    source = Path(folder)
    missing = [name for name in _FILES if not (source / name).is_file()]
    if missing:
        raise IndexFormatError(f"{source} is not a saved nkqa index: missing {', '.join(missing)}")
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexFormatError(
                f"{source} has index format {manifest.get('format_version')!r}; this nkqa reads "
                f"format {FORMAT_VERSION}: rebuild it with `nkqa index CORPUS --out {source}`"
            )
        stored = dict(manifest["settings"])
        built = Settings(**{**stored, "stopwords": frozenset(stored["stopwords"])})
        if settings is not None and settings_fingerprint(settings) != settings_fingerprint(built):
            raise IndexFormatError(
                f"{source} was built with other settings (model {manifest['model']!r}); rebuild it "
                "or load it without settings"
            )
        rows = [row for _, row in read_jsonl(source / "passages.jsonl")]
        tokens = [row for _, row in read_jsonl(source / "tokens.jsonl")]
        stats = [FileStats(**row) for row in json.loads((source / "stats.json").read_text(encoding="utf-8"))]
        vectors = np.load(source / "vectors.npy", allow_pickle=False)
    except IndexFormatError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexFormatError(f"{source} is corrupted ({type(error).__name__}: {error}); rebuild it") from error
    if len(rows) != manifest["passages"] or len(tokens) != len(rows) or vectors.shape != (len(rows), manifest["dimension"]):
        raise IndexFormatError(f"{source} is corrupted: passages, tokens and vectors do not match; rebuild it")
    documents, changed = _read_documents(manifest)
    passages = tuple(_passage(row, changed) for row in rows)
    collection = Collection(tuple(documents), passages, tuple(stats), Path(manifest["corpus"]["path"]))
    return Index(
        collection,
        settings=built,
        embedder=embedder,
        vectors=vectors,
        tokens=tokens,
        file_hashes=manifest["corpus"]["files"],
        progress=progress,
    )


def reusable_vectors(cache_dir: Path, settings: Any) -> dict[str, np.ndarray]:
    """Vectors of every passage text in the cache entries built with ``settings``.

    Keyed by the exact text, so a vector is only reused for identical text. Entries
    that cannot be read are passed over (they are rebuilt when asked for).
    """
    wanted = settings_fingerprint(settings)
    found: dict[str, np.ndarray] = {}
    for entry in sorted(p for p in Path(cache_dir).glob("*") if p.is_dir() and not p.name.startswith(".")):
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format_version") != FORMAT_VERSION or manifest.get("settings") != wanted:
                continue
            texts = [row["text"] for _, row in read_jsonl(entry / "passages.jsonl")]
            vectors = np.load(entry / "vectors.npy", allow_pickle=False)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if vectors.ndim == 2 and len(vectors) == len(texts):
            found.update(zip(texts, vectors))
    return found


def _read_documents(manifest: dict[str, Any]) -> tuple[list[Document], set[str]]:
    root = Path(manifest["corpus"]["path"])
    documents, changed = [], set()
    for name, digest in manifest["corpus"]["files"].items():
        stat = None
        try:
            status = (root / name).stat()
            data = (root / name).read_bytes()
            text = data.decode("utf-8")
            stat = (status.st_mtime_ns, status.st_size)
        except (OSError, UnicodeDecodeError):
            data, text = b"", ""
        current = hashlib.sha256(data).hexdigest()
        if current != digest:
            changed.add(name)
        documents.append(Document(name, text, current, manifest["corpus"]["titles"].get(name), stat))
    return documents, changed


def _passage(row: dict[str, Any], changed: set[str]) -> Passage:
    citations = tuple(
        Citation(**{**c, "stale": c["source"] in changed}) for c in row["citations"]
    )
    return Passage(id=row["id"], text=row["text"], citations=citations)


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        try:
            os.rename(staging, target)
            return
        except OSError:
            if not target.exists():
                raise
    # Replace an older index: move it aside first, so a reader sees either the old
    # folder or the new one, and a crash between the two renames leaves the old one.
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.rename(target, retired / "index")
    os.rename(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_lines(path: Path, rows: Any) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
