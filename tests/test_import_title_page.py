"""Title data where the text states it (publish.importer.title_page): a source without a
title block names its title, parties and date on its first page, in its closing lines and
signatures, or in its running heads; every value found there is marked as guessed in
book.yaml, and what is not found stays a placeholder that the build warns about."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_import_markdown import run_import, text_notes, yaml_notes

from publish.importer.metadata import MISSING
from publish.importer.title_page import party
from publish.model import Party
from publish.read.config import load_config

GUESSED = "  # guessed – please check"
MONTH_ONLY = "a „Stand“ line (no day given: the first of the month)"
TEXT = (
    "Wir wollen das Land gerechter machen und dafür sorgen, dass alle Menschen gut leben "
    "können, in der Stadt und auf dem Land, heute und morgen."
)


def test_a_converted_title_page_gives_title_subtitle_parties_and_date(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        f"""
        # Mehr Fortschritt wagen

        Bündnis für Freiheit, Gerechtigkeit und Nachhaltigkeit

        Koalitionsvertrag 2021 – 2025

        zwischen

        der Sozialdemokratischen Partei Deutschlands (SPD),
        BÜNDNIS 90 / DIE GRÜNEN und den Freien Demokraten (FDP)

        Stand: 24. November 2021

        # Inhaltsverzeichnis

        Präambel 4

        # Präambel

        {TEXT}

        # Klima

        {TEXT}
        """,
    )
    meta = load_config(imported.book / "book.yaml").metadata
    title = "Mehr Fortschritt wagen – Bündnis für Freiheit, Gerechtigkeit und Nachhaltigkeit"
    subtitle = (
        "Koalitionsvertrag 2021 – 2025 zwischen der Sozialdemokratischen Partei Deutschlands "
        "(SPD), BÜNDNIS 90 / DIE GRÜNEN und den Freien Demokraten (FDP)"
    )
    assert (meta.title, meta.subtitle) == (title, subtitle)
    assert meta.parties == (
        Party("Sozialdemokratische Partei Deutschlands", "SPD"),
        Party("BÜNDNIS 90 / DIE GRÜNEN", "GRÜNE"),
        Party("Freie Demokratische Partei", "FDP"),
    )
    assert (meta.date, meta.place) == (dt.date(2021, 11, 24), "")
    assert meta.rights == "© 2021 SPD, GRÜNE und FDP."
    between = subtitle.removeprefix("Koalitionsvertrag 2021 – 2025 ")
    assert [note for note in yaml_notes(imported.report) if note[:1].isdigit()] == [
        f"1: title: „{title}“ read from the first page",
        f"5: subtitle: „{subtitle}“ read from the first page",
        "7: parties: Sozialdemokratische Partei Deutschlands (short SPD); BÜNDNIS 90 / DIE GRÜNEN "
        "(short GRÜNE); Freie Demokratische Partei (short FDP) – taken from the first page: "
        f"„{between}“",
        "12: date: 2021-11-24 read from „Stand: 24. November 2021“ (a „Stand“ line)",
    ]
    for key in ("title", "subtitle", "date"):
        line = next(line for line in imported.config.splitlines() if line.startswith(f"  {key}:"))
        assert line.endswith(GUESSED)
    assert text_notes(imported.report) == [
        "1: the chapter „Mehr Fortschritt wagen“ is the source's title page – its title data was "
        "read into book.yaml – delete the chapter if the book's own title page says enough",
        "14: table of contents „Inhaltsverzeichnis“ dropped – the book makes its own",
    ]


@pytest.mark.parametrize(
    ("line", "date", "why"),
    [
        ("Stand: 12. März 2021", dt.date(2021, 3, 12), "a „Stand“ line"),
        ("Stand 03/2021", dt.date(2021, 3, 1), MONTH_ONLY),
        ("Stand: März 2021", dt.date(2021, 3, 1), MONTH_ONLY),
        ("Stand vom 12.03.2021", dt.date(2021, 3, 12), "a „Stand“ line"),
        ("Koalitionsvertrag vom 8. Mai 2021", dt.date(2021, 5, 8), "the first page"),
        ("Entwurf, 2021-05-08", dt.date(2021, 5, 8), "the first page"),
    ],
)  # fmt: skip
def test_the_date_of_the_first_page(tmp_path: Path, line: str, date: dt.date, why: str) -> None:
    imported = run_import(tmp_path, f"Koalitionsvertrag\n\n{line}\n\n# Präambel\n\n{TEXT}\n")
    assert load_config(imported.book / "book.yaml").metadata.date == date
    assert f"3: date: {date.isoformat()} read from „{line}“ ({why})" in yaml_notes(imported.report)


def test_place_date_and_signatures_at_the_end(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        f"""
        # Präambel

        {TEXT} Bis zum 31. Dezember 2025 gilt das.

        # Schluss

        {TEXT}

        Berlin, den 7. Februar 2018

        Für die Christlich Demokratische Union Deutschlands:

        Angela Merkel

        Für die CSU:

        Horst Seehofer

        Für die Sozialdemokratische Partei Deutschlands: Martin Schulz
        """,
    )
    meta = load_config(imported.book / "book.yaml").metadata
    assert (meta.date, meta.place) == (dt.date(2018, 2, 7), "Berlin")
    assert meta.parties == (
        Party("Christlich Demokratische Union Deutschlands", "CDU"),
        Party("CSU", "CSU"),
        Party("Sozialdemokratische Partei Deutschlands", "SPD"),
    )
    notes = yaml_notes(imported.report)
    assert (
        "9: date: 2018-02-07 and place Berlin read from „Berlin, den 7. Februar 2018“ "
        "(place and date)" in notes
    )
    assert (
        "11: parties: Christlich Demokratische Union Deutschlands (short CDU); CSU; "
        "Sozialdemokratische Partei Deutschlands (short SPD) – taken from the signatures: "
        "„Für die Christlich Demokratische Union Deutschlands:“" in notes
    )


def test_parties_listed_by_name_on_the_first_page(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        f"""
        Koalitionsvereinbarung

        CDU/CSU · SPD · Die Linke · Volt

        # Präambel

        {TEXT}
        """,
    )
    meta = load_config(imported.book / "book.yaml").metadata
    assert [(p.name, p.short) for p in meta.parties] == [
        ("CDU", "CDU"),
        ("CSU", "CSU"),
        ("SPD", "SPD"),
        ("DIE LINKE", "DIE LINKE"),
        ("Volt", "Volt"),
    ]
    assert meta.title == "Koalitionsvereinbarung"


def test_nothing_found_leaves_the_placeholders_marked(tmp_path: Path) -> None:
    """A text that names no title, parties or date: the placeholders stay, marked as
    guessed (the build warns about both)."""
    imported = run_import(tmp_path, f"# Präambel\n\n{TEXT}\n\n# Schluss\n\n{TEXT}\n")
    config = imported.config.splitlines()
    assert f'  title: "{MISSING}"{GUESSED}' in config
    assert f'  subtitle: "{MISSING}"{GUESSED}' in config
    assert f'    - name: "{MISSING}"' in config
    assert f"  date: 1970-01-01{GUESSED}" in config
    assert "None: date: the source gives no date – 1970-01-01 was written" in yaml_notes(
        imported.report
    )


def test_a_running_head_is_the_title_when_nothing_else_is(tmp_path: Path) -> None:
    pages = "\n\n".join([f"{TEXT} " * 12, "Zukunftsvertrag Ruhr"] * 4)
    imported = run_import(tmp_path, f"# Präambel\n\n{pages}\n")
    meta = load_config(imported.book / "book.yaml").metadata
    assert meta.title == "Zukunftsvertrag Ruhr"
    assert "5: title: „Zukunftsvertrag Ruhr“ read from the running heads" in yaml_notes(
        imported.report
    )


def test_sub_and_superscript_in_title_data_become_unicode(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        "---\ntitle: Weniger CO~2~ je m^2^\nsubtitle: ~~Entwurf~~ Vertrag\n---\n\n"
        "# Eins\n\nText.\n",
    )
    meta = load_config(imported.book / "book.yaml").metadata
    assert (meta.title, meta.subtitle) == ("Weniger CO₂ je m²", "Entwurf Vertrag")


@pytest.mark.parametrize(
    ("written", "name", "short"),
    [
        ("SPD", "SPD", "SPD"),
        (
            "der Sozialdemokratischen Partei Deutschlands (SPD)",
            "Sozialdemokratische Partei Deutschlands",
            "SPD",
        ),
        (
            "Christlich Demokratische Union Deutschlands",
            "Christlich Demokratische Union Deutschlands",
            "CDU",
        ),
        ("der Christlich-Sozialen Union in Bayern", "Christlich-Soziale Union in Bayern", "CSU"),
        ("den Freien Demokraten (FDP)", "Freie Demokratische Partei", "FDP"),
        ("BÜNDNIS 90/DIE GRÜNEN", "BÜNDNIS 90/DIE GRÜNEN", "GRÜNE"),
        ("Bündnis 90/Die Grünen", "BÜNDNIS 90/DIE GRÜNEN", "GRÜNE"),
        ("GRÜNE", "GRÜNE", "GRÜNE"),
        ("DIE LINKE", "DIE LINKE", "DIE LINKE"),
        ("Volt", "Volt", "Volt"),
        ("FREIE WÄHLER", "FREIE WÄHLER", "FREIE WÄHLER"),
        ("SSW", "SSW", "SSW"),
        ("Bündnis Sahra Wagenknecht", "Bündnis Sahra Wagenknecht", "BSW"),
        ("Die PARTEI", "Die PARTEI", "Die PARTEI"),
        ("ÖDP", "ÖDP", "ÖDP"),
        ("Piratenpartei Deutschland", "Piratenpartei Deutschland", "PIRATEN"),
        ("Wählergemeinschaft Bochum (WGB)", "Wählergemeinschaft Bochum (WGB)", "WGB"),
        ("UWG", "UWG", "UWG"),
    ],
)
def test_party_names_and_their_short_forms(written: str, name: str, short: str) -> None:
    assert party(written) == Party(name, short)
