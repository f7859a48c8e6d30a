"""A window that only echoes the question is quoted last and refused (:mod:`nkqa.echo`)."""

from nkqa import Index
from nkqa.answer_type import answer_type
from nkqa.echo import echoes

from conftest import FakeEmbedder


def test_echoes():
    def words(text):
        return [w.lower().rstrip("ds") for w in text.replace("?", " ").split() if w.lower() not in {"how", "is", "the"}]

    test = echoes("How is the name Quillon pronounced?", None, words)
    assert test is not None
    assert test(type("W", (), {"text": "Pronounced Quillon"})())
    assert not test(type("W", (), {"text": "Quillon is pronounced 'kwee yon'."})())
    assert echoes("Is Quillon pronounced 'kwee yon'?", None, words) is None
    assert echoes("In which city was it held?", answer_type("In which city was it held?"), words) is not None


def test_an_echo_is_refused_when_nothing_else_is_left(make_corpus):
    root = make_corpus({"notes.txt": "Pronouncing Quillon.\n"})
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("How is Quillon pronounced?", mode="bm25")
    assert not answer.supported
    assert answer.reason.endswith("the closest sentence says nothing the question does not"), answer.reason
