"""Matching quoted passages against printed text, whatever the typography.

An amendment quotes the draft as its mover reads it: „bis 2035“, with straight or curly
quotes, „2020-2025“ for the printed „2020–2025“, a plain space for a no-break space, no
soft hyphens, a word broken at a line end written whole. Passages and the text of the
edition are therefore compared in a *normalised* form: every kind of double quote becomes
``"``, every single quote and apostrophe ``'``, every dash, hyphen and minus ``-`` (a run
of them one ``-``, so the source's ``--`` matches the printed „–“), the ellipsis ``...``,
every run of white space one space; invisible format characters (soft hyphen, word
joiner) are dropped. Typography (``publish.typography``) never changes this form, so the
source's text and the printed text normalise alike.

A passage is found as whole words: it neither begins nor ends inside a word (a gender star
counts as part of its word, so „Bürger“ is not found in „Bürger*innen“).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

DOUBLE_QUOTES = '"„“”‟«»″〃'
SINGLE_QUOTES = "'‚‘’‛‹›′"
DASHES = "-‐‑‒–—―−⁃"


class _Mapping(dict[str, str]):
    """What each character becomes in the normalised form, remembered per character."""

    def __missing__(self, char: str) -> str:
        if char in DOUBLE_QUOTES:
            value = '"'
        elif char in SINGLE_QUOTES:
            value = "'"
        elif char in DASHES:
            value = "-"
        elif char == "…":
            value = "..."
        elif char.isspace():
            value = " "
        elif unicodedata.category(char) == "Cf":
            value = ""
        else:
            value = char
        self[char] = value
        return value


_MAP = _Mapping()
_RUNS = re.compile(r" {2,}|-{2,}")


def _collapse(match: re.Match[str]) -> str:
    return match.group()[0]


def normalise(text: str) -> str:
    """The normalised form of ``text`` (see the module's docstring)."""
    return _RUNS.sub(_collapse, "".join(map(_MAP.__getitem__, text))).strip(" ")


@dataclass(frozen=True)
class Normalised:
    """``text`` normalised, and for each of its characters the index in the original text
    of the character it came from (so a match can be found again in the original)."""

    text: str
    origin: tuple[int, ...]
    length: int  # of the original text

    def original_start(self, index: int) -> int:
        """Where the normalised character at ``index`` begins in the original (the end of
        the original for ``index`` past the end)."""
        return self.origin[index] if index < len(self.origin) else self.length

    def original_end(self, index: int) -> int:
        """Where a span ending before normalised ``index`` ends in the original."""
        return self.origin[index - 1] + 1 if index > 0 else 0

    def index_of(self, original: int) -> int:
        """The first normalised character that comes from ``original`` or after it."""
        return bisect_left(self.origin, original)


def normalised(text: str) -> Normalised:
    """``text`` normalised, with where each character came from."""
    mapped = list(map(_MAP.__getitem__, text))
    joined = "".join(mapped)
    if len(joined) == len(text) and "" not in mapped:  # every character maps to one
        origin = list(range(len(text)))
    else:
        origin = [index for index, piece in enumerate(mapped) for _ in piece]
    chars: list[str] = []
    kept: list[int] = []
    last = 0
    for run in _RUNS.finditer(joined):  # a run keeps its first character
        chars.append(joined[last : run.start() + 1])
        kept += origin[last : run.start() + 1]
        last = run.end()
    chars.append(joined[last:])
    kept += origin[last:]
    result = "".join(chars)
    start = 1 if result.startswith(" ") else 0
    end = len(result) - 1 if result.endswith(" ") and len(result) > start else len(result)
    return Normalised(result[start:end], tuple(kept[start:end]), len(text))


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "*"


def find_all(text: str, passage: str) -> list[int]:
    """Where the normalised ``passage`` begins in the normalised ``text``, as whole words."""
    found: list[int] = []
    if not passage:
        return found
    start = text.find(passage)
    end_word = _word_char(passage[-1])
    begin_word = _word_char(passage[0])
    while start != -1:
        end = start + len(passage)
        before_ok = not begin_word or start == 0 or not _word_char(text[start - 1])
        after_ok = not end_word or end == len(text) or not _word_char(text[end])
        if before_ok and after_ok:
            found.append(start)
        start = text.find(passage, start + 1)
    return found


def shown(passage: str, limit: int = 60) -> str:
    """A passage as messages quote it: its white space collapsed, long ones shortened."""
    text = " ".join(passage.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


# --- Line and page references in messages ------------------------------------------------
#
# Messages are written in English and translated when shown (publish.messages); the parts
# that vary are carried over as they are. A reference such as „lines 345–347“ varies in its
# word too, so it is written in the reader's language when the message is made.


def _german() -> bool:
    from publish.messages import language

    return language() == "de"


def lines_word(plural: bool) -> str:
    """„line“ / „lines“ (German: „Zeile“ / „Zeilen“)."""
    if _german():
        return "Zeilen" if plural else "Zeile"
    return "lines" if plural else "line"


def lines_text(first: int, last: int | None = None) -> str:
    """„line 345“ / „lines 345–347“ (German: „Zeile 345“ / „Zeilen 345–347“)."""
    last = first if last is None else last
    if first == last:
        return f"{lines_word(False)} {first}"
    return f"{lines_word(True)} {first}–{last}"


def pages_text(pages: tuple[int, ...] | list[int]) -> str:
    """„page 12“ / „pages 12–13“ (German: „Seite 12“ / „Seiten 12–13“)."""
    if len(pages) == 1 or pages[0] == pages[-1]:
        return f"{'Seite' if _german() else 'page'} {pages[0]}"
    return f"{'Seiten' if _german() else 'pages'} {pages[0]}–{pages[-1]}"


def listing(items: list[str]) -> str:
    """„a“, „a and b“, „a, b and c“ (German: „und“)."""
    word = " und " if _german() else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]
