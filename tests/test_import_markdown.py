"""The Markdown importer: every construct on a small hand-written source (exact chapter text
and exact notes), then the real coalition agreement of 2018 imported, built and compared
word for word with its source."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import textwrap
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pdfplumber
import pikepdf
import pytest
from conftest import KOALITIONSVERTRAG, CorpusBook

from publish.errors import PublishError
from publish.importer import Count, Dropped, ImportReport, import_markdown
from publish.importer.metadata import book_identifier
from publish.importer.report import CHECK_BOOK_YAML
from publish.model import Party
from publish.read.config import load_config
from publish.read.markdown import markdown_parser
from publish.validate.structure import children, walk

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "tests" / "books" / "everything" / "bilder"
WORD = re.compile(r"\w+")

needs_corpus = pytest.mark.usefixtures("corpus")


@dataclass(frozen=True)
class Imported:
    """An import of a small source: the report, each chapter's text and book.yaml."""

    report: ImportReport
    chapters: dict[str, str]
    config: str
    book: Path


def run_import(tmp_path: Path, source: str, files: Mapping[str, bytes] | None = None) -> Imported:
    """Import ``source`` (dedented) from a folder holding ``files``; the book reader must
    accept the result as it is."""
    folder = tmp_path / "quelle"
    folder.mkdir()
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    path = folder / "text.md"
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    book = tmp_path / "buch"
    report = import_markdown(path, book)
    assert report.problems == ()
    chapters = {
        p.relative_to(book).as_posix(): p.read_text(encoding="utf-8") for p in report.chapters
    }
    return Imported(report, chapters, (book / "book.yaml").read_text(encoding="utf-8"), book)


def text_notes(report: ImportReport) -> list[str]:
    """The notes about the text (not about book.yaml) as „line: message – hint“."""
    return [
        f"{n.location.line}: {n.message}" + (f" – {n.hint}" if n.hint else "")
        for n in report.notes
        if n.hint != CHECK_BOOK_YAML
    ]


def yaml_notes(report: ImportReport) -> list[str]:
    return [f"{n.location.line}: {n.message}" for n in report.notes if n.hint == CHECK_BOOK_YAML]


# --- title data -----------------------------------------------------------------------------


def test_yaml_title_block_like_the_2018_agreement_becomes_a_valid_book_yaml(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        r"""
        ---
        title: |
          Ein neuer Aufbruch für Europa\
          Eine neue Dynamik für Deutschland
        subtitle: |
          Koalitionsvertrag\
          zwischen\
          CDU, CSU und SPD
        date: "Berlin, 7. Februar 2018"
        ---

        Präambel
        ========

        Text.
        """,
    )
    config = load_config(imported.book / "book.yaml")
    meta = config.metadata
    title = "Ein neuer Aufbruch für Europa – Eine neue Dynamik für Deutschland"
    assert meta.title == title
    assert meta.subtitle == "Koalitionsvertrag zwischen CDU, CSU und SPD"
    assert meta.parties == (Party("CDU", "CDU"), Party("CSU", "CSU"), Party("SPD", "SPD"))
    assert (meta.date, meta.place) == (dt.date(2018, 2, 7), "Berlin")
    assert (meta.status, meta.language) == ("Fassung", "de-DE")
    assert meta.identifier == book_identifier(title, dt.date(2018, 2, 7))
    assert re.fullmatch(
        r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        meta.identifier,
    )
    assert meta.rights == "© 2018 CDU, CSU und SPD."
    assert meta.accessibility_summary.startswith("Barrierefreie Ausgabe: Überschriften")
    assert config.output.name == "ein-neuer-aufbruch-fuer-europa-eine-neue-dynamik"
    assert [c.name for c in config.chapters] == ["01-praeambel.md"]
    assert yaml_notes(imported.report) == [
        "None: status: „Fassung“ was assumed: the source does not say „Entwurf“",
        "None: language: de-DE was assumed",
        "None: rights: a default („© 2018 CDU, CSU und SPD.“) – replace it with the real "
        "rights statement",
        "None: accessibility_summary: a default that describes the imported structure",
        "None: output.name: „ein-neuer-aufbruch-fuer-europa-eine-neue-dynamik“ was made "
        "from the title",
        f"2: title: its 2 lines were joined with „ – “: „{title}“",
        "5: parties: CDU; CSU; SPD – taken from the subtitle",
        "9: date: 2018-02-07 and place Berlin read from „Berlin, 7. Februar 2018“",
    ]
    header = imported.config.splitlines()[:4]
    assert header == [
        "# Imported from text.md by publish's Markdown importer.",
        "# Every key is described in src/publish/read/config.py (SCHEMA).",
        "# Please check these keys, marked „guessed“ below (guessed from the source, or defaults):",
        "#   title, date, parties, status, language, rights, accessibility_summary, output.name",
    ]
    assert '  rights: "© 2018 CDU, CSU und SPD."  # guessed – please check' in imported.config


def test_pandoc_percent_lines_authors_and_a_draft(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        % Entwurf: Vertrag über Dinge
          und mehr
        % Sozialdemokratische Partei Deutschlands (SPD); GRÜNE
        % 07.02.2018

        # Eins

        Text.
        """,
    )
    meta = load_config(imported.book / "book.yaml").metadata
    assert meta.title == "Entwurf: Vertrag über Dinge und mehr"
    assert meta.subtitle == "(bitte in book.yaml eintragen)"
    assert meta.parties == (
        Party("Sozialdemokratische Partei Deutschlands (SPD)", "SPD"),
        Party("GRÜNE", "GRÜNE"),
    )
    assert (meta.date, meta.place, meta.status) == (dt.date(2018, 2, 7), "", "Entwurf")
    notes = yaml_notes(imported.report)
    parties = "Sozialdemokratische Partei Deutschlands (SPD) (short SPD); GRÜNE"
    assert f"3: parties: {parties} – taken from the authors" in notes
    assert "None: status: „Entwurf“, because the title data or the opening text say so" in notes
    assert "4: date: 2018-02-07 read from „07.02.2018“" in notes


def test_yaml_keys_without_a_place_are_reported(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        ---
        title: "Klimavertrag *Bochum*"
        subtitle: Vereinbarung
        author: [SPD, GRÜNE]
        date: 2020-10-29
        lang: de
        abstract: |
          Eine kurze
          Beschreibung.
        keywords: [Klima, Bochum]
        header-includes: x
        ---

        # Eins

        Text.
        """,
    )
    meta = load_config(imported.book / "book.yaml").metadata
    assert (meta.title, meta.date, meta.language) == (
        "Klimavertrag Bochum",
        dt.date(2020, 10, 29),
        "de",
    )
    assert (meta.description, meta.keywords) == ("Eine kurze Beschreibung.", ("Klima", "Bochum"))
    assert text_notes(imported.report) == [
        "11: title block key „header-includes“ has no place in book.yaml – not imported – "
        "add its content to a chapter by hand if it matters"
    ]


def test_without_title_data_the_only_top_heading_is_the_title(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Der Vertrag

        ## Erstens

        Eins.

        ## Zweitens

        Zwei.
        """,
    )
    assert load_config(imported.book / "book.yaml").metadata.title == "Der Vertrag"
    assert imported.chapters == {
        "kapitel/01-erstens.md": "# Erstens\n\nEins.\n",
        "kapitel/02-zweitens.md": "# Zweitens\n\nZwei.\n",
    }


# --- headings and chapters --------------------------------------------------------------------


def test_chapters_split_at_the_top_level_with_a_preface_and_renumbered_levels(
    tmp_path: Path,
) -> None:
    imported = run_import(
        tmp_path,
        """
        Einleitender Text.

        Erstes {#eins .unnumbered}
        ======

        1. Familien
        -----------

        #### Zu tief

        ### Wieder drei

        Zweites Kapitel #
        =================

        ## Abschnitt ##
        """,
    )
    assert imported.chapters == {
        "kapitel/01-vorbemerkung.md": "# Vorbemerkung\n\nEinleitender Text.\n",
        "kapitel/02-erstes.md": (
            "# Erstes {#eins}\n\n## 1. Familien\n\n### Zu tief\n\n### Wieder drei\n"
        ),
        "kapitel/03-zweites-kapitel.md": "# Zweites Kapitel \\#\n\n## Abschnitt\n",
    }
    assert text_notes(imported.report) == [
        "1: the text before the first heading became the chapter „Vorbemerkung“",
        "3: heading attributes {#eins .unnumbered} dropped – kept {#eins}",
        "9: heading level skips from 2 to 4: „Zu tief“ is now level 3",
    ]
    assert imported.report.count(Count.SETEXT) == 3
    assert imported.report.count(Count.HEADINGS_RENUMBERED) == 1


def test_heading_ids_that_the_reader_would_refuse_are_dropped(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        % Ids

        # Eins {#klima}

        ## Zwei {#fn-1}

        ## Drei {#klima}

        ## {-}
        """,
    )
    assert imported.chapters == {
        "kapitel/01-eins.md": "# Eins {#klima}\n\n## Zwei\n\n## Drei\n\n## (ohne Titel)\n"
    }
    assert text_notes(imported.report) == [
        "5: heading id #fn-1 is reserved for footnotes – dropped",
        "7: heading id #klima is used twice – dropped",
        "9: heading attributes {-} dropped",
        "9: empty heading – it was given the text „(ohne Titel)“",
    ]


def test_table_of_contents_and_page_numbers_are_dropped_and_reported(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        Inhaltsverzeichnis
        ==================

        Erstes ........ 3

        Erstes
        ======

        Text vor dem Umbruch.

        12

        Seite 13

        - 14 -

        Text danach.
        """,
    )
    assert imported.chapters == {
        "kapitel/01-erstes.md": "# Erstes\n\nText vor dem Umbruch.\n\nText danach.\n"
    }
    assert text_notes(imported.report) == [
        "1: table of contents „Inhaltsverzeichnis“ dropped – the book makes its own",
        "11: page number „12“ dropped",
        "13: page number „Seite 13“ dropped",
        "15: page number „- 14 -“ dropped",
    ]
    dropped = [(d.kind, d.line, d.text) for d in imported.report.dropped]
    assert dropped == [
        (Dropped.TOC, 1, "# Inhaltsverzeichnis\n\nErstes ........ 3"),
        (Dropped.PAGE_NUMBER, 11, "12"),
        (Dropped.PAGE_NUMBER, 13, "Seite 13"),
        (Dropped.PAGE_NUMBER, 15, "- 14 -"),
    ]


# --- footnotes ------------------------------------------------------------------------------


def test_footnotes_follow_their_calls_into_each_chapter(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        Erstes
        ======

        Text mit Fußnote[^a] und einer inline^[Eine *kurze* Notiz mit
        Umbruch.] sowie [^fehlt] und nochmal[^a].

        [^a]: Die Fußnote a.

            Ihr zweiter Absatz.

        [^nie]: Wird nie zitiert.

        Zweites
        =======

        Wieder a[^a] und b[^b] mit^[innen [^b] und ^[tief]].

        [^b]: Fußnote b.
        """,
    )
    assert imported.chapters == {
        "kapitel/01-erstes.md": textwrap.dedent(
            """\
            # Erstes

            Text mit Fußnote[^1] und einer inline[^2] sowie  und nochmal[^3].

            Wird nie zitiert.

            [^1]: Die Fußnote a.

                Ihr zweiter Absatz.

            [^2]: Eine *kurze* Notiz mit
                Umbruch.

            [^3]: Die Fußnote a.

                Ihr zweiter Absatz.
            """
        ),
        "kapitel/02-zweites.md": textwrap.dedent(
            """\
            # Zweites

            Wieder a[^1] und b[^2] mit[^3].

            [^1]: Die Fußnote a.

                Ihr zweiter Absatz.

            [^2]: Fußnote b.

            [^3]: innen (Fußnote b.) und (tief)
            """
        ),
    }
    assert text_notes(imported.report) == [
        "5: footnote [^fehlt] has no definition in the source – its mark was dropped",
        "5: footnote [^a] is cited again – its text was repeated in a new note",
        "7: footnote [^a] is cited in more than one chapter – its text was repeated in "
        "kapitel/02-zweites.md",
        "11: footnote [^nie] is never cited – its text was kept as a paragraph at the end of "
        "the chapter",
        "16: footnote [^b] is cited inside a footnote – its text was put in parentheses",
        "16: a footnote inside a footnote was put in parentheses",
    ]
    assert imported.report.count(Count.FOOTNOTES) == 6  # a repeated call makes a new note
    assert imported.report.count(Count.INLINE_FOOTNOTES) == 2


# --- tables, line blocks, code, HTML ----------------------------------------------------------


def test_pipe_and_grid_tables(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Tabellen

        |      |       |
        |------|------:|
        | Jahr | Sitze |
        | 2020 | 17    |

        +------+---------+
        | Jahr | Sitze   |
        +:=====+========:+
        | 2014 | 10      |
        | ab   | (vor-   |
        | 2020 | läufig) |
        +------+---------+

        +------+-------+
        | ohne | Kopf  |
        +------+-------+
        | 1    | 2     |
        +------+-------+

        +------+-------+
        | A    | B     |
        +------+-------+
        | verbunden    |
        +--------------+
        """,
    )
    assert imported.chapters == {
        "kapitel/01-tabellen.md": textwrap.dedent(
            """\
            # Tabellen

            | Jahr | Sitze |
            |------|------:|
            | 2020 | 17    |

            | Jahr | Sitze |
            |:---|---:|
            | 2014 ab 2020 | 10 (vor- läufig) |

            | ohne | Kopf |
            |---|---|
            | 1 | 2 |

            A\\
            B

            verbunden
            """
        )
    }
    assert text_notes(imported.report) == [
        "3: table without a header row: its first row became the header",
        "16: grid table without a header row: its first row became the header",
        "22: grid table with merged cells or block content could not be converted – kept its "
        "text, one paragraph per row – make it a pipe table by hand if it should stay a table",
    ]
    assert imported.report.count(Count.GRID_TABLES) == 2
    assert imported.report.count(Count.TABLES) == 3


def test_line_blocks_become_lines_with_hard_breaks(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Gedicht

        | Der Mond ist aufgegangen,
        | die goldnen Sternlein prangen
          am Himmel hell und klar.
        |
        |    Der Wald steht schwarz
        | # und schweiget
        """,
    )
    nbsp = "\u00a0"
    assert imported.chapters == {
        "kapitel/01-gedicht.md": (
            "# Gedicht\n\n"
            "Der Mond ist aufgegangen,\\\n"
            "die goldnen Sternlein prangen am Himmel hell und klar.\n\n"
            f"{nbsp * 3}Der Wald steht schwarz\\\n"
            "\\# und schweiget\n"
        )
    }
    assert text_notes(imported.report) == []
    assert imported.report.count(Count.LINE_BLOCKS) == 1


def test_code_blocks_become_plain_paragraphs(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Code

            eingerückter Text, der ein Codeblock wäre
            # mit Raute

        ```python
        x = 1 * 2  # <b>
        ```

        - Punkt

              eingerückt im Punkt
        """,
    )
    assert imported.chapters == {
        "kapitel/01-code.md": textwrap.dedent(
            """\
            # Code

            eingerückter Text, der ein Codeblock wäre
            \\# mit Raute

            x = 1 \\* 2  # \\<b>

            - Punkt

              eingerückt im Punkt
            """
        )
    }
    hint = "the book has no code blocks; check the text"
    assert text_notes(imported.report) == [
        f"3: indented text (a code block in Markdown) became a plain paragraph – {hint}",
        f"6: code block became plain paragraphs – {hint}",
        f"12: indented text (a code block in Markdown) became a plain paragraph – {hint}",
    ]


def test_html_comments_are_dropped_and_other_html_kept_as_text(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # HTML

        <!-- ein Kommentar -->

        Text <span class="x">mit</span> HTML.<!-- noch
        einer --> Ende.

        <div class="box">
        **fett** & <i>kursiv</i>
        </div>

        ::: {.warning}
        Im Div.
        :::
        """,
    )
    assert imported.chapters == {
        "kapitel/01-html.md": textwrap.dedent(
            """\
            # HTML

            Text \\<span class="x">mit\\</span> HTML. Ende.

            \\<div class="box">
            \\*\\*fett\\*\\* \\& \\<i>kursiv\\</i>
            \\</div>

            Im Div.
            """
        )
    }
    assert text_notes(imported.report) == [
        "3: HTML comment dropped: „ein Kommentar“",
        "5: HTML comment dropped: „noch einer“",
        '5: raw HTML <span class="x"> kept as text',
        "5: raw HTML </span> kept as text",
        "8: raw HTML block kept as escaped text – write it in Markdown instead",
        "12: fenced div „::: {.warning}“ dropped (its content is kept)",
    ]
    comments = [d.text for d in imported.report.dropped if d.kind is Dropped.COMMENT]
    assert comments == ["<!-- ein Kommentar -->", "<!-- noch\neiner -->"]


def test_bullet_paragraphs_become_list_items(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Punkte

        Wir wollen:

        • Punkt eins
        geht weiter.

        • Punkt zwei
        """,
    )
    assert imported.chapters == {
        "kapitel/01-punkte.md": (
            "# Punkte\n\nWir wollen:\n\n- Punkt eins\n  geht weiter.\n\n- Punkt zwei\n"
        )
    }
    assert imported.report.count(Count.BULLETS) == 2


def test_pandoc_sub_and_superscripts_arrive_as_written_other_tildes_are_escaped(
    tmp_path: Path,
) -> None:
    """Pandoc's ``~sub~`` and ``^sup^`` (no space inside) reach the chapters as written, in
    text, headings, cells and notes; a ``~`` or ``^`` that is no such markup comes out
    escaped, so that the book reader never reads it as markup; ``~~strike~~`` keeps its
    text; Unicode's ₂ and ² stay."""
    imported = run_import(
        tmp_path,
        r"""
        % Skripte

        # Klima

        ## Weniger CO~2~

        Das ist CO~2~ und H~2~O, m^2^ und 10^-3^, ~~gestrichen~~ und ₂ und ².

        Etwa ~5 oder 2^10 und a ~ b und a^^b; \~ und \^ bleiben^[Notiz mit m^3^].

        `Code ~2~ bleibt` und [H~2~O](https://example.org/~user).

            Eingerückt x^2^ und ~y~

        | Stoff | Formel |
        |---|---|
        | Wasser | H~2~O |
        """,
    )
    assert imported.chapters == {
        "kapitel/01-klima.md": textwrap.dedent(
            r"""
            # Klima

            ## Weniger CO~2~

            Das ist CO~2~ und H~2~O, m^2^ und 10^-3^, gestrichen und ₂ und ².

            Etwa \~5 oder 2\^10 und a \~ b und a\^\^b; \~ und \^ bleiben[^1].

            `Code ~2~ bleibt` und [H~2~O](https://example.org/~user).

            Eingerückt x\^2\^ und \~y\~

            | Stoff | Formel |
            |---|---|
            | Wasser | H~2~O |

            [^1]: Notiz mit m^3^
            """
        ).lstrip("\n")
    }
    assert text_notes(imported.report) == [
        "7: struck-out text „gestrichen“ kept as plain text – the book has no strikeout: "
        "delete the text or keep it",
        "13: indented text (a code block in Markdown) became a plain paragraph – the book has "
        "no code blocks; check the text",
    ]
    assert imported.report.count(Count.SCRIPTS) == 8
    assert imported.report.count(Count.STRIKEOUT) == 1


def test_a_line_that_continues_a_sentence_is_no_list_or_heading(tmp_path: Path) -> None:
    """Pandoc reads „1. Januar“ or „# 5“ at the start of a paragraph's line as text;
    CommonMark would start a list or a heading. The sentence decides: it goes on after
    „zum“, it ends after „Wir wollen:“."""
    imported = run_import(
        tmp_path,
        """
        # Fristen

        Die Anforderungen gelten ab dem
        1. Januar 2019 für öffentliche Gebäude und ab dem
        1. Januar 2021 für alle, auch für
        - private Bauherren.

        Wir wollen:
        1. erstens
        2. zweitens
        """,
    )
    assert imported.chapters == {
        "kapitel/01-fristen.md": textwrap.dedent(
            """\
            # Fristen

            Die Anforderungen gelten ab dem
            1\\. Januar 2019 für öffentliche Gebäude und ab dem
            1\\. Januar 2021 für alle, auch für
            \\- private Bauherren.

            Wir wollen:

            1. erstens
            2. zweitens
            """
        )
    }
    continues = "at the start of a line continues the sentence before – kept as text"
    assert text_notes(imported.report) == [
        f"4: „1.“ {continues}",
        f"5: „1.“ {continues}",
        f"6: „-“ {continues}",
    ]


# --- images and links -------------------------------------------------------------------------


def test_images_next_to_the_source_are_copied_the_rest_keeps_its_alt_text(
    tmp_path: Path,
) -> None:
    png = (IMAGES / "sitze.png").read_bytes()
    imported = run_import(
        tmp_path,
        """
        # Bilder

        ![Balkendiagramm der Sitze](bild.png "Sitzverteilung")

        ![](linie.png)

        ![Anderes Bild](unter/bild.png){width=50%}

        Im Satz ![Symbol](bild.png) steht ein Bild.

        ![Fehlt](fehlt.png)

        ![Scan](scan.tif)

        ![Netz](https://example.org/x.png)
        """,
        {"bild.png": png, "linie.png": png, "unter/bild.png": png, "scan.tif": b"II*"},
    )
    assert imported.chapters == {
        "kapitel/01-bilder.md": textwrap.dedent(
            """\
            # Bilder

            ![Balkendiagramm der Sitze](bilder/bild.png "Sitzverteilung")

            ![](bilder/linie.png){.decorative}

            ![Anderes Bild](bilder/bild-2.png)

            Im Satz Symbol steht ein Bild.

            Fehlt

            Scan

            Netz
            """
        )
    }
    assert text_notes(imported.report) == [
        "5: image linie.png has no alt text – marked {.decorative} – describe it in ![…](…) "
        "if it carries meaning",
        "7: image attributes {width=50%} dropped",
        "9: image bild.png stands inside running text – kept its alt text „Symbol“ – put the "
        "image in a paragraph of its own to keep it",
        "11: image fehlt.png was not found next to the source – kept its alt text „Fehlt“ – "
        "copy it into bilder/ and add it by hand",
        "13: image scan.tif has a format the book cannot show (only PNG, JPEG and SVG) – kept "
        "its alt text „Scan“",
        "15: image https://example.org/x.png is not a file next to the source – kept its alt "
        "text „Netz“ – download it into bilder/ and add it by hand",
    ]
    copied = sorted(p.name for p in (imported.book / "bilder").iterdir())
    assert copied == ["bild-2.png", "bild.png", "linie.png"]
    assert (imported.book / "bilder" / "bild.png").read_bytes() == png


def test_links_that_the_book_cannot_keep_become_their_text(tmp_path: Path) -> None:
    imported = run_import(
        tmp_path,
        """
        # Erstes Kapitel

        Siehe [Klima](#klima), [Pandoc](#wohnen-über-alles), [GitHub](#umwelt--natur),
        [fehlt](#nirgends), [Datei](anhang.pdf), [Netz][ref],
        [kurz], <https://example.org>,
        <ftp://example.org/x>, <info@example.org> und [climate justice]{lang=en .x}
        und [klein]{.smallcaps} mit Non\\ breaking.

        ## Klima

        ## Wohnen über alles

        # Umwelt & Natur

        [ref]: https://example.org/netz "Netz-Titel"
        [kurz]: mailto:a@example.org
        """,
    )
    assert imported.chapters == {
        "kapitel/01-erstes-kapitel.md": textwrap.dedent(
            """\
            # Erstes Kapitel

            Siehe [Klima](#klima), [Pandoc](#wohnen-ueber-alles), [GitHub](#umwelt-natur),
            fehlt, Datei, [Netz](https://example.org/netz "Netz-Titel"),
            [kurz](mailto:a@example.org), <https://example.org>,
            \\<ftp://example.org/x>, <info@example.org> und [climate justice]{lang=en}
            und klein mit Non\u00a0breaking.

            ## Klima

            ## Wohnen über alles
            """
        ),
        "kapitel/02-umwelt-natur.md": "# Umwelt & Natur\n",
    }
    assert text_notes(imported.report) == [
        "4: link target „anhang.pdf“ cannot be kept (only #ids, https:// and mailto: "
        "addresses) – kept the link text",
        "4: link to #nirgends, which does not exist after the import – kept its text",
        "6: link <ftp://example.org/x> cannot be kept – kept as text",
        "6: span attributes {lang=en .x} dropped except lang=en",
        "7: span attributes {.smallcaps} dropped (only lang= is kept) – kept the text",
    ]
    assert imported.report.count(Count.LINKS_RETARGETED) == 2
    assert imported.report.count(Count.LINKS_UNLINKED) == 3


# --- the target folder and the summary -------------------------------------------------------


def test_the_target_must_be_new_or_empty(tmp_path: Path) -> None:
    source = tmp_path / "text.md"
    source.write_text("# Eins\n\nText.\n", encoding="utf-8")
    full = tmp_path / "voll"
    full.mkdir()
    (full / "alt.txt").write_text("x")
    with pytest.raises(PublishError, match="is not empty – import into a new or empty folder"):
        import_markdown(source, full)
    with pytest.raises(PublishError, match="is a file – import into a new or empty folder"):
        import_markdown(source, full / "alt.txt")
    empty = tmp_path / "leer"
    empty.mkdir()
    assert import_markdown(source, empty).chapters == (empty / "kapitel" / "01-eins.md",)


def test_summary_names_what_was_done_and_every_note(tmp_path: Path) -> None:
    imported = run_import(tmp_path, "# Eins\n\nText mit <b>HTML</b>.\n\n12\n")
    summary = imported.report.summary()
    assert summary.startswith(f"Imported text.md into {imported.book}: 1 chapter, 0 footnotes")
    assert "Converted: 2 raw HTML kept as escaped text." in summary
    assert "Dropped: 1 × page number." in summary
    assert "5: page number „12“ dropped" in summary
    assert summary.endswith(f"then run: publish build {imported.book}")


# --- the real document: the coalition agreement of 2018 ---------------------------------------


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text))


def corpus_body() -> str:
    """The source after its YAML title block."""
    text = KOALITIONSVERTRAG.read_text(encoding="utf-8")
    block = re.match(r"---\n.*?\n---\n", text, re.DOTALL)
    assert block is not None
    return text[block.end() :]


def reading_words(chapters: Sequence[str]) -> list[str]:
    """The words of the chapters' text as the book reader parses it: headings, paragraphs,
    list items and cells, without list numbers or Markdown syntax."""
    parser = markdown_parser()
    return [
        word
        for text in chapters
        for token in parser.parse(text)
        if token.type == "inline"
        for word in words(token.content)
    ]


def first_difference(expected: Sequence[str], actual: Sequence[str]) -> str:
    """Where two word lists first differ, with some context."""
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return (
                f"{tag} at word {i1}: expected {expected[max(0, i1 - 5) : i2 + 5]}, "
                f"found {actual[max(0, j1 - 5) : j2 + 5]}"
            )
    return "no difference"


@needs_corpus
def test_corpus_imports_without_problems(corpus: CorpusBook) -> None:
    report = corpus.report
    assert report.problems == ()
    assert len(report.chapters) == 16
    assert report.chapters[0].name == "01-praeambel.md"
    assert report.chapters[-1].name == "16-ressortverteilung.md"
    counts = {what: report.count(what) for what in Count}
    assert counts[Count.SETEXT] == 72
    assert counts[Count.TABLES] == 6
    assert counts[Count.BULLETS] == 176
    assert counts[Count.HEADINGS_RENUMBERED] == 2
    assert counts[Count.FOOTNOTES] == counts[Count.CODE_BLOCKS] == counts[Count.RAW_HTML] == 0
    assert report.dropped == ()
    assert text_notes(report) == [
        "956: heading level skips from 2 to 4: „Kinder und Jugendliche schützen und Familien "
        "unterstützen“ is now level 3",
        "1038: heading level skips from 2 to 4: „Kinder- und Jugendmedienschutz“ is now level 3",
        "5909: „1.“ at the start of a line continues the sentence before – kept as text",
    ]


@needs_corpus
def test_corpus_words_survive_the_import(corpus: CorpusBook) -> None:
    """Every word of the source body, in order, minus what the report says was dropped."""
    source = words(corpus_body())
    for dropped in corpus.report.dropped:
        for word in words(dropped.text):
            source.remove(word)
    imported = words("".join(corpus.chapters))
    assert len(imported) == len(source) == 62363
    assert imported == source, first_difference(source, imported)


@dataclass(frozen=True)
class PdfLine:
    """One line of glyphs of one marked-content sequence of the PDF."""

    text: str
    page: int
    top: float
    label: bool


def pdf_lines(path: Path) -> list[PdfLine]:
    """The visible text below the Part element (the chapters), in structure order: the
    glyphs of each marked-content sequence (pdfplumber), split into lines by position.
    Artifacts (running heads, page and line numbers) are not in the structure tree."""
    glyphs: dict[tuple[int, int], list[dict[str, object]]] = {}
    with pdfplumber.open(path) as plumber:
        for number, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None and char.get("tag") != "Artifact":
                    glyphs.setdefault((number, int(char["mcid"])), []).append(char)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        part = next(e.obj for e in walk(pdf) if e.type == "Part")
        return list(_lines(part, pages, glyphs, label=False))


def _lines(
    element: pikepdf.Dictionary,
    pages: dict[tuple[int, int], int],
    glyphs: dict[tuple[int, int], list[dict[str, object]]],
    label: bool,
) -> Iterator[PdfLine]:
    label = label or element.get("/S") == "/Lbl"
    for kid in children(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _lines(kid, pages, glyphs, label)
            continue
        if isinstance(kid, int) and "/Pg" in element:
            key = (pages[element.Pg.objgen], int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            key = (pages[kid.Pg.objgen], int(kid.MCID))
        else:
            continue
        chars = glyphs.get(key, [])
        for top, run in _by_line(chars):
            yield PdfLine("".join(str(c["text"]) for c in run), key[0], top, label)


def _by_line(chars: Sequence[dict[str, object]]) -> Iterator[tuple[float, list[dict[str, object]]]]:
    run: list[dict[str, object]] = []
    for char in chars:
        if run and abs(float(str(char["top"])) - float(str(run[0]["top"]))) > 2:
            yield float(str(run[0]["top"])), run
            run = []
        run.append(char)
    if run:
        yield float(str(run[0]["top"])), run


def joined_words(lines: Sequence[PdfLine], expected: Sequence[str]) -> list[str]:
    """The words of the lines; a word broken at a line end by a hyphen is joined.

    The PDF maps the hyphenation hyphen and the hyphen of „Bundes- und“ to the same glyph, so
    the text alone cannot tell them apart: a break is read as hyphenation where the source
    has the joined word at this place, or else where the joined word occurs in the source and
    its two parts never follow each other there."""
    tokens: list[tuple[str, bool]] = []
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        found = words(line.text)
        line_end = following is None or (following.page, following.top) != (line.page, line.top)
        broken = line_end and bool(re.search(r"\w[-\u2010]\s*$", line.text))
        tokens += [(word, False) for word in found[:-1]]
        tokens += [(found[-1], broken)] if found else []
    vocabulary = set(expected)
    pairs = set(zip(expected, expected[1:], strict=False))
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word, broken = tokens[i]
        rest = tokens[i + 1][0] if broken and i + 1 < len(tokens) else ""
        here = expected[len(out)] if len(out) < len(expected) else ""
        if rest and (
            here == word + rest or (here != word and _hyphenated(word, rest, vocabulary, pairs))
        ):
            out.append(word + rest)
            i += 2
        else:
            out.append(word)
            i += 1
    return out


def _hyphenated(word: str, rest: str, vocabulary: set[str], pairs: set[tuple[str, str]]) -> bool:
    return word + rest in vocabulary and (word, rest) not in pairs


@pytest.fixture(scope="module")
def corpus_pdf_lines(corpus: CorpusBook) -> list[PdfLine]:
    return pdf_lines(corpus.pdf)


@needs_corpus
def test_corpus_pdf_has_every_source_word_in_order(
    corpus: CorpusBook, corpus_pdf_lines: list[PdfLine]
) -> None:
    """The words printed in the chapters are the source's, in reading order; typography
    (quotes, dashes) is not in the words, and list numbers are compared separately."""
    expected = reading_words(corpus.chapters)
    text_lines = [line for line in corpus_pdf_lines if not line.label]
    printed = joined_words(text_lines, expected)
    assert printed == expected, first_difference(expected, printed)
    with pdfplumber.open(corpus.pdf) as pdf:
        assert len(pdf.pages) > 150


@needs_corpus
def test_corpus_pdf_numbers_lists_as_the_source_does(
    corpus: CorpusBook, corpus_pdf_lines: list[PdfLine]
) -> None:
    expected = list_numbers(corpus.chapters)
    assert len(expected) > 10
    printed = [
        int(number)
        for line in corpus_pdf_lines
        if line.label
        for number in re.findall(r"\d+", line.text)
    ]
    assert printed == expected


def list_numbers(chapters: Sequence[str]) -> list[int]:
    """The number of every item of every numbered list, as the source gives them."""
    numbers: list[int] = []
    open_lists: list[list[int]] = []  # per open list: [its next number], or [] if bulleted
    for text in chapters:
        for token in markdown_parser().parse(text):
            if token.type == "ordered_list_open":
                open_lists.append([int(token.attrs.get("start", 1))])
            elif token.type == "bullet_list_open":
                open_lists.append([])
            elif token.type in ("ordered_list_close", "bullet_list_close"):
                open_lists.pop()
            elif token.type == "list_item_open" and open_lists and open_lists[-1]:
                numbers.append(open_lists[-1][0])
                open_lists[-1][0] += 1
    return numbers


@needs_corpus
def test_corpus_epub_has_every_source_word_in_order(corpus: CorpusBook) -> None:
    expected = reading_words(corpus.chapters)
    assert epub_words(corpus.epub) == expected


def epub_words(path: Path) -> list[str]:
    """The words of the EPUB's chapter documents in spine order (body text only)."""
    opf_ns = {"opf": "http://www.idpf.org/2007/opf"}
    with zipfile.ZipFile(path) as epub:
        container = epub.read("META-INF/container.xml").decode()
        opf_path = re.search(r'full-path="([^"]+)"', container)
        assert opf_path is not None
        opf = ElementTree.fromstring(epub.read(opf_path.group(1)))
        base = opf_path.group(1).rpartition("/")[0]
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:item", opf_ns)}
        found: list[str] = []
        for ref in opf.iterfind(".//opf:itemref", opf_ns):
            document = epub.read(f"{base}/{hrefs[ref.get('idref')]}".lstrip("/")).decode()
            if 'epub:type="chapter"' in document:
                found += words(_xhtml_text(document))
    return found


def _xhtml_text(document: str) -> str:
    body = document[document.index("<body") : document.index("</body>")]
    blocks = (
        r"</?(?:p|h[1-6]|li|ul|ol|td|th|tr|table|blockquote|figure|figcaption|aside|section"
        r"|div|br)\b[^>]*>"
    )
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(blocks, " ", body)))
