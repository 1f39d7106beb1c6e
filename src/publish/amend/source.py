"""Where the text of a block stands in its Markdown file, character by character.

An amendment names a passage of the printed text; applying it changes the Markdown source.
This module reads a chapter file as the book's reader does (``publish.read.markdown``),
then walks each text block's inlines (untypeset, as read) along the file's text: every
character of the block's text gets the span of the file it comes from (a letter, an escape
``\\*``, an entity ``&amp;``, a line break with the next line's indentation or ``>``), every
footnote call its place, and every character the emphasis, link or language span it is in.
Markup between the characters (``*``, ``[``, a link's ``](…)``, ``{lang=en}``) is skipped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from itertools import repeat
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from publish import model as m
from publish.amend.text import Normalised, normalised
from publish.read.markdown import ChapterReader, markdown_parser
from publish.tree import plain_text

#: Characters of markup that may stand between two characters of the text.
MARKUP = frozenset("*_`<>[]!\\~^")
#: What may begin the first line of a block: quote markers, a list marker, a heading's #.
PREFIX = re.compile(
    r"[ \t]*(?:(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)[ \t]*)*(?:#{1,6}(?=[ \t\n])[ \t]*)?"
)
#: What may begin a continuation line: indentation and quote markers.
CONTINUATION = re.compile(r"[ \t]*(?:>[ \t]?[ \t]*)*")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
WORD = re.compile(r"\S+|\s")
NBSP = "\u00a0"
PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class AlignmentError(Exception):
    """The block's text could not be found in its source (a construct not foreseen)."""


@dataclass(frozen=True)
class Note:
    """A footnote call: before which character of the block's text it stands, and its
    span in the file."""

    index: int
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Container:
    """Where a block sits: in a list item (with its marker), a quote, or neither."""

    kind: str  # "list_item" or "blockquote"
    first_line: int  # 0-based
    end_line: int  # 0-based, exclusive
    marker: str = ""  # the list item's marker ("-", "1.")
    tight: bool = True


@dataclass(eq=False)
class BlockSource:
    """A text block and its source: ``spans[i]`` is where character ``i`` of ``text``
    stands in the file, ``paths[i]`` the containers (emphasis, link …) it is inside."""

    key: str
    block: m.Heading | m.Paragraph
    text: str
    spans: list[tuple[int, int]]
    paths: list[tuple[int, ...]]
    notes: list[Note]
    first_line: int  # 0-based: the block's first line in the file
    end_line: int  # 0-based, exclusive
    containers: tuple[Container, ...] = ()

    @cached_property
    def normal(self) -> Normalised:
        return normalised(self.text)


@dataclass(eq=False)
class ChapterSource:
    """A chapter file's text, its lines, its text blocks (as read) by source key, and
    where each stands; a block's characters are found in the source when it is first
    asked for (:meth:`block`), so a chapter with one amendment costs one block."""

    file: str
    text: str
    crlf: bool
    line_starts: list[int]
    models: dict[str, m.Heading | m.Paragraph] = field(default_factory=dict)
    extents: dict[int, tuple[int, int, tuple[Container, ...]]] = field(default_factory=dict)
    aligned: dict[str, BlockSource] = field(default_factory=dict)

    def block(self, key: str) -> BlockSource | None:
        """The text block ``key`` with its source, or None if the chapter has none."""
        if key not in self.aligned:
            model = self.models.get(key)
            if model is None:
                return None
            first, end, containers = self.extents[first_line(key)]
            self.aligned[key] = _align(key, model, self, first, end, containers)
        return self.aligned[key]

    def line_end(self, line: int) -> int:
        """The offset of the end of 0-based ``line`` (before its line feed)."""
        if line + 1 < len(self.line_starts):
            return self.line_starts[line + 1] - 1
        return len(self.text)


@cache
def parser() -> MarkdownIt:
    """The book's Markdown parser, made once."""
    return markdown_parser()


def read_chapter_source(root: Path, file: str) -> ChapterSource:
    """The chapter file ``file`` (relative to ``root``) with its text blocks aligned."""
    path = (root / file).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"{file} is outside the book")
    data = path.read_bytes().decode("utf-8-sig")
    crlf = "\r\n" in data
    text = data.replace("\r\n", "\n")
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    chapter = ChapterSource(file, text, crlf, starts)
    tokens = parser().parse(text, {})
    chapter.extents = _extents(tokens)
    reader = ChapterReader(file, root, text, 1)
    blocks, _ = reader.blocks(tokens, 0, None)
    for block in _text_blocks(blocks):
        line = (block.location.line or 1) - 1
        if line in chapter.extents:
            chapter.models.setdefault(f"{file}:{line + 1}", block)
    return chapter


def first_line(key: str) -> int:
    """The 0-based first line of the block named ``file:line``."""
    return int(key.rpartition(":")[2]) - 1


def _text_blocks(blocks: list[m.Block] | tuple[m.Block, ...]) -> list[m.Heading | m.Paragraph]:
    found: list[m.Heading | m.Paragraph] = []
    for block in blocks:
        if isinstance(block, m.Heading | m.Paragraph):
            found.append(block)
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                found += _text_blocks(item.blocks)
        elif isinstance(block, m.BlockQuote):
            found += _text_blocks(block.blocks)
    return found


def _extents(tokens: list[Token]) -> dict[int, tuple[int, int, tuple[Container, ...]]]:
    """For each paragraph and heading, by its first line: its lines and its containers
    (a list item knows its marker, and whether its list is tight: markdown-it hides the
    paragraphs of tight lists)."""
    found: dict[int, tuple[int, int, tuple[Container, ...]]] = {}
    stack: list[Container] = []
    for token in tokens:
        kind = token.type
        if kind == "list_item_open" and token.map:
            marker = f"{token.info}{token.markup}"
            stack.append(Container("list_item", token.map[0], token.map[1], marker))
        elif kind == "blockquote_open" and token.map:
            stack.append(Container("blockquote", token.map[0], token.map[1]))
        elif kind in ("list_item_close", "blockquote_close"):
            stack.pop()
        elif kind in ("paragraph_open", "heading_open") and token.map:
            if stack and stack[-1].kind == "list_item" and token.hidden is not True:
                stack[-1] = replace(stack[-1], tight=False)
            found[token.map[0]] = (token.map[0], token.map[1], tuple(stack))
    return found


def _align(
    key: str,
    block: m.Heading | m.Paragraph,
    chapter: ChapterSource,
    first: int,
    end: int,
    containers: tuple[Container, ...],
) -> BlockSource:
    text = chapter.text
    start = chapter.line_starts[first]
    stop = chapter.line_end(end - 1)
    aligner = _Aligner(text, start, stop)
    aligner.pos = PREFIX.match(text, start, stop).end()  # type: ignore[union-attr]
    aligner.inlines(block.children)
    raw = plain_text(block.children)
    if len(raw) != len(aligner.spans):
        raise AlignmentError(f"{key}: {len(raw)} characters, {len(aligner.spans)} found")
    return BlockSource(
        key, block, raw, aligner.spans, aligner.paths, aligner.notes, first, end, containers
    )


class _Aligner:
    """Walks inlines along the source, recording where each character is."""

    def __init__(self, text: str, start: int, stop: int) -> None:
        self.text, self.pos, self.stop = text, start, stop
        self.spans: list[tuple[int, int]] = []
        self.paths: list[tuple[int, ...]] = []
        self.notes: list[Note] = []
        self.stack: list[int] = []
        self.count = 0

    def inlines(self, inlines: tuple[m.Inline, ...]) -> None:
        for inline in inlines:
            if isinstance(inline, m.Text | m.Code | m.Caps):
                self.words(inline.text)
            elif isinstance(inline, m.LineBreak):
                self.line_break()
            elif isinstance(inline, m.FootnoteRef):
                self.note(inline.label)
            elif isinstance(inline, m.Container):
                self.count += 1
                self.stack.append(self.count)
                self.inlines(inline.children)
                self.stack.pop()
                if isinstance(inline, m.Link):
                    self.link_tail()
                elif isinstance(inline, m.LangSpan):
                    self.span_tail()

    def words(self, text: str) -> None:
        """The characters of ``text``: a word that stands in the source as it is, at once;
        anything else character by character."""
        source, path = self.text, tuple(self.stack)
        for match in WORD.finditer(text):
            word = match.group()
            end = self.pos + len(word)
            if not word.isspace() and end <= self.stop and source.startswith(word, self.pos):
                self.spans.extend(
                    zip(range(self.pos, end), range(self.pos + 1, end + 1), strict=True)
                )
                self.paths.extend(repeat(path, len(word)))
                self.pos = end
                continue
            for char in word:
                self.char(char)

    def record(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        self.paths.append(tuple(self.stack))

    def fail(self, what: str) -> AlignmentError:
        near = self.text[self.pos : self.pos + 20]
        return AlignmentError(f"{what} not found at {self.pos} ({near!r})")

    def char(self, char: str) -> None:
        text = self.text
        while self.pos < self.stop:
            found = text[self.pos]
            if found == char and not (char.isspace() and found == "\n"):
                self.record(self.pos, self.pos + 1)
                self.pos += 1
                if char.isspace():
                    self.skip_space()
                return
            if char.isspace() and found.isspace():
                start = self.pos
                self.skip_space()
                self.record(start, self.pos)
                return
            escaped = text[self.pos + 1 : self.pos + 2]
            if found == "\\" and (
                (escaped == char and char in PUNCTUATION) or (escaped == " " and char == NBSP)
            ):  # ``\ `` is Pandoc's no-break space (inside sub- and superscript)
                self.record(self.pos, self.pos + 2)
                self.pos += 2
                return
            entity = ENTITY.match(text, self.pos, self.stop) if found == "&" else None
            if entity and html.unescape(entity.group()) == char:
                self.record(self.pos, entity.end())
                self.pos = entity.end()
                return
            if found in MARKUP or found in " \t":
                self.pos += 1
                continue
            if found == "\n":
                self.skip_space()
                continue
            break
        raise self.fail(repr(char))

    def skip_space(self) -> None:
        """White space, and after a line feed the next line's indentation and quote markers."""
        text = self.text
        while self.pos < self.stop and text[self.pos] in " \t\n":
            newline = text[self.pos] == "\n"
            self.pos += 1
            if newline:
                self.pos = CONTINUATION.match(text, self.pos, self.stop).end()  # type: ignore[union-attr]

    def line_break(self) -> None:
        start = self.pos
        while self.pos < self.stop and self.text[self.pos] in " \t\\":
            self.pos += 1
        if self.pos < self.stop and self.text[self.pos] == "\n":
            self.skip_space()
        self.record(start, self.pos)

    def note(self, label: str) -> None:
        call = f"[^{label}]"
        found = self.text.find(call, self.pos, self.stop)
        if found < 0:
            raise self.fail(call)
        self.notes.append(Note(len(self.spans), found, found + len(call), label))
        self.pos = found + len(call)

    def _closing(self) -> None:
        while self.pos < self.stop and self.text[self.pos] in "*_`":
            self.pos += 1

    def link_tail(self) -> None:
        """After a link's text: ``](destination "title")``, ``][ref]`` or an autolink's ``>``."""
        self._closing()
        if self.text[self.pos : self.pos + 1] == ">":
            self.pos += 1
            return
        if self.text[self.pos : self.pos + 1] == "]":
            self.pos += 1
        if self.text[self.pos : self.pos + 1] == "(":
            self.pos = _balanced(self.text, self.pos, self.stop, "(", ")")
        elif self.text[self.pos : self.pos + 1] == "[":
            self.pos = _balanced(self.text, self.pos, self.stop, "[", "]")

    def span_tail(self) -> None:
        """After a language span's text: ``]{lang=en}``."""
        self._closing()
        if self.text[self.pos : self.pos + 1] == "]":
            self.pos += 1
        if self.text[self.pos : self.pos + 1] == "{":
            self.pos = _balanced(self.text, self.pos, self.stop, "{", "}")


def _balanced(text: str, pos: int, stop: int, opening: str, closing: str) -> int:
    """The offset after the bracket that closes the one at ``pos`` (quoted titles and
    escapes inside are passed over)."""
    depth = 0
    quote = ""
    index = pos
    while index < stop:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and opening == "(":
            quote = char
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return stop
