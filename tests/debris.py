"""Debris of a PDF conversion, put into clean text on purpose: page numbers (alone, glued to
a word, at a paragraph's start or end), paragraphs cut at page breaks, running heads,
sentences marked as headings, runs of spaces and private-use characters.

:func:`paginate` lays clean blocks out on "pages" of a given number of words and puts debris
at each page break, as a converter of the printed PDF would; :func:`make_debris` adds the
debris that does not depend on pages. The repaired import of the result should equal the
import of the clean text, or name the line where a repair could not be sure.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

#: Plain prose from the corpus, without markup.
PROSE = re.compile(r"[A-ZÄÖÜ][^*_`\[\]<>#|~^\\{}!\n]*[.]")
#: Debris at a page break: where the page number goes, whether the paragraph is cut there.
NumberAt = Literal["alone", "glued", "end", "start", "none"]
RUNNING_HEAD = "Vertrag für Musterstadt"
#: Words after which a cut paragraph is joined even before a capital: see repairs.OPEN_ENDS.
OPEN_ENDS = frozenset({"der", "die", "das", "den", "dem", "des", "und", "für", "mit", "von"})
CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "als", "wie", "bis"})
FUNCTION_WORDS = frozenset(
    {"und", "oder", "die", "der", "das", "den", "dem", "des", "mit", "von", "zu", "für"}
)


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph (laid out word by word, so pages may break inside it) or raw
    Markdown (a list, a table: kept whole, on one page)."""

    kind: Literal["heading", "paragraph", "raw"]
    text: str


@dataclass(frozen=True)
class PageBreak:
    """What happens at one page break."""

    number_at: NumberAt
    cut: bool
    #: A running head stands at the break, on a line of its own: the converter starts a new
    #: paragraph there (a running head inside a paragraph's text is not repaired).
    running_head: bool = False
    #: Split the word at the break („Technolo“ + „gie“) as the PDF's hyphenation did, with
    #: the hyphen kept (in a cut paragraph) or lost (glued page number).
    split_word: bool = False


@dataclass
class Layout:
    """The debris-laden Markdown and what the importer cannot know for sure."""

    text: str = ""
    #: Words split at a page break („Technologierohstoffe“): the vocabulary decides whether
    #: the parts are one word, so the import may keep them apart (with a note).
    split_words: set[str] = field(default_factory=set)
    #: A glued number between two words, the second in lower case („Klimaschutz54 wird“):
    #: the import may take them for one split word (with a note).
    glued_pairs: set[tuple[str, str]] = field(default_factory=set)
    #: Paragraphs cut right after a sentence's end (last word, next word): nothing shows
    #: the cut, so they stay two paragraphs.
    sentence_cuts: set[tuple[str, str]] = field(default_factory=set)
    numbers: int = 0
    cuts: int = 0


def prose_paragraphs(markdown: str, *, least_words: int = 12) -> list[str]:
    """The corpus paragraphs that are plain prose: one sentence or more, no markup."""
    paragraphs = []
    for part in re.split(r"\n\s*\n", markdown):
        text = " ".join(part.split())
        if (
            len(text.split()) >= least_words
            and PROSE.fullmatch(text)
            and not re.search(r"\d", text)
        ):
            paragraphs.append(text)
    return paragraphs


def corpus_blocks(body: str) -> list[Block]:
    """The corpus body as blocks: its paragraphs (one line each) and everything else raw."""
    blocks = []
    for part in re.split(r"\n\s*\n", body.strip("\n")):
        lines = part.split("\n")
        structured = re.match(r"\s*(#|\||\d+\.|[-*+] |>)", part) or (
            len(lines) > 1 and re.fullmatch(r"[=-]+", lines[-1].strip())
        )
        if structured:
            blocks.append(Block("raw", part))
        else:
            blocks.append(Block("paragraph", " ".join(part.split())))
    return blocks


def markdown(blocks: Sequence[Block]) -> str:
    return "\n\n".join(_block_text(block) for block in blocks) + "\n"


def _block_text(block: Block) -> str:
    return f"# {block.text}" if block.kind == "heading" else block.text


def paginate(
    blocks: Sequence[Block],
    sizes: Sequence[int],
    breaks: Sequence[PageBreak],
    first_number: int,
) -> Layout:
    """``blocks`` on pages of ``sizes`` words, with ``breaks[k]`` at the end of page k. A page
    break inside a heading moves to the end of the heading; one in the first line of a
    paragraph (its first 8 words) to the end of that line."""
    layout = Layout()
    pieces: list[str] = []  # the Markdown blocks of the output, in order
    page, number = 0, first_number
    budget = sizes[0] if sizes else 10**9
    for block in blocks:
        if block.kind != "paragraph" or block.text.startswith("#"):
            pieces.append(_block_text(block))
            budget -= len(block.text.split())
            continue
        words = block.text.split(" ")
        current: list[str] = []
        index = 0
        while index < len(words):
            current.append(words[index])
            index += 1
            budget -= 1
            if budget > 0 or page >= len(breaks) or len(current) < 8:
                continue
            current, words[index:] = _break(
                current, words[index:], breaks[page], number, layout, pieces
            )
            number += 1
            page += 1
            budget = sizes[page] if page < len(sizes) else 10**9
        if current:
            pieces.append(" ".join(current))
    layout.text = "\n\n".join(pieces) + "\n"
    return layout


def _break(
    current: list[str],
    rest: list[str],
    page_break: PageBreak,
    number: int,
    layout: Layout,
    pieces: list[str],
) -> tuple[list[str], list[str]]:
    """Put the debris of one page break after the words ``current`` (the paragraph's text so
    far); returns the paragraph's words on the next page and the words left to lay out."""
    at = page_break.number_at
    layout.numbers += at != "none"
    if rest and not page_break.cut and not page_break.running_head:
        # the converter ran the text on: a glued number shows
        if at == "none":
            return current, rest
        if _gluable(current[-1]) or (page_break.split_word and _splittable(rest[0])):
            return _glued_inline(current, rest, page_break, number, layout), rest
        at = "alone"  # no word to glue the number to: it stands alone, the paragraph is cut
    head, tail = list(current), list(rest)
    if page_break.split_word and tail and _splittable(tail[0]):
        whole = tail.pop(0)
        cut_at = _split_point(whole)
        head.append(whole[:cut_at] + "-")
        tail.insert(0, whole[cut_at:])
        layout.split_words.add(whole)
    if tail and re.search(r"[.!?:;][“”\"»)]*$", head[-1]):
        layout.sentence_cuts.add((head[-1], tail[0]))
    elif tail:
        layout.cuts += 1
    joinable = not tail or tail[0][:1].islower() or head[-1].lower() in OPEN_ENDS
    if at == "none" and not page_break.running_head and not joinable:
        at = "alone"  # a cut without evidence cannot be found: the page shows its number
        layout.numbers += 1
    if at == "glued" and _gluable(head[-1]):
        head[-1] += str(number)
    elif at == "glued":
        at = "alone"
    elif at == "end":
        head.append(str(number))
    pieces.append(" ".join(head))
    if page_break.running_head:
        pieces.append(RUNNING_HEAD)
    if at == "alone" or (at == "start" and not tail):
        pieces.append(str(number))
    elif at == "start":
        tail.insert(0, str(number))
    return [], tail


def _glued_inline(
    current: list[str], rest: list[str], page_break: PageBreak, number: int, layout: Layout
) -> list[str]:
    """„Technologie54 rohstoffe“: the number glued to the word before the break, which the
    PDF may have split there."""
    words = list(current)
    if page_break.split_word and _splittable(rest[0]):
        whole = rest.pop(0)
        cut_at = _split_point(whole)
        words.append(whole[:cut_at] + str(number))
        rest.insert(0, whole[cut_at:])
        layout.split_words.add(whole)
        return words
    if rest[0][:1].islower() and rest[0].lower() not in FUNCTION_WORDS:
        layout.glued_pairs.add((words[-1], rest[0]))
    words[-1] += str(number)
    return words


def _gluable(word: str) -> bool:
    """Whether a page number glued to ``word`` can be told from a number in the text: a word
    of three letters or more, one in lower case („Technologie54“, not „EU54“)."""
    return bool(re.fullmatch(r"[^\W\d_]*[a-zäöüß][^\W\d_]*[.,;:!?]?", word)) and len(word) > 3


def _splittable(word: str) -> bool:
    return bool(re.fullmatch(r"[A-ZÄÖÜ]?[a-zäöüß]{9,}", word))


def _split_point(word: str) -> int:
    """Where a long word is split: in its middle, never before a conjunction."""
    cut = len(word) // 2
    while word[cut:].lower() in CONJUNCTIONS:
        cut += 1
    return cut


# --- debris that does not depend on pages ------------------------------------------------------


def make_debris(text: str, rng: random.Random, *, rate: float = 0.02) -> str:
    """Runs of spaces and tabs between words, U+F020 (Symbol's space) for spaces, and
    private-use characters with no meaning (U+E000–U+E003, U+E010, U+F8FF) inside words, at
    about ``rate`` of the spaces; headings and page numbers keep their form."""
    out_lines = []
    for line in text.split("\n"):
        if not line or line.startswith("#") or line.isdigit():
            out_lines.append(line)
            continue
        parts = line.split(" ")
        for index in range(1, len(parts)):
            roll = rng.random()
            if roll < rate:
                parts[index] = rng.choice(["  ", " \t", "\uf020 "]) + parts[index]
            elif roll < 2 * rate and len(parts[index]) > 3 and parts[index].isalpha():
                mark = rng.choice(["\ue000", "\ue001", "\ue003", "\ue010", "\uf8ff"])
                parts[index] = parts[index][:2] + mark + parts[index][2:]
        out_lines.append(" ".join(parts))
    return "\n".join(out_lines)


def pseudo_headings(blocks: Sequence[Block], rng: random.Random) -> list[Block]:
    """Some paragraphs of 20 words and more become „### paragraph“ headings."""
    out = []
    for block in blocks:
        long_enough = block.kind == "paragraph" and len(block.text.split()) >= 20
        if long_enough and rng.random() < 0.2:
            out.append(Block("paragraph", f"### {block.text}"))
        else:
            out.append(block)
    return out
