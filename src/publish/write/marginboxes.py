"""A part's page margin boxes (running head, page number) made once per kind of page.

WeasyPrint makes the margin boxes of every page anew: it builds them from their style and
content and lays out their one line, which took 0.4 s of processor time over the 2018
agreement's 172 pages, though a chapter's pages differ only in their side (the margins are
mirrored) and in their page number. While a part is laid out (``publish.write.partlayout``),
:func:`margin_boxes_reused` keeps the boxes made for the first page of each kind and gives
later pages of that kind copies: the same side, page name and groups, the same page
geometry, and the same running strings (``string()``, every keyword). Only boxes whose
content is text, running strings or the page number are reused; the page number's box
only stands in for its slot, because the parts' numbers are taken off the pages and drawn
by the merge (``publish.write.partlayout._take_page_numbers``), and its centre does not
depend on the digits. The PDF is the same, byte for byte (``tests/test_marginboxes.py``).

Pages of the same kind get the same margin boxes only while no page selector depends on a
page's index (``:nth()``): ``styles/print.css`` uses none, and a test says so.
WeasyPrint 70.0 (pinned): ``weasyprint.layout.make_margin_boxes``, the page's ``PageType``
and ``LayoutContext.get_string_set_for``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint.layout as layout

#: The ``string()`` keywords whose value a page can show.
KEYWORDS = ("first", "start", "last", "first-except", "all-once")
#: How often the margin boxes were made and reused (for tests and profiles).
STATISTICS: Counter[str] = Counter()


@contextmanager
def margin_boxes_reused() -> Iterator[None]:
    """WeasyPrint makes the margin boxes of each kind of page once in the block (one
    document at a time); restores what was there before."""
    previous = layout.make_margin_boxes
    made: dict[tuple[Any, ...], list[Any]] = {}

    def make_margin_boxes(context: Any, page: Any, state: Any) -> list[Any]:
        key = _kind(context, page)
        boxes = made.get(key)
        if boxes is not None:
            STATISTICS["reused"] += 1
            return [box.deepcopy() for box in boxes]
        boxes = list(previous(context, page, state))
        STATISTICS["made"] += 1
        if all(_reusable(box.style["content"]) for box in boxes):
            made[key] = boxes
        return boxes

    layout.make_margin_boxes = make_margin_boxes
    try:
        yield
    finally:
        layout.make_margin_boxes = previous


def _kind(context: Any, page: Any) -> tuple[Any, ...]:
    """What a page's margin boxes depend on, the page number aside."""
    kind = page.page_type
    strings = tuple(
        (name, keyword, context.get_string_set_for(page, name, keyword))
        for name in sorted(context.string_set)
        for keyword in KEYWORDS
    )
    margins = (page.margin_top, page.margin_right, page.margin_bottom, page.margin_left)
    return (
        kind.side,
        kind.blank,
        kind.name,
        tuple(kind.groups),
        page.width,
        page.height,
        margins,
        strings,
    )


def _reusable(content: Any) -> bool:
    """Whether a margin box with this ``content`` is the same on every page of a kind:
    text and running strings, and the page number (drawn by the merge)."""
    if not isinstance(content, tuple | list):  # normal, none
        return True
    for kind, value in content:
        if kind in ("string", "string()"):
            continue
        if kind == "counter()" and value[0] == "page":
            continue
        return False
    return True
