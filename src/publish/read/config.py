"""``book.yaml``: its schema and its validation.

The schema is declared once, as :data:`SCHEMA`: every key with its type, whether it is
required, and a docstring that says what it means. Validation walks the YAML node tree (not
the loaded dict) so that every problem names the file, the line and the key. All problems
are collected and reported together; unknown keys are errors with a „did you mean“.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publish.errors import BookError, Diagnostic, SourceLocation, display_path
from publish.model import Metadata, OutputSettings, Party
from publish.read.sandbox import refusal

Check = Callable[[yaml.Node, "Context"], Any]


@dataclass
class Context:
    """Where we are while validating: the file, its lines, the key path (each key with
    what it means), and the problems and warnings found so far."""

    file: str
    lines: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    path: list[tuple[str, str]] = field(default_factory=list)

    def at(self, node: yaml.Node) -> SourceLocation:
        return SourceLocation(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.at(node), message, hint))

    def warn(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.warnings.append(Diagnostic(self.at(node), message, hint))


class Invalid(Exception):
    """A value was reported as wrong; its key gets no value."""


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its check, whether it must be there, and what it means."""

    check: Check
    doc: str
    required: bool = True
    default: Any = None


# --- Scalar checks ------------------------------------------------------------------------


def _scalar(node: yaml.Node, ctx: Context, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        ctx.report(node, f"expected {what}, found {_describe(node)}")
        raise Invalid
    return str(node.value)


#: Characters no output can carry (XML forbids them, no font has them).
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def text(node: yaml.Node, ctx: Context) -> str:
    value = _scalar(node, ctx, "a text").strip()
    if not value:
        ctx.report(node, "must not be empty")
        raise Invalid
    if bad := UNPRINTABLE.search(value):
        code = f"U+{ord(bad.group()):04X}"
        ctx.report(node, f"contains a control character ({code})", "remove it")
        raise Invalid
    return value


def boolean(node: yaml.Node, ctx: Context) -> bool:
    value = yaml.SafeLoader.bool_values.get(str(node.value).lower())
    if node.tag != "tag:yaml.org,2002:bool" or value is None:
        ctx.report(node, f"expected true or false, found {_describe(node)}")
        raise Invalid
    return bool(value)


def date(node: yaml.Node, ctx: Context) -> dt.date:
    value = _scalar(node, ctx, "a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        ctx.report(node, f"„{value}“ is not a date", "write it as YYYY-MM-DD, e.g. 2020-10-29")
        raise Invalid from None


def pattern(regex: str, example: str) -> Check:
    compiled = re.compile(regex)

    def check(node: yaml.Node, ctx: Context) -> str:
        value = text(node, ctx)
        if not compiled.fullmatch(value):
            ctx.report(node, f"„{value}“ is not valid here", f"write something like {example}")
            raise Invalid
        return value

    return check


def choice(*options: str) -> Check:
    def check(node: yaml.Node, ctx: Context) -> str:
        value = _scalar(node, ctx, "one of " + ", ".join(options))
        if value not in options:
            ctx.report(node, f"„{value}“ is not allowed here", "use one of " + ", ".join(options))
            raise Invalid
        return value

    return check


def number_choice(*options: int) -> Check:
    def check(node: yaml.Node, ctx: Context) -> int:
        value = _scalar(node, ctx, "one of " + ", ".join(map(str, options)))
        if value not in {str(o) for o in options}:
            ctx.report(
                node, f"„{value}“ is not allowed here", "use one of " + ", ".join(map(str, options))
            )
            raise Invalid
        return int(value)

    return check


def list_of(item: Check, *, min_items: int = 1) -> Check:
    def check(node: yaml.Node, ctx: Context) -> tuple[Any, ...]:
        if not isinstance(node, yaml.SequenceNode):
            ctx.report(node, f"expected a list, found {_describe(node)}")
            raise Invalid
        if len(node.value) < min_items:
            ctx.report(node, f"needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}")
            raise Invalid
        values = []
        doc = ctx.path[-1][1] if ctx.path else ""
        for index, child in enumerate(node.value, start=1):
            ctx.path.append((f"[{index}]", doc))
            with contextlib.suppress(Invalid):  # reported already; check the other entries
                values.append(item(child, ctx))
                _placeholders(None, child, ctx)
            ctx.path.pop()
        return tuple(values)

    return check


def mapping(keys: dict[str, Key], build: Callable[..., Any] = dict) -> Check:
    """A mapping with exactly the declared keys; builds ``build(**values)``."""

    def check(node: yaml.Node, ctx: Context) -> Any:
        if not isinstance(node, yaml.MappingNode):
            ctx.report(node, f"expected a mapping of keys, found {_describe(node)}")
            raise Invalid
        values: dict[str, Any] = {}
        seen: set[str] = set()
        failed = False
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                ctx.report(key_node, f"key „{key}“ appears twice", "keep only one of them")
                failed = True
                continue
            seen.add(key)
            if key not in keys:
                ctx.report(key_node, f"unknown key „{key}“", _did_you_mean(key, keys))
                failed = True
                continue
            ctx.path.append((key, keys[key].doc))
            try:
                values[key] = keys[key].check(value_node, ctx)
                _placeholders(key_node, value_node, ctx)
            except Invalid:
                failed = True
            finally:
                ctx.path.pop()
        for name, spec in keys.items():
            if name in seen:
                continue
            if spec.required:
                ctx.report(node, f"required key „{name}“ is missing", f"add it: {spec.doc}")
                failed = True
            elif spec.default is not None:
                values[name] = spec.default
        if failed:
            raise Invalid
        return build(**values)

    return check


# --- What the importer left to check -------------------------------------------------------

#: What the importer writes for a value it could not find (``importer.metadata.MISSING``).
IMPORTER_PLACEHOLDER = "(bitte in book.yaml eintragen)"
#: The comment the importer writes after a key whose value it guessed.
GUESS_COMMENT = "# guessed – please check"
#: The date the importer once wrote when the source gave none.
PLACEHOLDER_DATE = "1970-01-01"
#: The guess comment at the end of a line (with any dash): a YAML comment begins with a #
#: at the start of a line or after white space.
GUESSED = re.compile(r"(?:^|\s)#\s*guessed\b[^#]*$", re.IGNORECASE)


def _placeholders(key_node: yaml.Node | None, value_node: yaml.Node, ctx: Context) -> None:
    """Warn about a valid value the importer left: its placeholder text, its placeholder
    date, or a key still marked as guessed. Warnings, not errors: the book builds, but no
    placeholder is published without a word."""
    path = "".join(
        name if index == 0 or name.startswith("[") else f".{name}"
        for index, (name, _) in enumerate(ctx.path)
    )
    doc = ctx.path[-1][1]
    guessed = key_node is not None and _has_guess_comment(key_node, value_node, ctx.lines)
    then = f"; then delete the comment „{GUESS_COMMENT}“" if guessed else ""
    scalar = isinstance(value_node, yaml.ScalarNode)
    if scalar and IMPORTER_PLACEHOLDER in str(value_node.value):
        ctx.warn(
            value_node,
            f"{path} is still the importer's placeholder",
            f"replace it with {doc}{then}",
        )
    elif scalar and str(value_node.value) == PLACEHOLDER_DATE and path == "metadata.date":
        message = f"{path} is still the importer's placeholder date {PLACEHOLDER_DATE}"
        ctx.warn(value_node, message, f"replace it with {doc}{then}")
    elif guessed and key_node is not None:
        shown = (
            value_node
            if scalar and value_node.start_mark.line == key_node.start_mark.line
            else key_node
        )
        ctx.warn(
            shown,
            f"{path} is a guess of the importer",
            f"check it, then delete the comment „{GUESS_COMMENT}“",
        )


def _has_guess_comment(key_node: yaml.Node, value_node: yaml.Node, lines: list[str]) -> bool:
    """Whether the line of ``key_node`` ends in the importer's guess comment (comments are
    not in YAML's node tree: the line is read after the key, or after its value if the
    value ends on that line)."""
    line = key_node.start_mark.line
    if line >= len(lines):
        return False
    after = key_node.end_mark
    if isinstance(value_node, yaml.ScalarNode) and value_node.end_mark.line == line:
        after = value_node.end_mark
    return GUESSED.search(lines[line][after.column :]) is not None


def _did_you_mean(key: str, keys: dict[str, Key]) -> str:
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    if close:
        return f"did you mean „{close[0]}“?"
    return "allowed keys: " + ", ".join(keys)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return f"„{node.value}“"


# --- The schema ---------------------------------------------------------------------------


PARTY = mapping(
    {
        "name": Key(text, "the party's full name, e.g. BÜNDNIS 90/DIE GRÜNEN"),
        "short": Key(text, "the short name used in running text, e.g. GRÜNE"),
    },
    Party,
)

METADATA = mapping(
    {
        "title": Key(text, "the title on the cover, e.g. Bochum – Perspektiven von hier"),
        "subtitle": Key(text, "the line under the title, e.g. Koalitionsvertrag …"),
        "parties": Key(list_of(PARTY), "the parties to the agreement, each with name and short"),
        "status": Key(text, "the state of the text, e.g. Entwurf"),
        "date": Key(date, "the date of this state, e.g. 2020-10-29"),
        "language": Key(pattern(r"[a-z]{2,3}(-[A-Z]{2})?", "de-DE"), "the language, e.g. de-DE"),
        "identifier": Key(
            pattern(r"urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "urn:uuid:…"),
            "a stable identifier (urn:uuid:…) that never changes between editions",
        ),
        "rights": Key(text, "the copyright or licence statement"),
        "accessibility_summary": Key(text, "a sentence on the accessibility of the outputs"),
        "publisher": Key(text, "who publishes this text", required=False, default=""),
        "place": Key(text, "where it was agreed, e.g. Bochum", required=False, default=""),
        "contact": Key(text, "a contact for questions", required=False, default=""),
        "description": Key(text, "a short description", required=False, default=""),
        "keywords": Key(list_of(text), "keywords for catalogues", required=False, default=()),
        "certified_by": Key(
            text,
            "who checked and certified the accessibility of the EPUB (only if someone did)",
            required=False,
            default="",
        ),
    },
    Metadata,
)

OUTPUT = mapping(
    {
        "name": Key(
            pattern(r"[a-z0-9]+(-[a-z0-9]+)*", "koalitionsvertrag-bochum"),
            "the file name of the outputs (lower case, digits and hyphens)",
        ),
        "page_size": Key(choice("A4", "A5"), "A4 or A5", required=False, default="A4"),
        "embed_fonts_in_epub": Key(
            boolean, "true to embed the fonts in the EPUB", required=False, default=False
        ),
        "pdf_ua": Key(
            number_choice(1, 2),
            "the PDF/UA part the tagged PDF conforms to: 1 (PDF 1.7) or 2 (PDF 2.0)",
            required=False,
            default=1,
        ),
        "print_marks": Key(
            boolean,
            "true for crop marks and 3 mm bleed in the print-shop file (NAME-print.pdf)",
            required=False,
            default=False,
        ),
        "booklet_sheet": Key(
            choice("auto", "A4", "A3"),
            "the booklet's sheet: auto (A5 pages on A4, A4 pages on A3), or A4 to scale "
            "A4 pages onto A4 sheets",
            required=False,
            default="auto",
        ),
        "line_numbers": Key(
            number_choice(1, 5, 0),
            "print every line's number (1), every fifth (5) or none (0)",
            required=False,
            default=5,
        ),
        "web": Key(
            choice("single", "chapters"),
            "the web edition (dist/html/): all chapters on one page (single), or one page "
            "per chapter (chapters)",
            required=False,
            default="single",
        ),
    },
    OutputSettings,
)


@dataclass(frozen=True)
class Checks:
    """Checks of the text that a book asks for (``checks:`` in book.yaml)."""

    language: bool = False


CHECKS = mapping(
    {
        "language": Key(
            boolean,
            "true to report passages that read as English or French but have no […]{lang=…} mark",
            required=False,
            default=False,
        ),
    },
    Checks,
)


@dataclass(frozen=True)
class BookConfig:
    """``book.yaml`` as validated: metadata, chapter files in order, output settings."""

    metadata: Metadata
    chapters: tuple[Path, ...]
    output: OutputSettings
    chapter_locations: tuple[SourceLocation, ...]
    checks: Checks = Checks()
    #: The book folder (where book.yaml is): no file outside it is read.
    root: Path = Path()
    #: Values the importer left (placeholders, guesses): the book builds, with a warning.
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)


def load_config(path: Path, *, check_chapters: bool = True) -> BookConfig:
    """Read and validate ``book.yaml``; raise :class:`BookError` listing every problem.

    With ``check_chapters=False`` the chapter files are not looked at: the caller reports
    :func:`chapter_problems` together with the problems inside the chapters.
    """
    file = display_path(path, follow_link=False)
    root, source = _compose(path, file)
    ctx = Context(file, source.splitlines())
    chapter_nodes: list[yaml.Node] = []

    def chapter_file(node: yaml.Node, ctx: Context) -> str:
        value = pattern(r"[^/\\].*\.md", "kapitel/01-demokratie.md")(node, ctx)
        chapter_nodes.append(node)
        return str(value)

    top = mapping(
        {
            "metadata": Key(METADATA, "the title data of the agreement"),
            "chapters": Key(list_of(chapter_file), "the chapter files in reading order"),
            "output": Key(OUTPUT, "how the outputs are named and laid out"),
            "checks": Key(CHECKS, "checks of the text", required=False, default=Checks()),
        }
    )
    try:
        values = top(root, ctx)
    except Invalid:
        values = None
    if values is None or ctx.problems:
        raise BookError(sorted(ctx.problems, key=Diagnostic.sort_key))
    chapters = tuple(path.parent / name for name in values["chapters"])
    locations = tuple(ctx.at(node) for node in chapter_nodes)
    warnings = tuple(sorted(ctx.warnings, key=Diagnostic.sort_key))
    config = BookConfig(
        values["metadata"],
        chapters,
        values["output"],
        locations,
        values["checks"],
        root=path.parent,
        warnings=warnings,
    )
    if check_chapters and (problems := list(chapter_problems(config))):
        raise BookError(problems)
    return config


def _compose(path: Path, file: str) -> tuple[yaml.Node, str]:
    """The YAML node tree of ``book.yaml``, and its text."""
    refused = refusal(path, path.parent)
    if refused is not None and refused.kind != "missing":
        where = SourceLocation(file)
        raise BookError([Diagnostic(where, refused.message("the file"), refused.hint())])
    try:
        source = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        where = SourceLocation(file)
        raise BookError(
            [Diagnostic(where, "book.yaml not found", "is this a book folder?")]
        ) from None
    except OSError as error:
        where = SourceLocation(file)
        message = f"book.yaml cannot be read ({error.strerror})"
        raise BookError([Diagnostic(where, message, "it must be a text file")]) from None
    except UnicodeDecodeError as error:
        where = SourceLocation(file, error.object.count(b"\n", 0, error.start) + 1)
        hint = "save the file as UTF-8"
        raise BookError([Diagnostic(where, f"not UTF-8 ({error.reason})", hint)]) from None
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = (
            SourceLocation(file, mark.line + 1, mark.column + 1) if mark else SourceLocation(file)
        )
        message = f"not valid YAML: {error.problem}"
        raise BookError([Diagnostic(where, message, "check indentation and quotes")]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = source.count("\n", 0, error.position) + 1
        message = f"not valid YAML: the character U+{error.character:04X} is not allowed"
        raise BookError([Diagnostic(SourceLocation(file, line), message, "remove it")]) from None
    except RecursionError:
        message = "not valid YAML: nested too deeply"
        raise BookError([Diagnostic(SourceLocation(file), message, "check the brackets")]) from None
    if node is None:
        raise BookError([Diagnostic(SourceLocation(file), "book.yaml is empty")])
    return node, source


def chapter_problems(config: BookConfig) -> Iterator[Diagnostic]:
    """Chapter files that do not exist, are listed twice, or must not be read: outside
    the book folder (also through a symbolic link), or no regular, readable file."""
    seen: dict[Path, SourceLocation] = {}
    root = config.root
    for chapter, where in zip(config.chapters, config.chapter_locations, strict=True):
        name = chapter.relative_to(root).as_posix()
        refused = refusal(chapter, root)
        if refused is not None and refused.kind != "missing":
            yield Diagnostic(where, refused.message(f"chapter {name}"), refused.hint())
            continue
        try:
            resolved = chapter.resolve()
        except (OSError, RuntimeError, ValueError):  # a NUL in the name …
            yield Diagnostic(where, f"chapter file {chapter.name} cannot be read", "check the name")
            continue
        if resolved in seen:
            yield Diagnostic(
                where,
                f"chapter {chapter.name} is listed twice",
                f"first listed at line {seen[resolved].line}",
            )
        elif refused is not None:
            yield Diagnostic(where, f"chapter file {chapter.name} does not exist", "check the name")
        seen.setdefault(resolved, where)
