"""Lines of text drawn into the PDF faster, byte for byte as WeasyPrint 70.0 draws them.

WeasyPrint's ``draw_first_line`` turns a line's glyphs, as Pango shaped them, into the
content stream's ``TJ`` arrays: per glyph, its id, the difference between the font's advance
and Pango's (kerning, justification) and any offset. It reads each glyph's fields one by one
through cffi and works the numbers out every time, for every glyph of the book: a tenth of
the layout processes' time on the 2018 agreement.

:func:`draw_first_line` makes the same arrays from the same glyphs, reading a run's glyphs in
one piece (``PangoGlyphInfo``: glyph, width, x and y offset, attributes) and keeping the text
of each glyph as drawn at a given size (font, size, glyph, width, offset: most of a book's
glyphs are the same few letters at the same few widths). It draws what body text has: fonts
with outlines, glyphs without vertical offsets. A line with anything else (a bitmap or
colour font, an emoji, a glyph no font has, raised glyphs, an ellipsis) is drawn by
WeasyPrint's own function. Installed while our PDF is written (:func:`glyphs_installed`);
``tests/test_glyphs.py`` compares both on every line of the test books and the corpus, and
pins the structures read here.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint.draw.text as draw_text
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

ORIGINAL_DRAW_FIRST_LINE = draw_text.draw_first_line

#: ``PangoGlyphInfo``: glyph (guint32), geometry (width, x_offset, y_offset: gint32), and the
#: visual attributes (a guint bit field).
GLYPH = struct.Struct("=IiiiI")
EMPTY = 0x0FFFFFFF  # PANGO_GLYPH_EMPTY
UNKNOWN = 0x10000000  # PANGO_GLYPH_UNKNOWN_FLAG
#: Pango from which a run's font size is the font's own (WeasyPrint's workaround before).
PANGO_FONT_SIZE = 14802

#: Each glyph's text in a ``TJ`` array, for a font at a size: (font, size) → the glyph as
#: read (glyph, width, x and y offset, attributes) → text. Kept while one PDF is written
#: (fonts belong to their document); only glyphs this module draws are in it.
_Pieces = dict[tuple[int, int, int, int, int], str]


def draw_first_line(
    stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
) -> Any:
    """WeasyPrint's ``draw_first_line``: ``textbox``'s line into ``stream``; the emojis to
    draw after it (none: a line with any is drawn by WeasyPrint's function)."""
    if text_overflow == "ellipsis" or block_ellipsis != "none":
        return ORIGINAL_DRAW_FIRST_LINE(stream, textbox, text_overflow, block_ellipsis, matrix)
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return []
    layout = textbox.pango_layout
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    line, _ = layout.get_first_line()
    operations = _operations(stream, layout, line, textbox.style["font_size"])
    if operations is None:
        return ORIGINAL_DRAW_FIRST_LINE(stream, textbox, text_overflow, block_ellipsis, matrix)
    stream.set_text_matrix(*matrix.values)
    for operation in operations:
        if isinstance(operation, str):
            stream.show_text(operation)
        else:
            stream.set_font_size(*operation)
    return []


def _operations(
    stream: Any, layout: Any, line: Any, style_size: float
) -> list[str | tuple[str, float]] | None:
    """What WeasyPrint writes for the line after its text matrix: each font as it changes
    (font, size) and each ``TJ`` array (text); None if the line has what only WeasyPrint's
    function draws. Nothing is written to the stream here: what a line left to WeasyPrint
    added to its fonts (the fonts, glyph widths and texts), WeasyPrint adds alike."""
    operations: list[str | tuple[str, float]] = []
    string = ""
    previous = None
    utf8 = None
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        item = glyph_item.item
        if item.analysis.level % 2:  # right to left
            return None
        pango_font = item.analysis.font
        if pango_font != previous:  # as WeasyPrint: what the last font drew is shown
            previous = pango_font
            font, font_size = stream.add_font(pango_font)
            if font.bitmap or font.png or font.svg or font.colr:
                return None
            if pango.pango_version() < PANGO_FONT_SIZE:
                font_size = style_size
            if string:
                operations.append(string)
            string = ""
            operations.append((font.hash, font_size))
            pieces = _pieces(font, font_size)
            widths, to_unicode = font.widths, font.to_unicode
        glyphs = glyph_item.glyphs
        last = glyphs.num_glyphs - 1
        parts = ["<"]
        data = ffi.buffer(glyphs.glyphs, glyphs.num_glyphs * GLYPH.size)
        for index, read in enumerate(GLYPH.iter_unpack(data)):
            piece = pieces.get(read)
            if piece is None:
                glyph, width, x_offset, y_offset, _ = read
                if glyph == EMPTY:
                    piece = f">{-width / font_size}<"
                elif glyph & UNKNOWN or y_offset:  # a glyph no font has, a raised one
                    return None
                else:
                    if glyph not in to_unicode:
                        start = glyphs.log_clusters[index]
                        end = item.length if index == last else glyphs.log_clusters[index + 1]
                        utf8 = utf8 or layout.text.encode()
                        to_unicode[glyph] = utf8[item.offset + start : item.offset + end].decode()
                    offset = x_offset / font_size
                    piece = f">{-offset}<" if offset else ""
                    piece += f"{glyph:04x}"
                    logical_width = widths.get(glyph)
                    if logical_width is None:
                        pango.pango_font_get_glyph_extents(
                            pango_font, glyph, stream.ink_rect, stream.logical_rect
                        )
                        logical_width = widths[glyph] = round(
                            stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                        )
                    kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
                    if kerning:
                        piece += f">{int(kerning)}<"
                pieces[read] = piece
            parts.append(piece)
        string += "".join(parts)
        string = string[:-1] if string[-1] == "<" else string + ">"
    operations.append(string)
    return operations


def _pieces(font: Any, font_size: float) -> _Pieces:
    cache: dict[float, _Pieces] = font.__dict__.setdefault("_publish_pieces", {})
    return cache.setdefault(font_size, {})


@contextmanager
def glyphs_installed() -> Iterator[None]:
    """WeasyPrint draws lines with :func:`draw_first_line` while the block runs (and with
    what was there before it afterwards: blocks nest)."""
    before = draw_text.draw_first_line
    draw_text.draw_first_line = draw_first_line
    try:
        yield
    finally:
        draw_text.draw_first_line = before
