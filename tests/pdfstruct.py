"""Reading a tagged PDF's structure tree with pikepdf, for the tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
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


def tagged_text(path: Path, root_type: str = "Part") -> list[str]:
    """The words a screen reader reads below the first ``root_type`` element, in structure
    order: marked content by MCID, ``/ActualText`` where given; labels (Lbl) and footnote
    calls (Reference) are left out, as they are not words of the source."""
    with pdfplumber.open(path) as plumber:
        texts: dict[tuple[int, int], str] = {}
        for number, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (number, char["mcid"])
                    texts[key] = texts.get(key, "") + char["text"]
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        root = next(e.obj for e in walk(pdf) if e.type == root_type)
        parts: list[str] = []
        _collect(root, pages, texts, parts)
    return re.findall(r"\w+", " ".join(parts))


def _collect(
    element: pikepdf.Dictionary, pages: dict[tuple[int, int], int],
    texts: dict[tuple[int, int], str], parts: list[str],
) -> None:
    if "/ActualText" in element:
        parts.append(str(element.ActualText))
        return
    if str(element.get("/S")) in ("/Lbl", "/Reference"):
        return
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    for kid in kids:
        if isinstance(kid, int):
            parts.append(texts.get((pages[element.Pg.objgen], int(kid)), ""))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            parts.append(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _collect(kid, pages, texts, parts)
