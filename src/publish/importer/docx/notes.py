"""Footnotes and endnotes (ECMA-376 Part 1, §17.11): the calls in the text, and each cited
note written as a ``[^label]: …`` definition at the end of the body (the Markdown importer
places it in the chapter that cites it). Endnotes become footnotes: the book has no others.

A document without a notes part has no notes; a call whose note is missing or empty is left
out with a note in the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from publish.importer.docx.context import Context
from publish.importer.docx.items import Item, NoteCall, shows_something
from publish.importer.docx.package import Part
from publish.importer.docx.wordml import Element, descendants, q, texts
from publish.importer.lines import Line, escape_line_start

if TYPE_CHECKING:
    from publish.importer.docx.runs import InlineReader

#: Note kind → relationship type of its part.
NOTE_PARTS = {"footnote": "footnotes", "endnote": "endnotes"}


@dataclass(frozen=True)
class Cited:
    """A note cited in the text: its part, element, and the paragraph that cites it first."""

    story: Part
    element: Element
    number: int


class NoteReader:
    """The notes of a document, and the ones the text cites."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.notes = {kind: self._notes(kind) for kind in NOTE_PARTS}
        self.cited: dict[str, Cited] = {}  # label → note
        self.order: list[str] = []  # the labels, in the order they are first cited

    def _notes(self, kind: str) -> tuple[Part, dict[str, Element]]:
        """The footnotes (or endnotes) by id, without Word's separators."""
        part = self.context.main.related(NOTE_PARTS[kind])
        if part is None:
            return self.context.main, {}
        elements = {
            str(n.get(q("w:id"))): n
            for n in part.xml.iterchildren(q(f"w:{kind}"))
            if n.get(q("w:type")) in (None, "normal")
        }
        return part, elements

    def call(self, kind: str, note_id: str, sink: list[Item]) -> None:
        """A note's mark in the text: ``[^fn1]`` (or ``[^en1]``), or left out if empty."""
        story, elements = self.notes[kind]
        element = elements.get(note_id)
        if element is None or not texts(element).strip():
            article = "an" if kind == "endnote" else "a"
            self.context.note(f"{article} {kind} without text – its mark was left out")
            return
        if kind == "endnote":
            self.context.note("an endnote became a footnote (the book has footnotes only)")
        label = f"{'fn' if kind == 'footnote' else 'en'}{note_id}"
        if label not in self.cited:
            self.cited[label] = Cited(story, element, self.context.number)
            self.order.append(label)
        sink.append(NoteCall(label))

    def definitions(self, inline: InlineReader) -> list[Line]:
        """Every cited note as a ``[^label]: …`` definition, numbered by the paragraph that
        cites it first; a note's further paragraphs are indented by four spaces. A note
        cited inside a note is read while the definitions are written."""
        lines: list[Line] = []
        context = self.context
        saved = context.number
        index = 0
        while index < len(self.order):  # grows while notes cited inside notes are read
            label = self.order[index]
            note = self.cited[label]
            index += 1
            context.number = note.number
            if note.element.find(f".//{q('w:tbl')}") is not None:
                context.note("a table in a footnote was kept as its paragraphs")
            paragraphs = [
                items
                for paragraph in descendants(note.element, q("w:p"))
                for items in inline.note_paragraphs(paragraph, note.story)
                if shows_something(items)
            ]
            lines.append(Line(note.number, ""))
            for n, items in enumerate(paragraphs):
                if n:
                    lines.append(Line(note.number, ""))
                for k, line in enumerate(context.markdown_trimmed(items).split("\n")):
                    start = f"[^{label}]: " if n == 0 and k == 0 else "    "
                    lines.append(Line(note.number, start + escape_line_start(line)))
        context.number = saved
        return lines
