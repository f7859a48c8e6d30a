"""Which files of a folder are documents, and why every other one is not.

:func:`scan` walks a corpus folder (sorted, links not followed into folders) and
returns the regular files nkqa can read, with a :class:`SkippedFile` and its reason
for everything else, so that every file is accounted for:

* a name that is not UTF-8 (shown with its bytes escaped);
* a hidden file or folder (``.git``, ``.DS_Store``; a hidden folder is not entered);
* an unsupported type (any ending but :data:`nkqa.formats.EXTENSIONS`, unless the name
  says no type: :func:`nkqa.formats.untyped`);
* a link that loops, is broken, or leads out of the corpus folder; a link to a folder;
* a named pipe, socket or device: reading one could block forever, so only regular
  files are opened;
* a file larger than the size limit (:data:`DEFAULT_MAX_FILE_BYTES`, ``Settings.max_file_mb``).

Reading the files that pass (binary, not UTF-8, empty) is :mod:`nkqa.loading`'s part.
:func:`hash_folder` hashes the files that pass without parsing them (a cache key), and
:func:`warn_skipped` reports skipped files in one warning.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from nkqa.errors import CorpusError, SkippedFileWarning
from nkqa.formats import untyped

__all__ = ["SkippedFile", "scan", "hash_folder", "warn_skipped", "DEFAULT_MAX_FILE_BYTES", "shown", "SURROGATES"]

DEFAULT_MAX_FILE_BYTES = 100 * 2**20
"""Files larger than this (100 MiB) are skipped, so one huge file cannot exhaust memory."""

SURROGATES = re.compile("[\ud800-\udfff]")
"""Lone surrogates: how Python holds bytes that are not UTF-8 in a name or an argument."""


@dataclass(frozen=True)
class SkippedFile:
    """A file of the corpus folder that was not indexed, and why."""

    source: str
    """Path relative to the corpus folder, ``/`` separators, undecodable bytes escaped."""
    reason: str

    def to_dict(self) -> dict[str, str]:
        """Return a JSON-ready dict."""
        return {"source": self.source, "reason": self.reason}


def shown(source: str) -> str:
    """``source`` printable: bytes that are not UTF-8 written as ``\\xff``."""
    return os.fsencode(source).decode("utf-8", "backslashreplace") if SURROGATES.search(source) else source


def scan(
    root: Path, extensions: tuple[str, ...], max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[list[tuple[str, Path]], list[SkippedFile]]:
    """The readable files below ``root`` as ``(source, path)``, and the skipped ones.

    Both lists are sorted by source.
    """
    real_root = os.path.realpath(root)
    found: list[tuple[str, Path]] = []
    skipped: list[SkippedFile] = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        base = Path(directory)
        for name in sorted(subdirs):
            path = base / name
            source = path.relative_to(root).as_posix()
            if name.startswith("."):
                skipped.append(SkippedFile(shown(source) + "/", "a hidden folder (not read)"))
                subdirs.remove(name)
            elif path.is_symlink():
                skipped.append(SkippedFile(shown(source) + "/", "a link to a folder (not followed)"))
        subdirs.sort()
        for name in sorted(files):
            path = base / name
            source = path.relative_to(root).as_posix()
            if base == Path(root) and name == "sources.json":
                continue  # the titles of the documents, read by nkqa.loading
            reason = _reason(path, source, name, extensions, max_file_bytes, real_root)
            if reason is None:
                found.append((source, path))
            else:
                skipped.append(SkippedFile(shown(source), reason))
    found.sort(key=lambda pair: pair[0])
    skipped.sort(key=lambda s: s.source)
    return found, skipped


def _reason(
    path: Path, source: str, name: str, extensions: tuple[str, ...], max_file_bytes: int, real_root: str
) -> str | None:
    if SURROGATES.search(source):
        return "its name is not UTF-8"
    if name.startswith("."):
        return "a hidden file"
    if not name.lower().endswith(extensions) and not untyped(name):
        suffix = Path(name).suffix.lower()
        return f"unsupported type ({suffix or 'no extension'})"
    try:
        status = os.stat(path)  # follows a link: a loop or a broken one fails here
    except OSError as error:
        return "a symlink loop" if error.errno == errno.ELOOP else f"unreadable: {error.strerror}"
    if path.is_symlink() and os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
        return "a link out of the corpus folder"
    if not stat.S_ISREG(status.st_mode):
        kind = (
            "a named pipe" if stat.S_ISFIFO(status.st_mode)
            else "a socket" if stat.S_ISSOCK(status.st_mode)
            else "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
            else "not a regular file"
        )
        return f"{kind}, not a regular file"
    if status.st_size > max_file_bytes:
        return f"larger than the {max_file_bytes / 2**20:.3g} MiB limit (Settings.max_file_mb)"
    return None


def hash_folder(
    folder: str | os.PathLike[str], extensions: tuple[str, ...], *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> dict[str, str]:
    """The sha256 of every file :func:`scan` passes, by source, without
    decoding or extracting any (a cache key: a PDF or HTML file is not parsed to be
    hashed). Files that cannot be read are left out; reading the folder reports them.

    Raises
    ------
    CorpusError
        If ``folder`` is not a directory.
    """
    root = Path(folder)
    if not root.is_dir():
        raise CorpusError(f"corpus folder {str(root)!r} does not exist or is not a directory")
    hashes = {}
    for source, path in scan(root, extensions, max_file_bytes)[0]:
        try:
            with open(path, "rb") as handle:
                hashes[source] = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            continue
    return hashes


SKIPPED_SHOWN = 5
"""How many skipped files one warning names; ``nkqa stats`` lists them all."""


def warn_skipped(skipped: list[SkippedFile], *, stacklevel: int = 2) -> None:
    """One warning for all ``skipped`` files: their count and the first few, with reasons."""
    if not skipped:
        return
    named = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:SKIPPED_SHOWN])
    more = f"; and {len(skipped) - SKIPPED_SHOWN} more" if len(skipped) > SKIPPED_SHOWN else ""
    files = "file" if len(skipped) == 1 else "files"
    warnings.warn(
        f"skipped {len(skipped)} {files} ({named}{more}); `nkqa stats --json` lists them all",
        SkippedFileWarning,
        stacklevel=stacklevel,
    )
