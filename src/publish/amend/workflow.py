"""The steps of the amendment cycle, as the commands call them.

``publish amend freeze`` → :func:`freeze_edition`; ``publish amend check`` →
:func:`check_amendments`; ``publish amend apply`` → :func:`apply_amendments`;
``publish amend import`` → :func:`publish.amend.table.import_table`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from publish.amend.apply import Adoption, adopt, source_problems
from publish.amend.check import CheckReport, check_book, source_order
from publish.amend.edition import Frozen, freeze
from publish.amend.folder import write_adopted
from publish.errors import PublishError, display_path
from publish.layout import LayoutMap
from publish.messages import translate
from publish.read.book import load_book
from publish.read.config import load_config
from publish.typography import typeset


def layout_file(book_dir: Path, out_dir: Path) -> Path:
    """Where ``publish build`` wrote the book's layout map."""
    name = load_config(book_dir / "book.yaml", check_chapters=False).output.name
    return out_dir / f"{name}.layout.json"


def freeze_edition(book_dir: Path, out_dir: Path, name: str | None = None) -> Frozen:
    """Freeze the edition built into ``out_dir`` as ``book_dir/ausgaben/NAME.json``."""
    path = layout_file(book_dir, out_dir)
    shown = display_path(path)
    if not path.is_file():
        raise PublishError(
            translate(
                f"{shown} does not exist – build the book first: publish build "
                f"{display_path(book_dir)} --out {display_path(out_dir)}"
            )
        )
    try:
        layout = LayoutMap.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        message = f"{shown} is not a layout map – build the book again"
        raise PublishError(translate(message)) from None
    book = typeset(load_book(book_dir.resolve()))
    return freeze(book, layout, shown, name)


#: Told of each step of a command.
Progress = Callable[[str], None]


def _silent(stage: str) -> None:
    """No progress report."""


def _checked(book_dir: Path, progress: Progress) -> CheckReport:
    progress("reading the amendments and the editions")
    report = check_book(book_dir)
    edition = report.edition.name if report.edition else "none"
    progress(f"checked {len(report.files)} amendments against edition {edition}")
    return report


def check_amendments(book_dir: Path, progress: Progress = _silent) -> CheckReport:
    """Every amendment checked against the editions, and (if the source is that of the
    current edition) placed in the Markdown as applying it would."""
    report = _checked(book_dir, progress)
    progress("placing the changes in the Markdown")
    problems, warnings = source_problems(book_dir, report)
    if not problems and not warnings:
        return report
    order = source_order(report.files)
    return replace(
        report,
        problems=tuple(sorted([*report.problems, *problems], key=order)),
        warnings=tuple(sorted([*report.warnings, *warnings], key=order)),
    )


@dataclass(frozen=True)
class Applied:
    """What :func:`apply_amendments` did."""

    report: CheckReport
    adoption: Adoption
    into: Path


def apply_amendments(
    book_dir: Path,
    into: Path,
    status: str | None = None,
    date: dt.date | None = None,
    progress: Progress = _silent,
) -> Applied:
    """Apply the adopted amendments of ``book_dir`` and write the adopted text as the new
    book folder ``into`` (with ``status`` and ``date`` in its book.yaml, if given)."""
    report = _checked(book_dir, progress)
    progress(f"placing the changes of {len(report.adopted)} adopted amendments in the Markdown")
    adoption = adopt(book_dir, report)
    progress(f"writing {display_path(into)} and reading it back as a book")
    write_adopted(book_dir, into, adoption, status, date)
    progress("done")
    return Applied(report, adoption, into)
