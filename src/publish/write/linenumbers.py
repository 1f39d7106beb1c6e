"""Continuous line numbers in the margin, drawn into the finished PDF as artifacts.

WeasyPrint has no line numbering. The layout map (``publish.layout``) knows the baseline
of every numbered line; this module draws the numbers there with pikepdf: right-aligned a
little left of the text column, in a small grey face, each page's numbers inside one
``/Artifact`` marked-content sequence so screen readers skip them. The digits come from a
subset of Source Sans 3 (styles/fonts) embedded as a simple TrueType font, as PDF/UA wants
every font embedded.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont

from publish.layout import LayoutMap
from publish.write.pdfbytes import save

#: The font of the page and line numbers, in the styles folder.
LINE_NUMBER_FONT = "fonts/SourceSans3-Regular.ttf"

DIGITS = "0123456789"
FONT_NAME = "PUBLSH+SourceSans3-Regular"
FONT_RESOURCE = "/PublishLineNo"
#: Distance between the numbers' right edge and the text column (points).
GAP = 12.0
SIZE = 7.0
GREY = 0.45
#: OpenType layout tables: digits set one by one need none of them.
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "STAT")


@dataclass(frozen=True)
class DigitFont:
    """The embedded digits: the font file and each digit's advance width (1/1000 em)."""

    data: bytes
    widths: tuple[int, ...]
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]


@cache
def digit_font(path: Path) -> DigitFont:
    """A subset of the font at ``path`` with the digits only (made once per process)."""
    font = TTFont(path, recalcTimestamp=False)  # the same bytes in every build
    for tag in LAYOUT_TABLES:  # unused for digits; reading them took a second per build
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=DIGITS)
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = tuple(round(font["hmtx"][cmap[ord(d)]][0] * scale) for d in DIGITS)
    head, os2 = font["head"], font["OS/2"]
    bbox = tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    out = io.BytesIO()
    font.save(out)
    return DigitFont(
        out.getvalue(),
        widths,
        round(os2.sTypoAscender * scale),
        round(os2.sTypoDescender * scale),
        round(getattr(os2, "sCapHeight", 700) * scale),
        (bbox[0], bbox[1], bbox[2], bbox[3]),
    )


def _font_dictionary(pdf: pikepdf.Pdf, font: DigitFont) -> pikepdf.Dictionary:
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/" + FONT_NAME),
        Flags=32,
        FontBBox=pikepdf.Array(font.bbox),
        ItalicAngle=0,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=80,
        FontFile2=pikepdf.Stream(pdf, font.data),
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/" + FONT_NAME),
            FirstChar=48,
            LastChar=57,
            Widths=pikepdf.Array(font.widths),
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
            ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode())),
        )
    )


def _to_unicode() -> bytes:
    ranges = "\n".join(f"<{48 + i:02X}> <{48 + i:04X}>" for i in range(10))
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"10 beginbfchar\n{ranges}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")


def page_operations(layout: LayoutMap, page: int, step: int, font: DigitFont) -> bytes:
    """The content-stream operators that draw the numbers of one page (empty if none)."""
    shown = [line for line in layout.lines_on(page) if line.number % step == 0]
    if not shown:
        return b""
    operations = [f"/Artifact <</Type /Pagination>> BDC q {GREY} g BT {FONT_RESOURCE} {SIZE} Tf"]
    for line in shown:
        label = str(line.number)
        width = sum(font.widths[int(d)] for d in label) * SIZE / 1000
        x = layout.pages[page - 1].text_left - GAP - width
        y = layout.page_height - line.baseline
        operations.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm ({label}) Tj")
    operations.append("ET Q EMC")
    return "\n".join(operations).encode("ascii")


@dataclass(frozen=True)
class PageNumber:
    """A page number to draw: its text, the centre of its line and its baseline (points
    from the top-left corner of the page), its size (points) and the content-stream
    operators that set its colour."""

    label: str
    centre: float
    baseline: float
    size: float
    colour: str


def page_number_operations(number: PageNumber, page_height: float, font: DigitFont) -> bytes:
    """The operators that draw one page number, centred, as an artifact (pagination)."""
    width = sum(font.widths[int(d)] for d in number.label) * number.size / 1000
    x, y = number.centre - width / 2, page_height - number.baseline
    return (
        f"/Artifact <</Type /Pagination>> BDC q {number.colour} BT "
        f"{FONT_RESOURCE} {number.size:g} Tf 1 0 0 1 {x:.3f} {y:.3f} Tm ({number.label}) Tj "
        "ET Q EMC"
    ).encode("ascii")


def draw_line_numbers(pdf_bytes: bytes, layout: LayoutMap, step: int, font_file: Path) -> bytes:
    """The PDF with line numbers added (every ``step``-th line; 0 means none)."""
    if step == 0 or not layout.lines:
        return pdf_bytes
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        add_numbers(pdf, layout, step, font_file)
        return save(pdf)


def add_numbers(
    pdf: pikepdf.Pdf,
    layout: LayoutMap,
    step: int,
    font_file: Path,
    page_numbers: Sequence[PageNumber | None] = (),
) -> None:
    """Draw line numbers (every ``step``-th line; 0: none) and ``page_numbers`` (one entry
    per page, None for an unnumbered page) into ``pdf``, after each page's content."""
    font = digit_font(font_file)
    font_object = _font_dictionary(pdf, font)
    for number, page in enumerate(pdf.pages, start=1):
        operations = page_operations(layout, number, step, font) if step else b""
        if number <= len(page_numbers) and (page_number := page_numbers[number - 1]):
            operations += b"\n" + page_number_operations(page_number, layout.page_height, font)
        if not operations:
            continue
        page.contents_add(b"q", prepend=True)
        page.contents_add(b"Q\n" + operations)
        if "/Font" not in page.Resources:
            page.Resources.Font = pikepdf.Dictionary()
        page.Resources.Font[FONT_RESOURCE] = font_object
