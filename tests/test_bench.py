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
