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
    assert report.usages == 0, report.messages


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
    chapters_ = [f"kapitel-{i:02d}" for i in range(1, 8)]
    assert spine == ["cover", "titelei", "nav", *chapters_, "zeilen"]
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
        expected += [f"{file}#{h.id}" for h in chapter.headings if h.level in (2, 3)]
    assert hrefs == [*expected, "zeilen.xhtml"]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    types = [a.get("{http://www.idpf.org/2007/ops}type") for a in landmarks.iterfind(".//x:a", NS)]
    assert types == ["cover", "titlepage", "toc", "bodymatter"]


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


# --- the printed edition's pages and lines -------------------------------------------------


def _page_list(epub_path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(epub_path) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    page_list = nav.find(".//x:nav[@epub:type='page-list']", NS)
    return [(a.text, a.get("href")) for a in page_list.iterfind(".//x:a", NS)]


def _text_after(epub_path: Path, href: str, length: int) -> str:
    """The first words after the element ``href`` points at, as a reader sees them."""
    file, anchor = href.split("#")
    with zipfile.ZipFile(epub_path) as archive:
        root = etree.fromstring(archive.read(f"EPUB/{file}"))
    (marker,) = root.xpath(f"//*[@id='{anchor}']")
    body_text = "".join(root.find("x:body", NS).itertext())
    marker.tail = "\ue000" + (marker.tail or "")  # a private-use character as sentinel
    marked = "".join(root.find("x:body", NS).itertext())
    index = marked.index("\ue000")
    assert marked.replace("\ue000", "") == body_text
    return " ".join(marked[index + 1 :].split())[:length]


def test_page_list_has_every_printed_page_in_order(any_book: Built) -> None:
    from publish.layout import LayoutMap

    layout = LayoutMap.from_json(any_book.pdf.with_suffix(".layout.json").read_text())
    entries = _page_list(any_book.epub)
    assert [label for label, _ in entries] == [str(p.number) for p in layout.pages]
    with zipfile.ZipFile(any_book.epub) as archive:
        for _, href in entries:
            file, anchor = href.split("#")
            document = etree.fromstring(archive.read(f"EPUB/{file}"))
            (marker,) = document.xpath(f"//*[@id='{anchor}']")
            assert marker.get("role") == "doc-pagebreak"
            assert marker.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"


def test_text_after_each_page_marker_is_the_top_of_that_pdf_page(any_book: Built) -> None:
    """Every body page: the words after the EPUB's marker are the first words of the
    page's first numbered line in the PDF."""
    import pdfplumber

    from publish.layout import LayoutMap

    layout = LayoutMap.from_json(any_book.pdf.with_suffix(".layout.json").read_text())
    hrefs = dict(_page_list(any_book.epub))
    with pdfplumber.open(any_book.pdf) as pdf:
        for page in layout.pages:
            if page.first_line is None:
                continue
            line = layout.lines[page.first_line - 1]
            words = " ".join(line.text.split()[:3])
            assert _text_after(any_book.epub, hrefs[str(page.number)], len(words)) == words
            top = pdf.pages[page.number - 1].extract_text()
            assert " ".join(line.text.split()[:2]) in " ".join(top.split())


def test_line_anchors_and_index(real_book: Built) -> None:
    from publish.layout import LayoutMap

    layout = LayoutMap.from_json(real_book.pdf.with_suffix(".layout.json").read_text())
    with zipfile.ZipFile(real_book.epub) as archive:
        file_of: dict[str, str] = {}
        for name in archive.namelist():
            if name.endswith(".xhtml") and "kapitel" in name:
                for anchor in etree.fromstring(archive.read(name)).xpath("//@id"):
                    file_of[str(anchor)] = name.removeprefix("EPUB/")
        index = etree.fromstring(archive.read("EPUB/zeilen.xhtml"))
    assert {f"zeile-{line.number}" for line in layout.lines} <= set(file_of)
    targets = [a.get("href").split("#")[1] for a in index.iterfind(".//x:li/x:a", NS)]
    assert all(t.startswith(("seite-", "zeile-")) for t in targets)
    fifths = [int(t.split("-")[1]) for t in targets if t.startswith("zeile-")]
    assert fifths == list(range(5, len(layout.lines) + 1, 5))
    for line in layout.lines:  # after each anchor: the line's words (a broken word whole)
        anchor = f"zeile-{line.number}"
        after = _text_after(real_book.epub, f"{file_of[anchor]}#{anchor}", 200).split()
        expected = line.text.split()
        assert after[0].endswith(expected[0]), (line, after[:3])
        assert after[1 : len(expected) - 1] == expected[1:-1], (line, after)


def test_accessibility_metadata_claims_page_navigation(real_book: Built) -> None:
    with zipfile.ZipFile(real_book.epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    features = [
        e.text for e in opf.findall(".//opf:meta[@property='schema:accessibilityFeature']", NS)
    ]
    assert {"pageNavigation", "printPageNumbers"} <= set(features)
    source = opf.findtext(".//opf:meta[@property='pageBreakSource']", namespaces=NS)
    assert source == "Bochum – Perspektiven von hier, Druckfassung A4 (Entwurf vom 29.10.2020)"
    assert opf.findtext(".//dc:source", namespaces=NS) == source


def test_cover_is_made_from_the_title_data(real_book: Built) -> None:
    import io

    from PIL import Image

    with zipfile.ZipFile(real_book.epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        page = etree.fromstring(archive.read("EPUB/cover.xhtml"))
        image = Image.open(io.BytesIO(archive.read("EPUB/images/cover.png")))
    item = opf.find(".//opf:item[@properties='cover-image']", NS)
    assert item.get("href") == "images/cover.png" and image.size == (1600, 2400)
    alt = page.find(".//x:img", NS).get("alt")
    assert alt == (
        "Titelbild: Bochum – Perspektiven von hier. Koalitionsvertrag zwischen SPD und "
        "BÜNDNIS 90/DIE GRÜNEN in der Stadt Bochum für die Kommunalwahlperiode 2020–2025. "
        "SPD und GRÜNE, Entwurf vom 29.10.2020."
    )


def test_fonts_embedded_and_certifier_only_when_book_yaml_asks(
    tmp_path: Path, test_book: Built
) -> None:
    import shutil

    from conftest import EVERYTHING

    from publish.pipeline import BuildRequest, build

    with zipfile.ZipFile(test_book.epub) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".ttf")]
        assert b"certifiedBy" not in archive.read("EPUB/content.opf")
    source = tmp_path / "book"
    shutil.copytree(EVERYTHING, source)
    config = source / "book.yaml"
    config.write_text(
        config.read_text()
        .replace("name: testbuch", "name: testbuch\n  embed_fonts_in_epub: true")
        .replace('  rights: "', '  certified_by: "Prüfstelle Beispiel"\n  rights: "')
    )
    (chapter := source / "kapitel" / "zwei.md").write_text(
        chapter.read_text() + "\n### Unterabschnitt {#unter}\n\nText.\n"
    )
    build(BuildRequest(source, tmp_path / "out", ("epub",)))
    epub_path = tmp_path / "out" / "testbuch.epub"
    with zipfile.ZipFile(epub_path) as archive:
        fonts = sorted(n for n in archive.namelist() if n.endswith(".ttf"))
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    assert len(fonts) == 7 and "EPUB/fonts/PublishSymbols-Regular.ttf" in fonts
    certifier = opf.findtext(".//opf:meta[@property='a11y:certifiedBy']", namespaces=NS)
    assert certifier == "Prüfstelle Beispiel"
    nested = nav.xpath(
        "//x:nav[@epub:type='toc']//x:ol/x:li/x:ol/x:li/x:ol/x:li/x:a", namespaces=NS
    )
    assert [a.get("href") for a in nested] == ["kapitel-02.xhtml#unter"]
    report = run_epubcheck(epub_path)
    assert (report.errors, report.warnings) == (0, 0), report.messages


def test_sub_and_superscript_in_the_chapters_and_navigation(test_book: Built) -> None:
    """<sub> and <sup> in the text, in the table of contents too; the NCX (text only)
    reads „CO2“. Unicode ₂ and ² stay as written."""
    with zipfile.ZipFile(test_book.epub) as archive:
        chapter = etree.fromstring(archive.read("EPUB/kapitel-01.xhtml"))
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        ncx = archive.read("EPUB/toc.ncx").decode("utf-8")
    (heading,) = chapter.xpath("//x:h2[@id='co2-preis']", namespaces=NS)
    assert "".join(heading.itertext()) == "Der CO2-Preis"
    assert [(e.tag.split("}")[1], e.text) for e in heading.iterfind(".//x:sub", NS)] == [
        ("sub", "2")
    ]
    scripts = [e.text for e in chapter.iterfind(".//x:sup", NS)]
    assert scripts == ["3", "2", "−3"]
    assert len(chapter.findall(".//x:sub", NS)) == 8
    assert "CO₂ und m²" in "".join(chapter.itertext())
    (entry,) = nav.xpath("//x:a[@href='kapitel-01.xhtml#co2-preis']", namespaces=NS)
    assert entry.find("x:sub", NS).text == "2"
    assert "<text>Der CO2-Preis</text>" in ncx
