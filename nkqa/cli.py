"""The ``nkqa`` command: ``ask``, ``stats`` and ``eval``.

Library modules are imported inside the handlers, so ``nkqa --help`` stays fast.
Errors print one line on stderr and exit with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["main"]

MODES = ("bm25", "dense", "hybrid")
BROKEN_PIPE_STATUS = 141
"""Exit status when stdout closes early: 128 + SIGPIPE, what a shell reports for tools
the signal ends (``yes | head``)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line is easier to read in scripts.
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nkqa",
        description="Answer questions from a folder of documents, with file:line citations.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ask = commands.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("-k", type=_positive_int, default=5, help="passages to show (default 5)")
    ask.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval mode (default hybrid)")
    source = ask.add_mutually_exclusive_group()
    source.add_argument("--corpus", metavar="DIR", help="folder of documents (default: bundled corpus)")
    source.add_argument("--index", metavar="INDEX", help="a saved index (from `nkqa index`)")
    source.add_argument("--db", metavar="DSN", help="an index in PostgreSQL (postgresql://...)")
    ask.add_argument("--model", default=None, help="sentence-transformers model name or folder (default all-MiniLM-L6-v2, packaged)")
    ask.add_argument("--json", action="store_true", help="print Answer.to_dict() as JSON")
    ask.add_argument("--quiet", action="store_true", help="no progress bar while a first question builds the index")

    build = commands.add_parser("index", help="build an index of a folder and save it")
    build.add_argument("corpus", metavar="DIR", help="folder of documents (text, markdown, rst, PDF, docx, HTML)")
    target = build.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", metavar="INDEX", help="folder to write the index to")
    target.add_argument("--db", metavar="DSN", help="PostgreSQL database to write the index to (postgresql://...)")
    build.add_argument("--model", default=None, help="sentence-transformers model name or folder")
    build.add_argument("--quiet", action="store_true", help="no progress bar")

    stats = commands.add_parser("stats", help="paragraphs read, unique and duplicates removed, per file")
    counted = stats.add_mutually_exclusive_group()
    counted.add_argument("--corpus", metavar="DIR", help="folder of documents (default: bundled corpus)")
    counted.add_argument("--db", metavar="DSN", help="an index in PostgreSQL (postgresql://...)")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")

    evaluate = commands.add_parser("eval", help="score a question set (JSON lines) or a BEIR folder per mode")
    evaluate.add_argument("questions", metavar="QUESTIONS.jsonl", nargs="?", help="question set, see eval/README.md")
    evaluate.add_argument("--beir", metavar="DIR", help="a BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/test.tsv)")
    evaluate.add_argument("--run-out", metavar="FILE", help="with --beir: write each mode's TREC run here")
    evaluate.add_argument("--mode", choices=("all", *MODES), default="all", help="mode(s) to score (default all)")
    evaluate.add_argument("--corpus", metavar="DIR", help="folder of documents (default: bundled corpus)")
    evaluate.add_argument("--model", default=None, help="sentence-transformers model name or folder")
    evaluate.add_argument("--json", action="store_true", help="print the reports as JSON")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bar")

    cache = commands.add_parser("cache", help="what the user cache holds, or empty it")
    cache.add_argument("action", choices=("info", "clear"), help="info: sizes; clear: delete the cached indexes and vectors")
    cache.add_argument("--models", action="store_true", help="with clear: also delete the ONNX exports of models")
    cache.add_argument("--json", action="store_true", help="with info: print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from importlib.metadata import version

        print(f"nkqa {version('nkqa')}")
        return 0
    if args.command is None:
        parser.print_help()
        return 0
    handler = {"ask": _ask, "index": _index, "stats": _stats, "eval": _eval, "cache": _cache}[args.command]
    previous = warnings.showwarning
    warnings.showwarning = _warn_one_line
    try:
        from nkqa.errors import NkqaError

        try:
            status = handler(args)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return status
        except NkqaError as error:
            # One line, whatever the message holds (model loaders quote multi-line errors).
            print(f"nkqa: error: {' '.join(str(error).split())}", file=sys.stderr)
            return 2
    except KeyboardInterrupt:
        print("nkqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`nkqa ask ... | head`): stop quietly, as a tool killed
        # by SIGPIPE would, and keep Python from failing again when it flushes at exit.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # a stdout without a file descriptor: nothing to flush
            pass
        return BROKEN_PIPE_STATUS
    finally:
        warnings.showwarning = previous


def _warn_one_line(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    print(f"nkqa: warning: {message}", file=sys.stderr)


def _corpus(args: argparse.Namespace):  # noqa: ANN202
    from pathlib import Path

    from nkqa.api import bundled_corpus

    return bundled_corpus() if args.corpus is None else Path(args.corpus)


def _model(args: argparse.Namespace) -> dict[str, str]:
    return {} if args.model is None else {"model": args.model}


def _ask(args: argparse.Namespace) -> int:
    from nkqa.api import ask

    if args.index is not None or args.db is not None:
        from nkqa.index import Index, Settings

        settings = None if args.model is None else Settings(model=args.model)
        if args.db is not None:
            index = Index.open(args.db, settings=settings)
        else:
            index = Index.load(args.index, settings=settings)
        answer = index.ask(args.question, args.k, mode=args.mode)
    else:
        answer = ask(args.question, args.k, mode=args.mode, corpus=_corpus(args), progress=not args.quiet, **_model(args))
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(answer, end="")
    return 0


def _index(args: argparse.Namespace) -> int:
    from nkqa.index import Index, Settings

    from pathlib import Path

    from nkqa.atomic import check_target
    from nkqa.cache import vectors_by_text
    from nkqa.persistence import is_index_folder

    settings = Settings(**_model(args))
    if args.db is not None:
        from nkqa.errors import DatabaseError, IndexFormatError
        from nkqa.persistence import settings_fingerprint
        from nkqa.postgres import PostgresStore, check_reachable

        check_reachable(args.db)  # before minutes of building
        reuse = {}
        try:  # the vectors already in the database are not computed again
            store = PostgresStore(args.db)
            if settings_fingerprint(store.settings) == settings_fingerprint(settings):
                reuse = store.vectors_by_text()
            store.close()
        except (IndexFormatError, DatabaseError):  # no index yet, or an older layout the write replaces
            pass
        index = Index.build(args.corpus, settings=settings, backend=args.db, reuse=reuse, progress=not args.quiet)
        print(f"indexed {len(index.passages)} passages from {len(index.collection.documents)} files into the database")
        return 0
    # Refused before minutes of building, and checked again when writing.
    out = check_target(Path(args.out), is_ours=is_index_folder, protected=Path(args.corpus))
    reuse = vectors_by_text([out], settings) if out.is_dir() else {}
    index = Index.build(args.corpus, settings=settings, reuse=reuse, progress=not args.quiet)
    index.save(args.out)
    print(f"indexed {len(index.passages)} passages from {len(index.collection.documents)} files into {args.out}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    if args.db is not None:
        from nkqa.index import Index

        collection = Index.open(args.db).collection
    else:
        from nkqa.collection import build_collection

        collection = build_collection(_corpus(args))
    rows = [s.to_dict() for s in collection.stats]
    totals = {
        key: sum(int(r[key]) for r in rows)
        for key in ("paragraphs", "unique", "exact_duplicates", "near_duplicates", "boilerplate_lines")
    }
    skipped = [s.to_dict() for s in collection.skipped]
    if args.json:
        report = {"files": rows, "total": totals, "passages": len(collection.passages), "skipped": skipped}
        print(json.dumps(report, indent=2))
        return 0
    header = f"{'file':<34}{'read':>6}{'unique':>8}{'exact':>7}{'near':>6}{'boilerplate':>13}"
    print(header)
    for r in [*rows, {"source": "total", **totals}]:
        print(
            f"{r['source']:<34}{r['paragraphs']:>6}{r['unique']:>8}{r['exact_duplicates']:>7}"
            f"{r['near_duplicates']:>6}{r['boilerplate_lines']:>13}"
        )
    print(f"\n{len(collection.passages)} passages indexed (paragraphs packed or cut, duplicates merged)")
    if skipped:
        print(f"\n{len(skipped)} files skipped:")
        for s in skipped:
            print(f"  {s['source']}: {s['reason']}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from nkqa.api import load_index
    from nkqa.errors import InvalidArgumentError
    from nkqa.evaluation import evaluate, load_questions

    if (args.questions is None) == (args.beir is None):
        raise InvalidArgumentError("give either a QUESTIONS.jsonl file or --beir DIR")
    if args.run_out is not None and args.beir is None:
        raise InvalidArgumentError("--run-out goes with --beir")
    modes = MODES if args.mode == "all" else (args.mode,)
    if args.beir is not None:
        return _eval_beir(args, modes)
    questions = load_questions(args.questions)
    index = load_index(_corpus(args), progress=not args.quiet, **_model(args))
    reports = [evaluate(index, questions, mode) for mode in modes]
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
        return 0
    print(f"{'mode':<8}{'hit@1':>7}{'hit@3':>7}{'hit@5':>7}{'MRR@10':>8}{'answer':>8}{'abstain(unans.)':>17}{'wrong abstain':>15}")
    for r in reports:
        print(
            f"{r.mode:<8}{r.hit_at[1]:>7.3f}{r.hit_at[3]:>7.3f}{r.hit_at[5]:>7.3f}{r.mrr_at_10:>8.3f}"
            f"{r.answer_accuracy:>8.3f}{f'{r.right_abstentions}/{r.unanswerable}':>17}"
            f"{f'{r.wrong_abstentions}/{r.answerable}':>15}"
        )
    for r in reports:
        if r.missed:
            print(f"\nmissed in {r.mode}:")
            for m in r.missed:
                kind = "answered, should abstain" if not m.answerable else (
                    "abstained" if m.abstained else f"first hit {m.first_hit}, answer {'ok' if m.answer_correct else 'wrong'}"
                )
                print(f"  {m.id}: {m.question}  [{kind}]")
    return 0


def _eval_beir(args: argparse.Namespace, modes: Sequence[str]) -> int:
    from contextlib import nullcontext

    from nkqa.beir import MEASURES, evaluate_beir, load_beir
    from nkqa.index import Settings

    collection = load_beir(args.beir)
    sink = open(args.run_out, "w", encoding="utf-8") if args.run_out else nullcontext(None)
    with sink as run_out:
        report = evaluate_beir(
            collection, modes, settings=Settings(**_model(args)), run_out=run_out, progress=not args.quiet
        )
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    judged = sum(1 for q in collection.queries if q in collection.qrels)
    print(f"{len(collection.documents)} documents, {judged} judged queries")
    print(f"{'mode':<8}" + "".join(f"{m:>9}" for m in MEASURES))
    for mode, values in report.items():
        print(f"{mode:<8}" + "".join(f"{values[m]:>9.4f}" for m in MEASURES))
    return 0


def _cache(args: argparse.Namespace) -> int:
    from nkqa.cache import clear_cache, cache_info

    if args.action == "clear":
        removed = clear_cache(models=args.models)
        print(f"removed {removed.indexes} cached indexes, the cached vectors and {removed.models} model exports "
              f"({removed.bytes / 2**20:.1f} MiB)")
        if removed.busy:
            print(f"left {removed.busy} entries that another process is building")
        return 0
    info = cache_info()
    if args.json:
        print(json.dumps(info.to_dict(), indent=2))
    else:
        print(f"{info.path}\n  {info.indexes} indexes, {info.index_bytes / 2**20:.1f} MiB"
              f"\n  {info.vector_batches} batches of passage vectors, {info.vector_bytes / 2**20:.1f} MiB"
              f"\n  {info.models} model exports, {info.model_bytes / 2**20:.1f} MiB")
    return 0
