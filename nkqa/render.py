"""Plain-text (CLI) and HTML (Jupyter) views of an :class:`~nkqa.passage.Answer`."""

from __future__ import annotations

import html
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the records import this module, not the reverse
    from nkqa.passage import Answer, Citation, Passage

__all__ = ["render_text", "render_html", "NOT_ANSWERED"]

NOT_ANSWERED = "the sources do not answer this question"
"""How an abstention's ``reason`` begins, and (capitalised) the heading every view shows for it."""

def _where(citation: Citation) -> str:
    title = f"  ({citation.title})" if citation.title else ""
    stale = "  [STALE: file changed since indexing]" if citation.stale else ""
    return f"{citation.location}{title}{stale}"


def _score_line(passage: Passage) -> str:
    s = passage.scores
    if s is None:
        return ""
    parts = []
    if s.bm25 is not None:
        parts.append(f"bm25 {s.bm25:.2f} (#{s.bm25_rank})")
    if s.dense is not None:
        parts.append(f"dense {s.dense:.3f} (#{s.dense_rank})")
    if s.fused is not None and s.bm25 is not None and s.dense is not None:
        parts.append(f"fused {s.fused:.4f} (#{s.fused_rank})")
    if s.sentence is not None:
        parts.append(f"best sentence {s.sentence:.2f}")
    return ", ".join(parts)


def render_text(answer: Answer, *, width: int = 100) -> str:
    """The answer as the CLI prints it: quoted answer (or abstention), then passages."""
    lines = [f"Q: {answer.question}", ""]
    if answer.supported and answer.answer is not None and answer.answer_citation is not None:
        lines.append("Answer (quoted verbatim):")
        lines.extend(textwrap.wrap(answer.answer, width, initial_indent="  > ", subsequent_indent="  > "))
        lines.append(f"  — {_where(answer.answer_citation)}")
        lines.append(f"  (confidence {answer.confidence:.0%})")
    else:
        lines.append(f"{NOT_ANSWERED.capitalize()}.")
        if answer.reason:
            lines.append(f"  ({_why(answer.reason)})")
        if answer.passages:
            lines.append("Closest passages:")
    lines.append("")
    for number, passage in enumerate(answer.passages, start=1):
        lines.append(f"[{number}] {_where(passage.citation)}")
        if passage.section:
            lines.append(f"    § {passage.section}")
        for other in passage.citations[1:]:
            lines.append(f"    also at {_where(other)}")
        lines.extend(textwrap.wrap(passage.text, width, initial_indent="    ", subsequent_indent="    "))
        score = _score_line(passage)
        if score:
            lines.append(f"    {score}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_html(answer: Answer) -> str:
    """Rich notebook view: highlighted answer inside its passage, citations, scores."""
    esc = html.escape
    out = [f"<div class='nkqa-answer'><p><b>Q:</b> {esc(answer.question)}</p>"]
    if answer.supported and answer.answer and answer.answer_citation:
        out.append(
            f"<blockquote style='border-left:4px solid #2a7;padding-left:8px'>"
            f"{esc(answer.answer)}<br><small>{esc(_where(answer.answer_citation))} · "
            f"confidence {answer.confidence:.0%}</small></blockquote>"
        )
    else:
        out.append(
            f"<p><i>{NOT_ANSWERED.capitalize()}.</i> <small>{esc(_why(answer.reason))}</small></p>"
        )
    out.append("<ol>")
    for passage in answer.passages:
        text = esc(passage.text)
        if answer.supported and answer.answer and answer.answer in passage.text:
            text = text.replace(esc(answer.answer), f"<mark>{esc(answer.answer)}</mark>", 1)
        cites = "<br>".join(esc(_where(c)) for c in passage.citations)
        if passage.section:
            cites += f"<br>§ {esc(passage.section)}"
        out.append(f"<li><small><code>{cites}</code></small><br>{text}{_score_table(passage)}</li>")
    out.append("</ol></div>")
    return "".join(out)


def _score_table(passage: Passage) -> str:
    """BM25, dense, fused and sentence scores side by side, each with its rank."""
    s = passage.scores
    if s is None:
        return ""
    cells = [
        ("BM25", s.bm25, s.bm25_rank, "{:.2f}"),
        ("dense", s.dense, s.dense_rank, "{:.3f}"),
        ("fused", s.fused, s.fused_rank, "{:.4f}"),
        ("best sentence", s.sentence, s.rank, "{:.2f}"),
    ]
    shown = [(name, fmt.format(value), "–" if rank is None else f"#{rank}")
             for name, value, rank, fmt in cells if value is not None]
    style = "style='padding:0 8px;text-align:right'"
    head = "".join(f"<th {style}>{name}</th>" for name, _, _ in shown)
    body = "".join(f"<td {style}>{value} <span style='color:#999'>{rank}</span></td>" for _, value, rank in shown)
    return (
        "<table style='font-size:80%;color:#555;margin:2px 0 8px 0'>"
        f"<tr>{head}</tr><tr>{body}</tr></table>"
    )


def _why(reason: str) -> str:
    # The heading already says the sources do not answer; keep only the cause.
    head, sep, cause = reason.partition(f"{NOT_ANSWERED}: ")
    return cause if sep and not head else reason
