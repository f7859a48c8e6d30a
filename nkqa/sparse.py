"""BM25 with ``rank_bm25.BM25Okapi`` as the scorer of record, scored through a sparse matrix.

``BM25Okapi`` computes the corpus statistics (document lengths, average length,
idf with its negative-idf floor ``epsilon * average_idf``). Its ``get_scores``
loops over every document in Python for every query term, so instead each
term's contribution is precomputed once::

    W[d, t] = idf(t) * f(t, d) * (k1 + 1) / (f(t, d) + k1 * (1 - b + b * |d| / avgdl))

and a query's scores are ``W @ q`` where ``q`` counts the query's terms (a term
repeated in the query counts twice, as in ``get_scores``). The scores equal
``BM25Okapi.get_scores`` to floating-point rounding (tested to 1e-6).
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
        from rank_bm25 import BM25Okapi
        from scipy import sparse

        if not corpus_tokens:
            raise ValueError("BM25 needs at least one document")
        # rank_bm25 divides by the corpus size and average length; an all-empty
        # corpus gives no statistics, so it is scored as all zeros instead.
        self.n_docs = len(corpus_tokens)
        self.k1, self.b, self.epsilon = k1, b, epsilon
        self.vocabulary: dict[str, int] = {}
        self._idf = np.zeros(0)
        if not any(corpus_tokens):
            self._weights = sparse.csr_matrix((self.n_docs, 0), dtype=np.float64)
            return
        okapi = BM25Okapi([list(doc) for doc in corpus_tokens], k1=k1, b=b, epsilon=epsilon)
        rows: list[int] = []
        cols: list[int] = []
        freqs: list[int] = []
        for d, counts in enumerate(okapi.doc_freqs):
            for term, freq in counts.items():
                rows.append(d)
                cols.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                freqs.append(freq)
        idf = np.zeros(len(self.vocabulary))
        for term, t in self.vocabulary.items():
            idf[t] = okapi.idf[term]
        self._idf = idf
        tf = np.asarray(freqs, dtype=np.float64)
        doc_len = np.asarray(okapi.doc_len, dtype=np.float64)[rows]
        norm = k1 * (1 - b + b * doc_len / okapi.avgdl)
        values = idf[cols] * (tf * (k1 + 1) / (tf + norm))
        # Column-major, so a query reads only the columns of its own terms.
        self._weights = sparse.csc_matrix(
            (values, (rows, cols)), shape=(self.n_docs, len(self.vocabulary))
        )

    def idf_of(self, term: str) -> float:
        """The idf BM25 gives ``term``; a term absent from the corpus gets the idf of a
        document frequency of zero, ``log((N + 0.5) / 0.5)``, the rarest possible."""
        t = self.vocabulary.get(term)
        if t is None:
            return float(np.log((self.n_docs + 0.5) / 0.5))
        return float(self._idf[t])

    def get_scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query, in document order."""
        counts: dict[int, int] = {}
        for token in query_tokens:
            t = self.vocabulary.get(token)
            if t is not None:
                counts[t] = counts.get(t, 0) + 1
        if not counts:
            return np.zeros(self.n_docs)
        columns = self._weights[:, list(counts)]
        return np.asarray(columns @ np.fromiter(counts.values(), dtype=np.float64)).ravel()
