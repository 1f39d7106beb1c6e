"""German typography and hyphenation, checked in every output (model, HTML, PDF, EPUB)."""

from __future__ import annotations

import functools
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pyphen
import pytest
from conftest import BOOK, EVERYTHING, KOALITIONSVERTRAG, Built, CorpusBook
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publish import model as m
from publish.errors import BookError, SourceLocation
from publish.layout import LayoutMap
from publish.pipeline import BuildRequest, book_timestamp, build
from publish.read.book import load_book
from publish.render.html import render_book_html
from publish.tree import plain_text
from publish.typography import hyphenate, hyphenator_for, typeset
from publish.typography.hyphenation import (
    LEFT,
    PATTERNS,
    RIGHT,
    Exceptions,
    Hyphenator,
    Patterns,
    read_patterns,
)
from publish.validate.typesetting import check_line_breaks
from publish.write import linebreaking

HERE = Path(__file__).resolve().parent / "typography"
MARKS = {"{NBSP}": "\u00a0", "{NNBSP}": "\u202f", "{WJ}": "\u2060", "{SHY}": "\u00ad"}


def _entries(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _decode(text: str) -> str:
    for mark, char in MARKS.items():
        text = text.replace(mark, char)
    return text


PHRASES = [tuple(_decode(part) for part in line.split("\t")) for line in _entries("phrases.txt")]


@pytest.mark.parametrize("entry", _entries("hyphenation.txt"))
def test_breaks_of_tricky_words(entry: str) -> None:
    word = entry.replace("-", "")
    parts = entry.split("-")
    expected = tuple(sum(len(p) for p in parts[:i]) for i in range(1, len(parts)))
    assert Hyphenator().positions(word) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Bürger*innen", "Bür{SHY}ger*innen"),
        ("Expert:innen", "Ex{SHY}pert:innen"),
        ("Bürger_innen", "Bür{SHY}ger_innen"),
        ("SPD-Fraktion", "SPD-{WJ}Fraktion"),
        ("1,5-Grad-Ziel", "1,5-{WJ}Grad-Ziel"),
        ("Landesentwicklungs-Programm", "Landesentwicklungs-Programm"),
        ("https://www.bochum.de/klimaschutz", "https://www.bochum.de/klimaschutz"),
        ("info@gruene-bochum.de", "info@gruene-bochum.de"),
        ("„Koalitionsvertrag“,", "„Ko{SHY}ali{SHY}ti{SHY}ons{SHY}ver{SHY}trag“,"),
        ("2020–2025", "2020–2025"),
    ],
)
def test_hyphenation_rules_for_special_tokens(token: str, expected: str) -> None:
    assert Hyphenator().token(token) == _decode(expected)


def test_exceptions_file_overrides_and_forbids(tmp_path: Path) -> None:
    (tmp_path / "trennungen.txt").write_text(
        "# Ausnahmen\nWattenscheid\nUr-in-stinkt\n", encoding="utf-8"
    )
    hyphenator = hyphenator_for(tmp_path)
    assert hyphenator.positions("Wattenscheid") == ()
    assert hyphenator.positions("Urinstinkt") == (2, 4)


def test_our_pattern_reader_reads_what_pyphen_reads(tmp_path: Path) -> None:
    """read_patterns replaces pyphen 0.18.1's reader of our patterns (for speed): the same
    patterns, the same longest pattern, the same breaks; a file with pyphen's extensions
    (alternatives, ^^ escapes, zero-only patterns) still reads as pyphen reads it."""
    ours, theirs = read_patterns(PATTERNS), pyphen.HyphDict(PATTERNS)
    assert len(ours.patterns) > 30_000
    assert ours.patterns == theirs.patterns
    assert ours.maxlen == theirs.maxlen
    for word in ("Deutschland", "Bürgerinnen", "Klimaschutzkonzept", "Oberbürgermeisterin"):
        assert ours.positions(word) == theirs.positions(word)
    mixed = tmp_path / "hyph_xx.dic"
    mixed.write_text("UTF-8\n% comment\nLEFTHYPHENMIN 2\n1ba\na0b\n.ab3c\n", encoding="utf-8")
    assert read_patterns(mixed).patterns == pyphen.HyphDict(mixed).patterns
    mixed.write_text("UTF-8\n1ba\nc1k/k=k,1,1\n^^e4b1\n", encoding="utf-8")
    assert read_patterns(mixed).patterns == pyphen.HyphDict(mixed).patterns


@functools.cache
def both_readers() -> tuple[Patterns, pyphen.Pyphen]:
    """Our patterns and pyphen's own reading of the same file (not from pyphen's cache)."""
    kept = dict(pyphen.hdcache)  # pyphen would replace the build's patterns there
    theirs = pyphen.Pyphen(filename=PATTERNS, left=LEFT, right=RIGHT, cache=False)
    pyphen.hdcache.clear()
    pyphen.hdcache.update(kept)
    return read_patterns(PATTERNS), theirs


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜİ", max_size=40)
)
def test_our_pattern_lookup_finds_what_pyphen_finds(word: str) -> None:
    """Patterns.breaks (pieces that begin no pattern end the search) gives pyphen's
    breaks, with pyphen's limits at either end, for any word."""
    ours, theirs = both_readers()
    assert isinstance(ours, Patterns)
    assert ours.breaks(word) == tuple(theirs.positions(word))


def test_our_pattern_lookup_on_every_word_of_the_agreements() -> None:
    """The same on every word of book/ and of the corpus (where it is beside the repo)."""
    sources = [*BOOK.rglob("*.md"), *HERE.glob("*.txt")]
    sources += [KOALITIONSVERTRAG] if KOALITIONSVERTRAG.is_file() else []
    text = " ".join(path.read_text(encoding="utf-8") for path in sources)
    words = set(re.findall(r"[^\W\d_]+", text))
    assert len(words) > (10_000 if KOALITIONSVERTRAG.is_file() else 250)
    ours, theirs = both_readers()
    assert [w for w in sorted(words) if ours.breaks(w) != tuple(theirs.positions(w))] == []


def test_exceptions_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "trennungen.txt"
    path.write_text("Gut-es\nnicht gut!\n", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        Exceptions.read(path)
    (problem,) = caught.value.diagnostics
    assert problem.location.line == 2
    assert str(problem).endswith(
        "„nicht gut!“ is not a word – write the word with hyphens at its allowed breaks, "
        "e.g. Wat-ten-scheid"
    )


@pytest.fixture(scope="module")
def phrase_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A book whose chapter holds each phrase of phrases.txt as a paragraph."""
    source = tmp_path_factory.mktemp("phrases") / "book"
    shutil.copytree(EVERYTHING, source)
    body = "\n\n".join(source_text for source_text, _ in PHRASES)
    (source / "kapitel" / "zwei.md").write_text(f"# Zweites Kapitel {{#zwei}}\n\n{body}\n")
    out = source.parent / "out"
    build(BuildRequest(source, out))
    return Built(load_book(source), out / "testbuch.pdf", out / "testbuch.epub")


def _paragraph_texts(book_text: str) -> list[str]:
    return re.findall(r"<p[^>]*>(.*?)</p>", book_text, re.S)


def test_phrases_in_the_model_and_the_print_html(phrase_book: Built) -> None:
    from publish import model as m
    from publish.tree import plain_text

    book = typeset(phrase_book.book)
    paragraphs = [b for b in book.chapters[1].blocks if isinstance(b, m.Paragraph)]
    assert [plain_text(p.children) for p in paragraphs] == [e for _, e in PHRASES]
    html = render_book_html(hyphenate(book, hyphenator_for(book.root)), book_timestamp(book))
    texts = [re.sub(r"<[^>]+>", "", t).replace("\u00ad", "") for t in _paragraph_texts(html)]
    for _, expected in PHRASES:
        assert expected.replace("\u00ad", "") in texts


def test_phrases_in_the_epub(phrase_book: Built) -> None:
    with zipfile.ZipFile(phrase_book.epub) as archive:
        chapter = archive.read("EPUB/kapitel-02.xhtml").decode()
    texts = [re.sub(r"<[^>]+>", "", t) for t in _paragraph_texts(chapter)]
    assert texts == [expected for _, expected in PHRASES]
    assert "\u00ad" not in chapter  # the EPUB leaves hyphenation to the reading system


def test_phrases_in_the_pdf_text(phrase_book: Built) -> None:
    with pdfplumber.open(phrase_book.pdf) as pdf:
        text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    for _, expected in PHRASES:
        visible = " ".join(re.sub("[\u00a0\u202f]", " ", expected.replace("\u2060", "")).split())
        assert visible in text


def test_no_bad_line_breaks_in_the_real_book(real_book: Built) -> None:
    layout = LayoutMap.from_json(real_book.pdf.with_suffix(".layout.json").read_text())
    assert check_line_breaks(layout, hyphenator_for(real_book.book.root)) == []


def test_no_bad_line_breaks_in_the_corpus_and_few_hyphens(corpus: CorpusBook) -> None:
    layout = LayoutMap.from_json(corpus.pdf.with_suffix(".layout.json").read_text())
    assert check_line_breaks(layout, Hyphenator()) == []
    hyphenated = [line.hyphenated for line in layout.lines]
    longest = run = 0
    for broken in hyphenated:
        run = run + 1 if broken else 0
        longest = max(longest, run)
    # The paragraphs set as a whole (publish.write.linebreaking): 15.0 % of the numbered
    # lines end in a word broken by hyphenation (list items and headings included; 18.8 %
    # of the full justified lines end in a hyphen of any kind), never more than two in a
    # row. WeasyPrint's first fit with the former hyphenation zone: 18.6 %, four in a row.
    assert sum(hyphenated) / len(hyphenated) < 0.17
    assert longest <= linebreaking.TUNING.settings.max_hyphens


def test_line_break_check_finds_bad_breaks() -> None:
    from publish.layout import Line

    def line(number: int, text: str, hyphenated: bool = False) -> Line:
        return Line(number, 1, 0.0, 0.0, "k.md:1", 0, text, hyphenated)

    layout = LayoutMap(
        595.0,
        842.0,
        (),
        (
            line(1, "zum Beispiel z.", False),
            line(2, "B. am Anfang und Deut", True),
            line(3, "schland und die Bürger*", False),
            line(4, "innen von nebenan"),
        ),
    )
    messages = [f.message for f in check_line_breaks(layout, Hyphenator())]
    assert messages == [
        "line 1 splits an abbreviation (z. B.): „z. / B.“",
        "line 2 breaks „Deutschland“ as „Deut-schland“, not allowed",
        "line 3 splits a gendered form at its mark: „Bürger* / innen“",
    ]


@pytest.mark.parametrize(
    ("caps", "spoken"),
    [
        ("GRÜNEN", "Grünen"),
        ("SPD", ""),
        ("EU", ""),
        ("NRW", ""),
        ("CDU", ""),
        ("BÜNDNIS\u00a090/\u2060DIE\u00a0GRÜNEN", "Bündnis\u00a090/\u2060Die\u00a0Grünen"),
    ],
)
def test_words_in_capitals_are_read_as_words_or_letters(caps: str, spoken: str) -> None:
    from publish.typography import spoken_form

    assert spoken_form(caps) == spoken


def test_capitals_carry_their_spoken_form_in_the_pdf(real_book: Built) -> None:
    import pikepdf

    from publish.validate.structure import walk

    with pikepdf.open(real_book.pdf) as pdf:
        expansions = {str(e.obj.E) for e in walk(pdf) if "/E" in e.obj}
    assert expansions == {"Grüne", "Grünen"}  # „SPD“ is spelled and needs none


def _typeset_paragraph(source: str, tmp_path: Path) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """A paragraph's inlines after typography, and after hyphenation too."""
    from publish import model as m
    from publish.read.markdown import read_chapter_blocks

    blocks, _, problems = read_chapter_blocks(f"# T\n\n{source}\n", "k.md", tmp_path, 1)
    assert problems == []
    meta = load_book(EVERYTHING).metadata
    output = m.OutputSettings("t")
    book = m.Book(meta, output, (m.Chapter("t", tmp_path / "k.md", tuple(blocks), ()),), tmp_path)
    typeset_book = typeset(book)
    hyphenated = hyphenate(typeset_book, hyphenator_for(tmp_path))
    return typeset_book.chapters[0].blocks[1].children, hyphenated.chapters[0].blocks[1].children


def test_typography_inside_sub_and_superscript_but_no_hyphenation(tmp_path: Path) -> None:
    """The rules apply inside („10^-3^“ gets a minus sign), but no soft hyphen goes into a
    sub- or superscript, and capitals next to one are a formula, not letter-spaced."""
    from publish import model as m

    typeset_run, hyphenated = _typeset_paragraph(
        "Der CO~2~-Preis, 10^-3^ und H~2~SO~4~ und x~Donaudampfschifffahrtsgesellschaft~ "
        "und die SPD^1^ im Koalitionsvertrag.",
        tmp_path,
    )
    assert typeset_run[:4] == (
        m.Text("Der CO"),
        m.Subscript((m.Text("2"),)),
        m.Text("-Preis, 10"),
        m.Superscript((m.Text("−3"),)),
    )
    assert not any(isinstance(i, m.Caps) for i in typeset_run)
    assert m.Subscript((m.Text("Donaudampfschifffahrtsgesellschaft"),)) in hyphenated
    assert "\u00ad" in hyphenated[-1].text  # outside: „Ko-ali-ti-ons-ver-trag“


#: Pieces of text that the rules join or change: numbers, units, months, abbreviations.
TOKENS = [
    "5",
    "10",
    "000",
    "2020",
    "3.",
    "1.–3.",
    " ",
    " ",
    " ",
    "%",
    "€",
    "Mai",
    "Jahre",
    "z.",
    "B.",
    "§",
    "Nr.",
    "S.",
    "-",
    "–",
    '"',
    "'",
    "Bochum",
    "und",
]


@given(
    tokens=st.lists(st.sampled_from(TOKENS), max_size=25),
    emphasis=st.lists(st.booleans(), min_size=25, max_size=25),
)
@settings(max_examples=300, deadline=None)
def test_the_rules_are_the_same_across_emphasis(tokens: list[str], emphasis: list[bool]) -> None:
    """However a run's text is cut into plain and emphasised pieces (as Word's runs cut
    it), its quotes, no-break spaces and dashes come out as for the text in one piece
    (the rules that change the length, „...“ and „--“, work inside a piece)."""
    text = "".join(tokens)
    assume("--" not in text)
    run = tuple(
        m.Emphasis((m.Text(token),)) if emphasised else m.Text(token)
        for token, emphasised in zip(tokens, emphasis, strict=False)
    )
    whole = typeset(_one_paragraph_book((m.Text(text),)))
    cut = typeset(_one_paragraph_book(run))
    assert plain_text(_first_paragraph(cut)) == plain_text(_first_paragraph(whole))


def _one_paragraph_book(run: tuple[m.Inline, ...]) -> m.Book:
    book = _small_book()
    chapter = replace(
        book.chapters[0], blocks=(m.Paragraph(run, SourceLocation("test.md", 1)),), footnotes=()
    )
    return replace(book, chapters=(chapter,))


@functools.cache
def _small_book() -> m.Book:
    return load_book(BOOK)


def _first_paragraph(book: m.Book) -> tuple[m.Inline, ...]:
    paragraph = book.chapters[0].blocks[0]
    assert isinstance(paragraph, m.Paragraph)
    return paragraph.children
