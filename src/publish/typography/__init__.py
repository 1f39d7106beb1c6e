"""German typography and hyphenation on the text of the model: the one place for its rules.

:func:`typeset` applies the typographic rules (quotes, spaces, dashes; ``rules.py``) to
every output's text. :func:`hyphenate` adds soft hyphens at the breaks the German patterns
and the book's exceptions allow (``hyphenation.py``); the PDF uses it, so every line break
inside a word in print is one a typesetter allows. The EPUB carries no soft hyphens (see
the README): reading systems hyphenate with ``hyphens: auto`` and ``lang="de"``, and search
and speech see whole words.
"""

from __future__ import annotations

import re
from pathlib import Path

from publish import model as m
from publish.tree import iter_inlines, map_book_runs, map_book_text, map_inlines
from publish.typography.hyphenation import Exceptions, Hyphenator
from publish.typography.rules import curl_quotes, letter_rules, space_rules

#: The exceptions file in the book folder.
EXCEPTIONS_FILE = "trennungen.txt"


def typeset(book: m.Book) -> m.Book:
    """The book with German quotes, spaces and dashes in the text of its chapters.
    (Metadata stays as written in book.yaml: it is data for catalogues and viewers.)"""
    book = map_book_text(book, letter_rules)
    book = map_book_runs(book, _set_run)
    return map_book_runs(book, _mark_caps)


#: Words in capitals, with what joins them into one name („BÜNDNIS 90/DIE GRÜNEN“): a node
#: per name, so no space between two capital words is lost between two spans.
CAPITALS = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{2,}(?:[ \u00a0/\u2060]+(?:\d+|[A-ZÄÖÜ]{2,}))*(?![\w])")
CAPITAL_WORD = re.compile(r"[A-ZÄÖÜ]{2,}")
VOWELS = set("AEIOUÄÖÜY")


def _mark_caps(run: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Words in capitals in the run's own text become Caps nodes (text inside links and
    other spans keeps its words whole). Capitals next to sub- or superscript are a formula
    („CO₂“, „H₂SO₄“): set without letter-spacing, so no gap opens before the „₂“."""
    out: list[m.Inline] = []
    for index, inline in enumerate(run):
        if not isinstance(inline, m.Text):
            out.append(inline)
            continue
        before = index > 0 and isinstance(run[index - 1], m.Script)
        after = index + 1 < len(run) and isinstance(run[index + 1], m.Script)
        out += _split_caps(inline.text, before, after)
    return tuple(out)


def _split_caps(
    text: str, script_before: bool = False, script_after: bool = False
) -> list[m.Inline]:
    pieces: list[m.Inline] = []
    start = 0
    for match in CAPITALS.finditer(text):
        if (script_before and match.start() == 0) or (script_after and match.end() == len(text)):
            continue  # part of a formula
        if match.start() > start:
            pieces.append(m.Text(text[start : match.start()]))
        pieces.append(m.Caps(match.group(), spoken_form(match.group())))
        start = match.end()
    if start < len(text):
        pieces.append(m.Text(text[start:]))
    return pieces


def spoken_form(caps: str) -> str:
    """How a screen reader should say words in capitals: a pronounceable word of four
    letters or more as a word („GRÜNEN“ → „Grünen“); shorter ones and those without vowels
    are spelled („SPD“, „EU“). Empty if nothing needs saying differently."""
    spoken = CAPITAL_WORD.sub(lambda m: _spoken_word(m.group()), caps)
    return spoken if spoken != caps else ""


#: Short words in capitals that are words, not initials.
SHORT_WORDS = frozenset(
    {"DIE", "DER", "DAS", "DEN", "DEM", "UND", "FÜR", "MIT", "VON", "ZUM", "ZUR"}
)


def _spoken_word(word: str) -> str:
    pronounceable = len(word) >= 4 and VOWELS & set(word)
    return word.capitalize() if pronounceable or word in SHORT_WORDS else word


def _set_run(run: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Quotes and spaces decided over the whole run (they keep the text's length), so
    „*betont*“ opens and closes right and „10 000 *€*“ stays on one line. The spacing
    rules stop at sub- and superscript: „10<sup>-3</sup>“ is a power, not a range."""
    texts = [inline.text for inline in iter_inlines(run) if isinstance(inline, m.Text)]
    curled = _split(curl_quotes("".join(texts)), [len(t) for t in texts])
    pieces: list[str] = []
    for group in _formula_groups(run, curled):
        joined = "".join(group)
        typeset = space_rules(joined)
        assert len(typeset) == len(joined), "a rule across the run changed the text's length"
        pieces += _split(typeset, [len(t) for t in group])
    typeset_pieces = iter(pieces)
    return map_inlines(run, lambda _: next(typeset_pieces))


def _formula_groups(run: tuple[m.Inline, ...], texts: list[str]) -> list[list[str]]:
    """``texts`` (the run's text nodes, in order) in groups that sub- and superscript
    bound: the text before a script, the script's, the text after it."""
    groups: list[list[str]] = [[]]
    given = iter(texts)

    def walk(inlines: tuple[m.Inline, ...]) -> None:
        for inline in inlines:
            if isinstance(inline, m.Text):
                groups[-1].append(next(given))
            elif isinstance(inline, m.Script):
                groups.append([])
                walk(inline.children)
                groups.append([])
            elif isinstance(inline, m.Container | m.Changes):
                walk(inline.children)

    walk(run)
    return groups


def _split(text: str, lengths: list[int]) -> list[str]:
    pieces, start = [], 0
    for length in lengths:
        pieces.append(text[start : start + length])
        start += length
    return pieces


def hyphenator_for(book_root: Path) -> Hyphenator:
    return Hyphenator(Exceptions.read(book_root / EXCEPTIONS_FILE))


def hyphenate(book: m.Book, hyphenator: Hyphenator) -> m.Book:
    """Soft hyphens in body text: not in headings, in text in another language, or in
    sub- and superscript („CO₂“ is set whole)."""
    return map_book_text(book, hyphenator.text, headings=False, foreign=False, scripts=False)


def typeset_text(text: str) -> tuple[m.Inline, ...]:
    """A short plain text (a title, a name from a header) set as the chapters' text is."""
    return _mark_caps(_set_run((m.Text(letter_rules(text)),)))
