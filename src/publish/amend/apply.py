"""Applying the adopted amendments to the Markdown source.

Each change, placed in the current edition (:mod:`publish.amend.check`), becomes an edit
of its chapter file: the passage's characters are found in the source
(:mod:`publish.amend.source`) and replaced, deleted, or given new text before or after;
a new paragraph goes after (or before) its block, as a new list item in a list and inside
the quote in a quote. Everything else of the file stays as it is, byte for byte.

What a change may touch: a passage lies in one block, and begins and ends in the same
marked text (plain text, or inside one emphasis, link or language span); it may hold whole
marked passages, which it then replaces. It may not hold a footnote call (the note would
lose its place). A new text is running Markdown (emphasis, links, language spans; no
footnotes, images, headings, lists). An insertion takes the marking of the passage it
follows or precedes (but not sub- or superscript: it goes after or before that), and is
set apart from it by a space (not before , . ; : ! ? or ));
a deletion takes one space next to it along, so no double space is left. Deleting the whole
text of a paragraph or list item deletes the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from publish import model as m
from publish.amend.check import Change, CheckReport
from publish.amend.edition import Edition, changed_sources
from publish.amend.model import NewParagraph
from publish.amend.source import (
    AlignmentError,
    BlockSource,
    ChapterSource,
    Container,
    first_line,
    parser,
    read_chapter_source,
)
from publish.amend.text import shown
from publish.errors import BookError, Diagnostic, PublishError, SourceLocation, display_path
from publish.messages import translate
from publish.read.markdown import ChapterReader

#: A new text that begins with one of these follows its passage without a space.
ATTACHED = tuple(",.;:!?)]…’“")
#: A new text that ends with one of these precedes its passage without a space.
OPENING = tuple("([„‚\"'/-")
#: What may make a new text more than plain words in Markdown: markup characters, and a
#: list marker, heading or quote at the start of a line.
MARKDOWN = re.compile(r"[\\`*_\[\]<>#|!{}&~^$]|(?:^|\n)\s*(?:[-+>]|\d+[.)])(?:\s|$)")
#: Quote markers at the start of a line.
QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)+")


@dataclass(frozen=True)
class SourceEdit:
    """One edit of a chapter file: ``text`` replaces ``start``–``end`` (offsets in the
    file's text with ``\\n`` line ends)."""

    file: str
    start: int
    end: int
    text: str
    change: Change
    removes_block: bool = False


@dataclass(frozen=True)
class Adoption:
    """The adopted text: the new text of every changed chapter file, the edits that made
    it, where each block of the draft now begins (``moved``: draft key → adopted key, None
    if it was deleted; blocks of unchanged files keep their key), and the keys of the new
    paragraphs with the change that made each."""

    edition: Edition
    sources: dict[str, str]
    edits: tuple[SourceEdit, ...]
    moved: dict[str, str | None]
    new_blocks: tuple[tuple[str, Change], ...]
    crlf: frozenset[str] = frozenset()

    def adopted_key(self, key: str) -> str | None:
        """Where the draft's block ``key`` is in the adopted source (None: deleted)."""
        return self.moved.get(key, key)

    @property
    def changed_blocks(self) -> frozenset[str]:
        """The draft blocks whose text the adopted amendments change."""
        return frozenset(e.change.block for e in self.edits if e.change.kind != "paragraph")


class _Sources:
    """The chapter files read so far, each once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.chapters: dict[str, ChapterSource] = {}

    def chapter(self, file: str) -> ChapterSource:
        if file not in self.chapters:
            self.chapters[file] = read_chapter_source(self.root, file)
        return self.chapters[file]


def block_file(key: str) -> str:
    return key.rpartition(":")[0]


def source_edits(
    root: Path, edition: Edition, changes: Iterable[Change], problems: list[Diagnostic]
) -> tuple[list[SourceEdit], dict[str, ChapterSource]]:
    """The edit each change makes of its chapter file; problems are added to
    ``problems`` (with the place of the change in its amendment)."""
    sources = _Sources(root)
    edits: list[SourceEdit] = []
    for change in changes:
        try:
            chapter = sources.chapter(block_file(change.block))
            block = chapter.block(change.block)
        except (OSError, UnicodeDecodeError, ValueError, AlignmentError) as error:
            problems.append(_unplaceable(change, str(error)))
            continue
        if block is None or block.normal.text != edition.blocks[change.block].text:
            problems.append(
                Diagnostic(
                    change.location,
                    f"the text of {change.block} is not that of edition {edition.name}",
                    "build the book and freeze a new edition (publish amend freeze), then "
                    "check the amendments again",
                )
            )
            continue
        edit = _edit(change, chapter, block, problems)
        if edit is not None:
            edits.append(edit)
    return edits, sources.chapters


def _unplaceable(change: Change, detail: str) -> Diagnostic:
    return Diagnostic(
        change.location,
        f"the change cannot be placed in the Markdown of {change.block} ({detail})",
        "apply it by hand in the new book folder",
    )


def _edit(
    change: Change, chapter: ChapterSource, block: BlockSource, problems: list[Diagnostic]
) -> SourceEdit | None:
    if change.kind == "paragraph":
        return _paragraph_edit(change, chapter, block)
    normal = block.normal
    passage = _passage_of(change)
    if change.kind == "insert":
        if change.operation.verb == "insert after":
            raw = normal.original_end(change.end)
            offset = _outside_scripts(chapter.text, block, raw, block.spans[raw - 1][1], +1)
            offset = next((n.end for n in block.notes if n.index == raw), offset)
            text = change.new if change.new.startswith(ATTACHED) else " " + change.new
        else:
            raw = normal.original_start(change.start)
            offset = _outside_scripts(chapter.text, block, raw, block.spans[raw][0], -1)
            text = change.new if change.new.endswith(OPENING) else change.new + " "
        return SourceEdit(chapter.file, offset, offset, text, change)
    first, last = normal.original_start(change.start), normal.original_end(change.end) - 1
    if block.paths[first] != block.paths[last]:
        problems.append(
            Diagnostic(
                _where(change),
                f"„{passage}“ begins and ends in differently marked text (emphasis, a link "
                "or a language span)",
                "quote all of the marked text, or a passage inside it",
            )
        )
        return None
    for note in block.notes:
        if first < note.index <= last:
            problems.append(
                Diagnostic(
                    _where(change),
                    f"„{passage}“ holds the call of footnote [^{note.label}]",
                    "quote a passage that ends before the call or begins after it",
                )
            )
            return None
    start, end = block.spans[first][0], block.spans[last][1]
    if change.kind == "delete":
        if change.start == 0 and change.end == len(normal.text):
            return _block_deletion(change, chapter, block, problems)
        start, end = _deleted(chapter.text, block, first, last)
        return SourceEdit(chapter.file, start, end, "", change)
    return SourceEdit(chapter.file, start, end, change.new, change)


def _outside_scripts(text: str, block: BlockSource, raw: int, offset: int, step: int) -> int:
    """An insertion at ``offset`` (before the block's character ``raw``) moved past the
    ``~`` or ``^`` that closes (``step`` +1) or opens (-1) a sub- or superscript there: new
    words are not set small and raised (a space inside would undo the markup). A ``~`` or
    ``^`` that is a character of the text (it has a span of its own) stays where it is."""
    text_at = {start for start, _ in block.spans} if step > 0 else {end for _, end in block.spans}
    while True:
        at = offset if step > 0 else offset - 1
        if not 0 <= at < len(text) or text[at] not in "~^" or offset in text_at:
            return offset
        if at > 0 and text[at - 1] == "\\":
            return offset
        offset += step


def _where(change: Change) -> SourceLocation:
    """Where a change's passage is quoted (the change itself if it has none)."""
    passage = getattr(change.operation, "passage", None)
    return passage.location if passage is not None else change.location


def _passage_of(change: Change) -> str:
    passage = getattr(change.operation, "passage", None)
    return shown(passage.text) if passage is not None else ""


DELIMITERS = "*_~^"


def _deleted(text: str, block: BlockSource, first: int, last: int) -> tuple[int, int]:
    """The source a deletion of the block's characters ``first`` to ``last`` removes: with
    the markup around them where they are all of an emphasis, a sub- or superscript or a
    link (no empty ``**`` is left, which Markdown prints), and with one space next to them,
    so that no double space, no space before a comma and no space just inside an emphasis
    („eine * Klima*“, which is no emphasis) is left."""
    spans, paths = block.spans, block.paths
    start, end = spans[first][0], spans[last][1]
    # the markup between the passage and the text before and after it
    opener = spans[first - 1][1] if first > 0 else _delimiters_before(text, start)
    closer = spans[last + 1][0] if last + 1 < len(spans) else _delimiters_after(text, end)
    path = paths[first]
    outer_before = paths[first - 1] if first > 0 else ()
    outer_after = paths[last + 1] if last + 1 < len(paths) else ()
    if (
        path
        and len(outer_before) < len(path)
        and len(outer_after) < len(path)
        and path[: len(outer_before)] == outer_before
        and path[: len(outer_after)] == outer_after
        and not any(char.isspace() for char in text[opener:start] + text[end:closer])
    ):  # the whole of a marked text: its markup goes with it
        start, end = opener, closer
    marked_before = start > opener
    marked_after = closer > end
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if after == " " and (before in " \n\t" or marked_before):
        return start, end + 1
    if before == " " and (after in ",.;:!?)\n" or after.isspace() or marked_after):
        return start - 1, end
    return start, end


def _delimiters_before(text: str, start: int) -> int:
    while start > 0 and text[start - 1] in DELIMITERS:
        start -= 1
    return start


def _delimiters_after(text: str, end: int) -> int:
    while end < len(text) and text[end] in DELIMITERS:
        end += 1
    return end


def _block_deletion(
    change: Change, chapter: ChapterSource, block: BlockSource, problems: list[Diagnostic]
) -> SourceEdit | None:
    """A deletion of a block's whole text: its lines go, with an empty line next to them
    (a list item goes with its marker; one with more in it cannot go)."""
    first, end = block.first_line, block.end_line
    inner = block.containers[-1] if block.containers else None
    if inner is not None and inner.kind == "list_item" and inner.first_line == first:
        item_end = _content_end(chapter, inner)
        if item_end != end:
            problems.append(
                Diagnostic(
                    change.location,
                    "the list item holds more than this paragraph, so it cannot be deleted",
                    "delete its parts one by one",
                )
            )
            return None
    lines = chapter.line_starts
    start = lines[first]
    stop = lines[end] if end < len(lines) else len(chapter.text)
    text = chapter.text
    if stop < len(text) and text[stop : text.find("\n", stop) + 1].strip() == "":
        stop = text.find("\n", stop) + 1 if text.find("\n", stop) >= 0 else len(text)
    elif first > 0 and text[lines[first - 1] : start].strip() == "":
        start = lines[first - 1]
    return SourceEdit(chapter.file, start, stop, "", change, removes_block=True)


def _content_end(chapter: ChapterSource, container: Container) -> int:
    """A container's end line without the empty lines after it."""
    end = container.end_line
    while (
        end > container.first_line + 1
        and not chapter.text[chapter.line_starts[end - 1] : chapter.line_end(end - 1)].strip()
    ):
        end -= 1
    return end


def _line(chapter: ChapterSource, line: int) -> str:
    return chapter.text[chapter.line_starts[line] : chapter.line_end(line)]


def _paragraph_edit(change: Change, chapter: ChapterSource, block: BlockSource) -> SourceEdit:
    operation = change.operation
    assert isinstance(operation, NewParagraph)
    paragraphs = operation.paragraphs
    inner = block.containers[-1] if block.containers else None
    opening = _line(chapter, block.first_line)
    if inner is not None and inner.kind == "list_item" and inner.first_line == block.first_line:
        indent = opening[: len(opening) - len(opening.lstrip())]
        marker = inner.marker
        if marker[:-1].isdigit():
            marker = f"{int(marker[:-1]) + (0 if change.before else 1)}{marker[-1]}"
        prefix = f"{indent}{marker} "
        gap = "\n" if inner.tight else "\n\n"
        if change.before:
            at = chapter.line_starts[inner.first_line]
            text = "".join(f"{prefix}{p}{gap}" for p in paragraphs)
        else:
            at = chapter.line_end(_content_end(chapter, inner) - 1)
            text = "".join(f"{gap}{prefix}{p}" for p in paragraphs)
        return SourceEdit(chapter.file, at, at, text, change)
    if inner is not None and inner.kind == "blockquote":
        quote = QUOTE_PREFIX.match(opening)
        prefix = quote.group() if quote else "> "
        bare = prefix.rstrip()
        if change.before:
            at = chapter.line_starts[block.first_line]
            text = "".join(f"{prefix}{p}\n{bare}\n" for p in paragraphs)
        else:
            at = chapter.line_end(block.end_line - 1)
            text = "".join(f"\n{bare}\n{prefix}{p}" for p in paragraphs)
        return SourceEdit(chapter.file, at, at, text, change)
    indent = opening[: len(opening) - len(opening.lstrip())]
    if change.before:
        at = chapter.line_starts[block.first_line]
        text = "".join(f"{indent}{p}\n\n" for p in paragraphs)
    else:
        at = chapter.line_end(block.end_line - 1)
        text = "".join(f"\n\n{indent}{p}" for p in paragraphs)
    return SourceEdit(chapter.file, at, at, text, change)


# --- The adopted source --------------------------------------------------------------------


def adopt(book_dir: Path, report: CheckReport) -> Adoption:
    """The adopted text of ``book_dir``: every adopted amendment of ``report`` applied to
    the source. Raises :class:`BookError` with every problem (the report's, and those of
    placing the changes in the Markdown)."""
    problems = [p for p in report.problems if _adopted_problem(p, report)]
    edition = report.edition
    if edition is None:
        if report.problems:
            raise BookError(report.problems)
        folder = display_path(book_dir / "ausgaben")
        raise PublishError(
            translate(
                f"no frozen edition in {folder} – build the book (publish build), then freeze "
                "its edition (publish amend freeze)"
            )
        )
    changed = changed_sources(edition, book_dir)
    if changed:
        problems.append(
            Diagnostic(
                SourceLocation(display_path(book_dir / changed[0])),
                f"the text has changed since edition {edition.name} was frozen",
                "build the book and freeze a new edition (publish amend freeze); the "
                "amendments are then re-anchored to it",
            )
        )
    if problems:
        raise BookError(problems)
    changes = [c for checked in report.adopted for c in checked.effective]
    edits, chapters = source_edits(book_dir.resolve(), edition, changes, problems)
    problems += _overlapping(edits)
    if problems:
        raise BookError(problems)
    return _apply(edition, edits, chapters)


def _adopted_problem(problem: Diagnostic, report: CheckReport) -> bool:
    """Whether a problem of the check keeps the adopted text from being made: every
    problem but those in amendments that are not adopted."""
    status = report.statuses.get(problem.location.file)
    return status is None or status.adopted


def _overlapping(edits: list[SourceEdit]) -> Iterable[Diagnostic]:
    """Edits that overlap in the source (touching is fine)."""
    by_file: dict[str, list[SourceEdit]] = {}
    for edit in edits:
        by_file.setdefault(edit.file, []).append(edit)
    for found in by_file.values():
        found.sort(key=lambda e: (e.start, e.end))
        for before, after in zip(found, found[1:], strict=False):
            if after.start < before.end:
                number = before.change.amendment.number
                yield _unplaceable(after.change, translate(f"it overlaps {number}"))


def _apply(
    edition: Edition, edits: list[SourceEdit], chapters: dict[str, ChapterSource]
) -> Adoption:
    by_file: dict[str, list[SourceEdit]] = {}
    for edit in edits:
        by_file.setdefault(edit.file, []).append(edit)
    sources: dict[str, str] = {}
    moved: dict[str, str | None] = {}
    new_blocks: list[tuple[str, Change]] = []
    for file, found in by_file.items():
        chapter = chapters[file]
        found.sort(key=_edit_order)
        pieces: list[str] = []
        cursor = 0
        placed: list[tuple[int, SourceEdit]] = []
        length = 0
        for edit in found:
            pieces.append(chapter.text[cursor : edit.start])
            length += edit.start - cursor
            placed.append((length, edit))
            pieces.append(edit.text)
            length += len(edit.text)
            cursor = edit.end
        pieces.append(chapter.text[cursor:])
        new_text = "".join(pieces)
        sources[file] = new_text
        moved.update(_moved_keys(chapter, found))
        for at, edit in placed:
            if edit.change.kind == "paragraph":
                for line in _new_lines(new_text, at, edit.text):
                    new_blocks.append((f"{file}:{line}", edit.change))
    crlf = frozenset(file for file in sources if chapters[file].crlf)
    return Adoption(edition, sources, tuple(edits), moved, tuple(new_blocks), crlf)


def _edit_order(edit: SourceEdit) -> tuple[int, int, int]:
    """Edits by place; at one place a new paragraph before a block comes first and one
    after a block last, with changes of the text between them (in the amendments' order:
    the sort is stable)."""
    change = edit.change
    rank = 1 if change.kind != "paragraph" else (0 if change.before else 2)
    return edit.start, rank, edit.end


def _moved_keys(chapter: ChapterSource, edits: list[SourceEdit]) -> dict[str, str | None]:
    """Where each block of the chapter begins after the edits."""
    moved: dict[str, str | None] = {}
    for key in chapter.models:
        line = first_line(key)
        begin = chapter.line_starts[line]
        shift = 0
        deleted = False
        for edit in edits:
            if edit.removes_block and edit.change.block == key:
                deleted = True
            elif edit.end <= begin:
                removed = chapter.text.count("\n", edit.start, edit.end)
                shift += edit.text.count("\n") - removed
        moved[key] = None if deleted else f"{chapter.file}:{line + 1 + shift}"
    return moved


def _new_lines(new_text: str, at: int, inserted: str) -> list[int]:
    """The line of each paragraph that an insertion at ``at`` added (each begins after a
    line feed, or at the insertion when it was put before a block)."""
    lines = []
    offset = 0
    for part in re.finditer(r"[^\n]*[^\s>][^\n]*", inserted):
        offset = at + part.start()
        lines.append(new_text.count("\n", 0, offset) + 1)
    return lines


def snippet_problems(change: Change, root: Path) -> list[Diagnostic]:
    """Problems of a change's new text as Markdown: it must read as running text (or, for
    a new paragraph, as paragraphs), without footnotes."""
    if change.kind in ("delete",) or not change.new:
        return []
    if not MARKDOWN.search(change.new):  # plain words: nothing to read as Markdown
        return []
    reader = ChapterReader("", root, change.new, 1)
    tokens = parser().parse(change.new, {})
    blocks, _ = reader.blocks(tokens, 0, None)
    cites_note = "[^" in change.new
    found = [
        Diagnostic(change.location, p.message, p.hint)
        for p in reader.problems
        if not (cites_note and p.message.startswith("footnote [^"))
    ]
    wanted = len(getattr(change.operation, "paragraphs", ())) or 1
    if not found and (len(blocks) != wanted or not all(isinstance(b, m.Paragraph) for b in blocks)):
        found.append(
            Diagnostic(
                change.location,
                "the new text must be paragraphs"
                if change.kind == "paragraph"
                else "the new text must be running text",
                "no headings, lists, quotes, tables or images in an amendment's text",
            )
        )
    if cites_note:
        found.append(
            Diagnostic(
                change.location,
                "the new text cites a footnote",
                "write the note's text into the sentence; amendments add no footnotes",
            )
        )
    return found


def source_problems(
    book_dir: Path, report: CheckReport
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Problems (and warnings) of placing every checked change in the Markdown source, as
    applying it would: a passage across differently marked text or a footnote call, a new
    text that is not running text. Only if the source is that of the current edition;
    otherwise a warning says that the passages were checked against the edition only."""
    edition = report.edition
    if edition is None:
        return [], []
    changed = changed_sources(edition, book_dir)
    if changed:
        warning = Diagnostic(
            SourceLocation(display_path(book_dir / changed[0])),
            f"the text has changed since edition {edition.name} was frozen: the amendments "
            "were checked against the edition only",
            "freeze a new edition when the changed text is published (publish build, "
            "publish amend freeze)",
        )
        return [], [warning]
    changes: dict[int, Change] = {}
    for checked in report.amendments:
        for change in (*checked.moved, *checked.effective):
            changes.setdefault(id(change), change)
    problems: list[Diagnostic] = []
    source_edits(book_dir.resolve(), edition, changes.values(), problems)
    root = book_dir.resolve()
    for change in changes.values():
        problems += snippet_problems(change, root)
    return problems, []
