"""book.yaml: the schema's errors name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOOK_YAML

from publish.errors import BookError
from publish.read.config import load_config

GOOD = BOOK_YAML.format(chapters="  - eins.md", extra="")


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "eins.md").write_text("# Eins\n", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        load_config(tmp_path / "book.yaml")
    prefix = str(tmp_path.resolve()) + "/"
    return [str(d).replace(prefix, "") for d in caught.value.diagnostics]


def test_good_config_loads(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "eins.md").write_text("# Eins\n", encoding="utf-8")
    config = load_config(tmp_path / "book.yaml")
    assert config.metadata.status_line == "Entwurf vom 29.10.2020"
    assert config.metadata.parties[0].short == "A"
    assert config.output.page_size == "A4"
    assert config.chapters == (tmp_path / "eins.md",)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = GOOD.replace("  rights:", "  rigths:")
    assert problems(tmp_path, text) == [
        "book.yaml:2:3: required key „rights“ is missing "
        "– add it: the copyright or licence statement",
        "book.yaml:11:3: unknown key „rigths“ – did you mean „rights“?",
    ]


def test_wrong_type_names_line_and_value(tmp_path: Path) -> None:
    text = GOOD.replace("date: 2020-10-29", "date: gestern").replace(
        'parties:\n    - name: "Partei A"\n      short: A', "parties: SPD"
    )
    assert problems(tmp_path, text) == [
        "book.yaml:4:12: expected a list, found „SPD“",
        "book.yaml:6:9: „gestern“ is not a date – write it as YYYY-MM-DD, e.g. 2020-10-29",
    ]


def test_missing_required_key(tmp_path: Path) -> None:
    text = GOOD.replace('  title: "Titel"\n', "")
    assert problems(tmp_path, text) == [
        "book.yaml:2:3: required key „title“ is missing – add it: the title on the cover, "
        "e.g. Bochum – Perspektiven von hier"
    ]


def test_not_yaml(tmp_path: Path) -> None:
    assert problems(tmp_path, "metadata: [unclosed\n") == [
        "book.yaml:2:1: not valid YAML: expected ',' or ']', but got '<stream end>' "
        "– check indentation and quotes"
    ]


def test_missing_and_duplicate_chapters(tmp_path: Path) -> None:
    text = GOOD.replace("  - eins.md\n", "  - eins.md\n  - fehlt.md\n  - eins.md\n")
    assert problems(tmp_path, text) == [
        "book.yaml:15:5: chapter file fehlt.md does not exist – check the name",
        "book.yaml:16:5: chapter eins.md is listed twice – first listed at line 14",
    ]


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_bytes(GOOD.replace("Titel", "Tütel").encode("latin-1"))
    with pytest.raises(BookError) as caught:
        load_config(tmp_path / "book.yaml")
    prefix = str(tmp_path.resolve()) + "/"
    assert [str(d).replace(prefix, "") for d in caught.value.diagnostics] == [
        "book.yaml:2: not UTF-8 (invalid start byte) – save the file as UTF-8"
    ]


# --- what the importer left: placeholders and guesses are warnings ---------------------------

#: A book.yaml as the importer leaves it: placeholders, guessed keys, the placeholder date.
IMPORTED = """\
# Imported from vertrag.md by publish's Markdown importer.
# Please check these keys, marked „guessed“ below (guessed from the source, or defaults):
#   subtitle, parties, status, date, output.name

metadata:
  title: "Ein Vertrag # guessed – please check"
  subtitle: "(bitte in book.yaml eintragen)"  # guessed – please check
  parties:  # guessed – please check
    - name: "SPD"
      short: "(bitte in book.yaml eintragen)"
  status: "Fassung"  # guessed – please check
  date: 1970-01-01  # guessed – please check
  language: de-DE
  identifier: "urn:uuid:2b1f0a52-6f6c-4d59-9a57-0d6f3c1e8a11"
  rights: "frei"
  accessibility_summary: "barrierefrei"
  keywords: [Klima, "(bitte in book.yaml eintragen)"]
chapters:
  - eins.md
output:
  name: vertrag  # guessed – please check
"""
GUESS_HINT = "check it, then delete the comment „# guessed – please check“"
IMPORTED_WARNINGS = [
    "book.yaml:7:13: metadata.subtitle is still the importer's placeholder – replace it with "
    "the line under the title, e.g. Koalitionsvertrag …; then delete the comment "
    "„# guessed – please check“",
    f"book.yaml:8:3: metadata.parties is a guess of the importer – {GUESS_HINT}",
    "book.yaml:10:14: metadata.parties[1].short is still the importer's placeholder – replace "
    "it with the short name used in running text, e.g. GRÜNE",
    f"book.yaml:11:11: metadata.status is a guess of the importer – {GUESS_HINT}",
    "book.yaml:12:9: metadata.date is still the importer's placeholder date 1970-01-01 – "
    "replace it with the date of this state, e.g. 2020-10-29; then delete the comment "
    "„# guessed – please check“",
    "book.yaml:17:21: metadata.keywords[2] is still the importer's placeholder – replace it "
    "with keywords for catalogues",
    f"book.yaml:21:9: output.name is a guess of the importer – {GUESS_HINT}",
]


def warnings(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "eins.md").write_text("# Eins\n", encoding="utf-8")
    prefix = str(tmp_path.resolve()) + "/"
    return [str(d).replace(prefix, "") for d in load_config(tmp_path / "book.yaml").warnings]


def test_importer_placeholders_and_guesses_are_warnings_with_line_and_column(
    tmp_path: Path,
) -> None:
    """Each placeholder value and each key still marked as guessed, once, at its value (or
    its key if the value begins on the next line); a # inside a quoted value and the
    comments above the keys are not the mark."""
    assert warnings(tmp_path, IMPORTED) == IMPORTED_WARNINGS


def test_warnings_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISH_LANG", "de")
    found = warnings(tmp_path, IMPORTED)
    assert found[0] == (
        "book.yaml:7:13: metadata.subtitle ist noch der Platzhalter des Imports – ersetzen Sie "
        "ihn: the line under the title, e.g. Koalitionsvertrag …; löschen Sie dann den "
        "Kommentar „# guessed – please check“"
    )
    assert found[1] == (
        "book.yaml:8:3: metadata.parties hat der Import nur geraten – prüfen Sie den Wert, und "
        "löschen Sie dann den Kommentar „# guessed – please check“"
    )
    assert found[4].startswith(
        "book.yaml:12:9: metadata.date ist noch das Platzhalter-Datum 1970-01-01 des Imports – "
    )


def test_a_checked_book_yaml_has_no_warnings(tmp_path: Path) -> None:
    """The comment deleted, the values written: nothing to say. The date 1970-01-01 is a
    placeholder only as the book's date."""
    checked = (
        IMPORTED.replace("  # guessed – please check", "")
        .replace("(bitte in book.yaml eintragen)", "SPD")
        .replace("date: 1970-01-01", "date: 2021-11-24")
    )
    assert warnings(tmp_path, checked) == []
    assert warnings(tmp_path, GOOD.replace('rights: "frei"', 'rights: "1970-01-01"')) == []


def test_warnings_never_hide_errors(tmp_path: Path) -> None:
    """A book.yaml with an error raises it; warnings come only with a valid book.yaml."""
    broken = IMPORTED.replace("date: 1970-01-01", "date: 1970-13-01")
    assert problems(tmp_path, broken) == [
        "book.yaml:12:9: „1970-13-01“ is not a date – write it as YYYY-MM-DD, e.g. 2020-10-29"
    ]


def test_every_mark_a_fresh_import_leaves_is_warned(tmp_path: Path) -> None:
    """The contract with the importer (its placeholder text and its guess comment): every
    line of an imported book.yaml that holds either gets a warning, and no other line."""
    from publish.importer import import_source
    from publish.importer.metadata import MISSING
    from publish.read.config import GUESS_COMMENT, IMPORTER_PLACEHOLDER

    assert MISSING == IMPORTER_PLACEHOLDER
    source = tmp_path / "vertrag.md"
    source.write_text("# Klima\n\nWir planen mit einem CO~2~-Preis.\n", encoding="utf-8")
    import_source(source, tmp_path / "book")
    config = tmp_path / "book" / "book.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    marked = {n for n, line in enumerate(lines, 1) if line.endswith(GUESS_COMMENT)}
    placeholders = {n for n, line in enumerate(lines, 1) if IMPORTER_PLACEHOLDER in line}
    warned = [w.location.line for w in load_config(config).warnings]
    assert marked and sorted(warned) == sorted(marked | placeholders)
