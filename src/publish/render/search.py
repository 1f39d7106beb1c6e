"""Full-text search of the web edition: a Pagefind index, made when the edition is built.

`Pagefind <https://pagefind.app>`_ indexes the finished HTML pages and writes a static
bundle (``html/pagefind/``: its JavaScript, a WebAssembly search engine per language, and
the index and page fragments as content-hashed files) that the browser searches without a
server of its own. It stems words by the page's ``lang`` (German for ``de``: „Radwegen“
finds „Radwege“). Only the chapters' text is indexed (``data-pagefind-body`` on each
``<article>``); headings with ids become the results' sections, and the empty page and line
markers (``#seite-12``, ``#zeile-345``) are kept as anchors with their word positions, so a
result can say „S. 12, Z. 345“ and link to that line (``styles/web-tools.js``).

The binary comes from the PyPI wheel ``pagefind-bin`` (pinned with ``pagefind``), or from
``PAGEFIND_BINARY_PATH``. It runs over the pages in a temporary folder; the bundle is read
back into memory and becomes part of the outputs. Its files are the same, byte for byte,
for the same pages. If the binary is missing or fails, the web edition is written without
search and the build warns (:class:`SearchUnavailable`): the pages say so when a reader
tries to search.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import warnings
from pathlib import Path

from publish.messages import translate

#: The Pagefind release the index is made with (the runtime dependency is pinned to it).
PAGEFIND_VERSION = "1.5.2"

#: The folder of the bundle inside ``html/``.
BUNDLE = "pagefind"

#: What the pages need of the bundle: the search API, its worker, the engine and the index.
#: Pagefind's own ready-made interfaces (``pagefind-ui.js`` and the like) are left out: the
#: pages have their own accessible search field (``web.html.j2``, ``web-tools.js``).
_UI_FILES = ("-ui.js", "-ui.css", "pagefind-highlight.js")

#: Left out of the index: footnote calls (their numbers would join the word before them)
#: and the footnotes' back links.
EXCLUDED = ".noteref, .backlink"

#: How long indexing may take (the 170-page agreement takes well under a second).
TIMEOUT_SECONDS = 120


class SearchUnavailable(UserWarning):
    """The web edition was written without its search index."""


class SearchIndexError(Exception):
    """Pagefind could not index the pages (the message says why and what to do)."""


def pagefind_binary() -> Path | None:
    """The Pagefind executable: ``PAGEFIND_BINARY_PATH``, else the one the ``pagefind-bin``
    wheel ships (as Pagefind's own Python package finds it)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


def search_index(pages: dict[str, bytes]) -> dict[str, bytes]:
    """The Pagefind bundle for the HTML ``pages`` (path in ``html/`` → bytes), as
    ``pagefind/…`` files. Raises :class:`SearchIndexError` if it cannot be made."""
    binary = pagefind_binary()
    if binary is None or not binary.is_file():
        raise SearchIndexError(
            "the search index of the web edition cannot be made: the Pagefind program is "
            f"missing – install it with pip install 'pagefind[bin]=={PAGEFIND_VERSION}'"
        )
    with tempfile.TemporaryDirectory(prefix="publish-search-") as folder:
        site = Path(folder)
        for name, data in pages.items():
            if name.endswith(".html"):
                path = site / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        command = [str(binary), "--site", str(site), "--output-subdir", BUNDLE]
        command += ["--exclude-selectors", EXCLUDED, "--keep-index-url", "--silent"]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={**os.environ, "NO_COLOR": "1"},
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SearchIndexError(_failed(binary, str(error))) from None
        if result.returncode != 0:
            said = (result.stderr or result.stdout).strip().splitlines()
            reason = said[-1] if said else f"exit {result.returncode}"
            raise SearchIndexError(_failed(binary, reason))
        return _bundle(site / BUNDLE)


def _failed(binary: Path, reason: str) -> str:
    return (
        f"the search index of the web edition cannot be made: {binary} failed ({reason}) – "
        f"reinstall it with pip install 'pagefind[bin]=={PAGEFIND_VERSION}'"
    )


def _bundle(folder: Path) -> dict[str, bytes]:
    """The bundle's files the pages need, by their path in ``html/``."""
    files = {
        f"{BUNDLE}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(_UI_FILES)
    }
    if f"{BUNDLE}/pagefind.js" not in files:
        raise SearchIndexError(
            "the search index of the web edition cannot be made: Pagefind wrote no pagefind.js – "
            "check the Pagefind installation"
        )
    return files


def with_search(files: dict[str, bytes]) -> tuple[dict[str, bytes], str]:
    """The web edition's ``files`` with the search bundle added, and "" – or the files as
    they are and why there is no search (for a warning)."""
    try:
        return files | search_index(files), ""
    except SearchIndexError as error:
        return files, str(error)


def warn_without_search(problem: str) -> None:
    """Tell the user the web edition was written without search."""
    if problem:
        warnings.warn(translate(problem), SearchUnavailable, stacklevel=2)
