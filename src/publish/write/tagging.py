"""The PDF's structure tree, built from the HTML elements instead of WeasyPrint's boxes.

WeasyPrint 70 tags each page separately (a paragraph over two pages becomes two P), maps
footnotes, emphasis and the table of contents to NonStruct, and leaves running heads as
marked content that no structure element reaches. :func:`add_tags` replaces
``weasyprint.pdf.add_tags`` while our PDF is written (see :func:`tagging_installed`): every
HTML element gets at most one structure element, whatever the number of pages it covers;
content is attached in reading order; margin boxes (running heads, page numbers), elements
hidden from screen readers (``aria-hidden="true"``: the draft's page marks in the
Änderungsfassung) and a table's header rows repeated on later pages become artifacts;
the changes of amendments (``<del>``, ``<ins>``) are structure elements of their own,
``Deletion`` and ``Insertion``, role-mapped to ``Span``. It relies on WeasyPrint internals
(``Stream._tags``, ``box.element``, the marked content operators in the page streams), so
WeasyPrint is pinned and ``tests/test_tagging.py`` fails loudly when they change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import pydyf
import weasyprint.pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

from publish.layout import PT_PER_PX, visible
from publish.write.readlayout import added_hyphen

#: HTML element → PDF standard structure type; unlisted elements are transparent.
TAGS = {
    "p": "P",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "h4": "H4",
    "h5": "H5",
    "h6": "H6",
    "ul": "L",
    "ol": "L",
    "li": "LI",
    "table": "Table",
    "thead": "THead",
    "tbody": "TBody",
    "tr": "TR",
    "th": "TH",
    "td": "TD",
    "blockquote": "BlockQuote",
    "figure": "Div",
    "img": "Figure",
    "figcaption": "Caption",
    "caption": "Caption",
    "em": "Em",
    "strong": "Strong",
    "a": "Link",
    "code": "Code",
    "nav": "Sect",
    "section": "Sect",
    "main": "Part",
    "span": "Span",
    "sub": "Span",
    "sup": "Span",
    "del": "Deletion",
    "ins": "Insertion",
}
#: Sub- and superscript: a Span whose layout attribute /BaselineShift says how far its
#: baseline is lowered or raised (ISO 32000-1, 14.8.5.4.4). PDF 1.7 has no standard type
#: for them, and PDF 2.0's „Sub“ means a sub-division of a block, not a subscript.
SCRIPTS = ("sub", "sup")
#: Our own types, mapped to standard ones for PDF 1.7 readers.
ROLE_MAP = {"Em": "Span", "Strong": "Span", "Deletion": "Span", "Insertion": "Span"}
#: Our own types that PDF 2.0 has no standard type for either: written without /NS (the
#: default namespace) and role-mapped there.
PDF2_ROLE_MAP = {"Deletion": "Span", "Insertion": "Span"}
XHTML = "{http://www.w3.org/1999/xhtml}"

#: PDF 2.0 (PDF/UA-2): the standard structure namespace of ISO 32000-2. Elements without
#: /NS stay in the PDF 1.7 namespace, which PDF/UA-2 also accepts (TOC, TOCI, Reference,
#: BlockQuote and Code exist only there).
PDF2_NAMESPACE = "http://iso.org/pdf2/ssn"
PDF2_TYPES = frozenset(
    {"Document", "Part", "Sect", "Div", "Aside", "NonStruct", "P", "H1", "H2", "H3", "H4"}
    | {"H5", "H6", "FENote", "Sub", "Lbl", "Span", "Em", "Strong", "Link", "Annot", "Form"}
    | {"L", "LI", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Caption"}
    | {"Figure", "Formula", "Artifact"}
)
#: PDF 1.7 type → the one written in a PDF 2.0 file: PDF/UA-2 forbids Note (8.2.5.14),
#: and Div is transparent there, so a figure's Caption would belong to the chapter's Sect
#: and sit in its middle (8.2.5.27).
PDF2_KINDS = {"Note": "FENote", "Div": "Sect"}
#: CSS list-style-type → /ListNumbering of an L whose items have an Lbl (PDF/UA-2 8.2.5.25).
LIST_NUMBERING = {
    "disc": "Disc",
    "circle": "Circle",
    "square": "Square",
    "decimal": "Decimal",
    "lower-roman": "LowerRoman",
    "upper-roman": "UpperRoman",
    "lower-alpha": "LowerAlpha",
    "lower-latin": "LowerAlpha",
    "upper-alpha": "UpperAlpha",
    "upper-latin": "UpperAlpha",
}


def structure_type(element: Element) -> str | None:
    """The structure type of an HTML element, or None if it only groups."""
    tag = element.tag.removeprefix(XHTML)
    classes = element.get("class", "").split()
    if tag == "span" and "footnote" in classes:
        return "Note"
    if tag == "span" and element.get("data-spoken"):
        return "Span"
    if tag == "span" and not element.get("lang"):
        return None
    if tag == "section" and not ({"chapter", "cover", "imprint"} & set(classes)):
        return None
    return TAGS.get(tag)


@dataclass
class PageContext:
    number: int
    reference: Any
    nums: dict[int, Any] = field(default_factory=dict)


@dataclass
class TreeBuilder:
    """Builds structure elements on demand, each attached to its parent in reading order."""

    pdf: Any
    document: pydyf.Dictionary
    parents: dict[Element, Element]
    elements: dict[tuple[Element, str], pydyf.Dictionary] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    annotations: list[tuple[Any, Any]] = field(default_factory=list)
    hyphenated: dict[int, tuple[pydyf.Dictionary, str]] = field(default_factory=dict)
    #: Sub- and superscript elements → how far their baseline is shifted (CSS pixels, up).
    shifts: dict[Element, float] = field(default_factory=dict)
    #: PDF 2.0 only: the namespace dictionary's reference, and TOCI → id of its target.
    namespace: Any = None
    toc_targets: list[tuple[pydyf.Dictionary, str]] = field(default_factory=list)

    def new(self, kind: str, parent: pydyf.Dictionary, page: PageContext) -> pydyf.Dictionary:
        element = pydyf.Dictionary(
            {
                "Type": "/StructElem",
                "S": f"/{kind}",
                "K": pydyf.Array(),
                "P": parent.reference,
                "Pg": page.reference,
            }
        )
        if self.namespace is not None and kind in PDF2_TYPES:
            element["NS"] = self.namespace
        self.pdf.add_object(element)
        parent["K"].append(element.reference)
        return element

    def container(
        self, html: Element | None, page: PageContext, part: str = ""
    ) -> pydyf.Dictionary:
        """The structure element that holds content of ``html`` (created on first use)."""
        if html is None:
            return self.document
        kind = structure_type(html)
        if kind is None:  # transparent: its content belongs where the element stands
            return self.container(self.parents.get(html), page, self._slot(html))
        key = (html, part)
        if key not in self.elements:
            if part:
                parent = self.container(html, page)
            else:
                parent = self.container(self.parents.get(html), page, self._slot(html))
            self.elements[key] = self.new(self._kind(html, kind, part), parent, page)
            self._describe(self.elements[key], html, part)
        return self.elements[key]

    def _slot(self, child: Element) -> str:
        """Which part of a list item a child goes into: LBody (TOCI and Lbl are whole).
        In PDF 2.0 a TOCI must not hold a Link (ISO/TS 32005): it goes into a Reference."""
        parent = self.parents.get(child)
        if parent is not None and parent.tag.removeprefix(XHTML) == "li":
            if not self._in_toc(parent):
                return "body"
            if self.namespace is not None:
                return "reference"
        return ""

    def _kind(self, html: Element, kind: str, part: str) -> str:
        if part == "body":
            return "LBody"
        if part == "marker":
            return "Lbl"
        if part in ("call", "reference"):
            return "Reference"
        if kind == "LI" and self._in_toc(html):
            return "TOCI"
        if kind == "L" and self._in_toc(html):
            return "TOC"
        if self.namespace is not None:
            return PDF2_KINDS.get(kind, kind)
        return kind

    def _in_toc(self, html: Element) -> bool:
        node: Element | None = html
        while node is not None:
            if node.tag.removeprefix(XHTML) == "nav":
                return True
            node = self.parents.get(node)
        return False

    def _describe(self, element: pydyf.Dictionary, html: Element, part: str) -> None:
        if part:
            return
        if lang := html.get("lang"):
            element["Lang"] = pydyf.String(lang)
        if spoken := html.get("data-spoken"):
            element["E"] = pydyf.String(spoken)  # read „Grünen“, not „G-R-Ü-N-E-N“
        if (identifier := html.get("id")) and structure_type(html) == "Note":
            element["ID"] = pydyf.String(identifier)
            self.ids[identifier] = element.reference
        if html.tag.removeprefix(XHTML) == "th":
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": "/Column"})
        if html.tag.removeprefix(XHTML) == "img":
            element["Alt"] = pydyf.String(html.get("alt", ""))
        if html in self.shifts:
            shift = round(self.shifts[html] * PT_PER_PX, 2)
            element["A"] = pydyf.Dictionary({"O": "/Layout", "BaselineShift": shift})
        if self.namespace is None:
            return
        if structure_type(html) == "Note":
            element["A"] = pydyf.Dictionary({"O": "/FENote", "NoteType": "/Footnote"})
        if html.tag.removeprefix(XHTML) == "li" and self._in_toc(html):
            hrefs = (a.get("href", "") for a in html.iter() if a.tag.removeprefix(XHTML) == "a")
            if target := next((h[1:] for h in hrefs if h.startswith("#")), None):
                self.toc_targets.append((element, target))

    # --- content -------------------------------------------------------------------------

    def add_content(self, box: Any, mcid: int, page: PageContext) -> None:
        target = self.content_parent(box, page)
        reference = pydyf.Dictionary({"Type": "/MCR", "Pg": page.reference, "MCID": mcid})
        pending = self.hyphenated.pop(id(target), None)
        if pending is None and not _ends_hyphenated(box):
            target["K"].append(reference)
            page.nums[mcid] = target.reference
            return
        # A word broken by hyphenation: each line's part gets an /ActualText in which the
        # whole word stands on the first line, so it is read (and searched) as one word.
        span = self.new("Span", target, page)
        span["K"].append(reference)
        page.nums[mcid] = span.reference
        text = visible(box.text)
        if pending is not None:
            previous, previous_text = pending
            fragment = WORD_START.match(text)
            rest = fragment.group() if fragment else ""
            previous["ActualText"] = pydyf.String(previous_text + rest)
            text = text[len(rest) :]
        if _ends_hyphenated(box):
            self.hyphenated[id(target)] = (span, text[: -len(box.style["hyphenate_character"])])
        else:
            span["ActualText"] = pydyf.String(text)

    def finish(self) -> None:
        """A hyphenated part whose continuation never came is read without its hyphen."""
        for span, text in self.hyphenated.values():
            span["ActualText"] = pydyf.String(text)
        self.hyphenated.clear()

    def content_parent(self, box: Any, page: PageContext) -> pydyf.Dictionary:
        tag = box.element_tag or ""
        if tag.endswith("::marker"):
            label = self.container(box.element, page, "marker")
            self._number_list(box)  # its L exists now, even for a list of one item
            return label
        if tag.endswith("::footnote-call"):
            call = self.container(self.parents.get(box.element), page, self._slot(box.element))
            reference = self.new("Reference", call, page)
            note = self.container(box.element, page)  # the Note follows its call
            if self.namespace is not None:  # PDF/UA-2 8.2.5.14: call and FENote refer to each other
                reference["Ref"] = pydyf.Array([note.reference])
                if "Ref" not in note:
                    note["Ref"] = pydyf.Array()
                note["Ref"].append(reference.reference)
            return reference
        if tag.endswith("::footnote-marker"):
            return self.container(box.element, page, "marker")
        if isinstance(box, boxes.ReplacedBox | boxes.InlineReplacedBox):
            figure = self.container(box.element, page)
            x, y = box.content_box_x(), box.content_box_y()
            figure["A"] = pydyf.Dictionary(
                {
                    "O": "/Layout",
                    "BBox": pydyf.Array((x, y, x + box.width, y + box.height)),
                }
            )
            return figure
        html = box.element
        if html is not None and html.tag.removeprefix(XHTML) == "li" and not self._in_toc(html):
            return self.container(html, page, "body")
        return self.container(html, page)

    def _number_list(self, marker: Any) -> None:
        """Give the L of a list item with a marker its /ListNumbering (PDF/UA-2 8.2.5.25)."""
        html_list = self.parents.get(marker.element)
        key = (html_list, "")
        if html_list is None or key not in self.elements or "A" in self.elements[key]:
            return
        style = marker.style["list_style_type"]
        ordered = html_list.tag.removeprefix(XHTML) == "ol"
        numbering = LIST_NUMBERING.get(style, "Decimal" if ordered else "Disc")
        self.elements[key]["A"] = pydyf.Dictionary({"O": "/List", "ListNumbering": f"/{numbering}"})

    def target(self, html: Element | None) -> pydyf.Dictionary:
        """The structure element that stands for ``html``: its own, else the first one made
        for something inside it, else the nearest one around it (Document if none)."""
        if html is None:
            return self.document
        for inner in html.iter():
            if (inner, "") in self.elements:
                return self.elements[(inner, "")]
        outer = self.parents.get(html)
        while outer is not None:
            if (outer, "") in self.elements:
                return self.elements[(outer, "")]
            outer = self.parents.get(outer)
        return self.document

    def _link_element(self, html: Element) -> Element:
        """The ``<a>`` that ``html`` is part of: WeasyPrint gives the boxes of elements
        inside a link („CO<sub>2</sub>“) annotations of their own."""
        node: Element | None = html
        while node is not None:
            if node.tag.removeprefix(XHTML) == "a":
                return node
            node = self.parents.get(node)
        return html

    def add_annotation(self, box: Any, page: PageContext) -> None:
        annotation = box.link_annotation
        if any(annotation is known for _, known in self.annotations):
            return  # one annotation can be shared by the boxes of a split link
        html = self._link_element(box.element)
        link = self.container(html, page)
        annotation["Contents"] = pydyf.String(link_text(html))
        objr = pydyf.Dictionary(
            {"Type": "/OBJR", "Obj": annotation.reference, "Pg": page.reference}
        )
        self.pdf.add_object(objr)
        link["K"].append(objr.reference)
        self.annotations.append((link.reference, annotation))


WORD_START = re.compile(r"[^\W\d_]+")


def _ends_hyphenated(box: Any) -> bool:
    """Whether WeasyPrint broke a word at the end of this text box and added a hyphen."""
    return bool(added_hyphen(box))


def link_text(html: Element) -> str:
    """What a link says, for its annotation's /Contents: its text, or where it goes."""
    text = " ".join(visible("".join(html.itertext())).split())
    return text or html.get("href", "Verweis")


def _parents(root: Element) -> dict[Element, Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _boxes(box: Any, in_margin: bool = False) -> Iterator[tuple[Any, bool]]:
    """Every box of a page in drawing order, and whether it is decoration: in a page-margin
    box (running head, page number) or a leader (the dots of the table of contents)."""
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    in_margin = in_margin or isinstance(box, boxes.MarginBox) or box.is_leader
    yield box, in_margin
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child, in_margin)


class RepeatedHeaders:
    """A table's header rows repeated at the top of each page it runs onto (``thead`` set
    as ``display: table-header-group``) are read once: on the pages after the first they
    are artifacts (pagination), so a TH holds its text once."""

    def __init__(self, parents: dict[Element, Element]) -> None:
        self.parents = parents
        self.group_of: dict[Element, Element | None] = {}
        self.first_page: dict[Element, int] = {}

    def repeated(self, element: Element, page: int) -> bool:
        group = self._group(element)
        if group is None:
            return False
        return self.first_page.setdefault(group, page) != page

    def _group(self, element: Element) -> Element | None:
        """The ``thead`` that ``element`` is in, if any (remembered per element)."""
        if element not in self.group_of:
            tag = element.tag.removeprefix(XHTML)
            parent = self.parents.get(element)
            if tag == "thead":
                self.group_of[element] = element
            elif tag in ("tbody", "tfoot", "table", "body") or parent is None:
                self.group_of[element] = None
            else:
                self.group_of[element] = self._group(parent)
        return self.group_of[element]


def _is_empty_text(box: Any) -> bool:
    """A text box without text (WeasyPrint marks it all the same): nothing to read."""
    return isinstance(box, boxes.TextBox) and not box.text


def _structure_destinations(
    pdf: Any, builder: TreeBuilder, ids: dict[str, Element], bookmarks: list[Any]
) -> None:
    """PDF/UA-2 8.8: every destination inside the document is a structure destination.
    Named destinations (the targets of internal links) become ``<< /D [page ...] /SD
    [element ...] >>``; outline items get a GoTo action with /D and /SD."""
    names = pdf.catalog.get("Names", {}).get("Dests", {}).get("Names", [])
    for index in range(0, len(names), 2):
        name, destination = names[index].string, names[index + 1]
        element = builder.target(ids.get(name))
        names[index + 1] = pydyf.Dictionary(
            {"D": destination, "SD": pydyf.Array([element.reference, *destination[1:]])}
        )
    items = list(_outline_items(pdf))
    assert [(n, label) for n, label, _ in bookmarks] == [
        (pdf.page_references.index(item["Dest"][0]), item["Title"].string) for item in items
    ], "outline and bookmarked boxes differ: WeasyPrint's bookmarks changed"
    for item, (_, _, html) in zip(items, bookmarks, strict=True):
        destination = item.pop("Dest")
        element = builder.target(html)
        item["A"] = pydyf.Dictionary(
            {
                "S": "/GoTo",
                "D": destination,
                "SD": pydyf.Array([element.reference, *destination[1:]]),
            }
        )


def _outline_items(pdf: Any) -> Iterator[pydyf.Dictionary]:
    """The outline items in document order (WeasyPrint's add_outlines made them)."""

    def resolve(reference: Any) -> Any:
        return pdf.objects[int(reference.split()[0])]

    def walk(first: Any) -> Iterator[pydyf.Dictionary]:
        item = resolve(first) if first is not None else None
        while item is not None:
            yield item
            if "First" in item:
                yield from walk(item["First"])
            item = resolve(item["Next"]) if "Next" in item else None

    if "Outlines" in pdf.catalog:
        yield from walk(resolve(pdf.catalog["Outlines"]).get("First"))


def _marked_content(stream: Any) -> dict[int, int]:
    """MCID → where its property list stands in a page's operations (found in one pass)."""
    return {
        operation["MCID"]: index
        for index, operation in enumerate(stream.stream)
        if isinstance(operation, pydyf.Dictionary) and "MCID" in operation
    }


def _make_artifact(stream: Any, mcid: int, positions: dict[int, int]) -> None:
    """Turn the marked content ``/Span <</MCID n>> BDC`` into ``/Artifact`` (pagination);
    ``positions`` is the page's :func:`_marked_content`."""
    if mcid not in positions:
        raise AssertionError(f"marked content {mcid} not found: WeasyPrint's stream changed")
    index = positions[mcid]
    stream.stream[index - 1] = "/Artifact"
    stream.stream[index] = pydyf.Dictionary({"Type": "/Pagination"})


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Replacement for ``weasyprint.pdf.add_tags`` (same signature, WeasyPrint 70.0)."""
    pdf2 = str(pdf_version).startswith("2")
    parent_tree = pydyf.Dictionary({"Nums": pydyf.Array()})
    pdf.add_object(parent_tree)
    root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": parent_tree.reference})
    pdf.add_object(root)
    document_element = pydyf.Dictionary(
        {
            "Type": "/StructElem",
            "S": "/Document",
            "K": pydyf.Array(),
            "P": root.reference,
        }
    )
    pdf.add_object(document_element)
    root["K"] = pydyf.Array([document_element.reference])
    namespace = None
    if pdf2:  # PDF/UA-2 8.2.5.2: Document in the PDF 2.0 namespace; Em, Strong standard there
        ns = pydyf.Dictionary({"Type": "/Namespace", "NS": pydyf.String(PDF2_NAMESPACE)})
        pdf.add_object(ns)
        namespace = ns.reference
        root["Namespaces"] = pydyf.Array([namespace])
        document_element["NS"] = namespace
        root["RoleMap"] = pydyf.Dictionary({k: f"/{v}" for k, v in PDF2_ROLE_MAP.items()})
    else:
        root["RoleMap"] = pydyf.Dictionary({k: f"/{v}" for k, v in ROLE_MAP.items()})
    pdf.catalog["StructTreeRoot"] = root.reference

    html_root = next(
        box.element
        for box, _ in _boxes(document.pages[0]._page_box)
        if box.element is not None and box.element_tag == "html"
    )
    builder = TreeBuilder(pdf, document_element, _parents(html_root), namespace=namespace)
    headers = RepeatedHeaders(builder.parents)
    bookmarks: list[tuple[int, str, Element]] = []
    for number, (page, stream) in enumerate(zip(document.pages, page_streams, strict=True)):
        context = PageContext(number, pdf.page_references[number])
        tags = stream._tags
        positions = _marked_content(stream)
        for box, in_margin in _boxes(page._page_box):
            if box.element_tag in SCRIPTS and isinstance(box.style["vertical_align"], float):
                builder.shifts.setdefault(box.element, box.style["vertical_align"])
            if box in tags:
                mcid = tags.pop(box)["mcid"]
                if (
                    in_margin
                    or box.element is None
                    or _is_empty_text(box)
                    or box.element.get("aria-hidden") == "true"
                    or headers.repeated(box.element, number)
                ):
                    _make_artifact(stream, mcid, positions)
                else:
                    builder.add_content(box, mcid, context)
            if getattr(box, "link_annotation", None) is not None and box.element is not None:
                builder.add_annotation(box, context)
            if box.bookmark_label and box.style["bookmark_level"] != "none":
                bookmarks.append((number, box.bookmark_label, box.element))
        assert not tags, "content WeasyPrint marked was not found in the box tree"
        parent_tree["Nums"].append(number)
        count = max(context.nums, default=-1) + 1
        parent_tree["Nums"].append(pydyf.Array(context.nums.get(i, "null") for i in range(count)))

    builder.finish()
    if pdf2:
        ids: dict[str, Element] = {}
        for node in html_root.iter():
            if (identifier := node.get("id")) is not None:
                ids.setdefault(identifier, node)
        for toci, target in builder.toc_targets:  # PDF/UA-2 8.2.5.8
            toci["Ref"] = pydyf.Array([builder.target(ids.get(target)).reference])
        _structure_destinations(pdf, builder, ids, bookmarks)
    for index, (reference, annotation) in enumerate(builder.annotations, start=len(document.pages)):
        parent_tree["Nums"].extend((index, reference))
        annotation["StructParent"] = index
    if builder.ids:
        names = pydyf.Array()
        for identifier in sorted(builder.ids):
            names.extend((pydyf.String(identifier), builder.ids[identifier]))
        root["IDTree"] = pydyf.Dictionary({"Names": names})
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})


@contextmanager
def tagging_installed() -> Iterator[None]:
    """Use :func:`add_tags` for PDFs written inside this block."""
    original = weasyprint.pdf.add_tags
    weasyprint.pdf.add_tags = add_tags
    try:
        yield
    finally:
        weasyprint.pdf.add_tags = original
