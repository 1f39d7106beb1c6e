"""Importing amendments from a table: one row per amendment → one amendment file each.

Offices collect amendments in a spreadsheet or a web form whose export is one: a CSV file
(comma, semicolon or tab) or an OpenDocument spreadsheet (``.ods``, read from its
``content.xml`` with lxml). A CSV file is UTF-8, or what Excel writes as „CSV“ where it
does not write UTF-8 (Windows-1252, or Mac OS Roman on older Macs): read as the one that
gives German text, with a warning (:func:`decode_table`). The first row names the columns;
they are recognised by name, in German or English, whatever their order (:data:`COLUMNS`);
other columns (a time stamp, an e-mail address) are left out, and said so. The column
„Änderung“ holds the changes in the same plain German as an amendment file.

Every row becomes the text of an amendment file, which is read back with the file
reader: a problem is reported at the table's file and row, with the column it is in.
Nothing is written unless every row is right; files that exist with the same text are
left alone, files that exist with another text are not overwritten.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from publish.amend.edition import load_editions
from publish.amend.model import Status
from publish.amend.read import parse_amendment
from publish.errors import BookError, Diagnostic, PublishError, SourceLocation, display_path
from publish.messages import translate
from publish.read.book import CONTROL

#: The columns: the header key they fill → the column names that mean it (compared in
#: lower case, without spaces, stars, colons and dots).
COLUMNS: dict[str, tuple[str, ...]] = {
    "nummer": ("nr", "nummer", "antragsnummer", "antragsnr", "kürzel", "number", "no"),
    "ausgabe": ("ausgabe", "edition"),
    "seite": ("seite", "s", "page"),
    "zeilen": ("zeile", "zeilen", "z", "line", "lines", "zeilennummer", "zeilennummern"),
    "antragsteller": (
        "antragsteller",
        "antragstellerinnen",
        "antragsteller:innen",
        "antragstellende",
        "antragsteller_innen",
        "einreicher",
        "einreichende",
        "movers",
        "moved by",
    ),
    "titel": ("titel", "title", "betreff"),
    "aenderung": ("änderung", "änderungen", "antragstext", "text", "change", "changes"),
    "modifiziert": ("modifizierte übernahme", "modifiziertübernommen", "modified"),
    "begruendung": ("begründung", "reasoning", "reason"),
    "status": ("status", "stand", "ergebnisstatus"),
    "votum": ("votum", "empfehlung", "verfahrensvorschlag", "recommendation"),
    "beschluss": ("beschluss", "ergebnis", "abstimmung", "decision"),
    "eingereicht_am": ("eingereicht am", "eingereicht", "eingang", "submitted"),
}
REQUIRED = ("nummer", "zeilen", "antragsteller", "aenderung")
#: How each column is named in messages.
NAMES = {
    "nummer": "Nr.",
    "ausgabe": "Ausgabe",
    "seite": "Seite",
    "zeilen": "Zeilen",
    "antragsteller": "Antragsteller*innen",
    "titel": "Titel",
    "aenderung": "Änderung",
    "modifiziert": "Modifizierte Übernahme",
    "begruendung": "Begründung",
    "status": "Status",
    "votum": "Votum",
    "beschluss": "Beschluss",
    "eingereicht_am": "Eingereicht am",
}
#: Words for a status that tables use besides the six of the format.
STATUS_WORDS = {"angenommen": "übernommen", "modifiziert angenommen": "modifiziert übernommen"}
MAX_CONTENT = 64 * 2**20
#: What Excel writes as „CSV“ where it does not write UTF-8, by the name messages give it.
LEGACY_ENCODINGS = {"cp1252": "Windows-1252", "mac_roman": "Mac OS Roman"}
#: Letters and signs of German text (and of its neighbours) outside ASCII. They tell the
#: legacy encodings apart: Windows-1252's „ä“ is Mac OS Roman's „‰“, and Mac OS Roman's
#: „ä“ is Windows-1252's „Š“.
TEXT_SIGNS = frozenset("äöüÄÖÜßẞéèêëàâçñôûîïóáúíÉÈÀÇ„“‚‘’”–—…€§°½¼¾«»·")


@dataclass(frozen=True)
class Imported:
    """What importing a table did: the files written, what to check in them (a table that
    was not UTF-8), and the table's columns that were left out (by their names)."""

    written: list[Path]
    warnings: tuple[Diagnostic, ...] = ()
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """The rows of a table, the names of the columns left out, and what to check."""

    rows: list[Row]
    left_out: tuple[str, ...]
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Row:
    """A row of the table: its number as a spreadsheet shows it (the header is row 1),
    where it begins in the file (a line of the CSV file, a row of the sheet), and its
    cells by column key."""

    number: int
    line: int
    cells: dict[str, str]


def _key(header: str) -> str:
    return re.sub(r"[\s*.:]+", "", header.lower())


_ALIASES = {_key(name): key for key, names in COLUMNS.items() for name in names}


def read_rows(path: Path) -> Table:
    """The rows of a CSV or ODS table by column key, and the columns left out."""
    file = display_path(path)
    warnings: tuple[Diagnostic, ...] = ()
    if path.suffix.lower() == ".ods":
        raw = list(_ods_rows(path, file))
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        text, warning = decode_table(path.read_bytes(), file)
        warnings = (warning,) if warning else ()
        raw = list(_csv_rows(text, file))
    else:
        raise PublishError(
            translate(
                f"{file}: cannot import „{path.suffix or path.name}“ files – save the table as "
                "CSV (UTF-8) or OpenDocument (.ods)"
            )
        )
    if not raw:
        raise PublishError(
            translate(f"{file}: the table is empty – the first row names the columns")
        )
    _, header_line, header = raw[0]
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        key = _ALIASES.get(_key(name))
        if key is None or key in columns.values():
            if name.strip():
                ignored.append(name.strip())
            continue
        columns[index] = key
    missing = [NAMES[key] for key in REQUIRED if key not in columns.values()]
    if missing:
        where = SourceLocation(file, header_line)
        raise BookError(
            [
                Diagnostic(
                    where,
                    f"the table has no column „{missing[0]}“",
                    "name the columns in the first row: Nr., Seite, Zeilen, "
                    "Antragsteller*innen, Änderung, Begründung, Status",
                )
            ]
        )
    rows = []
    for number, line, cells in raw[1:]:
        values = {key: cells[i].strip() if i < len(cells) else "" for i, key in columns.items()}
        if any(values.values()):
            rows.append(Row(number, line, values))
    return Table(rows, tuple(ignored), warnings)


def decode_table(data: bytes, file: str) -> tuple[str, Diagnostic | None]:
    """A CSV file's text: UTF-8 (with or without a byte order mark), else the legacy
    encoding (:data:`LEGACY_ENCODINGS`) that gives the most German letters and signs and
    fewer of anything else, with a warning at the first line that is not UTF-8. Refused if
    none does, or if the text would hold control characters (not a table)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    best: tuple[int, str, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text.replace("\0", "\x01")):
            break  # the same bytes in every one of them: not text
        beyond = [char for char in text if ord(char) > 127]
        signs = sum(char in TEXT_SIGNS for char in beyond)
        score = signs - (len(beyond) - signs)
        if score > 0 and (best is None or score > best[0]):
            best = (score, encoding, text)
    if best is None:
        raise BookError(
            [
                Diagnostic(
                    SourceLocation(file, line),
                    "the table is not UTF-8 text",
                    "save it as „CSV UTF-8“ (Excel) or with the character set UTF-8",
                )
            ]
        )
    _, encoding, text = best
    name = LEGACY_ENCODINGS[encoding]
    word = _first_word_beyond_ascii(text.split("\n")[line - 1])
    warning = Diagnostic(
        SourceLocation(file, line),
        f"the table is not UTF-8 text; read as {name} (Excel's „CSV“): „{word}“",
        "check the umlauts in the files written, or save the table as „CSV UTF-8“",
    )
    return text, warning


def _first_word_beyond_ascii(line: str) -> str:
    """The first word of ``line`` (between spaces, quotes and the separators) with a
    character beyond ASCII, as read."""
    words = re.split(r"[\s;,\"]+", line)
    return next((word for word in words if not word.isascii()), "")[:40]


def _csv_rows(text: str, file: str) -> Iterator[tuple[int, int, list[str]]]:
    """The records of a CSV file: their number (the header is 1), first line, cells."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise BookError(
            [Diagnostic(SourceLocation(file, line), f"not a valid CSV row ({error})")]
        ) from None


TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods_rows(path: Path, file: str) -> Iterator[tuple[int, int, list[str]]]:
    """The rows of the first sheet of an OpenDocument spreadsheet, numbered as the sheet
    shows them."""
    try:
        with zipfile.ZipFile(path) as archive:
            entry = archive.getinfo("content.xml")
            if entry.file_size > MAX_CONTENT:
                raise PublishError(translate(f"{file}: the sheet is too large to import"))
            content = archive.read(entry)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(content, parser)
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        raise PublishError(
            translate(f"{file}: not an OpenDocument spreadsheet – save the table as .ods or CSV")
        ) from None
    sheet = root.find(f".//{{{TABLE}}}table")
    if sheet is None:
        return
    number = 0
    for row in sheet.iter(f"{{{TABLE}}}table-row"):
        repeat = _count(row.get(f"{{{TABLE}}}number-rows-repeated"))
        cells: list[str] = []
        for cell in row:
            if cell.tag not in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
                continue
            value = _cell_text(cell)
            count = _count(cell.get(f"{{{TABLE}}}number-columns-repeated"))
            cells += [value] * (min(count, 64) if value else min(count, 1))
        if any(cells):
            for offset in range(min(repeat, 10_000)):
                yield number + 1 + offset, number + 1 + offset, cells
        number += repeat


def _count(value: str | None) -> int:
    """A repetition count of the sheet (1 if missing or not a number)."""
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: its paragraphs one a line, ``text:s`` as spaces."""
    paragraphs = cell.findall(f"{{{TEXT}}}p")
    return "\n".join(_inline_text(p) for p in paragraphs)


def _inline_text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = etree.QName(child).localname
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- Rows → amendment files ---------------------------------------------------------------


def file_name(number: str) -> str:
    """„Ä3“ → ``ae03.md``, „Ä12.1“ → ``ae12-1.md``, others by their letters."""
    match = re.fullmatch(r"[ÄäAa][Ee]?\s*(\d+)(.*)", number.strip())
    if match:
        rest = re.sub(r"[^a-z0-9]+", "-", match.group(2).lower()).strip("-")
        return f"ae{int(match.group(1)):02d}{'-' + rest if rest else ''}.md"
    slug = re.sub(r"[^a-z0-9]+", "-", number.lower().replace("ä", "ae")).strip("-")
    return f"{slug or 'antrag'}.md"


def _yaml(value: str) -> str:
    """A YAML scalar: JSON's double-quoted string is one."""
    return json.dumps(value, ensure_ascii=False)


def _lines(cell: str) -> str:
    text = re.sub(r"^\s*(?:zeilen?|z\.?)\s*(?=\d)", "", cell, flags=re.IGNORECASE)
    return re.sub(r"\s*(?:bis|–|—|-)\s*", "-", text.strip())


def _page(cell: str) -> str:
    return re.sub(r"^\s*(?:seite|s\.?)\s*(?=\d)", "", cell, flags=re.IGNORECASE).strip()


def row_text(row: Row, edition: str) -> tuple[str, dict[int, str]]:
    """The amendment file of a row, and which column each of its lines comes from."""
    cells = row.cells
    lines: list[str] = ["---"]
    origin: dict[int, str] = {}

    def add(key: str, text: str, column: str) -> None:
        for part in text.split("\n"):
            lines.append(part)
            origin[len(lines)] = column

    add("nummer", f"nummer: {_yaml(cells['nummer'])}", "nummer")
    if cells.get("titel"):
        add("titel", f"titel: {_yaml(cells['titel'])}", "titel")
    add("ausgabe", f"ausgabe: {_yaml(cells.get('ausgabe') or edition)}", "ausgabe")
    if cells.get("seite"):
        add("seite", f"seite: {_yaml(_page(cells['seite']))}", "seite")
    add("zeilen", f"zeilen: {_yaml(_lines(cells['zeilen']))}", "zeilen")
    movers = [m.strip() for m in re.split(r"[;\n]", cells["antragsteller"]) if m.strip()]
    add("antragsteller", "antragsteller:", "antragsteller")
    for mover in movers or [""]:
        add("antragsteller", f"  - {_yaml(mover)}", "antragsteller")
    if cells.get("eingereicht_am"):
        add("eingereicht_am", f"eingereicht_am: {_yaml(cells['eingereicht_am'])}", "eingereicht_am")
    written = " ".join(cells.get("status", "").split()) or "eingereicht"
    known = STATUS_WORDS.get(written.lower(), written.lower())
    status = known if known in {s.value for s in Status} else written
    add("status", f"status: {_yaml(status)}", "status")
    for key in ("votum", "beschluss"):
        if cells.get(key):
            add(key, f"{key}: {_yaml(cells[key])}", key)
    lines.append("---")
    lines.append("")
    add("aenderung", cells["aenderung"].strip(), "aenderung")
    if cells.get("modifiziert"):
        lines += ["", "## Modifizierte Übernahme", ""]
        add("modifiziert", cells["modifiziert"].strip(), "modifiziert")
    if cells.get("begruendung"):
        lines += ["", "## Begründung", ""]
        add("begruendung", cells["begruendung"].strip(), "begruendung")
    return "\n".join(lines) + "\n", origin


def import_table(table: Path, into: Path, edition: str | None = None) -> Imported:
    """Write one amendment file per row of ``table`` into ``into`` (the book's amendments
    folder); returns the files written, with what to check and the columns left out."""
    file = display_path(table)
    if edition is None:
        current = load_editions(into.parent).current
        if current is None:
            raise PublishError(
                translate(
                    f"{file}: which edition do the amendments cite? No edition is frozen in "
                    f"{display_path(into.parent / 'ausgaben')} – give it with --ausgabe, or "
                    "freeze it first (publish amend freeze)"
                )
            )
        edition = current.name
    read = read_rows(table)
    if not read.rows:
        raise PublishError(
            translate(f"{file}: the table has no amendments – only the row of column names")
        )
    problems: list[Diagnostic] = []
    planned: dict[Path, str] = {}
    numbers: dict[str, int] = {}
    for row in read.rows:
        where = SourceLocation(file, row.line)
        index = row.number
        controls = _controls(where, row)
        if controls:
            problems += controls
            continue
        number = row.cells["nummer"]
        if not row.cells["nummer"]:
            problems.append(
                _in_row(where, index, "nummer", "the cell is empty", "write the number, e.g. Ä3")
            )
            continue
        if number in numbers:
            problems.append(
                _in_row(
                    where,
                    index,
                    "nummer",
                    f"the number {number} is used twice",
                    f"row {numbers[number]} has it too",
                )
            )
            continue
        numbers[number] = index
        text, origin = row_text(row, edition)
        _, found = parse_amendment(text, "row")
        for problem in found:
            column = origin.get(problem.location.line or 0, "aenderung")
            problems.append(_in_row(where, index, column, problem.message, problem.hint))
        target = into / file_name(number)
        if target in planned:
            problems.append(
                _in_row(
                    where,
                    index,
                    "nummer",
                    f"{number} gives the file name {target.name} again",
                    "give each amendment its own number",
                )
            )
        planned[target] = text
    for target, text in planned.items():
        if target.exists() and target.read_text(encoding="utf-8") != text:
            problems.append(
                Diagnostic(
                    SourceLocation(display_path(target)),
                    "the file exists already, with another text",
                    "remove it first if the table is to replace it",
                )
            )
    if problems:
        raise BookError(problems)
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for target, text in planned.items():
        if target.exists():
            continue
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return Imported(written, read.warnings, read.left_out)


def _controls(where: SourceLocation, row: Row) -> list[Diagnostic]:
    """A problem for each cell of ``row`` with a control character (as in a file of the
    book: invisible, no output can show it)."""
    problems = []
    for column, value in row.cells.items():
        if control := CONTROL.search(value.replace("\0", "\x01")):
            code = f"U+{ord(value[control.start()]):04X}"
            message = f"the cell contains a control character ({code})"
            hint = "remove it; it is invisible and no output can show it"
            problems.append(_in_row(where, row.number, column, message, hint))
    return problems


def _in_row(
    where: SourceLocation, row: int, column: str, message: str, hint: str = ""
) -> Diagnostic:
    """A problem in a cell: the row and column are said in the message (translated when
    the message is made: they stand in a placeholder)."""
    return Diagnostic(
        where,
        f"row {row}, column „{NAMES[column]}“: {translate(message)}",
        translate(hint) if hint else "",
    )
