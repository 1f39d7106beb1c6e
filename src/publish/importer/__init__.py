"""Importers: an existing document → a book folder that ``publish build`` accepts.

:func:`import_markdown` takes one CommonMark or Pandoc Markdown file (with its title block),
:func:`import_docx` one Word document; both write ``book.yaml`` and one Markdown file per
chapter through the same pipeline, and their :class:`ImportReport` says what was converted,
what was dropped and what to check by hand. :func:`import_source` picks one by the suffix.
"""

from pathlib import Path

from publish.errors import PublishError, display_path
from publish.importer.docx import import_docx
from publish.importer.markdown_source import import_markdown
from publish.importer.report import Count, Dropped, DroppedText, ImportReport

MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)

__all__ = [
    "Count",
    "Dropped",
    "DroppedText",
    "ImportReport",
    "import_docx",
    "import_markdown",
    "import_source",
]


def import_source(source: Path, into: Path) -> ImportReport:
    """Import ``source`` into the new or empty folder ``into``: a Markdown file (``.md``,
    ``.markdown``) or a Word document (``.docx``), told apart by the suffix."""
    suffix = source.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return import_markdown(source, into)
    if suffix in WORD_SUFFIXES:
        return import_docx(source, into)
    file = display_path(source)
    if suffix == ".doc":
        raise PublishError(
            f"{file}: old Word files (.doc) cannot be imported – open it in Word and save it "
            "as .docx"
        )
    kind = f"„{source.suffix}“ files" if suffix else "a file without a suffix"
    raise PublishError(
        f"{file}: cannot import {kind} – import a Markdown (.md, .markdown) or Word (.docx) file"
    )
