"""Files derived from the one reference layout: the print-shop PDF and the booklet.

Neither is laid out again: both take the pages of the tagged reference PDF as they are, so
„S. 12, Z. 345“ is the same place in every copy.

- The **print-shop file** is the reference PDF with, when ``output.print_marks`` is set,
  a 3 mm bleed and crop marks: the page boxes grow (TrimBox = the page, BleedBox = 3 mm
  more, MediaBox room for the marks) and the marks are drawn as artifacts, so the file stays
  tagged and PDF/UA-1.
- The **booklet** puts two pages side by side on each landscape sheet side, in saddle-stitch
  order (for 16 pages: 16|1, 2|15, 14|3, …), with blank pages added to make the count a
  multiple of four: A5 pages on A4 sheets, A4 pages on A3 sheets, or A4 pages scaled onto
  A4 sheets. Print it duplex, flipping on the short edge, fold and staple. It is a print
  aid and not tagged (the reference PDF is the accessible edition).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf

from publish.write.pdfbytes import save

MM = 72 / 25.4
BLEED = 3 * MM
MARK_OFFSET = 3 * MM  # gap between the trim box and a mark
MARK_LENGTH = 8 * MM
SLUG = BLEED + MARK_OFFSET + MARK_LENGTH
SHEETS = {"A4": (841.89, 595.276), "A3": (1190.551, 841.89)}  # landscape, points


def print_shop_pdf(reference: bytes, marks: bool) -> bytes:
    """The print-shop file: the reference pages, with bleed and crop marks if asked."""
    if not marks:
        return reference
    with pikepdf.open(io.BytesIO(reference)) as pdf:
        for page in pdf.pages:
            _add_marks(pdf, page)
        return save(pdf)


def _add_marks(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
    page.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    page.BleedBox = pikepdf.Array([x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED])
    page.MediaBox = pikepdf.Array([x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG])
    lines = " ".join(_mark_lines(x0, y0, x1, y1))
    marks = f"q /Artifact <</Type /Layout>> BDC 0.25 w 0 0 0 1 K {lines} S EMC Q"
    page.contents_add(b"q", prepend=True)
    page.contents_add(b"Q\n" + marks.encode("ascii"))


def _mark_lines(x0: float, y0: float, x1: float, y1: float) -> Iterator[str]:
    """Two short strokes at each corner, outside the bleed, in line with the trim edges."""
    near, far = BLEED + MARK_OFFSET, BLEED + MARK_OFFSET + MARK_LENGTH
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            yield f"{x + sx * near:.2f} {y:.2f} m {x + sx * far:.2f} {y:.2f} l"
            yield f"{x:.2f} {y + sy * near:.2f} m {x:.2f} {y + sy * far:.2f} l"


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Sheet sides of a saddle-stitched booklet as (left, right) page numbers from 1;
    None is a blank page added to reach a multiple of four."""
    total = (pages + 3) // 4 * 4

    def number(n: int) -> int | None:
        return n if n <= pages else None

    sides = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 2 * sheet, 2 * sheet + 1
        inner_left, inner_right = 2 * sheet + 2, total - 2 * sheet - 1
        sides.append((number(outer_left), number(outer_right)))
        sides.append((number(inner_left), number(inner_right)))
    return sides


def booklet_pdf(reference: bytes, sheet: str) -> bytes:
    """Two reference pages on each side of a landscape ``sheet`` (A4 or A3), in booklet
    order, scaled to fit when the sheet is too small."""
    width, height = SHEETS[sheet]
    with pikepdf.open(io.BytesIO(reference)) as source, pikepdf.Pdf.new() as out:
        forms = [out.copy_foreign(page.as_form_xobject()) for page in source.pages]
        page_width, page_height = (float(v) for v in source.pages[0].MediaBox[2:])
        scale = min(1.0, (width / 2) / page_width, height / page_height)
        for left, right in booklet_order(len(forms)):
            side = out.add_blank_page(page_size=(width, height))
            operations = []
            for slot, number in enumerate((left, right)):
                if number is None:
                    continue
                name = f"/P{slot}"
                side.Resources.XObject = side.Resources.get("/XObject", pikepdf.Dictionary())
                side.Resources.XObject[name] = forms[number - 1]
                x = width / 2 - page_width * scale if slot == 0 else width / 2
                y = (height - page_height * scale) / 2
                operations.append(f"q {scale:.5f} 0 0 {scale:.5f} {x:.3f} {y:.3f} cm {name} Do Q")
            side.Contents = out.make_stream(" ".join(operations).encode("ascii"))
        return save(out)
