"""The web edition (``dist/html/``) and the live preview of ``publish watch``.

The same model and content templates as the PDF and the EPUB, written as HTML5 for
browsers: one page with every chapter, or one page per chapter (``output.web``), each with
a skip link, the table of contents, the chapter's footnotes, and, once the PDF is laid out,
the printed page and line references as in the EPUB („S. 12“ and every fifth line number in
the margin; ``#seite-12`` and ``#zeile-1234`` as link targets). Fonts and images are copied
beside the pages, so the folder works offline and on any web server.

Members preparing amendments find a passage with the full-text search (a Pagefind index,
:mod:`publish.render.search`) and cite it: „S. 12, Z. 345–347“ and a pre-filled amendment
file (``styles/web-tools.js``, with the data of :mod:`publish.render.cite`). Both are
written by :func:`render_web_edition`; without JavaScript the pages are read as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from publish import model as m
from publish.annotate import annotate
from publish.errors import BookError
from publish.fonts import FONT_SUFFIXES, book_fonts, fallback_css
from publish.layout import LayoutMap
from publish.render.cite import cite_data
from publish.render.html import ENVIRONMENT, Links, _context, epub_image_name
from publish.render.search import with_search
from publish.tree import iter_blocks, plain_text

#: The stylesheets of the web edition, in cascade order (paths relative to ``styles/``).
WEB_STYLESHEETS = ("fonts.css", "base.css", "web.css", "web-tools.css")

#: The script of the search field and of „Zitieren“ (in ``styles/``, written as this name).
WEB_SCRIPT = "web-tools.js"


@dataclass(frozen=True)
class WebTocEntry:
    heading: m.Heading
    href: str
    children: tuple[WebTocEntry, ...] = ()
    current: bool = False


@dataclass(frozen=True)
class Pager:
    previous: WebTocEntry | None
    next: WebTocEntry | None


@dataclass(frozen=True)
class Preview:
    """What the live preview adds: a status line, links to the outputs, and the version
    its reload script compares with the server's."""

    status: str
    version: str
    downloads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class WebOptions:
    """How to write the web edition: single page or per chapter, which outputs to offer
    for download (label, relative link), the layout map for the print references, the
    live preview's extras, and the problems and warnings to show above the text."""

    styles: Path
    mode: str = "single"
    layout: LayoutMap | None = None
    downloads: tuple[tuple[str, str], ...] = ()
    preview: Preview | None = None
    problems: Sequence[str] = field(default_factory=tuple)
    warnings: Sequence[str] = field(default_factory=tuple)


def page_name(index: int) -> str:
    return f"kapitel-{index + 1:02d}.html"


def render_web_edition(book: m.Book, options: WebOptions) -> tuple[dict[str, bytes], str]:
    """Every file of the web edition with its search index, and "" – or, if the index
    cannot be made, the files without it and why (the caller warns)."""
    return with_search(render_web(book, options))


def render_web(book: m.Book, options: WebOptions) -> dict[str, bytes]:
    """Every file of the web edition but the search index, by its path inside ``html/``."""
    try:
        citing = cite_data(book, options.layout)
    except BookError:  # a layout of another text (publish watch, until the next build)
        options = replace(options, layout=None)
        citing = cite_data(book, None)
    if options.layout is not None:
        book = annotate(book, options.layout)
    pages = _pages(book, options.mode)
    files: dict[str, bytes] = {}
    if options.mode == "chapters":
        files["index.html"] = _render(book, options, pages, (), None, citing)
        for index, chapter in enumerate(book.chapters):
            files[page_name(index)] = _render(book, options, pages, (chapter,), index, citing)
    else:
        files["index.html"] = _render(book, options, pages, book.chapters, None, citing)
    files["style.css"] = _stylesheet(options.styles)
    files[WEB_SCRIPT] = (options.styles / WEB_SCRIPT).read_bytes()
    files.update(_fonts(options.styles))
    files.update(_images(book))
    return files


def _pages(book: m.Book, mode: str) -> dict[str, str]:
    """Heading id → the page it is on ("" for the one page)."""
    if mode != "chapters":
        return {h.id: "" for c in book.chapters for h in c.headings}
    return {h.id: page_name(i) for i, c in enumerate(book.chapters) for h in c.headings}


def _render(
    book: m.Book,
    options: WebOptions,
    pages: dict[str, str],
    chapters: Sequence[m.Chapter],
    current: int | None,
    citing: dict[str, object],
) -> bytes:
    toc = _toc(book, pages, current)
    title = book.metadata.title
    if current is not None:
        title = f"{plain_text(book.chapters[current].title.children)} – {title}"
    pager = None
    if current is not None:
        previous = toc[current - 1] if current > 0 else None
        following = toc[current + 1] if current + 1 < len(toc) else None
        pager = Pager(previous, following)
    context = _context(book) | {"links": Links(pages)}
    html = ENVIRONMENT.get_template("web.html.j2").render(
        context,
        page_title=title,
        home="index.html",
        toc=toc,
        chapters=chapters,
        chapter_titles={c.id: plain_text(c.title.children) for c in book.chapters},
        pager=pager,
        downloads=options.downloads,
        preview=options.preview,
        problems=options.problems,
        warnings=options.warnings,
        edition=options.layout is not None,
        citing=citing,
        script=WEB_SCRIPT,
    )
    return html.encode("utf-8")


def _toc(book: m.Book, pages: dict[str, str], current: int | None) -> list[WebTocEntry]:
    entries = []
    for index, chapter in enumerate(book.chapters):
        sections = tuple(
            WebTocEntry(h, f"{pages[h.id]}#{h.id}") for h in chapter.headings[1:] if h.level == 2
        )
        href = f"{pages[chapter.id]}#{chapter.id}"
        entries.append(WebTocEntry(chapter.title, href, sections, index == current))
    return entries


def _stylesheet(styles: Path) -> bytes:
    sheets = [(styles / name).read_text(encoding="utf-8") for name in WEB_STYLESHEETS]
    css = "\n".join([*sheets, fallback_css(book_fonts(styles))])
    return css.encode("utf-8")


def _fonts(styles: Path) -> dict[str, bytes]:
    """Every font of styles/fonts/ (the fallbacks too) and the licence texts."""
    return {
        f"fonts/{path.name}": path.read_bytes()
        for path in sorted((styles / "fonts").iterdir())
        if path.suffix.lower() in (*FONT_SUFFIXES, ".txt")
    }


def _images(book: m.Book) -> dict[str, bytes]:
    return {
        f"images/{epub_image_name(block.src, book.root)}": block.src.read_bytes()
        for chapter in book.chapters
        for block in iter_blocks(chapter.blocks)
        if isinstance(block, m.Figure)
    }
