"""The print edition's page and line markers in the model (publish.annotate)."""

from __future__ import annotations

from conftest import EVERYTHING

from publish import model as m
from publish.annotate import annotate
from publish.layout import LayoutMap, Page
from publish.read.book import load_book
from publish.render.html import source_key


def test_pages_that_begin_in_the_same_table_are_marked_before_it_in_order() -> None:
    """A table longer than a page: the pages after its first begin inside it, all at its
    letter 0 (a Word file's long table gave three; sorting their markers crashed the EPUB
    and the web edition)."""
    book = load_book(EVERYTHING.resolve())
    chapter = next(c for c in book.chapters if any(isinstance(b, m.Table) for b in c.blocks))
    table = next(b for b in chapter.blocks if isinstance(b, m.Table))
    key = source_key(table.location, book.root)
    pages = tuple(Page(number, 0.0, None, key, 0) for number in (7, 8, 9))
    annotated = annotate(book, LayoutMap(420.0, 595.0, pages, ()))
    blocks = next(c for c in annotated.chapters if c.title == chapter.title).blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, m.Table))
    breaks = blocks[at - 3 : at]
    assert all(isinstance(b, m.PageBreak) for b in breaks)
    assert [b.number for b in breaks if isinstance(b, m.PageBreak)] == [7, 8, 9]
