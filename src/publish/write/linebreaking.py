"""Paragraphs set as a whole: our line breaker steering WeasyPrint 70.0's line layout.

WeasyPrint breaks lines one at a time (first fit): each line takes as much as fits, which in
justified German text leaves loose lines, and it shapes the rest of the paragraph with Pango
again for every line. Here, when WeasyPrint begins the lines of a block
(``iter_line_boxes`` without a skip stack), the whole paragraph is broken at once with the
Knuth–Plass algorithm (:mod:`publish.write.knuthplass`) on items read from its inline
content and measured once (:mod:`publish.write.paragraphs`, :mod:`publish.write.measure`).
Each text box of the paragraph then carries where lines end inside it, and WeasyPrint lays
the lines out as usual, except:

- ``split_inline_box`` gets no right edge for the paragraph's boxes (``max_x`` infinite), so
  it never looks for a break of its own or backs up to an earlier one;
- ``split_text_box`` ends the text box's piece of the line at the next planned break (with
  the hyphenate character after a soft hyphen, as WeasyPrint adds it); ``split_first_line``
  is given the piece: its width from the measurement of the whole text box, its height and
  baseline from the first line in that font, and a layout that Pango makes only when the
  text is drawn (a piece in a fallback font, letter-spaced or decorated is laid out by
  Pango as WeasyPrint would);
- ``text_align`` shrinks the spaces of a line the breaker set tighter than its natural width
  (WeasyPrint only ever widens them), and ``add_word_spacing`` keeps a justified piece's
  spacing without laying it out again.

Everything after that is WeasyPrint's own: boxes split at the breaks, justification, widows
and orphans, page breaks, footnotes, drawing. A paragraph the items cannot describe
(:class:`publish.write.paragraphs.Unsupported`) and lines beside floats are left to
WeasyPrint's first fit; :data:`STATISTICS` counts them, with the lines that were set and
any that came out wider than the measure. Installed only while our PDF is laid out
(:func:`paragraph_breaking_installed`); ``tests/test_linebreaking.py`` pins every function
and structure used here and fails loudly when WeasyPrint's change, and compares the pieces
made without Pango with Pango's (``VERIFY``): the corpus gives the same PDF, byte for byte.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import weasyprint.layout.block as block_layout
import weasyprint.layout.inline as inline_layout
import weasyprint.text.line_break as line_break
from weasyprint.formatting_structure import boxes
from weasyprint.layout.percent import resolve_one_percentage
from weasyprint.text.line_break import strut

from publish.write.knuthplass import Settings, break_lines
from publish.write.measure import font_description, known_piece, line_piece
from publish.write.paragraphs import (
    HYPHENATION,
    NEWLINE,
    SPACE,
    Costs,
    InlineParagraph,
    Run,
    Unsupported,
    read_paragraph,
)

ORIGINAL_LINES = block_layout.iter_line_boxes
ORIGINAL_SPLIT_INLINE_BOX = inline_layout.split_inline_box
ORIGINAL_SPLIT_TEXT_BOX = inline_layout.split_text_box
ORIGINAL_SPLIT_FIRST_LINE = inline_layout.split_first_line
ORIGINAL_TEXT_ALIGN = inline_layout.text_align
ORIGINAL_ADD_WORD_SPACING = inline_layout.add_word_spacing
ORIGINAL_FONT_DESCRIPTION = line_break.get_font_description

#: Attributes we put on WeasyPrint's boxes: the plan of a line box; the breaks inside a
#: text box; the boxes whose lines we steer.
PLAN = "publish_plan"
BREAKS = "publish_breaks"
STEERED = "publish_steered"


@dataclass(frozen=True)
class Tuning:
    """The breaker's settings: the cost model and how spaces stretch and shrink.

    Tuned on the 2018 agreement and a generated 400-page book for the issue's spacing
    figures (each full line's mean space against the document's median; README, „German
    typography and hyphenation“): one pass with hyphenation and a generous tolerance;
    badness rising with the 8th power of the ratio, so that lines up to a ratio of about
    0.8 cost next to nothing and lines beyond 1 a lot (the loose lines the eye sees as
    holes); a hyphen worth a line at the ratio 1.2, two in a row, one on the last line but
    one, or one where the page turns worth more; spaces valued at 1.45 times the font's
    space (a third of an em, TeX's word space), stretching by 1.2 times it for the ratio 1
    and shrinking at most to the font's own space. TeX's defaults (a first pass without
    hyphenation, ``100 r³``, spaces that stretch by half and shrink by a third of the
    font's) left 42 % of the lines hyphenated; shrinking below the font's space made more
    lines loose, as the median space got narrower.
    """

    settings: Settings = Settings(
        pretolerance=-1,
        tolerance=2000,
        exponent=8,
        double_hyphen_demerits=400_000,
        final_hyphen_demerits=800_000,
        page_hyphen_demerits=2_000_000,
    )
    costs: Costs = Costs(space=1.45, stretch=1.2, shrink=0.45, hyphen_penalty=400)
    #: Ragged lines (not justified): stretch at the end of every line, as a share of the
    #: measure. A line left a tenth short has the ratio 1, and a hyphen is worth about as
    #: much as a line left 12 % short (the former hyphenation zone's rule, 10 %, by
    #: paragraph rather than by line).
    ragged_stretch: float = 0.1


TUNING = Tuning()


@dataclass
class Statistics:
    """What the breaker did in this process: paragraphs set and lines made, paragraphs
    left to WeasyPrint (by reason), lines shrunk to fit, lines wider than the measure."""

    paragraphs: int = 0
    lines: int = 0
    fallbacks: Counter[str] = field(default_factory=Counter)
    shrunk: int = 0
    overfull: int = 0
    widest_overflow: float = 0.0


STATISTICS = Statistics()


@dataclass(frozen=True)
class _Breaks:
    """Where lines end inside one text box: UTF-8 offsets where the next line resumes, what
    each line ends with and where its piece ends (x in the run), and the run itself."""

    resume: tuple[int, ...]
    kinds: tuple[str, ...]
    ends: tuple[float, ...]
    run: Run


@dataclass(frozen=True)
class _Plan:
    key: tuple[Any, ...]
    paragraph: InlineParagraph
    breaks: dict[int, _Breaks]  # id of a text box → its breaks
    lines: int


def iter_line_boxes(
    context: Any,
    box: Any,
    position_y: float,
    bottom_space: float,
    skip_stack: Any,
    containing_block: Any,
    absolute_boxes: Any,
    fixed_boxes: Any,
    first_letter_style: Any,
    first_line_style: Any,
) -> Iterator[tuple[Any, Any]]:
    """WeasyPrint's ``iter_line_boxes``, the paragraph broken as a whole when it begins."""
    if skip_stack is None:
        _plan(context, box, position_y, bottom_space, containing_block,
              first_letter_style or first_line_style)  # fmt: skip
    yield from ORIGINAL_LINES(
        context, box, position_y, bottom_space, skip_stack, containing_block,
        absolute_boxes, fixed_boxes, first_letter_style, first_line_style,
    )  # fmt: skip


def _plan(
    context: Any,
    box: Any,
    position_y: float,
    bottom_space: float,
    containing_block: Any,
    pseudo_styles: Any,
) -> None:
    """Break the paragraph of line box ``box`` and mark its boxes (or leave it to
    WeasyPrint and count why)."""
    reason = _unsupported(context, box, position_y, pseudo_styles)
    if reason is None:
        try:
            _steer(context, box, position_y, bottom_space, containing_block)
            return
        except Unsupported as error:
            reason = str(error)
    STATISTICS.fallbacks[reason] += 1
    _unsteer(box)


def _unsupported(context: Any, box: Any, position_y: float, pseudo_styles: Any) -> str | None:
    if pseudo_styles:
        return "::first-letter or ::first-line"
    if box.style["direction"] != "ltr":
        return "right-to-left text"
    if any(shape.position_y + shape.margin_height() > position_y
           for shape in context.excluded_shapes):  # fmt: skip
        return "beside a float"
    return None


def _steer(
    context: Any, box: Any, position_y: float, bottom_space: float, containing_block: Any
) -> None:
    justify = box.style["text_align_all"] == "justify"
    resolve_one_percentage(box, "text_indent", containing_block.width)
    width, indent = float(containing_block.width), float(box.text_indent)
    measure = width - max(indent, 0.0)  # the narrowest line: words wider may break anywhere
    previous = getattr(box, PLAN, None)
    if previous is not None and previous.key[0] is TUNING and previous.paragraph.measure == measure:
        paragraph = previous.paragraph
    else:
        paragraph = read_paragraph(box, containing_block, justify, TUNING.costs, measure)
    page_ends = _page_ends(context, box, position_y, bottom_space, width, paragraph)
    key = (TUNING, width, indent, justify, page_ends)
    if previous is not None and previous.key == key:
        plan = previous
    else:
        plan = _break(key, paragraph, box, width, indent, justify, page_ends)
    setattr(box, PLAN, plan)
    setattr(box, STEERED, True)
    for inline in paragraph.inline_boxes:
        setattr(inline, STEERED, True)
    for run in paragraph.runs:
        setattr(run.box, BREAKS, plan.breaks.get(id(run.box), _Breaks((), (), (), run)))
    STATISTICS.paragraphs += 1
    STATISTICS.lines += plan.lines


def _break(
    key: tuple[Any, ...],
    paragraph: InlineParagraph,
    box: Any,
    width: float,
    indent: float,
    justify: bool,
    page_ends: tuple[int, ...],
) -> _Plan:
    ragged = 0.0 if justify else TUNING.ragged_stretch * width
    settings = TUNING.settings
    if not justify:  # nothing stretches but the end of the line: no tight or loose
        settings = replace(settings, adj_demerits=0)
    try:
        lines = break_lines(
            paragraph.items,
            lambda number: width - indent if number == 1 else width,
            settings,
            ragged=ragged,
            page_ends=page_ends,
            least_stretch=paragraph.space_stretch,
        )
    except ValueError as error:  # never seen since the pruning was made strict: counted
        raise Unsupported(f"no breaks found ({error})") from None
    ends: dict[int, list[tuple[int, str, float]]] = {}
    for line in lines[:-1]:
        where = paragraph.breaks.get(line.end)
        if where is None:  # pragma: no cover - every breakable item has its place
            raise Unsupported("a break the text cannot take")
        ends.setdefault(where.run, []).append((where.resume, where.kind, where.end))
    breaks = {}
    for run_index, found in ends.items():
        found.sort()
        run = paragraph.runs[run_index]
        resume, kinds, at = (tuple(column) for column in zip(*found, strict=True))
        breaks[id(run.box)] = _Breaks(resume, kinds, at, run)
    return _Plan(key, paragraph, breaks, len(lines))


def _page_ends(
    context: Any,
    box: Any,
    position_y: float,
    bottom_space: float,
    width: float,
    paragraph: InlineParagraph,
) -> tuple[int, ...]:
    """The line expected to be the last one on this page, if the paragraph goes on to the
    next: from the room left and the line height, and the paragraph's length estimated from
    its natural width, with its orphans and widows (footnotes that may take room below are
    not foreseen)."""
    if context.page_bottom is None or not math.isfinite(bottom_space):
        return ()
    height, _ = strut(box.style)
    if not height:
        return ()
    room = context.page_bottom - bottom_space - position_y
    fitting = math.floor(room / height + 1e-6)
    estimate = math.ceil(paragraph.natural_width / width) if width > 0 else 0
    orphans, widows = box.style["orphans"], box.style["widows"]
    ends = set()
    for lines in (estimate, estimate + 1):
        if fitting >= lines or fitting < orphans:
            continue
        end = fitting if lines - fitting >= widows else lines - widows
        if end >= orphans:
            ends.add(end)
    return tuple(sorted(ends))


def _unsteer(box: Any) -> None:
    """WeasyPrint breaks this paragraph itself: no marks of an earlier plan."""
    for name in (PLAN, STEERED):
        if name in box.__dict__:
            delattr(box, name)
    for child in getattr(box, "children", ()):
        if BREAKS in child.__dict__:
            delattr(child, BREAKS)
        if STEERED in child.__dict__ or getattr(child, "children", None):
            _unsteer(child)


def split_inline_box(context: Any, box: Any, position_x: float, max_x: float, *args: Any) -> Any:
    """WeasyPrint's ``split_inline_box``; for a steered box without a right edge."""
    if box.__dict__.get(STEERED):
        max_x = math.inf
    return ORIGINAL_SPLIT_INLINE_BOX(context, box, position_x, max_x, *args)


@dataclass(frozen=True)
class _Piece:
    """The piece of a text box the next ``split_first_line`` call makes: where it begins
    (character index in the run), its length in UTF-8 bytes (None: the rest of the box),
    what it ends with and where (x in the run)."""

    breaks: _Breaks
    start: int
    length: int | None
    kind: str
    end: float


#: Set by :func:`split_text_box` for the ``split_first_line`` call it makes.
_PIECE: list[_Piece] = []
#: Check each piece measured from the run against a Pango layout of it (tests).
VERIFY = False


def split_text_box(
    context: Any, box: Any, available_width: Any, skip: int, is_line_start: bool = True
) -> Any:
    """WeasyPrint's ``split_text_box``; a steered text box ends at its next planned break."""
    breaks = box.__dict__.get(BREAKS)
    if breaks is None or available_width != math.inf:
        return ORIGINAL_SPLIT_TEXT_BOX(context, box, available_width, skip, is_line_start)
    skip = skip or 0
    run = breaks.run
    start = bisect_left(run.byte, skip)
    index = bisect_right(breaks.resume, skip)
    if index < len(breaks.resume):
        piece = _Piece(
            breaks, start, breaks.resume[index] - skip, breaks.kinds[index], breaks.ends[index]
        )
    else:
        piece = _Piece(breaks, start, None, SPACE, run.x[-1])
    _PIECE.append(piece)
    try:
        return ORIGINAL_SPLIT_TEXT_BOX(context, box, available_width, skip, is_line_start)
    finally:
        _PIECE.pop()


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: Any,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> Any:
    """WeasyPrint's ``split_first_line``, or, for a steered piece, the line WeasyPrint would
    make of it: ``(layout, length, resume_index, width, height, baseline)``."""
    if not _PIECE or max_width != math.inf:
        return ORIGINAL_SPLIT_FIRST_LINE(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
    piece = _PIECE[-1]
    encoded = text.encode()
    line = encoded if piece.length is None else encoded[: piece.length]
    line_text = line.decode()
    hyphenated = piece.kind == HYPHENATION and piece.length is not None
    if hyphenated:
        line_text += style["hyphenate_character"]
    elif piece.kind == NEWLINE and piece.length is not None:
        line_text = line_text[:-1]
    elif piece.length is not None:
        line_text = line_text.rstrip(" ")  # the space the line breaks at
    run = piece.breaks.run
    font = run.font
    if run.known and font is not None and font.metrics is not None and not VERIFY:
        width = piece.end - run.x[piece.start]
        layout = known_piece(line_text, justification_spacing)
        height, baseline = font.metrics
        length = len(line) if hyphenated else len(line_text.encode())
        return layout, length, piece.length, width, height, baseline
    layout, length, width, height, baseline = line_piece(line_text, style, justification_spacing)
    if run.known and font is not None and font.metrics is None:
        font.metrics = (height, baseline)
    if VERIFY and run.known:
        known = piece.end - run.x[piece.start]
        assert abs(known - width) < 1e-3, (line_text, known, width)
        assert font is not None and font.metrics == (height, baseline), line_text
    if hyphenated:
        length = len(line)
    return layout, length, piece.length, width, height, baseline


def text_align(context: Any, line: Any, available_width: float, last: bool) -> Any:
    """WeasyPrint's ``text_align``; a steered line wider than the measure has its spaces
    shrunk to fit (it was set tight on purpose, or measured a hair narrower)."""
    if line.__dict__.get(STEERED) and line.width > available_width:
        excess = line.width - available_width
        if inline_layout.count_expandable_spaces(line):
            inline_layout.justify_line(context, line, -excess)
            STATISTICS.shrunk += 1
        if line.width > available_width + 0.01:
            STATISTICS.overfull += 1
            STATISTICS.widest_overflow = max(STATISTICS.widest_overflow, excess)
        return 0
    return ORIGINAL_TEXT_ALIGN(context, line, available_width, last)


def add_word_spacing(
    context: Any, box: Any, justification_spacing: float, x_advance: float
) -> float:
    """WeasyPrint's ``add_word_spacing`` (justification), which lays out every text box of
    the line again only to keep its spacing for drawing: for a piece measured from its
    run (:func:`measure.known_piece`), without the layout."""
    breaks = box.__dict__.get(BREAKS)
    if VERIFY or not isinstance(box, boxes.TextBox) or breaks is None or not breaks.run.known:
        return float(ORIGINAL_ADD_WORD_SPACING(context, box, justification_spacing, x_advance))
    box.justification_spacing = justification_spacing
    box.position_x += x_advance
    spaces = inline_layout.count_expandable_spaces(box)
    if spaces:
        box.pango_layout = known_piece(box.text, justification_spacing)
        extra = justification_spacing * spaces
        x_advance += extra
        box.width += extra
    return x_advance


def _replaced() -> tuple[tuple[Any, str, Any], ...]:
    """WeasyPrint's functions that ours replace while our PDF is laid out: (module, name,
    ours); ``tests/test_linebreaking.py`` pins each original."""
    return (
        (block_layout, "iter_line_boxes", iter_line_boxes),
        (inline_layout, "split_inline_box", split_inline_box),
        (inline_layout, "split_text_box", split_text_box),
        (inline_layout, "split_first_line", split_first_line),
        (inline_layout, "text_align", text_align),
        (inline_layout, "add_word_spacing", add_word_spacing),
        (line_break, "get_font_description", font_description),
    )


@contextmanager
def paragraph_breaking_installed() -> Iterator[None]:
    """Our breaker in WeasyPrint's line layout while the block runs (and what was there
    before it afterwards)."""
    replaced = _replaced()
    before = [getattr(module, name) for module, name, _ in replaced]
    for module, name, ours in replaced:
        setattr(module, name, ours)
    try:
        yield
    finally:
        for (module, name, _), function in zip(replaced, before, strict=True):
            setattr(module, name, function)
