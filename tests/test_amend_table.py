"""Amendments from a table (CSV, ODS): one row per amendment → one amendment file each,
problems named by row and column."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.amend.check import check_book
from publish.amend.read import read_amendment
from publish.amend.table import file_name, import_table
from publish.errors import BookError, PublishError

ANTRAEGE = Path(__file__).resolve().parent / "books" / "antraege"
HEADER = (
    "Nr.;Seite;Zeilen;Antragsteller*innen;Änderung;Modifizierte Übernahme;Begründung;Status;"
    "Zeitstempel"
)


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test book without its amendments, as ``book/`` in the current folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANTRAEGE, tmp_path / "book")
    shutil.rmtree(tmp_path / "book" / "antraege")
    return Path("book")


def csv_file(rows: list[str], header: str = HEADER) -> Path:
    path = Path("antraege.csv")
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


ROWS = [
    'Ä1;S. 5;Z. 17;"Jana Beispiel (OV Nord); Tom Muster (OV Nord)";Ersetze „bis 2035“ durch '
    "„bis 2030“.;;Der Weltklimarat zeigt es.;Übernommen;2025-03-20 10:12",
    "Ä4;5;23;Lea Sonnenschein;Ersetze „20 Prozent“ durch „50 Prozent“.;Ersetze „20 Prozent“ "
    "durch „35 Prozent“.;Mehr Solaranlagen.;modifiziert übernommen;",
    'Ä5;5;26 bis 28;OV Süd;"Füge nach Zeile 28 einen neuen Absatz ein:\n\nMusterstadt tritt dem '
    'Bündnis bei.";;Verbindlichkeit.;angenommen;',
    'Ä12;7;57–60;Mieter*inneninitiative Musterstadt;"Ersetze „30 Prozent“ durch „40 Prozent“.\n'
    'Ersetze „und“ (3. Vorkommen) durch „sowie“.";;;eingereicht;',
]


def test_csv_rows_become_amendment_files(book: Path) -> None:
    imported = import_table(csv_file(ROWS), book / "antraege")
    assert [p.name for p in imported.written] == ["ae01.md", "ae04.md", "ae05.md", "ae12.md"]
    assert imported.warnings == ()
    assert imported.left_out == ("Zeitstempel",)
    assert (book / "antraege" / "ae01.md").read_text(encoding="utf-8") == (
        "---\n"
        'nummer: "Ä1"\n'
        'ausgabe: "entwurf-2025-03-15"\n'
        'seite: "5"\n'
        'zeilen: "17"\n'
        "antragsteller:\n"
        '  - "Jana Beispiel (OV Nord)"\n'
        '  - "Tom Muster (OV Nord)"\n'
        'status: "übernommen"\n'
        "---\n"
        "\n"
        "Ersetze „bis 2035“ durch „bis 2030“.\n"
        "\n"
        "## Begründung\n"
        "\n"
        "Der Weltklimarat zeigt es.\n"
    )
    report = check_book(book)
    assert report.problems == ()
    read = {a.number: a for a in report.read}
    assert read["Ä4"].status.value == "modifiziert übernommen"
    assert [op.new for op in read["Ä4"].modified] == ["35 Prozent"]  # type: ignore[union-attr]
    assert read["Ä5"].status.value == "übernommen" and str(read["Ä5"].lines) == "26–28"
    assert [op.verb for op in read["Ä12"].operations] == ["replace", "replace"]
    # the same rows as the files written by hand: the same changes
    original, _ = read_amendment(ANTRAEGE / "antraege" / "ae12.md", ANTRAEGE)
    assert original is not None
    assert [(op.verb, op.passage.text, op.new) for op in read["Ä12"].operations] == [  # type: ignore[union-attr]
        (op.verb, op.passage.text, op.new)
        for op in original.operations  # type: ignore[union-attr]
    ]
    # importing again changes nothing
    assert import_table(csv_file(ROWS), book / "antraege").written == []


def test_problems_are_named_by_row_and_column(book: Path) -> None:
    rows = [
        *ROWS[:2],
        "Ä6;5;35;Max Eilig;Ersetze „zehn Minuten“ durch „fünf Minuten“.;;;vertagt;",
        "Ä7;5;zwölf;Grüne Jugend;Ersetzt „bis 2035“ mit „bis 2032“.;;;eingereicht;",
        "Ä1;5;17;Doppelt;Streiche „bis 2035“.;;;eingereicht;",
        ";5;17;Ohne Nummer;Streiche „bis 2035“.;;;eingereicht;",
    ]
    with pytest.raises(BookError) as refused:
        import_table(csv_file(rows), book / "antraege")
    assert [str(d) for d in refused.value.diagnostics] == [
        "antraege.csv:4: row 4, column „Status“: „vertagt“ is not a status – use one of "
        "eingereicht, übernommen, modifiziert übernommen, abgelehnt, zurückgezogen, erledigt",
        "antraege.csv:5: row 5, column „Zeilen“: „zwölf“ is not a line or a range of lines – "
        "write one line (345) or a range (345-347)",
        "antraege.csv:5: row 5, column „Änderung“: „Ersetzt „bis 2035“ mit „bis 2032“.“ is not a "
        "change – write it as one of: Ersetze „…“ durch „…“. · Streiche „…“. · Füge nach „…“ "
        "ein: „…“. · Füge vor „…“ ein: „…“. · Füge nach Zeile N einen neuen Absatz ein:",
        "antraege.csv:6: row 6, column „Nr.“: the number Ä1 is used twice – row 2 has it too",
        "antraege.csv:7: row 7, column „Nr.“: the cell is empty – write the number, e.g. Ä3",
    ]
    assert not (book / "antraege").exists()  # nothing written


def test_table_problems(book: Path) -> None:
    with pytest.raises(BookError) as missing:
        import_table(csv_file(["Ä1;5;17;X"], "Nr.;Seite;Zeilen;Antragsteller"), book / "antraege")
    assert str(missing.value.diagnostics[0]) == (
        "antraege.csv:1: the table has no column „Änderung“ – name the columns in the first "
        "row: Nr., Seite, Zeilen, Antragsteller*innen, Änderung, Begründung, Status"
    )
    with pytest.raises(PublishError) as header_only:
        import_table(csv_file([]), book / "antraege")
    assert header_only.value.message == (
        "antraege.csv: the table has no amendments – only the row of column names"
    )
    # neither UTF-8 nor text in an encoding Excel writes: random bytes, control characters
    Path("binary.csv").write_bytes(HEADER.encode() + b"\n\x00\x9d\x8f\xff\x01\xfe;5\n")
    with pytest.raises(BookError) as binary:
        import_table(Path("binary.csv"), book / "antraege")
    assert str(binary.value.diagnostics[0]) == (
        "binary.csv:2: the table is not UTF-8 text – save it as „CSV UTF-8“ (Excel) or with the "
        "character set UTF-8"
    )
    csv_file(["Ä1;5;17;Jana;Streiche „bis 2035“.;;Weil\x00 es;;"])
    with pytest.raises(BookError) as control:
        import_table(Path("antraege.csv"), book / "antraege")
    assert [str(d) for d in control.value.diagnostics] == [
        "antraege.csv:2: row 2, column „Begründung“: the cell contains a control character "
        "(U+0000) – remove it; it is invisible and no output can show it"
    ]
    (book / "antraege").mkdir()
    (book / "antraege" / "ae01.md").write_text("von Hand\n", encoding="utf-8")
    with pytest.raises(BookError) as exists:
        import_table(csv_file(ROWS[:1]), book / "antraege")
    assert str(exists.value.diagnostics[0]) == (
        "book/antraege/ae01.md: the file exists already, with another text – remove it first "
        "if the table is to replace it"
    )


def test_file_names() -> None:
    assert file_name("Ä3") == "ae03.md"
    assert file_name("Ä12.1") == "ae12-1.md"
    assert file_name("A 7") == "ae07.md"
    assert file_name("S-1") == "s-1.md"


def ods(rows: list[list[str]]) -> bytes:
    """A minimal OpenDocument spreadsheet: cells as a word processor writes them (one
    text:p per line, runs of spaces as text:s, empty cells repeated)."""

    def cell(value: str) -> str:
        if not value:
            return '<table:table-cell table:number-columns-repeated="3"/>'
        paragraphs = "".join(
            f"<text:p>{escape(line).replace('  ', ' <text:s/>')}</text:p>"
            for line in value.split("\n")
        )
        return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'

    body = "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>" for row in rows)
    body += (
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>'
        "</table:table-row>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="Anträge">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    data = Path("antraege.ods")
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return data.read_bytes()


def test_ods_rows_become_amendment_files(book: Path) -> None:
    ods(
        [
            ["Nr.", "Zeilen", "Antragsteller*innen", "Änderung", "Status"],
            [
                "Ä13",
                "66-67",
                "Sozialforum",
                "Streiche „personell“.\nErsetze „vier  Wochen“ durch „zwei Wochen“.",
                "",
            ],
            [""],
            [
                "Ä16",
                "65",
                "Inklusionsbeirat",
                "Füge vor „Stadtteilbüro“ ein: „barrierefreies“.",
                "übernommen",
            ],
        ]
    )
    written = import_table(Path("antraege.ods"), book / "antraege").written
    assert [p.name for p in written] == ["ae13.md", "ae16.md"]
    report = check_book(book)
    assert report.problems == ()
    assert [(a.number, a.status.value, len(a.operations)) for a in report.read] == [
        ("Ä13", "eingereicht", 2),
        ("Ä16", "übernommen", 1),
    ]
    Path("kaputt.ods").write_bytes(b"PK not a zip")
    with pytest.raises(Exception) as broken:
        import_table(Path("kaputt.ods"), book / "antraege")
    assert str(broken.value.message) == (  # type: ignore[attr-defined]
        "kaputt.ods: not an OpenDocument spreadsheet – save the table as .ods or CSV"
    )


@pytest.mark.parametrize(
    ("encoding", "name"), [("cp1252", "Windows-1252"), ("mac_roman", "Mac OS Roman")]
)
def test_what_excel_writes_as_csv_is_read_with_a_warning(
    book: Path, encoding: str, name: str
) -> None:
    """Excel's „CSV (Trennzeichen-getrennt)“ is Windows-1252 (Mac OS Roman on older Macs),
    not UTF-8: read as the encoding that gives German text, and said so."""
    Path("excel.csv").write_bytes("\r\n".join([HEADER, *ROWS[:2], ""]).encode(encoding))
    imported = import_table(Path("excel.csv"), book / "antraege")
    assert [str(w) for w in imported.warnings] == [
        f"excel.csv:1: the table is not UTF-8 text; read as {name} (Excel's „CSV“): "
        "„Änderung“ – check the umlauts in the files written, or save the table as „CSV UTF-8“"
    ]
    utf8 = book.parent / "utf8"
    shutil.copytree(book, utf8)
    shutil.rmtree(utf8 / "antraege")
    import_table(csv_file(ROWS[:2]), utf8 / "antraege")
    for written in imported.written:
        assert written.read_bytes() == (utf8 / "antraege" / written.name).read_bytes()
    assert check_book(book).problems == ()


def test_a_legacy_table_without_german_letters_is_refused(book: Path) -> None:
    """Bytes beyond ASCII that make no German text in either encoding are not guessed at."""
    header = b"Nr.;Seite;Zeilen;Antragsteller;Aenderung\n"
    Path("other.csv").write_bytes(header + b'A1;5;17;\xa9\xae\xb5\xb6;Streiche "x".\n')
    with pytest.raises(BookError) as refused:
        import_table(Path("other.csv"), book / "antraege")
    assert str(refused.value.diagnostics[0]).startswith("other.csv:2: the table is not UTF-8")


TABLE_TEXT = st.text(
    alphabet=st.sampled_from(list('Ää Öö Üü ß „“ ‚‘ – … € § ;,\t\n\r"abcÄ1-5 eE')), max_size=200
)


@given(
    head=st.sampled_from([HEADER, HEADER.replace(";", ","), "Nr.\tZeilen\tÄnderung"]),
    body=st.one_of(
        st.binary(max_size=300),
        st.tuples(TABLE_TEXT, st.sampled_from(["utf-8", "cp1252", "mac_roman"])).map(
            lambda text: text[0].encode(text[1], "replace")
        ),
    ),
)
@settings(max_examples=150, deadline=None)
def test_any_bytes_are_imported_or_refused_by_name(head: str, body: bytes) -> None:
    """Whatever a table holds (any bytes, or text in any encoding Excel writes), the import
    writes amendment files or refuses with messages naming the table; nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        book = root / "book"
        shutil.copytree(ANTRAEGE, book)
        shutil.rmtree(book / "antraege")
        table = root / "antraege.csv"
        table.write_bytes(head.encode("utf-8") + b"\n" + body)
        try:
            imported = import_table(table, book / "antraege")
        except BookError as refused:
            assert refused.diagnostics
            assert all(str(d.location).startswith(str(table)) for d in refused.diagnostics)
            assert not (book / "antraege").exists()
        except PublishError as refused:
            assert str(table) in refused.message
        else:
            for path in imported.written:
                assert read_amendment(path, book)[1] == ()
