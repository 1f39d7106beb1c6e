"""Importing one Word document (.docx) as a book folder.

check the zip → open the package (python-docx) → read the main text, paragraph by paragraph,
into Markdown lines of the book's dialect → :func:`~publish.importer.markdown_source.import_text`,
the same pipeline the Markdown importer ends in (chapters, footnotes, images, links,
``book.yaml``, the report, writing the folder).

The parts read are those of ECMA-376 Part 1, WordprocessingML: ``word/document.xml`` (§17.2–
17.4: paragraphs, runs, tables), ``styles.xml`` (§17.7), ``numbering.xml`` (§17.9),
``footnotes.xml`` and ``endnotes.xml`` (§17.11), ``comments.xml`` (§17.13.4), the pictures
(DrawingML, Part 1 §20.4) and ``docProps/core.xml`` (Part 2, §11).

A .docx has no lines: every Markdown line carries the number of the paragraph it comes from,
counted from the top of the main text (empty paragraphs and those in table cells included;
footnotes and text boxes have none of their own), and every note names that number.

The file is untrusted. Before python-docx reads it, :func:`check_archive` refuses unsafe entry
names, too many entries, too much unpacked data and entries that unpack to many times their
packed size. Nothing is unpacked to disk: the pictures go from memory into ``bilder/``.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from lxml import etree
from markdown_it import MarkdownIt

from publish.errors import PublishError, display_path
from publish.importer.chapters import pandoc_id
from publish.importer.inline import escape_markup
from publish.importer.lines import Line, escape_line_start
from publish.importer.markdown_source import SourceText, check_target, import_text
from publish.importer.metadata import TitleBlock, slug
from publish.importer.report import CHECK_BOOK_YAML, Dropped, Findings, ImportReport

#: An XML element (lxml); python-docx's element classes derive from it.
Element = Any
T = TypeVar("T")

#: Limits for an untrusted .docx: a long agreement with many pictures has a few hundred
#: entries and some tens of MB. Deflate packs XML 5 to 20 times; an entry packed more than
#: ``MAX_RATIO`` times (and larger than ``RATIO_GRACE`` unpacked) is what a zip bomb is made of.
MAX_ENTRIES = 2000
MAX_UNPACKED = 512 * 2**20
MAX_RATIO = 100
RATIO_GRACE = 2**20
#: Compound-file magic: an old .doc, or a .docx protected by a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PLACEHOLDER_ALT = "Bild ohne Beschreibung (bitte ergänzen)"
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
}
HEADING_STYLE = re.compile(r"(?:heading|überschrift)\s*([1-9])")
TOC_STYLE = re.compile(
    r"(?:toc|contents|verzeichnis)\s*[1-9]|(?:toc|contents) heading|inhaltsverzeichnisüberschrift"
)
#: Styles that make title data; only a style's own name counts (Pandoc bases „Date“ on
#: „Title“, and a style based on „Heading 1“ is a heading, but one based on „Title“ is not).
TITLE_KINDS = {
    "title": "title", "titel": "title", "subtitle": "subtitle", "untertitel": "subtitle",
    "date": "date", "datum": "date", "author": "author", "autor": "author",
}  # fmt: skip
STYLE_KINDS = {
    "quote": "quote", "intense quote": "quote", "zitat": "quote", "intensives zitat": "quote",
    "block text": "quote", "blocktext": "quote",
    "caption": "caption", "beschriftung": "caption",
}  # fmt: skip
#: What Word (Microsoft 365) writes into alt texts it makes up itself.
GENERATED_ALT = re.compile(
    r"automatisch generierte beschreibung|description automatically generated"
    r"|automatically generated description",
    re.IGNORECASE,
)
SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
SYMBOL_FONT_CHARS = re.compile("[\ue000-\uf8ff]")
#: Bullets typed in the Symbol and Wingdings fonts (private-use code points in the text):
#: as „•“ and „▪“ the Markdown importer makes their paragraphs list items.
SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf06c": "●"})
#: Marks an internal link's target until every heading is known (see ``_resolve_anchors``).
ANCHOR = "\ue010"
ANCHOR_MARK = re.compile(f"{ANCHOR}(\\d+){ANCHOR}")
_EMPHASIS_CHECK = MarkdownIt("commonmark")
CORE_PROPERTIES = (("title", "dc:title"), ("language", "dc:language"), ("keywords", "cp:keywords"))
ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def import_docx(source: Path, into: Path) -> ImportReport:
    """Make the book folder ``into`` (new or empty) from the Word file ``source``:
    ``book.yaml``, ``kapitel/NN-slug.md`` and the pictures in ``bilder/``."""
    check_target(into)
    file = display_path(source)
    data = _read_file(source, file)
    check_archive(data, file)
    findings = Findings(file)
    reader = DocxReader(open_document(data, file), findings)
    title_block, body = reader.read()
    resources = source.parent / f"{source.name}.bilder"  # a name only: the pictures are bytes
    text = SourceText(
        source,
        title_block,
        body,
        resources,
        kind="Word",
        page_numbers=False,
        position="paragraph",
        pictures=reader.pictures,
    )
    return import_text(text, into, findings)


# --- the zip: checked before anything is read from it -----------------------------------


def _read_file(source: Path, file: str) -> bytes:
    try:
        size = source.stat().st_size
        if size > MAX_UNPACKED:
            raise PublishError(
                f"{file}: not imported – the file has {_megabytes(size)}, more than the "
                f"{_megabytes(MAX_UNPACKED)} allowed"
            )
        return source.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise PublishError(f"{file}: no such Word file") from None


def check_archive(data: bytes, file: str) -> None:
    """Refuse what a Word file never is: not a zip, entries with unsafe or repeated names,
    encrypted entries, too many entries, too much unpacked data, entries packed like a zip
    bomb. Only the zip's directory is read here; nothing is unpacked."""
    if data.startswith(OLE_MAGIC):
        raise PublishError(
            f"{file}: not a .docx file – it is an old Word file (.doc) or protected by a "
            "password; save it in Word as .docx without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise PublishError(
            f"{file}: not a Word document – a .docx is a zip archive and this is none; "
            "save it in Word as .docx"
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise PublishError(
            f"{file}: not imported – it holds {len(entries)} entries, more than the "
            f"{MAX_ENTRIES} a .docx may have"
        )
    names: set[str] = set()
    for entry in entries:
        _check_entry(entry, names, file)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise PublishError(
            f"{file}: not imported – it unpacks to {_megabytes(total)}, more than the "
            f"{_megabytes(MAX_UNPACKED)} allowed"
        )


def _check_entry(entry: zipfile.ZipInfo, names: set[str], file: str) -> None:
    name = entry.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ points outside the document (an "
            "absolute path or „..“); a Word file has none, so this one is damaged or crafted"
        )
    if name in names:
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ is in it twice; a Word file has each "
            "once, so this one is damaged or crafted"
        )
    names.add(name)
    if entry.flag_bits & 0x1:
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ is encrypted; save the document in "
            "Word without a password"
        )
    if entry.file_size > RATIO_GRACE and entry.file_size > MAX_RATIO * entry.compress_size:
        ratio = entry.file_size // max(entry.compress_size, 1)
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ unpacks to {ratio} times its packed "
            f"size (at most {MAX_RATIO} allowed); this looks like a zip bomb"
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def open_document(data: bytes, file: str) -> Document:
    """The package, read by python-docx from the checked bytes (never from a path, which
    python-docx would also accept as an unpacked folder)."""
    try:
        return docx.Document(io.BytesIO(data))
    except (
        KeyError,
        ValueError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
        PackageNotFoundError,
    ) as error:
        raise PublishError(
            f"{file}: not a Word document that can be read ({error}) – open it in Word and "
            "save it as .docx again"
        ) from None
    except etree.XMLSyntaxError as error:
        raise PublishError(f"{file}: damaged XML in the document ({error})") from None


# --- XML helpers --------------------------------------------------------------------------


def q(name: str) -> str:
    """``w:p`` → ``{namespace}p``."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _val(parent: Element | None, name: str, attribute: str = "w:val") -> str | None:
    """The ``w:val`` of ``parent``'s child ``name``, if both exist."""
    child = parent.find(q(name)) if parent is not None else None
    return None if child is None else child.get(q(attribute))


def _switch(parent: Element | None, name: str) -> bool | None:
    """An on/off property (``<w:b/>``, ``<w:b w:val="0"/>``), or None where it is not set."""
    child = parent.find(q(name)) if parent is not None else None
    if child is None:
        return None
    return str(child.get(q("w:val"), "true")).lower() not in ("0", "false", "off", "none")


def _texts(element: Element, *names: str) -> str:
    tags = {q(name) for name in names or ("w:t",)}
    return "".join(node.text or "" for node in element.iter() if node.tag in tags)


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _twips(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _parse(part: Part, file: str) -> Element:
    """A part python-docx keeps as bytes (footnotes, comments, properties), parsed as
    python-docx parses its own (no entities resolved, nothing fetched)."""
    try:
        return parse_xml(part.blob)
    except etree.XMLSyntaxError as error:
        raise PublishError(
            f"{file}: damaged XML in {part.partname} ({error}) – open the document in Word "
            "and save it again"
        ) from None


NOTE_PARTS = (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES))


def _notes(part: Part, kind: str, reltype: str, file: str) -> tuple[Part, dict[str, Element]]:
    """The footnotes (or endnotes) by id, without Word's separators."""
    notes_part = _related(part, reltype)
    if notes_part is None:
        return part, {}
    elements = {
        str(n.get(q("w:id"))): n
        for n in _parse(notes_part, file).iter(q(f"w:{kind}"))
        if n.get(q("w:type")) in (None, "normal")
    }
    return notes_part, elements


def _related(part: Part, reltype: str) -> Part | None:
    return next(
        (r.target_part for r in part.rels.values() if r.reltype == reltype and not r.is_external),
        None,
    )


# --- styles and numbering -----------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphStyle:
    """What a paragraph style makes of a paragraph: its kind („title“, „subtitle“,
    „heading“, „quote“, „caption“, „toc“ or „“), heading level, numbering and indent."""

    kind: str = ""
    level: int = 0
    num_id: str | None = None
    ilvl: int | None = None
    indent: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class RunStyle:
    """The run properties the import reads, each None where the style does not set it."""

    bold: bool | None = None
    italic: bool | None = None
    hidden: bool | None = None
    vertical: str | None = None
    language: str | None = None


class Styles:
    """``styles.xml``: styles by id, followed along ``w:basedOn``."""

    def __init__(self, root: Element) -> None:
        self.by_id = {str(s.get(q("w:styleId"))): s for s in root.iter(q("w:style"))}
        self.default = next(
            (
                key
                for key, style in self.by_id.items()
                if style.get(q("w:type")) == "paragraph"
                and _switch_value(style.get(q("w:default")))
            ),
            None,
        )
        defaults = root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
        self.language = _val(defaults, "w:lang") or ""

    def chain(self, style_id: str | None) -> list[Element]:
        chain: list[Element] = []
        while style_id and style_id in self.by_id and len(chain) < 20:
            style = self.by_id[style_id]
            if any(style is seen for seen in chain):
                break
            chain.append(style)
            style_id = _val(style, "w:basedOn")
        return chain

    def paragraph(self, style_id: str | None) -> ParagraphStyle:
        chain = self.chain(style_id or self.default)
        own = _style_name(chain[0]) if chain else ""
        kind, level = TITLE_KINDS.get(own, ""), 0
        for style in chain if not kind else ():
            kind, level = _style_kind(_style_name(style))
            if kind:
                break
        properties = [s.find(q("w:pPr")) for s in chain]
        if not kind:
            outline = _first(_twips(_val(p, "w:outlineLvl")) for p in properties)
            if outline is not None and 0 <= outline < 9:
                kind, level = "heading", outline + 1
        numbering = _first(p.find(q("w:numPr")) if p is not None else None for p in properties)
        indent = _first(_indent(p) for p in properties)
        language = _first(_val(style.find(q("w:rPr")), "w:lang") for style in chain)
        return ParagraphStyle(
            kind,
            level,
            _val(numbering, "w:numId"),
            _twips(_val(numbering, "w:ilvl")),
            indent,
            language,
        )

    def run(self, style_id: str | None) -> RunStyle:
        properties = [s.find(q("w:rPr")) for s in self.chain(style_id)]

        def first(name: str) -> bool | None:
            return _first(_switch(p, name) for p in properties)

        return RunStyle(
            first("w:b"),
            first("w:i"),
            first("w:vanish"),
            _first(_val(p, "w:vertAlign") for p in properties),
            _first(_val(p, "w:lang") for p in properties),
        )


def _style_name(style: Element) -> str:
    return str(_val(style, "w:name") or "").strip().lower()


def _style_kind(name: str) -> tuple[str, int]:
    heading = HEADING_STYLE.fullmatch(name)
    if heading:
        return "heading", int(heading.group(1))
    if TOC_STYLE.fullmatch(name):
        return "toc", 0
    return STYLE_KINDS.get(name, ""), 0


def _indent(properties: Element | None) -> int | None:
    ind = properties.find(q("w:ind")) if properties is not None else None
    if ind is None:
        return None
    return _twips(ind.get(q("w:left"))) if ind.get(q("w:left")) else _twips(ind.get(q("w:start")))


@dataclass(frozen=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    abstract: str
    ilvl: int
    format: str
    start: int
    text: str
    indent: int | None

    @property
    def ordered(self) -> bool:
        return self.format not in ("bullet", "none")


class Numbering:
    """``numbering.xml``: list levels, and the counters Word keeps while it numbers."""

    def __init__(self, root: Element, styles: Styles) -> None:
        self.nums = {str(n.get(q("w:numId"))): n for n in root.iter(q("w:num"))}
        self.abstracts = {
            str(a.get(q("w:abstractNumId"))): a for a in root.iter(q("w:abstractNum"))
        }
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()

    def level(self, num_id: str | None, ilvl: int, depth: int = 0) -> Level | None:
        num = self.nums.get(num_id or "")
        if num is None or depth > 3:
            return None
        abstract_id = str(_val(num, "w:abstractNumId"))
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return None
        link = _val(abstract, "w:numStyleLink")
        if link and abstract.find(q("w:lvl")) is None:
            style = self.styles.paragraph(link)
            return self.level(style.num_id, ilvl, depth + 1)
        override = _child_with(num, "w:lvlOverride", "w:ilvl", str(ilvl))
        lvl = override.find(q("w:lvl")) if override is not None else None
        if lvl is None:
            lvl = _child_with(abstract, "w:lvl", "w:ilvl", str(ilvl))
        if lvl is None:
            return None
        start = _twips(_val(override, "w:startOverride")) or _twips(_val(lvl, "w:start"))
        return Level(
            abstract_id,
            ilvl,
            _val(lvl, "w:numFmt") or "decimal",
            1 if start is None else start,
            _val(lvl, "w:lvlText") or "",
            _indent(lvl.find(q("w:pPr"))),
        )

    def advance(self, level: Level, num_id: str) -> list[int | None]:
        """Count one more item at ``level``: its counter goes up, deeper ones restart."""
        counters = self.counters.setdefault(level.abstract, [None] * 9)
        first_of_num = (num_id, level.ilvl) not in self.started
        self.started.add((num_id, level.ilvl))
        current = counters[level.ilvl]
        restart = current is None or (first_of_num and self._overrides_start(num_id, level))
        counters[level.ilvl] = level.start if restart or current is None else current + 1
        for deeper in range(level.ilvl + 1, 9):
            counters[deeper] = None
        return list(counters)

    def _overrides_start(self, num_id: str, level: Level) -> bool:
        override = _child_with(self.nums[num_id], "w:lvlOverride", "w:ilvl", str(level.ilvl))
        return override is not None and override.find(q("w:startOverride")) is not None

    def label(self, level: Level, counters: Sequence[int | None], num_id: str) -> str:
        """The label Word shows: ``w:lvlText`` (``%1.%2``) with each level's counter."""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self.level(num_id, k) if k != level.ilvl else level
            value = counters[k] if 0 <= k < 9 else None
            if other is None:
                return str(value or 1)
            return _format_number(other.start if value is None else value, other.format)

        return re.sub(r"%([1-9])", number, level.text)


def _child_with(parent: Element, name: str, attribute: str, value: str) -> Element | None:
    return next((c for c in parent.iter(q(name)) if c.get(q(attribute)) == value), None)


def _format_number(n: int, format_: str) -> str:
    if format_ in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if format_ == "upperLetter" else letter
    if format_ in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if format_ == "upperRoman" else roman.lower()
    if format_ == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


# --- inline content: what a paragraph holds, before it is written as Markdown ------------


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (``w:br``, ``w:cr``)."""


@dataclass(frozen=True)
class NoteCall:
    """A footnote's mark: ``[^label]``."""

    label: str


@dataclass
class Picture:
    """A picture: its file name in ``bilder/``, alt text and caption (both plain text)."""

    name: str
    alt: str
    decorative: bool
    caption: str = ""


@dataclass(frozen=True)
class Link:
    items: tuple[Item, ...]
    destination: str


Item = Text | Break | NoteCall | Picture | Link


def plain(items: Sequence[Item]) -> str:
    """The text of ``items`` as a reader sees it."""
    parts = []
    for item in items:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, Break):
            parts.append(" ")
        elif isinstance(item, Link):
            parts.append(plain(item.items))
    return "".join(parts)


def _shows_something(items: Sequence[Item]) -> bool:
    return bool(plain(items).strip()) or any(isinstance(i, Picture | NoteCall) for i in items)


def escape(text: str) -> str:
    """Plain text as Markdown that reads back as that text (``<`` as an entity, so that the
    Markdown importer never sees an HTML comment; braces so that nothing reads as
    attributes)."""
    parts = (
        escape_markup(part).replace("{", "\\{").replace("}", "\\}") for part in text.split("<")
    )
    return "&lt;".join(parts)


def render(items: Sequence[Item], *, emphasis: bool = True, breaks: str = "\\\n") -> str:
    """``items`` as inline Markdown: bold ``**…**`` outside italic ``*…*``, each span
    with the spaces at its ends moved outside (CommonMark's flanking rules)."""
    out: list[str] = []
    for is_text, group in itertools.groupby(items, lambda item: isinstance(item, Text)):
        if is_text:
            texts = [item for item in group if isinstance(item, Text)]
            out.append(_emphasized(texts) if emphasis else escape("".join(t.text for t in texts)))
            continue
        for item in group:
            out.append(_render_item(item, emphasis, breaks))
    return "".join(out)


def _render_item(item: Item, emphasis: bool, breaks: str) -> str:
    if isinstance(item, Break):
        return breaks
    if isinstance(item, NoteCall):
        return f"[^{item.label}]"
    if isinstance(item, Picture):
        return picture_markdown(item)
    assert isinstance(item, Link)
    return f"[{render(item.items, emphasis=emphasis, breaks=breaks)}]({item.destination})"


def _emphasized(texts: Sequence[Text]) -> str:
    def italic_layer(part: Sequence[Text]) -> str:
        return _layer(part, lambda t: t.italic, "*", lambda p: escape("".join(t.text for t in p)))

    return _layer(texts, lambda t: t.bold, "**", italic_layer)


def _layer(
    texts: Sequence[Text],
    key: Callable[[Text], bool],
    marker: str,
    inner: Callable[[Sequence[Text]], str],
) -> str:
    out = []
    for on, group in itertools.groupby(texts, key):
        content = inner(list(group))
        core = content.strip()
        if on and core:
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            content = f"{lead}{marker}{core}{marker}{trail}"
        out.append(content)
    return "".join(out)


def _spans(items: Sequence[Item]) -> tuple[int, int]:
    """How many bold and italic spans :func:`render` writes for ``items``."""
    strong = em = 0
    for is_text, group in itertools.groupby(items, lambda item: isinstance(item, Text)):
        if not is_text:
            for item in group:
                if isinstance(item, Link):
                    inner = _spans(item.items)
                    strong, em = strong + inner[0], em + inner[1]
            continue
        texts = [item for item in group if isinstance(item, Text)]
        for bold, part in itertools.groupby(texts, lambda t: t.bold):
            run = list(part)
            strong += bold and bool("".join(t.text for t in run).strip())
            for italic, words in itertools.groupby(run, lambda t: t.italic):
                em += italic and bool("".join(t.text for t in words).strip())
    return strong, em


def emphasis_holds(markdown: str, items: Sequence[Item]) -> bool:
    """Whether CommonMark reads every bold and italic span of ``markdown`` as such (a
    marker between punctuation and a letter does not close, „**Hinweis:**Text“)."""
    tokens = _EMPHASIS_CHECK.parseInline(markdown)
    children = [t for token in tokens for t in token.children or []]
    found = (
        sum(t.type == "strong_open" for t in children),
        sum(t.type == "em_open" for t in children),
    )
    return found == _spans(items)


def picture_markdown(picture: Picture) -> str:
    alt = escape(" ".join(picture.alt.split()))
    caption = picture.caption.replace("\\", "\\\\").replace('"', '\\"')
    title = f' "{caption}"' if caption else ""
    decorative = "{.decorative}" if picture.decorative else ""
    return f"![{alt}]({picture.name}{title}){decorative}"


def _link_destination(target: str) -> str:
    if re.search(r"[\s()<>]", target):
        return "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return target.replace("\\", "\\\\")


def _script(text: str, vertical: str) -> str | None:
    """Superscript or subscript digits as their Unicode characters („m²“, „CO₂“); None if
    ``text`` has others."""
    table = SUPERSCRIPT if vertical == "superscript" else SUBSCRIPT
    converted = text.translate(table)
    return converted if all(ord(c) > 127 or c.isspace() for c in converted) else None


# --- the blocks of the body ---------------------------------------------------------------


@dataclass
class Block:
    """One block of the Markdown body: its kind and lines, or the picture of a figure (kept
    as a picture until the end: a caption paragraph after it becomes its title)."""

    kind: str
    lines: list[Line]
    picture: Picture | None = None
    loose: bool = False  # a blank line before this list item

    def render(self) -> list[Line]:
        if self.picture is not None:
            return [Line(self.lines[0].number, picture_markdown(self.picture))]
        return self.lines


@dataclass(frozen=True)
class RunLook:
    """How a run looks, as far as the import reads it, and its language."""

    language: str
    bold: bool
    italic: bool
    vertical: str
    underline: bool
    strike: bool
    highlight: bool


@dataclass(frozen=True)
class OpenItem:
    """A list item whose nested items may follow: its indent in Word and in Markdown."""

    indent: int
    column: int
    ordered: bool
    number: int
    delimiter: str


@dataclass
class Field:
    """A complex field (``w:fldChar`` begin … separate … end) being read."""

    sink: list[Item]
    instruction: str = ""
    skipped: str = ""  # text inside the instruction (a nested field's result)
    result: bool = False
    items: list[Item] | None = None
    destination: str = ""


class DocxReader:
    """Reads the main text of a .docx into Markdown lines, paragraph by paragraph; keeps the
    pictures it meets (``pictures``: file name in ``bilder/`` → bytes)."""

    def __init__(self, document: Document, findings: Findings) -> None:
        part = document.part
        self.document = document
        self.findings = findings
        self.main = part
        self.styles = Styles(part.styles.element)
        self.numbering = Numbering(part.numbering_part.element, self.styles)
        file = findings.file
        self.notes = {kind: _notes(part, kind, reltype, file) for kind, reltype in NOTE_PARTS}
        comments = _related(part, RT.COMMENTS)
        notes = _parse(comments, file).iter(q("w:comment")) if comments is not None else ()
        self.comments = {str(c.get(q("w:id"))): _texts(c) for c in notes}
        #: The paragraph being read, counted from the top of the main text.
        self.number = 0
        self.blocks: list[Block] = []
        self.pictures: dict[str, bytes] = {}
        self.picture_names: dict[str, str] = {}  # part name → file name
        self.title_data: dict[str, list[tuple[int, str]]] = {}  # key → (paragraph, line)
        self.languages: Counter[str] = Counter()  # letters of text per language
        self.paragraph_language = ""
        self.next_bookmarks: list[str] = []  # bookmarks between paragraphs
        self.toc: list[tuple[int, str]] = []  # entries of a table of contents, to drop
        self.side: list[list[Item]] = []  # text-box paragraphs, placed after the paragraph
        self.stack: list[OpenItem] = []  # the list items open at this point
        self.fields: list[Field] = []
        self.cited: dict[str, tuple[Part, Element, int]] = {}  # label → note, paragraph
        self.anchors: list[str] = []  # bookmark names that links point at
        self.heading_anchors: dict[str, str] = {}  # bookmark → text of its heading
        self.bookmarks: list[str] = []  # bookmarks of the paragraph being read
        self.lost: dict[str, list[str]] = {}  # formatting lost in the paragraph, with text
        self.link_depth = 0
        self.numbered_headings = False

    # --- the whole document ------------------------------------------------------------

    def read(self) -> tuple[TitleBlock, tuple[Line, ...]]:
        """The title data and the body lines (the footnotes' definitions at the end)."""
        self._blocks_in(self.document.element.body)
        self._flush_toc()
        self._report_headers_and_footers()
        lines = self._body_lines() + self._footnote_lines()
        resolved = [Line(line.number, self._resolve_anchors(line.text)) for line in lines]
        return self._title_block(), tuple(resolved)

    def note(self, message: str, hint: str = "") -> None:
        self.findings.note(self.number, message, hint)

    def _blocks_in(self, container: Element) -> None:
        for child in container:
            tag = child.tag
            if tag == q("w:p"):
                self._paragraph(child)
            elif tag == q("w:tbl"):
                self._table(child)
            elif tag == q("w:sdt"):
                self._block_control(child)
            elif tag == q("w:customXml"):
                self._blocks_in(child)
            elif tag == q("w:bookmarkStart"):
                self.next_bookmarks.append(str(child.get(q("w:name"))))
            elif tag == q("w:altChunk"):
                self.note("an embedded document (altChunk) could not be converted – left out")
            elif tag != q("w:sectPr") and _texts(child).strip():
                name = etree.QName(child).localname
                self.note(
                    f"„{name}“ could not be converted – left out: „{_excerpt(_texts(child))}“"
                )

    def _block_control(self, sdt: Element) -> None:
        """A content control; the one Word makes for its table of contents is dropped."""
        gallery = sdt.find(f".//{q('w:docPartGallery')}")
        content = sdt.find(q("w:sdtContent"))
        if content is None:
            return
        if gallery is not None and "table of contents" in str(gallery.get(q("w:val"))).lower():
            for paragraph in content.iter(q("w:p")):
                self.number += 1
                self.toc.append((self.number, plain(self._items(paragraph, self.main))))
            self._flush_toc()
            return
        self._blocks_in(content)

    def _flush_toc(self) -> None:
        entries = [(n, text) for n, text in self.toc if text.strip()]
        if entries:
            title = entries[0][1].strip()
            text = "\n".join(text for _, text in entries)
            message = f"table of contents „{_excerpt(title)}“ dropped – the book makes its own"
            self.findings.drop(Dropped.TOC, entries[0][0], text, message)
        self.toc = []

    # --- paragraphs -------------------------------------------------------------------------

    def _paragraph(self, paragraph: Element) -> None:
        self.number += 1
        properties = paragraph.find(q("w:pPr"))
        style = self.styles.paragraph(_val(properties, "w:pStyle"))
        self.paragraph_language = style.language or self.styles.language
        self.bookmarks, self.next_bookmarks = self.next_bookmarks, []
        items = self._items(paragraph, self.main)
        if style.kind == "toc":
            self.toc.append((self.number, plain(items)))
            return
        self._flush_toc()
        if _shows_something(items):
            self._place(items, style, properties)
        self._side_paragraphs()

    def _place(self, items: list[Item], style: ParagraphStyle, properties: Element | None) -> None:
        kind = style.kind
        outline = _twips(_val(properties, "w:outlineLvl"))
        if not kind and outline is not None and 0 <= outline < 9:
            kind = "heading"
        if kind in TITLE_KINDS.values():
            if any(isinstance(item, Picture) for item in items):
                self.note(f"a picture in the {kind} paragraph was left out")
            found = self.title_data.setdefault(kind, [])
            found.extend((self.number, line) for line in _line_texts(items) if line)
            return
        if kind == "heading":
            depth = outline + 1 if style.kind != "heading" and outline is not None else style.level
            self._heading(items, depth, self._list_level(style, properties))
            return
        numbering = self._list_level(style, properties)
        if numbering is not None:
            level, num_id = numbering
            indent = _first((_indent(properties), level.indent, style.indent))
            self._list_item(items, level, num_id, indent)
            return
        self.stack = []
        last = self.blocks[-1] if self.blocks else None
        if kind == "caption" and last and last.picture and not last.picture.caption:
            last.picture.caption = " ".join(plain(items).split())
            return
        shown = [i for i in items if not (isinstance(i, Text) and not i.text.strip())]
        if len(shown) == 1 and isinstance(shown[0], Picture):
            self._add(Block("figure", [Line(self.number, "")], picture=shown[0]))
            return
        lines = self._markdown_lines(items)
        if kind == "quote":
            lines = [Line(line.number, f"> {line.text}") for line in lines]
        self._add(Block("quote" if kind == "quote" else "paragraph", lines))

    def _list_level(
        self, style: ParagraphStyle, properties: Element | None
    ) -> tuple[Level, str] | None:
        numbering = properties.find(q("w:numPr")) if properties is not None else None
        num_id = _val(numbering, "w:numId") or style.num_id
        ilvl = _twips(_val(numbering, "w:ilvl"))
        ilvl = ilvl if ilvl is not None else style.ilvl or 0
        if not num_id or num_id == "0":
            return None
        level = self.numbering.level(num_id, ilvl)
        if level is None or level.format == "none":
            return None
        return level, num_id

    def _add(self, block: Block) -> None:
        self.blocks.append(block)

    def _markdown(self, items: Sequence[Item], *, breaks: str = "\\\n") -> str:
        markdown = render(items, breaks=breaks)
        if not emphasis_holds(markdown, items):
            self.note("bold or italic text here cannot be written in Markdown – kept without it")
            markdown = render(items, emphasis=False, breaks=breaks)
        return markdown

    def _markdown_lines(self, items: Sequence[Item]) -> list[Line]:
        text = self._markdown(_trimmed(items))
        return [Line(self.number, escape_line_start(line)) for line in text.split("\n")]

    def _heading(self, items: list[Item], level: int, numbering: tuple[Level, str] | None) -> None:
        self.stack = []
        if numbering is not None and numbering[0].ordered:
            label = self.numbering.label(
                numbering[0], self.numbering.advance(*numbering), numbering[1]
            )
            if label.strip():
                items = [Text(label.strip() + " "), *items]
                if not self.numbered_headings:
                    self.note(
                        f"automatic heading numbers were written into the headings' text "
                        f"(„{_excerpt(plain(items))}“)"
                    )
                self.numbered_headings = True
        if level > 6:
            self.note(f"heading level {level} became 6 (Markdown has six levels)")
            level = 6
        unbold = [Text(i.text, False, i.italic) if isinstance(i, Text) else i for i in items]
        text = self._markdown(_trimmed(unbold), breaks=" ").strip()
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        if text.endswith("\\}"):
            text = text[:-2] + "&#125;"
        heading_text = " ".join(plain(items).split())
        for name in self.bookmarks:
            self.heading_anchors.setdefault(name, heading_text)
        self._add(Block("heading", [Line(self.number, "#" * level + " " + text)]))

    def _list_item(self, items: list[Item], level: Level, num_id: str, indent: int | None) -> None:
        counters = self.numbering.advance(level, num_id)
        number = counters[level.ilvl] or 1
        key = indent if indent is not None else (level.ilvl + 1) * 720
        while self.stack and self.stack[-1].indent > key:
            self.stack.pop()
        sibling = self.stack.pop() if self.stack and self.stack[-1].indent == key else None
        column = self.stack[-1].column if self.stack else 0
        new_list = (
            sibling is None
            or sibling.ordered != level.ordered
            or (level.ordered and number != sibling.number + 1)
        )
        delimiter = sibling.delimiter if sibling else "."
        if sibling and sibling.ordered and level.ordered and new_list:
            delimiter = ")" if sibling.delimiter == "." else "."
        marker = f"{number}{delimiter}" if level.ordered else "-"
        if level.ordered and new_list:
            label = self.numbering.label(level, counters, num_id).strip()
            if label and label not in (f"{number}.", f"{number})"):
                self.note(
                    f"list numbering „{label}“ became „{marker}“ – the book numbers lists "
                    "1., 2., 3. at every level"
                )
        # A blank line before a new list after an item: at the top (for the eye), and where
        # CommonMark would otherwise read a list starting at 3 as the text of the item above.
        previous = self.blocks[-1] if self.blocks else None
        after_item = previous is not None and previous.kind == "item"
        loose = after_item and new_list and (not column or (level.ordered and number != 1))
        self.stack.append(OpenItem(key, column + len(marker) + 1, level.ordered, number, delimiter))
        lines = self._markdown_lines(items)
        inner = " " * (column + len(marker) + 1)
        rendered = [Line(self.number, " " * column + marker + " " + lines[0].text)]
        rendered += [Line(line.number, inner + line.text) for line in lines[1:]]
        self._add(Block("item", rendered, loose=loose))

    def _side_paragraphs(self) -> None:
        """Text boxes met in the paragraph: their paragraphs follow it as plain text."""
        for items in self.side:
            if _shows_something(items):
                self.stack = []
                self._add(Block("paragraph", self._markdown_lines(items)))
        self.side = []

    # --- tables -------------------------------------------------------------------------

    def _table(self, table: Element) -> None:
        self._flush_toc()
        self.stack = []
        first = self.number + 1
        reasons: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        aligns: list[list[str]] = []
        for row in _children(table, "w:tr"):
            number = self.number + 1
            cells: list[str] = []
            aligns.append([])
            for cell in _children(row, "w:tc"):
                texts = self._cell(cell, reasons)
                cells.extend(texts)
                aligns[-1].extend([_alignment(cell)] * len(texts))
            rows.append((number, cells))
        self._side_paragraphs()
        if not rows:
            return
        width = max(len(cells) for _, cells in rows)
        lines = []
        for index, (number, cells) in enumerate(rows):
            padded = cells + [""] * (width - len(cells))
            lines.append(Line(number, "| " + " | ".join(padded) + " |"))
            if index == 0:
                lines.append(Line(number, "|" + "|".join(_column_aligns(aligns, width)) + "|"))
        if reasons:
            self.findings.note(first, "table: " + "; ".join(reasons))
        self._add(Block("table", lines))

    def _cell(self, cell: Element, reasons: list[str]) -> list[str]:
        """A cell's text as one line, then an empty cell for each further grid column it
        spans; the continuation of a vertically merged cell is empty."""
        properties = cell.find(q("w:tcPr"))
        span = _twips(_val(properties, "w:gridSpan")) or 1
        merge = properties.find(q("w:vMerge")) if properties is not None else None
        parts = [part for part in self._cell_paragraphs(cell, reasons) if part]
        if len(parts) > 1:
            _reason(reasons, "cells with several paragraphs were joined into one line")
        text = " ".join(parts)
        if span > 1 or (merge is not None and merge.get(q("w:val")) != "restart"):
            _reason(reasons, "merged cells were split – their text stands in the first of them")
        if merge is not None and merge.get(q("w:val")) != "restart":
            text = ""
        return [text] + [""] * (max(span, 1) - 1)

    def _cell_paragraphs(self, container: Element, reasons: list[str]) -> Iterator[str]:
        for child in container:
            if child.tag == q("w:p"):
                self.number += 1
                properties = child.find(q("w:pPr"))
                style = self.styles.paragraph(_val(properties, "w:pStyle"))
                self.paragraph_language = style.language or self.styles.language
                items = self._items(child, self.main)
                if self._list_level(style, properties) is not None and _shows_something(items):
                    _reason(reasons, "list numbers and bullets in cells were left out")
                if any(isinstance(i, Break) for i in items):
                    _reason(reasons, "line breaks in cells became spaces")
                yield self._markdown(_trimmed(items), breaks=" ").strip()
            elif child.tag == q("w:tbl"):
                _reason(reasons, "a table inside a cell was put into the cell as text")
                for row in _children(child, "w:tr"):
                    for cell in _children(row, "w:tc"):
                        yield from self._cell_paragraphs(cell, reasons)
            elif child.tag in (q("w:sdt"), q("w:sdtContent"), q("w:customXml")):
                yield from self._cell_paragraphs(child, reasons)

    # --- inline content -------------------------------------------------------------------

    def _items(self, paragraph: Element, story: Part) -> list[Item]:
        """What a paragraph shows, in order; what cannot be carried over is noted."""
        sink: list[Item] = []
        self._inline(paragraph, story, sink)
        kept = []
        for open_field in self.fields:
            if open_field.items is not None:  # a link field that goes on in the next paragraph
                self.note("a link field runs across paragraphs – kept its text without the link")
                sink.extend(open_field.items)
                open_field.items = None
            if open_field.result:
                kept.append(open_field)
            elif open_field.skipped.strip():
                self.note(
                    f"a damaged field (no end in its paragraph): its text "
                    f"„{_excerpt(open_field.skipped)}“ was left out"
                )
        self.fields = kept  # an instruction never spans paragraphs: drop a broken one
        for what, texts in self.lost.items():
            quoted = ", ".join(f"„{_excerpt(text)}“" for text in texts)
            self.note(f"{what} {quoted} kept as plain text")
        self.lost = {}
        return sink

    def _sink(self, sink: list[Item]) -> list[Item]:
        """Where content goes: into the link field being read, if any."""
        for open_field in reversed(self.fields):
            if open_field.items is not None:
                return open_field.items
        return sink

    def _inline(self, element: Element, story: Part, sink: list[Item]) -> None:
        for child in element:
            tag = child.tag
            if tag == q("w:r"):
                self._run(child, story, sink)
            elif tag == q("w:hyperlink"):
                self._hyperlink(child, story, sink)
            elif tag == q("w:fldSimple"):
                self._simple_field(child, story, sink)
            elif tag in (q("w:del"), q("w:moveFrom")):
                self._deletion(child)
            elif tag == q("w:bookmarkStart"):
                self.bookmarks.append(str(child.get(q("w:name"))))
            elif tag in (q("m:oMath"), q("m:oMathPara")):
                self._equation(child, sink)
            elif tag == q("mc:AlternateContent"):
                self._inline(_chosen(child), story, sink)
            elif tag == q("w:sdt"):
                content = child.find(q("w:sdtContent"))
                if content is not None:
                    self._inline(content, story, sink)
            elif tag not in (q("w:pPr"), q("w:rPr"), q("w:sdtPr")):
                self._inline(child, story, sink)  # w:ins, w:moveTo, w:smartTag, …

    def _run(self, run: Element, story: Part, sink: list[Item]) -> None:
        properties = run.find(q("w:rPr"))
        style = self.styles.run(_val(properties, "w:rStyle"))
        hidden = _switch(properties, "w:vanish")
        if hidden or (hidden is None and style.hidden):
            text = _texts(run)
            if text.strip():
                message = f"hidden text „{_excerpt(text)}“ left out"
                self.findings.drop(Dropped.HIDDEN_TEXT, self.number, text, message)
            return
        bold = _switch(properties, "w:b")
        italic = _switch(properties, "w:i")
        language = _val(properties, "w:lang") or style.language or self.paragraph_language
        look = RunLook(
            language,
            bool(style.bold if bold is None else bold),
            bool(style.italic if italic is None else italic),
            _val(properties, "w:vertAlign") or style.vertical or "",
            _val(properties, "w:u") not in (None, "none"),
            bool(_switch(properties, "w:strike") or _switch(properties, "w:dstrike")),
            _val(properties, "w:highlight") not in (None, "none"),
        )
        for child in _run_content(run):
            self._run_child(child, look, story, sink)

    def _run_child(self, child: Element, look: RunLook, story: Part, sink: list[Item]) -> None:
        tag = child.tag
        if tag == q("w:fldChar"):
            self._field_char(str(child.get(q("w:fldCharType"))), sink)
        elif tag == q("w:instrText"):
            if self.fields:
                self.fields[-1].instruction += child.text or ""
        elif not all(open_field.result for open_field in self.fields):
            if tag == q("w:t"):  # inside a field's instruction
                next(f for f in reversed(self.fields) if not f.result).skipped += child.text or ""
        elif tag == q("w:t"):
            self._text(child.text or "", look, self._sink(sink))
        elif tag in (q("w:tab"), q("w:ptab")):
            self._sink(sink).append(Text(" ", look.bold, look.italic))
        elif tag in (q("w:br"), q("w:cr")):
            if child.get(q("w:type")) in (None, "textWrapping"):
                self._sink(sink).append(Break())
        elif tag == q("w:noBreakHyphen"):
            self._sink(sink).append(Text("-", look.bold, look.italic))
        elif tag == q("w:sym"):
            self._symbol(child, self._sink(sink))
        elif tag in (q("w:footnoteReference"), q("w:endnoteReference")):
            kind = "footnote" if tag == q("w:footnoteReference") else "endnote"
            self._note_call(kind, str(child.get(q("w:id"))), self._sink(sink))
        elif tag == q("w:commentReference"):
            text = self.comments.get(str(child.get(q("w:id"))), "")
            message = f"Word comment „{_excerpt(text)}“ left out"
            self.findings.drop(Dropped.WORD_COMMENT, self.number, text, message)
        elif tag == q("w:drawing"):
            self._drawing(child, story, self._sink(sink))
        elif tag == q("w:pict"):
            self._vml(child, story, self._sink(sink))
        elif tag == q("w:object"):
            program = next((o.get("ProgID") for o in child.iter(q("o:OLEObject"))), None)
            self.note(
                f"embedded object ({program or 'OLE'}) cannot be converted – left out",
                "paste it as a picture with alt text",
            )

    def _text(self, text: str, look: RunLook, sink: list[Item]) -> None:
        text = re.sub(r"[\t\r\n]", " ", text).translate(SYMBOL_BULLETS)
        if SYMBOL_FONT_CHARS.search(text):
            self.note(
                f"symbol-font characters (private use) left out of „{_excerpt(text)}“",
                "type the characters themselves, or describe them in words",
            )
            text = SYMBOL_FONT_CHARS.sub("", text)
        if look.vertical in ("superscript", "subscript") and text.strip():
            converted = _script(text, look.vertical)
            if converted is None:
                self._lose(look.vertical, text)
            text = converted or text
        if look.underline and not self.link_depth:
            self._lose("underlined text", text)
        if look.strike:
            self._lose("struck-through text", text)
        if look.highlight:
            self._lose("highlighted text", text)
        if look.language:
            self.languages[look.language] += len(text.strip())
        sink.append(Text(text, look.bold, look.italic))

    def _lose(self, what: str, text: str) -> None:
        if text.strip():
            self.lost.setdefault(what, []).append(text.strip())

    def _symbol(self, symbol: Element, sink: list[Item]) -> None:
        """A character of a symbol font (``w:sym``): kept only if it is a real character."""
        font = symbol.get(q("w:font"), "?")
        try:
            code = int(str(symbol.get(q("w:char"), "0")), 16)
        except ValueError:
            code = 0
        if 0xE000 <= code <= 0xF8FF or code < 0x20 or code > 0x10FFFF:
            self.note(
                f"a symbol of the font {font} (code {code:04X}) was left out",
                "type the character itself, or describe it in words",
            )
            return
        sink.append(Text(chr(code)))

    def _deletion(self, element: Element) -> None:
        text = _texts(element, "w:delText", "w:t")
        if text.strip():
            message = f"tracked deletion „{_excerpt(text)}“ left out"
            hint = "insertions were kept; accept or reject the changes in Word to be sure"
            self.findings.drop(Dropped.DELETION, self.number, text, message, hint)

    def _equation(self, math: Element, sink: list[Item]) -> None:
        text = _texts(math, "m:t")
        self.note(
            f"equation „{_excerpt(text)}“ kept as plain text",
            "write it out, or insert it as a picture with alt text",
        )
        sink.append(Text(text))

    # --- fields and links -------------------------------------------------------------------

    def _field_char(self, kind: str, sink: list[Item]) -> None:
        if kind == "begin":
            self.fields.append(Field(self._sink(sink)))
        elif kind == "separate" and self.fields:
            current = self.fields[-1]
            current.result = True
            destination = self._field_destination(current.instruction)
            if destination:
                current.items, current.destination = [], destination
        elif kind == "end" and self.fields:
            current = self.fields.pop()
            if current.items is not None:
                self._link(current.items, current.destination, current.sink)

    def _simple_field(self, element: Element, story: Part, sink: list[Item]) -> None:
        destination = self._field_destination(str(element.get(q("w:instr"), "")))
        if not destination:
            self._inline(element, story, sink)
            return
        items: list[Item] = []
        self.link_depth += 1
        self._inline(element, story, items)
        self.link_depth -= 1
        self._link(items, destination, sink)

    def _field_destination(self, instruction: str) -> str:
        """The target of a ``HYPERLINK "url" \\l "anchor"`` field, as Markdown."""
        words = [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', instruction)]
        if not words or words[0].upper() != "HYPERLINK":
            return ""
        url, anchor, i = "", "", 1
        while i < len(words):
            if words[i].lower() == "\\l" and i + 1 < len(words):
                anchor, i = words[i + 1], i + 2
            elif words[i].startswith("\\"):
                i += 2 if words[i].lower() in ("\\o", "\\t") else 1
            else:
                url, i = url or words[i], i + 1
        return self._destination(url, anchor)

    def _hyperlink(self, element: Element, story: Part, sink: list[Item]) -> None:
        relation = story.rels.get(str(element.get(q("r:id"))))
        url = relation.target_ref if relation is not None and relation.is_external else ""
        items: list[Item] = []
        self.link_depth += 1
        self._inline(element, story, items)
        self.link_depth -= 1
        destination = self._destination(url, str(element.get(q("w:anchor")) or ""))
        self._link(items, destination, self._sink(sink))

    def _destination(self, url: str, anchor: str) -> str:
        if url:
            return _link_destination(url + (f"#{anchor}" if anchor else ""))
        if anchor:
            self.anchors.append(anchor)
            return f"#{ANCHOR}{len(self.anchors) - 1}{ANCHOR}"
        return ""

    def _link(self, items: list[Item], destination: str, sink: list[Item]) -> None:
        if destination and plain(items).strip():
            sink.append(Link(tuple(items), destination))
        else:
            sink.extend(items)

    def _resolve_anchors(self, text: str) -> str:
        """A link to a bookmark in a heading points at the heading's id (Pandoc's form of
        its text, which the Markdown importer maps to the id the book gives it); any other
        bookmark stays as it is and is reported there as a link to an unknown id."""

        def target(match: re.Match[str]) -> str:
            name = self.anchors[int(match.group(1))]
            heading = self.heading_anchors.get(name)
            return (pandoc_id(heading) if heading else "") or name

        return ANCHOR_MARK.sub(target, text)

    # --- footnotes ----------------------------------------------------------------------------

    def _note_call(self, kind: str, note_id: str, sink: list[Item]) -> None:
        story, elements = self.notes.get(kind, (self.main, {}))
        element = elements.get(note_id)
        if element is None or not _texts(element).strip():
            article = "an" if kind == "endnote" else "a"
            self.note(f"{article} {kind} without text – its mark was left out")
            return
        if kind == "endnote":
            self.note("an endnote became a footnote (the book has footnotes only)")
        label = f"{'fn' if kind == 'footnote' else 'en'}{note_id}"
        self.cited.setdefault(label, (story, element, self.number))
        sink.append(NoteCall(label))

    def _footnote_lines(self) -> list[Line]:
        """Every cited note as a ``[^label]: …`` definition, numbered by the paragraph that
        cites it first; a note's further paragraphs are indented by four spaces."""
        lines: list[Line] = []
        saved = self.fields
        for label, (story, element, number) in list(self.cited.items()):
            self.number, self.fields = number, []
            paragraphs = [p for p in element.iter(q("w:p"))]
            if element.find(f".//{q('w:tbl')}") is not None:
                self.note("a table in a footnote was kept as its paragraphs")
            texts = []
            for paragraph in paragraphs:
                items = self._items(paragraph, story)
                if _shows_something(items):
                    texts.append(self._markdown(_trimmed(items)))
            lines.append(Line(number, ""))
            for index, text in enumerate(texts):
                if index:
                    lines.append(Line(number, ""))
                for k, line in enumerate(text.split("\n")):
                    start = f"[^{label}]: " if index == 0 and k == 0 else "    "
                    lines.append(Line(number, start + escape_line_start(line)))
        self.fields = saved
        return lines

    # --- pictures, drawings, text boxes -----------------------------------------------------

    def _drawing(self, drawing: Element, story: Part, sink: list[Item]) -> None:
        properties = drawing.find(f".//{q('wp:docPr')}")
        label = str(properties.get("name", "")) if properties is not None else ""
        alt = _alt_text(properties)
        decorative = properties is not None and any(
            _switch_value(d.get("val")) for d in properties.iter(q("adec:decorative"))
        )
        blips = list(drawing.iter(q("a:blip")))
        boxes = list(drawing.iter(q("w:txbxContent")))
        if blips:
            blip = blips[0]
            reference = blip.get(q("r:embed")) or blip.get(q("r:link"))
            self._picture(story, reference, alt, decorative, label, sink)
            if len(blips) > 1:
                self.note(
                    f"a group of {len(blips)} pictures: only the first was kept",
                    "insert the others one by one, each with its alt text",
                )
        self._text_boxes(boxes, story)
        if not blips and not boxes:
            uri = next((g.get("uri", "") for g in drawing.iter(q("a:graphicData"))), "")
            what = "chart" if "chart" in uri else "diagram" if "diagram" in uri else "drawing"
            kept = f" (its alt text „{alt}“ was kept as text)" if alt else ""
            self.note(
                f"{what} „{label}“ cannot be converted – left out{kept}",
                "insert it as a picture with alt text",
            )
            if alt:
                sink.append(Text(f" {alt}"))

    def _vml(self, picture: Element, story: Part, sink: list[Item]) -> None:
        """An old-style (VML) picture or text box."""
        data = next(picture.iter(q("v:imagedata")), None)
        boxes = list(picture.iter(q("w:txbxContent")))
        if data is not None:
            shape = data.getparent()
            alt = " ".join(str(shape.get("alt", "")).split()) if shape is not None else ""
            label = str(shape.get("id", "")) if shape is not None else ""
            self._picture(story, data.get(q("r:id")), alt, False, label, sink)
        self._text_boxes(boxes, story)
        if data is None and not boxes:
            self.note(
                "a VML drawing cannot be converted – left out",
                "insert it as a picture with alt text",
            )

    def _text_boxes(self, boxes: Sequence[Element], story: Part) -> None:
        outer = self.fields, self.lost
        for box in boxes:
            self.fields, self.lost = [], {}
            paragraphs = [self._items(p, story) for p in box.iter(q("w:p"))]
            shown = [items for items in paragraphs if _shows_something(items)]
            if shown:
                self.note(
                    f"a text box: its {len(shown)} paragraph(s) follow this paragraph "
                    "as ordinary text"
                )
                self.side.extend(shown)
        self.fields, self.lost = outer

    def _picture(
        self,
        story: Part,
        reference: str | None,
        alt: str,
        decorative: bool,
        label: str,
        sink: list[Item],
    ) -> None:
        relation = story.rels.get(reference or "")
        if relation is None or relation.is_external:
            kept = f" (its alt text „{alt}“ was kept as text)" if alt else ""
            what = (
                f"picture „{label}“ has no image data in the document"
                if relation is None
                else f"picture {relation.target_ref} is linked, not embedded"
            )
            self.note(f"{what} – left out{kept}", "insert the picture itself in Word")
            if alt:
                sink.append(Text(f" {alt}"))
            return
        name = self._picture_file(relation.target_part, alt)
        label = label or name
        if not alt and not decorative:
            self.note(
                f"picture „{label}“ has no alt text – kept with the placeholder "
                f"„{PLACEHOLDER_ALT}“",
                "describe it in the chapter file, or mark it {.decorative} there if it "
                "carries no meaning",
            )
            alt = PLACEHOLDER_ALT
        elif GENERATED_ALT.search(alt):
            self.note(
                f"the alt text of picture „{label}“ was made by Word: „{_excerpt(alt)}“",
                "check that it says what the picture shows",
            )
        sink.append(Picture(name, alt, decorative))

    def _picture_file(self, part: Part, alt: str) -> str:
        """The picture's file name in ``bilder/`` (from its alt text, else its name in the
        package), the same for the same picture; its bytes are kept for writing."""
        key = str(part.partname)
        if key not in self.picture_names:
            path = PurePosixPath(key)
            suffix = (
                path.suffix.lower()
                if re.fullmatch(r"\.[a-z0-9]{1,5}", path.suffix.lower())
                else ".bin"
            )
            stem = slug(alt, 40) or slug(path.stem, 40) or "bild"
            name, n = f"{stem}{suffix}", 2
            while name in self.pictures:
                name, n = f"{stem}-{n}{suffix}", n + 1
            self.pictures[name] = part.blob
            self.picture_names[key] = name
        return self.picture_names[key]

    # --- title data, headers and footers ------------------------------------------------

    def _title_block(self) -> TitleBlock:
        values: dict[str, object] = {}
        lines: dict[str, int] = {}
        core = self._core_properties()
        for kind, parts in self.title_data.items():
            texts = [escape(text) for _, text in parts]
            values[kind] = " ".join(texts) if kind == "date" else texts
            lines[kind] = parts[0][0]
        if "title" not in values and core.get("title"):
            values["title"] = escape(core["title"])
            self.findings.note(
                None,
                f"title: „{core['title']}“ taken from the document properties (File → Info), "
                "as no paragraph has the style Title",
                CHECK_BOOK_YAML,
            )
        language = core.get("language")
        if not language and self.languages:
            language = self.languages.most_common(1)[0][0]
            share = self.languages[language] / self.languages.total()
            self.findings.note(
                None,
                f"language: {language}, the language Word marks {share:.0%} of the text with",
                CHECK_BOOK_YAML,
            )
        if language:
            values["lang"] = language
        if core.get("keywords"):
            values["keywords"] = core["keywords"]
        return TitleBlock(values, lines)

    def _core_properties(self) -> dict[str, str]:
        package = self.document.part.package
        part = next(
            (r.target_part for r in package.rels.values() if r.reltype == RT.CORE_PROPERTIES),
            None,
        )
        if part is None:
            return {}
        root = _parse(part, self.findings.file)
        found = {}
        for key, name in CORE_PROPERTIES:
            element = root.find(q(name))
            if element is not None and (element.text or "").strip():
                found[key] = " ".join((element.text or "").split())
        return found

    def _report_headers_and_footers(self) -> None:
        texts = [
            " ".join(_texts(_parse(r.target_part, self.findings.file)).split())
            for r in self.document.part.rels.values()
            if r.reltype in (RT.HEADER, RT.FOOTER) and not r.is_external
        ]
        shown = [text for text in texts if text]
        if shown:
            self.findings.note(
                None,
                f"headers and footers are not imported („{_excerpt(' / '.join(shown))}“)",
                "the book makes its own running heads and page numbers",
            )

    # --- the body as lines --------------------------------------------------------------

    def _body_lines(self) -> list[Line]:
        out: list[Line] = []
        previous: Block | None = None
        for block in self.blocks:
            lines = block.render()
            if previous is not None:
                number = lines[0].number
                if block.kind == previous.kind == "quote":
                    out.append(Line(number, ">"))
                elif not (block.kind == previous.kind == "item" and not block.loose):
                    out.append(Line(number, ""))
            out.extend(lines)
            previous = block
        return out


def _alignment(cell: Element) -> str:
    """The delimiter of a pipe table column whose cell is aligned like ``cell``'s first
    paragraph."""
    paragraph = cell.find(q("w:p"))
    properties = paragraph.find(q("w:pPr")) if paragraph is not None else None
    return {"right": "---:", "end": "---:", "center": ":---:"}.get(
        _val(properties, "w:jc") or "", "---"
    )


def _column_aligns(aligns: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each column's alignment: the one all its body cells share (the header is often
    centred on its own), else the default."""
    body = aligns[1:] or aligns
    out = []
    for column in range(width):
        found = {row[column] for row in body if column < len(row)}
        out.append(found.pop() if len(found) == 1 else "---")
    return out


def _children(parent: Element, name: str) -> Iterator[Element]:
    """``parent``'s children called ``name``, also inside content controls."""
    for child in parent:
        if child.tag == q(name):
            yield child
        elif child.tag in (q("w:sdt"), q("w:customXml")):
            content = child.find(q("w:sdtContent")) if child.tag == q("w:sdt") else child
            if content is not None:
                yield from _children(content, name)


def _run_content(run: Element) -> Iterator[Element]:
    for child in run:
        if child.tag == q("mc:AlternateContent"):
            yield from _chosen(child)
        else:
            yield child


def _chosen(alternate: Element) -> Element:
    """The branch of ``mc:AlternateContent`` to read: its first choice (what current Word
    shows), else its fallback."""
    choice = alternate.find(q("mc:Choice"))
    if choice is None:
        choice = alternate.find(q("mc:Fallback"))
    return choice if choice is not None else etree.Element("empty")


def _alt_text(properties: Element | None) -> str:
    if properties is None:
        return ""
    text = str(properties.get("descr") or properties.get("title") or "")
    return " ".join(text.split())


def _line_texts(items: Sequence[Item]) -> list[str]:
    """The plain text of ``items``, one entry per line (split at line breaks)."""
    lines: list[list[Item]] = [[]]
    for item in items:
        if isinstance(item, Break):
            lines.append([])
        else:
            lines[-1].append(item)
    return [" ".join(plain(line).split()) for line in lines]


def _first(values: Iterable[T | None]) -> T | None:
    """The first of ``values`` that is not None."""
    return next((value for value in values if value is not None), None)


def _switch_value(value: str | None) -> bool:
    return str(value).lower() in ("1", "true", "on")


def _reason(reasons: list[str], reason: str) -> None:
    if reason not in reasons:
        reasons.append(reason)


def _trimmed(items: Sequence[Item]) -> list[Item]:
    """``items`` without the spaces at the start and end of the paragraph."""
    out = list(items)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[0], Text):
        first = out[0]
        out[0] = Text(first.text.lstrip(), first.bold, first.italic)
    if out and isinstance(out[-1], Text):
        last = out[-1]
        out[-1] = Text(last.text.rstrip(), last.bold, last.italic)
    return out
