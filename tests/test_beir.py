import io
import json

import pytest

from nkqa.beir import RUN_DEPTH, evaluate_beir, load_beir
from nkqa.cli import main
from nkqa.errors import CorpusError

from conftest import REPO, FakeEmbedder

FIXTURE = REPO / "tests" / "fixtures" / "beir_tiny"


def test_load_reads_graded_qrels():
    collection = load_beir(FIXTURE)
    assert len(collection.documents) == 8 and collection.qrels["q1"] == {"d1": 2, "d6": 1}
    assert "q5" in collection.queries and "q5" not in collection.qrels


def test_metrics_and_trec_run(tmp_path):
    run = io.StringIO()
    report = evaluate_beir(load_beir(FIXTURE), embedder=FakeEmbedder(), run_out=run, progress=False)
    assert set(report) == {"bm25", "dense", "hybrid"}
    for values in report.values():
        assert set(values) == {"nDCG@10", "R@10", "R@100", "RR@10"}
        assert values["R@100"] == 1.0  # eight documents: every relevant one is retrieved
    # BM25 puts the judged document first for each of these lexical queries.
    assert report["bm25"]["RR@10"] == 1.0
    lines = [line.split() for line in run.getvalue().splitlines()]
    assert all(len(fields) == 6 and fields[1] == "Q0" for fields in lines)
    assert {fields[0] for fields in lines} == {"q1", "q2", "q3", "q4"}  # judged queries only
    for mode in ("bm25", "dense", "hybrid"):
        ranks = [int(f[3]) for f in lines if f[0] == "q1" and f[5] == mode]
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= RUN_DEPTH


def test_missing_files_are_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="not a BEIR folder"):
        load_beir(tmp_path)


def test_cli_eval_beir_json(tmp_path, capsys, monkeypatch):
    import nkqa.index

    monkeypatch.setattr(nkqa.index, "query_embedder", lambda model=None: FakeEmbedder())
    run_file = tmp_path / "run.txt"
    assert main(["eval", "--beir", str(FIXTURE), "--mode", "bm25", "--run-out", str(run_file), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"bm25"}
    assert run_file.read_text().splitlines()[0].startswith("q1 Q0 d1 1 ")
    assert main(["eval"]) == 2
    assert "either a QUESTIONS.jsonl file or --beir" in capsys.readouterr().err
