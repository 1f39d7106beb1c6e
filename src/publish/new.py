"""``publish new DIR``: a new book folder that builds at once.

The skeleton (``publish/skeleton/``) is a short agreement with every construct an editor
needs first, and a ``book.yaml`` whose comments explain each key. Only three values are
filled in: the output name (from the folder's name), today's date and a new identifier.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from publish.errors import PublishError
from publish.read.markdown import slugify

SKELETON = resources.files("publish") / "skeleton"


def new_book(
    target: Path, today: dt.date | None = None, identifier: uuid.UUID | None = None
) -> Path:
    """Write the skeleton into ``target`` (which must not exist, or be empty)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise PublishError(f"{target} already exists and is not empty: choose a new folder")
    day = today or dt.date.today()
    values = {
        "date": day.isoformat(),
        "year": str(day.year),
        "identifier": str(identifier or uuid.uuid4()),
        "name": output_name(target),
    }
    _copy(SKELETON, target, values)
    return target


def output_name(target: Path) -> str:
    """The outputs' file name from the folder's name: lower case, digits and hyphens."""
    slug = slugify(target.resolve().name)
    slug = re.sub(r"^h-", "", slug)
    return slug if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) else "vereinbarung"


def _copy(source: Traversable, target: Path, values: dict[str, str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            _copy(entry, target / entry.name, values)
        elif entry.name == "book.yaml":
            (target / entry.name).write_text(entry.read_text("utf-8").format(**values), "utf-8")
        else:
            (target / entry.name).write_bytes(entry.read_bytes())
