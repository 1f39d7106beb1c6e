"""The structure tree a screen reader walks (issue: truly accessible tagged PDF).

These tests also guard the WeasyPrint internals that ``publish.write.tagging`` relies on:
if an upgrade changes them, the structure checks here fail loudly.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import weasyprint
from conftest import BOOK, EVERYTHING, Built, CorpusBook

from publish import model as m
from publish.pipeline import BuildRequest, build
from publish.read.book import load_book
from publish.tree import iter_blocks
from publish.validate.structure import Element, walk


def test_weasyprint_is_the_pinned_version() -> None:
    assert weasyprint.__version__ == "70.0", "tagging.py was written for WeasyPrint 70.0"


@pytest.fixture(scope="module")
def long_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The test book plus a chapter whose paragraph, list and table run over page breaks."""
    source = tmp_path_factory.mktemp("long") / "book"
    shutil.copytree(EVERYTHING, source)
    sentence = "Die Koalition berät die Beschlüsse der Kreismitgliederversammlung gründlich. "
    rows = "\n".join(f"| {year} | Zeile {year} |" for year in range(1900, 2000))
    items = "\n".join(f"- Punkt {n} der langen Liste" for n in range(1, 80))
    (source / "kapitel" / "lang.md").write_text(
        f"# Langes Kapitel {{#lang}}\n\n{sentence * 120}\n\n{items}\n\n"
        f"| Jahr | Text |\n|---|---|\n{rows}\n",
        encoding="utf-8",
    )
    config = source / "book.yaml"
    config.write_text(
        config.read_text().replace(
            "  - kapitel/zwei.md", "  - kapitel/zwei.md\n  - kapitel/lang.md"
        )
    )
    out = source.parent / "out"
    build(BuildRequest(source, out, ("pdf",)))
    return Built(load_book(source), out / "testbuch.pdf", out / "testbuch.pdf")


def _elements(pdf_path: Path) -> list[Element]:
    with pikepdf.open(pdf_path) as pdf:
        return list(walk(pdf))


def _pages_of(element: Element) -> set[tuple[int, int]]:
    """The pages on which the content of ``element`` and its descendants lies."""
    pages: set[tuple[int, int]] = set()
    kids = element.obj.K if isinstance(element.obj.K, pikepdf.Array) else [element.obj.K]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            pages.add(kid.Pg.objgen)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            pages |= _pages_of(Element(str(kid.S), 0, kid))
    return pages


def test_one_structure_element_per_logical_element_across_pages(long_book: Built) -> None:
    elements = _elements(long_book.pdf)
    count = {kind: sum(e.type == kind for e in elements) for kind in ("P", "L", "Table", "TR")}
    blocks = [b for c in long_book.book.chapters for b in iter_blocks(c.blocks)]
    item_paragraphs = sum(  # a list item's first paragraph is set inline in its LBody
        isinstance(item.blocks[0], m.Paragraph)
        for b in blocks
        if isinstance(b, m.ListBlock)
        for item in b.items
    )
    paragraphs = sum(isinstance(b, m.Paragraph) for b in blocks) - item_paragraphs
    front_matter_paragraphs = 4 + 4  # cover and imprint
    assert count["P"] == paragraphs + front_matter_paragraphs
    assert count["L"] == sum(isinstance(b, m.ListBlock) for b in blocks)
    tables = [b for b in blocks if isinstance(b, m.Table)]
    assert count["Table"] == len(tables) == 3
    assert count["TR"] == sum(len(t.head) + len(t.body) for t in tables) == 3 + 2 + 101
    with pikepdf.open(long_book.pdf) as pdf:
        pages = [len(_pages_of(e)) for e in walk(pdf) if e.type in ("P", "L", "Table")]
    assert pages.count(1) == len(pages) - 3, "the long paragraph, list and table cross pages"
    assert sorted(pages)[-3:] >= [2, 2, 2]


def test_footnotes_are_notes_with_ids_right_after_their_call(test_book: Built) -> None:
    with pikepdf.open(test_book.pdf) as pdf:
        elements = list(walk(pdf))
        notes = [e for e in elements if e.type == "Note"]
        assert [str(n.obj.ID) for n in notes] == ["fn-1", "fn-2"]
        names = list(pdf.Root.StructTreeRoot.IDTree.Names)
        assert [str(n) for n in names[::2]] == ["fn-1", "fn-2"]
        for note in notes:
            siblings = list(note.obj.P.K)
            index = [s.objgen for s in siblings if isinstance(s, pikepdf.Dictionary)].index(
                note.obj.objgen
            )
            call = [s for s in siblings if isinstance(s, pikepdf.Dictionary)][index - 1]
            assert str(call.S) == "/Reference"
        assert str(notes[0].obj.P.S) == "/P"


def test_toc_is_toc_with_one_link_per_entry(test_book: Built) -> None:
    with pikepdf.open(test_book.pdf) as pdf:
        elements = list(walk(pdf))
        (toc,) = [e for e in elements if e.type == "TOC"]
        entries = [e for e in elements if e.type == "TOCI"]
        headings = [h for c in test_book.book.chapters for h in c.headings if h.level <= 2]
        assert len(entries) == len(headings)
        for entry in entries:
            kids = [k for k in entry.obj.K if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            assert [str(k.S) for k in kids] == ["/Link"]
        assert {str(k.S) for k in toc.obj.K} == {"/TOCI"}


def test_figure_has_alt_and_caption_and_emphasis_is_role_mapped(test_book: Built) -> None:
    with pikepdf.open(test_book.pdf) as pdf:
        elements = list(walk(pdf))
        role_map = {str(k): str(v) for k, v in pdf.Root.StructTreeRoot.RoleMap.items()}
    (figure,) = [e for e in elements if e.type == "Figure"]
    assert figure.alt == "Balkendiagramm der Sitzverteilung: A 26, B 17, andere 8"
    group = [str(k.S) for k in figure.obj.P.K if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    assert group == ["/Figure", "/Caption"]
    assert {"Em", "Strong"} <= {e.type for e in elements}
    assert role_map == {
        "/Em": "/Span",
        "/Strong": "/Span",
        "/Deletion": "/Span",
        "/Insertion": "/Span",
    }


def test_links_describe_themselves(test_book: Built) -> None:
    with pikepdf.open(test_book.pdf) as pdf:
        contents = [
            str(a.Contents)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if a.Subtype == "/Link"
        ]
    assert "das zweite Kapitel" in contents and "im Netz" in contents
    assert all(c and not re.fullmatch(r"[a-z0-9-]+", c) for c in contents), contents


def test_sub_and_superscript_read_as_part_of_their_word(test_book: Built) -> None:
    """„CO~2~“ is read „CO2“: the 2 follows the CO in the same element, in a Span whose
    /BaselineShift says how far it is lowered (superscript: raised); a link around it has
    its annotations in its Link, each with the link's whole text; the bookmark is plain
    text, the running head shows „H₂O“."""
    from publish.check import page_map
    from publish.validate.structure import tagged_words

    with pikepdf.open(test_book.pdf) as pdf:
        elements = list(walk(pdf))
        shifted = [e for e in elements if "/A" in e.obj and "/BaselineShift" in e.obj.A]
        shifts = [float(e.obj.A.BaselineShift) for e in shifted]
        (heading,) = [e for e in elements if e.type == "H2" and "/K" in e.obj and _has_span(e)]
        contents = [str(a.Contents) for page in pdf.pages for a in page.get("/Annots", [])]
        with pdf.open_outline() as outline:
            titles = [item.title for top in outline.root for item in (top, *top.children)]
    assert {e.type for e in shifted} == {"Span"}
    assert len(shifts) == 14 and sum(s < 0 for s in shifts) == 11  # 11 × ~2~, 3 × ^…^
    assert all(-6 < s < -2 for s in shifts if s < 0) and all(2 < s < 5 for s in shifts if s > 0)
    kinds = [str(k.get("/S", "content")) for k in heading.obj.K]
    assert kinds == ["content", "/Span", "content"]  # „Der CO“, „2“, „-Preis“
    words = tagged_words(test_book.pdf)
    assert words.count("CO2") == 6 and words.count("H2O") == 3 and "CO" not in words
    assert {"103", "m2", "10", "CO₂", "m²"} <= set(words)  # 10^3^ m^2^, 10^-3^; ₂ and ² kept
    assert {"Der CO2-Preis", "Zweites Kapitel: H2O"} <= set(titles)
    assert contents.count("Der CO2-Preis") >= 2 and "2" not in contents  # TOC: text and sub
    assert page_map(test_book.pdf, test_book.book).sources == (
        "tests/books/everything/kapitel/eins.md",
        "tests/books/everything/kapitel/zwei.md",
    )
    with pdfplumber.open(test_book.pdf) as pdf:
        head = pdf.pages[4].within_bbox((0, 0, pdf.pages[4].width, 60)).extract_text()
    assert head == "Zweites Kapitel: H₂O"


def _has_span(element: Element) -> bool:
    return any(
        isinstance(k, pikepdf.Dictionary) and str(k.get("/S")) == "/Span" for k in element.obj.K
    )


def test_language_of_foreign_words(test_book: Built) -> None:
    with pikepdf.open(test_book.pdf) as pdf:
        spans = [(e.type, e.lang) for e in walk(pdf) if e.lang is not None]
    assert spans == [("Span", "en")]


def test_running_heads_page_numbers_and_leaders_are_artifacts(test_book: Built) -> None:
    """Every marked-content sequence is either reachable from the tree or an Artifact."""
    with pikepdf.open(test_book.pdf) as pdf:
        parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        mapped = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
        artifacts = 0
        for number, page in enumerate(pdf.pages):
            owners = mapped[number]
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC":
                    tag, properties = operands
                    if str(tag) == "/Artifact":
                        artifacts += 1
                        continue
                    mcid = int(properties.MCID)
                    assert mcid < len(owners) and isinstance(owners[mcid], pikepdf.Dictionary)
        chapter_pages = len(pdf.pages) - 3
    # Per body page at least a running head and a page number.
    assert artifacts >= 2 * chapter_pages


def _source_words(book: m.Book) -> set[str]:
    from publish.tree import chapter_inlines

    words: set[str] = set()
    meta = book.metadata
    for text in (
        meta.title,
        meta.subtitle,
        meta.rights,
        meta.status_line,
        meta.publisher,
        *(p.name for p in meta.parties),
        meta.contact,
    ):
        words |= set(re.findall(r"\w+", text))
    for chapter in book.chapters:
        for _, inline in chapter_inlines(chapter):
            if isinstance(inline, m.Text):
                words |= set(re.findall(r"\w+", inline.text))
    return words


def test_hyphenated_words_read_as_one_word(corpus: CorpusBook) -> None:
    """In the 170-page agreement: every hyphenated line part reads as whole words."""
    book = load_book(corpus.pdf.parent.parent / "book")
    with pikepdf.open(corpus.pdf) as pdf:
        actual = [str(e.obj.ActualText) for e in walk(pdf) if "/ActualText" in e.obj]
    assert len(actual) > 1000, "the agreement has over a thousand hyphenated lines"
    words = {w for text in actual for w in re.findall(r"\w+", text)}
    # (a part may still end in a real hyphen: „Aufstiegs-“ before „BAföG“ on the next line)
    assert words <= _source_words(book), words - _source_words(book)


def test_long_book_passes_verapdf(long_book: Built) -> None:
    from publish.validate import run_verapdf

    (report,) = run_verapdf([long_book.pdf])
    assert report.error is None and report.failed == () and report.compliant


def _reading_words(book: m.Book) -> list[str]:
    """The source's words in reading order, each footnote's text right after its call.
    A run's text is read as one text: „CO~2~“ is the word „CO2“."""
    notes = {note.number: note for note in book.footnotes}

    def run_text(inlines: tuple[m.Inline, ...]) -> str:
        parts: list[str] = []
        for inline in inlines:
            if isinstance(inline, m.Text | m.Code | m.Caps):
                parts.append(inline.text)
            elif isinstance(inline, m.LineBreak):
                parts.append(" ")
            elif isinstance(inline, m.FootnoteRef):
                note = " ".join(block_text(b) for b in notes[inline.number].blocks)
                parts.append(f" {note} ")
            elif isinstance(inline, m.Container):
                parts.append(run_text(inline.children))
        return "".join(parts)

    def block_text(block: m.Block) -> str:
        if isinstance(block, m.Heading | m.Paragraph):
            return run_text(block.children)
        if isinstance(block, m.Table):
            cells = (c for row in (*block.head, *block.body) for c in row.cells)
            return " ".join(run_text(c.children) for c in cells)
        if isinstance(block, m.Figure):
            return run_text(block.caption)
        return ""

    return [
        w
        for c in book.chapters
        for b in iter_blocks(c.blocks)
        for w in re.findall(r"\w+", block_text(b))
    ]


def test_tagged_text_equals_source_text_word_for_word(any_book: Built, long_book: Built) -> None:
    from publish.validate.structure import tagged_words

    for built in (any_book, long_book):
        assert tagged_words(built.pdf) == _reading_words(built.book)


def test_structure_checks_pass_on_our_pdfs(any_book: Built, long_book: Built) -> None:
    from publish.validate.structure import check_structure

    for built in (any_book, long_book):
        assert check_structure(built.pdf) == []


def test_structure_checks_find_what_weasyprint_alone_gets_wrong(tmp_path: Path) -> None:
    """The same HTML tagged by WeasyPrint 70 itself: the checks must see the defects."""
    from publish.render.html import render_book_html
    from publish.validate.structure import check_structure
    from publish.write.resources import STYLES

    book = load_book(BOOK)
    html = render_book_html(book, dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    path = tmp_path / "plain.pdf"
    stylesheets = [str(STYLES / n) for n in ("base.css", "print.css")]
    engine_hyphens = weasyprint.CSS(string="html { hyphens: auto; hyphenate-character: '‐' }")
    weasyprint.HTML(string=html, base_url=str(BOOK) + "/").write_pdf(
        path, pdf_variant="pdf/ua-1", stylesheets=[*stylesheets, engine_hyphens]
    )
    checks = {f.check for f in check_structure(path)}
    assert {"untagged-content", "link-contents", "hyphenation"} <= checks, checks


@pytest.fixture(scope="module")
def ua2_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The test book as PDF/UA-2 (PDF 2.0), switched in book.yaml."""
    source = tmp_path_factory.mktemp("ua2") / "book"
    shutil.copytree(EVERYTHING, source)
    config = source / "book.yaml"
    config.write_text(config.read_text().replace("name: testbuch", "name: testbuch\n  pdf_ua: 2"))
    out = source.parent / "out"
    build(BuildRequest(source, out, ("pdf",)))
    return Built(load_book(source), out / "testbuch.pdf", out / "testbuch.pdf")


def test_pdf_ua2_passes_verapdf_ua2_and_the_structure_checks(ua2_book: Built) -> None:
    from publish.validate import run_verapdf
    from publish.validate.structure import check_structure

    assert ua2_book.pdf.read_bytes().startswith(b"%PDF-2.0")
    (report,) = run_verapdf([ua2_book.pdf], "ua2")
    assert report.error is None and report.failed == () and report.compliant
    assert check_structure(ua2_book.pdf) == []


def test_pdf_ua2_uses_pdf2_structure(ua2_book: Built) -> None:
    with pikepdf.open(ua2_book.pdf) as pdf:
        elements = list(walk(pdf))
        root = pdf.Root.StructTreeRoot
        namespaces = [str(ns.NS) for ns in root.Namespaces]
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "2"
        notes = [e for e in elements if e.type == "FENote"]
        assert [str(n.obj.ID) for n in notes] == ["fn-1", "fn-2"]
        assert all(str(n.obj.A.NoteType) == "/Footnote" for n in notes)
        assert namespaces == ["http://iso.org/pdf2/ssn"]
        assert not [e for e in elements if e.type == "Note"]
        entries = [e for e in elements if e.type == "TOCI"]
        assert entries and all("/Ref" in e.obj for e in entries)
    assert tagged_words_of(ua2_book) == _reading_words(ua2_book.book)


def tagged_words_of(built: Built) -> list[str]:
    from publish.validate.structure import tagged_words

    return tagged_words(built.pdf)
