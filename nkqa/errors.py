"""Exceptions and warnings raised by nkqa.

Every error nkqa raises on purpose derives from :class:`NkqaError`, so callers
can catch the whole family at once. Errors about a bad argument also derive
from :class:`ValueError` or :class:`TypeError`, so generic handlers still work.
"""

from __future__ import annotations

__all__ = [
    "NkqaError",
    "InvalidArgumentError",
    "InvalidQuestionError",
    "CorpusError",
    "ModelLoadError",
    "IndexFormatError",
    "OutputPathError",
    "IndexWriteError",
    "DatabaseError",
    "SkippedFileWarning",
]


class NkqaError(Exception):
    """Base class of every error raised by nkqa."""


class InvalidArgumentError(NkqaError, ValueError):
    """An argument has a value nkqa cannot use (the message says which values work)."""


class InvalidQuestionError(InvalidArgumentError, TypeError):
    """The question is not a non-empty string."""


class CorpusError(NkqaError):
    """The corpus folder is missing, unreadable, or holds no usable documents."""


class ModelLoadError(NkqaError):
    """The embedding model could not be loaded (nkqa never downloads models)."""


class IndexFormatError(NkqaError):
    """A saved index is missing files, corrupted, or was built with other settings."""


class OutputPathError(InvalidArgumentError):
    """The output path is not something nkqa may replace: a file, a folder of other
    files, or the corpus folder (or a folder inside it, or one that contains it)."""


class IndexWriteError(NkqaError):
    """Writing an index failed (a full disk, no permission); nothing was left half-written."""


class DatabaseError(NkqaError):
    """The database cannot be reached, holds a newer nkqa schema or another model's
    vectors, or a write to it failed (nothing was written)."""


class SkippedFileWarning(UserWarning):
    """A file in the corpus folder was skipped (not UTF-8, binary, or a link out of the folder)."""
