"""The one-call entry point :func:`ask` and the bundled corpus."""

from __future__ import annotations

import functools
import json
import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from nkqa.dense import DEFAULT_MODEL
from nkqa.errors import CorpusError, IndexFormatError, IndexWriteError, InvalidArgumentError, SkippedFileWarning
from nkqa.fusion import Mode
from nkqa.index import Index, Settings, check_query
from nkqa.passage import Answer
from nkqa.persistence import settings_fingerprint

__all__ = ["ask", "bundled_corpus", "load_index"]


def bundled_corpus() -> Path:
    """Folder of the five bundled articles (``corpus/``, shipped inside the package)."""
    folder = Path(__file__).resolve().parent / "_corpus"
    if not folder.is_dir():
        raise CorpusError(f"the bundled corpus is missing from {folder}; reinstall nkqa")
    return folder


def ask(
    question: str,
    k: int = 5,
    *,
    mode: Mode | str = "hybrid",
    corpus: str | os.PathLike[str] | None = None,
    model: str = DEFAULT_MODEL,
    settings: Settings | None = None,
    progress: bool = True,
) -> Answer:
    """Answer ``question`` from ``corpus`` (the bundled articles when None).

    The index is cached on disk (:func:`load_index`), so only the first question
    about a folder builds and embeds it. ``model`` is a sentence-transformers
    model: the packaged default, a local folder, or a name already in the local
    Hugging Face cache. ``settings`` gives every setting at once (its model wins);
    ``progress=False`` hides the progress bar of a first build.

    Examples
    --------
    >>> answer = nkqa.ask("Who built the Angkor Panorama Museum?")  # doctest: +SKIP
    >>> print(answer.answer)                                          # doctest: +SKIP
    Meanwhile, up at Siem Reap, ... It was built by the Mansudae Overseas Project Group, ...
    """
    question, k, parsed = check_query(question, k, mode)
    folder = bundled_corpus() if corpus is None else Path(corpus)
    index = load_index(folder, model=model, settings=settings, embed=parsed is not Mode.BM25, progress=progress)
    return index.ask(question, k, mode=parsed)


def load_index(
    folder: str | os.PathLike[str],
    *,
    model: str = DEFAULT_MODEL,
    embed: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
    progress: bool = True,
) -> Index:
    """The index of ``folder`` (default settings, or ``settings``), from the on-disk cache
    when it can.

    The cache entry is keyed by the sha256 of every corpus file and the settings,
    so an unchanged corpus loads without touching the model, and any change
    builds a new entry. Builds are serialised by a file lock, written atomically,
    and a corrupted entry is rebuilt with a warning. With ``embed=False`` a cache
    miss builds and caches a BM25-only index, so the model is never loaded; a later
    dense question computes its vectors (from the vector cache when it can) and
    caches the whole index in its place.

    Parameters
    ----------
    cache_dir:
        Where cached indexes live; default :func:`nkqa.persistence.default_cache_dir`.
    """
    from nkqa.formats import EXTENSIONS
    from nkqa.scan import hash_folder, warn_skipped
    from nkqa.persistence import cache_key, default_cache_dir

    if not isinstance(model, str) or not model.strip():
        raise InvalidArgumentError(f"model must be a model name or folder, got {model!r}")
    if settings is not None and not isinstance(settings, Settings):
        raise InvalidArgumentError(f"settings must be nkqa.Settings, got {type(settings).__name__}")
    path = Path(folder)
    if not path.is_dir():
        raise CorpusError(f"corpus folder {str(path)!r} does not exist or is not a directory")
    settings = settings or Settings(model=model)
    # Hashing the files, without parsing any, names the entry: a cached folder of PDFs
    # or web pages is not extracted again to be found.
    files = hash_folder(path, EXTENSIONS, max_file_bytes=round(settings.max_file_mb * 2**20))
    entry = Path(cache_dir or default_cache_dir()) / cache_key(files, settings)
    index = _cached_index(path.resolve(), entry, _Key(settings), embed, progress)
    warn_skipped(list(index.collection.skipped), stacklevel=3)  # once, built or cached
    return index


@dataclass(frozen=True)
class _Key:
    """Settings as a key of the in-process cache (they hold a dict, so they do not hash)."""

    settings: Settings

    def __hash__(self) -> int:
        return hash(json.dumps(settings_fingerprint(self.settings), sort_keys=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and settings_fingerprint(self.settings) == settings_fingerprint(other.settings)


@functools.lru_cache(maxsize=4)
def _cached_index(folder: Path, entry: Path, key: _Key, embed: bool, progress: bool) -> Index:
    settings = key.settings
    cached = _try_load(entry, settings, folder)
    if cached is not None and (cached.embedded or not embed):
        return cached
    # load_index reports the skipped files once, whether the index is built or cached.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedFileWarning)
        return _build(folder, entry, settings, embed, progress)


def _build(folder: Path, entry: Path, settings: Settings, embed: bool, progress: bool) -> Index:
    from filelock import FileLock

    from nkqa.cache import reusable_vectors

    entry.parent.mkdir(parents=True, exist_ok=True)
    # One builder per entry: a second process waits, then loads what the first wrote.
    with FileLock(str(entry) + ".lock"):
        cached = _try_load(entry, settings, folder)
        if cached is not None and (cached.embedded or not embed):
            return cached
        if cached is not None:
            index = cached  # a BM25-only entry: its passages stand, only the vectors are new
        elif not embed:
            index = Index.build(folder, settings=settings, embed=False, progress=progress)
        else:
            # A changed corpus re-embeds only the passages whose text is new.
            reuse = reusable_vectors(entry.parent, settings)
            index = Index.build(folder, settings=settings, reuse=reuse, progress=progress)
        try:
            index.save(entry, vectors=embed)
        except IndexWriteError as error:
            # The answer does not need the cache: a full disk costs the next run a rebuild.
            warnings.warn(f"answering without caching the index: {error}", RuntimeWarning, stacklevel=4)
        return index


def _try_load(entry: Path, settings: Settings, folder: Path) -> Index | None:
    if not entry.exists():
        return None
    try:
        # The entry serves every folder with these files: cite the one asked about.
        return Index.load(entry, settings=settings, corpus=folder)
    except IndexFormatError as error:
        warnings.warn(f"rebuilding the cached index at {entry}: {error}", RuntimeWarning, stacklevel=3)
        shutil.rmtree(entry, ignore_errors=True)
        return None
