"""The command line: ``publish build``. Thin: parse options, call the pipeline, report."""

from __future__ import annotations

import os
from pathlib import Path

import click

from publish.errors import PublishError
from publish.pipeline import FORMATS, BuildRequest, build, source_date_from


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
