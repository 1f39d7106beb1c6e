"""An unexpected exception: one clear line on the terminal, the full report in a file.

Every problem a person can fix is a :class:`publish.errors.PublishError` with a message.
Anything else that escapes a command is a bug in ``publish``: the command ends with exit
code 3 and one line that says what failed, that it is a bug, and where the report is::

    publish build failed: an unexpected error (ZeroDivisionError: division by zero). This is
    a bug in publish; the full report is in ~/.cache/publish/crash/publish-crash-….txt –
    please send it to us.

The report holds the command line, the versions of publish, Python, WeasyPrint and the
libraries it relies on, and the whole traceback (of a layout worker process too: its
traceback comes with the exception). Reports go to ``$XDG_CACHE_HOME/publish/crash/``
(else ``~/.cache/publish/crash/``), or to the temporary folder when that cannot be written.
The outputs in ``dist/`` stay as they were: a build writes them all or none
(``publish.write.files``). ``PUBLISH_DEBUG=1`` lets the exception through, traceback and
all, for developers.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shlex
import sys
import tempfile
import traceback
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from publish.messages import translate

#: The exit code of a command that ended with a bug (1: the book, 2: an output).
EXIT_CODE = 3
#: Libraries whose versions go into a report.
LIBRARIES = ("publish", "weasyprint", "pydyf", "pikepdf", "click", "markdown-it-py", "lxml")
#: How much of the exception's text goes into the one line.
SHOWN_LENGTH = 200


def debugging(environ: Mapping[str, str] | None = None) -> bool:
    """``PUBLISH_DEBUG=1`` (or any value but 0/no/off): exceptions are let through."""
    value = (os.environ if environ is None else environ).get("PUBLISH_DEBUG", "")
    return value.strip().lower() not in ("", "0", "no", "off", "false")


def crash_folders(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where a report is written: the first of these that can be."""
    env = os.environ if environ is None else environ
    cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return [Path(cache) / "publish" / "crash", Path(tempfile.gettempdir())]


class Crash(click.ClickException):
    """An unexpected exception, reported (exit code 3): :meth:`show` prints the one line."""

    exit_code = EXIT_CODE

    def __init__(self, command: str, error: BaseException, arguments: Sequence[str]) -> None:
        self.command = command
        self.report = write_report(command, error, arguments)
        super().__init__(crash_line(command, error, self.report))

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def crash_line(command: str, error: BaseException, report: Path | None) -> str:
    """The one line a crash prints (translated)."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    if len(text) > SHOWN_LENGTH:
        text = text[: SHOWN_LENGTH - 1] + "…"
    if report is None:
        return translate(
            f"{command} failed: an unexpected error ({text}). This is a bug in publish; "
            "no report could be written – run it again with PUBLISH_DEBUG=1 and send us "
            "what it prints."
        )
    return translate(
        f"{command} failed: an unexpected error ({text}). This is a bug in publish; "
        f"the full report is in {report} – please send it to us."
    )


def write_report(command: str, error: BaseException, arguments: Sequence[str]) -> Path | None:
    """Write the report of ``error``; its path, or None if no folder could take it."""
    now = dt.datetime.now()
    stem = f"publish-crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}"
    text = report_text(command, error, arguments, now)
    for folder in crash_folders():
        for n in range(1, 100):  # a second report in the same second gets its own name
            path = folder / (f"{stem}.txt" if n == 1 else f"{stem}-{n}.txt")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with open(path, "x", encoding="utf-8") as file:
                    file.write(text)
            except FileExistsError:
                continue
            except OSError:
                break
            return path
    return None


def report_text(
    command: str, error: BaseException, arguments: Sequence[str], now: dt.datetime
) -> str:
    """What a report says: the command, the versions, the whole traceback."""
    lines = [
        f"{command} failed: an unexpected error. This is a bug in publish.",
        "",
        f"command line: {shlex.join(['publish', *arguments])}",
        f"time: {now.isoformat(timespec='seconds')}",
        f"working folder: {Path.cwd()}",
        f"Python: {sys.version.split()[0]} ({sys.executable})",
        f"platform: {platform.platform()}",
    ]
    lines += [f"{library}: {_version(library)}" for library in LIBRARIES]
    lines += ["", "".join(traceback.format_exception(error)).rstrip()]
    return "\n".join(lines) + "\n"


def _version(library: str) -> str:
    try:
        return version(library)
    except PackageNotFoundError:
        return "not installed"


def passes_through(error: BaseException) -> bool:
    """Exceptions click handles itself (messages, exit codes, Ctrl+C) are no crash."""
    return isinstance(error, click.ClickException | click.exceptions.Exit | click.Abort)
