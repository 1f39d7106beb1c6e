"""The Word importer on what a .docx holds besides plain paragraphs: tracked changes,
comments, fields, content controls, smart tags, text boxes, nested tables, embedded
documents, bookmarks, symbol fonts, characters no book can hold, breaks, drop caps, sub- and
superscript. Each file is made here (python-docx and XML, :mod:`wordbuild`); chapters and
notes are asserted word for word."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from wordbuild import (
    DEL,
    INS,
    REL_TYPE,
    add_part,
    blocks,
    deleted,
    import_document,
    new_document,
    paragraph_xml,
    run,
    style,
    text_notes,
)

from publish.importer import Count, Dropped
from publish.importer.report import CHECK_BOOK_YAML

DELETED_MARK = '<w:rPr><w:del w:id="90" w:author="A"/></w:rPr>'


# --- tracked changes and comments ----------------------------------------------------------


def test_tracked_changes_are_imported_as_accepted(tmp_path: Path) -> None:
    """Insertions and moved-to text kept, deletions and moved-from text left out, property
    changes ignored, a deleted paragraph mark joins its paragraph to the next, a deleted
    table row is left out."""
    document = new_document()
    document.add_heading("Änderungen", level=1)
    blocks(
        document,
        paragraph_xml(
            run("Wir "),
            INS.format(n=1, runs=run("wollen ")),
            DEL.format(n=2, runs=deleted("nicht ")),
            '<w:moveFrom w:id="3" w:author="A"><w:r><w:t xml:space="preserve">bald </w:t>'
            "</w:r></w:moveFrom>",
            '<w:r><w:rPr><w:b/><w:rPrChange w:id="4" w:author="A"><w:rPr><w:i/></w:rPr>'
            "</w:rPrChange></w:rPr><w:t>mehr</w:t></w:r>",
            run(" Bäume "),
            '<w:moveTo w:id="5" w:author="A"><w:r><w:t>bald</w:t></w:r></w:moveTo>',
            run("."),
        )
        + paragraph_xml(run("Erster Teil "), properties=DELETED_MARK)
        + paragraph_xml(
            run("und zweiter Teil."),
            properties='<w:pStyle w:val="Quote"/><w:pPrChange w:id="7" w:author="A"><w:pPr>'
            '<w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange>',
        )
        + paragraph_xml(DEL.format(n=8, runs=deleted("Ganz weg.")), properties=DELETED_MARK)
        + paragraph_xml(run("Danach."))
        + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Jahr</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr><w:tc><w:p>'
        + DEL.format(n=10, runs=deleted("2019"))
        + "</w:p></w:tc></w:tr><w:tr><w:tc>"
        + paragraph_xml(run("20"), properties=DELETED_MARK)
        + paragraph_xml(INS.format(n=11, runs=run("25")))
        + "</w:tc></w:tr></w:tbl>",
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-aenderungen.md": (
            "# Änderungen\n\nWir wollen **mehr** Bäume bald.\n\n"
            "> Erster Teil und zweiter Teil.\n\nDanach.\n\n| Jahr |\n|---|\n| 2025 |\n"
        )
    }
    hint = "insertions were kept; accept or reject the changes in Word to be sure"
    assert text_notes(imported.report) == [
        f"2: tracked deletion „nicht“ left out – {hint}",
        "2: moved text „bald“ left out here – it was kept where it was moved to",
        f"5: tracked deletion „Ganz weg.“ left out – {hint}",
        f"8: tracked deletion of a table row „2019“ left out – {hint}",
    ]
    assert [(d.kind, d.line, d.text) for d in imported.report.dropped] == [
        (Dropped.DELETION, 2, "nicht "),
        (Dropped.DELETION, 5, "Ganz weg."),
        (Dropped.DELETION, 8, "2019"),
    ]


def test_comments_ranges_and_references_are_dropped_with_a_note(tmp_path: Path) -> None:
    document = new_document()
    add_part(
        document,
        "comments",
        """
        <w:ROOT>
          <w:comment w:id="0" w:author="B"><w:p><w:r><w:t>Stimmt das?</w:t></w:r></w:p>
            <w:p><w:r><w:t>Bitte prüfen.</w:t></w:r></w:p></w:comment>
        </w:comments>
        """,
    )
    document.add_heading("Kommentare", level=1)
    blocks(
        document,
        paragraph_xml(
            '<w:commentRangeStart w:id="0"/>',
            run("Kommentiert"),
            '<w:commentRangeEnd w:id="0"/>',
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
            '<w:commentReference w:id="0"/></w:r>',
            run("."),
        ),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {"kapitel/01-kommentare.md": "# Kommentare\n\nKommentiert.\n"}
    assert text_notes(imported.report) == ["2: Word comment „Stimmt das? Bitte prüfen.“ left out"]
    assert [(d.kind, d.text) for d in imported.report.dropped] == [
        (Dropped.WORD_COMMENT, "Stimmt das? Bitte prüfen.")
    ]


# --- fields, content controls, smart tags ----------------------------------------------------


def field(instruction: str, result: str = "", *, separate: bool = True) -> str:
    """A complex field: begin, instruction, separate, result runs, end."""
    parts = [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
    ]
    if separate:
        parts.append('<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + result)
    parts.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(parts)


def test_fields_show_their_result_not_their_instruction(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Felder", level=1)
    nested_instruction = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        + field("MERGEFIELD Anrede", run("w"))
        + '<w:r><w:instrText xml:space="preserve"> = "w" "Frau" "Herr" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("Frau")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    blocks(
        document,
        paragraph_xml(
            run("Seite "),
            '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>',
            run(", Anrede: "),
            nested_instruction,
            run(", siehe "),
            field("REF _Ref1 \\h", run("Abschnitt ") + field("SEQ Abschnitt", run("2"))),
            run(", Index"),
            field('XE "Klima"', separate=False),
            field("DATE", separate=False),
            run(", "),
            field('HYPERLINK "https://bochum.de"', run("Bochum")),
            run("."),
        ),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-felder.md": (
            "# Felder\n\nSeite 3, Anrede: Frau, siehe Abschnitt 2, Index, "
            "[Bochum](https://bochum.de).\n"
        )
    }
    assert text_notes(imported.report) == [
        "2: a field without a result („DATE“) was left out – update the fields in Word (F9) "
        "and save the document again"
    ]


def test_content_controls_at_every_level_and_placeholders(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Steuerelemente", level=1)
    control = (
        '<w:sdt><w:sdtPr><w:alias w:val="Feld"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>'
    )
    placeholder = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"
    )
    blocks(
        document,
        control.format(paragraph_xml(run("Im Block, "), control.format(run("im Lauf")), run(".")))
        + paragraph_xml(run("Vor "), placeholder.format(run("Klicken Sie hier.")), run("nach."))
        + placeholder.format(paragraph_xml(run("Hier Text eingeben.")))
        + "<w:tbl>"
        + control.format(
            "<w:tr>"
            + control.format("<w:tc>" + paragraph_xml(run("Zelle")) + "</w:tc>")
            + "<w:tc>"
            + paragraph_xml(control.format(run("im Lauf")))
            + "</w:tc></w:tr>"
        )
        + "</w:tbl>",
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-steuerelemente.md": (
            "# Steuerelemente\n\nIm Block, im Lauf.\n\nVor nach.\n\n"
            "| Zelle | im Lauf |\n|---|---|\n"
        )
    }
    assert text_notes(imported.report) == [
        "3: the placeholder text of a content control „Klicken Sie hier.“ was left out",
        "4: the placeholder text of a content control „Hier Text eingeben.“ was left out",
    ]


def test_smart_tags_and_custom_xml_wrap_text_that_is_kept(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Marken", level=1)
    blocks(
        document,
        '<w:customXml w:element="abschnitt">'
        + paragraph_xml(
            run("In "),
            '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">'
            '<w:smartTagPr><w:attr w:name="ort" w:val="x"/></w:smartTagPr>'
            "<w:r><w:t>Bochum</w:t></w:r></w:smartTag>",
            '<w:customXml w:element="x"><w:r><w:t xml:space="preserve"> und </w:t></w:r>'
            "</w:customXml>",
            run("Herne."),
        )
        + "</w:customXml>",
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {"kapitel/01-marken.md": "# Marken\n\nIn Bochum und Herne.\n"}
    assert text_notes(imported.report) == []


# --- text boxes and tables -------------------------------------------------------------------

TEXT_BOX = """<w:r><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="Textfeld 5"/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Im Kasten</w:t></w:r></w:p>
      <w:p><w:r><w:t>Zweiter Absatz</w:t></w:r></w:p></w:txbxContent>
      </wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Im Kasten</w:t></w:r></w:p><w:p><w:r><w:t>Zweiter Absatz</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
UNKNOWN_CHOICE = """<w:r><mc:AlternateContent xmlns:cx="http://example.org/neu">
  <mc:Choice Requires="cx"><w:t>NEU</w:t></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Ersatz</w:t></w:r>
  </w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
NESTED_BOX = """<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Außen</w:t></w:r>
  <w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Innen</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></w:r>"""


def test_text_boxes_are_read_once_from_one_branch(tmp_path: Path) -> None:
    """DrawingML with its VML fallback: the Choice, once; a Choice that needs what the
    reader does not know: the Fallback; a text box in a text box: after the outer one."""
    document = new_document()
    document.add_heading("Kästen", level=1)
    blocks(
        document,
        paragraph_xml(run("Mit Kasten"), TEXT_BOX, run("."))
        + paragraph_xml(run("Unbekannt"), UNKNOWN_CHOICE)
        + paragraph_xml(run("Verschachtelt"), NESTED_BOX),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-kaesten.md": (
            "# Kästen\n\nMit Kasten.\n\nIm Kasten\n\nZweiter Absatz\n\nUnbekannt\n\nErsatz\n\n"
            "Verschachtelt\n\nAußen\n\nInnen\n"
        )
    }
    assert text_notes(imported.report) == [
        "2: a text box: its 2 paragraph(s) follow this paragraph as ordinary text",
        "3: a text box: its 1 paragraph(s) follow this paragraph as ordinary text",
        "4: a text box: its 1 paragraph(s) follow this paragraph as ordinary text",
        "4: a text box: its 2 paragraph(s) follow this paragraph as ordinary text",
    ]


def test_nested_tables_become_text_of_their_cell(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Tabellen", level=1)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Ort", "Ziel", "Bochum", "mehr"], strict=True):
        cell.text = text
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Busse"
    innermost = inner.cell(0, 1).add_table(rows=1, cols=1)
    innermost.cell(0, 0).text = "Bahnen"
    inner.cell(0, 1).add_paragraph("")
    table.cell(1, 1).add_paragraph("")
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-tabellen.md": (
            "# Tabellen\n\n| Ort | Ziel |\n|---|---|\n| Bochum | mehr Busse Bahnen |\n"
        )
    }
    assert text_notes(imported.report) == [
        "2: table: a table inside a cell was put into the cell as text; cells with several "
        "paragraphs were joined into one line"
    ]


# --- embedded documents, bookmarks, symbols, breaks ---------------------------------------


def alt_chunk(document: object, name: str, content_type: str, data: bytes) -> str:
    package = document.part.package  # type: ignore[attr-defined]
    part = Part(PackURI(f"/word/{name}"), content_type, data, package)
    return document.part.relate_to(part, REL_TYPE + "aFChunk")  # type: ignore[attr-defined]


def test_embedded_documents_html_and_text_imported_others_reported(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Eingebettet", level=1)
    document.add_paragraph("Davor.")
    html = (
        "<html><head><title>x</title><style>p{}</style><script>alert(1)</script></head><body>"
        "<h2>Aus dem Web</h2><p>Ein <b>fetter</b> und <i>kursiver</i> Satz mit H<sub>2</sub>O "
        '&amp; <a href="https://example.org">Link</a> und <a href="javascript:x">böse</a>.</p>'
        "<ul><li>eins</li><li>zwei<ol><li>a</li><li>b</li></ol></li></ul>"
        "<blockquote><p>Zitat</p></blockquote><table><tr><td>Zelle</td></tr></table>"
        '<img src="http://example.org/x.png" alt="Bild"><p>Zeile 1<br>Zeile 2</p></body></html>'
    )
    chunks = [
        alt_chunk(document, "afchunk.htm", "text/html", html.encode("cp1252")),
        alt_chunk(document, "afchunk2.txt", "text/plain", b"Reiner Text.\n\nZweite Zeile."),
        alt_chunk(document, "afchunk3.rtf", "application/rtf", b"{\\rtf1 Hallo}"),
        "rId999",
    ]
    blocks(document, "".join(f'<w:altChunk r:id="{rid}"/>' for rid in chunks))
    document.add_paragraph("Danach.")
    document.add_heading("Schluss", level=1)
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-eingebettet.md": (
            "# Eingebettet\n\nDavor.\n\n## Aus dem Web\n\n"
            "Ein **fetter** und *kursiver* Satz mit H~2~O \\& [Link](https://example.org) und "
            "böse.\n\n- eins\n- zwei\n  1. a\n  2. b\n\n> Zitat\n\nZelle\n\nZeile 1\\\nZeile 2\n\n"
            "Reiner Text.\n\nZweite Zeile.\n\nDanach.\n"
        ),
        "kapitel/02-schluss.md": "# Schluss\n",
    }
    assert text_notes(imported.report) == [
        "3: the embedded document word/afchunk.htm (HTML) was imported: 9 paragraph(s) at this "
        "place; left out: pictures, table layout (the cells became paragraphs)",
        "4: the embedded document word/afchunk2.txt (text) was imported: 2 paragraph(s) at "
        "this place",
        "5: the embedded document word/afchunk3.rtf (RTF) cannot be converted – left out – "
        "open the document in Word and save it again: Word makes it ordinary text",
        "6: an embedded document (altChunk) is not in the file – left out",
    ]


def test_an_embedded_document_made_to_be_slow_is_read_in_linear_time(tmp_path: Path) -> None:
    """Python's own HTML tokenizer takes quadratic time on „</</</…“ (20 s for 200 KB);
    libxml2's HTML parser reads it at once."""
    document = new_document()
    document.add_heading("Langsam", level=1)
    html = ("</" * 250_000 + "<!" * 250_000 + "<p>Am Ende.</p>").encode()  # under 1 MB
    blocks(document, f'<w:altChunk r:id="{alt_chunk(document, "a.htm", "text/html", html)}"/>')
    start = time.perf_counter()
    imported = import_document(tmp_path, document)
    assert time.perf_counter() - start < 20
    assert imported.chapters == {"kapitel/01-langsam.md": "# Langsam\n\nAm Ende.\n"}


def test_links_to_bookmarks_in_headings_and_elsewhere(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Start", level=1)
    blocks(
        document,
        paragraph_xml(
            '<w:bookmarkStart w:id="1" w:name="ziel"/>',
            run("Ziel der Reise"),
            '<w:bookmarkEnd w:id="1"/>',
            properties=style("Heading2"),
        )
        + '<w:bookmarkStart w:id="2" w:name="davor"/>'
        + paragraph_xml(run("Die Wärme"), properties=style("Heading2"))
        + paragraph_xml('<w:bookmarkStart w:id="3" w:name="absatz"/>', run("Ein Absatz."))
        + paragraph_xml(
            run("Siehe "),
            '<w:hyperlink w:anchor="ziel"><w:r><w:t>Ziel</w:t></w:r></w:hyperlink>',
            run(", "),
            '<w:hyperlink w:anchor="davor"><w:r><w:t>Wärme</w:t></w:r></w:hyperlink>',
            run(", "),
            '<w:hyperlink w:anchor="absatz"><w:r><w:t>Absatz</w:t></w:r></w:hyperlink>',
            run(" und "),
            '<w:hyperlink w:anchor="fehlt"><w:r><w:t>nichts</w:t></w:r></w:hyperlink>',
            run("."),
        ),
    )
    document.add_heading("Schluss", level=1)
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-start.md": (
            "# Start\n\n## Ziel der Reise\n\n## Die Wärme\n\nEin Absatz.\n\n"
            "Siehe [Ziel](#ziel-der-reise), [Wärme](#die-waerme), Absatz und nichts.\n"
        ),
        "kapitel/02-schluss.md": "# Schluss\n",
    }
    assert text_notes(imported.report) == [
        "5: link to #absatz, which does not exist after the import – kept its text",
        "5: link to #fehlt, which does not exist after the import – kept its text",
    ]


WINGDINGS = '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>'
SYMBOL = '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/>'


def test_symbol_font_characters_become_what_they_mean(tmp_path: Path) -> None:
    """By the run's font or ``w:sym``'s: Wingdings' arrowhead bullet makes a list item,
    Symbol's α, β and space, Wingdings' check mark; each mapping is in the report; a
    character no table knows is left out with a note."""
    document = new_document()
    document.add_heading("Zeichen", level=1)
    blocks(
        document,
        paragraph_xml(run("\uf0d8", WINGDINGS), run("\tPfeilpunkt"))
        + paragraph_xml(run("\uf0b7\tPunkt ohne Schrift"))
        + paragraph_xml(
            run("Haken "),
            run("\uf0fc", WINGDINGS),
            run(", "),
            run("\uf061\uf020\uf062", SYMBOL),
            run(", \uf8ff weg, "),
            '<w:r><w:sym w:font="Symbol" w:char="F0AE"/></w:r>',
            '<w:r><w:sym w:font="Symbol" w:char="B3"/></w:r>',
            '<w:r><w:sym w:font="Wingdings" w:char="F0C1"/></w:r>',
            '<w:r><w:sym w:font="Arial" w:char="00E9"/></w:r>',
            run(" und \uf0a7", SYMBOL),
        ),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-zeichen.md": (
            "# Zeichen\n\n- Pfeilpunkt\n\n- Punkt ohne Schrift\n\nHaken ✓, α β, weg, →≥é und ♣\n"
        )
    }
    assert text_notes(imported.report) == [
        "2: symbol-font character U+F0D8 (Wingdings) read as „➢“ (THREE-D TOP-LIGHTED "
        "RIGHTWARDS ARROWHEAD)",
        "3: symbol-font character U+F0B7 (Symbol/Wingdings) read as „•“ (BULLET)",
        "4: symbol-font character U+F0FC (Wingdings) read as „✓“ (CHECK MARK)",
        "4: symbol-font character U+F061 (Symbol) read as „α“ (GREEK SMALL LETTER ALPHA)",
        "4: symbol-font character U+F020 (Symbol) read as „ “ (SPACE)",
        "4: symbol-font character U+F062 (Symbol) read as „β“ (GREEK SMALL LETTER BETA)",
        "4: symbol-font characters (private use) left out of „, \uf8ff weg,“ – type the "
        "characters themselves, or describe them in words",
        "4: symbol-font character U+F0AE (Symbol) read as „→“ (RIGHTWARDS ARROW)",
        "4: symbol-font character U+F0B3 (Symbol) read as „≥“ (GREATER-THAN OR EQUAL TO)",
        "4: a symbol of the font Wingdings (code F0C1) was left out – type the character "
        "itself, or describe it in words",
        "4: symbol-font character U+F0A7 (Symbol) read as „♣“ (BLACK CLUB SUIT)",
        "4: a run of spaces collapsed to one space",  # where U+F8FF was left out
    ]
    assert imported.report.count(Count.BULLETS) == 2


def test_characters_no_book_can_hold_are_left_out_with_a_note(tmp_path: Path) -> None:
    """XML lets DEL and the C1 controls through, and ``w:sym`` may name any number: a lone
    surrogate could not even be written to a file."""
    document = new_document()
    document.add_heading("Zeichen", level=1)
    blocks(
        document,
        paragraph_xml(
            run("Ent\x7fwurf\u2028Zeile\x85"),
            '<w:r><w:sym w:font="Arial" w:char="D800"/></w:r>',
            '<w:r><w:sym w:font="Arial" w:char="110000"/></w:r>',
            '<w:r><w:sym w:font="Arial" w:char="7F"/></w:r>',
            '<w:r><w:sym w:font="Arial" w:char="zz"/></w:r>',
        ),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {"kapitel/01-zeichen.md": "# Zeichen\n\nEntwurf Zeile\n"}
    hint = "type the character itself, or describe it in words"
    assert text_notes(imported.report) == [
        "2: control characters (invisible) left out of „Entwurf Zeile“",
        f"2: a symbol of the font Arial (code D800) was left out – {hint}",
        f"2: a symbol of the font Arial (code 110000) was left out – {hint}",
        f"2: a symbol of the font Arial (code 007F) was left out – {hint}",
        f"2: a symbol of the font Arial (code 0000) was left out – {hint}",
    ]


def test_the_notes_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISH_LANG", "de")
    document = new_document()
    document.add_heading("Zeichen", level=1)
    blocks(
        document,
        paragraph_xml(run("\uf0fc", WINGDINGS), run(" geprüft"), field("DATE", separate=False)),
    )
    imported = import_document(tmp_path, document)
    source = tmp_path / "text.docx"
    assert [str(n) for n in imported.report.notes if n.hint != CHECK_BOOK_YAML] == [
        f"{source}:2: Zeichen U+F0FC einer Symbolschrift (Wingdings) als „✓“ (CHECK MARK) gelesen",
        f"{source}:2: ein Feld ohne Ergebnis („DATE“) wurde ausgelassen – aktualisieren Sie die "
        "Felder in Word (F9) und speichern Sie das Dokument neu",
    ]


def test_breaks_and_empty_paragraphs(tmp_path: Path) -> None:
    """Page and column breaks are spaces (noted once), a line break is a hard break, a
    paragraph of a page break or of spaces is none; empty paragraphs count in the numbering
    and do not end a list."""
    document = new_document()
    document.add_heading("Umbrüche", level=1)
    blocks(
        document,
        paragraph_xml(
            run("Vor dem Umbruch"),
            '<w:r><w:br w:type="page"/></w:r>',
            run("nach dem Umbruch"),
            '<w:r><w:br w:type="column"/></w:r>',
            run("Spalte"),
            "<w:r><w:br/></w:r>",
            run("Zeile"),
        )
        + paragraph_xml('<w:r><w:br w:type="page"/></w:r>')
        + paragraph_xml(run("Abschnittsende"), properties="<w:sectPr/>")
        + paragraph_xml()
        + paragraph_xml(run("   "))
        + paragraph_xml("<w:r><w:lastRenderedPageBreak/><w:t>Letzter.</w:t></w:r>"),
    )
    document.add_paragraph("Eins", style="List Number")
    document.add_paragraph("")
    document.add_paragraph("Zwei", style="List Number")
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-umbrueche.md": (
            "# Umbrüche\n\nVor dem Umbruch nach dem Umbruch Spalte\\\nZeile\n\nAbschnittsende\n\n"
            "Letzter.\n\n1. Eins\n2. Zwei\n"
        )
    }
    assert text_notes(imported.report) == [
        "2: page and column breaks were left out – the book makes its own pages"
    ]


def test_a_drop_cap_runs_on_into_its_paragraph(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Initialen", level=1)
    frame = '<w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" w:vAnchor="text"/>'
    blocks(
        document,
        paragraph_xml(run("W"), properties=frame)
        + paragraph_xml(run("ir beginnen groß."))
        + "<w:tbl><w:tr><w:tc>"
        + paragraph_xml(run("I"), properties='<w:framePr w:dropCap="margin" w:lines="2"/>')
        + paragraph_xml(run("n der Zelle."))
        + "</w:tc></w:tr></w:tbl>",
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-initialen.md": "# Initialen\n\nWir beginnen groß.\n\n| In der Zelle. |\n|---|\n"
    }


def test_sub_and_superscript_as_pandoc_markup_and_tilde_and_caret_escaped(
    tmp_path: Path,
) -> None:
    """``~…~`` and ``^…^``, spaces at their ends outside; a space inside is escaped (the
    Markdown importer writes Pandoc's ``\\ `` as the no-break space it stands for); a literal
    ``~`` or ``^`` is escaped; ₂ and ² stay as they are."""
    document = new_document()
    document.add_heading("Hoch und tief", level=1)
    sup, sub = '<w:vertAlign w:val="superscript"/>', '<w:vertAlign w:val="subscript"/>'
    blocks(
        document,
        paragraph_xml(
            run("H"),
            run("2", sub),
            run("O, x"),
            run("n + 1", sup),
            run(", ~ungefähr~ 2^3, CO₂ und m², "),
            run(" fett ", f"<w:b/>{sup}"),
            run("und "),
            run("a~b^c", sub),
            run("."),
        ),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-hoch-und-tief.md": (
            "# Hoch und tief\n\nH~2~O, x^n\u00a0+\u00a01^, \\~ungefähr\\~ 2\\^3, CO₂ und m², "
            "**^fett^** und ~a\\~b\\^c~.\n"
        )
    }
    # the document has two spaces before „fett“ (", " and " fett "): collapsed, as all are
    assert text_notes(imported.report) == ["2: a run of spaces collapsed to one space"]


def test_a_superscript_before_a_footnote_call_or_a_link(tmp_path: Path) -> None:
    """``m^2^[^1]``: the caret that closes the superscript starts no inline note ``^[…]``;
    a link whose text is raised (a hand-made note number) would begin ``[^``, a footnote
    call: its text is kept plain."""
    document = new_document()
    add_part(
        document,
        "footnotes",
        """
        <w:ROOT>
          <w:footnote w:id="1"><w:p><w:r><w:t>Brutto.</w:t></w:r></w:p></w:footnote>
        </w:footnotes>
        """,
    )
    document.add_heading("Flächen", level=1)
    rid = document.part.relate_to("https://bochum.de", REL_TYPE + "hyperlink", is_external=True)
    sup = '<w:vertAlign w:val="superscript"/>'
    blocks(
        document,
        paragraph_xml(
            run("500 m"),
            run("2", sup),
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r>',
            run(" und 3 m"),
            run("3", sup),
            f'<w:hyperlink r:id="{rid}"><w:r><w:t>Quelle</w:t></w:r></w:hyperlink>',
            run(", Anmerkung"),
            f'<w:hyperlink r:id="{rid}"><w:r><w:rPr>{sup}</w:rPr><w:t>7</w:t></w:r></w:hyperlink>',
            run("."),
        ),
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-flaechen.md": (
            "# Flächen\n\n500 m^2^[^1] und 3 m^3^[Quelle](https://bochum.de), "
            "Anmerkung[7](https://bochum.de).\n\n[^1]: Brutto.\n"
        )
    }
    assert text_notes(imported.report) == [
        "2: superscript at the start of a link „7“ kept as plain text"
    ]
