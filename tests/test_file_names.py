"""A document's name speaks for its passages: its file name, the acronym its head spells out,
a name fused with its version; and a question that names a file asks about that file."""

import pytest

from nkqa import Index
from nkqa.named import named_files, unspelled_file
from nkqa.windows import Window

from conftest import FakeEmbedder

_FILLER = "Note {} of the ledger records the weather, the tides and the price of rope at the harbour."

_ELMWOOD = """\
The copyright in this license is held by The Regents of Elmwood College.

Redistribution and use are permitted provided that this notice is retained in every copy.
"""

_QUILL = """\
                 Quill Public License
                     Version 2.0

1. Stewardship.

The Lantern Foundation is the license steward of this License.

2. Termination.

Your rights end if you fail to comply. This license allows you 30 days after notice to cure a violation.
"""


def _index(root, files):
    for i in range(24):
        (root / f"note-{i}.txt").write_text(_FILLER.format(i) + "\n", encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return Index.build(root, embedder=FakeEmbedder(), progress=False)


@pytest.fixture(scope="module")
def licences(tmp_path_factory):
    return _index(tmp_path_factory.mktemp("licences"), {"Brisk": _ELMWOOD, "QPL-2": _QUILL})


def test_a_file_name_is_said_by_every_passage_of_the_file(licences):
    answer = licences.ask("Who holds the copyright in the Brisk license?")
    assert answer.supported, answer.reason
    assert "Regents of Elmwood College" in answer.answer


def test_a_question_that_names_another_file_is_refused_however_little_the_name_weighs(licences):
    from nkqa.answer_type import answer_type
    from nkqa.checks import run_checks
    from nkqa.windows import candidates

    question = "How many days does the Brisk license allow to cure a violation?"
    answer = licences.ask(question)
    assert not answer.supported
    # The Brisk file's passage comes first though Quill's says more of the question.
    assert [p.citation.source for p in answer.passages[:2]] == ["Brisk", "QPL-2"]
    # Quill's window, quoted, would be refused for the name the question gives its file.
    (quill,) = [p for p in licences.passages if "30 days" in p.text]
    kind = answer_type(question)
    best = max(candidates(licences, question, kind, [quill], None), key=lambda w: w.score)
    checks = run_checks(licences, question, kind, best, dense=False)
    assert checks.named_file == "Brisk" and checks.unmentioned == ["Brisk"] and checks.name_gap < 0.2


def test_the_same_question_about_the_file_that_says_it_is_answered(licences):
    answer = licences.ask("How many days does the Quill license allow to cure a violation?")
    assert answer.supported, answer.reason
    assert "30 days" in answer.answer


def test_a_name_fused_with_its_version_is_said_in_parts(licences):
    # "QPLv2": the file name says "QPL" and "2".
    answer = licences.ask("Who is the license steward of QPLv2?")
    assert answer.supported, answer.reason
    assert "Lantern Foundation" in answer.answer


def test_an_acronym_the_files_head_spells_out_is_mentioned(tmp_path):
    # The file's name says nothing; its head says "Quill Public License", which is "QPL".
    index = _index(tmp_path, {"terms.txt": _QUILL, "Brisk": _ELMWOOD})
    answer = index.ask("Who is the license steward under the QPL?")
    assert answer.supported, answer.reason
    assert "Lantern Foundation" in answer.answer


def test_a_window_of_the_file_the_question_names_is_quoted_before_another_files(tmp_path):
    brisk = _ELMWOOD + "\nThe license allows 60 days to cure a violation.\n"
    index = _index(tmp_path, {"Brisk": brisk, "QPL-2": _QUILL})
    answer = index.ask("How many days does the Brisk license allow to cure a violation?", mode="bm25")
    assert answer.supported, answer.reason
    assert "60 days" in answer.answer and answer.answer_citation.source == "Brisk"
    # BM25 ranked Quill's passage first: the file's name moved Brisk's ahead.
    first, second = answer.passages[:2]
    assert (first.citation.source, first.scores.bm25_rank) == ("Brisk", 2)
    assert (second.citation.source, second.scores.bm25_rank) == ("QPL-2", 1)


def test_a_file_is_named_by_the_very_word_not_one_that_starts_another(licences):
    assert named_files(licences, "Who holds the copyright in the Brisk license?") == {"Brisk": ["brisk"]}
    # "HTTPS" names no http.rst: a word the file name only starts.
    assert named_files(licences, "Who holds the copyright in the Brisket license?") == {}


def test_a_paragraph_two_files_share_is_cited_in_the_file_the_question_names(tmp_path):
    shared = "Your rights end if you fail to comply. This license allows you 30 days after notice to cure a violation.\n"
    index = _index(tmp_path, {"Brisk": _ELMWOOD + "\n" + shared, "QPL-2": _QUILL})
    (passage,) = [p for p in index.passages if "30 days" in p.text]
    assert [c.source for c in passage.citations] == ["Brisk", "QPL-2"]
    for name, source in (("QPL", "QPL-2"), ("Brisk", "Brisk")):
        answer = index.ask(f"Under the {name} license, how many days does one have to cure a violation?", mode="bm25")
        assert answer.supported, answer.reason
        assert "30 days" in answer.answer and answer.answer_citation.source == source


def test_a_file_named_by_the_initials_of_the_questions_words_is_asked_about(tmp_path):
    # "Quill" is common here (every note says it), so the name test lets it go unsaid; the
    # run "Quill Public License" still names QPL-2 by its initials.
    for i in range(24):
        (tmp_path / f"quill-{i}.txt").write_text(f"Quill note {i} records the weather at the harbour.\n", encoding="utf-8")
    (tmp_path / "Brisk").write_text(_ELMWOOD, encoding="utf-8")
    (tmp_path / "QPL-2").write_text(_QUILL, encoding="utf-8")
    index = Index.build(tmp_path, embedder=FakeEmbedder(), progress=False)
    assert index.idf_of("quill") < 2.0
    question = "Who holds the copyright in the Quill Public License?"
    assert named_files(index, question) == {"QPL-2": ["qpl"]}
    answer = index.ask(question, mode="bm25")
    assert not answer.supported
    # Quill's windows come first; Elmwood's copyright sentence is quoted last.
    assert answer.passages[0].citation.source == "QPL-2"
    assert next(p for p in answer.passages if p.citation.source == "Brisk").scores.sentence < 0
    # Elmwood's window, quoted, would be refused: its surroundings never say QPL nor spell it.
    (brisk,) = [p for p in index.passages if p.citation.source == "Brisk" and "copyright" in p.text]
    window = Window(brisk, 0, len(brisk.text), 1.0, 0.0, True, 1.0)
    assert unspelled_file(index, question, window, lambda: brisk.text + " Brisk") == ("QPL-2", "Quill Public License")
    quill = next(p for p in index.passages if p.citation.source == "QPL-2")
    assert unspelled_file(index, question, Window(quill, 0, 5, 1.0, 0.0, True, 1.0), lambda: quill.text) is None


def test_a_name_and_its_number_name_the_file_that_fuses_them_and_its_passages_come_first(tmp_path):
    from nkqa.named import named_first

    files = {
        "rfc9999.txt": "Quillon Framing\n\nThe framing was designed by Marta Oyelaran.\n",
        "rfc8888.txt": "Quillon Media Types\n\nThe media types follow the framing of RFC 9999.\n",
    }
    index = _index(tmp_path, files)
    question = "Who designed RFC 9999?"
    named = named_files(index, question)
    assert named == {"rfc9999.txt": ["rfc9999"]}
    ranked = sorted(index.passages, key=lambda p: p.citation.source != "note-0.txt")  # a note first
    order = [p.citation.source for p in named_first(index, ranked, named)]
    # The named file's passages, then another's that says "RFC 9999", then the rest in order.
    assert order[:3] == ["rfc9999.txt", "rfc8888.txt", "note-0.txt"]
    answer = index.ask(question, mode="bm25")
    assert answer.supported, answer.reason
    assert "Marta Oyelaran" in answer.answer and answer.answer_citation.source == "rfc9999.txt"


def test_a_files_name_speaks_for_its_windows_only_where_the_question_names_something(tmp_path):
    from nkqa.windows import candidates

    index = _index(tmp_path, {"packages.txt": "The crates hold apples and pears.\n", "rfc9999.txt": "It frames audio.\n"})
    (crates,) = [p for p in index.passages if p.citation.source == "packages.txt"]
    (window,) = candidates(index, "What do the packages hold?", None, [crates], None)
    assert window.score == window.coverage  # "packages" is a common word: no credit
    (frames,) = [p for p in index.passages if p.citation.source == "rfc9999.txt"]
    (window,) = candidates(index, "What does RFC 9999 frame?", None, [frames], None)
    assert window.score > window.coverage  # "RFC 9999" names rfc9999.txt


def test_a_name_fused_with_a_word_or_another_name_in_a_file_name_names_the_file(tmp_path):
    files = {
        "zarkguide4-2.txt": "Zark Journal Program\n\nThe zark option selects the Zark journal substyle.\n",
        "quarn_guide.txt": "Quarn Guide\n\nWe particularly recommend JabRef for editing the bibliography files.\n",
        "ieeeplok_doc.txt": "Plok Transactions\n\nThe Plok package prints page numbers with its draft option.\n",
    }
    index = _index(tmp_path, files)
    assert named_files(index, "Which editor does the Zark guide recommend?") == {"zarkguide4-2.txt": ["zark"]}
    assert list(named_files(index, "Which option of IEEE Plok prints page numbers?")) == ["ieeeplok_doc.txt"]
    # Another file's sentence, one that never says the name, does not answer about the file
    # the question names.
    from nkqa.answer_type import answer_type
    from nkqa.checks import run_checks
    from nkqa.windows import candidates

    (quarn,) = [p for p in index.passages if "JabRef" in p.text]
    for guide, refused in (("Zark", "zarkguide4-2.txt"), ("Quarn", None)):
        question = f"Which program for editing bibliography files does the {guide} guide recommend?"
        kind = answer_type(question)
        best = max(candidates(index, question, kind, [quarn], None), key=lambda w: w.score)
        checks = run_checks(index, question, kind, best, dense=False, files=named_files(index, question))
        assert checks.named_file == refused
