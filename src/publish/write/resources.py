"""Sandboxed loading of resources (images, stylesheets, fonts) for WeasyPrint.

Only files inside the book folder and ``styles/`` may be read. Network URLs, ``file:``
URLs elsewhere, ``../`` escapes and symlinks that leave those folders stop the build with a
message that says which resource was refused. The one thing that is no file: a PNG or JPEG
picture embedded in an SVG figure as a ``data:`` URI (``publish.read.svg`` allows those).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from publish.paths import STYLES as STYLES  # where the look of the book lives
from publish.read.svg import DATA_IMAGE


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
        if embedded := DATA_IMAGE.fullmatch(url):
            return _embedded_picture(url, embedded)
        path = allowed_path(url, self._roots)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {}, 200)


def _embedded_picture(url: str, embedded: re.Match[str]) -> URLFetcherResponse:
    """A PNG or JPEG picture written into an SVG as ``data:image/…;base64,…``."""
    try:
        data = base64.b64decode(re.sub(r"\s+", "", embedded.group(2)), validate=True)
    except (binascii.Error, ValueError):
        raise ResourceRefused("refused an embedded picture that is not base64") from None
    kind = f"image/{embedded.group(1).lower()}"
    return URLFetcherResponse(url, data, {"Content-Type": kind}, 200)
