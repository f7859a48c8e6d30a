"""The PostgreSQL store: an index in a database, with pgvector for the vectors.

``pip install "nkqa[postgres]"`` (psycopg 3 and pgvector). Tables, created and
versioned by nkqa (:data:`SCHEMA_VERSION` in ``nkqa_schema``; a newer one is refused)::

    nkqa_meta      key → JSON: model, dimension, settings, passage count, avgdl, file stats
    nkqa_files     source, sha256, title, body (the file's text or extraction), extraction,
                   lines (JSON: each body line's line in the file, for HTML)
    nkqa_passages  number, id, body, section, citations (JSON), length (BM25 terms), embedding vector(d)
    nkqa_terms     term, df, idf
    nkqa_postings  term, number, tf

**BM25 in SQL**, with exactly :mod:`nkqa.sparse`'s (so ``rank_bm25``'s) Okapi scores:
the idf of every term, floor included, is computed once by :class:`nkqa.sparse.BM25`
and stored; a query's SQL returns each posting's weight
``idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl)))`` in the same
floating-point order as numpy, and the weights are added in query-term order, so the
scores are bit-for-bit those of the embedded store.

**Vectors** live in a ``vector(d)`` column with an HNSW index (``vector_ip_ops``, with
the embedded store's M, efConstruction and efSearch).
``Settings(dense_index="exact")`` (the default) scans every row (the index is not
used); ``"hnsw"`` uses it with ``hnsw.ef_search`` at least ``k``.

**Writes** are :mod:`nkqa.postgres_write`'s. Reading keeps one connection per store.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nkqa.collection import Collection, FileStats
from nkqa.dense import HNSW_EF_SEARCH
from nkqa.errors import DatabaseError, IndexFormatError
from nkqa.loading import Document
from nkqa.passage import Citation, Passage, indexed_text
from nkqa.persistence import settings_from_fingerprint
from nkqa.settings import Settings
from nkqa.sparse import B, K1

__all__ = [
    "SCHEMA_VERSION", "TABLES", "PostgresStore", "is_dsn", "check_reachable", "check_version", "connect",
    "schema_version", "shown",
]

SCHEMA_VERSION = 2
"""The table layout this nkqa writes and reads (2: ``nkqa_files.lines``). A writer
replaces an older layout; a reader refuses it and says to re-index."""
LOCK_KEY = 0x6E6B7161  # "nkqa": the advisory lock every writer takes

_DSN = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
TABLES = ("nkqa_postings", "nkqa_terms", "nkqa_passages", "nkqa_files", "nkqa_meta")


def is_dsn(target: object) -> bool:
    """Whether ``target`` is a PostgreSQL connection URI (``postgresql://...``)."""
    return isinstance(target, str) and bool(_DSN.match(target))


def shown(dsn: str) -> str:
    """``dsn`` without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", dsn)


def connect(dsn: str):  # noqa: ANN202 - psycopg.Connection, imported lazily
    """A connection to `dsn` with pgvector registered, or :class:`DatabaseError` in one line."""
    try:
        import psycopg
        from pgvector.psycopg import register_vector
    except ImportError as error:
        raise DatabaseError('the PostgreSQL backend needs psycopg and pgvector: pip install "nkqa[postgres]"') from error
    try:
        connection = psycopg.connect(dsn, connect_timeout=10)
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or ["no reason given"])[0]
        raise DatabaseError(f"cannot connect to {shown(dsn)}: {first}") from error
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector")
        connection.commit()
        register_vector(connection)
    except psycopg.Error as error:
        connection.close()
        raise DatabaseError(f"{shown(dsn)} has no pgvector extension nkqa can use: {error}") from error
    return connection


def check_reachable(dsn: str) -> None:
    """Connect once and check the schema version, or raise :class:`DatabaseError`."""
    if not is_dsn(dsn):
        raise DatabaseError(f"not a PostgreSQL URI: {dsn!r} (write postgresql://user@host/db)")
    connection = connect(dsn)
    try:
        with connection.cursor() as cursor:
            check_version(schema_version(cursor), dsn)
    finally:
        connection.close()


def schema_version(cursor) -> int | None:  # noqa: ANN001
    """The nkqa schema version of the database, None when it has no nkqa tables."""
    cursor.execute("SELECT to_regclass('nkqa_schema') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT max(version) FROM nkqa_schema")
    return cursor.fetchone()[0]


def check_version(version: int | None, dsn: str, *, reading: bool = False) -> None:
    """Refuse a newer schema, and for ``reading`` an older one, with :class:`DatabaseError`."""
    if version is not None and version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{shown(dsn)} holds nkqa schema version {version}; this nkqa knows version "
            f"{SCHEMA_VERSION}: upgrade nkqa"
        )
    if reading and version is not None and version < SCHEMA_VERSION:
        raise DatabaseError(
            f"{shown(dsn)} holds nkqa schema version {version}, older than this nkqa's "
            f"{SCHEMA_VERSION}: re-index it with `nkqa index DIR --db DSN`"
        )


_FILE_COLUMNS = "source, sha256, title, body, extraction, lines"


def _document(row: tuple) -> Document:
    source, sha256, title, body, extraction, lines = row
    return Document(source, body, sha256, title, extraction=extraction, lines=tuple(lines) if lines else None)


def _array(vector: Any) -> np.ndarray:
    """A pgvector value as float32 numpy (the adapter gives ``Vector`` or an array)."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


class PostgresStore:
    """A :class:`~nkqa.store.Store` reading the index in the database at ``dsn``.

    Raises
    ------
    DatabaseError
        The server cannot be reached or its schema is newer than this nkqa's.
    IndexFormatError
        The database holds no nkqa index.
    """

    def __init__(self, dsn: str, *, dense_index: str = "exact") -> None:
        self.dsn = dsn
        self._connection = connect(dsn)
        self._dense_index = dense_index
        with self._connection.cursor() as cursor:
            version = schema_version(cursor)
            if version is None:
                self.close()
                raise IndexFormatError(f"{shown(dsn)} holds no nkqa index: build one with `nkqa index DIR --db DSN`")
            try:
                check_version(version, dsn, reading=True)
            except DatabaseError:
                self.close()
                raise
            cursor.execute("SELECT key, value FROM nkqa_meta")
            self.meta: dict[str, Any] = dict(cursor.fetchall())
        self._connection.commit()
        self._n = int(self.meta["passages"])
        self._avgdl = float(self.meta["avgdl"])
        self._idf: dict[str, float] = {}
        self._documents: dict[str, Document] = {}

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    @property
    def settings(self) -> Settings:
        """The settings the index was built with."""
        return settings_from_fingerprint(dict(self.meta["settings"]))

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        self._connection.commit()  # end the read: the next sees the latest write
        return rows

    def __len__(self) -> int:
        return self._n

    def passages(self, numbers: Sequence[int]) -> list[Passage]:
        rows = self._rows(
            "SELECT number, id, body, section, citations FROM nkqa_passages WHERE number = ANY(%s)", (list(numbers),)
        )
        by_number = {
            n: Passage(id=i, text=t, citations=tuple(Citation(**c) for c in cites), section=section)
            for n, i, t, section, cites in rows
        }
        return [by_number[n] for n in numbers]

    def bm25_scores(self, terms: Sequence[str]) -> np.ndarray:
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        scores = np.zeros(self._n)
        if not counts:
            return scores
        rows = self._rows(
            "SELECT p.term, p.number, t.idf * (p.tf::float8 * (%(k1)s + 1) / (p.tf::float8 + %(k1)s * "
            "(1 - %(b)s + %(b)s * l.length::float8 / %(avgdl)s))) "
            "FROM nkqa_postings p JOIN nkqa_terms t USING (term) JOIN nkqa_passages l USING (number) "
            "WHERE p.term = ANY(%(terms)s)",
            {"k1": K1, "b": B, "avgdl": self._avgdl, "terms": list(counts)},
        )
        by_term: dict[str, tuple[list[int], list[float]]] = {}
        for term, number, weight in rows:
            numbers, weights = by_term.setdefault(term, ([], []))
            numbers.append(number)
            weights.append(weight)
        # Term by term in the query's order, as nkqa.sparse adds them.
        for term, count in counts.items():
            if term in by_term:
                numbers, weights = by_term[term]
                scores[np.asarray(numbers)] += count * np.asarray(weights)
        return scores

    def idf_of(self, term: str) -> float:
        if term not in self._idf:
            rows = self._rows("SELECT idf FROM nkqa_terms WHERE term = %s", (term,))
            # As nkqa.sparse.BM25.idf_of: an unseen term has the rarest idf.
            self._idf[term] = float(rows[0][0]) if rows else math.log((self._n + 0.5) / 0.5)
        return self._idf[term]

    def matched_terms(self, number: int, terms: Sequence[str]) -> set[str]:
        rows = self._rows(
            "SELECT term FROM nkqa_postings WHERE number = %s AND term = ANY(%s)", (number, list(set(terms)))
        )
        return {term for (term,) in rows}

    def nearest(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, self._n)
        if k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        with self._connection.transaction(), self._connection.cursor() as cursor:
            if self._dense_index == "exact":
                cursor.execute("SET LOCAL enable_indexscan = off")
            else:
                # As the embedded HNSW searches (efSearch 128), and never fewer than k.
                cursor.execute(f"SET LOCAL hnsw.ef_search = {max(HNSW_EF_SEARCH, min(int(k), 1000))}")
            cursor.execute(
                "SELECT number, -(embedding <#> %s) FROM nkqa_passages ORDER BY embedding <#> %s, number LIMIT %s",
                (np.asarray(vector, dtype=np.float32), np.asarray(vector, dtype=np.float32), k),
            )
            rows = cursor.fetchall()
        return (
            np.array([r[1] for r in rows], dtype=np.float32),
            np.array([r[0] for r in rows], dtype=np.int64),
        )

    def vectors_of(self, numbers: Sequence[int]) -> np.ndarray:
        numbers = list(numbers)
        rows = dict(self._rows("SELECT number, embedding FROM nkqa_passages WHERE number = ANY(%s)", (numbers,)))
        dimension = int(self.meta["model"]["dimension"])
        if not numbers:
            return np.zeros((0, dimension), dtype=np.float32)
        return np.stack([_array(rows[n]) for n in numbers])

    def document(self, source: str) -> Document:
        if source not in self._documents:
            rows = self._rows(f"SELECT {_FILE_COLUMNS} FROM nkqa_files WHERE source = %s", (source,))
            if not rows:
                raise KeyError(source)
            self._documents[source] = _document(rows[0])
        return self._documents[source]

    def file_hashes(self) -> dict[str, str]:
        return dict(self._rows("SELECT source, sha256 FROM nkqa_files ORDER BY source"))

    def vectors_by_text(self) -> dict[str, np.ndarray]:
        """Every passage's vector, keyed by its exact text (for re-indexing)."""
        rows = self._rows("SELECT body, section, embedding FROM nkqa_passages")
        return {indexed_text(body, section): _array(vector) for body, section, vector in rows}

    def collection(self) -> Collection:
        """Every document and passage, read from the database (for citations' checks and
        for APIs that list the whole index)."""
        rows = self._rows(f"SELECT {_FILE_COLUMNS} FROM nkqa_files ORDER BY source")
        documents = tuple(_document(row) for row in rows)
        self._documents.update({d.source: d for d in documents})
        passages = tuple(self.passages(range(self._n)))
        stats = tuple(FileStats(**row) for row in self.meta.get("stats", []))
        corpus = self.meta.get("corpus")
        # The corpus folder is checked for changes only on a machine that has it.
        root = Path(corpus) if corpus and Path(corpus).is_dir() else None
        return Collection(documents, passages, stats, root)
