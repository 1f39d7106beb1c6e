"""A paragraph of WeasyPrint's inline content as boxes, glue and penalties (Knuth–Plass).

The inline content of a block (its anonymous line box: text boxes inside links, emphasis,
language spans, capitals, footnote calls …) is read once per paragraph:

- every text box is shaped once, whole, by Pango (one layout, no width), and the advance of
  each of its glyphs gives the width of any stretch of its text, kerning included, exactly
  as WeasyPrint draws the same text as a line of its own (checked in
  ``tests/test_linebreaking.py``);
- where a line may break comes from Pango's line-break rules over the paragraph's whole
  text (so never inside „z. B.“, at a no-break space or a word joiner), and becomes an item:
  a space is glue (a break if the line may end there; the same stretch and shrink for
  every space, as WeasyPrint's justification widens all of a line's spaces alike), a soft
  hyphen a flagged penalty as wide as the hyphen WeasyPrint adds after that letter, a hyphen
  or a dash a break without an added hyphen (flagged after a hyphen), a preserved newline a
  forced break;
- a word wider than the line (a long address, an identifier) may also break between any
  two of its characters, at a high cost (``emergency_penalty``), as CSS's
  ``overflow-wrap: break-word`` does: it is broken rather than run past the margin;
- inline boxes cost nothing but their margins, borders and padding.

What cannot be modelled raises :class:`Unsupported` (floats and atomic inline boxes in the
line, leaders, ``white-space`` other than ``normal``/``pre-line``, ``::first-letter``,
right-to-left text, automatic hyphenation); the caller then lets WeasyPrint break the lines
itself and counts why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress
from operator import sub
from typing import Any, NamedTuple

from weasyprint.formatting_structure import boxes
from weasyprint.layout.percent import resolve_percentages
from weasyprint.text.ffi import ffi
from weasyprint.text.line_break import get_log_attrs

from publish.write.knuthplass import BOX, INF, INFINITY, PENALTY, Paragraph
from publish.write.measure import Font, advances, font_for, offsets

SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACE = "\u00a0"
#: Spaces that are glue (WeasyPrint widens both when it justifies a line).
SPACES = frozenset(" \u00a0")
#: The characters the reader always stops at.
EVENTS = re.compile("[ \u00a0\n]")
#: Characters after which a break leaves a hyphen at the line's end (the line is flagged).
HYPHENS = frozenset("-\u2010")
#: Where each kind of break leaves the line (see :class:`Break`).
SPACE, HYPHENATION, EXPLICIT, NEWLINE = "space", "hyphen", "explicit", "newline"


class Unsupported(Exception):
    """The paragraph has something the breaker does not model (the message says what)."""


@dataclass(frozen=True)
class Costs:
    """How spaces in justified text are valued, in units of the paragraph font's space:
    the ideal width the breaker aims at (``space``: lines whose spaces come out that wide
    have badness 0), and how far they stretch and shrink for a ratio of 1; and what a break
    costs (TeX's units)."""

    space: float = 1.0
    stretch: float = 0.5
    shrink: float = 1 / 3
    hyphen_penalty: float = 50
    explicit_penalty: float = 50
    #: A break inside a word wider than the line (nowhere else): only where it must.
    emergency_penalty: float = 1000


@dataclass
class Run:
    """The text of one text box, with the position before each of its characters."""

    box: Any
    start: int  # where the text begins in the paragraph's text
    text: str
    x: list[float]  # len(text) + 1 positions, CSS pixels from the start of the text
    byte: list[int]  # len(text) + 1 UTF-8 offsets
    edge: float = 0.0  # margins, borders, padding of inline boxes before it
    font: Font | None = None
    #: Its lines' pieces can be measured from ``x`` (one font, no letter spacing, no
    #: decoration that needs Pango's metrics).
    known: bool = False


class Break(NamedTuple):
    """Where a line may end: in text box ``run`` (an index into the paragraph's runs) the
    next line resumes at UTF-8 offset ``resume``; ``kind`` says what the line ends with,
    ``end`` where its piece of the run ends (x, hyphen or kerning included)."""

    run: int
    resume: int
    kind: str
    end: float


@dataclass
class InlineParagraph:
    """A paragraph's runs, inline boxes, items, and the break behind each breakable item."""

    runs: list[Run]
    inline_boxes: list[Any]
    items: Paragraph
    breaks: dict[int, Break] = field(default_factory=dict)
    natural_width: float = 0.0
    #: How far one space stretches (for a line of one word: as bad as one space
    #: stretched as far).
    space_stretch: float = 0.0
    #: The width of the line its words were compared with (words wider than it may break
    #: anywhere).
    measure: float = 0.0


def read_paragraph(
    line_box: Any, containing_block: Any, justify: bool, costs: Costs, measure: float
) -> InlineParagraph:
    """The items of the paragraph in ``line_box`` (raises :class:`Unsupported`); a word
    wider than ``measure`` may also break between its characters."""
    runs: list[Run] = []
    inline_boxes: list[Any] = []
    trailing = _collect(line_box, containing_block, runs, inline_boxes, [0.0])
    start = 0
    for run in runs:
        run.start = start
        start += len(run.text)
        _measure(run)
    text = "".join(run.text for run in runs)
    if not text:
        raise Unsupported("no text")
    flags = _log_attributes(text, line_box.style["lang"])
    breakable = [bool(flag & LINE_BREAK) for flag in flags]
    space = font_for(line_box.style).space
    reader = _Reader(
        InlineParagraph(runs, inline_boxes, Paragraph(), measure=measure),
        costs,
        (costs.space - 1) * space if justify else 0.0,
        costs.stretch * space if justify else 0.0,
        costs.shrink * space if justify else 0.0,
        _too_wide(runs, flags, breakable, measure),
    )
    for number, run in enumerate(runs):
        reader.read(number, run, breakable, text)
    reader.width += trailing
    reader.paragraph.space_stretch = costs.stretch * space
    return reader.finish()


class _Reader:
    """Turns runs into items, visiting only the characters where something happens: spaces,
    newlines and the places a line may break after; the letters between make boxes."""

    def __init__(
        self,
        paragraph: InlineParagraph,
        costs: Costs,
        widening: float,
        stretch: float,
        shrink: float,
        emergency: frozenset[int],
    ) -> None:
        self.paragraph, self.items, self.costs = paragraph, paragraph.items, costs
        #: Where a word wider than the line may break (before these characters).
        self.emergency = emergency
        #: What a space is valued beyond its width (the ideal space), how far it stretches
        #: and shrinks from there.
        self.widening, self.stretch, self.shrink = widening, stretch, shrink
        self.width = 0.0  # of the box being gathered
        self.in_box = False
        self.previous = ""  # the last character read

    def read(self, number: int, run: Run, breakable: list[bool], text: str) -> None:
        """Read ``run``, the ``number``-th of the paragraph, whose whole text is ``text``."""
        items, breaks, end = self.items, self.paragraph.breaks, len(text)
        assert run.font is not None
        self.width += run.edge + run.font.letter_spacing
        x, chars, start, byte = run.x, run.text, run.start, run.byte
        events = {m.start() for m in EVENTS.finditer(chars)}
        last = min(len(chars), end - start - 1)  # no break after the paragraph's end
        events.update(index for index in range(last) if breakable[start + index + 1])
        if self.emergency:
            events.update(
                index - start - 1 for index in self.emergency if start < index <= start + last
            )
        mark = 0  # x[mark]: where the letters not yet counted begin
        for index in sorted(events):
            char = chars[index]
            if index > mark:
                self.width += x[index] - x[mark]
                self.in_box, self.previous = True, chars[index - 1]
            mark = index + 1
            after = start + index + 1  # a break here: before the next character
            if char == " " or char == NO_BREAK_SPACE:
                self._flush()
                if char == NO_BREAK_SPACE or not breakable[after] or after == end:
                    items.penalty(0.0, INFINITY)
                else:
                    # The letter before the space may be kerned against it: a line that
                    # ends there is as much wider; a line ending in „Wissens-“ is flagged.
                    unkerned = self._unkerned(run, index - 1)
                    resume = Break(number, byte[index + 1], SPACE, x[index] + unkerned)
                    if unkerned or self.previous in HYPHENS:
                        flagged = self.previous in HYPHENS
                        breaks[items.penalty(unkerned, 0.0, flagged)] = resume
                glue = items.glue(x[index + 1] - x[index] + self.widening, self.stretch,
                                  self.shrink)  # fmt: skip
                if items.kinds[glue - 1] == BOX:
                    breaks[glue] = resume
            elif char == "\n":
                self._flush()
                items.penalty(0.0, INFINITY)
                items.glue(0.0, INF, 0.0)
                forced = items.penalty(0.0, -INFINITY)
                breaks[forced] = Break(number, byte[index + 1], NEWLINE, x[index])
            else:
                self.width += x[index + 1] - x[index]
                self.in_box = True
                if after < end and text[after] not in " \n":
                    self._word_break(number, run, index, not breakable[after])
            self.previous = char
        if mark < len(chars):
            self.width += x[len(chars)] - x[mark]
            self.in_box, self.previous = True, chars[-1]

    def _flush(self) -> None:
        if self.in_box or self.width:
            self.items.box(self.width)
        self.width, self.in_box = 0.0, False

    def _word_break(self, number: int, run: Run, index: int, emergency: bool) -> None:
        """A break inside a word, after character ``index`` of ``run``: at a soft hyphen
        (the hyphen's width added if the line ends there), after a hyphen or dash, where
        Pango allows one after a slash, or (``emergency``) anywhere in a word wider than
        the line; the word so far becomes a box."""
        char, items, x = run.text[index], self.items, run.x
        assert run.font is not None
        resume = run.byte[index + 1]
        if char == SOFT_HYPHEN:
            if run.box.style["hyphens"] == "none":
                return
            previous = run.text[index - 1] if index else ""
            before = x[index - 1] if index else x[index]
            end = before + run.font.hyphenated(previous)  # the letter, kerned with the hyphen
            self._flush()
            penalty = items.penalty(end - x[index], self.costs.hyphen_penalty, True, True)
            self.paragraph.breaks[penalty] = Break(number, resume, HYPHENATION, end)
        else:
            self._flush()
            unkerned = self._unkerned(run, index)
            cost = self.costs.emergency_penalty if emergency else self.costs.explicit_penalty
            penalty = items.penalty(unkerned, cost, char in HYPHENS and not emergency)
            end = x[index + 1] + unkerned
            self.paragraph.breaks[penalty] = Break(number, resume, EXPLICIT, end)

    def _unkerned(self, run: Run, index: int) -> float:
        """How much wider character ``index`` of ``run`` is at the end of a line than in
        the run, where the next character may be kerned against it (0: no difference)."""
        if index < 0 or index + 1 >= len(run.text) or run.font is None:
            return 0.0
        if run.font.letter_spacing:  # not known exactly: the line may come out a hair wide
            return 0.0
        alone = run.font.character(run.text[index])
        difference = alone - (run.x[index + 1] - run.x[index])
        return difference if abs(difference) > 1e-6 else 0.0

    def finish(self) -> InlineParagraph:
        self._flush()
        items = self.items
        items.finish()
        self.paragraph.natural_width = sum(
            w for kind, w in zip(items.kinds, items.widths, strict=True) if kind != PENALTY
        )
        return self.paragraph


def _collect(
    box: Any, containing_block: Any, runs: list[Run], inline_boxes: list[Any], edge: list[float]
) -> float:
    """Gather the text boxes of ``box`` into ``runs`` (``edge`` carries the width of inline
    box edges met since the last run); returns the edges after the last run."""
    for child in box.children:
        if not child.is_in_normal_flow():
            if child.is_floated():
                raise Unsupported("a float in the line")
            continue  # positioned, running or note elements take no room in the line
        if isinstance(child, boxes.TextBox):
            if child.style["white_space"] not in ("normal", "pre-line"):
                raise Unsupported(f"white-space: {child.style['white_space']}")
            if child.text:
                runs.append(Run(child, 0, child.text, [], [], edge[0]))
                edge[0] = 0.0
        elif isinstance(child, boxes.InlineBox):
            if child.is_leader:
                raise Unsupported("a leader")
            left, right = _edges(child, containing_block)
            edge[0] += left
            inline_boxes.append(child)
            _collect(child, containing_block, runs, inline_boxes, edge)
            edge[0] += right
        else:
            raise Unsupported(f"an inline {type(child).__name__}")
    return edge[0]


def _edges(box: Any, containing_block: Any) -> tuple[float, float]:
    """The margin, border and padding on either side of an inline box."""
    resolve_percentages(box, containing_block)
    left = (box.margin_left if box.margin_left != "auto" else 0) + box.border_left_width
    right = (box.margin_right if box.margin_right != "auto" else 0) + box.border_right_width
    left, right = left + box.padding_left, right + box.padding_right
    if (left or right) and box.style["box_decoration_break"] == "clone":
        raise Unsupported("box-decoration-break: clone")
    return float(left), float(right)


def _measure(run: Run) -> None:
    """The position before every character of ``run``, from one Pango layout of its text
    (a layout per line for text with preserved newlines)."""
    style = run.box.style
    if style["direction"] != "ltr":
        raise Unsupported("right-to-left text")
    if style["hyphens"] == "auto":
        raise Unsupported("hyphens: auto")
    run.font = font = font_for(style)
    positions: list[float] = []
    offset = 0.0
    single = True
    for number, segment in enumerate(run.text.split("\n")):
        if number:
            positions.append(offset)  # the newline takes no room
        found, one_font = advances(font, segment)
        single = single and one_font
        positions.extend(offset + advance for advance in found[:-1])
        offset += found[-1]
    positions.append(offset)
    run.x = positions
    run.byte = offsets(run.text)
    run.known = single and not font.letter_spacing and style["text_decoration_line"] == "none"


#: Bits of Pango's ``PangoLogAttr``: a line may break before the character; it may in
#: ``PANGO_WRAP_CHAR`` mode (between two grapheme clusters).
LINE_BREAK, CHAR_BREAK = 1, 4


def _log_attributes(text: str, lang: str | None) -> list[int]:
    """``result[i]``: Pango's flags for the place before character ``i`` of ``text``."""
    attributes = get_log_attrs(text, lang)
    return list(memoryview(ffi.buffer(attributes, 4 * (len(text) + 1))).cast("I"))


def _too_wide(
    runs: list[Run], flags: list[int], breakable: list[bool], measure: float
) -> frozenset[int]:
    """Where words wider than ``measure`` may break: before each of their characters but
    the first (between grapheme clusters), wherever Pango's rules allow no break.

    A word is what lies between two breaks (its spaces left out). Only words of more
    characters than the widest glyphs could fill the line with are measured."""
    end = len(breakable) - 1
    stops = [0, *compress(range(1, end), breakable[1:end]), end]
    longest = max(map(sub, stops[1:], stops))
    widest = max(2 * run.box.style["font_size"] + (run.font.letter_spacing if run.font else 0)
                 for run in runs)  # fmt: skip
    enough = (measure - sum(run.edge for run in runs)) / widest
    if longest <= enough:
        return frozenset()
    text = "".join(run.text for run in runs)
    found: set[int] = set()
    for begin, stop in zip(stops, stops[1:], strict=False):
        if stop - begin > enough and _width(runs, text, begin, stop) > measure:
            found.update(
                index
                for index in range(begin + 1, stop)
                if flags[index] & CHAR_BREAK and not flags[index] & LINE_BREAK
            )
    return frozenset(found)


def _width(runs: list[Run], text: str, begin: int, end: int) -> float:
    """The width of the paragraph's text from character ``begin`` to ``end``, without the
    spaces at its end (inline boxes' edges included)."""
    while end > begin and text[end - 1] in " \u00a0\n":
        end -= 1
    width = 0.0
    for run in runs:
        first, last = max(begin, run.start), min(end, run.start + len(run.text))
        if first < last:
            width += run.x[last - run.start] - run.x[first - run.start]
            width += run.edge if run.start > begin else 0.0
    return width
