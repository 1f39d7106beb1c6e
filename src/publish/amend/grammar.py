"""The body of an amendment: its changes in plain German, and its sections.

Below the header come the changes, one sentence each (several may share a paragraph)::

    Ersetze „bis 2035“ durch „bis 2030“.
    Streiche „und zwar sofort“.
    Füge nach „Radwege“ ein: „und Fußwege“.
    Füge vor „Radwege“ ein: „sichere“.
    Füge nach Zeile 350 einen neuen Absatz ein:

    Der neue Absatz, in Markdown, bis zur nächsten Änderung oder zum nächsten Abschnitt.

A passage is quoted with „…“ (which may hold „inner“ quotes), "…" or “…”. If it occurs more
than once in the cited lines, say which: ``Streiche „und“ (2. Vorkommen).`` The verbs may be
written ``Ersetze``/``Ersetzen``, ``Streiche``/``Streichen``, ``Füge … ein``; the closing
full stop may be left out at the end of a line. The new paragraph may also follow on the
same line in quotation marks: ``Füge nach Zeile 350 einen neuen Absatz ein: „…“.``

Then optional sections: ``## Modifizierte Übernahme`` (the wording the assembly adopted,
as changes like the motion's) and ``## Begründung`` (the reasoning, Markdown).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NoReturn

from publish.amend.model import (
    Delete,
    InsertAfter,
    InsertBefore,
    NewParagraph,
    Operation,
    Passage,
    Replace,
)
from publish.errors import Diagnostic, SourceLocation
from publish.messages import translate

#: The section headings, by what they hold.
SECTIONS = {"modifizierte übernahme": "modified", "begründung": "reasoning"}
SECTION = re.compile(r"^##[ \t]+(.*?)[ \t]*:?[ \t]*#*[ \t]*$", re.MULTILINE)

#: How a change begins: its verb.
VERB = re.compile(r"(?:(?P<replace>[Ee]rsetzen?)|(?P<delete>[Ss]treichen?)|(?P<insert>[Ff]üge))\b")
#: Opening quotation mark → closing ones.
QUOTES = {"„": "“”", '"': '"', "“": "”"}
OCCURRENCE = re.compile(r"\s*\(\s*(\d+)\s*\.\s*Vorkommen\s*\)")
WHERE = re.compile(r"\s+(?P<where>nach|vor)\b")
NEW_PARAGRAPH = re.compile(
    r"\s+Zeile\s+(?P<line>\d+)\s+(?:einen\s+)?(?:neuen\s+)?Absatz\s+ein\s*:", re.IGNORECASE
)
BY = re.compile(r"\s+durch\b")
IN = re.compile(r"\s+ein\b\s*:?")
FULL_STOP = re.compile(r"[ \t]*\.?")

FORMS = (
    "write it as one of: Ersetze „…“ durch „…“. · Streiche „…“. · Füge nach „…“ ein: „…“. · "
    "Füge vor „…“ ein: „…“. · Füge nach Zeile N einen neuen Absatz ein:"
)


@dataclass(frozen=True)
class Section:
    """A part of the file: ``source[start:end]``, beginning on line ``line``."""

    source: str
    start: int
    end: int
    line: int

    @property
    def text(self) -> str:
        return self.source[self.start : self.end].strip()


class _Lines:
    """Line and column of an offset in a file's text."""

    def __init__(self, source: str, file: str) -> None:
        self.file = file
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def at(self, offset: int) -> SourceLocation:
        line = bisect_right(self.starts, offset)
        return SourceLocation(self.file, line, offset - self.starts[line - 1] + 1)


def split_sections(
    source: str, body_start: int, file: str
) -> tuple[dict[str, Section | None], list[Diagnostic]]:
    """The body's parts: ``changes`` (always), ``modified`` and ``reasoning`` (if written)."""
    lines = _Lines(source, file)
    problems: list[Diagnostic] = []
    found: dict[str, Section | None] = {}
    headings = [m for m in SECTION.finditer(source, body_start)]
    bounds = [m.start() for m in headings] + [len(source)]
    first_line = lines.at(body_start).line or 1
    found["changes"] = Section(source, body_start, bounds[0], first_line)
    for heading, end in zip(headings, bounds[1:], strict=True):
        title = " ".join(heading.group(1).split())
        where = lines.at(heading.start())
        kind = SECTIONS.get(title.lower())
        if kind is None:
            hint = "the sections are „## Modifizierte Übernahme“ and „## Begründung“"
            problems.append(Diagnostic(where, f"unknown section „{title}“", hint))
            continue
        if kind in found:
            problems.append(Diagnostic(where, f"the section „{title}“ appears twice", "keep one"))
            continue
        line = (where.line or 1) + 1
        found[kind] = Section(source, heading.end(), end, line)
    return found, problems


class _SyntaxProblem(Exception):
    def __init__(self, offset: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.offset, self.message, self.hint = offset, message, hint


def parse_operations(
    section: Section | None, file: str, problems: list[Diagnostic]
) -> tuple[Operation, ...]:
    """The changes written in ``section``; problems are added to ``problems``."""
    if section is None:
        return ()
    scanner = _Scanner(section.source, section.start, section.end, _Lines(section.source, file))
    before = len(problems)
    operations = scanner.operations(problems)
    if not operations and len(problems) == before:
        where = scanner.lines.at(section.start)
        problems.append(
            Diagnostic(
                SourceLocation(file, where.line),
                "an amendment needs at least one change",
                FORMS,
            )
        )
    return operations


class _Scanner:
    """Reads changes one after the other from ``source[pos:end]``."""

    def __init__(self, source: str, start: int, end: int, lines: _Lines) -> None:
        self.source, self.pos, self.end, self.lines = source, start, end, lines

    def operations(self, problems: list[Diagnostic]) -> tuple[Operation, ...]:
        found: list[Operation] = []
        while self._skip_space():
            start = self.pos
            try:
                found.append(self._operation())
            except _SyntaxProblem as problem:
                problems.append(
                    Diagnostic(self.lines.at(problem.offset), problem.message, problem.hint)
                )
                self._skip_paragraph(start)
        return tuple(found)

    # --- helpers -------------------------------------------------------------------------

    def _skip_space(self) -> bool:
        while self.pos < self.end and self.source[self.pos].isspace():
            self.pos += 1
        return self.pos < self.end

    def _skip_paragraph(self, start: int) -> None:
        """After a problem: go on at the next paragraph."""
        blank = re.compile(r"\n[ \t]*\n")
        match = blank.search(self.source, max(start, self.pos), self.end)
        self.pos = match.end() if match else self.end

    def _match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.match(self.source, self.pos, self.end)
        if match:
            self.pos = match.end()
        return match

    def _found(self) -> str:
        """What stands at the current place, for a message."""
        rest = self.source[self.pos : self.end].lstrip(" \t")
        line = rest.split("\n", 1)[0].strip()
        if not line:
            return translate("the end of the line")
        return f"„{line[:30]}…“" if len(line) > 30 else f"„{line}“"

    def _fail(self, message: str, hint: str = "") -> NoReturn:
        raise _SyntaxProblem(self.pos, message, hint)

    # --- the grammar ---------------------------------------------------------------------

    def _operation(self) -> Operation:
        start = self.pos
        where = self.lines.at(start)
        verb = self._match(VERB)
        if verb is None:
            line = self.source[start : self.end].split("\n", 1)[0].strip()
            shown = line if len(line) <= 40 else line[:39] + "…"
            self._fail(f"„{shown}“ is not a change", FORMS)
        if verb.group("replace"):
            passage = self._passage(verb.group())
            if not self._match(BY):
                self._fail(
                    f"„durch“ and the new text must follow the passage, not {self._found()}",
                    "write Ersetze „…“ durch „…“.",
                )
            new = self._quoted_text("durch", "to delete the passage, write Streiche „…“.")
            self._end_of_change()
            return Replace(passage, new, where)
        if verb.group("delete"):
            passage = self._passage(verb.group())
            self._end_of_change()
            return Delete(passage, where)
        return self._insert(verb.group(), where)

    def _insert(self, verb: str, where: SourceLocation) -> Operation:
        place = self._match(WHERE)
        if place is None:
            self._fail(
                f"„nach“ or „vor“ must follow „{verb}“, not {self._found()}",
                "write Füge nach „…“ ein: „…“. or Füge vor „…“ ein: „…“.",
            )
        before = place.group("where") == "vor"
        if paragraph := self._match(NEW_PARAGRAPH):
            return self._new_paragraph(int(paragraph.group("line")), before, where)
        passage = self._passage(f"{verb} {place.group('where')}")
        if not self._match(IN):
            self._fail(
                f"„ein:“ and the text to insert must follow the passage, not {self._found()}",
                f"write Füge {place.group('where')} „…“ ein: „…“.",
            )
        new = self._quoted_text("ein:", "write the text to insert between the quotation marks")
        self._end_of_change()
        return (InsertBefore if before else InsertAfter)(passage, new, where)

    def _new_paragraph(self, line: int, before: bool, where: SourceLocation) -> NewParagraph:
        rest_of_line = self.source[self.pos : self.end].split("\n", 1)[0]
        if rest_of_line.strip():  # „…ein: „Der neue Absatz.““ on the same line
            self._match(re.compile(r"[ \t]*"))
            text = self._quoted_text("ein:", "write the new paragraph after the colon")
            self._end_of_change()
            return NewParagraph(line, (text,), where, before)
        paragraphs: list[str] = []
        blank = re.compile(r"\n[ \t]*\n")
        while self._skip_space():
            if VERB.match(self.source, self.pos, self.end):
                break
            found = blank.search(self.source, self.pos, self.end)
            stop = found.start() if found else self.end
            lines = self.source[self.pos : stop].split("\n")
            text = " ".join(re.sub(r"^\s*>\s?", "", line).strip() for line in lines)
            paragraphs.append(" ".join(text.split()))
            self.pos = stop
        if not paragraphs:
            raise _SyntaxProblem(
                self.lines_offset(where),
                "the new paragraph is missing",
                "write it below this line, after an empty line",
            )
        return NewParagraph(line, tuple(paragraphs), where, before)

    def lines_offset(self, where: SourceLocation) -> int:
        return self.lines.starts[(where.line or 1) - 1] + (where.column or 1) - 1

    def _passage(self, verb: str) -> Passage:
        self._match(re.compile(r"[ \t\n]*"))
        where = self.lines.at(self.pos)
        if self.pos >= self.end or self.source[self.pos] not in QUOTES:
            self._fail(
                f"a quoted passage must follow „{verb}“, not {self._found()}",
                "quote the passage of the draft, e.g. „bis 2035“",
            )
        text = self._quote()
        if not text.strip():
            raise _SyntaxProblem(self.pos - 1, "the quoted passage is empty", "quote the passage")
        occurrence = 0
        if found := self._match(OCCURRENCE):
            occurrence = int(found.group(1))
            if occurrence < 1:
                self._fail("occurrences are counted from 1", "write (1. Vorkommen)")
        return Passage(" ".join(text.split()), where, occurrence)

    def _quoted_text(self, after: str, empty_hint: str) -> str:
        self._match(re.compile(r"[ \t\n]*"))
        if self.pos >= self.end or self.source[self.pos] not in QUOTES:
            self._fail(
                f"the new text must follow „{after}“ in quotation marks, not {self._found()}",
                "write it as „…“",
            )
        start = self.pos
        text = " ".join(self._quote().split())
        if not text:
            raise _SyntaxProblem(start, "the new text is empty", empty_hint)
        return text

    def _quote(self) -> str:
        """The text between a quotation mark at ``pos`` and its closing one (German
        quotes may hold inner „…“); leaves ``pos`` after the closing mark."""
        opening = self.source[self.pos]
        closing = QUOTES[opening]
        start = self.pos
        depth = 0
        index = self.pos + 1
        while index < self.end:
            char = self.source[index]
            if char in closing and depth == 0:
                self.pos = index + 1
                return self.source[start + 1 : index]
            if opening == "„" and char == "„":
                depth += 1
            elif opening == "„" and char in closing:
                depth -= 1
            elif char == "\n" and self.source[index + 1 : index + 2] in ("\n", ""):
                break  # a quotation does not run over an empty line
            index += 1
        raise _SyntaxProblem(start, "the quotation is not closed", f"end it with {closing[0]}")

    def _end_of_change(self) -> None:
        self._match(FULL_STOP)
        rest = self.source[self.pos : self.end].split("\n", 1)[0]
        if rest.strip() and not VERB.match(rest.strip()):
            self._match(re.compile(r"[ \t]*"))
            self._fail(
                f"the change must end here, with a full stop, not {self._found()}",
                "begin the next change with its verb (Ersetze, Streiche, Füge)",
            )
