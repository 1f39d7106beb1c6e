"""Fewer hyphenated lines: a hyphenation zone for soft hyphens (WeasyPrint 70.0).

Pango treats every soft hyphen as a break opportunity, so WeasyPrint breaks a word whenever
a part of it still fits: in justified German text a third of the lines ended in a hyphen,
up to six in a row. A typesetter hyphenates only when the line would otherwise be too
loose. This adaptation of ``split_first_line`` first breaks the line as if there were no
soft hyphens (soft hyphens replaced, byte for byte, by U+034F, which joins and has no
width); if that line already fills the width up to the ``hyphenate-limit-zone`` (CSS), it
keeps that break; otherwise it lets WeasyPrint hyphenate as before. After three hyphenated
lines in a row (:data:`HYPHENATED_LINES`, counted by a wrapper of ``iter_line_boxes``) the
zone doubles: a slightly looser line is the lesser evil. Installed only while our PDF is
laid out (:func:`hyphenation_zone_installed`); ``tests/test_typography.py`` measures the
effect and fails if WeasyPrint's functions change.

The line kept from the trial is made from one Pango layout of its text
(:func:`_line_without_hyphen`), as WeasyPrint's ``first_line_metrics`` makes it at the end
of ``split_first_line``. Asking WeasyPrint to break the real text again at the trial's width
would give the same line, but costs three layouts and a try of every soft hyphen up to the
end of the next line, each one failing: with that, the zone cost a third of the book's
layout time; now it costs nothing measurable. ``tests/test_typography.py`` compares both
ways on the lines of a generated book.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import weasyprint.layout.block as block_layout
import weasyprint.layout.inline as inline_layout
from weasyprint.layout.percent import percentage
from weasyprint.text.ffi import FROM_UNITS, pango
from weasyprint.text.line_break import create_layout, line_size

from publish.layout import added_hyphen, last_text_box

SOFT_HYPHEN = "\u00ad"
#: COMBINING GRAPHEME JOINER: two UTF-8 bytes like the soft hyphen, no break, no width.
JOINER = "\u034f"
ORIGINAL = inline_layout.split_first_line
ORIGINAL_LINES = block_layout.iter_line_boxes
#: At most this many lines in a row end in a hyphen (the typesetter's rule of thumb: three),
#: unless the next line would be left more than twice the hyphenation zone empty.
HYPHENATED_LINES = 3


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> Any:
    """WeasyPrint's ``split_first_line`` with a hyphenation zone for soft hyphens."""
    arguments = (context, max_width, justification_spacing, is_line_start, minimum)
    if minimum or max_width is None or SOFT_HYPHEN not in text or style["hyphens"] != "manual":
        return ORIGINAL(text, style, *arguments)
    trial = ORIGINAL(text.replace(SOFT_HYPHEN, JOINER), style, *arguments)
    _, length, resume_index, width, _, _ = trial
    zone = percentage(style["hyphenate_limit_zone"], style, max_width)
    if _PARAGRAPH and _PARAGRAPH[-1].hyphenated >= HYPHENATED_LINES:
        zone *= 2  # enough hyphens in a row: a looser line is the lesser evil
    if resume_index is not None and max_width - width <= zone:
        # Full enough without hyphenation: the real text, broken where the trial broke
        # (kept if its own width, a hair different, is in the zone too).
        line = _line_without_hyphen(text, length, resume_index, style, context, width, arguments)
        if 0 <= max_width - line[3] <= zone:
            return line
    return ORIGINAL(text, style, *arguments)  # fits anyway, or too loose: may hyphenate


def _line_without_hyphen(
    text: str,
    length: int,
    resume_index: int,
    style: Any,
    context: Any,
    width: float,
    arguments: tuple[Any, ...],
) -> Any:
    """What ``ORIGINAL(text, style, context, width + 0.01, …)`` returns when ``text``
    breaks after its first ``length`` bytes (trailing spaces dropped) and goes on at
    ``resume_index``: the layout of the line's text alone (no width, as
    ``first_line_metrics`` lays it out), its length, resume index, width, height and
    baseline."""
    justification_spacing = arguments[2]
    line_text = text.encode()[:length].decode()
    layout = create_layout(line_text, style, context, None, justification_spacing)
    layout.max_width = width + 0.01
    line, _ = layout.get_first_line()
    line_length = line.length
    line_width, height = line_size(line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    layout.deactivate()  # frees the line
    return layout, line_length, resume_index, line_width, height, baseline


@dataclass
class _Paragraph:
    """The lines of a paragraph laid out so far: how many in a row end in a hyphen."""

    hyphenated: int = 0


#: The paragraphs whose lines are being laid out, innermost last (an inline block lays out
#: its own paragraph while its line waits).
_PARAGRAPH: list[_Paragraph] = []


def iter_line_boxes(*args: Any) -> Iterator[tuple[Any, Any]]:
    """WeasyPrint's ``iter_line_boxes``, counting the hyphenated lines in a row for
    :func:`split_first_line`."""
    paragraph = _Paragraph()
    lines = ORIGINAL_LINES(*args)
    try:
        while True:
            _PARAGRAPH.append(paragraph)
            try:
                line, resume_at = next(lines)
            except StopIteration:
                return
            finally:
                _PARAGRAPH.pop()
            ends = added_hyphen(last_text_box(line))
            paragraph.hyphenated = paragraph.hyphenated + 1 if ends else 0
            yield line, resume_at
    finally:
        lines.close()


@contextmanager
def hyphenation_zone_installed() -> Iterator[None]:
    inline_layout.split_first_line = split_first_line
    block_layout.iter_line_boxes = iter_line_boxes
    try:
        yield
    finally:
        inline_layout.split_first_line = ORIGINAL
        block_layout.iter_line_boxes = ORIGINAL_LINES
