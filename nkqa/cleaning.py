"""Text cleaning that keeps a map from every cleaned character back to the raw text.

Cleaning drops invisible format characters (Cf: zero-width space, soft hyphen, BOM), then
removes markdown markup (escapes such as ``\\$``, ``**bold**``/``*emphasis*`` markers,
``[text](mailto:...)`` links, heading marks, blockquote markers), the markup of Sphinx and
MyST cross-reference roles (``:func:`x```, ``{doc}`title <page>```, across a line end too),
of reStructuredText hyperlink references (```Flask <https://...>`_`` reads "Flask"), of a
MyST directive's fence line (````` ```{versionadded} 2.0 ````` reads "versionadded 2.0") and
of a reStructuredText version directive's line (``.. versionadded:: 2.0`` reads the same;
other directive lines are dropped by :mod:`nkqa.rst`, or are code), drops the lines that open
or close code (a fence, a code directive's line and options), applies Unicode NFKC and folds
runs of white space into one space. The patterns are :mod:`nkqa.markup`'s.

The map is what makes citations checkable: for every cleaned character it stores
the raw ``[start, end)`` span it came from, so a span of cleaned text maps to a
raw span, and cleaning that raw slice gives back the same cleaned text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from nkqa.markup import GROUPS, MARKUP, MARKUP_HINT

__all__ = ["CleanText", "LineCleaner", "clean", "clean_with_map", "normalize"]

_MARKUP_CHARS = frozenset("#*[]()\\{}`:<>~")
"""The characters markup is made of, which NFKC must not bring in (see :func:`_nfkc_runs`)."""

_MATCH_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


@dataclass(frozen=True, eq=False)
class CleanText:
    """Cleaned text with, for each character ``i``, its raw span ``[starts[i], ends[i])``."""

    text: str
    starts: np.ndarray
    ends: np.ndarray

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` span of the cleaned slice ``text[start:end]`` (non-empty)."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError(f"empty or out-of-range span {start}:{end} of {len(self.text)} chars")
        return int(self.starts[start]), int(self.ends[end - 1])


_OFFSET = np.int32
"""Map entries are offsets within one cleaned slice (a paragraph is at most
nkqa.loading.MAX_PARAGRAPH_CHARS long): 32 bits halve the maps' memory."""


def clean(raw: str) -> str:
    """Clean ``raw`` as the indexer does (see the module docstring).

    Examples
    --------
    >>> clean("Trade was only \\\\$2 million,   **really**.")
    'Trade was only $2 million, really.'
    """
    return clean_with_map(raw).text


def clean_with_map(raw: str) -> CleanText:
    """Clean ``raw`` and return the text with its character map into ``raw``."""
    visible, src = _drop_format(raw)
    text1, starts1, ends1 = _strip_markup(visible)
    if src is not None and len(starts1):
        starts1, ends1 = src[starts1].astype(_OFFSET), (src[ends1 - 1] + 1).astype(_OFFSET)
    text2, starts2, ends2 = _normalise(text1)
    if not text2:
        empty = np.zeros(0, dtype=_OFFSET)
        return CleanText("", empty, empty)
    # Compose the two maps: a cleaned char spans the raw text of the chars it came from.
    return CleanText(text2, starts1[starts2], ends1[ends2 - 1])


WINDOW_CHARS = 1 << 18
"""Characters of whole lines :class:`LineCleaner` cleans in one call (256 Ki)."""


class LineCleaner:
    """Clean spans of whole lines of one text, a window of lines at a time.

    ``clean(start, end)`` equals ``clean_with_map(text[start:end])`` (maps relative
    to ``start``) for a span that starts at a line start and ends at a line end or the
    end of the text, because nothing cleaning does reaches across a line end: markup
    never spans one, white space around the span folds into spaces whose raw span
    leaves the span (or trims at its ends), and NFKC runs stop at white space. Cleaning
    one window and slicing it saves the fixed cost of a call per paragraph (about 40 µs
    of regex and numpy set-up), which was most of cleaning a document of short
    paragraphs. A window never grows past twice :data:`WINDOW_CHARS` beyond the span,
    so memory stays bounded on a file of one huge line.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._window: tuple[int, int, CleanText] | None = None

    def clean(self, start: int, end: int) -> CleanText:
        """The cleaned span ``[start, end)`` of whole lines, as :func:`clean_with_map`."""
        window = self._window
        if window is None or not (window[0] <= start and end <= window[1]):
            window = self._window = self._clean_window(start, end)
        first, _, whole = window
        # Keys of the maps' own type: a Python int would have numpy cast the whole map.
        low = int(whole.starts.searchsorted(_OFFSET(start - first), side="left"))
        high = int(whole.ends.searchsorted(_OFFSET(end - first), side="right"))
        # A space folded from the line end before or after the span is not the span's.
        while low < high and whole.text[low] == " ":
            low += 1
        while high > low and whole.text[high - 1] == " ":
            high -= 1
        if low >= high:
            empty = np.zeros(0, dtype=_OFFSET)
            return CleanText("", empty, empty)
        shift = _OFFSET(first - start)
        return CleanText(whole.text[low:high], whole.starts[low:high] + shift, whole.ends[low:high] + shift)

    def _clean_window(self, start: int, end: int) -> tuple[int, int, CleanText]:
        text = self._text
        stop = text.find("\n", start + WINDOW_CHARS)
        stop = len(text) if stop < 0 else stop + 1
        if stop - start > 2 * WINDOW_CHARS or stop < end:
            stop = end  # a huge line ahead: this span alone
        return start, stop, clean_with_map(text[start:stop])


def normalize(text: str) -> str:
    """Fold text for matching and duplicate detection (never for display).

    NFKC, curly quotes to straight, en/em dashes to ``-``, ``\\$`` to ``$``, runs of
    white space to one space, lower case: the normalisation the evaluation uses.
    """
    text = unicodedata.normalize("NFKC", text).translate(_MATCH_TABLE).replace("\\$", "$")
    return " ".join(text.split()).lower()


def _drop_format(raw: str) -> tuple[str, np.ndarray | None]:
    """``raw`` without its invisible format characters (zero-width space, soft hyphen,
    BOM...), and each kept character's index in ``raw`` (None when there were none).

    They go before markup is read, so that one at a line's start ("\u200b# Title") cannot
    hide markup that a second cleaning would then find."""
    if raw.isascii():
        return raw, None
    codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
    kept = np.flatnonzero(_flags(codes) & _FORMAT == 0)
    if len(kept) == len(codes):
        return raw, None
    return codes[kept].tobytes().decode("utf-32-le"), kept


def _strip_markup(raw: str) -> tuple[str, np.ndarray, np.ndarray]:
    if raw and not MARKUP_HINT.search(raw):
        starts = np.arange(len(raw), dtype=_OFFSET)
        return raw, starts, starts + 1
    parts: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    pos = 0
    for match in MARKUP.finditer(raw):
        if match.start() > pos:
            _identity(raw, pos, match.start(), parts, starts, ends)
        group = next((g for g in GROUPS if match.group(g) is not None), None)
        if group is not None:
            g_start, g_end = match.span(group)
            inner, inner_starts, inner_ends = _strip_markup(raw[g_start:g_end])
            if inner:
                inner_starts = inner_starts + g_start
                inner_ends = inner_ends + g_start
                # The visible text owns its markup, so a slice that starts or ends
                # on it takes the whole construct and cleans back to the same text.
                inner_starts[0] = match.start()
                inner_ends[-1] = match.end()
                parts.append(inner)
                starts.append(inner_starts)
                ends.append(inner_ends)
        pos = match.end()
    if pos < len(raw):
        _identity(raw, pos, len(raw), parts, starts, ends)
    if not parts:
        empty = np.zeros(0, dtype=_OFFSET)
        return "", empty, empty
    return "".join(parts), np.concatenate(starts), np.concatenate(ends)


def _identity(
    raw: str,
    start: int,
    end: int,
    parts: list[str],
    starts: list[np.ndarray],
    ends: list[np.ndarray],
) -> None:
    parts.append(raw[start:end])
    starts.append(np.arange(start, end, dtype=_OFFSET))
    ends.append(np.arange(start + 1, end + 1, dtype=_OFFSET))


def _normalise(text: str) -> tuple[str, np.ndarray, np.ndarray]:
    """Drop format characters, fold white space, apply NFKC; map indices into ``text``.

    Vectorised with numpy, each character classified by a table lookup
    (:func:`_classes`): a 10 MB file without line breaks cleans in about a second,
    where a per-character Python loop takes ten times longer.
    """
    empty = np.zeros(0, dtype=_OFFSET)
    if not text:
        return "", empty, empty
    ascii_only = text.isascii()
    if ascii_only and not _ASCII_WORK.search(text):
        # Most prose: ASCII (NFKC leaves it alone, it has no format characters) with
        # single spaces or line ends between words, so each character maps to itself.
        starts = np.arange(len(text), dtype=_OFFSET)
        return text.replace("\n", " "), starts, starts + 1
    if ascii_only:
        # One byte a character, and nothing for steps 1 and 3 to do.
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        flags = _classes()[codes]
        src = np.arange(len(codes))
    else:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        flags = _flags(codes)
        # Step 1: drop invisible format characters (zero-width space, BOM, soft hyphen).
        src = np.flatnonzero(flags & _FORMAT == 0)
        codes, flags = codes[src], flags[src]
    space = flags & _SPACE != 0
    if space.all():
        return "", empty, empty
    # Step 2: each run of white space becomes one space spanning the whole run;
    # leading and trailing white space goes.
    n = len(codes)
    positions = np.arange(n)
    next_solid = np.minimum.accumulate(np.where(space, n, positions)[::-1])[::-1]
    solid = np.flatnonzero(~space)
    run_start = space & ~np.concatenate(([False], space[:-1]))
    keep = (~space | run_start) & (positions > solid[0]) & (positions < solid[-1])
    keep[solid[0]] = keep[solid[-1]] = True
    kept = np.flatnonzero(keep)
    starts = src[kept].astype(_OFFSET)
    last = np.where(space[kept], next_solid[kept] - 1, kept)
    ends = (src[last] + 1).astype(_OFFSET)
    out_codes = np.where(space[kept], ord(" "), codes[kept]).astype(codes.dtype)
    out = out_codes.tobytes().decode("ascii" if ascii_only else "utf-32-le")
    if ascii_only:
        return out, starts, ends
    # Step 3: NFKC, only around the few characters it changes (never white space).
    changing = np.flatnonzero(flags[kept] & _CHANGES)
    if len(changing) == 0:
        return out, starts, ends
    return _nfkc_runs(out, starts, ends, changing)


_SPACE, _FORMAT, _CHANGES = 1, 2, 4
_ASCII_WORK = re.compile(r"\s\s|^\s|\s$|[\t\r\x0b\x0c\x1c-\x1f]")
"""What in an ASCII text the general path must fold: runs of white space, white space
at either end, and white space other than a space or a line end."""
_BMP = 0x10000


def _class_of(char: str) -> int:
    """White space, a format character (Cf), or neither and one NFKC changes or combines."""
    flags = (_SPACE if char.isspace() else 0) | (_FORMAT if unicodedata.category(char) == "Cf" else 0)
    if not flags and (unicodedata.combining(char) > 0 or unicodedata.normalize("NFKC", char) != char):
        flags = _CHANGES
    return flags


@functools.cache
def _classes() -> np.ndarray:
    """:func:`_class_of` of every code point of the Basic Multilingual Plane, computed
    once per process (about 0.1 s) so that cleaning a paragraph is table lookups."""
    return np.array([_class_of(chr(code)) for code in range(_BMP)], dtype=np.uint8)


def _flags(codes: np.ndarray) -> np.ndarray:
    table = _classes()
    inside = codes < _BMP
    if inside.all():
        return table[codes]
    flags = np.zeros(len(codes), dtype=np.uint8)
    flags[inside] = table[codes[inside]]
    outside = np.flatnonzero(~inside)
    unique, where = np.unique(codes[outside], return_inverse=True)
    flags[outside] = np.array([_class_of(chr(int(u))) for u in unique], dtype=np.uint8)[where]
    return flags


def _nfkc_runs(
    text: str, starts: np.ndarray, ends: np.ndarray, changing: np.ndarray
) -> tuple[str, np.ndarray, np.ndarray]:
    parts: list[str] = []
    new_starts: list[np.ndarray] = []
    new_ends: list[np.ndarray] = []
    pos = 0
    for p in changing.tolist():
        if p < pos:
            continue
        # A starter and the combining marks after it normalise together.
        begin = p
        while begin > pos and unicodedata.combining(text[begin]) and text[begin - 1] != " ":
            begin -= 1
        end = p + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        parts.append(text[pos:begin])
        new_starts.append(starts[pos:begin])
        new_ends.append(ends[pos:begin])
        normal = unicodedata.normalize("NFKC", text[begin:end])
        if (
            any(c.isspace() for c in normal)
            or (_MARKUP_CHARS & set(normal)) - set(text[begin:end])
            or "\u2025" in text[begin:end]
        ):
            # A spacing mark ("¯" is NFKC " \u0304") would bring back the white space
            # step 2 folded, and a full-width "＃" or "＊" the markup it stripped ("＃ 0"
            # is NFKC "# 0", a two-dot leader "‥" is "..", a directive's mark): cleaning
            # would not be idempotent. Keep these as written.
            normal = text[begin:end]
        parts.append(normal)
        new_starts.append(np.full(len(normal), starts[begin], dtype=_OFFSET))
        new_ends.append(np.full(len(normal), ends[end - 1], dtype=_OFFSET))
        pos = end
    parts.append(text[pos:])
    new_starts.append(starts[pos:])
    new_ends.append(ends[pos:])
    return "".join(parts), np.concatenate(new_starts), np.concatenate(new_ends)
