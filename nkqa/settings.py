"""The :class:`Settings` that shape an index, and validation of search arguments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nkqa.chunking import DEFAULT_MAX_CHARS
from nkqa.dedup import NEAR_DUPLICATE_THRESHOLD
from nkqa.dense import DEFAULT_MODEL, DenseKind
from nkqa.errors import InvalidArgumentError, InvalidQuestionError
from nkqa.fusion import DEFAULT_WEIGHTS, RRF_K, Fusion, Mode
from nkqa.scan import DEFAULT_MAX_FILE_BYTES, SURROGATES
from nkqa.tokenizer import STOPWORDS

__all__ = ["Settings", "check_query"]


@dataclass(frozen=True)
class Settings:
    """Everything that shapes an index; two indexes with equal settings and files are equal."""

    model: str = DEFAULT_MODEL
    max_chars: int = DEFAULT_MAX_CHARS
    near_threshold: float = NEAR_DUPLICATE_THRESHOLD
    stopwords: frozenset[str] = STOPWORDS
    stem: bool = True
    weights: Mapping[str, float] | None = None
    """Weight of each retriever in hybrid mode; ``None`` takes the fusion's own
    defaults (:data:`nkqa.fusion.DEFAULT_WEIGHTS`)."""
    rrf_k: int = RRF_K
    dense_index: DenseKind = "exact"
    fusion: Fusion = "zscore"
    max_file_mb: float = DEFAULT_MAX_FILE_BYTES / 2**20
    """Files larger than this many MiB are skipped and listed (:mod:`nkqa.scan`)."""

    def __post_init__(self) -> None:
        if isinstance(self.max_file_mb, bool) or not isinstance(self.max_file_mb, (int, float)) or not self.max_file_mb > 0:
            raise InvalidArgumentError(f"max_file_mb must be a positive number, got {self.max_file_mb!r}")
        if isinstance(self.max_chars, bool) or not isinstance(self.max_chars, int) or self.max_chars < 1:
            raise InvalidArgumentError(f"max_chars must be a positive integer, got {self.max_chars!r}")
        if not 0.0 < self.near_threshold <= 1.0:
            raise InvalidArgumentError(f"near_threshold must be in (0, 1], got {self.near_threshold!r}")
        if self.fusion not in DEFAULT_WEIGHTS:
            choices = ", ".join(repr(f) for f in DEFAULT_WEIGHTS)
            raise InvalidArgumentError(f"fusion must be one of {choices}, got {self.fusion!r}")
        if self.weights is None:
            object.__setattr__(self, "weights", dict(DEFAULT_WEIGHTS[self.fusion]))
        if self.dense_index not in ("exact", "hnsw"):
            raise InvalidArgumentError(
                f"dense_index must be 'exact' or 'hnsw', got {self.dense_index!r}"
            )
        unknown = set(self.weights) - {"bm25", "dense"}
        if unknown or any(w < 0 for w in self.weights.values()):
            raise InvalidArgumentError(
                f"weights must map 'bm25' and/or 'dense' to numbers >= 0, got {dict(self.weights)!r}"
            )


def check_query(question: object, k: object, mode: object) -> tuple[str, int, Mode]:
    """Validate the arguments of a search; return them normalised.

    Lone surrogates in ``question`` (undecodable bytes) become U+FFFD.

    Raises
    ------
    InvalidQuestionError
        If ``question`` is not a string with some non-space text.
    InvalidArgumentError
        If ``k`` is not a positive integer or ``mode`` is unknown.
    """
    if not isinstance(question, str):
        raise InvalidQuestionError(f"question must be a string, got {type(question).__name__}")
    # Bytes that are not UTF-8 (a command line in another encoding) reach Python as
    # lone surrogates, which no encoder takes: they become U+FFFD, as a decoder would.
    question = SURROGATES.sub("\ufffd", question)
    if not question.strip():
        raise InvalidQuestionError("question is empty; ask something, e.g. 'Who built the museum?'")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidArgumentError(f"k must be a positive integer, got {k!r}")
    return question, int(k), Mode.parse(mode)  # type: ignore[arg-type]
