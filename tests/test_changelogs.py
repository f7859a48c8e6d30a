"""Changelogs: entries dated by the release heading they stand under."""

import pytest

from nkqa.answer_type import answer_type
from nkqa.cleaning import clean
from nkqa.index import Index
from nkqa.releases import section_release
from nkqa.headings import heading_quote, off_release
from nkqa.windows import Window, candidates

from conftest import FakeEmbedder

_FILLER = {
    f"filler{i:02d}.txt": f"The {topic} report for district {i} was filed by the clerk on a Monday.\n"
    for i, topic in enumerate("rainfall harvest traffic census budget school harbour railway".split())
}

CHANGELOG = """\
# Changelog

## 0.25.0 (11th September, 2023)

### Removed

* Drop support for the Quuxwing parser. (#2813)

### Changed

* Use `utf-8` as the default character set for zorblat bodies.

## 0.24.0 (6th April, 2023)

### Added

* Support for the Frobnian locale.

### Changed

* Use `ascii` as the default character set for zorblat bodies.

## 0.23.0 (23rd May, 2022)

### Fixed

* Fix the spelling of several error messages in the command line client's help output.
* Fix a crash when a response announces a length it never sends to the client.
* Fix the display of binary response bodies in the command line client, which now prints a count.
* Close the connection when a task is cancelled while the response is streamed.
* Add the missing Quirkle codec for Blenheim archives.
"""


@pytest.fixture(scope="module")
def changelog(tmp_path_factory):
    root = tmp_path_factory.mktemp("changelog")
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    for name, text in _FILLER.items():
        (root / name).write_text(text, encoding="utf-8")
    return Index.build(root, embedder=FakeEmbedder(), progress=False)


def _verbatim(index, answer):
    c = answer.answer_citation
    return clean(index.collection.document(c.source).text[c.start_char : c.end_char]) == answer.answer


@pytest.mark.parametrize("mode", ["bm25", "hybrid"])
def test_an_entry_is_quoted_from_the_release_heading_it_stands_under(changelog, mode):
    answer = changelog.ask("Which release dropped support for the Quuxwing parser?", mode=mode)
    assert answer.supported
    assert answer.answer.startswith("0.25.0 (11th September, 2023) Removed * Drop support for the Quuxwing")
    assert _verbatim(changelog, answer)
    dated = changelog.ask("When was support for the Frobnian locale added?", mode=mode)
    assert dated.supported and dated.answer.startswith("0.24.0 (6th April, 2023) Added * Support for the Frobnian")
    assert _verbatim(changelog, dated)


@pytest.mark.parametrize(
    "question",
    [
        "When was the Quuxwing parser released?",  # its own release, not the entry's
        "Which Quuxwing version was dropped?",  # another product's version
    ],
)
def test_a_heading_dates_only_the_change_an_entry_lists(changelog, question):
    assert not (changelog.ask(question, mode="bm25").answer or "").startswith("0.25.0")


def test_an_entry_far_below_its_heading_is_not_quoted_with_it(changelog):
    # Four entries stand between the heading and the codec's: the quote would be their list.
    answer = changelog.ask("Which release added the Quirkle codec for Blenheim archives?", mode="bm25")
    assert not (answer.answer or "").startswith("0.23.0")


def test_a_release_the_question_dates_by_picks_the_entry_under_its_heading(changelog):
    # Both entries say the same words; only the heading above tells them apart.
    question = "Which character set do zorblat bodies use by default since 0.24.0?"
    passages = [p for p in changelog.passages if "character set" in p.text]
    best: dict[str, float] = {}
    for window in candidates(changelog, question, answer_type(question), passages, None):
        release = section_release(window.passage.section)
        best[release] = max(best.get(release, -1.0), window.score)
    assert best["0.24.0"] > best["0.25.0"]
    for release, charset in [("0.24.0", "ascii"), ("0.25.0", "utf-8")]:
        answer = changelog.ask(f"Which character set do zorblat bodies use by default since {release}?", mode="bm25")
        assert answer.supported and f"`{charset}`" in answer.answer


def _one_changelog(make_corpus, text: str) -> Index:
    return Index.build(make_corpus({"CHANGELOG.md": text, **_FILLER}), embedder=FakeEmbedder(), progress=False)


def test_an_entry_in_the_heading_s_own_passage_is_quoted_from_it(make_corpus):
    # The heading and its one paragraph make one passage; the entry's own "3.7" is Python's.
    index = _one_changelog(
        make_corpus,
        "# Changelog\n\n## 24.0.0\n\nPer the RFC, zorblat is now Python 3 only. 3.7+ for now.\n\n"
        "## 23.1.0\n\n_(October 31, 2023)_\n\n- Add a fill parameter to zorblat windows.\n",
    )
    # A window of the entry alone is quoted from the heading in its own passage.
    passage = next(p for p in index.passages if "Python 3 only" in p.text)
    start = passage.text.index("Per the RFC")
    window = Window(passage, start, passage.text.index("3.7+"), 0.0, 0.0, True, 0.0)
    question = "Which release made zorblat Python 3 only?"
    quote, _ = heading_quote(index, window, answer_type(question), question)
    assert quote == "24.0.0 Per the RFC, zorblat is now Python 3 only."
    for mode in ("bm25", "hybrid"):  # "made" is a light verb, no attribute the window must say
        answer = index.ask("Which release made zorblat Python 3 only?", mode=mode)
        assert answer.supported and answer.answer.startswith("24.0.0 Per the RFC, zorblat is now Python 3 only.")
        assert _verbatim(index, answer)


def test_the_product_named_before_a_release_is_no_attribute_to_say(make_corpus):
    index = _one_changelog(make_corpus, "# Changelog\n\n## 1.2.0 (2022-01-19)\n\nThe 1.2 release adds the Frobnian locale.\n")
    answer = index.ask("When was zorblat 1.2.0 released?", mode="hybrid")
    assert answer.supported and "2022-01-19" in answer.answer


def test_a_date_given_only_for_an_aim_does_not_say_when_it_was_done(make_corpus):
    index = _one_changelog(
        make_corpus,
        "# Changelog\n\n## 0.11.0 (January 9th, 2020)\n\nThe 0.11 release brings back sync support.\n\n"
        "We believe the API is now stable, and are aiming for a zorblat 1.0 release sometime on or before April 2020.\n",
    )
    answer = index.ask("When was zorblat 1.0 released?", mode="hybrid")
    assert not answer.supported and "intended" in answer.reason


def test_a_release_question_ranks_its_release_above_windows_off_it(make_corpus):
    # "The zorblat release notes are published in the changelog." says more of the question's
    # words than the bare heading, but names no release and stands under none: refused
    # whatever it says, it comes after the release's own heading.
    # Zorblat is the collection's topic, said everywhere (as bidict is across its docs).
    filler = {name: text + "Zorblat keeps that record.\n" for name, text in _FILLER.items()}
    files = {**filler, "README.md": "# Zorblat\n\nThe zorblat release notes are published in the changelog.\n",
             "CHANGELOG.rst": "Changelog\n=========\n\n0.4.1 (2022-12-31)\n------------------\n\n"
                              "- Only include the source code in the source distribution.\n\n"
                              "0.4.0 (2022-03-23)\n------------------\n\n- Drop support for Python 3.6.\n"}
    index = Index.build(make_corpus(files), embedder=FakeEmbedder(), progress=False)
    answer = index.ask("When were the zorblat 0.4.1 release notes published?", mode="bm25")
    assert answer.passages[0].text == "0.4.1 (2022-12-31)"
    readme = next(p for p in index.passages if "release notes" in p.text)
    asked = "When were the zorblat 0.4.1 release notes published?"
    off = off_release(answer_type(asked), asked)
    assert off(Window(readme, 0, len(readme.text), 0.0, 0.0, False, 0.0))
    entry = next(p for p in index.passages if "Python 3.6" in p.text)  # under 0.4.0
    assert off(Window(entry, 0, len(entry.text), 0.0, 0.0, False, 0.0))
    heading = answer.passages[0]
    assert not off(Window(heading, 0, len(heading.text), 0.0, 0.0, False, 0.0))
    unreleased = "When were the zorblat release notes published?"
    assert off_release(answer_type(unreleased), unreleased) is None


def test_list_items_without_stops_are_sentences_of_their_own(make_corpus):
    files = {**_FILLER, "README.md": "# Zorblat\n\n## Features\n\n- Depended on by Initech and Globex since 2009\n"
                                     "- Lightweight, with no runtime dependencies\n"
                                     "- 100% test coverage running across all supported versions\n"}
    index = Index.build(make_corpus(files), embedder=FakeEmbedder(), progress=False)
    answer = index.ask("What test coverage does zorblat have?", mode="bm25")
    assert answer.supported
    assert answer.answer == "- 100% test coverage running across all supported versions"
