"""Reading amendment files: the YAML header, the changes in plain German, the reasoning.

An amendment file (``antraege/ae03.md``)::

    ---
    nummer: Ä3
    ausgabe: entwurf-2020-10-29
    seite: 12
    zeilen: 345-347
    antragsteller:
      - Maria Beispiel (OV Mitte)
    status: eingereicht
    ---

    Ersetze „bis 2035“ durch „bis 2030“.

    ## Begründung

    Warum.

The header is validated with ``book.yaml``'s machinery (:mod:`publish.read.config`): every
problem at once, with file, line and column, unknown keys with a „did you mean“. The body
is read by :mod:`publish.amend.grammar`.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publish.amend.grammar import Section, parse_operations, split_sections
from publish.amend.model import Amendment, LineRange, Status
from publish.errors import Diagnostic, SourceLocation, display_path
from publish.read.book import CONTROL
from publish.read.config import Context, Invalid, Key, date, list_of, mapping, text
from publish.read.sandbox import refusal

#: The folder of the amendments in a book folder, one file per amendment.
AMENDMENTS = "antraege"


@dataclass
class _HeaderContext(Context):
    """book.yaml's validation context, for a header that begins below line 1."""

    first_line: int = 1

    def at(self, node: yaml.Node) -> SourceLocation:
        mark = node.start_mark
        return SourceLocation(self.file, mark.line + self.first_line, mark.column + 1)


def _scalar(node: yaml.Node, ctx: Context, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        shown = "a list" if isinstance(node, yaml.SequenceNode) else "nothing"
        if isinstance(node, yaml.MappingNode):
            shown = "a mapping"
        ctx.report(node, f"expected {what}, found {shown}")
        raise Invalid
    return str(node.value).strip()


def page_number(node: yaml.Node, ctx: Context) -> int:
    value = _scalar(node, ctx, "a page number")
    if not value.isdigit() or int(value) < 1:
        ctx.report(node, f"„{value}“ is not a page number", "write the printed page, e.g. 12")
        raise Invalid
    return int(value)


LINES = re.compile(r"(\d+)\s*(?:[-–—]\s*(\d+))?")


def line_range(node: yaml.Node, ctx: Context) -> LineRange:
    value = _scalar(node, ctx, "a line or a range of lines")
    match = LINES.fullmatch(value)
    if not match:
        hint = "write one line (345) or a range (345-347)"
        ctx.report(node, f"„{value}“ is not a line or a range of lines", hint)
        raise Invalid
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        ctx.report(node, f"the range „{value}“ runs backwards", f"swap the numbers: {last}-{first}")
        raise Invalid
    return LineRange(first, last)


def names(node: yaml.Node, ctx: Context) -> tuple[str, ...]:
    """One name, or a list of names."""
    if isinstance(node, yaml.SequenceNode):
        return tuple(list_of(text)(node, ctx))
    return (text(node, ctx),)


def status(node: yaml.Node, ctx: Context) -> Status:
    value = " ".join(_scalar(node, ctx, "a status").split())
    try:
        return Status(value)
    except ValueError:
        options = ", ".join(s.value for s in Status)
        ctx.report(node, f"„{value}“ is not a status", f"use one of {options}")
        raise Invalid from None


HEADER_KEYS = {
    "nummer": Key(text, "the amendment's number, e.g. Ä3"),
    "ausgabe": Key(text, "the edition it cites, e.g. entwurf-2020-10-29 (see ausgaben/)"),
    "seite": Key(page_number, "the printed page of the cited lines", required=False),
    "zeilen": Key(line_range, "the cited lines, e.g. 345-347", required=False),
    "zeile": Key(line_range, "the cited line, e.g. 345", required=False),
    "antragsteller": Key(names, "who moves it: a name, or a list of names"),
    "status": Key(status, "eingereicht, übernommen, modifiziert übernommen, abgelehnt, …"),
    "titel": Key(text, "a short title", required=False),
    "eingereicht_am": Key(date, "when it was submitted, e.g. 2020-11-05", required=False),
    "votum": Key(text, "the recommendation of the motions committee", required=False),
    "beschluss": Key(text, "what the assembly decided, e.g. mit großer Mehrheit", required=False),
    "erledigt_durch": Key(text, "the amendment that settled it, e.g. Ä5", required=False),
}


def amendment_files(book_dir: Path) -> list[Path]:
    """The amendment files of a book folder, in natural order (ae2 before ae10)."""
    folder = book_dir / AMENDMENTS
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.md"), key=natural_key)


def natural_key(path: Path) -> tuple[Any, ...]:
    parts = re.split(r"(\d+)", path.name.lower())
    return tuple(int(part) if part.isdigit() else part for part in parts)


def read_amendment(path: Path, root: Path) -> tuple[Amendment | None, list[Diagnostic]]:
    """One amendment file of the book in ``root``, or the problems that keep it from being
    read (a file that leaves the book is not opened: :func:`publish.read.sandbox.refusal`)."""
    file = display_path(path, follow_link=False)
    if refused := refusal(path, root):
        return None, [Diagnostic(SourceLocation(file), refused.message("the file"), refused.hint())]
    source, problem = _read_text(path, file)
    if problem:
        return None, [problem]
    return parse_amendment(source, file)


def parse_amendment(source: str, file: str) -> tuple[Amendment | None, list[Diagnostic]]:
    """An amendment from the text of its file (``file`` names it in messages)."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        hint = (
            "write the header between two lines „---“ at the top: nummer, ausgabe, "
            "zeilen, antragsteller, status"
        )
        return None, [
            Diagnostic(SourceLocation(file, 1), "the file must begin with its header", hint)
        ]
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
    if end is None:
        where = SourceLocation(file, 1)
        return None, [Diagnostic(where, "the header is not closed", "end it with a line „---“")]
    ctx = _HeaderContext(file, first_line=2)
    header = _header(source, lines[1:end], ctx)
    body_start = sum(len(line) + 1 for line in lines[: end + 1])
    sections, problems = split_sections(source, body_start, file)
    operations = parse_operations(sections["changes"], file, problems)
    modified = parse_operations(sections.get("modified"), file, problems)
    problems = ctx.problems + problems
    if header is None:
        return None, sorted(problems, key=Diagnostic.sort_key)
    amendment = _amendment(file, header, ctx, sections, operations, modified, problems)
    return (None if problems else amendment), sorted(problems, key=Diagnostic.sort_key)


def _header(source: str, lines: list[str], ctx: _HeaderContext) -> dict[str, Any] | None:
    text_of_header = "\n".join(lines)
    try:
        node = _compose(text_of_header)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = (mark.line if mark else 0) + ctx.first_line
        column = mark.column + 1 if mark else None
        message = f"not valid YAML: {error.problem}"
        ctx.problems.append(
            Diagnostic(
                SourceLocation(ctx.file, line, column), message, "check indentation and quotes"
            )
        )
        return None
    if node is None:
        ctx.problems.append(
            Diagnostic(SourceLocation(ctx.file, 1), "the header is empty", _HEADER_HINT)
        )
        return None
    keys: dict[str, SourceLocation] = {}
    if isinstance(node, yaml.MappingNode):
        keys = {str(k.value): ctx.at(k) for k, _ in node.value}
    values: dict[str, Any] | None = None
    with contextlib.suppress(Invalid):
        values = mapping(HEADER_KEYS)(node, ctx)
    if values is None:
        return None
    values["_keys"] = keys
    values["_node"] = node
    return values


def _compose(text: str) -> yaml.Node | None:
    """The header's node tree: with libyaml when it is there (ten times as fast, for
    hundreds of amendments), else, and for the message of a syntax error, with PyYAML's
    own parser (the messages book.yaml's have)."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


_HEADER_HINT = "write nummer, ausgabe, zeilen, antragsteller and status between the lines „---“"


def _amendment(
    file: str,
    header: dict[str, Any],
    ctx: _HeaderContext,
    sections: dict[str, Section | None],
    operations: tuple[Any, ...],
    modified: tuple[Any, ...],
    problems: list[Diagnostic],
) -> Amendment:
    keys: dict[str, SourceLocation] = header["_keys"]
    node = header["_node"]
    cited = header.get("zeilen") or header.get("zeile")
    if "zeilen" in header and "zeile" in header:
        problems.append(
            Diagnostic(keys["zeile"], "write either „zeile“ or „zeilen“, not both", "keep one")
        )
    if cited is None:
        problems.append(
            Diagnostic(
                ctx.at(node),
                "required key „zeilen“ is missing",
                "add it: the cited lines, e.g. 345-347 or 345",
            )
        )
        cited = LineRange(1, 1)
    if "zeile" in header and "zeilen" not in header:
        keys = {**keys, "zeilen": keys["zeile"]}
    state: Status = header["status"]
    reasoning = sections.get("reasoning")
    if state is Status.ADOPTED_MODIFIED and not modified and sections.get("modified") is None:
        problems.append(
            Diagnostic(
                keys["status"],
                "status „modifiziert übernommen“ needs the adopted wording",
                "write it under „## Modifizierte Übernahme“, as changes like the motion's",
            )
        )
    if header.get("erledigt_durch") and state is not Status.SETTLED:
        problems.append(
            Diagnostic(
                keys["erledigt_durch"],
                "„erledigt_durch“ is only for status „erledigt“",
                "set the status to „erledigt“, or remove the key",
            )
        )
    return Amendment(
        file=file,
        number=header["nummer"],
        edition=header["ausgabe"],
        page=header.get("seite"),
        lines=cited,
        movers=header["antragsteller"],
        status=state,
        operations=operations,
        modified=modified,
        reasoning=reasoning.text if reasoning else "",
        reasoning_line=reasoning.line if reasoning else 0,
        recommendation=header.get("votum", ""),
        decision=header.get("beschluss", ""),
        settled_by=header.get("erledigt_durch", ""),
        submitted=header.get("eingereicht_am"),
        title=header.get("titel", ""),
        keys=tuple(keys.items()),
    )


def _read_text(path: Path, file: str) -> tuple[str, Diagnostic | None]:
    """The file's text, or why it cannot be read (encoding, NUL, control characters)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return "", Diagnostic(SourceLocation(file), f"cannot be read ({error.strerror})")
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return "", Diagnostic(
            SourceLocation(file, line),
            "the file is not UTF-8 text",
            "save it with the encoding UTF-8",
        )
    source = source.replace("\r\n", "\n")
    if control := CONTROL.search(source.replace("\0", "\x01")):
        line = source.count("\n", 0, control.start()) + 1
        code = f"U+{ord(source[control.start()]):04X}"
        hint = "remove it; it is invisible and no output can show it"
        return "", Diagnostic(
            SourceLocation(file, line), f"the file contains a control character ({code})", hint
        )
    return source, None
