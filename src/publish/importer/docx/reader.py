"""The reader that ties the modules together: the main text, block by block, then the
footnotes' definitions, then the links to bookmarks resolved, and the title data.

A .docx has no lines: every Markdown line carries the number of the paragraph it comes from,
counted from the top of the main text (empty paragraphs and those in table cells included;
footnotes and text boxes have none of their own), and every note names that number.
"""

from __future__ import annotations

import re

from publish.importer.chapters import pandoc_id
from publish.importer.docx.blocks import Block, BlockReader
from publish.importer.docx.context import Context
from publish.importer.docx.notes import NoteReader
from publish.importer.docx.package import Package
from publish.importer.docx.runs import ANCHOR_MARK, InlineReader
from publish.importer.docx.title import report_headers_and_footers, title_block
from publish.importer.docx.wordml import q
from publish.importer.lines import Line
from publish.importer.metadata import TitleBlock
from publish.importer.report import Findings


class DocxReader:
    """Reads the main text of a .docx into Markdown lines, paragraph by paragraph; keeps the
    pictures it meets (``pictures``: file name in ``bilder/`` → bytes)."""

    def __init__(self, package: Package, findings: Findings) -> None:
        self.context = Context(package, findings)
        self.notes = NoteReader(self.context)
        self.inline = InlineReader(self.context, self.notes)
        self.blocks = BlockReader(self.context, self.inline)

    @property
    def pictures(self) -> dict[str, bytes]:
        return self.context.pictures

    def read(self) -> tuple[TitleBlock, tuple[Line, ...]]:
        """The title data and the body lines (the footnotes' definitions at the end)."""
        context = self.context
        body = context.main.xml.find(q("w:body"))
        if body is not None:
            self.blocks.read(body)
        report_headers_and_footers(context.main, context.findings)
        undefined = context.styles.undefined
        if undefined:
            context.findings.note(
                None,
                f"the document does not define the styles {', '.join(sorted(undefined))} – "
                "their paragraphs were read by the styles' names",
            )
        lines = _body_lines(self.blocks.blocks) + self.notes.definitions(self.inline)
        resolved = [Line(line.number, self._resolve_anchors(line.text)) for line in lines]
        block = title_block(
            self.blocks.title_data, context.package, context.languages, context.findings
        )
        return block, tuple(resolved)

    def _resolve_anchors(self, text: str) -> str:
        """A link to a bookmark in a heading points at the heading's id (Pandoc's form of
        its text, which the Markdown importer maps to the id the book gives it); any other
        bookmark stays as it is and is reported there as a link to an unknown id."""

        def target(match: re.Match[str]) -> str:
            name = self.inline.anchors[int(match.group(1))]
            heading = self.blocks.heading_anchors.get(name)
            return (pandoc_id(heading) if heading else "") or name

        return ANCHOR_MARK.sub(target, text)


def _body_lines(blocks: list[Block]) -> list[Line]:
    """The blocks as lines: a blank line between blocks, none between the items of a tight
    list, a ``>`` line between quoted paragraphs."""
    out: list[Line] = []
    previous: Block | None = None
    for block in blocks:
        lines = block.render()
        if previous is not None:
            number = lines[0].number
            if block.kind == previous.kind == "quote":
                out.append(Line(number, ">"))
            elif not (block.kind == previous.kind == "item" and not block.loose):
                out.append(Line(number, ""))
        out.extend(lines)
        previous = block
    return out
