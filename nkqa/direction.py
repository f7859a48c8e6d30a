"""Does a name of the question play the other role in the quoted window?

"Which leader built a palace in Pyongyang *for Kim Il Sung*?" against "*Kim Il Sung* built a
60-room palace in Pyongyang for Sihanouk": every word of the question is in the window, and
the relation runs the other way. :func:`direction_swap` finds such a name by reading the
verb both share (the *pivot*, compared in its base form: "send" and "sent" are one verb, by
LemmInflect's tables) and who stands before and after it; see its docstring.
:func:`passive_agent` reads the doer of a verb the window says in the passive ("was founded
and headed *by Khek Vandy*"): another than the question's, or none when the question asks who.
:func:`target_swap` reads a change the other way: "What was *X* renamed to?" against "*Y* is
renamed to *X*".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from nkqa.answer_type import MONTHS
from nkqa.attribute import (
    AUXILIARIES,
    BE_FORMS,
    FUNCTION_WORDS,
    PREPOSITIONS,
    answer_category,
    first_stems,
)
from nkqa.lexicon import can_be_verb, is_participle, verb_lemma
from nkqa.voice import CLAUSE_OPENERS, question_passive_at

__all__ = ["Agent", "direction_swap", "passive_agent", "target_swap", "TARGET_REACH"]

_MODIFIER_BEFORE = frozenset("a an the".split()) | PREPOSITIONS
# What follows a verb that takes an object or a complement.
_OBJECT_START = frozenset("a an the his her its their this that these those to for from in on into with".split())
_ASIDE = re.compile(r"\([^()]*\)")
_COMPOUND = re.compile(r"-[a-z]+$")
_ADVERBS = frozenset("also not never still already then subsequently reportedly".split())
_TOKEN = re.compile(r"[^\W_][\w'\u2019-]*")


def direction_swap(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> str | None:
    """The name whose role is reversed between ``question`` and ``window``, or None.

    A *pivot* is a content word that both share, used as a verb in the window:
    followed by an article, a pronoun, a preposition or a figure (or, ending in *-ed*, by a
    name: "Malaysia expelled North Korea's ambassador"), and not passive (no
    form of *be* before it in either text, nor before the question's subject, "When was
    Starlette created?"; no *by* after it in the question). A name
    after the pivot in the question that stands before it in the window, as its
    subject (past auxiliaries and adverbs: "Pyongyang has sent", "Phnom Penh also
    seized") and not as a modifier ("the Visakha coach"), has swapped roles; so has the
    question's subject when a passive window makes it the verb's patient ("did Sihanouk
    welcome" against "Sihanouk (L) is welcomed ... by Kim Il-Sung"). Months are not names
    here: "in March" says when, not who; asides in brackets are skipped.
    """
    # A month is when, not who: "in March" is no actor whose role could swap.
    actors = [n for n in names if n.lower() not in MONTHS]
    category = answer_category(question)
    name_stems = {(stem(n) or [""])[0] for n in actors} - {""}
    if not name_stems & set(stem(window)):
        return None
    # Figures are words here: "has sent 95 delegations" takes an object. An aside in
    # brackets ("Norodom Sihanouk (L) is welcomed") stands between a subject and its verb.
    q_words, w_words = _TOKEN.findall(question), _TOKEN.findall(_ASIDE.sub(" ", window))
    q_stems, w_stems = first_stems(_as_verbs(q_words), stem), first_stems(_as_verbs(w_words), stem)
    for qi, pivot in enumerate(q_stems):
        if not pivot or pivot in name_stems or q_words[qi].lower() in FUNCTION_WORDS:
            continue
        # "Which *empire* does the museum celebrate?": the kind asked for is the answer's
        # noun, no verb relating a doer to a patient ("the ancient Angkor empire with...").
        if question_passive_at(q_words, qi) or q_words[qi].lower() == category:
            continue
        # The pivot's object: names after it up to the next clause ("seize a ship two years
        # *before* Phnom Penh seized a tanker": Phnom Penh is the next verb's subject).
        clause_end = next(
            (k for k in range(qi + 1, len(q_words)) if q_words[k].lower() in CLAUSE_OPENERS), len(q_words)
        )
        after_q = {s for s in q_stems[qi + 1 : clause_end] if s in name_stems}
        # The pivot's subject: the run of names right before it ("did *Norodom Sihanouk* welcome").
        before_q = set(_names_before(q_stems, qi, name_stems))
        for wi, word in enumerate(w_stems):
            if word != pivot or wi == 0 or wi + 1 >= len(w_words):
                continue
            # A name may be the object of a past-tense verb ("Malaysia expelled North Korea's
            # ambassador"); after a noun it is an apposition ("leader Kim", "President Moon").
            follower = w_words[wi + 1]
            verb_then_name = follower[0].isupper() and w_words[wi].endswith("ed")
            if not (follower.lower() in _OBJECT_START or follower[0].isdigit() or verb_then_name):
                continue
            # The subject: the run of names before the pivot in the window, past its
            # auxiliaries and adverbs ("Pyongyang has sent", "Phnom Penh also seized").
            j = wi - 1
            while j > 0 and (w_words[j].lower() in AUXILIARIES or w_words[j].lower() in _ADVERBS):
                j -= 1
            if w_words[j].lower() in BE_FORMS:
                # A passive window: its subject undergoes the verb ("Sihanouk is welcomed ...
                # by Kim Il-Sung"), so the question's subject in that place has swapped roles.
                j -= 1
                while j > 0 and w_words[j].lower() in AUXILIARIES:
                    j -= 1
                patient = []
                while j >= 0 and w_stems[j] in name_stems:
                    patient.append(w_words[j])
                    j -= 1
                if patient and {w_stems[m] for m in range(j + 1, j + 1 + len(patient))} & before_q:
                    return " ".join(reversed(patient))
                continue
            subject = []
            while j >= 0 and w_stems[j] in name_stems:
                subject.append(w_words[j])
                j -= 1
            # "the Visakha coach", "in Cambodian currency", "two Pyongyang-style restaurants":
            # the names modify a noun (a compound's lower-case tail makes it an adjective).
            if not subject or (j >= 0 and w_words[j].lower() in _MODIFIER_BEFORE) or _COMPOUND.search(subject[0]):
                continue
            if any(w_stems[k] in after_q for k in range(j + 1, wi)):
                return " ".join(reversed(subject))
    return None


class Agent(NamedTuple):
    """What a passive window says of the doer of the question's verb."""

    verb: str
    """The verb as the window writes it ("founded")."""
    agent: str | None
    """The window's agent ("Khek Vandy"), or None when it names none."""
    asked: str | None
    """The question's doer ("Khek Sakara"), or None when the question asks who."""


_WH = frozenset("who which what".split())
# A dotted number ("version 1.3.2") is one word, not three words and two full stops.
_PUNCT_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_][\w'\u2019-]*|[.,;:!?()\u2014\u2013]")
_CODE = re.compile(r"``[^`\n]+``|\b\w+(?:_\w+)+(?:\(\))?|\b[a-z_]\w+(?:\.\w{2,})+(?:\(\))?|\b\w+\(\)|\b\w+=\S+")
"""A code object as documentation writes it: inline code, a name with an underscore or a
dotted path ("set_blocked", "pluggy.PluginManager"), a call ("register()"), a keyword
argument ("wrapper=True")."""
AGENT_REACH = 6
"""Words after a passive verb within which its *by* phrase must start ("founded and headed by")."""


_BECAME = re.compile(
    r"^\s*(?:what|which(?:\s+[\w-]+)?)\s+(?:is|was|are|were|(?:has|have|had)\s+been)\s+(?P<thing>.+?)\s+"
    r"(?P<verb>[^\W\d_]+ed)\s+(?:to|into)\b",
    re.IGNORECASE,
)
"""A question that asks what a thing became: "What was *pass_collection renamed to*?"."""
TARGET_REACH = 6
"""Words after "renamed to" in which the window's target may stand."""


def target_swap(question: str, window: str, *, stem: Callable[[str], list[str]]) -> str | None:
    """The thing a became-question asks the new form of ("What was *X* renamed to?") when the
    window has it as the new form of something else ("``Y`` ... is renamed to ``X``",
    "renamed ``Y`` to ``X``"): the
    rename runs the other way. None otherwise, and when the window also has the thing before
    the verb.

    Examples
    --------
    >>> from nkqa.tokenizer import tokenize
    >>> target_swap("What was pass_collection renamed to?", "The pass_many argument is renamed to pass_collection.", stem=tokenize)
    'pass_collection'
    >>> target_swap("What was pass_many renamed to?", "The pass_many argument is renamed to pass_collection.", stem=tokenize) is None
    True
    >>> target_swap("What was run_all() renamed to?", "API change: renamed ``run_all_jobs()`` to ``run_all()``", stem=tokenize)
    'run_all()'
    >>> target_swap("What was run_all_jobs() renamed to?", "API change: renamed ``run_all_jobs()`` to ``run_all()``", stem=tokenize) is None
    True
    """
    asked = _BECAME.search(question)
    if asked is None:
        return None
    thing = set(stem(asked.group("thing")))
    # Whole words too: the stems of "run_all" are inside those of "run_all_jobs".
    thing_words = {w.lower() for w in _TOKEN.findall(asked.group("thing"))} - FUNCTION_WORDS
    verb = stem(asked.group("verb"))
    words = _TOKEN.findall(window)
    stems = [set(stem(w)) for w in words]
    lows = [w.lower() for w in words]
    for i in range(len(words) - 1):
        if not verb or verb[0] not in stems[i]:
            continue
        # "is renamed to X", or actively "renamed Y to X": the first "to" within reach.
        to = next((j for j in range(i + 1, min(len(words), i + 1 + TARGET_REACH)) if lows[j] in ("to", "into")), None)
        if to is None:
            continue
        after = set().union(*stems[to + 1 : to + 1 + TARGET_REACH])
        before = set().union(*stems[:to])
        after_words, before_words = set(lows[to + 1 : to + 1 + TARGET_REACH]), set(lows[:to])
        if (thing and thing <= after and not thing <= before) or (
            thing_words and thing_words <= after_words and not thing_words <= before_words
        ):
            return asked.group("thing")
    return None


def passive_agent(
    question: str,
    window: str,
    names: Sequence[str],
    *,
    stem: Callable[[str], list[str]],
    rare: Callable[[str], bool],
) -> Agent | None:
    """The doer a passive ``window`` gives the verb of an active ``question``, when it is
    not the question's; None when the window does not contradict the question.

    Two cases, each on the verb the question and the window share (compared in its base
    form, as :func:`direction_swap`'s pivot), used actively in the question (not "When was
    Zorblat *created*?", :func:`nkqa.voice.question_passive_at`) and only passively
    ("was founded") in the window:

    - the question's subject is a run of rare names ("did *Khek Sakara* found") and every
      passive use names another rare doer ("was founded and headed *by Khek Vandy*");
    - the question asks for the doer ("*Which judge* sentenced", "*Who* built") and no
      passive use names one ("a businessman was sentenced to 34 months"): the window says
      the thing was done, not by whom. Not when the verb is a gerund ("the behaviour of
      *creating*..."), nor when the window says the question's answer category within
      :data:`AGENT_REACH` words after the verb ("Which *table* records..." against "is
      recorded in the ``_sqlite_migrations`` *table*"), nor, for which and what, when it
      names a code object the question does not ("Which option declares a wrapper?"
      against "wrappers are declared with ``wrapper=True``").

    ``rare`` says whether a name is rare enough to be told from another: a common one
    (the collection's topic, "Pyongyang" for North Korea) has aliases, which are no other doer.
    """
    q_words = _TOKEN.findall(question)
    if not q_words:
        return None
    w_words = _PUNCT_TOKEN.findall(_ASIDE.sub(" ", window))
    q_stems, w_stems = first_stems(_as_verbs(q_words), stem), first_stems(_as_verbs(w_words), stem)
    # A base form may read as another verb's past ("did X found" -> "find"): a verb is its
    # lemma's stem or its own.
    q_forms = [{a, b} - {""} for a, b in zip(q_stems, first_stems(q_words, stem))]
    w_forms = [{a, b} - {""} for a, b in zip(w_stems, first_stems(w_words, stem))]
    name_stems = set(first_stems(names, stem)) - {""}
    asks_doer = q_words[0].lower() in _WH
    category = next(iter(stem(answer_category(question) or "")), None)
    for qi, pivot in enumerate(q_stems):
        word = q_words[qi]
        if not pivot or pivot in name_stems or not word.islower() or word in FUNCTION_WORDS:
            continue
        # "ties are far more uncertain": a word no English verb takes ("far") is never the
        # verb, however a form of *be* stands before it.
        if not can_be_verb(word):
            continue
        if question_passive_at(q_words, qi):
            continue
        subject = _names_before(q_stems, qi, name_stems)
        # "Which judge sentenced": the wh-word opens the subject, and no auxiliary follows it;
        # a gerund ("Which flag restores the behaviour of *creating*...") is no clause's verb.
        # A participle after the clause's own verb modifies a noun ("Which company *built* a
        # system *certified* to conform...?"): the doer asked is the builder's, not the certifier's.
        doer_asked = asks_doer and not subject and not word.endswith("ing") and not any(
            w.lower() in AUXILIARIES or w.lower() in BE_FORMS or is_participle(w.lower()) for w in q_words[1:qi]
        )
        if subject and not all(rare(q_words[m]) for m in range(qi - len(subject), qi)):
            continue
        if not subject and not doer_asked:
            continue
        at = [wi for wi, forms in enumerate(w_forms) if forms & q_forms[qi] and can_be_verb(w_words[wi].lower())]
        uses = [_use(w_words, wi) for wi in at]
        if not uses or not all(use.passive for use in uses):
            continue
        verb = w_words[at[0]]
        if doer_asked:
            # "Which table records...?" against "is recorded in the _migrations table": the
            # window names the asked-for kind of thing right after the verb, and so the doer.
            named = category is not None and any(
                category in w_stems[wi + 1 : wi + 1 + AGENT_REACH] for wi in at
            )
            # "Which option declares a wrapper?" against "wrappers are declared with
            # ``wrapper=True``": what does it in documentation is a code object, not a person.
            named = named or (q_words[0].lower() != "who" and _names_code(window, question))
            if not any(use.doer for use in uses) and not named:
                return Agent(verb, None, None)
            continue
        said = [use.doer for use in uses]
        if all(_other_doer(subject, doer, stem=stem, rare=rare) for doer in said):
            return Agent(verb, " ".join(said[0]), " ".join(q_words[qi - len(subject) : qi]))
    return None


def _names_code(window: str, question: str) -> bool:
    """Whether ``window`` names a code object (:data:`_CODE`) that ``question`` does not."""
    asked = {m.group(0).strip("`").lower() for m in _CODE.finditer(question)}
    return any(m.group(0).strip("`").lower() not in asked for m in _CODE.finditer(window))


def _other_doer(
    subject: Sequence[str], doer: Sequence[str], *, stem: Callable[[str], list[str]], rare: Callable[[str], bool]
) -> bool:
    """Whether ``doer`` (window words) is someone other than ``subject`` (question stems): each
    has a rare name the other lacks. "Khek Vandy" is not "Khek Sakara"; "Kim" may be "Kim Jong Un"."""
    doer_stems = dict(zip(first_stems(doer, stem), doer))
    own = set(subject)
    return any(s not in own and rare(d) for s, d in doer_stems.items() if s) and bool(own - set(doer_stems))


class _Use(NamedTuple):
    passive: bool
    doer: tuple[str, ...]


def _names_before(stems: Sequence[str], i: int, name_stems: set[str]) -> list[str]:
    """The run of name stems right before position ``i``."""
    k = i - 1
    while k >= 0 and stems[k] in name_stems:
        k -= 1
    return list(stems[k + 1 : i])


def _use(words: Sequence[str], i: int) -> _Use:
    """How the window uses the verb at ``i``: passive or not and, if passive, the names of
    its *by* phrase within :data:`AGENT_REACH` words and its clause (none when it has none).
    A *by* phrase that names nobody ("by using", "by 2015") tells nothing: not passive."""
    j = i - 1
    while j >= 0 and words[j].lower() in _ADVERBS:
        j -= 1
    if j < 0 or words[j].lower() not in BE_FORMS:
        return _Use(False, ())
    for k in range(i + 1, min(len(words), i + 1 + AGENT_REACH)):
        low = words[k].lower()
        if not words[k][0].isalnum() or low in CLAUSE_OPENERS:
            break
        if low == "by":
            doer: list[str] = []
            for word in words[k + 1 :]:
                if word[0].isupper():
                    doer.append(word)
                elif (word.lower() not in ("and", "of")) if doer else (word.lower() not in ("the", "a", "an")):
                    break
            return _Use(bool(doer), tuple(doer))
    return _Use(True, ())


def _as_verbs(words: Sequence[str]) -> list[str]:
    """Lower-case content ``words`` in their base form as verbs ("sent" -> "send", "met" ->
    "meet"), so that a pivot meets its irregular past, which no stemmer reaches; names and
    function words as they are."""
    return [verb_lemma(w) if w.islower() and w not in FUNCTION_WORDS else w for w in words]
