"""Repairs of a PDF conversion's debris on import (publish.importer.repairs): each repair on a
small source (exact text, exact notes), none on the clean corpus, and debris put into real
text (corpus paragraphs, generated pages, the whole corpus) repaired to the clean text."""

from __future__ import annotations

import difflib
import random
import re
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from debris import (
    RUNNING_HEAD,
    Block,
    Layout,
    PageBreak,
    corpus_blocks,
    make_debris,
    markdown,
    paginate,
    prose_paragraphs,
    pseudo_headings,
)
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from test_import_markdown import corpus_body, run_import, text_notes

from publish.importer import Count, Dropped, ImportReport, import_markdown
from publish.importer.page_numbers import MIN_CHAIN
from publish.importer.report import CHECK_BOOK_YAML
from publish.read.config import load_config

#: The counts of the repairs: none of them may happen on clean text.
REPAIRS = (
    Count.SYMBOLS,
    Count.PRIVATE_USE,
    Count.PAGE_NUMBERS_IN_TEXT,
    Count.RUNNING_HEADS,
    Count.PARAGRAPHS_JOINED,
    Count.PSEUDO_HEADINGS,
    Count.SPACES,
    Count.STRIKEOUT,
)
SENTENCES = (
    "Wir stärken den sozialen Zusammenhalt in unserem Land.",
    "Die Kommunen erhalten mehr Mittel für Schulen und Kitas.",
    "Gemeinsam mit den Ländern bauen wir die Netze schneller aus.",
    "Gute Arbeit braucht faire Löhne und sichere Verträge.",
    "Wir fördern Forschung, die den Menschen im Alltag hilft.",
    "Der Ausbau der erneuerbaren Energien hat für uns Vorrang.",
)


#: The two spaces at a line's end that make a hard line break.
HARD = "  "


def filler(words: int) -> str:
    """Whole sentences of plain text, at least ``words`` words: about a page's worth."""
    out: list[str] = []
    while sum(len(sentence.split()) for sentence in out) < words:
        out.append(SENTENCES[len(out) % len(SENTENCES)])
    return " ".join(out)


# --- each repair, exactly -------------------------------------------------------------------


def test_page_numbers_are_taken_out_where_their_sequence_shows_them(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        f"""
        # Rohstoffe

        {filler(300)} Wir sichern die Technologie54 rohstoffe der Zukunft.

        {filler(300)} Das dient dem Klimaschutz55 Wir handeln jetzt.

        {filler(280)} Das gilt für die

        56

        Bürgerinnen und Bürger. {filler(280)} Bis 2030 werden 54 Schulen saniert. 57

        58 Wir bauen weiter. {filler(300)}
        """,
    )
    text = imported.chapters["kapitel/01-rohstoffe.md"]
    assert "Wir sichern die Technologierohstoffe der Zukunft." in text
    assert "Das dient dem Klimaschutz Wir handeln jetzt." in text
    assert "Das gilt für die\nBürgerinnen und Bürger." in text
    assert "Bis 2030 werden 54 Schulen saniert.\n\nWir bauen weiter." in text
    assert not re.search(r"5[5-8]", text)
    assert text_notes(imported.report) == [
        "3: page number „54“ taken out of „Technologie54 rohstoffe“ → „Technologierohstoffe“",
        "5: page number „55“ taken out of „Klimaschutz55 Wir“ → „Klimaschutz Wir“",
        "9: page number „56“ dropped",
        "11: page number „57“ taken out at the end of the paragraph",
        "11: paragraph joined to the one before, which a page break cut: "
        "„…und Kitas. Das gilt für die“ + „Bürgerinnen und Bürger. Wir…“",
        "13: page number „58“ taken out at the start of the paragraph",
    ]
    dropped = [(d.kind, d.line, d.text) for d in imported.report.dropped]
    assert dropped == [
        (Dropped.PAGE_NUMBER, n, str(v))
        for n, v in zip((3, 5, 9, 11, 13), range(54, 59), strict=True)
    ]
    assert imported.report.count(Count.PAGE_NUMBERS_IN_TEXT) == 4
    assert imported.report.count(Count.PARAGRAPHS_JOINED) == 1


def test_a_sequence_bridges_missing_and_short_pages(tmp_path: Path) -> None:
    """Page 11 shows no number, page 13 is short (a chapter's end): 10, 12, 13 and 14 are
    still taken out."""
    imported = run_import(
        tmp_path,
        f"""
        # Lücken

        {filler(300)} Das betrifft die Bildung10 der Kinder.

        {filler(600)} Das betrifft die Pflege12 der Eltern.

        {filler(40)} Das betrifft die Wirtschaft. 13

        {filler(300)} Das betrifft die Bahn14 im Land.
        """,
    )
    text = imported.chapters["kapitel/01-luecken.md"]
    assert not re.search(r"1[0-4]", text)
    assert [(d.line, d.text) for d in imported.report.dropped] == [
        (3, "10"),
        (5, "12"),
        (7, "13"),
        (9, "14"),
    ]


def test_numbers_that_fit_no_sequence_stay(tmp_path: Path) -> None:
    """Numbers where page numbers could be, but no running sequence at page intervals: a
    year, numbers too close together, a lone one, a chemical formula."""
    source = f"""
        # Zahlen

        Bis 2030 werden 54 Schulen saniert, im Jahr 2031 folgen weitere.

        Wir setzen auf Stufe1 und dann auf Stufe2 und zuletzt auf Stufe3 im Plan.

        {filler(200)} Das gilt seit Artikel 12

        13 Länder machen mit. {filler(200)} Der Ausstoß von CO2 sinkt. Paragraph 14

        Wir fördern Covid19 Forschung.
        """
    imported = run_import(tmp_path, source)
    expected = textwrap.dedent(source).lstrip("\n").replace("\n        ", "\n")
    assert imported.chapters["kapitel/01-zahlen.md"] == expected
    assert text_notes(imported.report) == []


def test_numbered_paragraphs_are_no_page_numbers(tmp_path: Path) -> None:
    """Paragraphs that begin with 1, 2, 3 … one after the other, each about a page long."""
    source = "\n\n".join(f"{n} Der Absatz. {filler(300)}" for n in range(1, 6))
    imported = run_import(tmp_path, f"# Absätze\n\n{source}\n")
    text = imported.chapters["kapitel/01-absaetze.md"]
    assert [line[:13] for line in text.split("\n\n")[1:]] == [
        f"{n} Der Absatz." for n in range(1, 6)
    ]
    assert text_notes(imported.report) == []


def test_paragraphs_cut_at_a_page_break_are_joined(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        f"""
        # Schnitte

        Wir wollen die Förderung der Vereine und Verbände weiter ausbauen,

        damit das Ehrenamt gestärkt wird.

        Die Technologie hilft uns bei der Entwicklung neuer Energie-

        speicher für das ganze Land.

        Wir stärken die Länder in ihrer Arbeit und die Bundes-

        und Landesmittel werden gebündelt.

        Wir sanieren Schulen und Sporthallen in allen Kommunen für die

        Bürgerinnen und Bürger vor Ort.

        {filler(250)} Die Mittel fließen in den Ausbau der Radwege und der

        {RUNNING_HEAD}

        Fußwege in den Städten.

        {filler(250)}

        {RUNNING_HEAD}

        {filler(250)}

        {RUNNING_HEAD}

        Alles weitere regeln wir gemeinsam.
        """,
    )
    assert imported.chapters["kapitel/01-schnitte.md"] == textwrap.dedent(
        f"""\
        # Schnitte

        Wir wollen die Förderung der Vereine und Verbände weiter ausbauen,
        damit das Ehrenamt gestärkt wird.

        Die Technologie hilft uns bei der Entwicklung neuer Energiespeicher für das ganze Land.

        Wir stärken die Länder in ihrer Arbeit und die Bundes-
        und Landesmittel werden gebündelt.

        Wir sanieren Schulen und Sporthallen in allen Kommunen für die
        Bürgerinnen und Bürger vor Ort.

        {filler(250)} Die Mittel fließen in den Ausbau der Radwege und der
        Fußwege in den Städten.

        {filler(250)}

        {filler(250)}

        Alles weitere regeln wir gemeinsam.
        """
    )
    cut = "paragraph joined to the one before, which a page break cut:"
    head = f"running head „{RUNNING_HEAD}“ dropped (it repeats 3 times, a page or more apart)"
    assert text_notes(imported.report) == [
        f"5: {cut} „…Verbände weiter ausbauen,“ + „damit das Ehrenamt gestärkt…“",
        f"9: {cut} „…Entwicklung neuer Energie-“ + „speicher für das ganze Land.“",
        f"13: {cut} „…ihrer Arbeit und die Bundes-“ + „und Landesmittel werden…“",
        f"17: {cut} „…in allen Kommunen für die“ + „Bürgerinnen und Bürger vor…“",
        f"21: {head}",
        f"23: {cut} „…Ausbau der Radwege und der“ + „Fußwege in den Städten.“",
        f"27: {head}",
        f"31: {head}",
    ]
    assert imported.report.count(Count.PARAGRAPHS_JOINED) == 5
    assert imported.report.dropped_count(Dropped.RUNNING_HEAD) == 3


def test_text_that_a_page_break_did_not_cut_stays_apart(tmp_path: Path) -> None:
    """A sentence's end, a colon before a list, a heading, a list item, a table, short lines
    of a title, lines with hard breaks, emphasis as a heading, a capital after a noun."""
    source = """
        % Ganz

        # Ganz

        Koalitionsvertrag

        zwischen

        Wir wollen mehr Geld für die Schulen und die Hochschulen:

        - mehr Lehrkräfte an allen Schulen im ganzen Land und in den Städten

        und mehr Personal in den Verwaltungen.

        ## Wir fördern die Kultur in allen Regionen des ganzen Landes ohne Ende

        in Stadt und Land.

        | Jahr | Mittel für die Kultur in allen Städten und Gemeinden des Landes |
        |------|-----|
        | 2020 | viel |

        und so weiter im Text.

        Musterstraße 5\\
        in der Stadt Bochum und in der Region Ruhrgebiet mit allen Städten

        im Ruhrgebiet.

        **Förderung der Kultur in allen Regionen des ganzen Landes und der Städte**

        Wir fördern die Kultur in allen Regionen des ganzen Landes und der Städte

        Bürgerinnen und Bürger profitieren davon.
        """
    imported = run_import(tmp_path, source)
    expected = textwrap.dedent(source).lstrip("\n").removeprefix("% Ganz\n\n")
    assert imported.chapters["kapitel/01-ganz.md"] == expected
    assert text_notes(imported.report) == []


def test_headings_that_are_paragraphs_become_paragraphs(tmp_path: Path) -> None:
    """A heading of 20 words or more, of two sentences, or one sentence of 15 words is a
    paragraph; the corpus's long heading that ends with a full stop stays a heading."""
    long = filler(20)
    imported = run_import(
        tmp_path,
        f"""
        % Überschriften

        # Kapitel

        ### {long}

        Text.

        ## Tierschutz, Tierwohllabel und Nutztierhaltung — Deutschland soll beim Tierschutz eine Spitzenposition einnehmen.

        Text.

        ### Wir stärken die Kommunen. Sie erhalten mehr Geld für Schulen.

        Text.

        ### Die Kommunen erhalten in den nächsten Jahren mehr Mittel für Schulen, Kitas, Sporthallen, Bäder und Bibliotheken.

        Text.
        """,  # noqa: E501
    )
    assert imported.chapters["kapitel/01-kapitel.md"] == textwrap.dedent(
        f"""\
        # Kapitel

        {long}

        Text.

        ## Tierschutz, Tierwohllabel und Nutztierhaltung — Deutschland soll beim Tierschutz eine Spitzenposition einnehmen.

        Text.

        Wir stärken die Kommunen. Sie erhalten mehr Geld für Schulen.

        Text.

        Die Kommunen erhalten in den nächsten Jahren mehr Mittel für Schulen, Kitas, Sporthallen, Bäder und Bibliotheken.

        Text.
        """  # noqa: E501
    )
    made = "reads as a paragraph"
    assert text_notes(imported.report) == [
        f"5: heading „Wir stärken den sozialen Zusammenhalt in unserem…“ {made} (27 words) "
        "– made one",
        f"13: heading „Wir stärken die Kommunen. Sie erhalten mehr Geld…“ {made} (2 sentences) "
        "– made one",
        "17: heading „Die Kommunen erhalten in den nächsten Jahren…“ "
        f"{made} (a sentence of 16 words) – made one",
    ]
    assert imported.report.count(Count.PSEUDO_HEADINGS) == 3


def test_sentences_marked_as_headings_in_a_row_become_paragraphs(tmp_path: Path) -> None:
    """Two sentences marked as headings one after the other are paragraphs; a sentence alone
    stays a heading, and so does a long heading with an id (marked on purpose)."""
    imported = run_import(
        tmp_path,
        """
        % Überschriften

        # Kapitel

        ### Wir werden die Förderung der Vereine weiter ausbauen.

        ### Gute Arbeit braucht faire Löhne und sichere Verträge.

        Text.

        ### Keine Toleranz bei Wirtschaftskriminalität, Einbruchdiebstahl und organisierter Kriminalität.

        Text.

        ### Ein sehr langer Titel mit einer Marke, die ihn mit Absicht zur Überschrift macht, auch wenn er lang ist {#lang}

        Text.
        """,  # noqa: E501
    )
    assert imported.chapters["kapitel/01-kapitel.md"] == textwrap.dedent(
        """\
        # Kapitel

        Wir werden die Förderung der Vereine weiter ausbauen.

        Gute Arbeit braucht faire Löhne und sichere Verträge.

        Text.

        ## Keine Toleranz bei Wirtschaftskriminalität, Einbruchdiebstahl und organisierter Kriminalität.

        Text.

        ## Ein sehr langer Titel mit einer Marke, die ihn mit Absicht zur Überschrift macht, auch wenn er lang ist {#lang}

        Text.
        """  # noqa: E501
    )
    run = "reads as a paragraph (one of several sentences marked as headings in a row)"
    assert text_notes(imported.report) == [
        f"5: heading „Wir werden die Förderung der Vereine weiter…“ {run} – made one",
        f"7: heading „Gute Arbeit braucht faire Löhne und sichere…“ {run} – made one",
        "11: heading level skips from 1 to 3: „Keine Toleranz bei Wirtschaftskriminalität, "
        "Einbruchdiebstahl und organisierter Kriminalität.“ is now level 2",
        "15: heading level skips from 1 to 3: „Ein sehr langer Titel mit einer Marke, die ihn mit "
        "Absicht zur Überschrift macht, auch wenn er lang ist“ is now level 2",
    ]


def test_many_sentences_marked_as_headings_are_paragraphs(tmp_path: Path) -> None:
    sections = "\n\n".join(f"### {sentence}\n\nText {i}." for i, sentence in enumerate(SENTENCES))
    imported = run_import(
        tmp_path, f"% Sätze\n\n# Kapitel\n\n### Echte Überschrift\n\n{sections}\n"
    )
    text = imported.chapters["kapitel/01-kapitel.md"]
    assert re.findall(r"(?m)^#+ .*", text) == ["# Kapitel", "## Echte Überschrift"]
    assert all(f"\n\n{sentence}\n\nText" in text for sentence in SENTENCES)
    notes = text_notes(imported.report)
    assert len(notes) == 7  # the six sentences, and „Echte Überschrift“ renumbered
    assert notes[1] == (
        "7: heading „Wir stärken den sozialen Zusammenhalt in unserem…“ reads as a paragraph "
        "(6 of the 8 headings are sentences) – made one"
    )


def test_runs_of_spaces_are_collapsed_where_they_carry_no_meaning(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        f"""
        # Zwei  Leerzeichen

        Ein  Satz mit\tTab und   drei Leerzeichen.  Zwei nach dem Punkt.

        Hart umbrochen{HARD}
        und `code  bleibt` so.

        1.  Erster Punkt  mit Text
            und Fortsetzung.

        -   Zweiter  Punkt

        | Spalte  eins | zwei |
        |---|---|
        | a  b | c |
        """,
    )
    assert imported.chapters["kapitel/01-zwei-leerzeichen.md"] == textwrap.dedent(
        f"""\
        # Zwei Leerzeichen

        Ein Satz mit Tab und drei Leerzeichen. Zwei nach dem Punkt.

        Hart umbrochen{HARD}
        und `code  bleibt` so.

        1.  Erster Punkt mit Text
            und Fortsetzung.

        -   Zweiter Punkt

        | Spalte  eins | zwei |
        |---|---|
        | a  b | c |
        """
    )
    assert text_notes(imported.report) == [
        "1: a run of spaces collapsed to one space",
        "3: 4 runs of spaces collapsed to one space",
        "8: a run of spaces collapsed to one space",
        "11: a run of spaces collapsed to one space",
    ]
    assert imported.report.count(Count.SPACES) == 7


def test_symbol_font_characters_are_read_and_other_private_use_removed(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Zeichen

        Wir\uf020wollen:

        \uf0b7\tBildung für alle

        \uf0a7 Klimaschutz \uf0e8 jetzt \uf0fc

        Liste in einem Absatz:
        \uf0d8 erstens
        \uf0d8 zweitens

        Marken\ue000 des\ue003 Importers\ue010 und \U000f0001privat\uf8ff.
        """,
    )
    assert imported.chapters["kapitel/01-zeichen.md"] == textwrap.dedent(
        """\
        # Zeichen

        Wir wollen:

        - Bildung für alle

        - Klimaschutz ➔ jetzt ✓

        Liste in einem Absatz:

        - erstens
        - zweitens

        Marken des Importers und privat.
        """
    )
    assert text_notes(imported.report) == [
        "3: symbol-font characters read as their meaning: U+F020 → „ “ (SPACE)",
        "5: symbol-font characters read as their meaning: U+F0B7 → „•“ (BULLET)",
        "7: symbol-font characters read as their meaning: U+F0A7 → „▪“ (BLACK SMALL SQUARE), "
        "U+F0E8 → „➔“ (HEAVY WIDE-HEADED RIGHTWARDS ARROW), U+F0FC → „✓“ (CHECK MARK)",
        "10: symbol-font characters read as their meaning: U+F0D8 → „➢“ "
        "(THREE-D TOP-LIGHTED RIGHTWARDS ARROWHEAD)",
        "11: symbol-font characters read as their meaning: U+F0D8 → „➢“ "
        "(THREE-D TOP-LIGHTED RIGHTWARDS ARROWHEAD)",
        "13: private-use characters removed (no meaning known): U+E000, U+E003, U+E010, "
        "U+F0001, U+F8FF – type the character itself, or describe it in words",
    ]
    assert imported.report.count(Count.SYMBOLS) == 7
    assert imported.report.count(Count.PRIVATE_USE) == 5
    assert imported.report.count(Count.BULLETS) == 4


def test_private_use_characters_leave_the_title_block_too(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path, '---\ntitle: "Klima \uf0e8 Zukunft\ue000"\n---\n\n# Eins\n\nText.\n'
    )
    assert load_config(imported.book / "book.yaml").metadata.title == "Klima ➔ Zukunft"
    assert text_notes(imported.report) == [
        "2: symbol-font characters read as their meaning: U+F0E8 → „➔“ "
        "(HEAVY WIDE-HEADED RIGHTWARDS ARROW)",
        "2: private-use characters removed (no meaning known): U+E000 – type the character "
        "itself, or describe it in words",
    ]


# --- the clean corpus: no repair ------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_source: Path) -> ImportReport:
    return import_markdown(corpus_source, tmp_path_factory.mktemp("clean") / "book")


def test_the_clean_corpus_gets_no_repair(clean_corpus: ImportReport) -> None:
    """The 2018 agreement is clean text: no pass may change it (its 11 double spaces follow
    list numbers, its numbers at a paragraph's start or end fit no sequence, its two
    headings that end with a full stop are real headings, none of its 1,387 paragraphs
    ends without punctuation before one that begins in lower case)."""
    assert {what: clean_corpus.count(what) for what in REPAIRS} == dict.fromkeys(REPAIRS, 0)
    assert clean_corpus.dropped == ()
    assert [n.message for n in clean_corpus.notes if n.hint != CHECK_BOOK_YAML] == [
        "heading level skips from 2 to 4: „Kinder und Jugendliche schützen und Familien "
        "unterstützen“ is now level 3",
        "heading level skips from 2 to 4: „Kinder- und Jugendmedienschutz“ is now level 3",
        "„1.“ at the start of a line continues the sentence before – kept as text",
    ]


# --- debris in real text ---------------------------------------------------------------------


def chapter_blocks(report: ImportReport) -> list[str]:
    """The chapters' blocks (separated by blank lines), each on one line, without
    backslash escapes."""
    return [
        re.sub(r"\\(.)", r"\1", " ".join(block.split()))
        for path in report.chapters
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()
    ]


def differences(clean: Sequence[str], repaired: Sequence[str], layout: Layout) -> list[str]:
    """Where the repaired import differs from the clean one, except the differences the
    layout allows: a split word kept in two parts, two words joined after a glued number,
    a paragraph cut right after a sentence's end (no evidence of the cut)."""
    wrong = []
    blocks = difflib.SequenceMatcher(None, clean, repaired, autojunk=False)
    for tag, i1, i2, j1, j2 in blocks.get_opcodes():
        if tag != "equal":
            wrong += _word_differences(clean[i1:i2], repaired[j1:j2], layout)
    return wrong


def _word_differences(clean: Sequence[str], repaired: Sequence[str], layout: Layout) -> list[str]:
    expected = " ¶ ".join(clean).split(" ")
    found = " ¶ ".join(repaired).split(" ")
    allowed = {(word,) for word in layout.split_words} | set(layout.glued_pairs)
    wrong = []
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = tuple(expected[i1:i2]), tuple(found[j1:j2])
        if tag == "equal" or (before in allowed and _same_letters(before, after)):
            continue
        if (
            tag == "insert"
            and after == ("¶",)
            and (expected[i1 - 1], expected[i1]) in layout.sentence_cuts
        ):
            continue
        context = f"{expected[max(0, i1 - 4) : i2 + 4]} → {found[max(0, j1 - 4) : j2 + 4]}"
        wrong.append(f"{tag}: {context}")
    return wrong


def _same_letters(before: Sequence[str], after: Sequence[str]) -> bool:
    return "".join(after).replace("-", "") == "".join(before).replace("-", "")


def assert_repaired(clean: ImportReport, repaired: ImportReport, layout: Layout) -> None:
    """The repaired import is the clean one, except at the uncertain places of ``layout``,
    each of which has a note that names it (a glued number's note names the word it was
    glued to, a join's note the split word's first part)."""
    assert repaired.problems == ()
    assert differences(chapter_blocks(clean), chapter_blocks(repaired), layout) == []
    notes = [note.message for note in repaired.notes]
    for word in layout.split_words:
        assert any(word[: len(word) // 2] in note for note in notes), word
    for first_word, _ in layout.glued_pairs:
        assert any(f"„{first_word}" in note for note in notes), first_word


def import_text(tmp_path: Path, name: str, text: str) -> ImportReport:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "text.md").write_text(text, encoding="utf-8")
    return import_markdown(folder / "text.md", folder / "book")


#: Every page shows its number (a chain with gaps is tested on its own).
NUMBERED = st.sampled_from(["alone", "glued", "end", "start"])
CERTAIN = st.builds(
    PageBreak,
    number_at=NUMBERED,
    cut=st.booleans(),
    running_head=st.just(False),
)
ANY = st.builds(PageBreak, number_at=NUMBERED, cut=st.booleans(), split_word=st.booleans())
PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def prose(corpus_source: Path) -> list[str]:
    return prose_paragraphs(corpus_body())


@st.composite
def pages(
    draw: st.DrawFn, breaks: st.SearchStrategy[PageBreak], *, heads: bool = False
) -> tuple[list[int], list[PageBreak], int]:
    """Sizes of 4–8 pages, what happens at each break (a running head on every page or on
    none) and the first page's number."""
    count = draw(st.integers(4, 8))
    sizes = draw(st.lists(st.integers(250, 700), min_size=count, max_size=count))
    kinds = draw(st.lists(breaks, min_size=count, max_size=count))
    if heads and draw(st.booleans()):
        kinds = [replace(kind, running_head=True) for kind in kinds]
    return sizes, kinds, draw(st.integers(1, 300))


@given(data=st.data())
@settings(PROPERTY, max_examples=40)
def test_page_debris_on_corpus_paragraphs_is_repaired(
    tmp_path_factory: pytest.TempPathFactory, prose: list[str], data: st.DataObject
) -> None:
    """Page numbers (alone, glued, at a paragraph's start or end) and paragraphs cut at
    page breaks: the repaired import is the clean one, word for word and block for block
    (but where a number glued between two words could also join the halves of one word:
    there a note names the place)."""
    start = data.draw(st.integers(0, len(prose) - 80))
    blocks = [
        Block("heading", "Kapitel"),
        *(Block("paragraph", p) for p in prose[start : start + 60]),
    ]
    sizes, kinds, first = data.draw(pages(CERTAIN))
    layout = paginate(blocks, sizes, kinds, first)
    assume(layout.numbers >= MIN_CHAIN)  # fewer page numbers are no evidence
    tmp = tmp_path_factory.mktemp("debris")
    clean = import_text(tmp, "clean", markdown(blocks))
    repaired = import_text(tmp, "dirty", layout.text)
    assert_repaired(clean, repaired, layout)
    assert not layout.split_words


@given(data=st.data())
@settings(PROPERTY, max_examples=40)
def test_all_debris_on_corpus_paragraphs_is_repaired_or_named(
    tmp_path_factory: pytest.TempPathFactory, prose: list[str], data: st.DataObject
) -> None:
    """Every kind of debris at once, words split at page breaks and running heads included:
    the repaired import is the clean one, except where the document's words cannot tell a
    split word from two (kept apart, or joined after a glued page number), and each of
    those places has a note with its line."""
    start = data.draw(st.integers(0, len(prose) - 80))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    blocks = [
        Block("heading", "Kapitel"),
        *(Block("paragraph", p) for p in prose[start : start + 60]),
    ]
    blocks = pseudo_headings(blocks, rng)
    scripts = [Block("paragraph", "Der Ausstoß von CO~2~ und H~2~O je m^2^ sinkt um 10^-3^.")]
    sizes, kinds, first = data.draw(pages(ANY, heads=True))
    layout = paginate([*blocks[:3], *scripts, *blocks[3:]], sizes, kinds, first)
    assume(layout.numbers >= MIN_CHAIN)  # fewer page numbers (and running heads): no evidence
    dirty = make_debris(layout.text, rng)
    tmp = tmp_path_factory.mktemp("debris")
    clean = import_text(
        tmp, "clean", markdown([*blocks[:3], *scripts, *blocks[3:]]).replace("\n### ", "\n")
    )
    repaired = import_text(tmp, "dirty", dirty)
    assert_repaired(clean, repaired, layout)
    text = "".join(path.read_text(encoding="utf-8") for path in repaired.chapters)
    assert "Der Ausstoß von CO~2~ und H~2~O je m^2^ sinkt um 10^-3^." in text


@given(
    text=st.text(
        st.sampled_from("ab Ä1234567890 .,:;-~^*_#|\n\t\uf0b7\uf020\ue000\ue010»„“"), max_size=400
    )
)
@settings(PROPERTY, max_examples=150)
def test_random_text_imports_without_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    tmp = tmp_path_factory.mktemp("random")
    report = import_text(tmp, "random", f"# Kapitel\n\n{text}\n")
    assert report.problems == ()


# --- the whole corpus with debris ------------------------------------------------------------


@pytest.mark.parametrize("seed", [2018, 8, 21])
def test_the_corpus_on_pages_with_debris_imports_as_the_clean_corpus(
    tmp_path: Path, clean_corpus: ImportReport, seed: int
) -> None:
    """The whole 2018 agreement laid out on pages of 250–700 words, with a page number at
    each break (alone, glued to a word, at a paragraph's start or end), most breaks cutting
    a paragraph, a running head on every page, words split at some breaks, runs of spaces
    and private-use characters: imported, it is the clean corpus again."""
    rng = random.Random(seed)
    blocks = corpus_blocks(corpus_body())
    sizes = [rng.randint(250, 700) for _ in range(200)]
    kinds = [
        PageBreak(
            rng.choice(["alone", "glued", "end", "start"]),
            cut=rng.random() < 0.7,
            running_head=True,
            split_word=rng.random() < 0.2,
        )
        for _ in sizes
    ]
    layout = paginate(blocks, sizes, kinds, first_number=5)
    repaired = import_text(tmp_path, "dirty", make_debris(layout.text, rng, rate=0.005))
    assert repaired.problems == ()
    assert differences(chapter_blocks(clean_corpus), chapter_blocks(repaired), layout) == []
    assert layout.numbers > 100
    assert repaired.dropped_count(Dropped.PAGE_NUMBER) == layout.numbers
    assert repaired.dropped_count(Dropped.RUNNING_HEAD) > 100
    assert repaired.count(Count.PARAGRAPHS_JOINED) == layout.cuts
