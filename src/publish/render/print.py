"""The print documents: the HTML the PDF is laid out from, made from the model.

Every chapter begins on a new page, so the build lays out the book in parts
(publish.write.parallel): the front matter (cover, imprint, table of contents) and each
chapter, each an HTML document of its own with the book's ``<head>``. What a part laid out
alone needs to read as it would in the whole book is written into its document here:

- a chapter's ``<section>`` resets the footnote counter to the number of footnotes before it,
  so its footnotes are numbered on through the book;
- the front matter's table of contents is given its page numbers (``data-page``, which the
  layout stage's stylesheet reads with ``attr()``), once the chapters are laid out.

The whole book as one document (``publish.render.html.render_book_html``, the single pass)
is made of the same template pieces (templates/_print.html.j2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from publish import model as m
from publish.errors import OutputError
from publish.render.html import ENVIRONMENT, print_context, toc_headings
from publish.tree import chapter_inlines


def render_front_html(
    book: m.Book, timestamp: dt.datetime, pages: Mapping[str, int] | None = None
) -> str:
    """The front matter as a document of its own; with ``pages`` (heading id → page), its
    table of contents gives each heading's page."""
    if pages is not None:
        for heading in toc_headings(book):
            if heading.id not in pages:
                raise OutputError(
                    f"the table of contents links to #{heading.id}, which no chapter has"
                )
    template = ENVIRONMENT.get_template("print_front.html.j2")
    return template.render(print_context(book, timestamp), pages=pages)


def render_chapter_html(
    book: m.Book, chapter: m.Chapter, timestamp: dt.datetime, footnotes_before: int
) -> str:
    """``chapter`` of ``book`` as a document of its own, its footnotes numbered on from
    ``footnotes_before``. The chapter may be a hyphenated copy of the book's: its footnotes
    are taken from it."""
    context = print_context(book, timestamp)
    context["footnotes"] = {note.number: note for note in chapter.footnotes}
    template = ENVIRONMENT.get_template("print_chapter.html.j2")
    return template.render(context, chapter=chapter, footnotes_before=footnotes_before)


def footnotes_before(book: m.Book) -> list[int]:
    """For each chapter, how many footnotes the chapters before it have."""
    counts, total = [], 0
    for chapter in book.chapters:
        counts.append(total)
        total += sum(isinstance(node, m.FootnoteRef) for _, node in chapter_inlines(chapter))
    return counts
