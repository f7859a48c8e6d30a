"""The same question over the same files gets the same answer in every process.

Python salts the hash of strings per process (``PYTHONHASHSEED``), so a set of terms is
iterated in another order in each; a float sum over it then differs in its last bits, and a
tie between two windows went either way from one run to the next. Sums over terms are
exactly rounded (``math.fsum``), whatever their order.
"""

import json
import subprocess
import sys

from conftest import CORPUS, REPO

_SCRIPT = """
import json, sys
from nkqa.index import Index
from nkqa.windows import candidates, question_terms
from nkqa.answer_type import answer_type
sys.path.insert(0, sys.argv[2])
from conftest import FakeEmbedder
index = Index.build(sys.argv[1], embedder=FakeEmbedder(), progress=False)
out = []
for question in ["Who built the Angkor Panorama Museum?", "How many North Korean workers are in Cambodia?"]:
    passages = index.search(question, k=10, mode="bm25")
    windows = candidates(index, question, answer_type(question), list(passages), None)
    out.append([question_terms(index, question)[1], *[(w.score, w.coverage) for w in windows]])
print(json.dumps([[repr(x) for x in row] for row in out]))
"""


def test_scores_are_the_same_whatever_the_hash_seed(tmp_path):
    runs = []
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(CORPUS), str(REPO / "tests")],
            capture_output=True, text=True, timeout=300,
            env={"PYTHONHASHSEED": seed, "NKQA_CACHE_DIR": str(tmp_path / seed), "PATH": "", "HOME": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1] == runs[2]
