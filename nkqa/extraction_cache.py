"""Text extracted from PDF, Word and HTML files, kept in the user cache by the file's sha256.

Parsing is the slow part of reading such a folder (trafilatura and lxml for a web page,
PDFium for a PDF), and it is done again by every build, every load of a saved index (to
check citations) and every resumed build. :class:`ExtractionCache` keeps each
extraction under ``<cache>/extracted/`` keyed by the file's content hash and the
extractor (nkqa's :data:`EXTRACTOR_VERSION` and the parser's version), written by an
atomic rename; a file whose bytes change gets a new key. Plain text, markdown and
reStructuredText are decoded, not parsed, and are not cached. An unreadable entry is
parsed again; a failure to write only costs the next run the parse.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from nkqa.atomic import write_file
from nkqa.formats import Extracted, extract

__all__ = ["EXTRACTOR_VERSION", "ExtractionCache"]

EXTRACTOR_VERSION = 11
"""Bumped whenever nkqa.formats extracts differently, so older entries are not used."""

_PARSERS = {"pdf": ("pypdfium2",), "docx": ("python-docx",), "html": ("trafilatura", "lxml"), "htm": ("trafilatura", "lxml")}


@functools.cache
def _extractor(suffix: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"nkqa-extract-{EXTRACTOR_VERSION}"]
    for package in _PARSERS[suffix]:
        try:
            parts.append(f"{package}-{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}-?")
    return "/".join(parts)


class ExtractionCache:
    """Extractions of the files of ``cache_dir``'s user (see the module docstring);
    ``cache_dir=None`` caches nothing."""

    def __init__(self, cache_dir: str | os.PathLike[str] | None) -> None:
        self.folder = Path(cache_dir) / "extracted" if cache_dir is not None else None

    def extract(self, name: str, data: bytes, max_bytes: int, sha256: str | None = None) -> Extracted:
        """:func:`nkqa.formats.extract`, from the cache when it holds the file.

        Raises
        ------
        nkqa.formats.UnreadableFile
            As :func:`nkqa.formats.extract` (failures are not cached).
        """
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        if self.folder is None or suffix not in _PARSERS:
            return extract(name, data, max_bytes)
        digest = sha256 or hashlib.sha256(data).hexdigest()
        key = hashlib.sha256(f"{digest}\0{_extractor(suffix)}".encode()).hexdigest()
        path = self.folder / key[:2] / f"{key}.json"
        try:
            row = json.loads(path.read_text(encoding="utf-8"))
            lines = row["lines"]
            return Extracted(str(row["text"]), row["extraction"], tuple(int(n) for n in lines) if lines else None)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        extracted = extract(name, data, max_bytes)
        row = {"text": extracted.text, "extraction": extracted.extraction, "lines": extracted.lines}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, lambda file: file.write(json.dumps(row, ensure_ascii=False).encode("utf-8")))
        except OSError:
            pass  # not kept: the next run parses the file again
        return extracted
