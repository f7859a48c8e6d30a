"""Okapi BM25 with ``rank_bm25.BM25Okapi``'s exact scores, computed from posting lists.

``rank_bm25`` is the scorer of record: same formula, parameters (``k1 = 1.5``,
``b = 0.75``, ``epsilon = 0.25``) and negative-idf floor. Its ``get_scores``
loops over every document in Python for every query term; here each term's
contribution to each document that holds it is precomputed once::

    idf(t)  = log(N - df(t) + 0.5) - log(df(t) + 0.5), or epsilon * mean(idf) where negative
    W[d, t] = idf(t) * f(t, d) * (k1 + 1) / (f(t, d) + k1 * (1 - b + b * |d| / avgdl))

and stored column by column (CSC: a posting list per term). A query adds the
postings of its terms into one score vector (a term repeated in the query counts
once more, as in ``get_scores``), so its cost grows with the postings it reads,
not with the corpus. ``tests/test_sparse.py`` compares full score vectors with
``BM25Okapi.get_scores`` (max absolute difference <= 1e-6).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["BM25", "K1", "B", "EPSILON"]

K1 = 1.5
"""Term-frequency saturation (rank_bm25's default)."""
B = 0.75
"""Length normalisation (rank_bm25's default)."""
EPSILON = 0.25
"""Floor for negative idf, as a share of the average idf (rank_bm25's default)."""


class BM25:
    """Okapi BM25 over pre-tokenized documents.

    Parameters
    ----------
    corpus_tokens:
        One token list per document (see :func:`nkqa.tokenize`).
    k1, b, epsilon:
        BM25Okapi parameters.

    Examples
    --------
    >>> bm25 = BM25([["north", "korea"], ["cambodia"], ["korea", "korea", "seoul"]])
    >>> bm25.get_scores(["korea"]).round(3).tolist()
    [0.064, 0.0, 0.079]
    """

    def __init__(
        self,
        corpus_tokens: Sequence[Sequence[str]],
        *,
        k1: float = K1,
        b: float = B,
        epsilon: float = EPSILON,
    ) -> None:
        if not corpus_tokens:
            raise ValueError("BM25 needs at least one document")
        self.n_docs = len(corpus_tokens)
        self.k1, self.b, self.epsilon = k1, b, epsilon
        self.vocabulary: dict[str, int] = {}
        term_of = self.vocabulary.setdefault
        lengths = np.fromiter((len(doc) for doc in corpus_tokens), dtype=np.int64, count=self.n_docs)
        ids = np.fromiter(
            (term_of(token, len(self.vocabulary)) for doc in corpus_tokens for token in doc),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        n_terms = len(self.vocabulary)
        # One (document, term) key per token; unique keys give term frequencies.
        docs = np.repeat(np.arange(self.n_docs, dtype=np.int64), lengths)
        keys, tf = np.unique(ids * self.n_docs + docs, return_counts=True)
        terms, rows = np.divmod(keys, self.n_docs)  # sorted by term: CSC order
        df = np.bincount(terms, minlength=n_terms)
        idf = np.log(self.n_docs - df + 0.5) - np.log(df + 0.5)
        if n_terms:
            idf[idf < 0] = epsilon * (idf.sum() / n_terms)
        self._idf = idf
        if n_terms:
            avgdl = lengths.sum() / self.n_docs
            tf = tf.astype(np.float64)
            norm = k1 * (1 - b + b * lengths[rows] / avgdl)
            self._data = idf[terms] * (tf * (k1 + 1) / (tf + norm))
        else:
            self._data = np.zeros(0)
        self._rows = rows.astype(np.int32 if self.n_docs < 2**31 else np.int64)
        self._indptr = np.concatenate(([0], np.cumsum(df)))

    @property
    def nbytes(self) -> int:
        """Memory held by the posting lists, in bytes."""
        return self._data.nbytes + self._rows.nbytes + self._indptr.nbytes + self._idf.nbytes

    def idf_of(self, term: str) -> float:
        """The idf BM25 gives ``term``; a term absent from the corpus gets the idf of a
        document frequency of zero, ``log((N + 0.5) / 0.5)``, the rarest possible."""
        t = self.vocabulary.get(term)
        if t is None:
            return float(np.log((self.n_docs + 0.5) / 0.5))
        return float(self._idf[t])

    def holds(self, doc: int, tokens: Sequence[str]) -> set[str]:
        """Which of ``tokens`` document ``doc`` holds (a binary search of each token's postings,
        which are in document order)."""
        found = set()
        for token in set(tokens):
            t = self.vocabulary.get(token)
            if t is None:
                continue
            postings = self._rows[self._indptr[t] : self._indptr[t + 1]]
            at = int(np.searchsorted(postings, doc))
            if at < len(postings) and postings[at] == doc:
                found.add(token)
        return found

    def get_scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query, in document order."""
        counts: dict[int, int] = {}
        for token in query_tokens:
            t = self.vocabulary.get(token)
            if t is not None:
                counts[t] = counts.get(t, 0) + 1
        scores = np.zeros(self.n_docs)
        for t, count in counts.items():
            start, end = self._indptr[t], self._indptr[t + 1]
            # A term's postings name each document once, so this indexed add is exact.
            scores[self._rows[start:end]] += count * self._data[start:end]
        return scores
