"""Reading a tagged PDF's structure tree with pikepdf, for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Element:
    """A structure element: its type, depth, and the attributes tests look at."""

    type: str
    depth: int
    alt: str | None
    lang: str | None
    obj: pikepdf.Dictionary


def walk(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """Every structure element in the tree, depth first, in reading order."""
    root = pdf.Root.StructTreeRoot
    yield from _walk(root.K, 0)


def _walk(kids: object, depth: int) -> Iterator[Element]:
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for kid in items:
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue
        alt = str(kid.Alt) if "/Alt" in kid else None
        lang = str(kid.Lang) if "/Lang" in kid else None
        yield Element(str(kid.S)[1:], depth, alt, lang, kid)
        if "/K" in kid:
            yield from _walk(kid.K, depth + 1)
