"""WordprocessingML as lxml elements: namespaces, safe parsing, and the small helpers every
reader module uses (a property's value, an on/off switch, the text of an element).

Parts are parsed with entities left unresolved, no DTD and no network, comments and
processing instructions removed; a part with a DOCTYPE is refused (Word never writes one).
libxml2 refuses elements nested more than 256 deep, which also bounds every recursion of
the readers. A Strict Open XML document (ISO 29500 Strict) is read by renaming its
namespaces to the transitional ones the readers know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from lxml import etree

from publish.errors import PublishError

#: An XML element (lxml).
Element = Any
T = TypeVar("T")

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
#: Strict Open XML namespace → the transitional one with the same meaning.
STRICT = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": NS["w"],
    "http://purl.oclc.org/ooxml/officeDocument/relationships": NS["r"],
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": NS["wp"],
    "http://purl.oclc.org/ooxml/drawingml/main": NS["a"],
    "http://purl.oclc.org/ooxml/officeDocument/math": NS["m"],
    "http://purl.oclc.org/ooxml/drawingml/picture": (
        "http://schemas.openxmlformats.org/drawingml/2006/picture"
    ),
}
#: What ``mc:Choice Requires`` may name and the readers understand: Word 2010's shapes,
#: groups and canvases, which hold text boxes and pictures the readers find.
UNDERSTOOD = frozenset(
    {
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
        "http://schemas.microsoft.com/office/word/2010/wordml",
        "http://schemas.microsoft.com/office/drawing/2010/main",
        *NS.values(),
    }
)
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def q(name: str) -> str:
    """``w:p`` → ``{namespace}p``."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def parse(data: bytes, what: str, file: str) -> Element:
    """The root element of the part ``what`` of ``file``; damaged XML is an error that names
    the part (Word refuses to open such a document, too)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        reason = re.sub(r" \(<string>, line \d+\)$", "", str(error))
        if "depth" in reason.lower():
            reason = "its elements are nested more than 256 levels deep"
        raise PublishError(
            f"{file}: damaged XML in {what} ({reason}) – open the document in Word and "
            "save it again"
        ) from None
    if root is None or root.getroottree().docinfo.doctype:
        raise PublishError(
            f"{file}: damaged XML in {what} (a Word file has no DOCTYPE and no empty parts) – "
            "open the document in Word and save it again"
        )
    if any(namespace in STRICT for namespace in root.nsmap.values()):
        _transitional(root)
    return root


def _transitional(root: Element) -> None:
    """Rename Strict Open XML's namespaces in place, for elements and attributes."""

    def renamed(name: str) -> str:
        if name.startswith("{"):
            namespace, local = name[1:].split("}", 1)
            if namespace in STRICT:
                return f"{{{STRICT[namespace]}}}{local}"
        return name

    for element in root.iter(tag=etree.Element):
        element.tag = renamed(element.tag)
        for key in [key for key in element.attrib if key.startswith("{")]:
            new = renamed(key)
            if new != key:
                element.attrib[new] = element.attrib.pop(key)


def val(parent: Element | None, name: str, attribute: str = "w:val") -> str | None:
    """The ``w:val`` of ``parent``'s child ``name``, if both exist."""
    child = parent.find(q(name)) if parent is not None else None
    return None if child is None else child.get(q(attribute))


def switch(parent: Element | None, name: str) -> bool | None:
    """An on/off property (``<w:b/>``, ``<w:b w:val="0"/>``), or None where it is not set."""
    child = parent.find(q(name)) if parent is not None else None
    if child is None:
        return None
    return str(child.get(q("w:val"), "true")).lower() not in ("0", "false", "off", "none")


def switch_value(value: str | None) -> bool:
    return str(value).lower() in ("1", "true", "on")


def texts(element: Element, *names: str) -> str:
    """The text of ``element``'s ``w:t`` (or ``names``) descendants, in order (one branch of
    each ``mc:AlternateContent``)."""
    tags = {q(name) for name in names or ("w:t",)}
    return "".join(node.text or "" for node in walk(element) if node.tag in tags)


def excerpt(text: str, width: int = 60) -> str:
    """``text`` on one line, shortened to ``width`` characters for a note."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def twips(value: str | None) -> int | None:
    """A whole number attribute, None if absent or not a number."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def first(values: Iterable[T | None]) -> T | None:
    """The first of ``values`` that is not None."""
    return next((value for value in values if value is not None), None)


def local_name(element: Element) -> str:
    return str(etree.QName(element).localname)


def chosen(alternate: Element) -> Element | None:
    """The branch of ``mc:AlternateContent`` a reader takes: the first ``mc:Choice`` whose
    required namespaces it understands, else ``mc:Fallback`` – one of them, never both."""
    for choice in alternate.iterchildren(q("mc:Choice")):
        prefixes = str(choice.get("Requires", "")).split()
        if all(choice.nsmap.get(prefix) in UNDERSTOOD for prefix in prefixes):
            return choice
    return alternate.find(q("mc:Fallback"))


def walk(element: Element, skip: frozenset[str] = frozenset()) -> Iterator[Element]:
    """``element``'s descendants in document order, taking one branch of each
    ``mc:AlternateContent`` (which is not itself yielded), not looking inside an element
    whose tag is in ``skip`` (which is yielded). Iterative: any depth, no recursion."""
    pending = [iter(element)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.tag == q("mc:AlternateContent"):
            branch = chosen(child)
            if branch is not None:
                pending.append(iter(branch))
        else:
            yield child
            if child.tag not in skip:
                pending.append(iter(child))


def descendants(element: Element, tag: str) -> Iterator[Element]:
    """``element``'s descendants called ``tag`` (qualified), in document order, one branch
    of each ``mc:AlternateContent``, not looking inside a found one or inside a text box (a
    text box inside a text box is read by the paragraph that holds it)."""
    skip = frozenset({tag, q("w:txbxContent")})
    return (child for child in walk(element, skip) if child.tag == tag)
