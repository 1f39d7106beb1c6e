"""What every reader module of a .docx shares: the package and its main document, the
styles and list definitions, the findings, and the number of the paragraph being read (the
report's position unit: paragraphs counted from the top of the main text, table cells
included)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from publish.importer.docx.items import Item, trimmed
from publish.importer.docx.markdown import emphasis_holds, render
from publish.importer.docx.numbering import Numbering
from publish.importer.docx.package import Package, Part
from publish.importer.docx.styles import Styles
from publish.importer.report import Dropped, Findings


class Context:
    """The shared state of one import."""

    def __init__(self, package: Package, findings: Findings) -> None:
        self.package = package
        self.findings = findings
        self.file = findings.file
        self.main: Part = package.main
        styles = self.main.related("styles")
        numbering = self.main.related("numbering")
        self.styles = Styles(styles.xml if styles is not None else None)
        self.numbering = Numbering(numbering.xml if numbering is not None else None, self.styles)
        #: The paragraph being read, counted from the top of the main text.
        self.number = 0
        #: Letters of text per language Word marks them with.
        self.languages: Counter[str] = Counter()
        #: The pictures met: file name in ``bilder/`` → bytes.
        self.pictures: dict[str, bytes] = {}

    def note(self, message: str, hint: str = "") -> None:
        """A note about the paragraph being read."""
        self.findings.note(self.number, message, hint)

    def drop(self, kind: Dropped, text: str, message: str, hint: str = "") -> None:
        """Text of the paragraph being read that is left out, with a note that says so."""
        self.findings.drop(kind, self.number, text, message, hint)

    def markdown(self, items: Sequence[Item], *, breaks: str = "\\\n") -> str:
        """``items`` as inline Markdown; without bold and italic (and a note) where
        CommonMark would not read them as written."""
        markdown = render(items, breaks=breaks)
        if not emphasis_holds(markdown, items):
            self.note("bold or italic text here cannot be written in Markdown – kept without it")
            markdown = render(items, emphasis=False, breaks=breaks)
        return markdown

    def markdown_trimmed(self, items: Sequence[Item], *, breaks: str = "\\\n") -> str:
        return self.markdown(trimmed(items), breaks=breaks)
