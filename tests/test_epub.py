"""The EPUB 3: valid, one XHTML per chapter, navigation, metadata, reproducible zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import Built
from lxml import etree

from publish.validate import run_ace, run_epubcheck

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}


def test_epubcheck_zero_errors_zero_warnings(any_book: Built) -> None:
    report = run_epubcheck(any_book.epub)
    problems = [m for m in report.messages if m.severity in ("FATAL", "ERROR", "WARNING")]
    assert (report.fatals, report.errors, report.warnings) == (0, 0, 0), problems


def test_package_layout_and_metadata(real_book: Built) -> None:
    with zipfile.ZipFile(real_book.epub) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        names = archive.namelist()
    meta = real_book.book.metadata
    assert opf.findtext(".//dc:identifier", namespaces=NS) == meta.identifier
    assert opf.findtext(".//dc:language", namespaces=NS) == "de-DE"
    assert opf.findtext(".//dc:title", namespaces=NS) == meta.title
    chapters = [n for n in names if n.startswith("EPUB/kapitel-")]
    assert len(chapters) == len(real_book.book.chapters)
    spine = [i.get("idref") for i in opf.findall(".//opf:spine/opf:itemref", NS)]
    assert spine[:2] == ["titelei", "nav"] and len(spine) == 2 + len(chapters)
    modified = opf.findtext(".//opf:meta[@property='dcterms:modified']", namespaces=NS)
    assert modified == "2020-10-29T00:00:00Z"


def test_navigation_lists_every_chapter_and_section(real_book: Built) -> None:
    with zipfile.ZipFile(real_book.epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    hrefs = [a.get("href") for a in toc.iterfind(".//x:a", NS)]
    expected = []
    for index, chapter in enumerate(real_book.book.chapters):
        file = f"kapitel-{index + 1:02d}.xhtml"
        expected.append(file)
        expected += [f"{file}#{h.id}" for h in chapter.headings if h.level == 2]
    assert hrefs == expected
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    types = [a.get("{http://www.idpf.org/2007/ops}type") for a in landmarks.iterfind(".//x:a", NS)]
    assert types == ["titlepage", "toc", "bodymatter"]


def test_chapters_are_german_and_footnotes_link_both_ways(test_book: Built) -> None:
    with zipfile.ZipFile(test_book.epub) as archive:
        chapter = etree.fromstring(archive.read("EPUB/kapitel-01.xhtml"))
    assert chapter.get("lang") == "de"
    assert chapter.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    ref = chapter.find(".//x:a[@role='doc-noteref']", NS)
    note = chapter.find(".//x:aside[@role='doc-footnote']", NS)
    assert ref.get("href") == "#" + note.get("id")
    assert note.find(".//x:a[@role='doc-backlink']", NS).get("href") == "#" + ref.get("id")
    span = chapter.find(".//x:span[@lang='en']", NS)
    assert span.text == "climate justice"


def test_daisy_ace_finds_no_violations(any_book: Built, tmp_path: Path) -> None:
    report = run_ace(any_book.epub, tmp_path / "ace")
    assert report.violations == (), report.violations
    assert report.outcome == "pass"
    assert report.metadata["schema:accessibilityHazard"] == "none"
    assert report.metadata["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
