"""Continuous line numbers and the layout map behind them."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from conftest import EVERYTHING, Built

from publish.layout import LayoutMap, letters
from publish.pipeline import BuildRequest, build
from publish.read.book import load_book
from publish.validate import run_verapdf

NUMBER_FONT = "PUBLSH+SourceSans3-Regular"


@pytest.fixture(scope="module")
def every_line(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, LayoutMap]:
    """The test book with a long chapter, every line numbered."""
    source = tmp_path_factory.mktemp("lines") / "book"
    shutil.copytree(EVERYTHING, source)
    text = "Die Mitglieder beraten den Entwurf des Koalitionsvertrages gründlich. " * 40
    items = "\n".join(f"- Punkt {n} mit etwas Text" for n in range(1, 60))
    (source / "kapitel" / "lang.md").write_text(
        f"# Langes Kapitel\n\n{text}\n\n{items}\n\n{text}\n", encoding="utf-8"
    )
    config = source / "book.yaml"
    config.write_text(
        config.read_text()
        .replace("  - kapitel/zwei.md", "  - kapitel/zwei.md\n  - kapitel/lang.md")
        .replace("name: testbuch", "name: testbuch\n  line_numbers: 1")
    )
    out = source.parent / "out"
    build(BuildRequest(source, out, ("pdf",)))
    layout = LayoutMap.from_json((out / "testbuch.layout.json").read_text(encoding="utf-8"))
    return Built(load_book(source), out / "testbuch.pdf", out / "testbuch.pdf"), layout


def _numbers_by_page(pdf_path: Path) -> dict[int, list[tuple[int, float, str | None]]]:
    """Page → (number, baseline from the top, marked-content tag) of each line number."""
    found: dict[int, list[tuple[int, float, str | None]]] = defaultdict(list)
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            # the page number, drawn in the same font, stands centred under the text
            digits = [
                c
                for c in page.chars
                if c["fontname"] == NUMBER_FONT
                and abs((c["x0"] + c["x1"]) / 2 - page.width / 2) > 40
            ]
            rows: dict[float, list[dict]] = defaultdict(list)
            for char in digits:
                rows[round(page.height - char["matrix"][5], 2)].append(char)
            for baseline, chars in sorted(rows.items()):
                label = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
                found[number].append((int(label), baseline, chars[0]["tag"]))
    return found


def test_numbers_are_consecutive_across_pages(every_line: tuple[Built, LayoutMap]) -> None:
    built, layout = every_line
    numbers = [n for page in sorted(_numbers_by_page(built.pdf).items()) for n, _, _ in page[1]]
    assert numbers == list(range(1, len(layout.lines) + 1))
    assert len({line.page for line in layout.lines}) >= 3


def assert_numbers_on_baselines(pdf_path: Path) -> None:
    """Each line number is an artifact on the baseline of a text line of its page."""
    with pdfplumber.open(pdf_path) as pdf:
        for number, entries in _numbers_by_page(pdf_path).items():
            page = pdf.pages[number - 1]
            text_baselines = sorted(
                page.height - c["matrix"][5]
                for c in page.chars
                if c["fontname"] != NUMBER_FONT and c["text"].strip()
            )
            for line_number, baseline, tag in entries:
                # Within 0.02 pt (the map keeps points to 3 decimals, the rows to 2): not
                # rounded to 0.1 pt on both sides, which may round 342.349 and 342.35 apart.
                nearest = min(text_baselines, key=lambda text: abs(text - baseline))
                assert abs(nearest - baseline) < 0.02, (number, line_number)
                assert tag == "Artifact"


def test_each_number_sits_on_the_baseline_of_a_text_line(
    every_line: tuple[Built, LayoutMap],
) -> None:
    assert_numbers_on_baselines(every_line[0].pdf)


def test_layout_map_locates_every_line_in_the_source(every_line: tuple[Built, LayoutMap]) -> None:
    """Each line's text is at its letter offset in its block, and the offsets of a block's
    lines add up to the block's letters: no line is missing or counted twice."""
    _, layout = every_line
    by_block: dict[str, list] = defaultdict(list)
    for line in layout.lines:
        by_block[line.block].append(line)
    for lines in by_block.values():
        expected = 0
        for line in lines:
            assert line.offset == expected
            expected += letters(line.text)
    assert all(line.text.strip() for line in layout.lines), "no number beside an empty line"
    first = [p.first_line for p in layout.pages if p.first_line is not None]
    assert first == sorted(first) and first[0] == 1


def test_only_body_text_is_numbered(every_line: tuple[Built, LayoutMap]) -> None:
    built, layout = every_line
    blocks = {line.block.split(":")[0] for line in layout.lines}
    assert blocks == {"kapitel/eins.md", "kapitel/zwei.md", "kapitel/lang.md"}
    texts = " ".join(line.text for line in layout.lines)
    assert "Inhalt" not in texts and "Testdaten" not in texts  # TOC and imprint
    assert "Der Text der Fußnote" not in texts and "2014" not in texts  # footnote, table


def test_numbered_pdf_passes_verapdf(every_line: tuple[Built, LayoutMap]) -> None:
    (report,) = run_verapdf([every_line[0].pdf])
    assert report.error is None and report.failed == () and report.compliant


def test_every_fifth_line_by_default(test_book: Built) -> None:
    numbers = [n for entries in _numbers_by_page(test_book.pdf).values() for n, _, _ in entries]
    assert numbers and all(n % 5 == 0 for n in numbers)
    assert numbers == list(range(5, 5 * len(numbers) + 1, 5))


def test_sub_and_superscript_keep_the_baseline_distance(
    every_line: tuple[Built, LayoutMap],
) -> None:
    """A line with CO₂ or 10⁻³ is as far from its neighbours as every other line of body
    text: sub and sup have no line height of their own, so the line numbers keep their
    rhythm (without `line-height: 0` the line after „CO₂ … m²“ is 17.4 pt down, not 14.7)."""
    _, layout = every_line
    pairs = [
        (line, following)
        for line, following in zip(layout.lines, layout.lines[1:], strict=False)
        if line.block == following.block and line.page == following.page
    ]
    distances = {round(b.baseline - a.baseline, 2) for a, b in pairs}
    with_scripts = [(a, b) for a, b in pairs if "realistischen CO2-Preis" in a.text]
    assert with_scripts and "10−3 mm" in with_scripts[0][1].text
    assert distances == {14.7}
