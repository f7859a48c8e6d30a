"""Writing an nkqa index into PostgreSQL: the tables of :mod:`nkqa.postgres`, filled in one transaction.

:func:`write` replaces the whole index under an advisory lock (:data:`nkqa.postgres.LOCK_KEY`):
readers see the old index or the new one, and two writers take turns. A write of the same
passages of the same files (a content hash in ``nkqa_meta``) leaves the big tables alone
and rewrites only the metadata, so re-indexing an unchanged folder costs its reading.
The BM25 idf of every term, floor included, is computed here by :class:`nkqa.sparse.BM25`
and stored, so that the database's scores are the embedded store's.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from nkqa.dense import HNSW_EF_CONSTRUCTION, HNSW_M
from nkqa.errors import DatabaseError
from nkqa.persistence import FORMAT_VERSION, SavedIndex, settings_fingerprint
from nkqa.postgres import LOCK_KEY, SCHEMA_VERSION, TABLES, check_version, connect, schema_version, shown
from nkqa.sparse import BM25

__all__ = ["write", "create_tables", "columns", "create_hnsw_index", "PARTITIONED"]


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
    connection = connect(dsn)
    try:
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            version = schema_version(cursor)
            check_version(version, dsn)
            if version is not None:
                cursor.execute("SELECT value FROM nkqa_meta WHERE key = 'model'")
                row = cursor.fetchone()
                if row is not None and (row[0]["name"], row[0]["dimension"]) != (saved.settings.model, dimension):
                    raise DatabaseError(
                        f"{shown(dsn)} holds vectors of model {row[0]['name']!r} ({row[0]['dimension']} "
                        f"dimensions), not {saved.settings.model!r} ({dimension}): use another database"
                    )
            meta = _meta(saved)
            if version == SCHEMA_VERSION and _content(cursor) == meta["content"]:
                # The same passages of the same files: only the folder and file stats may differ.
                cursor.execute("DELETE FROM nkqa_meta")
            else:
                for table in TABLES:
                    # An older layout is replaced whole; the current one is emptied.
                    verb = "DELETE FROM" if version == SCHEMA_VERSION else "DROP TABLE IF EXISTS"
                    cursor.execute(f"{verb} {table}")  # noqa: S608 - fixed table names
                create_tables(cursor, dimension)
                _write_rows(cursor, saved, BM25(saved.tokens))
            for key, value in meta.items():
                cursor.execute("INSERT INTO nkqa_meta VALUES (%s, %s)", (key, json.dumps(value)))
        connection.commit()
    except psycopg.Error as error:
        raise DatabaseError(f"writing the index to {shown(dsn)} failed: {error}") from error
    finally:
        connection.close()


def create_tables(cursor, dimension: int) -> None:  # noqa: ANN001
    """Create nkqa's tables that do not exist yet, and record :data:`SCHEMA_VERSION`."""
    cursor.execute("CREATE TABLE IF NOT EXISTS nkqa_schema (version integer NOT NULL)")
    cursor.execute("DELETE FROM nkqa_schema")
    cursor.execute("INSERT INTO nkqa_schema VALUES (%s)", (SCHEMA_VERSION,))
    cursor.execute("CREATE TABLE IF NOT EXISTS nkqa_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS nkqa_files (source text PRIMARY KEY, sha256 text NOT NULL, "
        "title text, body text NOT NULL, extraction text, lines jsonb)"
    )
    for table in PARTITIONED:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns(table, dimension)})")
    create_hnsw_index(cursor)
    cursor.execute("CREATE TABLE IF NOT EXISTS nkqa_terms (term text PRIMARY KEY, df integer NOT NULL, idf float8 NOT NULL)")


PARTITIONED = ("nkqa_passages", "nkqa_postings")
"""The two big tables, one row a passage or a posting: what :mod:`nkqa.scaleout` spreads."""

_COLUMNS = {
    "nkqa_passages": (
        "number integer NOT NULL, id text NOT NULL, body text NOT NULL, section text, "
        "citations jsonb NOT NULL, length integer NOT NULL, embedding vector({dimension}) NOT NULL"
    ),
    "nkqa_postings": "term text NOT NULL, number integer NOT NULL, tf integer NOT NULL",
}
_KEYS = {"nkqa_passages": "PRIMARY KEY (number)", "nkqa_postings": "PRIMARY KEY (term, number)"}


def columns(table: str, dimension: int, *, keys: bool = True) -> str:
    """The column list of one of the :data:`PARTITIONED` tables, with its primary key
    unless ``keys`` is false (a table partitioned over foreign tables can have none)."""
    listed = _COLUMNS[table].format(dimension=dimension)
    return f"{listed}, {_KEYS[table]}" if keys else listed


def create_hnsw_index(cursor) -> None:  # noqa: ANN001 - a psycopg cursor or connection
    """The HNSW index on the passages' vectors, with the embedded store's M and efConstruction."""
    cursor.execute(
        "CREATE INDEX IF NOT EXISTS nkqa_passages_hnsw ON nkqa_passages USING hnsw (embedding vector_ip_ops) "
        f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
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


def _meta(saved: SavedIndex) -> dict[str, Any]:
    collection = saved.collection
    lengths = [len(t) for t in saved.tokens]
    content = {
        "format": FORMAT_VERSION,
        "settings": settings_fingerprint(saved.settings),
        "dimension": int(saved.vectors.shape[1]),
        "files": {d.source: [saved.file_hashes.get(d.source, d.sha256), d.title] for d in collection.documents},
        "passages": [p.id for p in collection.passages],
    }
    return {
        "model": {"name": saved.settings.model, "dimension": int(saved.vectors.shape[1])},
        "settings": settings_fingerprint(saved.settings),
        "passages": len(collection.passages),
        # As numpy computes it, so every BM25 weight matches the embedded store's.
        "avgdl": float(np.int64(sum(lengths)) / len(lengths)) if lengths else 1.0,
        "corpus": str(collection.root) if collection.root is not None else None,
        "stats": [s.to_dict() for s in collection.stats],
        # What the big tables hold: a write of the same content leaves them alone.
        "content": hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
    }


def _content(cursor) -> str | None:  # noqa: ANN001
    cursor.execute("SELECT value FROM nkqa_meta WHERE key = 'content'")
    row = cursor.fetchone()
    return row[0] if row is not None else None
