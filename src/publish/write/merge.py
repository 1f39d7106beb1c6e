"""Join separately laid-out parts of the book into one tagged PDF (see publish.write.parallel).

The front matter's PDF is the base: its catalog (language, XMP metadata with the PDF/UA
identification, viewer preferences, mark info) is the book's. The chapters' pages follow,
copied with pikepdf, and everything that points at pages or structure elements is joined:

- **structure tree**: the chapters' ``Part`` elements (``<main>``) become one, under the
  front matter's ``Document``, as in a single pass; the ``ParentTree`` is rebuilt with each
  page's key its place in the book and the annotations' keys after all pages; the
  ``IDTree`` (footnotes) is the union of the parts', sorted; the role map is the base's
  (every part has the same);
- **named destinations**: the union, without the placeholders a part lent itself for links
  into other parts, so each link finds its target in the part that has it;
- **outlines**: the parts' top-level items chained in book order;
- **the text of glyphs** (``/ToUnicode``): as one pass maps each glyph to the text of its
  first use in the book, not in the part;
- **side of the spread**: the pages of a chapter that begins on a left-hand page are moved
  by the difference of the mirrored margins: content, link rectangles, destinations and
  the layout boxes of figures;
- then what depends on the whole book: page numbers (where WeasyPrint put them in each
  part) and line numbers, as artifacts (publish.write.linenumbers), and one save.

PDF 2.0 (PDF/UA-2) also needs the namespaces of every part in the tree root, and the
table of contents' ``/Ref`` entries pointed at the structure elements of their headings,
which the front matter laid out alone could not know.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pikepdf

from publish.layout import PT_PER_PX, LayoutMap, PartLayout, join_layouts
from publish.write.linenumbers import PageNumber, add_numbers
from publish.write.pdfbytes import save


@dataclass(frozen=True)
class RenderedPdf:
    """The tagged PDF and the layout map read from the same layout."""

    data: bytes
    layout: LayoutMap


@dataclass(frozen=True)
class PartResult:
    """One part laid out and written: its PDF, its layout, where its anchors are (page
    index in the part), the anchors of other parts it lent itself to link to, where its
    page numbers stand (one entry a page, None where there is none), and the processor
    time it took in which process (for benchmarks)."""

    pdf: bytes
    layout: PartLayout
    anchors: dict[str, int]
    borrowed: frozenset[str]
    numbers: tuple[NumberSlot | None, ...]
    cpu: float = 0.0
    worker: int = 0

    @property
    def pages(self) -> int:
        return len(self.layout.pages)


@dataclass(frozen=True)
class NumberSlot:
    """Where WeasyPrint put a page number (CSS pixels): the centre of its text, its
    baseline, its size, and the operators that set its colour."""

    centre: float
    baseline: float
    size: float
    colour: str

    def number(self, label: str, shift: float) -> PageNumber:
        return PageNumber(
            label,
            (self.centre + shift) * PT_PER_PX,
            self.baseline * PT_PER_PX,
            self.size * PT_PER_PX,
            self.colour,
        )


@dataclass(frozen=True)
class BookParts:
    front: PartResult
    chapters: tuple[PartResult, ...]

    @property
    def all(self) -> tuple[PartResult, ...]:
        return (self.front, *self.chapters)

    def mirrored(self) -> list[bool]:
        """Which parts begin on a left-hand (even) page: laid out from a right-hand one,
        they change sides."""
        flags, page = [], 1
        for part in self.all:
            flags.append(page % 2 == 0)
            page += part.pages
        return flags

    def layout(self) -> LayoutMap:
        """The book's layout map: the parts' pages and lines numbered through (made once)."""
        return self._layout

    @cached_property
    def _layout(self) -> LayoutMap:
        return join_layouts([part.layout for part in self.all], self.mirrored())


@dataclass
class _Part:
    """A part opened for the merge: its result, its first page (index) in the book, its
    structure tree root as copied into the book, its own PDF, and whether it changes
    sides of the spread."""

    result: PartResult
    first: int
    root: pikepdf.Object
    source: pikepdf.Pdf
    mirrored: bool

    def shift(self, index: int) -> float:
        """How far page ``index`` of the part moves (CSS pixels)."""
        return self.result.layout.pages[index].mirror if self.mirrored else 0.0


def merge_book(parts: BookParts, line_step: int, font_file: Path, pdf_ua: int = 1) -> RenderedPdf:
    """One tagged PDF and its layout map from the front matter and the chapters."""
    mirrored = parts.mirrored()
    layout = parts.layout()
    with ExitStack() as stack:
        sources = [stack.enter_context(pikepdf.open(io.BytesIO(p.pdf))) for p in parts.all]
        pdf = sources[0]
        opened = _copy_parts(pdf, parts, sources, mirrored)
        _join_structure(pdf, opened)
        _join_destinations(pdf, opened)
        _join_outlines(pdf, opened)
        _join_text_maps(pdf, opened)
        moved: dict[tuple[int, int], float] = {}
        for part in opened:
            if part.mirrored:
                moved |= _move_pages(pdf, part)
        _move_destinations(pdf, moved)
        if pdf_ua == 2:
            _join_pdf2(pdf, opened)
        add_numbers(pdf, layout, line_step, font_file, list(_page_numbers(opened)))
        return RenderedPdf(save(pdf), layout)


def _copy_parts(
    pdf: pikepdf.Pdf, parts: BookParts, sources: list[pikepdf.Pdf], mirrored: list[bool]
) -> list[_Part]:
    opened = [_Part(parts.front, 0, pdf.Root.StructTreeRoot, pdf, False)]
    for result, source, flip in zip(parts.chapters, sources[1:], mirrored[1:], strict=True):
        first = len(pdf.pages)
        with warnings.catch_warnings():  # named destinations and outlines: joined below
            warnings.filterwarnings("ignore", "Copying pages from another Pdf")
            pdf.pages.extend(source.pages)
        root = pdf.copy_foreign(source.Root.StructTreeRoot)
        opened.append(_Part(result, first, root, source, flip))
        if "/OutputIntents" in source.Root and "/OutputIntents" not in pdf.Root:
            pdf.Root.OutputIntents = pdf.copy_foreign(source.Root.OutputIntents)
    return opened


# --- structure -----------------------------------------------------------------------------


def _join_structure(pdf: pikepdf.Pdf, parts: list[_Part]) -> None:
    root = pdf.Root.StructTreeRoot
    document = root.K[0]
    merged: pikepdf.Object | None = None
    for part in parts[1:]:
        (main,) = _kids(part.root.K[0])
        if str(main.S) != "/Part":
            raise AssertionError(f"a chapter's structure begins with {main.S}, not Part")
        if merged is None:
            merged = main
            main.P = document
            document.K.append(main)
            continue
        for kid in _kids(main):
            kid.P = merged
            merged.K.append(kid)
    _join_parent_trees(pdf, parts)
    _join_id_trees(root, parts)


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.K
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _join_parent_trees(pdf: pikepdf.Pdf, parts: list[_Part]) -> None:
    """One ParentTree: page ``n`` of the book has key ``n``, annotations the keys after."""
    pages: list[int | pikepdf.Object] = []
    annotations: list[int | pikepdf.Object] = []
    next_key = len(pdf.pages)
    for part in parts:
        count = part.result.pages
        entries = part.root.ParentTree.Nums
        keys: dict[int, int] = {}
        for index in range(0, len(entries), 2):
            key, value = int(entries[index]), entries[index + 1]
            if key < count:
                pages += [part.first + key, value]
            else:
                keys[key] = next_key
                annotations += [next_key, value]
                next_key += 1
        for index in range(count):
            page = pdf.pages[part.first + index]
            page.obj.StructParents = part.first + index
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = keys[int(annotation.StructParent)]
    tree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(pages + annotations)))
    pdf.Root.StructTreeRoot.ParentTree = tree


def _join_id_trees(root: pikepdf.Object, parts: list[_Part]) -> None:
    names: dict[str, pikepdf.Object] = {}
    for part in parts:
        if "/IDTree" in part.root:
            entries = part.root.IDTree.Names
            for index in range(0, len(entries), 2):
                names[str(entries[index])] = entries[index + 1]
    if names:
        flat = [item for key in sorted(names) for item in (pikepdf.String(key), names[key])]
        root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(flat))


# --- destinations and outlines -------------------------------------------------------------


def _join_destinations(pdf: pikepdf.Pdf, parts: list[_Part]) -> None:
    """The union of the parts' named destinations, each from the part that has its target."""
    names: dict[str, pikepdf.Object] = {}
    for part in parts:
        if "/Names" not in part.source.Root or "/Dests" not in part.source.Root.Names:
            continue
        dests = part.source.Root.Names.Dests
        entries = dests.Names if part.source is pdf else _copy(pdf, part.source, dests).Names
        for index in range(0, len(entries), 2):
            name = str(entries[index])
            if name not in part.result.borrowed:
                names[name] = entries[index + 1]
    if names:
        flat = [item for key in sorted(names) for item in (pikepdf.String(key), names[key])]
        if "/Names" not in pdf.Root:
            pdf.Root.Names = pikepdf.Dictionary()
        pdf.Root.Names.Dests = pikepdf.Dictionary(Names=pikepdf.Array(flat))


def _copy(pdf: pikepdf.Pdf, source: pikepdf.Pdf, thing: pikepdf.Object) -> pikepdf.Object:
    """``thing`` of ``source`` copied into ``pdf`` (made indirect first if it is direct)."""
    if not thing.is_indirect:
        thing = source.make_indirect(thing)
    return pdf.copy_foreign(thing)


def _join_outlines(pdf: pikepdf.Pdf, parts: list[_Part]) -> None:
    """The parts' top-level outline items (chapter headings) one after the other."""
    items: list[pikepdf.Object] = []
    count = 0
    for part in parts:
        if "/Outlines" not in part.source.Root:
            continue
        outlines = part.source.Root.Outlines
        if part.source is not pdf:
            outlines = _copy(pdf, part.source, outlines)
        items += list(_siblings(outlines.get("/First")))
        count += int(outlines.get("/Count", 0))
    if not items:
        return
    root = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Outlines, First=items[0], Last=items[-1])
    )
    root.Count = count
    for previous, item in zip([None, *items[:-1]], items, strict=True):
        item.Parent = root
        if previous is not None:
            previous.Next = item
            item.Prev = previous
        elif "/Prev" in item:
            del item.Prev
    if "/Next" in items[-1]:
        del items[-1].Next
    pdf.Root.Outlines = root


def _siblings(first: pikepdf.Object | None) -> Iterator[pikepdf.Object]:
    item = first
    while isinstance(item, pikepdf.Dictionary):
        yield item
        item = item.get("/Next")


# --- what the glyphs say -------------------------------------------------------------------


BFCHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)> <([0-9a-fA-F]*)>")


def _join_text_maps(pdf: pikepdf.Pdf, parts: list[_Part]) -> None:
    """One text for each glyph of a font throughout the book. WeasyPrint maps a glyph to
    the text it was first drawn for (the space glyph serves U+0020 and U+00A0): in one
    pass that is its first use in the book, in a part its first use in the part. So each
    part's /ToUnicode takes, glyph for glyph, the text of the first part that drew it.
    Fonts are the same font in every part under the same resource name (WeasyPrint names
    them by a hash of the font description)."""
    book: dict[str, dict[bytes, bytes]] = {}
    for part in parts:
        resources = pdf.pages[part.first].Resources
        for key, font in resources.Font.items() if "/Font" in resources else ():
            if "/ToUnicode" not in font:
                continue
            cmap = font.ToUnicode.read_bytes()
            known = book.setdefault(key, {})
            entries = [pair for block in BFCHARS.findall(cmap) for pair in BFCHAR.findall(block)]
            if [known.setdefault(glyph, text) for glyph, text in entries] != [
                text for _, text in entries
            ]:
                font.ToUnicode.write(_with_texts(cmap, known))


def _with_texts(cmap: bytes, texts: dict[bytes, bytes]) -> bytes:
    """``cmap`` with each glyph's text in its bfchar blocks replaced by the one in ``texts``."""

    def block(match: re.Match[bytes]) -> bytes:
        return BFCHAR.sub(lambda m: b"<%s> <%s>" % (m.group(1), texts[m.group(1)]), match[0])

    return BFCHARS.sub(block, cmap)


# --- moving a chapter to the other side of the spread --------------------------------------


def _move_pages(pdf: pikepdf.Pdf, part: _Part) -> dict[tuple[int, int], float]:
    """Move every page of ``part`` by its mirror shift: content, link rectangles and the
    layout boxes of its figures. Returns page → shift (points) for the destinations."""
    moved = {}
    for index in range(part.result.pages):
        pixels = part.shift(index)
        points = pixels * PT_PER_PX
        page = pdf.pages[part.first + index]
        moved[page.obj.objgen] = points
        page.contents_add(f"q 1 0 0 1 {points:.6f} 0 cm".encode(), prepend=True)
        page.contents_add(b"Q")
        for annotation in page.obj.get("/Annots", ()):
            rect = [float(v) for v in annotation.Rect]
            annotation.Rect = pikepdf.Array([rect[0] + points, rect[1], rect[2] + points, rect[3]])
        _move_figures(part, index, pixels)
    return moved


def _move_destinations(pdf: pikepdf.Pdf, moved: dict[tuple[int, int], float]) -> None:
    """Destinations (``[page /XYZ x y zoom]``) on moved pages move with them."""
    for page, arrays in _destinations(pdf):
        points = moved.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
        if points is None:
            continue
        for destination in arrays:
            if str(destination[1]) == "/XYZ":
                destination[2] = float(destination[2]) + points


def _move_figures(part: _Part, index: int, pixels: float) -> None:
    """Figures' /BBox (layout attribute) is in CSS pixels, as publish.write.tagging sets it."""
    entries = part.root.ParentTree.Nums
    owners = entries[2 * index + 1] if 2 * index + 1 < len(entries) else None
    if int(entries[2 * index]) != index or not isinstance(owners, pikepdf.Array):
        return
    seen = set()
    for owner in owners:
        if not isinstance(owner, pikepdf.Dictionary) or owner.objgen in seen:
            continue
        seen.add(owner.objgen)
        if str(owner.get("/S")) == "/Figure" and "/A" in owner and "/BBox" in owner.A:
            box = [float(v) for v in owner.A.BBox]
            owner.A.BBox = pikepdf.Array([box[0] + pixels, box[1], box[2] + pixels, box[3]])


Destination = tuple[pikepdf.Object | None, list[pikepdf.Object]]


def _destinations(pdf: pikepdf.Pdf) -> Iterator[Destination]:
    """Every explicit destination: its page and its arrays (one, or in PDF 2.0 the /D and
    the structure destination /SD), named ones and those of outline items."""
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        entries = pdf.Root.Names.Dests.Names
        for index in range(1, len(entries), 2):
            yield _arrays(entries[index])
    if "/Outlines" in pdf.Root:
        yield from _outline_destinations(pdf.Root.Outlines.get("/First"))


def _outline_destinations(first: pikepdf.Object | None) -> Iterator[Destination]:
    for item in _siblings(first):
        if "/Dest" in item:
            yield _arrays(item.Dest)
        if "/A" in item:
            yield _arrays(item.A)
        yield from _outline_destinations(item.get("/First"))


def _arrays(destination: pikepdf.Object) -> Destination:
    if isinstance(destination, pikepdf.Array):
        return destination[0], [destination]
    keys = ("/D", "/SD")
    arrays = [destination[k] for k in keys if isinstance(destination.get(k), pikepdf.Array)]
    return (arrays[0][0] if arrays else None), arrays


# --- PDF 2.0 ----------------------------------------------------------------------------------


def _join_pdf2(pdf: pikepdf.Pdf, parts: list[_Part]) -> None:
    """One namespace of each kind in the root (each part brings its own copies), every
    element pointing at it; TOCI /Ref to the heading's structure element."""
    root = pdf.Root.StructTreeRoot
    namespaces = list(root.get("/Namespaces", ()))
    for part in parts[1:]:
        namespaces += list(part.root.get("/Namespaces", ()))
    kept: dict[str, pikepdf.Object] = {}
    same: dict[tuple[int, int], pikepdf.Object] = {}
    for namespace in namespaces:
        first = kept.setdefault(str(namespace.get("/NS", "")), namespace)
        same[namespace.objgen] = first
    if kept:
        root.Namespaces = pikepdf.Array(list(kept.values()))
    for element in _all_elements(root):
        own = element.get("/NS")
        if own is not None and own.objgen in same:
            element.NS = same[own.objgen]
    targets = _structure_targets(pdf)
    for entry in _elements(root.K[0], "/TOCI"):
        name = _link_target(entry)
        if name is not None and name in targets:
            entry.Ref = pikepdf.Array([targets[name]])


def _structure_targets(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    """Named destination → the structure element of its structure destination."""
    targets: dict[str, pikepdf.Object] = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        entries = pdf.Root.Names.Dests.Names
        for index in range(0, len(entries), 2):
            value = entries[index + 1]
            if isinstance(value, pikepdf.Dictionary) and "/SD" in value:
                targets[str(entries[index])] = value.SD[0]
    return targets


def _elements(element: pikepdf.Object, kind: str) -> Iterator[pikepdf.Object]:
    if str(element.get("/S")) == kind:
        yield element
        return
    for kid in _kids(element) if "/K" in element else ():
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _elements(kid, kind)


def _all_elements(element: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every structure element below ``element``."""
    for kid in _kids(element) if "/K" in element else ():
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _all_elements(kid)


def _link_target(element: pikepdf.Object) -> str | None:
    """The named destination the first link annotation inside ``element`` goes to."""
    for kid in _kids(element) if "/K" in element else ():
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        if kid.get("/Type") == "/OBJR" and "/Dest" in kid.Obj:
            return str(kid.Obj.Dest)
        if "/S" in kid and (found := _link_target(kid)) is not None:
            return found
    return None


# --- page numbers -----------------------------------------------------------------------------


def _page_numbers(parts: list[_Part]) -> Iterator[PageNumber | None]:
    """The number of every page of the book (counted from the cover, as ``counter(page)``
    in one pass), where its part had one."""
    for part in parts:
        for index, slot in enumerate(part.result.numbers):
            label = str(part.first + index + 1)
            yield None if slot is None else slot.number(label, part.shift(index))
