"""Importers: an existing document → a book folder that ``publish build`` accepts.

:func:`import_markdown` takes one CommonMark or Pandoc Markdown file (with its title block)
and writes ``book.yaml`` and one Markdown file per chapter; its :class:`ImportReport` says
what was converted, what was dropped and what to check by hand.
"""

from publish.importer.markdown_source import import_markdown
from publish.importer.report import Count, Dropped, DroppedText, ImportReport

__all__ = ["Count", "Dropped", "DroppedText", "ImportReport", "import_markdown"]
