"""Replace a folder of nkqa's own, atomically, and never anything else.

A save writes a staging folder beside the target (``.NAME.new.*``), then swaps it
into place with two renames: the old folder aside (``.NAME.old.*/index``), the new
one in. A reader sees the old folder or the new one, never a mix. Writers hold a
file lock (``.NAME.lock``, from ``filelock``) beside the target, so two saves to
one place run one after the other.

**What may be replaced** (:func:`check_target`): a missing path, an empty folder,
or a folder that ``is_ours`` recognises (for an index: its manifest, and no file
nkqa did not write). Never a file, a folder holding anything else, the folder
being indexed, a folder inside it, or one that contains it.

**Crash recovery** (:func:`recover`, run under the lock before every replace and
by readers that find the target missing): a kill between the two renames leaves
the target missing and the old folder in ``.NAME.old.*/index``, which is renamed
back; leftover staging and retired folders of finished or failed saves are
removed.

**One file** (:func:`write_file`, for the caches' entries): written to a hidden
temporary name beside it (``.tmp-*``) and renamed over it, so a reader finds the
whole file or none.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from nkqa.errors import IndexWriteError, OutputPathError

__all__ = ["check_target", "replace_folder", "recover", "leftovers", "lock_for", "write_file"]


def _siblings(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.{kind}.*"))


def check_target(target: Path, *, is_ours: Callable[[Path], bool], protected: Path | None = None) -> Path:
    """The absolute ``target`` when nkqa may replace it, else :class:`OutputPathError`.

    ``protected`` (the corpus folder) may be neither the target, nor inside it, nor
    contain it.
    """
    target = Path(os.path.abspath(target))
    if not target.name:
        raise OutputPathError(f"cannot write an index to {str(target)!r}: name a folder")
    if protected is not None:
        corpus = Path(os.path.realpath(protected))
        real = Path(os.path.realpath(target))
        if real == corpus or corpus in real.parents or real in corpus.parents:
            raise OutputPathError(
                f"the output {str(target)!r} overlaps the corpus folder {str(corpus)!r}: "
                "write the index outside the folder it indexes"
            )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputPathError(f"the output {str(target)!r} exists and is not a folder; nkqa will not replace it")
    if target.is_dir() and any(target.iterdir()) and not is_ours(target):
        raise OutputPathError(
            f"the output folder {str(target)!r} holds files that are not an nkqa index; "
            "choose an empty or new folder"
        )
    return target


def leftovers(target: Path) -> list[Path]:
    """Staging and retired folders beside ``target`` that a save left behind."""
    return _siblings(target, "old") + _siblings(target, "new")


def recover(target: Path) -> None:
    """Undo what a killed save left beside ``target`` (see the module docstring).

    Call it holding the lock; it never touches ``target`` when ``target`` exists.
    """
    for retired in _siblings(target, "old"):
        if not target.exists() and (retired / "index").is_dir():
            os.rename(retired / "index", target)
        shutil.rmtree(retired, ignore_errors=True)
    for staging in _siblings(target, "new"):
        shutil.rmtree(staging, ignore_errors=True)


def lock_for(target: Path):  # noqa: ANN201 - filelock.FileLock, imported lazily
    """The writers' lock of ``target``."""
    from filelock import FileLock

    return FileLock(str(target.parent / f".{target.name}.lock"))


def replace_folder(
    target: Path,
    write: Callable[[Path], None],
    *,
    is_ours: Callable[[Path], bool],
    protected: Path | None = None,
) -> Path:
    """Fill a staging folder with ``write`` and swap it into ``target``.

    Raises
    ------
    OutputPathError
        When ``target`` is not something nkqa may replace (:func:`check_target`).
    IndexWriteError
        When writing fails (a full disk, no permission); nothing is left behind and
        an existing ``target`` is untouched.
    """
    target = check_target(target, is_ours=is_ours, protected=protected)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with lock_for(target):
            recover(target)
            # Checked again under the lock: another process may have written here.
            check_target(target, is_ours=is_ours, protected=protected)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
            try:
                write(staging)
                _swap(staging, target)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except OSError as error:
        raise IndexWriteError(f"could not write {str(target)!r}: {error.strerror or error}") from error
    return target


def _swap(staging: Path, target: Path) -> None:
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.rename(target, retired / "index")
        os.rename(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, target)


def write_file(path: Path, write: Callable[[object], object]) -> None:
    """Write ``path`` atomically: ``write`` fills a binary file opened at a temporary
    name beside it, which then replaces ``path``; on any failure the temporary goes.

    Raises
    ------
    OSError
        As the file system raised it (a full disk, a read-only folder).
    """
    # No suffix: a glob for the finished files (``*.json``) never meets one half-written.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
