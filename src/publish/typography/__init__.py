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
from publish.typography.rules import apply_rules, curl_quotes

#: The exceptions file in the book folder.
EXCEPTIONS_FILE = "trennungen.txt"


def typeset(book: m.Book) -> m.Book:
    """The book with German quotes, spaces and dashes in the text of its chapters.
    (Metadata stays as written in book.yaml: it is data for catalogues and viewers.)"""
    book = map_book_runs(book, _curl_run)
    book = map_book_text(book, apply_rules)
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


def _curl_run(run: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Quotes decided over the whole run, so „*betont*“ opens and closes right."""
    texts = [inline.text for inline in iter_inlines(run) if isinstance(inline, m.Text)]
    curled = curl_quotes("".join(texts))
    pieces = iter(_split(curled, [len(t) for t in texts]))
    return map_inlines(run, lambda _: next(pieces))


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
    run = map_inlines(_curl_run((m.Text(text),)), apply_rules)
    return _mark_caps(run)
