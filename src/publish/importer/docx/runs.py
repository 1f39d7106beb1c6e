"""A paragraph's inline content (ECMA-376 Part 1, §17.3.2–17.3.3): runs and their look,
links, fields, footnote calls, symbols, and what tracked changes and comments leave in the
text.

Tracked changes are read as Word's „accept all“ leaves the text: insertions (``w:ins``) and
moved-to text (``w:moveTo``) are kept, deletions (``w:del``) and moved-from text
(``w:moveFrom``) left out, property changes (``w:rPrChange``, ``w:pPrChange``) ignored (the
current properties count). Comments are left out with a note; their ranges mark nothing.
Content controls, smart tags and custom XML wrap content that is read as if they were not
there (a control still showing its placeholder text is left out). Characters of Word's
symbol fonts (private use, U+F020–U+F0FF) become the characters they stand for in their
font (:func:`publish.symbols.symbol_meaning`), each listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from publish.importer.docx.context import Context
from publish.importer.docx.fields import SILENT, Fields, hyperlink_target
from publish.importer.docx.items import (
    CONTROL,
    PRIVATE_USE,
    SEPARATORS,
    Break,
    Item,
    Link,
    Text,
    plain,
    shows_something,
)
from publish.importer.docx.markdown import link_destination
from publish.importer.docx.notes import NoteReader
from publish.importer.docx.package import Part
from publish.importer.docx.pictures import PictureReader
from publish.importer.docx.styles import font_of
from publish.importer.docx.wordml import (
    Element,
    chosen,
    descendants,
    excerpt,
    q,
    switch,
    texts,
    val,
)
from publish.importer.report import Dropped
from publish.symbols import Symbol, symbol_meaning

#: Marks an internal link's target until every heading is known (see ``resolve_anchors``).
ANCHOR = "\ue010"
ANCHOR_MARK = re.compile(f"{ANCHOR}(\\d+){ANCHOR}")
#: Properties and markers that hold no text of their own.
PROPERTIES = frozenset(
    q(name)
    for name in (
        "w:pPr", "w:rPr", "w:sdtPr", "w:sdtEndPr", "w:smartTagPr", "w:customXmlPr",
        "w:commentRangeStart", "w:commentRangeEnd", "w:proofErr", "w:permStart", "w:permEnd",
        "w:bookmarkEnd", "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart",
        "w:moveToRangeEnd",
    )
)  # fmt: skip


@dataclass(frozen=True)
class RunLook:
    """How a run looks, as far as the import reads it, its language and font."""

    language: str
    bold: bool
    italic: bool
    vertical: str
    underline: bool
    strike: bool
    highlight: bool
    font: str | None


class InlineReader:
    """Reads what a paragraph shows into items; notes what cannot be carried over."""

    def __init__(self, context: Context, notes: NoteReader) -> None:
        self.context = context
        self.notes = notes
        self.pictures = PictureReader(context, self)
        comments = context.main.related("comments")
        self.comments = {
            str(c.get(q("w:id"))): " ".join(texts(p) for p in c.iter(q("w:p")))
            for c in (comments.xml.iterchildren(q("w:comment")) if comments is not None else ())
        }
        self.fields = Fields()
        self.lost: dict[str, list[str]] = {}  # formatting lost in the paragraph, with text
        self.link_depth = 0
        self.paragraph_language = ""
        self.bookmarks: list[str] = []  # bookmarks of the paragraph being read
        self.anchors: list[str] = []  # bookmark names that links point at
        self.side: list[list[Item]] = []  # text-box paragraphs, placed after the paragraph
        #: What symbol-font characters became in the paragraph, and the mappings noted.
        self.mapped: set[str] = set()
        self.noted: set[tuple[str, str]] = set()
        self.breaks_noted = False

    # --- a paragraph ----------------------------------------------------------------------

    def items(self, paragraph: Element, story: Part) -> list[Item]:
        """What a paragraph shows, in order; what cannot be carried over is noted."""
        sink: list[Item] = []
        lost, self.lost = self.lost, {}
        self.inline(paragraph, story, sink)
        unlinked, broken = self.fields.paragraph_end()
        if unlinked:
            self.context.note(
                "a link field runs across paragraphs – kept its text without the link"
            )
        for field in broken:
            if field.skipped.strip():
                self.context.note(
                    f"a damaged field (no end in its paragraph): its text "
                    f"„{excerpt(field.skipped)}“ was left out"
                )
        for what, found in self.lost.items():
            quoted = ", ".join(f"„{excerpt(text)}“" for text in found)
            self.context.note(f"{what} {quoted} kept as plain text")
        self.lost = lost
        return sink

    def text_boxes(self, boxes: list[Element], story: Part) -> None:
        """Text boxes met in a paragraph: their paragraphs follow it as plain text."""
        outer, side = self.fields.reset(), self.side
        for box in boxes:
            found: list[list[Item]] = []
            for paragraph in descendants(box, q("w:p")):
                self.side = []
                found.append(self.items(paragraph, story))
                found.extend(self.side)
            shown = [items for items in found if shows_something(items)]
            if shown:
                self.context.note(
                    f"a text box: its {len(shown)} paragraph(s) follow this paragraph "
                    "as ordinary text"
                )
            side.extend(shown)
        self.fields.restore(outer)
        self.side = side

    def note_paragraphs(self, paragraph: Element, story: Part) -> list[list[Item]]:
        """A paragraph of a footnote, and the paragraphs of its text boxes."""
        outer, side = self.fields.reset(), self.side
        self.side = []
        found = [self.items(paragraph, story), *self.side]
        self.fields.restore(outer)
        self.side = side
        return found

    def inline(self, element: Element, story: Part, sink: list[Item]) -> None:
        for child in element:
            tag = child.tag
            if tag == q("w:r"):
                self._run(child, story, sink)
            elif tag == q("w:hyperlink"):
                self._hyperlink(child, story, sink)
            elif tag == q("w:fldSimple"):
                self._simple_field(child, story, sink)
            elif tag == q("w:del"):
                self._deletion(child)
            elif tag == q("w:moveFrom"):
                self._moved_away(child)
            elif tag == q("w:bookmarkStart"):
                self.bookmarks.append(str(child.get(q("w:name"))))
            elif tag in (q("m:oMath"), q("m:oMathPara")):
                self._equation(child, self.fields.sink(sink))
            elif tag == q("mc:AlternateContent"):
                branch = chosen(child)
                if branch is not None:
                    self.inline(branch, story, sink)
            elif tag == q("w:sdt"):
                self._control(child, story, sink)
            elif tag not in PROPERTIES:
                self.inline(child, story, sink)  # w:ins, w:moveTo, w:smartTag, w:customXml …

    def _control(self, sdt: Element, story: Part, sink: list[Item]) -> None:
        """A content control in a paragraph: its content, unless it shows its placeholder."""
        content = sdt.find(q("w:sdtContent"))
        if content is None:
            return
        properties = sdt.find(q("w:sdtPr"))
        if properties is not None and properties.find(q("w:showingPlcHdr")) is not None:
            shown = texts(content)
            if shown.strip():
                self.context.note(
                    f"the placeholder text of a content control „{excerpt(shown)}“ was left out"
                )
            return
        self.inline(content, story, sink)

    # --- runs -----------------------------------------------------------------------------

    def _run(self, run: Element, story: Part, sink: list[Item]) -> None:
        properties = run.find(q("w:rPr"))
        styles = self.context.styles
        style = styles.run(val(properties, "w:rStyle"))
        hidden = switch(properties, "w:vanish")
        if hidden or (hidden is None and style.hidden):
            text = texts(run)
            if text.strip():
                message = f"hidden text „{excerpt(text)}“ left out"
                self.context.drop(Dropped.HIDDEN_TEXT, text, message)
            return
        bold = switch(properties, "w:b")
        italic = switch(properties, "w:i")
        look = RunLook(
            val(properties, "w:lang") or style.language or self.paragraph_language,
            bool(style.bold if bold is None else bold),
            bool(style.italic if italic is None else italic),
            val(properties, "w:vertAlign") or style.vertical or "",
            val(properties, "w:u") not in (None, "none"),
            bool(switch(properties, "w:strike") or switch(properties, "w:dstrike")),
            val(properties, "w:highlight") not in (None, "none"),
            font_of(properties) or style.font or styles.font,
        )
        for child in run:
            if child.tag == q("mc:AlternateContent"):
                branch = chosen(child)
                for inner in branch if branch is not None else ():
                    self._run_child(inner, look, story, sink)
            else:
                self._run_child(child, look, story, sink)

    def _run_child(self, child: Element, look: RunLook, story: Part, sink: list[Item]) -> None:
        tag = child.tag
        if tag == q("w:fldChar"):
            self._field_char(str(child.get(q("w:fldCharType"))), sink)
        elif tag == q("w:instrText"):
            self.fields.instruction(child.text or "")
        elif self.fields.in_instruction:
            if tag == q("w:t"):
                self.fields.skip(child.text or "")
        elif tag == q("w:t"):
            self._text(child.text or "", look, self.fields.sink(sink))
        elif tag in (q("w:tab"), q("w:ptab")):
            self.fields.sink(sink).append(Text(" ", look.bold, look.italic))
        elif tag in (q("w:br"), q("w:cr")):
            self._break(child, look, self.fields.sink(sink))
        elif tag == q("w:noBreakHyphen"):
            self.fields.sink(sink).append(Text("-", look.bold, look.italic))
        elif tag == q("w:sym"):
            self._symbol(child, look, self.fields.sink(sink))
        elif tag in (q("w:footnoteReference"), q("w:endnoteReference")):
            kind = "footnote" if tag == q("w:footnoteReference") else "endnote"
            self.notes.call(kind, str(child.get(q("w:id"))), self.fields.sink(sink))
        elif tag == q("w:commentReference"):
            self._comment(str(child.get(q("w:id"))))
        elif tag == q("w:drawing"):
            self.pictures.drawing(child, story, self.fields.sink(sink))
        elif tag == q("w:pict"):
            self.pictures.vml(child, story, self.fields.sink(sink))
        elif tag == q("w:object"):
            program = next((o.get("ProgID") for o in child.iter(q("o:OLEObject"))), None)
            self.context.note(
                f"embedded object ({program or 'OLE'}) cannot be converted – left out",
                "paste it as a picture with alt text",
            )

    def _break(self, element: Element, look: RunLook, sink: list[Item]) -> None:
        """A line break; a page or column break is a space (the book makes its own pages)."""
        if element.get(q("w:type")) in (None, "textWrapping"):
            sink.append(Break())
            return
        sink.append(Text(" ", look.bold, look.italic))
        if not self.breaks_noted:
            self.breaks_noted = True
            self.context.note("page and column breaks were left out – the book makes its own pages")

    def clean(self, text: str, font: str | None = None) -> str:
        """``text`` as the book can hold it: separators as spaces, control characters left
        out, symbol-font characters as what they mean in ``font`` (each noted)."""
        text = SEPARATORS.sub(" ", text)
        if CONTROL.search(text):
            self.context.note(
                f"control characters (invisible) left out of „{excerpt(CONTROL.sub('', text))}“"
            )
            text = CONTROL.sub("", text)
        if PRIVATE_USE.search(text):
            text = self._symbols(text, font)
        return text

    def _text(self, text: str, look: RunLook, sink: list[Item]) -> None:
        text = self.clean(text, look.font)
        vertical = look.vertical if look.vertical in ("superscript", "subscript") else ""
        if look.underline and not self.link_depth and not self.fields.links:
            self._lose("underlined text", text)
        if look.strike:
            self._lose("struck-through text", text)
        if look.highlight:
            self._lose("highlighted text", text)
        if look.language:
            self.context.languages[look.language] += len(text.strip())
        sink.append(Text(text, look.bold, look.italic, vertical))

    def _symbols(self, text: str, font: str | None) -> str:
        """``text`` with each symbol-font character replaced by its meaning (each mapping
        noted once a paragraph); characters without one are left out with a note."""
        out = []
        unknown = False
        for char in text:
            if not PRIVATE_USE.match(char):
                out.append(char)
                continue
            symbol = symbol_meaning(char, font)
            if symbol is None:
                unknown = True
            else:
                out.append(symbol.meaning)
                self._mapped(symbol)
        if unknown:
            self.context.note(
                f"symbol-font characters (private use) left out of „{excerpt(text)}“",
                "type the characters themselves, or describe them in words",
            )
        return "".join(out)

    def _mapped(self, symbol: Symbol) -> None:
        key = (symbol.char, symbol.font)
        if key not in self.noted:
            self.noted.add(key)
            self.context.note(
                f"symbol-font character {symbol.code} ({symbol.font}) read as "
                f"„{symbol.meaning}“ ({symbol.name})"
            )
        self.mapped.add(symbol.meaning)

    def start_paragraph(self, language: str) -> None:
        """A new paragraph of the main text begins (its language as its style sets it)."""
        self.paragraph_language = language
        self.mapped = set()
        self.noted = set()

    def _lose(self, what: str, text: str) -> None:
        if text.strip():
            self.lost.setdefault(what, []).append(text.strip())

    def _symbol(self, symbol: Element, look: RunLook, sink: list[Item]) -> None:
        """A character of a symbol font (``w:sym``): what it stands for in its font."""
        font = str(symbol.get(q("w:font"), "") or "?")
        try:
            code = int(str(symbol.get(q("w:char"), "0")), 16)
        except ValueError:
            code = 0
        if code < 0x100 and font.lower().startswith(("symbol", "wingdings", "webdings")):
            code += 0xF000  # the font's own byte, as Word also writes it
        meaning = symbol_meaning(chr(code), font) if 0xF000 <= code <= 0xF0FF else None
        if meaning is not None:
            self._mapped(meaning)
            sink.append(Text(meaning.meaning, look.bold, look.italic))
        elif not _printable(code):
            self.context.note(
                f"a symbol of the font {font} (code {code:04X}) was left out",
                "type the character itself, or describe it in words",
            )
        else:
            sink.append(Text(chr(code), look.bold, look.italic))

    # --- what tracked changes and comments leave -------------------------------------------

    def _deletion(self, element: Element) -> None:
        text = texts(element, "w:delText", "w:t")
        if text.strip():
            message = f"tracked deletion „{excerpt(text)}“ left out"
            hint = "insertions were kept; accept or reject the changes in Word to be sure"
            self.context.drop(Dropped.DELETION, text, message, hint)

    def _moved_away(self, element: Element) -> None:
        text = texts(element, "w:delText", "w:t")
        if text.strip():
            self.context.note(
                f"moved text „{excerpt(text)}“ left out here – it was kept where it was moved to"
            )

    def _comment(self, comment_id: str) -> None:
        text = self.comments.get(comment_id, "")
        message = (
            f"Word comment „{excerpt(text)}“ left out"
            if text.strip()
            else "a Word comment (its text is not in the file) left out"
        )
        self.context.drop(Dropped.WORD_COMMENT, text, message)

    def _equation(self, math: Element, sink: list[Item]) -> None:
        text = self.clean(texts(math, "m:t"))
        self.context.note(
            f"equation „{excerpt(text)}“ kept as plain text",
            "write it out, or insert it as a picture with alt text",
        )
        sink.append(Text(text))

    # --- fields and links -----------------------------------------------------------------

    def _field_char(self, kind: str, sink: list[Item]) -> None:
        fields = self.fields
        if kind == "begin":
            fields.begin(sink)
        elif kind == "separate":
            current = fields.separate()
            target = hyperlink_target(current.instruction) if current is not None else None
            if current is not None and target is not None and not self.link_depth:
                fields.collect_link(current, self._destination(*target))
        elif kind == "end":
            current = fields.end()
            if current is None:
                return
            if current.items is not None:
                self._link(current.items, current.destination, current.sink)
            name = current.name
            if not current.result and not fields.in_instruction and name and name not in SILENT:
                self.context.note(
                    f"a field without a result („{excerpt(current.instruction)}“) was left out",
                    "update the fields in Word (F9) and save the document again",
                )

    def _simple_field(self, element: Element, story: Part, sink: list[Item]) -> None:
        target = hyperlink_target(str(element.get(q("w:instr"), "")))
        if target is None or self.link_depth or self.fields.links:
            self.inline(element, story, sink)
            return
        items: list[Item] = []
        self.link_depth += 1
        self.inline(element, story, items)
        self.link_depth -= 1
        self._link(items, self._destination(*target), self.fields.sink(sink))

    def _hyperlink(self, element: Element, story: Part, sink: list[Item]) -> None:
        if self.link_depth or self.fields.links:  # a link inside a link: its text only
            self.inline(element, story, sink)
            return
        relation = story.rels.get(str(element.get(q("r:id"))))
        url = relation.target if relation is not None and relation.external else ""
        items: list[Item] = []
        self.link_depth += 1
        self.inline(element, story, items)
        self.link_depth -= 1
        destination = self._destination(url, str(element.get(q("w:anchor")) or ""))
        self._link(items, destination, self.fields.sink(sink))

    def _destination(self, url: str, anchor: str) -> str:
        if url:
            return link_destination(url + (f"#{anchor}" if anchor else ""))
        if anchor:
            self.anchors.append(anchor)
            return f"#{ANCHOR}{len(self.anchors) - 1}{ANCHOR}"
        return ""

    def _link(self, items: list[Item], destination: str, sink: list[Item]) -> None:
        if destination and plain(items).strip():
            sink.append(Link(tuple(self._no_leading_superscript(items)), destination))
        else:
            sink.extend(items)

    def _no_leading_superscript(self, items: list[Item]) -> list[Item]:
        """A link's text that begins raised would begin ``[^``, a footnote call to Pandoc
        and the Markdown importer: that part is kept as plain text (and noted)."""
        start = next((i for i, item in enumerate(items) if plain([item]).strip()), len(items))
        first = items[start] if start < len(items) else None
        if not isinstance(first, Text) or first.vertical != "superscript":
            return items
        self._lose("superscript at the start of a link", first.text)
        return [*items[:start], replace(first, vertical=""), *items[start + 1 :]]


def _printable(code: int) -> bool:
    """Whether the code point is a character the book can hold (``w:sym`` may name any)."""
    if not 0x20 <= code <= 0x10FFFF or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
        return False
    return code not in (0xFFFE, 0xFFFF) and not PRIVATE_USE.match(chr(code))
