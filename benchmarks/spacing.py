"""How even a PDF's justified text is spaced, measured on its word boxes (issue 16).

    python benchmarks/spacing.py book.pdf                 # a table row per PDF
    python benchmarks/spacing.py a.pdf b.pdf --json       # the figures as JSON
    python benchmarks/spacing.py book.pdf --loosest 20    # and the 20 loosest lines

    from benchmarks.spacing import measure_spacing
    spacing = measure_spacing("book.pdf")
    spacing.loose, spacing.p95, spacing.hyphen_run

The measure works on any PDF (ours, pandoc → WeasyPrint's, Typst's), from the drawn glyphs
alone (pdfplumber), not from tags or the layout map:

1. **Body text.** The body font is the font name and size that most glyphs have. A line
   (the glyphs on one baseline) is body text when most of its glyphs are in that font and
   size: headings (another size or weight), running heads and page numbers (another size),
   footnotes (smaller), tables (set at 0.92 em in every document we measure), quotations
   (italic) and the margin's line numbers (another font, set apart) are left out. Words of
   another font at either end of a line (line numbers in the margin) are dropped from it;
   inside it (italics, a footnote call) they belong to it.
2. **Words** are glyphs without a space glyph or a gap of more than 0.08 em between them
   (the narrowest word space is about 0.15 em; letter-spaced capitals add 0.04 em).
3. **The text block** is found per document: its right edge is the most common right end
   of the body lines, its left edge the most common start, each for the odd and even pages
   apart (mirrored margins).
4. A line is **full and justified** when it has two words or more and its end reaches the
   right edge (within 0.15 em): lines that end short (the last line of a paragraph, a
   ragged list item, a line before a forced break) are left out. A paragraph's last line
   that happens to end at the edge is counted (it is set at its natural spacing, so it
   counts as even). List items are counted where they are justified (Typst sets them
   justified; our print stylesheet sets them ragged, so ours fall out by the rule above).
   Footnotes are left out everywhere (by their size): ours are set ragged.
5. Its **gap** is the mean distance between its words (from the end of one word's last
   glyph advance to the start of the next word), in em of its font size; **relative** to
   the document's median gap over the full lines.

Figures: ``lines`` (full, justified lines), ``loose`` (share with a relative gap over 1.5),
``very_loose`` (over 2), ``p95`` (95th percentile of the relative gap), ``hyphenated``
(share of lines whose last glyph is a hyphen: a word broken there, or a compound's own
hyphen), ``hyphen_run`` (most hyphenated lines in a row, over page breaks) and
``overfull`` (lines whose end passes the right edge by more than 0.15 em; a hyphen or
punctuation hanging into the margin, as Typst sets them, does not count: its start must
be inside).
"""

from __future__ import annotations

import argparse
import bisect
import json
import statistics
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: Relative gaps above which a line is loose and very loose (issue 16).
LOOSE, VERY_LOOSE = 1.5, 2.0
#: A gap between two glyphs wider than this (em) separates two words.
WORD_GAP = 0.08
#: How close (em) a line's end must come to the right edge to be full, and how far past it
#: it may go before it is overfull. WeasyPrint's justified lines end within -0.2 … +1.2 pt
#: of the edge at 10.5 pt (its glyph advances are rounded); a ragged line ends that close
#: by chance in about 1 % of cases.
EDGE = 0.15
#: Glyphs that end a line broken at a hyphen.
HYPHENS = frozenset("-\u2010\u2011\u00ad")
#: Glyphs a typesetter may hang into the margin (Typst's overhang).
HANGING = HYPHENS | frozenset(".,;:!?\u2013\u2014\"'\u201c\u201d\u201e\u2018\u2019\u201a»«)")


@dataclass(frozen=True)
class Glyph:
    text: str
    font: str  # the font's name without the subset prefix ("ABCDEF+")
    size: float
    x0: float
    x1: float
    baseline: float  # from the top of the page


@dataclass(frozen=True)
class Line:
    """One body line: where it is, its words' extents and what it says."""

    page: int  # from 1
    baseline: float
    size: float
    words: tuple[tuple[float, float], ...]  # (x0, x1) of each word
    text: str
    last_glyph: Glyph

    @property
    def x0(self) -> float:
        return self.words[0][0]

    @property
    def x1(self) -> float:
        return self.words[-1][1]

    @property
    def gaps(self) -> list[float]:
        """The gaps between its words, in em."""
        return [(b[0] - a[1]) / self.size for a, b in zip(self.words, self.words[1:], strict=False)]

    @property
    def gap(self) -> float:
        """Its mean gap between words, in em."""
        return statistics.fmean(self.gaps)

    @property
    def hyphenated(self) -> bool:
        return self.last_glyph.text in HYPHENS and len(self.text.rsplit(" ", 1)[-1]) > 1

    @property
    def inner_end(self) -> float:
        """Where the line ends, a glyph hanging into the margin not counted."""
        last = self.last_glyph
        return last.x0 if last.text in HANGING else last.x1


@dataclass(frozen=True)
class Spacing:
    """The figures of one PDF (see the module)."""

    lines: int
    loose: float
    very_loose: float
    p95: float
    hyphenated: float
    hyphen_run: int
    overfull: int
    median_gap_em: float
    body_font: str
    body_size: float
    #: The full lines with their relative gaps, loosest first (not in the JSON).
    measured: tuple[tuple[float, Line], ...] = field(default=(), repr=False, compare=False)

    def figures(self) -> dict[str, Any]:
        figures = asdict(self)
        del figures["measured"]
        return figures

    def row(self, label: str) -> str:
        """A row of :func:`spacing_table`."""
        return (
            f"| {label} | {self.lines:,} | {self.loose:.1%} | {self.very_loose:.1%} "
            f"| {self.p95:.2f} × | {self.hyphenated:.1%} | {self.hyphen_run} | {self.overfull} |"
        ).replace("%", " %")


TABLE_HEAD = (
    "| PDF | lines | loose (gap > 1.5 × median) | very loose (> 2 ×) | 95th percentile "
    "| lines ending in a hyphen | most in a row | overfull |\n"
    "|---|---|---|---|---|---|---|---|"
)


def spacing_table(results: dict[str, Spacing]) -> str:
    """The issue's table, one row per PDF."""
    return "\n".join([TABLE_HEAD, *(spacing.row(label) for label, spacing in results.items())])


# --- reading the glyphs ----------------------------------------------------------------------


def read_pages(pdf: str | Path) -> Iterator[list[Glyph]]:
    """The upright glyphs of each page (pdfplumber), with their baselines."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            height = float(page.height)
            glyphs = [
                Glyph(
                    char["text"],
                    str(char["fontname"]).split("+", 1)[-1],
                    round(float(char["size"]), 2),
                    float(char["x0"]),
                    float(char["x1"]),
                    height - float(char["matrix"][5]),
                )
                for char in page.chars
                if char.get("upright", True)
            ]
            page.flush_cache()
            yield glyphs


def body_font(pages: Iterable[list[Glyph]]) -> tuple[str, float]:
    """The font name and size most glyphs are set in (spaces not counted)."""
    counts = Counter((g.font, g.size) for glyphs in pages for g in glyphs if not g.text.isspace())
    if not counts:
        raise ValueError("the PDF has no text")
    return counts.most_common(1)[0][0]


def page_lines(number: int, glyphs: list[Glyph], font: str, size: float) -> list[Line]:
    """The body lines of a page, top to bottom."""
    anchors = sorted(g.baseline for g in glyphs if g.font == font and _same(g.size, size))
    baselines: list[float] = []
    for baseline in anchors:
        if not baselines or baseline - baselines[-1] > 0.2 * size:
            baselines.append(baseline)
    members: dict[float, list[Glyph]] = {b: [] for b in baselines}
    for glyph in glyphs:
        at = bisect.bisect_left(baselines, glyph.baseline)
        near = [
            b
            for b in baselines[max(at - 1, 0) : at + 1]
            if -0.6 * size <= glyph.baseline - b <= 0.25 * size
        ]
        if near:  # raised (a footnote call) or lowered glyphs belong to the line
            members[min(near, key=lambda b: abs(glyph.baseline - b))].append(glyph)
    lines = []
    for baseline in baselines:
        line = _line(number, baseline, members[baseline], font, size)
        if line is not None:
            lines.append(line)
    return lines


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 0.05


def _line(number: int, baseline: float, glyphs: list[Glyph], font: str, size: float) -> Line | None:
    words = _words(sorted(glyphs, key=lambda g: g.x0), size)

    def in_body(word: list[Glyph]) -> bool:
        return any(g.font == font and _same(g.size, size) for g in word)

    while words and not in_body(words[0]):  # line numbers, marginalia
        words.pop(0)
    while words and not in_body(words[-1]):
        words.pop()
    inked = [g for word in words for g in word]
    if not inked or sum(g.font == font and _same(g.size, size) for g in inked) * 2 <= len(inked):
        return None
    text = " ".join("".join(g.text for g in word) for word in words)
    extents = tuple((word[0].x0, max(g.x1 for g in word)) for word in words)
    last = max(words[-1], key=lambda g: g.x1)
    return Line(number, round(baseline, 2), size, extents, text, last)


def _words(glyphs: list[Glyph], size: float) -> list[list[Glyph]]:
    """Glyphs in reading order, split into words at space glyphs and at wide gaps."""
    words: list[list[Glyph]] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        if glyph.text.isspace() or not glyph.text:
            if current:
                words.append(current)
            current = []
            continue
        if current and glyph.x0 - max(g.x1 for g in current) > WORD_GAP * size:
            words.append(current)
            current = []
        current.append(glyph)
    if current:
        words.append(current)
    return words


# --- the measure -------------------------------------------------------------------------------


def body_lines(pdf: str | Path) -> tuple[list[Line], str, float]:
    """Every body line of the PDF in reading order, with the body font and size."""
    pages = list(read_pages(pdf))
    font, size = body_font(pages)
    lines = [
        line for n, glyphs in enumerate(pages, 1) for line in page_lines(n, glyphs, font, size)
    ]
    return lines, font, size


def text_block(lines: Sequence[Line]) -> dict[int, tuple[float, float]]:
    """The text block's left and right edge on odd (1) and even (0) pages: the most common
    start and end of the body lines there (to a quarter point)."""
    edges = {}
    for parity in (0, 1):
        side = [line for line in lines if line.page % 2 == parity] or list(lines)
        left = Counter(round(line.x0 * 4) / 4 for line in side).most_common(1)[0][0]
        right = Counter(round(line.x1 * 4) / 4 for line in side).most_common(1)[0][0]
        edges[parity] = (left, right)
    return edges


def measure_lines(lines: Sequence[Line], font: str = "", size: float = 0.0) -> Spacing:
    """The figures of these body lines (see the module)."""
    if not lines:
        raise ValueError("the PDF has no body text")
    edges = text_block(lines)
    full: list[Line] = []
    overfull = 0
    run = longest = 0
    for line in lines:
        right = edges[line.page % 2][1]
        tolerance = EDGE * line.size
        is_full = len(line.words) > 1 and line.x1 >= right - tolerance
        if is_full:
            full.append(line)
            overfull += line.inner_end > right + tolerance
        run = run + 1 if is_full and line.hyphenated else 0
        longest = max(longest, run)
    if not full:
        raise ValueError("the PDF has no full, justified lines")
    median = statistics.median(line.gap for line in full)
    ratios = sorted(((line.gap / median, line) for line in full), key=lambda r: -r[0])
    values = [ratio for ratio, _ in ratios]
    count = len(full)
    return Spacing(
        lines=count,
        loose=sum(r > LOOSE for r in values) / count,
        very_loose=sum(r > VERY_LOOSE for r in values) / count,
        p95=percentile(values, 95),
        hyphenated=sum(line.hyphenated for line in full) / count,
        hyphen_run=longest,
        overfull=overfull,
        median_gap_em=round(median, 4),
        body_font=font,
        body_size=size,
        measured=tuple(ratios),
    )


def measure_spacing(pdf: str | Path) -> Spacing:
    """The spacing figures of a PDF (see the module)."""
    lines, font, size = body_lines(pdf)
    return measure_lines(lines, font, size)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile, linearly interpolated between the closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path, help="the PDFs to measure")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--loosest", type=int, default=0, help="also list the N loosest lines")
    args = parser.parse_args(argv)
    results = {str(pdf): measure_spacing(pdf) for pdf in args.pdfs}
    if args.json:
        print(json.dumps({k: v.figures() for k, v in results.items()}, indent=2))
    else:
        print(spacing_table(results))
    for name, spacing in results.items() if args.loosest else ():
        print(f"\nThe {args.loosest} loosest lines of {name}:", file=sys.stderr)
        for ratio, line in spacing.measured[: args.loosest]:
            print(f"  p. {line.page:>3}  {ratio:4.2f} ×  {line.text}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
