"""Latency of nkqa's ranking core on CPU, against rank_bm25, bm25s and faiss, in one run.

Synthetic corpora: token ids drawn from a Zipf vocabulary (exponent 1.07, 200 000
words), chunk lengths log-normal around 90 tokens (an 800-character chunk after
stop words), and random unit vectors of the model's width (384) for the dense
side, so no model is needed for the core. Queries take 2-6 tokens from the same
distribution, skipping the 50 most frequent words (stop words). Every method
sees the same documents and queries; each reports p50/p95 over the queries.

Methods (``results[].method``):
``nkqa_bm25`` (scores of every chunk + top 10), ``rank_bm25`` (``get_scores``,
the baseline), ``bm25s`` (``retrieve`` top 10), ``dense_exact`` / ``dense_approx``
(faiss flat / HNSW top ``FUSION_DEPTH``), ``fusion`` (RRF of two top lists),
``hybrid_core`` (BM25 + dense top-k + RRF, query vector given), ``hybrid_core_zscore``
(the same with z-score fusion, the default: exact cosines of every candidate and the
top ``Z_DEPTH`` of each retriever as reference),
``encode_query`` (real model, one question), ``ask_fresh`` (``Index.ask`` on the
bundled corpus, model loaded, every sentence window encoded) and ``ask_warm`` (the
same questions again: the index remembers sentence vectors).

Usage::

    python benchmarks/bench_core.py --sizes 1000 10000 100000 1000000 \\
        --json benchmarks/results.json --plot benchmarks/latency.png
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from nkqa.dense import DenseIndex
from nkqa.fusion import DEFAULT_WEIGHTS, RRF_K, Z_DEPTH, reciprocal_rank_fusion, z_score_fusion
from nkqa.retrieve import FUSION_DEPTH, _top
from nkqa.sparse import BM25

VOCAB = 200_000
ZIPF = 1.07
DIM = 384
TOP_K = 10
BASELINE_BUDGET_S = 30.0  # rank_bm25 gets fewer queries where one takes seconds


def synthetic(n_docs: int, n_queries: int, seed: int = 0) -> tuple[list[list[str]], list[list[str]], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCAB + 1, dtype=np.float64)
    p = ranks**-ZIPF
    p /= p.sum()
    words = [f"w{i}" for i in range(VOCAB)]
    lengths = np.clip(rng.lognormal(np.log(90), 0.5, n_docs).astype(int), 5, 400)
    ids = rng.choice(VOCAB, size=int(lengths.sum()), p=p)
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    docs = [[words[i] for i in ids[bounds[d] : bounds[d + 1]].tolist()] for d in range(n_docs)]
    tail = p[50:] / p[50:].sum()
    queries = [[words[50 + i] for i in rng.choice(VOCAB - 50, size=rng.integers(2, 7), p=tail)] for _ in range(n_queries)]
    vectors = rng.standard_normal((n_docs, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    qvecs = rng.standard_normal((n_queries, DIM)).astype(np.float32)
    qvecs /= np.linalg.norm(qvecs, axis=1, keepdims=True)
    return docs, queries, vectors, qvecs


def timed(fn, items, budget_s: float | None = None) -> tuple[list[float], list]:
    times, outputs = [], []
    started = time.perf_counter()
    for item in items:
        t0 = time.perf_counter()
        outputs.append(fn(item))
        times.append((time.perf_counter() - t0) * 1000)
        if budget_s is not None and len(times) >= 5 and time.perf_counter() - started > budget_s:
            break
    return times, outputs


def record(results: list, size: int, method: str, times: list[float]) -> dict:
    entry = {
        "size": size,
        "method": method,
        "p50_ms": float(np.percentile(times, 50)),
        "p95_ms": float(np.percentile(times, 95)),
        "queries": len(times),
    }
    results.append(entry)
    print(f"  {method:<13} p50 {entry['p50_ms']:10.3f} ms  p95 {entry['p95_ms']:10.3f} ms  ({len(times)} queries)", flush=True)
    return entry


def bench_size(n: int, n_queries: int, approx_max: int, baseline_max: int, results: list, builds: dict) -> None:
    print(f"size {n}: generating", flush=True)
    docs, queries, vectors, qvecs = synthetic(n, n_queries)
    build: dict[str, float] = {}

    t0 = time.perf_counter()
    bm25 = BM25(docs)
    build["nkqa_bm25_s"] = time.perf_counter() - t0
    record(results, n, "nkqa_bm25", timed(lambda q: _top(bm25.get_scores(q), TOP_K), queries)[0])

    if n <= baseline_max:
        from rank_bm25 import BM25Okapi

        t0 = time.perf_counter()
        okapi = BM25Okapi(docs)
        build["rank_bm25_s"] = time.perf_counter() - t0
        record(results, n, "rank_bm25", timed(okapi.get_scores, queries, BASELINE_BUDGET_S)[0])
        check = max(float(np.abs(okapi.get_scores(q) - bm25.get_scores(q)).max()) for q in queries[:5])
        build["max_abs_score_diff_vs_rank_bm25"] = check
        del okapi

    import bm25s

    t0 = time.perf_counter()
    peer = bm25s.BM25(method="atire")
    peer.index(docs, show_progress=False)
    build["bm25s_s"] = time.perf_counter() - t0
    record(results, n, "bm25s", timed(lambda q: peer.retrieve([q], k=TOP_K, show_progress=False), queries)[0])
    del peer

    depth = max(TOP_K, FUSION_DEPTH)
    t0 = time.perf_counter()
    exact = DenseIndex(vectors)
    build["dense_exact_s"] = time.perf_counter() - t0
    dense_times, exact_hits = timed(lambda v: exact.search(v, depth), qvecs)
    record(results, n, "dense_exact", dense_times)
    if n <= approx_max:
        t0 = time.perf_counter()
        approx = DenseIndex(vectors, "hnsw")
        build["dense_approx_s"] = time.perf_counter() - t0
        approx_times, approx_hits = timed(lambda v: approx.search(v, depth), qvecs)
        record(results, n, "dense_approx", approx_times)
        recall = np.mean([len(set(a[1][:10]) & set(e[1][:10])) / 10 for a, e in zip(approx_hits, exact_hits)])
        build["dense_approx_recall_at_10"] = float(recall)
        build["dense_approx_bytes_per_chunk"] = _faiss_bytes(approx) / n
        del approx

    lexical = [_top(bm25.get_scores(q), depth) for q in queries]
    pairs = list(zip(lexical, exact_hits))
    record(
        results, n, "fusion",
        timed(lambda pair: reciprocal_rank_fusion(
            {"bm25": pair[0].tolist(), "dense": pair[1][1].tolist()}, weights=DEFAULT_WEIGHTS["rrf"], k=RRF_K)[:TOP_K], pairs)[0],
    )

    def hybrid(i: int):
        scores = bm25.get_scores(queries[i])
        order = _top(scores, depth)
        lex = [int(d) for d in order if scores[d] > 0]
        _, ids = exact.search(qvecs[i], depth)
        return reciprocal_rank_fusion({"bm25": lex, "dense": ids.tolist()}, weights=DEFAULT_WEIGHTS["rrf"], k=RRF_K)[:TOP_K]

    record(results, n, "hybrid_core", timed(hybrid, range(len(queries)))[0])

    def hybrid_zscore(i: int):
        # As Index._rank does for fusion="zscore" (the default): the union of both top
        # lists, exact cosines for every candidate, z over each retriever's top Z_DEPTH.
        scores = bm25.get_scores(queries[i])
        order = _top(scores, depth)
        reference_scores, ids = exact.search(qvecs[i], min(n, Z_DEPTH))
        candidates = sorted({int(d) for d in order} | set(ids[:depth].tolist()))
        cosines = exact.vectors[candidates] @ qvecs[i]
        per_candidate = {
            "bm25": {c: float(scores[c]) for c in candidates},
            "dense": dict(zip(candidates, cosines.tolist())),
        }
        reference = {"bm25": scores[_top(scores, min(n, Z_DEPTH))], "dense": reference_scores}
        return z_score_fusion(per_candidate, reference=reference, weights=DEFAULT_WEIGHTS["zscore"])[:TOP_K]

    record(results, n, "hybrid_core_zscore", timed(hybrid_zscore, range(len(queries)))[0])

    build["memory_bytes_per_chunk"] = (bm25.nbytes + exact.vectors.nbytes) / n
    build["disk_bytes_per_chunk"] = _disk_bytes(bm25, exact) / n
    build["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    builds[str(n)] = build
    print(f"  build/size: {json.dumps(build)}", flush=True)


def _faiss_bytes(dense: DenseIndex) -> int:
    import faiss

    return int(faiss.serialize_index(dense._index).nbytes)


def _disk_bytes(bm25: BM25, dense: DenseIndex) -> int:
    import faiss

    with tempfile.TemporaryDirectory() as folder:
        np.save(Path(folder, "data.npy"), bm25._data)
        np.save(Path(folder, "rows.npy"), bm25._rows)
        np.save(Path(folder, "indptr.npy"), bm25._indptr)
        faiss.write_index(dense._index, str(Path(folder, "dense.faiss")))
        return sum(f.stat().st_size for f in Path(folder).iterdir())


def bench_model(results: list) -> None:
    from nkqa.api import bundled_corpus
    from nkqa.evaluation import load_questions
    from nkqa.index import Index

    questions = [q.question for q in load_questions(Path(__file__).resolve().parent.parent / "eval" / "dev_questions.jsonl")]
    print("model: bundled corpus", flush=True)
    index = Index.build(bundled_corpus(), progress=False)
    index.ask(questions[0])
    record(results, len(index.passages), "encode_query", timed(index.encode_query, questions)[0])

    def ask_fresh(question: str):  # noqa: ANN202
        index._text_vectors.clear()  # every sentence window is encoded again
        return index.ask(question)

    record(results, len(index.passages), "ask_fresh", timed(ask_fresh, questions)[0])
    # Sentence vectors kept from the questions before, as in a long-lived process.
    record(results, len(index.passages), "ask_warm", timed(index.ask, questions)[0])


def machine() -> dict:
    import faiss

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "faiss": faiss.__version__,
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def plot(results: list, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    for method in sorted({r["method"] for r in results}):
        rows = sorted((r for r in results if r["method"] == method), key=lambda r: r["size"])
        ax.plot([r["size"] for r in rows], [r["p50_ms"] for r in rows], marker="o", label=method)
    ax.set(xscale="log", yscale="log", xlabel="chunks", ylabel="p50 latency per query (ms)",
           title="nkqa ranking core on CPU (p50 per query)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--approx-max", type=int, default=100_000, help="largest size that builds HNSW")
    parser.add_argument("--baseline-max", type=int, default=1_000_000, help="largest size that runs rank_bm25")
    parser.add_argument("--no-model", action="store_true", help="skip encode_query and ask_warm")
    parser.add_argument("--json", help="write all figures here")
    parser.add_argument("--plot", help="write the log-log latency plot here (PNG)")
    args = parser.parse_args()
    results: list[dict] = []
    builds: dict[str, dict] = {}
    for n in args.sizes:
        bench_size(n, args.queries, args.approx_max, args.baseline_max, results, builds)
    if not args.no_model:
        bench_model(results)
    ratios = {}
    for n in args.sizes:
        p50 = {r["method"]: r["p50_ms"] for r in results if r["size"] == n}
        ratios[str(n)] = {
            "rank_bm25_over_nkqa_bm25": p50.get("rank_bm25", float("nan")) / p50["nkqa_bm25"],
            "nkqa_bm25_over_bm25s": p50["nkqa_bm25"] / p50["bm25s"],
            "hybrid_core_over_dense_exact": p50["hybrid_core"] / p50["dense_exact"],
        }
        print(f"size {n}: {json.dumps({k: round(v, 3) for k, v in ratios[str(n)].items()})}")
    report = {"machine": machine(), "settings": {"vocab": VOCAB, "zipf": ZIPF, "dim": DIM, "top_k": TOP_K,
              "fusion_depth": FUSION_DEPTH, "queries": args.queries}, "results": results,
              "builds": builds, "ratios": ratios}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    if args.plot:
        plot(results, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
