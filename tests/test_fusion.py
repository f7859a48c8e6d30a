import pytest

from nkqa.errors import InvalidArgumentError
from nkqa.fusion import Mode, reciprocal_rank_fusion


def test_rrf_formula_with_k_60():
    fused = dict(reciprocal_rank_fusion({"bm25": [7, 8], "dense": [8]}))
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[8] == pytest.approx(1 / 62 + 1 / 61)


def test_weights_change_the_winner():
    rankings = {"bm25": [1, 2], "dense": [2, 1]}
    assert reciprocal_rank_fusion(rankings, weights={"bm25": 2.0})[0][0] == 1
    assert reciprocal_rank_fusion(rankings, weights={"dense": 2.0})[0][0] == 2


def test_ties_break_by_best_single_rank_then_id():
    order = [i for i, _ in reciprocal_rank_fusion({"a": [5, 6], "b": [6, 5]})]
    assert order == [5, 6]


def test_bad_arguments():
    with pytest.raises(InvalidArgumentError):
        reciprocal_rank_fusion({"a": [1]}, k=0)
    with pytest.raises(InvalidArgumentError):
        reciprocal_rank_fusion({"a": [1]}, weights={"a": -1})
    with pytest.raises(InvalidArgumentError, match="choose one of"):
        Mode.parse("sparse")
    assert Mode.parse("HYBRID") is Mode.HYBRID


def test_min_max_fusion_normalises_each_retriever():
    from nkqa.fusion import min_max_fusion

    fused = dict(min_max_fusion({"bm25": {1: 10.0, 2: 5.0, 3: 0.0}, "dense": {1: 0.1, 2: 0.9, 3: 0.5}},
                                weights={"bm25": 1.0, "dense": 2.0}))
    assert fused[1] == pytest.approx(1.0)
    assert fused[2] == pytest.approx(0.5 + 2.0)
    assert fused[3] == pytest.approx(0.0 + 2.0 * 0.5)
    assert min_max_fusion({"bm25": {4: 1.0, 5: 1.0}}) == [(4, 0.0), (5, 0.0)]  # flat scores add nothing


def test_dense_weighs_less_when_the_two_rankings_disagree():
    import numpy as np

    from nkqa.retrieve import AGREEMENT_DEPTH, AGREEMENT_FLOOR, AGREEMENT_FULL, agreement_scale

    n = 100
    scores = np.linspace(10.0, 1.0, n)  # BM25 matches every passage, best first
    order = np.arange(n)
    assert agreement_scale(order, scores, order) == 1.0  # the same ranking
    shared = 4  # of the top 20: two thirds of the agreement that keeps the full weight
    dense = np.concatenate([order[:shared], order[AGREEMENT_DEPTH : 2 * AGREEMENT_DEPTH], order[shared:AGREEMENT_DEPTH]])
    expected = shared / AGREEMENT_DEPTH / AGREEMENT_FULL
    assert AGREEMENT_FLOOR < expected < 1
    assert agreement_scale(order, scores, dense) == pytest.approx(expected)
    assert agreement_scale(order, scores, order[::-1]) == AGREEMENT_FLOOR  # nothing in common
    # Passages BM25 does not match are no ranking of its own: two matches, both in dense's top.
    few = np.where(np.arange(n) < 2, 5.0, 0.0)
    assert agreement_scale(order, few, np.concatenate([order[1::-1], order[2:]])) == 1.0
    assert agreement_scale(order, np.zeros(n), order[::-1]) == 1.0  # no match: nothing to disagree with


def test_the_retriever_that_yields_is_the_one_less_likely_right():
    from nkqa.retrieve import COVERED_FULL, COVERED_LOW, disagreement_factors

    middle = (COVERED_LOW + COVERED_FULL) / 2
    assert disagreement_factors(1.0, 0.0) == disagreement_factors(1.0, 1.0) == (1.0, 1.0)  # agreement: no one yields
    assert disagreement_factors(0.5, COVERED_FULL) == (1.0, 0.5)  # BM25 holds the question's terms: dense yields
    assert disagreement_factors(0.5, COVERED_LOW) == (0.5, 1.0)  # BM25 matched stray words: BM25 yields
    assert disagreement_factors(0.5, middle) == pytest.approx((0.75, 0.75))


def test_lexical_coverage_is_the_idf_weighted_share_of_terms_held(bundled_fake_index):
    from nkqa.retrieve import lexical_coverage

    store = bundled_fake_index._store
    terms = bundled_fake_index.tokenize("Visakha soccer zzyzzyx")
    number = next(i for i in range(len(store)) if "Visakha" in store.passages([i])[0].text)
    held = store.matched_terms(number, terms)
    assert "zzyzzyx" not in held and held  # an unseen term is in no passage
    expected = sum(store.idf_of(t) for t in held) / sum(store.idf_of(t) for t in set(terms))
    assert lexical_coverage(store, number, terms) == pytest.approx(expected)
    assert 0 < expected < 1
    assert lexical_coverage(store, number, []) == 1.0


def test_the_weight_each_hit_reports_is_the_one_fusion_used(bundled_fake_index):
    from nkqa.fusion import DEFAULT_WEIGHTS

    for passage in bundled_fake_index.search("Who built the Angkor Panorama Museum?", k=5, mode="hybrid"):
        bm25, dense = passage.scores.bm25_weight, passage.scores.dense_weight
        assert 0 < bm25 <= DEFAULT_WEIGHTS["zscore"]["bm25"]
        assert 0 < dense <= DEFAULT_WEIGHTS["zscore"]["dense"]
        # At most one retriever yields.
        assert bm25 == DEFAULT_WEIGHTS["zscore"]["bm25"] or dense == DEFAULT_WEIGHTS["zscore"]["dense"]
