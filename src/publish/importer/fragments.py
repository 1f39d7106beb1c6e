"""Text that a page break cut in two, and edits of a block's lines that keep their numbers.

A PDF conversion loses what the page break did to a word: „Technologie-“ at the foot of one
page and „rohstoffe“ atop the next come out as „Technologie54 rohstoffe“ (the hyphen gone,
the page number glued on) or as two paragraphs. :class:`Vocabulary` decides how such parts
join, from the evidence of the document itself: the words it uses elsewhere.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from publish.importer.lines import Line

#: How two parts join: as one word (a hyphen at the cut dropped), as one word that keeps its
#: hyphen, or as two words.
Join = Literal["word", "hyphen", "space"]

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
#: Small words that stand on their own: after a cut, the text goes on with a new word.
FUNCTION_WORDS = frozenset({
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "bzw", "dabei", "damit",
    "dann", "das", "dass", "dem", "den", "denen", "der", "des", "die", "dies", "diese",
    "diesem", "diesen", "dieser", "durch", "ein", "eine", "einem", "einen", "einer",
    "eines", "er", "es", "für", "gegen", "haben", "hat", "im", "in", "ist", "je", "kann",
    "können", "mit", "nach", "nicht", "noch", "nur", "ob", "oder", "ohne", "sich", "sie",
    "sind", "so", "soll", "sollen", "sowie", "über", "um", "und", "unter", "vom", "von",
    "vor", "wenn", "werden", "wie", "wir", "wird", "wollen", "zu", "zum", "zur", "zwischen"
})  # fmt: skip
#: „Bundes- und Landesmittel“: a hyphen before these is the first part of a shared compound.
CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "als", "wie", "bis"})


class Vocabulary:
    """The words of a document: how often each is written as it is, and every word in lower
    case. Counted when first asked (most documents never need it)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = texts

    @functools.cached_property
    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for text in self._texts:
            counts.update(WORD.findall(text))
        return counts

    @functools.cached_property
    def lowered(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.counts)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a word of its own: a function word, or written so
        elsewhere in the document (more than this once)."""
        return word.lower() in FUNCTION_WORDS or self.counts[word] > 1

    def joined(self, left: str, right: str, *, glued: bool) -> Join:
        """How ``left`` (the text before a cut) and ``right`` (the text after it, which begins
        with a lower-case letter) join.

        A hyphen at the end of ``left`` was the PDF's hyphenation („Technologie-“ +
        „rohstoffe“) unless a conjunction or another word of its own follows („Bundes- und“,
        „Teil- in Vollzeit“) or the document writes the word with its hyphen. Without a
        hyphen, two parts that are words of their own stay two words; else they are one word
        when the document knows the joined word, or when the page number was ``glued`` to the
        first part (the converter removed the hyphen and joined the lines) and the second
        part is no word of its own."""
        first = _last_word(left)
        second = _first_word(right)
        if not first or not second:
            return "space"
        if left.endswith("-"):
            stem = first.removesuffix("-")
            if second.lower() in CONJUNCTIONS:
                return "space"  # the hyphen stays: „Bundes- und“
            if (stem + second).lower() in self.lowered:
                return "word"
            if f"{first}{second}".lower() in self.lowered:
                return "hyphen"  # the hyphen stays inside the word: „E-Mail“
            return "space" if self.is_word(second) else "word"  # „Teil- in Vollzeit“
        if self.is_word(first) and self.is_word(second):
            return "space"  # „bei54 den“: two words, though „beiden“ is one too
        if (first + second).lower() in self.lowered:
            return "word"
        if glued and not self.is_word(second):
            return "word"
        return "space"


def _last_word(text: str) -> str:
    match = re.search(r"([^\W\d_]+-?)$", text)
    return match.group(1) if match else ""


def _first_word(text: str) -> str:
    match = re.match(r"[^\W\d_]+", text)
    return match.group(0) if match else ""


def join_texts(left: str, right: str, how: Join) -> str:
    """``left`` and ``right`` joined as :meth:`Vocabulary.joined` decided."""
    if how == "space":
        return f"{left} {right}"
    if how == "hyphen":
        return left + right
    return left.removesuffix("-") + right


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a block's text (its lines joined by newlines)."""

    start: int
    end: int
    replacement: str


def edit_lines(lines: Sequence[Line], edits: Iterable[Edit]) -> tuple[Line, ...]:
    """``lines`` with ``edits`` (which do not overlap) applied to their text joined by
    newlines. A line whose newline an edit removes joins the line before it; every line keeps
    the number of the source line it begins in."""
    text = "\n".join(line.text for line in lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line.text) + 1)
    removed: set[int] = set()
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
        removed.update(i for i, start in enumerate(starts) if edit.start < start <= edit.end)
    numbers = [line.number for i, line in enumerate(lines) if i == 0 or i not in removed]
    return tuple(Line(n, t) for n, t in zip(numbers, text.split("\n"), strict=True))


def excerpt(text: str, width: int = 50, *, tail: bool = False) -> str:
    """``text`` on one line, shortened at a space to at most ``width`` characters with „…“
    (at the start when ``tail``: the end of a text)."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    if tail:
        part = flat[-(width - 1) :]
        return "…" + (part[part.index(" ") + 1 :] if " " in part[1:] else part)
    part = flat[: width - 1]
    return (part[: part.rindex(" ")] if " " in part else part) + "…"
