"""The margin boxes of each kind of page are made once per part (publish.write.marginboxes):
the parts are the same, byte for byte, as with WeasyPrint making them on every page; what
depends on the page is still made for each page; and the WeasyPrint internals it relies
on are where it expects them."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
import weasyprint.layout
from conftest import BOOK, EVERYTHING
from weasyprint.formatting_structure import boxes
from weasyprint.layout.page import PageType

from benchmarks.bookgen import generate_book
from publish.pipeline import print_documents
from publish.read.book import load_book
from publish.typography import typeset
from publish.write import marginboxes, partlayout
from publish.write.marginboxes import STATISTICS, margin_boxes_reused
from publish.write.merge import PartResult
from publish.write.parallel import Settings
from publish.write.resources import STYLES

STAMP = dt.datetime(2020, 10, 29, tzinfo=dt.UTC)


def _parts(folder: Path) -> Iterator[PartResult]:
    """Every chapter of the book in ``folder`` laid out as a part, and its front matter."""
    book = typeset(load_book(folder.resolve()))
    documents = print_documents(book, STAMP)
    meta, output = book.metadata, book.output
    settings = Settings(book.root, STYLES, output.page_size, output.pdf_ua, meta.identifier)
    for _, html in documents.chapters:
        yield partlayout._lay_out(settings, html)
    yield partlayout._lay_out(settings, documents.front(dict.fromkeys(documents.headings, 9)))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 40-page book: chapters long enough to have pages of the same kind."""
    return generate_book(tmp_path_factory.mktemp("generated") / "book", 40, seed=3)


@pytest.mark.parametrize("name", ["real", "everything", "generated"])
def test_parts_are_byte_identical_with_margin_boxes_made_once(
    name: str, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF, the page-number slots and the layout map of every part are what they are
    when WeasyPrint makes the margin boxes of every page; and boxes were reused."""
    folder = {"real": BOOK, "everything": EVERYTHING, "generated": generated}[name]
    before = STATISTICS["reused"]
    reused = list(_parts(folder))
    if name == "generated":
        assert STATISTICS["reused"] > before + 10  # pages of the same kind were there
    monkeypatch.setattr(partlayout, "margin_boxes_reused", contextlib.nullcontext)
    made = list(_parts(folder))
    assert [p.pdf for p in reused] == [p.pdf for p in made]
    assert [p.numbers for p in reused] == [p.numbers for p in made]
    assert [p.layout for p in reused] == [p.layout for p in made]


PAGES = """<!doctype html><html lang="de"><head><style>
@page { size: A6; margin: 20mm 15mm;
  @top-left { content: string(kapitel); }
  @top-right { content: "S. " counter(page) " von " counter(pages); }
  @bottom-center { content: counter(page); } }
h1 { string-set: kapitel content(text); break-before: page; }
p { margin: 0 0 80mm; }
</style></head><body>
<h1>Eins</h1><p>a</p><p>b</p><p>c</p><p>d</p><p>e</p><p>f</p>
<h1>Zwei</h1><p>g</p><p>h</p><p>i</p><p>j</p><p>k</p><p>l</p>
</body></html>"""


def _margin_texts(page: Any) -> dict[str, str]:
    texts: dict[str, str] = {}
    for box in page._page_box.children:
        if isinstance(box, boxes.MarginBox):
            words = [b.text for b in box.descendants() if isinstance(b, boxes.TextBox)]
            texts[box.at_keyword] = "".join(words)
    return texts


@pytest.mark.parametrize("count_pages", [False, True], ids=["heads", "page-of-pages"])
def test_what_depends_on_the_page_is_made_for_each_page(count_pages: bool) -> None:
    """A running string that changes, and a margin box that counts the pages: each page
    shows its own, and boxes are reused only where nothing but the page number differs."""
    html = PAGES if count_pages else PAGES.replace("@top-right", "@top-left-corner-unused")
    STATISTICS.clear()
    with margin_boxes_reused():
        document = weasyprint.HTML(string=html).render()
    texts = [_margin_texts(page) for page in document.pages]
    total = len(texts)
    heads = [t["@top-left"] for t in texts]
    eins = heads.count("Eins")
    assert eins >= 3 and total - eins >= 3
    assert heads == ["Eins"] * eins + ["Zwei"] * (total - eins)
    if count_pages:
        pages = [t["@top-right"] for t in texts]
        assert pages == [f"S. {n} von {total}" for n in range(1, total + 1)]
        assert STATISTICS["reused"] == 0  # counter(pages) is not the page number alone
    else:
        assert STATISTICS["reused"] > 0
    assert STATISTICS["made"] + STATISTICS["reused"] == total


def test_only_text_strings_and_the_page_number_are_reused() -> None:
    assert marginboxes._reusable("normal")
    assert marginboxes._reusable((("string()", ("chapter", "first")),))
    assert marginboxes._reusable((("string", "S. "), ("counter()", ("page", "decimal"))))
    assert not marginboxes._reusable((("counter()", ("pages", "decimal")),))
    assert not marginboxes._reusable((("element()", ("header", "first")),))
    assert not marginboxes._reusable((("attr()", ("title", "string", "")),))


def test_the_block_restores_what_was_there_before() -> None:
    original = weasyprint.layout.make_margin_boxes
    with margin_boxes_reused():
        inner = weasyprint.layout.make_margin_boxes
        with margin_boxes_reused():
            assert weasyprint.layout.make_margin_boxes is not inner
        assert weasyprint.layout.make_margin_boxes is inner
    assert weasyprint.layout.make_margin_boxes is original


def test_no_page_selector_depends_on_the_page_index() -> None:
    """Pages of one kind are told apart by side, name and groups, not by index: an
    ``:nth()`` page selector would give them different margin boxes (add the page's index
    to ``marginboxes._kind`` before using one)."""
    for sheet in STYLES.glob("*.css"):
        assert not re.search(r"@page[^{]*:nth\(", sheet.read_text(encoding="utf-8")), sheet


def test_the_weasyprint_internals_are_where_they_were() -> None:
    """WeasyPrint 70.0: layout_document calls make_margin_boxes(context, page, state)
    through weasyprint.layout's namespace; a page type is (side, blank, name, index,
    groups); running strings are asked of the layout context."""
    assert weasyprint.__version__ == "70.0"
    assert "children.extend(make_margin_boxes(context, page, state))" in inspect.getsource(
        weasyprint.layout.layout_document
    )
    parameters = inspect.signature(weasyprint.layout.make_margin_boxes).parameters
    assert list(parameters) == ["context", "page", "state"]
    assert PageType._fields == ("side", "blank", "name", "index", "groups")
    signature = inspect.signature(weasyprint.layout.LayoutContext.get_string_set_for)
    assert list(signature.parameters) == ["self", "page", "name", "keyword"]
