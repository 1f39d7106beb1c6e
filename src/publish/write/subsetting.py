"""Whether WeasyPrint subsets the book's fonts with HarfBuzz (fast) or fontTools (slow).

Asked in a layout process (:func:`fast_font_subsetting` imports WeasyPrint, which the
build's own process does not: ``publish.write.parallel``); the build's process warns.
"""

from __future__ import annotations

import warnings


class SlowFontSubsetting(UserWarning):
    """WeasyPrint cannot use HarfBuzz to subset the fonts and falls back to fontTools."""


def fast_font_subsetting() -> bool:
    """True if WeasyPrint subsets fonts with HarfBuzz (``libharfbuzz-subset0``, HarfBuzz
    4.1 or newer), which is many times faster than its fontTools fallback."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def warn_if_subsetting_is_slow(fast: bool) -> None:
    """Warn (once per process, as Python's warnings do) when the fast path is missing
    (``fast``: what :func:`fast_font_subsetting` said)."""
    if not fast:
        warnings.warn(
            "WeasyPrint subsets fonts without HarfBuzz, which makes every build slow: install "
            "libharfbuzz-subset0 (apt) or harfbuzz (brew)",
            SlowFontSubsetting,
            stacklevel=2,
        )
