"""The layout map: where every printed page and every numbered line begins in the source.

It is read from WeasyPrint's laid-out pages (line boxes and their baselines) once per build
(:mod:`publish.write.readlayout`) and is the one mechanism behind the line numbers in the
print, the EPUB's page-list and line anchors, and the consistency tests. It is written to
``dist/NAME.layout.json``.

Positions in the source are given per text block (an HTML element with ``data-src``: a
paragraph, heading or list item, named by ``file:line`` of its Markdown) and counted in
*letters*: characters that are not white space. Letter offsets survive whitespace
collapsing, line breaks and added hyphens, so the EPUB writer can find the same place in
the model's text.

Rule for numbering: body text, headings and list items are numbered; the cover, imprint,
table of contents, tables, figure captions, footnotes and running heads are not.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

#: The HTML attribute that marks a numbered text block and names its source.
SOURCE_ATTRIBUTE = "data-src"
#: The HTML attribute that marks words the outputs add to the source's text (the words
#: that announce a change of an amendment, its number, the draft's page marks): they are
#: not the source's letters, so offsets in a block stay those of the model's text.
ADDED_ATTRIBUTE = "data-added"
#: The prefix of the front matter's source names (cover, imprint, table of contents).
FRONT = "front:"
SOFT_HYPHEN = "\u00ad"
#: WeasyPrint lays out in CSS pixels; the map is in PDF points.
PT_PER_PX = 0.75


@dataclass(frozen=True)
class Line:
    """One numbered line: its number, page (from 1), baseline and left edge (PDF points
    from the top-left corner of the page), where it starts in the source (block and letter
    offset), its text, and whether it ends in a word broken by hyphenation."""

    number: int
    page: int
    baseline: float
    x: float
    block: str
    offset: int
    text: str
    hyphenated: bool = False


@dataclass(frozen=True)
class Page:
    """One printed page: its number (from 1), the left edge of its text column (points),
    its first numbered line (if any), and where it begins in the source: the first block on
    the page (a text block, table, figure, or ``front:cover``/``front:imprint``/
    ``front:toc``) and the letter offset in it."""

    number: int
    text_left: float
    first_line: int | None
    block: str | None
    offset: int


@dataclass(frozen=True)
class LayoutMap:
    page_width: float
    page_height: float
    pages: tuple[Page, ...]
    lines: tuple[Line, ...]

    def to_json(self) -> str:
        """The map as JSON, a page or line a row (json's C encoder: indenting every value
        would take Python's, ten times as slow)."""

        def rows(items: tuple[Page, ...] | tuple[Line, ...]) -> str:
            return ",\n".join(
                json.dumps(vars(item), ensure_ascii=False, sort_keys=True) for item in items
            )

        return (
            f'{{"lines": [\n{rows(self.lines)}\n],\n'
            f' "page_height": {json.dumps(self.page_height)},\n'
            f' "page_width": {json.dumps(self.page_width)},\n'
            f' "pages": [\n{rows(self.pages)}\n]}}\n'
        )

    @classmethod
    def from_json(cls, text: str) -> LayoutMap:
        data = json.loads(text)
        return cls(
            data["page_width"],
            data["page_height"],
            tuple(Page(**p) for p in data["pages"]),
            tuple(Line(**line) for line in data["lines"]),
        )

    def lines_on(self, page: int) -> tuple[Line, ...]:
        return self._lines_by_page.get(page, ())

    @cached_property
    def _lines_by_page(self) -> dict[int, tuple[Line, ...]]:
        grouped: dict[int, list[Line]] = {}
        for line in self.lines:
            grouped.setdefault(line.page, []).append(line)
        return {page: tuple(lines) for page, lines in grouped.items()}


def is_letter(char: str) -> bool:
    """Counted in offsets: not white space, and not an invisible format character (soft
    hyphen, word joiner), which only the print edition's text has."""
    return not char.isspace() and unicodedata.category(char) != "Cf"


class _CharacterClass(dict[str, bool]):
    """A test of single characters, remembered per character: the layout map tests every
    character of the book, and few different ones occur."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self.test = test

    def __missing__(self, char: str) -> bool:
        self[char] = value = self.test(char)
        return value


_LETTER = _CharacterClass(is_letter)
_VISIBLE = _CharacterClass(lambda char: unicodedata.category(char) != "Cf")


def visible(text: str) -> str:
    """``text`` without invisible format characters (soft hyphens, word joiners)."""
    return "".join(filter(_VISIBLE.__getitem__, text))


def only_letters(text: str) -> str:
    """``text`` with its letters only (see :func:`is_letter`)."""
    return "".join(filter(_LETTER.__getitem__, text))


def letters(text: str) -> int:
    """How many letters (see :func:`is_letter`) ``text`` has."""
    return sum(map(_LETTER.__getitem__, text))


def letters_up_to(text: str) -> list[int]:
    """For each index ``i`` of ``text``, how many letters ``text[: i + 1]`` has."""
    return list(accumulate(map(_LETTER.__getitem__, text)))


@dataclass(frozen=True)
class PartLine:
    """A numbered line of one separately laid-out part, in CSS pixels, not yet numbered."""

    page: int  # index in the part, from 0
    baseline: float
    x: float
    block: str
    offset: int
    text: str
    hyphenated: bool


@dataclass(frozen=True)
class PartPage:
    """A page of one part: the left edge of its text column (CSS pixels), how far its
    content moves when the page changes sides (``mirror``: its right margin minus its left
    one, as the margins are mirrored), its first source block and the offset in it."""

    text_left: float
    mirror: float
    first_line: int | None  # index into the part's lines
    block: str | None
    offset: int


@dataclass(frozen=True)
class PartLayout:
    """The layout of a document laid out on its own (the whole book, its front matter or
    one chapter): exact CSS-pixel values, so that parts laid out separately, some of them
    on the other side of the spread, join into the same map as one pass gives."""

    width: float
    height: float
    pages: tuple[PartPage, ...]
    lines: tuple[PartLine, ...]


def join_layouts(parts: list[PartLayout], mirrored: list[bool] | None = None) -> LayoutMap:
    """One layout map from parts laid out one after the other: pages and lines numbered
    through, and the pages of a part marked in ``mirrored`` moved to the other side of the
    spread (a chapter laid out from a right-hand page that begins on a left-hand one)."""
    pages: list[Page] = []
    lines: list[Line] = []
    for part, flip in zip(parts, mirrored or [False] * len(parts), strict=True):
        first_page, first_line = len(pages) + 1, len(lines) + 1
        shifts = [page.mirror if flip else 0.0 for page in part.pages]
        for index, page in enumerate(part.pages):
            left = _points(page.text_left + shifts[index])
            number = None if page.first_line is None else page.first_line + first_line
            pages.append(Page(first_page + index, left, number, page.block, page.offset))
        for index, line in enumerate(part.lines):
            baseline, x = _points(line.baseline), _points(line.x + shifts[line.page])
            lines.append(
                Line(
                    first_line + index,
                    first_page + line.page,
                    baseline,
                    x,
                    line.block,
                    line.offset,
                    line.text,
                    line.hyphenated,
                )
            )
    width, height = parts[0].width * PT_PER_PX, parts[0].height * PT_PER_PX
    return LayoutMap(round(width, 3), round(height, 3), tuple(pages), tuple(lines))


def _points(pixels: float) -> float:
    return round(pixels * PT_PER_PX, 3)
