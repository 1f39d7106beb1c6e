"""The blocks of the main text (ECMA-376 Part 1, §17.2–17.3.1): paragraphs by their style
(title data, headings, quotes, captions, tables of contents), list items with their nesting,
figures, tables, content controls, and embedded documents, each as Markdown lines that carry
the number of the paragraph they come from.

A paragraph whose mark was deleted as a tracked change runs on into the next one, as Word's
„accept all“ joins them (the joined paragraph has the properties of the last one, whose mark
stays); so does a drop cap, the large first letter Word keeps in a frame of its own.
Automatic heading numbers are written into the heading's text (reported once), so headings
read as they did in Word; list numbers become Markdown's ``1.``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from publish.importer.docx.altchunk import ChunkBlock, format_name, read_chunk
from publish.importer.docx.context import Context
from publish.importer.docx.items import (
    Item,
    Link,
    Picture,
    Text,
    line_texts,
    plain,
    shows_something,
)
from publish.importer.docx.markdown import picture_markdown
from publish.importer.docx.numbering import Level
from publish.importer.docx.runs import InlineReader
from publish.importer.docx.styles import TITLE_KINDS, ParagraphStyle, indent
from publish.importer.docx.tables import TableReader, joins_next
from publish.importer.docx.wordml import (
    Element,
    chosen,
    excerpt,
    first,
    local_name,
    q,
    texts,
    twips,
    val,
)
from publish.importer.lines import Line, escape_line_start
from publish.importer.report import Dropped
from publish.symbols import BULLETS

MARKDOWN_LEVELS = 6
#: Body-level elements that mark places and hold no text.
MARKERS = frozenset(
    q(name)
    for name in (
        "w:sectPr", "w:bookmarkEnd", "w:commentRangeStart", "w:commentRangeEnd", "w:proofErr",
        "w:permStart", "w:permEnd", "w:moveFromRangeStart", "w:moveFromRangeEnd",
        "w:moveToRangeStart", "w:moveToRangeEnd", "w:customXmlPr", "w:sdtPr", "w:sdtEndPr",
    )
)  # fmt: skip


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
class OpenItem:
    """A list item whose nested items may follow: its indent in Word and in Markdown."""

    indent: int
    column: int
    ordered: bool
    number: int
    delimiter: str


class BlockReader:
    """Reads the body, block by block, into :attr:`blocks`."""

    def __init__(self, context: Context, inline: InlineReader) -> None:
        self.context = context
        self.inline = inline
        self.tables = TableReader(context, inline)
        self.blocks: list[Block] = []
        self.title_data: dict[str, list[tuple[int, str]]] = {}  # key → (paragraph, line)
        self.toc: list[tuple[int, str]] = []  # entries of a table of contents, to drop
        self.stack: list[OpenItem] = []  # the list items open at this point
        self.heading_anchors: dict[str, str] = {}  # bookmark → text of its heading
        self.next_bookmarks: list[str] = []  # bookmarks between paragraphs
        self.numbered_headings = False
        self.line = 0  # the paragraph the block being made starts in
        self.chunks = 0

    # --- the body -------------------------------------------------------------------------

    def read(self, body: Element) -> None:
        self.blocks_in(body)
        self.flush_toc()

    def blocks_in(self, container: Element) -> None:
        """The blocks of ``container`` (the body, a content control …), in order."""
        joined: list[Element] = []  # paragraphs that run on into the next, waiting
        for child in container:
            tag = child.tag
            if tag == q("w:p"):
                joined.append(child)
                if not joins_next(child):
                    self.paragraph(joined)
                    joined = []
                continue
            if joined:
                self.paragraph(joined)
                joined = []
            self._block(child, tag)
        if joined:
            self.paragraph(joined)

    def _block(self, child: Element, tag: str) -> None:
        if tag == q("w:tbl"):
            self._table(child)
        elif tag == q("w:sdt"):
            self._control(child)
        elif tag in (q("w:customXml"), q("w:ins"), q("w:moveTo"), q("w:smartTag")):
            self.blocks_in(child)
        elif tag == q("mc:AlternateContent"):
            branch = chosen(child)
            if branch is not None:
                self.blocks_in(branch)
        elif tag == q("w:bookmarkStart"):
            self.next_bookmarks.append(str(child.get(q("w:name"))))
        elif tag == q("w:altChunk"):
            self._alt_chunk(child)
        elif tag in (q("w:del"), q("w:moveFrom")):
            text = texts(child, "w:delText", "w:t")
            if text.strip():
                message = f"tracked deletion „{excerpt(text)}“ left out"
                hint = "insertions were kept; accept or reject the changes in Word to be sure"
                self.context.drop(Dropped.DELETION, text, message, hint)
        elif tag not in MARKERS and texts(child).strip():
            self.context.note(
                f"„{local_name(child)}“ could not be converted – left out: "
                f"„{excerpt(texts(child))}“"
            )

    def _control(self, sdt: Element) -> None:
        """A content control around blocks; the one Word makes for its table of contents is
        dropped, one that shows its placeholder text is left out."""
        content = sdt.find(q("w:sdtContent"))
        if content is None:
            return
        properties = sdt.find(q("w:sdtPr"))
        gallery = properties.find(f".//{q('w:docPartGallery')}") if properties is not None else None
        if gallery is not None and "table of contents" in str(gallery.get(q("w:val"))).lower():
            for paragraph in content.iter(q("w:p")):
                self.context.number += 1
                self.toc.append((self.context.number, plain(self._items(paragraph))))
            self.flush_toc()
            return
        if properties is not None and properties.find(q("w:showingPlcHdr")) is not None:
            self.context.number += sum(1 for _ in content.iter(q("w:p")))
            if texts(content).strip():
                self.context.note(
                    "the placeholder text of a content control "
                    f"„{excerpt(texts(content))}“ was left out"
                )
            return
        self.blocks_in(content)

    def flush_toc(self) -> None:
        entries = [(n, text) for n, text in self.toc if text.strip()]
        if entries:
            title = entries[0][1].strip()
            text = "\n".join(text for _, text in entries)
            message = f"table of contents „{excerpt(title)}“ dropped – the book makes its own"
            self.context.findings.drop(Dropped.TOC, entries[0][0], text, message)
        self.toc = []

    # --- paragraphs -----------------------------------------------------------------------

    def _items(self, paragraph: Element) -> list[Item]:
        properties = paragraph.find(q("w:pPr"))
        style = self.context.styles.paragraph(val(properties, "w:pStyle"))
        self.inline.start_paragraph(style.language or self.context.styles.language)
        return self.inline.items(paragraph, self.context.main)

    def paragraph(self, joined: list[Element]) -> None:
        """One paragraph as Word shows it after „accept all“: ``joined`` are the paragraphs
        whose marks were deleted (or drop caps), then the one whose mark stays."""
        context = self.context
        self.line = context.number + 1
        self.inline.bookmarks, self.next_bookmarks = self.next_bookmarks, []
        items: list[Item] = []
        mapped: set[str] = set()
        for paragraph in joined:
            context.number += 1
            items.extend(self._items(paragraph))
            mapped |= self.inline.mapped
        last = joined[-1]
        properties = last.find(q("w:pPr"))
        style = context.styles.paragraph(val(properties, "w:pStyle"))
        if style.kind == "toc":
            self.toc.append((self.line, plain(items)))
            return
        self.flush_toc()
        if shows_something(items):
            self._place(_bulleted(items, mapped), style, properties)
        self._side_paragraphs()

    def _place(self, items: list[Item], style: ParagraphStyle, properties: Element | None) -> None:
        kind = style.kind
        outline = twips(val(properties, "w:outlineLvl"))
        if not kind and outline is not None and 0 <= outline < 9:
            kind = "heading"
        if kind in TITLE_KINDS.values():
            if any(isinstance(item, Picture) for item in items):
                self.context.note(f"a picture in the {kind} paragraph was left out")
            lines = [(self.line, line) for line in line_texts(items) if line]
            if lines:
                self.title_data.setdefault(kind, []).extend(lines)
            return
        numbering = self.context.numbering.paragraph_level(style, properties)
        if kind == "heading":
            depth = outline + 1 if style.kind != "heading" and outline is not None else style.level
            self.heading(items, depth, numbering)
            return
        if numbering is not None:
            level, num_id = numbering
            where = first((indent(properties), level.indent, style.indent))
            self.list_item(items, level, num_id, where)
            return
        self.stack = []
        last = self.blocks[-1] if self.blocks else None
        if kind == "caption" and last and last.picture and not last.picture.caption:
            last.picture.caption = " ".join(plain(items).split())
            return
        shown = [i for i in items if not (isinstance(i, Text) and not i.text.strip())]
        if len(shown) == 1 and isinstance(shown[0], Picture):
            self.blocks.append(Block("figure", [Line(self.line, "")], picture=shown[0]))
            return
        self.text_block(items, "quote" if kind == "quote" else "paragraph")

    def text_block(self, items: list[Item], kind: str = "paragraph") -> None:
        """A paragraph (or quoted paragraph) of running text."""
        self.stack = []
        lines = self._markdown_lines(items)
        if kind == "quote":
            lines = [Line(line.number, f"> {line.text}") for line in lines]
        self.blocks.append(Block(kind, lines))

    def _markdown_lines(self, items: list[Item]) -> list[Line]:
        text = self.context.markdown_trimmed(items)
        return [Line(self.line, escape_line_start(line)) for line in text.split("\n")]

    def heading(self, items: list[Item], level: int, numbering: tuple[Level, str] | None) -> None:
        self.stack = []
        if numbering is not None and numbering[0].ordered:
            counters = self.context.numbering.advance(*numbering)
            label = self.context.numbering.label(numbering[0], counters, numbering[1])
            if label.strip():
                items = [Text(label.strip() + " "), *items]
                if not self.numbered_headings:
                    self.context.note(
                        f"automatic heading numbers were written into the headings' text "
                        f"(„{excerpt(plain(items))}“)"
                    )
                self.numbered_headings = True
        if level > MARKDOWN_LEVELS:
            self.context.note(f"heading level {level} became 6 (Markdown has six levels)")
            level = MARKDOWN_LEVELS
        text = self.context.markdown_trimmed(_unbold(items), breaks=" ").strip()
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        if text.endswith("\\}"):
            text = text[:-2] + "&#125;"
        heading_text = " ".join(plain(items).split())
        for name in self.inline.bookmarks:
            self.heading_anchors.setdefault(name, heading_text)
        self.blocks.append(Block("heading", [Line(self.line, "#" * level + " " + text)]))

    def list_item(self, items: list[Item], level: Level, num_id: str, where: int | None) -> None:
        numbering = self.context.numbering
        counters = numbering.advance(level, num_id)
        number = counters[level.ilvl] or 1
        key = where if where is not None else (level.ilvl + 1) * 720
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
            label = numbering.label(level, counters, num_id).strip()
            if label and label not in (f"{number}.", f"{number})"):
                self.context.note(
                    f"list numbering „{excerpt(label)}“ became „{marker}“ – the book numbers "
                    "lists 1., 2., 3. at every level"
                )
        # A blank line before a new list after an item: at the top (for the eye), and where
        # CommonMark would otherwise read a list starting at 3 as the text of the item above.
        previous = self.blocks[-1] if self.blocks else None
        after_item = previous is not None and previous.kind == "item"
        loose = after_item and new_list and (not column or (level.ordered and number != 1))
        self.stack.append(OpenItem(key, column + len(marker) + 1, level.ordered, number, delimiter))
        lines = self._markdown_lines(items)
        inner = " " * (column + len(marker) + 1)
        rendered = [Line(self.line, " " * column + marker + " " + lines[0].text)]
        rendered += [Line(line.number, inner + line.text) for line in lines[1:]]
        self.blocks.append(Block("item", rendered, loose=loose))

    def _side_paragraphs(self) -> None:
        """Text boxes met in the paragraph: their paragraphs follow it as plain text."""
        for items in self.inline.side:
            if shows_something(items):
                self.text_block(items)
        self.inline.side = []

    # --- tables and embedded documents ----------------------------------------------------

    def _table(self, element: Element) -> None:
        self.flush_toc()
        self.stack = []
        table = self.tables.table(element)
        if table is None:
            return
        if table.reasons:
            self.context.findings.note(table.number, "table: " + "; ".join(table.reasons))
        self.blocks.append(Block("table", table.lines))

    def _alt_chunk(self, element: Element) -> None:
        """An embedded document: read if it is HTML or text, else reported by name. It
        counts as one paragraph in the report's numbering."""
        self.flush_toc()
        context = self.context
        context.number += 1
        self.line = context.number
        relation = context.main.rels.get(str(element.get(q("r:id"))))
        part = relation.part if relation is not None else None
        if part is None:
            context.note("an embedded document (altChunk) is not in the file – left out")
            return
        name = part.name.lstrip("/")
        chunk = read_chunk(part)
        if chunk is None:
            context.note(
                f"the embedded document {name} ({format_name(part)}) cannot be converted – "
                "left out",
                "open the document in Word and save it again: Word makes it ordinary text",
            )
            return
        left_out = f"; left out: {', '.join(chunk.left_out)}" if chunk.left_out else ""
        context.note(
            f"the embedded document {name} ({format_name(part)}) was imported: "
            f"{len(chunk.blocks)} paragraph(s) at this place{left_out}"
        )
        self.chunks += 1
        for block in chunk.blocks:
            self._chunk_block(block)

    def _chunk_block(self, block: ChunkBlock) -> None:
        if block.kind == "heading":
            self.heading(block.items, block.level, None)
        elif block.kind == "item":
            depth = min(block.level, 8)
            fmt = "decimal" if block.ordered else "bullet"
            list_id = f"altChunk{self.chunks}"
            level = Level(list_id, depth, fmt, 1, f"%{depth + 1}.", None)
            self.list_item(block.items, level, list_id, None)
        else:
            self.text_block(block.items, block.kind)


def _unbold(items: list[Item]) -> list[Item]:
    """A heading's items without bold (a heading is bold by itself), links included."""
    return [
        replace(i, bold=False)
        if isinstance(i, Text)
        else Link(tuple(_unbold(list(i.items))), i.destination)
        if isinstance(i, Link)
        else i
        for i in items
    ]


def _bulleted(items: list[Item], mapped: set[str]) -> list[Item]:
    """A paragraph that begins with a bullet typed in a symbol font (and a space): that
    bullet as „•“, which the Markdown importer makes a list item."""
    text = plain(items).lstrip()
    if not (len(text) > 1 and text[0] in BULLETS and text[0] in mapped and text[1].isspace()):
        return items
    index = next(i for i, item in enumerate(items) if isinstance(item, Text) and item.text.strip())
    item = items[index]
    if not isinstance(item, Text) or plain(items[:index]).strip():
        return items
    start = len(item.text) - len(item.text.lstrip())
    bullet = replace(item, text=item.text[:start] + "•" + item.text[start + 1 :])
    return [*items[:index], bullet, *items[index + 1 :]]
