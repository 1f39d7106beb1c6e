"""Problems that only the layout finds, named at their source.

WeasyPrint reports what it could not do as log messages: an image it could not load or
draw, a character none of the fonts has (drawn as the „.notdef“ box). The build treats each
as a failure (``publish.write.pdf.raise_problems``), and the reader checks most of them
before the layout (images, SVGs, characters); what can still arise here is named at the
chapter file it comes from, and at the line where the model knows it:

- an image that failed → the figure's ``file:line``;
- a character the fonts lack → the first block (or footnote) that has it;
- anything else → the chapter file (``book.yaml`` for the front matter: cover, imprint,
  table of contents).

Each chapter is laid out as a document of its own (``publish.write.parallel``), so the
chapter of a problem is known; a worker raises :class:`LayoutProblems` with WeasyPrint's
messages, and the build's process turns them into a :class:`LayoutError` with the book's
model at hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publish import model as m
from publish.errors import Diagnostic, OutputError, SourceLocation, display_path
from publish.messages import translate
from publish.tree import block_inlines, iter_blocks, iter_inlines

#: WeasyPrint's message for a character no font has (weasyprint/draw/text.py).
NOTDEF = re.compile(r"\.notdef glyph rendered for .*\(U\+([0-9A-F]+)\)")
#: WeasyPrint's messages for an image it could not load or draw (weasyprint/images.py).
FAILED_IMAGE = re.compile(r"Failed to (?:load image at|render SVG image) '?([a-z]+:[^' ]+)'?")


class LayoutProblems(OutputError):
    """WeasyPrint's warnings while laying out one document, not yet placed in the source.

    Raised in a layout worker and sent to the build's process (it pickles with its
    problems), which names their source with :func:`layout_error`.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("the PDF could not be made cleanly:\n" + "\n".join(self.problems))

    def __reduce__(self) -> tuple[type[LayoutProblems], tuple[tuple[str, ...]]]:
        return (type(self), (self.problems,))


class LayoutError(OutputError):
    """The layout's problems, each at its source (exit code 2, as every output error)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        closing = translate("the PDF could not be made cleanly; nothing was written.")
        super().__init__("\n".join([*(str(d) for d in self.diagnostics), closing]))


def layout_error(
    problems: Sequence[str], book: m.Book, chapters: Sequence[m.Chapter], part: SourceLocation
) -> LayoutError:
    """``problems`` of the document made from ``chapters`` of ``book`` (``part``: its file,
    where no better place is known), each named at its source."""
    located = [_diagnostic(problem, book.root, chapters, part) for problem in problems]
    return LayoutError(list(dict.fromkeys(located)))


def part_error(problems: Sequence[str], book: m.Book, chapter: int | None) -> LayoutError:
    """``problems`` of one part of the book laid out alone: chapter ``chapter`` (its
    index), or the front matter (None), which book.yaml and the headings make."""
    if chapter is None:
        where = SourceLocation(display_path(book.root / "book.yaml"))
        headings = tuple(replace(c, blocks=c.headings, footnotes=()) for c in book.chapters)
        return layout_error(problems, book, headings, where)
    source = book.chapters[chapter]
    return layout_error(problems, book, (source,), SourceLocation(display_path(source.source)))


def _diagnostic(
    problem: str, root: Path, chapters: Sequence[m.Chapter], part: SourceLocation
) -> Diagnostic:
    if notdef := NOTDEF.match(problem):
        code = int(notdef.group(1), 16)
        where = _first_block_with(chr(code), chapters) or part
        return Diagnostic(
            where,
            f"the fonts have no glyph for U+{code:04X} {unicodedata.name(chr(code), '')}".strip(),
            "replace the character with one the fonts have, or remove it",
        )
    if failed := FAILED_IMAGE.search(problem):
        figure = _figure_at(failed.group(1), chapters)
        if figure is not None:
            name = figure.src.relative_to(root) if figure.src.is_relative_to(root) else figure.src
            return Diagnostic(
                figure.location,
                f"image {name.as_posix()} could not be drawn in the PDF ({problem})",
                "open it in a browser to check it, or save it again as PNG or JPEG",
            )
    return Diagnostic(
        part,
        f"the PDF could not be made cleanly: {problem}",
        "this is probably a bug in publish: please send us this file and the message",
    )


def _blocks(chapter: m.Chapter) -> Iterator[tuple[SourceLocation, m.Block]]:
    for block in iter_blocks(chapter.blocks):
        yield block.location, block
    for note in chapter.footnotes:
        for block in iter_blocks(note.blocks):
            yield note.location, block


def _first_block_with(character: str, chapters: Sequence[m.Chapter]) -> SourceLocation | None:
    """Where the first block (or footnote) that holds ``character`` begins."""
    for chapter in chapters:
        for where, block in _blocks(chapter):
            for run in block_inlines(block):
                if any(character in getattr(i, "text", "") for i in iter_inlines(run)):
                    return where
    return None


def _figure_at(url: str, chapters: Sequence[m.Chapter]) -> m.Figure | None:
    """The figure whose image WeasyPrint loaded from ``url`` (a ``file:`` URL)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    for chapter in chapters:
        for _, block in _blocks(chapter):
            if isinstance(block, m.Figure) and path in (block.src, block.src.absolute()):
                return block
    return None
