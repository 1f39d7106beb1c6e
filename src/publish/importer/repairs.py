"""Repairs of the debris that a PDF conversion leaves in a text, on the body's blocks.

Each pass is conservative and acts on evidence only, because a wrong repair garbles a
correct text; each repair is a note with its source line, and counted:

1. runs of spaces inside text become one space (not the indentation or list markers that
   carry Markdown's meaning, not code, not the two spaces of a hard line break);
2. page numbers: alone in a paragraph, or run into the text where the document's running
   sequence of page numbers is the evidence (:mod:`publish.importer.page_numbers`);
3. running heads: a short line repeated word for word at page intervals, on most pages;
4. headings that are sentences or paragraphs („### Wir werden … fördern.“) become paragraphs;
5. paragraphs cut at a page break are joined: the first ends without a sentence's final
   punctuation, and the next begins in lower case, or the first ends with a word that never
   ends a sentence, or a page number or running head stood between them.

Passes 2 and 3 run on sources converted from pages (:attr:`Repairs.pages`); a Word file has
its page numbers and running heads in its headers and footers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace

from publish.importer.blocks import HEADING_ATTRIBUTES, SourceBlock, paragraph
from publish.importer.chapters import BULLET, BULLET_CHARS
from publish.importer.fragments import Edit, Vocabulary, edit_lines, excerpt, join_texts
from publish.importer.inline import code_spans
from publish.importer.lines import Line, escape_line_start
from publish.importer.metadata import plain_text
from publish.importer.page_numbers import remove_page_numbers
from publish.importer.report import Count, Dropped, Findings

#: Two or more spaces, or a tab, between two characters of text.
RUN_OF_SPACES = re.compile(r"(?<=\S)(?: {2,}|[ \t]*\t[ \t]*)(?=\S)")
#: The start of a line that carries Markdown's meaning: indentation, quote and list markers.
LINE_PREFIX = re.compile(
    rf"^\s*(?:>\s*)*(?:(?:[-+*]|\d{{1,9}}[.)]|#{{1,6}}|[{re.escape(BULLET_CHARS)}])(?=\s))?\s*"
)

#: A running head: at most this many words, repeated at least this often …
RUNNING_HEAD_WORDS = 12
RUNNING_HEAD_REPEATS = 3
#: … and at least once in this many words of the document (on most pages) …
RUNNING_HEAD_EVERY = 2000
#: … with this many words between two of its occurrences, at least and at most (for most
#: of them; the middle gap at most a few pages).
RUNNING_HEAD_GAP = (80, 3000)
RUNNING_HEAD_MEDIAN = 1500

#: A heading of this many words is a paragraph.
PARAGRAPH_WORDS = 20
#: A heading that is one sentence of this many words is a paragraph.
SENTENCE_WORDS = 15
#: Shorter sentences are paragraphs in a run, or where many headings are sentences: at least
#: this many words, …
SHORT_SENTENCE_WORDS = 6
#: … and at least this many such headings, and this share of all headings.
MANY_SENTENCES = (5, 0.2)
SENTENCE_END = re.compile(r"(?<![.…])[.!?][“”\"'’»)]*$")
SENTENCE_BREAK = re.compile(r"[a-zäöüß]{2,}[.!?][“”\"'’»)]* +[A-ZÄÖÜ„\"]")

#: How a sentence ends: . ! ? : ; or …, before closing quotes and brackets.
FINAL_PUNCTUATION = re.compile(r"[.!?:;…][“”\"'’»«)\]]*$")
#: A paragraph that a page break cut has at least this many words before the cut (a line):
#: the short lines of a title page („Koalitionsvertrag“ / „zwischen“) are not cut text.
CUT_WORDS = 8
#: Words that never end a sentence: a paragraph that ends with one goes on in the next.
OPEN_ENDS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
    "eines", "und", "oder", "sowie", "bzw", "für", "mit", "von", "vom", "zu", "zur", "zum",
    "im", "in", "ins", "auf", "an", "am", "bei", "beim", "nach", "aus", "über", "unter",
    "durch", "gegen", "ohne", "um", "vor", "zwischen", "als", "wie", "dass", "ob", "weil",
    "wenn", "damit", "sondern", "unsere", "unseren", "unserer", "unserem", "ihre", "ihren",
    "ihrer", "ihrem", "seine", "seinen", "seiner", "seinem",
})  # fmt: skip
#: A paragraph that is emphasized as a whole (a heading written as bold text).
EMPHASIZED = re.compile(r"(\*\*|__|\*|_)\S.*\S\1", re.DOTALL)
HARD_BREAK = re.compile(r"(\\| {2,})$")
#: What may end a paragraph's text after its last word: markup, a footnote call, a hard break.
TRAILING_MARKUP = re.compile(r"(?:[*_]+|\[\^[^\]\s]+\]|\\)+$")


@dataclass(frozen=True)
class Repairs:
    """Which passes apply: :attr:`pages` for a source that was converted from pages."""

    pages: bool = True


def repair_blocks(
    blocks: Sequence[SourceBlock], findings: Findings, repairs: Repairs = Repairs()
) -> tuple[SourceBlock, ...]:
    """Every pass in order, each seeing the text the one before left."""
    current = [_collapse_spaces(block, findings) for block in blocks]
    vocabulary = Vocabulary([block.text for block in current])
    breaks: set[int] = set()
    if repairs.pages:
        current = remove_page_numbers(current, findings, vocabulary, breaks)
        current = drop_running_heads(current, findings, breaks)
    current = unmark_pseudo_headings(current, findings)
    current = join_cut_paragraphs(current, findings, vocabulary, breaks)
    return tuple(current)


# --- 1. runs of spaces --------------------------------------------------------------------


def _collapse_spaces(block: SourceBlock, findings: Findings) -> SourceBlock:
    """Runs of spaces in the block's text (its headings and paragraphs) → one space."""
    if block.kind == "heading":
        heading = _collapse_in(block.lines, findings)
        if heading == block.lines:
            return block
        return replace(block, lines=heading, content=RUN_OF_SPACES.sub(" ", block.content))
    spans = [span for span in block.spans if span.kind == "inline"]
    if not spans:
        return block
    lines: list[Line] = list(block.lines)
    for span in spans:
        lines[span.start : span.end] = _collapse_in(lines[span.start : span.end], findings)
    return replace(block, lines=tuple(lines)) if tuple(lines) != block.lines else block


def _collapse_in(lines: Sequence[Line], findings: Findings) -> tuple[Line, ...]:
    text = "\n".join(line.text for line in lines)
    if not RUN_OF_SPACES.search(text):
        return tuple(lines)
    code = code_spans(text)
    edits: list[Edit] = []
    runs: dict[int, int] = {}
    offset = 0
    for line in lines:
        prefix = LINE_PREFIX.match(line.text)
        skip = prefix.end() if prefix else 0
        for match in RUN_OF_SPACES.finditer(line.text, skip):
            start, end = offset + match.start(), offset + match.end()
            if any(left <= start < right for left, right in code):
                continue
            edits.append(Edit(start, end, " "))
            runs[line.number] = runs.get(line.number, 0) + 1
        offset += len(line.text) + 1
    for number, count in runs.items():
        findings.count(Count.SPACES, count)
        what = "a run of spaces" if count == 1 else f"{count} runs of spaces"
        findings.note(number, f"{what} collapsed to one space")
    return edit_lines(lines, edits) if edits else tuple(lines)


# --- 3. running heads ---------------------------------------------------------------------


def drop_running_heads(
    blocks: Sequence[SourceBlock], findings: Findings, breaks: set[int]
) -> list[SourceBlock]:
    """Paragraphs of one short line that repeat, word for word, at intervals of a page or a
    few pages through the document, on most of its pages (at least once in
    :data:`RUNNING_HEAD_EVERY` words): the running heads (or feet) of the source's pages.
    ``breaks`` gets the first line of each block after one (it follows a page break)."""
    occurrences: dict[str, list[tuple[int, int]]] = {}
    position = 0
    for index, block in enumerate(blocks):
        key = _running_head_key(block)
        if key:
            occurrences.setdefault(key, []).append((index, position))
        position += len(block.text.split())
    least = max(RUNNING_HEAD_REPEATS, position // RUNNING_HEAD_EVERY)
    dropped: dict[int, tuple[str, int]] = {}
    for key, found in occurrences.items():
        if len(found) >= least and _page_intervals([at for _, at in found]):
            dropped.update((index, (key, len(found))) for index, _ in found)
    kept = []
    after_break = False
    for index, block in enumerate(blocks):
        if index not in dropped:
            if after_break:
                breaks.add(block.line)
            kept.append(block)
            after_break = False
            continue
        after_break = True
        text, repeats = dropped[index]
        findings.drop(
            Dropped.RUNNING_HEAD,
            block.line,
            block.text,
            f"running head „{text}“ dropped (it repeats {repeats} times, a page or more apart)",
        )
        findings.count(Count.RUNNING_HEADS)
    return kept


def _page_intervals(positions: Sequence[int]) -> bool:
    """Whether ``positions`` (in words) follow each other at intervals of a page or a few:
    most gaps between the page's least and a few pages' words, the middle one a page's."""
    gaps = sorted(b - a for a, b in zip(positions, positions[1:], strict=False))
    low, high = RUNNING_HEAD_GAP
    within = sum(1 for gap in gaps if low <= gap <= high)
    median = gaps[len(gaps) // 2]
    return within >= 0.8 * len(gaps) and low <= median <= RUNNING_HEAD_MEDIAN


def _running_head_key(block: SourceBlock) -> str:
    """The text by which a paragraph may be a running head, or "" if it cannot be one."""
    if block.kind != "paragraph" or len(block.lines) > 2 or BULLET.match(block.text):
        return ""
    if len(block.text.split()) > RUNNING_HEAD_WORDS:
        return ""
    text = plain_text(block.text)
    words = text.split()
    if not words or len(words) > RUNNING_HEAD_WORDS or not any(c.isalpha() for c in text):
        return ""
    return "" if text[-1] in ".:;,!?" else text


# --- 4. headings that are paragraphs ------------------------------------------------------


def unmark_pseudo_headings(blocks: Sequence[SourceBlock], findings: Findings) -> list[SourceBlock]:
    """Headings that are paragraphs (long) or sentences (in a run, or where many headings of
    the document are sentences) become paragraphs."""
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    sentences = {i for i in headings if _is_sentence(blocks[i])}
    many = len(sentences) >= MANY_SENTENCES[0] and len(sentences) >= MANY_SENTENCES[1] * len(
        headings
    )
    out = list(blocks)
    for index in headings:
        block = blocks[index]
        if HEADING_ATTRIBUTES.search(block.content):
            continue  # an id or a class: marked as a heading on purpose
        why = _paragraph_reason(block, index, sentences, many, len(headings))
        if not why:
            continue
        title = block.title
        findings.note(
            block.line, f"heading „{excerpt(title)}“ reads as a paragraph ({why}) – made one"
        )
        findings.count(Count.PSEUDO_HEADINGS)
        text = escape_line_start(block.content.strip())
        out[index] = paragraph([Line(block.line, text)])
    return out


def _is_sentence(block: SourceBlock) -> bool:
    title = block.title
    return len(title.split()) >= SHORT_SENTENCE_WORDS and bool(SENTENCE_END.search(title))


def _paragraph_reason(
    block: SourceBlock, index: int, sentences: set[int], many: bool, headings: int
) -> str:
    """Why the heading is a paragraph, or "" if it is a heading."""
    title = block.title
    words = len(title.split())
    if words >= PARAGRAPH_WORDS:
        return f"{words} words"
    if index not in sentences:
        return ""
    count = len(SENTENCE_BREAK.findall(title)) + 1
    if count > 1:
        return f"{count} sentences"
    if words >= SENTENCE_WORDS:
        return f"a sentence of {words} words"
    if index - 1 in sentences or index + 1 in sentences:
        return "one of several sentences marked as headings in a row"
    if many:
        return f"{len(sentences)} of the {headings} headings are sentences"
    return ""


# --- 5. paragraphs cut at a page break ----------------------------------------------------


def join_cut_paragraphs(
    blocks: Sequence[SourceBlock],
    findings: Findings,
    vocabulary: Vocabulary,
    breaks: Set[int] = frozenset(),
) -> list[SourceBlock]:
    """A paragraph (of a line at least) that ends without a sentence's final punctuation is
    one with the next if that begins with a lower-case letter, or if the first ends with a
    word that never ends a sentence („für die“), or if a page number or running head stood
    between them (``breaks``: the first lines of blocks that follow a page break) and the
    first is no heading set as bold text."""
    out: list[SourceBlock] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is None or not _continues(previous, block, block.line in breaks):
            out.append(block)
            continue
        out[-1] = _joined(previous, block, vocabulary)
        tail = excerpt(_text_end(previous), 30, tail=True)
        head = excerpt(block.text, 30)
        findings.note(
            block.line,
            f"paragraph joined to the one before, which a page break cut: „{tail}“ + „{head}“",
        )
        findings.count(Count.PARAGRAPHS_JOINED)
    return out


def _continues(before: SourceBlock, block: SourceBlock, after_break: bool) -> bool:
    if before.kind != "paragraph" or block.kind != "paragraph":
        return False
    end = _text_end(before)
    if not end or FINAL_PUNCTUATION.search(end) or len(end.split()) < CUT_WORDS:
        return False
    if BULLET.match(block.text) or before.text.lstrip().startswith("!["):
        return False
    if _has_hard_breaks(before) or _has_hard_breaks(block):
        return False
    start = block.text.lstrip().lstrip("*_")
    if start[:1].islower() or end.split()[-1].lower() in OPEN_ENDS:
        return True
    return after_break and not EMPHASIZED.fullmatch(BULLET.sub("", before.text.strip()))


def _has_hard_breaks(block: SourceBlock) -> bool:
    """Whether the paragraph is set line by line (a line block, an address, a table's row):
    no running text that a page break could cut."""
    return any(HARD_BREAK.search(line.text) for line in block.lines[:-1])


def _text_end(block: SourceBlock) -> str:
    """A paragraph's text without what may follow its last word (markup, a footnote call)."""
    return TRAILING_MARKUP.sub("", block.text.rstrip()).rstrip()


def _joined(before: SourceBlock, block: SourceBlock, vocabulary: Vocabulary) -> SourceBlock:
    """The two paragraphs as one: a word that the cut split at its hyphen is joined as the
    document writes it (see :meth:`Vocabulary.joined`), else the lines follow each other
    (without a hyphen, nothing shows that the cut split a word)."""
    last, first = before.lines[-1], block.lines[0]
    last_text = last.text.rstrip().removesuffix("\\").rstrip()
    first_text = first.text.lstrip()
    lines = list(before.lines[:-1])
    if last_text.endswith("-") and last_text[-2:-1].isalpha():
        how = vocabulary.joined(last_text, first_text, glued=False)
        if how != "space":
            merged = join_texts(last_text, first_text, how)
            return paragraph([*lines, Line(last.number, merged), *block.lines[1:]])
    return paragraph([*lines, Line(last.number, last_text), *block.lines])
