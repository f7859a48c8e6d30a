import json
import warnings

import numpy as np
import pytest

import nkqa.api
import nkqa.index
from nkqa import Index, Settings
from nkqa.errors import IndexFormatError, IndexWriteError
from nkqa.persistence import FORMAT_VERSION

from conftest import FakeEmbedder

QUESTIONS = ["Who coaches the Visakha soccer club?", "What was the total bilateral trade in 2016?"]


def _results(index):
    return [[(p.id, p.scores) for p in index.search(q, k=5, mode=m)] for q in QUESTIONS for m in ("bm25", "dense", "hybrid")]


def test_round_trip_gives_identical_results_without_re_embedding(saved):
    index, folder = saved
    embedder = FakeEmbedder()
    loaded = Index.load(folder, embedder=embedder)
    assert loaded.passages == index.passages
    assert _results(loaded) == _results(index)
    assert embedder.calls == 4  # one query vector per dense or hybrid search, no passage
    assert loaded.ask(QUESTIONS[0]).to_dict() == index.ask(QUESTIONS[0]).to_dict()


def test_saved_folder_is_readable_files_and_no_pickle(saved):
    _, folder = saved
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION and manifest["dimension"] == FakeEmbedder.dimension
    assert manifest["corpus"]["files"]["000_77a9533f9ec5c58b.txt"]
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "passages.jsonl", "stats.json", "tokens.jsonl", "vectors.npy"]
    assert np.load(folder / "vectors.npy", allow_pickle=False).dtype == np.float32


@pytest.mark.parametrize("damage", ["truncate_vectors", "garbage_manifest", "drop_passage", "missing_tokens", "future_format"])
def test_damaged_index_gives_a_clear_error(saved, damage):
    _, folder = saved
    if damage == "truncate_vectors":
        data = (folder / "vectors.npy").read_bytes()
        (folder / "vectors.npy").write_bytes(data[: len(data) // 2])
    elif damage == "garbage_manifest":
        (folder / "manifest.json").write_text("{not json")
    elif damage == "drop_passage":
        lines = (folder / "passages.jsonl").read_text().splitlines()
        (folder / "passages.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    elif damage == "missing_tokens":
        (folder / "tokens.jsonl").unlink()
    else:
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["format_version"] = FORMAT_VERSION + 1
        (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="rebuild|missing"):
        Index.load(folder)


def test_other_settings_are_refused(saved):
    _, folder = saved
    with pytest.raises(IndexFormatError, match="other settings"):
        Index.load(folder, settings=Settings(max_chars=300))


def test_changed_file_marks_its_citations_stale(saved, corpus_copy):
    _, folder = saved
    path = corpus_copy / "000_77a9533f9ec5c58b.txt"
    path.write_text("Edited.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = Index.load(folder, embedder=FakeEmbedder())
    stale = {c.source for p in loaded.passages for c in p.citations if c.stale}
    assert stale == {"000_77a9533f9ec5c58b.txt"}
    answer = loaded.ask(QUESTIONS[0], mode="bm25")
    assert answer.passages[0].citation.stale and "STALE" in str(answer)
    assert answer.answer_citation is None or answer.answer_citation.stale


def test_a_failed_save_leaves_the_previous_index_whole(saved, monkeypatch, tmp_path):
    index, folder = saved
    before = (folder / "passages.jsonl").read_text()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "save", boom)
    with pytest.raises(IndexWriteError, match="disk full"):
        index.save(folder)
    assert (folder / "passages.jsonl").read_text() == before
    # Only the writers' lock stays beside the index: no staging or retired folder.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".index")] in ([], [".index.lock"])
    Index.load(folder)


@pytest.fixture
def built(monkeypatch):
    """Every embedder the default path (``query_embedder``) makes, a fake one counting its calls."""
    made = []

    class CountingEmbedder(FakeEmbedder):
        def __init__(self, model=None):
            super().__init__()
            made.append(self)

    monkeypatch.setattr(nkqa.index, "query_embedder", CountingEmbedder)
    return made


def test_cache_builds_once_then_loads_without_embedding(corpus_copy, tmp_path, built):
    nkqa.api._cached_index.cache_clear()
    first = nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    passage_calls = sum(e.calls for e in built)
    assert passage_calls > 0
    nkqa.api._cached_index.cache_clear()
    second = nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    assert sum(e.calls for e in built) == passage_calls  # loaded, not re-embedded
    assert second.passages == first.passages
    # A corrupted entry is detected, rebuilt with a warning, and works again.
    (entry,) = [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    (entry / "vectors.npy").write_bytes(b"broken")
    nkqa.api._cached_index.cache_clear()
    with pytest.warns(RuntimeWarning, match="rebuilding the cached index"):
        third = nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    assert third.passages == first.passages
    nkqa.api._cached_index.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    nkqa.api._cached_index.cache_clear()


def test_a_bm25_only_entry_is_cached_and_completed_by_the_first_dense_question(corpus_copy, tmp_path, built, monkeypatch):
    cache = tmp_path / "cache"
    nkqa.api._cached_index.cache_clear()
    first = nkqa.api.load_index(corpus_copy, cache_dir=cache, embed=False, progress=False)
    assert not first.embedded and not built  # the model never loaded
    (entry,) = [p for p in cache.iterdir() if p.is_dir()]
    assert json.loads((entry / "manifest.json").read_text())["dimension"] == 0
    nkqa.api._cached_index.cache_clear()
    with monkeypatch.context() as patched:
        patched.setattr(nkqa.index.Index, "build", None)  # a second bm25 question must not rebuild
        second = nkqa.api.load_index(corpus_copy, cache_dir=cache, embed=False, progress=False)
    assert second.passages == first.passages and not built
    assert second.search("Who coaches the Visakha soccer club?", 3, "bm25")
    nkqa.api._cached_index.cache_clear()
    full = nkqa.api.load_index(corpus_copy, cache_dir=cache, progress=False)  # a dense question's index
    assert full.embedded and sum(e.calls for e in built) > 0
    assert json.loads((entry / "manifest.json").read_text())["dimension"] == FakeEmbedder.dimension
    # A BM25-only index saved by hand computes its vectors on its first dense search.
    index = Index.build(corpus_copy, embedder=FakeEmbedder(), embed=False, progress=False)
    index.save(tmp_path / "bm25", vectors=False)
    loaded = Index.load(tmp_path / "bm25", embedder=FakeEmbedder())
    assert not loaded.embedded
    assert loaded.search("Who coaches the Visakha soccer club?", 3, "dense") and loaded.embedded


def test_changed_corpus_re_embeds_only_new_passages(corpus_copy, tmp_path, monkeypatch):
    encoded = []

    class RecordingEmbedder(FakeEmbedder):
        def __init__(self, model=None):
            super().__init__()

        def encode(self, texts):
            encoded.extend(texts)
            return super().encode(texts)

    monkeypatch.setattr(nkqa.index, "query_embedder", RecordingEmbedder)
    nkqa.api._cached_index.cache_clear()
    first = nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    assert len(encoded) == len(first.passages)
    encoded.clear()
    (corpus_copy / "new.txt").write_text("A brand new paragraph about Laos and its trade with Pyongyang.\n")
    nkqa.api._cached_index.cache_clear()
    second = nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    assert encoded == ["A brand new paragraph about Laos and its trade with Pyongyang."]
    assert len(second.passages) == len(first.passages) + 1
    reference = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False)
    assert np.allclose(second.vectors, reference.vectors)
    nkqa.api._cached_index.cache_clear()


def test_a_file_changed_after_loading_is_flagged_at_answer_time(saved, corpus_copy):
    _, folder = saved
    loaded = Index.load(folder, embedder=FakeEmbedder())
    before = loaded.search(QUESTIONS[0], k=1, mode="bm25")[0]
    assert before.citation.source == "000_77a9533f9ec5c58b.txt" and not before.citation.stale
    path = corpus_copy / "000_77a9533f9ec5c58b.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Visakha", "Visaka"), encoding="utf-8")
    after = loaded.ask(QUESTIONS[0], k=1, mode="bm25")
    assert after.passages[0].citation.stale
    assert after.answer_citation is None or after.answer_citation.stale


def test_a_freshly_built_index_checks_its_files_too(corpus_copy):
    index = Index.build(corpus_copy, embedder=FakeEmbedder(), embed=False, progress=False)
    (corpus_copy / "000_77a9533f9ec5c58b.txt").write_text("Replaced entirely.\n")
    top = index.search(QUESTIONS[0], k=1, mode="bm25")[0]
    assert top.citation.stale


def test_searching_a_loaded_index_does_not_hash_its_files_again(saved, corpus_copy, monkeypatch):
    from pathlib import Path

    _, folder = saved
    loaded = Index.load(folder, embedder=FakeEmbedder())
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    loaded.ask(QUESTIONS[0], mode="bm25")
    assert reads == []  # the hashes taken while loading still hold
    path = corpus_copy / "000_77a9533f9ec5c58b.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    assert loaded.search(QUESTIONS[0], k=1, mode="bm25")[0].citation.stale
    assert reads == ["000_77a9533f9ec5c58b.txt"]


def test_skipped_files_are_saved_and_reported_once_from_a_cached_index(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(nkqa.index, "query_embedder", lambda model=None: FakeEmbedder())
    (corpus_copy / "bad.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.warns(UserWarning, match="bad.txt: not UTF-8"):
        index = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False)
    index.save(tmp_path / "index")
    assert Index.load(tmp_path / "index").collection.skipped == index.collection.skipped
    for _ in range(2):  # built, then read from the cache: one warning each time
        nkqa.api._cached_index.cache_clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache", embed=False, progress=False)
        assert [str(w.message).count("bad.txt") for w in caught if "skipped" in str(w.message)] == [1]
    nkqa.api._cached_index.cache_clear()
