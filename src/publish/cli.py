"""The command line: ``publish build``. Thin: parse options, call the pipeline, report."""

from __future__ import annotations

import os
from pathlib import Path

import click

from publish.check import check_epubs, check_pdfs
from publish.errors import PublishError, display_path
from publish.importer import import_source
from publish.pipeline import FORMATS, BuildRequest, build, source_date_from
from publish.read.book import load_book
from publish.validate import ValidatorMissing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publish")
def main() -> None:
    """Turn the agreement in a book folder into a tagged PDF (PDF/UA-1) and an EPUB 3."""


@main.command("build")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default="dist",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "all"]),
    default="all",
    show_default=True,
    help="Which outputs to build.",
)
def build_command(book_dir: Path, out_dir: Path, fmt: str) -> None:
    """Build the outputs of BOOK_DIR (default: book) into --out (default: dist).

    \b
    Examples:
      publish build                     # book/ → dist/NAME.pdf and dist/NAME.epub
      publish build mybook --format pdf --out /tmp/out

    Outputs carry the date of the book (metadata.date), or SOURCE_DATE_EPOCH when set,
    so the same source always gives byte-identical files.
    """
    formats = FORMATS if fmt == "all" else (fmt,)
    try:
        source_date = source_date_from(os.environ)
    except ValueError:
        raise PublishError("SOURCE_DATE_EPOCH must be a whole number of seconds") from None
    request = BuildRequest(book_dir, out_dir, formats, source_date)
    for path in build(request):
        click.echo(f"wrote {path}")


@main.command("check")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--book",
    "book_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The book folder the files were built from: problems are then shown with the "
    "chapter file of their page.",
)
def check_command(files: tuple[Path, ...], book_dir: Path | None) -> None:
    """Check built PDFs (veraPDF PDF/UA and the structure checks) and EPUBs (EPUBCheck and
    DAISY Ace); exit code 1 if any check fails.

    \b
    Examples:
      publish check dist/koalitionsvertrag-bochum-2020.pdf --book book
      publish check dist/*.pdf dist/*.epub
    """
    book = load_book(book_dir.resolve()) if book_dir else None
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    epubs = [f for f in files if f.suffix.lower() == ".epub"]
    others = [f for f in files if f not in pdfs and f not in epubs]
    if others:
        raise PublishError(f"cannot check {others[0]}: only .pdf and .epub files are checked")
    try:
        results = check_pdfs(pdfs, book) + check_epubs(epubs)
    except ValidatorMissing as missing:
        raise PublishError(f"a validator is missing: {missing}") from None
    for result in results:
        verdict = "ok" if result.ok else f"{len(result.problems)} problem(s)"
        click.echo(f"{display_path(result.file)}  {result.checker}: {verdict}")
        for problem in result.problems:
            click.echo(f"    {problem}")
    failed = sum(not r.ok for r in results)
    if failed:
        raise PublishError(f"{failed} of {len(results)} checks failed")
    click.echo(f"all {len(results)} checks passed")


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The new book folder (must not exist, or be empty).",
)
def import_command(source: Path, into: Path) -> None:
    """Make a book folder (book.yaml + chapter files) from one Markdown file (CommonMark or
    Pandoc) or Word document (.docx), so `publish build` turns it into all outputs.

    \b
    Examples:
      publish import koalitionsvertrag.md --into vertrag
      publish import Koalitionsvertrag.docx --into vertrag
      publish build vertrag
    """
    report = import_source(source, into)
    click.echo(report.summary())
