"""How likely a quoted answer is right: a logistic model over the answer's checks.

Each answer is judged by the signals :mod:`nkqa.answer` already computes for its
best window (:class:`Signals`). Their logistic combination::

    confidence = 1 / (1 + exp(-(b + w_e * evidence + w_a * attribute_gap + w_n * name_gap
                                + w_t * type_missing + w_s * swapped)))

is the probability that the window holds the answer. The coefficients
(:data:`COEFFICIENTS`, one set for modes with vectors and one for ``bm25``, whose
evidence is coverage alone) were fit by L2-regularised logistic regression
(scikit-learn, ``C=1``) on the dev, check, tune, para, hold, blind, blind2, blind3, blind5
and variants question sets, labelled by whether the best window contains a gold answer:
``benchmarks/fit_confidence.py``
refits them and the README shows how well they are calibrated ("Confidence").

Confidence explains, it does not decide: whether nkqa answers is the rules of
:mod:`nkqa.answer`, each of which can be named in the answer's reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Signals", "confidence", "COEFFICIENTS"]


@dataclass(frozen=True)
class Signals:
    """What the answering checks found about the best window."""

    evidence: float
    """``coverage + soft + W_SIMILARITY * similarity`` (coverage alone in ``bm25`` mode), see :mod:`nkqa.answer`."""
    attribute_gap: float
    """Share of the question's attribute the window leaves unsaid (:mod:`nkqa.attribute`)."""
    name_gap: float
    """Share of the question's weight in names the passage's surroundings never mention."""
    type_missing: bool
    """The question asks for a number, date or name and the window gives none (for a
    how-many question, or only counts of something else: :func:`nkqa.attribute.count_binding`;
    for a who-is question, no name beside the role: :mod:`nkqa.naming`)."""
    swapped: bool
    """A name plays the other role in the window (:func:`nkqa.direction.direction_swap`),
    or the window has another name or year where the question has one (:mod:`nkqa.conflict`)."""


COEFFICIENTS: Mapping[str, Mapping[str, float]] = {
    "vectors": {
        "intercept": -1.16,
        "evidence": 1.35,
        "attribute_gap": -2.63,
        "name_gap": -1.84,
        "type_missing": -4.3,
        "swapped": -3.96,
    },
    "bm25": {
        "intercept": -1.63,
        "evidence": 3.47,
        "attribute_gap": 0.0,
        "name_gap": -0.71,
        "type_missing": -3.19,
        "swapped": -2.57,
    },
}
"""Logistic coefficients by kind of evidence, from ``benchmarks/fit_confidence.py``."""


def confidence(signals: Signals, *, vectors: bool) -> float:
    """Probability in [0, 1] that the window answers the question (see module doc).

    ``vectors`` says whether the evidence includes a cosine (``dense``/``hybrid``).
    """
    c = COEFFICIENTS["vectors" if vectors else "bm25"]
    z = (
        c["intercept"]
        + c["evidence"] * signals.evidence
        + c["attribute_gap"] * signals.attribute_gap
        + c["name_gap"] * signals.name_gap
        + c["type_missing"] * float(signals.type_missing)
        + c["swapped"] * float(signals.swapped)
    )
    return 1.0 / (1.0 + math.exp(-z))
