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
        if isinstance(inline, m.Emphasis | m.Strong | m.Link | m.LangSpan):
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
    """The text of inlines as read aloud (footnote calls left out)."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, m.Text | m.Code):
            parts.append(inline.text)
        elif isinstance(inline, m.LineBreak):
            parts.append(" ")
        elif isinstance(inline, m.Emphasis | m.Strong | m.Link | m.LangSpan):
            parts.append(plain_text(inline.children))
    return "".join(parts)


# --- mapping text ------------------------------------------------------------------------


def map_inlines(inlines: tuple[m.Inline, ...], fn: TextMap) -> tuple[m.Inline, ...]:
    return tuple(_map_inline(inline, fn) for inline in inlines)


def _map_inline(inline: m.Inline, fn: TextMap) -> m.Inline:
    if isinstance(inline, m.Text):
        return m.Text(fn(inline.text))
    if isinstance(inline, m.Emphasis | m.Strong | m.Link | m.LangSpan):
        return replace(inline, children=map_inlines(inline.children, fn))
    return inline


def map_blocks(blocks: tuple[m.Block, ...], fn: TextMap) -> tuple[m.Block, ...]:
    return tuple(_map_block(block, fn) for block in blocks)


def _map_block(block: m.Block, fn: TextMap) -> m.Block:
    if isinstance(block, m.Heading | m.Paragraph):
        return replace(block, children=map_inlines(block.children, fn))
    if isinstance(block, m.ListBlock):
        items = tuple(replace(i, blocks=map_blocks(i.blocks, fn)) for i in block.items)
        return replace(block, items=items)
    if isinstance(block, m.BlockQuote):
        return replace(block, blocks=map_blocks(block.blocks, fn))
    if isinstance(block, m.Table):
        return replace(
            block,
            head=_map_rows(block.head, fn),
            body=_map_rows(block.body, fn),
            caption=map_inlines(block.caption, fn),
        )
    if isinstance(block, m.Figure):
        return replace(block, caption=map_inlines(block.caption, fn), alt=fn(block.alt))
    return block


def _map_rows(rows: tuple[m.TableRow, ...], fn: TextMap) -> tuple[m.TableRow, ...]:
    return tuple(
        m.TableRow(tuple(replace(c, children=map_inlines(c.children, fn)) for c in row.cells))
        for row in rows
    )


def map_book_text(book: m.Book, fn: TextMap) -> m.Book:
    """A new book with ``fn`` applied to every text node of every chapter and footnote."""
    chapters = tuple(
        replace(
            chapter,
            blocks=map_blocks(chapter.blocks, fn),
            footnotes=tuple(replace(n, blocks=map_blocks(n.blocks, fn)) for n in chapter.footnotes),
        )
        for chapter in book.chapters
    )
    return replace(book, chapters=chapters)
