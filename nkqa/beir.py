"""Evaluate nkqa on a BEIR-format collection.

A BEIR folder holds ``corpus.jsonl`` (``_id``, ``title``, ``text``),
``queries.jsonl`` (``_id``, ``text``) and ``qrels/<split>.tsv`` (a header line,
then ``query-id``, ``corpus-id``, ``score`` with graded relevance). Each document
is written as one file (title, then text, in one paragraph) and indexed by the
usual pipeline and ranked by :meth:`nkqa.Index.search_documents`: a document split
into several chunks scores in each retriever as its best chunk, and hybrid mode fuses
those per-document scores. Queries with qrels are run; metrics come
from ``ir-measures``: nDCG@10, Recall@10, Recall@100 and MRR@10 (``RR@10``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from nkqa.errors import CorpusError
from nkqa.evaluation import mean_per_query
from nkqa.fusion import Mode
from nkqa.jsonl import read_jsonl, text_lines

__all__ = ["BeirCollection", "load_beir", "evaluate_beir", "RUN_DEPTH", "MEASURES"]

RUN_DEPTH = 100
"""Documents ranked per query (the TREC run and Recall@100 use them)."""
MEASURES = ("nDCG@10", "R@10", "R@100", "RR@10")


@dataclass(frozen=True)
class BeirCollection:
    """Documents, queries and graded relevance judgements of one split."""

    documents: dict[str, tuple[str, str]]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_beir(folder: str | os.PathLike[str], split: str = "test") -> BeirCollection:
    """Read a BEIR-format folder.

    Raises
    ------
    CorpusError
        If a file is missing or a line is not what BEIR files hold.
    """
    root = Path(folder)
    paths = {"corpus": root / "corpus.jsonl", "queries": root / "queries.jsonl", "qrels": root / "qrels" / f"{split}.tsv"}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise CorpusError(f"not a BEIR folder: missing {', '.join(missing)}")
    try:
        documents = {
            str(row["_id"]): (str(row.get("title") or ""), str(row.get("text") or ""))
            for _, row in read_jsonl(paths["corpus"])
        }
        queries = {str(row["_id"]): str(row["text"]) for _, row in read_jsonl(paths["queries"])}
        qrels: dict[str, dict[str, int]] = {}
        for number, line in text_lines(paths["qrels"]):
            if number > 1:  # the first line is the header
                query_id, doc_id, score = line.split("\t")[:3]
                qrels.setdefault(query_id, {})[doc_id] = int(score)
    except (KeyError, ValueError, json.JSONDecodeError) as error:
        raise CorpusError(f"{root}: malformed BEIR file ({type(error).__name__}: {error})") from error
    if not documents:
        raise CorpusError(f"{paths['corpus']} holds no documents")
    return BeirCollection(documents, queries, qrels)


def evaluate_beir(
    collection: BeirCollection,
    modes: Sequence[Mode | str] = ("bm25", "dense", "hybrid"),
    *,
    settings: Any = None,
    embedder: Any = None,
    run_out: TextIO | None = None,
    progress: bool = True,
) -> dict[str, dict[str, float]]:
    """Index the collection, run its judged queries in each mode, return the metrics.

    ``run_out`` receives every mode's ranking in TREC run format
    (``qid Q0 docid rank score mode``), the top :data:`RUN_DEPTH` documents a query.
    """
    import ir_measures

    from nkqa.index import Index

    judged = [q for q in collection.queries if q in collection.qrels]
    qrels = [
        ir_measures.Qrel(q, d, score) for q, docs in collection.qrels.items() for d, score in docs.items()
    ]
    measures = [ir_measures.parse_measure(m) for m in MEASURES]
    report: dict[str, dict[str, float]] = {}
    # The queries run while the document files exist: results check their citations
    # against the files, which vanish with the folder.
    with tempfile.TemporaryDirectory(prefix="nkqa-beir-") as folder:
        names: dict[str, str] = {}
        for number, (doc_id, (title, text)) in enumerate(collection.documents.items()):
            name = f"{number:08d}.txt"
            names[name] = doc_id
            body = f"{title}\n{text}" if title else text
            Path(folder, name).write_text(body or doc_id, encoding="utf-8")
        index = Index.build(folder, settings=settings, embedder=embedder, embed=False, progress=progress)
        for mode in (Mode.parse(m) for m in modes):
            run = []
            for query_id in judged:
                ranking = index.search_documents(collection.queries[query_id], k=RUN_DEPTH, mode=mode)
                first: dict[tuple[str, float | None], int] = {}
                for rank, passage in enumerate(ranking, start=1):
                    # Scores of different modes live on different scales; a score that falls
                    # with the rank keeps every mode's run sortable the same way. Documents
                    # that hold the same passage (duplicates) tie, and the measures order
                    # ties as they do.
                    score = float(RUN_DEPTH + 1 - first.setdefault((passage.id, passage.scores.fused), rank))
                    doc_id = names[passage.citation.source]
                    run.append(ir_measures.ScoredDoc(query_id, doc_id, score))
                    if run_out is not None:
                        run_out.write(f"{query_id} Q0 {doc_id} {rank} {score:.6f} {mode.value}\n")
            report[mode.value] = mean_per_query(measures, qrels, run, judged)
    return report

