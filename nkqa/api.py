"""The one-call entry point :func:`ask` and the bundled corpus."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from nkqa.dense import DEFAULT_MODEL
from nkqa.errors import CorpusError, InvalidArgumentError
from nkqa.fusion import Mode
from nkqa.index import Index, Settings, check_query
from nkqa.passage import Answer

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
) -> Answer:
    """Answer ``question`` from ``corpus`` (the bundled articles when None).

    ``model`` is a sentence-transformers model: the packaged default, a local
    folder, or a name already in the local Hugging Face cache.

    The index of a folder is built on first use and kept for later calls in this
    process. In ``bm25`` mode the embedding model is never loaded.

    Examples
    --------
    >>> answer = nkqa.ask("Who built the Angkor Panorama Museum?")  # doctest: +SKIP
    >>> print(answer.answer)                                          # doctest: +SKIP
    It was built by the Mansudae Overseas Project Group, ...
    """
    question, k, parsed = check_query(question, k, mode)
    folder = bundled_corpus() if corpus is None else Path(corpus)
    return load_index(folder, model=model).ask(question, k, mode=parsed)


@functools.lru_cache(maxsize=4)
def _cached_index(folder: Path, model: str) -> Index:
    return Index.build(folder, settings=Settings(model=model), embed=False)


def load_index(folder: str | os.PathLike[str], *, model: str = DEFAULT_MODEL) -> Index:
    """The index of ``folder`` with default settings, built once per process.

    Dense vectors are computed on the first dense or hybrid question, so BM25-only
    use never loads the model.
    """
    if not isinstance(model, str) or not model.strip():
        raise InvalidArgumentError(f"model must be a model name or folder, got {model!r}")
    path = Path(folder)
    if not path.is_dir():
        raise CorpusError(f"corpus folder {str(path)!r} does not exist or is not a directory")
    return _cached_index(path.resolve(), model)
