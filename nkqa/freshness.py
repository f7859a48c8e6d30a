"""Are a result's citations still true? Changed files and quotes checked against them.

Every search hands its passages to :meth:`Citations.check`, which marks

* ``stale`` a citation whose file changed since indexing (its size or modification
  time moved and its sha256 differs; a file that cannot be read counts as changed);
* not ``verbatim`` a citation of an unchanged file whose cited span, cleaned, is not
  the passage's text: the index's record of the passage no longer matches the file
  it cites (an edited saved index), so nkqa must not present it as a quotation.

Both answers are remembered: a file is hashed again only when its size or time
moves, a span is compared once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import Path

from nkqa.cleaning import clean
from nkqa.collection import Collection
from nkqa.passage import Citation, Passage

__all__ = ["Citations"]


class Citations:
    """Checks the citations of one index's corpus (see the module docstring).

    Parameters
    ----------
    collection:
        The indexed documents and passages; each document's ``stat`` and ``sha256``
        are what was read when the index was built or loaded.
    file_hashes:
        sha256 of each file when it was indexed.
    """

    def __init__(self, collection: Collection, file_hashes: Mapping[str, str]) -> None:
        self._collection = collection
        self._file_hashes = dict(file_hashes)
        # Reading the files to build or load the index already told whether each one
        # changed since indexing; searches re-hash only what moved after that.
        self._seen: dict[str, tuple[tuple[int, int], bool]] = {
            d.source: (d.stat, d.sha256 != self._file_hashes[d.source])
            for d in collection.documents
            if d.stat is not None and d.source in self._file_hashes
        }
        self._quoted: dict[tuple[str, str, int, int], bool] = {}

    @property
    def file_hashes(self) -> dict[str, str]:
        """sha256 of each file when it was indexed."""
        return dict(self._file_hashes)

    def changed(self, source: str) -> bool:
        """Whether ``source`` differs from the file that was indexed."""
        root = self._collection.root
        if root is None or source not in self._file_hashes:
            return False
        path = Path(root) / source
        try:
            status = path.stat()
            key = (status.st_mtime_ns, status.st_size)
        except OSError:
            return True
        seen = self._seen.get(source)
        if seen is None or seen[0] != key:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                return True
            seen = (key, digest != self._file_hashes[source])
            self._seen[source] = seen
        return seen[1]

    def check(self, passages: list[Passage]) -> list[Passage]:
        """``passages`` with each citation marked ``stale`` or not ``verbatim`` as it now is."""
        return [self._checked(p) for p in passages]

    def _checked(self, passage: Passage) -> Passage:
        citations = tuple(self._citation(passage, c) for c in passage.citations)
        return passage if citations == passage.citations else dataclasses.replace(passage, citations=citations)

    def _citation(self, passage: Passage, citation: Citation) -> Citation:
        if self.changed(citation.source):
            return dataclasses.replace(citation, stale=True)
        if citation.stale or not citation.verbatim or self._collection.root is None:
            return citation
        key = (passage.id, citation.source, citation.start_char, citation.end_char)
        if key not in self._quoted:
            try:
                text = self._collection.document(citation.source).text
            except KeyError:
                text = ""
            self._quoted[key] = clean(text[citation.start_char : citation.end_char]) == passage.text
        return citation if self._quoted[key] else dataclasses.replace(citation, verbatim=False)
