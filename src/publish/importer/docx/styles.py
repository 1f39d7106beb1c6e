"""``styles.xml`` (ECMA-376 Part 1, §17.7): what a paragraph style makes of a paragraph
(title data, heading and its level, quote, caption, table of contents, list numbering,
indent, language) and what a character style sets (bold, italic, hidden, raised or lowered,
language, font).

A document without a styles part (generators write none) has no styles: every paragraph is
a plain paragraph unless its own properties say otherwise (an outline level, numbering).
Style names are matched in English and German, and only a style's own name makes title data
(Pandoc bases „Date“ on „Title“, and a style based on „Heading 1“ is a heading, but one based
on „Title“ is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from publish.importer.docx.wordml import Element, first, q, switch, switch_value, twips, val

#: A heading style's name (Word's style id has no spaces, and drops the „Ü“ of „Überschrift“).
HEADING_STYLE = re.compile(r"(?:heading|überschrift|berschrift)\s*([1-9])")
TOC_STYLE = re.compile(
    r"(?:toc|contents|verzeichnis)\s*[1-9]|(?:toc|contents)\s*heading|inhaltsverzeichnisüberschrift"
)
#: Styles that make title data.
TITLE_KINDS = {
    "title": "title", "titel": "title", "subtitle": "subtitle", "untertitel": "subtitle",
    "date": "date", "datum": "date", "author": "author", "autor": "author",
}  # fmt: skip
STYLE_KINDS = {
    "quote": "quote", "intense quote": "quote", "zitat": "quote", "intensives zitat": "quote",
    "block text": "quote", "blocktext": "quote",
    "caption": "caption", "beschriftung": "caption",
}  # fmt: skip
#: How far ``w:basedOn`` is followed (Word allows no cycles; a crafted file may have some).
MAX_CHAIN = 20


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
    font: str | None = None


class Styles:
    """``styles.xml``: styles by id, followed along ``w:basedOn``; ``root`` None when the
    document has no styles part."""

    def __init__(self, root: Element | None) -> None:
        styles = root.iter(q("w:style")) if root is not None else ()
        self.by_id = {str(s.get(q("w:styleId"))): s for s in styles}
        self.default = next(
            (
                key
                for key, style in self.by_id.items()
                if style.get(q("w:type")) == "paragraph" and switch_value(style.get(q("w:default")))
            ),
            None,
        )
        defaults = (
            root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
            if root is not None
            else None
        )
        self.language = val(defaults, "w:lang") or ""
        self.font = font_of(defaults)
        #: Style ids used but not defined: read by their names (``Heading1``, ``Title`` …).
        self.undefined: set[str] = set()
        self.paragraph = cache(self._paragraph)
        self.run = cache(self._run)

    def chain(self, style_id: str | None) -> list[Element]:
        """The style ``style_id`` and the styles it is based on, nearest first."""
        chain: list[Element] = []
        while style_id and style_id in self.by_id and len(chain) < MAX_CHAIN:
            style = self.by_id[style_id]
            if any(style is seen for seen in chain):
                break
            chain.append(style)
            style_id = val(style, "w:basedOn")
        return chain

    def _paragraph(self, style_id: str | None) -> ParagraphStyle:
        if style_id and style_id not in self.by_id:
            return self._undefined(style_id)
        chain = self.chain(style_id or self.default)
        own = style_name(chain[0]) if chain else ""
        kind, level = TITLE_KINDS.get(own, ""), 0
        for style in chain if not kind else ():
            kind, level = style_kind(style_name(style))
            if kind:
                break
        properties = [s.find(q("w:pPr")) for s in chain]
        if not kind:
            outline = first(twips(val(p, "w:outlineLvl")) for p in properties)
            if outline is not None and 0 <= outline < 9:
                kind, level = "heading", outline + 1
        numbering = first(p.find(q("w:numPr")) if p is not None else None for p in properties)
        return ParagraphStyle(
            kind,
            level,
            val(numbering, "w:numId"),
            twips(val(numbering, "w:ilvl")),
            first(indent(p) for p in properties),
            first(val(style.find(q("w:rPr")), "w:lang") for style in chain),
        )

    def _undefined(self, style_id: str) -> ParagraphStyle:
        """A paragraph style the document uses but does not define (a file without a
        styles part): what its id says, as if it were its name."""
        name = style_id.strip().lower()
        kind, level = TITLE_KINDS.get(name, ""), 0
        if not kind:
            kind, level = style_kind(name)
        if not kind:
            kind = next((k for n, k in STYLE_KINDS.items() if n.replace(" ", "") == name), "")
        if kind:
            self.undefined.add(style_id)
        return ParagraphStyle(kind, level)

    def _run(self, style_id: str | None) -> RunStyle:
        properties = [s.find(q("w:rPr")) for s in self.chain(style_id)]

        def on(name: str) -> bool | None:
            return first(switch(p, name) for p in properties)

        return RunStyle(
            on("w:b"),
            on("w:i"),
            on("w:vanish"),
            first(val(p, "w:vertAlign") for p in properties),
            first(val(p, "w:lang") for p in properties),
            first(font_of(p) for p in properties),
        )


def style_name(style: Element) -> str:
    return str(val(style, "w:name") or "").strip().lower()


def style_kind(name: str) -> tuple[str, int]:
    heading = HEADING_STYLE.fullmatch(name)
    if heading:
        return "heading", int(heading.group(1))
    if TOC_STYLE.fullmatch(name):
        return "toc", 0
    return STYLE_KINDS.get(name, ""), 0


def indent(properties: Element | None) -> int | None:
    """The left indent (twips) that paragraph properties set, if any."""
    ind = properties.find(q("w:ind")) if properties is not None else None
    if ind is None:
        return None
    return twips(ind.get(q("w:left"))) if ind.get(q("w:left")) else twips(ind.get(q("w:start")))


def font_of(properties: Element | None) -> str | None:
    """The font that run properties set for the text (``w:rFonts``: ascii, hAnsi, cs)."""
    fonts = properties.find(q("w:rFonts")) if properties is not None else None
    if fonts is None:
        return None
    return first(fonts.get(q(f"w:{name}")) for name in ("ascii", "hAnsi", "cs", "eastAsia"))
