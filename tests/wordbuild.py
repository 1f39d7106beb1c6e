"""Word files for the importer's tests: written with python-docx, then changed where
python-docx cannot write a construct – WordprocessingML appended with lxml, parts added,
replaced or removed from the zip – the way real files arrive from Word, LibreOffice, Google
Docs and generators."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from publish.errors import PublishError
from publish.importer import ImportReport, import_docx
from publish.importer.report import CHECK_BOOK_YAML

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
NSDECLS = (
    f'xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:wp="{WP}" '
    f'xmlns:a="{A}" xmlns:v="{V}"'
)
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: A tracked insertion and deletion around ``runs``.
INS = '<w:ins w:id="{n}" w:author="A" w:date="2020-11-01T10:00:00Z">{runs}</w:ins>'
DEL = '<w:del w:id="{n}" w:author="A" w:date="2020-11-01T10:00:00Z">{runs}</w:del>'
PARTS = {
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "comments": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
}


@dataclass(frozen=True)
class Imported:
    report: ImportReport
    chapters: dict[str, str]
    book: Path

    @property
    def text(self) -> str:
        """All chapters, in order, as one text."""
        return "".join(self.chapters.values())


def new_document() -> Document:
    document = docx.Document()
    document.core_properties.language = "de-DE"
    return document


def fragment(xml: str) -> list[object]:
    """WordprocessingML elements from ``xml`` (the namespaces above declared)."""
    return list(parse_xml(f"<w:wrap {NSDECLS}>{xml}</w:wrap>"))


def inline(paragraph: Paragraph, xml: str) -> Paragraph:
    """Append runs, links, fields … to ``paragraph``."""
    for element in fragment(xml):
        paragraph._p.append(element)
    return paragraph


def blocks(document: Document, xml: str) -> None:
    """Append paragraphs, tables, content controls … to the body (before its sectPr)."""
    body = document.element.body
    for element in fragment(xml):
        body.insert(len(body) - 1, element)


def run(text: str, properties: str = "") -> str:
    """A run of ``text`` (spaces kept) with the run properties ``properties``."""
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def style(style_id: str) -> str:
    """Paragraph properties: the style ``style_id``."""
    return f'<w:pStyle w:val="{style_id}"/>'


def paragraph_xml(*runs: str, properties: str = "") -> str:
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def add_part(document: Document, kind: str, xml: str) -> None:
    """A footnotes, endnotes or comments part with the content ``xml`` (its root element)."""
    root = textwrap.dedent(xml).strip().replace("<w:ROOT>", f"<w:{kind} {NSDECLS}>")
    part = Part(PackURI(f"/word/{kind}.xml"), PARTS[kind], root.encode(), document.part.package)
    document.part.relate_to(part, REL_TYPE + kind)


def save(document: Document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


# --- the zip --------------------------------------------------------------------------------


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(files: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return stream.getvalue()


def without_entries(data: bytes, *names: str) -> bytes:
    """The package without the zip entries ``names``; relationships to them stay (a file
    whose relationships point at missing parts)."""
    return rezip({n: c for n, c in entries(data).items() if n not in names})


def without_parts(data: bytes, *names: str) -> bytes:
    """The package without the parts ``names``, their relationships and content types, as
    a generator writes a file that never had them."""
    files = {n: c for n, c in entries(data).items() if n not in names}
    for name in list(files):
        if name.endswith(".rels") or name == "[Content_Types].xml":
            text = files[name].decode("utf-8")
            for gone in names:
                base = gone.rsplit("/", 1)[-1]
                text = re.sub(
                    rf'<(Relationship|Override)\b[^>]*"(/?{re.escape(gone)}|{re.escape(base)})"'
                    r"[^>]*/>",
                    "",
                    text,
                )
            files[name] = text.encode("utf-8")
    return rezip(files)


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    """The package with the zip entry ``name`` added or replaced."""
    return rezip({**entries(data), name: content})


def edit_entry(data: bytes, name: str, old: str, new: str) -> bytes:
    """The package with ``old`` replaced by ``new`` in the entry ``name``."""
    files = entries(data)
    files[name] = files[name].decode("utf-8").replace(old, new).encode("utf-8")
    return rezip(files)


# --- importing ------------------------------------------------------------------------------


def import_bytes(tmp_path: Path, data: bytes, name: str = "text.docx") -> Imported:
    """Import ``data`` as ``name``; the book reader must accept the result as it is."""
    source = tmp_path / name
    source.write_bytes(data)
    book = tmp_path / "buch"
    report = import_docx(source, book)
    assert report.problems == (), report.summary()
    chapters = {
        p.relative_to(book).as_posix(): p.read_text(encoding="utf-8") for p in report.chapters
    }
    return Imported(report, chapters, book)


def import_document(tmp_path: Path, document: Document) -> Imported:
    return import_bytes(tmp_path, save(document))


def text_notes(report: ImportReport) -> list[str]:
    """The notes about the text (not about book.yaml) as „paragraph: message – hint“."""
    return [
        f"{n.location.line}: {n.message}" + (f" – {n.hint}" if n.hint else "")
        for n in report.notes
        if n.hint != CHECK_BOOK_YAML
    ]


def body_text(imported: Imported) -> str:
    """The chapters' text without headings, one paragraph a line (for comparing text)."""
    lines = []
    for text in imported.chapters.values():
        for block in text.split("\n\n"):
            if block.strip() and not block.startswith("#"):
                lines.append(" ".join(block.split()))
    return "\n".join(lines)


def deleted(text: str) -> str:
    """A run of text deleted as a tracked change (the content of a ``w:del``)."""
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def refused(tmp_path: Path, data: bytes, name: str = "kaputt.docx") -> str:
    """The message ``publish import`` refuses ``data`` with; nothing is written."""
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(PublishError) as error:
        import_docx(source, tmp_path / "nie")
    assert not (tmp_path / "nie").exists()
    return str(error.value.message)
