"""From the draft's lines to the adopted edition's, and the synopsis rows.

Once the adopted text (``publish amend apply``) is built and frozen as an edition of its
own, every line of the draft has a place in it: :func:`concordance` maps each draft line
to the adopted lines that now hold its text (none if it was deleted), and lists the lines
of the new paragraphs. It needs the two editions and the :class:`~publish.amend.apply.Adoption`
(which says where each draft block now begins); within a changed block the two texts are
aligned character by character (``difflib``), so a line keeps its place however the words
around it changed.

:func:`synopsis` gives the rows of the Synopse: for every changed block (or every block)
the draft block with its page and lines, and the adopted block.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from publish import model as m
from publish.amend.apply import Adoption
from publish.amend.check import Change
from publish.amend.edition import BlockText, Edition, TextBlock, text_blocks
from publish.amend.model import LineRange


@dataclass(frozen=True)
class ConcordanceEntry:
    """Where a draft line's text is in the adopted edition (``adopted`` None: deleted),
    and the amendments that change text in the line."""

    draft: int
    draft_page: int
    adopted: LineRange | None
    adopted_pages: tuple[int, ...]
    amendments: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.amendments)


@dataclass(frozen=True)
class NewLines:
    """The lines of a paragraph an amendment added, in the adopted edition."""

    lines: LineRange
    pages: tuple[int, ...]
    amendment: str


@dataclass(frozen=True)
class Concordance:
    entries: tuple[ConcordanceEntry, ...]
    new: tuple[NewLines, ...]

    def of(self, draft_line: int) -> ConcordanceEntry:
        return self.entries[draft_line - 1]


Opcode = tuple[str, int, int, int, int]


def _positions(old: str, new: str) -> list[Opcode]:
    """The alignment of two texts as difflib's opcodes (identity if equal)."""
    if old == new:
        return [("equal", 0, len(old), 0, len(new))]
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _mapped(opcodes: list[Opcode], start: int, end: int) -> list[int]:
    """The positions in the new text that hold characters ``start``–``end`` of the old
    (what replaced them, and what was inserted among them)."""
    found: list[int] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "insert":
            if start <= i1 < end and j2 > j1:
                found += [j1, j2 - 1]
            continue
        low, high = max(start, i1), min(end, i2)
        if low >= high:
            continue
        if tag == "equal":
            found += [j1 + low - i1, j1 + high - 1 - i1]
        elif tag == "replace" and j2 > j1:
            found += [j1, j2 - 1]
    return found


def _pages(edition: Edition, lines: LineRange) -> tuple[int, ...]:
    return tuple(sorted({line.page for line in edition.lines[lines.first - 1 : lines.last]}))


def concordance(draft: Edition, adopted: Edition, adoption: Adoption) -> Concordance:
    """Every draft line → the adopted lines that hold its text."""
    by_line: dict[int, set[str]] = {}
    for edit in adoption.edits:
        change = edit.change
        if change.kind != "paragraph":
            for number in range(change.first.number, change.last.number + 1):
                by_line.setdefault(number, set()).add(change.amendment.number)
    entries: list[ConcordanceEntry] = []
    for key, block in draft.blocks.items():
        target_key = adoption.adopted_key(key)
        target = adopted.blocks.get(target_key) if target_key else None
        opcodes = _positions(block.text, target.text) if target else []
        ends = [*block.starts[1:], len(block.text)]
        for line, start, end in zip(block.lines, block.starts, ends, strict=True):
            numbers = tuple(sorted(by_line.get(line.number, ()), key=_natural))
            found = _mapped(opcodes, start, end) if target else []
            if not found or target is None:
                entries.append(ConcordanceEntry(line.number, line.page, None, (), numbers))
                continue
            first = target.line_at(min(found)).number
            last = target.line_at(max(found)).number
            lines = LineRange(first, last)
            entries.append(
                ConcordanceEntry(line.number, line.page, lines, _pages(adopted, lines), numbers)
            )
    entries.sort(key=lambda e: e.draft)
    new = []
    for key, change in adoption.new_blocks:
        block_text = adopted.blocks.get(key)
        if block_text is None:
            continue
        lines = LineRange(block_text.lines[0].number, block_text.lines[-1].number)
        new.append(NewLines(lines, _pages(adopted, lines), change.amendment.number))
    return Concordance(tuple(entries), tuple(sorted(new, key=lambda n: n.lines.first)))


def _natural(number: str) -> tuple[str, int]:
    digits = "".join(c for c in number if c.isdigit())
    return (number.rstrip("0123456789."), int(digits) if digits else 0)


# --- The synopsis -------------------------------------------------------------------------


@dataclass(frozen=True)
class SynopsisRow:
    """One row of the Synopse: a draft block (None for a new paragraph) with its lines
    and pages, and the adopted block (None if it was deleted), and the amendments that
    made the difference."""

    draft: TextBlock | None
    draft_lines: LineRange | None
    draft_pages: tuple[int, ...]
    adopted: TextBlock | None
    amendments: tuple[str, ...]
    adopted_lines: LineRange | None = None

    @property
    def changed(self) -> bool:
        return bool(self.amendments)


def synopsis(
    draft_book: m.Book,
    adopted_book: m.Book,
    draft: Edition,
    adoption: Adoption,
    every_block: bool = False,
    adopted: Edition | None = None,
) -> tuple[SynopsisRow, ...]:
    """The rows of the Synopse, in the draft's order: the changed blocks (with
    ``every_block``: every numbered block) and the new paragraphs after (or before) the
    block they were added to. Both books are read (and typeset) as built; ``adopted``,
    the adopted edition, adds the adopted lines."""
    drafts = text_blocks(draft_book)
    adopteds = text_blocks(adopted_book)
    by_block: dict[str, list[Change]] = {}
    for edit in adoption.edits:
        by_block.setdefault(edit.change.block, []).append(edit.change)
    new_keys: dict[int, list[str]] = {}
    for key, change in adoption.new_blocks:
        new_keys.setdefault(id(change), []).append(key)
    rows: list[SynopsisRow] = []
    for key, block_text in draft.blocks.items():
        changes = by_block.get(key, [])
        text_changes = [c for c in changes if c.kind != "paragraph"]
        for change in (c for c in changes if c.kind == "paragraph" and c.before):
            rows += _new_rows(change, new_keys, adopteds, adopted)
        if text_changes or every_block:
            rows.append(_row(key, block_text, drafts, adopteds, adoption, text_changes, adopted))
        for change in (c for c in changes if c.kind == "paragraph" and not c.before):
            rows += _new_rows(change, new_keys, adopteds, adopted)
    return tuple(rows)


def _row(
    key: str,
    block_text: BlockText,
    drafts: dict[str, TextBlock],
    adopteds: dict[str, TextBlock],
    adoption: Adoption,
    changes: list[Change],
    adopted: Edition | None,
) -> SynopsisRow:
    lines = LineRange(block_text.lines[0].number, block_text.lines[-1].number)
    pages = tuple(sorted({line.page for line in block_text.lines}))
    target_key = adoption.adopted_key(key)
    target = adopteds.get(target_key) if target_key else None
    numbers = tuple(sorted({c.amendment.number for c in changes}, key=_natural))
    return SynopsisRow(
        drafts.get(key), lines, pages, target, numbers, _lines_of(adopted, target_key)
    )


def _new_rows(
    change: Change,
    new_keys: dict[int, list[str]],
    adopteds: dict[str, TextBlock],
    adopted: Edition | None,
) -> Iterator[SynopsisRow]:
    for key in new_keys.get(id(change), []):
        number = (change.amendment.number,)
        yield SynopsisRow(None, None, (), adopteds.get(key), number, _lines_of(adopted, key))


def _lines_of(edition: Edition | None, key: str | None) -> LineRange | None:
    if edition is None or key is None or key not in edition.blocks:
        return None
    lines = edition.blocks[key].lines
    return LineRange(lines[0].number, lines[-1].number)
