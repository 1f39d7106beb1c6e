"""Importing one Markdown document (CommonMark or Pandoc's Markdown) as a book folder.

read the source → title block → line-level rewrites → blocks → repairs of conversion debris →
chapters → Markdown text of each chapter → ``book.yaml`` → write the folder → read it back
with the book reader.
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
    PREFACE_TITLE,
    SourceBlock,
    drop_table_of_contents,
    parse_blocks,
    split_chapters,
    take_document_title,
)
from publish.importer.chapters import BookSources, draft_book, finish_book
from publish.importer.inline import ImagePlan
from publish.importer.lines import Line, map_private_use, prepare_body
from publish.importer.metadata import (
    Content,
    TitleBlock,
    book_data,
    book_yaml,
    plain_text,
    split_title_block,
    value_parts,
)
from publish.importer.repairs import HARD_BREAK, Repairs, repair_blocks
from publish.importer.report import Count, Dropped, Findings, ImportReport
from publish.importer.title_page import FIRST_PAGE_WORDS, Evidence, looks_like_title_page
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
    #: Whether the source was converted from pages (a PDF): then a paragraph that is only a
    #: number is a page number, and page numbers and running heads run into the text are
    #: looked for (:mod:`publish.importer.repairs`).
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
    title_block, body = split_title_block(map_private_use(lines, findings), file)
    return import_text(SourceText(source, title_block, tuple(body), source.parent), into, findings)


def import_text(text: SourceText, into: Path, findings: Findings) -> ImportReport:
    """The common part of every import: ``text`` → blocks → chapters → ``book.yaml`` → the
    folder ``into`` (checked by :func:`check_target` before) → the report."""
    prepared = prepare_body(text.body, findings)
    parsed = parse_blocks(prepared.lines, findings)
    blocks = drop_table_of_contents(parsed.blocks, findings)
    blocks = repair_blocks(blocks, findings, Repairs(pages=text.page_numbers))
    document_title = ""
    if not value_parts(text.title_block.values.get("title")):
        document_title, blocks = take_document_title(blocks)
    chapters = split_chapters(blocks, findings)
    _note_title_page(chapters, blocks, findings)
    contents = {(text.resources / name).resolve(): data for name, data in text.pictures.items()}
    images = ImagePlan(text.resources, contents=contents)
    sources = BookSources(prepared.footnotes, parsed.references, images)
    texts = finish_book(draft_book(chapters, sources, findings), findings)
    content = _content(blocks, document_title, findings, images)
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
    document_title: str,
    findings: Findings,
    images: ImagePlan,
) -> Content:
    """What the body holds, for the title data the source does not give."""
    return Content(
        evidence=title_evidence(blocks, findings),
        lists=any(b.kind in ("bullet_list", "ordered_list") for b in blocks)
        or bool(findings.counts[Count.BULLETS]),
        tables=bool(findings.counts[Count.TABLES]),
        footnotes=bool(findings.counts[Count.FOOTNOTES]),
        images=bool(images.names),
        first_heading=document_title,
    )


#: The first page ends where running text begins: a paragraph of this many words, or a
#: sentence of this many.
RUNNING_TEXT_WORDS = (20, 8)
#: The closing lines: at most this many short blocks (of at most this many words) at the end.
CLOSING_BLOCKS = (30, 15)


def title_evidence(blocks: Sequence[SourceBlock], findings: Findings) -> Evidence:
    """The first page, the closing lines and the running heads of the body, as plain text
    lines with their source lines."""
    heads: dict[str, Line] = {}
    for dropped in findings.dropped:
        if dropped.kind is Dropped.RUNNING_HEAD:
            text = plain_text(dropped.text)
            heads.setdefault(text, Line(dropped.line, text))
    return Evidence(
        front=tuple(_plain_lines(first_page(blocks))),
        closing=tuple(_plain_lines(_closing(blocks))),
        running_heads=tuple(heads.values()),
    )


def first_page(blocks: Sequence[SourceBlock]) -> Sequence[SourceBlock]:
    """The blocks before the first chapter's running text (without the headings right before
    it); the blocks before the first heading if the body has no running text, or if there
    are more than a title page's words before it."""
    words = 0
    for index, block in enumerate(blocks):
        count = len(block.text.split())
        if _running_text(block, count):
            while index > 0 and blocks[index - 1].kind == "heading":
                index -= 1
            return blocks[:index]
        words += count
        if words > FIRST_PAGE_WORDS:
            break
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
    return blocks[:first_heading]


def _running_text(block: SourceBlock, words: int) -> bool:
    if block.kind not in ("heading", "paragraph"):
        return True
    many, sentence = RUNNING_TEXT_WORDS
    return block.kind == "paragraph" and (
        words >= many or (words >= sentence and block.text.rstrip().endswith((".", "!", "?")))
    )


def _closing(blocks: Sequence[SourceBlock]) -> Sequence[SourceBlock]:
    most, words = CLOSING_BLOCKS
    start = len(blocks)
    while start > 0 and len(blocks) - start < most:
        block = blocks[start - 1]
        if block.kind not in ("heading", "paragraph") or len(block.text.split()) > words:
            break
        start -= 1
    return blocks[start:] if start < len(blocks) else blocks[-1:]


def _note_title_page(
    chapters: Sequence[Sequence[SourceBlock]], blocks: Sequence[SourceBlock], findings: Findings
) -> None:
    """A first chapter that is the source's title page and nothing else is kept (nothing is
    dropped without a word), with a note: the book makes its own title page."""
    front = first_page(blocks)
    if not chapters or not front or not looks_like_title_page(_plain_lines(front)):
        return
    first = chapters[0]
    on_front = {(block.kind, block.line) for block in front}
    body = first[1:] if first[0].content == PREFACE_TITLE else first
    if all((block.kind, block.line) in on_front for block in body):
        findings.note(
            first[0].line,
            f"the chapter „{first[0].title}“ is the source's title page – its title data was "
            "read into book.yaml",
            "delete the chapter if the book's own title page says enough",
        )


def _plain_lines(blocks: Sequence[SourceBlock]) -> list[Line]:
    """Each line of the blocks as plain text (a heading as its title); lists, tables and
    empty lines left out."""
    lines: list[Line] = []
    for block in blocks:
        if block.kind == "heading":
            lines.append(Line(block.line, block.title))
        elif block.kind == "paragraph":
            for line in block.lines:
                text = plain_text(HARD_BREAK.sub("", line.text))
                if text:
                    lines.append(Line(line.number, text))
    return lines


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
