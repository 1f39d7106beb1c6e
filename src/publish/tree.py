"""Walking and mapping the document model.

Stages that look at every inline (link checks, word counts) use :func:`iter_inlines`;
stages that change text (typography) use :func:`map_text`, which rebuilds the frozen tree
with new :class:`~publish.model.Text` nodes and leaves everything else as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from publish import model as m

TextMap = Callable[[str], str]


def iter_blocks(blocks: Iterable[m.Block]) -> Iterator[m.Block]:
    """Every block, depth first, in reading order (list items' and quotes' blocks too)."""
    for block in blocks:
        yield block
        if isinstance(block, m.ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)
        elif isinstance(block, m.BlockQuote):
            yield from iter_blocks(block.blocks)


def block_inlines(block: m.Block) -> Iterator[tuple[m.Inline, ...]]:
    """The inline sequences that belong directly to ``block``."""
    if isinstance(block, m.Heading | m.Paragraph):
        yield block.children
    elif isinstance(block, m.Table):
        yield block.caption
        for row in (*block.head, *block.body):
            for cell in row.cells:
                yield cell.children
    elif isinstance(block, m.Figure):
        yield block.caption


def iter_inlines(inlines: Iterable[m.Inline]) -> Iterator[m.Inline]:
    """Every inline, depth first."""
    for inline in inlines:
        yield inline
        if isinstance(inline, m.Container | m.Changes):
            yield from iter_inlines(inline.children)


def chapter_inlines(chapter: m.Chapter) -> Iterator[tuple[m.Block | m.Footnote, m.Inline]]:
    """Every inline of a chapter (body and footnotes) with the block it belongs to."""
    for block in iter_blocks(chapter.blocks):
        for run in block_inlines(block):
            for inline in iter_inlines(run):
                yield block, inline
    for note in chapter.footnotes:
        for block in iter_blocks(note.blocks):
            for run in block_inlines(block):
                for inline in iter_inlines(run):
                    yield note, inline


def plain_text(inlines: Iterable[m.Inline]) -> str:
    """The text of inlines as read aloud (footnote calls left out); sub- and superscript
    are part of their word („CO2“). With changes in place, the text as amended: an
    insertion's text counts, a deletion's and an amendment's number do not (a changed
    heading gives its new title to the table of contents)."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, m.Text | m.Code | m.Caps):
            parts.append(inline.text)
        elif isinstance(inline, m.LineBreak):
            parts.append(" ")
        elif isinstance(inline, m.Container | m.Insertion):
            parts.append(plain_text(inline.children))
    return "".join(parts)


#: Sub- and superscript characters, for text where no markup can go (a running head).
SUBSCRIPT_CHARS = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
SUPERSCRIPT_CHARS = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")


def display_text(inlines: Iterable[m.Inline]) -> str:
    """The text of inlines as it looks where no markup can go (a running head): as
    :func:`plain_text`, but sub- and superscript of digits and signs as their Unicode
    characters („CO₂“, „m²“); others stay as they are („CO2“ is still right)."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, m.Script):
            text = plain_text(inline.children)
            table = SUBSCRIPT_CHARS if isinstance(inline, m.Subscript) else SUPERSCRIPT_CHARS
            shifted = text.translate(table)
            parts.append(shifted if not any(c in shifted for c in text) else text)
        elif isinstance(inline, m.Container):
            parts.append(display_text(inline.children))
        else:
            parts.append(plain_text((inline,)))
    return "".join(parts)


# --- mapping text ------------------------------------------------------------------------

RunMap = Callable[[tuple[m.Inline, ...]], tuple[m.Inline, ...]]


def map_inlines(
    inlines: tuple[m.Inline, ...], fn: TextMap, foreign: bool = True, scripts: bool = True
) -> tuple[m.Inline, ...]:
    """``fn`` applied to every text node; inside spans in another language only if
    ``foreign`` (hyphenation patterns, say, are for German only), inside sub- and
    superscript only if ``scripts``."""
    return tuple(_map_inline(inline, fn, foreign, scripts) for inline in inlines)


def _map_inline(inline: m.Inline, fn: TextMap, foreign: bool, scripts: bool) -> m.Inline:
    if isinstance(inline, m.Text):
        return m.Text(fn(inline.text))
    if isinstance(inline, m.LangSpan) and not foreign:
        return inline
    if isinstance(inline, m.Script) and not scripts:
        return inline
    if isinstance(inline, m.Container | m.Changes):
        return replace(inline, children=map_inlines(inline.children, fn, foreign, scripts))
    return inline


def map_runs(blocks: tuple[m.Block, ...], fn: RunMap, headings: bool = True) -> tuple[m.Block, ...]:
    """``fn`` applied to every run of inlines (a paragraph's, a cell's, a caption's);
    headings' runs only if ``headings``."""
    return tuple(_map_block(block, fn, headings) for block in blocks)


def _map_block(block: m.Block, fn: RunMap, headings: bool) -> m.Block:
    if isinstance(block, m.Heading):
        return replace(block, children=fn(block.children)) if headings else block
    if isinstance(block, m.Paragraph):
        return replace(block, children=fn(block.children))
    if isinstance(block, m.ListBlock):
        items = tuple(replace(i, blocks=map_runs(i.blocks, fn, headings)) for i in block.items)
        return replace(block, items=items)
    if isinstance(block, m.BlockQuote):
        return replace(block, blocks=map_runs(block.blocks, fn, headings))
    if isinstance(block, m.Table):
        rows = (
            tuple(
                m.TableRow(tuple(replace(c, children=fn(c.children)) for c in r.cells))
                for r in rows
            )
            for rows in (block.head, block.body)
        )
        head, body = rows
        return replace(block, head=head, body=body, caption=fn(block.caption))
    if isinstance(block, m.Figure):
        return replace(block, caption=fn(block.caption))
    return block


def map_book_runs(book: m.Book, fn: RunMap, headings: bool = True) -> m.Book:
    """A new book with ``fn`` applied to every run of every chapter and footnote."""
    chapters = tuple(
        replace(
            chapter,
            blocks=map_runs(chapter.blocks, fn, headings),
            footnotes=tuple(
                replace(n, blocks=map_runs(n.blocks, fn, headings)) for n in chapter.footnotes
            ),
        )
        for chapter in book.chapters
    )
    return replace(book, chapters=chapters)


def map_book_text(
    book: m.Book, fn: TextMap, headings: bool = True, foreign: bool = True, scripts: bool = True
) -> m.Book:
    """A new book with ``fn`` applied to every text node (see :func:`map_inlines`)."""
    return map_book_runs(book, lambda run: map_inlines(run, fn, foreign, scripts), headings)
