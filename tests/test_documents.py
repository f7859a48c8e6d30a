"""Index.search_documents: documents ranked by fusing their best passages' scores."""

import numpy as np
import pytest

from nkqa import Index, Settings
from nkqa.errors import InvalidArgumentError

from conftest import FakeEmbedder

QUESTION = "Visakha soccer club coach"


def _by_document(index, values):
    """Each source's best value over its passages."""
    best = {}
    for value, passage in zip(values, index.passages):
        for source in {c.source for c in passage.citations}:
            best[source] = max(best.get(source, -np.inf), float(value))
    return best


@pytest.mark.parametrize("question", [QUESTION, "Who built the Angkor Panorama Museum?", "When did Cambodia shut down its ship registry?"])
def test_hybrid_fuses_each_documents_best_scores(bundled_fake_index, question):
    # A document's best BM25 and best dense passage differ for some of these questions:
    # the fused score of its best passage would not be the sum below.
    index = bundled_fake_index
    results = index.search_documents(question, k=5)
    bm25 = index.bm25_scores(question)
    dense = index.vectors @ index.encode_query(question)
    # Fewer passages than Z_DEPTH: the statistics are those of every passage.
    z_bm25 = _by_document(index, (bm25 - bm25.mean()) / bm25.std())
    z_dense = _by_document(index, (dense - dense.mean()) / dense.std())
    sources = [p.citation.source for p in results]
    assert len(set(sources)) == len(results) == 5
    for passage in results:
        source = passage.citation.source
        assert {c.source for c in passage.citations} == {source}
        w_bm25, w_dense = passage.scores.bm25_weight, passage.scores.dense_weight
        assert passage.scores.fused == pytest.approx(w_bm25 * z_bm25[source] + w_dense * z_dense[source], rel=1e-4)
        assert passage.scores.bm25 == pytest.approx(_by_document(index, bm25)[source])
    fused = [p.scores.fused for p in results]
    assert fused == sorted(fused, reverse=True)
    assert [p.scores.rank for p in results] == [1, 2, 3, 4, 5]


def test_each_document_shows_its_best_passage_of_the_passage_ranking(bundled_fake_index):
    index = bundled_fake_index
    passages = index.search(QUESTION, k=len(index.passages))
    for document in index.search_documents(QUESTION, k=5):
        source = document.citation.source
        best = next(p for p in passages if source in {c.source for c in p.citations})
        assert document.id == best.id


@pytest.mark.parametrize("mode", ["bm25", "dense"])
def test_a_single_mode_ranks_documents_by_their_best_passage(bundled_fake_index, mode):
    index = bundled_fake_index
    order = []
    for passage in index.search(QUESTION, k=len(index.passages), mode=mode):
        for citation in passage.citations:
            if citation.source not in order:
                order.append(citation.source)
    results = index.search_documents(QUESTION, k=3, mode=mode)
    assert [p.citation.source for p in results] == order[:3]
    assert [p.scores.bm25_weight for p in results] == [None] * 3


@pytest.mark.parametrize("fusion", ["rrf", "minmax"])
def test_every_fusion_ranks_documents(bundled_fake_index, fusion):
    index = Index(bundled_fake_index.collection, settings=Settings(fusion=fusion),
                  embedder=FakeEmbedder(), vectors=bundled_fake_index.vectors)
    results = index.search_documents(QUESTION, k=3)
    assert len({p.citation.source for p in results}) == 3
    fused = [p.scores.fused for p in results]
    assert fused == sorted(fused, reverse=True)


def test_k_past_the_documents_returns_each_once(bundled_fake_index):
    sources = {c.source for p in bundled_fake_index.passages for c in p.citations}
    results = bundled_fake_index.search_documents(QUESTION, k=100)
    assert sorted(p.citation.source for p in results) == sorted(sources)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_a_bad_k_is_a_typed_error(bundled_fake_index, k):
    with pytest.raises(InvalidArgumentError):
        bundled_fake_index.search_documents(QUESTION, k=k)
