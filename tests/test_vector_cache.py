"""Vectors kept in the user cache batch by batch: resumed builds, reuse, a size cap, bad files."""

import os
import signal
import subprocess
import sys

import numpy as np
import pytest

from nkqa import Index
from nkqa.vector_cache import VectorCache

from conftest import REPO, FakeEmbedder

PARAGRAPHS = 150  # five batches of 32


class CachedFake(FakeEmbedder):
    """The fake model, with an identity the cache can key its vectors by."""

    cache_key = "fake-bag-of-words/1"

    def __init__(self, fail_on_call: int | None = None) -> None:
        super().__init__()
        self.embedded = 0
        self.fail_on_call = fail_on_call

    def encode(self, texts):
        if self.calls + 1 == self.fail_on_call:
            raise KeyboardInterrupt  # Ctrl-C in the middle of embedding
        self.embedded += len(texts)
        return super().encode(texts)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NKQA_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def folder(make_corpus):
    words = ["harbour", "bridge", "council", "festival", "museum", "school", "market", "river"]
    sentence = "The {} number {} was built in {} by crew {}, and its records are kept in the archive. "
    text = "\n\n".join(  # paragraphs long enough to be passages of their own
        "".join(sentence.format(words[(n + i) % 8], n, 1800 + n + i, n * 7 + i) for i in range(8))
        for n in range(PARAGRAPHS)
    )
    return make_corpus({"town.txt": text + "\n"})


def test_a_second_build_of_the_same_texts_embeds_nothing(cache, folder, tmp_path):
    first = CachedFake()
    built = Index.build(folder, embedder=first, progress=False)
    assert first.embedded == len(built.passages) == PARAGRAPHS
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "town.txt").write_bytes((folder / "town.txt").read_bytes())
    second = CachedFake()
    again = Index.build(copy, embedder=second, progress=False)
    assert second.embedded == 0
    assert np.array_equal(again.vectors, built.vectors)


def test_an_interrupted_build_keeps_its_finished_batches(cache, folder):
    with pytest.raises(KeyboardInterrupt):
        Index.build(folder, embedder=CachedFake(fail_on_call=4), progress=False)
    resumed = CachedFake()
    index = Index.build(folder, embedder=resumed, progress=False)
    assert resumed.embedded == PARAGRAPHS - 3 * 32  # only what the three finished batches lacked
    whole = Index.build(folder, embedder=FakeEmbedder(), progress=False)
    assert np.allclose(index.vectors, whole.vectors)


def test_a_build_killed_mid_embedding_resumes_where_it_stopped(cache, folder):
    code = (
        "import sys, time; sys.path.insert(0, {tests!r})\n"
        "from test_vector_cache import CachedFake\n"
        "class Slow(CachedFake):\n"
        "    def encode(self, texts):\n"
        "        out = super().encode(texts)\n"
        "        if self.calls == 3:\n"
        "            print('three', flush=True)\n"
        "            time.sleep(60)\n"
        "        return out\n"
        "from nkqa import Index\n"
        "Index.build({folder!r}, embedder=Slow(), progress=False)\n"
    ).format(tests=str(REPO / "tests"), folder=str(folder))
    env = {**os.environ, "NKQA_CACHE_DIR": str(cache)}
    builder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    assert builder.stdout.readline().strip() == "three"
    os.kill(builder.pid, signal.SIGKILL)
    builder.wait(timeout=30)
    resumed = CachedFake()
    Index.build(folder, embedder=resumed, progress=False)
    # Batches one and two were kept; the third was computed but not yet handed over.
    assert resumed.embedded == PARAGRAPHS - 2 * 32


def test_unreadable_batches_are_removed_with_a_warning_that_names_no_unsafe_fix(cache, folder):
    Index.build(folder, embedder=CachedFake(), progress=False)
    batches = sorted(cache.glob("vectors/*/*.npy"))
    assert len(batches) == 5
    batches[0].write_bytes(batches[0].read_bytes()[:100])  # truncated
    batches[1].with_suffix(".json").write_text("[not json")
    np.save(batches[2], np.array([object()], dtype=object), allow_pickle=True)  # an object array
    again = CachedFake()
    with pytest.warns(RuntimeWarning, match="unreadable batch") as caught:
        Index.build(folder, embedder=again, progress=False)
    assert all("pickle" not in str(w.message) for w in caught)
    assert again.embedded == 3 * 32  # the three bad batches, computed again
    assert len(list(cache.glob("vectors/*/*.json"))) == 5  # and kept again


def test_batches_without_their_keys_are_never_read(cache):
    store = VectorCache(cache, "m")
    store.add(["a text", "another"], np.ones((2, 4), dtype=np.float32))
    next(cache.glob("vectors/*/*.json")).unlink()  # killed between the two renames
    assert store.lookup(["a text"]) == {}


def test_the_cache_keeps_under_its_cap_dropping_the_least_recently_used(cache, monkeypatch):
    store = VectorCache(cache, "m")
    vectors = np.ones((100, 384), dtype=np.float32)  # 150 KiB a batch
    monkeypatch.setenv("NKQA_VECTOR_CACHE_MB", "0.4")
    for n in range(4):
        store.add([f"text {n} {i}" for i in range(100)], vectors)
    kept = [n for n in range(4) if store.lookup([f"text {n} 0"])]
    assert kept == [2, 3]  # two batches fit; the oldest went first
    assert sum(p.stat().st_size for p in cache.glob("vectors/*/*")) <= 0.4 * 2**20


def test_a_cap_of_zero_turns_the_cache_off_and_other_models_do_not_share(cache, folder, monkeypatch):
    monkeypatch.setenv("NKQA_VECTOR_CACHE_MB", "0")
    Index.build(folder, embedder=CachedFake(), progress=False)
    assert not list(cache.glob("vectors/*/*"))
    monkeypatch.delenv("NKQA_VECTOR_CACHE_MB")
    Index.build(folder, embedder=CachedFake(), progress=False)

    class Other(CachedFake):
        cache_key = "another-model"

    other = Other()
    Index.build(folder, embedder=other, progress=False)
    assert other.embedded == PARAGRAPHS
    plain = FakeEmbedder()  # no cache_key: never cached
    Index.build(folder, embedder=plain, progress=False)
    assert plain.calls == 5


def test_a_batch_removed_meanwhile_is_passed_over_without_a_warning(cache):
    import warnings

    store = VectorCache(cache, "m")
    store.add(["a text", "another"], np.ones((2, 4), dtype=np.float32))
    next(cache.glob("vectors/*/*.npy")).unlink()  # another build trimmed it after listing
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert store.lookup(["a text"]) == {}
