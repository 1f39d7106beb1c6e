"""Reading a book folder: ``book.yaml`` + chapter files → :class:`publish.model.Book`.

Two phases, as MkDocs does it: first gather every problem of every file (configuration,
encoding, Markdown, structure, cross references), then fail once with all of them in source
order, or return the complete model.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from publish import model as m
from publish.errors import BookError, Diagnostic, SourceLocation, display_path
from publish.fonts import book_fonts
from publish.paths import STYLES
from publish.read.characters import CharacterCheck
from publish.read.config import chapter_problems, load_config
from publish.read.language import unmarked_passages
from publish.read.markdown import RESERVED_ID, read_chapter_blocks, slugify
from publish.tree import chapter_inlines, iter_blocks, plain_text
from publish.typography import EXCEPTIONS_FILE
from publish.typography.hyphenation import Exceptions

#: Characters no output can show (XML forbids most of them); tab and line ends are fine.
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: Longest paragraph accepted (characters); longer ones are almost surely a broken import.
MAX_PARAGRAPH = 100_000


def load_book(root: Path, styles: Path = STYLES) -> m.Book:
    """Read and check the whole book in ``root``; raise :class:`BookError` on any problem.

    ``styles`` holds the fonts the book is set in: every printed character is checked
    against them (:mod:`publish.read.characters`)."""
    config = load_config(root / "book.yaml", check_chapters=False)
    problems = list(chapter_problems(config))
    fonts = book_fonts(styles)
    characters = CharacterCheck(fonts)
    problems.extend(fonts.problems)
    problems.extend(characters.metadata(config.metadata, root / "book.yaml"))
    problems.extend(_exceptions_problems(root))
    unreadable = {p.location for p in problems}
    chapters: list[m.Chapter] = []
    next_footnote = 1
    for path, listed in zip(config.chapters, config.chapter_locations, strict=True):
        if listed in unreadable:
            continue
        chapter, found = _read_chapter(path, root, next_footnote, characters)
        if config.checks.language and chapter is not None:
            found.extend(unmarked_passages(chapter, config.metadata.language))
        problems.extend(sorted(found, key=Diagnostic.sort_key))
        if chapter is not None:
            chapters.append(chapter)
            next_footnote += len(chapter.footnotes)
    chapters = _assign_ids(chapters, problems)
    if len(chapters) == len(config.chapters):  # link targets are known only if all were read
        problems.extend(_check_links(chapters))
    if problems:
        raise BookError(_in_source_order(problems, config.chapters))
    return m.Book(config.metadata, config.output, tuple(chapters), root, config.warnings)


def _exceptions_problems(root: Path) -> list[Diagnostic]:
    """What is wrong with ``trennungen.txt`` (the hyphenation exceptions the build reads),
    so that ``publish check`` and ``publish watch`` report it as the build would."""
    try:
        Exceptions.read(root / EXCEPTIONS_FILE)
    except BookError as error:
        return list(error.diagnostics)
    return []


def _in_source_order(problems: list[Diagnostic], files: tuple[Path, ...]) -> list[Diagnostic]:
    """book.yaml first, then the chapters in reading order, each by line and column."""
    rank = {display_path(path, follow_link=False): n for n, path in enumerate(files, start=1)}

    def key(problem: Diagnostic) -> tuple[int, int, int]:
        where = problem.location
        return (rank.get(where.file, 0), where.line or 0, where.column or 0)

    return sorted(problems, key=key)


def _read_chapter(
    path: Path, root: Path, first_footnote: int, characters: CharacterCheck | None = None
) -> tuple[m.Chapter | None, list[Diagnostic]]:
    file = display_path(path, follow_link=False)
    source, problem = _read_text(path, file)
    if problem:
        return None, [problem]
    blocks, notes, problems = read_chapter_blocks(source, file, root, first_footnote)
    if characters is not None:
        problems.extend(characters.chapter(blocks, notes, source, file))
    problems.extend(_check_structure(blocks, file))
    if problems:
        return None, problems
    return m.Chapter("", path, tuple(blocks), tuple(notes)), []


def _read_text(path: Path, file: str) -> tuple[str, Diagnostic | None]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        where = SourceLocation(file, line)
        return "", Diagnostic(
            where, "the file is not UTF-8 text", "save it with the encoding UTF-8"
        )
    text = text.replace("\r\n", "\n")
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        hint = "remove it; the file may be damaged or not text"
        return "", Diagnostic(SourceLocation(file, line), "the file contains a NUL byte", hint)
    if control := CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        hint = "remove it; it is invisible and no output can show it"
        return "", Diagnostic(
            SourceLocation(file, line), f"the file contains a control character ({code})", hint
        )
    if not text.strip():
        hint = "write at least a heading (# Title), or remove the chapter from book.yaml"
        return "", Diagnostic(SourceLocation(file, 1), "the chapter is empty", hint)
    for number, paragraph_line in _long_paragraphs(text):
        where = SourceLocation(file, number)
        message = f"a paragraph of {paragraph_line:,} characters is too long".replace(",", ".")
        return "", Diagnostic(where, message, "split it; the limit is 100.000 characters")
    return text, None


def _long_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    line = 1
    for block in text.split("\n\n"):
        if len(block) > MAX_PARAGRAPH:
            yield line, len(block)
        line += block.count("\n") + 2


def _check_structure(blocks: list[m.Block], file: str) -> Iterator[Diagnostic]:
    """A chapter starts with its one level-1 heading; levels never skip (h2 → h4)."""
    headings = [b for b in blocks if isinstance(b, m.Heading)]
    top = {id(b) for b in headings}
    for nested in iter_blocks(blocks):
        if isinstance(nested, m.Heading) and id(nested) not in top:
            hint = "write it as a paragraph (**bold** if it must stand out), or end the list first"
            yield Diagnostic(
                nested.location, "a heading inside a list or quote is not allowed", hint
            )
    if not blocks or not isinstance(blocks[0], m.Heading) or blocks[0].level != 1:
        where = blocks[0].location if blocks else SourceLocation(file, 1)
        yield Diagnostic(where, "a chapter must begin with its title (# Title)", "add a # heading")
    previous = 0
    for heading in headings:
        if heading.level == 1 and previous:
            hint = "use ## for a section, or start a new chapter file"
            yield Diagnostic(heading.location, "a chapter has only one # heading", hint)
        elif heading.level > previous + 1:
            yield Diagnostic(
                heading.location,
                f"heading level skips from {previous} to {heading.level}",
                f"use {'#' * (previous + 1)} here",
            )
        previous = heading.level


def _assign_ids(chapters: list[m.Chapter], problems: list[Diagnostic]) -> list[m.Chapter]:
    """Give every heading a unique id: its explicit ``{#id}``, else a slug of its text.

    Explicit ids are gathered first, so a slug never takes the name a later heading asks for.
    """
    headings = [b for c in chapters for b in c.blocks if isinstance(b, m.Heading)]
    used: dict[str, SourceLocation] = {}
    for heading in headings:
        if not heading.id:
            continue
        if heading.id in used:
            first = used[heading.id]
            problems.append(
                Diagnostic(
                    heading.location,
                    f"the id #{heading.id} is used twice",
                    f"it is already the id of the heading at {first}; choose another",
                )
            )
        used.setdefault(heading.id, heading.location)
    result = []
    for chapter in chapters:
        blocks = []
        for block in chapter.blocks:
            if isinstance(block, m.Heading) and not block.id:
                block = replace(block, id=_slug_id(block, used))
            blocks.append(block)
        chapter_id = blocks[0].id if isinstance(blocks[0], m.Heading) else chapter.id
        result.append(replace(chapter, id=chapter_id, blocks=tuple(blocks)))
    return result


def _slug_id(heading: m.Heading, used: dict[str, SourceLocation]) -> str:
    base = slugify(plain_text(heading.children))
    candidate, n = base, 2
    while candidate in used or RESERVED_ID.fullmatch(candidate):
        candidate, n = f"{base}-{n}", n + 1
    used[candidate] = heading.location
    return candidate


def _check_links(chapters: list[m.Chapter]) -> Iterator[Diagnostic]:
    ids = [h.id for c in chapters for h in c.headings]
    for chapter in chapters:
        for block, inline in chapter_inlines(chapter):
            if isinstance(inline, m.Link) and inline.internal and inline.target not in ids:
                close = difflib.get_close_matches(inline.target, ids, n=1, cutoff=0.6)
                hint = (
                    f"did you mean #{close[0]}?"
                    if close
                    else "link to a heading's id: write it as ## Title {#id}"
                )
                yield Diagnostic(
                    block.location, f"link to #{inline.target}, which does not exist", hint
                )
