"""Inline Markdown of one chapter → the book's dialect, on the source text itself.

The text is copied as written, except for the constructs the book reads differently:
inline footnotes ``^[…]`` become ``[^n]`` with a definition at the chapter's end, footnote
calls are renumbered per chapter, raw HTML is escaped into text, images are copied into
``bilder/`` (or reduced to their alt text), links the book cannot keep are reduced to their
text, reference links are written inline, and Pandoc spans keep only a language.

Links to ``#id`` are decided only when every heading of the book is known: they are written
with private-use marks (:data:`LINK_START` …) that :mod:`publish.importer.chapters` resolves.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import normalizeReference

from publish.importer.blocks import Reference
from publish.importer.lines import FootnoteDefinition
from publish.importer.metadata import slug
from publish.importer.report import Count, Findings
from publish.read.sandbox import refusal

LINK_START, LINK_TEXT, LINK_END, HEADING_ID = "\ue000", "\ue001", "\ue002", "\ue003"
SPECIAL = re.compile(r"[\\`^~\[!<]")
FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
TARGET = re.compile(
    r"""\(\s*(?P<dest><[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"""
    r"""(?P<title>\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)""",
    re.DOTALL,
)
LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]")
ATTRIBUTES = re.compile(r"\{([^{}\n]*)\}")
ATTRIBUTE = re.compile(r"""#([^\s}#.]+)|\.([^\s}#.]+)|([\w-]+)=("[^"]*"|'[^']*'|[^\s}]+)|(-)""")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*)>")
EMAIL = re.compile(r"<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?>")
ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
INLINE_MARKUP = re.compile(r"([\\`*_\[\]<&|~^])")
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
SAFE_SCHEMES = ("https://", "http://", "mailto:")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")


@dataclass(frozen=True)
class Attributes:
    """Pandoc attributes ``{#id .class key=value}``, as written."""

    id: str = ""
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str:
        return next((value for name, value in self.pairs if name == key), "")


def parse_attributes(text: str) -> Attributes:
    ident = ""
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    for match in ATTRIBUTE.finditer(text):
        name, cls, key, value, unnumbered = match.groups()
        if name:
            ident = name
        elif cls:
            classes.append(cls)
        elif key:
            pairs.append((key, value.strip("\"'")))
        elif unnumbered:
            classes.append("unnumbered")
    return Attributes(ident, tuple(classes), tuple(pairs))


@dataclass(frozen=True)
class InternalLink:
    """A link to ``#target``, decided once every heading id is known."""

    target: str
    title: str
    line: int


@dataclass
class ImagePlan:
    """The images to copy into ``bilder/``: source file → file name, the same for the same
    file, a new name for a different file of the same name. ``contents`` are images that are
    bytes in memory, not files (the pictures of a .docx), by their resolved path."""

    source_dir: Path
    names: dict[Path, str] = field(default_factory=dict)
    contents: Mapping[Path, bytes] = field(default_factory=dict)

    def exists(self, path: Path) -> bool:
        return path.resolve() in self.contents or path.is_file()

    def refused(self, path: Path) -> str:
        """Why the image file at ``path`` is not read (empty if it may be): like a book's,
        a source's images are read only from its folder, through no link that leaves it,
        and only if they are regular files (see publish.read.sandbox)."""
        if path.resolve() in self.contents:
            return ""
        refused = refusal(path, self.source_dir)
        if refused is None or refused.kind == "missing":
            return ""
        if refused.kind == "outside":
            return "is outside the folder of the source"
        return f"cannot be read: {refused.why}"

    def name_for(self, path: Path) -> str:
        resolved = path.resolve()
        if resolved not in self.names:
            stem, suffix = slug(path.stem, 40) or "bild", path.suffix.lower()
            taken = set(self.names.values())
            name, n = f"{stem}{suffix}", 2
            while name in taken:
                name, n = f"{stem}-{n}{suffix}", n + 1
            self.names[resolved] = name
        return self.names[resolved]


@dataclass
class InlineRewriter:
    """Rewrites the inline text of one chapter; keeps its footnotes and internal links."""

    findings: Findings
    references: Mapping[str, Reference]
    definitions: Mapping[str, FootnoteDefinition]
    images: ImagePlan
    footnote_numbers: dict[str, int] = field(default_factory=dict)
    footnote_texts: list[str] = field(default_factory=list)
    links: list[InternalLink] = field(default_factory=list)

    def rewrite(
        self, text: str, lines: Sequence[int], *, figure: bool = False, in_note: bool = False
    ) -> str:
        """``text`` (one paragraph, heading, cell or note; ``lines`` are the source line of
        each of its lines) in the book's dialect. ``figure``: an image alone in it may stay."""
        scan = _Scan(self, text, lines, figure, in_note)
        return scan.run()

    def new_footnote(self, text: str) -> int:
        self.footnote_texts.append(text)
        return len(self.footnote_texts)

    def cite(self, label: str) -> int:
        """The chapter's number of source footnote ``label``; converts its text once."""
        if label not in self.footnote_numbers:
            number = self.new_footnote("")
            self.footnote_numbers[label] = number
            self.footnote_texts[number - 1] = self.definition_text(self.definitions[label])
        return self.footnote_numbers[label]

    def definition_text(self, definition: FootnoteDefinition) -> str:
        paragraphs = [
            self.rewrite(
                "\n".join(line.text for line in paragraph),
                [line.number for line in paragraph],
                in_note=True,
            )
            for paragraph in definition.paragraphs
        ]
        return "\n\n".join(paragraphs)


@dataclass
class _Scan:
    """One pass over one piece of text."""

    owner: InlineRewriter
    text: str
    lines: Sequence[int]
    figure: bool
    in_note: bool

    def run(self) -> str:
        out: list[str] = []
        i = 0
        text = self.text
        while i < len(text):
            match = SPECIAL.search(text, i)
            if match is None:
                out.append(text[i:])
                break
            out.append(text[i : match.start()])
            piece, i = self.special(match.start())
            out.append(piece)
        return "".join(out)

    def line_at(self, position: int) -> int:
        index = self.text.count("\n", 0, position)
        return self.lines[min(index, len(self.lines) - 1)] if self.lines else 0

    def note(self, position: int, message: str, hint: str = "") -> None:
        self.owner.findings.note(self.line_at(position), message, hint)

    def sub(self, start: int, end: int, *, in_note: bool | None = None) -> str:
        """The rewritten text of ``text[start:end]``."""
        first = self.text.count("\n", 0, start)
        lines = self.lines[min(first, len(self.lines) - 1) :] if self.lines else ()
        note = self.in_note if in_note is None else in_note
        return _Scan(self.owner, self.text[start:end], lines, False, note).run()

    def special(self, i: int) -> tuple[str, int]:
        text = self.text
        char = text[i]
        if char == "\\":
            return _escape(text, i)
        if char == "`":
            return _code_span(text, i)
        if text.startswith("^[", i):
            return self.inline_note(i)
        if FOOTNOTE_CALL.match(text, i):
            return self.footnote_call(i)
        if text.startswith("![", i):
            return self.image(i)
        if char == "[":
            return self.bracket(i)
        if char == "<":
            return self.angle(i)
        if char in "~^":
            return self.script(i)
        return char, i + 1

    # --- Pandoc's subscript, superscript and strikeout -----------------------------------

    def script(self, i: int) -> tuple[str, int]:
        """``~sub~`` and ``^sup^`` as written (Pandoc's rule: no unescaped space inside);
        ``~~struck~~`` as its text; any other ``~`` or ``^`` escaped."""
        char = self.text[i]
        if self.text.startswith("~~", i):
            return self.strikeout(i)
        end = script_end(self.text, i)
        if end < 0:
            return "\\" + char, i + 1
        self.owner.findings.count(Count.SCRIPTS)
        return f"{char}{self.sub(i + 1, end)}{char}", end + 1

    def strikeout(self, i: int) -> tuple[str, int]:
        end = strikeout_end(self.text, i)
        if end < 0:
            return "\\~\\~", i + 2
        self.owner.findings.count(Count.STRIKEOUT)
        excerpt = " ".join(self.text[i + 2 : end].split())
        self.note(
            i,
            f"struck-out text „{excerpt}“ kept as plain text",
            "the book has no strikeout: delete the text or keep it",
        )
        return self.sub(i + 2, end), end + 2

    # --- footnotes -----------------------------------------------------------------------

    def inline_note(self, i: int) -> tuple[str, int]:
        close = closing_bracket(self.text, i + 1)
        if close < 0:
            return "\\^", i + 1
        content = self.sub(i + 2, close, in_note=True)
        if self.in_note:
            self.note(i, "a footnote inside a footnote was put in parentheses")
            return f"({content})", close + 1
        self.owner.findings.count(Count.INLINE_FOOTNOTES)
        return f"[^{self.owner.new_footnote(content)}]", close + 1

    def footnote_call(self, i: int) -> tuple[str, int]:
        match = FOOTNOTE_CALL.match(self.text, i)
        assert match is not None
        label = match.group(1)
        definition = self.owner.definitions.get(label)
        if definition is None:
            self.note(
                i, f"footnote [^{label}] has no definition in the source – its mark was dropped"
            )
            return "", match.end()
        if self.in_note:
            self.note(
                i,
                f"footnote [^{label}] is cited inside a footnote – its text was put in parentheses",
            )
            return f"({self.owner.definition_text(definition)})", match.end()
        if label in self.owner.footnote_numbers:  # the book gives each note one call
            self.note(
                i, f"footnote [^{label}] is cited again – its text was repeated in a new note"
            )
            text = self.owner.footnote_texts[self.owner.footnote_numbers[label] - 1]
            return f"[^{self.owner.new_footnote(text)}]", match.end()
        return f"[^{self.owner.cite(label)}]", match.end()

    # --- images --------------------------------------------------------------------------

    def image(self, i: int) -> tuple[str, int]:
        close = closing_bracket(self.text, i + 1)
        target = self.target(close + 1) if close >= 0 else None
        if target is None:
            return "!", i + 1
        dest, title, end = target
        attributes, end = self.attributes_at(end)
        alt_source = self.text[i + 2 : close]
        alone = self.figure and not self.text[:i].strip() and not self.text[end:].strip()
        problem = self.image_problem(dest, alone)
        if problem:
            alt = self.sub(i + 2, close)
            kept = f" – kept its alt text „{alt}“" if alt.strip() else " – it had no alt text"
            self.note(i, f"image {dest} {problem}{kept}", _IMAGE_HINTS.get(problem, ""))
            return alt, end
        if attributes.id or attributes.pairs or set(attributes.classes) - {"decorative"}:
            self.note(i, f"image attributes {self.text[target[2] : end]} dropped")
        decorative = self.decorative(i, dest, alt_source, "decorative" in attributes.classes)
        name = self.owner.images.name_for(self.owner.images.source_dir / unquote(dest))
        suffix = "{.decorative}" if decorative else ""
        return f"![{'' if decorative else alt_source}](bilder/{name}{title}){suffix}", end

    def decorative(self, i: int, dest: str, alt: str, marked: bool) -> bool:
        """Whether the image is decorative: marked so and without alt text, or without any
        alt text at all (the book refuses an image that is neither described nor marked)."""
        if marked and alt.strip():
            self.note(i, f"image {dest} is marked decorative but has an alt text – kept the alt")
            return False
        if not marked and not alt.strip():
            self.note(
                i,
                f"image {dest} has no alt text – marked {{.decorative}}",
                "describe it in ![…](…) if it carries meaning",
            )
        return not alt.strip()

    def image_problem(self, dest: str, alone: bool) -> str:
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", dest) or dest.startswith(("/", "\\")):
            return "is not a file next to the source"
        path = self.owner.images.source_dir / unquote(dest)
        if refused := self.owner.images.refused(path):
            return refused
        if not self.owner.images.exists(path):
            return "was not found next to the source"
        if path.suffix.lower() not in IMAGE_TYPES:
            return "has a format the book cannot show (only PNG, JPEG and SVG)"
        if not alone:
            return "stands inside running text"
        return ""

    # --- links and spans -----------------------------------------------------------------

    def bracket(self, i: int) -> tuple[str, int]:
        close = closing_bracket(self.text, i)
        if close < 0:
            return "[", i + 1
        if self.text.startswith("{", close + 1):
            span = self.span(i, close)
            if span is not None:
                return span
        target = self.target(close + 1, label=self.text[i + 1 : close])
        if target is None:
            return "[", i + 1
        dest, title, end = target
        attributes = ATTRIBUTES.match(self.text, end)
        if attributes:
            self.note(i, f"link attributes {attributes.group(0)} dropped")
            end = attributes.end()
        return self.link(i, self.sub(i + 1, close), dest, title), end

    def link(self, i: int, inner: str, dest: str, title: str) -> str:
        if dest.startswith("#") and len(dest) > 1:
            self.owner.links.append(InternalLink(unquote(dest[1:]), title, self.line_at(i)))
            number = len(self.owner.links) - 1
            return f"{LINK_START}{number}{LINK_TEXT}{inner}{LINK_END}"
        if dest.lower().startswith(SAFE_SCHEMES):
            return f"[{inner}]({_destination(dest)}{title})"
        self.owner.findings.count(Count.LINKS_UNLINKED)
        self.note(
            i,
            f"link target „{dest}“ cannot be kept (only #ids, https:// and mailto: addresses) – "
            "kept the link text",
        )
        return inner

    def target(self, at: int, label: str | None = None) -> tuple[str, str, int] | None:
        """An inline ``(dest "title")`` or a reference ``[label]`` after a ``]`` at ``at``-1:
        the destination (unescaped), the title as Markdown (`` "…"`` or empty), the end."""
        match = TARGET.match(self.text, at)
        if match:
            dest = match.group("dest")
            dest = dest[1:-1] if dest.startswith("<") else dest
            return _unescape(dest), match.group("title") or "", match.end()
        full = LABEL.match(self.text, at)
        name = full.group(1) if full and full.group(1) else label
        end = full.end() if full else at
        if name is None:
            return None
        reference = self.owner.references.get(normalizeReference(name))
        if reference is None:
            return None
        title = f' "{_escape_title(reference.title)}"' if reference.title else ""
        return reference.href, title, end

    def span(self, i: int, close: int) -> tuple[str, int] | None:
        """A Pandoc span ``[text]{…}``: the book keeps ``{lang=…}`` only."""
        match = ATTRIBUTES.match(self.text, close + 1)
        if match is None:
            return None
        attributes = parse_attributes(match.group(1))
        inner = self.sub(i + 1, close)
        lang = attributes.get("lang")
        if lang and LANGUAGE.fullmatch(lang):
            if attributes.id or attributes.classes or len(attributes.pairs) > 1:
                self.note(i, f"span attributes {match.group(0)} dropped except lang={lang}")
            return f"[{inner}]{{lang={lang}}}", match.end()
        self.note(
            i,
            f"span attributes {match.group(0)} dropped (only lang= is kept) – kept the text",
        )
        return inner, match.end()

    def attributes_at(self, at: int) -> tuple[Attributes, int]:
        match = ATTRIBUTES.match(self.text, at)
        if match is None:
            return Attributes(), at
        return parse_attributes(match.group(1)), match.end()

    # --- autolinks and raw HTML ----------------------------------------------------------

    def angle(self, i: int) -> tuple[str, int]:
        autolink = AUTOLINK.match(self.text, i)
        if autolink:
            if autolink.group(1).lower().startswith(SAFE_SCHEMES):
                return autolink.group(0), autolink.end()
            self.owner.findings.count(Count.LINKS_UNLINKED)
            self.note(i, f"link {autolink.group(0)} cannot be kept – kept as text")
            return escape_markup(autolink.group(0)), autolink.end()
        email = EMAIL.match(self.text, i)
        if email:
            return email.group(0), email.end()
        tag = HTML_TAG_RE.match(self.text, i)
        if tag:
            self.owner.findings.count(Count.RAW_HTML)
            self.note(i, f"raw HTML {' '.join(tag.group(0).split())} kept as text")
            return escape_markup(tag.group(0)), tag.end()
        return "<", i + 1


_IMAGE_HINTS = {
    "stands inside running text": "put the image in a paragraph of its own to keep it",
    "was not found next to the source": "copy it into bilder/ and add it by hand",
    "is not a file next to the source": "download it into bilder/ and add it by hand",
    "is outside the folder of the source": "copy it into bilder/ and add it by hand",
}


def closing_bracket(text: str, i: int) -> int:
    """The index of the ``]`` that closes the ``[`` at ``i``, or -1."""
    depth = 0
    j = i
    while j < len(text):
        char = text[j]
        if char == "\\":
            j += 2
            continue
        if char == "`":
            _, after = _code_span(text, j)
            j = after
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of ``text`` are, as ``(start, end)``."""
    spans = []
    i = text.find("`")
    while i >= 0:
        _, end = _code_span(text, i)
        if text[end - 1 : end] == "`" and end - i > 1 and text[i:end].strip("`"):
            spans.append((i, end))
        i = text.find("`", end)
    return spans


def _code_span(text: str, i: int) -> tuple[str, int]:
    """A code span from ``i`` as written, or the backtick run alone if it is not closed."""
    rest = text[i:]
    run = len(rest) - len(rest.lstrip("`"))
    match = _closing_backticks(run).search(text, i + run)
    end = match.end() if match else i + run
    return text[i:end], end


@functools.cache
def _closing_backticks(run: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!`)`{{{run}}}(?!`)")


def script_end(text: str, i: int) -> int:
    """Where the ``~`` or ``^`` at ``i`` is closed as Pandoc's subscript or superscript (the
    same character, after at least one character and no unescaped space); -1 if it is not."""
    char = text[i]
    j = i + 1
    while j < len(text):
        current = text[j]
        if current == "\\" and j + 1 < len(text):
            j += 2
            continue
        if current.isspace() and current != "\u00a0":
            return -1
        if current == char:
            return j if j > i + 1 else -1
        j += 1
    return -1


def strikeout_end(text: str, i: int) -> int:
    """Where Pandoc's strikeout ``~~`` at ``i`` closes (not before a space after the opening
    ``~~``, not on an escaped tilde); -1 if it does not."""
    start = i + 2
    if start >= len(text) or text[start].isspace() or text[start] == "~":
        return -1
    j = start
    while j < len(text) - 1:
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith("~~", j):
            return j
        j += 1
    return -1


def _escape(text: str, i: int) -> tuple[str, int]:
    following = text[i + 1 : i + 2]
    if following == " ":
        return "\u00a0", i + 2  # Pandoc's escaped space is a no-break space
    if following and ASCII_PUNCTUATION.match(following):
        return text[i : i + 2], i + 2
    return "\\", i + 1


def _destination(dest: str) -> str:
    """A link destination as Markdown: in angle brackets if it has spaces or parentheses."""
    if re.search(r"[\s()<>]", dest):
        return "<" + dest.replace("<", "%3C").replace(">", "%3E") + ">"
    return dest.replace("\\", "\\\\")


def _unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _escape_title(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def escape_markup(text: str) -> str:
    """``text`` as Markdown in which no character starts inline markup, HTML or an entity
    (what starts a block at the beginning of a line: see ``escape_line_start``)."""
    return INLINE_MARKUP.sub(r"\\\1", text)
