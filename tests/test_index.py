import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkqa import Answer, Index, Passage, Settings
from nkqa.errors import InvalidArgumentError, InvalidQuestionError

from conftest import FakeEmbedder


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_search_returns_k_scored_passages(bundled_fake_index, mode):
    results = bundled_fake_index.search("Who coaches the Visakha soccer club?", k=3, mode=mode)
    assert len(results) == 3 and all(isinstance(p, Passage) for p in results)
    assert [p.scores.fused_rank for p in results] == [1, 2, 3]
    if mode != "dense":
        assert results[0].scores.bm25 is not None and results[0].scores.bm25_rank is not None
    if mode != "bm25":
        assert results[0].scores.dense is not None


def test_bm25_mode_ranks_by_bm25(bundled_fake_index):
    results = bundled_fake_index.search("Hok Sochivoan Visakha coach", k=5, mode="bm25")
    scores = [p.scores.bm25 for p in results]
    assert scores == sorted(scores, reverse=True)
    assert "Hok Sochivoan" in results[0].text


def test_hybrid_is_z_score_fusion_of_both(bundled_fake_index):
    question = "Visakha soccer club"
    results = bundled_fake_index.search(question, k=5)
    bm25 = bundled_fake_index.bm25_scores(question)
    dense = bundled_fake_index.vectors @ bundled_fake_index.encode_query(question)
    weights = bundled_fake_index.settings.weights
    assert weights == {"bm25": 1.0, "dense": 2.0}
    # Fewer passages than Z_DEPTH: every score is in the reference distribution.
    expected = weights["bm25"] * (bm25 - bm25.mean()) / bm25.std() + weights["dense"] * (dense - dense.mean()) / dense.std()
    position = {p.id: i for i, p in enumerate(bundled_fake_index.passages)}
    assert [p.scores.fused for p in results] == pytest.approx(sorted(expected, reverse=True)[:5], rel=1e-4)
    for passage in results:
        assert passage.scores.fused == pytest.approx(expected[position[passage.id]], rel=1e-4)
        assert (passage.scores.bm25_weight, passage.scores.dense_weight) == (1.0, 2.0)


def test_rrf_setting_is_reciprocal_rank_fusion_of_both(bundled_fake_index):
    index = Index(bundled_fake_index.collection, settings=Settings(fusion="rrf"),
                  embedder=FakeEmbedder(), vectors=bundled_fake_index.vectors)
    (top,) = index.search("Visakha soccer club", k=1)
    weights = index.settings.weights
    assert weights == {"bm25": 2.0, "dense": 1.0}
    expected = weights["bm25"] / (60 + top.scores.bm25_rank) + weights["dense"] / (60 + top.scores.dense_rank)
    assert top.scores.fused == pytest.approx(expected)


class _BlindEmbedder(FakeEmbedder):
    """A model whose vocabulary holds none of the question's words: each falls apart into letters."""

    def word_pieces(self, text):
        return [list(word) for word in text.split()]


def test_dense_weighs_nothing_when_the_model_cannot_read_the_question(bundled_fake_index):
    index = Index(bundled_fake_index.collection, embedder=_BlindEmbedder(), vectors=bundled_fake_index.vectors)
    question = "Visakha soccer coach"
    hybrid = index.search(question, k=5)
    assert all(p.scores.dense_weight == 0.0 and p.scores.bm25_weight == 1.0 for p in hybrid)
    assert [p.id for p in hybrid] == [p.id for p in index.search(question, k=5, mode="bm25")]
    # The readable model keeps its full weight on the same question.
    assert bundled_fake_index.search(question, k=1)[0].scores.dense_weight == 2.0


class _SubwordEmbedder(FakeEmbedder):
    """A model that knows the question's script but not its words: each splits into sub-words
    of three letters, as a rare English word does ("ph", "##aris", "##ee")."""

    def word_pieces(self, text):
        return [[word[i : i + 3] for i in range(0, len(word), 3)] for word in text.split()]


def test_rare_words_of_a_known_script_keep_dense_its_weight(bundled_fake_index):
    from nkqa.dense import vocabulary_coverage

    assert vocabulary_coverage(_SubwordEmbedder(), "Visakha soccer coach") == 1.0
    assert vocabulary_coverage(_BlindEmbedder(), "Visakha soccer coach") == 0.0
    index = Index(bundled_fake_index.collection, embedder=_SubwordEmbedder(), vectors=bundled_fake_index.vectors)
    assert index.hybrid_weights("Visakha soccer coach")["dense"] == 2.0


def test_k_larger_than_the_index_returns_every_passage(bundled_fake_index):
    n = len(bundled_fake_index.passages)
    for mode in ("bm25", "dense", "hybrid"):
        results = bundled_fake_index.search("North Korea", k=n + 50, mode=mode)
        assert len({p.id for p in results}) == len(results)
        assert len(results) == n or mode == "hybrid"


@pytest.mark.parametrize(
    ("question", "k", "mode", "error"),
    [("", 5, "hybrid", InvalidQuestionError), ("   ", 5, "hybrid", InvalidQuestionError),
     (42, 5, "hybrid", InvalidQuestionError), (None, 5, "hybrid", InvalidQuestionError),
     ("q?", 0, "hybrid", InvalidArgumentError), ("q?", -1, "hybrid", InvalidArgumentError),
     ("q?", 2.5, "hybrid", InvalidArgumentError), ("q?", True, "hybrid", InvalidArgumentError),
     ("q?", 5, "semantic", InvalidArgumentError)],
)
def test_bad_queries_raise_typed_errors(bundled_fake_index, question, k, mode, error):
    with pytest.raises(error):
        bundled_fake_index.search(question, k=k, mode=mode)


def test_a_very_long_question_is_still_answered(bundled_fake_index):
    question = "Who coaches the Visakha soccer club? " + "padding " * 12_500
    assert len(question) > 100_000
    assert bundled_fake_index.ask(question, mode="bm25").passages


def test_bm25_only_use_never_embeds(make_corpus):
    embedder = FakeEmbedder()
    index = Index.build(make_corpus({"a.txt": "Alpha beta gamma delta.\n\nEpsilon zeta eta theta."}),
                        embedder=embedder, embed=False, progress=False)
    index.ask("alpha", mode="bm25")
    assert embedder.calls == 0
    index.search("alpha", mode="dense")
    assert embedder.calls > 0


def test_ask_returns_an_answer_with_cited_passages(bundled_fake_index):
    answer = bundled_fake_index.ask("Who coaches the Visakha soccer club?")
    assert isinstance(answer, Answer) and answer.mode == "hybrid"
    data = answer.to_dict()
    assert data["passages"][0]["citations"][0]["source"].endswith(".txt")
    assert "Q: Who coaches" in str(answer) and "<mark>" in answer._repr_html_() or not answer.supported


def test_settings_are_validated():
    with pytest.raises(InvalidArgumentError):
        Settings(max_chars=0)
    with pytest.raises(InvalidArgumentError):
        Settings(weights={"bm25": 1.0, "colbert": 1.0})


def test_hnsw_dense_index_finds_what_exact_finds(bundled_fake_index):
    from nkqa.dense import DenseIndex

    vectors = bundled_fake_index.vectors
    exact, approx = DenseIndex(vectors), DenseIndex(vectors, "hnsw")
    overlap = [len(set(exact.search(v, 10)[1]) & set(approx.search(v, 10)[1])) / 10 for v in vectors[:40]]
    assert sum(overlap) / len(overlap) >= 0.9
    with pytest.raises(InvalidArgumentError):
        Settings(dense_index="ivf")


def test_minmax_fusion_setting(bundled_fake_index):
    index = Index(bundled_fake_index.collection, settings=Settings(fusion="minmax"),
                  embedder=FakeEmbedder(), vectors=bundled_fake_index.vectors)
    results = index.search("Hok Sochivoan Visakha coach", k=3)
    # Each retriever's scores are rescaled to [0, 1], so the fused score is at most the weights' sum.
    assert "Hok Sochivoan" in results[0].text and results[0].scores.fused <= sum(index.settings.weights.values())
    with pytest.raises(InvalidArgumentError):
        Settings(fusion="borda")


def test_sentence_vectors_are_remembered_across_asks_and_modes(make_corpus):
    import numpy as np

    embedder = FakeEmbedder()
    root = make_corpus({"a.txt": "The museum was built in 2015. It cost $24 million.\n\nTrade fell in 2017.\n"})
    index = Index.build(root, embedder=embedder, progress=False)
    texts = ["The museum was built in 2015.", "It cost $24 million.", "The museum was built in 2015."]
    first = index.encode_texts(texts)
    assert np.allclose(first, FakeEmbedder().encode(texts))
    first_answer = index.ask("When was the museum built?", mode="hybrid")
    calls = embedder.calls
    again = index.ask("When was the museum built?", mode="dense")
    assert embedder.calls == calls + 1  # the question only: every sentence vector is remembered
    assert again.answer == first_answer.answer


@given(st.lists(st.integers(0, 3), min_size=1, max_size=60), st.integers(1, 70))
def test_top_keeps_ties_in_index_order_even_at_the_cut(values, depth):
    from nkqa.retrieve import _top

    scores = np.array(values, dtype=float)
    assert _top(scores, depth).tolist() == np.argsort(-scores, kind="stable")[:depth].tolist()


def test_embed_batches_texts_by_length_and_returns_them_in_order():
    from nkqa.dense import embed

    texts = [("word " * n).strip() + f" {n}" for n in (40, 1, 25, 3, 60, 2) * 12]
    seen = []
    vectors = embed(FakeEmbedder(), texts, progress=False, on_batch=lambda batch, rows: seen.append((batch, rows)))
    assert np.array_equal(vectors, FakeEmbedder().encode(texts))  # in the order given
    lengths = [len(t) for batch, _ in seen for t in batch]
    assert lengths == sorted(lengths) and sum(len(b) for b, _ in seen) == len(texts)
    for batch, rows in seen:  # each batch's rows are its own texts' vectors
        assert np.array_equal(rows, FakeEmbedder().encode(batch))
