"""Save and load an :class:`~nkqa.index.Index` as a folder of readable files; the index cache.

A saved index is a folder::

    manifest.json     format version, nkqa version, model and width, settings, corpus
                      files with their sha256, and the sha256 of the four files below
    passages.jsonl    one passage a line: id, text, citations
    tokens.jsonl      the BM25 input, one token list a line (BM25 is rebuilt from it)
    stats.json        per-file deduplication counts
    vectors.npy       float32 passage vectors (read with allow_pickle=False); 0 wide when saved without them

Nothing is pickled. A save replaces the folder atomically and only when it is an
nkqa index, an empty folder or a new path, never the corpus or a folder of other
files (:mod:`nkqa.atomic`). :func:`load` trusts nothing it reads: a file whose
sha256 differs from the manifest's, a path that is absolute or climbs out of the
corpus, a field of the wrong type, a vector that is not finite float32, or an
index of another format, model or settings is refused with
:class:`~nkqa.errors.IndexFormatError`.

Loading re-reads the corpus files: a file whose sha256 differs from the
manifest's keeps its passages, with citations marked ``stale``; every search
checks that a cited span still holds its passage's text (:mod:`nkqa.freshness`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nkqa.atomic import leftovers, lock_for, recover, replace_folder
from nkqa.collection import Collection, FileStats
from nkqa.errors import IndexFormatError
from nkqa.jsonl import read_jsonl
from nkqa.extraction_cache import ExtractionCache
from nkqa.format_version import FORMAT_VERSION
from nkqa.formats import Extracted, UnreadableFile
from nkqa.loading import Document
from nkqa.passage import Citation, Passage, indexed_text
from nkqa.scan import SkippedFile
from nkqa.settings import Settings

__all__ = [
    "FORMAT_VERSION",
    "SavedIndex",
    "save",
    "load",
    "settings_fingerprint",
    "settings_from_fingerprint",
    "cache_key",
    "default_cache_dir",
    "is_index_folder",
    "row_indexed_text",
    "MALFORMED",
]

_FILES = ("manifest.json", "passages.jsonl", "tokens.jsonl", "stats.json", "vectors.npy")
_CONTENT = _FILES[1:]
"""The files whose sha256 the manifest records."""


def settings_fingerprint(settings: Any) -> dict[str, Any]:
    """The settings as plain JSON (sorted stop words, weights as a dict)."""
    data = dataclasses.asdict(settings)
    data["stopwords"] = sorted(data["stopwords"])
    data["weights"] = dict(sorted(dict(settings.weights).items()))
    return data


def settings_from_fingerprint(stored: dict[str, Any]) -> Settings:
    """The :class:`Settings` whose :func:`settings_fingerprint` is ``stored``."""
    return Settings(**{**stored, "stopwords": frozenset(stored["stopwords"])})


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


def is_index_folder(path: Path) -> bool:
    """Whether ``path`` is a folder nkqa wrote: a readable nkqa manifest and no other files."""
    try:
        names = {entry.name for entry in path.iterdir()}
        if "manifest.json" not in names or not names <= set(_FILES):
            return False
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "format_version" in manifest and "nkqa_version" in manifest


@dataclass(frozen=True)
class SavedIndex:
    """What a saved index holds: everything :class:`~nkqa.index.Index` is made of."""

    collection: Collection
    settings: Settings
    vectors: np.ndarray
    tokens: list[list[str]]
    file_hashes: dict[str, str]
    """sha256 of each corpus file when it was indexed."""


def save(saved: SavedIndex, folder: str | os.PathLike[str]) -> Path:
    """Write ``saved`` to ``folder`` atomically (see the module docstring).

    Raises
    ------
    OutputPathError
        When ``folder`` is a file, holds files that are not an nkqa index, or overlaps
        the corpus folder; nothing is written.
    IndexWriteError
        When writing fails (a full disk); an index already in ``folder`` stays whole.
    """
    from nkqa import __version__

    vectors, collection, hashes = saved.vectors, saved.collection, saved.file_hashes
    if collection.root is None:
        raise IndexFormatError("this index does not know its corpus folder; build it with Index.build")

    def write(staging: Path) -> None:
        _write_lines(staging / "passages.jsonl", (p.to_dict() for p in collection.passages))
        _write_lines(staging / "tokens.jsonl", saved.tokens)
        _write_json(staging / "stats.json", [s.to_dict() for s in collection.stats])
        with open(staging / "vectors.npy", "wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        manifest = {
            "format_version": FORMAT_VERSION,
            "nkqa_version": __version__,
            "model": saved.settings.model,
            "dimension": int(vectors.shape[1]),
            "passages": len(collection.passages),
            "settings": settings_fingerprint(saved.settings),
            "corpus": {
                "path": str(collection.root),
                "files": {d.source: hashes.get(d.source, d.sha256) for d in collection.documents},
                "titles": {d.source: d.title for d in collection.documents},
                "extractions": {d.source: d.extraction for d in collection.documents if d.extraction},
                "skipped": [s.to_dict() for s in collection.skipped],
            },
            # Written last, over the files above: load refuses a file edited after the save.
            "sha256": {name: _sha256(staging / name) for name in _CONTENT},
        }
        _write_json(staging / "manifest.json", manifest)

    return replace_folder(Path(folder), write, is_ours=is_index_folder, protected=collection.root)


def load(
    folder: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    corpus: str | os.PathLike[str] | None = None,
) -> SavedIndex:
    """Read an index saved by :func:`save`.

    ``corpus`` reads the corpus files from that folder instead of the one the
    index recorded (a moved corpus; the cache, whose entry serves every folder of
    the same content).

    Raises
    ------
    IndexFormatError
        If a file is missing, edited or corrupted, a path points outside its
        folder, the format version differs, or ``settings`` (when given) differ from
        those the index was built with.
    """
    source = Path(folder)
    _recover(source)
    missing = [name for name in _FILES if not (source / name).is_file()]
    if missing:
        raise IndexFormatError(f"{source} is not a saved nkqa index: missing {', '.join(missing)}")
    try:
        manifest = _manifest(source)
        built = settings_from_fingerprint(dict(manifest["settings"]))
        if settings is not None and settings_fingerprint(settings) != settings_fingerprint(built):
            raise IndexFormatError(
                f"{source} was built with other settings (model {manifest['model']!r}); rebuild it "
                "or load it without settings"
            )
        rows = [_row(row, manifest) for _, row in read_jsonl(source / "passages.jsonl")]
        tokens = [_tokens(row) for _, row in read_jsonl(source / "tokens.jsonl")]
        stats = [FileStats(**row) for row in json.loads((source / "stats.json").read_text(encoding="utf-8"))]
        vectors = _vectors(source / "vectors.npy")
        skipped = _skipped(manifest)
    except IndexFormatError:
        raise
    except MALFORMED as error:
        raise IndexFormatError(f"{source} is corrupted ({type(error).__name__}: {error}); rebuild it") from error
    if len(rows) != manifest["passages"] or len(tokens) != len(rows) or vectors.shape != (len(rows), manifest["dimension"]):
        raise IndexFormatError(f"{source} is corrupted: passages, tokens and vectors do not match; rebuild it")
    root = Path(corpus) if corpus is not None else Path(manifest["corpus"]["path"])
    documents, changed = _read_documents(manifest, root)
    passages = tuple(_passage(row, changed) for row in rows)
    collection = Collection(tuple(documents), passages, tuple(stats), root, skipped)
    return SavedIndex(collection, built, vectors, tokens, dict(manifest["corpus"]["files"]))


MALFORMED = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, EOFError)
"""What reading a malformed file can raise: every one becomes an IndexFormatError."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(source: Path) -> dict[str, Any]:
    """The manifest, its structure checked, and every file it lists verified."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    if not isinstance(manifest, dict):
        raise IndexFormatError(f"{source} is corrupted: manifest.json is not an object; rebuild it")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"{source} has index format {manifest.get('format_version')!r}; this nkqa reads "
            f"format {FORMAT_VERSION}: rebuild it with `nkqa index CORPUS --out {source}`"
        )
    corpus = manifest["corpus"]
    checks = [
        isinstance(manifest["settings"], dict),
        isinstance(manifest["model"], str),
        type(manifest["dimension"]) is int and manifest["dimension"] >= 0,  # 0: no vectors yet (BM25 only)
        type(manifest["passages"]) is int and manifest["passages"] >= 0,
        isinstance(corpus, dict) and isinstance(corpus["path"], str),
        isinstance(corpus["files"], dict) and isinstance(corpus["titles"], dict),
        isinstance(manifest["sha256"], dict),
    ]
    if not all(checks):
        raise IndexFormatError(f"{source} is corrupted: manifest.json has fields of the wrong type; rebuild it")
    for name, digest in corpus["files"].items():
        if not _inside(name) or not isinstance(digest, str):
            raise IndexFormatError(
                f"{source} is corrupted: the manifest lists {name!r}, which is not a path inside the corpus; "
                "rebuild it"
            )
    for name in _CONTENT:
        if manifest["sha256"].get(name) != _sha256(source / name):
            raise IndexFormatError(
                f"{source} is corrupted: {name} was changed after the index was saved; rebuild it"
            )
    return manifest


def _inside(name: object) -> bool:
    """Whether ``name`` is a normalised relative path with ``/`` separators and no way up."""
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
        return False
    parts = name.split("/")
    return not name.startswith("/") and ":" not in parts[0] and all(p not in ("", ".", "..") for p in parts)


_CITATION_TYPES = {f.name: f.type for f in dataclasses.fields(Citation)}


def _row(row: Any, manifest: dict[str, Any]) -> dict[str, Any]:
    """A passage row, checked: its fields' types and that it cites only listed files."""
    if not isinstance(row["id"], str) or not isinstance(row["text"], str) or not isinstance(row["citations"], list):
        raise TypeError("a passage needs a string id and text and a list of citations")
    if not isinstance(row.get("section"), (str, type(None))):
        raise TypeError("a passage's section must be a string or null")
    files = manifest["corpus"]["files"]
    for citation in row["citations"]:
        if set(citation) - set(_CITATION_TYPES) or citation["source"] not in files:
            raise ValueError(f"a citation names a file the manifest does not list: {citation.get('source')!r}")
        numbers = [citation[k] for k in ("start_line", "end_line", "start_char", "end_char")]
        if any(type(n) is not int or n < 0 for n in numbers) or citation["start_char"] > citation["end_char"]:
            raise ValueError("a citation's lines and offsets must be whole numbers in order")
        if any(not isinstance(citation.get(k, True), bool) for k in ("verbatim", "stale")):
            raise TypeError("a citation's verbatim and stale flags must be true or false")
    return row


def _tokens(row: Any) -> list[str]:
    if not isinstance(row, list) or not all(isinstance(t, str) for t in row):
        raise TypeError("a token line must be a list of strings")
    return row


def _vectors(path: Path) -> np.ndarray:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (ValueError, EOFError) as error:
        # numpy's own message may suggest allow_pickle=True: never the fix here.
        raise ValueError("vectors.npy is not a .npy array of numbers") from error
    if vectors.dtype != np.float32 or vectors.ndim != 2:
        raise ValueError(f"vectors.npy must hold a 2-d float32 array, not {vectors.ndim}-d {vectors.dtype}")
    if not np.isfinite(vectors).all():
        raise ValueError("vectors.npy holds NaN or infinite values")
    return vectors


def _recover(target: Path) -> None:
    """Put back an index that a killed save left aside and clear its leftovers
    (:func:`nkqa.atomic.recover`). A save in progress holds the lock, so the reader
    does not wait for it; a reader without write access leaves it to the next save."""
    from filelock import Timeout

    if not leftovers(target):
        return
    try:
        with lock_for(target).acquire(timeout=0 if target.exists() else 30):
            recover(target)
    except (OSError, Timeout):
        pass


def _skipped(manifest: dict[str, Any]) -> tuple[SkippedFile, ...]:
    """The files the build skipped, with reasons (an index saved before they were kept has none)."""
    rows = manifest["corpus"].get("skipped", [])
    if not isinstance(rows, list) or not all(
        isinstance(r, dict) and isinstance(r.get("source"), str) and isinstance(r.get("reason"), str) for r in rows
    ):
        raise ValueError("manifest.json's skipped files are malformed")
    return tuple(SkippedFile(r["source"], r["reason"]) for r in rows)


def _read_documents(manifest: dict[str, Any], root: Path) -> tuple[list[Document], set[str]]:
    documents, changed = [], set()
    kinds = manifest["corpus"].get("extractions", {})
    extractions = ExtractionCache(default_cache_dir())  # a saved web page is not parsed again
    real_root = os.path.realpath(root)
    for name, digest in manifest["corpus"]["files"].items():
        stat = None
        path = root / name
        try:
            # A file replaced by a link out of the corpus is not read: it counts as changed.
            if os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
                raise OSError(f"{name} leads out of the corpus folder")
            status = path.stat()
            data = path.read_bytes()
            extracted = extractions.extract(name, data, max(len(data), 1))
            stat = (status.st_mtime_ns, status.st_size)
        except (OSError, UnreadableFile, ValueError):
            data, extracted = b"", Extracted("", kinds.get(name))
        current = hashlib.sha256(data).hexdigest()
        if current != digest:
            changed.add(name)
        title = manifest["corpus"]["titles"].get(name)
        documents.append(
            Document(
                name, extracted.text, current, title if isinstance(title, str) else None, stat,
                extracted.extraction, extracted.lines,
            )
        )
    return documents, changed


def _passage(row: dict[str, Any], changed: set[str]) -> Passage:
    citations = tuple(
        Citation(**{**c, "stale": c["source"] in changed}) for c in row["citations"]
    )
    return Passage(id=row["id"], text=row["text"], citations=citations, section=row.get("section"))


def row_indexed_text(row: dict[str, Any]) -> str:
    """The text a saved passage's vector was computed from (:func:`nkqa.passage.indexed_text`)."""
    return indexed_text(str(row["text"]), row.get("section"))


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_lines(path: Path, rows: Any) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
