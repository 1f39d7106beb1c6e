"""Words longer than a line (a long address, an identifier, a number, a compound without a
hyphenation point) in a paragraph, a list item and a table cell: the print breaks them
inside the text area, the EPUB and the web edition fit a phone's screen, and every check
of ``publish check`` still passes."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import EVERYTHING
from playwright.sync_api import sync_playwright

from publish import model as m
from publish.check import check_book
from publish.layout import LayoutMap
from publish.pipeline import BuildRequest, build
from publish.render.html import has_long_words
from publish.validate.ace import CHROMIUM, CHROMIUM_FLAGS

ADDRESS = (
    "https://www.bochum.de/Stadtplanung/Bebauungsplan_Nr_1234_Ostpark_Feldmark_Entwurf_2020_"
    "Begruendung_der_Stadt_Bochum_mit_Anlagen_und_Karten.pdf"
)
IDENTIFIER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"
COMPOUND = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
#: One word to a browser (no break after a slash), two to Pango (from the 2018 agreement,
#: whose table ran 10 px past a phone's screen in the EPUB).
SLASHED = "Ganztagsschule/Ganztagsbetreuung"
LONG_WORDS = f"""

Die Begründung steht unter {ADDRESS} und gilt ab sofort.

- Kennung: {IDENTIFIER}
- Wort: {COMPOUND}_und_{COMPOUND}

| Spalte | Adresse |
|---|---|
| a | {ADDRESS} |
| b | Programm {SLASHED} |
"""
#: A phone held upright, in CSS pixels.
PHONE = 375
#: How many lines the table's header „Spalte“ takes in the browser.
SPALTE_LINES = """() => {
  const cell = [...document.querySelectorAll("th")].find(th => th.textContent === "Spalte");
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("long-words")
    source = root / "book"
    shutil.copytree(EVERYTHING, source)
    chapter = source / "kapitel" / "eins.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + LONG_WORDS, encoding="utf-8")
    build(BuildRequest(source, root / "dist"))
    return source, root / "dist"


def test_the_print_breaks_them_inside_the_text_area(built: tuple[Path, Path]) -> None:
    _, dist = built
    [pdf] = [p for p in dist.glob("*.pdf") if not p.stem.endswith(("-print", "-booklet"))]
    with pdfplumber.open(pdf) as document:
        words = [(page.page_number, w) for page in document.pages for w in page.extract_words()]
        # The right edge of the text area: where the justified lines of short words end.
        right = max(w["x1"] for _, w in words if len(w["text"]) < 20)
        assert right < document.pages[0].width - 50
        assert [(n, w["text"]) for n, w in words if w["x1"] > right + 0.5] == []
        # The column beside the address keeps its words whole.
        assert "Spalte" in {w["text"] for _, w in words}
    layout = LayoutMap.from_json(pdf.with_suffix(".layout.json").read_text(encoding="utf-8"))
    lines = "".join(line.text for line in layout.lines)
    for word in (ADDRESS, IDENTIFIER, COMPOUND):
        assert not any(word in line.text for line in layout.lines)  # broken,
        assert word in lines  # and every letter still there, in its order


def test_publish_check_passes_every_check(built: tuple[Path, Path]) -> None:
    source, dist = built
    results = check_book(source, dist)
    assert {r.checker for r in results} >= {"veraPDF PDF/UA-1", "EPUBCheck", "DAISY Ace"}
    assert [(r.checker, r.problems, r.warnings) for r in results if not r.passes(True)] == []


def test_the_epub_and_the_web_edition_fit_a_phone(built: tuple[Path, Path]) -> None:
    _, dist = built
    [epub] = dist.glob("*.epub")
    unpacked = dist / "epub-unpacked"
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(unpacked)
    pages = sorted(unpacked.rglob("*.xhtml")) + sorted((dist / "html").glob("*.html"))
    widths = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
        )
        page = browser.new_page(viewport={"width": PHONE, "height": 800})
        for path in pages:
            page.goto(path.as_uri())
            widths[path.name] = page.evaluate("document.scrollingElement.scrollWidth")
            if "kapitel-01" in path.name or path.name == "index.html":
                assert COMPOUND[:40] in page.inner_text("body")
                # The column beside the address keeps its word on one line.
                lines = page.evaluate(SPALTE_LINES)
                assert lines == 1, (path.name, lines)
        browser.close()
    assert {"kapitel-01.xhtml", "index.html"} <= set(widths)
    assert {name: w for name, w in widths.items() if w > PHONE} == {}


@pytest.mark.parametrize(
    ("text", "in_print", "on_screen"),
    [
        (ADDRESS, True, True),
        (IDENTIFIER, True, True),
        (
            "Kreis\u00admit\u00adglie\u00adder\u00adver\u00adsamm\u00adlungs\u00adbe\u00adschluss",
            False,
            False,
        ),
        ("Landes-Klimaschutz-Förderprogramm-Kommunalrichtlinie-2025", False, False),
        ("https://www.bochum.de/Stadtplanung/Bebauungsplaene/Nr-1234/Entwurf.pdf", False, True),
        (SLASHED, False, True),
        ("a" * 30, False, False),
        ("a" * 31, True, True),
    ],
)
def test_a_cell_with_a_word_too_long_to_break_is_marked(
    text: str, in_print: bool, on_screen: bool
) -> None:
    """Only words with no soft hyphen, hyphen, dash (in print also: slash) for more than
    30 characters let their column be narrower than they are."""
    cell = m.TableCell((m.Text(f"Siehe {text} dort"),))
    assert has_long_words(cell, "pdf") is in_print
    assert has_long_words(cell, "epub") is on_screen
    assert has_long_words(cell, "web") is on_screen
