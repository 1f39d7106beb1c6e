"""Checking amendments against the edition they cite.

For every amendment: its edition exists; the cited lines exist and are on the cited page;
every quoted passage is in exactly the cited lines (else where it really is); a passage
that occurs more than once there says which occurrence is meant; a new paragraph goes
after the last (or before the first) line of a block. An amendment against an older
edition is *re-anchored*: its passages are found again in the current edition (a passage
found once, or found once with the words around it in the old edition, moves with a
warning that gives the old and the new lines; otherwise it is an error). Finally, no two
adopted amendments may change overlapping text: a conflict names both.

All of it needs only the edition files (:mod:`publish.amend.edition`), never the layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from publish.amend.edition import BlockText, Edition, EditionLine, Editions, load_editions
from publish.amend.model import (
    Amendment,
    LineRange,
    NewParagraph,
    Operation,
    Replace,
    Status,
    TextOperation,
)
from publish.amend.read import AMENDMENTS, amendment_files, read_amendment
from publish.amend.text import (
    find_all,
    lines_text,
    lines_word,
    listing,
    normalise,
    pages_text,
    shown,
)
from publish.errors import Diagnostic, SourceLocation, display_path
from publish.messages import translate

Kind = Literal["replace", "delete", "insert", "paragraph"]


@dataclass(frozen=True)
class Change:
    """One operation placed in an edition: the block, the span of its normalised text
    (``start == end`` for an insertion), the new text and the lines it touches. For a new
    paragraph the span is the block's end (or its start, ``before``)."""

    amendment: Amendment
    operation: Operation
    block: str
    start: int
    end: int
    new: str
    kind: Kind
    first: EditionLine
    last: EditionLine
    before: bool = False

    @property
    def lines(self) -> LineRange:
        return LineRange(self.first.number, self.last.number)

    @property
    def location(self) -> SourceLocation:
        return self.operation.location


@dataclass(frozen=True)
class Checked:
    """An amendment as checked: its changes as moved, and those that change the adopted
    text (the modified ones for „modifiziert übernommen“), placed in the current edition;
    the lines it covers there; whether it was re-anchored from an older edition."""

    amendment: Amendment
    moved: tuple[Change, ...]
    effective: tuple[Change, ...]
    lines: LineRange
    pages: tuple[int, ...]
    reanchored_from: str = ""


@dataclass(frozen=True)
class CheckReport:
    """Every amendment of a book checked against the current edition."""

    edition: Edition | None
    amendments: tuple[Checked, ...]
    problems: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]
    #: The amendment files (as messages name them), in order.
    files: tuple[str, ...] = ()
    editions: Editions = field(default_factory=lambda: Editions(()))
    #: Every amendment that could be read, checked or not.
    read: tuple[Amendment, ...] = ()

    @property
    def statuses(self) -> dict[str, Status]:
        """The status of every amendment that could be read, by file."""
        return {a.file: a.status for a in self.read}

    @property
    def adopted_changes(self) -> tuple[Change, ...]:
        """The changes of the adopted text: every adopted amendment's, in file order."""
        return tuple(change for checked in self.adopted for change in checked.effective)

    @property
    def adopted(self) -> tuple[Checked, ...]:
        return tuple(c for c in self.amendments if c.amendment.status.adopted)

    def problems_of(self, file: str) -> list[Diagnostic]:
        return [p for p in self.problems if p.location.file == file]


def span_text(lines: LineRange) -> str:
    """„line 345“ or „lines 345–347“, in the reader's language."""
    return lines_text(lines.first, lines.last)


# --- Checking a whole book ----------------------------------------------------------------


def check_book(book_dir: Path) -> CheckReport:
    """Read and check every amendment in ``book_dir/antraege`` against the editions in
    ``book_dir/ausgaben``."""
    editions = load_editions(book_dir)
    problems: list[Diagnostic] = list(editions.problems)
    warnings: list[Diagnostic] = []
    files = amendment_files(book_dir)
    current = editions.current
    if current is None:
        if files:
            folder = display_path(book_dir / "ausgaben")
            problems.append(
                Diagnostic(
                    SourceLocation(folder),
                    "no frozen edition: the amendments cannot be checked",
                    "build the book (publish build), then freeze its edition "
                    "(publish amend freeze)",
                )
            )
        names = tuple(display_path(path) for path in files)
        return CheckReport(None, (), tuple(problems), (), names, editions)
    amendments: list[Amendment] = []
    for path in files:
        amendment, found = read_amendment(path, book_dir)
        problems.extend(found)
        if amendment is not None:
            amendments.append(amendment)
    problems.extend(_numbers(amendments))
    checked = []
    for amendment in amendments:
        result = check_amendment(amendment, editions, current, problems, warnings)
        if result is not None:
            checked.append(result)
    problems.extend(conflicts(checked))
    order = {display_path(path): n for n, path in enumerate(files)}
    in_order = source_order(tuple(order))

    return CheckReport(
        current,
        tuple(checked),
        tuple(sorted(problems, key=in_order)),
        tuple(sorted(warnings, key=in_order)),
        tuple(order),
        editions,
        tuple(amendments),
    )


def source_order(files: tuple[str, ...]) -> Callable[[Diagnostic], tuple[int, int, int]]:
    """A sort key for problems: by file (in the order of ``files``; others first), line
    and column."""
    rank = {file: n for n, file in enumerate(files)}

    def key(problem: Diagnostic) -> tuple[int, int, int]:
        where = problem.location
        return (rank.get(where.file, -1), where.line or 0, where.column or 0)

    return key


def _numbers(amendments: list[Amendment]) -> Iterable[Diagnostic]:
    """Every number once; „erledigt_durch“ names an amendment that exists."""
    first: dict[str, Amendment] = {}
    for amendment in amendments:
        other = first.setdefault(amendment.number, amendment)
        if other is not amendment:
            yield Diagnostic(
                amendment.key_location("nummer"),
                f"the number {amendment.number} is used twice",
                f"{other.file} has it too; give each amendment its own number",
            )
    for amendment in amendments:
        if amendment.settled_by and amendment.settled_by not in first:
            yield Diagnostic(
                amendment.key_location("erledigt_durch"),
                f"there is no amendment {amendment.settled_by}",
                "name the amendment that settled this one, e.g. Ä5",
            )


def check_amendment(
    amendment: Amendment,
    editions: Editions,
    current: Edition,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> Checked | None:
    """One amendment against its edition, placed in the current one (None if it cannot be
    placed at all)."""
    edition = editions.by_name.get(amendment.edition)
    if edition is None:
        known = ", ".join(e.name for e in editions) or translate("none")
        problems.append(
            Diagnostic(
                amendment.key_location("ausgabe"),
                f"unknown edition „{amendment.edition}“",
                f"the frozen editions (ausgaben/) are: {known}",
            )
        )
        return None
    before = len(problems)
    if not _citation(amendment, edition, problems):
        return None
    moved = _place(amendment.operations, amendment, edition, problems)
    effective = (
        _place(amendment.modified, amendment, edition, problems) if amendment.modified else moved
    )
    for changes in (moved, effective) if amendment.modified else (moved,):
        problems.extend(
            _conflict(earlier, later)
            for index, later in enumerate(changes)
            for earlier in changes[:index]
            if earlier.block == later.block and _overlap(earlier, later)
        )
    if len(problems) > before:
        return None
    reanchored_from = ""
    if edition is not current:
        old_lines, old_pages = _extent(moved + effective, amendment.lines, edition)
        moved = _reanchor(moved, edition, current, problems)
        effective = (
            _reanchor(effective, edition, current, problems) if amendment.modified else moved
        )
        if len(problems) > before:
            return None
        reanchored_from = edition.name
        lines, pages = _extent(moved + effective, amendment.lines, current)
        warnings.append(_moved_warning(amendment, current, old_lines, old_pages, lines, pages))
    else:
        lines, pages = _extent(moved + effective, amendment.lines, current)
    return Checked(amendment, moved, effective, lines, pages, reanchored_from)


def _extent(
    changes: tuple[Change, ...], cited: LineRange, edition: Edition
) -> tuple[LineRange, tuple[int, ...]]:
    """The lines the changes cover (the cited lines if there are none), and their pages."""
    if changes:
        first = min(c.first.number for c in changes)
        last = max(c.last.number for c in changes)
    else:
        first, last = cited.first, cited.last
    pages = sorted({line.page for line in edition.lines[first - 1 : last]})
    return LineRange(first, last), tuple(pages)


def _moved_warning(
    amendment: Amendment,
    current: Edition,
    old_lines: LineRange,
    old_pages: tuple[int, ...],
    lines: LineRange,
    pages: tuple[int, ...],
) -> Diagnostic:
    return Diagnostic(
        amendment.key_location("ausgabe"),
        f"{amendment.number} cites the older edition {amendment.edition}: in edition "
        f"{current.name} its text is on {pages_text(pages)}, {span_text(lines)} (was "
        f"{pages_text(old_pages)}, {span_text(old_lines)})",
        f"check it, then write „ausgabe: {current.name}“, „seite: {pages[0]}“ and "
        f"„zeilen: {lines}“",
    )


def _citation(amendment: Amendment, edition: Edition, problems: list[Diagnostic]) -> bool:
    """The cited lines exist, and are on the cited page."""
    cited = amendment.lines
    if edition.line(cited.last) is None:
        missing = cited.first if edition.line(cited.first) is None else cited.last
        problems.append(
            Diagnostic(
                amendment.key_location("zeilen"),
                f"line {missing} does not exist: edition {edition.name} has lines "
                f"1–{len(edition.lines)}",
                "check „zeilen“",
            )
        )
        return False
    pages = tuple(sorted({line.page for line in edition.lines[cited.first - 1 : cited.last]}))
    if amendment.page is not None and amendment.page not in pages:
        on = pages_text(pages)
        message = (
            f"line {cited} is on {on}, not on page {amendment.page}"
            if cited.first == cited.last
            else f"lines {cited} are on {on}, not on page {amendment.page}"
        )
        problems.append(
            Diagnostic(amendment.key_location("seite"), message, f"write „seite: {pages[0]}“")
        )
        return False
    return True


# --- Placing operations in an edition -----------------------------------------------------


def _place(
    operations: tuple[Operation, ...],
    amendment: Amendment,
    edition: Edition,
    problems: list[Diagnostic],
) -> tuple[Change, ...]:
    placed = []
    for operation in operations:
        if isinstance(operation, NewParagraph):
            change = _place_paragraph(operation, amendment, edition, problems)
        else:
            change = _place_text(operation, amendment, edition, problems)
        if change is not None:
            placed.append(change)
    return tuple(placed)


def _cited_blocks(edition: Edition, cited: LineRange) -> list[BlockText]:
    keys = dict.fromkeys(line.block for line in edition.lines[cited.first - 1 : cited.last])
    return [edition.blocks[key] for key in keys]


def _text_change(
    amendment: Amendment, operation: TextOperation, block: BlockText, start: int, end: int
) -> Change:
    """The change ``operation`` makes where its passage was found (``start``–``end``)."""
    if isinstance(operation, Replace):
        kind: Kind = "replace"
    elif operation.verb == "delete":
        kind = "delete"
    else:
        kind = "insert"
        start = end = end if operation.verb == "insert after" else start
    first, last = block.lines_of(start, end)
    return Change(amendment, operation, block.key, start, end, operation.new, kind, first, last)


def _place_text(
    operation: TextOperation,
    amendment: Amendment,
    edition: Edition,
    problems: list[Diagnostic],
) -> Change | None:
    passage = operation.passage
    wanted = normalise(passage.text)
    cited = amendment.lines
    found: list[tuple[BlockText, int, int]] = []
    for block in _cited_blocks(edition, cited):
        for start in find_all(block.text, wanted):
            first, last = block.lines_of(start, start + len(wanted))
            if first.number >= cited.first and last.number <= cited.last:
                found.append((block, start, start + len(wanted)))
    quoted = shown(passage.text)
    where = span_text(cited)
    if passage.occurrence:
        if passage.occurrence <= len(found):
            block, start, end = found[passage.occurrence - 1]
            return _text_change(amendment, operation, block, start, end)
        problems.append(
            Diagnostic(
                passage.location,
                f"„{quoted}“ occurs only {len(found)} times in {where}",
                "count the occurrences in the cited lines again",
            )
        )
        return None
    if len(found) == 1:
        block, start, end = found[0]
        return _text_change(amendment, operation, block, start, end)
    if len(found) > 1:
        numbers = sorted({block.line_at(start).number for block, start, _ in found})
        at = lines_text(numbers[0]) if len(numbers) == 1 else _numbers_text(numbers)
        problems.append(
            Diagnostic(
                passage.location,
                f"„{quoted}“ occurs {len(found)} times in {where} ({at})",
                f"quote a longer passage, or say which one: „{quoted}“ (2. Vorkommen)",
            )
        )
        return None
    problems.append(_elsewhere(passage.location, quoted, wanted, amendment, edition))
    return None


def _numbers_text(numbers: list[int]) -> str:
    """„lines 345 and 347“, „lines 12, 345 and 347“ (in the reader's language)."""
    return lines_word(True) + " " + listing([str(n) for n in numbers])


def _elsewhere(
    location: SourceLocation, quoted: str, wanted: str, amendment: Amendment, edition: Edition
) -> Diagnostic:
    """Where a passage that is not in the cited lines really is."""
    cited = amendment.lines
    spans = []
    for block in edition.blocks.values():
        for start in find_all(block.text, wanted):
            first, last = block.lines_of(start, start + len(wanted))
            spans.append(LineRange(first.number, last.number))
    if not spans:
        return Diagnostic(
            location,
            f"„{quoted}“ is not in {span_text(cited)}, nor anywhere else in edition {edition.name}",
            "quote the passage exactly as printed",
        )
    if len(spans) == 1:
        real = spans[0]
        pages = sorted({line.page for line in edition.lines[real.first - 1 : real.last]})
        if amendment.page is None or amendment.page in pages:
            hint = f"write „zeilen: {real}“"
        else:
            hint = f"write „seite: {pages[0]}“ and „zeilen: {real}“"
        return Diagnostic(location, f"„{quoted}“ is in {span_text(real)}, not {cited}", hint)
    if len(spans) > 5:
        spans = spans[:5]
    listed = lines_word(True) + " " + listing([str(s) for s in spans])
    return Diagnostic(
        location,
        f"„{quoted}“ is not in {span_text(cited)}; it is in {listed}",
        "cite the lines of the passage you mean in „zeilen“",
    )


def _place_paragraph(
    operation: NewParagraph,
    amendment: Amendment,
    edition: Edition,
    problems: list[Diagnostic],
) -> Change | None:
    line = edition.line(operation.line)
    if line is None or operation.line not in amendment.lines:
        problems.append(
            Diagnostic(
                operation.location,
                f"line {operation.line} is not among the cited lines {amendment.lines}",
                "cite it in „zeilen“",
            )
        )
        return None
    block = edition.blocks[line.block]
    edge = block.lines[0] if operation.before else block.lines[-1]
    if edge.number != line.number:
        where = "vor" if operation.before else "nach"
        word = "first" if operation.before else "last"
        problems.append(
            Diagnostic(
                operation.location,
                f"line {line.number} is not the {word} line of its paragraph (that is line "
                f"{edge.number})",
                f"write „Füge {where} Zeile {edge.number} einen neuen Absatz ein:“",
            )
        )
        return None
    at = 0 if operation.before else len(block.text)
    new = "\n\n".join(operation.paragraphs)
    return Change(
        amendment, operation, block.key, at, at, new, "paragraph", edge, edge, operation.before
    )


# --- Re-anchoring -------------------------------------------------------------------------


def _reanchor(
    changes: tuple[Change, ...], old: Edition, current: Edition, problems: list[Diagnostic]
) -> tuple[Change, ...]:
    placed = []
    for change in changes:
        found = _find_again(change, old, current)
        if isinstance(found, Diagnostic):
            problems.append(found)
            continue
        block, start, end = found
        first, last = block.lines_of(start, end)
        if change.kind == "paragraph":
            first = last = block.lines[0] if change.before else block.lines[-1]
        placed.append(
            Change(
                change.amendment,
                change.operation,
                block.key,
                start,
                end,
                change.new,
                change.kind,
                first,
                last,
                change.before,
            )
        )
    return tuple(placed)


#: How many characters around a passage are taken along to find it again, widening.
CONTEXTS = (30, 80, 200)


def _find_again(
    change: Change, old: Edition, current: Edition
) -> tuple[BlockText, int, int] | Diagnostic:
    """Where ``change`` (placed in ``old``) is in ``current``: its passage if it occurs
    once there, else the passage with more and more of the old text around it."""
    source = old.blocks[change.block].text
    if change.kind == "paragraph":
        hits = _hits(current, source)
        if len(hits) == 1:
            block, _ = hits[0]
            at = 0 if change.before else len(block.text)
            return block, at, at
        return _lost(change, current, translate("the paragraph"), len(hits))
    operation = change.operation
    assert not isinstance(operation, NewParagraph)
    passage = normalise(operation.passage.text)
    start, end = _passage_span(change, passage)
    hits = _hits(current, passage)
    if len(hits) == 1:
        block, at = hits[0]
        return _span(change, block, at, at + len(passage))
    for width in CONTEXTS:
        left = max(0, start - width)
        window = source[left : min(len(source), end + width)]
        found = _hits(current, window)
        if len(found) == 1:
            block, at = found[0]
            return _span(change, block, at + start - left, at + end - left)
    return _lost(change, current, f"„{shown(operation.passage.text)}“", len(hits))


def _passage_span(change: Change, passage: str) -> tuple[int, int]:
    """The span of the change's passage in its block (insertions keep only a point)."""
    if change.kind != "insert":
        return change.start, change.end
    operation = change.operation
    after = getattr(operation, "verb", "") == "insert after"
    return (
        (change.start - len(passage), change.start)
        if after
        else (
            change.start,
            change.start + len(passage),
        )
    )


def _span(change: Change, block: BlockText, start: int, end: int) -> tuple[BlockText, int, int]:
    if change.kind == "insert":
        at = end if getattr(change.operation, "verb", "") == "insert after" else start
        return block, at, at
    return block, start, end


def _hits(edition: Edition, wanted: str) -> list[tuple[BlockText, int]]:
    return [
        (block, start)
        for block in edition.blocks.values()
        for start in find_all(block.text, wanted)
    ]


def _lost(change: Change, current: Edition, what: str, count: int) -> Diagnostic:
    if count == 0:
        message = f"{what} of {change.amendment.number} is no longer in edition {current.name}"
    else:
        message = (
            f"{what} of {change.amendment.number} occurs {count} times in edition "
            f"{current.name} and cannot be placed again"
        )
    return Diagnostic(
        change.location,
        message,
        f"rewrite the amendment against edition {current.name} (ausgabe, seite, zeilen)",
    )


# --- Conflicts ----------------------------------------------------------------------------


def _overlap(a: Change, b: Change) -> bool:
    """Whether two changes of one block touch the same text (or insert at one place)."""
    if a.kind == "paragraph" or b.kind == "paragraph":
        return a.kind == b.kind and a.before == b.before
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def conflicts(checked: list[Checked]) -> Iterable[Diagnostic]:
    """Adopted amendments (and the changes of one amendment) that change the same text."""
    by_block: dict[str, list[Change]] = {}
    for result in checked:
        if result.amendment.status.adopted:
            for change in result.effective:
                by_block.setdefault(change.block, []).append(change)
    for changes in by_block.values():
        for index, later in enumerate(changes):
            for earlier in changes[:index]:
                if earlier.amendment is not later.amendment and _overlap(earlier, later):
                    yield _conflict(earlier, later)


def _conflict(earlier: Change, later: Change) -> Diagnostic:
    where = span_text(LineRange(later.first.number, later.last.number))
    a, b = later.amendment, earlier.amendment
    if a is b:
        return Diagnostic(
            later.location,
            f"two changes of {a.number} overlap in {where}",
            f"the other one is at {earlier.location}; make them one change",
        )
    return Diagnostic(
        later.location,
        f"{a.number} and {b.number} change the same text in {where}",
        f"{b.number} is at {earlier.location}; only one of them can be adopted as written: "
        "set the other to „abgelehnt“ or „erledigt“, or adopt one as „modifiziert "
        "übernommen“ with both changes",
    )


def amendments_folder(book_dir: Path) -> Path:
    return book_dir / AMENDMENTS
