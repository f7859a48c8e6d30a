"""The torch-free query path: the ONNX export matches sentence-transformers."""

import subprocess
import sys

import numpy as np
import pytest

import nkqa
from nkqa import Index
from nkqa.dense import SentenceTransformerEmbedder
from nkqa.evaluation import load_questions
from nkqa.onnx_encoder import _BATCH, _BATCH_TOKENS, MIN_COSINE, OnnxEmbedder, _batches, ensure_export, query_embedder

from conftest import DEV_QUESTIONS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def encoders():
    st = SentenceTransformerEmbedder()
    folder = ensure_export(st)
    assert folder is not None and (folder / "model.onnx").is_file()
    return st, OnnxEmbedder(folder)


def test_query_vectors_match_sentence_transformers_on_the_dev_questions(encoders):
    st, onnx = encoders
    questions = [q.question for q in load_questions(DEV_QUESTIONS)]
    texts = questions + ["", "x", "A long passage about trade. " * 100]  # empty, tiny, truncated
    cosine = (st.encode(texts) * onnx.encode(texts)).sum(axis=1)
    assert cosine.min() >= MIN_COSINE
    one_by_one = np.vstack([onnx.encode([t]) for t in texts])  # no padding against padded batches
    assert np.allclose(one_by_one, onnx.encode(texts), atol=1e-5)


def test_short_texts_batched_by_tokens_match_the_model(encoders):
    # Single words go many to a call (up to 256 tokens); each vector must be the model's.
    st, onnx = encoders
    words = [f"{w}{i}" for i in range(3) for w in "embassy palace rooms football players coach workers".split()]
    batched = onnx.encode(words)
    assert np.allclose(np.vstack([onnx.encode([w]) for w in words]), batched, atol=1e-5)
    assert (st.encode(words) * batched).sum(axis=1).min() >= MIN_COSINE


@pytest.mark.parametrize("lengths", [
    [3] * 19 + [4, 5, 6],  # the words of a soft match
    [50, 40, 60, 45, 70, 80, 90, 100, 110, 120, 30, 200, 256, 3],  # passages
    [7] * 100,
    [],
])
def test_calls_hold_every_text_once_sorted_and_within_the_caps(lengths):
    calls = _batches(lengths)
    rows = [int(i) for call in calls for i in call]
    assert sorted(rows) == list(range(len(lengths)))
    assert [lengths[i] for i in rows] == sorted(lengths)
    for call in calls:
        longest = max(lengths[i] for i in call)
        assert len(call) <= _BATCH or len(call) * longest <= _BATCH_TOKENS


def test_a_few_long_words_get_a_call_of_their_own_rather_than_pad_the_others():
    # 19 one-piece words padded to 6 tokens would cost 19 * 3 padding tokens, more than a call.
    assert [len(call) for call in _batches([3] * 19 + [4, 5, 6])] == [19, 3]
    assert [len(call) for call in _batches([3] * 22)] == [22]


def test_dev_rankings_and_answers_do_not_change(encoders, real_index):
    st, onnx = encoders
    twins = {
        name: Index(real_index.collection, settings=real_index.settings, embedder=embedder,
                    vectors=real_index.vectors, progress=False)
        for name, embedder in (("st", st), ("onnx", onnx))
    }
    for q in load_questions(DEV_QUESTIONS):
        for mode in ("dense", "hybrid"):
            a, b = (twins[name].ask(q.question, k=10, mode=mode) for name in ("st", "onnx"))
            assert [p.id for p in a.passages] == [p.id for p in b.passages], (q.id, mode)
            assert (a.answer, a.supported) == (b.answer, b.supported), (q.id, mode)


def test_int8_passage_vectors_stay_close_and_keep_the_dev_metrics(encoders, real_index):
    from nkqa.evaluation import evaluate
    from nkqa.onnx_encoder import INT8_FILE, MIN_INT8_COSINE

    st, onnx = encoders
    assert (onnx._folder / INT8_FILE).is_file()
    texts = [p.indexed_text for p in real_index.passages]
    int8, full = onnx.encode_passages(texts), st.encode(texts)
    assert float((int8 * full).sum(axis=1).min()) >= MIN_INT8_COSINE
    assert not np.allclose(int8, onnx.encode(texts), atol=1e-4)  # really the other model
    twins = [
        Index(real_index.collection, settings=real_index.settings, embedder=onnx, vectors=vectors, progress=False)
        for vectors in (full, int8)
    ]
    questions = load_questions(DEV_QUESTIONS)
    for mode in ("dense", "hybrid"):
        a, b = (evaluate(twin, questions, mode) for twin in twins)
        assert abs(a.mrr_at_10 - b.mrr_at_10) <= 0.01 and abs(a.answer_accuracy - b.answer_accuracy) <= 0.01, mode


def test_query_embedder_prefers_the_export(encoders):
    assert isinstance(query_embedder(nkqa.Settings().model), OnnxEmbedder)


def test_asking_a_cached_index_imports_neither_torch_nor_the_model(encoders):
    nkqa.load_index(nkqa.bundled_corpus())  # the cache entry the subprocess will read
    code = (
        "import sys, nkqa\n"
        "answer = nkqa.ask('Who built the Angkor Panorama Museum?')\n"
        "print(answer.answer_citation.location, answer.supported)\n"
        "print('HEAVY', [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "True" in out.stdout and out.stdout.strip().endswith("HEAVY []")


def test_a_broken_export_is_ignored_with_a_warning(tmp_path):
    from nkqa.onnx_encoder import export_dir

    folder = export_dir("all-MiniLM-L6-v2", tmp_path)
    folder.mkdir(parents=True)
    (folder / "encoder.json").write_text('{"format": 1}', encoding="utf-8")
    (folder / "model.onnx").write_bytes(b"not a model")
    with pytest.warns(RuntimeWarning, match="ignoring the ONNX export"):
        embedder = query_embedder("all-MiniLM-L6-v2", tmp_path)
    assert isinstance(embedder, SentenceTransformerEmbedder)


def test_a_damaged_model_file_fails_on_first_use_with_the_fix(encoders, tmp_path):
    import shutil

    from nkqa.errors import ModelLoadError

    _, onnx = encoders
    copy = tmp_path / "export"
    shutil.copytree(onnx._folder, copy)
    (copy / "model.onnx").write_bytes(b"not a model")
    embedder = OnnxEmbedder(copy)  # the name and the cache key need no session
    assert embedder.cache_key == onnx.cache_key
    with pytest.raises(ModelLoadError, match="nkqa cache clear"):
        embedder.encode(["a question"])
