"""The layout map read from WeasyPrint's laid-out pages (pinned version 70.0).

:mod:`publish.layout` is the map; this module reads it from the line boxes of a rendered
document, where WeasyPrint is: in the layout's processes (``publish.write.partlayout``) and
in a layout of the whole document in one pass (``publish.write.pdf.render_pdf``). The
build's own process, which only joins the parts' maps, imports neither it nor WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.formatting_structure import boxes

from publish.layout import (
    ADDED_ATTRIBUTE,
    FRONT,
    SOFT_HYPHEN,
    SOURCE_ATTRIBUTE,
    LayoutMap,
    PartLayout,
    PartLine,
    PartPage,
    join_layouts,
    letters,
    visible,
)


def read_layout(document: Any) -> LayoutMap:
    """The layout map of a rendered WeasyPrint document."""
    return join_layouts([read_part(document)])


def read_part(document: Any) -> PartLayout:
    """The layout of a document laid out on its own (the whole book, its front matter or
    one chapter), in CSS pixels."""
    lines: list[PartLine] = []
    pages: list[PartPage] = []
    consumed: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        box = page._page_box
        found = list(_page_lines(box, index, consumed))
        first = len(lines) if found else None
        lines += found
        first_block = _first_source(box)
        start = found[0] if found else None
        offset = start.offset if start is not None and start.block == first_block else 0
        mirror = box.margin_right - box.margin_left
        pages.append(PartPage(box.content_box_x(), mirror, first, first_block, offset))
    first_page = document.pages[0]
    return PartLayout(first_page.width, first_page.height, tuple(pages), tuple(lines))


def _page_lines(page_box: Any, page: int, consumed: dict[str, int]) -> Iterator[PartLine]:
    """The numbered lines of one page; ``consumed`` counts the letters of each block seen
    so far, so a block continued from the previous page goes on at the right offset."""
    for block, line in _numbered_lines(page_box):
        text = _line_text(line)
        if not text.strip():
            continue
        offset = consumed.get(block, 0)
        consumed[block] = offset + letters(text)
        baseline = line.position_y + line.baseline
        broken = bool(added_hyphen(last_text_box(line)))
        yield PartLine(page, baseline, line.position_x, block, offset, text, broken)


def _first_source(box: Any) -> str | None:
    """The first source block met on a page (in the main flow, not in margins or notes)."""
    if isinstance(box, boxes.FootnoteAreaBox | boxes.MarginBox):
        return None
    source = _source_of(box)
    if source:
        return source
    for child in getattr(box, "children", None) or ():
        if found := _first_source(child):
            return found
    return None


def _source_of(box: Any) -> str | None:
    """The ``data-src`` of the element that made ``box`` (not of pseudo-elements)."""
    element = getattr(box, "element", None)
    if element is None or not box.element_tag or "::" in box.element_tag:
        return None
    source = element.get(SOURCE_ATTRIBUTE)
    return str(source) if source else None


def _numbered_lines(box: Any, block: str | None = None) -> Iterator[tuple[str, Any]]:
    """Line boxes inside numbered blocks, in layout order, with their block's source."""
    if getattr(box, "element", None) is not None and _resets(box):
        block = None
    elif source := _source_of(box):
        block = None if source.startswith(FRONT) else source
    if isinstance(box, boxes.FootnoteAreaBox | boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox):
        if block is not None:
            yield block, box
        return
    for child in getattr(box, "children", None) or ():
        yield from _numbered_lines(child, block)


def _resets(box: Any) -> bool:
    """Tables and figures are not numbered, nor nested lists as part of their item."""
    classes = (box.element.get("class") or "").split()
    return box.element_tag in ("table", "figure", "ul", "ol") or "decoration" in classes


def added_hyphen(box: Any) -> str:
    """The hyphen WeasyPrint added where it broke a word at one of our soft hyphens ("" if
    none): such a text box ends with the soft hyphen and then the hyphenate character. A
    real hyphen at the end of a line ("Aufstiegs-" in "Aufstiegs-BAföG") has no soft hyphen
    before it and stays."""
    if not isinstance(box, boxes.TextBox):
        return ""
    hyphen = str(box.style["hyphenate_character"])
    return hyphen if hyphen and box.text.endswith(SOFT_HYPHEN + hyphen) else ""


def _line_text(line: Any) -> str:
    """The text of a line as in the source: without list markers, footnote calls and the
    hyphen that hyphenation added."""
    parts: list[str] = []
    for box in _text_boxes(line):
        text = box.text
        if (hyphen := added_hyphen(box)) and box is last_text_box(line):
            text = text[: -len(hyphen)]
        parts.append(text)
    return visible("".join(parts))


def _text_boxes(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", None) or ():
        tag = child.element_tag or ""
        if "::" in tag:  # list markers, footnote calls: numbering, not source text
            continue
        element = child.element
        if element is not None and element.get(ADDED_ATTRIBUTE) is not None:
            continue
        if isinstance(child, boxes.TextBox):
            yield child
        else:
            yield from _text_boxes(child)


def last_text_box(line: Any) -> Any:
    last = None
    for last in _text_boxes(line):  # noqa: B007
        pass
    return last
