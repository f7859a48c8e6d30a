"""Question-set evaluation, as defined in ``eval/README.md``.

A passage *supports* a question when one of its citations names a file in the
question's ``sources`` and its text contains one of the ``answers`` (both sides
folded by :func:`nkqa.cleaning.normalize`, inline-code backticks dropped). Every
supporting passage of the index is a relevant document; the ranked lists are scored with
``ir-measures`` (``Success@k`` is hit@k, ``RR@10`` is MRR@10). Questions the library cannot
score (no supporting passage anywhere, nothing retrieved) count as misses: the
denominator is always the number of answerable questions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nkqa.cleaning import normalize
from nkqa.errors import InvalidArgumentError
from nkqa.fusion import Mode
from nkqa.jsonl import text_lines
from nkqa.passage import Answer, Citation, Passage

__all__ = [
    "Question",
    "QuestionResult",
    "Report",
    "load_questions",
    "evaluate",
    "supports",
    "mean_per_query",
]

CUTOFFS = (1, 3, 5)
MRR_DEPTH = 10


@dataclass(frozen=True)
class Question:
    """One line of a question set."""

    id: str
    question: str
    answers: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        """False for questions the corpus does not answer (empty ``answers``)."""
        return bool(self.answers)


@dataclass(frozen=True)
class QuestionResult:
    """How one question fared."""

    id: str
    question: str
    answerable: bool
    first_hit: int | None
    answer: str | None
    answer_correct: bool
    abstained: bool
    confidence: float = 0.0


@dataclass(frozen=True)
class Report:
    """Scores of one mode over a question set."""

    mode: str
    questions: int
    answerable: int
    hit_at: dict[int, float]
    mrr_at_10: float
    answer_accuracy: float
    right_abstentions: int
    unanswerable: int
    wrong_abstentions: int
    results: tuple[QuestionResult, ...] = field(repr=False)

    @property
    def missed(self) -> list[QuestionResult]:
        """Answerable questions with no supporting passage in the top 5 or a wrong answer,
        and unanswerable ones that were answered."""
        return [
            r
            for r in self.results
            if (r.answerable and (r.first_hit is None or r.first_hit > 5 or not r.answer_correct))
            or (not r.answerable and not r.abstained)
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        data = asdict(self)
        data["hit_at"] = {str(k): v for k, v in self.hit_at.items()}
        data["results"] = [asdict(r) for r in self.results]
        return data


def load_questions(path: str | os.PathLike[str]) -> list[Question]:
    """Read a JSON-lines question set (fields ``id``, ``question``, ``answers``, ``sources``)."""
    file = Path(path)
    if not file.is_file():
        raise InvalidArgumentError(f"question file {str(file)!r} does not exist")
    questions = []
    for number, line in text_lines(file):
        try:
            row = json.loads(line)
            questions.append(
                Question(
                    id=str(row["id"]),
                    question=str(row["question"]),
                    answers=tuple(str(a) for a in row.get("answers", [])),
                    sources=tuple(str(s) for s in row.get("sources", [])),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InvalidArgumentError(
                f"{file}:{number}: not a question record ({error}); each line needs "
                "'id', 'question', 'answers' and 'sources'"
            ) from error
    if not questions:
        raise InvalidArgumentError(f"question file {str(file)!r} holds no questions")
    return questions


def supports(text: str, citations: Iterable[Citation], question: Question) -> bool:
    """Whether a text with these citations supports an answer to ``question``."""
    if not any(c.source in question.sources for c in citations):
        return False
    folded = _fold(text)
    return any(_fold(a) in folded for a in question.answers)


def _fold(text: str) -> str:
    # Extraction writes HTML's and Word's <code> as markdown backticks, which a reader
    # of the page never sees: an answer copied from the page must still match.
    return normalize(text).replace("`", "")


def evaluate(index: Any, questions: Sequence[Question], mode: Mode | str = "hybrid") -> Report:
    """Ask every question of the set and score the answers (see module docstring)."""
    import ir_measures
    from ir_measures import RR, Success

    mode = Mode.parse(mode)
    answers: list[Answer] = [index.ask(q.question, k=MRR_DEPTH, mode=mode) for q in questions]
    qrels, run, results = [], [], []
    for q, answer in zip(questions, answers):
        relevant = _relevant(index.passages, q) if q.answerable else set()
        qrels.extend(ir_measures.Qrel(q.id, pid, 1) for pid in sorted(relevant))
        run.extend(
            ir_measures.ScoredDoc(q.id, p.id, float(MRR_DEPTH - rank))
            for rank, p in enumerate(answer.passages)
        )
        first_hit = next(
            (rank for rank, p in enumerate(answer.passages, start=1) if p.id in relevant), None
        )
        correct = (
            q.answerable
            and answer.answer is not None
            and answer.answer_citation is not None
            and supports(answer.answer, [answer.answer_citation], q)
        )
        results.append(
            QuestionResult(
                q.id,
                q.question,
                q.answerable,
                first_hit,
                answer.answer,
                correct,
                not answer.supported,
                answer.confidence,
            )
        )
    answerable = [q for q in questions if q.answerable]
    measures = [Success @ k for k in CUTOFFS] + [RR @ MRR_DEPTH]
    means = mean_per_query(measures, qrels, run, [q.id for q in answerable])

    unanswerable = [r for r in results if not r.answerable]
    return Report(
        mode=mode.value,
        questions=len(questions),
        answerable=len(answerable),
        hit_at={k: means[str(Success @ k)] for k in CUTOFFS},
        mrr_at_10=means[str(RR @ MRR_DEPTH)],
        answer_accuracy=(
            sum(r.answer_correct for r in results) / len(answerable) if answerable else 0.0
        ),
        right_abstentions=sum(r.abstained for r in unanswerable),
        unanswerable=len(unanswerable),
        wrong_abstentions=sum(r.abstained for r in results if r.answerable),
        results=tuple(results),
    )


def mean_per_query(
    measures: Sequence[Any], qrels: Sequence[Any], run: Sequence[Any], query_ids: Sequence[str]
) -> dict[str, float]:
    """Mean of each ``ir-measures`` measure over ``query_ids``.

    pytrec_eval leaves out queries with no judged or no retrieved document; here
    they count as 0, so the denominator is always every query asked.
    """
    import ir_measures

    per_query = {(m.query_id, str(m.measure)): m.value for m in ir_measures.iter_calc(measures, qrels, run)}
    return {
        str(m): sum(per_query.get((q, str(m)), 0.0) for q in query_ids) / len(query_ids) if query_ids else 0.0
        for m in measures
    }


def _relevant(passages: Sequence[Passage], question: Question) -> set[str]:
    return {p.id for p in passages if supports(p.text, p.citations, question)}
