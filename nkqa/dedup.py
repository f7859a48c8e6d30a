"""Exact and near-duplicate detection over texts, with content-hash ids.

Exact duplicates share :func:`content_id`: the sha256 of the normalised text
(:func:`nkqa.cleaning.normalize` folds case, quotes, dashes and white space). The
same hash is the passage id and the embedding cache key.

Near duplicates (a changed word, a dropped clause) are found with MinHash LSH over
word 3-shingles, then confirmed with the exact Jaccard similarity of the shingle sets,
so the LSH only proposes and never decides. The MinHash follows datasketch (Broder
1997: 128 hash functions of each shingle's 32-bit hash, keeping the minimum; bands and
rows chosen as datasketch's ``MinHashLSH`` chooses them), computed for all texts at once
with numpy: CRC-32 (``zlib``) hashes the shingles, and the 128 functions are
multiply-shift hashes ``(a * h + b) mod 2**64 >> 32`` (Dietzfelbinger et al. 1997,
universal for 32-bit keys), which need no modulo. datasketch hashes each shingle with
SHA-1 in Python and builds its permutations anew for every text, which made
near-duplicate detection three quarters of preparing a corpus, and importing it costs
2.7 s (scipy).
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Sequence
from enum import Enum

import numpy as np

from nkqa.cleaning import normalize
from nkqa.errors import InvalidArgumentError

__all__ = [
    "DuplicateKind",
    "content_id",
    "shingles",
    "jaccard",
    "find_duplicates",
    "NEAR_DUPLICATE_THRESHOLD",
    "minhash_signatures",
    "Sketches",
]

NEAR_DUPLICATE_THRESHOLD = 0.8
"""Word 3-shingle Jaccard similarity from which two texts are near duplicates.

A one-word change in a 60-word paragraph leaves a Jaccard of about 0.9; 0.8
still catches it in 30-word paragraphs while distinct sentences on the same
topic stay far below (under 0.3 in the bundled corpus).
"""

_NUM_PERM = 128
_SEED = 1
_LSH_SLACK = 0.2
_SHIFT = np.uint64(32)
_CHUNK = 1 << 11  # shingles permuted at once: 2k x 128 x 8 bytes = 2 MiB, in the CPU cache (twice as fast as 32 MiB)
_WORD = re.compile(r"\w+")


class DuplicateKind(str, Enum):
    """How a text relates to the first text of its group."""

    UNIQUE = "unique"
    EXACT = "exact"
    NEAR = "near"


def content_id(text: str) -> str:
    """Content hash of ``text``: 16 hex digits of the sha256 of its normalised form."""
    return _id_of(normalize(text))


def _id_of(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word ``size``-shingles of the normalised text (the whole text if shorter)."""
    return _shingles_of(normalize(text), size)


def _shingles_of(normalised: str, size: int = 3) -> frozenset[str]:
    words = _WORD.findall(normalised)
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


class Sketches:
    """Shingle sets and MinHash signatures by normalised text, computed once for all the
    :func:`find_duplicates` calls that share this object (a build dedups paragraphs,
    then the chunks cut from them, which are mostly the same texts)."""

    def __init__(self) -> None:
        self._normalised: dict[str, str] = {}
        self._sets: dict[str, frozenset[str]] = {}
        self._signatures: dict[str, np.ndarray] = {}

    def normalise(self, text: str) -> str:
        """:func:`nkqa.cleaning.normalize` of ``text``, once per text."""
        folded = self._normalised.get(text)
        if folded is None:
            folded = self._normalised[text] = normalize(text)
        return folded

    def content_id(self, text: str) -> str:
        """:func:`content_id` of ``text``, from its normalised form kept here."""
        return _id_of(self.normalise(text))

    def shingles(self, normalised: str) -> frozenset[str]:
        """The word 3-shingles of a normalised text."""
        if normalised not in self._sets:
            self._sets[normalised] = _shingles_of(normalised)
        return self._sets[normalised]

    def signatures(self, normalised: Sequence[str]) -> list[np.ndarray]:
        """The MinHash signature of each normalised text (whose shingles are not empty)."""
        missing = list(dict.fromkeys(t for t in normalised if t not in self._signatures))
        if missing:
            rows = minhash_signatures([self.shingles(t) for t in missing])
            self._signatures.update(zip(missing, rows))
        return [self._signatures[t] for t in normalised]


def find_duplicates(
    texts: Sequence[str], *, threshold: float = NEAR_DUPLICATE_THRESHOLD, sketches: Sketches | None = None
) -> list[tuple[int, DuplicateKind]]:
    """Group duplicate texts; each group is led by its first member.

    Parameters
    ----------
    texts:
        Texts in corpus order.
    threshold:
        Shingle Jaccard similarity from which texts are near duplicates, in (0, 1].
    sketches:
        Shingles and signatures already computed by an earlier call, to reuse.

    Returns
    -------
    list of (leader, kind)
        For each text, the index of the first text of its group and how it
        matches that leader (``UNIQUE`` for a leader itself).
    """
    if not 0.0 < threshold <= 1.0:
        raise InvalidArgumentError(f"threshold must be in (0, 1], got {threshold!r}")
    result: list[tuple[int, DuplicateKind]] = []
    first_by_id: dict[str, int] = {}
    leaders: list[int] = []
    sketches = sketches if sketches is not None else Sketches()
    normalised = [sketches.normalise(text) for text in texts]
    for i, text in enumerate(normalised):
        key = _id_of(text)
        if key in first_by_id:
            result.append((first_by_id[key], DuplicateKind.EXACT))
        else:
            first_by_id[key] = i
            leaders.append(i)
            result.append((i, DuplicateKind.UNIQUE))
    if threshold >= 1.0 or len(leaders) < 2:
        return result

    # The LSH only proposes candidates, so it runs below the threshold: at the
    # threshold itself it misses a fair share of pairs that just reach it.
    bands, rows = _lsh_shape(max(0.3, threshold - _LSH_SLACK))
    sets = {i: sketches.shingles(normalised[i]) for i in leaders}
    hashed = [i for i in leaders if sets[i]]
    rows_of = sketches.signatures([normalised[i] for i in hashed])
    band_keys = dict(zip(hashed, _band_keys(np.stack(rows_of), bands, rows).tolist())) if hashed else {}
    buckets: list[dict[int, list[int]]] = [{} for _ in range(bands)]
    group_of: dict[int, int] = {}
    for i in leaders:
        if not sets[i]:
            group_of[i] = i
            continue
        keys = band_keys[i]
        candidates = {c for band, key in enumerate(keys) for c in buckets[band].get(key, ())}
        best, best_score = None, threshold
        for candidate in candidates:
            score = jaccard(sets[i], sets[candidate])
            if score >= best_score and (best is None or score > best_score or candidate < best):
                best, best_score = candidate, score
        if best is None:
            for band, key in enumerate(keys):
                buckets[band].setdefault(key, []).append(i)
            group_of[i] = i
        else:
            group_of[i] = group_of[best]
    for i, (leader, kind) in enumerate(result):
        if group_of[leader] != leader:
            result[i] = (group_of[leader], DuplicateKind.NEAR)
    return result


def _band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band of each signature (its ``rows`` values mixed), so that the
    LSH buckets are dicts of ints. Two different bands sharing a key only propose one
    more candidate, which the exact Jaccard then judges."""
    banded = signatures[:, : bands * rows].reshape(len(signatures), bands, rows)
    mixers = np.uint64(0x9E3779B97F4A7C15) ** np.arange(1, rows + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (banded * mixers).sum(axis=2, dtype=np.uint64)


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The 128 multiply-shift hashes' ``a`` (odd) and ``b``, random 64-bit words."""
    generator = np.random.default_rng(_SEED)
    a = generator.integers(0, 1 << 64, size=_NUM_PERM, dtype=np.uint64, endpoint=False) | np.uint64(1)
    b = generator.integers(0, 1 << 64, size=_NUM_PERM, dtype=np.uint64, endpoint=False)
    return a, b


def minhash_signatures(sets: Sequence[frozenset[str]]) -> np.ndarray:
    """The MinHash signature (128 values) of each non-empty shingle set, one row each."""
    a, b = _permutations()
    lengths = np.array([len(s) for s in sets], dtype=np.int64)
    hashes = np.fromiter(
        (zlib.crc32(shingle.encode("utf-8", "surrogatepass")) for s in sets for shingle in s),
        dtype=np.uint64, count=int(lengths.sum()),
    )
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    out = np.empty((len(sets), _NUM_PERM), dtype=np.uint64)
    first = 0
    while first < len(sets):
        # Whole texts per chunk, so that each text's minimum is taken in one reduceat.
        last = int(np.searchsorted(starts, starts[first] + _CHUNK, side="right"))
        last = max(last, first + 1)
        begin, end = starts[first], starts[last - 1] + lengths[last - 1]
        permuted = (hashes[begin:end, None] * a + b) >> _SHIFT  # uint64 arithmetic wraps: mod 2**64
        out[first:last] = np.minimum.reduceat(permuted, starts[first:last] - begin, axis=0)
        first = last
    return out


@functools.cache
def _lsh_shape(threshold: float, num_perm: int = _NUM_PERM) -> tuple[int, int]:
    """Bands and rows per band minimising the equal-weight sum of the false positive
    and false negative areas under the S-curve ``1 - (1 - s**r)**b`` (datasketch's
    ``_optimal_param``, integrated here with numpy's trapezoid rule)."""
    below = np.linspace(0.0, threshold, 201)
    above = np.linspace(threshold, 1.0, 201)
    best, shape = np.inf, (1, 1)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = np.trapezoid(1 - (1 - below**rows) ** bands, below)
            false_negative = np.trapezoid((1 - above**rows) ** bands, above)
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best:
                best, shape = error, (bands, rows)
    return shape
