"""The command line: ``publish build``. Thin: parse options, call the pipeline, report."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import time
import webbrowser
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from publish.crash import Crash, debugging, passes_through
from publish.errors import BookError, PublishError, display_path
from publish.messages import translate
from publish.model import FORMATS
from publish.paths import STYLES
from publish.write.cache import BuildCache
from publish.write.cache import default_folder as default_cache

if TYPE_CHECKING:
    from publish.amend.check import CheckReport
    from publish.check import CheckResult
    from publish.pipeline import Progress

# Only light modules above: each command imports what it needs (WeasyPrint takes a second
# to load), so that `publish build` with nothing to do, and `--help`, answer at once.

F = TypeVar("F", bound=Callable[..., object])


def out_option(text: str) -> Callable[[F], F]:
    """``--out DIR`` (default: dist), with the command's own help text."""
    return click.option(
        "--out",
        "out_dir",
        default="dist",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=text,
    )


def formats_option(which: str) -> Callable[[F], F]:
    """``--format`` (repeatable; default: all), ``which`` saying what each format makes."""
    return click.option(
        "--format",
        "fmts",
        type=click.Choice([*FORMATS, "all"]),
        multiple=True,
        default=["all"],
        show_default=True,
        help=f"Which outputs to build: {which}; repeat it for several.",
    )


class PublishGroup(click.Group):
    """The ``publish`` command: an unexpected exception in any of its commands (or in
    parsing their arguments) ends in one line and a crash report, exit code 3
    (:mod:`publish.crash`), never in a traceback; ``PUBLISH_DEBUG=1`` lets it through.
    Groups of commands made with ``@main.group`` are PublishGroups too."""

    #: ``@main.group(…)`` makes a PublishGroup (click's convention: ``type`` is the own class).
    group_class = type
    #: The command line of this run (the root group's).
    arguments: tuple[str, ...] = ()

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        self.arguments = tuple(sys.argv[1:] if args is None else args)
        try:
            return super().main(args, *rest, **extra)
        except Exception as error:  # raised outside a command: completion, parsing
            if passes_through(error) or debugging():
                raise
            crash = Crash("publish", error, self.arguments)
            crash.show()
            sys.exit(crash.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            if passes_through(error) or debugging():
                raise
            arguments = getattr(ctx.find_root().command, "arguments", self.arguments)
            raise Crash(_command_name(ctx), error, arguments) from error


def _command_name(ctx: click.Context) -> str:
    """``publish build``, ``publish amend check``: the command that ran in ``ctx``."""
    names = [ctx.invoked_subcommand or ""]
    while ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["publish", *filter(None, names)])


@click.group(cls=PublishGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publish")
def main() -> None:
    """Turn the agreement in a book folder into a tagged PDF (PDF/UA-1) and an EPUB 3.

    An unexpected error ends with exit code 3 and a report in ~/.cache/publish/crash/
    (PUBLISH_DEBUG=1 shows the traceback instead).
    """


@main.command("build")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@out_option("Folder for the outputs.")
@formats_option("pdf (tagged, print-shop and booklet PDFs), epub, html (the web edition in html/)")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that lay out the chapters at once (default: one per core). The "
    "outputs are the same whatever the number.",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    help="Keep laid-out chapters and skip a build when nothing changed (in "
    "$PUBLISH_CACHE, else ~/.cache/publish; PUBLISH_CACHE=off turns it off).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors and warnings (for CI).")
@click.option("-v", "--verbose", is_flag=True, help="Print every step with its time.")
def build_command(
    book_dir: Path,
    out_dir: Path,
    fmts: tuple[str, ...],
    jobs: int | None,
    cache: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build the outputs of BOOK_DIR (default: book) into --out (default: dist).

    \b
    Examples:
      publish build                     # book/ → dist/NAME.pdf and dist/NAME.epub
      publish build mybook --format pdf --out /tmp/out
      publish build --format pdf --format epub
      publish build --jobs 2 --quiet    # CI: two processes, errors only

    Outputs carry the date of the book (metadata.date), or SOURCE_DATE_EPOCH when set,
    so the same source always gives byte-identical files.
    """
    formats = FORMATS if "all" in fmts else tuple(f for f in FORMATS if f in fmts)
    try:
        source_date = source_date_from(os.environ)
    except ValueError:
        raise PublishError("SOURCE_DATE_EPOCH must be a whole number of seconds") from None
    folder = default_cache() if cache else None
    fingerprint, written = _unchanged(folder, book_dir, out_dir, formats, source_date)
    if written is not None:
        if verbose:
            click.echo("up to date: nothing changed since the last build", err=True)
    else:
        from publish.pipeline import BuildRequest, build

        request = BuildRequest(book_dir, out_dir, formats, source_date, jobs=jobs, cache=folder)
        with build_progress(quiet, verbose) as progress:
            written = build(request, progress, fingerprint)
    if not quiet:
        web: list[Path] = []
        for path in written:
            if (out_dir / "html") in path.parents:
                web.append(path)
            else:
                click.echo(translate(f"wrote {path}"))
        if web:
            click.echo(translate(f"wrote {out_dir / 'html'}/ (web edition, {len(web)} files)"))
    print_source_warnings(book_dir)


def print_source_warnings(book_dir: Path) -> None:
    """What book.yaml still asks someone to check (importer placeholders and guesses), on
    every build, even one with nothing to do: the outputs show these values. Printed even
    with --quiet, so that no placeholder is published without a word."""
    from publish.read.config import load_config

    try:
        warnings = load_config(book_dir / "book.yaml", check_chapters=False).warnings
    except PublishError:  # the build has said what is wrong
        return
    for warning in warnings:
        click.secho(str(warning), fg="yellow", err=True)
    if warnings:
        count = len(warnings)
        summary = "1 warning" if count == 1 else f"{count} warnings"
        click.echo(
            translate(f"{summary} in the book source; the outputs were written all the same."),
            err=True,
        )


def source_date_from(environ: Mapping[str, str]) -> dt.datetime | None:
    """The reproducible-builds time stamp (``SOURCE_DATE_EPOCH``), if set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def _unchanged(
    folder: Path | None,
    book_dir: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    source_date: dt.datetime | None,
) -> tuple[str | None, list[Path] | None]:
    """The build's fingerprint (with a cache), and the outputs of the last build if nothing
    it reads has changed since (the quick way: without loading the layout engine)."""
    if folder is None:
        return None, None
    fingerprint = BuildCache.build_fingerprint(book_dir, STYLES, formats, source_date)
    return fingerprint, BuildCache(folder).up_to_date(out_dir, fingerprint)


@contextlib.contextmanager
def build_progress(quiet: bool, verbose: bool) -> Iterator[Progress]:
    """How a build reports its steps: not at all (quiet), one line per step with the time
    since the start (verbose), or, on a terminal, a live line per output with its stage."""
    started = time.perf_counter()
    console = Console(stderr=True, highlight=False)
    if verbose:

        def line(output: str, stage: str) -> None:
            seconds = time.perf_counter() - started
            click.echo(f"{seconds:7.2f} s  {output:8} {stage}", err=True)

        yield line
        return
    if quiet or not console.is_terminal:
        yield lambda output, stage: None
        return
    columns = (
        SpinnerColumn(finished_text="✓"),
        TextColumn("{task.description:8}"),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def update(output: str, stage: str) -> None:
            if output not in tasks:
                tasks[output] = bar.add_task(output, total=1, stage=stage)
            for name, task in tasks.items():  # each step finishes the steps before it
                if name != output and name != "book":
                    bar.update(task, completed=1)
            done = stage == "done"
            bar.update(tasks[output], stage=stage, completed=1 if done else 0)
            if done:
                for task in tasks.values():
                    bar.update(task, completed=1)

        yield update


@main.command("check")
@click.argument("targets", nargs=-1, type=click.Path(exists=True, path_type=Path))
@out_option("Where a book folder's outputs were built.")
@click.option(
    "--book",
    "book_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="For single files: the book folder they were built from, so problems are shown "
    "with the chapter file of their page.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
def check_command(
    targets: tuple[Path, ...], out_dir: Path, book_dir: Path | None, strict: bool
) -> None:
    """Check a book folder (default: book) or built files, and print one summary table.

    For a book folder: the source (everything the build would refuse), then its outputs
    in --out with veraPDF (PDF/UA), the structure checks, EPUBCheck and DAISY Ace, each
    where installed. A validator that is missing, or outputs older than the source, are
    warnings; with --strict they fail too. Exit code 1 when a check fails.

    \b
    Examples:
      publish check                      # book/ and dist/
      publish check vertrag --strict
      publish check dist/koalitionsvertrag-bochum-2020.pdf --book book
    """
    from publish.check import check_book, check_epubs, check_pdfs
    from publish.read.book import load_book
    from publish.validate import ValidatorMissing

    folders = [t for t in targets if t.is_dir()] or ([] if targets else [Path("book")])
    files = [t for t in targets if not t.is_dir()]
    others = [f for f in files if f.suffix.lower() not in (".pdf", ".epub")]
    if others:
        raise PublishError(f"cannot check {others[0]}: only .pdf and .epub files are checked")
    results: list[CheckResult] = []
    for folder in folders:
        results += check_book(folder, out_dir)
    if files:
        book = load_book(book_dir.resolve()) if book_dir else None
        try:
            results += check_pdfs([f for f in files if f.suffix.lower() == ".pdf"], book)
            results += check_epubs([f for f in files if f.suffix.lower() == ".epub"])
        except ValidatorMissing as missing:
            raise PublishError(f"a validator is missing: {missing}") from None
    print_check_report(results)
    failed = sum(not r.passes(strict) for r in results)
    if failed:
        raise PublishError(translate(f"{failed} of {len(results)} checks failed"))
    warned = sum(bool(r.warnings) for r in results)
    note = f" ({warned} with warnings)" if warned else ""
    click.echo(translate(f"all {len(results)} checks passed{note}"))


def print_check_report(results: list[CheckResult]) -> None:
    """Every problem and warning, then one table: check, file, result."""
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:  # a log or a pipe: one line per row, however long
        console = Console(highlight=False, soft_wrap=True, width=1000)
    for result in results:
        for problem in result.problems:
            console.print(f"[red]✗[/red] {display_path(result.file)} {result.checker}: {problem}")
        for warning in map(translate, result.warnings):
            console.print(
                f"[yellow]![/yellow] {display_path(result.file)} {result.checker}: {warning}"
            )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("Check", "File", "Result"):
        table.add_column(translate(column))
    for result in results:
        if result.problems:
            verdict = f"[red]{translate(f'{len(result.problems)} problem(s)')}[/red]"
        elif result.warnings:
            warning = translate(f"warning: {translate(result.warnings[0])}")
            verdict = f"[yellow]{warning}[/yellow]"
        else:
            verdict = "[green]ok[/green]"
        table.add_row(result.checker, display_path(result.file), verdict)
    console.print(table)


@main.command("watch")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@out_option("Folder for the outputs built in the background.")
@click.option("--port", default=8000, show_default=True, help="Port on localhost (0: any).")
@click.option("--no-build", is_flag=True, help="Only the preview: no PDF and EPUB builds.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the browser.")
def watch_command(
    book_dir: Path, out_dir: Path, port: int, no_build: bool, open_browser: bool
) -> None:
    """Show a live preview of BOOK_DIR (default: book) on localhost, and rebuild on every
    change in the book or in styles/.

    The page reloads itself within a second of a change and keeps its place; problems in
    the source are shown in the page and here, and the watch goes on. PDF and EPUB are
    rebuilt in the background into --out, and the preview links to them. Ctrl+C stops.

    \b
    Examples:
      publish watch                      # book/ → http://127.0.0.1:8000/
      publish watch vertrag --port 8080 --open
    """
    if not (book_dir / "book.yaml").is_file():
        raise PublishError(f"{display_path(book_dir)} is not a book folder (no book.yaml)")
    from publish.watch import PreviewSession, describe, serving, url_of

    session = PreviewSession(book_dir, out_dir, build_outputs=not no_build, echo=click.echo)
    try:
        with serving(session, port) as server:
            url = url_of(server)
            click.echo(f"{describe(session)}; preview on {url} (Ctrl+C stops)")
            if open_browser:
                webbrowser.open(url)
            while not session.stopped.is_set():  # a failing thread of the watch ends it
                time.sleep(0.5)
    except OSError as error:
        raise PublishError(f"cannot serve on port {port}: {error.strerror}") from None
    except KeyboardInterrupt:
        click.echo("stopped")
    if session.failure is not None:  # a thread of the watch failed: a crash (publish.crash)
        raise session.failure


@main.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the shell completion script for SHELL: commands, options, file names.

    \b
    Examples:
      publish completion bash >> ~/.bashrc
      publish completion zsh > ~/.zfunc/_publish
      publish completion fish > ~/.config/fish/completions/publish.fish
    """
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)
    assert completion is not None  # every choice is one of click's shells
    script = completion(main, {}, "publish", "_PUBLISH_COMPLETE").source()
    click.echo(script)


@main.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new_command(directory: Path) -> None:
    """Make a new book folder DIRECTORY with two short chapters and a commented book.yaml;
    it builds at once.

    \b
    Examples:
      publish new vertrag
      publish watch vertrag          # live preview while you write
      publish build vertrag          # vertrag/… → dist/
    """
    from publish.new import new_book

    new_book(directory)
    folder, config = display_path(directory), display_path(directory / "book.yaml")
    click.echo(translate(f"made {folder}: edit {config}"))
    click.echo(translate(f"then: publish build {folder}"))


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
    from publish.importer import import_source

    report = import_source(source, into)
    click.echo(report.summary())


# --- publish amend: the assembly's amendments ----------------------------------------------


@main.group("amend")
def amend_group() -> None:
    """The assembly's amendments (Änderungsanträge) to a published draft: freeze the
    draft's edition, check every amendment against it, build the Antragsbuch, the
    Änderungsfassung, the Synopse and the Konkordanz, apply the adopted ones.

    \b
    Examples: the whole cycle
      publish build book                 # the draft, with line numbers
      publish amend freeze book          # its lines → book/ausgaben/entwurf-….json
      publish amend import antraege.csv --into book/antraege   # or write them by hand
      publish amend check book           # every amendment against the edition
      publish amend build book           # Antragsbuch, Änderungsfassung, Synopse
      publish amend apply book --into beschluss --status Beschluss --date 2020-11-10
      publish build beschluss --out dist-beschluss   # the adopted text, new line numbers
      publish amend freeze beschluss --out dist-beschluss
      publish amend build book --beschluss beschluss  # and the Konkordanz

    One file per amendment in BOOK_DIR/antraege/, e.g. ae03.md: a header between two
    lines „---“ (nummer, ausgabe, seite, zeilen, antragsteller, status) and the changes
    in plain German (Ersetze „…“ durch „…“. · Streiche „…“. · Füge nach „…“ ein: „…“. ·
    Füge nach Zeile N einen neuen Absatz ein:), then „## Begründung“. See the README.
    """


@amend_group.command("freeze")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@out_option("Where the book was built (its layout map NAME.layout.json is read).")
@click.option(
    "--name",
    help="The edition's name (default: the book's status and date, e.g. entwurf-2020-10-29).",
)
def amend_freeze_command(book_dir: Path, out_dir: Path, name: str | None) -> None:
    """Freeze the edition built into --out: every numbered line with its page and text,
    as BOOK_DIR/ausgaben/NAME.json, the reference that amendments cite.

    Freeze the draft once it is published; commit the file with the book. A changed text
    is published as a new edition (change metadata.date, build, freeze): amendments
    against the older one are then re-anchored to it.

    \b
    Examples:
      publish build && publish amend freeze
      publish amend freeze vertrag --out vertrag-dist
    """
    from publish.amend.workflow import freeze_edition

    if name is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise PublishError(
            f"the edition name „{name}“ is not valid – use lower case letters, digits and "
            "hyphens, e.g. entwurf-2020-10-29"
        )
    frozen = freeze_edition(book_dir, out_dir, name)
    edition, path = frozen.edition, display_path(frozen.path)
    lines = len(edition.lines)
    if frozen.new:
        click.echo(
            translate(
                f"froze edition {edition.name}: {edition.pages} pages, {lines} lines → {path}"
            )
        )
    else:
        click.echo(
            translate(f"edition {edition.name} is frozen already, with the same lines: {path}")
        )
    click.echo(translate(f"amendments cite it with „ausgabe: {edition.name}“"))


@amend_group.command("check")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Warnings (an amendment re-anchored from an older edition) fail the check too.",
)
@click.option("-v", "--verbose", is_flag=True, help="Print every step with its time.")
def amend_check_command(book_dir: Path, strict: bool, verbose: bool) -> None:
    """Check every amendment in BOOK_DIR/antraege against the frozen editions: the cited
    lines exist and are on the cited page, each quoted passage is in exactly those lines
    (or where it really is), no two adopted amendments change the same text. Exit code 1
    when there is a problem.

    \b
    Examples:
      publish amend check
      publish amend check vertrag --strict
    """
    from publish.amend.workflow import check_amendments

    report = check_amendments(book_dir, amend_progress(verbose))
    if not report.files:
        folder = display_path(book_dir / "antraege")
        click.echo(translate(f"no amendments in {folder}"))
        if report.problems:
            raise BookError(report.problems)
        return
    print_amendment_report(report)
    total = len(report.files)
    amendments = "1 amendment" if total == 1 else f"{total} amendments"
    if report.problems:
        count = len(report.problems)
        summary = "1 problem" if count == 1 else f"{count} problems"
        raise PublishError(translate(f"{summary} in {amendments}"))
    assert report.edition is not None
    name = report.edition.name
    warned = len(report.warnings)
    warnings = "1 warning" if warned == 1 else f"{warned} warnings"
    if warned and strict:
        raise PublishError(translate(f"{warnings} in {amendments} (--strict)"))
    note = translate(f" ({warnings})") if warned else ""
    click.echo(translate(f"{amendments} checked against edition {name}: no problems") + note)


def amend_progress(verbose: bool) -> Callable[[str], None]:
    """Each step of an amend command on stderr with the time since the start (verbose),
    or nothing: the commands take a second or two."""
    started = time.perf_counter()

    def line(stage: str) -> None:
        if verbose:
            click.echo(f"{time.perf_counter() - started:7.2f} s  {stage}", err=True)

    return line


def print_amendment_report(report: CheckReport) -> None:
    """Every problem and warning, then one table: number, lines, status, result."""
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=True, width=1000)
    for problem in report.problems:
        console.print(f"[red]✗[/red] {problem}", markup=True, highlight=False)
    for warning in report.warnings:
        console.print(f"[yellow]![/yellow] {translate(f'warning: {warning}')}")
    checked = {c.amendment.file: c for c in report.amendments}
    read = {a.file: a for a in report.read}
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("No.", "Lines", "Status", "Result"):
        table.add_column(translate(column))
    for file in report.files:
        amendment = read.get(file)
        result = checked.get(file)
        problems = len(report.problems_of(file))
        warnings = sum(w.location.file == file for w in report.warnings)
        lines = str(result.lines if result else amendment.lines) if amendment else "–"
        if problems:
            verdict = f"[red]{translate(f'{problems} problem(s)')}[/red]"
        elif warnings:
            verdict = f"[yellow]{translate('re-anchored')}[/yellow]"
        else:
            verdict = "[green]ok[/green]"
        number = amendment.number if amendment else Path(file).name
        status = amendment.status.value if amendment else "–"
        table.add_row(number, lines, status, verdict)
    console.print(table)


@amend_group.command("apply")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The new book folder for the adopted text (must not exist, or be empty).",
)
@click.option("--status", help="The new book's metadata.status, e.g. Beschluss.")
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The new book's metadata.date (YYYY-MM-DD), e.g. the day of the assembly.",
)
@click.option("-v", "--verbose", is_flag=True, help="Print every step with its time.")
def amend_apply_command(
    book_dir: Path, into: Path, status: str | None, date: dt.datetime | None, verbose: bool
) -> None:
    """Apply the adopted amendments (übernommen, modifiziert übernommen) of BOOK_DIR and
    write the adopted text as the new book folder --into: the next source of truth.

    Everything else is copied as it is, byte for byte; the amendments stay with the
    draft. Refused, with every problem, if an adopted amendment does not check, two of
    them change the same text, or the text has changed since its edition was frozen.

    \b
    Examples:
      publish amend apply --into beschluss --status Beschluss --date 2020-11-10
      publish build beschluss            # the Beschlussfassung, with new line numbers
    """
    from publish.amend.workflow import apply_amendments

    applied = apply_amendments(
        book_dir, into, status, date.date() if date else None, amend_progress(verbose)
    )
    for warning in applied.report.warnings:
        click.echo(translate(f"warning: {warning}"), err=True)
    adopted = len(applied.report.adopted)
    changes = len(applied.adoption.edits)
    files = len(applied.adoption.sources)
    folder = display_path(into)
    click.echo(
        translate(f"applied {adopted} adopted amendments ({changes} changes) to {files} files")
    )
    command = f"publish build {folder}"
    click.echo(translate(f"the adopted text is in {folder}: build it with {command}"))


@amend_group.command("build")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=Path))
@out_option("Folder for the outputs.")
@formats_option("pdf (tagged PDF/UA), epub, html (the web pages in html/antraege/)")
@click.option(
    "--beschluss",
    type=click.Path(file_okay=False, path_type=Path),
    help="The adopted text's folder (written by publish amend apply, built and frozen): "
    "adds the Konkordanz, and the adopted lines to the Synopse.",
)
@click.option(
    "--document",
    "documents",
    type=click.Choice(["antragsbuch", "aenderungsfassung", "synopse", "konkordanz"]),
    multiple=True,
    help="Only these documents (default: every one there is); repeat it for several.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (for CI).")
@click.option("-v", "--verbose", is_flag=True, help="Print every step with its time.")
def amend_build_command(
    book_dir: Path,
    out_dir: Path,
    fmts: tuple[str, ...],
    beschluss: Path | None,
    documents: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Build the amendment outputs of BOOK_DIR (default: book) into --out (default: dist),
    each as tagged PDF, EPUB and web page: the Antragsbuch (every amendment in line order,
    its passage with the changes in place), once amendments are adopted the
    Änderungsfassung (the draft with the adopted changes, the draft's page and line
    numbers) and the Synopse (draft and adopted text side by side, A4 landscape), and with
    --beschluss the Konkordanz (the draft's lines in the adopted edition).

    Refused, with the check's messages, while an amendment has a problem
    (publish amend check). Deleted text is struck through, inserted text underlined, and
    screen readers hear „Streichung: … Ende der Streichung“, „Einfügung: … Ende der
    Einfügung“.

    \b
    Examples:
      publish amend build                # book/ → dist/NAME-antragsbuch.pdf …
      publish amend build vertrag --format pdf --out /tmp/antraege
      publish amend build --document synopse   # only the Synopse
      publish amend apply --into beschluss && publish build beschluss --out dist-beschluss
      publish amend freeze beschluss --out dist-beschluss
      publish amend build --beschluss beschluss    # with the Konkordanz
    """
    from publish.amend.outputs import AmendBuildRequest, build_amendment_outputs

    formats = FORMATS if "all" in fmts else tuple(f for f in FORMATS if f in fmts)
    try:
        source_date = source_date_from(os.environ)
    except ValueError:
        raise PublishError("SOURCE_DATE_EPOCH must be a whole number of seconds") from None
    request = AmendBuildRequest(
        book_dir, out_dir, formats, beschluss, source_date, documents=documents
    )
    with build_progress(quiet, verbose) as progress:
        written, made = build_amendment_outputs(request, progress)
    for warning in made.report.warnings:
        click.echo(translate(f"warning: {warning}"), err=True)
    if quiet:
        return
    web = [path for path in written if (out_dir / "html") in path.parents]
    for path in written:
        if path not in web:
            click.echo(translate(f"wrote {path}"))
    if web:
        folder = out_dir / "html" / "antraege"
        click.echo(translate(f"web pages written to {folder}/ ({len(web)} files)"))
    keys = {document.key for document in made.documents}
    if documents:
        return
    if "aenderungsfassung" not in keys:
        click.echo(
            translate(
                "no amendment is adopted yet: only the Antragsbuch was built (set each "
                "status after the vote, then build again)"
            )
        )
    elif "konkordanz" not in keys:
        command = f"publish amend apply {display_path(book_dir)} --into beschluss"
        click.echo(
            translate(
                "for the Konkordanz, apply the adopted amendments, build and freeze the "
                f"adopted text, then build again with --beschluss: {command}"
            )
        )


@amend_group.command("import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The book's amendments folder, BOOK_DIR/antraege (made if missing).",
)
@click.option(
    "--ausgabe",
    "edition",
    help="The edition the amendments cite, if the table has no column „Ausgabe“ "
    "(default: the book's current edition).",
)
def amend_import_command(table: Path, into: Path, edition: str | None) -> None:
    """Make one amendment file per row of a table (CSV, or ODS from LibreOffice or a
    form export): columns Nr., Seite, Zeilen, Antragsteller*innen, Änderung, Begründung,
    Status (and optional Ausgabe, Titel, Votum, Beschluss). The Änderung column holds
    the changes in plain German, as in an amendment file.

    \b
    Examples:
      publish amend import antraege.csv --into book/antraege
      publish amend import antraege.ods --into book/antraege --ausgabe entwurf-2020-10-29
      publish amend check book
    """
    from publish.amend.table import import_table

    imported = import_table(table, into, edition)
    for warning in imported.warnings:
        click.echo(translate(f"warning: {warning}"), err=True)
    if imported.left_out:
        names = ", ".join(f"„{name}“" for name in imported.left_out)
        click.echo(translate(f"columns left out (not a field of an amendment): {names}"))
    count, folder = len(imported.written), display_path(into)
    files = "1 amendment file" if count == 1 else f"{count} amendment files"
    click.echo(translate(f"{files} written into {folder}"))
