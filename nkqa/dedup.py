"""Exact and near-duplicate detection over texts, with content-hash ids.

Exact duplicates share :func:`content_id`: the sha256 of the normalised text
(:func:`nkqa.cleaning.normalize` folds case, quotes, dashes and white space). The
same hash is the passage id and the embedding cache key.

Near duplicates (a changed word, a dropped clause) are found with MinHash LSH
(``datasketch``) over word 3-shingles, then confirmed with the exact Jaccard
similarity of the shingle sets, so the LSH only proposes and never decides.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from enum import Enum

from nkqa.cleaning import normalize
from nkqa.errors import InvalidArgumentError

__all__ = [
    "DuplicateKind",
    "content_id",
    "shingles",
    "jaccard",
    "find_duplicates",
    "NEAR_DUPLICATE_THRESHOLD",
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
_WORD = re.compile(r"\w+")


class DuplicateKind(str, Enum):
    """How a text relates to the first text of its group."""

    UNIQUE = "unique"
    EXACT = "exact"
    NEAR = "near"


def content_id(text: str) -> str:
    """Content hash of ``text``: 16 hex digits of the sha256 of its normalised form."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word ``size``-shingles of the normalised text (the whole text if shorter)."""
    words = _WORD.findall(normalize(text))
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_duplicates(
    texts: Sequence[str], *, threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[tuple[int, DuplicateKind]]:
    """Group duplicate texts; each group is led by its first member.

    Parameters
    ----------
    texts:
        Texts in corpus order.
    threshold:
        Shingle Jaccard similarity from which texts are near duplicates, in (0, 1].

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
    for i, text in enumerate(texts):
        key = content_id(text)
        if key in first_by_id:
            result.append((first_by_id[key], DuplicateKind.EXACT))
        else:
            first_by_id[key] = i
            leaders.append(i)
            result.append((i, DuplicateKind.UNIQUE))
    if threshold >= 1.0 or len(leaders) < 2:
        return result

    from datasketch import MinHash, MinHashLSH

    # The LSH only proposes candidates, so it runs below the threshold: at the
    # threshold itself it misses a fair share of pairs that just reach it.
    lsh = MinHashLSH(threshold=max(0.3, threshold - _LSH_SLACK), num_perm=_NUM_PERM)
    sets: dict[int, frozenset[str]] = {}
    group_of: dict[int, int] = {}
    for i in leaders:
        shingle_set = shingles(texts[i])
        if not shingle_set:
            group_of[i] = i
            continue
        minhash = MinHash(num_perm=_NUM_PERM, seed=_SEED)
        minhash.update_batch([s.encode("utf-8") for s in shingle_set])
        best, best_score = None, threshold
        for candidate in lsh.query(minhash):
            score = jaccard(shingle_set, sets[candidate])
            if score >= best_score and (best is None or score > best_score or candidate < best):
                best, best_score = candidate, score
        if best is None:
            lsh.insert(i, minhash)
            sets[i] = shingle_set
            group_of[i] = i
        else:
            group_of[i] = group_of[best]
    for i, (leader, kind) in enumerate(result):
        if group_of[leader] != leader:
            result[i] = (group_of[leader], DuplicateKind.NEAR)
    return result
