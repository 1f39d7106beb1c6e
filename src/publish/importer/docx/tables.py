"""Word tables (ECMA-376 Part 1, §17.4) as pipe tables: the first row is the header, each
cell one line; what a pipe table cannot hold (several paragraphs, merged cells, lists, a
table inside a cell) is flattened and named in one note per table.

Rows and cells inside content controls or custom XML are read as if those were not there;
a row or cell deleted as a tracked change is left out (Word's „accept all“).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from publish.importer.docx.context import Context
from publish.importer.docx.items import Break, shows_something, trimmed
from publish.importer.docx.runs import InlineReader
from publish.importer.docx.wordml import Element, chosen, excerpt, q, texts, twips, val
from publish.importer.lines import Line
from publish.importer.report import Dropped

#: Containers whose rows, cells or paragraphs belong to the table around them.
WRAPPERS = frozenset({q("w:sdt"), q("w:sdtContent"), q("w:customXml"), q("mc:AlternateContent")})


@dataclass(frozen=True)
class Table:
    """A table read as pipe table lines, and the paragraph its note belongs to."""

    lines: list[Line]
    number: int
    reasons: list[str]


class TableReader:
    """Reads tables; the paragraphs of every cell count in the report's numbering."""

    def __init__(self, context: Context, inline: InlineReader) -> None:
        self.context = context
        self.inline = inline

    def table(self, table: Element) -> Table | None:
        """``table`` as pipe table lines (None if it has no rows with text)."""
        first = self.context.number + 1
        reasons: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        aligns: list[list[str]] = []
        for row in children(table, "w:tr"):
            number = self.context.number + 1
            if _deleted(row.find(q("w:trPr"))):
                self._drop_row(row)
                continue
            cells: list[str] = []
            aligns.append([])
            for cell in children(row, "w:tc"):
                properties = cell.find(q("w:tcPr"))
                if properties is not None and properties.find(q("w:cellDel")) is not None:
                    continue
                found = self._cell(cell, reasons)
                cells.extend(found)
                aligns[-1].extend([_alignment(cell)] * len(found))
            if any(cells):
                rows.append((number, cells))
            else:
                _reason(reasons, "empty rows were left out")
        if not rows:
            if reasons:
                self.context.findings.note(first, "an empty table was left out")
            return None
        width = max(len(cells) for _, cells in rows)
        lines = []
        for index, (number, cells) in enumerate(rows):
            padded = cells + [""] * (width - len(cells))
            lines.append(Line(number, "| " + " | ".join(padded) + " |"))
            if index == 0:
                lines.append(Line(number, "|" + "|".join(_column_aligns(aligns, width)) + "|"))
        return Table(lines, first, reasons)

    def _drop_row(self, row: Element) -> None:
        """A row deleted as a tracked change: its paragraphs count, its text is left out."""
        context = self.context
        number = context.number + 1
        context.number += sum(1 for _ in row.iter(q("w:p")))
        cells = (" ".join(texts(cell, "w:t", "w:delText").split()) for cell in row.iter(q("w:tc")))
        text = " | ".join(cell for cell in cells if cell)
        if text:
            message = f"tracked deletion of a table row „{excerpt(text)}“ left out"
            hint = "insertions were kept; accept or reject the changes in Word to be sure"
            context.findings.drop(Dropped.DELETION, number, text, message, hint)

    def _cell(self, cell: Element, reasons: list[str]) -> list[str]:
        """A cell's text as one line, then an empty cell for each further grid column it
        spans; the continuation of a vertically merged cell is empty."""
        properties = cell.find(q("w:tcPr"))
        span = min(max(twips(val(properties, "w:gridSpan")) or 1, 1), 64)
        merge = properties.find(q("w:vMerge")) if properties is not None else None
        parts = self._cell_text(cell, reasons)
        if len(parts) > 1:
            _reason(reasons, "cells with several paragraphs were joined into one line")
        text = " ".join(parts)
        if span > 1 or (merge is not None and merge.get(q("w:val")) != "restart"):
            _reason(reasons, "merged cells were split – their text stands in the first of them")
        if merge is not None and merge.get(q("w:val")) != "restart":
            text = ""
        return [text] + [""] * (span - 1)

    def _cell_text(self, cell: Element, reasons: list[str]) -> list[str]:
        """The cell's paragraphs, one string each; a paragraph whose mark was deleted as a
        tracked change (or a drop cap) runs on into the next, as Word's „accept all“ joins
        them."""
        parts: list[str] = []
        glue = False
        for text, joins in self._cell_paragraphs(cell, reasons):
            if glue and parts:
                parts[-1] += text
            elif text:
                parts.append(text)
            glue = joins
        return [part.strip() for part in parts if part.strip()]

    def _cell_paragraphs(
        self, container: Element, reasons: list[str]
    ) -> Iterator[tuple[str, bool]]:
        for child in container:
            if child.tag == q("w:p"):
                yield self._cell_paragraph(child, reasons), joins_next(child)
            elif child.tag == q("w:tbl"):
                _reason(reasons, "a table inside a cell was put into the cell as text")
                for row in children(child, "w:tr"):
                    for cell in children(row, "w:tc"):
                        for text, _ in self._cell_paragraphs(cell, reasons):
                            yield text, False
            elif child.tag == q("mc:AlternateContent"):
                branch = chosen(child)
                if branch is not None:
                    yield from self._cell_paragraphs(branch, reasons)
            elif child.tag in WRAPPERS:
                yield from self._cell_paragraphs(child, reasons)

    def _cell_paragraph(self, paragraph: Element, reasons: list[str]) -> str:
        context = self.context
        context.number += 1
        properties = paragraph.find(q("w:pPr"))
        style = context.styles.paragraph(val(properties, "w:pStyle"))
        self.inline.start_paragraph(style.language or context.styles.language)
        items = self.inline.items(paragraph, context.main)
        numbered = context.numbering.paragraph_level(style, properties) is not None
        if numbered and shows_something(items):
            _reason(reasons, "list numbers and bullets in cells were left out")
        if any(isinstance(i, Break) for i in items):
            _reason(reasons, "line breaks in cells became spaces")
        side = self.inline.side
        self.inline.side = []
        for box in side:  # text boxes in a cell: their text joins the cell's
            items = [*items, Break(), *box]
        return context.markdown(trimmed(items), breaks=" ").strip()


def joins_next(paragraph: Element) -> bool:
    """Whether the paragraph runs on into the next one: its mark was deleted (or moved away)
    as a tracked change, or it is a drop cap (Word keeps the large first letter in a frame
    of its own)."""
    properties = paragraph.find(q("w:pPr"))
    if properties is None:
        return False
    if val(properties, "w:framePr", "w:dropCap") in ("drop", "margin"):
        return True
    return _deleted(properties.find(q("w:rPr")))


def _deleted(properties: Element | None) -> bool:
    return properties is not None and (
        properties.find(q("w:del")) is not None or properties.find(q("w:moveFrom")) is not None
    )


def children(parent: Element, name: str) -> Iterator[Element]:
    """``parent``'s children called ``name``, also inside content controls, custom XML and
    one branch of ``mc:AlternateContent`` (iterative: any depth)."""
    tag = q(name)
    pending = [iter(parent)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.tag == tag:
            yield child
        elif child.tag == q("mc:AlternateContent"):
            branch = chosen(child)
            if branch is not None:
                pending.append(iter(branch))
        elif child.tag in WRAPPERS:
            pending.append(iter(child))


def _alignment(cell: Element) -> str:
    """The delimiter of a pipe table column whose cell is aligned like ``cell``'s first
    paragraph."""
    paragraph = cell.find(q("w:p"))
    properties = paragraph.find(q("w:pPr")) if paragraph is not None else None
    return {"right": "---:", "end": "---:", "center": ":---:"}.get(
        val(properties, "w:jc") or "", "---"
    )


def _column_aligns(aligns: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each column's alignment: the one all its body cells share (the header is often
    centred on its own), else the default."""
    body = aligns[1:] or aligns
    out = []
    for column in range(width):
        found = {row[column] for row in body if column < len(row)}
        out.append(found.pop() if len(found) == 1 else "---")
    return out


def _reason(reasons: list[str], reason: str) -> None:
    if reason not in reasons:
        reasons.append(reason)
