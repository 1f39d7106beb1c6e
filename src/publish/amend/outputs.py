"""``publish amend build``: the amendment outputs, each as tagged PDF, EPUB and web page.

The outputs are books of the model (:mod:`publish.amend.documents`), made by the stages
that make the agreement: hyphenation and ``render_book_html`` and ``render_pdf`` for the
tagged PDF (PDF/UA), ``build_epub`` for the EPUB, ``render_web`` for the web page; every
file is written at once, or none, by :func:`publish.write.files.write_outputs`.

Files (``NAME`` is the book's ``output.name``), in ``--out``:

- ``NAME-antragsbuch.pdf`` / ``.epub``: every amendment;
- ``NAME-aenderungsfassung.pdf`` / ``.epub``: the draft with the adopted changes in place,
  the draft's page and line numbers in the margin;
- ``NAME-synopse.pdf`` / ``.epub``: draft and adopted text side by side, A4 landscape;
- ``NAME-konkordanz.pdf`` / ``.epub`` (with the adopted text built and frozen, ``--beschluss``):
  the draft's lines in the adopted edition;
- ``html/antraege/``: ``index.html`` (what there is), ``antragsbuch.html``,
  ``aenderungsfassung.html``, ``synopse.html``, ``konkordanz.html``, with their style
  sheet, fonts and images.

The Änderungsfassung keeps the draft's page and line numbers although its text is laid out
anew (deleted words stay, inserted ones are added): its model carries the draft's markers
(``publish.annotate`` from the frozen edition, before the changes are placed), and after
the layout each of the draft's lines is numbered on the printed line that holds its first
letter (:class:`DraftLines`), the draft's pages marked „S. 12“ in the margin where they
begin.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from publish import model as m
from publish.amend.apply import Adoption, adopt
from publish.amend.changes import antragsbuch
from publish.amend.check import CheckReport
from publish.amend.concordance import concordance, synopsis
from publish.amend.documents import (
    amended_draft,
    antragsbuch_book,
    draft_line_offsets,
    edition_layout,
    konkordanz_book,
    synopse_book,
)
from publish.amend.edition import Edition, changed_sources, load_editions
from publish.amend.folder import write_adopted
from publish.amend.workflow import check_amendments
from publish.annotate import annotate
from publish.errors import BookError, Diagnostic, PublishError, SourceLocation, display_path
from publish.layout import LayoutMap, Line
from publish.messages import translate
from publish.paths import STYLES
from publish.read.book import load_book
from publish.render.amend import IndexEntry, render_index
from publish.render.html import render_book_html
from publish.render.web import WebOptions, render_web
from publish.tree import chapter_inlines
from publish.typography import hyphenate, hyphenator_for, typeset
from publish.write.epub import EpubOptions, build_epub
from publish.write.files import StopSignals, write_outputs
from publish.write.parallel import _signals_held, available_cores, layout_pool
from publish.write.pdf import render_pdf
from publish.write.readlayout import read_layout

#: The web pages of the amendment outputs, inside ``html/``.
WEB_FOLDER = "html/antraege"
#: The print style sheets of every amendment document, and the Synopse's own (in styles/).
AMEND_CSS = "amend.css"
SYNOPSE_CSS = "synopse.css"


@dataclass(frozen=True)
class AmendBuildRequest:
    """What ``publish amend build`` makes: from the book folder (the draft and its
    amendments), into ``out_dir``, in ``formats``; ``beschluss`` is the adopted text's
    folder (written by ``publish amend apply``, built and frozen) for the Konkordanz."""

    book_dir: Path
    out_dir: Path
    formats: tuple[str, ...] = m.FORMATS
    beschluss: Path | None = None
    source_date: dt.datetime | None = None
    styles: Path = STYLES
    #: Which documents to make (their keys; empty: every one there is).
    documents: tuple[str, ...] = ()


#: Told of each step: the output it is for, and what happens.
Progress = Callable[[str, str], None]


def _silent(output: str, stage: str) -> None:
    """No progress report."""


class AmendmentProblems(BookError):
    """The amendments do not check: every problem, then what was (not) done."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        count = len(self.diagnostics)
        summary = "1 problem" if count == 1 else f"{count} problems"
        closing = translate(f"{summary} in the amendments; nothing was written.")
        PublishError.__init__(self, "\n".join([*(str(d) for d in self.diagnostics), closing]))


@dataclass(frozen=True)
class Document:
    """One amendment output: its short name (``antragsbuch``), what the web index says
    of it, its book, the print style sheets it adds, how its PDF numbers lines, and the
    print edition its EPUB refers to (the Änderungsfassung's: the draft's)."""

    key: str
    label: str
    description: str
    book: m.Book
    css: tuple[str, ...] = (AMEND_CSS,)
    read_lines: Callable[[Any], LayoutMap] = read_layout
    layout: LayoutMap | None = None
    print_source: str = ""


@dataclass(frozen=True)
class Made:
    """The documents made, and what ``publish amend build`` reports of them."""

    documents: tuple[Document, ...]
    report: CheckReport


def build_amendment_outputs(
    request: AmendBuildRequest, progress: Progress = _silent
) -> tuple[list[Path], Made]:
    """Check the amendments, make every amendment output, write them all into
    ``request.out_dir`` (or nothing, if one cannot be made). Refuses amendments with
    problems (the check's messages, :class:`BookError`)."""
    with StopSignals(request.out_dir) as signals:
        made = make_documents(request, progress)
        if request.documents:
            made = _only(made, request.documents)
        outputs = render_documents(made.documents, request, progress)
        progress("amend", f"writing {len(outputs)} files")
        written = write_outputs(request.out_dir, outputs, signals)
        progress("amend", "done")
        return written, made


def _only(made: Made, keys: tuple[str, ...]) -> Made:
    """Only the documents asked for; refused if one of them cannot be made yet."""
    missing = [key for key in keys if key not in {d.key for d in made.documents}]
    if missing:
        names = ", ".join(missing)
        raise PublishError(
            translate(
                f"cannot make {names} yet – the Änderungsfassung and the Synopse need an "
                "adopted amendment, the Konkordanz also the adopted text (--beschluss)"
            )
        )
    return replace(made, documents=tuple(d for d in made.documents if d.key in keys))


def make_documents(request: AmendBuildRequest, progress: Progress = _silent) -> Made:
    """The amendment outputs as books: the Antragsbuch always, the Änderungsfassung and
    the Synopse once an amendment is adopted, the Konkordanz with the adopted edition."""
    book_dir = request.book_dir
    progress("amend", "checking the amendments")
    report = check_amendments(book_dir)
    if not report.files:
        folder = display_path(book_dir / "antraege")
        raise PublishError(translate(f"nothing to build: there are no amendments in {folder}"))
    if report.problems:
        raise AmendmentProblems(report.problems)
    edition = report.edition
    assert edition is not None  # amendments without an edition are problems
    _same_text(edition, book_dir)
    progress("amend", "reading the draft")
    draft = typeset(load_book(book_dir.resolve(), request.styles))
    entries = antragsbuch(draft, edition, report)
    documents = [
        Document(
            "antragsbuch",
            "Antragsbuch",
            f"alle {len(entries)} Änderungsanträge in der Reihenfolge der Zeilen",
            antragsbuch_book(draft, edition, report, entries),
        )
    ]
    if report.adopted:
        documents.append(_amended(draft, edition, report))
        progress("amend", "the adopted text")
        adoption = adopt(book_dir, report)
        adopted_book, adopted_edition = _adopted(request, adoption, progress)
        rows = synopsis(draft, adopted_book, edition, adoption, adopted=adopted_edition)
        documents.append(
            Document(
                "synopse",
                "Synopse",
                f"Entwurf und Beschluss nebeneinander: {len(rows)} geänderte Absätze",
                synopse_book(draft, adopted_book, adoption, rows, adopted_edition),
                (AMEND_CSS, SYNOPSE_CSS),
            )
        )
        if adopted_edition is not None:
            table = concordance(edition, adopted_edition, adoption)
            documents.append(
                Document(
                    "konkordanz",
                    "Konkordanz",
                    "die Zeilen des Entwurfs in der Beschlussfassung",
                    konkordanz_book(draft, adopted_book, edition, adopted_edition, table),
                )
            )
    return Made(tuple(documents), report)


def _same_text(edition: Edition, book_dir: Path) -> None:
    """The draft must be the text of its current edition: the passages are cut from it."""
    changed = changed_sources(edition, book_dir)
    if changed:
        raise BookError(
            [
                Diagnostic(
                    SourceLocation(display_path(book_dir / changed[0])),
                    f"the text has changed since edition {edition.name} was frozen",
                    "build the book and freeze a new edition (publish amend freeze); the "
                    "amendments are then re-anchored to it",
                )
            ]
        )


def _amended(draft: m.Book, edition: Edition, report: CheckReport) -> Document:
    """The Änderungsfassung, with the draft's page and line markers."""
    layout = edition_layout(edition)
    annotated = annotate(draft, layout)
    book = amended_draft(annotated, report.adopted_changes, len(report.adopted))
    meta = draft.metadata
    source = f"{meta.title}, Druckfassung {draft.output.page_size} ({meta.status_line})"
    lines = DraftLines(draft_line_offsets(book, edition), book.output.line_numbers)
    adopted = len(report.adopted)
    return Document(
        "aenderungsfassung",
        "Änderungsfassung",
        f"der Entwurf mit den {adopted} übernommenen Änderungsanträgen an Ort und Stelle",
        book,
        read_lines=lines,
        layout=layout,
        print_source=source,
    )


def _adopted(
    request: AmendBuildRequest, adoption: Adoption, progress: Progress
) -> tuple[m.Book, Edition | None]:
    """The adopted text as a book, and its edition: from ``--beschluss`` (which must be
    this adoption, built and frozen), else made from the adoption in a temporary folder."""
    if request.beschluss is None:
        with tempfile.TemporaryDirectory(prefix="publish-beschluss-") as folder:
            into = Path(folder) / "beschluss"
            write_adopted(request.book_dir, into, adoption)
            return typeset(load_book(into.resolve(), request.styles)), None
    beschluss = request.beschluss
    progress("amend", f"the adopted text in {display_path(beschluss)}")
    _is_adoption(beschluss, adoption, request.book_dir)
    editions = load_editions(beschluss)
    if editions.problems:
        raise BookError(editions.problems)
    # apply copies the draft's editions along: the adopted text's own is frozen from it
    drafts = {edition.name for edition in load_editions(request.book_dir)}
    own = [edition for edition in editions if edition.name not in drafts]
    shown = display_path(beschluss)
    if not own:
        out = f"dist-{beschluss.name}"
        commands = f"publish build {shown} --out {out} && publish amend freeze {shown} --out {out}"
        folder = display_path(beschluss / "ausgaben")
        raise PublishError(
            translate(
                f"no edition of the adopted text in {folder} – build it and freeze its "
                f"edition: {commands}"
            )
        )
    edition = own[-1]
    _same_text(edition, beschluss)
    return typeset(load_book(beschluss.resolve(), request.styles)), edition


def _is_adoption(beschluss: Path, adoption: Adoption, book_dir: Path) -> None:
    """``beschluss`` holds the adopted text of ``book_dir``: every changed chapter file
    as applying the adopted amendments writes it."""
    if not (beschluss / "book.yaml").is_file():
        folder = display_path(beschluss)
        raise PublishError(translate(f"{folder} is not a book folder (no book.yaml)"))
    for file, text in sorted(adoption.sources.items()):
        path = beschluss / file
        try:
            found: str | None = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            found = None
        if found != text:
            shown, book = display_path(beschluss), display_path(book_dir)
            command = f"publish amend apply {book} --into {shown}"
            raise PublishError(
                translate(
                    f"{display_path(path)} is not the adopted text of {book} – apply the "
                    f"adopted amendments again: {command}"
                )
            )


# --- The Änderungsfassung's line numbers --------------------------------------------------


@dataclass(frozen=True)
class DraftLines:
    """Reads the Änderungsfassung's lines to number: the draft's, each on the printed line
    that holds its first letter (``offsets``: by block, the letter offset of each draft
    line in the text as printed, see
    :func:`~publish.amend.documents.draft_line_offsets`). A printed line that begins two of
    the draft's lines shows the first number it would show (every ``step``-th)."""

    offsets: dict[str, list[tuple[int, int]]]
    step: int

    def __call__(self, document: Any) -> LayoutMap:
        layout = read_layout(document)
        printed: dict[str, list[Line]] = {}
        for line in layout.lines:
            printed.setdefault(line.block, []).append(line)
        placed: list[Line] = []
        for block, markers in self.offsets.items():
            lines = printed.get(block)
            if not lines:
                continue
            starts = [line.offset for line in lines]
            for offset, number in markers:
                line = lines[max(0, bisect_right(starts, offset) - 1)]
                placed.append(replace(line, number=number, offset=offset))
        shown: list[Line] = []
        taken: set[tuple[int, float]] = set()
        for line in sorted(placed, key=lambda line: line.number):
            if self.step and line.number % self.step:
                continue
            if (line.page, line.baseline) not in taken:
                taken.add((line.page, line.baseline))
                shown.append(line)
        return replace(layout, lines=tuple(shown))


# --- Rendering ----------------------------------------------------------------------------


#: The order in which a document's formats are handed to the processes: the layouts first.
FORMAT_ORDER = {"pdf": 0, "epub": 1, "html": 2}


@dataclass(frozen=True)
class Job:
    """One format of one document, as a process makes it (picklable)."""

    document: Document
    format: str
    request: AmendBuildRequest
    timestamp: dt.datetime


def render_documents(
    documents: Sequence[Document],
    request: AmendBuildRequest,
    progress: Progress = _silent,
    jobs: int | None = None,
) -> dict[str, bytes]:
    """Every requested format of every document, and the web index, by file name: made in
    ``jobs`` processes (default: one per core; the layouts first, the longest first), as
    the book's build lays out its chapters. The files are the same whatever the number."""
    first = documents[0].book
    timestamp = request.source_date or dt.datetime.combine(
        first.metadata.date, dt.time(), tzinfo=dt.UTC
    )
    work = [Job(d, f, request, timestamp) for d in documents for f in m.FORMATS]
    work = [job for job in work if job.format in request.formats]
    work.sort(key=lambda job: (FORMAT_ORDER[job.format], -_length(job.document.book)))
    position = {id(document): index for index, document in enumerate(documents)}
    made: dict[tuple[int, int], dict[str, bytes]] = {}
    workers = min(jobs or available_cores(), len(work))
    progress("amend", f"{len(documents)} documents in {workers} processes")
    for document in documents:
        progress(document.key, f"queued: {', '.join(request.formats)}")
    with layout_pool(workers) as pool:
        futures: dict[Future[tuple[dict[str, bytes], str]], Job] = {}
        for job in work:
            with _signals_held():  # may start a worker
                futures[pool.submit(render_job, job)] = job
        for future in as_completed(futures):
            files, note = future.result()
            job = futures[future]
            progress(job.document.key, note)
            made[(position[id(job.document)], FORMAT_ORDER[job.format])] = files
    outputs = {name: data for key in sorted(made) for name, data in made[key].items()}
    if "html" in request.formats:
        entries = tuple(
            IndexEntry(d.label, d.description, f"{d.key}.html", _downloads(d, request.formats, 2))
            for d in documents
        )
        outputs[f"{WEB_FOLDER}/index.html"] = render_index(first, entries)
    return outputs


def render_job(job: Job) -> tuple[dict[str, bytes], str]:
    """One format of one document: its files, and what the progress says of them."""
    document, request = job.document, job.request
    book = document.book
    name = book.output.name
    if job.format == "pdf":
        css = [(request.styles / sheet).read_text(encoding="utf-8") for sheet in document.css]
        html = render_book_html(hyphenate(book, hyphenator_for(book.root)), job.timestamp)
        rendered = render_pdf(
            html, book, request.styles, extra_css=css, read_lines=document.read_lines
        )
        pages = len(rendered.layout.pages)
        return {f"{name}.pdf": rendered.data}, f"PDF laid out (WeasyPrint): {pages} pages"
    if job.format == "epub":
        options = EpubOptions(
            job.timestamp,
            request.styles,
            document.layout,
            annotated=True,
            print_source=document.print_source,
        )
        return {f"{name}.epub": build_epub(book, options)}, "EPUB made"
    return _web(document, request), "web page made"


def _length(book: m.Book) -> int:
    """How much text a document has (the longest is laid out first)."""
    return sum(
        len(node.text)
        for chapter in book.chapters
        for _, node in chapter_inlines(chapter)
        if isinstance(node, m.Text)
    )


def _downloads(
    document: Document, formats: tuple[str, ...], depth: int
) -> tuple[tuple[str, str], ...]:
    """The document's PDF and EPUB, as a page ``depth`` folders below ``--out`` links them."""
    up = "../" * depth
    name = document.book.output.name
    offered = (("PDF", "pdf"), ("EPUB", "epub"))
    return tuple((label, f"{up}{name}.{kind}") for label, kind in offered if kind in formats)


def _web(document: Document, request: AmendBuildRequest) -> dict[str, bytes]:
    """The document's web page as ``html/antraege/KEY.html``, beside the style sheet,
    fonts and images the pages share."""
    options = WebOptions(
        request.styles, "single", downloads=_downloads(document, request.formats, 2)
    )
    files = render_web(document.book, options)
    page = files.pop("index.html")
    return {f"{WEB_FOLDER}/{document.key}.html": page} | {
        f"{WEB_FOLDER}/{path}": data for path, data in files.items()
    }
