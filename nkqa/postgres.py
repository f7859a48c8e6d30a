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

**Writes** (:func:`write`) replace the whole index in one transaction under an
advisory lock: readers see the old index or the new one, and two writers take
turns. Reading keeps one connection per store.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nkqa.collection import Collection, FileStats
from nkqa.dense import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M
from nkqa.errors import DatabaseError, IndexFormatError
from nkqa.loading import Document
from nkqa.passage import Citation, Passage, indexed_text
from nkqa.persistence import SavedIndex, settings_fingerprint, settings_from_fingerprint
from nkqa.settings import Settings
from nkqa.sparse import B, BM25, K1

__all__ = ["SCHEMA_VERSION", "PostgresStore", "write", "is_dsn", "check_reachable"]

SCHEMA_VERSION = 2
"""The table layout this nkqa writes and reads (2: ``nkqa_files.lines``). A writer
replaces an older layout; a reader refuses it and says to re-index."""
LOCK_KEY = 0x6E6B7161  # "nkqa": the advisory lock every writer takes

_DSN = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
_TABLES = ("nkqa_postings", "nkqa_terms", "nkqa_passages", "nkqa_files", "nkqa_meta")


def is_dsn(target: object) -> bool:
    """Whether ``target`` is a PostgreSQL connection URI (``postgresql://...``)."""
    return isinstance(target, str) and bool(_DSN.match(target))


def _shown(dsn: str) -> str:
    """``dsn`` without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", dsn)


def _connect(dsn: str):  # noqa: ANN202 - psycopg.Connection, imported lazily
    try:
        import psycopg
        from pgvector.psycopg import register_vector
    except ImportError as error:
        raise DatabaseError('the PostgreSQL backend needs psycopg and pgvector: pip install "nkqa[postgres]"') from error
    try:
        connection = psycopg.connect(dsn, connect_timeout=10)
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or ["no reason given"])[0]
        raise DatabaseError(f"cannot connect to {_shown(dsn)}: {first}") from error
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector")
        connection.commit()
        register_vector(connection)
    except psycopg.Error as error:
        connection.close()
        raise DatabaseError(f"{_shown(dsn)} has no pgvector extension nkqa can use: {error}") from error
    return connection


def check_reachable(dsn: str) -> None:
    """Connect once and check the schema version, or raise :class:`DatabaseError`."""
    if not is_dsn(dsn):
        raise DatabaseError(f"not a PostgreSQL URI: {dsn!r} (write postgresql://user@host/db)")
    connection = _connect(dsn)
    try:
        with connection.cursor() as cursor:
            _check_version(_schema_version(cursor), dsn)
    finally:
        connection.close()


def _schema_version(cursor) -> int | None:  # noqa: ANN001
    cursor.execute("SELECT to_regclass('nkqa_schema') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT max(version) FROM nkqa_schema")
    return cursor.fetchone()[0]


def _check_version(version: int | None, dsn: str, *, reading: bool = False) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{_shown(dsn)} holds nkqa schema version {version}; this nkqa knows version "
            f"{SCHEMA_VERSION}: upgrade nkqa"
        )
    if reading and version is not None and version < SCHEMA_VERSION:
        raise DatabaseError(
            f"{_shown(dsn)} holds nkqa schema version {version}, older than this nkqa's "
            f"{SCHEMA_VERSION}: re-index it with `nkqa index DIR --db DSN`"
        )


def write(dsn: str, saved: SavedIndex) -> None:
    """Replace the index in the database at ``dsn`` with ``saved``, in one transaction.

    Raises
    ------
    DatabaseError
        The server cannot be reached, its schema is newer than this nkqa's, or it
        holds vectors of another model or width; nothing is written.
    """
    import psycopg

    dimension = int(saved.vectors.shape[1])
    bm25 = BM25(saved.tokens)
    connection = _connect(dsn)
    try:
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            version = _schema_version(cursor)
            _check_version(version, dsn)
            if version is not None:
                cursor.execute("SELECT value FROM nkqa_meta WHERE key = 'model'")
                row = cursor.fetchone()
                if row is not None and (row[0]["name"], row[0]["dimension"]) != (saved.settings.model, dimension):
                    raise DatabaseError(
                        f"{_shown(dsn)} holds vectors of model {row[0]['name']!r} ({row[0]['dimension']} "
                        f"dimensions), not {saved.settings.model!r} ({dimension}): use another database"
                    )
            for table in _TABLES:
                # An older layout is replaced whole; the current one is emptied.
                verb = "DELETE FROM" if version == SCHEMA_VERSION else "DROP TABLE IF EXISTS"
                cursor.execute(f"{verb} {table}")  # noqa: S608 - fixed table names
            _create(cursor, dimension)
            _write_rows(cursor, saved, bm25)
        connection.commit()
    except psycopg.Error as error:
        raise DatabaseError(f"writing the index to {_shown(dsn)} failed: {error}") from error
    finally:
        connection.close()


def _create(cursor, dimension: int) -> None:  # noqa: ANN001
    cursor.execute("CREATE TABLE IF NOT EXISTS nkqa_schema (version integer NOT NULL)")
    cursor.execute("DELETE FROM nkqa_schema")
    cursor.execute("INSERT INTO nkqa_schema VALUES (%s)", (SCHEMA_VERSION,))
    cursor.execute("CREATE TABLE IF NOT EXISTS nkqa_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS nkqa_files (source text PRIMARY KEY, sha256 text NOT NULL, "
        "title text, body text NOT NULL, extraction text, lines jsonb)"
    )
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS nkqa_passages (number integer PRIMARY KEY, id text NOT NULL, "
        f"body text NOT NULL, section text, citations jsonb NOT NULL, length integer NOT NULL, "
        f"embedding vector({dimension}) NOT NULL)"
    )
    cursor.execute(
        "CREATE INDEX IF NOT EXISTS nkqa_passages_hnsw ON nkqa_passages USING hnsw (embedding vector_ip_ops) "
        f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
    )
    cursor.execute("CREATE TABLE IF NOT EXISTS nkqa_terms (term text PRIMARY KEY, df integer NOT NULL, idf float8 NOT NULL)")
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS nkqa_postings (term text NOT NULL, number integer NOT NULL, "
        "tf integer NOT NULL, PRIMARY KEY (term, number))"
    )


def _write_rows(cursor, saved: SavedIndex, bm25: BM25) -> None:  # noqa: ANN001
    collection = saved.collection
    with cursor.copy("COPY nkqa_files (source, sha256, title, body, extraction, lines) FROM STDIN") as copy:
        for document in collection.documents:
            lines = json.dumps(list(document.lines)) if document.lines is not None else None
            copy.write_row((document.source, saved.file_hashes.get(document.source, document.sha256),
                            document.title, document.text, document.extraction, lines))
    with cursor.copy("COPY nkqa_passages (number, id, body, section, citations, length, embedding) FROM STDIN") as copy:
        for number, (passage, tokens) in enumerate(zip(collection.passages, saved.tokens)):
            citations = json.dumps([c.to_dict() for c in passage.citations], ensure_ascii=False)
            vector = "[" + ",".join(repr(x) for x in saved.vectors[number].tolist()) + "]"
            copy.write_row((number, passage.id, passage.text, passage.section, citations, len(tokens), vector))
    df: dict[str, int] = {}
    with cursor.copy("COPY nkqa_postings (term, number, tf) FROM STDIN") as copy:
        for number, tokens in enumerate(saved.tokens):
            counts: dict[str, int] = {}
            for token in tokens:
                counts[token] = counts.get(token, 0) + 1
            for term, tf in counts.items():
                copy.write_row((term, number, tf))
                df[term] = df.get(term, 0) + 1
    with cursor.copy("COPY nkqa_terms (term, df, idf) FROM STDIN") as copy:
        for term, frequency in df.items():
            copy.write_row((term, frequency, bm25.idf_of(term)))
    lengths = [len(t) for t in saved.tokens]
    meta = {
        "model": {"name": saved.settings.model, "dimension": int(saved.vectors.shape[1])},
        "settings": settings_fingerprint(saved.settings),
        "passages": len(collection.passages),
        # As numpy computes it, so every BM25 weight matches the embedded store's.
        "avgdl": float(np.int64(sum(lengths)) / len(lengths)) if lengths else 1.0,
        "corpus": str(collection.root) if collection.root is not None else None,
        "stats": [s.to_dict() for s in collection.stats],
    }
    for key, value in meta.items():
        cursor.execute("INSERT INTO nkqa_meta VALUES (%s, %s)", (key, json.dumps(value)))


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
        self._connection = _connect(dsn)
        self._dense_index = dense_index
        with self._connection.cursor() as cursor:
            version = _schema_version(cursor)
            if version is None:
                self.close()
                raise IndexFormatError(f"{_shown(dsn)} holds no nkqa index: build one with `nkqa index DIR --db DSN`")
            try:
                _check_version(version, dsn, reading=True)
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
