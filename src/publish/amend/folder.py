"""Writing the adopted text as a new book folder: the next source of truth.

Everything of the draft's folder is copied as it is, byte for byte, but the amendments
(``antraege/``, which belong to the draft): the changed chapter files get their new text
(with the line ends they had), and ``book.yaml`` its new status and date if they are
given (only those two values change). The new folder is read as a book before it is put
in place, so a folder that would not build is never written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from publish.amend.apply import Adoption
from publish.amend.read import AMENDMENTS
from publish.errors import BookError, Diagnostic, PublishError, SourceLocation, display_path
from publish.messages import translate
from publish.read.book import load_book

#: A status that YAML reads as it is written, without quotes.
PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß][\w .()/-]*")


def write_adopted(
    book_dir: Path,
    into: Path,
    adoption: Adoption,
    status: str | None = None,
    date: dt.date | None = None,
) -> None:
    """Write the adopted text into the new (or empty) folder ``into`` (read as a book
    first: a text that would not build is refused with its problems)."""
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise PublishError(
            translate(f"{display_path(into)} already exists and is not empty: choose a new folder")
        )
    if into.resolve().is_relative_to(book_dir.resolve()):
        raise PublishError(
            translate(f"{display_path(into)} is inside the book folder: choose a folder beside it")
        )
    temporary = into.parent / f".{into.name}.publish-{os.getpid()}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        shutil.copytree(book_dir, temporary, symlinks=True, ignore=_amendments(book_dir))
        for file, text in adoption.sources.items():
            if file in adoption.crlf:
                text = text.replace("\n", "\r\n")
            (temporary / file).write_bytes(text.encode("utf-8"))
        if status is not None or date is not None:
            config = temporary / "book.yaml"
            config.write_text(
                set_status(config.read_text(encoding="utf-8"), status, date), encoding="utf-8"
            )
        try:
            load_book(temporary.resolve())
        except BookError as error:
            raise _in_new_folder(error, temporary, into, adoption) from None
        if into.exists():
            into.rmdir()
        temporary.rename(into)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _amendments(book_dir: Path) -> Callable[[str, list[str]], list[str]]:
    """copytree's filter: leave out the book's amendments folder."""
    top = book_dir.resolve()

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [AMENDMENTS] if Path(folder).resolve() == top and AMENDMENTS in names else []

    return ignore


def _in_new_folder(error: BookError, temporary: Path, into: Path, adoption: Adoption) -> BookError:
    """The new folder's problems, named as its files will be, each with the amendment
    that changed its line (if one did)."""
    prefix = display_path(temporary)
    target = display_path(into)
    problems = []
    for problem in error.diagnostics:
        where = problem.location
        file = where.file.replace(prefix, target, 1)
        relative = file.removeprefix(target + "/")
        authors = sorted(
            {edit.change.amendment.number for edit in adoption.edits if edit.file == relative}
        )
        hint = translate(problem.hint) if problem.hint else ""
        if authors:
            changed = translate(f"changed by {', '.join(authors)}")
            hint = f"{hint}; {changed}" if hint else changed
        problems.append(
            Diagnostic(SourceLocation(file, where.line, where.column), problem.message, hint)
        )
    return BookError(problems)


def set_status(config: str, status: str | None, date: dt.date | None) -> str:
    """``book.yaml``'s text with ``metadata.status`` and ``metadata.date`` replaced, and
    nothing else changed (not even a comment)."""
    root = yaml.compose(config, Loader=yaml.SafeLoader)
    metadata = _value(root, "metadata")
    replacements: list[tuple[yaml.Node, str]] = []
    if status is not None and metadata is not None:
        node = _value(metadata, "status")
        value = status if PLAIN.fullmatch(status) else '"' + status.replace('"', '\\"') + '"'
        if node is not None:
            replacements.append((node, value))
    if date is not None and metadata is not None:
        node = _value(metadata, "date")
        if node is not None:
            replacements.append((node, date.isoformat()))
    for node, value in sorted(replacements, key=lambda r: -r[0].start_mark.index):
        config = config[: node.start_mark.index] + value + config[node.end_mark.index :]
    return config


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if key_node.value == key:
            return value  # type: ignore[no-any-return]
    return None
