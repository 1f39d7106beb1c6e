"""The tagged reference PDF: what a screen reader and veraPDF get."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest
from conftest import Built

from publish import model as m
from publish.tree import iter_blocks, plain_text
from publish.validate import run_verapdf
from publish.validate.structure import walk


def test_verapdf_pdf_ua1_has_zero_failed_rules(real_book: Built, test_book: Built) -> None:
    reports = run_verapdf([real_book.pdf, test_book.pdf], "ua1")
    for report in reports:
        assert report.error is None, report.error
        assert [f.rule for f in report.failed] == [], report.failed
        assert report.compliant


def test_catalog_declares_language_marking_and_title(any_book: Built) -> None:
    with pikepdf.open(any_book.pdf) as pdf:
        assert str(pdf.Root.Lang) == "de-DE"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo.Title) == any_book.book.metadata.title
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"


def test_every_font_is_embedded(any_book: Built) -> None:
    with pikepdf.open(any_book.pdf) as pdf:
        fonts = {
            font.objgen: font
            for page in pdf.pages
            for font in page.Resources.get("/Font", {}).values()
        }
        assert fonts
        for font in fonts.values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            assert (
                str(descendant.BaseFont)
                .split("+")[-1]
                .startswith(("Source-Serif-4", "Source-Sans-3", "SourceSans3-Regular"))
            )


def test_structure_tree_has_the_expected_tags(test_book: Built) -> None:
    with pikepdf.open(test_book.pdf) as pdf:
        elements = list(walk(pdf))
    types = {e.type for e in elements}
    assert {
        "H1",
        "H2",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "Link",
        "Figure",
        "Caption",
        "BlockQuote",
    } <= types
    figures = [e for e in elements if e.type == "Figure"]
    # One Figure: the decorative image is drawn as a background, outside the structure.
    assert [f.alt for f in figures] == ["Balkendiagramm der Sitzverteilung: A 26, B 17, andere 8"]


def test_headings_in_the_tree_follow_the_source(any_book: Built) -> None:
    with pikepdf.open(any_book.pdf) as pdf:
        levels = [int(e.type[1]) for e in walk(pdf) if re.fullmatch(r"H[1-6]", e.type)]
    expected = [1]  # the table of contents' own heading „Inhalt“
    expected += [h.level for c in any_book.book.chapters for h in c.headings]
    assert levels == expected


def _words(text: str) -> list[str]:
    """The words of ``text``, letters only: pdfplumber puts a subscript („CO₂“) on a line of
    its own (it groups characters by their top edge), so digits are no words here."""
    text = re.sub(r"[\u2010-]\n", "", text)  # words broken by hyphenation
    return re.findall(r"[^\W\d_]+", text)


def test_text_order_follows_source_order(any_book: Built) -> None:
    with pdfplumber.open(any_book.pdf) as pdf:
        text = " ".join(_words("\n".join(p.extract_text() or "" for p in pdf.pages)))
    position = 0
    for chapter in any_book.book.chapters:
        for block in iter_blocks(chapter.blocks):
            if isinstance(block, m.Paragraph | m.Heading):
                words = _words(plain_text(block.children))[:4]
                found = text.find(" ".join(words), position)
                assert found >= 0, f"{block.location}: „{' '.join(words)}“ not found in order"
                position = found


@pytest.mark.parametrize("page_size,width", [("A4", 595.28), ("A5", 419.53)])
def test_page_size_follows_book_yaml(
    page_size: str, width: float, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil

    from conftest import EVERYTHING

    from publish.pipeline import BuildRequest, build

    source = tmp_path_factory.mktemp("size") / "book"
    shutil.copytree(EVERYTHING, source)
    config = source / "book.yaml"
    config.write_text(
        config.read_text().replace("name: testbuch", f"name: testbuch\n  page_size: {page_size}")
    )
    build(BuildRequest(source, source.parent / "out", ("pdf",)))
    pdf_path = source.parent / "out" / "testbuch.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert float(pdf.pages[0].MediaBox[2]) == pytest.approx(width, abs=0.1)
