"""Breaking a paragraph into lines as a whole: the total-fit algorithm of Knuth and Plass.

A paragraph is a list of items (Knuth & Plass, „Breaking Paragraphs into Lines“, 1981):

- a **box** is something of fixed width (a word, a syllable, a footnote call);
- **glue** is space that can stretch and shrink (a space between words); a line may break
  at glue that follows a box, and the glue then disappears;
- a **penalty** is a place where a line may break at a cost (a soft hyphen, with the width of
  the hyphen that appears if the line breaks there; ``flagged`` when the line then ends in a
  hyphen), or must (``-INFINITY``), or never does (``INFINITY``).

Every line gets a *badness* from how much its glue must stretch or shrink (``100 r³`` for
the adjustment ratio ``r``), and *demerits* from its badness and penalty, with more for two
hyphenated lines in a row, for a hyphen on the last line but one, for a hyphen where a page
is expected to end, and for a loose line next to a tight one (*fitness classes*). The
algorithm finds the breaks with the least total demerits, looking only at lines whose ratio
stays within a tolerance: like TeX, first without hyphenation, then with it, and at last
without a limit (a line wider than the measure only where a single box is wider). On top of
TeX's rules, at most ``max_hyphens`` lines in a row may end in a hyphen (a hard limit, kept
unless the paragraph cannot be set without an overfull line otherwise).

Pure Python on numbers, independent of WeasyPrint (``publish.write.linebreaking`` builds the
items from WeasyPrint's boxes); ``tests/test_knuthplass.py`` compares it with a brute-force
search on random paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate

#: A penalty of this size forbids a break; its negative forces one.
INFINITY = 10_000
#: The badness at which a pass accepts every line (TeX's ``inf_bad``). Badness itself is not
#: capped there, as TeX's is: among lines looser than that, the less loose is still better.
INF_BAD = 10_000
#: The badness of a line that must stretch without glue to stretch (a single word).
UNSTRETCHABLE = 1_000_000

BOX, GLUE, PENALTY = 0, 1, 2
VERY_LOOSE, LOOSE, DECENT, TIGHT = 0, 1, 2, 3
INF = float("inf")
#: Rounding of sums of widths: a line exactly at a limit is within it.
EPSILON = 1e-9


@dataclass
class Paragraph:
    """The items of a paragraph, as parallel lists (fast to sum and to index)."""

    kinds: list[int] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    stretches: list[float] = field(default_factory=list)
    shrinks: list[float] = field(default_factory=list)
    costs: list[float] = field(default_factory=list)
    flagged: list[bool] = field(default_factory=list)
    #: Penalties that come from hyphenation (soft hyphens): left out of the first pass.
    hyphenation: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.kinds)

    def box(self, width: float) -> int:
        self.kinds.append(BOX)
        self.widths.append(width)
        self.stretches.append(0.0)
        self.shrinks.append(0.0)
        self.costs.append(0.0)
        self.flagged.append(False)
        self.hyphenation.append(False)
        return len(self.kinds) - 1

    def glue(self, width: float, stretch: float, shrink: float) -> int:
        self.kinds.append(GLUE)
        self.widths.append(width)
        self.stretches.append(stretch)
        self.shrinks.append(shrink)
        self.costs.append(0.0)
        self.flagged.append(False)
        self.hyphenation.append(False)
        return len(self.kinds) - 1

    def penalty(
        self, width: float, cost: float, flagged: bool = False, hyphenation: bool = False
    ) -> int:
        self.kinds.append(PENALTY)
        self.widths.append(width)
        self.stretches.append(0.0)
        self.shrinks.append(0.0)
        self.costs.append(cost)
        self.flagged.append(flagged)
        self.hyphenation.append(hyphenation)
        return len(self.kinds) - 1

    def finish(self) -> None:
        """End the paragraph as TeX does: without the glue it may end with (a space at the
        end is never drawn), with glue that fills the last line (``parfillskip``, infinite
        stretch) and no break before it, and a forced break."""
        while self.kinds and self.kinds[-1] == GLUE:
            for column in (self.kinds, self.widths, self.stretches, self.shrinks):
                column.pop()
            for flags in (self.costs, self.flagged, self.hyphenation):
                flags.pop()
        self.penalty(0.0, INFINITY)
        self.glue(0.0, INF, 0.0)
        self.penalty(0.0, -INFINITY)

    def is_break(self, index: int) -> bool:
        """Whether a line may end at item ``index``."""
        kind = self.kinds[index]
        if kind == PENALTY:
            return self.costs[index] < INFINITY
        return kind == GLUE and index > 0 and self.kinds[index - 1] == BOX


@dataclass(frozen=True)
class Settings:
    """The cost model, in TeX's terms and units (TeX's defaults where it has them)."""

    #: Badness allowed in the first pass, without hyphenation (``\\pretolerance``);
    #: negative: no first pass.
    pretolerance: float = 100
    #: Badness allowed in the second pass, with hyphenation (``\\tolerance``).
    tolerance: float = 200
    line_penalty: float = 10
    double_hyphen_demerits: float = 10_000
    final_hyphen_demerits: float = 5_000
    adj_demerits: float = 10_000
    #: Added when a line that ends in a hyphen is expected to be the last of a page.
    page_hyphen_demerits: float = 10_000
    #: At most this many lines in a row end in a hyphen (0: no limit).
    max_hyphens: int = 2
    #: A line may shrink at most this far beyond its glue's shrink (never, in TeX).
    max_shrink_ratio: float = 1.0
    #: Badness is ``100 |r|^exponent`` (TeX: 3); a higher power makes lines up to ``r = 1``
    #: cheaper and lines beyond it dearer.
    exponent: float = 3.0


@dataclass(frozen=True)
class Line:
    """A line of the result: the item it breaks at (the last item's index for the last
    line), its adjustment ratio, whether it ends in a hyphen, and whether it is wider than
    the measure even with all its glue shrunk (only where a box alone is too wide)."""

    end: int
    ratio: float
    flagged: bool
    overfull: bool = False


@dataclass(slots=True)
class _Node:
    position: int  # the item the line before broke at (-1: the paragraph's start)
    line: int  # how many lines end here
    fitness: int
    run: int  # lines in a row, up to here, that end in a hyphen
    total: float  # demerits of the best paragraph up to here
    previous: _Node | None
    ratio: float
    overfull: bool
    # Sums of widths, stretch, shrink and infinite stretch from the start of the paragraph
    # to the first box after the break (where the next line begins).
    width: float = 0.0
    stretch: float = 0.0
    shrink: float = 0.0
    fill: int = 0


def break_lines(
    paragraph: Paragraph,
    widths: Callable[[int], float],
    settings: Settings = Settings(),
    *,
    ragged: float = 0.0,
    page_ends: Iterable[int] = (),
    special_lines: int = 1,
    least_stretch: float = 0.0,
) -> list[Line]:
    """The optimal breaks of ``paragraph`` (finished with :meth:`Paragraph.finish`).

    ``widths(n)`` is the measure of line ``n`` (from 1); it may differ only for lines up to
    ``special_lines`` (the first line's indent), and is the same after. ``ragged`` is
    stretch at the end of every line (ragged-right setting: TeX's ``\\rightskip``);
    ``page_ends`` are the numbers of lines expected to end a page. A line short of the
    measure with no glue to stretch (a single word) is as bad as one with
    ``least_stretch`` stretched as far, or, if that is 0, worse than any stretched line
    (TeX's ``inf_bad``).
    """
    ends = frozenset(page_ends)
    special = max(special_lines, max(ends, default=0) + 1)
    run = _Pass(paragraph, widths, settings, ragged, ends, special, least_stretch)
    if settings.pretolerance >= 0:
        found = run(settings.pretolerance, hyphenate=False)
        if found is not None:
            return found
    found = run(settings.tolerance, hyphenate=True)
    if found is not None:
        return found
    found = run(INF_BAD, hyphenate=True, final=True)
    if found is None:  # pragma: no cover - the final pass always ends
        raise ValueError("the paragraph cannot be broken into lines")
    if settings.max_hyphens and any(line.overfull for line in found):
        relaxed = run(INF_BAD, hyphenate=True, final=True, max_hyphens=0)
        if relaxed is not None and _overfull(relaxed) < _overfull(found):
            return relaxed
    return found


def _overfull(lines: list[Line]) -> int:
    return sum(line.overfull for line in lines)


class _Sums:
    """Running totals of the items before each index, and where each line would begin."""

    def __init__(self, paragraph: Paragraph) -> None:
        kinds = paragraph.kinds
        widths = [
            0.0 if kind == PENALTY else w for kind, w in zip(kinds, paragraph.widths, strict=True)
        ]
        stretches = paragraph.stretches
        fills = [1 if y == INF else 0 for y in stretches]
        finite = [0.0 if y == INF else y for y in stretches]
        self.width = list(accumulate(widths, initial=0.0))
        self.stretch = list(accumulate(finite, initial=0.0))
        self.shrink = list(accumulate(paragraph.shrinks, initial=0.0))
        self.fill = list(accumulate(fills, initial=0))
        # The first item of the next line after a break at each index: glue and penalties
        # after a break are discarded up to the next box (or forced break).
        costs = paragraph.costs
        self.start = [0] * (len(kinds) + 1)
        following = len(kinds)
        for index in range(len(kinds) - 1, -1, -1):
            self.start[index] = following
            if kinds[index] == BOX or (kinds[index] == PENALTY and costs[index] <= -INFINITY):
                following = index
        self.start[len(kinds)] = len(kinds)
        # Where a line may end: (index, cost, flagged, width added, from hyphenation).
        self.breaks = [
            (index, 0.0, False, 0.0, False)
            if kind == GLUE
            else (index, costs[index], paragraph.flagged[index], paragraph.widths[index],
                  paragraph.hyphenation[index])
            for index, kind in enumerate(kinds)
            if (kind == GLUE and index and kinds[index - 1] == BOX)
            or (kind == PENALTY and costs[index] < INFINITY)
        ]  # fmt: skip

    def begin(self, node: _Node, at: int) -> _Node:
        """``node`` with the sums at item ``at``, where its next line begins."""
        node.width, node.stretch = self.width[at], self.stretch[at]
        node.shrink, node.fill = self.shrink[at], self.fill[at]
        return node


class _Pass:
    """Passes of the algorithm over one paragraph (the sums are computed once)."""

    def __init__(
        self,
        paragraph: Paragraph,
        widths: Callable[[int], float],
        settings: Settings,
        ragged: float,
        page_ends: frozenset[int],
        special: int,
        least_stretch: float,
    ) -> None:
        self.paragraph, self.settings, self.ragged = paragraph, settings, ragged
        self.least_stretch = least_stretch
        self.page_ends, self.special = page_ends, special
        self.sums = _Sums(paragraph)
        self.measure = [widths(n) for n in range(1, special + 2)]
        #: Lines never get narrower: a line too short from one node is too short from
        #: every later one (less width, less stretch), which ends the search early.
        self.widening = all(a <= b for a, b in zip(self.measure, self.measure[1:], strict=False))

    def __call__(
        self, tolerance: float, hyphenate: bool, final: bool = False, max_hyphens: int | None = None
    ) -> list[Line] | None:
        """One pass; None if no breaks within ``tolerance`` exist."""
        sums, settings = self.sums, self.settings
        limit = settings.max_hyphens if max_hyphens is None else max_hyphens
        measure, special, ragged = self.measure, self.special, self.ragged
        least, widening = self.least_stretch, self.widening
        wide = measure[special]  # every line after the special ones
        page_ends = self.page_ends
        max_ratio = _ratio_for(tolerance, settings.exponent) + EPSILON
        exponent = settings.exponent
        max_shrink = settings.max_shrink_ratio + EPSILON
        line_penalty, adjacent = settings.line_penalty, settings.adj_demerits
        double, final_hyphen = settings.double_hyphen_demerits, settings.final_hyphen_demerits
        page_hyphen = settings.page_hyphen_demerits
        sum_width, sum_stretch, sum_shrink, sum_fill = (
            sums.width,
            sums.stretch,
            sums.shrink,
            sums.fill,
        )
        active = [sums.begin(_Node(-1, 0, DECENT, 0, 0.0, None, 0.0, False), 0)]
        for index, cost, flagged, extra, hyphenation in sums.breaks:
            if hyphenation and not hyphenate:
                continue
            natural_here = sum_width[index] + extra
            forced = cost <= -INFINITY
            stretch_here, shrink_here = sum_stretch[index], sum_shrink[index]
            fill_here = sum_fill[index]
            candidates: dict[tuple[int, int, int], _Node] = {}
            kept: list[_Node] = []
            last = len(active) - 1
            for position, node in enumerate(active):
                number = node.line + 1
                target = measure[number - 1] if number <= special else wide
                shortfall = target - (natural_here - node.width)
                overfull = False
                if shortfall > EPSILON:
                    if fill_here > node.fill:
                        ratio = 0.0
                    else:
                        stretch = stretch_here - node.stretch + ragged
                        if stretch <= 0:
                            stretch = least
                        ratio = shortfall / stretch if stretch > 0 else INF
                elif shortfall < -EPSILON:
                    shrink = shrink_here - node.shrink
                    ratio = shortfall / shrink if shrink > 0 else -INF
                else:
                    ratio = 0.0
                if ratio < -max_shrink:
                    # Too long now and for every later break: the node is done, unless it
                    # is the final pass's last hope (then the line is overfull).
                    if not (final and position == last and not candidates and not kept):
                        continue
                    overfull, ratio = True, -settings.max_shrink_ratio
                kept.append(node)
                if ratio > max_ratio:
                    if widening:
                        kept.extend(active[position + 1 :])
                        break
                    continue
                run = node.run + 1 if flagged else 0
                if limit and run > limit:
                    continue
                badness = UNSTRETCHABLE if ratio == INF else 100 * abs(ratio) ** exponent
                demerits = (line_penalty + badness) ** 2
                if cost >= 0:
                    demerits += cost * cost
                elif not forced:
                    demerits -= cost * cost
                fitness = (
                    TIGHT if ratio < -0.5 else DECENT if ratio <= 0.5 else LOOSE if ratio <= 1
                    else VERY_LOOSE
                )  # fmt: skip
                if node.run:
                    if flagged:
                        demerits += double
                    elif forced:
                        demerits += final_hyphen
                if flagged and number in page_ends:
                    demerits += page_hyphen
                if node.line and abs(fitness - node.fitness) > 1:
                    demerits += adjacent
                total = node.total + demerits
                key = (number if number < special else special, fitness, run)
                best = candidates.get(key)
                if best is None or total < best.total:
                    candidates[key] = _Node(
                        index, number, fitness, run, total, node, ratio, overfull
                    )
            if forced:
                kept = []  # no line reaches across a forced break
            if candidates:
                at = sums.start[index]
                kept.extend(sums.begin(node, at) for node in self._prune(candidates))
            if not kept:
                return None
            active = kept
        ends = [node for node in active if node.position == len(self.paragraph) - 1]
        if not ends:
            return None
        lines: list[Line] = []
        found: _Node | None = min(ends, key=lambda node: node.total)
        while found is not None and found.previous is not None:
            lines.append(Line(found.position, found.ratio, bool(found.run), found.overfull))
            found = found.previous
        lines.reverse()
        return lines

    def _prune(self, candidates: dict[tuple[int, int, int], _Node]) -> list[_Node]:
        """The new nodes worth keeping. Of two nodes at the same place and line number, the
        one with fewer hyphens in a row has at most ``adj_demerits`` more to pay for what
        follows (a fitness class not adjacent); a node with more demerits than that beyond
        it can never be part of the best paragraph. Strictly more: where the totals are so
        large that adding the margin changes nothing (a line stretched 30 times its spaces'
        stretch costs about 10²⁸), two nodes would otherwise remove each other."""
        if len(candidates) == 1:
            return list(candidates.values())
        margin = self.settings.adj_demerits
        kept = []
        for key, node in candidates.items():
            line, _, run = key
            if not any(
                other_key != key
                and other_key[0] == line
                and other_key[2] <= run
                and other.total + margin < node.total
                for other_key, other in candidates.items()
            ):
                kept.append(node)
        return kept


def _ratio_for(badness: float, exponent: float) -> float:
    """The adjustment ratio above which a line's badness exceeds ``badness``."""
    if badness >= INF_BAD:
        return INF
    return float((badness / 100) ** (1 / exponent))


def first_fit(paragraph: Paragraph, widths: Callable[[int], float]) -> list[int]:
    """The breaks a first-fit breaker makes (each line as full as it can be at natural
    width, hyphenating where that fills it more): for tests and comparisons."""
    sums = _Sums(paragraph)
    breaks: list[int] = []
    begin, number, last = 0, 1, -1
    for index in range(len(paragraph)):
        if not paragraph.is_break(index):
            continue
        extra = paragraph.widths[index] if paragraph.kinds[index] == PENALTY else 0.0
        natural = sums.width[index] + extra - sums.width[begin]
        if natural > widths(number) and last >= 0:
            breaks.append(last)
            begin, number = sums.start[last], number + 1
            natural = sums.width[index] + extra - sums.width[begin]
        last = index
        if paragraph.kinds[index] == PENALTY and paragraph.costs[index] <= -INFINITY:
            breaks.append(index)
            break
    return breaks
