"""What a layout process does: one part of the book (a chapter, the front matter) laid out
and written by WeasyPrint (``publish.write.parallel`` hands the parts out and merges them).

This module, and WeasyPrint with it, is imported by the layout's processes when they
start, not by the build's own process, which reads the source and makes the parts'
documents meanwhile. The build hands the parts over with ``publish.write.parallel``'s
functions of the same names, which call these in the worker.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from publish.errors import OutputError
from publish.layout import PartLayout
from publish.write.linenumbers import LINE_NUMBER_FONT
from publish.write.marginboxes import margin_boxes_reused
from publish.write.merge import NumberSlot, PartResult
from publish.write.parallel import Settings
from publish.write.pdf import (
    pdf_variant,
    raise_problems,
    stylesheets,
    weasyprint_installed,
)
from publish.write.readlayout import read_part
from publish.write.resources import SandboxedFetcher

#: The page numbers of the table of contents, as print.css asks for them …
TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*\)")
#: … and as the front matter, laid out alone, is given them.
GIVEN_PAGE = "attr(data-page)"


@dataclass
class Session:
    """A worker's fonts and stylesheets, read once for all the parts it lays out (the
    front matter too: the table of contents' rule only matches the front matter)."""

    fetcher: SandboxedFetcher
    fonts: FontConfiguration
    sheets: list[Any]


#: This process's sessions (closed by ``publish.write.parallel`` when a worker ends).
SESSIONS: dict[Settings, Session] = {}


def _session(settings: Settings) -> Session:
    if settings not in SESSIONS:
        fetcher = SandboxedFetcher([settings.root, settings.styles])
        fonts = FontConfiguration()
        sheets = stylesheets(settings.page_size, settings.styles, fonts, fetcher, _given_toc_pages)
        SESSIONS[settings] = Session(fetcher, fonts, sheets)
    return SESSIONS[settings]


def _given_toc_pages(css: str) -> str:
    return TARGET_PAGE.sub(GIVEN_PAGE, css)


def lay_out_chapter(settings: Settings, html: str) -> PartResult:
    """A chapter (its HTML document) as a PDF of its own (runs in a worker)."""
    return _lay_out(settings, html)


def lay_out_front(settings: Settings, html: str, pages: int) -> PartResult:
    """The front matter, its table of contents numbered for a front matter of ``pages``
    pages (runs in a worker). Only laid out and written if it has that many; else the
    result tells its length, and the caller numbers it again (:meth:`ParallelLayout.parts`)."""
    return _lay_out(settings, html, pages=pages)


def probe_front(settings: Settings, html: str) -> PartLayout:
    """The front matter's pages, laid out (not written) with its table of contents numbered
    for a guess (runs in a worker, while the first chapter's document is made)."""
    with _rendered(settings, html) as rendered:
        return read_part(rendered)


@contextmanager
def _rendered(settings: Settings, html: str) -> Iterator[Any]:
    """``html`` laid out by WeasyPrint as we use it, with the worker's session; our
    installations stay while the block writes it. WeasyPrint's warnings are raised after
    the block (:func:`publish.write.pdf.raise_problems`). The margin boxes of each kind of
    page are made once (:mod:`publish.write.marginboxes`: the page numbers they hold are
    taken off the pages, :func:`_take_page_numbers`)."""
    session = _session(settings)
    base = settings.root.as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=session.fetcher)
    with weasyprint_installed() as problems, margin_boxes_reused():
        yield document.render(
            stylesheets=session.sheets,
            font_config=session.fonts,
            pdf_variant=pdf_variant(settings.pdf_ua),
        )
    raise_problems(problems)


def _lay_out(settings: Settings, html: str, pages: int | None = None) -> PartResult:
    started = time.process_time()
    with _rendered(settings, html) as rendered:
        if pages is not None and len(rendered.pages) != pages:  # laid out again anyway
            return PartResult(b"", read_part(rendered), {}, frozenset(), ())
        numbers = _take_page_numbers(rendered)
        anchors, borrowed = _lend_anchors(rendered)
        layout = read_part(rendered)
        variant = pdf_variant(settings.pdf_ua)
        pdf = rendered.write_pdf(pdf_variant=variant, pdf_identifier=settings.identifier.encode())
    assert isinstance(pdf, bytes)
    cpu = time.process_time() - started
    return PartResult(pdf, layout, anchors, borrowed, numbers, cpu, os.getpid())


def _take_page_numbers(document: Any) -> tuple[NumberSlot | None, ...]:
    """Note where each page's number stands and take it off the page (see the module)."""
    slots: list[NumberSlot | None] = []
    for page in document.pages:
        page_box = page._page_box
        numbers = [
            box
            for box in page_box.children
            if isinstance(box, boxes.MarginBox) and _counts_pages(box.style["content"])
        ]
        page_box.children = type(page_box.children)(
            box for box in page_box.children if box not in numbers
        )
        slots.append(_slot(numbers[0]) if len(numbers) == 1 else None)
        if len(numbers) > 1:
            raise OutputError("parallel layout draws one page number a page, not several")
    return tuple(slots)


def _counts_pages(content: Any) -> bool:
    """Whether a margin box's content uses the page counter; only ``counter(page)`` alone
    can be drawn after the merge."""
    if not isinstance(content, tuple | list):
        return False
    counters = [v for t, v in content if t in ("counter()", "counters()") and v[0] == "page"]
    if not counters:
        return False
    if len(content) != 1 or content[0][0] != "counter()" or content[0][1][-1] != "decimal":
        raise OutputError(
            "parallel layout draws page numbers written as content: counter(page) only"
        )
    return True


def _slot(margin_box: Any) -> NumberSlot:
    (line,) = margin_box.children
    (text,) = [box for box in line.children if isinstance(box, boxes.TextBox)]
    style = text.style
    family, weight = style["font_family"][0], style["font_weight"]
    if family != "Source Sans 3" or weight != 400 or style["font_style"] != "normal":
        raise OutputError(
            f"parallel layout draws page numbers in {LINE_NUMBER_FONT}, not in {family} {weight}"
        )
    return NumberSlot(
        text.position_x + text.width / 2,
        line.position_y + line.baseline,
        style["font_size"],
        _colour_operators(style["color"]),
    )


def _colour_operators(colour: Any) -> str:
    """The fill colour as WeasyPrint sets it (device CMYK, else sRGB)."""
    if colour.space == "device-cmyk":
        values = " ".join(f"{c:g}" for c in colour.coordinates)
        return f"/DeviceCMYK cs {values} scn"
    values = " ".join(f"{c:g}" for c in colour.to("srgb").coordinates)
    return f"/DeviceRGB cs {values} scn"


def _lend_anchors(document: Any) -> tuple[dict[str, int], frozenset[str]]:
    """The part's anchors (name → page index), and placeholders on its first page for the
    targets of links into other parts, so WeasyPrint keeps those links."""
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    targets = {
        target for page in document.pages for kind, target, _, _ in page.links if kind == "internal"
    }
    borrowed = frozenset(targets - anchors.keys())
    for name in borrowed:
        document.pages[0].anchors[name] = (0, 0, 0, 0)
    return anchors, borrowed
