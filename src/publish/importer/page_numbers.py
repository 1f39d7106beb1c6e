"""Page numbers that a PDF conversion left in the text, found by their running sequence.

A page number stands alone in a paragraph („12“, „Seite 12“, „– 12 –“: always a page
number), or the converter ran it into the text: glued to the end of a word
(„Technologie54 rohstoffe“), or at the start or end of a paragraph. A number in the text is
taken for a page number only with evidence: it continues the document's running sequence of
page numbers, which rise by one at intervals of about a page of text. „bis 2030 werden 54
Schulen“ stays: the 54 is no candidate (spaces on both sides inside a paragraph), and a
candidate that fits no sequence stays too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from publish.importer.blocks import SourceBlock, is_page_number, paragraph
from publish.importer.fragments import Edit, Vocabulary, edit_lines, join_texts
from publish.importer.report import Count, Dropped, Findings

#: A chain of page numbers needs this many members to count as evidence.
MIN_CHAIN = 3
#: A chain may skip this many pages at once (a page without a number, or one not found).
MAX_STEP = 3
#: Words on one page of the source PDF, at least and at most, between two page numbers.
PAGE_WORDS = (100, 1000)
#: Page numbers are at most three digits (years such as 2030 never are).
HIGHEST = 999

#: A number right after a character that is neither a space nor a digit („Technologie54“).
GLUED = re.compile(r"(?<=[^\s\d])\d{1,3}(?=\s|$)")
AT_START = re.compile(r"^(\d{1,3})[ \t]+(?=\S)")
AT_END = re.compile(r"\s(\d{1,3})\s*$")
NUMBER = re.compile(r"\d{1,4}")
#: What may stand right before a glued number: a letter, or the punctuation of a sentence end.
GLUE_BEFORE = re.compile(r"[^\W\d_]|[-.,;:!?)“”\"»’]")
Where = Literal["alone", "glued", "start", "end"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number that may be a page number: in ``block`` (an index), at ``start:end`` of its
    text, ``position`` words into the body."""

    block: int
    where: Where
    value: int
    position: int
    start: int
    end: int
    #: Whether only spaces follow it in its paragraph (the page break ends the paragraph).
    at_end: bool = False


def remove_page_numbers(
    blocks: Sequence[SourceBlock],
    findings: Findings,
    vocabulary: Vocabulary,
    breaks: set[int],
) -> list[SourceBlock]:
    """``blocks`` without their page numbers, each one reported with its line. ``breaks``
    gets the first line of each block that a removed page number shows to follow a page
    break (evidence for joining a paragraph cut there)."""
    candidates = _without_numbered_paragraphs(list(_candidates(blocks)))
    accepted = [c for c in candidates if c.where == "alone"]
    accepted += [candidates[i] for i in sorted(page_sequence(candidates))]
    by_block: dict[int, list[Candidate]] = {}
    for candidate in accepted:
        by_block.setdefault(candidate.block, []).append(candidate)
    out: list[SourceBlock] = []
    after_break = False
    for index, block in enumerate(blocks):
        found = by_block.get(index, [])
        if found and found[0].where == "alone":
            text = block.text.strip()
            findings.drop(Dropped.PAGE_NUMBER, block.line, text, f"page number „{text}“ dropped")
            after_break = True
            continue
        if found:
            block = _take_out(block, found, findings, vocabulary)
            if not block.text.strip():
                continue
        if after_break or any(c.where == "start" for c in found):
            breaks.add(block.line)
        out.append(block)
        after_break = any(c.where == "end" or c.at_end for c in found)
    return out


def _without_numbered_paragraphs(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates without numbered paragraphs: a paragraph that begins with a number
    next to one that begins with the number before or after it („1 Wir …“, „2 Wir …“)."""
    starts = {(c.block, c.value) for c in candidates if c.where == "start"}

    def numbered(c: Candidate) -> bool:
        neighbours = ((c.block - 1, c.value - 1), (c.block + 1, c.value + 1))
        return c.where == "start" and any(n in starts for n in neighbours)

    return [c for c in candidates if not numbered(c)]


def _candidates(blocks: Sequence[SourceBlock]) -> Iterator[Candidate]:
    position = 0
    for index, block in enumerate(blocks):
        text = block.text
        if is_page_number(block):
            number = NUMBER.search(text)
            value = int(number.group(0)) if number else 0
            yield Candidate(index, "alone", value, position, 0, len(text))
        elif block.kind == "paragraph":
            yield from _in_text(index, text, position)
        position += len(text.split())


def _in_text(index: int, text: str, position: int) -> Iterator[Candidate]:
    """The numbers in a paragraph that may be page numbers the conversion ran into it."""
    found: dict[int, Candidate] = {}

    def add(where: Where, start: int, end: int) -> None:
        value = int(text[start:end])
        if 1 <= value <= HIGHEST and start not in found:
            words = position + len(text[:start].split())
            at_end = not text[end:].strip()
            found[start] = Candidate(index, where, value, words, start, end, at_end)

    for match in GLUED.finditer(text):
        prefix = text[: match.start()].rsplit(None, 1)[-1]
        if _glued_to_a_word(prefix, at_end=not text[match.end() :].strip()):
            add("glued", match.start(), match.end())
    start = AT_START.match(text)
    if start:
        add("start", start.start(1), start.end(1))
    end = AT_END.search(text)
    if end:
        add("end", end.start(1), end.end(1))
    yield from found.values()


def _glued_to_a_word(prefix: str, *, at_end: bool) -> bool:
    """Whether a number right after ``prefix`` may be a page number glued to a word: the
    prefix is a word of at least three letters (two at the paragraph's end: „im54“), one
    in lower case („Technologie“, not „CO“ or „G“), and no address."""
    letters = sum(1 for char in prefix if char.isalpha())
    return (
        letters >= (2 if at_end else 3)
        and any(char.islower() for char in prefix)
        and bool(GLUE_BEFORE.fullmatch(prefix[-1]))
        and not any(char.isdigit() for char in prefix)
        and not any(mark in prefix for mark in ("/", "@", "\\", "[", "(", "="))
    )


# --- the sequence -------------------------------------------------------------------------


def page_sequence(candidates: Sequence[Candidate]) -> set[int]:
    """The candidates (indexes) that are page numbers: the members of every chain of at least
    :data:`MIN_CHAIN` candidates that rise by one page (or skip up to :data:`MAX_STEP`) at
    intervals of a page of text, longest first; then the candidates that fit between (or
    just before or after) the members, where a short page left less text."""
    remaining = sorted(range(len(candidates)), key=lambda i: (candidates[i].position, i))
    accepted: set[int] = set()
    while True:
        chain = [remaining[k] for k in _longest_chain([candidates[i] for i in remaining])]
        if len(chain) < MIN_CHAIN:
            break
        accepted.update(chain)
        remaining = [i for i in remaining if i not in accepted]
    if not accepted:
        return set()
    accepted |= _fitting(candidates, accepted, remaining)
    return {i for i in accepted if candidates[i].where != "alone"}


def _longest_chain(candidates: Sequence[Candidate]) -> list[int]:
    """The longest chain (indexes into ``candidates``, which are in order of position)."""
    length = [1] * len(candidates)
    back = [-1] * len(candidates)
    widest = MAX_STEP * PAGE_WORDS[1]
    for i, current in enumerate(candidates):
        j = i - 1
        while j >= 0 and current.position - candidates[j].position <= widest:
            if length[j] + 1 > length[i] and _follows(candidates[j], current):
                length[i], back[i] = length[j] + 1, j
            j -= 1
    if not candidates:
        return []
    end = max(range(len(candidates)), key=lambda k: (length[k], -k))
    chain = []
    while end >= 0:
        chain.append(end)
        end = back[end]
    return chain[::-1]


def _follows(before: Candidate, after: Candidate) -> bool:
    """Whether ``after`` can be the page number that follows ``before`` in a chain."""
    step = after.value - before.value
    words = after.position - before.position
    return 1 <= step <= MAX_STEP and step * PAGE_WORDS[0] <= words <= step * PAGE_WORDS[1]


def _fitting(
    candidates: Sequence[Candidate], accepted: set[int], remaining: Sequence[int]
) -> set[int]:
    """Candidates outside the chains that still fit them: between two members by value and
    position, or one page before the first or after the last member of a chain."""
    members = sorted((candidates[i] for i in accepted), key=lambda c: c.position)
    positions = [member.position for member in members]
    fitting: set[int] = set()
    for i in remaining:
        current = candidates[i]
        k = bisect.bisect_left(positions, current.position)
        low = members[k - 1] if k > 0 else None
        high = members[k] if k < len(members) else None
        if _fits(current, low, high):
            fitting.add(i)
    return fitting


def _fits(current: Candidate, low: Candidate | None, high: Candidate | None) -> bool:
    """Whether ``current`` fits between the chain members ``low`` and ``high`` (the nearest
    before and after it), or is the page after ``low`` or before ``high``."""
    if low and high and low.value < current.value < high.value <= low.value + MAX_STEP:
        return True
    if low and current.value == low.value + 1 and _within_a_page(low, current):
        return True
    return bool(high and current.value == high.value - 1 and _within_a_page(current, high))


def _within_a_page(before: Candidate, after: Candidate) -> bool:
    return 0 < after.position - before.position <= PAGE_WORDS[1]


# --- taking them out ----------------------------------------------------------------------


def _take_out(
    block: SourceBlock, found: Sequence[Candidate], findings: Findings, vocabulary: Vocabulary
) -> SourceBlock:
    text = block.text
    edits = []
    for candidate in found:
        line = block.lines[text.count("\n", 0, candidate.start)].number
        number = text[candidate.start : candidate.end]
        if candidate.where == "glued":
            edit, message = _glued(text, candidate, vocabulary)
        elif candidate.where == "start":
            after = len(text[candidate.end :]) - len(text[candidate.end :].lstrip())
            edit = Edit(candidate.start, candidate.end + after, "")
            message = f"page number „{number}“ taken out at the start of the paragraph"
        else:
            before = len(text[: candidate.start]) - len(text[: candidate.start].rstrip())
            edit = Edit(candidate.start - before, len(text), "")
            message = f"page number „{number}“ taken out at the end of the paragraph"
        edits.append(edit)
        findings.drop(Dropped.PAGE_NUMBER, line, number, message)
        findings.count(Count.PAGE_NUMBERS_IN_TEXT)
    return paragraph(edit_lines(block.lines, edits))


def _glued(text: str, candidate: Candidate, vocabulary: Vocabulary) -> tuple[Edit, str]:
    """The edit that takes a glued page number out, and the note that says so."""
    start, end = candidate.start, candidate.end
    word_start = len(text[:start]) - len(text[:start].split()[-1])
    rest = text[end:]
    gap = len(rest) - len(rest.lstrip())
    following = rest.lstrip().split()[0] if rest.strip() else ""
    number = text[start:end]
    before = text[word_start:start]
    shown = f"{before}{number}{' ' if gap else ''}{following}"
    if not following or not following[0].islower():
        edit = Edit(start, end, "")
        result = f"{before} {following}".strip()
    else:
        how = vocabulary.joined(before, following, glued=True)
        if how == "space":
            edit = Edit(start, end, "")
        else:
            cut = start - 1 if how == "word" and before.endswith("-") else start
            edit = Edit(cut, end + gap, "")
        result = join_texts(before, following, how)
    return edit, f"page number „{number}“ taken out of „{shown}“ → „{result}“"
