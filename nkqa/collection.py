"""From a folder to unique, cited passages: load → clean → deduplicate → chunk.

Paragraphs said once are packed with their neighbours into blocks of up to
``max_chars`` (see :mod:`nkqa.chunking`); a paragraph with copies stays alone.
Duplicate paragraphs (exact or near) are chunked once; each chunk of a
duplicate copy becomes one more citation of the matching passage, so every
location is kept. A last pass merges chunks that are still duplicates of each
other (a pull quote repeating a sentence of the body), so no two passages carry
the same or nearly the same text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from nkqa.chunking import DEFAULT_MAX_CHARS, Chunk, chunk_paragraph, pack_paragraphs
from nkqa.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    DuplicateKind,
    Sketches,
    find_duplicates,
    jaccard,
)
from nkqa.extraction_cache import ExtractionCache
from nkqa.loading import Document, Paragraph, read_folder, split_paragraphs
from nkqa.passage import Citation, Passage
from nkqa.scan import DEFAULT_MAX_FILE_BYTES, SkippedFile, warn_skipped

__all__ = ["Collection", "FileStats", "build_collection"]

# A chunk of a near-duplicate paragraph joins the passage it overlaps most,
# if their shingle Jaccard reaches this; otherwise it stays a passage of its own.
_ALIGN_THRESHOLD = 0.5


@dataclass
class FileStats:
    """Deduplication counts for one file (all counts are paragraphs)."""

    source: str
    paragraphs: int = 0
    unique: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    boilerplate_lines: int = 0

    def to_dict(self) -> dict[str, int | str]:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Collection:
    """Documents of a folder and the unique passages cut from them."""

    documents: tuple[Document, ...]
    passages: tuple[Passage, ...]
    stats: tuple[FileStats, ...]
    root: Path | None = None
    skipped: tuple[SkippedFile, ...] = ()
    """Files of the folder that were not indexed, with the reason (:mod:`nkqa.scan`)."""

    def document(self, source: str) -> Document:
        """The document whose relative path is ``source``."""
        for document in self.documents:
            if document.source == source:
                return document
        raise KeyError(source)


@dataclass
class _Entry:
    chunk: Chunk
    locations: list[tuple[Chunk, bool]] = field(default_factory=list)


def build_collection(
    folder: str | os.PathLike[str],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    near_threshold: float = NEAR_DUPLICATE_THRESHOLD,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: bool = False,
    extractions: ExtractionCache | None = None,
) -> Collection:
    """Load ``folder`` and return its unique passages with all their citations.

    Skipped files are kept in :attr:`Collection.skipped` and reported in one warning;
    ``progress`` shows a bar of the files read; ``extractions`` caches what PDF, Word
    and HTML files parse to.
    """
    documents, skipped = read_folder(
        folder, max_file_bytes=max_file_bytes, progress=progress, extractions=extractions
    )
    warn_skipped(skipped, stacklevel=3)
    paragraphs: list[Paragraph] = []
    stats: list[FileStats] = []
    for document in documents:
        found, dropped = split_paragraphs(document)
        paragraphs.extend(found)
        stats.append(FileStats(document.source, len(found), boilerplate_lines=dropped))
    by_source = {s.source: s for s in stats}

    sketches = Sketches()  # the chunks' dedup below reuses the paragraphs' shingles and signatures
    duplicates = find_duplicates([p.text for p in paragraphs], threshold=near_threshold, sketches=sketches)
    members: dict[int, list[int]] = {}
    for i, (leader, kind) in enumerate(duplicates):
        members.setdefault(leader, []).append(i)
        counts = by_source[paragraphs[i].document.source]
        if kind is DuplicateKind.UNIQUE:
            counts.unique += 1
        elif kind is DuplicateKind.EXACT:
            counts.exact_duplicates += 1
        else:
            counts.near_duplicates += 1

    # Only paragraphs said once are packed with their neighbours: a paragraph
    # with copies stays a block of its own, so every copy cites it exactly.
    packable = [leader == i and len(members[i]) == 1 for i, (leader, _) in enumerate(duplicates)]
    entries: list[_Entry] = []
    entries_of: dict[int, list[_Entry]] = {}
    run: list[int] = []

    def emit(indices: list[int]) -> None:
        position = {id(paragraphs[i]): i for i in indices}
        for block, packed in pack_paragraphs([paragraphs[i] for i in indices], max_chars):
            block_entries = [_Entry(c, [(c, True)]) for c in chunk_paragraph(block, max_chars)]
            entries.extend(block_entries)
            for paragraph in packed:
                entries_of[position[id(paragraph)]] = block_entries

    for i, (leader, _) in enumerate(duplicates):
        if packable[i]:
            run.append(i)
            continue
        emit(run)
        run = []
        if leader == i:
            emit([i])
    emit(run)

    for leader, group in members.items():
        for member in group[1:]:
            for index, chunk in enumerate(chunk_paragraph(paragraphs[member], max_chars)):
                target = _align(chunk, index, entries_of[leader], sketches)
                if target is None:
                    entries.append(_Entry(chunk, [(chunk, True)]))
                else:
                    target.locations.append((chunk, chunk.text == target.chunk.text))
    entries = _merge_duplicate_chunks(entries, near_threshold, sketches)
    passages = tuple(_to_passage(entry, sketches) for entry in entries)
    return Collection(tuple(documents), passages, tuple(stats), Path(folder).resolve(), tuple(skipped))


def _align(chunk: Chunk, index: int, candidates: list[_Entry], sketches: Sketches) -> _Entry | None:
    fold = sketches.normalise
    if index < len(candidates) and fold(candidates[index].chunk.text) == fold(chunk.text):
        return candidates[index]
    own = sketches.shingles(fold(chunk.text))
    best, best_score = None, _ALIGN_THRESHOLD
    for entry in candidates:
        score = jaccard(own, sketches.shingles(fold(entry.chunk.text)))
        if score >= best_score:
            best, best_score = entry, score
    return best


def _merge_duplicate_chunks(entries: list[_Entry], threshold: float, sketches: Sketches) -> list[_Entry]:
    duplicates = find_duplicates([e.chunk.text for e in entries], threshold=threshold, sketches=sketches)
    kept: dict[int, _Entry] = {}
    for i, (entry, (leader, _)) in enumerate(zip(entries, duplicates)):
        if leader == i:
            kept[i] = entry
            continue
        lead = kept[leader]
        lead.locations.extend(
            (chunk, verbatim and chunk.text == lead.chunk.text) for chunk, verbatim in entry.locations
        )
    return list(kept.values())


def _to_passage(entry: _Entry, sketches: Sketches) -> Passage:
    citations: list[Citation] = []
    seen: set[tuple[str, int, int]] = set()
    for chunk, verbatim in entry.locations:
        start, end = chunk.raw_span()
        key = (chunk.paragraph.document.source, start, end)
        if key not in seen:
            seen.add(key)
            citations.append(chunk.paragraph.document.citation(start, end, verbatim=verbatim))
    return Passage(
        id=sketches.content_id(entry.chunk.text),
        text=entry.chunk.text,
        citations=tuple(citations),
        section=entry.chunk.paragraph.section,
    )
