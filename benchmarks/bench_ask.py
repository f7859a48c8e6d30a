"""``Index.ask`` latency now against a baseline commit, measured side by side in one run.

Each side runs in its own Python process with its own source tree on ``sys.path``
(the baseline is extracted with ``git archive``), builds the bundled corpus with the
real model, and asks every dev question twice: ``fresh`` (sentence windows encoded
for the first time) and ``warm`` (the same questions again, vectors remembered). The
two processes run one after the other on the same machine, so the ratio is what to
read, not the absolute times. A shared machine's load moves one run's p50 by a fifth or
more, so the pair is run ``--rounds`` times (5 by default), which side goes first
alternating, and each ratio is reported as the median of the rounds' ratios with their
range.

The default baseline, ``17058c5``, is the last commit before the second answering
stage (answer types, attribute coverage, direction, confidence): issue 13 allows at
most twice its latency.

Usage::

    python benchmarks/bench_ask.py --json benchmarks/ask_latency.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "17058c5"

_PROBE = r"""
import json, sys, time
import numpy as np
from nkqa.evaluation import load_questions
from nkqa.index import Index
index = Index.build(sys.argv[1], progress=False)
questions = [q.question for q in load_questions(sys.argv[2])]
index.ask(questions[0])  # load the model and the query encoder before timing
out = {}
for label in ("fresh", "warm"):
    times = []
    for question in questions:
        start = time.perf_counter()
        index.ask(question)
        times.append(time.perf_counter() - start)
    out[label] = {
        "mean_ms": 1000 * float(np.mean(times)),
        "p50_ms": 1000 * float(np.percentile(times, 50)),
        "p95_ms": 1000 * float(np.percentile(times, 95)),
    }
print(json.dumps(out))
"""


def run(tree: Path) -> dict:
    """Time ``ask`` with the nkqa package found in ``tree``."""
    env_path = str(tree)
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r})\n" + _PROBE,
         str(ROOT / "corpus"), str(ROOT / "eval" / "dev_questions.jsonl")],
        capture_output=True, text=True, check=True, cwd=tree,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help=f"git ref to compare with (default {BASELINE})")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--rounds", type=int, default=5, help="baseline/current pairs to run (default 5)")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    keys = [(k, stat) for k in ("fresh", "warm") for stat in ("mean", "p50", "p95")]
    rounds = []
    with tempfile.TemporaryDirectory(prefix="nkqa-baseline-") as folder:
        archive = subprocess.run(["git", "archive", args.baseline, "nkqa"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        for i in range(args.rounds):
            if i % 2 == 0:
                baseline = run(Path(folder))
                current = run(ROOT)
            else:
                current = run(ROOT)
                baseline = run(Path(folder))
            rounds.append({"baseline": baseline, "current": current})
    ratios = {
        f"{k}_{stat}": [r["current"][k][f"{stat}_ms"] / r["baseline"][k][f"{stat}_ms"] for r in rounds]
        for k, stat in keys
    }
    report = {
        "baseline": args.baseline,
        "rounds": rounds,
        "ratio": {name: round(float(np.median(values)), 2) for name, values in ratios.items()},
        "ratio_range": {name: [round(min(values), 2), round(max(values), 2)] for name, values in ratios.items()},
    }
    print(json.dumps({k: report[k] for k in ("baseline", "ratio", "ratio_range")}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
