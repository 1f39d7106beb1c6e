"""A chapter's Markdown → model blocks.

The source format is CommonMark with: pipe tables, footnotes (``[^1]``), sub- and
superscript as Pandoc writes them (``CO~2~``, ``m^2^``; see ``scripts.py``), heading ids
(``## Klima {#klima}``), language spans (``[climate justice]{lang=en}``), figures (an image
alone in its paragraph: ``![Alt text](bild.png "Caption")``; decorative images say so with
``{.decorative}`` and an empty alt). Text stays as written: typography (quotes, spaces,
dashes) is the job of ``publish.typography``.

markdown-it-py parses; this module walks its token stream and builds the model, reporting
every construct the book may not use as a :class:`Diagnostic` with file and line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, cast

import PIL.Image
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from publish import model as m
from publish.errors import Diagnostic, SourceLocation
from publish.read.sandbox import Refusal, refusal
from publish.read.scripts import STRIKEOUT_TYPE, scripts_plugin
from publish.read.svg import svg_problems
from publish.tree import block_inlines, iter_inlines

#: ``{#…}`` at the end of a heading; what is inside is checked against :data:`VALID_ID`.
HEADING_ID = re.compile(r"\s*\{#([^{}]*)\}\s*$")
#: An id is a name in URLs and XML: ASCII letter first, then letters, digits, ``-`` and ``_``.
VALID_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
#: Ids the outputs use themselves (footnotes, page and line anchors, navigation).
RESERVED_ID = re.compile(
    r"(fn|fnref|seite|zeile|chapter)-.*|toc|toc-title|landmarks|landmarks-title|page-list"
    r"|page-list-title|zeilen-title|style"
)
UNRESOLVED_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
SAFE_SCHEMES = ("https://", "http://", "mailto:")
#: What to do with an image outside the book.
COPY = "copy it into the book folder"
#: Anything that starts like a URL scheme (``javascript:``, ``file:``, ``data:`` …).
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class _Parser(MarkdownIt):
    """markdown-it quietly turns links with unsafe schemes (javascript:, vbscript:, file:,
    data:) into text; this parser lets every link through, so the reader refuses it with a
    message."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return True


#: A gender star between two letters („Bürger*innen“): text, never the start of emphasis.
GENDER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])")
CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


def _gender_stars(state: StateCore) -> None:
    """Escape every star inside a word before the inline rules see it: CommonMark would
    read „die Bürger*innen und die Schüler*innen“ as emphasis between the two stars.
    Code spans stay as written."""
    for token in state.tokens:
        if token.type == "inline" and "*" in token.content:
            token.content = _escape_gender_stars(token.content)


def _escape_gender_stars(text: str) -> str:
    parts, last = [], 0
    for span in CODE_SPAN.finditer(text):
        parts.append(GENDER_STAR.sub(r"\\*", text[last : span.start()]))
        parts.append(span.group())
        last = span.end()
    parts.append(GENDER_STAR.sub(r"\\*", text[last:]))
    return "".join(parts)


def markdown_parser() -> MarkdownIt:
    """The one configured parser; raw HTML is parsed only so it can be reported."""
    md = _Parser("commonmark", {"typographer": False, "html": True})
    md.enable(["table"])
    md.use(footnote_plugin, inline=False)
    md.use(attrs_plugin, spans=True, allowed=("id", "lang", "class"))
    md.use(scripts_plugin)
    md.core.ruler.before("inline", "gender_stars", _gender_stars)
    return md


@dataclass
class ChapterReader:
    """Turns one chapter file's tokens into blocks; collects problems instead of stopping."""

    file: str
    base: Path
    source: str
    first_footnote: int
    problems: list[Diagnostic] = field(default_factory=list)
    footnote_labels: dict[int, str] = field(default_factory=dict)
    footnote_uses: dict[int, int] = field(default_factory=dict)
    #: HTML tags reported in this chapter (their closing tags are not reported again).
    open_html: set[str] = field(default_factory=set)

    def at(self, token: Token | None, line: int | None = None) -> SourceLocation:
        if line is None and token is not None and token.map:
            line = token.map[0] + 1
        return SourceLocation(self.file, line)

    def report(self, where: SourceLocation, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(where, message, hint))

    # --- blocks --------------------------------------------------------------------------

    def blocks(
        self, tokens: Sequence[Token], start: int, stop: str | None
    ) -> tuple[list[m.Block], int]:
        """Read blocks from ``tokens[start:]`` until a token of type ``stop``."""
        out: list[m.Block] = []
        i = start
        while i < len(tokens) and tokens[i].type != stop:
            block, i = self.block(tokens, i)
            if block is not None:
                out.append(block)
        return out, i + 1

    def block(self, tokens: Sequence[Token], i: int) -> tuple[m.Block | None, int]:
        token = tokens[i]
        where = self.at(token)
        kind = token.type
        if kind == "heading_open":
            return self.heading(token, tokens[i + 1], where), i + 3
        if kind == "paragraph_open":
            close = next(
                j for j in range(i + 2, len(tokens)) if tokens[j].type == "paragraph_close"
            )
            return self.paragraph(tokens[i + 1], where), close + 1
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(tokens, i, where)
        if kind == "blockquote_open":
            blocks, i = self.blocks(tokens, i + 1, "blockquote_close")
            return m.BlockQuote(tuple(blocks), where), i
        if kind == "table_open":
            return self.table(tokens, i, where)
        if kind == "hr":
            return m.ThematicBreak(where), i + 1
        if kind == "html_block":
            first = token.content.strip().split("\n")[0]
            shown = first if len(first) <= 40 else first[:39] + "…"
            self.report(where, f"raw HTML {shown} is not allowed", "write it in Markdown instead")
            return None, i + 1
        if kind in ("fence", "code_block"):
            self.report(
                where,
                "code blocks are not supported",
                "remove the indentation (4 spaces) or the ``` fence",
            )
            return None, i + 1
        if kind == "footnote_block_open":
            return None, self.skip_footnotes(tokens, i)
        if kind == "footnote_anchor":
            return None, i + 1
        self.report(where, f"unsupported Markdown construct ({kind})")
        return None, i + 1

    def heading(self, token: Token, inline: Token, where: SourceLocation) -> m.Heading:
        children = list(inline.children or [])
        explicit = ""
        if children and children[-1].type == "text":
            match = HEADING_ID.search(children[-1].content)
            if match:
                explicit = match.group(1)
                if not VALID_ID.fullmatch(explicit) or RESERVED_ID.fullmatch(explicit):
                    self.report(where, *_id_problem(explicit))
                    explicit = ""
                last = children[-1].copy()
                last.content = children[-1].content[: match.start()]
                children[-1] = last
        inlines = self.inlines(children, where)
        level = int(token.tag[1])
        return m.Heading(level, explicit, inlines, where)

    def paragraph(self, inline: Token, where: SourceLocation) -> m.Block | None:
        children = inline.children or []
        images = [c for c in children if c.type == "image"]
        if images and any(c.type == "link_open" for c in children):
            hint = "put the image on its own line and the link in the text next to it"
            self.report(where, "an image inside a link is not allowed", hint)
            return None
        if images:
            meaningful = [c for c in children if not (c.type == "text" and not c.content.strip())]
            if len(meaningful) == 1:
                return self.figure(images[0], where)
            self.report(
                where, "an image must stand alone in its paragraph", "put it on its own line"
            )
            return None
        return m.Paragraph(self.inlines(children, where), where)

    def figure(self, image: Token, where: SourceLocation) -> m.Figure | None:
        src = str(image.attrs.get("src", ""))
        alt = SPACE_RUN.sub(" ", image.content.strip())
        decorative = "decorative" in str(image.attrs.get("class", "")).split()
        caption = SPACE_RUN.sub(" ", str(image.attrs.get("title", "")))
        path = (self.base / src) if src else self.base
        ok = True
        outside = src.startswith(("/", "\\")) or SCHEME.match(src) is not None
        refused = refusal(path, self.base) if src else Refusal("missing")
        if outside or ".." in Path(src).parts:
            self.report(where, f"image {src} is outside the book", COPY)
            ok = False
        elif refused is not None:  # a symlink that leaves the book folder, a FIFO …
            hint = "check the file name" if refused.kind == "missing" else refused.hint(COPY)
            self.report(where, refused.message(f"image {src}"), hint)
            ok = False
        elif problem := image_problem(path):
            self.report(where, f"image {src} {problem}", "use a PNG or JPEG file (or SVG)")
            ok = False
        elif path.suffix.lower() == ".svg":
            for svg in svg_problems(path.read_bytes()):
                self.report(where, f"image {src} {svg.message}", svg.hint)
                ok = False
        if decorative and alt:
            self.report(where, "a decorative image must have an empty alt text", "write ![](…)")
            ok = False
        if decorative and ok and path.suffix.lower() == ".svg":
            self.report(where, "a decorative image must be a PNG or JPEG file", "convert it")
            ok = False
        if not decorative and not alt:
            self.report(
                where,
                f"image {src} has no alt text",
                "describe it in ![…](…), or mark it {.decorative} if it carries no meaning",
            )
            ok = False
        if not ok:
            return None
        captions = (m.Text(caption),) if caption else ()
        return m.Figure(path, alt, captions, where, decorative)

    def list_block(
        self, tokens: Sequence[Token], i: int, where: SourceLocation
    ) -> tuple[m.ListBlock, int]:
        opener = tokens[i]
        close = opener.type.replace("_open", "_close")
        items: list[m.ListItem] = []
        loose = False
        i += 1
        while tokens[i].type != close:
            item_where = self.at(tokens[i])
            loose = loose or any(
                t.type == "paragraph_open" and not t.hidden and t.level == tokens[i].level + 1
                for t in self._item_tokens(tokens, i)
            )
            blocks, i = self.blocks(tokens, i + 1, "list_item_close")
            items.append(m.ListItem(tuple(blocks), item_where))
        ordered = opener.type == "ordered_list_open"
        start = int(opener.attrs.get("start", 1)) if ordered else 1
        return m.ListBlock(ordered, tuple(items), where, start, loose), i + 1

    @staticmethod
    def _item_tokens(tokens: Sequence[Token], i: int) -> Iterator[Token]:
        level = tokens[i].level
        for token in tokens[i + 1 :]:
            if token.type == "list_item_close" and token.level == level:
                return
            yield token

    def table(self, tokens: Sequence[Token], i: int, where: SourceLocation) -> tuple[m.Table, int]:
        head: list[m.TableRow] = []
        body: list[m.TableRow] = []
        target = head
        cells: list[m.TableCell] = []
        i += 1
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tbody_open":
                target = body
            elif token.type == "tr_close":
                target.append(m.TableRow(tuple(cells)))
                cells = []
            elif token.type in ("th_open", "td_open"):
                cells.append(self.cell(token, tokens[i + 1], where))
                i += 2
            i += 1
        if not any(self._has_text(c.children) for row in head for c in row.cells):
            self.report(where, "the table has no header row", "fill in the first row of the table")
        return m.Table(tuple(head), tuple(body), where), i + 1

    def cell(self, token: Token, inline: Token, where: SourceLocation) -> m.TableCell:
        style = str(token.attrs.get("style", ""))
        align_match = re.search(r"text-align:(left|center|right)", style)
        align = (
            cast(Literal["left", "center", "right"], align_match.group(1)) if align_match else None
        )
        return m.TableCell(
            self.inlines(inline.children or [], where), token.type == "th_open", align
        )

    @staticmethod
    def _has_text(inlines: Sequence[m.Inline]) -> bool:
        return any(not isinstance(i, m.Text) or i.text.strip() for i in inlines)

    def skip_footnotes(self, tokens: Sequence[Token], i: int) -> int:
        while tokens[i].type != "footnote_block_close":
            i += 1
        return i + 1

    # --- footnotes -----------------------------------------------------------------------

    def footnotes(self, tokens: Sequence[Token], env: dict[str, object]) -> list[m.Footnote]:
        """The chapter's footnotes in the order of their first call; reports unused ones."""
        notes: list[m.Footnote] = []
        for i, token in enumerate(tokens):
            if token.type == "footnote_open":
                index = int(token.meta["id"])
                label = str(token.meta.get("label", index + 1))
                blocks, _ = self.blocks(tokens, i + 1, "footnote_close")
                where = self.footnote_location(label)
                if any(not isinstance(b, m.Paragraph) for b in blocks):
                    hint = "a footnote holds text only: no lists, tables, images or headings"
                    self.report(where, f"footnote [^{label}] holds more than text", hint)
                if any(
                    isinstance(inline, m.FootnoteRef)
                    for block in blocks
                    for run in block_inlines(block)
                    for inline in iter_inlines(run)
                ):
                    hint = "a footnote has no footnotes: write the text into it"
                    self.report(where, f"footnote [^{label}] cites a footnote", hint)
                notes.append(m.Footnote(label, self.first_footnote + index, tuple(blocks), where))
        refs = cast(dict[str, dict[str, int]], env.get("footnotes", {})).get("refs", {})
        for key, index in refs.items():
            if index == -1:
                label = key[1:]
                self.report(
                    self.footnote_location(label),
                    f"footnote [^{label}] is never referenced",
                    f"cite it with [^{label}] in the text, or delete it",
                )
        return sorted(notes, key=lambda n: n.number)

    def footnote_location(self, label: str) -> SourceLocation:
        """markdown-it keeps no line for a footnote's text: find its definition line."""
        definition = re.compile(r"^ {0,3}\[\^" + re.escape(label) + r"\]:", re.MULTILINE)
        match = definition.search(self.source)
        line = self.source.count("\n", 0, match.start()) + 1 if match else None
        return SourceLocation(self.file, line)

    # --- inlines -------------------------------------------------------------------------

    def inlines(self, tokens: Sequence[Token], where: SourceLocation) -> tuple[m.Inline, ...]:
        stack: list[tuple[Token | None, list[m.Inline]]] = [(None, [])]
        for token in tokens:
            kind = token.type
            if kind.endswith("_open"):
                stack.append((token, []))
            elif kind.endswith("_close"):
                opener, children = stack.pop()
                node = self.container(opener, tuple(_merge_text(children)), where)
                stack[-1][1].extend(node)
            else:
                stack[-1][1].extend(self.leaf(token, where))
        while len(stack) > 1:  # unbalanced: keep the text
            _, children = stack.pop()
            stack[-1][1].extend(children)
        return collapse_spaces(tuple(_merge_text(stack[0][1])))

    def container(
        self, opener: Token | None, children: tuple[m.Inline, ...], where: SourceLocation
    ) -> list[m.Inline]:
        kind = opener.type if opener else ""
        if kind == "em_open":
            return [m.Emphasis(children)]
        if kind == "strong_open":
            return [m.Strong(children)]
        if kind == "sub_open":
            return [m.Subscript(children)]
        if kind == "sup_open":
            return [m.Superscript(children)]
        if kind == "link_open" and opener is not None:
            return self.link(opener, children, where)
        if kind == "span_open" and opener is not None:
            lang = str(opener.attrs.get("lang", ""))
            if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
                self.report(where, "a [span]{…} needs a language: write {lang=en}")
                return list(children)
            return [m.LangSpan(lang, children)]
        return list(children)

    def link(
        self, opener: Token, children: tuple[m.Inline, ...], where: SourceLocation
    ) -> list[m.Inline]:
        href = str(opener.attrs.get("href", ""))
        title = str(opener.attrs.get("title", ""))
        if href.startswith("#") and len(href) > 1:
            return [m.Link(href[1:], True, children, title)]
        if href.startswith(SAFE_SCHEMES):
            return [m.Link(href, False, children, title)]
        self.report(
            where,
            f"link target „{href}“ is not allowed",
            "use #id for a place in the book, or an https:// or mailto: address",
        )
        return list(children)

    def leaf(self, token: Token, where: SourceLocation) -> list[m.Inline]:
        kind = token.type
        if kind == "text":
            for match in UNRESOLVED_FOOTNOTE.finditer(token.content):
                self.report(
                    where,
                    f"footnote [^{match.group(1)}] has no definition",
                    f"add a line „[^{match.group(1)}]: …“ with its text",
                )
            return [m.Text(token.content)]
        if kind == "code_inline":
            return [m.Code(token.content)]
        if kind == "softbreak":
            return [m.Text(" ")]
        if kind == "hardbreak":
            return [m.LineBreak()]
        if kind == "footnote_ref":
            index = int(token.meta["id"])
            self.footnote_uses[index] = self.footnote_uses.get(index, 0) + 1
            if self.footnote_uses[index] == 2:
                label = str(token.meta.get("label", ""))
                hint = "a note has one call: cite it once, or write a second note"
                self.report(where, f"footnote [^{label}] is cited twice", hint)
            return [m.FootnoteRef(str(token.meta.get("label", "")), self.first_footnote + index)]
        if kind == "html_inline":
            tag = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", token.content)
            name = tag.group(1).lower() if tag else token.content
            if token.content.startswith("</") and name in self.open_html:
                return []  # its opening tag is reported already
            self.open_html.add(name)
            self.report(
                where, f"raw HTML {token.content} is not allowed", "write it in Markdown instead"
            )
            return []
        if kind == "image":
            self.report(
                where, "an image must stand alone in its paragraph", "put it on its own line"
            )
            return []
        if kind == STRIKEOUT_TYPE:
            struck = " ".join(token.content.split())
            shown = struck if len(struck) <= 30 else struck[:29] + "…"
            self.report(
                where,
                f"struck-through text ~~{shown}~~ is not supported",
                "delete it if it is deleted text; else remove the ~~ (write \\~ for a tilde)",
            )
            return [m.Text(struck)]
        return [m.Text(token.content)]


#: The image types every output can carry, by file name ending.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


#: Pillow's names of the raster formats in :data:`IMAGE_TYPES`.
RASTER_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def image_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be a figure, or None: its type must be one of
    :data:`IMAGE_TYPES`, and a PNG or JPEG must really be one (an SVG is checked by
    :func:`publish.read.svg.svg_problems`)."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_TYPES:
        return f"is not a PNG, JPEG or SVG file ({suffix or 'no ending'})"
    if suffix == ".svg":
        return None
    try:
        with PIL.Image.open(path) as image:
            image.verify()
            kind = image.format
    except (OSError, SyntaxError, ValueError, PIL.Image.DecompressionBombError):
        return "cannot be read as an image"
    if RASTER_FORMATS.get(kind or "") != IMAGE_TYPES[suffix]:
        return f"is a {kind} file, not what its name says"
    return None


def _id_problem(name: str) -> tuple[str, str]:
    """The message and hint for an id the book may not use."""
    if VALID_ID.fullmatch(name):
        return f"the id #{name} is reserved for the outputs", "choose another name"
    hint = "an id starts with a letter and has only letters, digits, - and _, e.g. {#klima-2030}"
    return f"the id „{name}“ is not valid", hint


def _merge_text(nodes: list[m.Inline]) -> Iterator[m.Inline]:
    """Join neighbouring text nodes (markdown-it splits text at every special character)
    and drop empty ones."""
    pending = ""
    for node in nodes:
        if isinstance(node, m.Text):
            pending += node.text
            continue
        if pending:
            yield m.Text(pending)
            pending = ""
        yield node
    if pending:
        yield m.Text(pending)


#: Two or more spaces or tabs in a row, or a tab: one space in the model. A browser shows
#: them as one all the same; search, ``/ActualText`` and the EPUB's text should not hold them.
SPACE_RUN = re.compile(r"[ \t]{2,}|\t")


def collapse_spaces(run: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """``run`` with every run of spaces in its text made one space, also where it goes on
    across the edge of emphasis or a link; code keeps its spaces as written."""
    after_space = False

    def walk(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        nonlocal after_space
        out: list[m.Inline] = []
        for inline in inlines:
            if isinstance(inline, m.Text):
                text = SPACE_RUN.sub(" ", inline.text)
                if after_space and text.startswith(" "):
                    text = text[1:]
                if text:
                    after_space = text.endswith(" ")
                    out.append(m.Text(text))
            elif isinstance(inline, m.Container):
                out.append(replace(inline, children=walk(inline.children)))
            else:
                after_space = False
                out.append(inline)
        return tuple(out)

    return walk(run)


def read_chapter_blocks(
    source: str, file: str, base: Path, first_footnote: int
) -> tuple[list[m.Block], list[m.Footnote], list[Diagnostic]]:
    """Parse one chapter; returns its blocks, footnotes (numbered from ``first_footnote``)
    and the problems found."""
    env: dict[str, object] = {}
    tokens = markdown_parser().parse(source, env)
    reader = ChapterReader(file, base, source, first_footnote)
    blocks, _ = reader.blocks(tokens, 0, None)
    notes = reader.footnotes(tokens, env)
    return blocks, notes, reader.problems


def slugify(text: str) -> str:
    """A readable ASCII id from a German heading: „Wohnen & Bauen“ → ``wohnen-bauen``."""
    replaced = text.lower()
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        replaced = replaced.replace(umlaut, ascii_)
    ascii_text = unicodedata.normalize("NFKD", replaced).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug if slug and slug[0].isalpha() else f"h-{slug}"
