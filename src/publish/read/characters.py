"""Every printed character against the fonts that will set it, before any layout.

WeasyPrint draws a character that no font has as a .notdef box and stops our build after
the layout, with no file and no line. This check finds such characters in the reader, with
the other problems of the source: every character of every printed text (headings,
paragraphs, list items, tables, captions, footnotes, link texts, language spans, and the
title data of ``book.yaml`` that the cover, the imprint and the running heads print) is
looked up in the stack that sets it (:mod:`publish.fonts`). Each one that cannot be printed
is reported with ``file:line:column``, its Unicode name and what to do:

- a private-use character (U+E000–U+F8FF …) is always refused; one of Word's symbol fonts
  (U+F020–U+F0FF) with the character it probably stood for (:mod:`publish.symbols`);
- a character no font of the book has, with the font to add to ``styles/fonts/``;
- a character that is not assigned in Unicode.

The first :data:`PLACES` places of a character are listed, then how many more there are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publish import model as m
from publish.errors import Diagnostic, SourceLocation, display_path
from publish.fonts import BookFonts
from publish.symbols import is_private_use, symbol_meaning
from publish.tree import iter_blocks

#: How many places of one character are listed before „… and N more“.
PLACES = 20
#: The title data that is printed (cover, imprint, running heads, web edition).
PRINTED_METADATA = ("title", "subtitle", "status", "place", "publisher", "contact", "rights")
#: Both stacks: the text is printed in the headings' font and in the text's.
BOTH = ("heading", "text")


@dataclass
class CharacterCheck:
    """Checks the texts of one book against its fonts; remembers each character's verdict
    and how many places of each character were reported."""

    fonts: BookFonts
    #: Per combination of stacks: the characters found printable, and those found not.
    printable: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    refused: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    reported: Counter[str] = field(default_factory=Counter)

    def unprintable(self, text: str, stacks: tuple[str, ...]) -> set[str]:
        """The characters of ``text`` that some stack of ``stacks`` cannot set."""
        known = self.printable.setdefault(stacks, set())
        unknown = set(text) - known
        if not unknown:  # nearly always: one set operation per text
            return unknown
        refused = self.refused.setdefault(stacks, set())
        for char in unknown - refused:
            if not is_private_use(char) and all(self.fonts.printable(char, s) for s in stacks):
                known.add(char)
            else:
                refused.add(char)
        return unknown & refused

    # --- chapters ------------------------------------------------------------------------

    def chapter(
        self, blocks: Iterable[m.Block], notes: Iterable[m.Footnote], source: str, file: str
    ) -> list[Diagnostic]:
        """The unprintable characters of one chapter, each at its line and column."""
        found: list[tuple[int, str]] = []  # (block line, character), once per occurrence
        for line, stacks, text in _chapter_texts(blocks, notes):
            for char in sorted(self.unprintable(text, stacks)):
                found.extend((line, char) for _ in range(text.count(char)))
        if not found:
            return []
        return list(self._report(file, _places(source, found)))

    # --- book.yaml -----------------------------------------------------------------------

    def metadata(self, meta: m.Metadata, book_yaml: Path) -> list[Diagnostic]:
        """The unprintable characters of the printed title data, at their place in book.yaml."""
        texts = [getattr(meta, key) for key in PRINTED_METADATA]
        texts += [text for party in meta.parties for text in (party.name, party.short)]
        if not any(self.unprintable(text, BOTH) for text in texts):
            return []
        places: list[tuple[int, int | None, str]] = []
        source = book_yaml.read_text(encoding="utf-8")
        for node in _printed_nodes(yaml.compose(source, Loader=yaml.SafeLoader)):
            for char in sorted(self.unprintable(str(node.value), BOTH)):
                places.extend(_node_places(source, node, char))
        return list(self._report(display_path(book_yaml), sorted(places)))

    # --- messages ------------------------------------------------------------------------

    def _report(
        self, file: str, places: Iterable[tuple[int, int | None, str]]
    ) -> Iterator[Diagnostic]:
        more: Counter[str] = Counter()
        first_unlisted: dict[str, SourceLocation] = {}
        for line, column, char in places:
            where = SourceLocation(file, line, column)
            self.reported[char] += 1
            if self.reported[char] > PLACES:
                more[char] += 1
                first_unlisted.setdefault(char, where)
                continue
            yield problem(char, where, self.fonts)
        for char, count in more.items():
            message = f"… and {count} more places of the character {_shown(char)}"
            yield Diagnostic(first_unlisted[char], message, "see above")


def problem(char: str, where: SourceLocation, fonts: BookFonts) -> Diagnostic:
    """What is wrong with ``char`` and what to do."""
    code = f"U+{ord(char):04X}"
    if is_private_use(char):
        symbol = symbol_meaning(char)
        if symbol is None:
            message = f"the character {code} is a private-use character"
            hint = "it means nothing outside the font it was typed in: write the character meant"
            return Diagnostic(where, message, hint)
        meaning = "a space" if symbol.meaning == " " else f"„{symbol.meaning}“"
        message = (
            f"the character {code} is a private-use character of Word's symbol fonts "
            f"(probably {symbol.meaning.strip() or '␣'} {symbol.name})"
        )
        return Diagnostic(
            where, message, f"replace it with {meaning} (publish import does this for you)"
        )
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) in ("Cn", "Co", "Cs"):
        hint = "remove it; it is probably left over from a conversion"
        return Diagnostic(where, f"the character {code} is not assigned in Unicode", hint)
    if unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf"):
        hint = "remove it, or write a space or a line break instead"
        return Diagnostic(where, f"the character {code} ({name}) cannot be printed", hint)
    described = f"{_shown(char)} ({code} {name})"
    if ord(char) in fonts.everything:
        stacks = ", ".join(fonts.families("heading"))
        message = f"the character {described} is not in the fonts of the headings ({stacks})"
        hint = "add a font that has it to --heading-font in styles/base.css"
        return Diagnostic(where, message, hint)
    message = f"the character {described} is in no font of the book"
    hint = (
        f"put an open-licensed font that has it (e.g. {suggested_font(char)}) into "
        "styles/fonts/; it is then used as a fallback"
    )
    return Diagnostic(where, message, hint)


def _shown(char: str) -> str:
    """The character in quotes, unless it is invisible (a mark alone, a format character)."""
    if unicodedata.category(char)[0] in "MCZ":
        return f"U+{ord(char):04X}"
    return f"„{char}“"


#: First word of a character's Unicode name → the Noto font for it.
_FONTS = {
    "CJK": "Noto Sans CJK SC", "KANGXI": "Noto Sans CJK SC", "IDEOGRAPHIC": "Noto Sans CJK SC",
    "BOPOMOFO": "Noto Sans CJK TC", "HIRAGANA": "Noto Sans CJK JP", "KATAKANA": "Noto Sans CJK JP",
    "HANGUL": "Noto Sans CJK KR", "MATHEMATICAL": "Noto Sans Math", "ARABIC": "Noto Naskh Arabic",
    "BRAILLE": "Noto Sans Symbols 2", "MUSICAL": "Noto Music", "CANADIAN": "Noto Sans Canadian "
    "Aboriginal",
}  # fmt: skip
#: Scripts whose Noto font is called „Noto Sans“ and the script's name.
_SCRIPTS = frozenset((
    "ARMENIAN", "BALINESE", "BENGALI", "CHEROKEE", "COPTIC", "DEVANAGARI", "ETHIOPIC",
    "GEORGIAN", "GOTHIC", "GUJARATI", "GURMUKHI", "HEBREW", "JAVANESE", "KANNADA", "KHMER",
    "LAO", "MALAYALAM", "MONGOLIAN", "MYANMAR", "NKO", "OGHAM", "ORIYA", "RUNIC", "SINHALA",
    "SYRIAC", "TAMIL", "TELUGU", "THAANA", "THAI", "TIBETAN", "TIFINAGH", "YI",
))  # fmt: skip


def suggested_font(char: str) -> str:
    """An open-licensed font that most probably has ``char``: Noto, by script."""
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code in (0x200D, 0x20E3):
        return "Noto Emoji"
    first = unicodedata.name(char, "").split(" ")[0]
    if first in _FONTS:
        return _FONTS[first]
    if first in _SCRIPTS:
        return f"Noto Sans {first.title()}"
    if unicodedata.category(char) in ("So", "Sm"):
        return "Noto Sans Symbols 2"
    return "Noto Sans"


# --- the printed texts of a chapter, with the line of their block -------------------------


def _chapter_texts(
    blocks: Iterable[m.Block], notes: Iterable[m.Footnote]
) -> Iterator[tuple[int, tuple[str, ...], str]]:
    for block in iter_blocks(blocks):
        yield from _block_texts(block, block.location.line or 1)
    for note in notes:
        for block in iter_blocks(note.blocks):
            yield from _block_texts(block, note.location.line or block.location.line or 1)


def _block_texts(block: m.Block, line: int) -> Iterator[tuple[int, tuple[str, ...], str]]:
    """The texts of one block, each with the stacks that print it: a heading is set in the
    headings' font and, in the table of contents, in the text's; a table's header row in
    the headings' font."""
    if isinstance(block, m.Heading):
        yield from ((line, BOTH, text) for text in _texts(block.children))
    elif isinstance(block, m.Paragraph):
        yield from ((line, ("text",), text) for text in _texts(block.children))
    elif isinstance(block, m.Table):
        yield from ((line, ("text",), text) for text in _texts(block.caption))
        for row in (*block.head, *block.body):
            for cell in row.cells:
                stacks = ("heading",) if cell.header else ("text",)
                yield from ((line, stacks, text) for text in _texts(cell.children))
    elif isinstance(block, m.Figure):
        yield from ((line, ("text",), text) for text in _texts(block.caption))


def _texts(inlines: Iterable[m.Inline]) -> Iterator[str]:
    """The printed text of inlines, however deep (emphasis, links, language spans …)."""
    for inline in inlines:
        text = getattr(inline, "text", None)
        if isinstance(text, str):
            yield text
        children = getattr(inline, "children", None)
        if children:
            yield from _texts(children)


def _places(source: str, found: list[tuple[int, str]]) -> list[tuple[int, int | None, str]]:
    """Line and column of each occurrence: the next one of its character in the source
    from its block's line on (a character written as an entity gets its block's line)."""
    starts = [0] + [match.end() for match in re.finditer("\n", source)]
    position: dict[str, int] = {}
    places: list[tuple[int, int | None, str]] = []
    for line, char in sorted(found, key=lambda item: item[0]):
        begin = max(starts[min(line, len(starts)) - 1], position.get(char, 0))
        index = source.find(char, begin)
        if index < 0:
            places.append((line, None, char))
            continue
        position[char] = index + 1
        places.append(_line_column(starts, index) + (char,))
    return sorted(places, key=lambda place: (place[0], place[1] or 0))


def _line_column(starts: list[int], index: int) -> tuple[int, int]:
    low, high = 0, len(starts) - 1
    while low < high:  # the last line start at or before index
        middle = (low + high + 1) // 2
        if starts[middle] <= index:
            low = middle
        else:
            high = middle - 1
    return low + 1, index - starts[low] + 1


# --- book.yaml -----------------------------------------------------------------------------


def _printed_nodes(root: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    """The scalar nodes of the printed title data (metadata: title, …, parties' names)."""
    metadata = _value(root, "metadata")
    for key in PRINTED_METADATA:
        node = _value(metadata, key)
        if isinstance(node, yaml.ScalarNode):
            yield node
    parties = _value(metadata, "parties")
    for party in parties.value if isinstance(parties, yaml.SequenceNode) else ():
        for key in ("name", "short"):
            node = _value(party, key)
            if isinstance(node, yaml.ScalarNode):
                yield node


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _node_places(
    source: str, node: yaml.ScalarNode, char: str
) -> Iterator[tuple[int, int | None, str]]:
    """Each occurrence of ``char`` in the node's text in book.yaml (the node's start if it
    is written as an escape)."""
    start, end = node.start_mark.index, node.end_mark.index
    starts = [0] + [match.end() for match in re.finditer("\n", source)]
    indices = [start + i for i, c in enumerate(source[start:end]) if c == char]
    if not indices:
        yield node.start_mark.line + 1, node.start_mark.column + 1, char
    for index in indices:
        yield _line_column(starts, index) + (char,)
