"""Answer composition: names in the question must be mentioned near the quoted passage."""

import re

import pytest

from nkqa.answer import coined_words, question_names
from nkqa.named import NAME_MIN_IDF
from nkqa.attribute import mentions
from nkqa.index import Index

from conftest import FakeEmbedder

# Twelve unrelated one-paragraph files, so that a name found in one of them is rare
# (idf above NAME_MIN_IDF) and the topic words of the others do not compete.
_FILLER = {
    f"filler{i:02d}.txt": f"The {topic} report for district {i} was filed by the clerk on a Monday."
    for i, topic in enumerate(
        "rainfall harvest traffic census budget school harbour railway forestry fishery "
        "mining tourism".split()
    )
}
_EMBASSY = "The ambassador to Cambodia is Kim Chol, who arrived in the capital last spring."
_TALKS = "Thailand hosted regional talks on fisheries in May, with every neighbour present."


def _story_index(folder, name: str, story: str) -> Index:
    """An index of ``story`` in ``folder/name`` among the filler reports (fake embedder)."""
    (folder / name).write_text(story, encoding="utf-8")
    for filler, text in _FILLER.items():
        (folder / filler).write_text(text + "\n", encoding="utf-8")
    return Index.build(folder, embedder=FakeEmbedder(), progress=False)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Who is North Korea's ambassador to Thailand?", ["North", "Korea's", "Thailand"]),
        ("Kim Jong Un met whom in Singapore?", ["Jong", "Un", "Singapore"]),
        ("who is the ambassador?", []),
        # Title case or shouting: case says nothing about which words are names.
        ("Who Is The Ambassador To Thailand?", []),
        ("WHO IS THE AMBASSADOR TO THAILAND?", []),
        # The pronoun I is capitalised by rule: not a name.
        ("How do I hide an item from the documentation?", []),
        ("Can I visit Pyongyang as a tourist?", ["Pyongyang"]),
    ],
)
def test_question_names(question, names):
    assert question_names(question) == names


@pytest.mark.parametrize(
    ("stem", "terms", "expected"),
    [
        ("thailand", {"thailand"}, True),
        ("thai", {"thailand", "firm"}, True),  # a demonym meets its country
        ("indonesian", {"indonesia"}, True),
        ("lao", {"laos"}, False),  # under four letters only an exact match counts
        ("hanoi", {"phnom", "penh"}, False),
    ],
)
def test_mentions(stem, terms, expected):
    assert mentions(stem, terms) is expected


@pytest.fixture(scope="module")
def embassy_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("embassy")
    return _embassy_index(root, _EMBASSY)


def _embassy_index(root, embassy):
    """An index of the filler files, the talks file and ``embassy`` as embassy.txt."""
    files = dict(_FILLER, **{"embassy.txt": embassy, "talks.txt": _TALKS})
    for name, text in files.items():
        (root / name).write_text(text + "\n", encoding="utf-8")
    return Index.build(root, embedder=FakeEmbedder(), progress=False)


def test_an_unmentioned_rare_name_means_the_sources_do_not_answer(embassy_index):
    assert embassy_index.idf_of("thailand") >= NAME_MIN_IDF
    answer = embassy_index.ask("Who is the ambassador to Thailand?")
    assert answer.passages[0].text == _EMBASSY  # the closest passage is the wrong embassy
    assert not answer.supported and answer.answer is None
    assert "never mention Thailand" in answer.reason


def test_the_same_question_about_a_mentioned_name_is_answered(embassy_index):
    answer = embassy_index.ask("Who is the ambassador to Cambodia?")
    assert answer.supported and "Kim Chol" in answer.answer


def test_a_name_said_in_the_surroundings_of_the_passage_counts(tmp_path):
    # The talks paragraph is said in two files, so it stays a passage of its own; in
    # embassy.txt it sits just before the ambassador's paragraph and names the country
    # the ambassador's paragraph calls "there".
    there = _EMBASSY.replace("The ambassador to Cambodia", "The ambassador there")
    index = _embassy_index(tmp_path, f"{_TALKS}\n\n{there}")
    answer = index.ask("Who is the ambassador to Thailand?")
    assert answer.passages[0].text == there
    assert answer.supported and "Kim Chol" in answer.answer


@pytest.mark.parametrize(("gap", "supported"), [(1, True), (8, False)])
def test_the_surroundings_reach_a_page_or_two_and_no_further(tmp_path, gap, supported):
    # The country is named once, then `gap` thousand characters of other paragraphs: within
    # NAME_CONTEXT_CHARS it still counts for the ambassador "there", beyond it it does not.
    from nkqa.checks import NAME_CONTEXT_CHARS

    there = _EMBASSY.replace("The ambassador to Cambodia", "The ambassador there")
    line = "Paragraph {} of the diary records the weather and the market prices of rice."
    between = [line.format(i) for i in range(13 * gap)]
    assert (len("\n\n".join(between)) < NAME_CONTEXT_CHARS) is supported
    opening = [line.format(f"0.{i}") for i in range(5)]  # the file's head names no country
    story = "\n\n".join([*opening, _TALKS, *between, there])
    index = _embassy_index(tmp_path, story)
    answer = index.ask("Who is the ambassador to Thailand?")
    assert there in answer.passages[0].text and "Thailand" not in answer.passages[0].text
    assert answer.supported is supported
    if not supported:
        assert "never mention Thailand" in answer.reason


def test_a_name_in_the_files_foot_counts_for_every_passage(tmp_path):
    # A copyright line names the source of the whole file, however far from the passage.
    line = "Paragraph {} of the diary records the weather and the market prices of rice."
    between = [line.format(i) for i in range(110)]
    story = "\n\n".join([_EMBASSY, *between, "(c) 2017 Thailand Herald"])
    index = _embassy_index(tmp_path, story)
    answer = index.ask("Who is the ambassador to Cambodia, according to the Thailand Herald?")
    assert _EMBASSY in answer.passages[0].text and "Herald" not in answer.passages[0].text
    assert answer.supported and "Kim Chol" in answer.answer


def test_another_place_where_the_question_has_one_is_refused(tmp_path):
    # Thailand is said just before the passage, so the name test passes; the quoted
    # sentence is about the ambassador to Cambodia all the same.
    index = _embassy_index(tmp_path, f"{_TALKS}\n\n{_EMBASSY}")
    answer = index.ask("Who is the ambassador to Thailand?")
    assert not answer.supported and "has Thailand where the closest sentence has Cambodia" in answer.reason


def test_a_name_said_twice_weighs_once(embassy_index):
    from nkqa.answer import question_names
    from nkqa.checks import _name_gap
    from nkqa.named import rare_stems

    def gap(question):
        names = [(n, rare_stems(embassy_index, n)) for n in question_names(question)]
        return _name_gap(embassy_index, question, names, _EMBASSY)

    once = gap("Who is the ambassador to Thailand?")
    twice = gap("Who is the ambassador to Thailand, in Thailand's capital?")
    assert once[0] == ["Thailand"] and twice[0] == ["Thailand", "Thailand's"]
    q_weight = sum(embassy_index.idf_of(t) for t in {"ambassador", "thailand", "capit"})
    assert twice[1] == pytest.approx(embassy_index.idf_of("thailand") / q_weight)


def test_a_quoted_sentence_never_runs_across_a_paragraph_break(tmp_path):
    # A caption without a full stop packs into the passage with the paragraphs around it;
    # read as one text, it would open the next paragraph's first sentence.
    story = (
        "The museum opened in 2015 and draws crowds of visitors.\n\n"
        "Photo: Reuters/John Doe\n\n"
        "The museum was built by the Mansudae Overseas Project Group.\n"
    )
    index = _story_index(tmp_path, "museum.txt", story)
    passage = next(p for p in index.passages if "Mansudae" in p.text)
    assert "Reuters/John Doe The museum" in passage.text  # one passage, paragraphs joined
    answer = index.ask("Who built the museum?", mode="bm25")
    assert answer.supported
    assert answer.answer == "The museum was built by the Mansudae Overseas Project Group."


def test_a_quote_that_refers_back_to_what_is_asked_takes_the_sentence_before(tmp_path):
    # "the company" stands for the name the sentence before gives: the quote must hold it.
    story = (
        "In 1994 a shipping company, the Norland Shipping Line, let the regime trade under the flag. "
        "The regime enjoyed royal protection as the company was founded and headed by Khek Vandy, "
        "a royal in-law. Later it was run by his son."
    )
    index = _story_index(tmp_path, "ships.txt", story + "\n")
    answer = index.ask("Which company was founded and headed by Khek Vandy?", mode="bm25")
    assert answer.supported and "Norland Shipping Line" in answer.answer and "Khek Vandy" in answer.answer
    # Without a reference back ("which firm"), the best window stands as scored.
    other = index.ask("Which firm was founded and headed by Khek Vandy?", mode="bm25")
    assert other.supported and "Norland" not in other.answer
    # An adjective before the kind's noun ("Which *royal* company...") is no bar.
    adjective = index.ask("Which royal company was founded and headed by Khek Vandy?", mode="bm25")
    assert adjective.supported and "Norland Shipping Line" in adjective.answer


def test_a_who_quote_that_says_he_takes_in_the_sentence_that_names_him(tmp_path):
    # News names a speaker once, in the paragraph before, and then quotes them.
    story = (
        "The region leans towards engagement with the North.\n\n"
        "Dino Patti Djalal, a former ambassador, summed up this sentiment in April.\n\n"
        "\u201cDon\u2019t underestimate persuasion,\u201d he said. "
        "\u201cTry to have a give-give-give approach instead of give and take.\u201d\n"
    )
    index = _story_index(tmp_path, "talks.txt", story)
    answer = index.ask("Who recommended a give-give-give approach instead of give and take?", mode="bm25")
    assert answer.supported and answer.answer.startswith("Dino Patti Djalal")
    assert answer.answer.endswith("give and take.\u201d")
    # Without "he" or "she" the quote does not reach back: nobody is named, so no answer.
    index = _story_index(tmp_path, "talks.txt", story.replace(" he said", " went the advice"))
    refused = index.ask("Who recommended a give-give-give approach instead of give and take?", mode="bm25")
    assert not refused.supported and "a name" in refused.reason


def test_a_quote_ending_in_a_colon_takes_the_literal_it_introduces(make_corpus):
    root = make_corpus({
        "plugins.md": "# Plugins\n\nYou can see a JSON list of the installed plugins by running this:\n\n"
        "```bash\nzorblat plugins --json\n```\n",
        **{name: text + "\n" for name, text in _FILLER.items()},
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("How do I see a JSON list of the installed plugins?", mode="bm25")
    assert answer.supported and answer.answer.endswith("by running this: zorblat plugins --json")
    assert (answer.answer_citation.start_line, answer.answer_citation.end_line) == (3, 6)


class _PiecedEmbedder(FakeEmbedder):
    """The fake model with a vocabulary: the words in ``lacks`` come in two pieces."""

    def __init__(self, lacks: set[str]) -> None:
        super().__init__()
        self._lacks = lacks

    def word_pieces(self, text: str) -> list[list[str]]:
        return [[w[:3], "##" + w[3:]] if w.lower() in self._lacks else [w] for w in re.findall(r"\w+", text)]


def test_a_lower_case_word_no_lexicon_holds_is_a_name_the_passage_must_say(make_corpus):
    root = make_corpus({
        **{f"filler{i}.txt": f"The {t} report number {i} was filed by the clerk in town.\n"
           for i, t in enumerate("rainfall harvest traffic census budget school".split())},
        "menu.txt": "At the Sudport restaurant near the harbour a plate of kimchi costs $12.\n",
    })
    kimchi = "How much does a plate of kimchi cost at the Sudport restaurant?"
    bibimbap = kimchi.replace("kimchi", "bibimbap")
    reads_names = Index.build(root, embedder=_PiecedEmbedder({"kimchi", "bibimbap"}), progress=False)
    assert coined_words(bibimbap, reads_names.word_pieces) == ["bibimbap"]
    answered, refused = reads_names.ask(kimchi), reads_names.ask(bibimbap)
    assert answered.supported and "$12" in answered.answer
    assert not refused.supported and "never mention bibimbap" in refused.reason
    # A model whose vocabulary holds the word reads it as any other: the same price comes back.
    knows_all = Index.build(root, embedder=_PiecedEmbedder(set()), progress=False)
    assert coined_words(bibimbap, knows_all.word_pieces) == []
    assert knows_all.ask(bibimbap).supported
    # Words of LemmInflect's lexicon ("plate", "harbour") and capitalised ones never count.
    assert coined_words("Which Zorbl harbour plate?", lambda w: [[w[:2], "##" + w[2:]]]) == []
    # A compound is a name when a part of it is one.
    pieces = {"sqlite": [["sq", "##lite"]], "migrate": [["migrate"]]}
    assert coined_words("When was sqlite-migrate released?", lambda w: pieces.get(w, [[w]])) == ["sqlite-migrate"]
    assert coined_words("Which high-level talks were held?", lambda w: [[w[:2], "##" + w[2:]]]) == []


def test_a_question_in_the_text_is_never_the_answer(tmp_path):
    asked = "Is your company or organization using zorblat?\n"
    index = _story_index(tmp_path, "using.txt", asked)
    answer = index.ask("Which company or organization is using zorblat?", mode="bm25")
    assert not answer.supported and answer.answer is None  # the other passages say nothing
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "using.txt").write_text(asked, encoding="utf-8")
    refused = Index.build(alone, embedder=FakeEmbedder(), progress=False).ask(
        "Which company or organization is using zorblat?", mode="bm25"
    )
    assert not refused.supported and "itself a question" in refused.reason


def test_another_release_of_the_same_thing_is_refused(make_corpus):
    root = make_corpus({
        "needs.txt": "The zorblat 3.x series requires Python 3.\n",
        **{name: text + "\n" for name, text in _FILLER.items()},
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    refused = index.ask("Which Python version does zorblat 4.0 require?", mode="bm25")
    assert not refused.supported and "zorblat 4.0" in refused.reason and "zorblat 3.x" in refused.reason
    answered = index.ask("Which Python version does zorblat 3.2 require?", mode="bm25")
    assert answered.supported and answered.answer == "The zorblat 3.x series requires Python 3."


def test_a_rename_read_the_other_way_is_refused(tmp_path):
    index = _story_index(tmp_path, "renames.txt", "In version 4 the quick_mode option is renamed to turbo_mode.\n")
    answered = index.ask("What was quick_mode renamed to?", mode="bm25")
    assert answered.supported and "turbo_mode" in answered.answer
    refused = index.ask("What was turbo_mode renamed to?", mode="bm25")
    assert not refused.supported and "other role" in refused.reason


def test_a_window_that_opens_a_list_after_a_colon_takes_in_the_whole_list(tmp_path):
    from nkqa.widen import with_literal
    from nkqa.windows import Window

    story = (
        "It is possible to override this by setting two variables:\n\n"
        "- ZORB_ON turns the colours on.\n- ZORB_OFF turns the colours off.\n\nSomething else entirely.\n"
    )
    index = _story_index(tmp_path, "colours.txt", story)
    passage = next(p for p in index.passages if "ZORB_ON" in p.text)
    first_item = passage.text.index("turns the colours on.") + len("turns the colours on.")
    pair = Window(passage, 0, first_item, 1.0, 0.5, True, 2.0)
    whole = with_literal(index, pair, "Which variable turns the colours off?", None)
    assert whole.text.endswith("ZORB_OFF turns the colours off.")
    # A window with no colon before a paragraph break stands as it is.
    item = Window(passage, passage.text.index("- ZORB_ON"), first_item, 1.0, 0.5, True, 2.0)
    assert with_literal(index, item, "Which variable turns the colours off?", None) == item


def test_a_window_with_the_asked_for_variable_is_not_outscored_by_the_words_for_one(tmp_path):
    (tmp_path / "reads.txt").write_text("Environment variables set later do not stop zorblat while it runs.\n")
    index = _story_index(tmp_path, "off.txt", "Set ZORB_OFF=1 before it starts to stop zorblat.\n")
    answer = index.ask("Which environment variable stops zorblat?", mode="bm25")
    # ZORB_OFF is the environment variable asked for: the words "environment variable" the
    # other sentence says are no evidence it lacks.
    assert answer.supported and answer.answer == "Set ZORB_OFF=1 before it starts to stop zorblat."


def test_a_default_question_takes_in_the_default_stated_after_the_description(make_corpus):
    root = make_corpus({
        "limits.md": "# Limits\n\n- zorblat_parts - Stop parsing a zorblat body if more than this number of "
        "parts are received. This stops floods of tiny fields. The default is 1000.\n"
        "- zorblat_size - Stop reading a zorblat body after this many bytes.\n",
        **{name: text + "\n" for name, text in _FILLER.items()},
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("What is the default number of zorblat parts received?", mode="bm25")
    assert answer.supported and answer.answer.endswith("The default is 1000.")
    assert answer.answer.startswith("- zorblat_parts - Stop parsing")
    # Asked for no default, the quote is the description alone.
    plain = index.ask("What happens when more zorblat parts are received?", mode="bm25")
    assert "The default is" not in (plain.answer or "")


def test_a_sentence_that_denies_the_asked_for_thing_does_not_answer(make_corpus):
    root = make_corpus({
        "logging.md": "# Logging\n\nWe no longer have a custom trace level, and we no longer use the "
        "`ZORBLAT_LOG_LEVEL` environment variable to configure zorblat logging.\n",
        "colour.md": "# Colour\n\nSet `ZORBLAT_COLOUR` to configure zorblat colours.\n",
        **{name: text + "\n" for name, text in _FILLER.items()},
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    refused = index.ask("Which environment variable configures zorblat logging?", mode="bm25")
    assert not refused.supported and "denies" in refused.reason
    answered = index.ask("Which environment variable configures zorblat colours?", mode="bm25")
    assert answered.supported and "ZORBLAT_COLOUR" in answered.answer



def test_the_headings_above_a_window_count_for_half_of_what_they_say(make_corpus):
    root = make_corpus({
        "constitution.md": (
            "# Technical Committee\n\n## Procedure\n\nThe voting period lasts for one week.\n\n"
            "# General Resolution\n\n## Procedure\n\nThe voting period is 2 weeks.\n"
        ),
        "history.md": "# History\n\nThe project was founded in 1993 by a student.\n",
        "servers.md": "# Servers\n\nThe servers moved to the Netherlands after a fire.\n",
        "names.md": "# Names\n\nEach release is named for a character of a film.\n",
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("How long does the voting period of a General Resolution last?", mode="bm25")
    # Re-ranked by its best window, the passage under the question's heading comes first.
    assert answer.passages[0].section == "General Resolution › Procedure"


class _Weights:
    """Just what the name gap reads of an index: its tokenizer and idf."""

    def __init__(self, idf: dict[str, float]) -> None:
        self.idf = idf

    def tokenize(self, text: str) -> list[str]:
        from nkqa.tokenizer import tokenize

        return tokenize(text)

    def idf_of(self, term: str) -> float:
        return self.idf.get(term, 1.0)


def test_a_name_of_several_words_weighs_whole_when_a_word_of_it_is_missing():
    from nkqa.checks import NAME_GAP_LIMIT, _name_gap

    # "software" and "public" are common in the collection, "interest" is rare: alone it
    # weighs under the limit, but the passage has not named Software in the Public Interest.
    weights = _Weights({"softwar": 2.0, "public": 2.0, "interest": 1.5, "postal": 1.5, "address": 2.0})
    question = "What is the postal address of Software in the Public Interest?"
    rare = [("Interest", {"interest"})]
    context = "The public software archive is kept at the office; write to its postal address."
    unmentioned, gap = _name_gap(weights, question, rare, context)
    assert unmentioned == ["Interest"]
    assert 1.5 / 9.0 < NAME_GAP_LIMIT <= gap == 5.5 / 9.0  # the whole run's weight
    said = context + " Software in the Public Interest runs it."
    assert _name_gap(weights, question, rare, said) == ([], 0.0)


def _ledger_index(root, name, text):
    """An index of 24 ledger notes (for the idf of rare words) and ``text`` as ``name``."""
    for i in range(24):
        (root / f"note-{i}.txt").write_text(f"Note {i} of the ledger records the weather and the tides.\n")
    (root / name).write_text(text)
    return Index.build(root, embedder=FakeEmbedder(), progress=False)


def test_a_question_about_today_is_answered_by_the_current_holder(tmp_path):
    # "today" is said by "current": the first editor's sentence, which says the question's
    # other words as well, neither outranks it nor passes for the answer.
    index = _ledger_index(tmp_path, "guide.txt", (
        "The first edition of the harbour guide was written and maintained by Annika Lindqvist.\n\n"
        "Later editions of the harbour guide were printed in Harwick. The current maintainer is Javier Morales.\n"
    ))
    for mode in ("hybrid", "bm25"):
        answer = index.ask("Who maintains the harbour guide today?", mode=mode)
        assert answer.supported and "Javier Morales" in answer.answer


def test_a_window_that_leaves_out_a_name_its_passage_says_is_quoted_last(tmp_path):
    # "in Zorbland" restricts the question: the general sentence before the list says every
    # other word of it, but not which trust holds assets there.
    index = _ledger_index(tmp_path, "trusts.txt", (
        "There are a number of trusts created in different lands that hold assets for the weavers' guild. "
        "The guild's page lists them. At this writing there are two: the Harbour Fund (in Quillon) "
        "and Loomhold (Zorbland and Varnia).\n"
    ))
    question = "Which trust holds assets for the weavers' guild in Zorbland?"
    answer = index.ask(question, mode="bm25")
    assert answer.supported and "Loomhold" in answer.answer
    answer = index.ask(question, mode="hybrid")
    assert not answer.supported or "Zorbland" in answer.answer
