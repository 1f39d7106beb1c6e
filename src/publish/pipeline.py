"""The whole pipeline, top to bottom.

load and check the source → model → typography → HTML → PDF / EPUB → write ``dist/``.
Everything is produced in memory first; files are written only when every requested output
was made, each one atomically, so a failed build leaves the previous outputs intact.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from publish import model as m
from publish.read.book import load_book
from publish.render.html import render_book_html
from publish.typography import hyphenate, hyphenator_for, typeset
from publish.write.epub import EpubOptions, build_epub
from publish.write.imposition import booklet_pdf, print_shop_pdf
from publish.write.pdf import render_pdf
from publish.write.resources import STYLES

FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class BuildRequest:
    """What to build: the book folder, where to, which formats, and the time stamp that
    every output records (fixed, so the same source gives the same bytes)."""

    book_dir: Path
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    source_date: dt.datetime | None = None
    styles: Path = STYLES


def build(request: BuildRequest) -> list[Path]:
    """Build the requested outputs; returns the files written."""
    book = typeset(load_book(request.book_dir.resolve()))
    timestamp = request.source_date or book_timestamp(book)
    outputs = render_outputs(book, request, timestamp)
    return [write_atomically(request.out_dir / name, data) for name, data in outputs.items()]


def render_outputs(book: m.Book, request: BuildRequest, timestamp: dt.datetime) -> dict[str, bytes]:
    """The PDF is laid out for either output: the EPUB takes its page and line references
    from the PDF's layout map."""
    name = book.output.name
    html = render_book_html(hyphenate(book, hyphenator_for(book.root)), timestamp)
    pdf = render_pdf(html, book, request.styles)
    outputs: dict[str, bytes] = {}
    if "pdf" in request.formats:
        outputs[f"{name}.pdf"] = pdf.data
        outputs[f"{name}.layout.json"] = pdf.layout.to_json().encode("utf-8")
        outputs[f"{name}-print.pdf"] = print_shop_pdf(pdf.data, book.output.print_marks)
        outputs[f"{name}-booklet.pdf"] = booklet_pdf(pdf.data, book.output.sheet)
    if "epub" in request.formats:
        options = EpubOptions(timestamp, request.styles, pdf.layout)
        outputs[f"{name}.epub"] = build_epub(book, options)
    return outputs


def book_timestamp(book: m.Book) -> dt.datetime:
    """Without SOURCE_DATE_EPOCH, outputs carry the date of the text's state."""
    return dt.datetime.combine(book.metadata.date, dt.time(), tzinfo=dt.UTC)


def source_date_from(environ: Mapping[str, str]) -> dt.datetime | None:
    """The reproducible-builds time stamp (``SOURCE_DATE_EPOCH``), if set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def write_atomically(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
