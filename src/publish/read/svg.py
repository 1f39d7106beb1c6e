"""SVG figures, checked when the chapter is read: an SVG holds everything it shows.

An SVG is a document that may point outside itself: ``<image href="file:///…">``,
``<use href="andere.svg#x">``, ``url(http://…)`` in its styles, ``@import``,
``<?xml-stylesheet?>``, XInclude, a DOCTYPE with entities (the „billion laughs“ that blow
up a parser) or one that names an external DTD. WeasyPrint would refuse those in the
layout (the sandboxed fetcher, ``publish.write.resources``) with no chapter or line, and
an EPUB reading system might follow them. Scripts, event handlers (``onclick``) and
``<foreignObject>`` never run or show in the PDF, and EPUBCheck refuses an EPUB whose SVG
has scripts without declaring them.

So the SVG is parsed here with expat (the parser WeasyPrint reads it with), which loads no
DTD and nothing else; the parse stops at a DOCTYPE with an internal subset, before any
entity is declared or expanded. The SVG is refused, with its own line, if it is not
well-formed XML, not an SVG, or has any of the above. What it may refer to: ``#fragment`` (a part of
itself) and pictures embedded as ``data:image/png`` or ``data:image/jpeg`` (base64) that
really are PNG or JPEG files. An embedded SVG (``data:image/svg+xml``) is refused: it
would need every check again, and the shapes can be put into the SVG itself.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass, field
from xml.parsers import expat

import PIL.Image

SVG = "http://www.w3.org/2000/svg}svg"
XLINK_HREF = "http://www.w3.org/1999/xlink}href"
XINCLUDE = ("http://www.w3.org/2001/XInclude}", "http://www.w3.org/2003/XInclude}")
#: The one external identifier EPUB 3.3 allows in an SVG's DOCTYPE (it is never loaded).
SVG11 = ("-//W3C//DTD SVG 1.1//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd")
#: ``url(…)`` in a style sheet, a ``style`` attribute or a presentation attribute.
URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)""", re.IGNORECASE)
IMPORT = re.compile(r"@import\b", re.IGNORECASE)
#: An embedded picture the outputs can show: PNG or JPEG, base64.
DATA_IMAGE = re.compile(r"data:image/(png|jpeg);base64,(.*)", re.IGNORECASE | re.DOTALL)
#: Pillow's format names of the pictures an SVG may embed.
EMBEDDED_FORMATS = {"png": "PNG", "jpeg": "JPEG"}
#: More problems of one SVG than this are not listed (the first ones say what to do).
MAX_PROBLEMS = 10

NOT_SVG = "use a PNG or JPEG file (or SVG)"
OUTSIDE_HINT = (
    "an SVG in the book must hold everything it shows: embed pictures as data:image/png "
    "or data:image/jpeg, and refer only to #ids inside the SVG"
)
SCRIPT_HINT = "remove it: scripts do not run in the PDF, and EPUBCheck refuses them (OPF-014)"


@dataclass(frozen=True)
class SvgProblem:
    """Why an SVG cannot be a figure: ``message`` follows „image NAME“ and names the
    SVG's own line where it has one."""

    message: str
    hint: str


def svg_problems(data: bytes) -> list[SvgProblem]:
    """Everything in the SVG ``data`` that the book refuses (empty: the SVG is fine)."""
    return _Check(data).run()


class _Stop(Exception):
    """Ends the parse: what follows must not be parsed (a DOCTYPE's entities), or cannot
    matter (the root is no SVG)."""


@dataclass
class _Check:
    """One parse of one SVG, its problems collected by expat's handlers."""

    data: bytes
    problems: list[SvgProblem] = field(default_factory=list)
    parser: expat.XMLParserType = field(init=False)
    root_seen: bool = False
    #: The text of the ``<style>`` element being read, if one is, and its line.
    style: list[str] | None = None
    style_line: int = 0

    def __post_init__(self) -> None:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.doctype
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.ProcessingInstructionHandler = self.instruction
        parser.SkippedEntityHandler = self.entity
        self.parser = parser

    def run(self) -> list[SvgProblem]:
        try:
            self.parser.Parse(self.data, True)
        except _Stop:
            pass
        except expat.ExpatError as error:
            if not self.root_seen and b"<svg" not in self.data[:4096].lower():
                return [SvgProblem("is not an SVG file", NOT_SVG)]
            detail = expat.ErrorString(error.code)
            hint = "open it in an editor or browser and fix it, or export it again"
            return [SvgProblem(f"is not well-formed XML (line {error.lineno}: {detail})", hint)]
        if not self.root_seen and not self.problems:
            return [SvgProblem("is not an SVG file", NOT_SVG)]
        return list(dict.fromkeys(self.problems))[:MAX_PROBLEMS]

    def report(self, what: str, hint: str) -> None:
        line = self.style_line if self.style is not None else self.parser.CurrentLineNumber
        self.problems.append(SvgProblem(f"{what} (line {line})", hint))

    # --- expat's handlers -----------------------------------------------------------------

    def doctype(
        self, name: str, system: str | None, public: str | None, internal_subset: bool
    ) -> None:
        external = (public or "", system or "")
        if any(external) and external != SVG11:
            self.report(
                f"has a DOCTYPE that refers to {external[1] or external[0]}",
                "delete the DOCTYPE line: an SVG needs none",
            )
        if internal_subset:  # entities (the billion laughs) or default attributes: not read
            self.report(
                "declares entities or other markup in its DOCTYPE",
                "delete the DOCTYPE's [ … ] part: an image of the book may not declare any",
            )
            raise _Stop

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if not self.root_seen:
            self.root_seen = True
            if name != SVG:
                self.problems = [SvgProblem("is not an SVG file", NOT_SVG)]
                raise _Stop
        local = name.rpartition("}")[2]
        if name.startswith(XINCLUDE):  # its href is what it includes: one problem
            self.report("includes other files with XInclude", OUTSIDE_HINT)
            return
        if local == "script":
            self.report("contains a script", SCRIPT_HINT)
        elif local == "foreignObject":
            self.report(
                "contains <foreignObject>",
                "draw its content with SVG shapes and text: the PDF does not show it",
            )
        elif local == "style":
            self.style, self.style_line = [], self.parser.CurrentLineNumber
        embeds = local in ("image", "feImage")
        for attribute, value in attributes.items():
            if "}" not in attribute and attribute.lower().startswith("on"):
                self.report(f"has an event handler ({attribute})", SCRIPT_HINT)
            elif attribute in ("href", XLINK_HREF):
                self.reference(value, embeds)
            elif "url(" in value.lower():
                self.css(value)

    def end(self, name: str) -> None:
        if self.style is not None and name.rpartition("}")[2] == "style":
            self.css("".join(self.style))
            self.style = None

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)

    def instruction(self, target: str, data: str) -> None:
        if target == "xml-stylesheet":
            self.report("loads a stylesheet with <?xml-stylesheet?>", OUTSIDE_HINT)

    def entity(self, name: str, is_parameter_entity: bool) -> None:
        self.report(f"uses the entity &{name};", "write the character itself instead")

    # --- references -------------------------------------------------------------------------

    def css(self, css: str) -> None:
        if IMPORT.search(css):
            self.report("imports a stylesheet with @import", OUTSIDE_HINT)
        for match in URL.finditer(css):
            self.reference(next(g for g in match.groups() if g is not None), embeds=True)

    def reference(self, reference: str, embeds: bool) -> None:
        """A reference may name a part of the SVG (``#id``) or, where a picture is drawn,
        embed a PNG or JPEG."""
        reference = reference.strip()
        if reference.startswith("#"):
            return
        data = DATA_IMAGE.fullmatch(reference)
        if embeds and data:
            kind = data.group(1).lower()
            if not _is_picture(kind, data.group(2)):
                self.report(
                    f"embeds a picture that cannot be read as a {kind.upper()} file",
                    "embed it again from a PNG or JPEG file",
                )
            return
        shown = reference if len(reference) <= 60 else reference[:59] + "…"
        self.report(f"refers to {shown}", OUTSIDE_HINT)


def _is_picture(kind: str, payload: str) -> bool:
    """Whether ``payload`` (base64) is a picture of ``kind`` (png, jpeg)."""
    try:
        raw = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        with PIL.Image.open(io.BytesIO(raw)) as picture:
            picture.verify()
            return picture.format == EMBEDDED_FORMATS[kind]
    except (binascii.Error, ValueError, OSError, SyntaxError, PIL.Image.DecompressionBombError):
        return False
