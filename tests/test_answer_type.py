"""Answer types: what a question asks for, and whether the quoted sentence carries it."""

import pytest

from nkqa.answer_type import AnswerType, answer_type, carries, type_words
from nkqa.index import Index
from nkqa.passage import NOT_ANSWERED

from conftest import FakeEmbedder


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many rooms did the palace have?", AnswerType.NUMBER),
        ("how much did it cost?", AnswerType.NUMBER),
        ("What was the total trade in 2016?", AnswerType.NUMBER),
        ("What share of leaders preferred engagement?", AnswerType.NUMBER),
        # A bound before a number's noun still asks for the number; not before a place's.
        ("What is the smallest integer the converter supports?", AnswerType.NUMBER),
        ("What is the maximum size of a file it reads?", AnswerType.NUMBER),
        ("What is the largest city in Cambodia?", None),
        ("When did the king abdicate?", AnswerType.DATE),
        ("In which year was the company closed?", AnswerType.DATE),
        # A what-question may ask for a sum directly; "which fees" asks for kinds of fee.
        ("What fine did Singapore impose on the company?", AnswerType.NUMBER),
        ("Which fees were waived?", None),
        # A port a server listens on is a number; a port *to* a system is software.
        ("Which port does the server listen on?", AnswerType.NUMBER),
        ("Which port to the FreeBSD kernel is the oldest?", None),
        # A limit is a number whatever it limits; "which limits" asks for kinds of limit.
        ("What is the word limit for an abstract?", AnswerType.NUMBER),
        ("What is the default memory limit of the program?", AnswerType.NUMBER),
        ("Which limits apply to the offer?", None),
        ("Since when has it been a member?", AnswerType.DATE),
        ("Who coaches the club?", AnswerType.NAME),
        ("Where was the ship headed?", AnswerType.NAME),
        # A what-is question about a pay or a price asks for a sum of money.
        ("What is the coach's monthly salary?", AnswerType.NUMBER),
        ("What was the price of admission to the museum?", AnswerType.NUMBER),
        ("What is the name of the price index?", None),
        ("Which fee applies?", None),
        ("What was the tonnage of the Jie Shun?", AnswerType.NUMBER),
        ("What is the area of expertise of the analyst?", None),
        ("Which company built the museum?", None),
        ("What did the minister say?", None),
        ("Why did trade fall?", None),
        # A version question asks for a release number.
        ("Which Python version does the tool require?", AnswerType.VERSION),
        ("What is the minimum Zsh version for completion?", AnswerType.VERSION),
        ("In which version of the library was the option added?", AnswerType.VERSION),
        ("In which release were dependency groups removed?", AnswerType.VERSION),
        # Which place asks where; which country asks as often for an actor.
        ("In which city is the summit held?", AnswerType.NAME),
        ("Which country approved the extradition?", None),
        ("What release notes does the project keep?", None),
        # A port and a status or exit code are numbers; a status in words is not asked as one.
        ("Which HTTP status does the API return after a delete?", AnswerType.NUMBER),
        ("What exit code does passing --help return?", AnswerType.NUMBER),
        ("What is the default port of the server?", AnswerType.NUMBER),
        ("Which status does the job report?", None),
        # An environment variable is named in capitals.
        ("Which environment variable disables colours?", AnswerType.VARIABLE),
        ("What environment variables does the tool read?", AnswerType.VARIABLE),
        # The value of something is a figure; the value a function gives is any literal.
        ("What was the value of Cambodia's exports in 2016?", AnswerType.NUMBER),
        ("What value does the parser give a key written with no value?", None),
    ],
)
def test_answer_type(question, kind):
    assert answer_type(question) is kind


@pytest.mark.parametrize(
    ("kind", "text", "question", "expected"),
    [
        (AnswerType.NUMBER, "A 60-room palace was built.", "How many rooms did the palace have?", True),
        (AnswerType.NUMBER, "Trade in 2016 was small.", "How much was trade in 2016?", False),
        (AnswerType.NUMBER, "They employ two dozen staff.", "How many staff work there?", True),
        # "one" is a pronoun far more often than a count, and a bare year dates a fact.
        (AnswerType.NUMBER, "No one cared where they were from.", "How old is the coach?", False),
        # ...unless a word makes it one.
        (AnswerType.NUMBER, "Each package must have exactly one source.", "How many sources must a package have?", True),
        (AnswerType.NUMBER, "One of the sources is a wheel.", "How many sources must a package have?", False),
        (AnswerType.NUMBER, "It was founded in 1994.", "How many ships did it own?", False),
        # "1400+" is at least 1400 of something, not a year.
        (AnswerType.NUMBER, "It enables 1400+ plugins.", "How many plugins does it enable?", True),
        (AnswerType.NUMBER, "It owned 12 ships in 1994.", "How many ships did it own?", True),
        # A count is not a sum of money, but a sum of money answers "how much" and "how many dollars".
        (AnswerType.NUMBER, "The museum is a US$24 million project.", "How many tourists visit the museum?", False),
        (AnswerType.NUMBER, "Staff earn $70 and 200 riel a day.", "Roughly how many staff work there?", False),
        (AnswerType.NUMBER, "It cost US$24 million and 4,000 workers.", "How many workers built it?", True),
        (AnswerType.NUMBER, "The museum is a US$24 million project.", "How much did the museum cost?", True),
        # A price said without a sum answers how much: "any price or no price", "free of charge".
        (AnswerType.NUMBER, "You may charge any price or no price for each copy.", "How much may I charge for a copy?", True),
        (AnswerType.NUMBER, "Entry to the museum is free of charge.", "How much does entry to the museum cost?", True),
        (AnswerType.NUMBER, "You may charge for each copy.", "How much may I charge for a copy?", False),
        (AnswerType.NUMBER, "A bottle costs 70 dollars.", "How many dollars does a bottle cost?", True),
        # A dotted triple is a version, not an amount.
        (AnswerType.NUMBER, "It works on SQLite versions later than 3.23.1.", "How much faster is it?", False),
        (AnswerType.NUMBER, "It is 2.5 times faster on SQLite 3.23.1.", "How much faster is it?", True),
        # A figure that is no amount: a count of people for an investment, a release, a standard.
        (AnswerType.NUMBER, "It trained over 2,000 people.", "How much did the firm invest?", False),
        (AnswerType.NUMBER, "Exports fell by nearly 80%.", "How much did exports fall?", True),
        (AnswerType.NUMBER, "In marshmallow 3.x, it is iterable.", "How much faster is it?", False),
        (AnswerType.NUMBER, "Version 1.0 marks the first major release.", "How much faster is it?", False),
        (AnswerType.NUMBER, "It adds an ISO 8601 timestamp.", "How much faster is it?", False),
        (AnswerType.DATE, "The option was added in version 2.1.", "When was the option added?", True),
        (AnswerType.NAME, "\u201cTry a give-give-give approach,\u201d he said.", "Who said it?", False),
        (AnswerType.VERSION, "It supports Bash (version 4.4 and up), Zsh and Fish.", "Which Zsh version does it need?", False),
        # A dotted number after a product's name, or "pre-1.0", names a release too.
        (AnswerType.NUMBER, "Prior to sqlite-utils 4.0 these used an UPDATE.", "How much faster are upserts?", False),
        (AnswerType.NUMBER, "Many changes were made from the pre-1.0 releases.", "How much faster is it?", False),
        (AnswerType.NUMBER, "Since Python 3.10 it is 40% faster.", "How much faster is it?", True),
        (AnswerType.NUMBER, "It took about 2.5 hours.", "How long did it take?", True),
        (AnswerType.NUMBER, "Profits flow back for the first decade.", "For how long will profits flow back?", True),
        (AnswerType.NUMBER, "A delete returns 204 No Content.", "Which HTTP status does a delete return?", True),
        (AnswerType.NUMBER, "The quotes app uses Flask and SQLAlchemy.", "Which HTTP status does a delete return?", False),
        # An issue's or pull request's number counts nothing.
        (AnswerType.NUMBER, "Add the --override option to run (#312 by Zed).", "Which port does run listen on?", False),
        (AnswerType.VARIABLE, "Set NO_COLOR to any value.", "Which environment variable disables colours?", True),
        (AnswerType.VARIABLE, "It reads $HOME first.", "Which environment variable sets the folder?", True),
        (AnswerType.VARIABLE, "Configure the renderer to use plain_traceback.", "Which environment variable disables it?", False),
        (AnswerType.VARIABLE, "NO_COLOR disables colours.", "Which environment variable besides NO_COLOR disables colours?", False),
        # A measure wants a figure in its unit.
        (AnswerType.NUMBER, "It carried 30,000 grenades.", "What was the tonnage of the ship?", False),
        (AnswerType.NUMBER, "A 2,000-ton ship was seized.", "What was the tonnage of the ship?", True),
        (AnswerType.NUMBER, "It has a 120m mosaic.", "What is the length of the mosaic?", True),
        # A share wants a percentage or a fraction, not the sum it is a share of.
        (AnswerType.NUMBER, "Cambodia exported US$1.88 million.", "What percentage of exports went north?", False),
        (AnswerType.NUMBER, "A majority (60.8%) preferred talks.", "What share preferred talks?", True),
        (AnswerType.NUMBER, "That is over a quarter of all travel.", "What share of travel went south?", True),
        # How old wants an age, not any number.
        (AnswerType.NUMBER, "One of the two women was charged.", "How old was the victim?", False),
        (AnswerType.NUMBER, "The victim, 45 years old, was killed.", "How old was the victim?", True),
        (AnswerType.NUMBER, "A 30-year-old woman was charged.", "How old was the woman?", True),
        # A salary is a sum of money: a count of countries or a year is none.
        (AnswerType.NUMBER, "He runs a centre with embassies in all but three.", "What is his salary?", False),
        (AnswerType.NUMBER, "He earns $5,000 a month.", "What is Daniel Wertz's salary?", True),
        (AnswerType.DATE, "It opened in December.", "When did it open?", True),
        (AnswerType.DATE, "It opened in 2015.", "When in 2015 did it open?", False),
        # Documentation dates a change by its release.
        (AnswerType.DATE, "The cache was redesigned in 0.95.0.", "When was the cache redesigned?", True),
        (AnswerType.DATE, "versionadded 8.2 The capture parameter.", "When was capture added?", True),
        (AnswerType.NUMBER, "A lance can move any number of squares straight forward.", "How far can a lance move?", True),
        (AnswerType.NUMBER, "A lance can move straight forward.", "How far can a lance move?", False),
        # "On which date...?" asks the calendar: other releases' numbers date nothing.
        (AnswerType.DATE, "Codenames used: buzz for release 1.1, rex for release 1.2.", "On which date was bullseye released?", False),
        (AnswerType.DATE, "Bullseye was released on 14 August 2021.", "On which date was bullseye released?", True),
        (AnswerType.DATE, "It was added in version 2.1.", "When was it added after version 2.1?", False),
        (AnswerType.DATE, "It costs 2.5 million.", "When was it bought?", False),
        # A population is a figure of people, or a figure right after the word.
        (AnswerType.NUMBER, "There are two restaurants in Siem Reap and four in Phnom Penh.", "What is the population of Siem Reap?", False),
        (AnswerType.NUMBER, "Siem Reap has a population of about 230,000.", "What is the population of Siem Reap?", True),
        (AnswerType.NUMBER, "Some 1.2 million people live there.", "What is the population of Siem Reap?", True),
        # A web address's path dates a page, not the sentence's fact; "may" is no month.
        (AnswerType.DATE, "See `the notes <https://example.org/2022/Jun/19/notes>`__ for this release.", "When was 3.0 released?", False),
        (AnswerType.DATE, "You may need to change your scripts.", "When was 3.0 released?", False),
        (AnswerType.DATE, "It was released in May.", "When was 3.0 released?", True),
        (AnswerType.NAME, "The coach is Hok Sochivoan.", "Who coaches Visakha?", True),
        (AnswerType.NAME, "Visakha plays on.", "Who coaches Visakha?", False),
        # A dictionary word opening a sentence is capitalised by rule; a name there is not one.
        (AnswerType.NAME, "\u201cTry to have a give-give-give approach,\u201d he said.", "Who said it?", False),
        (AnswerType.NAME, "On a quiet evening the restaurant fills.", "Who runs it?", False),
        (AnswerType.NAME, "Djalal summed it up.", "Who summed it up?", True),
        # Where: a name the sentence places, not any name it holds.
        (AnswerType.NAME, "The embassy stands near Independence Monument.", "Where is the embassy in Phnom Penh?", True),
        (AnswerType.NAME, "The embassy in Phnom Penh asked Cambodia for help.", "Where is the embassy in Phnom Penh?", False),
        (AnswerType.NAME, "The talks were held in the Hague.", "Where were the talks held?", True),
        (AnswerType.NAME, "It stands next to the monument of King Aldo.", "Where does it stand?", True),
        # Documentation places things in things: a thing the question does not say answers where.
        (AnswerType.NAME, "Read it from an environment variable.", "Where can you read the key from?", True),
        (AnswerType.NAME, "It lives in the key file.", "Where does the key file live?", False),
        # A month after "in" says when, an infinitive after "to" is no place.
        (AnswerType.NAME, "In August, the ship was seized.", "Where was the ship registered?", False),
        (AnswerType.NAME, "It is known to have assisted North Korea.", "Where was the ship registered?", False),
        # A part of a document is no place: "as provided in Section 10.3".
        (AnswerType.NAME, "The Lantern Foundation is the steward, except as provided in Section 10.3.",
         "Where is the Lantern Foundation based?", False),
        (AnswerType.NAME, "It is based in Section Hill.", "Where is it based?", True),
        # Version: a release number the question does not say, not a year or "a recent version".
        (AnswerType.VERSION, "The tool now requires Python 3.10 or higher.", "Which Python version does 4.0 need?", True),
        (AnswerType.VERSION, "The tool requires Python 3.", "Which Python version does it need?", True),
        (AnswerType.VERSION, "It bundles a recent version of SQLite.", "Which SQLite version does it bundle?", False),
        (AnswerType.VERSION, "Released in 2021 as 4.0.", "Which version followed 4.0?", False),
        (AnswerType.VERSION, "The sqlite3 module and utf-8 text.", "Which SQLite version does it use?", False),
        # A figure in brackets belongs to the name before it, when the question names another.
        (AnswerType.VERSION, "Completion supports Bash (version 4.4 and up), Zsh and Fish.", "What is the minimum Zsh version?", False),
        (AnswerType.VERSION, "Completion supports Bash (version 4.4 and up), Zsh and Fish.", "What is the minimum Bash version?", True),
        (AnswerType.DATE, "Kim Jong Un (born 1984) met Moon Jae-in (born 1953).", "When was Kim Jong Un born?", True),
        (AnswerType.DATE, "Kim Jong Un (born 1984) met Moon.", "When was Moon born?", False),
        # A release as a program's data dates nothing; a hash's digits are no release.
        (AnswerType.DATE, 'lock = Pylock(version=Version("1.0.0"))', "When was the module deprecated?", False),
        (AnswerType.VERSION, 'hashes={"sha256": "0fd.."}', "In which release was the module added?", False),
        (AnswerType.VERSION, "versionadded 26.0", "In which release was the module added?", True),
        # A figure of three digits or more is no release: a limit, a port, an issue number.
        (AnswerType.VERSION, "It supports integers up to 18446744073709551615.", "Which release added it?", False),
        (AnswerType.VERSION, "Fixed a crash (197).", "Which Python version did it require?", False),
        # A number without a dot is a release after "v", "version" or a product's name only.
        (AnswerType.VERSION, "If a snippet has 10 lines, line `10` is its last.", "In which version did snippets gain negative indexes?", False),
        (AnswerType.VERSION, "Since version 8 the option is on.", "In which version was the option turned on?", True),
        (AnswerType.VERSION, "Use v2 of the API.", "Which version of the API is current?", True),
        # Digits glued to letters belong to a name, and count nothing.
        (AnswerType.NUMBER, "`#!py3 False`: allows URLs to be downloaded.", "Which port does it use?", False),
        (AnswerType.NUMBER, "It listens on ipv4 and ipv6 sockets.", "Which port does it use?", False),
        (AnswerType.NUMBER, "It listens on port 8000.", "Which port does it use?", True),
        # A dotted number after "versions before" is a release, not a count.
        (AnswerType.NUMBER, "Unless you need Pluggy versions before 1.1.", "How many hooks can a plugin register?", False),
        (AnswerType.DATE, "Doan Thi Huong (born 1988) was charged.", "When was the suspect born?", True),
        # A date beside other releases only dates those: not the one the question names.
        (AnswerType.DATE, "[1.2.0] - 2025-10-26 - Add support for Python 3.14", "When was Zorblat 1.0.0 released?", False),
        (AnswerType.DATE, "[1.0.0] - 2023-02-24", "When was Zorblat 1.0.0 released?", True),
        (AnswerType.DATE, "1.0 was tagged in March 2019.", "When was Zorblat 1.0.0 released?", True),
        # An environment variable: capitals with underscores, or after "$" or as code; in
        # prose three capitals are an acronym.
        (AnswerType.VARIABLE, "Strip a leading UTF-8 BOM from files saved with BOM.", "Which environment variable sets the path?", False),
        (AnswerType.VARIABLE, "Set `PATH` first.", "Which environment variable sets the path?", True),
        (AnswerType.VARIABLE, "It reads $HOME.", "Which environment variable sets the path?", True),
        # A disclaimer's capitals name nobody; an acronym among lower-case words may.
        (AnswerType.NAME, "PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS", "Who holds the copyright?", False),
        (AnswerType.NAME, "Copyright 2019, the OSS group.", "Who holds the copyright?", True),
    ],
)
def test_carries(kind, text, question, expected):
    assert carries(kind, text, question) is expected


def test_a_number_question_without_a_number_is_refused(make_corpus):
    # Unrelated files make the museum's words rare, as in a real collection.
    filler = {f"filler{i}.txt": f"The {topic} report was filed by the clerk.\n"
              for i, topic in enumerate("rainfall harvest traffic census budget school harbour".split())}
    root = make_corpus({
        **filler,
        "museum.txt": "The museum near the temples was built by a studio from the north.\n",
        "cost.txt": "The museum cost $24 million to build.\n",
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    answered = index.ask("How much did the museum cost to build?", mode="bm25")
    assert answered.supported and "$24 million" in answered.answer
    refused = index.ask("How many visitors did the museum near the temples have?", mode="bm25")
    assert not refused.supported and refused.answer is None
    assert refused.reason.startswith(NOT_ANSWERED) and "asks for a number" in refused.reason


def test_a_release_date_question_counts_the_release_words_as_its_type():
    # "When was Zorblat 1.0.0 released?": a changelog's "[1.0.0] - 2023-02-24" answers "released".
    assert {"release", "released"} <= type_words("When was Zorblat 1.0.0 released?", AnswerType.DATE)
    assert "released" not in type_words("When was the prisoner released?", AnswerType.DATE)
    # A licence names its release "version 3" and dates it in its head: published, issued.
    assert {"published", "issued"} <= type_words("What date was the Quill License version 3 published?", AnswerType.DATE)
    assert "published" not in type_words("When was the report published?", AnswerType.DATE)
    assert type_words("Who released it?", None) == frozenset()


def test_an_age_in_years_of_age():
    question = "How old was Tomas Varga when he died?"
    assert carries(answer_type(question), "He passed away at 21 years of age.", question)


def test_a_list_items_number_is_no_figure_and_one_year_is_a_span():
    question = "How long is the term of a Project Leader?"
    kind = answer_type(question)
    assert not carries(kind, "3. For the first week any Developer may nominate themselves.", question)
    assert not carries(kind, "Together, the Developers may: 1. Appoint or recall the Project Leader.", question)
    assert carries(kind, "8. The Project Leader serves for one year from their election.", question)
    assert not carries(kind, "One of the Developers serves as Leader.", question)


def test_a_month_names_no_one():
    question = "Who started the Quillon project?"
    kind = answer_type(question)
    assert not carries(kind, "With that idea, he started the Quillon project in August of 1993.", question)
    assert carries(kind, "Quillon was begun in August 1993 by Marta Oyelaran.", question)
