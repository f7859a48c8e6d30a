"""Fit the coefficients of :mod:`nkqa.confidence` and print its reliability table.

For every question of the fitting sets (dev, check, tune, para, hold, blind, blind2, blind3,
blind5, variants; never the fresh, blind4 or blind6 to blind18 sets, which are only
reported) and every mode, the signals nkqa computes for its best window are recorded,
labelled by whether that window contains a gold answer from a gold source file, and an
L2-regularised logistic regression
(scikit-learn, ``C=1``) is fit on them: one model for the modes with vectors (dense, hybrid),
one for ``bm25``.

The reliability table then gives, for the answers nkqa *gave* in hybrid mode on
each set, how many were right in each confidence band.

Usage (``pip install -e ".[bench]"``)::

    python benchmarks/fit_confidence.py --json benchmarks/confidence.json

The script reads the signals through the two functions
:mod:`nkqa.answer` calls with them (`confidence` and `refusal`); nkqa itself never needs this.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

import nkqa.answer as answer_module
from nkqa.confidence import COEFFICIENTS, Signals
from nkqa.evaluation import load_questions
from nkqa.index import Index

ROOT = Path(__file__).resolve().parent.parent
FIT_SETS = ("dev", "check", "tune", "para", "hold", "blind", "blind2", "blind3", "blind5", "variants")
REPORT_SETS = (
    *FIT_SETS, "blind4", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14",
    "blind15", "blind16", "blind17", "blind18", "fresh",
)
BANDS = (0.0, 0.5, 0.7, 0.85, 1.0001)
FEATURES = ("evidence", "attribute_gap", "name_gap", "type_missing", "swapped")


def collect(index: Index, name: str, mode: str) -> list[dict]:
    seen: dict = {}
    real_confidence, real_refusal = answer_module.confidence, answer_module.refusal

    def spy_confidence(signals: Signals, *, vectors: bool) -> float:
        seen["signals"] = signals
        return real_confidence(signals, vectors=vectors)

    def spy_refusal(best, *args):  # noqa: ANN001, ANN202 - internal signature
        seen["window"] = best.text
        return real_refusal(best, *args)

    answer_module.confidence, answer_module.refusal = spy_confidence, spy_refusal
    rows = []
    try:
        for question in load_questions(ROOT / "eval" / f"{name}_questions.jsonl"):
            seen.clear()
            answer = index.ask(question.question, mode=mode)
            window = seen.get("window", "").lower()
            right = question.answerable and any(a.lower() in window for a in question.answers)
            rows.append({
                "set": name,
                "mode": mode,
                "id": question.id,
                "answerable": question.answerable,
                "right": bool(right),
                "given": answer.supported,
                "confidence": answer.confidence,
                **{f: float(getattr(seen["signals"], f)) for f in FEATURES},
            })
    finally:
        answer_module.confidence, answer_module.refusal = real_confidence, real_refusal
    return rows


def fit(rows: list[dict]) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[f] for f in FEATURES] for r in rows])
    y = np.array([r["right"] for r in rows])
    model = LogisticRegression(C=1.0).fit(x, y)
    return {"intercept": round(float(model.intercept_[0]), 2), **{
        f: round(float(c), 2) for f, c in zip(FEATURES, model.coef_[0])
    }}


def reliability(rows: list[dict]) -> list[dict]:
    given = [r for r in rows if r["given"]]
    table = []
    for low, high in zip(BANDS, BANDS[1:]):
        band = [r for r in given if low <= r["confidence"] < high]
        table.append({
            "band": f"{low:.2f}-{min(high, 1.0):.2f}",
            "answers": len(band),
            "right": sum(r["right"] for r in band),
            "mean_confidence": round(float(np.mean([r["confidence"] for r in band])), 3) if band else None,
        })
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write coefficients and tables here")
    args = parser.parse_args()
    index = Index.build(ROOT / "corpus", progress=False)
    fitted = {}
    for kind, modes in (("vectors", ("hybrid", "dense")), ("bm25", ("bm25",))):
        rows = [r for name in FIT_SETS for mode in modes for r in collect(index, name, mode)]
        fitted[kind] = fit(rows)
    report = {"fitted": fitted, "in_use": {k: dict(v) for k, v in COEFFICIENTS.items()}, "reliability": {}}
    for name in REPORT_SETS:
        report["reliability"][name] = reliability(collect(index, name, "hybrid"))
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
