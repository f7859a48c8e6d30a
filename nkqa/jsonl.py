"""Read JSON Lines (and other line-based files nkqa reads) the way the format defines lines.

JSON Lines (https://jsonlines.org) separates records by ``\\n`` alone (an optional
``\\r`` before it is dropped). :meth:`str.splitlines` also splits at U+2028, U+2029,
U+0085, U+000B, U+000C and U+001C to U+001E, which valid JSON may hold unescaped
inside strings, so it would cut a record in two; every reader here uses
:func:`text_lines` instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["text_lines", "read_jsonl"]


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a UTF-8 file with their 1-based numbers, split on ``\\n`` only."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


def read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """Each record of a JSON Lines file with its line number.

    Raises
    ------
    json.JSONDecodeError
        If a line is not one JSON value; callers turn it into their own error.
    """
    for number, line in text_lines(path):
        yield number, json.loads(line)
