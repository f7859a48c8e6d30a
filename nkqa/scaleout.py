"""Past one database server: nkqa's passages partitioned across shard servers (postgres_fdw).

:func:`partition` lays out, in the coordinator database, the two big tables of
:mod:`nkqa.postgres` (``nkqa_passages`` and ``nkqa_postings``) as hash partitions by
passage number, each a ``postgres_fdw`` foreign table on one shard database, where the
rows, their primary keys and the HNSW index live. The small tables (files, terms, meta)
stay on the coordinator. Then ``nkqa index DIR --db COORDINATOR`` writes through the
partitions and ``nkqa ask --db COORDINATOR`` reads through them, with nothing else in
nkqa changed: the same SQL, the same BM25 scores and the same top-k as one server.

Dense search over the shards is exact: pgvector's operators are shippable (``extensions
'vector'``), so each shard sorts its own passages by inner product and streams them in
order, and the coordinator merges the first rows of each (PostgreSQL does not push the
``LIMIT`` through the partitions, so the shards' HNSW indexes are not used). Limits, by
postgres_fdw's design: each shard commits when the coordinator commits, without
two-phase commit, so a crash in that instant can leave shards out of step (re-index to
mend). For production, Citus distributed tables give the same layout with distributed
transactions and per-shard ``LIMIT``; see the README's "Scale-out".
"""

from __future__ import annotations

from collections.abc import Sequence

from nkqa.errors import DatabaseError, InvalidArgumentError
from nkqa.postgres import LOCK_KEY, connect, is_dsn, shown
from nkqa.postgres_write import PARTITIONED, columns, create_hnsw_index, create_tables

__all__ = ["partition"]

def partition(coordinator: str, shards: Sequence[str], *, dimension: int) -> None:
    """Make ``coordinator`` an empty nkqa database whose passages live on ``shards``.

    Parameters
    ----------
    coordinator:
        URI of the database nkqa is pointed at (``--db``); it must hold no nkqa index yet.
    shards:
        URIs of one database per shard, reachable from the coordinator's server with the
        host, port, user and password they give (one may be on the coordinator's server).
    dimension:
        Width of the model's vectors (384 for all-MiniLM-L6-v2).

    Raises
    ------
    InvalidArgumentError
        Fewer than one shard, a URI that is not ``postgresql://``, or a bad dimension.
    DatabaseError
        A server cannot be reached, or the coordinator already holds an nkqa index;
        nothing is written to the coordinator.
    """
    if not shards or not all(is_dsn(d) for d in [coordinator, *shards]):
        raise InvalidArgumentError("partition needs a postgresql:// coordinator and at least one postgresql:// shard")
    if not isinstance(dimension, int) or dimension <= 0:
        raise InvalidArgumentError(f"dimension must be a positive integer, got {dimension!r}")
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    for shard in shards:
        connection = connect(shard)
        try:
            with connection.transaction():
                for table in PARTITIONED:
                    connection.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns(table, dimension)})")
                create_hnsw_index(connection)
        except psycopg.Error as error:
            raise DatabaseError(f"preparing shard {shown(shard)} failed: {error}") from error
        finally:
            connection.close()
    connection = connect(coordinator)
    try:
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            cursor.execute("SELECT to_regclass('nkqa_schema') IS NOT NULL OR to_regclass('nkqa_passages') IS NOT NULL")
            if cursor.fetchone()[0]:
                raise DatabaseError(f"{shown(coordinator)} already holds nkqa tables: partition an empty database")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
            for table in PARTITIONED:
                # Without keys: a table partitioned over foreign tables can have none.
                cursor.execute(f"CREATE TABLE {table} ({columns(table, dimension, keys=False)}) PARTITION BY HASH (number)")
            for remainder, shard in enumerate(shards):
                _foreign_server(cursor, f"nkqa_shard_{remainder}", conninfo_to_dict(shard))
                for table in PARTITIONED:
                    cursor.execute(
                        f"CREATE FOREIGN TABLE {table}_{remainder} PARTITION OF {table} "
                        f"FOR VALUES WITH (MODULUS {len(shards)}, REMAINDER {remainder}) "
                        f"SERVER nkqa_shard_{remainder} OPTIONS (table_name '{table}')"
                    )
            create_tables(cursor, dimension)  # the small tables, local; the schema version
    except psycopg.Error as error:
        raise DatabaseError(f"partitioning {shown(coordinator)} failed: {error}") from error
    finally:
        connection.close()


def _foreign_server(cursor, name: str, parts: dict[str, str]) -> None:  # noqa: ANN001
    from psycopg import sql

    # Queries ship pgvector's operators to the shard, which then orders by its own index.
    options = {"extensions": "vector", **{k: parts[k] for k in ("host", "port", "dbname") if parts.get(k)}}
    cursor.execute(
        sql.SQL("CREATE SERVER {} FOREIGN DATA WRAPPER postgres_fdw OPTIONS ({})").format(
            sql.Identifier(name),
            sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in options.items()),
        )
    )
    mapping = {k: parts[k] for k in ("user", "password") if parts.get(k) is not None}
    statement = sql.SQL("CREATE USER MAPPING FOR CURRENT_USER SERVER {}").format(sql.Identifier(name))
    if mapping:
        statement += sql.SQL(" OPTIONS ({})").format(
            sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in mapping.items())
        )
    cursor.execute(statement)
