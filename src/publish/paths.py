"""Where the package's own files are (imported by light and heavy modules alike)."""

from __future__ import annotations

from pathlib import Path

#: The ``publish`` package.
PACKAGE = Path(__file__).resolve().parent
#: The look of every output: CSS and fonts (``styles/`` beside ``src/``).
STYLES = PACKAGE.parents[1] / "styles"
