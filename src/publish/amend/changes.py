"""Changes shown in place: the model of the amendment outputs.

Two inline containers of the book's model (``publish.model``) show changes:
:class:`~publish.model.Deletion` (text an amendment deletes) and
:class:`~publish.model.Insertion` (text it inserts), each naming its amendment. With them:

- :func:`amended_book` is the Änderungsfassung: the draft (typeset, and annotated with
  its print edition's page and line markers by ``publish.annotate``) with every adopted
  change in place, a new paragraph as a paragraph that is all :class:`Insertion`, a
  deleted block as one that is all :class:`Deletion`; every other node as in the draft, so
  each marker stays where the draft has it, once (a line that begins with a deletion has
  its marker before it);
- :func:`passage` is an amendment's entry in the Antragsbuch: the lines it covers, cut
  from the draft's blocks, with its changes in place.

The outputs (``publish.amend.outputs``) render these with the book's templates and stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from publish import model as m
from publish.amend.apply import ATTACHED, OPENING
from publish.amend.check import Change, Checked, CheckReport
from publish.amend.edition import Edition, TextBlock, text_blocks
from publish.amend.source import parser
from publish.amend.text import normalised
from publish.model import Deletion, Insertion
from publish.read.markdown import ChapterReader
from publish.tree import plain_text
from publish.typography import typeset


def amendment_id(number: str) -> str:
    """An id for an amendment's anchor: „Ä3“ → ``ae3``, „Ä12.1“ → ``ae12-1``."""
    text = number.replace("Ä", "ae").replace("ä", "ae").lower()
    slug = "".join(c if c.isalnum() else "-" for c in text).strip("-")
    return slug if slug[:1].isalpha() else f"a-{slug}"


# --- Cutting inlines at characters --------------------------------------------------------


def _length(inline: m.Inline) -> int:
    """How many characters of the block's plain text an inline holds."""
    if isinstance(inline, m.Text | m.Code | m.Caps):
        return len(inline.text)
    if isinstance(inline, m.LineBreak):
        return 1
    if isinstance(inline, m.Container):
        return sum(map(_length, inline.children))
    return 0


def cut(
    inlines: Sequence[m.Inline],
    start: int,
    end: int,
    leading: bool = True,
    trailing: bool = False,
) -> tuple[m.Inline, ...]:
    """The inlines of characters ``start``–``end`` of their plain text, containers cut
    along (an emphasis cut in two is two emphases). Inlines without text (footnote calls,
    page and line markers) go with the character after them: those at ``start`` are in
    (unless not ``leading``), those at ``end`` out (unless ``trailing``)."""
    out: list[m.Inline] = []
    position = 0
    for inline in inlines:
        length = _length(inline)
        begin, finish = position, position + length
        position = finish
        if length == 0:
            if (
                start < begin < end
                or (begin == start and leading and (start < end or trailing))
                or (begin == end and trailing and begin > start)
            ):
                out.append(inline)
            continue
        if finish <= start or begin >= end:
            continue
        low, high = max(start, begin) - begin, min(end, finish) - begin
        if isinstance(inline, m.Text | m.Code):
            out.append(replace(inline, text=inline.text[low:high]))
        elif isinstance(inline, m.Caps):
            whole = low == 0 and high == length
            out.append(m.Caps(inline.text[low:high], inline.spoken if whole else ""))
        elif isinstance(inline, m.LineBreak):
            out.append(inline)
        elif isinstance(inline, m.Container):
            out.append(replace(inline, children=cut(inline.children, low, high)))
    return tuple(out)


# --- New text as inlines ------------------------------------------------------------------


def new_inlines(book: m.Book, markdown: str) -> tuple[m.Inline, ...]:
    """The inlines of an amendment's new text (Markdown, one paragraph), typeset as the
    book's text is."""
    blocks = new_blocks(book, markdown)
    return blocks[0].children if blocks else ()


def new_blocks(book: m.Book, markdown: str) -> tuple[m.Paragraph, ...]:
    """An amendment's new paragraphs (Markdown), read and typeset as the book's text."""
    reader = ChapterReader("", book.root, markdown, 1)
    blocks, _ = reader.blocks(parser().parse(markdown, {}), 0, None)
    paragraphs = tuple(b for b in blocks if isinstance(b, m.Paragraph))
    if not paragraphs:
        return ()
    chapter = m.Chapter("", book.root / "amendment.md", paragraphs, ())
    typeset_book = typeset(replace(book, chapters=(chapter,)))
    return tuple(b for b in typeset_book.chapters[0].blocks if isinstance(b, m.Paragraph))


# --- Changes in place ---------------------------------------------------------------------


def _raw_span(block: TextBlock, change: Change) -> tuple[int, int]:
    """The change's span in the plain text of the (typeset) block."""
    normal = normalised(plain_text(block.children))
    if change.kind == "insert":
        after = change.operation.verb == "insert after"
        at = normal.original_end(change.start) if after else normal.original_start(change.start)
        return at, at
    return normal.original_start(change.start), normal.original_end(change.end)


def with_changes(
    book: m.Book, block: TextBlock, changes: Sequence[Change], start: int = 0, end: int = -1
) -> tuple[m.Inline, ...]:
    """The block's inlines from character ``start`` to ``end`` (-1: to its end) with the
    changes in place."""
    total = len(plain_text(block.children))
    end = total if end < 0 else end
    spans = sorted((_raw_span(block, c), n, c) for n, c in enumerate(changes))
    out: list[m.Inline] = []
    cursor = start
    leading = True  # whether the markers at the cursor are still to be placed
    for (low, high), _, change in spans:
        if high < start or low > end:
            continue
        # the part before the change, with the markers at its start: a line that begins
        # with a deletion has its marker before the deletion
        out += cut(block.children, cursor, low, leading, trailing=True)
        number = change.amendment.number
        if change.kind == "replace":
            out += _replacement(block.children, low, high, new_inlines(book, change.new), number)
        elif change.kind == "delete":
            out.append(Deletion(number, cut(block.children, low, high, leading=False)))
        else:
            spacing = _spacing(change)
            if spacing == "before":
                out.append(m.Text(" "))
            out.append(Insertion(number, new_inlines(book, change.new)))
            if spacing == "after":
                out.append(m.Text(" "))
        leading = high > low  # after a deletion, the markers at its end are still due
        cursor = max(cursor, high)
    out += cut(block.children, cursor, end, leading, trailing=end == total)
    return tuple(out)


def _replacement(
    draft: tuple[m.Inline, ...], low: int, high: int, inserted: tuple[m.Inline, ...], number: str
) -> list[m.Inline]:
    """A replacement shown as what it changes: the words it keeps at its start and end
    stay plain („bis [2035 → 2030]“, not „[bis 2035 → bis 2030]“)."""
    old = plain_text(cut(draft, low, high))
    new = plain_text(inserted)
    prefix, suffix = _common_words(old, new)
    out: list[m.Inline] = list(cut(draft, low, low + prefix, leading=False))
    middle_old = cut(draft, low + prefix, high - suffix, leading=prefix > 0)
    middle_new = cut(inserted, prefix, len(new) - suffix)
    if plain_text(middle_old).strip():
        out.append(Deletion(number, middle_old))
    if plain_text(middle_new).startswith(" ") and not plain_text(middle_old).strip():
        out.append(m.Text(" "))
        middle_new = cut(middle_new, 1, len(plain_text(middle_new)))
    if plain_text(middle_new).strip():
        out.append(Insertion(number, middle_new))
    out += cut(draft, high - suffix, high, leading=high - suffix != low)
    return out


def _common_words(old: str, new: str) -> tuple[int, int]:
    """How many characters at the start and at the end two texts share, in whole words."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    if not (prefix == len(old) or prefix == len(new) or old[prefix].isspace()):
        while prefix > 0 and not old[prefix - 1].isspace():
            prefix -= 1
    limit -= prefix
    suffix = 0
    while suffix < limit and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if suffix and not (suffix == len(old) - prefix or old[-1 - suffix].isspace()):
        while suffix > 0 and not old[-suffix].isspace():
            suffix -= 1
    return prefix, suffix


def _spacing(change: Change) -> str:
    """Where an insertion needs a space that the source edit adds (see publish.amend.apply)."""
    if change.kind != "insert":
        return ""
    if change.operation.verb == "insert after":
        return "" if change.new.startswith(ATTACHED) else "before"
    return "" if change.new.endswith(OPENING) else "after"


def amended_book(book: m.Book, changes: Sequence[Change]) -> m.Book:
    """The Änderungsfassung: the (typeset) draft with ``changes`` (those of the adopted
    amendments) in place."""
    by_block: dict[str, list[Change]] = {}
    for change in changes:
        by_block.setdefault(change.block, []).append(change)
    blocks = text_blocks(book)
    changed_blocks: dict[int, m.Block] = {}
    added: dict[int, tuple[list[m.Block], list[m.Block]]] = {}
    for key, found in by_block.items():
        block = blocks[key]
        text_changes = [c for c in found if c.kind != "paragraph"]
        if text_changes:
            changed_blocks[id(block)] = replace(
                block, children=with_changes(book, block, text_changes)
            )
        for change in found:
            if change.kind == "paragraph":
                new = [
                    m.Paragraph(
                        (Insertion(change.amendment.number, p.children),),
                        change.location,
                    )
                    for p in new_blocks(book, change.new)
                ]
                before, after = added.setdefault(id(block), ([], []))
                (before if change.before else after).extend(new)
    chapters = tuple(
        replace(chapter, blocks=_replace_blocks(chapter.blocks, changed_blocks, added))
        for chapter in book.chapters
    )
    return replace(book, chapters=chapters)


def _replace_blocks(
    blocks: tuple[m.Block, ...],
    changed: dict[int, m.Block],
    added: dict[int, tuple[list[m.Block], list[m.Block]]],
) -> tuple[m.Block, ...]:
    out: list[m.Block] = []
    for block in blocks:
        before, after = added.get(id(block), ([], []))
        new: m.Block = changed.get(id(block), block)
        if isinstance(block, m.ListBlock):
            items: list[m.ListItem] = []
            for item in block.items:
                first = item.blocks[0] if item.blocks else None
                item_before, item_after = added.get(id(first), ([], []))
                items += [m.ListItem((b,), b.location) for b in item_before]
                inner = _replace_blocks(
                    item.blocks, changed, {k: v for k, v in added.items() if k != id(first)}
                )
                items.append(replace(item, blocks=inner))
                items += [m.ListItem((b,), b.location) for b in item_after]
            new = replace(block, items=tuple(items))
        elif isinstance(block, m.BlockQuote):
            new = replace(block, blocks=_replace_blocks(block.blocks, changed, added))
        out += [*before, new, *after]
    return tuple(out)


# --- The Antragsbuch ----------------------------------------------------------------------


def passage(
    book: m.Book,
    edition: Edition,
    checked: Checked,
    modified: bool = False,
    blocks: dict[str, TextBlock] | None = None,
) -> tuple[m.Paragraph, ...]:
    """An amendment's lines (those its changes cover, in the current edition) cut from
    the draft's blocks, with its changes in place (with ``modified``: the changes the
    assembly adopted instead). A new paragraph follows the block it comes after.
    ``blocks`` are the book's :func:`text_blocks`, if the caller has them."""
    changes = checked.effective if modified else checked.moved
    blocks = text_blocks(book) if blocks is None else blocks
    out: list[m.Paragraph] = []
    keys = dict.fromkeys(
        line.block for line in edition.lines[checked.lines.first - 1 : checked.lines.last]
    )
    for key in keys:
        block = blocks[key]
        edition_block = edition.blocks[key]
        text_changes = [c for c in changes if c.block == key and c.kind != "paragraph"]
        lines = [
            line
            for line in edition_block.lines
            if checked.lines.first <= line.number <= checked.lines.last
        ]
        normal = normalised(plain_text(block.children))
        start = normal.original_start(edition_block.starts[edition_block.lines.index(lines[0])])
        index = edition_block.lines.index(lines[-1]) + 1
        end = (
            normal.original_start(edition_block.starts[index])
            if index < len(edition_block.lines)
            else len(plain_text(block.children))
        )
        children = with_changes(book, block, text_changes, start, end)
        location = block.location
        paragraphs = [c for c in changes if c.block == key and c.kind == "paragraph"]
        for change in (c for c in paragraphs if c.before):
            out += _new_paragraphs(book, change)
        out.append(m.Paragraph(children, location))
        for change in (c for c in paragraphs if not c.before):
            out += _new_paragraphs(book, change)
    return tuple(out)


def _new_paragraphs(book: m.Book, change: Change) -> list[m.Paragraph]:
    number = change.amendment.number
    return [
        m.Paragraph((Insertion(number, p.children),), change.location)
        for p in new_blocks(book, change.new)
    ]


@dataclass(frozen=True)
class Entry:
    """An amendment in the Antragsbuch: the amendment as checked (number, lines, pages,
    movers, status), its passage with the changes as moved, with the adopted wording
    (if it was adopted modified), and its reasoning as the book's blocks."""

    checked: Checked
    moved: tuple[m.Paragraph, ...]
    adopted: tuple[m.Paragraph, ...]
    reasoning: tuple[m.Paragraph, ...]


def antragsbuch(book: m.Book, edition: Edition, report: CheckReport) -> tuple[Entry, ...]:
    """Every checked amendment of ``report`` in line order (then by number), with its
    passages and reasoning, from the typeset draft ``book``."""
    blocks = text_blocks(book)
    entries = []
    for checked in report.amendments:
        amendment = checked.amendment
        moved = passage(book, edition, checked, blocks=blocks)
        adopted = passage(book, edition, checked, True, blocks) if amendment.modified else ()
        reasoning = new_blocks(book, amendment.reasoning) if amendment.reasoning else ()
        entries.append(Entry(checked, moved, adopted, reasoning))
    return tuple(sorted(entries, key=lambda e: (e.checked.lines.first, _number(e))))


def _number(entry: Entry) -> tuple[str, int]:
    number = entry.checked.amendment.number
    digits = "".join(c for c in number if c.isdigit())
    return number.rstrip("0123456789."), int(digits) if digits else 0
