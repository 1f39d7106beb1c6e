"""The web index of the amendment outputs (``html/antraege/index.html``).

The outputs themselves are books of the model, rendered by the book's templates
(:mod:`publish.amend.outputs`); this page only says what there is: each document with a
line on what it holds, its web page and its PDF and EPUB.
"""

from __future__ import annotations

from dataclasses import dataclass

from publish import model as m
from publish.render.html import ENVIRONMENT, parties_line


@dataclass(frozen=True)
class IndexEntry:
    """A document on the index page: its name, what it holds, its web page (relative to
    the index) and its downloads (label, relative link)."""

    label: str
    description: str
    href: str
    downloads: tuple[tuple[str, str], ...] = ()


def render_index(draft: m.Book, entries: tuple[IndexEntry, ...]) -> bytes:
    """The index page of the amendment outputs of ``draft`` (one of the documents' books:
    its title data name the draft)."""
    template = ENVIRONMENT.get_template("antraege.html.j2")
    meta = draft.metadata
    html = template.render(
        meta=meta, parties_line=parties_line(meta), entries=entries, title=meta.title
    )
    return html.encode("utf-8")
