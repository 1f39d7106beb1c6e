"""Structure checks of a tagged PDF: what a screen reader gets, beyond what veraPDF checks.

veraPDF checks the rules of PDF/UA; these checks look at what the project promises on top:
every piece of content is either in the structure tree or an artifact, headings start at H1
and never skip, footnotes are Notes with an ID, each table-of-contents entry is one link,
figures have alternative text, links describe themselves, and no word is split by a
hyphenation hyphen in the text a screen reader reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf

HYPHENS = ("\u2010", "\u00ad")


@dataclass(frozen=True)
class Element:
    """A structure element met while walking the tree: type, depth and the object."""

    type: str
    depth: int
    obj: pikepdf.Dictionary

    @property
    def alt(self) -> str | None:
        return str(self.obj.Alt) if "/Alt" in self.obj else None

    @property
    def lang(self) -> str | None:
        return str(self.obj.Lang) if "/Lang" in self.obj else None


@dataclass(frozen=True)
class Finding:
    """One failed structure check; ``page`` counts from 1 where it is known."""

    check: str
    message: str
    page: int | None = None


def walk(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """Every structure element, depth first, in reading order."""
    yield from _walk(pdf.Root.StructTreeRoot.K, 0)


def _walk(kids: object, depth: int) -> Iterator[Element]:
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield Element(str(kid.S)[1:], depth, kid)
            if "/K" in kid:
                yield from _walk(kid.K, depth + 1)


def children(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


# --- the text a screen reader reads -----------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The text of one marked-content sequence (or of an element's ``/ActualText``), and
    where its first and last glyph stand: page index, then (x, top, bottom) in points."""

    text: str
    page: int
    first: tuple[float, float, float]
    last: tuple[float, float, float]

    def continues(self, previous: Run) -> bool:
        """Whether this run goes on the line of ``previous`` with nothing between them
        („CO“ and its subscript „2“): read as one word, as a text extractor does."""
        x, top, bottom = self.first
        end, previous_top, previous_bottom = previous.last
        same_line = top < previous_bottom and previous_top < bottom
        return self.page == previous.page and same_line and x >= end - 1


def marked_runs(path: Path) -> dict[tuple[int, int], Run]:
    """(page index, MCID) → the text of that marked-content sequence and its place."""
    chars: dict[tuple[int, int], list[dict[str, Any]]] = {}
    with pdfplumber.open(path) as plumber:
        for number, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    chars.setdefault((number, char["mcid"]), []).append(char)
    runs: dict[tuple[int, int], Run] = {}
    for key, glyphs in chars.items():
        first, last = glyphs[0], glyphs[-1]
        runs[key] = Run(
            "".join(str(c["text"]) for c in glyphs),
            key[0],
            (float(first["x0"]), float(first["top"]), float(first["bottom"])),
            (float(last["x1"]), float(last["top"]), float(last["bottom"])),
        )
    return runs


def marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the text of that marked-content sequence."""
    return {key: run.text for key, run in marked_runs(path).items()}


#: Structure types inside a line of text: their content joins the text around them.
INLINE_TYPES = frozenset(
    {"/Span", "/Em", "/Strong", "/Link", "/Code", "/Quote", "/Reference", "/Lbl"}
)


def tagged_words(path: Path, root_type: str = "Part") -> list[str]:
    """The words read below the first ``root_type`` element, in structure order:
    marked content by MCID, ``/ActualText`` where given; labels (Lbl) and footnote calls
    (Reference) are left out, as they are numbering, not words of the text. Text that goes
    on in the same line („CO“ and its subscript „2“) is one word; a new line, or a new
    block (paragraph, table cell, footnote), begins a new word."""
    runs = marked_runs(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        root = next(e.obj for e in walk(pdf) if e.type == root_type)
        parts: list[Run | None] = []
        _collect(root, pages, runs, parts)
    text: list[str] = []
    previous: Run | None = None
    for run in parts:
        if run is not None and previous is not None and run.continues(previous):
            text.append(run.text)
        else:
            text.extend((" ", run.text if run else ""))
        previous = run
    return re.findall(r"\w+", "".join(text))


def _collect(
    element: pikepdf.Dictionary,
    pages: dict[tuple[int, int], int],
    runs: dict[tuple[int, int], Run],
    parts: list[Run | None],
) -> None:
    """The runs read in ``element``, in order; None where a block begins or ends."""
    kind = str(element.get("/S"))
    if kind in ("/Lbl", "/Reference"):
        return
    block = kind not in INLINE_TYPES
    if block:
        parts.append(None)
    if "/ActualText" in element:
        inner: list[Run | None] = []
        _collect_content(element, pages, runs, inner)
        placed = [run for run in inner if run is not None]
        if placed:
            first, last = placed[0], placed[-1]
            parts.append(Run(str(element.ActualText), first.page, first.first, last.last))
        else:
            parts.append(Run(str(element.ActualText), -1, (0, 0, 0), (0, 0, 0)))
    else:
        _collect_content(element, pages, runs, parts)
    if block:
        parts.append(None)


def _collect_content(
    element: pikepdf.Dictionary,
    pages: dict[tuple[int, int], int],
    runs: dict[tuple[int, int], Run],
    parts: list[Run | None],
) -> None:
    for kid in children(element):
        key = None
        if isinstance(kid, int) and "/Pg" in element:
            key = (pages[element.Pg.objgen], int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            key = (pages[kid.Pg.objgen], int(kid.MCID))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _collect(kid, pages, runs, parts)
        if key is not None and key in runs:
            parts.append(runs[key])


# --- the checks -------------------------------------------------------------------------


def check_structure(path: Path) -> list[Finding]:
    """Run every structure check on the PDF at ``path``."""
    with pikepdf.open(path) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return [Finding("untagged", "the PDF has no structure tree: it is not tagged")]
        elements = list(walk(pdf))
        findings = [
            *_check_catalog(pdf),
            *_check_coverage(pdf, elements),
            *_check_headings(elements),
            *_check_notes(pdf, elements),
            *_check_toc(elements),
            *_check_list_items(elements),
            *_check_figures(elements),
            *_check_links(pdf),
        ]
    findings += _check_hyphenation(path)
    return findings


def _check_catalog(pdf: pikepdf.Pdf) -> Iterator[Finding]:
    root = pdf.Root
    if not str(root.get("/Lang", "")):
        yield Finding("language", "the document declares no language (/Lang)")
    if not _flag(root, "/MarkInfo", "/Marked"):
        yield Finding("marked", "the document is not marked as tagged (/MarkInfo /Marked)")
    if not _flag(root, "/ViewerPreferences", "/DisplayDocTitle"):
        yield Finding("title", "viewers are not told to show the title (DisplayDocTitle)")


def _flag(root: pikepdf.Object, dictionary: str, key: str) -> bool:
    container = root.get(dictionary)
    return isinstance(container, pikepdf.Dictionary) and bool(container.get(key, False))


def _check_coverage(pdf: pikepdf.Pdf, elements: list[Element]) -> Iterator[Finding]:
    """Every marked-content sequence is an artifact or belongs to a structure element that
    is part of the tree (reachable from its root)."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    in_tree = {e.obj.objgen for e in elements}
    for number, page in enumerate(pdf.pages):
        mapped = owners.get(int(page.get("/StructParents", -1)))
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            if str(operator) != "BDC" or str(operands[0]) == "/Artifact":
                continue
            mcid = int(operands[1].get("/MCID", -1))
            owner = mapped[mcid] if mapped is not None and mcid < len(mapped) else None
            if not isinstance(owner, pikepdf.Dictionary) or owner.objgen not in in_tree:
                message = f"marked content {mcid} belongs to no structure element in the tree"
                yield Finding("untagged-content", message, number + 1)


def _check_headings(elements: list[Element]) -> Iterator[Finding]:
    previous = 0
    for element in elements:
        if re.fullmatch(r"H[1-6]", element.type):
            level = int(element.type[1])
            if level > previous + 1:
                yield Finding("heading-skip", f"heading level skips from {previous} to {level}")
            previous = level


def _check_notes(pdf: pikepdf.Pdf, elements: list[Element]) -> Iterator[Finding]:
    id_tree = pdf.Root.StructTreeRoot.get("/IDTree")
    names = list(id_tree.Names) if id_tree is not None else []
    known = {str(names[i]) for i in range(0, len(names), 2)}
    for note in (e for e in elements if e.type in ("Note", "FENote")):
        identifier = str(note.obj.get("/ID", ""))
        if not identifier or identifier not in known:
            yield Finding("note-id", f"a footnote has no ID in the IDTree ({identifier or '–'})")


def _check_toc(elements: list[Element]) -> Iterator[Finding]:
    """One link per entry: TOCI › Link (PDF 1.7), or TOCI › Reference › Link (PDF 2.0)."""
    for entry in (e for e in elements if e.type == "TOCI"):
        kinds = _kinds(entry.obj)
        if kinds == ["/Reference"]:
            (reference,) = (k for k in children(entry.obj) if isinstance(k, pikepdf.Dictionary))
            kinds = _kinds(reference)
        if kinds != ["/Link"]:
            yield Finding("toc-entry", f"a table-of-contents entry holds {kinds}, not one Link")


def _check_list_items(elements: list[Element]) -> Iterator[Finding]:
    """A list item holds its label and its body, and nothing else (text in the LI itself
    is read out of order)."""
    for item in (e for e in elements if e.type == "LI"):
        for kid in children(item.obj):
            if not (
                isinstance(kid, pikepdf.Dictionary) and str(kid.get("/S")) in ("/Lbl", "/LBody")
            ):
                yield Finding("list-item", "a list item holds content outside its Lbl and LBody")
                break


def _kinds(element: pikepdf.Object) -> list[str]:
    return [str(k.S) for k in children(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _check_figures(elements: list[Element]) -> Iterator[Finding]:
    for figure in (e for e in elements if e.type == "Figure"):
        if not (figure.alt or "").strip():
            yield Finding("figure-alt", "a figure has no alternative text")


def _check_links(pdf: pikepdf.Pdf) -> Iterator[Finding]:
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            contents = str(annotation.get("/Contents", "")).strip()
            if not contents or re.fullmatch(r"#?[a-z0-9-]+", contents):
                message = f"a link does not describe itself (/Contents „{contents}“)"
                yield Finding("link-contents", message, number + 1)


def _check_hyphenation(path: Path) -> list[Finding]:
    """No text read aloud ends in a hyphenation hyphen: such words carry /ActualText."""
    texts = marked_texts(path)
    findings = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        for element in walk(pdf):
            if _inside_actual_text(element.obj):
                continue
            for page, mcid in _marked_content(element.obj, pages):
                text = texts.get((page, mcid), "").rstrip()
                if text.endswith(HYPHENS) and text[:-1][-1:].isalpha():
                    message = f"„{text.split()[-1]}“ is read as a broken word (no /ActualText)"
                    findings.append(Finding("hyphenation", message, page + 1))
    return findings


def _marked_content(
    element: pikepdf.Dictionary, pages: dict[tuple[int, int], int]
) -> Iterator[tuple[int, int]]:
    """(page index, MCID) of the marked content directly in ``element``."""
    for kid in children(element):
        if isinstance(kid, int) and "/Pg" in element:
            yield pages[element.Pg.objgen], int(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            yield pages[kid.Pg.objgen], int(kid.MCID)


def _inside_actual_text(element: pikepdf.Dictionary) -> bool:
    node: pikepdf.Object | None = element
    while isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
        if "/ActualText" in node:
            return True
        node = node.get("/P")
    return False
