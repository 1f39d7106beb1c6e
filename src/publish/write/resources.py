"""Sandboxed loading of resources (images, stylesheets, fonts) for WeasyPrint.

Only files inside the book folder and ``styles/`` may be read. Network URLs, ``file:``
URLs elsewhere, ``../`` escapes and symlinks that leave those folders stop the build with a
message that says which resource was refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from publish.paths import STYLES as STYLES  # where the look of the book lives


class ResourceRefused(FatalURLFetchingError):  # type: ignore[misc]
    """A resource outside the allowed folders was asked for."""


def allowed_path(url: str, roots: Sequence[Path]) -> Path:
    """The local file behind ``url`` if it lies inside one of ``roots``; else refuse."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise ResourceRefused(f"refused to load {url}: only files of the book may be used")
    path = Path(unquote(parts.path)).resolve()
    for root in roots:
        if path.is_relative_to(root.resolve()) and path.is_file():
            return path
    raise ResourceRefused(f"refused to load {path}: it is outside the book and styles folders")


class SandboxedFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that reads only files below the given folders."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(fail_on_errors=True)
        self._roots = tuple(roots)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = allowed_path(url, self._roots)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {}, 200)
