"""Editions: the published draft's numbered lines, frozen, as amendments cite them.

``publish build`` writes the layout map (``dist/NAME.layout.json``): every numbered line
with its page, its block (``file:line`` of the Markdown) and the letter offset where it
begins. ``publish amend freeze`` turns it, with the book's text, into an *edition file* in
the book folder, ``ausgaben/NAME.json`` (NAME from ``metadata.status`` and ``date``, e.g.
``entwurf-2020-10-29``): for every numbered line its number, page, block, offset and its
exact text (the typeset text of the block from that line's first letter up to the next
line's, so the lines of a block joined give the block's text, spaces and real hyphens
where they are). It also records a hash of every chapter file (to notice later edits) and
its place in the sequence of editions.

The edition file is all that checking an amendment needs: no layout, no Markdown. It is
committed with the book, so an amendment can always be checked against the edition it
cites, whatever happens to ``dist/`` and to the text later. The newest edition (the highest
``sequence``) is the *current* one: amendments against older editions are re-anchored to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from publish import model as m
from publish.amend.text import Normalised, normalise, normalised
from publish.errors import BookError, Diagnostic, PublishError, SourceLocation, display_path
from publish.layout import LayoutMap, letters_up_to, only_letters, visible
from publish.messages import translate
from publish.read.markdown import slugify
from publish.read.sandbox import refusal
from publish.render.html import source_key
from publish.tree import plain_text

#: The folder of the frozen editions in a book folder.
EDITIONS = "ausgaben"


@dataclass(frozen=True)
class EditionLine:
    """One numbered line: number, page, block (``file:line``), letter offset, its text."""

    number: int
    page: int
    block: str
    offset: int
    text: str


@dataclass(frozen=True, eq=False)
class BlockText:
    """The text of one numbered block as printed, and its lines."""

    key: str
    lines: tuple[EditionLine, ...]

    @cached_property
    def raw(self) -> str:
        """The printed text (typeset), as the lines give it."""
        return "".join(line.text for line in self.lines)

    @cached_property
    def text(self) -> str:
        """The normalised text (:mod:`publish.amend.text`), where passages are found."""
        return normalise(self.raw)

    @cached_property
    def normal(self) -> Normalised:
        return normalised(self.raw)

    @cached_property
    def starts(self) -> tuple[int, ...]:
        """Where each line begins in :attr:`text`."""
        starts, raw_start = [], 0
        for line in self.lines:
            starts.append(self.normal.index_of(raw_start))
            raw_start += len(line.text)
        return tuple(starts)

    def line_at(self, index: int) -> EditionLine:
        """The line that holds the normalised character at ``index``."""
        return self.lines[max(0, bisect_right(self.starts, index) - 1)]

    def lines_of(self, start: int, end: int) -> tuple[EditionLine, EditionLine]:
        """The first and last line of the span ``start``–``end`` (an insertion point if
        equal: the line that holds the character before it)."""
        first = self.line_at(start if end > start else max(start - 1, 0))
        last = self.line_at(max(end - 1, start))
        return first, last


@dataclass(frozen=True, eq=False)
class Edition:
    """A frozen edition: its name, what it is (title, status, date), its lines."""

    name: str
    title: str
    status: str
    date: dt.date
    sequence: int
    fingerprint: str
    sources: Mapping[str, str]
    pages: int
    lines: tuple[EditionLine, ...]
    file: str = ""

    @cached_property
    def blocks(self) -> dict[str, BlockText]:
        grouped: dict[str, list[EditionLine]] = {}
        for line in self.lines:
            grouped.setdefault(line.block, []).append(line)
        return {key: BlockText(key, tuple(lines)) for key, lines in grouped.items()}

    @cached_property
    def block_order(self) -> dict[str, int]:
        """Each block's place in reading order."""
        return {key: n for n, key in enumerate(self.blocks)}

    def line(self, number: int) -> EditionLine | None:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else None

    def to_json(self) -> str:
        """The edition file: a line a row, as the layout map is written."""
        head = {
            "edition": self.name,
            "title": self.title,
            "status": self.status,
            "date": self.date.isoformat(),
            "sequence": self.sequence,
            "fingerprint": self.fingerprint,
            "pages": self.pages,
            "sources": dict(sorted(self.sources.items())),
        }
        rows = ",\n".join(
            json.dumps(vars(line), ensure_ascii=False, sort_keys=True) for line in self.lines
        )
        fields = ",\n ".join(
            f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()
        )
        return f'{{{fields},\n "lines": [\n{rows}\n]}}\n'

    @classmethod
    def from_json(cls, text: str, file: str = "") -> Edition:
        """An edition file's edition; :class:`ValueError` says what is wrong with it."""
        try:
            data = json.loads(text)
            lines = tuple(EditionLine(**row) for row in data["lines"])
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON in line {error.lineno}") from None
        except KeyError as error:
            raise ValueError(f"the field {error} is missing") from None
        except TypeError:
            raise ValueError("a line is not what an edition's lines are") from None
        for index, line in enumerate(lines, start=1):
            if line.number != index:
                raise ValueError(f"line {line.number} stands where line {index} belongs")
        if fingerprint(lines) != data["fingerprint"]:
            raise ValueError("its lines were changed after it was frozen")
        return cls(
            name=str(data["edition"]),
            title=str(data["title"]),
            status=str(data["status"]),
            date=dt.date.fromisoformat(data["date"]),
            sequence=int(data["sequence"]),
            fingerprint=str(data["fingerprint"]),
            sources=dict(data["sources"]),
            pages=int(data["pages"]),
            lines=lines,
            file=file,
        )


def fingerprint(lines: tuple[EditionLine, ...]) -> str:
    """A hash of the lines (numbers, pages, blocks, texts): the same text laid out the same
    way has the same fingerprint."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(f"{line.number}\t{line.page}\t{line.block}\t{line.text}\n".encode())
    return "sha256:" + digest.hexdigest()[:16]


def source_hashes(book: m.Book) -> dict[str, str]:
    """The SHA-256 of every chapter file, by its name in the book folder."""
    return {
        chapter.source.resolve().relative_to(book.root).as_posix(): hashlib.sha256(
            chapter.source.read_bytes()
        ).hexdigest()
        for chapter in book.chapters
    }


def changed_sources(edition: Edition, book_dir: Path) -> list[str]:
    """The chapter files that differ from those the edition was made from (or are new,
    or gone)."""
    root = book_dir.resolve()
    changed = []
    for name, digest in edition.sources.items():
        path = (root / name).resolve()
        if (
            not path.is_relative_to(root)
            or not path.is_file()
            or hashlib.sha256(path.read_bytes()).hexdigest() != digest
        ):
            changed.append(name)
    return changed


# --- The text blocks of a book ------------------------------------------------------------


TextBlock = m.Heading | m.Paragraph


def text_blocks(book: m.Book) -> dict[str, TextBlock]:
    """The book's numbered text blocks by source key (as the layout map names them):
    headings and paragraphs, also inside lists and quotes; a list item's key names its
    first paragraph."""
    found: dict[str, TextBlock] = {}

    def walk(blocks: tuple[m.Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, m.Heading | m.Paragraph):
                found.setdefault(source_key(block.location, book.root), block)
            elif isinstance(block, m.ListBlock):
                for item in block.items:
                    first = item.blocks[0] if item.blocks else None
                    if isinstance(first, m.Paragraph):
                        found.setdefault(source_key(item.location, book.root), first)
                    walk(item.blocks)
            elif isinstance(block, m.BlockQuote):
                walk(block.blocks)

    for chapter in book.chapters:
        walk(chapter.blocks)
    return found


def block_text(block: TextBlock) -> str:
    """A block's text as printed: what the layout map's letter offsets count."""
    return visible(plain_text(block.children))


# --- Freezing -----------------------------------------------------------------------------


def edition_name(metadata: m.Metadata) -> str:
    """„Entwurf“ of 2020-10-29 → ``entwurf-2020-10-29``."""
    return f"{slugify(metadata.status)}-{metadata.date.isoformat()}"


def edition_lines(book: m.Book, layout: LayoutMap, layout_file: str) -> tuple[EditionLine, ...]:
    """The lines of an edition: the layout map's lines with their exact text from the
    (typeset) book. Raises :class:`BookError` if the map was not made from this text."""
    blocks = text_blocks(book)
    grouped: dict[str, list[Any]] = {}
    for line in layout.lines:
        grouped.setdefault(line.block, []).append(line)
    texts: dict[int, str] = {}
    for key, lines in grouped.items():
        block = blocks.get(key)
        raw = block_text(block) if block is not None else None
        if raw is None or only_letters(raw) != only_letters("".join(line.text for line in lines)):
            raise _stale(book.root, layout_file, key)
        counted = letters_up_to(raw)
        starts = [0] + [bisect_left(counted, line.offset + 1) for line in lines[1:]]
        for line, start, end in zip(lines, starts, [*starts[1:], len(raw)], strict=True):
            texts[line.number] = raw[start:end]
    for key, block in blocks.items():
        if key not in grouped and only_letters(block_text(block)):
            raise _stale(book.root, layout_file, key)
    return tuple(
        EditionLine(line.number, line.page, line.block, line.offset, texts[line.number])
        for line in layout.lines
    )


def _stale(root: Path, layout_file: str, key: str) -> BookError:
    file, _, line = key.rpartition(":")
    return BookError(
        [
            Diagnostic(
                SourceLocation(display_path(root / file), int(line) if line.isdigit() else None),
                f"the layout map {layout_file} was not made from this text",
                "build the book again (publish build), then freeze the edition",
            )
        ]
    )


@dataclass(frozen=True)
class Frozen:
    """What :func:`freeze` did: the edition, its file, and whether it was new."""

    edition: Edition
    path: Path
    new: bool


def freeze(book: m.Book, layout: LayoutMap, layout_file: str, name: str | None = None) -> Frozen:
    """Freeze the edition of ``book`` (typeset, as built) laid out as ``layout`` into
    ``ausgaben/NAME.json``. An edition of that name with the same lines is left as it is;
    one with other lines is refused (amendments cite it)."""
    folder = book.root / EDITIONS
    editions = load_editions(book.root)
    name = name or edition_name(book.metadata)
    lines = edition_lines(book, layout, layout_file)
    print_fingerprint = fingerprint(lines)
    path = folder / f"{name}.json"
    existing = editions.by_name.get(name)
    if existing is not None:
        if existing.fingerprint == print_fingerprint:
            return Frozen(existing, path, False)
        raise PublishError(
            translate(
                f"{display_path(path)}: edition {name} is already frozen with other lines – "
                "amendments cite it: give the new edition its own date (metadata.date in "
                "book.yaml) or name (--name)"
            )
        )
    edition = Edition(
        name=name,
        title=book.metadata.title,
        status=book.metadata.status,
        date=book.metadata.date,
        sequence=max((e.sequence for e in editions.all), default=0) + 1,
        fingerprint=print_fingerprint,
        sources=source_hashes(book),
        pages=len(layout.pages),
        lines=lines,
        file=display_path(path),
    )
    folder.mkdir(exist_ok=True)
    temporary = folder / f".{name}.json.tmp"
    temporary.write_text(edition.to_json(), encoding="utf-8")
    os.replace(temporary, path)
    return Frozen(edition, path, True)


# --- The editions of a book ---------------------------------------------------------------


@dataclass(frozen=True)
class Editions:
    """The frozen editions of a book folder, oldest first, and problems reading them."""

    all: tuple[Edition, ...]
    problems: tuple[Diagnostic, ...] = ()
    by_name: dict[str, Edition] = field(default_factory=dict)

    @property
    def current(self) -> Edition | None:
        return self.all[-1] if self.all else None

    def __iter__(self) -> Iterator[Edition]:
        return iter(self.all)


def load_editions(book_dir: Path) -> Editions:
    """Every ``ausgaben/*.json`` of a book folder."""
    folder = book_dir / EDITIONS
    found: list[Edition] = []
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        file = display_path(path, follow_link=False)
        if refused := refusal(path, book_dir):
            hint = refused.hint()
            problems.append(Diagnostic(SourceLocation(file), refused.message("the file"), hint))
            continue
        try:
            edition = Edition.from_json(path.read_text(encoding="utf-8"), file)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            problems.append(
                Diagnostic(
                    SourceLocation(file),
                    f"not an edition file ({error})",
                    "restore it as it was frozen (it is the reference amendments cite), or "
                    "freeze it again with publish amend freeze",
                )
            )
            continue
        if edition.name != path.stem:
            problems.append(
                Diagnostic(
                    SourceLocation(file),
                    f"the edition in this file is named {edition.name}",
                    f"name the file {edition.name}.json",
                )
            )
            continue
        found.append(edition)
    found.sort(key=lambda e: (e.sequence, e.date, e.name))
    return Editions(tuple(found), tuple(problems), {e.name: e for e in found})
