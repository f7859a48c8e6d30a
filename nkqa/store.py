"""Where an index lives: the :class:`Store` protocol and the embedded :class:`MemoryStore`.

Search, fusion and answering read an index only through this protocol, so the same
:class:`~nkqa.index.Index` runs over the embedded store (numpy, faiss, a folder of
files: the zero-config default) or over PostgreSQL (:mod:`nkqa.postgres`).

Passages are numbered ``0 .. len(store) - 1`` in index order; every method speaks in
those numbers. BM25 scores are ``rank_bm25.BM25Okapi``'s (:mod:`nkqa.sparse`) in
every store; dense scores are inner products of L2-normalised vectors (cosines).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from nkqa.collection import Collection
from nkqa.dense import DenseIndex, DenseKind
from nkqa.loading import Document
from nkqa.passage import Passage
from nkqa.sparse import BM25

__all__ = ["Store", "MemoryStore"]


class Store(Protocol):
    """What an index's storage answers (see the module docstring)."""

    def __len__(self) -> int:
        """How many passages the index holds."""

    def passages(self, numbers: Sequence[int]) -> list[Passage]:
        """The passages ``numbers``, in that order, with their citations (one read)."""

    def bm25_scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every passage for the query ``terms``, in index order."""

    def idf_of(self, term: str) -> float:
        """BM25 idf of ``term`` (a term absent from the index gets the rarest idf)."""

    def matched_terms(self, number: int, terms: Sequence[str]) -> set[str]:
        """Which of ``terms`` passage ``number`` holds."""

    def nearest(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` passages nearest ``vector``: (scores, numbers), best first."""

    def vectors_of(self, numbers: Sequence[int]) -> np.ndarray:
        """The vectors of ``numbers``, one row each, in that order."""

    def document(self, source: str) -> Document:
        """The indexed document whose relative path is ``source``."""

    def file_hashes(self) -> dict[str, str]:
        """sha256 of each corpus file when it was indexed."""


class MemoryStore:
    """The embedded store: a :class:`~nkqa.collection.Collection` in memory, BM25 posting
    lists and a faiss index of the vectors.

    Parameters
    ----------
    collection:
        Documents and passages.
    tokens:
        BM25 terms of each passage.
    vectors:
        One row per passage, or a function that computes them on first dense use.
    dense_index:
        ``"exact"`` or ``"hnsw"`` (:class:`~nkqa.dense.DenseIndex`).
    file_hashes:
        sha256 of each file when it was indexed (default: the documents' own).
    """

    def __init__(
        self,
        collection: Collection,
        tokens: list[list[str]],
        vectors: np.ndarray | Callable[[], np.ndarray],
        *,
        dense_index: DenseKind = "exact",
        file_hashes: dict[str, str] | None = None,
    ) -> None:
        self.collection = collection
        self.tokens = tokens
        self._bm25 = BM25(tokens)
        self._vectors = vectors
        self._dense_kind = dense_index
        self._dense: DenseIndex | None = None
        self._file_hashes = dict(file_hashes or {d.source: d.sha256 for d in collection.documents})

    def __len__(self) -> int:
        return len(self.collection.passages)

    def passages(self, numbers: Sequence[int]) -> list[Passage]:
        return [self.collection.passages[n] for n in numbers]

    def bm25_scores(self, terms: Sequence[str]) -> np.ndarray:
        return self._bm25.get_scores(terms)

    def idf_of(self, term: str) -> float:
        return self._bm25.idf_of(term)

    def matched_terms(self, number: int, terms: Sequence[str]) -> set[str]:
        return self._bm25.holds(number, terms)

    def nearest(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self.dense().search(vector, k)
        found = ids >= 0
        return scores[found], ids[found]

    def vectors_of(self, numbers: Sequence[int]) -> np.ndarray:
        vectors = self.dense().vectors
        if isinstance(numbers, range) and numbers == range(len(vectors)):
            return vectors  # every row, in order: no copy
        return vectors[list(numbers)]

    def document(self, source: str) -> Document:
        return self.collection.document(source)

    def file_hashes(self) -> dict[str, str]:
        return dict(self._file_hashes)

    @property
    def embedded(self) -> bool:
        """Whether the passage vectors exist (they are computed on first dense use)."""
        return self._dense is not None or not callable(self._vectors)

    def dense(self) -> DenseIndex:
        """The faiss index, built (and the vectors computed) on first use."""
        if self._dense is None:
            vectors = self._vectors() if callable(self._vectors) else self._vectors
            self._dense = DenseIndex(vectors, self._dense_kind)
        return self._dense
