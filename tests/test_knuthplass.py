"""The paragraph breaker's core (Knuth–Plass) on boxes, glue and penalties: known optimal
breaks where first fit differs, and a brute-force search over every way to break random
small paragraphs, which the algorithm must match."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.write import knuthplass
from publish.write.knuthplass import (
    BOX,
    GLUE,
    INF_BAD,
    INFINITY,
    PENALTY,
    UNSTRETCHABLE,
    Paragraph,
    Settings,
    break_lines,
    first_fit,
)

SPACE, STRETCH, SHRINK = 1.0, 0.5, 1 / 3
HYPHEN = 0.6


def paragraph(text: str, hyphen_cost: float = 50) -> Paragraph:
    """Items from ``text``: each letter 1 wide, spaces glue, ``|`` a soft hyphen, ``-`` a
    hyphen the line may break after, ``~`` a space that never breaks."""
    items = Paragraph()
    for word in text.split(" "):
        if items.kinds:
            items.glue(SPACE, STRETCH, SHRINK)
        for part in word.split("~"):
            if part is not word.split("~")[0]:
                items.penalty(0, INFINITY)
                items.glue(SPACE, STRETCH, SHRINK)
            for index, syllable in enumerate(part.split("|")):
                if index:
                    items.penalty(HYPHEN, hyphen_cost, flagged=True, hyphenation=True)
                pieces = syllable.split("-")
                for number, piece in enumerate(pieces):
                    items.box(len(piece) + (number < len(pieces) - 1))
                    if number < len(pieces) - 1:
                        items.penalty(0, 50, flagged=True)
    items.finish()
    return items


def lines_of(text: str, ends: list[int]) -> list[str]:
    """The text of each line, for breaks at item indexes ``ends`` of ``paragraph(text)``."""
    items = paragraph(text)
    words: list[str] = []
    index = 0
    pieces: list[tuple[int, str]] = []  # item index → text it stands for
    for word in text.split(" "):
        if words:
            pieces.append((index, " "))
            index += 1
        words.append(word)
        for part_number, part in enumerate(word.split("~")):
            if part_number:
                pieces += [(index, ""), (index + 1, " ")]
                index += 2
            for number, syllable in enumerate(part.split("|")):
                if number:
                    pieces.append((index, "|"))
                    index += 1
                chunks = syllable.split("-")
                for c, chunk in enumerate(chunks):
                    pieces.append((index, chunk + ("-" if c < len(chunks) - 1 else "")))
                    index += 1
                    if c < len(chunks) - 1:
                        pieces.append((index, ""))
                        index += 1
    assert index == len(items) - 3
    result, current = [], ""
    for at, text_piece in pieces:
        if at in ends:
            result.append(current.strip() + ("-" if text_piece == "|" else ""))
            current = ""
            continue
        current += "" if text_piece == "|" else text_piece
    result.append(current.strip())
    return result


def test_total_fit_avoids_the_loose_line_first_fit_leaves() -> None:
    # First fit fills each line at its natural width and leaves the second one very loose
    # (its three spaces stretched by four times their stretch); total fit shrinks the
    # second line a little instead and takes the next word up.
    text = "ggg hhhhh eeee a c g jj bbbbbb jjjjjjj"
    items = paragraph(text)
    greedy = first_fit(items, lambda n: 14)
    assert lines_of(text, greedy) == ["ggg hhhhh eeee", "a c g jj", "bbbbbb jjjjjjj"]
    best = break_lines(items, lambda n: 14, Settings())
    assert lines_of(text, [line.end for line in best]) == [
        "ggg hhhhh eeee",
        "a c g jj bbbbbb",
        "jjjjjjj",
    ]
    assert [round(line.ratio, 2) for line in best] == [0.0, -0.75, 0.0]
    # Without shrinking, the loose line stays (no other way to set it).
    rigid = break_lines(items, lambda n: 14, Settings(max_shrink_ratio=0.0))
    assert lines_of(text, [line.end for line in rigid]) == lines_of(text, greedy)


def test_a_hyphen_is_taken_only_when_it_saves_a_loose_line() -> None:
    text = "aaaa bbbb cc|ccc|cc dddd"
    items = paragraph(text)
    # Without hyphenation the first line would be „aaaa bbbb“ (9 of 12, very loose).
    found = break_lines(items, lambda n: 12, Settings())
    assert lines_of(text, [line.end for line in found]) == ["aaaa bbbb cc-", "ccccc dddd"]
    assert [line.flagged for line in found] == [True, False]
    # Where the whole word fits well enough, the first pass (no hyphenation) succeeds.
    found = break_lines(items, lambda n: 17.3, Settings())
    assert lines_of(text, [line.end for line in found]) == ["aaaa bbbb ccccccc", "dddd"]
    assert not any(line.flagged for line in found)


def test_the_first_line_is_narrower_by_its_indent() -> None:
    text = "aa bb cc dd ee ff"
    items = paragraph(text)
    widths = {1: 5}
    found = break_lines(items, lambda n: widths.get(n, 8), Settings(tolerance=INF_BAD))
    first = lines_of(text, [line.end for line in found])[0]
    assert len(first) <= 5


def test_never_three_hyphens_in_a_row() -> None:
    # Every line wants a hyphen; the third one in a row is refused.
    text = " ".join(["aa|aa|aa|aa"] * 8)
    items = paragraph(text, hyphen_cost=0)
    settings_ = Settings(double_hyphen_demerits=0, pretolerance=-1)
    found = break_lines(items, lambda n: 7.6, settings_)
    flags = [line.flagged for line in found]
    assert any(flags)
    assert all(not all(flags[i : i + 3]) for i in range(len(flags) - 2))
    unlimited = break_lines(
        items, lambda n: 7.6, Settings(double_hyphen_demerits=0, pretolerance=-1, max_hyphens=0)
    )
    runs = [line.flagged for line in unlimited]
    assert any(all(runs[i : i + 3]) for i in range(len(runs) - 2))


def test_no_break_at_a_tied_space() -> None:
    text = "aaa b~ccc dd eee ff"
    found = break_lines(paragraph(text), lambda n: 6, Settings(tolerance=INF_BAD))
    for line in lines_of(text, [line.end for line in found]):
        assert not line.endswith(" b")


def test_a_word_wider_than_the_measure_is_an_overfull_line_of_its_own() -> None:
    text = "aa bb cccccccccccc dd ee"
    found = break_lines(paragraph(text), lambda n: 6, Settings())
    texts = lines_of(text, [line.end for line in found])
    assert "cccccccccccc" in texts
    assert [line.overfull for line in found] == [t == "cccccccccccc" for t in texts]


def test_a_hyphen_where_the_page_ends_is_avoided() -> None:
    # Either the first or the second line is very loose; a hyphen on the first line makes
    # the second one loose, and costs more when the first line ends the page.
    text = "gg hh eee cc|ccccc eeeee iiii fff aa|aaa"
    items = paragraph(text)
    free = break_lines(items, lambda n: 13, Settings())
    assert lines_of(text, [line.end for line in free])[:2] == ["gg hh eee cc-", "ccccc eeeee"]
    turned = break_lines(items, lambda n: 13, Settings(), page_ends=[1])
    assert lines_of(text, [line.end for line in turned]) == [
        "gg hh eee",
        "ccccccc eeeee",
        "iiii fff aa-",
        "aaa",
    ]


# --- the same model, searched exhaustively ---------------------------------------------


@dataclass(frozen=True)
class Trial:
    items: Paragraph
    width: float
    first: float
    page_ends: tuple[int, ...]


def _line_cost(items: Paragraph, begin: int, end: int, width: float) -> float | None:
    """The adjustment ratio of a line from item ``begin`` to the break at ``end``, as the
    model defines it (None: not a legal line)."""
    natural = stretch = shrink = 0.0
    fill = False
    for index in range(begin, end):
        kind = items.kinds[index]
        if kind in (BOX, GLUE):
            natural += items.widths[index]
        if kind == GLUE:
            if items.stretches[index] == float("inf"):
                fill = True
            else:
                stretch += items.stretches[index]
            shrink += items.shrinks[index]
    if items.kinds[end] == PENALTY:
        natural += items.widths[end]
    if natural < width - 1e-9:
        if fill:
            return 0.0
        return (width - natural) / stretch if stretch else float("inf")
    if natural > width + 1e-9:
        return (width - natural) / shrink if shrink else float("-inf")
    return 0.0


def _next_start(items: Paragraph, at: int) -> int:
    index = at + 1
    while index < len(items) and not (
        items.kinds[index] == BOX
        or (items.kinds[index] == PENALTY and items.costs[index] <= -INFINITY)
    ):
        index += 1
    return index


def _fitness(ratio: float) -> int:
    return 3 if ratio < -0.5 else 2 if ratio <= 0.5 else 1 if ratio <= 1 else 0


def brute_force(trial: Trial, model: Settings, tolerance: float, hyphenate: bool) -> float | None:
    """The least total demerits over every way to break the paragraph in one pass."""
    items = trial.items
    last = len(items) - 1
    breaks = [
        i for i in range(last) if items.is_break(i) and (hyphenate or not items.hyphenation[i])
    ]
    best = None
    for count in range(len(breaks) + 1):
        for chosen in itertools.combinations(breaks, count):
            total = _total(trial, model, [*chosen, last], tolerance)
            if total is not None and (best is None or total < best):
                best = total
    return best


def _total(trial: Trial, model: Settings, ends: list[int], tolerance: float) -> float | None:
    items = trial.items
    total, begin, fitness, run = 0.0, 0, 2, 0
    for number, end in enumerate(ends, start=1):
        width = trial.first if number == 1 else trial.width
        ratio = _line_cost(items, begin, end, width)
        if ratio is None or ratio < -1 - 1e-6:  # a hair more lenient than the algorithm
            return None
        power = model.exponent
        badness = UNSTRETCHABLE if ratio == float("inf") else 100 * abs(ratio) ** power
        if tolerance < INF_BAD and badness > tolerance + 1e-3:
            return None
        cost = items.costs[end] if items.kinds[end] == PENALTY else 0.0
        flagged = items.kinds[end] == PENALTY and items.flagged[end]
        forced = cost <= -INFINITY
        new_run = run + 1 if flagged else 0
        if model.max_hyphens and new_run > model.max_hyphens:
            return None
        demerits = (model.line_penalty + badness) ** 2
        if cost >= 0:
            demerits += cost**2
        elif not forced:
            demerits -= cost**2
        if run and flagged:
            demerits += model.double_hyphen_demerits
        if run and forced:
            demerits += model.final_hyphen_demerits
        if flagged and number in trial.page_ends:
            demerits += model.page_hyphen_demerits
        new_fitness = _fitness(ratio)
        if number > 1 and abs(new_fitness - fitness) > 1:
            demerits += model.adj_demerits
        total += demerits
        begin, fitness, run = _next_start(items, end), new_fitness, new_run
    return total


@st.composite
def trials(draw: st.DrawFn) -> Trial:
    items = Paragraph()
    words = draw(st.integers(3, 9))
    breaks = 0
    for number in range(words):
        if number:
            items.glue(draw(st.sampled_from([0.8, 1.0, 1.2])), 0.5, 0.3)
        syllables = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
        for index, length in enumerate(syllables):
            if index and breaks < 5:
                kind = draw(st.sampled_from(["soft", "hard", "none"]))
                if kind == "soft":
                    items.penalty(0.6, 50, flagged=True, hyphenation=True)
                    breaks += 1
                elif kind == "hard":
                    items.penalty(0.0, 50, flagged=True)
                    breaks += 1
            items.box(length + draw(st.sampled_from([0.0, 0.13, 0.37])))
    items.finish()
    width = draw(st.sampled_from([5.5, 7.0, 8.3, 10.0]))
    first = width - draw(st.sampled_from([0.0, 1.2]))
    ends = tuple(draw(st.lists(st.integers(1, 4), max_size=2, unique=True)))
    return Trial(items, width, first, ends)


MODELS = [
    Settings(),
    Settings(pretolerance=-1, tolerance=400, adj_demerits=3000, double_hyphen_demerits=0),
    Settings(pretolerance=300, tolerance=1000, max_hyphens=1, line_penalty=1),
]


@settings(max_examples=150, deadline=None)
@given(trials(), st.sampled_from(range(len(MODELS))))
def test_the_breaks_are_optimal_legal_and_never_overfull(trial: Trial, which: int) -> None:
    model = MODELS[which]
    items = trial.items
    found = break_lines(
        items, lambda n: trial.first if n == 1 else trial.width, model, page_ends=trial.page_ends
    )
    ends = [line.end for line in found]
    assert ends[-1] == len(items) - 1
    assert all(items.is_break(end) for end in ends)
    assert ends == sorted(set(ends))
    passes = [(model.tolerance, True), (INF_BAD, True)]
    if model.pretolerance >= 0:
        passes.insert(0, (model.pretolerance, False))
    for tolerance, hyphenate in passes:
        optimum = brute_force(trial, model, tolerance, hyphenate)
        if optimum is not None:
            # The pass that finds breaks finds the best ones: no line overfull, no more
            # hyphens in a row than allowed.
            assert not any(line.overfull for line in found)
            run = 0
            for line in found:
                run = run + 1 if line.flagged else 0
                assert run <= (model.max_hyphens or run)
            assert _total(trial, model, ends, tolerance) == pytest.approx(optimum)
            return
    # Nothing fits without an overfull line (or more hyphens in a row): only lines holding
    # a box too wide overflow.
    for line, begin in zip(found, [0, *[_next_start(items, e) for e in ends[:-1]]], strict=True):
        if line.overfull:
            boxes = [i for i in range(begin, line.end) if items.kinds[i] == BOX]
            assert boxes


def _fitness_classes(trial: Trial, ends: list[int]) -> list[int]:
    items, begin, classes = trial.items, 0, []
    for number, end in enumerate(ends, start=1):
        ratio = _line_cost(items, begin, end, trial.first if number == 1 else trial.width)
        assert ratio is not None
        classes.append(_fitness(ratio))
        begin = _next_start(items, end)
    return classes


@settings(max_examples=60, deadline=None)
@given(trials())
def test_a_loose_line_never_follows_a_tight_one_when_it_need_not(trial: Trial) -> None:
    """With adjacency demerits larger than anything else, the breaks have no two lines of
    non-adjacent fitness classes next to each other whenever some breaks within the
    tolerance have none."""
    model = Settings(pretolerance=-1, tolerance=INF_BAD - 1, adj_demerits=1e15)
    found = break_lines(trial.items, lambda n: trial.first if n == 1 else trial.width, model)
    items, last = trial.items, len(trial.items) - 1
    breaks = [i for i in range(last) if items.is_break(i)]
    possible = False
    for count in range(len(breaks) + 1):
        for chosen in itertools.combinations(breaks, count):
            ends = [*chosen, last]
            if _total(trial, model, ends, model.tolerance) is None:
                continue
            classes = _fitness_classes(trial, ends)
            if all(abs(a - b) <= 1 for a, b in zip(classes, classes[1:], strict=False)):
                possible = True
                break
        if possible:
            break
    if possible and not any(line.overfull for line in found):
        classes = _fitness_classes(trial, [line.end for line in found])
        assert all(abs(a - b) <= 1 for a, b in zip(classes, classes[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 2), st.sampled_from([0.0, 1e3, 3.6e28])),
        min_size=1,
        max_size=6,
        unique_by=lambda c: c[:2],
    ),
    st.sampled_from([0.0, 5e3, 1e4]),
)
def test_pruning_keeps_the_best_ways_to_a_break(
    found: list[tuple[int, int, float]], extra: float
) -> None:
    """Of the ways to reach one break, the cheapest always stays, and any that another
    beats by less than the adjacency margin (found in a mutated agreement: before a word
    almost as wide as the line, a line stretched 30 times its stretch costs about 10²⁸, and
    two ways of ending the paragraph with equal totals once pruned each other, leaving
    none: „the paragraph cannot be broken into lines“)."""
    paragraph_ = paragraph("ab cd")
    run = knuthplass._Pass(paragraph_, lambda n: 5, Settings(), 0.0, frozenset(), 1, 0.0)
    candidates = {
        (1, fitness, hyphens): knuthplass._Node(
            3, 1, fitness, hyphens, total + extra * fitness, None, 0.0, False
        )
        for fitness, hyphens, total in found
    }
    kept = run._prune(candidates)
    best = min(node.total for node in candidates.values())
    assert any(node.total == best for node in kept)
    margin = Settings().adj_demerits
    for key, node in candidates.items():
        beaten = any(
            k != key and k[2] <= key[2] and other.total + margin < node.total
            for k, other in candidates.items()
        )
        assert (node in kept) is not beaten
