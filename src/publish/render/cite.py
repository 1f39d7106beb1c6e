"""What the web edition's „Zitieren“ needs to know beyond its page and line markers.

A member selects a passage (or names lines) in the web edition and gets „S. 12, Z. 345–347“
and an amendment file (``styles/web-tools.js``). The line markers in the text
(:mod:`publish.annotate`) stand before the *word* a printed line begins in; the edition that
amendments are checked against (:mod:`publish.amend.edition`) begins a line at its first
*letter*: in the middle of a word broken at the line end („Passivhausstan-|dard“), or after
an opening quotation mark. So the page carries, as JSON, for each such line how many
characters of its word belong to the line before (counted from the word's start, in UTF-16
code units as JavaScript counts), with the page each line is on, the edition's name and the
contact address for amendments. With these, the script's lines are the edition's lines, and
``publish amend check`` accepts what it writes.
"""

from __future__ import annotations

import re

from publish import model as m
from publish.amend.edition import edition_lines, edition_name
from publish.layout import LayoutMap

#: An e-mail address in ``metadata.contact`` („Kreisverband, antraege@example.org“).
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def contact_address(contact: str) -> str:
    """The e-mail address in ``metadata.contact``, or ""."""
    found = EMAIL.search(contact)
    return found.group() if found else ""


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cite_data(book: m.Book, layout: LayoutMap | None) -> dict[str, object]:
    """The page's data for citing: edition, contact, pages and word starts of the lines.

    ``book`` is the typeset book the layout was made from (not yet annotated). Without a
    layout (``publish watch`` before the PDF is built) the page has no lines to cite; a
    layout made from another text raises :class:`~publish.errors.BookError`.
    """
    data: dict[str, object] = {
        "ausgabe": edition_name(book.metadata),
        "kontakt": contact_address(book.metadata.contact),
    }
    if layout is None or not layout.lines:
        return data | {"zeilen": False}
    pages: list[list[int]] = []
    word_parts: dict[str, int] = {}
    block, printed = "", ""  # the current block, and its printed text up to the line
    for line in edition_lines(book, layout, ""):
        if not pages or pages[-1][1] != line.page:
            pages.append([line.number, line.page])
        if line.block != block:
            block, printed = line.block, ""
        elif printed and not printed[-1].isspace():  # the line begins inside a word
            word_parts[str(line.number)] = _utf16(printed.split()[-1])
        printed += line.text
    return data | {"zeilen": True, "seiten": pages, "wortanfang": word_parts}
