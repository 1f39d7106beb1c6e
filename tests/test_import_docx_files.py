"""The Word importer on the files that arrive in practice: without numbering, styles, notes
or comments parts, with relationships to missing parts, from LibreOffice (``wordfiles/``) and
Google Docs, in Strict Open XML; damaged, empty, crafted, very long or deeply nested files.
Each file is made here (python-docx and zip surgery, :mod:`wordbuild`) or read from
``tests/wordfiles/``; chapters, notes and messages are asserted word for word."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from wordbuild import (
    DEL,
    INS,
    blocks,
    deleted,
    edit_entry,
    entries,
    import_bytes,
    import_document,
    inline,
    new_document,
    paragraph_xml,
    refused,
    rezip,
    run,
    save,
    style,
    text_notes,
    with_entry,
    without_entries,
    without_parts,
)

from publish.cli import main
from publish.importer import Dropped
from publish.read.config import load_config

WORDFILES = Path(__file__).parent / "wordfiles"


def simple_document() -> bytes:
    document = new_document()
    document.add_heading("Klima", level=1)
    document.add_paragraph("Wir pflanzen Bäume.")
    document.add_paragraph("Radwege", style="List Number")
    document.add_paragraph("Busse", style="List Number")
    return save(document)


# --- parts that are missing ---------------------------------------------------------------


def test_a_document_without_lists_has_no_numbering_part(tmp_path: Path) -> None:
    """Word writes no numbering part when a document has no lists (python-docx crashed on
    46 of 85 real files for that). A numbered paragraph without it is a plain paragraph,
    as Word shows it."""
    data = without_parts(simple_document(), "word/numbering.xml")
    imported = import_bytes(tmp_path, data)
    assert imported.chapters == {
        "kapitel/01-klima.md": "# Klima\n\nWir pflanzen Bäume.\n\nRadwege\n\nBusse\n"
    }
    assert text_notes(imported.report) == []


def test_without_styles_part_headings_are_read_by_their_style_names(tmp_path: Path) -> None:
    """A heading's style id says what it is; a list style's numbering is gone with the
    styles (Word shows such paragraphs without numbers, too)."""
    data = without_parts(simple_document(), "word/styles.xml", "word/stylesWithEffects.xml")
    imported = import_bytes(tmp_path, data)
    assert imported.chapters == {
        "kapitel/01-klima.md": "# Klima\n\nWir pflanzen Bäume.\n\nRadwege\n\nBusse\n"
    }
    assert text_notes(imported.report) == [
        "None: the document does not define the styles Heading1 – their paragraphs were read "
        "by the styles' names"
    ]


def test_without_notes_and_comments_parts_their_marks_are_reported(tmp_path: Path) -> None:
    document = new_document()
    document.add_heading("Noten", level=1)
    paragraph = document.add_paragraph("Text")
    inline(
        paragraph,
        '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="2"/></w:r>'
        '<w:r><w:commentReference w:id="3"/></w:r>',
    )
    imported = import_document(tmp_path, document)
    assert imported.chapters == {"kapitel/01-noten.md": "# Noten\n\nText\n"}
    assert text_notes(imported.report) == [
        "2: a footnote without text – its mark was left out",
        "2: an endnote without text – its mark was left out",
        "2: a Word comment (its text is not in the file) left out",
    ]
    assert [(d.kind, d.line, d.text) for d in imported.report.dropped] == [
        (Dropped.WORD_COMMENT, 2, "")
    ]


def test_relationships_to_missing_parts_are_reported_and_read_without_them(
    tmp_path: Path,
) -> None:
    document = new_document()
    document.add_heading("Bild", level=1)
    document.add_picture(str(Path(__file__).parent / "books/everything/bilder/sitze.png"))
    document.inline_shapes[0]._inline.docPr.set("descr", "Ein Diagramm")
    document.add_paragraph("Radwege", style="List Number")
    data = save(document)
    images = [n for n in re.findall(r'Target="(media/[^"]+)"', _rels(data))]
    data = without_entries(data, "word/numbering.xml", *(f"word/{i}" for i in images))
    imported = import_bytes(tmp_path, data)
    assert imported.chapters == {"kapitel/01-bild.md": "# Bild\n\nEin Diagramm\n\nRadwege\n"}
    assert text_notes(imported.report) == [
        "None: word/_rels/document.xml.rels names the part numbering.xml, which the file does "
        "not hold – read without it – open the document in Word and save it again, then "
        "check what is missing",
        f"None: word/_rels/document.xml.rels names the part {images[0]}, which the file does "
        "not hold – read without it – open the document in Word and save it again, then "
        "check what is missing",
        "2: picture „Picture 1“ has no image data in the document – left out (its alt text "
        "„Ein Diagramm“ was kept as text) – insert the picture itself in Word",
    ]


def _rels(data: bytes) -> str:
    return entries(data)["word/_rels/document.xml.rels"].decode()


def test_without_content_types_and_document_properties(tmp_path: Path) -> None:
    data = without_parts(simple_document(), "docProps/core.xml", "docProps/app.xml")
    data = without_entries(data, "[Content_Types].xml")
    imported = import_bytes(tmp_path, data)
    assert imported.chapters == {
        "kapitel/01-klima.md": "# Klima\n\nWir pflanzen Bäume.\n\n1. Radwege\n2. Busse\n"
    }


def test_google_docs_like_document(tmp_path: Path) -> None:
    """What Google Docs exports: no document properties, settings, fonts or theme; Arial in
    every run, its own bookmark names, ● bullets in the numbering."""
    document = new_document()
    blocks(
        document,
        paragraph_xml(
            '<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="_gjdgxs" w:id="0"/>',
            '<w:bookmarkEnd w:id="0"/>',
            run(
                "Koalitionsvertrag", '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:rtl w:val="0"/>'
            ),
            properties='<w:pStyle w:val="Title"/><w:keepNext w:val="0"/>',
        )
        + paragraph_xml(
            run("Klima", '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:rtl w:val="0"/>'),
            properties='<w:pStyle w:val="Heading1"/><w:spacing w:after="120"/>',
        )
        + paragraph_xml(
            run("Wir handeln ", '<w:rtl w:val="0"/>'),
            run("jetzt", '<w:b w:val="1"/><w:rtl w:val="0"/>'),
            run(".", '<w:rtl w:val="0"/>'),
        ),
    )
    document.add_paragraph("Sonne", style="List Bullet")
    data = without_parts(
        save(document),
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/thumbnail.jpeg",
        "word/settings.xml",
        "word/webSettings.xml",
        "word/fontTable.xml",
        "word/theme/theme1.xml",
        "word/stylesWithEffects.xml",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "customXml/_rels/item1.xml.rels",
    )
    imported = import_bytes(tmp_path, data, "Koalitionsvertrag.docx")
    assert imported.chapters == {
        "kapitel/01-klima.md": "# Klima\n\nWir handeln **jetzt**.\n\n- Sonne\n"
    }
    assert text_notes(imported.report) == []


def test_strict_open_xml_is_read_like_transitional(tmp_path: Path) -> None:
    data = simple_document()
    for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
        data = edit_entry(
            data,
            name,
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main",
        )
    for name in ("_rels/.rels", "word/_rels/document.xml.rels"):
        data = edit_entry(
            data,
            name,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
            "http://purl.oclc.org/ooxml/officeDocument/relationships/",
        )
    imported = import_bytes(tmp_path, data)
    assert imported.chapters == {
        "kapitel/01-klima.md": "# Klima\n\nWir pflanzen Bäume.\n\n1. Radwege\n2. Busse\n"
    }


# --- damaged files: a message, never a traceback -------------------------------------------


def test_damaged_xml_is_refused_with_the_part_named(tmp_path: Path) -> None:
    data = simple_document()
    cases = {
        "word/document.xml": ("</w:body>", "", "Opening and ending tag mismatch: body line 2 and "),
        "word/styles.xml": ("<w:style ", "<w:style <", "error parsing attribute name"),
        "word/numbering.xml": ("<w:abstractNum ", "<w:abstractNum&", "error parsing attribute"),
        "word/_rels/document.xml.rels": ("<Relationship ", "<Relationship <", "error parsing"),
    }
    for part, (old, new, reason) in cases.items():
        message = refused(tmp_path, edit_entry(data, part, old, new))
        assert message.startswith(f"{tmp_path / 'kaputt.docx'}: damaged XML in {part} ({reason}")
        assert message.endswith(") – open the document in Word and save it again")


def test_entries_whose_names_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    """Part names are the same whatever their case: which of two would count is unclear."""
    data = simple_document()
    document = {name: content for name, content in entries(data).items()}
    document["WORD/document.xml"] = document["word/document.xml"]
    assert refused(tmp_path, rezip(document)) == (
        f"{tmp_path / 'kaputt.docx'}: not imported – its entry „WORD/document.xml“ is in it "
        "twice; a Word file has each once, so this one is damaged or crafted"
    )


def test_entities_doctype_and_empty_parts_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = with_entry(simple_document(), "word/document.xml", bomb.encode())
    assert refused(tmp_path, data) == (
        f"{tmp_path / 'kaputt.docx'}: damaged XML in word/document.xml (a Word file has no "
        "DOCTYPE and no empty parts) – open the document in Word and save it again"
    )


def test_a_file_without_main_document_is_refused(tmp_path: Path) -> None:
    data = without_entries(simple_document(), "word/document.xml")
    assert refused(tmp_path, data) == (
        f"{tmp_path / 'kaputt.docx'}: not a Word document that can be read (it has no main "
        "document part, word/document.xml) – open it in Word and save it as .docx again"
    )


def test_the_command_exits_1_with_a_message_and_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kaputt.docx").write_bytes(
        edit_entry(simple_document(), "word/document.xml", "</w:body>", "")
    )
    (tmp_path / "gut.docx").write_bytes(without_parts(simple_document(), "word/numbering.xml"))
    runner = CliRunner()
    bad = runner.invoke(main, ["import", "kaputt.docx", "--into", "a"])
    assert bad.exit_code == 1
    assert (
        "Traceback" not in bad.output
        and bad.exception is None
        or isinstance(bad.exception, SystemExit)
    )
    assert "Error: kaputt.docx: damaged XML in word/document.xml (Opening and ending tag" in (
        bad.output
    )
    good = runner.invoke(main, ["import", "gut.docx", "--into", "b"])
    assert good.exit_code == 0, good.output
    assert good.output.startswith("Imported gut.docx into b: 1 chapter")


def test_deep_nesting_imports_and_too_deep_is_refused(tmp_path: Path) -> None:
    """Content controls 120 deep (240 elements) import without recursion trouble; libxml2
    refuses anything deeper than 256 elements, and the message says so."""
    paragraph = paragraph_xml(run("Tief innen."))
    nested = "<w:sdt><w:sdtContent>" * 120 + paragraph + "</w:sdtContent></w:sdt>" * 120
    document = new_document()
    document.add_heading("Tief", level=1)
    blocks(document, nested)
    smart = "<w:smartTag>" * 200 + run("Kette") + "</w:smartTag>" * 200
    blocks(document, paragraph_xml(smart))
    imported = import_document(tmp_path, document)
    assert imported.chapters == {"kapitel/01-tief.md": "# Tief\n\nTief innen.\n\nKette\n"}
    too_deep = "<w:sdt><w:sdtContent>" * 130 + paragraph + "</w:sdtContent></w:sdt>" * 130
    data = edit_entry(save(new_document()), "word/document.xml", "<w:body>", "<w:body>" + too_deep)
    assert refused(tmp_path, data) == (
        f"{tmp_path / 'kaputt.docx'}: damaged XML in word/document.xml (its elements are "
        "nested more than 256 levels deep) – open the document in Word and save it again"
    )


def test_five_thousand_paragraphs_import_in_seconds(tmp_path: Path) -> None:
    """No quadratic step: 5,000 paragraphs (headings, list items, tracked changes, bold,
    subscript) import in seconds (about 5 s on a shared 2-core machine)."""
    parts = []
    for i in range(5000):
        if i % 100 == 0:
            parts.append(
                paragraph_xml(run(f"Kapitel {i // 100 + 1}"), properties=style("Heading1"))
            )
        elif i % 10 == 1:
            parts.append(paragraph_xml(run(f"Punkt {i}"), properties=style("ListBullet")))
        else:
            parts.append(
                paragraph_xml(
                    run(f"Absatz {i}: Wir wollen "),
                    run("mehr", "<w:b/>"),
                    run(" Klimaschutz für H"),
                    run("2", '<w:vertAlign w:val="subscript"/>'),
                    run("O."),
                    INS.format(n=1, runs=run(" Neu")),
                    DEL.format(n=2, runs=deleted(" Alt")),
                )
            )
    document = new_document()
    blocks(document, "".join(parts))
    start = time.perf_counter()
    imported = import_document(tmp_path, document)
    seconds = time.perf_counter() - start
    assert len(imported.chapters) == 50
    assert imported.report.dropped_count(Dropped.DELETION) == 4450
    assert "Absatz 4999: Wir wollen **mehr** Klimaschutz für H~2~O. Neu" in imported.text
    assert seconds < 60, f"5,000 paragraphs took {seconds:.1f} s"


def test_an_empty_document_is_refused(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Nur ein Titel", style="Title")
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    assert refused(tmp_path, save(document)) == (
        f"{tmp_path / 'kaputt.docx'}: nothing to import – the document's main text is empty "
        "(no paragraph, list or table has text)"
    )


# --- files written by LibreOffice ---------------------------------------------------------

AGREEMENT = (
    "# Klima\n\nWir wollen viele Bäume pflanzen[^1].\n\n"
    "Weniger CO~2~ je m^2^, **sofort** und *gemeinsam*.\n\n"
    "- Radwege bauen\n- Busse fahren\n\n1. Erstens\n2. Zweitens\n\n"
    "- Geprüft und beschlossen.\n\n{box}"
    "## Verkehr\n\n| Jahr | Ziel |\n|---|---|\n| 2025 | mehr Busse innen auch |\n\n"
    "Mehr auf [bochum.de](https://www.bochum.de/) und oben bei [Klima](#klima).\n\n"
    "[^1]: Beschluss vom 10. November 2020.\n"
)


@pytest.mark.parametrize("name", ["libreoffice.docx", "libreoffice-from-odt.docx"])
def test_documents_written_by_libreoffice(tmp_path: Path, name: str) -> None:
    imported = import_bytes(tmp_path, (WORDFILES / name).read_bytes(), name)
    box = "Mit einem Kasten.\n\nKasten: Bochum wird klimaneutral.\n\n"
    assert imported.chapters == {
        "kapitel/01-klima.md": AGREEMENT.format(box=box),
        "kapitel/02-soziales.md": "# Soziales\n\nNiemand wird zurückgelassen.\n",
    }
    hint = "insertions were kept; accept or reject the changes in Word to be sure"
    assert text_notes(imported.report) == [
        f"4: tracked deletion „wenige“ left out – {hint}",
        "4: Word comment „Wie viele genau?“ left out",
        "10: symbol-font character U+F0FC (Wingdings) read as „✓“ (CHECK MARK)",
        "11: a text box: its 1 paragraph(s) follow this paragraph as ordinary text",
        "13: table: a table inside a cell was put into the cell as text; cells with several "
        "paragraphs were joined into one line",
        "22: page and column breaks were left out – the book makes its own pages",
    ]
    meta = load_config(imported.book / "book.yaml").metadata
    assert (meta.title, meta.subtitle) == (
        "Klimavertrag für Bochum",
        "Vereinbarung zwischen SPD und GRÜNEN",
    )


def test_a_libreoffice_document_without_lists_or_notes(tmp_path: Path) -> None:
    data = (WORDFILES / "libreoffice-plain.docx").read_bytes()
    imported = import_bytes(tmp_path, data, "libreoffice-plain.docx")
    assert imported.chapters == {
        "kapitel/01-einleitung.md": (
            "# Einleitung\n\nEin Text ohne Listen, Fußnoten und Kommentare.\n"
        ),
        "kapitel/02-schluss.md": "# Schluss\n\nDas Ende.\n",
    }
    assert text_notes(imported.report) == []
