"""The Word importer: every construct on a small .docx made here with python-docx (and lxml
where python-docx cannot write it), with the exact chapter text and the exact notes; one
document of several chapters imported and built; the zip checks; the dispatcher."""

from __future__ import annotations

import io
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from lxml import etree
from PIL import Image

from publish import model as m
from publish.errors import PublishError
from publish.importer import Dropped, ImportReport, import_docx, import_source
from publish.importer.docx import PLACEHOLDER_ALT, archive
from publish.importer.report import CHECK_BOOK_YAML
from publish.pipeline import BuildRequest, build
from publish.read.config import load_config

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECLS = f'xmlns:w="{W}" xmlns:r="{R}"'


@dataclass(frozen=True)
class Imported:
    report: ImportReport
    chapters: dict[str, str]
    book: Path


def new_document() -> Document:
    document = docx.Document()
    document.core_properties.language = "de-DE"
    return document


def run_import(tmp_path: Path, document: Document) -> Imported:
    """Save ``document`` and import it; the book reader must accept the result as it is."""
    source = tmp_path / "text.docx"
    document.save(str(source))
    book = tmp_path / "buch"
    report = import_docx(source, book)
    assert report.problems == ()
    chapters = {
        p.relative_to(book).as_posix(): p.read_text(encoding="utf-8") for p in report.chapters
    }
    return Imported(report, chapters, book)


def text_notes(report: ImportReport) -> list[str]:
    """The notes about the text (not about book.yaml) as „paragraph: message – hint“."""
    return [
        f"{n.location.line}: {n.message}" + (f" – {n.hint}" if n.hint else "")
        for n in report.notes
        if n.hint != CHECK_BOOK_YAML
    ]


def chapter(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def unwrap(text: str) -> str:
    """:func:`chapter`, each line that ends in „ \\“ joined to the next (without that
    space: end a line in „  \\“ to keep one)."""
    return chapter(text).replace(" \\\n", "")


def xml(paragraph: Paragraph, fragment: str) -> None:
    """Append WordprocessingML (runs, links, …) to ``paragraph``."""
    for element in list(parse_xml(f"<w:wrap {NSDECLS}>{fragment}</w:wrap>")):
        paragraph._p.append(element)


def png(color: str) -> io.BytesIO:
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(stream, format="PNG")
    stream.seek(0)
    return stream


# --- headings, title data, paragraphs ---------------------------------------------------------


def test_headings_by_style_and_title_and_subtitle_as_title_data(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Klimavertrag für Bochum", style="Title")
    document.add_paragraph("Vereinbarung zwischen SPD und GRÜNEN", style="Subtitle")
    document.add_paragraph("Bochum, 10. November 2020")
    document.add_heading("Klima", level=1)
    document.add_paragraph("Text zum Klima.")
    document.add_heading("Wärme", level=2)
    document.add_paragraph("")
    document.add_heading("Fernwärme", level=3)
    document.add_heading("Verkehr", level=1)
    document.add_heading("Radwege", level=3)
    document.add_paragraph("# kein Titel, 1. keine Liste")
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-vorbemerkung.md": "# Vorbemerkung\n\nBochum, 10. November 2020\n",
        "kapitel/02-klima.md": "# Klima\n\nText zum Klima.\n\n## Wärme\n\n### Fernwärme\n",
        "kapitel/03-verkehr.md": chapter(
            """
            # Verkehr

            ## Radwege

            \\# kein Titel, 1. keine Liste
            """
        ),
    }
    assert text_notes(imported.report) == [
        "3: the text before the first heading became the chapter „Vorbemerkung“",
        "10: heading level skips from 1 to 3: „Radwege“ is now level 2",
    ]
    meta = load_config(imported.book / "book.yaml").metadata
    assert (meta.title, meta.subtitle) == (
        "Klimavertrag für Bochum",
        "Vereinbarung zwischen SPD und GRÜNEN",
    )
    assert [p.short for p in meta.parties] == ["SPD", "GRÜNE"]
    assert (meta.date.isoformat(), meta.place, meta.language) == ("2020-11-10", "Bochum", "de-DE")
    header = (imported.book / "book.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert header == "# Imported from text.docx by publish's Word importer."


TABLE_OF_CONTENTS = f"""
<w:sdt {NSDECLS}>
  <w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>
  <w:sdtContent>
    <w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Inhalt</w:t></w:r></w:p>
    <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:hyperlink w:anchor="_Toc1"><w:r><w:t>Klima</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r>
      </w:hyperlink></w:p>
    <w:p><w:hyperlink w:anchor="_Toc2"><w:r><w:t>Verkehr</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r>
      </w:hyperlink></w:p>
  </w:sdtContent>
</w:sdt>
"""


def test_words_table_of_contents_is_dropped(tmp_path: Path) -> None:
    """Word's table of contents (a content control holding a TOC field) is left out; the
    field's end in the paragraph after it swallows nothing."""
    document = new_document()
    document.element.body.insert(0, parse_xml(TABLE_OF_CONTENTS))
    xml(document.add_paragraph("Vorweg."), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    heading = document.add_heading("Klima", level=1)
    xml(heading, '<w:bookmarkStart w:id="1" w:name="_Toc1"/>')
    document.add_paragraph("Text.")
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-vorbemerkung.md": "# Vorbemerkung\n\nVorweg.\n",
        "kapitel/02-klima.md": "# Klima\n\nText.\n",
    }
    assert text_notes(imported.report) == [
        "1: table of contents „Inhalt“ dropped – the book makes its own",
        "4: the text before the first heading became the chapter „Vorbemerkung“",
    ]
    assert [(d.kind, d.line, d.text) for d in imported.report.dropped] == [
        (Dropped.TOC, 1, "Inhalt\nKlima 1\nVerkehr 2")
    ]


# --- lists --------------------------------------------------------------------------------------

NUMBERING = f"""
<w:abstractNum {NSDECLS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>
    <w:pPr><w:ind w:left="1080" w:hanging="360"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>
    <w:pPr><w:ind w:left="1800" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>
"""


def numbered(document: Document, text: str, level: int, num_id: int = 90) -> None:
    paragraph = document.add_paragraph(text, style="List Paragraph")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {NSDECLS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def test_bulleted_and_numbered_lists_nested(tmp_path: Path) -> None:
    document = new_document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(
        parse_xml(f'<w:num {NSDECLS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    document.add_heading("Listen", level=1)
    document.add_paragraph("Wir wollen:")
    document.add_paragraph("Radwege", style="List Bullet")
    document.add_paragraph("sicher", style="List Bullet 2")
    document.add_paragraph("breit", style="List Bullet 2")
    document.add_paragraph("Busse", style="List Bullet")
    numbered(document, "Erstens", 0)
    numbered(document, "Unterpunkt", 1)
    numbered(document, "Punkt", 2)
    numbered(document, "Noch ein Unterpunkt", 1)
    numbered(document, "Zweitens", 0)
    document.add_paragraph("Dazwischen.")
    numbered(document, "Drittens", 0)
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-listen.md": chapter(
            """
            # Listen

            Wir wollen:

            - Radwege
              - sicher
              - breit
            - Busse

            1. Erstens
               1. Unterpunkt
                  - Punkt
               2. Noch ein Unterpunkt
            2. Zweitens

            Dazwischen.

            3. Drittens
            """
        )
    }
    assert text_notes(imported.report) == [
        "8: list numbering „a)“ became „1.“ – the book numbers lists 1., 2., 3. at every level"
    ]


# --- tables -------------------------------------------------------------------------------------


def test_table_with_its_first_row_as_header(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Tabellen", level=1)
    table = document.add_table(rows=3, cols=3)
    for row, texts in zip(table.rows, [("Jahr", "Sitze", "Anteil | %"), ("2014", "10", "12"),
                                      ("2020", "17", "")], strict=True):  # fmt: skip
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.cell(2, 1).merge(table.cell(2, 2))
    table.cell(1, 0).add_paragraph("(alt)")
    document.add_paragraph("Nach der Tabelle.")
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-tabellen.md": chapter(
            """
            # Tabellen

            | Jahr | Sitze | Anteil \\| % |
            |---|---|---|
            | 2014 (alt) | 10 | 12 |
            | 2020 | 17 |  |

            Nach der Tabelle.
            """
        )
    }
    assert text_notes(imported.report) == [
        "2: table: cells with several paragraphs were joined into one line; merged cells were "
        "split – their text stands in the first of them"
    ]


# --- footnotes ----------------------------------------------------------------------------------

FOOTNOTES = f"""
<w:footnotes {NSDECLS}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1">
    <w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>
      <w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>
      <w:r><w:t xml:space="preserve"> Beschluss vom </w:t></w:r>
      <w:r><w:rPr><w:i/></w:rPr><w:t>10. November 2020</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>
    <w:p><w:r><w:t>Zweiter Absatz der Fußnote.</w:t></w:r></w:p>
  </w:footnote>
  <w:footnote w:id="2">
    <w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Siehe oben.</w:t></w:r></w:p>
  </w:footnote>
</w:footnotes>
"""


def add_footnotes(document: Document, footnotes: str = FOOTNOTES) -> None:
    """python-docx cannot write footnotes: add ``word/footnotes.xml`` as a part of its own."""
    root = etree.fromstring(footnotes.encode())
    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        etree.tostring(root),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def footnote_call(paragraph: Paragraph, note_id: int) -> None:
    xml(
        paragraph,
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>',
    )


def test_footnotes_from_the_footnotes_part(tmp_path: Path) -> None:
    document = new_document()
    add_footnotes(document)
    document.add_heading("Eins", level=1)
    paragraph = document.add_paragraph("Beschlossen")
    footnote_call(paragraph, 1)
    paragraph.add_run(" und umgesetzt.")
    footnote_call(paragraph, 2)
    document.add_heading("Zwei", level=1)
    footnote_call(document.add_paragraph("Auch hier."), 2)
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-eins.md": chapter(
            """
            # Eins

            Beschlossen[^1] und umgesetzt.[^2]

            [^1]: Beschluss vom *10. November 2020*.

                Zweiter Absatz der Fußnote.

            [^2]: Siehe oben.
            """
        ),
        "kapitel/02-zwei.md": "# Zwei\n\nAuch hier.[^1]\n\n[^1]: Siehe oben.\n",
    }
    assert text_notes(imported.report) == [
        "2: footnote [^fn2] is cited in more than one chapter – its text was repeated in "
        "kapitel/02-zwei.md"
    ]
    assert imported.report.summary().startswith(
        f"Imported text.docx into {imported.book}: 2 chapters, 3 footnotes"
    )


# --- emphasis and other formatting --------------------------------------------------------------


def test_bold_and_italic_and_formatting_the_book_has_not(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Betonung", level=1)
    paragraph = document.add_paragraph("Wir ")
    paragraph.add_run("wollen ").bold = True
    paragraph.add_run("mehr").italic = True
    paragraph.add_run(" und ")
    both = paragraph.add_run("alles")
    both.bold = both.italic = True
    paragraph.add_run(" jetzt, ")
    paragraph.add_run("unter").underline = True
    paragraph.add_run("strichen, ")
    paragraph.add_run("gestrichen").font.strike = True
    paragraph.add_run(" und 5 m")
    paragraph.add_run("2").font.superscript = True
    paragraph.add_run(" CO")
    paragraph.add_run("2").font.subscript = True
    paragraph.add_run(" am 1.")
    paragraph.add_run("er").font.superscript = True
    paragraph.add_run(".")
    glued = document.add_paragraph()
    glued.add_run("Hinweis:").bold = True
    glued.add_run("Text * mit Stern")
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-betonung.md": unwrap(
            """
            # Betonung

            Wir **wollen** *mehr* und ***alles*** jetzt, unterstrichen, gestrichen und 5 m^2^  \\
            CO~2~ am 1.^er^.

            Hinweis:Text \\* mit Stern
            """
        )
    }
    assert text_notes(imported.report) == [
        "2: underlined text „unter“ kept as plain text",
        "2: struck-through text „gestrichen“ kept as plain text",
        "3: bold or italic text here cannot be written in Markdown – kept without it",
    ]


def test_tildes_and_carets_in_words_text_stay_text(tmp_path: Path) -> None:
    """~ and ^ mark sub- and superscript (and ~~ strikeout) in the source format: typed in
    Word they are characters, and read back as such."""
    from publish.read.book import load_book
    from publish.tree import plain_text

    document = new_document()
    document.add_heading("Zeichen", level=1)
    typed = "Ca. ~5 %, ~~alt~~, H~2~O und 2^10^ bleiben, wie sie sind."
    document.add_paragraph(typed)
    imported = run_import(tmp_path, document)
    assert imported.chapters["kapitel/01-zeichen.md"].splitlines()[2] == (
        "Ca. \\~5 %, \\~\\~alt\\~\\~, H\\~2\\~O und 2\\^10\\^ bleiben, wie sie sind."
    )
    paragraph = load_book(imported.book).chapters[0].blocks[1]
    assert isinstance(paragraph, m.Paragraph) and plain_text(paragraph.children) == typed


# --- images -------------------------------------------------------------------------------------


def test_images_with_alt_text_copied_and_one_without_kept_with_a_placeholder(
    tmp_path: Path,
) -> None:
    document = new_document()
    document.add_heading("Bilder", level=1)
    document.add_picture(png("green"))
    document.inline_shapes[0]._inline.docPr.set("descr", "Balkendiagramm der Sitze:\n17 für SPD")
    document.add_paragraph("Abbildung 1: Sitze im Rat", style="Caption")
    document.add_picture(png("red"))
    document.add_paragraph("Text danach.")
    imported = run_import(tmp_path, document)
    placeholder = PLACEHOLDER_ALT
    assert imported.chapters == {
        "kapitel/01-bilder.md": unwrap(
            f"""
            # Bilder

            ![Balkendiagramm der Sitze: 17 für SPD] \\
            (bilder/balkendiagramm-der-sitze-17-fuer-spd.png "Abbildung 1: Sitze im Rat")

            ![{placeholder}](bilder/image2.png)

            Text danach.
            """
        )
    }
    assert text_notes(imported.report) == [
        f"4: picture „Picture 2“ has no alt text – kept with the placeholder „{placeholder}“ – "
        "describe it in the chapter file, or mark it {.decorative} there if it carries no "
        "meaning"
    ]
    names = sorted(p.name for p in (imported.book / "bilder").iterdir())
    assert names == ["balkendiagramm-der-sitze-17-fuer-spd.png", "image2.png"]
    green = imported.book / "bilder" / names[0]
    assert Image.open(green).getpixel((0, 0)) == (0, 128, 0)


# --- links --------------------------------------------------------------------------------------


def test_links_external_kept_internal_to_headings_resolved(tmp_path: Path) -> None:
    document = new_document()
    heading = document.add_heading("Klima", level=1)
    xml(heading, '<w:bookmarkStart w:id="7" w:name="_Ref123"/>')
    paragraph = document.add_paragraph("Mehr auf ")
    rid = document.part.relate_to("https://example.org/a b", RT.HYPERLINK, is_external=True)
    xml(paragraph, f'<w:hyperlink r:id="{rid}"><w:r><w:t>der Seite</w:t></w:r></w:hyperlink>')
    paragraph.add_run(", per ")
    rid = document.part.relate_to("mailto:info@example.org", RT.HYPERLINK, is_external=True)
    xml(paragraph, f'<w:hyperlink r:id="{rid}"><w:r><w:t>E-Mail</w:t></w:r></w:hyperlink>')
    paragraph.add_run(", ")
    xml(paragraph, '<w:hyperlink w:anchor="_Ref123"><w:r><w:t>oben</w:t></w:r></w:hyperlink>')
    paragraph.add_run(" und ")
    xml(
        paragraph,
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://bochum.de" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Bochum</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    paragraph.add_run(", nicht ")
    rid = document.part.relate_to("file:///C:/intern.docx", RT.HYPERLINK, is_external=True)
    xml(paragraph, f'<w:hyperlink r:id="{rid}"><w:r><w:t>intern</w:t></w:r></w:hyperlink>')
    paragraph.add_run(".")
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-klima.md": unwrap(
            """
            # Klima

            Mehr auf [der Seite](<https://example.org/a b>), per  \\
            [E-Mail](mailto:info@example.org), [oben](#klima) und  \\
            [Bochum](https://bochum.de), nicht intern.
            """
        )
    }
    assert text_notes(imported.report) == [
        "2: link target „file:///C:/intern.docx“ cannot be kept (only #ids, https:// and "
        "mailto: addresses) – kept the link text"
    ]


# --- what has no place in the book -------------------------------------------------------------


def test_tracked_changes_comments_and_hidden_text_are_reported(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Änderungen", level=1)
    paragraph = document.add_paragraph("Wir wollen ")
    xml(paragraph, '<w:ins w:id="1" w:author="A"><w:r><w:t>viele</w:t></w:r></w:ins>')
    xml(paragraph, '<w:del w:id="2" w:author="A"><w:r><w:delText>wenige</w:delText></w:r></w:del>')
    paragraph.add_run(" Bäume")
    paragraph.add_run(" (geheim)").font.hidden = True
    paragraph.add_run(".")
    document.add_comment(paragraph.runs[-1], text="Stimmt das?", author="B")
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-aenderungen.md": "# Änderungen\n\nWir wollen viele Bäume.\n"
    }
    assert text_notes(imported.report) == [
        "2: tracked deletion „wenige“ left out – insertions were kept; accept or reject the "
        "changes in Word to be sure",
        "2: hidden text „(geheim)“ left out",
        "2: Word comment „Stimmt das?“ left out",
    ]
    dropped = [(d.kind, d.line, d.text) for d in imported.report.dropped]
    assert dropped == [
        (Dropped.DELETION, 2, "wenige"),
        (Dropped.HIDDEN_TEXT, 2, " (geheim)"),
        (Dropped.WORD_COMMENT, 2, "Stimmt das?"),
    ]


HEADING_NUMBERS = f"""
<w:abstractNum {NSDECLS} w:abstractNumId="80">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>
  </w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
  </w:lvl>
</w:abstractNum>
"""
DRAWINGML = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
TEXT_BOX = f"""
<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
  <mc:Choice Requires="wps"><w:drawing><wp:anchor {DRAWINGML}><wp:docPr id="5" name="Textfeld 5"/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
        <wps:txbx><w:txbxContent><w:p><w:r><w:t>Im Kasten</w:t></w:r></w:p></w:txbxContent>
      </wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Im Kasten</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
  </mc:Fallback></mc:AlternateContent></w:r>
"""
CHART = f"""
<w:r><w:drawing><wp:inline {DRAWINGML}><wp:docPr id="7" name="Diagramm 7" descr="Sitze: 10 zu 17"/>
  <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/>
  </a:graphic></wp:inline></w:drawing></w:r>
"""
EQUATION = """
<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">
  <m:r><m:t>a²+b²=c²</m:t></m:r></m:oMath>
"""


def test_what_the_book_cannot_show_is_reported_and_kept_as_text(tmp_path: Path) -> None:
    document = new_document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(HEADING_NUMBERS))
    numbering.append(
        parse_xml(f'<w:num {NSDECLS} w:numId="80"><w:abstractNumId w:val="80"/></w:num>')
    )
    for text, level in (("Klima", 1), ("Wärme", 2), ("Verkehr", 1)):
        heading = document.add_heading(text, level)
        heading._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {NSDECLS}><w:ilvl w:val="{level - 1}"/><w:numId w:val="80"/></w:numPr>'
            )
        )
        paragraph = document.add_paragraph(f"Text zu {text}.")
    xml(paragraph, EQUATION)
    xml(paragraph, '<w:r><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>')
    xml(document.add_paragraph("Mit Textfeld"), TEXT_BOX)
    xml(document.add_paragraph("Diagramm:"), CHART)
    document.add_paragraph("\uf0b7\tvon Hand gesetzter Punkt")
    endnotes = f"""<w:endnotes {NSDECLS}><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>
        <w:r><w:t xml:space="preserve"> Eine Endnote.</w:t></w:r></w:p></w:endnote></w:endnotes>"""
    part = Part(
        PackURI("/word/endnotes.xml"), CT.WML_ENDNOTES, endnotes.encode(), document.part.package
    )
    document.part.relate_to(part, RT.ENDNOTES)
    xml(document.add_paragraph("Mit Endnote"), '<w:r><w:endnoteReference w:id="1"/></w:r>')
    document.sections[0].header.paragraphs[0].text = "Entwurf – vertraulich"
    imported = run_import(tmp_path, document)
    assert imported.chapters == {
        "kapitel/01-i-klima.md": "# I. Klima\n\nText zu Klima.\n\n## I.1 Wärme\n\nText zu Wärme.\n",
        "kapitel/02-ii-verkehr.md": chapter(
            """
            # II. Verkehr

            Text zu Verkehr.a²+b²=c²→

            Mit Textfeld

            Im Kasten

            Diagramm: Sitze: 10 zu 17

            - von Hand gesetzter Punkt

            Mit Endnote[^1]

            [^1]: Eine Endnote.
            """
        ),
    }
    assert text_notes(imported.report) == [
        "None: headers and footers are not imported („Entwurf – vertraulich“) – the book makes "
        "its own running heads and page numbers",
        "1: automatic heading numbers were written into the headings' text („I. Klima“)",
        "6: equation „a²+b²=c²“ kept as plain text – write it out, or insert it as a picture "
        "with alt text",
        "6: symbol-font character U+F0E0 (Wingdings) read as „→“ (RIGHTWARDS ARROW)",
        "7: a text box: its 1 paragraph(s) follow this paragraph as ordinary text",
        "8: chart „Diagramm 7“ cannot be converted – left out (its alt text „Sitze: 10 zu 17“ "
        "was kept as text) – insert it as a picture with alt text",
        "9: symbol-font character U+F0B7 (Symbol/Wingdings) read as „•“ (BULLET)",
        "10: an endnote became a footnote (the book has footnotes only)",
    ]


# --- a whole document, built -------------------------------------------------------------------


def test_a_document_of_several_chapters_imports_and_builds(tmp_path: Path) -> None:
    document = new_document()
    add_footnotes(document)
    document.add_paragraph("Klimavertrag für Bochum", style="Title")
    document.add_paragraph("Vereinbarung zwischen SPD und GRÜNEN", style="Subtitle")
    document.add_paragraph("Bochum, 10. November 2020")
    for number, title in enumerate(("Klima", "Verkehr", "Soziales"), start=1):
        document.add_heading(title, level=1)
        paragraph = document.add_paragraph(f"Im Kapitel {number} steht, was wir ")
        paragraph.add_run("gemeinsam").italic = True
        paragraph.add_run(" wollen.")
        footnote_call(paragraph, 1 if number == 1 else 2)
        document.add_heading(f"{title} in der Stadt", level=2)
        document.add_paragraph("Radwege bauen", style="List Bullet")
        document.add_paragraph("Busse fahren", style="List Bullet")
        table = document.add_table(rows=2, cols=2)
        for cell, text in zip(table._cells, ["Jahr", "Ziel", "2025", "mehr"], strict=True):
            cell.text = text
    document.add_picture(png("blue"))
    document.inline_shapes[0]._inline.docPr.set("descr", "Ein blaues Rechteck")
    imported = run_import(tmp_path, document)
    assert list(imported.chapters) == [
        "kapitel/01-vorbemerkung.md",
        "kapitel/02-klima.md",
        "kapitel/03-verkehr.md",
        "kapitel/04-soziales.md",
    ]
    out = tmp_path / "dist"
    written = build(BuildRequest(imported.book, out, formats=("pdf", "epub")))
    names = sorted(path.name for path in written)
    assert names == [
        "klimavertrag-fuer-bochum-booklet.pdf",
        "klimavertrag-fuer-bochum-print.pdf",
        "klimavertrag-fuer-bochum.epub",
        "klimavertrag-fuer-bochum.layout.json",
        "klimavertrag-fuer-bochum.pdf",
    ]
    assert all(path.stat().st_size > 1000 for path in written)


# --- the zip is checked before anything is read ------------------------------------------------


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def refused(source: Path, tmp_path: Path) -> str:
    into = tmp_path / "buch"
    with pytest.raises(PublishError) as error:
        import_docx(source, into)
    assert not into.exists()
    return str(error.value.message)


def test_an_entry_that_points_outside_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_zip(
        tmp_path / "boese.docx", {"word/document.xml": b"<x/>", "../../boese.sh": b"x"}
    )
    assert refused(source, tmp_path) == (
        "boese.docx: not imported – its entry „../../boese.sh“ points outside the document (an "
        "absolute path or „..“); a Word file has none, so this one is damaged or crafted"
    )
    source = write_zip(tmp_path / "absolut.docx", {"/etc/passwd": b"x"})
    assert refused(source, tmp_path).startswith(
        "absolut.docx: not imported – its entry „/etc/passwd“ points outside the document"
    )


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    entries = {f"word/media/bild{n}.png": b"" for n in range(archive.MAX_ENTRIES + 1)}
    source = write_zip(tmp_path / "viele.docx", entries)
    assert refused(source, tmp_path) == (
        "viele.docx: not imported – it holds 2001 entries, more than the 2000 a .docx may have"
    )


def test_a_zip_bomb_entry_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_zip(tmp_path / "bombe.docx", {"word/document.xml": bytes(8 * 2**20)})
    with zipfile.ZipFile(source) as archive:
        entry = archive.getinfo("word/document.xml")
    ratio = entry.file_size // entry.compress_size
    assert ratio > 1000
    assert refused(source, tmp_path) == (
        f"bombe.docx: not imported – its entry „word/document.xml“ unpacks to {ratio} times its "
        "packed size (at most 100 allowed); this looks like a zip bomb"
    )


def test_too_much_unpacked_data_and_files_that_are_no_docx_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(archive, "MAX_UNPACKED", 2**20)
    source = write_zip(tmp_path / "gross.docx", {"a.bin": bytes(600_000), "b.bin": bytes(600_000)})
    assert refused(source, tmp_path) == (
        "gross.docx: not imported – it unpacks to 1 MB, more than the 1 MB allowed"
    )
    (tmp_path / "text.docx").write_bytes(b"kein zip")
    assert refused(tmp_path / "text.docx", tmp_path) == (
        "text.docx: not a Word document – a .docx is a zip archive and this is none; save it "
        "in Word as .docx"
    )
    (tmp_path / "alt.docx").write_bytes(archive.OLE_MAGIC + bytes(100))
    assert refused(tmp_path / "alt.docx", tmp_path) == (
        "alt.docx: not a .docx file – it is an old Word file (.doc) or protected by a "
        "password; save it in Word as .docx without a password"
    )


# --- picking the importer by suffix ---------------------------------------------------------------


def test_import_source_picks_the_importer_by_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    markdown = tmp_path / "text.md"
    markdown.write_text("# Eins\n\nText.\n", encoding="utf-8")
    assert import_source(markdown, tmp_path / "aus-md").chapters == (
        tmp_path / "aus-md" / "kapitel" / "01-eins.md",
    )
    document = new_document()
    document.add_heading("Eins", level=1)
    document.save(str(tmp_path / "Text.DOCX"))
    report = import_source(tmp_path / "Text.DOCX", tmp_path / "aus-docx")
    assert report.position == "paragraph"
    assert report.chapters == (tmp_path / "aus-docx" / "kapitel" / "01-eins.md",)
    expected = " – import a Markdown (.md, .markdown) or Word (.docx) file"
    cases = {
        "alt.doc": "alt.doc: old Word files (.doc) cannot be imported – open it in Word and "
        "save it as .docx",
        "text.odt": "text.odt: cannot import „.odt“ files" + expected,
        "ohne": "ohne: cannot import a file without a suffix" + expected,
    }
    for name, message in cases.items():
        with pytest.raises(PublishError) as error:
            import_source(tmp_path / name, tmp_path / "nie")
        assert error.value.message == message
    assert not (tmp_path / "nie").exists()
