"""A window that only echoes the question.

A wh-question ("How is the name Debian pronounced?") asks for something it does not say
itself. A window every term of which (BM25's terms: stems, no stop words) the question
says already gives nothing beyond it: a heading ("Pronouncing Debian"), a table of
contents' line, a caption, a title ("CD-HIT" for "What is CD-HIT used for?"). Such a window
covers the question well and sits close to it in the model's space, so it outranks the
sentence that answers. :func:`echoes` tests a window for it; :mod:`nkqa.answer` quotes such
a window only when nothing else is left, and then refuses it.

A yes/no question is left alone: "Does X support Y?" is answered by "X supports Y.";
and so is a window that carries the answer type the question asks for by the heading it
stands under: "* Support for the Frobnian locale." is quoted with its release's heading,
"0.24.0 (6th April, 2023) Added", for when that support was added (:mod:`nkqa.headings`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from nkqa.answer_type import AnswerType

__all__ = ["echoes"]

_ASKS_FOR = re.compile(
    r"^\W*(?:[^\W\d_]+\s+){0,2}(?:what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE
)
"""A wh-word among a question's first three words ("In which city...", "For how long...")."""


class _Text(Protocol):
    text: str
    typed: bool


def echoes(
    question: str, kind: AnswerType | None, stem: Callable[[str], list[str]]
) -> Callable[[_Text], bool] | None:
    """A test of whether a window says nothing but terms of ``question`` (the module
    docstring); None for a question that asks for no answer beyond yes or no. For a question
    of answer type ``kind``, a window that carries it (``typed``: by itself or by its heading,
    which its words alone do not show) is none; :func:`nkqa.windows.candidates` sets
    ``typed`` for every window of a question that asks for no type.

    Examples
    --------
    >>> stem = lambda text: [w.lower().rstrip("ds") for w in re.findall(r"\\w+", text) if w.lower() not in {"how", "is", "the"}]
    >>> class W:
    ...     def __init__(self, text, typed=False): self.text, self.typed = text, typed
    >>> test = echoes("How is the name Debian pronounced?", None, stem)
    >>> test(W("Pronounced Debian")), test(W("Debian is pronounced 'deb ee n'."))
    (True, False)
    >>> echoes("When was Debian pronounced?", AnswerType.DATE, stem)(W("Pronounced Debian", typed=True))
    False
    >>> echoes("Is Debian pronounced 'deb ee n'?", None, stem) is None
    True
    """
    if not _ASKS_FOR.match(question):
        return None
    asked = frozenset(stem(question))
    typed = kind is not None
    return lambda window: not (typed and window.typed) and asked.issuperset(stem(window.text))
