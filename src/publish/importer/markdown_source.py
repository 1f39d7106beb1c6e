"""Importing one Markdown document (CommonMark or Pandoc's Markdown) as a book folder.

read the source → title block → line-level rewrites → blocks → chapters → Markdown text of
each chapter → ``book.yaml`` → write the folder → read it back with the book reader.
Everything after the title block is :func:`import_text`, which the Word importer
(:mod:`publish.importer.docx`) shares: it reads a .docx into the same Markdown lines.

Everything is made in memory first and written only at the end, into a folder that did not
exist or was empty. Whatever could not be carried over as it was is in the report's notes,
with the source line; nothing is dropped without one.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from publish.errors import BookError, Diagnostic, PublishError, display_path
from publish.importer.blocks import (
    SourceBlock,
    drop_conversion_leftovers,
    parse_blocks,
    split_chapters,
    take_document_title,
)
from publish.importer.chapters import BookSources, draft_book, finish_book
from publish.importer.inline import ImagePlan
from publish.importer.lines import Line, prepare_body
from publish.importer.metadata import (
    Content,
    TitleBlock,
    book_data,
    book_yaml,
    split_title_block,
    value_parts,
)
from publish.importer.report import Count, Findings, ImportReport
from publish.read.book import load_book

CHAPTER_FOLDER = "kapitel"
IMAGE_FOLDER = "bilder"


@dataclass(frozen=True)
class SourceText:
    """A source document read into Markdown lines: what each reader (Markdown, .docx) hands
    to :func:`import_text`, which does the rest the same way for all of them."""

    #: The source file, named in the report and in the comment atop ``book.yaml``.
    path: Path
    title_block: TitleBlock
    #: The body as Markdown lines; ``Line.number`` is where each line comes from.
    body: tuple[Line, ...]
    #: The folder that image paths in the body are relative to.
    resources: Path
    #: What the source is, for the comment atop ``book.yaml``.
    kind: str = "Markdown"
    #: Whether a paragraph that is only a number is a page number left by a PDF conversion.
    page_numbers: bool = True
    #: What ``Line.number`` counts in the source: „line“ or „paragraph“.
    position: str = "line"
    #: Images held in memory (a .docx's pictures): file name in ``resources`` → content.
    pictures: Mapping[str, bytes] = field(default_factory=dict)


def import_markdown(source: Path, into: Path) -> ImportReport:
    """Make the book folder ``into`` (new or empty) from the Markdown file ``source``:
    ``book.yaml``, ``kapitel/NN-slug.md`` and the images in ``bilder/``."""
    check_target(into)
    file = display_path(source)
    findings = Findings(file)
    lines = [Line(n, text) for n, text in enumerate(_read_source(source, file).split("\n"), 1)]
    title_block, body = split_title_block(lines, file)
    return import_text(SourceText(source, title_block, tuple(body), source.parent), into, findings)


def import_text(text: SourceText, into: Path, findings: Findings) -> ImportReport:
    """The common part of every import: ``text`` → blocks → chapters → ``book.yaml`` → the
    folder ``into`` (checked by :func:`check_target` before) → the report."""
    prepared = prepare_body(text.body, findings)
    parsed = parse_blocks(prepared.lines)
    blocks = drop_conversion_leftovers(parsed.blocks, findings, page_numbers=text.page_numbers)
    document_title = ""
    if not value_parts(text.title_block.values.get("title")):
        document_title, blocks = take_document_title(blocks)
    chapters = split_chapters(blocks, findings)
    contents = {(text.resources / name).resolve(): data for name, data in text.pictures.items()}
    images = ImagePlan(text.resources, contents=contents)
    sources = BookSources(prepared.footnotes, parsed.references, images)
    texts = finish_book(draft_book(chapters, sources, findings), findings)
    content = _content(blocks, prepared.lines, document_title, findings, images)
    data = book_data(text.title_block, content, findings)
    config = book_yaml(data, list(texts), text.path.name, text.kind)
    _write(into, config, texts, images)
    findings.count(Count.IMAGES, len(images.names))
    return ImportReport(
        source=text.path,
        book_dir=into,
        chapters=tuple(into / name for name in texts),
        images=tuple(into / IMAGE_FOLDER / name for name in images.names.values()),
        counts=tuple((what, findings.counts[what]) for what in Count if findings.counts[what]),
        dropped=tuple(findings.dropped),
        notes=tuple(sorted(findings.notes, key=Diagnostic.sort_key)),
        problems=_problems_left(into),
        position=text.position,
    )


def check_target(into: Path) -> None:
    """Refuse to import into a file or into a folder that holds anything."""
    if into.exists() and not into.is_dir():
        raise PublishError(f"{into} is a file – import into a new or empty folder")
    if into.is_dir() and any(into.iterdir()):
        raise PublishError(f"{into} is not empty – import into a new or empty folder")


def _read_source(source: Path, file: str) -> str:
    try:
        data = source.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise PublishError(f"{file}: no such Markdown file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PublishError(f"{file}:{line}: not UTF-8 text – save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _content(
    blocks: Sequence[SourceBlock],
    body: Sequence[Line],
    document_title: str,
    findings: Findings,
    images: ImagePlan,
) -> Content:
    """What the body holds, for the title data the source does not give."""
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
    filled = [line.text.strip() for line in body if line.text.strip()]
    return Content(
        front_text="\n".join(block.text for block in blocks[:first_heading]),
        closing_lines=tuple(reversed(filled[-5:])),
        lists=any(b.kind in ("bullet_list", "ordered_list") for b in blocks)
        or bool(findings.counts[Count.BULLETS]),
        tables=bool(findings.counts[Count.TABLES]),
        footnotes=bool(findings.counts[Count.FOOTNOTES]),
        images=bool(images.names),
        first_heading=document_title,
    )


def _write(into: Path, config: str, chapters: Mapping[str, str], images: ImagePlan) -> None:
    (into / CHAPTER_FOLDER).mkdir(parents=True, exist_ok=True)
    for name, text in chapters.items():
        (into / name).write_text(text, encoding="utf-8")
    if images.names:
        (into / IMAGE_FOLDER).mkdir()
        for path, name in images.names.items():
            if path in images.contents:
                (into / IMAGE_FOLDER / name).write_bytes(images.contents[path])
            else:
                shutil.copyfile(path, into / IMAGE_FOLDER / name)
    (into / "book.yaml").write_text(config, encoding="utf-8")


def _problems_left(into: Path) -> tuple[Diagnostic, ...]:
    """What the book reader still finds in the imported folder (nothing, normally)."""
    try:
        load_book(into.resolve())
    except BookError as error:
        return error.diagnostics
    return ()
