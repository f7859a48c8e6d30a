"""Smoke test of benchmarks/bench_core.py at a tiny size: structure and score agreement, never timing."""

import importlib.util
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def bench():
    pytest.importorskip("bm25s")
    spec = importlib.util.spec_from_file_location("bench_core", REPO / "benchmarks" / "bench_core.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tiny_run_records_every_core_method(bench):
    results, builds = [], {}
    bench.bench_size(300, 6, approx_max=300, baseline_max=300, results=results, builds=builds)
    methods = {r["method"] for r in results}
    assert methods == {"nkqa_bm25", "rank_bm25", "bm25s", "dense_exact", "dense_approx", "fusion", "hybrid_core", "hybrid_core_zscore"}
    assert all(r["size"] == 300 and r["queries"] >= 5 and r["p95_ms"] >= r["p50_ms"] >= 0 for r in results)
    build = builds["300"]
    assert build["max_abs_score_diff_vs_rank_bm25"] <= 1e-6
    assert 0.0 <= build["dense_approx_recall_at_10"] <= 1.0
    assert build["disk_bytes_per_chunk"] > 0


@pytest.mark.slow
def test_cold_start_benchmark_reports_medians_and_ratios(tmp_path):
    import os

    spec = importlib.util.spec_from_file_location("bench_cold_start", REPO / "benchmarks" / "bench_cold_start.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The session's cache: the index and the export are likely there already.
    report = module.run(1, Path(os.environ["NKQA_CACHE_DIR"]))
    assert set(report["median_s"]) == {"python_pass", "import_st", "nkqa_help", "nkqa_ask"}
    assert all(len(v) == 1 and v[0] > 0 for v in report["all_s"].values())
    medians = report["median_s"]
    assert report["ask_over_import_st"] == pytest.approx(medians["nkqa_ask"] / medians["import_st"], abs=0.01)


def _collections():
    spec = importlib.util.spec_from_file_location("beir_collections", REPO / "benchmarks" / "beir_collections.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_joined_collection_keeps_every_document_once_with_its_best_grade(tmp_path):
    from nkqa.beir import load_beir

    source = load_beir(REPO / "tests" / "fixtures" / "beir_tiny")
    _collections().joined(REPO / "tests" / "fixtures" / "beir_tiny", tmp_path, seed=0)
    joined = load_beir(tmp_path)
    texts = " ".join(text for _, text in joined.documents.values())
    assert all(body in texts for _, body in source.documents.values())
    assert len(joined.documents) < len(source.documents)
    for query_id, docs in source.qrels.items():
        for doc_id, grade in docs.items():
            owner = next(d for d, (_, text) in joined.documents.items() if source.documents[doc_id][1] in text)
            assert joined.qrels[query_id][owner] >= grade
    assert joined.queries == source.queries


def test_files_collection_judges_each_question_by_its_sources(tmp_path):
    from nkqa.beir import load_beir

    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "a.md").write_text("# A\nAlpha text.\n", encoding="utf-8")
    (docs / "b.rst").write_text("B\n=\n\nBeta text.\n", encoding="utf-8")
    (docs / "c.txt").write_text("not a docs file\n", encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "q1", "question": "What is alpha?", "answers": ["Alpha"], "sources": ["guide/a.md"]}\n'
        '{"id": "q2", "question": "What is gamma?", "answers": [], "sources": []}\n',
        encoding="utf-8",
    )
    _collections().from_files(docs, questions, tmp_path / "out")
    collection = load_beir(tmp_path / "out")
    assert sorted(collection.documents) == ["b.rst", "guide/a.md"]
    assert collection.queries == {"q1": "What is alpha?"}
    assert collection.qrels == {"q1": {"guide/a.md": 1}}
