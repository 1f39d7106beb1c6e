"""Where the package's own files are (imported by light and heavy modules alike)."""

from __future__ import annotations

from pathlib import Path

#: The ``publish`` package.
PACKAGE = Path(__file__).resolve().parent
#: The look of every output: CSS and fonts (``styles/`` beside ``src/``).
STYLES = PACKAGE.parents[1] / "styles"
#: The book folder's amendment cycle (``publish amend``): the amendments and the frozen
#: editions. The book's own build never reads them.
AMENDMENT_FOLDERS = ("antraege", "ausgaben")


def read_by_the_build(path: Path, book_dir: Path) -> bool:
    """Whether the book's build may read ``path`` (a file below ``book_dir``): anything but
    the amendment cycle's folders (:data:`AMENDMENT_FOLDERS`) at the top of the book, so
    amendments and frozen editions leave the book's outputs up to date."""
    try:
        top = path.relative_to(book_dir).parts[0]
    except (ValueError, IndexError):
        return True
    return top not in AMENDMENT_FOLDERS
