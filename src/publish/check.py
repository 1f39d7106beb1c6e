"""Checking built outputs: veraPDF and the structure checks for PDFs (and, with the book
and the layout map, the line-break checks), EPUBCheck and DAISY Ace for EPUBs. A book
folder's check takes its outputs, and the amendment outputs where they were made.

Each check gives a :class:`CheckResult`; problems on a PDF page are mapped back to the
chapter file the page belongs to, when the book is known.
"""

from __future__ import annotations

import re
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from publish import model as m
from publish.errors import BookError, display_path
from publish.layout import LayoutMap
from publish.paths import STYLES, read_by_the_build
from publish.read.book import load_book
from publish.read.config import load_config
from publish.tree import plain_text
from publish.typography import hyphenator_for
from publish.validate import ValidatorMissing, run_ace, run_epubcheck, run_verapdf
from publish.validate.structure import Finding, check_structure
from publish.validate.typesetting import check_line_breaks

PAGE_IN_CONTEXT = re.compile(r"pages\[(\d+)\]")
#: The documents of ``publish amend build`` (``NAME-KEY.pdf`` and ``.epub``), checked
#: beside the book's outputs where they are (:mod:`publish.amend.outputs`).
AMENDMENT_OUTPUTS = ("antragsbuch", "aenderungsfassung", "synopse", "konkordanz")


@dataclass(frozen=True)
class CheckResult:
    """What one checker said about one file: problems fail the check; warnings (a validator
    that is not installed, outputs older than the source, importer placeholders left in
    book.yaml) fail it only with ``--strict``."""

    file: Path
    checker: str
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def passes(self, strict: bool = False) -> bool:
        return self.ok and not (strict and self.warnings)


def check_book(book_dir: Path, out_dir: Path) -> list[CheckResult]:
    """The source first (everything ``publish build`` would refuse), then the outputs built
    from it in ``out_dir`` with each validator that is installed."""
    root = book_dir.resolve()
    book: m.Book | None = None
    try:
        book = load_book(root)
    except BookError as error:
        source = CheckResult(book_dir, "source", tuple(str(d) for d in error.diagnostics))
    else:  # what book.yaml still asks someone to check: warnings, failures with --strict
        source = CheckResult(book_dir, "source", (), tuple(str(w) for w in book.warnings))
    results = [source]
    name = book.output.name if book else _output_name(root)
    if name is None:
        return results
    pdfs: list[Path] = []
    epubs: list[Path] = []
    built, amended = _newest_sources(root)
    for file in (f"{name}.pdf", f"{name}-print.pdf", f"{name}.epub"):
        path = out_dir / file
        if not path.is_file():
            results.append(CheckResult(path, "output", (), ("missing – run publish build",)))
            continue
        if path.stat().st_mtime < built:
            stale = "older than the source – run publish build"
            results.append(CheckResult(path, "output", (), (stale,)))
        (epubs if file.endswith(".epub") else pdfs).append(path)
    for key in AMENDMENT_OUTPUTS:  # where publish amend build made them
        for path in (out_dir / f"{name}-{key}.pdf", out_dir / f"{name}-{key}.epub"):
            if not path.is_file():
                continue
            if path.stat().st_mtime < amended:
                stale = "older than the source or the amendments – run publish amend build"
                results.append(CheckResult(path, "output", (), (stale,)))
            (epubs if path.suffix == ".epub" else pdfs).append(path)
    results += _installed_only(lambda: verapdf_results(pdfs, book), pdfs, "veraPDF")
    results += structure_results(pdfs, book)
    results += _installed_only(lambda: epubcheck_results(epubs), epubs, "EPUBCheck")
    results += _installed_only(lambda: ace_results(epubs), epubs, "DAISY Ace")
    return results


def _installed_only(
    run: Callable[[], list[CheckResult]], files: Sequence[Path], checker: str
) -> list[CheckResult]:
    """The checks' results, or one warning per file when a validator is not installed."""
    if not files:
        return []
    try:
        return run()
    except ValidatorMissing as missing:
        return [CheckResult(f, checker, (), (f"not run: {missing}",)) for f in files]


def _output_name(root: Path) -> str | None:
    """The output name even when the book has problems (book.yaml may still say it)."""
    try:
        return load_config(root / "book.yaml", check_chapters=False).output.name
    except BookError:
        return None


def _newest_sources(root: Path) -> tuple[float, float]:
    """When the newest file the book's build reads was last changed, and the newest of
    those and the amendments and editions (which ``publish amend build`` reads too)."""
    styles = max((p.stat().st_mtime for p in STYLES.rglob("*") if p.is_file()), default=0.0)
    built = amended = styles
    for path in root.rglob("*"):
        if path.is_file():
            changed = path.stat().st_mtime
            amended = max(amended, changed)
            if read_by_the_build(path, root):
                built = max(built, changed)
    return built, amended


@dataclass(frozen=True)
class PageMap:
    """Which chapter (and so which source file) each page of a PDF belongs to, from the
    PDF's bookmarks of the chapter titles."""

    first_pages: tuple[int, ...]
    sources: tuple[str, ...]

    def where(self, page: int) -> str:
        index = bisect_right(self.first_pages, page) - 1
        place = f"page {page}"
        return f"{place} ({self.sources[index]})" if index >= 0 else place


def page_map(pdf_path: Path, book: m.Book | None) -> PageMap:
    if book is None:
        return PageMap((), ())
    sources = {
        plain_text(c.title.children): display_path(c.source, follow_link=False)
        for c in book.chapters
    }
    pairs: list[tuple[int, str]] = []
    with pikepdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
        page_numbers = {page.obj.objgen: n + 1 for n, page in enumerate(pdf.pages)}
        for item in outline.root:
            destination = item.destination
            if item.title in sources and isinstance(destination, pikepdf.Array):
                pairs.append((page_numbers[destination[0].objgen], sources[item.title]))
    pairs.sort()
    return PageMap(tuple(p for p, _ in pairs), tuple(s for _, s in pairs))


def declared_flavour(pdf_path: Path) -> str:
    """``ua2`` if the PDF claims PDF/UA-2, else ``ua1``."""
    with pikepdf.open(pdf_path) as pdf, pdf.open_metadata() as xmp:
        return "ua2" if str(xmp.get("pdfuaid:part", "1")) == "2" else "ua1"


def check_pdfs(paths: Sequence[Path], book: m.Book | None = None) -> list[CheckResult]:
    """veraPDF (the PDF/UA part each file declares) and the structure checks."""
    return verapdf_results(paths, book) + structure_results(paths, book)


def verapdf_results(paths: Sequence[Path], book: m.Book | None = None) -> list[CheckResult]:
    """veraPDF with the PDF/UA part each file declares."""
    results: list[CheckResult] = []
    for flavour in ("ua1", "ua2"):
        group = [p for p in paths if declared_flavour(p) == flavour]
        for report in run_verapdf(group, flavour) if group else []:
            where = page_map(report.file, book)
            problems = [report.error] if report.error else []
            problems += [
                f"rule {r.rule} ({r.count}×): {r.description}{_pages(r.contexts, where)}"
                for r in report.failed
            ]
            name = f"veraPDF PDF/UA-{flavour[-1]}"
            results.append(CheckResult(report.file, name, tuple(problems)))
    return results


def structure_results(paths: Sequence[Path], book: m.Book | None = None) -> list[CheckResult]:
    """The structure checks, and with the book the line-break checks of the layout map."""
    results: list[CheckResult] = []
    for path in paths:
        where = page_map(path, book)
        results.append(CheckResult(path, "structure", _located(check_structure(path), where)))
        layout_file = path.with_suffix(".layout.json")
        if book is not None and layout_file.is_file():
            layout = LayoutMap.from_json(layout_file.read_text(encoding="utf-8"))
            findings = check_line_breaks(layout, hyphenator_for(book.root))
            results.append(CheckResult(path, "line breaks", _located(findings, where)))
    return results


def _located(findings: Sequence[Finding], where: PageMap) -> tuple[str, ...]:
    return tuple(f.message + (f" – {where.where(f.page)}" if f.page else "") for f in findings)


def _pages(contexts: Sequence[str], where: PageMap) -> str:
    pages = sorted({int(m.group(1)) + 1 for c in contexts for m in PAGE_IN_CONTEXT.finditer(c)})
    return " – " + ", ".join(where.where(p) for p in pages) if pages else ""


def check_epubs(paths: Sequence[Path]) -> list[CheckResult]:
    """EPUBCheck (errors and warnings count) and DAISY Ace (violations of any impact)."""
    results: list[CheckResult] = []
    for path in paths:
        results += epubcheck_results([path]) + ace_results([path])
    return results


def epubcheck_results(paths: Sequence[Path]) -> list[CheckResult]:
    results: list[CheckResult] = []
    for path in paths:
        report = run_epubcheck(path)
        problems = tuple(
            f"{msg.severity} {msg.id} {msg.location}: {msg.text}"
            for msg in report.messages
            if msg.severity in ("FATAL", "ERROR", "WARNING")
        )
        results.append(CheckResult(path, "EPUBCheck", problems))
    return results


def ace_results(paths: Sequence[Path]) -> list[CheckResult]:
    results: list[CheckResult] = []
    for path in paths:
        with tempfile.TemporaryDirectory(prefix="publish-ace-") as folder:
            ace = run_ace(path, Path(folder))
        violations = tuple(
            f"{v.impact} {v.rule} {v.location}: {v.description}" for v in ace.violations
        )
        results.append(CheckResult(path, "DAISY Ace", violations))
    return results
