"""HTML → the tagged reference PDF (PDF/UA-1) with WeasyPrint.

WeasyPrint is pinned to an exact version (pyproject.toml): the tagging it produces is
what veraPDF validates, and later stages read its layout. ``tests/test_pdf.py`` checks the
properties we rely on, so an upgrade that changes them fails loudly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from publish import model as m
from publish.collection import paused
from publish.errors import SourceLocation, display_path
from publish.fonts import book_fonts, fallback_css
from publish.layout import LayoutMap
from publish.write.glyphs import glyphs_installed
from publish.write.leaders import leaders_joined
from publish.write.linebreaking import paragraph_breaking_installed
from publish.write.linenumbers import LINE_NUMBER_FONT, draw_line_numbers
from publish.write.merge import RenderedPdf
from publish.write.problems import LayoutProblems, layout_error
from publish.write.readlayout import read_layout
from publish.write.resources import STYLES, SandboxedFetcher
from publish.write.streams import default_compression
from publish.write.tagging import tagging_installed


@dataclass(frozen=True)
class Geometry:
    """The page geometry of a format (millimetres, points for the type size); everything
    else about the page is in styles/print.css."""

    size: str
    top: int
    bottom: int
    inner: int
    outer: int
    font_size: float
    cover_drop: int
    imprint_drop: int

    def css(self) -> str:
        """Mirrored margins for duplex printing: the wider margin is always the inner one
        (the binding side); right-hand pages are the odd ones, starting with the cover."""
        return (
            f"@page {{ size: {self.size}; margin: {self.top}mm {self.outer}mm "
            f"{self.bottom}mm {self.inner}mm; }}\n"
            f"@page :left {{ margin-left: {self.outer}mm; margin-right: {self.inner}mm; }}\n"
            f"@page :right {{ margin-left: {self.inner}mm; margin-right: {self.outer}mm; }}\n"
            f"html {{ font-size: {self.font_size}pt; }}\n"
            f".cover {{ padding-top: {self.cover_drop}mm; }}\n"
            f".imprint {{ padding-top: {self.imprint_drop}mm; }}\n"
        )


GEOMETRY = {
    "A4": Geometry("A4", 25, 25, 28, 22, 10.5, 40, 150),
    "A5": Geometry("A5", 18, 20, 20, 14, 9.5, 20, 90),
}
STYLESHEETS = ("fonts.css", "base.css", "print.css")


def render_pdf(
    html: str,
    book: m.Book,
    styles: Path = STYLES,
    *,
    extra_css: Sequence[str] = (),
    read_lines: Callable[[Any], LayoutMap] | None = None,
) -> RenderedPdf:
    """Lay out ``html`` once; read the layout map; write the tagged PDF with line numbers.

    A document other than the book (the amendment outputs) may add ``extra_css`` (style
    sheets' text, after the book's and its page geometry) and read the lines to number
    from the laid-out document its own way (``read_lines``, else :func:`read_layout`; the
    Änderungsfassung numbers the draft's lines where they begin)."""
    fetcher = SandboxedFetcher([book.root, styles])
    fonts = FontConfiguration()
    sheets = stylesheets(book.output.page_size, styles, fonts, fetcher)
    sheets += [CSS(string=css, font_config=fonts, url_fetcher=fetcher) for css in extra_css]
    document = HTML(string=html, base_url=book.root.as_uri() + "/", url_fetcher=fetcher)
    with weasyprint_installed() as problems:
        variant = pdf_variant(book.output.pdf_ua)
        rendered = document.render(stylesheets=sheets, font_config=fonts, pdf_variant=variant)
        layout = (read_lines or read_layout)(rendered)
        pdf = rendered.write_pdf(
            pdf_variant=variant, pdf_identifier=book.metadata.identifier.encode()
        )
    try:
        raise_problems(problems)
    except LayoutProblems as error:
        book_yaml = SourceLocation(display_path(book.root / "book.yaml"))
        raise layout_error(error.problems, book, book.chapters, book_yaml) from None
    assert isinstance(pdf, bytes)
    numbered = draw_line_numbers(pdf, layout, book.output.line_numbers, styles / LINE_NUMBER_FONT)
    return RenderedPdf(numbered, layout)


def stylesheets(
    page_size: str,
    styles: Path,
    fonts: FontConfiguration,
    fetcher: SandboxedFetcher,
    edit: Callable[[str], str] | None = None,
) -> list[CSS]:
    """The stylesheets of the printed book, the page geometry of its format (A4, A5) last;
    ``edit`` may change a stylesheet's text before it is read."""
    sheets = []
    for name in STYLESHEETS:
        path = styles / name
        if edit is None:
            sheets.append(CSS(filename=path, url_fetcher=fetcher, font_config=fonts))
            continue
        text = edit(path.read_text(encoding="utf-8"))
        sheets.append(
            CSS(string=text, base_url=path.as_uri(), url_fetcher=fetcher, font_config=fonts)
        )
    if fallbacks := fallback_css(book_fonts(styles), pdf=True):  # font files added to styles/fonts/
        base_url = (styles / "fonts.css").as_uri()
        sheets.append(
            CSS(string=fallbacks, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
        )
    sheets.append(CSS(string=GEOMETRY[page_size].css(), font_config=fonts))
    return sheets


def pdf_variant(pdf_ua: int) -> str:
    return f"pdf/ua-{pdf_ua}"


@contextmanager
def weasyprint_installed() -> Iterator[list[str]]:
    """WeasyPrint as we use it: our tagging, paragraph breaker, leaders and glyph drawing
    installed, streams compressed at zlib's default level, the cycle collector paused
    (publish.collection), its warnings collected (see :func:`raise_problems`)."""
    with (
        _weasyprint_problems() as problems,
        tagging_installed(),
        paragraph_breaking_installed(),
        leaders_joined(),
        glyphs_installed(),
        default_compression(),
        paused(),
    ):
        yield problems


def raise_problems(problems: list[str]) -> None:
    """WeasyPrint's warnings fail the PDF: :class:`LayoutProblems`, which the caller names
    at their source (:func:`publish.write.problems.layout_error`)."""
    if problems:
        raise LayoutProblems(problems)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_problems() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors: for us each one is a defect to fix (a
    missing font, an unsupported CSS property, an image that failed to load)."""
    collector = _Collector()
    logger = weasyprint.LOGGER
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
