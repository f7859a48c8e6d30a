"""Build a BEIR-format collection from a folder and an nkqa question set, then measure it.

Documents are the folder's unique paragraphs (as nkqa splits and cleans them; an
exact duplicate is kept once), titled with their file's title; queries are the
answerable questions; a paragraph is relevant (grade 1) when it supports an
answer as ``eval/README.md`` defines it (it holds one of the answers and comes
from one of the question's sources). The collection is written to ``OUT`` and
evaluated with ``nkqa.beir.evaluate_beir`` in every mode, with rank fusion (the
default) and with min-max score fusion.

Usage::

    python benchmarks/beir_from_questions.py corpus eval/dev_questions.jsonl /tmp/nkqa-dev-beir \\
        --json benchmarks/beir_dev.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nkqa.beir import evaluate_beir, load_beir
from nkqa.dedup import content_id
from nkqa.evaluation import load_questions, supports
from nkqa.index import Settings
from nkqa.loading import load_folder, split_paragraphs


def build(folder: Path, questions_path: Path, out: Path) -> dict[str, int]:
    documents: dict[str, dict[str, str]] = {}
    citations: dict[str, list] = {}
    for document in load_folder(folder):
        for paragraph in split_paragraphs(document)[0]:
            doc_id = content_id(paragraph.text)
            start, end = paragraph.raw_span(0, len(paragraph.text))
            documents.setdefault(doc_id, {"_id": doc_id, "title": document.title or "", "text": paragraph.text})
            citations.setdefault(doc_id, []).append(document.citation(start, end))
    questions = [q for q in load_questions(questions_path) if q.answerable]
    qrels = [
        (q.id, doc_id)
        for q in questions
        for doc_id, doc in documents.items()
        if supports(doc["text"], citations[doc_id], q)
    ]
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as f:
        for doc in documents.values():
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with open(out / "queries.jsonl", "w", encoding="utf-8") as f:
        for q in questions:
            f.write(json.dumps({"_id": q.id, "text": q.question}, ensure_ascii=False) + "\n")
    with open(out / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for query_id, doc_id in qrels:
            f.write(f"{query_id}\t{doc_id}\t1\n")
    judged = {q for q, _ in qrels}
    return {"documents": len(documents), "queries": len(questions), "judged_queries": len(judged), "qrels": len(qrels)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("out", type=Path, help="where the BEIR folder is written")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args()
    sizes = build(args.folder, args.questions, args.out)
    collection = load_beir(args.out)
    report: dict[str, object] = {"collection": sizes, "rrf": evaluate_beir(collection, progress=False)}
    for w_bm25 in (1.5, 1.0):
        settings = Settings(fusion="minmax", weights={"bm25": w_bm25, "dense": 1.0})
        report[f"minmax_w{w_bm25}"] = evaluate_beir(collection, ("hybrid",), settings=settings, progress=False)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
