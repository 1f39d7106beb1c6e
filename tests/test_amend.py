"""The assembly's amendments: reading, checking against the edition, re-anchoring,
conflicts, applying, the changes in place, the concordance and the synopsis.

The test book ``tests/books/antraege`` is a short municipal agreement with two frozen
editions (``ausgaben/``: the draft of 1 March and the published draft of 15 March, which
has a new paragraph and a new sentence) and 16 amendments (``antraege/``): every operation,
every status, one conflict (Ä9 with Ä1), one wrong citation (Ä10), one against the older
edition (Ä11). ``tests/amend/beschluss-2025-04-05.json`` is the edition of the adopted text
(built from ``publish amend apply`` of the book with the conflict and the citation fixed,
and frozen), so the concordance is checked without a layout.
"""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from publish import model as m
from publish.amend.apply import adopt
from publish.amend.changes import Deletion, Insertion, amended_book, antragsbuch, passage
from publish.amend.check import check_book
from publish.amend.concordance import concordance, synopsis
from publish.amend.edition import Edition, fingerprint, load_editions
from publish.amend.model import Status
from publish.amend.workflow import apply_amendments, check_amendments
from publish.errors import BookError, PublishError
from publish.read.book import load_book
from publish.tree import iter_blocks, plain_text
from publish.typography import typeset

ANTRAEGE = Path(__file__).resolve().parent / "books" / "antraege"
ADOPTED_EDITION = Path(__file__).resolve().parent / "amend" / "beschluss-2025-04-05.json"
CURRENT = "entwurf-2025-03-15"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test book as ``book/`` in the current folder (messages name its
    files relative to it)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANTRAEGE, tmp_path / "book")
    return Path("book")


def fix(book: Path) -> None:
    """What the office does after the check: Ä9 was in fact rejected, Ä10 cites its lines."""
    for name, old, new in (
        ("ae09.md", "status: übernommen", "status: abgelehnt"),
        ("ae10.md", "zeilen: 57-58", "zeilen: 54-55"),
    ):
        path = book / "antraege" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def amendment(book: Path, citation: str, body: str, **header: str) -> str:
    """Write ``antraege/ae90.md`` (Ä90, against the current edition unless ``ausgabe``
    is given); returns its problems and warnings as printed."""
    fields = {"nummer": "Ä90", "ausgabe": CURRENT, "antragsteller": "Test", "status": "eingereicht"}
    fields.update(header)
    lines = ["---", *(f"{k}: {v}" for k, v in fields.items() if k != "body"), citation, "---"]
    (book / "antraege" / "ae90.md").write_text("\n".join(lines) + f"\n\n{body}\n", encoding="utf-8")
    report = check_amendments(book)
    found = [str(p) for p in report.problems if p.location.file.endswith("ae90.md")]
    found += [f"warning: {w}" for w in report.warnings if w.location.file.endswith("ae90.md")]
    return "\n".join(found)


def show(inlines: tuple[m.Inline, ...] | tuple[object, ...]) -> str:
    """Inlines as text, deletions as [-…-] and insertions as {+…+}."""
    out = []
    for node in inlines:
        if isinstance(node, Deletion):
            out.append(f"[-{show(node.children)}-]")
        elif isinstance(node, Insertion):
            out.append(f"{{+{show(node.children)}+}}")
        elif isinstance(node, m.Text | m.Code | m.Caps):
            out.append(node.text)
        elif isinstance(node, m.FootnoteRef):
            out.append(f"[^{node.label}]")
        elif isinstance(node, m.Emphasis | m.Strong | m.Link | m.LangSpan):
            out.append(show(node.children))
    return "".join(out)


# --- The test book's amendments -----------------------------------------------------------


def test_the_set_has_every_operation_and_every_status(book: Path) -> None:
    report = check_book(book)
    assert len(report.files) == 16
    assert {a.status for a in report.read} == set(Status)
    verbs = {op.verb for a in report.read for op in (*a.operations, *a.modified)}
    assert verbs == {"replace", "delete", "insert after", "insert before", "new paragraph"}


def test_check_reports_the_conflict_the_wrong_citation_and_the_older_edition(book: Path) -> None:
    report = check_amendments(book)
    assert [str(p) for p in report.problems] == [
        "book/antraege/ae09.md:10:1: Ä9 and Ä1 change the same text in line 17 – Ä1 is at "
        "book/antraege/ae01.md:16:1; only one of them can be adopted as written: set the other "
        "to „abgelehnt“ or „erledigt“, or adopt one as „modifiziert übernommen“ with both "
        "changes",
        "book/antraege/ae10.md:10:9: „ein Drittel“ is in lines 54–55, not 57–58 – write "
        "„zeilen: 54–55“",
    ]
    assert [str(w) for w in report.warnings] == [
        "book/antraege/ae11.md:3:1: Ä11 cites the older edition entwurf-2025-03-01: in edition "
        "entwurf-2025-03-15 its text is on page 5, line 35 (was page 5, line 32) – check it, "
        "then write „ausgabe: entwurf-2025-03-15“, „seite: 5“ and „zeilen: 35“",
    ]


def test_check_in_german(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISH_LANG", "de")
    report = check_amendments(book)
    assert [str(p) for p in report.problems][1] == (
        "book/antraege/ae10.md:10:9: „ein Drittel“ steht in Zeilen 54–55, nicht 57–58 – "
        "schreiben Sie „zeilen: 54–55“"
    )
    assert str(report.warnings[0]) == (
        "book/antraege/ae11.md:3:1: Ä11 bezieht sich auf die ältere Ausgabe "
        "entwurf-2025-03-01: in der Ausgabe entwurf-2025-03-15 steht sein Text auf Seite 5, "
        "Zeile 35 (vorher Seite 5, Zeile 32) – prüfen Sie ihn, dann schreiben Sie „ausgabe: "
        "entwurf-2025-03-15“, „seite: 5“ und „zeilen: 35“"
    )


def test_the_lines_each_amendment_covers(book: Path) -> None:
    fix(book)
    report = check_amendments(book)
    assert report.problems == ()
    covered = {
        c.amendment.number: (str(c.lines), c.pages, [ch.kind for ch in c.effective])
        for c in report.amendments
    }
    assert covered == {
        "Ä1": ("17", (5,), ["replace"]),
        "Ä2": ("22", (5,), ["delete"]),
        "Ä3": ("33", (5,), ["insert"]),
        "Ä4": ("23", (5,), ["replace"]),
        "Ä5": ("28", (5,), ["paragraph"]),
        "Ä6": ("35", (5,), ["replace"]),
        "Ä7": ("17", (5,), ["replace"]),
        "Ä8": ("47", (6,), ["insert"]),
        "Ä9": ("17", (5,), ["replace"]),
        "Ä10": ("54–55", (7,), ["replace"]),
        "Ä11": ("35", (5,), ["replace"]),
        "Ä12": ("57–60", (7,), ["replace", "replace"]),
        "Ä13": ("66–67", (7,), ["delete", "replace"]),
        "Ä14": ("36", (5,), ["paragraph"]),
        "Ä15": ("26", (5,), ["replace"]),
        "Ä16": ("65", (7,), ["insert"]),
    }
    # Ä4 adopted a modified wording: its changes as moved and as adopted differ
    ae4 = next(c for c in report.amendments if c.amendment.number == "Ä4")
    assert [c.new for c in ae4.moved] == ["50 Prozent"]
    assert [c.new for c in ae4.effective] == ["35 Prozent"]


# --- Citations, passages, editions: every message word for word ---------------------------


@pytest.mark.parametrize(
    ("citation", "body", "header", "expected"),
    [
        (
            "zeilen: 999",
            "Streiche „a“.",
            {},
            "book/antraege/ae90.md:6:1: line 999 does not exist: edition entwurf-2025-03-15 "
            "has lines 1–71 – check „zeilen“",
        ),
        (
            "seite: 4\nzeile: 17",
            "Streiche „bis 2035“.",
            {},
            "book/antraege/ae90.md:6:1: line 17 is on page 5, not on page 4 – write „seite: 5“",
        ),
        (
            "seite: 7\nzeilen: 43-45",
            "Streiche „Alle“.",
            {},
            "book/antraege/ae90.md:6:1: lines 43–45 are on pages 5–6, not on page 7 – write "
            "„seite: 5“",
        ),
        (
            "zeile: 17",
            "Streiche „Straßenbahn“.",
            {},
            "book/antraege/ae90.md:9:10: „Straßenbahn“ is not in line 17, nor anywhere else "
            "in edition entwurf-2025-03-15 – quote the passage exactly as printed",
        ),
        (
            "seite: 5\nzeile: 17",
            "Streiche „Härtefallfonds“.",
            {},
            "book/antraege/ae90.md:10:10: „Härtefallfonds“ is in line 68, not 17 – write "
            "„seite: 7“ and „zeilen: 68“",
        ),
        (
            "zeile: 17",
            "Streiche „Innenstadt“.",
            {},
            "book/antraege/ae90.md:9:10: „Innenstadt“ is not in line 17; it is in lines 37, 46 "
            "and 50 – cite the lines of the passage you mean in „zeilen“",
        ),
        (
            "zeilen: 57-60",
            "Ersetze „und“ durch „oder“.",
            {},
            "book/antraege/ae90.md:9:9: „und“ occurs 3 times in lines 57–60 (lines 58, 59 and "
            "60) – quote a longer passage, or say which one: „und“ (2. Vorkommen)",
        ),
        (
            "zeilen: 57-60",
            "Streiche „und“ (4. Vorkommen).",
            {},
            "book/antraege/ae90.md:9:10: „und“ occurs only 3 times in lines 57–60 – count the "
            "occurrences in the cited lines again",
        ),
        (
            "zeilen: 17-20",
            "Füge nach Zeile 18 einen neuen Absatz ein:\n\nText.",
            {},
            "book/antraege/ae90.md:9:1: line 18 is not the last line of its paragraph (that is "
            "line 20) – write „Füge nach Zeile 20 einen neuen Absatz ein:“",
        ),
        (
            "zeile: 17",
            "Füge nach Zeile 20 einen neuen Absatz ein:\n\nText.",
            {},
            "book/antraege/ae90.md:9:1: line 20 is not among the cited lines 17 – cite it in "
            "„zeilen“",
        ),
        (
            "zeile: 17",
            "Streiche „a“.",
            {"ausgabe": "entwurf-2025-01-01"},
            "book/antraege/ae90.md:3:1: unknown edition „entwurf-2025-01-01“ – the frozen "
            "editions (ausgaben/) are: entwurf-2025-03-01, entwurf-2025-03-15",
        ),
        (
            "zeile: 17",
            "Streiche „bis 2035“. Ersetze „2035“ durch „2040“.",
            {},
            "book/antraege/ae90.md:9:22: two changes of Ä90 overlap in line 17 – the other one "
            "is at book/antraege/ae90.md:9:1; make them one change",
        ),
        (
            "zeile: 17",
            "Streiche „bis 2035“.",
            {"nummer": "Ä1"},
            "book/antraege/ae90.md:2:1: the number Ä1 is used twice – book/antraege/ae01.md has "
            "it too; give each amendment its own number",
        ),
        (
            "zeile: 17",
            "Streiche „bis 2035“.",
            {"status": "erledigt", "erledigt_durch": "Ä99"},
            "book/antraege/ae90.md:6:1: there is no amendment Ä99 – name the amendment that "
            "settled this one, e.g. Ä5",
        ),
        (
            "zeile: 17",
            "Streiche „bis 2035“.",
            {"status": "modifiziert übernommen"},
            "book/antraege/ae90.md:5:1: status „modifiziert übernommen“ needs the adopted "
            "wording – write it under „## Modifizierte Übernahme“, as changes like the motion's",
        ),
        # a passage across differently marked text, and one around a footnote call
        (
            "zeile: 26",
            "Ersetze „Stabsstelle Klima, die“ durch „Stelle, die“.",
            {},
            "book/antraege/ae90.md:9:9: „Stabsstelle Klima, die“ begins and ends in differently "
            "marked text (emphasis, a link or a language span) – quote all of the marked text, "
            "or a passage inside it",
        ),
        (
            "zeile: 24",
            "Streiche „tragen. Neue“.",
            {},
            "book/antraege/ae90.md:9:10: „tragen. Neue“ holds the call of footnote [^dach] – "
            "quote a passage that ends before the call or begins after it",
        ),
        # new text that is not running text
        (
            "zeile: 36",
            "Füge nach „Monat.“ ein: „# Titel“.",
            {},
            "book/antraege/ae90.md:9:1: the new text must be running text – no headings, lists, "
            "quotes, tables or images in an amendment's text",
        ),
        (
            "zeile: 36",
            "Füge nach „Monat.“ ein: „siehe[^x]“.",
            {},
            "book/antraege/ae90.md:9:1: the new text cites a footnote – write the note's text "
            "into the sentence; amendments add no footnotes",
        ),
        (
            "zeile: 36",
            "Füge nach „Monat“ ein: „<b>x</b>“.",
            {},
            "book/antraege/ae90.md:9:1: raw HTML <b> is not allowed – write it in Markdown instead",
        ),
        # passages as movers write them: straight quotes, plain spaces for no-break spaces,
        # a word broken at a line end written whole, a marked passage quoted whole
        ("zeilen: 23", 'Ersetze "20 Prozent der Dächer" durch „die Hälfte der Dächer“.', {}, ""),
        ("zeilen: 24-25", "Ersetze „Passivhausstandard“ durch „Plusenergiestandard“.", {}, ""),
        ("zeile: 26", "Ersetze „eine Stabsstelle Klima, die“ durch „ein Amt, das“.", {}, ""),
        ("zeilen: 48-49", "Ersetze „Carsharing-Angebote“ durch „Leihautos“.", {}, ""),
    ],
)
def test_citation_and_passage_messages(
    book: Path, citation: str, body: str, header: dict[str, str], expected: str
) -> None:
    assert amendment(book, citation, body, **header) == expected


def test_header_problems_all_at_once(book: Path) -> None:
    (book / "antraege" / "ae90.md").write_text(
        "---\nnummer: Ä90\nausgabe: x\nzeile: 5\nzeilen: 3-1\nantragsteller: [A, 7]\n"
        "stauts: eingereicht\nseite: zwölf\n---\n\nStreiche „a“.\n",
        encoding="utf-8",
    )
    report = check_book(book)
    assert [str(p) for p in report.problems_of("book/antraege/ae90.md")] == [
        "book/antraege/ae90.md:2:1: required key „status“ is missing – add it: eingereicht, "
        "übernommen, modifiziert übernommen, abgelehnt, …",
        "book/antraege/ae90.md:5:9: the range „3-1“ runs backwards – swap the numbers: 1-3",
        "book/antraege/ae90.md:7:1: unknown key „stauts“ – did you mean „status“?",
        "book/antraege/ae90.md:8:8: „zwölf“ is not a page number – write the printed page, e.g. 12",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ersetzt „a“ mit „b“.",
            "9:1: „Ersetzt „a“ mit „b“.“ is not a change – write it as one of: Ersetze „…“ "
            "durch „…“. · Streiche „…“. · Füge nach „…“ ein: „…“. · Füge vor „…“ ein: „…“. · "
            "Füge nach Zeile N einen neuen Absatz ein:",
        ),
        (
            "Ersetze „a“ mit „b“.",
            "9:12: „durch“ and the new text must follow the passage, not „mit „b“.“ – write "
            "Ersetze „…“ durch „…“.",
        ),
        (
            "Ersetze „a“ durch b.",
            "9:19: the new text must follow „durch“ in quotation marks, not „b.“ – write it as „…“",
        ),
        ("Streiche „offen", "9:10: the quotation is not closed – end it with “"),
        (
            "Füge „a“ ein: „b“.",
            "9:5: „nach“ or „vor“ must follow „Füge“, not „„a“ ein: „b“.“ – write Füge nach „…“ "
            "ein: „…“. or Füge vor „…“ ein: „…“.",
        ),
        (
            "Füge nach „a“ „b“.",
            "9:14: „ein:“ and the text to insert must follow the passage, not „„b“.“ – write "
            "Füge nach „…“ ein: „…“.",
        ),
        (
            "Ersetze „a“ durch „“.",
            "9:19: the new text is empty – to delete the passage, write Streiche „…“.",
        ),
        (
            "Streiche „a“. Und dann",
            "9:15: the change must end here, with a full stop, not „Und dann“ – begin the next "
            "change with its verb (Ersetze, Streiche, Füge)",
        ),
        (
            "Füge nach Zeile 17 einen neuen Absatz ein:",
            "9:1: the new paragraph is missing – write it below this line, after an empty line",
        ),
        (
            "## Begründung\n\nWeil.",
            "8: an amendment needs at least one change – write it as one of: Ersetze „…“ durch "
            "„…“. · Streiche „…“. · Füge nach „…“ ein: „…“. · Füge vor „…“ ein: „…“. · Füge nach "
            "Zeile N einen neuen Absatz ein:",
        ),
        (
            "Streiche „a“.\n\n## Sonstiges\n\nx",
            "11:1: unknown section „Sonstiges“ – the sections are „## Modifizierte Übernahme“ "
            "and „## Begründung“",
        ),
    ],
)
def test_the_changes_are_read_exactly(book: Path, body: str, expected: str) -> None:
    assert amendment(book, "zeile: 17", body) == f"book/antraege/ae90.md:{expected}"


def test_a_change_may_span_lines_and_share_a_paragraph(book: Path) -> None:
    text = "Ersetze\n„bis 2035“ durch\n„bis 2030“. Füge nach „klimaneutral werden.“ ein: „Sofort.“"
    assert amendment(book, "zeile: 17", text) == ""
    report = check_book(book)
    ae90 = next(c for c in report.amendments if c.amendment.number == "Ä90")
    assert [(c.kind, c.new) for c in ae90.moved] == [
        ("replace", "bis 2030"),
        ("insert", "Sofort."),
    ]


# --- Re-anchoring ---------------------------------------------------------------------------


def _older_edition(book: Path, old: str, new: str) -> None:
    """Make the older edition read ``new`` where it read ``old`` (as if the text had
    been changed since): an edition frozen from that text."""
    path = book / "ausgaben" / "entwurf-2025-03-01.json"
    edition = Edition.from_json(path.read_text(encoding="utf-8"))
    lines = tuple(replace(line, text=line.text.replace(old, new)) for line in edition.lines)
    edition = replace(edition, lines=lines, fingerprint=fingerprint(lines))
    path.write_text(edition.to_json(), encoding="utf-8")


def test_an_edition_file_changed_by_hand_is_refused(book: Path) -> None:
    path = book / "ausgaben" / "entwurf-2025-03-01.json"
    path.write_text(path.read_text("utf-8").replace("Präambel", "Vorwort"), "utf-8")
    assert [str(p) for p in load_editions(book).problems] == [
        "book/ausgaben/entwurf-2025-03-01.json: not an edition file (its lines were changed "
        "after it was frozen) – restore it as it was frozen (it is the reference amendments "
        "cite), or freeze it again with publish amend freeze"
    ]


def test_reanchoring_finds_a_passage_with_the_words_around_it(book: Path) -> None:
    _older_edition(book, "Die Stadtwerke bauen", "Die Stadtbetriebe bauen")
    found = amendment(
        book,
        "zeile: 18",
        "Ersetze „die Erzeugung“ durch „den Ausbau“.",
        ausgabe="entwurf-2025-03-01",
    )
    assert found == (
        "warning: book/antraege/ae90.md:3:1: Ä90 cites the older edition entwurf-2025-03-01: in "
        "edition entwurf-2025-03-15 its text is on page 5, line 21 (was page 5, line 18) – check "
        "it, then write „ausgabe: entwurf-2025-03-15“, „seite: 5“ and „zeilen: 21“"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ersetze „Stadtbetriebe“ durch „Stadtwerke“.",
            "book/antraege/ae90.md:9:1: „Stadtbetriebe“ of Ä90 is no longer in edition "
            "entwurf-2025-03-15 – rewrite the amendment against edition entwurf-2025-03-15 "
            "(ausgabe, seite, zeilen)",
        ),
        (
            "Ersetze „bauen“ durch „errichten“.",
            "book/antraege/ae90.md:9:1: „bauen“ of Ä90 occurs 2 times in edition "
            "entwurf-2025-03-15 and cannot be placed again – rewrite the amendment against "
            "edition entwurf-2025-03-15 (ausgabe, seite, zeilen)",
        ),
    ],
)
def test_reanchoring_refuses_what_it_cannot_place(book: Path, body: str, expected: str) -> None:
    _older_edition(book, "Die Stadtwerke bauen", "Die Stadtbetriebe bauen")
    assert amendment(book, "zeile: 18", body, ausgabe="entwurf-2025-03-01") == expected


# --- Applying -------------------------------------------------------------------------------


CHAPTER_2_CHANGES = [
    ("spätestens bis 2035 klimaneutral", "spätestens bis 2030 klimaneutral"),
    ("Bis 2030 sollen 20 Prozent", "Bis 2030 sollen 35 Prozent"),
    ("*Stabsstelle Klima*", "*Stabsstelle Klima und Nachhaltigkeit*"),
    (
        "das Klima prüft.\n",
        "das Klima prüft.\n\nMusterstadt tritt dem Bündnis „Klimaneutrale Kommunen“ bei und "
        "berichtet jedes Jahr öffentlich über die Fortschritte.\n",
    ),
    ("sichere Radwege auf", "sichere Radwege und Radschnellwege in die Nachbarorte auf"),
    ("auf zehn Minuten", "auf siebeneinhalb Minuten"),
    (
        "höchstens 15 Euro im Monat.\n",
        "höchstens 15 Euro im Monat.\n- Kinder und Jugendliche fahren mit Bus und Bahn "
        "kostenlos.\n",
    ),
]
CHAPTER_3_CHANGES = [
    ("Quote von 30 Prozent", "Quote von 40 Prozent"),
    ("Genossenschaften und gemeinschaftliche", "Genossenschaften sowie gemeinschaftliche"),
    ("ein Stadtteilbüro", "ein barrierefreies Stadtteilbüro"),
    (
        "wird personell verstärkt, damit niemand länger als vier\n   Wochen auf",
        "wird verstärkt, damit niemand länger als zwei Wochen auf",
    ),
]


def _changed(text: str, changes: list[tuple[str, str]]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_apply_writes_the_adopted_text_and_nothing_else(book: Path) -> None:
    import datetime as dt

    fix(book)
    applied = apply_amendments(book, Path("beschluss"), "Beschluss", dt.date(2025, 4, 5))
    assert len(applied.report.adopted) == 10
    new = Path("beschluss")
    chapters = book / "kapitel"
    assert (new / "kapitel" / "02-klima-und-mobilitaet.md").read_text(encoding="utf-8") == (
        _changed((chapters / "02-klima-und-mobilitaet.md").read_text("utf-8"), CHAPTER_2_CHANGES)
    )
    assert (new / "kapitel" / "03-wohnen-und-soziales.md").read_text(encoding="utf-8") == (
        _changed((chapters / "03-wohnen-und-soziales.md").read_text("utf-8"), CHAPTER_3_CHANGES)
    )
    config = (book / "book.yaml").read_text(encoding="utf-8")
    assert (new / "book.yaml").read_text(encoding="utf-8") == config.replace(
        "status: Entwurf", "status: Beschluss"
    ).replace("date: 2025-03-15", "date: 2025-04-05")
    # everything else byte for byte; the amendments stay with the draft
    same = filecmp.dircmp(book, new)
    assert same.left_only == ["antraege"] and same.right_only == []
    assert filecmp.cmpfiles(book, new, ["kapitel/01-praeambel.md"], shallow=False)[0]
    assert filecmp.dircmp(book / "ausgaben", new / "ausgaben").diff_files == []
    adopted = load_book(new.resolve())
    assert adopted.metadata.status == "Beschluss"


@pytest.mark.parametrize(
    ("body", "adopted"),
    [
        # the first word of an emphasis: the space after it goes, not the emphasis
        ("Streiche „Stabsstelle“.", "Wir schaffen eine *Klima*, die direkt"),
        # its last word: the space before it
        ("Streiche „Klima“ (1. Vorkommen).", "Wir schaffen eine *Stabsstelle*, die direkt"),
        # all of it: its markup too (an empty ``**`` would be printed)
        ("Streiche „Stabsstelle Klima“.", "Wir schaffen eine, die direkt"),
    ],
)
def test_a_deletion_in_or_of_an_emphasis_leaves_markdown_that_reads_as_it_says(
    book: Path, body: str, adopted: str
) -> None:
    for other in (book / "antraege").glob("*.md"):
        other.unlink()
    assert amendment(book, "seite: 5\nzeile: 26", body, status="übernommen") == ""
    apply_amendments(book, Path("beschluss"))
    text = (Path("beschluss") / "kapitel" / "02-klima-und-mobilitaet.md").read_text("utf-8")
    assert adopted in text
    paragraph = next(p for p in text.split("\n\n") if p.startswith("Wir schaffen"))
    assert "*" not in paragraph.replace(adopted, "")


def test_apply_refuses_adopted_amendments_that_do_not_check(book: Path) -> None:
    """Ä9 conflicts with Ä1 (both adopted); Ä10's wrong citation does not stop the adopted
    text (Ä10 is only submitted)."""
    with pytest.raises(BookError) as refused:
        apply_amendments(book, Path("beschluss"))
    assert [str(d) for d in refused.value.diagnostics] == [
        "book/antraege/ae09.md:10:1: Ä9 and Ä1 change the same text in line 17 – Ä1 is at "
        "book/antraege/ae01.md:16:1; only one of them can be adopted as written: set the other "
        "to „abgelehnt“ or „erledigt“, or adopt one as „modifiziert übernommen“ with both "
        "changes",
    ]
    assert not Path("beschluss").exists()


def test_apply_refuses_a_text_changed_since_its_edition(book: Path) -> None:
    fix(book)
    chapter = book / "kapitel" / "01-praeambel.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")
    with pytest.raises(BookError) as refused:
        apply_amendments(book, Path("beschluss"))
    assert [str(d) for d in refused.value.diagnostics] == [
        "book/kapitel/01-praeambel.md: the text has changed since edition entwurf-2025-03-15 "
        "was frozen – build the book and freeze a new edition (publish amend freeze); the "
        "amendments are then re-anchored to it",
    ]
    report = check_amendments(book)
    assert [str(w) for w in report.warnings][0] == (
        "book/kapitel/01-praeambel.md: the text has changed since edition entwurf-2025-03-15 "
        "was frozen: the amendments were checked against the edition only – freeze a new edition "
        "when the changed text is published (publish build, publish amend freeze)"
    )


def test_apply_refuses_a_folder_in_use_and_an_adopted_text_that_does_not_read(
    book: Path,
) -> None:
    fix(book)
    Path("voll").mkdir()
    (Path("voll") / "x").write_text("x", encoding="utf-8")
    with pytest.raises(PublishError) as refused:
        apply_amendments(book, Path("voll"))
    assert refused.value.message == "voll already exists and is not empty: choose a new folder"
    # a link to an id that does not exist, inserted by an adopted amendment
    amendment(book, "zeile: 36", "Füge nach „Monat.“ ein: „Siehe [oben](#nirgends).“")
    path = book / "antraege" / "ae90.md"
    path.write_text(path.read_text("utf-8").replace("eingereicht", "übernommen"), "utf-8")
    with pytest.raises(BookError) as unreadable:
        apply_amendments(book, Path("beschluss"))
    assert [str(d) for d in unreadable.value.diagnostics] == [
        "beschluss/kapitel/02-klima-und-mobilitaet.md:27: link to #nirgends, which does not "
        "exist – link to a heading's id: write it as ## Title {#id}; changed by Ä1, Ä11, Ä14, "
        "Ä15, Ä3, Ä4, Ä5, Ä90",
    ]
    assert not Path("beschluss").exists()


# --- The changes in place: Antragsbuch and Änderungsfassung ---------------------------------


def test_antragsbuch_passages_show_each_change_in_place(book: Path) -> None:
    fix(book)
    report = check_amendments(book)
    draft = typeset(load_book(book.resolve()))
    assert report.edition is not None
    shown = {
        c.amendment.number: [show(p.children) for p in passage(draft, report.edition, c)]
        for c in report.amendments
    }
    assert shown["Ä1"] == [
        "Musterstadt soll spätestens bis [-2035-]{+2030+} klimaneutral werden. Dazu legen "
    ]
    assert shown["Ä2"] == [
        "aus, [-und zwar schrittweise-] und im Einklang mit den Anwohner*innen. "
    ]
    assert shown["Ä3"] == [
        "Wir bauen sichere Radwege {+und Radschnellwege in die Nachbarorte+} auf allen "
        "Hauptstraßen und schließen "
    ]
    assert shown["Ä5"] == [
        "das Klima prüft.",
        "{+Musterstadt tritt dem Bündnis „Klimaneutrale Kommunen“ bei und berichtet jedes Jahr "
        "öffentlich über die Fortschritte.+}",
    ]
    assert shown["Ä8"] == [
        "Ladezonen ein, fördern {+gewerbliche+} Lastenräder und prüfen zusammen mit dem "
    ]
    assert shown["Ä10"] == [
        "jedes Jahr mindestens 500 neue Wohnungen entstehen, davon [-ein Drittel-]{+die "
        "Hälfte+} mit Mietpreisbindung. Die städtische Wohnungsgesellschaft "
    ]
    assert shown["Ä13"] == [
        "Die Schuldnerberatung wird [-personell-] verstärkt, damit niemand länger als "
        "[-vier-]{+zwei+} Wochen auf einen Termin wartet."
    ]
    assert shown["Ä15"] == [
        "Wir schaffen eine Stabsstelle Klima {+und Nachhaltigkeit+}, die direkt bei der Oberbürger"
    ]
    ae4 = next(c for c in report.amendments if c.amendment.number == "Ä4")
    modified = [show(p.children) for p in passage(draft, report.edition, ae4, modified=True)]
    assert shown["Ä4"] == [
        "Bis 2030 sollen [-20-]{+50+}\u00a0Prozent der Dächer städtischer Gebäude Solaranlagen "
    ]
    assert modified == [
        "Bis 2030 sollen [-20-]{+35+}\u00a0Prozent der Dächer städtischer Gebäude Solaranlagen "
    ]


def test_the_amended_book_is_the_draft_with_the_adopted_changes_in_place(book: Path) -> None:
    fix(book)
    report = check_amendments(book)
    draft = typeset(load_book(book.resolve()))
    amended = amended_book(draft, [c for a in report.adopted for c in a.effective])
    changed = [
        show(block.children)
        for chapter in amended.chapters
        for block in iter_blocks(chapter.blocks)
        if isinstance(block, m.Paragraph)
        and any(isinstance(i, Deletion | Insertion) for i in block.children)
    ]
    assert changed[0].startswith(
        "Musterstadt soll spätestens bis [-2035-]{+2030+} klimaneutral werden."
    )
    assert changed[3] == (
        "{+Musterstadt tritt dem Bündnis „Klimaneutrale Kommunen“ bei und berichtet jedes Jahr "
        "öffentlich über die Fortschritte.+}"
    )
    assert changed[6] == "{+Kinder und Jugendliche fahren mit Bus und Bahn kostenlos.+}"
    assert len(changed) == 10
    # each change names its amendment; the new list item is an item of the list
    deletion = next(
        i
        for i in amended.chapters[1].blocks[2].children
        if isinstance(i, Deletion)  # type: ignore[union-attr]
    )
    assert deletion == Deletion("Ä1", (m.Text("2035"),))
    lists = [b for b in amended.chapters[1].blocks if isinstance(b, m.ListBlock)]
    items = [show(i.blocks[0].children) for i in lists[0].items]  # type: ignore[union-attr]
    assert items[2:] == [
        "Das Sozialticket kostet künftig höchstens 15\u00a0Euro im Monat.",
        "{+Kinder und Jugendliche fahren mit Bus und Bahn kostenlos.+}",
    ]
    # the draft itself is unchanged, node for node, where nothing was adopted
    assert amended.chapters[0] == draft.chapters[0]


# --- Concordance and synopsis ---------------------------------------------------------------


def test_concordance_from_the_draft_lines_to_the_adopted_ones(book: Path) -> None:
    fix(book)
    report = check_book(book)
    adoption = adopt(book, report)
    adopted = Edition.from_json(ADOPTED_EDITION.read_text(encoding="utf-8"))
    assert report.edition is not None
    table = concordance(report.edition, adopted, adoption)
    rows = {e.draft: (str(e.adopted) if e.adopted else None, e.amendments) for e in table.entries}
    assert len(rows) == 71
    assert all(rows[n] == (str(n), ()) for n in range(1, 17))  # before the first change
    assert rows[17] == ("17", ("Ä1",))
    assert rows[23] == ("23", ("Ä4",))
    assert rows[26] == ("26–27", ("Ä15",))  # the longer text takes two lines
    assert rows[28] == ("28", ())
    assert rows[29] == ("31", ())  # after Ä5's new paragraph (lines 29–30)
    assert rows[33] == ("35–36", ("Ä3",))
    assert rows[35] == ("37–38", ("Ä11",))
    assert rows[36] == ("39", ())
    assert rows[37] == ("41", ())  # after Ä14's new item (line 40)
    assert rows[66] == ("71", ("Ä13",))
    assert rows[67] == ("71–72", ("Ä13",))
    assert rows[71] == ("76", ())
    assert [(str(n.lines), n.amendment) for n in table.new] == [("29–30", "Ä5"), ("40", "Ä14")]


def test_synopsis_rows(book: Path) -> None:
    import datetime as dt

    fix(book)
    applied = apply_amendments(book, Path("beschluss"), "Beschluss", dt.date(2025, 4, 5))
    draft = typeset(load_book(book.resolve()))
    adopted_book = typeset(load_book(Path("beschluss").resolve()))
    adopted = Edition.from_json(ADOPTED_EDITION.read_text(encoding="utf-8"))
    assert applied.report.edition is not None
    rows = synopsis(draft, adopted_book, applied.report.edition, applied.adoption, adopted=adopted)
    summary = [
        (
            str(r.draft_lines) if r.draft_lines else None,
            str(r.adopted_lines) if r.adopted_lines else None,
            r.amendments,
        )
        for r in rows
    ]
    assert summary == [
        ("17–20", "17–20", ("Ä1",)),
        ("21–25", "21–25", ("Ä4",)),
        ("26–28", "26–28", ("Ä15",)),
        (None, "29–30", ("Ä5",)),
        ("33–34", "35–36", ("Ä3",)),
        ("35", "37–38", ("Ä11",)),
        (None, "40", ("Ä14",)),
        ("57–60", "61–64", ("Ä12",)),
        ("65", "69–70", ("Ä16",)),
        ("66–67", "71–72", ("Ä13",)),
    ]
    row = rows[5]
    assert row.draft is not None and row.adopted is not None
    assert (
        plain_text(row.draft.children)
        == "Der Takt der Busse wird tagsüber auf zehn Minuten verdichtet."
    )
    assert plain_text(row.adopted.children) == (
        "Der Takt der Busse wird tagsüber auf siebeneinhalb Minuten verdichtet."
    )
    every = synopsis(
        draft, adopted_book, applied.report.edition, applied.adoption, every_block=True
    )
    assert len(every) == 30  # 28 numbered blocks of the draft and 2 new ones


def test_editions_of_the_book(book: Path) -> None:
    editions = load_editions(book)
    assert [(e.name, e.sequence, len(e.lines), e.pages) for e in editions] == [
        ("entwurf-2025-03-01", 1, 68, 7),
        ("entwurf-2025-03-15", 2, 71, 7),
    ]
    current = editions.current
    assert current is not None and current.name == CURRENT
    # the lines of a block joined give its text as printed: real hyphens and no-break
    # spaces kept, hyphenation's hyphens left out
    assert current.blocks["kapitel/02-klima-und-mobilitaet.md:35"].raw.endswith(
        "Carsharing-Angebote bekommen feste Stellplätze in allen Stadtteilen, nicht nur in der "
        "Innenstadt."
    )
    assert "Passivhausstandard" in current.blocks["kapitel/02-klima-und-mobilitaet.md:9"].raw


def test_the_antragsbuch_is_in_line_order(book: Path) -> None:
    fix(book)
    report = check_amendments(book)
    draft = typeset(load_book(book.resolve()))
    assert report.edition is not None
    entries = antragsbuch(draft, report.edition, report)
    order = [(e.checked.amendment.number, str(e.checked.lines)) for e in entries]
    assert order == [
        ("Ä1", "17"),
        ("Ä7", "17"),
        ("Ä9", "17"),
        ("Ä2", "22"),
        ("Ä4", "23"),
        ("Ä15", "26"),
        ("Ä5", "28"),
        ("Ä3", "33"),
        ("Ä6", "35"),
        ("Ä11", "35"),
        ("Ä14", "36"),
        ("Ä8", "47"),
        ("Ä10", "54–55"),
        ("Ä12", "57–60"),
        ("Ä16", "65"),
        ("Ä13", "66–67"),
    ]
    ae4 = entries[4]
    assert [show(p.children) for p in ae4.adopted] == [
        "Bis 2030 sollen [-20-]{+35+}\u00a0Prozent der Dächer städtischer Gebäude Solaranlagen "
    ]
    assert [show(p.children) for p in entries[0].reasoning] == [
        "Der Weltklimarat zeigt, dass die Emissionen in diesem Jahrzehnt sinken müssen. Viele "
        "Städte unserer Größe haben sich das Jahr 2030 vorgenommen; Musterstadt sollte nicht "
        "dahinter zurückbleiben."
    ]
    assert entries[0].checked.amendment.movers == (
        "Jana Beispiel (OV Nord)",
        "Tom Muster (OV Nord)",
    )


def test_the_amended_book_keeps_the_drafts_page_and_line_markers(book: Path) -> None:
    """The Änderungsfassung is made from the draft annotated with its print references
    (publish.annotate): every page and line marker stays where the draft has it, and
    each change lies between them."""
    from publish.annotate import annotate
    from publish.layout import LayoutMap, Line, Page

    fix(book)
    report = check_amendments(book)
    edition = report.edition
    assert edition is not None
    lines = tuple(
        Line(line.number, line.page, 0.0, 0.0, line.block, line.offset, line.text)
        for line in edition.lines
    )
    firsts = {line.page: line for line in reversed(lines)}
    pages = tuple(
        Page(number, 0.0, firsts[number].number, firsts[number].block, firsts[number].offset)
        for number in sorted(firsts)
    )
    draft = annotate(typeset(load_book(book.resolve())), LayoutMap(420.0, 595.0, pages, lines))
    amended = amended_book(draft, [c for a in report.adopted for c in a.effective])

    def markers(nodes: tuple[object, ...]) -> list[str]:
        found: list[str] = []
        for node in nodes:
            if isinstance(node, m.LineMarker):
                found.append(f"Z{node.number}")
            elif isinstance(node, m.PageMarker):
                found.append(f"S{node.number}")
            elif isinstance(node, Deletion | Insertion):
                found.append(f"{type(node).__name__}:{node.amendment}")
                found += markers(node.children)
            elif isinstance(node, m.Emphasis | m.Strong | m.Link | m.LangSpan):
                found += markers(node.children)
        return found

    paragraph = amended.chapters[1].blocks[2]
    assert isinstance(paragraph, m.Paragraph)
    assert markers(paragraph.children) == [
        "Z17", "Deletion:Ä1", "Insertion:Ä1", "Z18", "Z19", "Z20",
    ]  # fmt: skip
    quota = next(
        b
        for b in iter_blocks(amended.chapters[2].blocks)
        if isinstance(b, m.Paragraph) and "Bebauungsplan" in plain_text(b.children)
    )
    assert markers(quota.children) == [
        "Z57", "Deletion:Ä12", "Insertion:Ä12", "Z58", "Z59", "Z60", "Deletion:Ä12",
        "Insertion:Ä12",
    ]  # fmt: skip
    all_markers = [
        marker
        for chapter in amended.chapters
        for block in iter_blocks(chapter.blocks)
        if isinstance(block, m.Paragraph | m.Heading)
        for marker in markers(block.children)
        if marker.startswith("Z")
    ]
    assert all_markers == [f"Z{n}" for n in range(1, 72)]


def test_amendment_and_edition_files_that_leave_the_book_are_not_read(
    book: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "geheim.md"
    secret.write_text("---\nnummer: Ä99\n---\n\nStreiche „Bochum“.\n", encoding="utf-8")
    (book / "antraege" / "ae99.md").symlink_to(secret)
    (book / "ausgaben" / "fremd.json").symlink_to(Path("../kapitel"))
    report = check_amendments(book)
    shown = [str(p) for p in report.problems]
    assert (
        f"book/antraege/ae99.md: the file is outside the book (it links to {secret}) – "
        "copy the file into the book folder"
    ) in shown
    assert (
        "book/ausgaben/fremd.json: the file cannot be read – it is a folder; use a regular "
        "file that can be read"
    ) in shown
