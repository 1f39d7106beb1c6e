"""The web edition (dist/html/): axe-core finds nothing, the print references match the
EPUB's, every internal link has its target, one page or one page per chapter."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EVERYTHING, Built

from publish.pipeline import BuildRequest, build
from publish.validate.axe import run_axe

ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'\shref="([^"]+)"')


def web_folder(built: Built) -> Path:
    return built.pdf.parent / "html"


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violations(any_book: Built, width: int) -> None:
    pages = sorted(web_folder(any_book).glob("*.html"))
    reports = run_axe(pages, width=width)
    assert [r.version for r in reports] == ["4.14.1"] * len(pages)
    assert all(r.passes > 20 for r in reports)  # axe-core really ran its rules
    assert [str(v) for r in reports for v in r.violations] == []


def test_axe_core_finds_a_real_violation(tmp_path: Path) -> None:
    """The harness can fail: an image without alt text and a skipped heading level."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="de"><head><title>x</title></head><body><main>'
        '<h1>a</h1><img src="x.png"></main></body></html>',
        encoding="utf-8",
    )
    [report] = run_axe([page])
    assert "image-alt" in {v.rule for v in report.violations}


def test_print_references_are_the_epubs(real_book: Built) -> None:
    html = (web_folder(real_book) / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(real_book.epub) as epub:
        chapters = [epub.read(n).decode() for n in sorted(epub.namelist()) if "/kapitel-" in n]
    epub_ids = {i for text in chapters for i in ID.findall(text)}
    web_ids = set(ID.findall(html))
    for prefix in ("seite-", "zeile-"):
        epub_refs = {i for i in epub_ids if i.startswith(prefix)}
        assert epub_refs and {i for i in web_ids if i.startswith(prefix)} == epub_refs
    assert html.count('class="pagebreak"') == len([i for i in web_ids if i.startswith("seite-")])


def test_every_internal_link_has_its_target(any_book: Built) -> None:
    folder = web_folder(any_book)
    ids = {p.name: set(ID.findall(p.read_text(encoding="utf-8"))) for p in folder.glob("*.html")}
    for name, text in ((p.name, p.read_text(encoding="utf-8")) for p in folder.glob("*.html")):
        for href in HREF.findall(text):
            if href.startswith(("http", "mailto:", "../", "style.css")):
                continue
            page, _, anchor = href.partition("#")
            page = page or name
            assert page in ids, f"{name}: {href}"
            assert not anchor or anchor in ids[page], f"{name}: {href}"


def test_one_page_per_chapter(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    config = book / "book.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("output:\n", "output:\n  web: chapters\n"),
        encoding="utf-8",
    )
    build(BuildRequest(book, tmp_path / "dist", ("pdf", "html")))
    folder = tmp_path / "dist" / "html"
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert pages == ["index.html", "kapitel-01.html", "kapitel-02.html"]
    first = (folder / "kapitel-01.html").read_text(encoding="utf-8")
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'aria-current="page"' in first
    assert '<a href="../testbuch.pdf">PDF</a>' in first
    assert "../testbuch.epub" not in first  # only what was built is offered
    assert [str(v) for r in run_axe([folder / p for p in pages]) for v in r.violations] == []


def test_page_structure(real_book: Built) -> None:
    html = (web_folder(real_book) / "index.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="de-DE">')
    body = html[html.index("<body>") :]
    assert body.index('class="skip-link" href="#text"') < body.index("<header")
    assert '<main id="text">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'role="doc-footnote"' in html and 'role="doc-backlink"' in html
    # the typography stage's quotes and no-break spaces
    assert "„Bochum\u00a0– Perspektiven von hier“" in html
    assert "\u00ad" not in html  # no soft hyphens: the browser hyphenates


def test_sub_and_superscript_on_the_web(test_book: Built) -> None:
    page = (web_folder(test_book) / "index.html").read_text(encoding="utf-8")
    assert '<a href="#co2-preis">Der CO<sub>2</sub>-Preis</a>' in page  # the contents
    assert "realistischen CO<sub>2</sub>-Preis" in page and "10<sup>−3</sup>" in page
    assert "CO₂ und m²" in page
