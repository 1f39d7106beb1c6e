"""The language check: passages in another language that have no ``[…]{lang=…}`` mark.

Screen readers speak a passage with the voice of its language only if the passage says which
it is. A book turns this check on with ``checks: {language: true}`` in ``book.yaml``.

The test is a plain one that is right for the prose of an agreement: a sentence is taken
to be in another language when at least three of its words, and more than a quarter of
them, are that language's function words (articles, pronouns, prepositions, conjunctions)
and it has fewer of the book language's own. Words both languages share („in“, „die“,
„so“, „war“) are on neither list. Single foreign words and names („Open Data“) pass;
whole foreign sentences and long phrases do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish import model as m
from publish.errors import Diagnostic
from publish.tree import block_inlines, iter_blocks


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Function words by language; words that two of these languages share are left out.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "de": _words(
        "der das und ist sind mit für von zu den dem des ein eine einen einer nicht auf im "
        "auch sich wir werden wird es als bei nach aus um oder noch wie zum zur über unsere "
        "durch wollen dass diese dieser ihre unser haben sowie"
    ),
    "en": _words(
        "the and of to is are with for that this be by on from which we our you it as at "
        "or not have has can all more than their they these those been were would should "
        "there what when where who how its into about after before between through only "
        "such each other"
    ),
    "fr": _words(
        "le la les et est une pour dans que qui pas avec sur nous vous sont au aux ce cette "
        "mais par leur leurs être"
    ),
}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
#: How many function words, and which share of all words, make a sentence foreign.
MIN_HITS = 3
MIN_SHARE = 0.25


def unmarked_passages(chapter: m.Chapter, book_language: str) -> Iterator[Diagnostic]:
    """A diagnostic for each sentence of ``chapter`` that reads as another language but
    sits outside every language span."""
    own = book_language.split("-")[0].lower()
    for block in [*iter_blocks(chapter.blocks), *iter_blocks(_note_blocks(chapter))]:
        for run in block_inlines(block):
            for sentence in SENTENCE_END.split(_own_language_text(run)):
                language = foreign_language(sentence, own)
                if language:
                    yield _diagnostic(block, sentence, language)


def foreign_language(sentence: str, own: str) -> str | None:
    """The code of the language ``sentence`` reads as, if it is not ``own``."""
    words = [w.lower() for w in WORD.findall(sentence)]
    if not words:
        return None
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(hits, key=lambda lang: hits[lang])
    if best == own or hits[best] < MIN_HITS or hits[best] <= MIN_SHARE * len(words):
        return None
    return best if hits[best] > hits.get(own, 0) else None


def _note_blocks(chapter: m.Chapter) -> tuple[m.Block, ...]:
    return tuple(block for note in chapter.footnotes for block in note.blocks)


def _own_language_text(inlines: tuple[m.Inline, ...]) -> str:
    """The run's text with every language span (already marked) left out."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, m.Text | m.Caps):
            parts.append(inline.text)
        elif isinstance(inline, m.LineBreak):
            parts.append(" ")
        elif isinstance(inline, m.LangSpan):
            parts.append(" … ")
        elif isinstance(inline, m.Emphasis | m.Strong | m.Script | m.Link):
            parts.append(_own_language_text(inline.children))
    return "".join(parts)


def _diagnostic(block: m.Block, sentence: str, language: str) -> Diagnostic:
    words = sentence.split()
    quoted = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    name = LANGUAGE_NAMES.get(language, language)
    return Diagnostic(
        block.location,
        f"„{quoted}“ reads as {name} but has no language mark",
        f"mark the passage as [text]{{lang={language}}}, so that screen readers speak it in {name}",
    )
