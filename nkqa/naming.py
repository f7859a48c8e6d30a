"""Does the quoted window name the person or thing a question asks to be named?

"Who is the president of the Center for Peace and Conflict Studies?" and "What was
the name of the Singaporean businessman jailed for 34 months?" ask for the name of a
*role*: the president, the businessman. A window that speaks of the centre, or of the
businessman, without naming him ("a Singaporean businessman was sentenced...") does
not answer, however many of the question's words it says. The answer-type check
(:func:`nkqa.answer_type.carries`) is satisfied by any capitalised word; here the name
must stand next to the role ("said Ralph Cossa, *president* of the Pacific Forum",
"*Foreign Minister* Hor Namhong", "the coal smuggling *ship* Wise Honest").

Only these two forms are read: ``who is/was the <role>...`` and ``what is/was the
name of the <role>...``. Other who-questions ("Who founded...", "Who was arrested...")
ask for the doer or the patient of a verb, and which-questions are often answered by an
identifier or a number.

A window that never says a who-question's role cannot name its holder either: "Who is
the president of the National University of Malaysia?" is not answered by "...said Hoo
Chiew-Ping, a North Korea expert at the National University of Malaysia". (A thing asked
by name is often described rather than called by its kind: "the now-forgotten
*characteristic* that already used a class decorator" names "the library".) The role
must be said in its own word (by stem): a synonym is not recognised ("diplomat" for "foreign
minister"), since the model's cosine does not tell a synonym from a neighbouring role
("president" is as close to "prime minister", 0.60, as "diplomat" is to "foreign
minister", 0.60).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nkqa.answer_type import DAYS, MONTHS
from nkqa.attribute import FUNCTION_WORDS, first_stems, mentions
from nkqa.lexicon import word_classes
from nkqa.windows import Window

__all__ = ["kind_word", "kindless", "role_word", "unnamed_kind", "unnamed_role", "ROLE_REACH", "TOKEN"]

ROLE_REACH = 4
"""How many words from the role a name may stand: "said *Hoo Chiew-Ping*, a North Korea
*expert*" (four), "*Ralph Cossa*, *president*" (one). On dev, check, tune, para and fresh,
4 and 5 do the same; 3 loses the expert, 6 answers a fresh question it should refuse."""

_ASKS_ROLE = re.compile(
    r"^\s*(?:who|what)\s+(?:is|was|are|were)\s+(?P<the>the\s+)?(?:names?\s+of\s+(?:the\s+)?)?(?P<phrase>.*)$",
    re.IGNORECASE,
)
_ASKS_KIND = re.compile(
    r"^\s*(?:what|which)\s+(?:kinds?|types?|sorts?|forms?)\s+of\s+(?P<phrase>.*)$", re.IGNORECASE
)
_ASKS_DOER = re.compile(r"^\s*who\s+([a-z]+)\b", re.IGNORECASE)
_DOER_NOUN = re.compile(r"(?:er|or)s?$", re.IGNORECASE)
TOKEN = re.compile(r"[^\W_][\w'\u2019.-]*[\w'\u2019]|[^\W_]")
"""A word as the checks on who is named read it: dotted and hyphenated names whole
("attrs.define", "Chiew-Ping"), no closing full stop (:mod:`nkqa.sibling` reads words so too)."""


def role_word(question: str, names: Sequence[str]) -> str | None:
    """The role a who-is or what-is-the-name-of question asks to be named: the head of
    its noun phrase, the last lower-case content word before a function word or a
    participle (names and adverbs inside the phrase modify it), or None for other
    questions, among them a passive verb after "who is/was" without an article.

    Examples
    --------
    >>> role_word("Who is the president of the Pacific Forum?", ["Pacific", "Forum"])
    'president'
    >>> role_word("Who was Cambodia's foreign minister in 2012?", ["Cambodia's"])
    'minister'
    >>> role_word("Who was the high-ranking North Korean diplomat he met?", ["North", "Korean"])
    'diplomat'
    >>> role_word("What was the name of the oil tanker seized in March?", ["March"])
    'tanker'
    >>> role_word("Who founded the institute?", []) is None
    True
    >>> role_word("Who was possibly unwittingly linked to the murder?", []) is None
    True
    >>> role_word("What is the capital of Cambodia?", ["Cambodia"]) is None
    True
    """
    match = _ASKS_ROLE.match(question)
    if match is None:
        return None
    named = "name" in question[: match.start("phrase")].lower()
    if not named and not _asks_who(question):
        return None
    skip = {n.lower() for n in names}
    # No article nor "name of" before the phrase: a participle there is a passive verb
    # ("Who was *linked* to...") and the question asks for a doer or a patient, not a role.
    determined = named or match.group("the") is not None
    head = None
    for word in TOKEN.findall(match.group("phrase")):
        low = word.lower()
        if low in skip or word[0].isupper():
            continue
        if low in FUNCTION_WORDS or (head is not None and low.endswith("ed")):
            if head is not None:
                break
            continue
        if word_classes(low) == {"ADV"}:
            # "Who was *possibly unwittingly* linked...", "Who is *currently* the...".
            continue
        if head is None and not determined and low.endswith("ed"):
            return None
        head = low
    return head


def unnamed_role(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> str | None:
    """The role ``question`` asks to be named when ``window`` says it and names nobody
    within :data:`ROLE_REACH` words of it in the same sentence, or, for a who-question,
    never says it; None when a name stands beside it, and for questions that ask no role.
    A who-question's verb ("Who *maintains* packaging?") is a role where the window says it
    only as its doer's noun ("- PyPI *maintainer* (or owner) access to packaging").

    A name is a capitalised word the question does not use (nor a form of one: "Singapore"
    for "Singaporean"), not a month or a day, and not a sentence's first word unless a
    capitalised word follows it ("*Last* November" is no name, "*Chheang Vannarith* is
    President" is). Names right before the role
    modify it ("a *DPRK* diplomat") and name nobody. The role is found by stem.
    """
    role = role_word(question, names)
    doer = _ASKS_DOER.match(question) if role is None else None
    # "Who did...", "Who was...": no verb of the doer's to be said as a noun.
    if role is None and (doer is None or doer.group(1).lower() in FUNCTION_WORDS):
        return None
    asked = {w.lower() for w in TOKEN.findall(question)}
    tokens = list(TOKEN.finditer(window))
    words, positions = [t.group() for t in tokens], [t.start() for t in tokens]
    stems = first_stems([w.lower() for w in words], stem)
    if doer is not None:
        # "Who maintains...?" asks for the doer; a window that says the verb only as the
        # doer's noun ("PyPI *maintainer* access") must name one beside it, as for a role.
        verb_stem = (stem(doer.group(1)) or [""])[0]
        said = [i for i, word_stem in enumerate(stems) if verb_stem and word_stem == verb_stem]
        if not said or not all(_DOER_NOUN.search(words[i]) for i in said):
            return None
        role = words[said[0]].lower()
    role_stem = (stem(role) or [""])[0]
    starts = {i for i, at in enumerate(positions) if _opens_sentence(window, at)}

    def is_name(i: int) -> bool:
        word = words[i]
        low = word.lower()
        if not word[0].isupper() or low in asked or low in MONTHS or low in DAYS or low in FUNCTION_WORDS:
            return False
        # The question's own name in another form ("Singapore" for "Singaporean") names no one new.
        if mentions(low, asked):
            return False
        if i in starts:
            return i + 1 < len(words) and words[i + 1][0].isupper() and words[i + 1].lower() not in MONTHS
        return True

    found = [i for i, word_stem in enumerate(stems) if role_stem and word_stem == role_stem]
    if not found:
        # A person's role is said in its own word when the window names its holder; a
        # thing is often described instead ("the now-forgotten *characteristic* that
        # already used a class decorator" for "the name of the library").
        return role if _asks_who(question) else None
    for i in found:
        # Within reach and in the role's sentence: the next one names someone else.
        first = max([0] + [k for k in starts if k <= i])
        last = min([len(words)] + [k for k in starts if k > i])
        near = range(max(first, i - ROLE_REACH), min(last, i + ROLE_REACH + 1))
        modifiers = _modifiers(window, words, positions, i, is_name)
        if any(is_name(j) for j in near if j != i and j not in modifiers):
            return None
    return role


def _modifiers(
    window: str, words: list[str], positions: list[int], i: int, is_name: Callable[[int], bool]
) -> set[int]:
    """The run of names right before word ``i`` with nothing but spaces between: they modify
    the role ("a high-ranking *DPRK* diplomat", "the *Visakha* coach") rather than name its
    holder, who is set off by a comma or a verb ("Ralph Cossa, president")."""
    out: set[int] = set()
    j = i - 1
    while j >= 0 and is_name(j) and not window[positions[j] + len(words[j]) : positions[j + 1]].strip():
        out.add(j)
        j -= 1
    return out


def _asks_who(question: str) -> bool:
    return question.lower().lstrip().startswith("who")


def _opens_sentence(window: str, at: int) -> bool:
    before = window[:at].rstrip(" \t\n\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:\n"


def kind_word(question: str) -> str | None:
    """The thing whose kind a what-kind question asks ("What kind of *goggles* did...",
    "Which kinds of *coroutines* does..."): the last lower-case word of the phrase after "of"
    before a function word; None for other questions.

    Examples
    --------
    >>> kind_word("What kind of Japanese building is Jinja named for?")
    'building'
    >>> kind_word("Which kinds of coroutines does retry work on?")
    'coroutines'
    >>> kind_word("What is the kind of thing it does?") is None
    True
    """
    match = _ASKS_KIND.match(question)
    if match is None:
        return None
    head = None
    for word in TOKEN.findall(match.group("phrase")):
        low = word.lower()
        # The question's verb ends the phrase: "did", "does", or a past tense ("toxin *killed*").
        if low in FUNCTION_WORDS or head is not None and low.endswith("ed"):
            break
        if not word[0].isupper():
            head = low
    return head


def unnamed_kind(question: str, window: str, *, stem: Callable[[str], list[str]]) -> str | None:
    """"kind of <thing>" when a what-kind question's ``window`` says the thing only bare, with
    no word of its own before it ("Retry *on coroutines*" for "Which kinds of coroutines does
    retry work on?"); None when one says its kind ("*Tornado* coroutines", "*night-vision*
    goggles", "a *coal smuggling* ship"), when the window never says the thing (a paraphrase is
    the other checks' to judge) and for other questions. The kind is the word before the
    thing, not a function word and not one of the question's words.

    Examples
    --------
    >>> stem = lambda w: [w.lower().rstrip("s")]
    >>> unnamed_kind("Which kinds of coroutines does retry work on?", "- Retry on coroutines", stem=stem)
    'kind of coroutines'
    >>> unnamed_kind("Which kinds of coroutines does retry work on?",
    ...              "Retry works also on asyncio, Trio, and Tornado coroutines.", stem=stem) is None
    True
    """
    bare = _bare_thing(question, stem)
    return None if bare is None or not bare(window) else f"kind of {kind_word(question)}"


def kindless(question: str, stem: Callable[[str], list[str]]) -> Callable[[Window], bool] | None:
    """A test of whether a window says the thing a what-kind ``question`` asks about without
    its kind (:func:`unnamed_kind`, which refuses such a window as the answer); None for other
    questions."""
    bare = _bare_thing(question, stem)
    return None if bare is None else lambda window: bare(window.text)


def _bare_thing(question: str, stem: Callable[[str], list[str]]) -> Callable[[str], bool] | None:
    # The question read once (its thing, words and the thing's stem), each window then tested.
    thing = kind_word(question)
    thing_stem = (stem(thing) or [""])[0] if thing is not None else ""
    if not thing_stem:
        return None
    asked = {w.lower() for w in TOKEN.findall(question)}

    def bare(window: str) -> bool:
        words = [w.lower() for w in TOKEN.findall(window)]
        found = [i for i, word_stem in enumerate(first_stems(words, stem)) if word_stem == thing_stem]
        # Said, and never after a word of its own ("Tornado coroutines").
        return bool(found) and all(
            i == 0 or words[i - 1] in FUNCTION_WORDS or words[i - 1] in asked for i in found
        )

    return bare
