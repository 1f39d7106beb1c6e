"""Print references in the model: where each printed page and line begins.

The layout map says, for every page and numbered line of the printed PDF, in which block it
begins and after how many letters. This stage puts :class:`~publish.model.PageMarker` and
:class:`~publish.model.LineMarker` inlines (and :class:`~publish.model.PageBreak` blocks
before tables and figures) at exactly those places, so the EPUB and the web edition can
show „Seite 12“ and „Zeile 345“ where the print has them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from publish import model as m
from publish.layout import FRONT, LayoutMap, letters_up_to
from publish.render.html import source_key

Marker = m.PageMarker | m.LineMarker


@dataclass(frozen=True)
class FrontPages:
    """The printed pages of the front matter: cover, imprint, table of contents."""

    cover: tuple[int, ...] = ()
    imprint: tuple[int, ...] = ()
    toc: tuple[int, ...] = ()


def front_pages(layout: LayoutMap) -> FrontPages:
    found: dict[str, list[int]] = defaultdict(list)
    for page in layout.pages:
        if page.block and page.block.startswith(FRONT):
            found[page.block.removeprefix(FRONT)].append(page.number)
    return FrontPages(tuple(found["cover"]), tuple(found["imprint"]), tuple(found["toc"]))


def annotate(book: m.Book, layout: LayoutMap) -> m.Book:
    """The book with the print edition's page and line markers in its text."""
    markers: dict[str, list[tuple[int, int, Marker]]] = defaultdict(list)
    for page in layout.pages:
        if page.block and not page.block.startswith(FRONT):
            markers[page.block].append((page.offset, 0, m.PageMarker(page.number)))
    for line in layout.lines:
        markers[line.block].append((line.offset, 1, m.LineMarker(line.number)))
    # in letter order, a page before a line at the same letter; pages that begin at the
    # same letter (inside one long table) in their order
    placing = {key: sorted(found, key=_place) for key, found in markers.items()}
    chapters = tuple(
        replace(chapter, blocks=_blocks(chapter.blocks, placing, book.root))
        for chapter in book.chapters
    )
    return replace(book, chapters=chapters)


def _place(marker: tuple[int, int, Marker]) -> tuple[int, int, int]:
    offset, kind, found = marker
    return offset, kind, found.number


def _blocks(
    blocks: Iterable[m.Block], markers: dict[str, list[tuple[int, int, Marker]]], root: Path
) -> tuple[m.Block, ...]:
    out: list[m.Block] = []
    for block in blocks:
        found = markers.get(source_key(block.location, root), [])
        if isinstance(block, m.Heading | m.Paragraph):
            block = replace(block, children=place(block.children, found))
        elif isinstance(block, m.Table | m.Figure):
            out += [
                m.PageBreak(mk.number, block.location)
                for _, _, mk in found
                if isinstance(mk, m.PageMarker)
            ]
        elif isinstance(block, m.ListBlock):
            items = tuple(replace(i, blocks=_blocks(i.blocks, markers, root)) for i in block.items)
            block = replace(block, items=items)
        elif isinstance(block, m.BlockQuote):
            block = replace(block, blocks=_blocks(block.blocks, markers, root))
        out.append(block)
    return tuple(out)


@dataclass
class _Placer:
    """Walks a block's inlines, counting letters, and drops each marker before the letter
    at its offset."""

    pending: deque[tuple[int, int, Marker]]
    count: int = 0
    out: list[m.Inline] = field(default_factory=list)

    def due(self) -> list[Marker]:
        markers = []
        while self.pending and self.pending[0][0] <= self.count:
            markers.append(self.pending.popleft()[2])
        return markers

    def text(self, text: str, make: Callable[[str], m.Inline]) -> list[m.Inline]:
        """``text`` cut where markers fall due, the markers between the pieces."""
        result: list[m.Inline] = []
        start = 0
        counted = letters_up_to(text)  # where a marker's letter is: by bisection
        letters = counted[-1] if counted else 0
        while self.pending and self.pending[0][0] - self.count < letters:
            letter = max(0, self.pending[0][0] - self.count)  # the letter it is due at
            self.count += letter
            markers = self.due()
            self.count -= letter
            # A line that begins inside a hyphenated word is marked before the word.
            cut = bisect_left(counted, letter + 1)
            while cut > start and not text[cut - 1].isspace():
                cut -= 1
            if cut > start:
                result.append(make(text[start:cut]))
            result += markers
            start = cut
        self.count += letters
        if start < len(text):
            result.append(make(text[start:]))
        return result

    def inlines(self, inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        result: list[m.Inline] = []
        for inline in inlines:
            if isinstance(inline, m.Text):
                result += self.text(inline.text, m.Text)
            elif isinstance(inline, m.Code):
                result += self.text(inline.text, m.Code)
            elif isinstance(inline, m.Caps):
                result += self.text(inline.text, partial(m.Caps, spoken=inline.spoken))
            elif isinstance(inline, m.Container):
                result += self.due()
                result.append(replace(inline, children=self.inlines(inline.children)))
            else:
                result.append(inline)
        return tuple(result)


def place(
    inlines: tuple[m.Inline, ...], markers: list[tuple[int, int, Marker]]
) -> tuple[m.Inline, ...]:
    """``inlines`` with each marker before the letter at its offset (markers past the end
    are put at the end)."""
    if not markers:
        return inlines
    placer = _Placer(deque(markers))
    result = placer.inlines(inlines)
    rest = [marker for _, _, marker in placer.pending]
    return result + tuple(rest)
