"""Make the LibreOffice-written fixtures in this folder (see README.md): a Word document
written with python-docx (and XML where python-docx writes nothing) is opened and saved
again by LibreOffice Writer, directly and by way of an .odt. Needs ``soffice`` on the PATH;
the tests only read the results.

    .venv/bin/python tests/wordfiles/make_libreoffice.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from wordbuild import add_part, blocks, fragment, new_document, paragraph_xml, run, save  # noqa: E402

FOOTNOTES = """
<w:ROOT>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>
    <w:r><w:t xml:space="preserve"> Beschluss vom 10. November 2020.</w:t></w:r></w:p></w:footnote>
</w:footnotes>
"""
COMMENTS = """
<w:ROOT>
  <w:comment w:id="0" w:author="B" w:initials="B">
    <w:p><w:r><w:t>Wie viele genau?</w:t></w:r></w:p></w:comment>
</w:comments>
"""
TEXT_BOX = """
<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
  <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1"
    behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
    <wp:simplePos x="0" y="0"/>
    <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
    <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
    <wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
    <wp:wrapSquare wrapText="bothSides"/><wp:docPr id="5" name="Textfeld 5"/>
    <a:graphic><a:graphicData
      uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>
        <a:ext cx="2000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
        </wps:spPr>
        <wps:txbx><w:txbxContent><w:p><w:r><w:t>Kasten: Bochum wird klimaneutral.</w:t></w:r></w:p>
        </w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>
  </wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape style="width:160pt;height:40pt"><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Kasten: Bochum wird klimaneutral.</w:t></w:r></w:p></w:txbxContent>
  </v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>
"""
WORD = "docx:MS Word 2007 XML"
WINGDINGS = '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:cs="Wingdings"/>'


def agreement() -> bytes:
    """The source: a short agreement with what LibreOffice writes back in its own way."""
    document = new_document()
    document.core_properties.title = "Klimavertrag für Bochum"
    add_part(document, "footnotes", FOOTNOTES)
    add_part(document, "comments", COMMENTS)
    document.add_paragraph("Klimavertrag für Bochum", style="Title")
    document.add_paragraph("Vereinbarung zwischen SPD und GRÜNEN", style="Subtitle")
    heading = document.add_heading("Klima", level=1)
    heading._p.append(fragment('<w:bookmarkStart w:id="1" w:name="klima"/>')[0])
    blocks(
        document,
        paragraph_xml(
            run("Wir wollen "),
            '<w:ins w:id="11" w:author="A" w:date="2020-11-01T10:00:00Z">'
            '<w:r><w:t xml:space="preserve">viele </w:t></w:r></w:ins>',
            '<w:del w:id="12" w:author="A" w:date="2020-11-01T10:00:00Z">'
            '<w:r><w:delText xml:space="preserve">wenige </w:delText></w:r></w:del>',
            '<w:commentRangeStart w:id="0"/>',
            run("Bäume"),
            '<w:commentRangeEnd w:id="0"/>',
            '<w:r><w:commentReference w:id="0"/></w:r>',
            run(" pflanzen"),
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r>',
            run("."),
        ),
    )
    blocks(
        document,
        paragraph_xml(
            run("Weniger CO"),
            run("2", '<w:vertAlign w:val="subscript"/>'),
            run(" je m"),
            run("2", '<w:vertAlign w:val="superscript"/>'),
            run(", "),
            run("sofort", "<w:b/>"),
            run(" und "),
            run("gemeinsam", "<w:i/>"),
            run("."),
        ),
    )
    document.add_paragraph("Radwege bauen", style="List Bullet")
    document.add_paragraph("Busse fahren", style="List Bullet")
    document.add_paragraph("Erstens", style="List Number")
    document.add_paragraph("Zweitens", style="List Number")
    blocks(
        document,
        paragraph_xml(run("\uf0fc", WINGDINGS), run(" Geprüft und beschlossen.")),
    )
    blocks(document, paragraph_xml(run("Mit einem Kasten."), TEXT_BOX))
    document.add_heading("Verkehr", level=2)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Jahr", "Ziel", "2025", "mehr Busse"], strict=True):
        cell.text = text
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "innen"
    inner.cell(0, 1).text = "auch"
    table.cell(1, 1).add_paragraph("")
    paragraph = document.add_paragraph("Mehr auf ")
    rid = document.part.relate_to(
        "https://www.bochum.de/",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    paragraph._p.append(
        fragment(f'<w:hyperlink r:id="{rid}"><w:r><w:t>bochum.de</w:t></w:r></w:hyperlink>')[0]
    )
    paragraph.add_run(" und oben bei ")
    paragraph._p.append(
        fragment('<w:hyperlink w:anchor="klima"><w:r><w:t>Klima</w:t></w:r></w:hyperlink>')[0]
    )
    paragraph.add_run(".")
    blocks(document, paragraph_xml('<w:r><w:br w:type="page"/></w:r>'))
    document.add_heading("Soziales", level=1)
    document.add_paragraph("Niemand wird zurückgelassen.")
    return save(document)


def plain() -> bytes:
    """A document without lists, notes or comments."""
    document = new_document()
    document.add_heading("Einleitung", level=1)
    document.add_paragraph("Ein Text ohne Listen, Fußnoten und Kommentare.")
    document.add_heading("Schluss", level=1)
    document.add_paragraph("Das Ende.")
    return save(document)


def convert(source: Path, target_format: str, out: Path) -> Path:
    """``source`` opened and saved by LibreOffice as ``target_format`` into ``out``."""
    subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", target_format,
         "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    return out / f"{source.stem}.{target_format.split(':')[0]}"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = work / "in"
        sources.mkdir()
        (sources / "libreoffice.docx").write_bytes(agreement())
        (sources / "libreoffice-plain.docx").write_bytes(plain())
        # A Word file edited in LibreOffice: opened as .docx, saved as .docx.
        saved = convert(sources / "libreoffice.docx", WORD, work / "docx")
        shutil.copy(saved, HERE / "libreoffice.docx")
        # LibreOffice's own documents: saved as .odt, then as .docx.
        for name, target in (
            ("libreoffice", "libreoffice-from-odt.docx"),
            ("libreoffice-plain", "libreoffice-plain.docx"),
        ):
            odt = convert(sources / f"{name}.docx", "odt", work / "odt")
            shutil.copy(convert(odt, WORD, work / "odt-docx"), HERE / target)


if __name__ == "__main__":
    main()
