"""Attribute coverage, answer categories, direction swaps and the confidence model."""

import re

import numpy as np
import pytest

from nkqa.answer_type import AnswerType
from nkqa.answer_type import answer_type
from nkqa.counting import counted_numbers
from nkqa.twins import owner_conflict, twin_conflict
from nkqa.defaults import unsaid_default
from nkqa.unsaid import unsaid_verb
from nkqa.attribute import (
    answer_category,
    attribute_gap,
    attribute_terms,
    count_binding,
    counted_words,
    soft_coverage,
)
from nkqa.direction import Agent, direction_swap, passive_agent
from nkqa.conflict import attachment_conflict, modifier_conflict, name_conflict, slot_conflict, year_conflict
from nkqa.ownership import (
    contrasted_conflict, count_place_conflict, date_conflict, excepted_conflict, section_release_conflict,
    year_clause_conflict,
)
from nkqa.confidence import Signals, confidence
from nkqa.index import Index
from nkqa.passage import NOT_ANSWERED

from conftest import FakeEmbedder


def _stem(text: str) -> list[str]:
    """A stand-in for the index's tokenizer: lower-cased words, a plural's s dropped."""
    words = re.findall(r"[a-z]+", text.lower())
    return [w[:-1] if w.endswith("s") else w for w in words]


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("Which company built the museum?", "company"),
        ("In which city did they first meet?", "city"),
        ("What is Julio Jeldres's role in Cambodia?", "role"),
        ("What is the population of Pyongyang?", "population"),
        ("What is the GDP of Laos?", None),  # an acronym is written like a name
        ("What did Duterte call Kim?", None),
        ("Who built the museum?", None),
        ("How many rooms are there?", None),
        # A bound orders the asked-for thing; the noun after it is its kind.
        ("What is the largest image the tool will embed?", "image"),
    ],
)
def test_answer_category(question, category):
    assert answer_category(question) == category


def test_attribute_terms_leave_out_names_type_words_category_and_stop_words():
    terms = attribute_terms(
        "How much did the Visakha coach earn each month?", ["Visakha"], AnswerType.NUMBER
    )
    assert terms == ["coach", "earn", "month"]
    assert attribute_terms("Which company built the museum?", [], None) == ["built", "museum"]
    assert attribute_terms("What do they do besides waiting tables?", [], None) == ["waiting", "tables"]
    # A where-question's "held" or "located" asks for the place itself.
    assert attribute_terms("Where was the 2019 summit held?", [], AnswerType.NAME) == ["summit"]
    # "Where does he work?" asks for a place as "where is it located?" does.
    assert attribute_terms("Where does Carl Baker work?", ["Carl", "Baker"], AnswerType.NAME) == []
    assert attribute_terms("Who held the 2019 summit?", [], AnswerType.NAME) == ["held", "summit"]


def test_attribute_gap_is_the_idf_weighted_share_left_unsaid():
    idf = {"room": 3.0, "embassy": 1.0}.get
    gap = attribute_gap(["rooms", "embassy"], "The embassy is next to the monument.", stem=_stem, idf=idf, encode=None)
    assert gap == pytest.approx(0.75)
    said = attribute_gap(["rooms", "embassy"], "The embassy has 60 rooms.", stem=_stem, idf=idf, encode=None)
    assert said == 0.0
    assert attribute_gap([], "Anything.", stem=_stem, idf=idf, encode=None) == 0.0


def test_a_word_the_model_places_near_counts_as_said():
    vectors = {"footballers": [1.0, 0.0], "players": [0.9, np.sqrt(1 - 0.81)], "five": [0.0, 1.0]}

    def encode(words):
        return np.array([vectors.get(w.lower(), [0.0, 1.0]) for w in words], dtype=np.float32)

    idf = lambda term: 1.0  # noqa: E731
    near = attribute_gap(["footballers"], "Five players signed.", stem=_stem, idf=idf, encode=encode)
    assert near == 0.0  # cosine 0.9 is past SOFT_HIGH
    far = attribute_gap(["footballers"], "Five signed.", stem=_stem, idf=idf, encode=encode)
    assert far == 1.0  # cosine 0 is below SOFT_LOW


@pytest.mark.parametrize(
    ("question", "window", "names", "swapped"),
    [
        (
            "Which leader built a palace in Pyongyang for Kim Il Sung?",
            "In the 1970s, Kim Il Sung built a palace in Pyongyang for Sihanouk.",
            ["Pyongyang", "Kim", "Il", "Sung"],
            "Kim Il Sung",
        ),
        # A passive sentence keeps the roles.
        (
            "Who built a palace for Kim Il Sung?",
            "A palace was built for Kim Il Sung by the state.",
            ["Kim", "Il", "Sung"],
            None,
        ),
        # A name before a noun modifies it: "the Visakha coach" is no subject.
        ("Who coaches the Visakha club?", "said Hok Sochivoan, the Visakha coaches the team.", ["Visakha"], None),
        (
            "What currency did the restaurant in the Cambodian capital insist on?",
            "When a guest asked to pay in Cambodian currency, the waitress said no.",
            ["Cambodian"],
            None,
        ),
        ("Who built a palace for Sihanouk?", "Kim built a palace for Sihanouk.", ["Sihanouk"], None),
        # The subject stands before an auxiliary or an adverb, and the object may be a figure.
        (
            "How many delegations has Hanoi sent to Pyongyang?",
            "Pyongyang has sent 95 delegations to the region.",
            ["Hanoi", "Pyongyang"],
            "Pyongyang",
        ),
        (
            "Which ship was found by Jakarta?",
            "Jakarta also found a ship.",
            ["Jakarta"],
            None,
        ),
        # A past-tense verb may take a name as its object; a title before a name is no verb.
        (
            "Why had North Korea expelled Malaysia's ambassador?",
            "Even as Malaysia expelled North Korea's ambassador, ties held.",
            ["North", "Korea", "Malaysia's"],
            "Malaysia",
        ),
        (
            "Who hosted the meeting between the American president and the Korean leader?",
            "The summit between South Korean President Moon and the North's leader came first.",
            ["American", "Korean"],
            None,
        ),
        # An irregular past meets its verb: "send" and "sent" are one pivot.
        (
            "How many delegations did Hanoi send to Pyongyang?",
            "Pyongyang has sent 95 delegations to the region.",
            ["Hanoi", "Pyongyang"],
            "Pyongyang",
        ),
        # A name in the next clause is that clause's: Phnom Penh seized the tanker in both.
        (
            "What ship had Jakarta seized two years before Phnom Penh seized the tanker?",
            "Phnom Penh also seized a tanker, echoing Jakarta's seizure of a ship.",
            ["Jakarta", "Phnom", "Penh"],
            None,
        ),
        # A passive window's subject undergoes the verb: the question's doer is its patient.
        (
            "Whom had Sihanouk welcomed to Phnom Penh?",
            "Sihanouk (L) is welcomed in 1975 to Pyongyang by Kim.",
            ["Sihanouk", "Phnom", "Penh"],
            "Sihanouk",
        ),
        (
            "Whom had Sihanouk welcomed to Phnom Penh?",
            "Sihanouk welcomed the prince to Phnom Penh.",
            ["Sihanouk", "Phnom", "Penh"],
            None,
        ),
        # "seized by Phnom Penh" names the agent: no swap when Phnom Penh seized it.
        (
            "What was the tanker seized by Phnom Penh carrying?",
            "Phnom Penh also seized an oil tanker.",
            ["Phnom", "Penh"],
            None,
        ),
        # A month is no actor: "in March" after the verb, "In March, Phnom Penh seized" before it.
        (
            "What did Phnom Penh seize in March?",
            "In March, Phnom Penh seized a tanker.",
            ["Phnom", "Penh", "March"],
            None,
        ),
        (
            "What was seized from Indonesia?",
            "Indonesia was also seized from a ship.",
            ["Indonesia"],
            None,
        ),
        # The kind a which-question asks for is the answer's noun, not a verb: the museum
        # celebrates the Angkor empire, and "empire with" relates nobody.
        (
            "Which empire does the Angkor Museum celebrate?",
            "It is a celebration of the ancient Angkor empire with a mosaic.",
            ["Angkor", "Museum"],
            None,
        ),
        # A compound with a lower-case tail modifies the noun after it: no subject.
        (
            "How many restaurants in the Pyongyang style does Phnom Penh have?",
            "There are two Pyongyang-style restaurants in Siem Reap and four in Phnom Penh.",
            ["Pyongyang", "Phnom", "Penh"],
            None,
        ),
        # A question's be-form before its subject makes the participle passive: the subject
        # is the patient in both, not the window's doer in the question's place.
        (
            "When was Zorblat created?",
            "Zorblat was created in June 2018 by Tom Quill, and has grown since.",
            ["Zorblat"],
            None,
        ),
        # ...but not across a clause: "when" opens one whose verb is active.
        (
            "Where was the fair when Zorblat hired Quill?",
            "Quill hired Zorblat in 2018.",
            ["Zorblat", "Quill"],
            "Quill",
        ),
    ],
)
def test_direction_swap(question, window, names, swapped):
    assert direction_swap(question, window, names, stem=_stem) == swapped


def _rare(name: str) -> bool:
    # The collection's topic and its aliases are common; every other name is rare.
    return name[0].isupper() and name.lower() not in {"pyongyang", "north", "korea"}


@pytest.mark.parametrize(
    ("question", "window", "names", "agent"),
    [
        # The window's doer is another person of the same family.
        (
            "In what year did Khek Sakara found the shipping company?",
            "The company was founded and headed by Khek Vandy, the husband of Bouphe Devi.",
            ["Khek", "Sakara"],
            Agent("founded", "Khek Vandy", "Khek Sakara"),
        ),
        ("When did Khek Vandy found the company?", "The company was founded by Khek Vandy.", ["Khek", "Vandy"], None),
        # A short form of the question's name is the same doer.
        ("When did Kim Jong Un build the palace?", "The palace was built by Kim.", ["Kim", "Jong", "Un"], None),
        # Aliases of the collection's topic are no other doer.
        ("When did Pyongyang build the palace?", "The palace was built by North Korea.", ["Pyongyang"], None),
        # The question asks for the doer; the window says only that it was done.
        (
            "Which judge sentenced the Singaporean trader?",
            "A Singaporean businessman was sentenced to 34 months in jail.",
            ["Singaporean"],
            Agent("sentenced", None, None),
        ),
        ("Who built the museum?", "It was built by the Mansudae Overseas Project Group.", [], None),
        # An active use of the verb may name the doer; "by email" names nobody.
        ("Who sentenced the trader?", "A judge sentenced him; he was sentenced to jail.", [], None),
        ("Who sent the letter?", "The letter was sent by email.", [], None),
        # A passive question, or one whose verb has its own subject, is not asking for the doer.
        ("Who was sentenced to jail?", "A businessman was sentenced to jail.", [], None),
        ("Which trader did the court sentence?", "A trader was sentenced to jail.", [], None),
        # A word no verb takes is no passive verb after a form of *be*.
        ("Which journalist called the ties far more uncertain?", "Current ties are far more uncertain.", [], None),
        # A gerund is no clause's verb: the question asks what restores, not who created.
        ("Which flag restores the behaviour of creating every column as TEXT?",
         "Previously every column was created as TEXT.", [], None),
        # The window names the asked-for kind of thing right after the verb...
        ("Which table records the applied migrations?",
         "Each applied migration is recorded in the migrations table.", [], None),
        # ...not somewhere else in it.
        # A question's be-form before its subject makes its verb passive: the subject is
        # the patient, and the window's doer is no other doer of it.
        ("When was Zorblat created?", "Zorblat was created in June 2018 by Tom Quill.", ["Zorblat"], None),
        ("Which Cambodian leader built a palace for Kim Il Sung?",
         "King Sihanouk befriended the supreme leader Kim Il Sung. A palace was built outside Pyongyang for the monarch.",
         ["Cambodian", "Kim", "Il", "Sung"], Agent("built", None, None)),
        # A dotted number is one word: the *by* phrase after "for version 1.3.2" is in reach.
        ("Who wrote the manual for version 1.3.2?",
         "Most of it was written for version 1.3.2 by Mike Vanier, maintainer at that time.", [], None),
        # A participle after the question's own verb modifies a noun: the builder is asked.
        ("Which company built a Linux system certified to conform to FIPS 151-2?",
         "Unifix GmbH developed a Linux system that has been certified to conform to FIPS 151-2.",
         ["Linux", "FIPS"], None),
    ],
)
def test_passive_agent(question, window, names, agent):
    assert passive_agent(question, window, names, stem=_stem, rare=_rare) == agent


def test_confidence_rises_with_evidence_and_falls_with_each_gap():
    base = Signals(evidence=1.6, attribute_gap=0.0, name_gap=0.0, type_missing=False, swapped=False)
    sure = confidence(base, vectors=True)
    assert 0.0 < sure < 1.0
    assert confidence(Signals(2.0, 0.0, 0.0, False, False), vectors=True) > sure
    for weaker in (
        Signals(1.6, 0.6, 0.0, False, False),
        Signals(1.6, 0.0, 0.4, False, False),
        Signals(1.6, 0.0, 0.0, True, False),
        Signals(1.6, 0.0, 0.0, False, True),
    ):
        assert confidence(weaker, vectors=True) < sure
    assert confidence(Signals(0.9, 0.0, 0.0, False, False), vectors=False) > confidence(
        Signals(0.2, 0.0, 0.0, False, False), vectors=False
    )


@pytest.mark.parametrize(
    ("question", "names", "counted"),
    [
        ("How many North Korean laborers were based in the Gulf?", ["North", "Korean", "Gulf"], ["laborers"]),
        ("Roughly how many DPRK workers toiled in hazardous jobs?", ["DPRK"], ["workers", "toiled", "hazardous", "jobs"]),
        ("How many rooms did the palace have?", [], ["rooms"]),
        ("How much did the palace cost?", [], []),
    ],
)
def test_counted_words(question, names, counted):
    assert counted_words(question, names) == counted


def test_counted_numbers_skip_years_money_and_quoted_figures():
    text = "In 2017 an estimated 8,000 or more North Korean laborers earned US$500 each; a 60-room palace."
    assert counted_numbers(text, "How many laborers?") == [
        (["or", "more", "north", "korean", "laborers", "earned"], None),
        (["room", "palace"], "palace"),  # a hyphenated count describes the noun after it
    ]
    assert counted_numbers("It owned 12 ships.", "Did it own 12 ships?") == []


def test_a_count_of_something_else_does_not_bind():
    vectors = {"goals": [1.0, 0.0], "tallies": [0.95, np.sqrt(1 - 0.95**2)], "players": [0.0, 1.0]}

    def encode(words):
        return np.array([vectors.get(w.lower(), [0.0, 1.0]) for w in words], dtype=np.float32)

    question = "How many goals have the players scored?"
    bind = lambda window: count_binding(question, window, [], stem=_stem, encode=encode)  # noqa: E731
    assert bind("They scored 12 goals last year.") == 1.0  # by stem
    assert bind("They ran up 12 tallies.") == 1.0  # a word the model places near
    assert bind("Five players were playing for the club.") == 0.0  # five players, not goals
    assert bind("The club was founded in 1998.") == 0.0  # a year counts nothing
    assert bind("Each team may score exactly one goal a game.") == 1.0  # "one" made a count
    assert count_binding("How much do they earn?", "They earn $70.", [], stem=_stem, encode=encode) is None
    assert count_binding(question, "Five players.", [], stem=_stem, encode=None) is None  # bm25 mode


def test_a_bare_figure_counts_the_unit_its_sentence_names():
    def encode(words):
        return np.eye(len(words), 2, dtype=np.float32)  # no two words alike

    question = "For how many seconds may browsers cache the responses by default?"
    bind = lambda window: count_binding(question, window, [], stem=_stem, encode=encode)  # noqa: E731
    assert bind("max_age - A maximum time in seconds to cache responses. Defaults to 600.") == 1.0
    assert bind("max_age - A maximum time in minutes to cache responses. Defaults to 600.") == 0.0


def test_a_hyphenated_count_binds_only_for_the_noun_it_describes():
    def encode(words):
        return np.ones((len(words), 2), dtype=np.float32) / np.sqrt(2)  # every word alike

    window = "Kim Il Sung built a 60-room palace in Pyongyang for Sihanouk."
    bind = lambda question: count_binding(question, window, ["Kim"], stem=_stem, encode=encode)  # noqa: E731
    assert bind("How many rooms did the palace have?") == 1.0
    # The palace's rooms are not the embassy's, however near the model places the words.
    assert bind("How many rooms does the embassy have?") == 0.0


def _filler(copies: int = 1) -> dict[str, str]:
    """Files about other things, so that the test's own words are rare (idf)."""
    topics = copies * "rainfall harvest traffic census budget school harbour".split()
    return {f"filler{i}.txt": f"The {topic} report number {i} was filed by the clerk in town.\n" for i, topic in enumerate(topics)}


def test_an_answer_that_leaves_the_asked_attribute_unsaid_is_refused(make_corpus):
    root = make_corpus({
        **_filler(),
        "embassy.txt": "The embassy of Norland stands next to the monument of King Aldo in Sudport.\n",
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answered = index.ask("Where does the embassy of Norland stand in Sudport?")
    assert answered.supported and 0.0 < answered.confidence <= 1.0
    refused = index.ask("Who renovated and repainted the Norland embassy in Sudport?")
    assert not refused.supported and refused.reason.startswith(NOT_ANSWERED)
    assert "unsaid" in refused.reason
    assert refused.confidence < answered.confidence
    assert refused.to_dict()["confidence"] == pytest.approx(refused.confidence, abs=1e-4)


def _answered_and_refused(root, answerable: str, unanswerable: str, reason: str, quoted: str) -> None:
    """``answerable`` is answered with ``quoted`` in its quote; ``unanswerable``, a question
    about the same sentence, is refused for ``reason``, with lower confidence."""
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answered, refused = index.ask(answerable), index.ask(unanswerable)
    assert answered.supported and quoted in answered.answer
    assert not refused.supported and reason in refused.reason
    assert refused.confidence < answered.confidence


def test_a_count_of_something_else_is_refused(make_corpus):
    root = make_corpus({**_filler(), "club.txt": "Five Norland players are employed by the Sudport football club.\n"})
    _answered_and_refused(
        root,
        "How many players does the Sudport football club employ?",
        "How many coaches does the Sudport football club employ?",
        "counts something other",
        "Five Norland players",
    )


@pytest.mark.parametrize(
    ("question", "window", "names", "conflict"),
    [
        ("Which club in Vietnam fields North Korean players?", "Five North Korean players play for a club in Cambodia's top division.",
         ["Vietnam"], ("Vietnam", "Cambodia's")),
        # The question's place is said: no conflict, whatever else the window names.
        ("Which club in Cambodia fields North Korean players?", "Five North Korean players play for a club in Cambodia, near Hanoi.",
         ["Cambodia"], None),
        # The window names no other place after a preposition: the name test decides.
        ("Which club in Vietnam fields North Korean players?", "Five North Korean players play for the club.", ["Vietnam"], None),
        # A name the question does not place after a preposition is not held to.
        ("Which Vietnam club fields players?", "A club in Cambodia fields players.", ["Vietnam"], None),
        # A common name the caller left out is not held to either.
        ("Which club in Vietnam fields players?", "A club in Cambodia fields players.", [], None),
        # "according to" names a source, and a month is no place.
        ("When did it open, according to Channel News Asia?", "It opened in Siem Reap.", ["Channel", "News", "Asia"], None),
        ("Which club in Vietnam fields players?", "It was founded in December.", ["Vietnam"], None),
    ],
)
def test_name_conflict(question, window, names, conflict):
    assert name_conflict(question, window, names, stem=_stem) == conflict


@pytest.mark.parametrize(
    ("question", "window", "conflict"),
    [
        ("How many workers did Cambodia expel in 2010?", "In January 2020, Cambodia expelled 115 workers.", ("2010", "2020")),
        ("How many workers did Cambodia expel in 2020?", "In January 2020, Cambodia expelled 115 workers.", None),
        # A window without a year cannot say the fact is that year's ("last year" is no year).
        ("How many grenades were found in 2015?", "The ship carried 30,000 grenades last year.", ("2015", "no year")),
        # A range bounds the fact rather than dating it.
        ("How many laborers were in the Gulf before 2017?", "In 2016 some 8,000 laborers were in the Gulf.", None),
        ("Who won the election?", "The election of 1993 was won by Funcinpec.", None),
        # The opposite bound on the same year is another span of time.
        ("How many laborers remained in the Gulf after 2017?", "Some 8,000 laborers were based there prior to 2017.",
         ("after 2017", "prior to 2017")),
        ("How many laborers were in the Gulf before 2017?", "Some 8,000 laborers were based there prior to 2017.", None),
        ("How many laborers remained after 2017?", "Laborers came before 2017 and stayed after 2017.", None),
        # A month dates the fact as a year does, in full or abbreviated; "May" only before a number.
        ("How many people attended the summit on April 27?", "Seven diplomats met the Americans.", ("April", "no month")),
        ("Who visited in May 2018?", "He visited in June 2018.", ("May", "June")),
        ("Who led a delegation in April?", "He led a delegation in Apr. 2018.", None),
        ("May I ask who built it?", "Mansudae built it.", None),
    ],
)
def test_year_conflict(question, window, conflict):
    assert year_conflict(question, window) == conflict


@pytest.mark.parametrize(
    ("question", "window", "names", "fires"),
    [
        # A subordinate clause is no cut: the date is of the sentence that names him.
        ("When did Hor Namhong become foreign minister?",
         "In 2012, when Cambodia chaired ASEAN, Foreign Minister Hor Namhong led a delegation.", ["Hor", "Namhong"], False),
        ("When did Hor Namhong become foreign minister?",
         "Hor Namhong spoke; the council met in 2012.", ["Hor", "Namhong"], True),
        # The only dated sentence is about someone else.
        ("When did Phay Siphan become spokesman?",
         "Spokesman Chum Sounry spoke after a meeting in January. Phay Siphan told reporters.", ["Phay", "Siphan"], True),
        ("When did Hor Namhong visit Pyongyang?", "In 2012 Foreign Minister Hor Namhong visited Pyongyang.", ["Hor", "Namhong"], False),
        # A pronoun may stand for the name.
        ("When did Hor Namhong become minister?", "Hor Namhong is a diplomat. He became minister in 1990.", ["Hor", "Namhong"], False),
        ("When did Hor Namhong become minister?", "Hor Namhong became minister long ago.", ["Hor", "Namhong"], False),
        # ...but not when a name of its own clause comes before it.
        ("When did Nepal deport workers?",
         "Thailand and Nepal deported a few. In the Persian Gulf, where 8,000 were based prior to 2017, "
         "the hosts said they had ended it.", ["Nepal"], True),
        # A date the question says is no answer, so no clause is dated.
        ("What did Hor Namhong do in 2012?", "In 2012, when Cambodia chaired ASEAN, a delegation went.", ["Hor", "Namhong"], False),
        ("When did it happen?", "In 2012, when Cambodia chaired ASEAN, a delegation went.", [], False),
    ],
)
def test_date_conflict(question, window, names, fires):
    found = date_conflict(question, window, names, stem=_stem)
    assert (found is not None) == fires
    if fires:
        assert found[0] == " ".join(names) and "does not name it" in found[1]


@pytest.mark.parametrize(
    ("question", "window", "names", "conflict"),
    [
        # India is in the window, but the trade volume is with the DPRK.
        ("What was Thailand's 2019 trade volume with India?",
         "India and Thailand saw 2019 trade volumes with the DPRK drop to $12 million.", ["Thailand", "India"],
         ("India", "DPRK")),
        ("What was Thailand's 2019 trade volume with India?",
         "Thailand's trade volume with India rose; its trade volume with the DPRK fell.", ["Thailand", "India"], None),
        # The noun must be the same, and the name after it another.
        ("What was Thailand's trade volume with India?", "Thailand met India and talked with the DPRK.", ["Thailand", "India"], None),
        ("Who is the envoy to Laos?", "The envoy to the Lao capital, Vientiane, is new.", ["Laos"], None),
        ("Who is the envoy to Laos?", "Kim, the envoy to Vietnam, met him.", ["Laos"], ("Laos", "Vietnam")),
        # The name may close the phrase another name opens.
        ("How many worked in Sarawak?", "About 300 worked in the Malaysian state of Sarawak.", ["Sarawak"], None),
    ],
)
def test_attachment_conflict(question, window, names, conflict):
    assert attachment_conflict(question, window, names, stem=_stem) == conflict


@pytest.mark.parametrize(
    ("question", "window", "names", "fires"),
    [
        # The question's year is another fact's: Cambodia's report, not the seizure of the ship.
        ("Who seized the ship Wise Honest in 2020?",
         "In January 2020, Cambodia reported to the committee. Phnom Penh seized a tanker, echoing "
         "the seizure of the ship Wise Honest two years earlier.", ["Wise", "Honest"], True),
        ("Who seized the ship Wise Honest in 2019?",
         "In 2019 Indonesia seized the ship Wise Honest.", ["Wise", "Honest"], False),
        # A kin name says the name ("Indonesia" for "Indonesian"), a pronoun may stand for it.
        ("Which Indonesian president did he meet in 2016?",
         "In October 2016, an official cancelled a trip to Indonesia.", ["Indonesian"], False),
        ("What did Norland sign in 2012?", "Norland is a small state. In 2012 it signed a treaty.", ["Norland"], False),
        # No year in the window is year_conflict's, no year in the question nobody's.
        ("Who seized the ship Wise Honest in 2020?", "Indonesia seized the ship Wise Honest.", ["Wise", "Honest"], False),
        ("Who seized the ship Wise Honest?", "In 2020 Cambodia reported it.", ["Wise", "Honest"], False),
    ],
)
def test_year_clause_conflict(question, window, names, fires):
    found = year_clause_conflict(question, window, names, stem=_stem)
    assert (found is not None) == fires
    if fires:
        assert found[0] == " ".join(names) and found[1].startswith("2020 only in a clause")


@pytest.mark.parametrize(
    ("question", "window", "names", "fires"),
    [
        # The count is the Persian Gulf's, the deportations Nepal's.
        ("How many workers did Nepal deport?",
         "Thailand and Nepal deported a few. Further afield in the Persian Gulf, where 8,000 workers "
         "were based, the hosts ended it.", ["Nepal"], True),
        # A count's clause that names no place may be the question's, and a month is no place.
        ("How many diplomats attended the seminars in Siem Reap?",
         "Seminars were held in Siem Reap. Seven diplomats met with Americans.", ["Siem", "Reap"], False),
        ("How long is the mosaic at the Norland museum?",
         "The Norland museum opened. Opened in December, it has a 120m mosaic.", ["Norland"], False),
        # A clause that names the question's name owns its count.
        ("How many workers did Nepal deport?", "Nepal deported 300 workers to the Gulf.", ["Nepal"], False),
    ],
)
def test_count_place_conflict(question, window, names, fires):
    assert (count_place_conflict(question, window, names, stem=_stem) is not None) == fires


def test_a_date_of_someone_else_is_refused(make_corpus):
    root = make_corpus({**_filler(2), "council.txt": (
        "Minister Aldo Brenn addressed the council in Sudport. Cara Dune visited Norland in 2012.\n"
    )})
    _answered_and_refused(
        root,
        "When did Cara Dune visit Norland?",
        "When did Aldo Brenn address the council in Sudport?",
        "does not name it",
        "in 2012",
    )


def test_soft_coverage_credits_a_paraphrase_by_its_weight():
    vectors = {"eateries": [1.0, 0.0, 0.0, 0.0], "restaurants": [0.9, np.sqrt(1 - 0.81), 0.0, 0.0],
               "capital": [0.0, 0.0, 1.0, 0.0]}

    def encode(words):
        return np.array([vectors.get(w.lower(), [0.0, 0.0, 0.0, 1.0]) for w in words], dtype=np.float32)

    idf = {"eaterie": 3.0, "capital": 1.0}.get
    question = "How many eateries in the capital?"
    # "eateries" is said in other words (cosine 0.9, full credit), "capital" not at all.
    soft = soft_coverage(question, "Two restaurants opened.", stem=_stem, idf=lambda t: idf(t, 0.0), encode=encode)
    assert soft == pytest.approx(3.0 / 4.0)
    # A word the window has by its stem is coverage's, not this share's.
    said = soft_coverage(question, "Two eateries in the capital.", stem=_stem, idf=lambda t: idf(t, 0.0), encode=encode)
    assert said == 0.0
    unrelated = soft_coverage(question, "The museum closed.", stem=_stem, idf=lambda t: idf(t, 0.0), encode=encode)
    assert unrelated == 0.0


@pytest.mark.parametrize(
    ("question", "window", "names", "conflict"),
    [
        # Another actor of the same verb.
        ("What was the name of the tanker Indonesia seized?", "In March, Phnom Penh also seized an oil tanker.",
         ["Indonesia"], ("Indonesia", "Phnom Penh")),
        # Another object of the same verb.
        ("When did Feltman visit Phnom Penh?", "Feltman visited Pyongyang in December.", ["Feltman", "Phnom", "Penh"],
         ("Phnom Penh", "Pyongyang")),
        # The same name in the slot: no conflict, even beside another use of the verb.
        ("When did Feltman visit Pyongyang?", "Feltman visited Pyongyang and later visited Seoul.", ["Feltman", "Pyongyang"], None),
        ("When did Feltman visit Pyongyang?", "Feltman visited Pyongyang in December.", ["Feltman", "Pyongyang"], None),
        ("What did Indonesia seize?", "Officials said Malaysia seized the tanker.", ["Indonesia"], ("Indonesia", "Malaysia")),
        # A passive turns the roles round; it is not read.
        ("What did Indonesia seize?", "The tanker was seized by Malaysia.", ["Indonesia"], None),
        # A noun is no verb ("president" does not end in -ed), and a sentence's first word is no name.
        ("Who is the president of Pacific Forum?", "Honolulu-based Pacific Forum president Ralph Cossa said.", ["Pacific", "Forum"], None),
        ("What did Indonesia seize?", "Officials seized a tanker.", ["Indonesia"], None),
        # A question's be-form before its subject makes its verb passive: no subject slot.
        ("When was Zorblat created?", "Tom Quill created Zorblat in 2018.", ["Zorblat"], None),
        # The question's name owns the verb's noun: the window says it did it too.
        ("What was the ship Indonesia seized?", "Phnom Penh seized a tanker, echoing Indonesia’s seizure of a ship.",
         ["Indonesia"], None),
    ],
)
def test_slot_conflict(question, window, names, conflict):
    def stem(text):  # the index's stemmer takes "visited" and "seized" to their verbs too
        return [re.sub(r"(?<=[a-z]{3})(ed|e|d)$", "", w) for w in _stem(text)]

    assert slot_conflict(question, window, names, stem=stem) == conflict


def _kin_encode(texts):
    """Two nationalities at cosine 0.6 (kin), a country and its capital at 0.9 (one thing),
    anything else orthogonal."""
    table = {
        "philippine": [1.0, 0.0, 0.0], "us": [1.0, 0.0, 0.0], "singaporean": [0.6, 0.8, 0.0],
        "indonesian": [0.0, 0.0, 1.0], "jakarta": [0.0, np.sqrt(1 - 0.81), 0.9],
    }
    rows = []
    for i, text in enumerate(texts):
        rows.append(table.get(text.lower(), [0.0] * 3) + [0.0] * 8)
        rows[-1][3 + i % 8] = 0.0 if text.lower() in table else 1.0
    return np.array(rows, dtype=np.float32)


@pytest.mark.parametrize(
    ("question", "window", "conflict"),
    [
        ("What did the Philippine foreign minister say?", "Later, Singaporean Foreign Minister Vivian Balakrishnan spoke.",
         ("Philippine", "Singaporean")),
        # The question's name is said: the window may name others.
        ("What did the Philippine foreign minister say?", "Philippine and Singaporean foreign ministers spoke.", None),
        # Another way to say the same thing is no swap.
        ("What did the Indonesian officials say?", "Then Jakarta officials said no.", None),
        # An acronym may stand for the other name.
        ("What did the US envoy say?", "Then the Singaporean envoy spoke.", None),
        # An unrelated name before the noun is the thing's own name, not a kin one.
        ("How long is the Philippine museum?", "The new Panorama Museum is long.", None),
        # The question's name said in a kin form elsewhere is said: "Singaporean" in "Singapore".
        ("Which Singaporean university employs him?", "He is at the Philippine University of Singapore.", None),
    ],
)
def test_modifier_conflict(question, window, conflict):
    names = [w for w in re.findall(r"[A-Z][A-Za-z]+", question)[1:]]
    assert modifier_conflict(question, window, names, stem=_stem, encode=_kin_encode) == conflict
    assert modifier_conflict(question, window, names, stem=_stem, encode=None) is None  # bm25 mode



def test_a_passive_window_with_another_doer_is_refused(make_corpus):
    # Enough other passages that the doers' names are rare (idf >= NAME_MIN_IDF).
    root = make_corpus({
        **_filler(copies=3),
        "port.txt": "Aldo Kessel repaired the roof of the Sudport school.\n\n"
        "The Norland lighthouse was designed by Aldo Brenner in 1901.\n",
    })
    _answered_and_refused(
        root,
        "When did Aldo Brenner design the Norland lighthouse?",
        "When did Aldo Kessel design the Norland lighthouse?",
        "'designed' by Aldo Brenner, not by Aldo Kessel",
        "1901",
    )


@pytest.mark.parametrize(
    ("question", "window", "names", "verb"),
    [
        # The attribute is the verb alone, and the window never says it.
        ("Who founded the Pacific Forum?", "Ralph Cossa, president of the Pacific Forum, spoke.", ["Pacific", "Forum"], "founded"),
        # Said by its stem, or by a word that starts with it.
        ("Who founded the Pacific Forum?", "Cossa founded the Pacific Forum.", ["Pacific", "Forum"], None),
        ("Who owns the Pacific Forum?", "Its owner, Cossa, ran the Pacific Forum.", ["Pacific", "Forum"], None),
        # More attribute words than the verb: the attribute test weighs them together, but a
        # who-question's verb is the relation asked for unless a full name may say it otherwise.
        ("Who recommended a give-give-give approach?", "Dino Patti Djalal said: try a give-give-give approach.", [], None),
        ("Who recommended a give-give-give approach?", "Djalal said: try a give-give-give approach.", [], "recommended"),
        ("Who wrote the odyssey demo script?", "Run the odyssey demo script on Linux.", [], "wrote"),
        ("Which city did Kim visit after the Hanoi summit?", "Kim stayed in Hanoi after the summit.", ["Kim", "Hanoi"], None),
        # Which- and what-questions too; not where-questions, nor a word no verb takes.
        ("Which city did Kim visit in 2018?", "Kim travelled to Hanoi in 2018.", ["Kim"], "visit"),
        ("Where does Cossa work?", "Cossa, of the Pacific Forum.", ["Cossa"], None),
        ("How many people founded the Forum?", "The Forum is old.", ["Forum"], None),
        ("Who is the president of the Pacific Forum?", "The Pacific Forum is in Honolulu.", ["Pacific", "Forum"], None),
        # "Use" names no relation of its own: "does not support" says it.
        ("Which runtime can Zorblat not be used with?", "Zorblat does not support PyPy.", ["Zorblat"], None),
    ],
)
def test_unsaid_verb(question, window, names, verb):
    assert unsaid_verb(question, window, names, answer_type(question), stem=_stem) == verb


def test_a_window_word_the_model_places_as_a_synonym_says_the_verb():
    # A stand-in model: "needed" and "required" share a direction, "found" another.
    axes = {"needed": 0, "required": 0, "found": 1}

    def encode(words):
        vectors = np.zeros((len(words), 3))
        for row, word in enumerate(words):
            vectors[row, axes.get(word, 2)] = 1.0
        return vectors

    question = "Which version is needed with Zorblat?"
    said = "With Zorblat, version 1.0 is required."
    assert unsaid_verb(question, said, ["Zorblat"], answer_type(question), stem=_stem) == "needed"
    assert unsaid_verb(question, said, ["Zorblat"], answer_type(question), stem=_stem, encode=encode) is None
    other = "Version 1.0 was found with Zorblat."
    assert unsaid_verb(question, other, ["Zorblat"], answer_type(question), stem=_stem, encode=encode) == "needed"
    # Not where the window leaves a name of the question out.
    elsewhere = "With Quuxbar, version 1.0 is required."
    assert unsaid_verb(question, elsewhere, ["Zorblat"], answer_type(question), stem=_stem, encode=encode) == "needed"


@pytest.mark.parametrize(
    ("question", "window", "names", "fires"),
    [
        # The window's fact is everyone's but Brunei's.
        ("When did it open its embassy in Brunei?",
         "It has embassies in every country except for the Philippines, Brunei, and East Timor.", ["Brunei"], True),
        ("Which firms other than Loxley invested?", "Firms other than Loxley, such as Orascom, invested.", ["Loxley"], True),
        # Said outside the exception too, or not excepted at all: no conflict.
        ("When did it open its embassy in Brunei?",
         "Brunei hosts one. It has embassies everywhere except for the Philippines and Brunei.", ["Brunei"], False),
        ("When did it open its embassy in Brunei?", "It opened its embassy in Brunei in 1999.", ["Brunei"], False),
    ],
)
def test_excepted_conflict(question, window, names, fires):
    assert (excepted_conflict(question, window, names, stem=_stem) is not None) == fires


def test_a_range_says_the_bound_a_question_asks_for():
    stem = _stem

    def idf(term):
        return 1.0

    terms = ["oldest", "supports"]
    assert attribute_gap(terms, "Zorblat supports Python 3.9 and newer.", stem=stem, idf=idf, encode=None) == 0.0
    assert attribute_gap(terms, "Zorblat supports Python 3.9.", stem=stem, idf=idf, encode=None) == 0.5
    # A range closed above says the newest, not the oldest.
    assert attribute_gap(terms, "Zorblat supports Python 2.7 and older.", stem=stem, idf=idf, encode=None) == 0.5


@pytest.mark.parametrize(
    ("question", "window", "terms", "fires"),
    [
        ("What colour are frames from built-in modules?",
         "Frames that represent user code, as opposed to built-ins or installed packages, are blue.", ["built-in"], True),
        ("What colour are frames of user code?",
         "Frames that represent user code, as opposed to built-ins or installed packages, are blue.", ["user", "code"], False),
        ("How large may a file part be?", "Stop if any non-file part is larger than this.", ["file"], True),
        ("How large may a file part be?", "Any non-file part is cut. File parts go to disk.", ["file"], False),
        # The question's own contrast is what it asks about.
        ("What are sequences structured into instead of lists?", "Sequences become tuples instead of lists.", ["lists"], False),
        ("Which worker is used rather than threads?", "Gevent is used rather than threads, by default.", ["worker"], False),
        # ...and a window that contrasts with something else answers another question.
        ("What replaced the parser instead of dateutil?", "The parser now uses ZoneInfo instead of pytz.", [], True),
        ("Which non-profit coached them?", "Among the few non-Chinese firms, Zorb Aid coached them.", ["non-profit"], False),
    ],
)
def test_contrasted_conflict(question, window, terms, fires):
    assert (contrasted_conflict(question, window, terms, stem=_stem) is not None) == fires


@pytest.mark.parametrize(
    "question, window, unsaid",
    [
        ("What is the default maxsize of TTLCache?", "cache = TTLCache(maxsize=10, ttl=60)", True),
        ("Which clock does TTLCache use by default?", "By default, time.monotonic is used.", False),
        ("What is the default timeout?", "The timeout defaults to 30 seconds.", False),
        ("What is the maximum size?", "cache = TTLCache(maxsize=10, ttl=60)", False),  # no default asked
        # A parameter named after a default is no default said.
        ("What is the default of load_default?", "Set load_default=None to skip it.", True),
    ],
)
def test_unsaid_default(question, window, unsaid):
    assert unsaid_default(question, window) is unsaid


def test_a_value_never_called_a_default_does_not_answer_for_one(make_corpus):
    root = make_corpus({
        **_filler(),
        "quux.txt": "The Quuxcache example sets its maxsize to ten items.\n",
        "zorb.txt": "The Zorbcache timeout defaults to 30 seconds.\n",
    })
    _answered_and_refused(
        root,
        "What is the default timeout of the Zorbcache?",
        "What is the default maxsize of the Quuxcache?",
        "default",
        "30 seconds",
    )


@pytest.mark.parametrize(
    "question, window, section, conflict",
    [
        ("When was Arrow 1.5.0 released?", "The 0.16.x releases are the last.", "Changelog › 0.16.0 (2020-08-23)",
         ("release 1.5.0", "the entry of release 0.16.0")),
        ("When was Arrow 1.0.0 released?", "in the upcoming 1.0.0 release", "Changelog › 0.16.0", None),  # said
        ("What did Arrow 1.0 drop?", "Dropped Python 2.7.", "Changelog › 1.0.0 (2021-02-26)", None),  # its entry
        ("When did Python 2 reach its end?", "Python 2 ended.", "Changelog › 0.15.5", None),  # no dotted release
        ("What did Arrow 1.4.0 drop?", "Dropped Python 2.7.", "Guide › Installation", None),  # no release heading
        ("What did Arrow 1.4.0 drop?", "Dropped Python 2.7.", None, None),
        # The nearest release heading of the path counts, past "Removed"; a pre-release's too.
        ("What did Arrow 1.4.0 drop?", "Dropped Python 2.7.", "Changelog › 1.3.0 (2023-09-30) › Removed",
         ("release 1.4.0", "the entry of release 1.3.0")),
        ("When was Arrow 2.0.0 released?", "Arrow was created in 2013.", "1.0.0rc1 (February 23, 2026)",
         ("release 2.0.0", "the entry of release 1.0.0rc1")),
        # No release heading and no release said: nothing dates the window by the question's.
        ("How many commits went into boltons 26.2.0?", "There have been 1492 commits.", "Changelog",
         ("release 26.2.0", "no release")),
        # A title that names the release speaks for what it heads.
        ("Who is the steward of the Quill License 2.0?", "The Lantern Foundation is the steward.",
         "Quill License Version 2.0 › 10.1. New Versions", None),
    ],
)
def test_section_release_conflict(question, window, section, conflict):
    assert section_release_conflict(question, window, section) == conflict


CHANGELOG = """\
Changelog
=========

1.3.0 (2023-09-30)
------------------

- Dropped support for the Quuxwing parser, which is end-of-life.

1.2.0 (2022-01-19)
------------------

- Added the Zorblat locale for the Frobnian language.
"""


def test_an_entry_under_another_release_does_not_answer_for_a_release(make_corpus):
    root = make_corpus({**_filler(), "changelog.rst": CHANGELOG})
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answered = index.ask("Which locale was added for the Frobnian language in release 1.2.0?")
    assert answered.supported and "Zorblat" in answered.answer
    refused = index.ask("Which locale was added for the Frobnian language in release 1.4.0?")
    assert not refused.supported and "the entry of release 1.2.0" in refused.reason


@pytest.mark.parametrize(
    "question, window, conflict",
    [
        ("What did Hun Sen say about South Korea's nuclear tests?", "Hun Sen feared a nuclear attack from North Korea.",
         ("South Korea", "North Korea")),
        ("Which Foreign Minister came?", "He met Prime Minister Hun Sen.", ("Foreign Minister", "Prime Minister")),
        ("Who visited North Korea?", "He visited Cambodia-North Korea friendship sites.", None),  # hyphens split
        ("Which North Korean minister came?", "Attacks against South Koreans were planned.", None),  # another word
        ("Who visited South Korea?", "From South Korea and North Korea, envoys came.", None),  # the twin is said
        ("Who visited South Korea?", "In Korea, envoys came.", None),  # a function word qualifies nothing
    ],
)
def test_twin_conflict(question, window, conflict):
    assert twin_conflict(question, window) == conflict


def test_a_unit_of_time_counts_no_other_unit():
    def encode(words):  # every word the same vector: the soft match alone would bind
        return np.ones((len(words), 2), dtype=np.float32) / np.sqrt(2)

    question = "How many days does a review take?"
    assert count_binding(question, "You hear back within 48 hours.", [], stem=_stem, encode=encode) == 0.0
    assert count_binding(question, "A review takes 3 days.", [], stem=_stem, encode=encode) == 1.0
    assert count_binding(question, "A review takes 3 rounds.", [], stem=_stem, encode=encode) == 1.0  # soft, not a unit


def _kin_like(texts):
    """Country names near each other (0.5), anything else apart: the kin band is [0.3, 0.75)."""
    countries = {"vietnamese", "thailand", "vietnam"}
    rows = [[1.0, 0.0] if t.lower() in countries else [0.0, 1.0] for t in texts]
    rows = [[0.5, np.sqrt(0.75)] if t.lower() == "thailand" else r for t, r in zip(texts, rows)]
    return np.array(rows, dtype=np.float32)


@pytest.mark.parametrize(
    "question, window, conflict",
    [
        ("Which Vietnamese company built the network?", "Thailand's Loxley Pacific has built the network.",
         ("Vietnamese", "Thailand's Loxley")),
        ("Which Vietnamese company built the network?", "Vietnam's Viettel has built the network.", None),  # the same country
        ("Which Vietnamese company built the network?", "Loxley Pacific has built the network.", None),  # no owner
        ("Who built the network?", "Thailand's Loxley Pacific has built the network.", None),  # no kind qualified
    ],
)
def test_owner_conflict(question, window, conflict):
    assert owner_conflict(question, window, ["Vietnamese"], stem=_stem, encode=_kin_like) == conflict
    assert owner_conflict(question, window, ["Vietnamese"], stem=_stem, encode=None) is None  # bm25 mode
