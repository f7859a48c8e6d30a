"""Issue 18's attack matrix: nkqa never destroys a user's files, never reads outside an
index, and never calls tampered text verbatim."""

import hashlib
import json
import os
import shutil
import warnings

import numpy as np
import pytest

import nkqa.api
from nkqa import Index
from nkqa.cli import main
from nkqa.errors import IndexFormatError, OutputPathError
from nkqa.loading import MAX_PARAGRAPH_CHARS, Document, split_paragraphs
from nkqa.persistence import FORMAT_VERSION

from conftest import FakeEmbedder


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _refused(capsys, *args):
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nkqa: error:") and "Traceback" not in err
    return err


# -- the output of `nkqa index` ------------------------------------------------------


def test_index_out_refuses_a_folder_of_other_files(corpus_copy, tmp_path, capsys):
    out = tmp_path / "mydocs"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "sub" / "more.txt").write_text("also mine")
    before = _tree(out)
    assert "not an nkqa index" in _refused(capsys, "index", str(corpus_copy), "--out", str(out))
    assert _tree(out) == before


def test_index_out_refuses_a_regular_file(corpus_copy, tmp_path, capsys):
    out = tmp_path / "afile.txt"
    out.write_text("keep me")
    assert "not a folder" in _refused(capsys, "index", str(corpus_copy), "--out", str(out))
    assert out.read_text() == "keep me"


@pytest.mark.parametrize("where", ["corpus", "inside", "parent", "dot"])
def test_index_out_refuses_to_overlap_the_corpus(corpus_copy, tmp_path, capsys, monkeypatch, where):
    before = _tree(tmp_path)
    out = {"corpus": corpus_copy, "inside": corpus_copy / "idx", "parent": tmp_path, "dot": "."}[where]
    monkeypatch.chdir(tmp_path)
    assert "overlaps the corpus" in _refused(capsys, "index", str(corpus_copy), "--out", str(out))
    assert _tree(tmp_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_save_replaces_an_index_or_an_empty_folder_only(saved, tmp_path):
    index, folder = saved
    index.save(folder)  # an index may be replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    index.save(empty)
    assert Index.load(empty).passages == index.passages
    (folder / "extra.txt").write_text("a user's file")
    with pytest.raises(OutputPathError):
        index.save(folder)
    assert (folder / "extra.txt").read_text() == "a user's file"


# -- what a saved index may make nkqa read or say ----------------------------------------


def _edit_manifest(folder, change):
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _rehash(folder):
    _edit_manifest(folder, lambda m: m["sha256"].update(
        {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in m["sha256"]}
    ))


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/passwd", "a/../../x.txt", "C:/x.txt", ""])
def test_a_manifest_pointing_outside_its_corpus_is_refused(saved, path):
    _, folder = saved
    _edit_manifest(folder, lambda m: m["corpus"]["files"].update({path: "0" * 64}))
    with pytest.raises(IndexFormatError, match="not a path inside the corpus"):
        Index.load(folder)


@pytest.mark.parametrize("name", ["passages.jsonl", "tokens.jsonl", "stats.json", "vectors.npy"])
def test_an_edited_file_is_refused_on_load(saved, name):
    _, folder = saved
    data = bytearray((folder / name).read_bytes())
    data[-3] ^= 0x01  # one flipped bit
    (folder / name).write_bytes(bytes(data))
    with pytest.raises(IndexFormatError, match=f"{name} was changed"):
        Index.load(folder)


def test_edited_passage_text_is_never_shown_as_verbatim(saved):
    index, folder = saved
    rows = [json.loads(line) for line in (folder / "passages.jsonl").read_text().splitlines()]
    target = next(r for r in rows if "Visakha coach" in r["text"])
    target["text"] = target["text"].replace("Hok Sochivoan", "Someone Else")
    (folder / "passages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    _rehash(folder)  # a forger who also rewrites the manifest's hashes
    loaded = Index.load(folder, embedder=FakeEmbedder())
    hit = next(p for p in loaded.search("Who is the Visakha coach?", k=10, mode="bm25") if p.id == target["id"])
    assert not hit.citation.verbatim and not hit.citation.stale
    answer = loaded.ask("Who is the Visakha coach?", mode="bm25")
    if answer.answer_citation is not None and "Someone Else" in answer.answer:
        assert not answer.answer_citation.verbatim


@pytest.mark.parametrize(
    "vectors",
    [
        np.full((3, 4), np.nan, dtype=np.float32),
        np.ones((3, 4), dtype=np.int64),
        np.ones(12, dtype=np.float32),
    ],
)
def test_bad_vectors_are_refused(saved, vectors):
    _, folder = saved
    np.save(folder / "vectors.npy", vectors, allow_pickle=False)
    _rehash(folder)
    with pytest.raises(IndexFormatError):
        Index.load(folder)


@pytest.mark.parametrize(
    "damage",
    [
        lambda f: (f / "manifest.json").write_text("[]"),
        lambda f: (f / "manifest.json").write_text(json.dumps({"format_version": FORMAT_VERSION})),
        lambda f: _edit_manifest(f, lambda m: m.update(passages="many")),
        lambda f: ((f / "passages.jsonl").write_text("null\n"), _rehash(f)),
        lambda f: ((f / "passages.jsonl").write_text('{"id": 1}\n'), _rehash(f)),
        lambda f: ((f / "tokens.jsonl").write_text('{"a": 1}\n'), _rehash(f)),
        lambda f: ((f / "stats.json").write_text('[{"nope": 1}]'), _rehash(f)),
        lambda f: ((f / "vectors.npy").write_bytes(b""), _rehash(f)),
        lambda f: (f / "vectors.npy").write_bytes(b""),
        lambda f: ((f / "passages.jsonl").write_bytes((f / "passages.jsonl").read_bytes()[:100]), _rehash(f)),
        lambda f: ((f / "vectors.npy").write_bytes((f / "vectors.npy").read_bytes()[:200]), _rehash(f)),
        lambda f: (f / "tokens.jsonl").rename(f / "moved.jsonl"),
        lambda f: ((f / "stats.json").write_bytes((f / "tokens.jsonl").read_bytes()), _rehash(f)),
    ],
)
def test_every_malformed_index_gives_index_format_error(saved, damage):
    _, folder = saved
    damage(folder)
    with pytest.raises(IndexFormatError):
        Index.load(folder)


def test_a_zero_byte_vectors_file_is_one_line_and_exit_2(saved, capsys):
    _, folder = saved
    (folder / "vectors.npy").write_bytes(b"")
    _refused(capsys, "ask", "Who coaches Visakha?", "--index", str(folder), "--mode", "bm25")


# -- a killed save --------------------------------------------------------------------


def test_a_kill_between_the_two_renames_is_recovered_by_the_next_load(saved):
    index, folder = saved
    retired = folder.parent / ".index.old.x1"
    retired.mkdir()
    os.rename(folder, retired / "index")  # the first rename done, the second never
    (folder.parent / ".index.new.x2").mkdir()  # and a staging folder left behind
    assert Index.load(folder).passages == index.passages
    assert not retired.exists() and not (folder.parent / ".index.new.x2").exists()


def test_a_kill_while_staging_is_cleaned_by_the_next_load_or_save(saved):
    index, folder = saved
    for name in (".index.new.a", ".index.new.b"):
        (folder.parent / name).mkdir()
        (folder.parent / name / "passages.jsonl").write_text("half")
    Index.load(folder)
    assert not (folder.parent / ".index.new.a").exists()
    (folder.parent / ".index.new.c").mkdir()
    index.save(folder)
    assert not (folder.parent / ".index.new.c").exists()


# -- the cache ---------------------------------------------------------------------------


def _cache_entry(cache):
    return next(p for p in cache.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_a_malformed_cache_entry_is_rebuilt_with_one_warning(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(nkqa.api, "Index", _FakeModelIndex)
    cache = tmp_path / "cache"
    nkqa.api.load_index(corpus_copy, cache_dir=cache)
    (_cache_entry(cache) / "vectors.npy").write_bytes(b"")
    nkqa.api._cached_index.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        index = nkqa.api.load_index(corpus_copy, cache_dir=cache)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1 and "rebuilding" in messages[0] and "pickle" not in messages[0]
    assert index.passages and Index.load(_cache_entry(cache)).passages == index.passages


def test_two_folders_of_the_same_files_each_cite_their_own(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(nkqa.api, "Index", _FakeModelIndex)
    cache = tmp_path / "cache"
    twin = tmp_path / "twin"
    shutil.copytree(corpus_copy, twin)
    nkqa.api.load_index(corpus_copy, cache_dir=cache, embed=True)
    shutil.rmtree(corpus_copy)  # the first folder goes; the cache entry stays
    nkqa.api._cached_index.cache_clear()
    index = nkqa.api.load_index(twin, cache_dir=cache)
    hits = index.search("Who coaches Visakha?", k=3, mode="bm25")
    assert all(not c.stale for p in hits for c in p.citations)
    assert index.collection.root == twin.resolve()


def test_a_full_disk_answers_without_caching(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(nkqa.api, "Index", _FakeModelIndex)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", full)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        index = nkqa.api.load_index(corpus_copy, cache_dir=tmp_path / "cache")
    assert index.ask("Who coaches the Visakha soccer club?").passages
    assert any("without caching" in str(w.message) for w in caught)
    assert not [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]


class _FakeModelIndex(Index):
    """The cache's Index with the fake embedder, so no test here loads the model."""

    @classmethod
    def build(cls, *args, **kwargs):
        kwargs.setdefault("embedder", FakeEmbedder())
        return super().build(*args, **kwargs)

    @classmethod
    def load(cls, *args, **kwargs):
        kwargs.setdefault("embedder", FakeEmbedder())
        return super().load(*args, **kwargs)


# -- names, questions and lines nkqa cannot take as they are ---------------------------


def test_a_file_name_that_is_not_utf8_is_skipped_and_hybrid_works(corpus_copy, tmp_path):
    with open(os.path.join(os.fsencode(corpus_copy), b"weird\xff\xfe.txt"), "wb") as handle:
        handle.write(b"The weird file says the museum opened in Siem Reap.\n")
    with pytest.warns(UserWarning, match=r"weird\\xff\\xfe.txt: its name is not UTF-8"):
        index = Index.build(corpus_copy, embedder=FakeEmbedder(), progress=False)
    assert index.search("museum", mode="hybrid")
    index.save(tmp_path / "index")


def test_a_question_with_undecodable_bytes_is_answered(saved):
    index, _ = saved
    answer = index.ask("Who coaches the Visakha club\udcff?", mode="dense")
    assert answer.passages and "\ufffd" in answer.question


def test_one_huge_line_is_read_in_bounded_paragraphs():
    text = " ".join(f"Sentence {i} tells of the museum." for i in range(12_000))
    paragraphs, _ = split_paragraphs(Document("huge.txt", text, "", None))
    assert len(paragraphs) > 1
    for paragraph in paragraphs:
        start, end = paragraph.raw_span(0, len(paragraph.text))
        assert end - start <= MAX_PARAGRAPH_CHARS
    assert " ".join(p.text for p in paragraphs) == text


def test_an_object_array_is_refused_without_suggesting_pickles(saved):
    _, folder = saved
    np.save(folder / "vectors.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    _rehash(folder)
    with pytest.raises(IndexFormatError) as caught:
        Index.load(folder)
    assert "pickle" not in str(caught.value)
