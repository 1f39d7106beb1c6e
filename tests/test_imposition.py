"""The print-shop file and the booklet, derived from the reference layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import BOOK, Built

from publish.pipeline import BuildRequest, build
from publish.validate import run_verapdf
from publish.write.imposition import BLEED, booklet_order

A4_LANDSCAPE = (841.89, 595.276)
A5 = (419.528, 595.276)


def test_booklet_order_of_sixteen_pages() -> None:
    assert booklet_order(16) == [
        (16, 1),
        (2, 15),
        (14, 3),
        (4, 13),
        (12, 5),
        (6, 11),
        (10, 7),
        (8, 9),
    ]


def test_booklet_pads_to_a_multiple_of_four_with_blank_pages() -> None:
    assert booklet_order(10) == [(None, 1), (2, None), (10, 3), (4, 9), (8, 5), (6, 7)]
    assert booklet_order(1) == [(None, 1), (None, None)]


@pytest.fixture(scope="module")
def a5_book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    source = tmp_path_factory.mktemp("a5") / "book"
    shutil.copytree(BOOK, source)
    config = source / "book.yaml"
    config.write_text(
        config.read_text().replace("  page_size: A4", "  page_size: A5\n  print_marks: true")
    )
    out = source.parent / "out"
    build(BuildRequest(source, out, ("pdf",)))
    name = "koalitionsvertrag-bochum-2020"
    return {
        "reference": out / f"{name}.pdf",
        "print": out / f"{name}-print.pdf",
        "booklet": out / f"{name}-booklet.pdf",
    }


def test_booklet_puts_two_a5_pages_on_each_a4_landscape_side(a5_book: dict[str, Path]) -> None:
    with (
        pikepdf.open(a5_book["reference"]) as reference,
        pikepdf.open(a5_book["booklet"]) as booklet,
    ):
        pages = len(reference.pages)
        assert len(booklet.pages) == (pages + 3) // 4 * 4 // 2
        for side in booklet.pages:
            assert [float(v) for v in side.MediaBox[2:]] == pytest.approx(A4_LANDSCAPE, abs=0.01)
        first = pikepdf.parse_content_stream(booklet.pages[0])
        drawn = [str(i.operands[0]) for i in first if str(i.operator) == "Do"]
        assert drawn == ["/P1"]  # page 1 on the right, a blank page on the left
        placed = booklet.pages[1].Resources.XObject
        reference_first = reference.pages[1].Contents.read_bytes()
        assert placed["/P0"].read_bytes() == reference_first  # page 2 on the left, as laid out


def test_print_file_has_bleed_and_crop_marks_and_stays_pdf_ua(a5_book: dict[str, Path]) -> None:
    with pikepdf.open(a5_book["print"]) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            assert trim == pytest.approx([0, 0, *A5], abs=0.01)
            expected = [-BLEED, -BLEED, A5[0] + BLEED, A5[1] + BLEED]
            assert bleed == pytest.approx(expected, abs=0.01)
            assert media[0] < bleed[0] and media[2] > bleed[2]
    (report,) = run_verapdf([a5_book["print"]])
    assert report.compliant and report.failed == ()


def test_reference_and_print_share_one_layout(real_book: Built) -> None:
    """Without print marks, the print-shop file is the reference PDF itself."""
    print_file = real_book.pdf.with_name(real_book.pdf.stem + "-print.pdf")
    assert print_file.read_bytes() == real_book.pdf.read_bytes()


def test_colours_are_defined_for_print(real_book: Built) -> None:
    """Text, headings and rules in process colours (text in pure K), line numbers in grey."""
    spaces = set()
    with pikepdf.open(real_book.pdf) as pdf:
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                operator = str(instruction.operator)
                if operator in ("cs", "CS"):
                    spaces.add(str(instruction.operands[0]))
                elif operator in ("rg", "RG", "sc", "SC"):
                    spaces.add("RGB")
    assert spaces == {"/DeviceCMYK"}
