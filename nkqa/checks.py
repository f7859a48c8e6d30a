"""The refusing checks on the quoted window: what it, its passage and their surroundings
leave out of the question, or say otherwise.

A strong score is not enough when the question names something the passage
never mentions ("the ambassador to Thailand" against a passage on the ambassador
in Phnom Penh): such a passage is about a neighbouring fact, not this one. The
question's **names** are its capitalised words after the first (none when its
stop words are capitalised too, since then case says nothing) and, with vectors, the
lower-case words no lexicon holds (:func:`nkqa.names.coined_words`: "cattrs"), kept when rarer
than :data:`nkqa.named.NAME_MIN_IDF`, since a name found in many passages is the
collection's topic and passages refer to it in other ways ("Pyongyang" for
North Korea). A name is mentioned when a passage term equals its stem or one
starts with the other (at least four letters: "Thai" and "Thailand"), in the
passage or within :data:`NAME_CONTEXT_CHARS` of it in its file, in the file's first or
last :data:`FILE_EDGE_CHARS` (its title, byline or copyright line) or in the file's name
("GPL-3"); an acronym is also mentioned where those spell it out ("MPL": "Mozilla Public
License"), and a name fused with its version where they say both ("GPLv3"). When the
unmentioned names carry :data:`NAME_GAP_LIMIT` or more of the question's idf
weight, the answer is not supported; nor, whatever its weight, when an unmentioned name is a
word of another file's name: the question asks about that file ("How many days does the
*Apache* License allow...?" and ``Apache-2.0``), whose windows :func:`nkqa.named.off_file` puts first.

The quoted window itself must then say what is asked (:mod:`nkqa.attribute`): the
question's attribute (:data:`ATTRIBUTE_GAP_LIMIT`), for a how-many question a count of the right
thing (:data:`COUNT_BINDING_LIMIT`), no other place, actor, kin name or year where the question
has one (:mod:`nkqa.conflict`) nor only a twin of its name or a candidate another country owns
(:mod:`nkqa.twins`), the question's year, date or count in a clause about its names, none of its
names only in an exception nor any of its words only in a contrast, no entry under another
release's heading nor, under none, a window that says no release for the question's
(:mod:`nkqa.ownership`), no answer it only denies (:mod:`nkqa.negation`) nor,
for a when-question in the past, only a date something was aimed for (:mod:`nkqa.intent`), a
default called one
(:func:`nkqa.defaults.unsaid_default`), the question's verb not said of a sibling of its
subject (:mod:`nkqa.sibling`: the *bitmap* renderer's rasterizer for the *SVG* renderer's), no
name in the other role, a doer for the question's
verb when the window says it in the passive (:func:`nkqa.direction.passive_agent`: "was
founded by Khek Vandy" does not answer what Khek Sakara founded), the verb of a who-, which- or
what-question whose attribute is that verb alone (:func:`nkqa.unsaid.unsaid_verb`: a
window about the Pacific Forum that never says "found" names no founder; with vectors, a
synonym in a window that says every name counts), and, for "who is
the X" and "what is the name of the X", a name beside the X when it says the X
(:mod:`nkqa.naming`), and for a which-question that asks for a kind and no answer type, the
kind said or something that could be one (:mod:`nkqa.category`). The tests read the question
in its evidence's words (:mod:`nkqa.acronyms`). :func:`run_checks` runs them on the best
window, :func:`refusal` reads their outcome as the reason to refuse, if any; each refusal
names its reason.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

from nkqa.acronyms import ACRONYM, in_their_words, spelled_out
from nkqa.answer_type import AnswerType
from nkqa.attribute import attribute_gap, attribute_terms, category_words, count_binding, mentions
from nkqa.category import unsaid_category
from nkqa.conflict import (
    attachment_conflict, modifier_conflict, name_conflict, releases_named, slot_conflict, version_conflict,
    year_conflict,
)
from nkqa.defaults import unsaid_default
from nkqa.direction import Agent, direction_swap, passive_agent, target_swap
from nkqa.intent import planned_conflict
from nkqa.named import named_file, off_file, rare_stems, says, unspelled_file
from nkqa.names import coined_words, name_runs, question_names
from nkqa.naming import unnamed_kind, unnamed_role
from nkqa.negation import denied_conflict
from nkqa.ownership import (
    contrasted_conflict, count_place_conflict, date_conflict, excepted_conflict, section_release_conflict,
    year_clause_conflict,
)
from nkqa.passage import Passage
from nkqa.sibling import sibling_subject
from nkqa.twins import owner_conflict, twin_conflict
from nkqa.unsaid import unsaid_verb
from nkqa.windows import Evidence, Window, is_question, path_terms, question_terms

__all__ = [
    "Checks", "refusal", "run_checks", "unbound", "ATTRIBUTE_GAP_LIMIT", "COUNT_BINDING_LIMIT", "FILE_EDGE_CHARS",
    "NAME_CONTEXT_CHARS", "NAME_GAP_LIMIT",
]

NAME_GAP_LIMIT = 0.2
"""Share of the question's idf weight that unmentioned names may not reach."""
ATTRIBUTE_GAP_LIMIT = 0.5
"""Share of the question's attribute (:mod:`nkqa.attribute`) the quoted window may not
leave unsaid: at or above it, the window answers a neighbouring question."""
COUNT_BINDING_LIMIT = 0.8
"""How well a count in the quoted window must bind to what a how-many question counts
(:func:`nkqa.attribute.count_binding`): a near-synonym (cosine 0.54 or more), not a word of
the same field ("goals" and "soccer", 0.52). Chosen on dev, check, tune and para (README)."""
FILE_EDGE_CHARS = 300
"""How much of a file's start and end counts as every passage's surroundings: its title,
byline or copyright line names the source all its passages come from."""
NAME_CONTEXT_CHARS = 6000
"""How far around the passage, in characters of its file, a name may be mentioned: a story
names its setting, its speaker or its source once and then says "he", "there" or nothing
("the workshop" 1,370 characters after "Siem Reap"). About two printed pages, so that in a
long file the name must still belong to the same part. From 300 to 6000: check's wrong
abstentions 2 -> 1, fresh's 12 -> 10, no refusal lost on any set (README)."""



@dataclass(frozen=True)
class Checks:
    """What the best window leaves out of the question, or says otherwise (:func:`run_checks`)."""

    unmentioned: list[str]
    name_gap: float
    attribute_gap: float
    swapped: str | None
    count_binding: float | None = None
    conflict: tuple[str, str] | None = None
    unnamed: str | None = None
    agent: Agent | None = None
    verb: str | None = None
    named_file: str | None = None


def run_checks(
    index: Evidence,
    question: str,
    kind: AnswerType | None,
    best: Window,
    dense: bool,
    files: dict[str, list[str]] | None = None,
) -> Checks:
    """Every check of the module docstring on ``best`` for ``question`` (of answer type
    ``kind``); ``dense``: vectors are at hand (soft matches, coined names); ``files``: the
    files the question names (:func:`~nkqa.named.named_files`)."""
    # An acronym the passage spells out is mentioned, words the window abbreviates are said:
    # every test reads the question as the evidence words it ("end of life": "EOL").
    question = in_their_words(question, best.passage.text, best.text)
    names = question_names(question)
    # Without vectors the model's vocabulary may not be at hand; case alone finds names then.
    coined = coined_words(question, index.word_pieces) if dense else []
    # Each name's rare stems, asked by the name test and again by the rare-name tests.
    rare_of: Callable[[str], set[str]] = functools.cache(lambda name: rare_stems(index, name))
    named = [(n, rare_of(n)) for n in [*names, *coined]]
    wider = functools.partial(_surroundings, index, best.passage)
    unmentioned, name_gap = _name_gap(index, question, named, best.passage.text, wider)
    # The word before a release names a product ("When was *httpx* 0.28.0 released?"), as
    # a capitalised name does: no attribute the window must say.
    products = [name for name, _ in releases_named(question)]
    terms = attribute_terms(question, [*names, *products], kind)
    # Without vectors (bm25 mode) a paraphrased attribute cannot be recognised, so only
    # the words themselves would count: too strict to refuse on.
    gap = (
        attribute_gap(
            terms,
            best.text,
            stem=index.tokenize,
            idf=index.idf_of,
            encode=index.encode_texts,
        )
        if dense
        else 0.0
    )
    swapped = direction_swap(question, best.text, names, stem=index.tokenize)
    swapped = swapped or target_swap(question, best.text, stem=index.tokenize)
    encode = index.encode_texts if dense else None
    binding = count_binding(question, best.text, names, stem=index.tokenize, encode=encode)
    # Rare names only: a common one is the collection's topic, said in other ways.
    def is_rare(name: str) -> bool:
        return bool(rare_of(name))

    rare = [n for n in names if is_rare(n)]
    conflict = name_conflict(question, best.text, rare, stem=index.tokenize) or year_conflict(question, best.text)
    conflict = conflict or version_conflict(question, best.text) or twin_conflict(question, best.text)
    conflict = conflict or slot_conflict(question, best.text, rare, stem=index.tokenize)
    conflict = conflict or attachment_conflict(question, best.text, rare, stem=index.tokenize)
    conflict = conflict or modifier_conflict(question, best.text, rare, stem=index.tokenize, encode=encode)
    conflict = conflict or owner_conflict(question, best.text, rare, stem=index.tokenize, encode=encode)
    conflict = conflict or sibling_subject(question, best.text, stem=index.tokenize)
    if kind is AnswerType.DATE:
        conflict = conflict or date_conflict(question, best.text, rare, stem=index.tokenize)
        conflict = conflict or planned_conflict(question, best.text)
    conflict = conflict or year_clause_conflict(question, best.text, rare, stem=index.tokenize)
    conflict = conflict or excepted_conflict(question, best.text, rare, stem=index.tokenize)
    contrastable = [*names, *terms, *category_words(question)]
    conflict = conflict or contrasted_conflict(question, best.text, contrastable, stem=index.tokenize)
    conflict = conflict or section_release_conflict(question, best.text, best.passage.section)
    conflict = conflict or denied_conflict(question, best.text, kind)
    if conflict is None and unsaid_default(question, best.text):
        conflict = ("a default", "a value it does not call one")
    if kind is AnswerType.NUMBER:
        conflict = conflict or count_place_conflict(question, best.text, rare, stem=index.tokenize)
    unnamed = unnamed_role(question, best.text, names, stem=index.tokenize)
    unnamed = unnamed or unnamed_kind(question, best.text, stem=index.tokenize)
    if kind is None:
        unnamed = unnamed or unsaid_category(question, best.text, stem=index.tokenize, encode=encode)
    agent = passive_agent(question, best.text, names, stem=index.tokenize, rare=is_rare)
    verb = unsaid_verb(question, best.text, [*names, *coined], kind, stem=index.tokenize, encode=encode)
    asked_file = named_file(index, [t for name in unmentioned for t in rare_of(name)])
    # A question that names a file ("the AIP guide": aipguide4-2.pdf) is not answered by
    # another file's passage that never says the name.
    if asked_file is None and files and (off := off_file(index, files)) is not None and off(best):
        asked_file = next(iter(files))
        unmentioned = unmentioned or sorted({t for said in files.values() for t in said})
    if asked_file is None and (unspelled := unspelled_file(index, question, best, wider)) is not None:
        asked_file, run = unspelled
        unmentioned = [*unmentioned, run]
    return Checks(unmentioned, name_gap, gap, swapped, binding, conflict, unnamed, agent, verb, asked_file)


def unbound(checks: Checks) -> bool:
    """Whether the window's count counts something other than what the question counts."""
    return checks.count_binding is not None and checks.count_binding < COUNT_BINDING_LIMIT


def refusal(
    best: Window, kind: AnswerType | None, evidence: float, threshold: float, checks: Checks
) -> str | None:
    """Why the best window does not answer the question, or None when it does."""
    if evidence < threshold:
        return (
            f"the closest sentence scores {evidence:.2f} in evidence, "
            f"below the {threshold:.2f} threshold"
        )
    if is_question(best.text):
        return "the closest sentence is itself a question"
    if kind is not None and not best.typed:
        return f"the question asks for {_KIND_PHRASE[kind]} and the closest sentence gives none"
    if checks.name_gap >= NAME_GAP_LIMIT:
        return (
            f"the closest passage and its surroundings never mention {', '.join(checks.unmentioned)} "
            f"({checks.name_gap:.0%} of the question's weight)"
        )
    if checks.named_file is not None:
        return (
            f"the question names {checks.named_file}, and the closest passage and its surroundings "
            f"never mention {', '.join(checks.unmentioned)}"
        )
    if checks.attribute_gap >= ATTRIBUTE_GAP_LIMIT:
        return (
            f"the closest sentence leaves {checks.attribute_gap:.0%} of what the question asks "
            "about unsaid"
        )
    if checks.swapped is not None:
        return f"the closest sentence has {checks.swapped} in the other role than the question"
    if checks.conflict is not None:
        asked, said = checks.conflict
        return f"the question has {asked} where the closest sentence has {said}"
    if unbound(checks):
        return "the closest sentence counts something other than what the question counts"
    if checks.unnamed is not None:
        return f"the question asks to name the {checks.unnamed} and the closest sentence names none beside it"
    if checks.agent is not None:
        verb, agent, asked = checks.agent
        if agent is None:
            return f"the question asks who did it and the closest sentence says '{verb}' but not by whom"
        return f"the closest sentence says '{verb}' by {agent}, not by {asked}"
    if checks.verb is not None:
        return f"the closest sentence does not say '{checks.verb}', the one thing the question asks about its names"
    return None


_KIND_PHRASE = {
    AnswerType.NUMBER: "a number",
    AnswerType.DATE: "a date",
    AnswerType.NAME: "a name",
    AnswerType.VERSION: "a version",
    AnswerType.VARIABLE: "an environment variable",
}


def _surroundings(index: Evidence, passage: Passage) -> str:
    """The passage with :data:`NAME_CONTEXT_CHARS` of its file on either side, at
    every place it occurs, and the file's first and last :data:`FILE_EDGE_CHARS`."""
    parts = [passage.text]
    for citation in passage.citations:
        if citation.stale:  # the file changed: its text no longer matches the offsets
            continue
        text = index.document(citation.source).text
        start = max(0, citation.start_char - NAME_CONTEXT_CHARS)
        parts.append(text[start : citation.end_char + NAME_CONTEXT_CHARS])
        # A file's name, head and foot (title, byline, copyright line) speak for all of it:
        # "GPL-3", "MPL-2.0" name the licence their text calls "this License".
        parts += [citation.source, text[:FILE_EDGE_CHARS], text[max(0, len(text) - FILE_EDGE_CHARS) :]]
    # A name fused with its number in a file name says both ("rfc3533.txt": RFC 3533).
    parts.append(" ".join(sorted(path_terms(index, passage))))
    return "\n".join(parts)


def _name_gap(
    index: Evidence,
    question: str,
    rare: list[tuple[str, set[str]]],
    context: str,
    wider: Callable[[], str] | None = None,
) -> tuple[list[str], float]:
    """The question's names (each with its :func:`~nkqa.named.rare_stems` in ``rare``) that ``context``
    never mentions, and their share of the question's idf weight. ``wider`` gives a larger
    context to look in when ``context`` misses a name (tokenizing it costs more than
    the rest of the checks, and most answers name everything in their passage)."""
    idf = index.idf_of
    _, q_weight = question_terms(index, question)
    terms = set(index.tokenize(context))
    if wider is not None and any(not mentions(t, terms) for _, stems in rare for t in stems):
        context = wider()
        terms |= set(index.tokenize(context))
    unmentioned, absent = [], set()
    for word, stems in rare:
        missing = {t for t in stems if not says(t, terms)}
        # An acronym its surroundings spell out ("MPL": the file's head says "Mozilla Public
        # License"); the passage's own are read by in_their_words already.
        if missing and ACRONYM.fullmatch(word) and spelled_out(word, context):
            missing = set()
        if missing:
            unmentioned.append(word)
            absent |= missing  # a name said twice ("Hanoi ... Hanoi's") weighs once
    # A name of several words is said whole or not at all: "software" and "public" in the
    # passage do not name Software in the Public Interest when "Interest" is missing.
    for run in name_runs(question):
        if any(word in unmentioned for word in run):
            absent |= {t for word in run for t in index.tokenize(word)}
    return unmentioned, math.fsum(idf(t) for t in absent) / q_weight


