"""Measuring text as WeasyPrint draws it, with as few Pango layouts as possible.

A text box is shaped once, whole (:func:`advances`): the advance of each glyph gives the
position before every character, so the width of any stretch of the text, kerning included,
without shaping it again. Where a line ends, the last letter loses its kerning against the
next one, and a hyphen may be added after it: :class:`Font` keeps the width of letters and
of „letter, soft hyphen, hyphen“ alone, and the height and baseline of a line in its style,
measured once per style and font configuration (and kept on the font configuration, so they
go with it). ``tests/test_linebreaking.py`` checks every such width against a layout of the
piece itself.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from weasyprint.text import fonts as weasyprint_fonts
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import Layout, create_layout, line_size

SOFT_HYPHEN = "\u00ad"
#: What decides how text is shaped and measured.
FONT_KEYS = (
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_size",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_caps",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
    "font_variation_settings",
    "font_language_override",
    "font_kerning",
    "lang",
    "letter_spacing",
    "word_spacing",
    "overflow_wrap",
    "hyphenate_character",
    "text_decoration_line",
)
#: Where the fonts' measurements are kept on WeasyPrint's font configuration.
CACHE = "publish_fonts"
#: Where Pango font descriptions are kept on it.
DESCRIPTIONS = "publish_font_descriptions"
ORIGINAL_FONT_DESCRIPTION = weasyprint_fonts.get_font_description


class Font:
    """The measurements of one style (see :data:`FONT_KEYS`)."""

    def __init__(self, style: Any) -> None:
        self.style = style
        self.letter_spacing = (
            0.0 if style["letter_spacing"] == "normal" else style["letter_spacing"]
        )
        #: A layout kept for measuring: Layout.set_text adds no attributes in this style.
        self.reusable = not (
            self.letter_spacing or style["word_spacing"] or style["overflow_wrap"] != "normal"
        )
        self._layout: Any = None
        self.characters: dict[str, float] = {}
        self.hyphens: dict[str, float] = {}
        #: Height and baseline of a line in this style (set by the first line made).
        self.metrics: tuple[float, float] | None = None
        self._space: float | None = None

    @property
    def space(self) -> float:
        """The width of a space: the unit in which spaces stretch and shrink."""
        if self._space is None:
            self._space = advances(self, "x x")[0][2] - advances(self, "x")[0][1]
        return self._space

    def layout(self, text: str) -> Any:
        """A Pango layout of ``text`` without a width, as WeasyPrint makes it."""
        if not self.reusable:
            return create_layout(text, self.style, None, None, 0)
        if self._layout is None:
            self._layout = create_layout(text, self.style, None, None, 0)
        else:
            self._layout.set_text(text)
        return self._layout

    def done(self, layout: Any) -> None:
        if layout is not self._layout:
            layout.deactivate()

    def width(self, text: str) -> float:
        """The width of ``text`` laid out alone."""
        if not text:
            return 0.0
        layout = self.layout(text)
        line, _ = layout.get_first_line()
        width, _ = line_size(line, self.style)
        self.done(layout)
        return float(width)

    def character(self, char: str) -> float:
        if char not in self.characters:
            self.characters[char] = self.width(char)
        return self.characters[char]

    def hyphenated(self, previous: str) -> float:
        """The width of ``previous``, a soft hyphen and the hyphenate character."""
        if previous not in self.hyphens:
            hyphen = str(self.style["hyphenate_character"])
            self.hyphens[previous] = self.width(previous + SOFT_HYPHEN + hyphen)
        return self.hyphens[previous]


def font_for(style: Any) -> Font:
    """The measurements of ``style``, kept on its font configuration."""
    fonts: dict[tuple[str, ...], Font] = style.font_config.__dict__.setdefault(CACHE, {})
    key = tuple(repr(style[name]) for name in FONT_KEYS)
    font = fonts.get(key)
    if font is None:
        font = fonts[key] = Font(style)
    return font


def advances(font: Font, text: str) -> tuple[list[float], bool]:
    """The position before each character of ``text`` (and its end) when it is laid out
    whole in ``font``'s style, and whether it is drawn in a single font (no fallback)."""
    if not text:
        return [0.0], True
    layout = font.layout(text)
    line, _ = layout.get_first_line()
    size = len(text.encode())
    cluster_width = [0] * (size + 1)  # Pango units, at the first byte of each cluster
    faces = set()
    run = line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        faces.add(int(ffi.cast("uintptr_t", glyph_item.item.analysis.font)))
        item_offset = glyph_item.item.offset
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        clusters = ffi.unpack(glyphs.log_clusters, count)
        # PangoGlyphInfo: glyph, width, x offset, y offset, attributes (5 × 4 bytes).
        widths = memoryview(ffi.buffer(glyphs.glyphs, 20 * count)).cast("i")[1::5]
        for cluster, width in zip(clusters, widths, strict=True):
            cluster_width[item_offset + cluster] += width
    font.done(layout)
    before = [0, *accumulate(cluster_width)]  # before[b]: the width of bytes < b
    if size == len(text):
        return [units * FROM_UNITS for units in before[: size + 1]], len(faces) <= 1
    return [before[offset] * FROM_UNITS for offset in offsets(text)], len(faces) <= 1


def offsets(text: str) -> list[int]:
    """The UTF-8 offset of each character of ``text``, and of its end."""
    sizes = [1 if c < "\x80" else 2 if c < "\u0800" else 3 if c < "\U00010000" else 4 for c in text]
    return [0, *accumulate(sizes)]


def line_piece(
    text: str, style: Any, justification_spacing: float
) -> tuple[Any, int, float, float, float]:
    """A line's piece of a text box as WeasyPrint's ``split_first_line`` makes it: its
    (deactivated) layout, length in bytes, width, height and baseline."""
    layout = create_layout(text, style, None, None, justification_spacing)
    first_line, _ = layout.get_first_line()
    width, height = line_size(first_line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    length = first_line.length
    layout.deactivate()
    return layout, length, width, height, baseline


def known_piece(text: str, justification_spacing: float) -> Any:
    """A deactivated layout of ``text`` without shaping it, for a piece whose width,
    height and baseline are known: WeasyPrint reads only these attributes of it until it
    draws the text (``reactivate`` makes the Pango layout then)."""
    layout = Layout.__new__(Layout)
    layout.justification_spacing = justification_spacing
    layout.max_width = None
    layout.first_line_direction = 0
    layout.ascent = layout.underline_position = layout.strikethrough_position = None
    layout.text = text
    return layout


def font_description(style: Any) -> Any:
    """WeasyPrint's ``get_font_description``, made once per font and kept on the font
    configuration: every Pango layout asks for one (to measure, to draw), and Pango copies
    it into the layout, so one description serves them all."""
    descriptions = style.font_config.__dict__.setdefault(DESCRIPTIONS, {})
    key = (
        tuple(style["font_family"]),
        style["font_style"],
        style["font_stretch"],
        style["font_weight"],
        style["font_size"],
        style["font_variant_caps"],
        repr(style["font_variation_settings"]),
    )
    description = descriptions.get(key)
    if description is None:
        description = descriptions[key] = ORIGINAL_FONT_DESCRIPTION(style)
    return description
