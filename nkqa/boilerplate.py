"""Web boilerplate lines: navigation, social icons, logos, book-shop blocks, titles printed twice.

A page saved from the web keeps what surrounds its article: "Skip to main content", "Grey
Twitter Icon", "Format / Electronic / Pages / 2", a header printed twice. Such a line is
no content; :mod:`nkqa.loading` ends a paragraph at it and never indexes it.
"""

from __future__ import annotations

import re

__all__ = ["is_boilerplate_line"]

_BOILERPLATE = re.compile(
    r"""^(?:
        error\ message | top\ of\ page | bottom\ of\ page | back\ to\ top
      | skip\ to\ (?:main\ )?content | advertisement | menu | search | print
      | share(?:\ this)?(?:\ (?:article|story|page))? | read\ more | sign\ up | subscribe
      | format | pages? | electronic | paperback | hardcover
      | \d{1,4}                                   # lone page numbers
      | (?:[^\w\s]\s*)?(?:grey|gray|black|white|blue)?\s*
        (?:facebook|twitter|youtube|instagram|linkedin|pinterest|tiktok|whatsapp|rss)
        (?:\s+(?:icon|logo))?                      # social-icon lines
      | (?:[\w&.,-]+\s){0,3}(?:logo|icon)          # "EWC logo"
      | follow\ .{0,60}(?:for\ more(?:\ updates)?|on\ (?:facebook|twitter|instagram)).{0,10}
      | (?:\(c\)|©|copyright\s*(?:\(c\)|©|(?=\d{4}))).{0,80}  # a notice, not a line of
                                                             # prose ("copyright holder, and...")
    )[\s:.]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_TITLE = 200
"""The longest title :func:`is_boilerplate_line` takes for one printed twice."""


def is_boilerplate_line(line: str) -> bool:
    """Whether a line is web boilerplate rather than content.

    Examples
    --------
    >>> is_boilerplate_line("  • Grey Twitter Icon")
    True
    >>> is_boilerplate_line("Asia Pacific Bulletin Asia Pacific Bulletin")
    True
    >>> is_boilerplate_line("Cambodia is among the five Southeast Asian countries.")
    False
    >>> is_boilerplate_line("(c) 2017 Channel News Asia"), is_boilerplate_line("Copyright © Encode OSS Ltd.")
    (True, True)
    >>> is_boilerplate_line("copyright holder, and you cure the violation prior to 30 days after")
    False
    """
    stripped = " ".join(line.split())
    if not stripped:
        return False
    if _BOILERPLATE.match(stripped):
        return True
    # A title printed twice ("T T"), as some sites render header and og:title. A
    # sentence said twice ends in a full stop; a title does not.
    half, rest = divmod(len(stripped) - 1, 2)
    title = stripped[:half]
    return (
        rest == 0
        and 3 <= half <= _MAX_TITLE
        and not title.endswith(".")
        and title == stripped[half + 1 :]
    )
