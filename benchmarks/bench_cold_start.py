"""Cold start of the CLI, against a bare ``import sentence_transformers``, in one run.

Every timed command is a new process, as a CLI user runs it:

``python_pass``   ``python -c pass`` (the interpreter alone; the floor)
``import_st``     ``python -c "import sentence_transformers"`` (the baseline)
``nkqa_help``     ``nkqa --help``
``nkqa_ask``      ``nkqa ask QUESTION`` with the bundled corpus's index already cached
                  and the model already exported (what every question after the first costs)

The cache lives in a folder of its own (``--cache-dir``, default a temporary one),
filled by one untimed ``nkqa ask`` first. The commands are interleaved, round by
round, so that the machine's load falls on all of them alike; the report gives
medians and the ratios the project tracks: ``nkqa_ask / import_st`` and
``nkqa_help - python_pass``.

Usage::

    python benchmarks/bench_cold_start.py --runs 7 --json benchmarks/cold_start.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "Who built the Angkor Panorama Museum?"


def commands() -> dict[str, list[str]]:
    script = shutil.which("nkqa", path=str(Path(sys.executable).parent))
    nkqa = [script] if script else [sys.executable, "-m", "nkqa"]
    return {
        "python_pass": [sys.executable, "-c", "pass"],
        "import_st": [sys.executable, "-c", "import sentence_transformers"],
        "nkqa_help": [*nkqa, "--help"],
        "nkqa_ask": [*nkqa, "ask", QUESTION],
    }


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(runs: int, cache_dir: Path) -> dict:
    env = dict(os.environ, NKQA_CACHE_DIR=str(cache_dir))
    argv = commands()
    warm = timed(argv["nkqa_ask"], env)  # builds the cached index and the ONNX export
    times: dict[str, list[float]] = {name: [] for name in argv}
    for _ in range(runs):
        for name, command in argv.items():
            times[name].append(timed(command, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "runs": runs,
        "first_ask_s": round(warm, 3),
        "median_s": {name: round(value, 3) for name, value in median.items()},
        "all_s": {name: [round(v, 3) for v in values] for name, values in times.items()},
        "ask_over_import_st": round(median["nkqa_ask"] / median["import_st"], 3),
        "help_minus_pass_s": round(median["nkqa_help"] - median["python_pass"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds of every command (median reported)")
    parser.add_argument("--cache-dir", type=Path, help="index and model cache (default: a fresh temporary one)")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="nkqa-cold-") as scratch:
        report = run(args.runs, args.cache_dir or Path(scratch))
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
