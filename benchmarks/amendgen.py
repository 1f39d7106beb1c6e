"""Generate amendments against an edition: realistic in form, random in place.

    python benchmarks/amendgen.py BOOK_DIR --count 300 [--seed 0]

writes ``BOOK_DIR/antraege/ae001.md`` … against the book's current edition. Each amendment
quotes a passage of one to six words as printed (typographic quotes, dashes and no-break
spaces included, the passage found across line ends), cites exactly its lines and page, and
makes one change: replace, delete, insert after or before, or a new paragraph after its
block. A passage that occurs more than once in its lines is told apart with
„(N. Vorkommen)“. Statuses are drawn as an assembly's minutes might have them (about half
adopted, some modified); adopted changes never overlap, so the set applies as it is.

:func:`synthetic_edition` cuts a book's text into lines without laying it out (every line
about ``width`` characters, pages of 40 lines): for tests that need an edition of any
book, fast. :func:`expected_text` says what a block reads after the adopted changes, by
the rules of ``publish.amend.apply``, so a test can compare it with the applied source.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from publish import model as m
from publish.amend.apply import ATTACHED, OPENING
from publish.amend.edition import (
    Edition,
    EditionLine,
    block_text,
    fingerprint,
    load_editions,
    source_hashes,
    text_blocks,
)
from publish.amend.text import find_all, normalise
from publish.layout import letters

WORDS = (
    *("Klimaschutz", "gemeinsam", "sofort", "verbindlich", "jährlich", "barrierefrei"),
    *("kommunal", "sozial", "Bürger*innen", "Verwaltung", "Stadtteile", "Quartiere"),
    *("Radverkehr", "Wohnraum", "Beteiligung", "nachhaltig", "digital", "transparent"),
    *("verlässlich", "europäisch"),
)
KINDS = ("replace", "replace", "delete", "insert after", "insert before", "paragraph")
STATUSES = (
    ("übernommen", 45),
    ("modifiziert übernommen", 8),
    ("abgelehnt", 20),
    ("zurückgezogen", 7),
    ("erledigt", 5),
    ("eingereicht", 15),
)


def synthetic_edition(
    book: m.Book, name: str = "synthetisch-2020-01-01", width: int = 70
) -> Edition:
    """An edition of ``book`` (typeset) without a layout: lines of about ``width``
    characters cut at spaces, 40 lines a page."""
    lines: list[EditionLine] = []
    for key, block in text_blocks(book).items():
        raw = block_text(block)
        if not letters(raw):
            continue
        start = 0
        while start < len(raw):
            end = min(len(raw), start + width)
            if end < len(raw):
                space = raw.rfind(" ", start + 1, end)
                end = space + 1 if space > start else end
            number = len(lines) + 1
            page = 1 + (number - 1) // 40
            lines.append(EditionLine(number, page, key, letters(raw[:start]), raw[start:end]))
            start = end
    return Edition(
        name=name,
        title=book.metadata.title,
        status=book.metadata.status,
        date=book.metadata.date,
        sequence=1,
        fingerprint=fingerprint(tuple(lines)),
        sources=source_hashes(book),
        pages=lines[-1].page if lines else 0,
        lines=tuple(lines),
    )


@dataclass(frozen=True)
class Planned:
    """A generated amendment: its number, file name, text, status, and its change in the
    edition's normalised text (``start``–``end`` of block ``block``; equal for an
    insertion, the block's length for a new paragraph after it)."""

    number: str
    file: str
    text: str
    status: str
    kind: str
    block: str
    start: int
    end: int
    new: str

    @property
    def adopted(self) -> bool:
        return self.status in ("übernommen", "modifiziert übernommen")


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _word_starts(text: str) -> list[int]:
    return [i for i in range(len(text)) if text[i] != " " and (i == 0 or text[i - 1] == " ")]


def generate(edition: Edition, count: int, seed: int = 0) -> list[Planned]:
    """``count`` amendments against ``edition`` (its blocks long enough to quote from)."""
    rng = random.Random(seed)
    blocks = [b for b in edition.blocks.values() if len(b.text) >= 30]
    taken: dict[str, list[tuple[int, int]]] = {}
    planned: list[Planned] = []
    attempts = 0
    while len(planned) < count and attempts < count * 50:
        attempts += 1
        block = rng.choice(blocks)
        text = block.text
        starts = _word_starts(text)
        first = rng.randrange(len(starts))
        length = rng.randint(1, 6)
        ends = [s - 1 for s in starts[first + 1 :]] + [len(text)]
        end = ends[min(length - 1, len(ends) - 1)]
        start = starts[first]
        if end - start >= len(text) - 1 or end <= start:
            continue
        passage = text[start:end].strip()
        raw_start = block.normal.original_start(start)
        raw_end = block.normal.original_end(start + len(passage))
        quoted = block.raw[raw_start:raw_end]
        if '"' in quoted or normalise(quoted) != passage:
            continue
        status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        kind = rng.choice(KINDS)
        change_start, change_end = start, start + len(passage)
        if kind == "insert after":
            change_start = change_end
        elif kind == "insert before":
            change_end = change_start
        elif kind == "paragraph":
            change_start = change_end = len(text)
        if status in ("übernommen", "modifiziert übernommen"):
            spans = taken.setdefault(block.key, [])
            low, high = change_start - 2, change_end + 2
            if any(low < b and a < high for a, b in spans):
                status = "abgelehnt"
            else:
                spans.append((change_start, change_end))
        number = f"Ä{len(planned) + 1}"
        first_line, last_line = block.lines_of(start, start + len(passage))
        occurrences = [
            s
            for s in find_all(text, passage)
            if block.lines_of(s, s + len(passage))[0].number >= first_line.number
            and block.lines_of(s, s + len(passage))[1].number <= last_line.number
        ]
        which = f" ({occurrences.index(start) + 1}. Vorkommen)" if len(occurrences) > 1 else ""
        new = _words(rng, 1, 4)
        modified = _words(rng, 1, 4) if status == "modifiziert übernommen" else ""
        cited = (first_line.number, last_line.number)
        if kind == "paragraph":
            cited = (block.lines[-1].number, block.lines[-1].number)
        body = _body(kind, quoted + '"' + which, new, block.lines[-1].number)
        adopted_new = modified or new
        sections = ""
        if modified:
            sections = "\n## Modifizierte Übernahme\n\n" + _body(
                kind, quoted + '"' + which, modified, block.lines[-1].number
            )
        page = edition.lines[cited[0] - 1].page
        header = (
            f"---\nnummer: {number}\nausgabe: {edition.name}\nseite: {page}\n"
            f"zeilen: {cited[0]}-{cited[1]}\nantragsteller:\n  - Mitglied {len(planned) + 1}\n"
            f"status: {status}\n---\n\n"
        )
        reasoning = f"\n## Begründung\n\n{_words(rng, 8, 20).capitalize()}.\n"
        text_of_file = header + body + sections + reasoning
        paragraph = adopted_new.capitalize() + "." if kind == "paragraph" else adopted_new
        planned.append(
            Planned(
                number,
                f"ae{len(planned) + 1:03d}.md",
                text_of_file,
                status,
                kind,
                block.key,
                change_start,
                change_end,
                paragraph,
            )
        )
    return planned


def _body(kind: str, quoted: str, new: str, last_line: int) -> str:
    passage = '"' + quoted
    if kind == "replace":
        return f'Ersetze {passage} durch "{new}".\n'
    if kind == "delete":
        return f"Streiche {passage}.\n"
    if kind == "insert after":
        return f'Füge nach {passage} ein: "{new}".\n'
    if kind == "insert before":
        return f'Füge vor {passage} ein: "{new}".\n'
    return f"Füge nach Zeile {last_line} einen neuen Absatz ein:\n\n{new.capitalize()}.\n"


def expected_text(text: str, changes: list[Planned]) -> str:
    """A block's normalised text after the adopted ``changes`` (not new paragraphs), by
    the rules of publish.amend.apply."""
    for change in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):
        left, right = text[: change.start], text[change.end :]
        if change.kind == "replace":
            text = left + change.new + right
        elif change.kind == "delete":
            if left.endswith(" ") and (not right or right[0] == " " or right[0] in ",.;:!?)"):
                left = left[:-1]
            text = left + right
        elif change.kind == "insert after":
            text = left + ("" if change.new.startswith(ATTACHED) else " ") + change.new + right
        elif change.kind == "insert before":
            text = left + change.new + ("" if change.new.endswith(OPENING) else " ") + right
    return normalise(text)


def write(book_dir: Path, planned: list[Planned]) -> None:
    folder = book_dir / "antraege"
    folder.mkdir(exist_ok=True)
    for amendment in planned:
        (folder / amendment.file).write_text(amendment.text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    current = load_editions(args.book).current
    if current is None:
        raise SystemExit("no frozen edition: build the book, then publish amend freeze")
    planned = generate(current, args.count, args.seed)
    write(args.book, planned)
    print(f"wrote {len(planned)} amendments into {args.book / 'antraege'}")


if __name__ == "__main__":
    main()
