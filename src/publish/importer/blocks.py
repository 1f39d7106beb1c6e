"""The body's block structure: CommonMark blocks with their source lines, split into chapters.

markdown-it parses the prepared body once; each top-level block keeps its source lines and
the line ranges inside it that need their own treatment later (inline text, verbatim text,
table rows). Here the table of contents is left out, the body is split into chapters at the
top heading level, and heading levels are renumbered so that they never skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from publish.importer.lines import Line, escape_line_start, is_blank
from publish.importer.metadata import plain_text
from publish.importer.report import Count, Dropped, Findings

HEADING_ATTRIBUTES = re.compile(r"\s*\{([^{}]*)\}\s*$")
TOC_TITLES = frozenset(
    {"inhaltsverzeichnis", "inhalt", "inhaltsübersicht", "contents", "table of contents"}
)
PAGE_NUMBER = re.compile(
    r"(?:(?:Seite|S\.)\s*)?\d{1,4}(?:\s*(?:von|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]",
    re.IGNORECASE,
)
PREFACE_TITLE = "Vorbemerkung"
#: Blocks that CommonMark (not Pandoc) lets interrupt a paragraph.
INTERRUPTING = frozenset(
    {"bullet_list_open", "ordered_list_open", "heading_open", "blockquote_open"}
)
SENTENCE_END = re.compile(r"[.!?:;][“”\"'’»)]*$")
SpanKind = Literal["inline", "verbatim", "row"]


@dataclass(frozen=True, slots=True)
class Span:
    """Lines ``start:end`` of a block (indexes into its ``lines``) and how to convert them."""

    kind: SpanKind
    start: int
    end: int
    token: str


@dataclass(frozen=True)
class SourceBlock:
    """One top-level block of the body: its kind (markdown-it's token type without
    ``_open``), its source lines, and for headings the level and the inline text."""

    kind: str
    lines: tuple[Line, ...]
    spans: tuple[Span, ...] = ()
    level: int = 0
    content: str = ""
    empty_header: bool = False

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def title(self) -> str:
        """A heading's text without attributes, as plain text."""
        return plain_text(HEADING_ATTRIBUTES.sub("", self.content))


@dataclass(frozen=True)
class Reference:
    """A link reference definition ``[label]: href "title"``."""

    href: str
    title: str


@dataclass(frozen=True)
class ParsedBody:
    blocks: tuple[SourceBlock, ...]
    references: dict[str, Reference]


def parse_blocks(lines: Sequence[Line], findings: Findings) -> ParsedBody:
    """The top-level blocks of the body, in order, and its link reference definitions."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
    current = list(lines)
    env: dict[str, object] = {}
    tokens = parser.parse("\n".join(line.text for line in current), env)
    while continued := _sentence_continuations(tokens, current):
        first, last, line_index = continued[-1]  # from the end: earlier indexes stay valid
        line = current[line_index]
        findings.note(
            line.number,
            f"„{line.text.split()[0]}“ at the start of a line continues the sentence before – "
            "kept as text",
        )
        current[line_index] = Line(line.number, escape_line_start(line.text))
        tokens[first:last] = _reparsed(parser, current, tokens[first], tokens[first + 3], env)
    blocks = []
    i = 0
    while i < len(tokens):
        end = _block_end(tokens, i)
        block = _block(tokens[i:end], current)
        if block is not None:
            blocks.append(block)
        i = end
    return ParsedBody(tuple(blocks), _references(env))


def _sentence_continuations(
    tokens: Sequence[Token], lines: Sequence[Line]
) -> list[tuple[int, int, int]]:
    """Where a list or heading interrupts a top-level paragraph whose sentence goes on
    („… zum“ / „1. Januar 2019 …“): Pandoc reads that line as text, CommonMark as a new
    block (a list after „Wir wollen:“ stays a list). For each: the tokens of the paragraph
    and the block (``first:last``) and the line's index."""
    found = []
    for index, token in enumerate(tokens[:-1]):
        if token.type != "paragraph_close" or token.level != 0:
            continue
        opener, following = tokens[index - 2], tokens[index + 1]
        if following.type not in INTERRUPTING or not opener.map or not following.map:
            continue
        if following.map[0] != opener.map[1]:
            continue  # a blank line between: a block of its own
        if not SENTENCE_END.search(lines[opener.map[1] - 1].text.rstrip()):
            found.append((index - 2, _block_end(tokens, index + 1), following.map[0]))
    return found


def _reparsed(
    parser: MarkdownIt,
    lines: Sequence[Line],
    opener: Token,
    following: Token,
    env: dict[str, object],
) -> list[Token]:
    """The tokens of the lines of a paragraph and the block after it, parsed again (the
    rest of the body cannot change: the two end where a top-level block ends)."""
    assert opener.map and following.map
    start, end = opener.map[0], following.map[1]
    tokens = parser.parse("\n".join(line.text for line in lines[start:end]), env)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + start, token.map[1] + start]
    return tokens


def _block_end(tokens: Sequence[Token], i: int) -> int:
    opener = tokens[i]
    if opener.nesting != 1:
        return i + 1
    close = opener.type.removesuffix("_open") + "_close"
    return next(
        k + 1
        for k in range(i + 1, len(tokens))
        if tokens[k].type == close and tokens[k].level == opener.level
    )


def _block(group: Sequence[Token], lines: Sequence[Line]) -> SourceBlock | None:
    first = group[0]
    if not first.map:
        return None
    start, end = first.map
    while end > start and is_blank(lines[end - 1]):
        end -= 1
    block_lines = tuple(lines[start:end])
    kind = first.type.removesuffix("_open")
    if kind == "heading":
        return SourceBlock(kind, block_lines, level=int(first.tag[1]), content=group[1].content)
    if kind == "paragraph":
        return SourceBlock(kind, block_lines, (Span("inline", 0, len(block_lines), kind),))
    if kind in ("code_block", "fence", "html_block"):
        return SourceBlock(kind, block_lines, (Span("verbatim", 0, len(block_lines), kind),))
    spans = tuple(_nested_spans(group[1:], start, len(block_lines)))
    return SourceBlock(kind, block_lines, spans, empty_header=_empty_header(group))


def _nested_spans(tokens: Sequence[Token], offset: int, length: int) -> Iterator[Span]:
    """Ranges of a container (or table) that hold text or verbatim content."""
    for token in tokens:
        if not token.map or token.nesting == -1:
            continue
        start, end = token.map[0] - offset, min(token.map[1] - offset, length)
        if token.type in ("paragraph_open", "heading_open"):
            yield Span("inline", start, end, token.type)
        elif token.type in ("code_block", "fence", "html_block"):
            yield Span("verbatim", start, end, token.type)
        elif token.type == "tr_open":
            yield Span("row", start, end, token.type)


def _empty_header(group: Sequence[Token]) -> bool:
    if group[0].type != "table_open":
        return False
    head = []
    for token in group:
        if token.type == "thead_close":
            break
        if token.type == "inline":
            head.append(token.content.strip())
    return not any(head)


def _references(env: dict[str, object]) -> dict[str, Reference]:
    found = env.get("references", {})
    assert isinstance(found, dict)
    return {
        str(label): Reference(str(ref.get("href", "")), str(ref.get("title", "")))
        for label, ref in found.items()
    }


# --- what a PDF conversion leaves behind --------------------------------------------------


def drop_table_of_contents(
    blocks: Sequence[SourceBlock], findings: Findings
) -> tuple[SourceBlock, ...]:
    """Leave out a table of contents: its heading („Inhaltsverzeichnis“ …) up to the next
    heading, reported with its text (the book makes its own)."""
    kept: list[SourceBlock] = []
    toc: list[SourceBlock] = []
    for block in [*blocks, None]:
        if toc and (block is None or block.kind == "heading"):
            _drop_toc(toc, findings)
            toc = []
        if block is None:
            break
        if toc or (block.kind == "heading" and block.title.strip(" :").lower() in TOC_TITLES):
            toc.append(block)
        else:
            kept.append(block)
    return tuple(kept)


def is_page_number(block: SourceBlock) -> bool:
    """A paragraph that is only „12“, „Seite 12“ or „– 12 –“ (which Markdown may read as a
    list item)."""
    if block.kind not in ("paragraph", "bullet_list") or len(block.lines) != 1:
        return False
    return bool(PAGE_NUMBER.fullmatch(block.text.strip()))


def paragraph(lines: Sequence[Line]) -> SourceBlock:
    """A paragraph block of ``lines``."""
    return SourceBlock("paragraph", tuple(lines), (Span("inline", 0, len(lines), "paragraph"),))


def _drop_toc(blocks: Sequence[SourceBlock], findings: Findings) -> None:
    text = "\n\n".join(block.text for block in blocks)
    message = f"table of contents „{blocks[0].title}“ dropped – the book makes its own"
    findings.drop(Dropped.TOC, blocks[0].line, text, message)


# --- chapters -----------------------------------------------------------------------------


def take_document_title(blocks: Sequence[SourceBlock]) -> tuple[str, tuple[SourceBlock, ...]]:
    """When the source has no title data but opens with its only top-level heading, that
    heading is the document's title: return it and the blocks without it."""
    headings = [b for b in blocks if b.kind == "heading"]
    if not headings or blocks[0].kind != "heading":
        return "", tuple(blocks)
    top = min(h.level for h in headings)
    if blocks[0].level != top or sum(1 for h in headings if h.level == top) != 1:
        return "", tuple(blocks)
    if len(headings) == 1:
        return "", tuple(blocks)
    return blocks[0].title, tuple(blocks[1:])


def split_chapters(
    blocks: Sequence[SourceBlock], findings: Findings
) -> list[tuple[SourceBlock, ...]]:
    """Chapters at the top heading level, each starting with its level-1 heading; text
    before the first one becomes the chapter „Vorbemerkung“. Levels never skip."""
    levels = [b.level for b in blocks if b.kind == "heading"]
    top = min(levels, default=1)
    chapters: list[list[SourceBlock]] = []
    for block in blocks:
        if block.kind == "heading" and block.level == top:
            chapters.append([block])
        elif chapters:
            chapters[-1].append(block)
        else:
            first = block.line
            findings.note(
                first, f"the text before the first heading became the chapter „{PREFACE_TITLE}“"
            )
            preface = Line(first, f"# {PREFACE_TITLE}")
            chapters.append([SourceBlock("heading", (preface,), level=top, content=PREFACE_TITLE)])
            chapters[-1].append(block)
    return [tuple(_renumber(chapter, top, findings)) for chapter in chapters]


def _renumber(
    chapter: Sequence[SourceBlock], top: int, findings: Findings
) -> Iterator[SourceBlock]:
    """Heading levels by depth: a heading is one level below the nearest heading above it
    with a smaller source level, so h2 → h4 becomes h2 → h3 (and is reported)."""
    stack: list[tuple[int, int]] = []  # (source level, new level)
    for block in chapter:
        if block.kind != "heading":
            yield block
            continue
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        level = stack[-1][1] + 1 if stack else 1
        relative = block.level - top + 1
        if level != relative:
            parent = stack[-1][1] if stack else 0
            findings.note(
                block.line,
                f"heading level skips from {parent} to {relative}: "
                f"„{block.title}“ is now level {level}",
            )
            findings.count(Count.HEADINGS_RENUMBERED)
        stack.append((block.level, level))
        yield replace(block, level=level)
