"""Issue 17's attack matrix, first part: hostile folders and closed pipes.

Each case ends in a right answer or a typed error, never a hang or a traceback.
"""

import json
import os
import socket
import subprocess
import sys

import pytest

from nkqa import Index, Settings, SkippedFileWarning
from nkqa.cli import BROKEN_PIPE_STATUS

from conftest import CORPUS, FakeEmbedder


@pytest.fixture
def hostile(tmp_path):
    """Two good files and one of everything nkqa must not read."""
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    for path in sorted(CORPUS.glob("00[01]*.txt")):
        (root / path.name).write_bytes(path.read_bytes())
    os.mkfifo(root / "pipe.txt")
    (root / "loop1.txt").symlink_to("loop2.txt")
    (root / "loop2.txt").symlink_to("loop1.txt")
    (root / "broken.txt").symlink_to("nowhere.txt")
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "secret.txt").write_text("Plugh xyzzy lies outside the folder.")
    (root / "outdir").symlink_to(tmp_path)
    (root / "empty.txt").write_text("  \n")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]")
    (root / ".hidden.txt").write_text("Hidden words here.")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.txt"))
    yield root
    server.close()


EXPECTED = {
    ".git/": "a hidden folder (not read)",
    ".hidden.txt": "a hidden file",
    "broken.txt": "unreadable: No such file or directory",
    "empty.txt": "empty",
    "image.png": "unsupported type (.png)",
    "loop1.txt": "a symlink loop",
    "loop2.txt": "a symlink loop",
    "out.txt": "a link out of the corpus folder",
    "outdir/": "a link to a folder (not followed)",
    "pipe.txt": "a named pipe, not a regular file",
    "sock.txt": "a socket, not a regular file",
}


def _run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "nkqa", *args], capture_output=True, text=True, timeout=timeout)


def test_stats_json_lists_every_skipped_file_with_its_reason(hostile):
    result = _run("stats", "--corpus", str(hostile), "--json", timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {s["source"]: s["reason"] for s in report["skipped"]} == EXPECTED
    assert {f["source"] for f in report["files"]} == {p.name for p in CORPUS.glob("00[01]*.txt")}
    warnings = [line for line in result.stderr.splitlines() if line.startswith("nkqa: warning:")]
    assert len(warnings) == 1 and f"skipped {len(EXPECTED)} files" in warnings[0]


def test_ask_and_build_finish_on_a_hostile_folder(hostile, tmp_path):
    result = _run("ask", "Who built the Angkor Panorama Museum?", "--corpus", str(hostile), "--mode", "bm25")
    assert result.returncode == 0 and "Mansudae" in result.stdout
    with pytest.warns(SkippedFileWarning, match="skipped 11 files"):
        index = Index.build(hostile, embedder=FakeEmbedder(), progress=False)
    assert {s.source for s in index.collection.skipped} == set(EXPECTED)
    assert not any("xyzzy" in p.text for p in index.passages)


def test_a_file_over_the_size_limit_is_skipped_and_said(make_corpus):
    root = make_corpus({"small.txt": "A small file says enough.", "big.txt": "Many words. " * 200})
    with pytest.warns(UserWarning, match=r"big\.txt: larger than the 0\.001 MiB limit"):
        index = Index.build(root, settings=Settings(max_file_mb=0.001), embedder=FakeEmbedder(), progress=False)
    assert [d.source for d in index.collection.documents] == ["small.txt"]


@pytest.mark.parametrize("bad", [0, -1, "10", True, float("nan")])
def test_the_size_limit_is_checked(bad):
    with pytest.raises(ValueError, match="max_file_mb"):
        Settings(max_file_mb=bad)


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "Who built the museum?", "--json", "-k", "50", "--mode", "bm25"],
        ["ask", "Who built the museum?", "-k", "50", "--mode", "bm25"],
        ["stats", "--json"],
        ["stats"],
        ["eval", "eval/dev_questions.jsonl", "--mode", "bm25", "--json"],
        ["--help"],
    ],
)
def test_a_closed_stdout_ends_quietly(args):
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first byte
    process = subprocess.Popen(
        [sys.executable, "-m", "nkqa", *args],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        cwd=CORPUS.parent,
    )
    os.close(write)
    err = process.stderr.read()
    process.wait(timeout=300)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert process.returncode in (0, BROKEN_PIPE_STATUS)
