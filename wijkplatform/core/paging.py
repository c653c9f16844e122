"""Page numbers in addresses (`?page=`), read one way for every paged page.

A page number that is not a whole number of 1 or more is not understood: the page shows
page 1 and says so. A number past the last page shows the last page and says so. Neither
is an error (issue 18: never a 500 for a typed address)."""

from __future__ import annotations

from flask_babel import gettext as _

MAX_PAGE = 10_000  # a page number beyond this reads as the last page


def page_number(asked: str | None) -> int | None:
    """The page number in `asked` (the address's text): 1 when there is none, None when it
    is not understood; never more than MAX_PAGE."""
    asked = (asked or "").strip()
    if not asked:
        return 1
    digits = asked.lstrip("0")
    if not (digits and asked.isascii() and asked.isdigit()):
        return None
    # int() of thousands of digits raises; such a page is past the end anyway.
    return MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE)


def not_understood_message(asked: str) -> str:
    return _("The page number “%(value)s” was not understood; this is page 1.", value=asked[:20])


def past_the_end_message(asked: str, last: int) -> str:
    return _(
        "There is no page %(asked)s; this is the last page, %(page)d.",
        asked=asked.strip()[:20],
        page=last,
    )


def page_notices(asked: str | None, wanted: int | None, shown: int) -> list[str]:
    """What a paged page says about its `?page=` (the text `asked`, read as `wanted` by
    `page_number`) when it shows page `shown` instead."""
    if wanted is None:
        return [not_understood_message((asked or "").strip())]
    if wanted > shown:
        return [past_the_end_message(asked or "", shown)]
    return []
