"""German hyphenation with correct patterns, an exceptions file and sensible limits.

pyphen's bundled ``de_DE`` dictionary breaks „Deut-sch-land“; we use the TeX
``hyph-de-1996`` patterns of the Trennmuster project (``patterns/``), loaded by pyphen from
the file. Words the patterns get wrong, or that must never be broken (names), are listed in
the book's exceptions file (``book/trennungen.txt``): one word a line with its allowed
breaks as hyphens (``Wat-ten-scheid``), or a word without hyphens to forbid any break.

Rules (a typesetter's, not the engine's):

- words shorter than 6 letters are not broken; at least 2 letters stay before and 3 after
  a break;
- no breaks in numbers, abbreviations and all-caps words (``SPD``, ``GRÜNEN``), URLs and
  e-mail addresses, nor in text in another language;
- gendered forms keep the star, colon or underscore with the stem and the ending
  („Bürger*innen“ may break as „Bür-ger*innen“, never at the star);
- compounds with a hyphen („SPD-Fraktion“) break only at their hyphen, and a short first
  part (up to 3 characters: „E-Mail“, „1,5-Grad-Ziel“) is tied to what follows.

The result is text with soft hyphens (U+00AD) at the allowed breaks, and word joiners
(U+2060) where a hyphen must not end a line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyphen

from publish.errors import BookError, Diagnostic, SourceLocation, display_path
from publish.read.sandbox import refusal

PATTERNS = Path(__file__).resolve().parent / "patterns" / "hyph_de_1996.dic"
SOFT_HYPHEN = "\u00ad"
WORD_JOINER = "\u2060"
MIN_LENGTH = 6
LEFT, RIGHT = 2, 3
SHORT_PREFIX = 3

TOKEN = re.compile(r"\S+")
EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.DOTALL)
GENDERED = re.compile(r"([^\W\d_]+)([*:_])([^\W\d_]+)")
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Exceptions:
    """Words with their allowed breaks (letter positions); an empty tuple forbids any."""

    breaks: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Exceptions:
        """Read an exceptions file; a missing file means no exceptions. A file that leaves
        the book folder (through a symbolic link) or is no regular file is not read."""
        refused = refusal(path, path.parent)
        if refused is not None and refused.kind == "missing":
            return cls()
        if refused is not None:
            where = SourceLocation(display_path(path, follow_link=False))
            raise BookError([Diagnostic(where, refused.message("the file"), refused.hint())])
        breaks: dict[str, tuple[int, ...]] = {}
        problems = []
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            where = SourceLocation(display_path(path), data.count(b"\n", 0, error.start) + 1)
            raise BookError(
                [Diagnostic(where, "the file is not UTF-8 text", "save it with the encoding UTF-8")]
            ) from None
        for number, line in enumerate(text.splitlines(), start=1):
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", entry):
                where = SourceLocation(display_path(path), number)
                hint = "write the word with hyphens at its allowed breaks, e.g. Wat-ten-scheid"
                problems.append(Diagnostic(where, f"„{entry}“ is not a word", hint))
                continue
            parts = entry.split("-")
            positions = tuple(sum(len(p) for p in parts[:i]) for i in range(1, len(parts)))
            breaks[entry.replace("-", "").lower()] = positions
        if problems:
            raise BookError(problems)
        return cls(breaks)


@cache
def _dictionary() -> pyphen.Pyphen:
    """pyphen with our patterns, read by :func:`read_patterns` into pyphen's cache of
    dictionaries (where ``pyphen.Pyphen`` looks first)."""
    path = Path(PATTERNS)
    pyphen.hdcache.setdefault(path, read_patterns(path))
    return pyphen.Pyphen(filename=path, left=LEFT, right=RIGHT)


class Patterns(pyphen.HyphDict):  # type: ignore[misc]
    """pyphen 0.18.1's dictionary of patterns, with the patterns found in a word faster
    (:meth:`breaks`): pyphen looks up every piece of the word up to the longest pattern's
    length; here the pieces from one letter stop at the first that begins no pattern.
    ``tests/test_typography.py`` compares the breaks with pyphen's."""

    prefixes: frozenset[str]

    def breaks(self, word: str) -> tuple[int, ...]:
        """Where ``word`` may break (as ``pyphen.Pyphen(left=LEFT, right=RIGHT)``)."""
        pointed = f".{word.lower()}."
        length = len(pointed)
        values = [0] * (length + 1)
        patterns, prefixes, longest = self.patterns, self.prefixes, self.maxlen
        for begin in range(length - 1):
            for end in range(begin + 1, min(begin + longest, length) + 1):
                piece = pointed[begin:end]
                if piece not in prefixes:
                    break
                pattern = patterns.get(piece)
                if pattern:
                    at = begin + pattern[0]
                    for value in pattern[1]:
                        if value > values[at]:
                            values[at] = value
                        at += 1
        last = len(word) - RIGHT
        return tuple(index - 1 for index in range(LEFT + 1, last + 2) if values[index] % 2)


DIGIT = re.compile(r"\d")


def read_patterns(path: Path) -> pyphen.HyphDict:
    """A ``hyph_*.dic`` file's patterns as pyphen 0.18.1 reads them (``HyphDict``: each
    pattern's letters → the offset of its first non-zero value and its values from there to
    the last non-zero one), twice as fast: the first chapter's hyphenation waits for them in
    every build (pyphen: 0.14 s; here 0.07 s). A file with what only pyphen's reader knows
    (alternatives, ``^^`` escapes) is read by it; ``tests/test_typography.py`` compares
    the results."""
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for line in path.read_text(encoding="utf-8").split("\n")[1:]:  # the first: the encoding
        pattern = line.strip()
        if not pattern or pattern.startswith(pyphen.ignored):
            continue
        if "/" in pattern or "^^" in pattern:  # alternatives, hex escapes: pyphen's reader
            return pyphen.HyphDict(path)
        values = [0]  # before the first letter, then after each letter
        for char in pattern:
            if "0" <= char <= "9":
                values[-1] = int(char)
            else:
                values.append(0)
        if not any(values):
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns[DIGIT.sub("", pattern)] = start, tuple(values[start:end])
    dictionary = Patterns.__new__(Patterns)
    dictionary.patterns = patterns
    dictionary.cache = {}
    dictionary.maxlen = max(len(key) for key in patterns)
    dictionary.prefixes = frozenset(key[:end] for key in patterns for end in range(1, len(key) + 1))
    return dictionary


@dataclass(frozen=True)
class Hyphenator:
    """Puts soft hyphens into German text at the breaks the rules above allow."""

    exceptions: Exceptions = field(default_factory=Exceptions)
    #: Every token already hyphenated: a book uses few words many times (the 2018
    #: agreement: 61,000 tokens, 12,000 different ones).
    _done: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def positions(self, word: str) -> tuple[int, ...]:
        """Where ``word`` (letters only) may break: letter positions, or () for none."""
        known = self.exceptions.breaks.get(word.lower())
        if known is not None:
            return known
        if len(word) < MIN_LENGTH or word.isupper():
            return ()
        dictionary = _dictionary()
        if isinstance(dictionary.hd, Patterns):
            return dictionary.hd.breaks(word)
        return tuple(dictionary.positions(word))

    def word(self, word: str) -> str:
        positions = self.positions(word)
        pieces = [word[i:j] for i, j in zip((0, *positions), (*positions, len(word)), strict=True)]
        return SOFT_HYPHEN.join(pieces)

    def text(self, text: str) -> str:
        """``text`` with soft hyphens and word joiners; spaces and punctuation unchanged."""
        return TOKEN.sub(lambda match: self.token(match.group()), text)

    def token(self, token: str) -> str:
        done = self._done.get(token)
        if done is None:
            lead, core, trail = EDGE.fullmatch(token).groups()  # type: ignore[union-attr]
            done = self._done[token] = lead + self._core(core) + trail
        return done

    def _core(self, core: str) -> str:
        if not core or "@" in core or "://" in core or core.startswith("www."):
            return core
        if "-" in core:
            return _tie_short_prefix(core)
        if gendered := GENDERED.fullmatch(core):
            stem, mark, ending = gendered.groups()
            return self.word(stem) + mark + ending
        if WORD.fullmatch(core):
            return self.word(core)
        return core  # numbers, mixed tokens: left alone


def _tie_short_prefix(compound: str) -> str:
    """A compound breaks only at its hyphens; a short first part stays with the next."""
    first, rest = compound.split("-", 1)
    if first and len(first) <= SHORT_PREFIX:
        return f"{first}-{WORD_JOINER}{rest}"
    return compound
