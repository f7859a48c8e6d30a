import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from nkqa.sparse import BM25
from nkqa.tokenizer import tokenize


def _max_diff(docs, queries):
    ours, reference = BM25(docs), BM25Okapi(docs)
    return max(float(np.abs(ours.get_scores(q) - reference.get_scores(q)).max()) for q in queries)


def test_scores_equal_rank_bm25_on_bundled_corpus(bundled_fake_index):
    docs = [tokenize(p.text) for p in bundled_fake_index.passages]
    queries = [tokenize(p.text)[:6] for p in bundled_fake_index.passages[::7]] + [["korea", "korea"], ["absent"]]
    assert _max_diff(docs, queries) <= 1e-6


@pytest.mark.parametrize("seed", range(5))
def test_scores_equal_rank_bm25_on_random_corpora(seed):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(rng.randint(5, 80))]
    docs = [[rng.choice(vocab) for _ in range(rng.randint(0, 30))] for _ in range(rng.randint(1, 200))]
    docs[0] = docs[0] or ["w0"]
    queries = [[rng.choice(vocab + ["zz"]) for _ in range(rng.randint(1, 6))] for _ in range(30)]
    assert _max_diff(docs, queries) <= 1e-6


def test_unknown_terms_score_zero_and_get_the_rarest_idf():
    bm25 = BM25([["a", "b"], ["b", "c"]])
    assert bm25.get_scores(["zzz"]).tolist() == [0.0, 0.0]
    assert bm25.idf_of("zzz") > bm25.idf_of("a")


def test_all_empty_documents_score_zero():
    assert BM25([[], []]).get_scores(["a"]).tolist() == [0.0, 0.0]


def test_holds_names_the_tokens_a_document_has():
    bm25 = BM25([["north", "korea"], ["cambodia"], ["korea", "korea", "seoul"]])
    assert bm25.holds(2, ["korea", "seoul", "north", "unseen"]) == {"korea", "seoul"}
    assert bm25.holds(1, ["korea"]) == set()
    assert bm25.holds(0, ["north", "north"]) == {"north"}
