"""What kind of answer a question asks for, and whether a sentence carries one.

A question's opening words say what it wants: ``how many``/``how much`` a number or
an amount (so do ``which port`` and ``what HTTP status``/``exit code``), ``when``/``what
year`` a date, ``who`` a person or organisation, ``where`` a place, ``which version`` a
release number, ``which environment variable`` a name in capitals. A sentence *carries* the
type when it holds such a thing that the question itself does not already say: a number the
question does not quote, and no release ("sqlite-utils 4.0", "pre-1.0") (for ``how old``, an
age: "45 years old", "aged 45"; for "what share/percentage", a percentage or a fraction:
"60.8%", "over a quarter"; for "what is the length/weight/duration of", a figure in its unit:
"a 120m mosaic"), a year or month it does not name, or for ``when`` a release ("added in
0.95.0"; not for "which date") (a figure in brackets after a name it does not say belongs to
that name, when the sentence says one it does: "Bash (version 4.4), Zsh"), a capitalised name
none of its words match (not a dictionary word that opens a sentence, "Try..."; for
``where``, one after a preposition of place: "near Independence Monument", or a thing there:
"from an environment variable"). For a how-many question a sum of money is no count.
Questions of any other form (``what``, ``which``, ``why``...) get no type and are never refused
on this ground.

Patterns are written here rather than taken from a library: the facts are
digits, years and the month names of :mod:`calendar`, which need no parser, and
the date and entity libraries that would fit (dateparser, spaCy with a model
package) cost a second or more to import and, for names, a model download.
"""

from __future__ import annotations

import calendar
import functools
import re
from enum import Enum

from nkqa.figures import CURRENCIES, DIGITS, LIST_NUMBER_OPENS, MONEY, NUMBER_WORDS, YEAR, counted_one, not_a_quantity
from nkqa.lexicon import is_lexicon_word, opens_sentence
from nkqa.releases import DOTTED, RELEASE, VERSION, bare_release, dotted_releases, same_release, without_releases

__all__ = [
    "AnswerType", "answer_type", "asks_where", "carries", "counts", "DAYS", "MONTHS", "MONTH_NUMBERS",
    "PLACING_WORDS", "TYPE_WORDS", "type_words", "WORD",
]


class AnswerType(str, Enum):
    """What a question asks for."""

    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    VERSION = "version"
    VARIABLE = "variable"


MONTH_NUMBERS: dict[str, int] = {
    name.lower(): number
    for names in (calendar.month_abbr, calendar.month_name)
    for number, name in enumerate(names)
    if name
}
"""Each month's name and abbreviation, lower-cased, from :mod:`calendar`, with its number."""
MONTHS = frozenset(MONTH_NUMBERS)
"""Month names and abbreviations, lower-cased."""
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
"""The days of the week, lower-cased: like a month, a day dates and names no one."""
_LEAD = r"^\s*(?:(?:in|at|on|from|to|for|by|with|since|until|of|and|but|so)\s+)?"
_LENGTH_UNITS = r"m|km|cm|mm|metres?|meters?|kilometres?|kilometers?|feet|foot|ft|miles?|inches|yards?"
_UNITS = {
    **dict.fromkeys(("length", "width", "height", "depth", "distance"), _LENGTH_UNITS),
    **dict.fromkeys(("weight", "tonnage"), r"tons?|tonnes?|t|kg|kilograms?|grams?|g|pounds?|lbs?|dwt|grt"),
    "duration": r"years?|months?|weeks?|days?|hours?|minutes?|seconds?",
    "population": r"(?:(?:thousand|million|billion)\s+)?(?:people|inhabitants|residents|persons)",
}
"""The measures a what-is-the-X-of question asks the figure of ("What was the *tonnage* of the
ship?"), each with the units its figure comes in; not "area" or "age", which also name a field
or a group ("the area of expertise"). A figure right after the measure's own word is one too
("a population of 230,000", "a length of 120")."""
_ABOUT = r"(?:(?:about|around|some|over|nearly|roughly|approximately|almost|just\s+over|more\s+than)\s+)?"
_MEASURE_ASKED = r"(?:what|which)\s+(?:is|was|are|were)\s+the\s+(" + r"|".join(_UNITS) + r")\s+of\b"
_MEASURED = re.compile(_MEASURE_ASKED, re.IGNORECASE)
_SHARE_NOUNS = r"share|percentage|percent|proportion"
_MONEY_NOUNS = r"price|prices|cost|costs|salary|salaries|wage|wages|pay|income|fee|fees|budget|revenue|revenues|fine"
"""Nouns whose value is a sum of money ("What is the coach's *salary*?")."""
_MONEY_NOUN = r"price|cost|salary|wage|pay|fee|budget|fine"
"""The singular :data:`_MONEY_NOUNS` that a what-question may ask for directly: "What *fine* did
Singapore impose?" asks for an amount, "Which *fees* were waived?" for kinds of fee."""
_MONEY_ASKED = (
    r"(?:what|which)\s+(?:is|was|are|were)\s+(?:the\s+)?(?:(?!of\b)[\w.-]+\s+){0,3}?"
    r"(?:[\w.-]+(?:'s|\u2019s|s'|s\u2019)\s+)?(?:[\w-]+\s+)?(?:" + _MONEY_NOUNS + r")\b"
    r"|what\s+(?:" + _MONEY_NOUN + r")\s+(?:did|does|do|is|was|has|had|will|would)\b"
)
"""A what-is question whose noun is one of :data:`_MONEY_NOUNS`, after the article, a possessive
or an adjective ("What was the museum's total *cost*?", "What is the *salary* of..."), or a
what-question that asks for one ("What *fine* did Singapore impose?")."""
_EXTREME = r"(?:(?:smallest|largest|biggest|highest|lowest|greatest|least|maximum|minimum|max|min)\s+)?"
"""A bound before a number's noun: "What is the *maximum* size...", "the *biggest* integer"."""
_SHOUTED = re.compile(r"[A-Z][A-Z'\u2019-]+(?:[^\w\n]+[A-Z][A-Z'\u2019-]+){2,}")
"""Three or more words in capitals, a shouted disclaimer ("THE COPYRIGHT HOLDERS"): no names."""
_CALENDAR = r"(?:what|which)\s+(?:year|month|date|day|decade)\b"
_CALENDAR_ASKED = re.compile(_LEAD + _CALENDAR, re.IGNORECASE)
_PLACE_ASKED = r"(?:which|what)\s+(?:city|cities|town|capital|province|region|place|venue|location|village|district|island)\b"
"""Which place ("In which city is the summit held?"), a where-question; not a country, an actor as often."""
_RULES = (
    (AnswerType.NUMBER, re.compile(
        _LEAD + r"(?:how\s+(?:many|much|long|old|far|big|large|tall|high|often)\b"
        r"|(?:what|which)\s+(?:(?:is|was|are|were)\s+the\s+)?" + _EXTREME
        + r"(?:" + _SHARE_NOUNS + r"|number|amount|sum|total|figure|value(?=\s+of\b)|size|cost|price|population|integers?)\b"
        # A port (not a port *to* a system) and a status or exit code are numbers: "Which HTTP status...?"
        r"|(?:what|which)\s+(?:(?:is|was|are|were)\s+the\s+)?(?:[\w-]+\s+)?"
        r"(?:port(?!\s+to\b)|(?:HTTP|exit|return|error)\s+(?:status|code)|status\s+code)s?\b"
        # A limit is a number, whatever it limits: "What is the (default memory / word) limit?"
        r"|(?:what|which)\s+(?:is|was)\s+the\s+(?:[\w-]+\s+){0,2}?limit\b"
        r"|" + _MEASURE_ASKED + r")|" + _MONEY_ASKED,
        re.IGNORECASE)),
    (AnswerType.VERSION, re.compile(
        _LEAD + r"(?:what|which)\s+(?:(?:is|was|are|were)\s+the\s+)?(?:[\w.+-]+\s+){0,2}?(?:versions?|releases?\b(?!\s+(?:notes?|process|cycle|schedule)\b))\b",
        re.IGNORECASE)),
    (AnswerType.VARIABLE, re.compile(
        _LEAD + r"(?:what|which)\s+(?:(?:is|was|are|were)\s+the\s+)?(?:[\w-]+\s+)?environment\s+variables?\b",
        re.IGNORECASE)),
    (AnswerType.DATE, re.compile(
        # "When is completion available?", "When does the callback run?": a present or modal
        # when asks for a condition as often as for a time; only a past one dates a fact.
        _LEAD + r"(?:when\b(?!\s+(?:is|are|does|do|can|could|should|will|would|must|may|might)\b)"
        r"|" + _CALENDAR + ")", re.IGNORECASE)),
    # An error or exception is asked by its class's name: "Which error does FileType raise?"
    (AnswerType.NAME, re.compile(
        _LEAD + r"(?:who|whom|whose|where\b|" + _PLACE_ASKED
        + r"|(?:what|which)\s+(?:errors?|exceptions?)\b(?!\s+(?:messages?|codes?|status|handl\w*|responses?)\b))",
        re.IGNORECASE)),
)
TYPE_WORDS: dict[AnswerType, frozenset[str]] = {
    AnswerType.NUMBER: frozenset(
        "many much long old far big large tall high often number amount sum total figure value size".split()
    )
    | frozenset(_SHARE_NOUNS.split("|"))
    | frozenset(_MONEY_NOUNS.split("|"))
    | frozenset(_UNITS),
    AnswerType.DATE: frozenset("year month date day decade".split()),
    AnswerType.NAME: frozenset(),
    AnswerType.VERSION: frozenset("version versions release releases".split()),
    AnswerType.VARIABLE: frozenset("environment variable variables".split()),
}
"""Words of a question that say its answer type rather than a fact the answer must repeat
("How much did it *cost*": the figure is the answer, the word need not be quoted)."""
_RELEASE_WORDS = frozenset("release released releases published issued".split())
# "version 3": a release named by its number alone, as licences and standards number theirs.
_VERSION_NUMBER = re.compile(r"\bversion\s+v?\d", re.IGNORECASE)


def type_words(question: str, kind: AnswerType | None) -> frozenset[str]:
    """:data:`TYPE_WORDS` of ``kind``, and for a date question that names a release ("When
    was Arrow *1.0.0 released*?", "When was GPL *version 3 published*?") the release words:
    a changelog heads a release with its date ("1.0.0 (2021-02-26)"), a licence its version
    ("Version 3, 29 June 2007"), which answers them."""
    if kind is None:
        return frozenset()
    if kind is AnswerType.DATE and (DOTTED.search(question) or _VERSION_NUMBER.search(question)):
        return TYPE_WORDS[kind] | _RELEASE_WORDS
    return TYPE_WORDS[kind]


_PRICED = re.compile(
    _LEAD + r"(?:how\s+much\s+(?:money\b|.*\b(?:cost|costed|spen[dt]s?|pa(?:y|ys|id)|earn(?:s|ed)?|invest(?:s|ed)?|worth"
    r"|s(?:ell|ells|old)|b(?:uy|uys|ought)|(?:ex|im)port(?:ed)?|charged?|funded)\b)|" + _MONEY_ASKED + ")",
    re.IGNORECASE,
)
"""A how-much question about a price, a pay or a trade, or a what-is question about a price or
a pay: its answer is a sum of money ("How much did the Thai conglomerate *spend*", "What is the
coach's *salary*"), not any figure ("trained over 2,000 North Koreans"). After how much only
verbs: "How much did *costs*, *exports* or *prices* rise?" may be answered by a share."""
_SHARED = re.compile(_LEAD + r"(?:what|which)\s+(?:(?:is|was|are|were)\s+the\s+)?(?:" + _SHARE_NOUNS + r")\b", re.IGNORECASE)
_SHARE = re.compile(
    r"\d[\d,.]*\s?(?:%|percent\b|per\s+cent\b)|\b(?:half|quarter|quarters|third|thirds|fifth|fifths|tenth|tenths)\b",
    re.IGNORECASE,
)
"""A share: a percentage ("60.8%", "43 percent") or a fraction word ("over a quarter")."""
_NO_SUM = re.compile(
    r"(?i)\b(?:(?:any|no)\s+(?:price|fee|charge|cost)|free\s+of\s+charge|at\s+no\s+(?:cost|charge)|no-charge|royalty-free|for\s+free)\b"
)
"""A price said without a sum: "any price or no price", "free of charge", "royalty-free"."""
_AGED = re.compile(_LEAD + r"how\s+old\b", re.IGNORECASE)
_AGE = re.compile(
    r"\b(?:\d+|[a-z]+(?:-[a-z]+)?)[\s-]+years?[\s-]+old\b|\baged?\s+(?:of\s+)?\d+|\bage\s+of\s+\d+"
    r"|\b\d+(?:-|\s+)year-old\b|\b\d+\s+years\s+of\s+age\b",
    re.IGNORECASE,
)
"""An age: "47 years old", "a 30-year-old", "aged 45", "at the age of 60", "forty-five years old",
"21 years of age"."""
_COUNT = re.compile(_LEAD + r"(?:roughly\s+|about\s+|approximately\s+)?how\s+many\b(?!\s+(?:" + CURRENCIES + r")\b)", re.IGNORECASE)
"""A question that counts things other than money: "How many rooms", not "How many dollars"."""
_WHERE = re.compile(_LEAD + r"(?:where\b|" + _PLACE_ASKED + ")", re.IGNORECASE)
"""A where-question, or one that asks which place ("In which city is the summit held?")."""
PLACING_WORDS = frozenset(
    "located location held based situated headquartered hosted take takes took taking place "
    "live lives lived living work works worked working".split()
)
"""Words a where-question uses to ask for a place ("Where was the summit *held*?", "Where is it
*located*?", "Where does he *work*?"): like the type words, the place answers them and the
window need not repeat them ("Carl Baker, also of the Pacific Forum")."""

_PLACED = re.compile(
    r"\b(?:in|at|near|on|outside|inside|opposite|beside|behind|across|from|to|into|towards?|around|off)"
    r"\s+(?:the\s+)?(?:(?!(?:have|has|had|be|been|being)\s)[a-z]+\s+){0,3}?(?:of\s+)?"
    r"(?!(?:Section|Chapter|Article|Paragraph|Clause|Part|Appendix|Exhibit|Figure|Table|Page)s?\s+(?:\d|[A-Z]\b))"
    r"([A-Z][\w'\u2019-]*)"
)
"""A capitalised word after a preposition of place, or a few words after it ("next to the
monument of *King* Aldo"), not a month ("in *August*") nor past an infinitive ("known to
*have assisted* North Korea"), nor a part of a document ("as provided in *Section* 10.3"):
where a where-question's answer is."""
_PLACED_THING = re.compile(r"\b(?:in|at|from|into|inside|under|on)\s+(?:an?|the|your|its|their)\s+([a-z][\w-]+(?:\s+[a-z][\w-]+)?)")
"""A thing after a preposition of place and a determiner ("from *an environment variable*")."""
WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
"""A word as the answer modules read questions and sentences: a letter, then letters,
digits, apostrophes or hyphens ("Korea's", "rocket-propelled")."""


def asks_where(question: str) -> bool:
    """Whether ``question`` asks where."""
    return bool(_WHERE.search(question))


def answer_type(question: str) -> AnswerType | None:
    """The type of answer ``question`` asks for, or None when its form does not say.

    Examples
    --------
    >>> answer_type("How many rooms did the palace have?")
    <AnswerType.NUMBER: 'number'>
    >>> answer_type("In which year did King Sihanouk abdicate?")
    <AnswerType.DATE: 'date'>
    >>> answer_type("Which company built the museum?") is None
    True
    >>> answer_type("When is shell completion available?") is None
    True
    >>> answer_type("Which Python version does the tool require?")
    <AnswerType.VERSION: 'version'>
    >>> answer_type("Which HTTP status does the API return after a delete?")
    <AnswerType.NUMBER: 'number'>
    >>> answer_type("Which environment variable disables colours?")
    <AnswerType.VARIABLE: 'variable'>
    >>> answer_type("Which exception class does TryAgain inherit from?")
    <AnswerType.NAME: 'name'>
    """
    for kind, pattern in _RULES:
        if pattern.search(question):
            return kind
    return None


def carries(kind: AnswerType, text: str, question: str) -> bool:
    """Whether ``text`` holds an answer of ``kind`` that ``question`` does not already say.

    Examples
    --------
    >>> carries(AnswerType.NUMBER, "It cost $24 million in 2015.", "How much did it cost in 2015?")
    True
    >>> carries(AnswerType.NUMBER, "It was built in 2015.", "How much did it cost in 2015?")
    False
    >>> carries(AnswerType.NUMBER, "Before sqlite-utils 4.0 and the pre-1.0 releases it did.", "How much faster is it?")
    False
    >>> carries(AnswerType.DATE, "He abdicated in 2004.", "When did the king abdicate?")
    True
    >>> carries(AnswerType.DATE, "As of version 4.0.0, it is configured.", "When was natsort 4.0.0 released?")
    False
    >>> carries(AnswerType.VARIABLE, "Set NO_COLOR to disable colours.", "Which environment variable disables colours?")
    True
    >>> carries(AnswerType.VERSION, "It now requires Python 3.10 or higher.", "Which Python version does 4.0 need?")
    True
    """
    # A web address is where something is, not what the sentence says: its path's
    # "2022/Jun/19" dates a blog post, not the release the sentence mentions.
    # ...and a release as a string literal is a program's data: Version("1.0.0"); an issue's
    # or pull request's number ("#312") counts nothing.
    text = _ISSUE.sub(" ", _LITERAL_RELEASE.sub(" ", _URL.sub(" ", text)))
    asked = question.lower()
    if kind is not AnswerType.NAME:
        text = _others_brackets(text, question)
    if kind is AnswerType.NAME:
        asked_words = _question_words(question)[0]
        text = _SHOUTED.sub(" ", text)
        if asks_where(question):
            # Where: a name after a word that places ("near Independence Monument"), not any
            # name; or, as documentation places things, a thing the question does not say ("read
            # it from *an environment variable*", "stored in *the database*").
            return any(
                m.group(1).lower() not in asked_words and m.group(1).lower() not in MONTHS for m in _PLACED.finditer(text)
            ) or any(not set(m.group(1).split()) <= asked_words for m in _PLACED_THING.finditer(text))
        return any(
            m.group(0)[0].isupper()
            and m.group(0).lower() not in asked_words
            # A month dates; it names no one ("...he started the project in August").
            and m.group(0).lower() not in MONTHS
            # A sentence's first word is capitalised by rule: a dictionary word there
            # ("Try to have...", "On a quiet evening") names nobody.
            and not (opens_sentence(text, m.start()) and is_lexicon_word(m.group(0)))
            for m in WORD.finditer(text)
        )
    if kind is AnswerType.VARIABLE:
        # "Which environment variable...": a name in capitals ("NO_COLOR", "$HOME").
        asked_names = set(_VARIABLE_NAME.findall(question))
        return any(name not in asked_names for name in _VARIABLE_NAME.findall(text))
    if kind is AnswerType.VERSION:
        # "Which Python version...": a release number ("3.10", "v2", "version 8"), not a
        # year, not a figure of three digits or more ("18446744073709551615", "600"), and not
        # "a recent version of SQLite".
        asked_numbers = {m.group(1) for m in RELEASE.finditer(question)}
        return any(
            m.group(1) not in asked_numbers and ("." in m.group(1) or (len(m.group(1)) <= 2 and bare_release(text, m)))
            for m in RELEASE.finditer(text)
        )
    if kind is AnswerType.DATE:
        # "When was Arrow 1.0.0 released?": a window that names releases, none of them the
        # asked one ("[1.2.0] - 2025-10-26"), dates another release.
        asked_releases, said = dotted_releases(question), dotted_releases(text)
        if asked_releases and said and not any(same_release(a, b) for a in asked_releases for b in said):
            return False
        years = {y for y in YEAR.findall(text) if y not in asked}
        # A month is capitalised: "you *may* need" names none.
        months = {w.lower() for w in WORD.findall(text) if w[0].isupper()} & MONTHS - set(asked.split())
        # Software documentation dates a change by its release: "When was X added?" is
        # answered by "added in 0.95.0" or a version directive ("versionadded 2.0"); "On which
        # date...?" asks the calendar. The question's own release dates nothing ("As of natsort
        # version 4.0.0, ..." for "When was natsort 4.0.0 released?").
        versions = {
            m.group(0).lower() for m in VERSION.finditer(text)
            if not any(same_release(a, r) for a in asked_releases for r in dotted_releases(m.group(0)))
        } - {m.group(0).lower() for m in VERSION.finditer(question)}
        return bool(years or months or (versions and not _CALENDAR_ASKED.search(question)))
    measured = _MEASURED.search(question)
    if measured:
        # "What was the tonnage of the ship?": a figure in a unit of that measure, or
        # after the measure's word ("a tonnage of 3,000").
        measure = measured.group(1).lower()
        in_unit = r"\d[\d,.]*[\s-]?(?:" + _UNITS[measure] + r")\b"
        after_word = r"\b" + measure + r"\s+(?:of|is|was|stood\s+at)\s+" + _ABOUT + r"\d"
        return bool(re.search(in_unit + "|" + after_word, text, re.IGNORECASE))
    if _SHARED.search(question):
        # "What percentage of exports...": a share, not the sum it is a share of.
        return bool(_SHARE.search(text))
    if _AGED.search(question):
        # "How old was he?": an age, not any number the sentence holds ("one of the two women").
        return bool(_AGE.search(text))
    if _PRICED.search(question):
        quoted = {m.group(0) for m in MONEY.finditer(question)}
        return any(m.group(0) not in quoted for m in MONEY.finditer(text)) or bool(_NO_SUM.search(text))
    if _COUNT.search(question):
        # "How many tourists": a sum of money ("a US$24 million project") counts no tourists.
        text = MONEY.sub(" ", text)
    # "marshmallow 3.x", "version 1.0" and "sqlite-utils 4.0" name releases, "ISO 8601" a
    # standard, digits glued to letters a name ("py3", "B64", "ipv4"): no quantities.
    text = counted_one(without_releases(_GLUED.sub(" ", LIST_NUMBER_OPENS.sub(" ", text))))
    numbers = {n.rstrip(",.") for n in DIGITS.findall(text) if not not_a_quantity(n.rstrip(",."))}
    numbers -= {n.rstrip(",.") for n in DIGITS.findall(question)}
    words = {w.lower() for w in WORD.findall(text)} & NUMBER_WORDS - {w.lower() for w in WORD.findall(question)}
    # "a 60-room palace": the digits sit inside a word, and DIGITS still finds them; "any
    # number of squares" is how far a lance moves: no bound.
    return bool(numbers or words or _UNBOUNDED.search(text) and not _UNBOUNDED.search(question))


_LITERAL_RELEASE = re.compile(r"([\"'])v?\d+(?:\.\d+)+\1")
_ISSUE = re.compile(r"(?<![\w&#])#\d+\b")
_GLUED = re.compile(r"(?<=[^\W\d_])\d+")
_UNBOUNDED = re.compile(r"\bany\s+number\s+of\b", re.IGNORECASE)
_VARIABLE_NAME = re.compile(
    r"(?<![\w.-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w.-])|\$[A-Z]{3,}[0-9]*(?![\w-]|\.\w)|(?<=`)[A-Z]{3,}[0-9]*(?=`)"
)
"""An environment variable's name as written: capitals with underscores ("NO_COLOR"), or a
word of three capitals or more after "$" or as code ("$HOME", "`PATH`"); in prose such a word
is an acronym ("a UTF-8 BOM", "JSON")."""
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>`\"')\]]+|\bwww\.[^\s<>`\"')\]]+", re.IGNORECASE)
_BRACKETED = re.compile(r"\b([A-Z][\w.+'\u2019-]*)[^\S\n]*\([^()\n]*\)")


@functools.lru_cache(maxsize=64)
def _question_words(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The question's words and its capitalised words after the first, lower-cased: read
    once per question, not once for each of the hundreds of windows :func:`carries` judges."""
    words = WORD.findall(question)
    return frozenset(w.lower() for w in words), frozenset(w.lower() for w in words[1:] if w[0].isupper())


def _others_brackets(text: str, question: str) -> str:
    """``text`` without the brackets that follow a name the question does not say, when it
    says one the question does: a figure in brackets belongs to the name before it ("Bash
    (version 4.4 and up), Zsh, Fish" gives no version of Zsh)."""
    asked, names = _question_words(question)
    if not names & {w.lower() for w in WORD.findall(text)}:
        return text
    return _BRACKETED.sub(lambda m: m.group(0) if m.group(1).lower() in asked else m.group(1), text)


def counts(question: str) -> bool:
    """Whether ``question`` counts things other than money ("How many rooms...")."""
    return bool(_COUNT.search(question))
