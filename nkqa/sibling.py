"""Is the quoted fact said of a sibling of the question's subject?

"Which rasterizer does the *SVG* renderer use?" against "The *bitmap* renderer uses Raph
Levien's libart rasterizer": the window says the question's verb of a thing of the same kind
(the same head noun, "renderer") that another word tells apart. "Which algorithm does the
*Table* class use?" against "The *longTable* class uses a greedy algorithm" likewise. Every
content word of the question may be in the window ("The SVG renderer makes use of..." in the
next sentence), so the name and attribute tests pass; what differs is whose verb it is.

:func:`sibling_subject` reads the question's subject between "does"/"do"/"did" and its verb,
and each place the window says that verb (in any form, by LemmInflect's lemmas) right after
the subject's head noun. The words before that head, back to an article, a function word or
the sentence's start, are the window's modifiers; when the question's subject has modifiers
too and no place in the window shares one of them, the window's subject is a sibling.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nkqa.attribute import FUNCTION_WORDS, first_stems
from nkqa.lexicon import verb_lemma, word_classes
from nkqa.naming import TOKEN

__all__ = ["sibling_subject", "MODIFIER_REACH"]

MODIFIER_REACH = 2
"""How many words before a head noun may modify it ("the *Python Imaging* library")."""

_ASKS = re.compile(r"^\s*(?:which|what)\b[^?]*?\b(?:does|do|did)\s+(?P<rest>[^?]+)", re.IGNORECASE)
_DETERMINERS = frozenset("the a an its their his her this that these those".split())


def sibling_subject(question: str, window: str, *, stem: Callable[[str], list[str]]) -> tuple[str, str] | None:
    """(the question's subject, the window's) when ``window`` says the question's verb of a
    sibling of its subject (module docstring); None otherwise.

    Examples
    --------
    >>> stem = lambda text: [w.lower().rstrip("s") for w in re.findall(r"[\\w.-]+", text)]
    >>> sibling_subject("Which rasterizer does the SVG renderer use?",
    ...                 "The bitmap renderer uses the libart rasterizer.", stem=stem)
    ('SVG renderer', 'bitmap renderer')
    >>> sibling_subject("Which rasterizer does the SVG renderer use?",
    ...                 "The SVG renderer uses no rasterizer; the bitmap renderer uses libart.", stem=stem) is None
    True
    >>> sibling_subject("Which rasterizer does the SVG renderer use?",
    ...                 "For SVG, the renderer uses libart.", stem=stem) is None
    True
    >>> sibling_subject("What algorithm does LongTable use to calculate widths?",
    ...                 "The Table class uses a greedy algorithm when calculating widths.", stem=stem) is None
    True
    >>> sibling_subject("Which rasterizer does the renderer use?",
    ...                 "The bitmap renderer uses the libart rasterizer.", stem=stem) is None
    True
    """
    asked = _ASKS.match(question)
    if asked is None:
        return None
    rest = TOKEN.findall(asked.group("rest"))
    if rest and rest[0].lower() in _DETERMINERS:
        rest = rest[1:]
    tokens = list(TOKEN.finditer(window))
    words = [t.group() for t in tokens]
    # Whether a sentence or clause ends between a word and the one after it.
    ends = [bool(re.search(r"[.!?:;,()]", window[a.end() : b.start()])) for a, b in zip(tokens, tokens[1:])]
    stems = first_stems([w.lower() for w in words], stem)
    rest_stems = first_stems([w.lower() for w in rest], stem)
    for at in range(1, min(len(rest), MODIFIER_REACH + 2)):
        verb = rest[at]
        lemma, head = verb_lemma(verb.lower()), rest_stems[at - 1]
        # The subject is a run of content words: past a function word, there is none.
        if not head:
            return None
        # A verb the lexicon knows: "renderer" in "the SVG renderer use" is the head's.
        if not verb[:1].islower() or verb.lower() in FUNCTION_WORDS or "VERB" not in word_classes(verb.lower()):
            continue
        # The verb's form is read only right after the head (LemmInflect is the costly part).
        said = [
            k for k in range(1, len(words))
            if stems[k - 1] == head and words[k][:1].islower() and verb_lemma(words[k].lower()) == lemma
        ]
        if not said:
            continue
        # Every term of a modifier: "packaging.specifiers.SpecifierSet.to_range" says "to_range".
        modifiers = {t for w in rest[: at - 1] for t in stem(w)}
        if not modifiers:
            continue
        others = [_modifiers(words, stems, ends, k - 1) for k in said]
        if any(not found or found & modifiers for found in ({t for i in o for t in stem(words[i])} for o in others)):
            return None
        first = others[0]
        return " ".join(rest[:at]), " ".join([*(words[i] for i in first), words[said[0] - 1]])
    return None


def _modifiers(words: list[str], stems: list[str], ends: list[bool], head: int) -> list[int]:
    """Indexes of the words that modify ``words[head]``: up to :data:`MODIFIER_REACH` before
    it, back to a function word (an article) or the end of a sentence or clause."""
    out: list[int] = []
    i = head - 1
    while i >= 0 and len(out) < MODIFIER_REACH and stems[i] and words[i].lower() not in FUNCTION_WORDS and not ends[i]:
        out.insert(0, i)
        i -= 1
    return out
