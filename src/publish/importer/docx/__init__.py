"""Importing one Word document (.docx) as a book folder.

check the zip (:mod:`.archive`) → open the parts, each optional but the main document
(:mod:`.package`) → read the main text into Markdown lines of the book's dialect
(:mod:`.reader`, with :mod:`.styles`, :mod:`.numbering`, :mod:`.blocks`, :mod:`.tables`,
:mod:`.runs`, :mod:`.fields`, :mod:`.pictures`, :mod:`.notes`, :mod:`.altchunk`,
:mod:`.title`) → :func:`~publish.importer.markdown_source.import_text`, the same pipeline the
Markdown importer ends in (chapters, footnotes, images, links, ``book.yaml``, the report,
writing the folder).

The parts read are those of ECMA-376 Part 1, WordprocessingML: ``word/document.xml`` (§17.2–
17.4: paragraphs, runs, tables), ``styles.xml`` (§17.7), ``numbering.xml`` (§17.9),
``footnotes.xml`` and ``endnotes.xml`` (§17.11), ``comments.xml`` (§17.13.4), embedded
documents (§17.17.2), the pictures (DrawingML, Part 1 §20.4) and ``docProps/core.xml``
(Part 2, §11). What cannot be carried over is left out or kept as text, with a note in the
report that names the paragraph; damaged files are refused with a message, never a
traceback.
"""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError, display_path
from publish.importer.docx.archive import MAX_ENTRIES, OLE_MAGIC, check_archive, read_file
from publish.importer.docx.package import open_package
from publish.importer.docx.pictures import PLACEHOLDER_ALT
from publish.importer.docx.reader import DocxReader
from publish.importer.markdown_source import SourceText, check_target, import_text
from publish.importer.report import Findings, ImportReport

__all__ = [
    "MAX_ENTRIES",
    "OLE_MAGIC",
    "PLACEHOLDER_ALT",
    "DocxReader",
    "check_archive",
    "import_docx",
]


def import_docx(source: Path, into: Path) -> ImportReport:
    """Make the book folder ``into`` (new or empty) from the Word file ``source``:
    ``book.yaml``, ``kapitel/NN-slug.md`` and the pictures in ``bilder/``."""
    check_target(into)
    file = display_path(source)
    data = read_file(source, file)
    check_archive(data, file)
    findings = Findings(file)
    reader = DocxReader(open_package(data, file, findings), findings)
    title_block, body = reader.read()
    if not any(line.text.strip() for line in body):
        raise PublishError(
            f"{file}: nothing to import – the document's main text is empty (no paragraph, "
            "list or table has text)"
        )
    resources = source.parent / f"{source.name}.bilder"  # a name only: the pictures are bytes
    text = SourceText(
        source,
        title_block,
        body,
        resources,
        kind="Word",
        page_numbers=False,
        position="paragraph",
        pictures=reader.pictures,
    )
    return import_text(text, into, findings)
