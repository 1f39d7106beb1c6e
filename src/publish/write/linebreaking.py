"""Fewer hyphenated lines: a hyphenation zone for soft hyphens (WeasyPrint 70.0).

Pango treats every soft hyphen as a break opportunity, so WeasyPrint breaks a word whenever
a part of it still fits: in justified German text a third of the lines ended in a hyphen,
up to six in a row. A typesetter hyphenates only when the line would otherwise be too
loose. This adaptation of ``split_first_line`` first breaks the line as if there were no
soft hyphens (soft hyphens replaced, byte for byte, by U+034F, which joins and has no
width); if that line already fills the width up to the ``hyphenate-limit-zone`` (CSS), it
keeps that break; otherwise it lets WeasyPrint hyphenate as before. Installed only while
our PDF is laid out (:func:`hyphenation_zone_installed`); ``tests/test_typography.py``
measures the effect and fails if WeasyPrint's function changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint.layout.inline as inline_layout
from weasyprint.layout.percent import percentage

SOFT_HYPHEN = "\u00ad"
#: COMBINING GRAPHEME JOINER: two UTF-8 bytes like the soft hyphen, no break, no width.
JOINER = "\u034f"
ORIGINAL = inline_layout.split_first_line


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
    if minimum or max_width is None or SOFT_HYPHEN not in text or style["hyphens"] == "none":
        return ORIGINAL(text, style, *arguments)
    trial = ORIGINAL(text.replace(SOFT_HYPHEN, JOINER), style, *arguments)
    _, length, resume_index, width, _, _ = trial
    zone = percentage(style["hyphenate_limit_zone"], style, max_width)
    if resume_index is None or max_width - width > zone:
        return ORIGINAL(text, style, *arguments)  # fits anyway, or too loose: may hyphenate
    # Full enough without hyphenation: break the real text where the trial broke.
    return ORIGINAL(text, style, context, width + 0.01, *arguments[2:])


@contextmanager
def hyphenation_zone_installed() -> Iterator[None]:
    inline_layout.split_first_line = split_first_line
    try:
        yield
    finally:
        inline_layout.split_first_line = ORIGINAL
