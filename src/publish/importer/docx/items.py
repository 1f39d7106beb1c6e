"""What a paragraph holds, before it is written as Markdown: text with its emphasis and
position (raised, lowered), line breaks, footnote calls, pictures and links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

#: Private-use characters: Word's symbol fonts (U+F020–U+F0FF) and the rest, in every plane.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: Line and paragraph separators inside a text: a space, as a tab is.
SEPARATORS = re.compile("[\t\r\n\x85\u2028\u2029]")
#: Control characters XML lets through (DEL, C1): invisible, and refused by the book.
CONTROL = re.compile("[\x7f-\x9f]")


@dataclass(frozen=True)
class Text:
    """Text as a reader sees it; ``vertical`` is „superscript“, „subscript“ or „“."""

    text: str
    bold: bool = False
    italic: bool = False
    vertical: str = ""


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (``w:br``, ``w:cr``)."""


@dataclass(frozen=True)
class NoteCall:
    """A footnote's mark: ``[^label]``."""

    label: str


@dataclass
class Picture:
    """A picture: its file name in ``bilder/``, alt text and caption (both plain text)."""

    name: str
    alt: str
    decorative: bool
    caption: str = ""


@dataclass(frozen=True)
class Link:
    items: tuple[Item, ...]
    destination: str


Item = Text | Break | NoteCall | Picture | Link


def plain(items: Sequence[Item]) -> str:
    """The text of ``items`` as a reader sees it."""
    parts = []
    for item in items:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, Break):
            parts.append(" ")
        elif isinstance(item, Link):
            parts.append(plain(item.items))
    return "".join(parts)


def shows_something(items: Sequence[Item]) -> bool:
    return bool(plain(items).strip()) or any(isinstance(i, Picture | NoteCall) for i in items)


def trimmed(items: Sequence[Item]) -> list[Item]:
    """``items`` without the spaces at the start and end of the paragraph."""
    out = list(items)
    start, end = 0, len(out)
    while start < end and _blank(out[start]):
        start += 1
    while end > start and _blank(out[end - 1]):
        end -= 1
    out = out[start:end]
    if out and isinstance(out[0], Text):
        out[0] = replace(out[0], text=out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return out


def _blank(item: Item) -> bool:
    return isinstance(item, Text) and not item.text.strip()


def line_texts(items: Sequence[Item]) -> list[str]:
    """The plain text of ``items``, one entry per line (split at line breaks)."""
    lines: list[list[Item]] = [[]]
    for item in items:
        if isinstance(item, Break):
            lines.append([])
        else:
            lines[-1].append(item)
    return [" ".join(plain(line).split()) for line in lines]
