"""Alternate document parts (``w:altChunk``, ECMA-376 Part 1 §17.17.2): a document inside
the document, in another format, that Word converts when it opens the file. Generators
(mail merges, web applications) write HTML or plain text this way.

HTML (and XHTML) and plain text are read here, HTML with libxml2's HTML parser (linear in
the input, at most 256 levels deep, nothing fetched, no entities beyond HTML's own; Python's
``html.parser`` takes quadratic time on crafted input) and walked without recursion:
headings, paragraphs, lists, quotations, bold, italic, sub- and superscript, line breaks and
web links; a table's cells become paragraphs; pictures, scripts and styles are left out.
Other formats (RTF, MHT, a .docx inside the .docx) are reported by name: Word makes them
ordinary text when it saves the document again.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from lxml import etree

from publish.importer.docx.items import Break, Item, Link, Text
from publish.importer.docx.markdown import link_destination
from publish.importer.docx.package import Part

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
FORMAT_NAMES = {
    "application/rtf": "RTF",
    "text/rtf": "RTF",
    "message/rfc822": "MHT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "Word",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "Word",
}
BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "td", "th",
    "dt", "dd", "section", "article", "header", "footer", "address", "figcaption", "caption",
    "main", "nav", "aside", "ul", "ol", "dl", "table", "body", "html", "form", "fieldset",
})  # fmt: skip
SKIPPED = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "svg", "math", "object", "iframe"}
)
CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""")
SAFE_LINKS = ("https://", "http://", "mailto:")
_HTML = etree.HTMLParser(
    encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, recover=True
)


@dataclass
class ChunkBlock:
    """A block of an embedded document: „heading“ (``level`` 1–6), „paragraph“, „quote“ or
    „item“ (``level`` its list depth from 0, ``ordered``)."""

    kind: str
    items: list[Item]
    level: int = 0
    ordered: bool = False


@dataclass
class Chunk:
    """What an embedded document gave: its blocks, and what was left out of it."""

    blocks: list[ChunkBlock] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def format_name(part: Part) -> str:
    """The format of an embedded document, as a note names it."""
    content_type = part.content_type.split(";")[0].strip().lower()
    if content_type in HTML_TYPES:
        return "HTML"
    if content_type in TEXT_TYPES:
        return "text"
    return FORMAT_NAMES.get(content_type, content_type or "unknown format")


def read_chunk(part: Part) -> Chunk | None:
    """The blocks of an HTML or text document, None for any other format."""
    kind = format_name(part)
    if kind == "HTML":
        reader = _HtmlReader()
        reader.read(decode(part.blob))
        return Chunk(reader.blocks, sorted(reader.left_out))
    if kind == "text":
        lines = (" ".join(line.split()) for line in decode(part.blob).splitlines())
        return Chunk([ChunkBlock("paragraph", [Text(line)]) for line in lines if line])
    return None


def decode(data: bytes) -> str:
    """The text of an embedded document: by its byte order mark, its declared charset,
    else UTF-8, else Windows-1252 (nothing is refused: a wrong byte becomes U+FFFD)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = CHARSET.search(data[:2048])
    candidates = [declared.group(1).decode("ascii")] if declared else []
    for encoding in (*candidates, "utf-8"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


class _HtmlReader:
    """HTML → :class:`ChunkBlock` s, element by element in document order."""

    def __init__(self) -> None:
        self.blocks: list[ChunkBlock] = []
        self.left_out: set[str] = set()
        self.items: list[Item] = []
        self.kind, self.level, self.ordered = "paragraph", 0, False
        self.lists: list[bool] = []  # open lists, ordered or not
        self.skip = 0
        self.bold = self.italic = self.pre = self.quote = 0
        self.vertical: list[str] = []
        self.link: tuple[str, list[Item]] | None = None

    def read(self, text: str) -> None:
        root = etree.fromstring(text.encode("utf-8"), _HTML)
        if root is None:
            return
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.lower()
            if event == "start":
                self.start(tag, element.get("href") or "")
                self.data(element.text or "")
            else:
                self.end(tag)
                self.data(element.tail or "")
        self.flush()

    def flush(self) -> None:
        items = self.items
        while items and isinstance(items[-1], Break):
            items.pop()
        if any(isinstance(i, Text) and i.text.strip() or isinstance(i, Link) for i in items):
            kind = "quote" if self.kind == "paragraph" and self.quote else self.kind
            self.blocks.append(ChunkBlock(kind, items, self.level, self.ordered))
        self.items = []
        self.kind, self.level, self.ordered = "paragraph", 0, False

    def start(self, tag: str, href: str) -> None:
        if tag in SKIPPED:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in BLOCKS:
            self._block_start(tag)
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em", "cite"):
            self.italic += 1
        elif tag in ("sub", "sup"):
            self.vertical.append("subscript" if tag == "sub" else "superscript")
        elif tag == "br":
            self._sink().append(Break())
        elif tag == "a" and self.link is None:
            if href.lower().startswith(SAFE_LINKS):
                self.link = (href, [])
        elif tag == "img":
            self.left_out.add("pictures")

    def end(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip = max(self.skip - 1, 0)
            return
        if self.skip:
            return
        if tag in BLOCKS:
            self._block_end(tag)
        elif tag in ("b", "strong"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("i", "em", "cite"):
            self.italic = max(self.italic - 1, 0)
        elif tag in ("sub", "sup") and self.vertical:
            self.vertical.pop()
        elif tag == "a" and self.link is not None:
            href, items = self.link
            self.link = None
            self.items.append(Link(tuple(items), link_destination(href)) if items else Text(""))

    def _block_start(self, tag: str) -> None:
        self.flush()
        if tag in ("ul", "ol"):
            self.lists.append(tag == "ol")
        elif tag == "li" and self.lists:
            self.kind, self.level, self.ordered = "item", len(self.lists) - 1, self.lists[-1]
        elif re.fullmatch(r"h[1-6]", tag):
            self.kind, self.level = "heading", int(tag[1])
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre += 1
        elif tag in ("table", "td", "th"):
            self.left_out.add("table layout (the cells became paragraphs)")

    def _block_end(self, tag: str) -> None:
        self.flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)

    def data(self, data: str) -> None:
        if self.skip or not data:
            return
        sink = self._sink()
        lines = data.split("\n") if self.pre else [re.sub(r"\s+", " ", data)]
        for index, line in enumerate(lines):
            if index:
                sink.append(Break())
            if line:
                vertical = self.vertical[-1] if self.vertical else ""
                sink.append(Text(line, bool(self.bold), bool(self.italic), vertical))

    def _sink(self) -> list[Item]:
        return self.link[1] if self.link is not None else self.items
