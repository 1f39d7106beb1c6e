"""``numbering.xml`` (ECMA-376 Part 1, §17.9): list levels, and the counters Word keeps while
it numbers list items and numbered headings.

A document without lists has no numbering part; then no paragraph is numbered, whatever its
``w:numPr`` says (Word shows such a paragraph without a number, too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from publish.importer.docx.styles import ParagraphStyle, Styles, indent
from publish.importer.docx.wordml import Element, q, twips, val

ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
LEVELS = 9
#: How often ``w:numStyleLink`` is followed to the list style's numbering.
MAX_LINKS = 3
#: The largest number a Markdown list item can have (CommonMark: nine digits).
MAX_NUMBER = 999_999_999


@dataclass(frozen=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    abstract: str
    ilvl: int
    format: str
    start: int
    text: str
    indent: int | None

    @property
    def ordered(self) -> bool:
        return self.format not in ("bullet", "none")


class Numbering:
    """The list definitions of a document (``root`` None: it has none), and the counters."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        nums = root.iter(q("w:num")) if root is not None else ()
        abstracts = root.iter(q("w:abstractNum")) if root is not None else ()
        self.nums = {str(n.get(q("w:numId"))): n for n in nums}
        self.abstracts = {str(a.get(q("w:abstractNumId"))): a for a in abstracts}
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()
        self.levels: dict[tuple[str, int], Level | None] = {}

    def level(self, num_id: str | None, ilvl: int) -> Level | None:
        """The level ``ilvl`` of the list ``num_id``, None if the document does not define it."""
        key = (num_id or "", ilvl)
        if key not in self.levels:
            self.levels[key] = self._level(num_id, ilvl, 0)
        return self.levels[key]

    def _level(self, num_id: str | None, ilvl: int, depth: int) -> Level | None:
        num = self.nums.get(num_id or "")
        if num is None or depth > MAX_LINKS or not 0 <= ilvl < LEVELS:
            return None
        abstract_id = str(val(num, "w:abstractNumId"))
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return None
        link = val(abstract, "w:numStyleLink")
        if link and abstract.find(q("w:lvl")) is None:
            style = self.styles.paragraph(link)
            return self._level(style.num_id, ilvl, depth + 1)
        override = _child_with(num, "w:lvlOverride", "w:ilvl", str(ilvl))
        lvl = override.find(q("w:lvl")) if override is not None else None
        if lvl is None:
            lvl = _child_with(abstract, "w:lvl", "w:ilvl", str(ilvl))
        if lvl is None:
            return None
        start = twips(val(override, "w:startOverride")) or twips(val(lvl, "w:start"))
        return Level(
            abstract_id,
            ilvl,
            val(lvl, "w:numFmt") or "decimal",
            1 if start is None else min(max(start, 0), MAX_NUMBER),
            val(lvl, "w:lvlText") or "",
            indent(lvl.find(q("w:pPr"))),
        )

    def paragraph_level(
        self, style: ParagraphStyle, properties: Element | None
    ) -> tuple[Level, str] | None:
        """The list level of a paragraph (its own ``w:numPr``, else its style's) and the
        list's id; None if it is not numbered (``w:numId`` 0, no such list, format none)."""
        numbering = properties.find(q("w:numPr")) if properties is not None else None
        num_id = val(numbering, "w:numId") or style.num_id
        ilvl = twips(val(numbering, "w:ilvl"))
        if not num_id or num_id == "0":
            return None
        level = self.level(num_id, ilvl if ilvl is not None else style.ilvl or 0)
        if level is None or level.format == "none":
            return None
        return level, num_id

    def advance(self, level: Level, num_id: str) -> list[int | None]:
        """Count one more item at ``level``: its counter goes up, deeper ones restart."""
        counters = self.counters.setdefault(level.abstract, [None] * LEVELS)
        first_of_num = (num_id, level.ilvl) not in self.started
        self.started.add((num_id, level.ilvl))
        current = counters[level.ilvl]
        restart = current is None or (first_of_num and self._overrides_start(num_id, level))
        counters[level.ilvl] = (
            level.start if restart or current is None else min(current + 1, MAX_NUMBER)
        )
        for deeper in range(level.ilvl + 1, LEVELS):
            counters[deeper] = None
        return list(counters)

    def _overrides_start(self, num_id: str, level: Level) -> bool:
        num = self.nums.get(num_id)
        override = _child_with(num, "w:lvlOverride", "w:ilvl", str(level.ilvl))
        return override is not None and override.find(q("w:startOverride")) is not None

    def label(self, level: Level, counters: Sequence[int | None], num_id: str) -> str:
        """The label Word shows: ``w:lvlText`` (``%1.%2``) with each level's counter."""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self.level(num_id, k) if k != level.ilvl else level
            value = counters[k] if 0 <= k < LEVELS else None
            if other is None:
                return str(value or 1)
            return format_number(other.start if value is None else value, other.format)

        return re.sub(r"%([1-9])", number, level.text)


def _child_with(parent: Element | None, name: str, attribute: str, value: str) -> Element | None:
    if parent is None:
        return None
    return next((c for c in parent.iterchildren(q(name)) if c.get(q(attribute)) == value), None)


def format_number(n: int, format_: str) -> str:
    """``n`` in a list's number format (letters, Roman numerals, digits)."""
    n = max(min(n, 100_000), 0)
    if format_ in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n else "0"
        return letter.upper() if format_ == "upperLetter" else letter
    if format_ in ("lowerRoman", "upperRoman"):
        roman = _roman(n) if n else "0"
        return roman if format_ == "upperRoman" else roman.lower()
    if format_ == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)
