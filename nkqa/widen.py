"""Widening the quote past the best window, where what it says lies just outside it.

The best window (:mod:`nkqa.windows`) is one or two sentences; the answer sometimes stands
just before or after them:

* :func:`with_antecedent`: a quote that refers back to what a which-question asks for ("the
  company") takes in the sentence before, which names it;
* :func:`with_reason`: a why-question's quote that opens by pointing back for its reason
  ("Because of this, ...") takes in the sentence before, and one that gives no reason the
  sentence after that gives it pointing back;
* :func:`with_speaker`: a who-question's quote that names nobody but says "he" or "she" takes
  in the nearest of the :data:`SPEAKER_REACH` sentences before it that names someone;
* :func:`with_literal`: a quote through the paragraph after a colon that ends one of its
  paragraphs (the command, code block, table or list it introduces).

Each keeps the scores of the window it widens.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from nkqa.answer_type import WORD, AnswerType, asks_where, carries
from nkqa.chunking import split_sentences
from nkqa.windows import Evidence, Window, paragraph_breaks, sentence_spans

__all__ = ["with_antecedent", "with_literal", "with_reason", "with_speaker", "SPEAKER_REACH"]

SPEAKER_REACH = 2
"""How many sentences before a window that says "he" or "she" may name the person meant."""
_PERSONAL = frozenset({"he", "she"})


def with_antecedent(best: Window, scored: Sequence[Window], category: Sequence[str]) -> Window:
    """``best``, or the best pair of sentences of its passage that opens before it, when
    ``best`` refers back to what the question asks for ("Which *company* was founded by
    Khek Vandy?" quoting "...as *the company* was founded and headed by Khek Vandy"): the
    name it stands for is in the sentence before ("...the Cambodia Shipping Corporation...").

    ``category`` is the question's :func:`nkqa.attribute.category_words`; only "the",
    "this" or "that" before one of them in ``best`` counts as referring back.

    Examples
    --------
    >>> from nkqa.passage import Passage
    >>> p = Passage("p", "In 1994 the Acme Line was formed. The company was run by Kim.", ())
    >>> one = Window(p, 34, 61, 1.0, 0.5, True, 2.0)
    >>> two = Window(p, 0, 61, 1.0, 0.4, True, 1.8)
    >>> with_antecedent(one, [one, two], ("company",)).text
    'In 1994 the Acme Line was formed. The company was run by Kim.'
    >>> with_antecedent(one, [one, two], ("ship",)).text
    'The company was run by Kim.'
    """
    if not category:
        return best
    found = re.search(
        r"\b(?:the|this|that)\s+(?:" + "|".join(map(re.escape, category)) + r")\b", best.text, re.IGNORECASE
    )
    if found is None:
        return best
    return _opened_earlier(best, scored, best.start + found.start())


def _opened_earlier(best: Window, scored: Sequence[Window], at: int) -> Window:
    """The best window of ``best``'s passage that opens before it and takes in offset ``at``,
    or ``best`` when there is none."""
    earlier = [
        w for w in scored if w.passage.id == best.passage.id and w.start < best.start and w.start < at < w.end
    ]
    return max(earlier, key=lambda w: w.score) if earlier else best


_WHY = re.compile(r"^\W*why\b", re.IGNORECASE)
_BACK_REASON = re.compile(
    r"^\W*(?:because\s+of\s+(?:this|that)|for\s+(?:this|that)\s+reason|(?:this|that)\s+is\s+why"
    r"|that['\u2019]s\s+why|therefore|thus|hence|as\s+a\s+result)\b",
    re.IGNORECASE,
)
"""A sentence opening that points back for its reason: "*Because of this*, it also provides..."."""
_REASONS = r"because|in\s+order\s+to|so\s+that|to\s+avoid|to\s+prevent|due\s+to|the\s+reason"
_GIVES_REASON = re.compile(r"\b(?:" + _REASONS + r")\b", re.IGNORECASE)
_FORWARD_REASON = re.compile(r"^\W*(?:this|that|these|those|it)\b[^.!?]*?\b(?:" + _REASONS + r")\b", re.IGNORECASE)
"""A sentence that gives the reason for the one before, pointing back at it: "*This* design
decision prioritises a more explicit approach, *in order to* avoid..."."""


def with_reason(best: Window, scored: Sequence[Window], question: str) -> Window:
    """``best``, or the best window of its passage that opens before it and takes it in, when
    a why-question's quote opens by pointing back for its reason ("Because of this,
    ItsDangerous also provides URL safe serializers"): the reason is in the sentence before
    ("...where you only have a limited set of characters available.").

    Examples
    --------
    >>> from nkqa.passage import Passage
    >>> p = Passage("p", "Few characters are allowed there. Because of this, it is URL safe.", ())
    >>> one = Window(p, 34, 67, 1.0, 0.5, False, 2.0)
    >>> two = Window(p, 0, 67, 0.8, 0.4, False, 1.6)
    >>> with_reason(one, [one, two], "Why is it URL safe?").text
    'Few characters are allowed there. Because of this, it is URL safe.'

    A why-question's quote that gives no reason takes in the next sentence when that one
    gives it pointing back ("This decision..., in order to...").

    >>> p = Passage("p", "Redirects are not followed. This change avoids surprises, so that no request is sent twice.", ())
    >>> with_reason(Window(p, 0, 27, 1.0, 0.5, False, 2.0), [], "Why are redirects not followed?").text
    'Redirects are not followed. This change avoids surprises, so that no request is sent twice.'
    """
    if not _WHY.search(question):
        return best
    if _BACK_REASON.search(best.text):
        # A window that opens earlier and reaches best's last character takes in all of best.
        return _opened_earlier(best, scored, best.end - 1)
    if _GIVES_REASON.search(best.text):
        return best
    # ...or the sentence after, perhaps past a paragraph break, gives it pointing back ("This
    # design decision prioritises..., in order to avoid...").
    text = best.passage.text
    following = next(((s, e) for s, e in split_sentences(text) if s >= best.end), None)
    if following is not None and following[0] - best.end <= 2 and _FORWARD_REASON.search(text[slice(*following)]):
        return dataclasses.replace(best, end=following[1])
    return best


def with_speaker(index: Evidence, best: Window, question: str, kind: AnswerType | None) -> Window:
    """``best``, or ``best`` opened earlier, at the nearest of the :data:`SPEAKER_REACH`
    sentences before it that names someone, when a who-question's ``best`` names nobody but
    says "he" or "she" (in it or in the sentence just before): news names a speaker once and
    then quotes them ("Dino Patti Djalal ... summed up this sentiment. 'Don't underestimate
    ...,' he said. 'Try to have a give-give-give approach...'"). The window before it may be
    in the previous paragraph. Its scores stay those of ``best``.
    """
    if kind is not AnswerType.NAME or best.typed or asks_where(question):
        return best
    text = best.passage.text
    sentences = sentence_spans(text, paragraph_breaks(index, best.passage))
    before = [(s, e) for s, e in sentences if e <= best.start][-SPEAKER_REACH:]
    scope = best.text + " " + (text[before[-1][0] : before[-1][1]] if before else "")
    if not _PERSONAL & {w.lower() for w in WORD.findall(scope)}:
        return best
    for start, end in reversed(before):
        if carries(kind, text[start:end], question):
            return dataclasses.replace(best, start=start, typed=True)
    return best


def with_literal(index: Evidence, best: Window, question: str, kind: AnswerType | None) -> Window:
    """``best`` through the paragraph after a colon that ends one of its paragraphs: the colon
    introduces what follows ("You can see a JSON list of plugins by running this:" and the
    command; a code block or table is packed with the paragraph that introduces it,
    :func:`nkqa.chunking.pack_paragraphs`), which is what the question asks for, and a window
    that takes in the first line of a list ("...two standard environment variables...: -
    FORCE_COLOR activates colors") takes in the rest. Its scores stay those of ``best``; it
    carries the answer type when ``best`` did (by itself or by its release heading) or the
    longer text does.
    """
    text = best.passage.text
    breaks = paragraph_breaks(index, best.passage, items=False)
    colon = next((b for b in breaks if best.start < b <= best.end and text[:b].endswith(":")), None)
    if colon is None:
        return best
    end = next((b for b in breaks if b > colon), len(text))
    if end <= best.end:
        return best
    typed = best.typed or kind is None or carries(kind, text[best.start : end], question)
    return dataclasses.replace(best, end=end, typed=typed)
