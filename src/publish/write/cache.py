"""The build cache: laid-out chapters, and the fingerprint of the last build of a folder.

Two things are kept, both keyed by content hashes, never by time stamps:

- **parts**: each chapter laid out by WeasyPrint (``PartResult``: its PDF, layout and anchors),
  under a hash of the chapter's HTML document, the images it shows, the layout settings and
  the *code* that lays it out (every file of the ``publish`` package and of ``styles/``, and
  the versions of WeasyPrint and pikepdf). Editing one chapter lays out that chapter again;
  the others come from the cache. The front matter is kept under its document with the
  table of contents numbered from the first chapter page: laid out again when a chapter's
  page count changed. The merge is always made anew.
- **builds**: for each output folder, a fingerprint of everything a build reads (the book
  folder, ``styles/``, the code, the formats, the time stamp) and the hashes of the files it
  wrote. A build whose fingerprint matches, with every output still as written, writes
  nothing: ``publish build`` with no change takes a fraction of a second.

Entries are written to a temporary and renamed, so concurrent builds never see half an entry;
an entry that cannot be read (corrupted, from another version) counts as missing and is
removed. The cache lives in ``$PUBLISH_CACHE``, else ``$XDG_CACHE_HOME/publish``, else
``~/.cache/publish``; ``PUBLISH_CACHE=off`` (or ``publish build --no-cache``) turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from publish.paths import PACKAGE, read_by_the_build
from publish.read.sandbox import refusal

#: Files a chapter's HTML document loads from the book folder (images, decorations).
RESOURCE = re.compile(r"""(?:src="|url\(')([^"')]+)""")


def default_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the cache lives, or None when ``PUBLISH_CACHE=off``."""
    env = os.environ if environ is None else environ
    chosen = env.get("PUBLISH_CACHE", "")
    if chosen.lower() in ("off", "0", "no"):
        return None
    if chosen:
        return Path(chosen)
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publish"


def _digest(parts: Iterable[bytes]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def _tree(folder: Path, *, book: bool = False) -> Iterable[bytes]:
    """Every file below ``folder`` (name and content), in a fixed order; caches skipped,
    and what the build never reads: links that leave the folder, named pipes, devices, and
    in a ``book`` folder the amendments and editions (:func:`~publish.paths.read_by_the_build`)."""
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or path.name.startswith("."):
            continue
        if book and not read_by_the_build(path, folder):
            continue
        if refusal(path, folder) is None:
            yield path.relative_to(folder).as_posix().encode()
            yield path.read_bytes()


@functools.cache
def code_fingerprint(styles: Path) -> str:
    """The code and the look that turn a book into outputs."""
    versions = f"weasyprint {version('weasyprint')} pikepdf {version('pikepdf')}"
    versions += f" pagefind {_installed('pagefind-bin')}"  # the web edition's search index
    return _digest([versions.encode(), *_tree(PACKAGE), *_tree(styles)])


def _installed(package: str) -> str:
    """The installed version of ``package``, or "none"."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


class BuildCache:
    """The cache folder: parts and build fingerprints (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # --- parts ---------------------------------------------------------------------------

    def part_key(self, document: str, root: Path, settings: object, styles: Path) -> str:
        resources = []
        for name in sorted(set(RESOURCE.findall(document))):
            path = root / name
            with contextlib.suppress(OSError):
                resources += [name.encode(), path.read_bytes()]
        return _digest(
            [document.encode(), repr(settings).encode(), code_fingerprint(styles).encode()]
            + resources
        )

    def get_part(self, key: str) -> Any | None:
        return self._load(self.folder / "parts" / key[:2] / f"{key}.pickle")

    def put_part(self, key: str, part: object) -> None:
        self._store(self.folder / "parts" / key[:2] / f"{key}.pickle", pickle.dumps(part))

    # --- builds --------------------------------------------------------------------------

    @staticmethod
    def build_fingerprint(
        book_dir: Path, styles: Path, formats: tuple[str, ...], source_date: object
    ) -> str:
        """Everything a build reads, and what it is asked to make."""
        settings = f"{formats} {source_date}".encode()
        return _digest([settings, code_fingerprint(styles).encode(), *_tree(book_dir, book=True)])

    def _build_file(self, out_dir: Path) -> Path:
        name = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()
        return self.folder / "builds" / f"{name}.json"

    def up_to_date(self, out_dir: Path, fingerprint: str) -> list[Path] | None:
        """The outputs of the last build into ``out_dir``, if it had this fingerprint and
        every output is still there as it was written."""
        try:
            record = json.loads(self._build_file(out_dir).read_text(encoding="utf-8"))
            if record["fingerprint"] != fingerprint:
                return None
            files = {out_dir / name: digest for name, digest in record["files"].items()}
            for path, digest in files.items():
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return list(files)

    def record_build(self, out_dir: Path, fingerprint: str, outputs: Mapping[str, bytes]) -> None:
        files = {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()}
        record = {"fingerprint": fingerprint, "files": files}
        self._store(self._build_file(out_dir), json.dumps(record, sort_keys=True).encode())

    # --- entries -------------------------------------------------------------------------

    def _load(self, path: Path) -> Any | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # corrupted, or written by another version: a miss
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def _store(self, path: Path, data: bytes) -> None:
        """Write an entry whole or not at all; a cache that cannot be written is no error."""
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
