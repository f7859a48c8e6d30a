import pytest

from nkqa.acronyms import spelled_out
from nkqa.index import Index

from conftest import FakeEmbedder


@pytest.mark.parametrize(
    "acronym_text, text, expected",
    [
        ("Python 2 reached EOL.", "When did Python 2 reach end of life?", {"EOL": "end of life"}),
        ("the FBI said", "the Federal Bureau of Investigation said", {"FBI": "Federal Bureau of Investigation"}),
        ("Read the APIs.", "application programming interfaces", {"API": "application programming interfaces"}),
        ("at the UN", "the United Nations", {"UN": "United Nations"}),
        ("in the US", "it is used sparingly", {}),  # two letters need capitalised words
        ("the EOL date", "end of my working life", {}),  # a content word breaks the run
        ("the EOL date", "of end life", {}),  # a run opens on a content word
        ("no capitals here", "end of life", {}),
    ],
)
def test_spelled_out(acronym_text, text, expected):
    assert spelled_out(acronym_text, text) == expected


def _index(make_corpus, text: str) -> Index:
    filler = {f"filler{i}.txt": f"The {t} report number {i} was filed by the clerk in town.\n"
              for i, t in enumerate("rainfall harvest traffic census budget school harbour".split())}
    return Index.build(make_corpus({**filler, "release.txt": text}), embedder=FakeEmbedder(), progress=False)


def test_a_window_that_abbreviates_the_question_says_its_words(make_corpus):
    index = _index(make_corpus, "Zorblat 2 reached EOL on 2020-01-01.\n")
    answer = index.ask("When did Zorblat 2 reach its end of life?")
    assert answer.supported and "2020-01-01" in answer.answer


def test_a_passage_that_spells_out_the_question_s_acronym_mentions_it(make_corpus):
    index = _index(make_corpus, "Quuxwing 3 reached end of life on 2021-06-30.\n")
    answer = index.ask("When did Quuxwing 3 reach EOL?")
    assert answer.supported and "2021-06-30" in answer.answer
    assert not index.ask("When did Quuxwing 3 reach GA?").supported  # an acronym it does not spell
