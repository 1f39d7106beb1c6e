"""``publish amend``: freeze, check, apply and import from the command line, with their
output word for word; the edition frozen from a real build."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.amend.edition import Edition, fingerprint, load_editions
from publish.cli import main

ANTRAEGE = Path(__file__).resolve().parent / "books" / "antraege"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANTRAEGE, tmp_path / "book")
    return Path("book")


def run(*args: str, lang: str = "en") -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["amend", *args], env={"PUBLISH_LANG": lang})
    return result.exit_code, result.output.splitlines()


def fix(book: Path) -> None:
    for name, old, new in (
        ("ae09.md", "status: übernommen", "status: abgelehnt"),
        ("ae10.md", "zeilen: 57-58", "zeilen: 54-55"),
    ):
        path = book / "antraege" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_check_prints_every_problem_and_a_table(book: Path) -> None:
    code, lines = run("check", "book")
    assert code == 1
    assert lines[:3] == [
        "✗ book/antraege/ae09.md:10:1: Ä9 and Ä1 change the same text in line 17 – Ä1 is at "
        "book/antraege/ae01.md:16:1; only one of them can be adopted as written: set the other "
        "to „abgelehnt“ or „erledigt“, or adopt one as „modifiziert übernommen“ with both "
        "changes",
        "✗ book/antraege/ae10.md:10:9: „ein Drittel“ is in lines 54–55, not 57–58 – write "
        "„zeilen: 54–55“",
        "! warning: book/antraege/ae11.md:3:1: Ä11 cites the older edition entwurf-2025-03-01: "
        "in edition entwurf-2025-03-15 its text is on page 5, line 35 (was page 5, line 32) – "
        "check it, then write „ausgabe: entwurf-2025-03-15“, „seite: 5“ and „zeilen: 35“",
    ]
    rows = [line.split() for line in lines[3:-1]]
    assert rows[0] == ["No.", "Lines", "Status", "Result"]
    assert rows[2] == ["Ä1", "17", "übernommen", "ok"]
    assert rows[5] == ["Ä4", "23", "modifiziert", "übernommen", "ok"]
    assert rows[10] == ["Ä9", "17", "übernommen", "1", "problem(s)"]
    assert rows[12] == ["Ä11", "35", "übernommen", "re-anchored"]
    assert lines[-1] == "Error: 2 problems in 16 amendments"


def test_check_passes_after_the_office_fixed_the_set(book: Path) -> None:
    fix(book)
    code, lines = run("check", "book")
    assert code == 0
    assert lines[-1] == (
        "16 amendments checked against edition entwurf-2025-03-15: no problems (1 warning)"
    )
    code, lines = run("check", "book", "--strict")
    assert code == 1 and lines[-1] == "Error: 1 warning in 16 amendments (--strict)"
    code, lines = run("check", "book", lang="de")
    assert lines[-1] == (
        "16 Anträge gegen die Ausgabe entwurf-2025-03-15 geprüft: keine Probleme (1 Warnung)"
    )
    assert lines[1].split() == ["Nr.", "Zeilen", "Status", "Ergebnis"]


def test_check_without_amendments_or_edition(book: Path) -> None:
    shutil.rmtree(book / "antraege")
    assert run("check", "book") == (0, ["no amendments in book/antraege"])
    shutil.copytree(ANTRAEGE / "antraege", book / "antraege")
    shutil.rmtree(book / "ausgaben")
    code, lines = run("check", "book")
    assert code == 1
    assert lines[0] == (
        "✗ book/ausgaben: no frozen edition: the amendments cannot be checked – build the book "
        "(publish build), then freeze its edition (publish amend freeze)"
    )


def test_apply_and_its_output(book: Path) -> None:
    code, lines = run("apply", "book", "--into", "beschluss")
    assert code == 1 and lines[-1] == "1 problem in the book source; nothing was written."
    fix(book)
    code, lines = run(
        "apply", "book", "--into", "beschluss", "--status", "Beschluss", "--date", "2025-04-05"
    )
    assert code == 0, lines
    assert lines[-2:] == [
        "applied 10 adopted amendments (12 changes) to 2 files",
        "the adopted text is in beschluss: build it with publish build beschluss",
    ]
    assert "status: Beschluss" in (Path("beschluss") / "book.yaml").read_text("utf-8")
    code, lines = run("apply", "book", "--into", "beschluss")
    assert (code, lines[-1]) == (
        1,
        "Error: beschluss already exists and is not empty: choose a new folder",
    )


def test_import_and_its_output(book: Path) -> None:
    shutil.rmtree(book / "antraege")
    Path("antraege.csv").write_text(
        "Nr.,Zeile,Antragsteller*innen,Änderung\n"
        'Ä1,17,Jana Beispiel,"Ersetze „bis 2035“ durch „bis 2030“."\n',
        encoding="utf-8",
    )
    assert run("import", "antraege.csv", "--into", "book/antraege") == (
        0,
        ["1 amendment file written into book/antraege"],
    )
    assert run("check", "book")[1][-1] == (
        "1 amendment checked against edition entwurf-2025-03-15: no problems"
    )
    assert run("check", "book", lang="de")[1][-1] == (
        "1 Antrag gegen die Ausgabe entwurf-2025-03-15 geprüft: keine Probleme"
    )
    amendment = book / "antraege" / "ae01.md"
    amendment.write_text(amendment.read_text("utf-8").replace('"17"', '"18"'), "utf-8")
    assert run("check", "book")[1][-1] == "Error: 1 problem in 1 amendment"
    assert run("check", "book", lang="de")[1][-1] == "Error: 1 Problem in 1 Antrag"


def test_every_amend_command_has_examples() -> None:
    for command in ("freeze", "check", "apply", "import", "build"):
        result = CliRunner().invoke(main, ["amend", command, "--help"])
        assert result.exit_code == 0 and "Examples:" in result.output, command
    overview = CliRunner().invoke(main, ["amend", "--help"])
    assert "publish amend freeze book" in overview.output


def test_freeze_needs_a_build(book: Path) -> None:
    code, lines = run("freeze", "book")
    assert (code, lines) == (
        1,
        [
            "Error: dist/musterstadt.layout.json does not exist – build the book first: "
            "publish build book --out dist"
        ],
    )
    assert run("freeze", "book", "--name", "Entwurf 1")[1] == [
        "Error: the edition name „Entwurf 1“ is not valid – use lower case letters, digits and "
        "hyphens, e.g. entwurf-2020-10-29"
    ]


def test_freeze_an_edition_from_a_build(book: Path) -> None:
    """The edition frozen from a fresh build has the committed edition's text, block for
    block (its line breaks may differ as the layout improves: the committed edition stays
    the reference that the amendments cite)."""
    committed = load_editions(book).current
    assert committed is not None
    shutil.rmtree(book / "ausgaben")
    result = CliRunner().invoke(main, ["build", "book", "--format", "pdf", "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    code, lines = run("freeze", "book")
    assert code == 0
    assert lines[0].startswith("froze edition entwurf-2025-03-15: 7 pages, ")
    assert lines[0].endswith(" lines → book/ausgaben/entwurf-2025-03-15.json")
    assert lines[1] == "amendments cite it with „ausgabe: entwurf-2025-03-15“"
    fresh = Edition.from_json(
        (book / "ausgaben" / "entwurf-2025-03-15.json").read_text(encoding="utf-8")
    )
    assert {k: b.raw for k, b in fresh.blocks.items()} == {
        k: b.raw for k, b in committed.blocks.items()
    }
    assert fresh.sources == committed.sources
    assert run("freeze", "book")[1][0] == (
        "edition entwurf-2025-03-15 is frozen already, with the same lines: "
        "book/ausgaben/entwurf-2025-03-15.json"
    )
    # an edition of that name with other lines is refused: amendments cite it
    path = book / "ausgaben" / "entwurf-2025-03-15.json"
    other = tuple(
        replace(line, text=line.text.replace("Präambel", "Vorwort")) for line in fresh.lines
    )
    path.write_text(replace(fresh, lines=other, fingerprint=fingerprint(other)).to_json(), "utf-8")
    assert run("freeze", "book")[1] == [
        "Error: book/ausgaben/entwurf-2025-03-15.json: edition entwurf-2025-03-15 is already "
        "frozen with other lines – amendments cite it: give the new edition its own date "
        "(metadata.date in book.yaml) or name (--name)"
    ]
    code, lines = run("freeze", "book", "--name", "entwurf-2")
    assert code == 0 and lines[0].startswith("froze edition entwurf-2: ")
    assert [e.name for e in load_editions(book)] == ["entwurf-2025-03-15", "entwurf-2"]
    # a layout map that belongs to another text is refused
    chapter = book / "kapitel" / "01-praeambel.md"
    chapter.write_text(chapter.read_text("utf-8").replace("großen", "sehr großen"), "utf-8")
    assert run("freeze", "book", "--name", "entwurf-3")[1] == [
        "Error: book/kapitel/01-praeambel.md:3: the layout map dist/musterstadt.layout.json was "
        "not made from this text – build the book again (publish build), then freeze the edition",
        "1 problem in the book source; nothing was written.",
    ]


def test_bad_input_never_gives_a_traceback(book: Path) -> None:
    """Damaged amendments, editions and tables: messages and exit code 1, never a crash."""
    (book / "antraege" / "kaputt.md").mkdir()
    (book / "antraege" / "leer.md").write_text("", encoding="utf-8")
    (book / "antraege" / "binaer.md").write_bytes(b"---\n\xff\xfe\x00\n---\n")
    (book / "antraege" / "liste.md").write_text("---\n- a\n---\nStreiche „a“.\n", "utf-8")
    (book / "antraege" / "offen.md").write_text("---\nnummer: [\n", encoding="utf-8")
    edition = book / "ausgaben" / "entwurf-2025-03-15.json"
    text = edition.read_text("utf-8").replace("kapitel/01-praeambel.md", "../../../etc/passwd")
    committed = Edition.from_json(edition.read_text("utf-8"))
    lines = tuple(
        replace(line, block=line.block.replace("kapitel/01-praeambel.md", "../../etc/passwd"))
        for line in committed.lines
    )
    (book / "ausgaben" / "entwurf-2099-01-01.json").write_text(
        replace(
            committed,
            name="entwurf-2099-01-01",
            sequence=3,
            lines=lines,
            fingerprint=fingerprint(lines),
        ).to_json(),
        "utf-8",
    )
    (book / "ausgaben" / "kaputt.json").write_text(text[:100], "utf-8")
    Path("kaputt.ods").write_bytes(b"PK\x03\x04 not really")
    Path("seltsam.csv").write_bytes(b"Nr.,Zeile\n\x00\n")
    for args in (
        ["check", "book"],
        ["apply", "book", "--into", "neu"],
        ["apply", "nirgends", "--into", "neu2"],
        ["import", "kaputt.ods", "--into", "book/antraege"],
        ["import", "seltsam.csv", "--into", "book/antraege"],
        ["freeze", "book", "--out", "nirgends"],
    ):
        result = CliRunner().invoke(main, ["amend", *args])
        assert result.exit_code == 1, (args, result.output, result.exception)
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert "Traceback" not in result.output
    _, lines = run("check", "book")
    damaged = [line for line in lines if line.startswith("✗") and "/ae" not in line]
    assert damaged == [
        "✗ book/ausgaben/kaputt.json: not an edition file (not valid JSON in line 3) – restore "
        "it as it was frozen (it is the reference amendments cite), or freeze it again with "
        "publish amend freeze",
        "✗ book/antraege/binaer.md:2: the file is not UTF-8 text – save it with the encoding UTF-8",
        "✗ book/antraege/kaputt.md: the file cannot be read – it is a folder; use a regular "
        "file that can be read",
        "✗ book/antraege/leer.md:1: the file must begin with its header – write the header "
        "between two lines „---“ at the top: nummer, ausgabe, zeilen, antragsteller, status",
        "✗ book/antraege/liste.md:2:1: expected a mapping of keys, found a list",
        "✗ book/antraege/offen.md:1: the header is not closed – end it with a line „---“",
    ]


def test_verbose_steps(book: Path) -> None:
    fix(book)
    result = CliRunner().invoke(main, ["amend", "apply", "book", "--into", "neu", "-v"])
    assert result.exit_code == 0, result.output
    steps = [line.split("s  ", 1)[1] for line in result.stderr.splitlines() if " s  " in line]
    assert steps == [
        "reading the amendments and the editions",
        "checked 16 amendments against edition entwurf-2025-03-15",
        "placing the changes of 10 adopted amendments in the Markdown",
        "writing neu and reading it back as a book",
        "done",
    ]
    result = CliRunner().invoke(main, ["amend", "check", "book", "-v"])
    assert [line.split("s  ", 1)[1] for line in result.stderr.splitlines()] == [
        "reading the amendments and the editions",
        "checked 16 amendments against edition entwurf-2025-03-15",
        "placing the changes in the Markdown",
    ]


def test_import_says_what_to_check_and_what_it_left_out(book: Path) -> None:
    """A table saved by Excel as „CSV“ (Windows-1252, semicolons, CRLF) with a form's extra
    column: imported, with a warning to check the umlauts and the column named."""
    shutil.rmtree(book / "antraege")
    rows = [
        "Nr.;Zeilen;Antragsteller*innen;Änderung;Begründung;E-Mail",
        "Ä1;17;Jörg Müller;Ersetze „bis 2035“ durch „bis 2030“.;Weil;jm@example.org",
    ]
    Path("excel.csv").write_bytes("\r\n".join(rows).encode("cp1252"))
    for lang, expected in (
        (
            "en",
            [
                "warning: excel.csv:1: the table is not UTF-8 text; read as Windows-1252 "
                "(Excel's „CSV“): „Änderung“ – check the umlauts in the files written, or save "
                "the table as „CSV UTF-8“",
                "columns left out (not a field of an amendment): „E-Mail“",
                "1 amendment file written into book/antraege",
            ],
        ),
        (
            "de",
            [
                "Warnung: excel.csv:1: die Tabelle ist kein UTF-8-Text; gelesen als "
                "Windows-1252 (Excels „CSV“): „Änderung“ – prüfen Sie die Umlaute in den "
                "geschriebenen Dateien, oder speichern Sie die Tabelle als „CSV UTF-8“",
                "nicht übernommene Spalten (kein Feld eines Antrags): „E-Mail“",
                "0 Antragsdateien in book/antraege geschrieben",  # the same files: kept
            ],
        ),
    ):
        code, lines = run("import", "excel.csv", "--into", "book/antraege", lang=lang)
        assert code == 0 and lines[: len(expected)] == expected, lines
    text = (book / "antraege" / "ae01.md").read_text(encoding="utf-8")
    assert '  - "Jörg Müller"' in text and "Ersetze „bis 2035“ durch „bis 2030“." in text
