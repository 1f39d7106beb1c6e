"""Line-level rewrites of the source body, before it is parsed as CommonMark.

These are the Pandoc constructs that CommonMark reads differently or not at all (underlined
headings over numbered text, line blocks, grid tables, fenced divs), and the parts that leave
the running text (footnote definitions, HTML comments). Every :class:`Line` keeps the number
it had in the source file, so that every later note points at the source. Lines inside fenced
code blocks are never touched here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from publish.importer.report import Count, Dropped, Findings
from publish.symbols import Symbol, symbol_meaning

FENCE = re.compile(r"^ *(`{3,}|~{3,})")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+) *$")
BLOCK_START = re.compile(r"^ {0,3}([-*+]( |$)|>|#|\||```|~~~|<)")
ATX = re.compile(r"^ {0,3}#{1,6}( |$)")
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$")
LINE_BLOCK_LINE = re.compile(r"^\|( |$)")
DELIMITER_ROW = re.compile(r"^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$")
GRID_BORDER = re.compile(r"^ {0,3}\+([-=:]+\+)+ *$")
FENCED_DIV = re.compile(r"^ {0,3}:{3,}")
SIMPLE_TABLE_RULE = re.compile(r"^ *-{2,}( +-{2,})+ *$")
#: Every private-use character: the BMP's area and planes 15 and 16.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: Characters that start a block when they begin a line of a paragraph we make from text.
LINE_START_MARKUP = re.compile(r"^(#|>|[-+*=~:|](?=\s|$|[-=~:|])|[-+*](?=\s))")
ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source body; ``number`` counts from 1 in the source file."""

    number: int
    text: str


@dataclass(frozen=True)
class FootnoteDefinition:
    """A ``[^label]: text`` definition, taken out of the body; ``paragraphs`` are its text."""

    label: str
    line: int
    paragraphs: tuple[tuple[Line, ...], ...]


@dataclass(frozen=True)
class PreparedBody:
    """The body after the line-level rewrites, and the footnote definitions taken out."""

    lines: tuple[Line, ...]
    footnotes: dict[str, FootnoteDefinition]


def prepare_body(lines: Sequence[Line], findings: Findings) -> PreparedBody:
    """Apply every line-level rewrite, in an order where each sees the text it expects."""
    current = [Line(line.number, _expand_leading_tabs(line.text)) for line in lines]
    current = map_private_use(current, findings)
    current = _remove_comments(current, findings)
    current, footnotes = _take_footnote_definitions(current, findings)
    for rewrite in (_setext_to_atx, _line_blocks, _grid_tables, _fenced_divs, _simple_tables):
        current = rewrite(current, findings)
    return PreparedBody(tuple(current), footnotes)


def is_blank(line: Line) -> bool:
    return not line.text.strip()


def indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def escape_line_start(text: str) -> str:
    """Escape what would make a line of running text a heading, list, quote or table."""
    text = text.lstrip(" ")
    ordered = ORDERED_MARKER.match(text)
    if ordered:
        return f"{ordered.group(1)}\\{text[len(ordered.group(1)) :]}"
    if LINE_START_MARKUP.match(text):
        return "\\" + text
    return text


def fenced_lines(lines: Sequence[Line]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fence lines included)."""
    inside: list[bool] = []
    fence = ""
    for line in lines:
        match = FENCE.match(line.text)
        if fence:
            inside.append(True)
            closes = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closes and not line.text.strip().strip(fence[0]):
                fence = ""
        elif match and not (match.group(1)[0] == "`" and "`" in line.text[match.end() :]):
            fence = match.group(1)
            inside.append(True)
        else:
            inside.append(False)
    return inside


# --- simple passes -----------------------------------------------------------------------


def _expand_leading_tabs(text: str) -> str:
    stripped = text.lstrip(" \t")
    return text[: len(text) - len(stripped)].expandtabs(4) + stripped


def map_private_use(lines: Sequence[Line], findings: Findings) -> list[Line]:
    """Every private-use character leaves the source here, each one reported with its line:
    the characters of Word's symbol fonts become what they probably meant („•“ for U+F0B7, a
    space for U+F020; no font is known at this point), any other is removed. So the source
    never holds a character that the importer uses as its own mark (U+E000–U+E003, U+E010)."""
    out = []
    for line in lines:
        if not PRIVATE_USE.search(line.text):
            out.append(line)
            continue
        mapped: dict[str, Symbol] = {}
        removed: dict[str, int] = {}
        parts = []
        for char in line.text:
            if not PRIVATE_USE.match(char):
                parts.append(char)
                continue
            symbol = symbol_meaning(char)
            if symbol is None:
                removed[char] = removed.get(char, 0) + 1
                continue
            mapped.setdefault(char, symbol)
            findings.count(Count.SYMBOLS)
            parts.append(symbol.meaning)
        text = "".join(parts)
        if mapped:
            listed = ", ".join(f"{s.code} → „{s.meaning}“ ({s.name})" for s in mapped.values())
            findings.note(line.number, f"symbol-font characters read as their meaning: {listed}")
        if removed:
            findings.count(Count.PRIVATE_USE, sum(removed.values()))
            codes = ", ".join(f"U+{ord(char):04X}" for char in removed)
            findings.note(
                line.number,
                f"private-use characters removed (no meaning known): {codes}",
                "type the character itself, or describe it in words",
            )
        out.append(Line(line.number, text))
    return out


def _remove_comments(lines: list[Line], findings: Findings) -> list[Line]:
    """Drop every HTML comment ``<!-- … -->`` (also across lines); report each one."""
    out = list(lines)
    fenced = fenced_lines(out)
    i = 0
    while i < len(out):
        start = _comment_start(out[i].text) if not fenced[i] else -1
        if start < 0:
            i += 1
            continue
        end_line, end = _comment_end(out, i, start)
        if end_line < 0:
            i += 1  # never closed: not a comment we can take out; kept as (escaped) text
            continue
        first, last = out[i], out[end_line]
        comment = "\n".join(line.text for line in out[i : end_line + 1])
        comment = comment[start : len(comment) - len(last.text) + end]
        excerpt = _excerpt(comment[4:-3])
        findings.drop(Dropped.COMMENT, first.number, comment, f"HTML comment dropped: „{excerpt}“")
        rest = first.text[:start] + last.text[end:]
        out[i : end_line + 1] = [Line(first.number, rest if rest.strip() else "")]
        fenced[i : end_line + 1] = [False]
    return out


def _comment_start(text: str) -> int:
    """Where a comment starts in ``text``, outside code spans; -1 if none."""
    position = text.find("<!--")
    while position >= 0:
        if text.count("`", 0, position) % 2 == 0:
            return position
        position = text.find("<!--", position + 4)
    return -1


def _comment_end(lines: Sequence[Line], i: int, start: int) -> tuple[int, int]:
    offset = start + 4
    for j in range(i, len(lines)):
        position = lines[j].text.find("-->", offset if j == i else 0)
        if position >= 0:
            return j, position + 3
    return -1, -1


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# --- footnote definitions -----------------------------------------------------------------


def _take_footnote_definitions(
    lines: list[Line], findings: Findings
) -> tuple[list[Line], dict[str, FootnoteDefinition]]:
    """Take every ``[^label]: …`` definition (with its continuation) out of the body."""
    out: list[Line] = []
    definitions: dict[str, FootnoteDefinition] = {}
    fenced = fenced_lines(lines)
    i = 0
    while i < len(lines):
        match = FOOTNOTE_DEFINITION.match(lines[i].text) if not fenced[i] else None
        if not match:
            out.append(lines[i])
            i += 1
            continue
        end = _definition_end(lines, i)
        definition = _definition(match.group(1), lines[i], match.group(2), lines[i + 1 : end])
        if definition.label in definitions:
            first = definitions[definition.label].line
            findings.note(
                lines[i].number,
                f"footnote [^{definition.label}] is defined twice (first in line {first}) – "
                "this second text was kept as a paragraph",
            )
            for paragraph in definition.paragraphs:
                out.append(Line(paragraph[0].number, ""))
                out.extend(paragraph)
        else:
            definitions[definition.label] = definition
        out.append(Line(lines[i].number, ""))
        i = end
    return out, definitions


def _definition_end(lines: Sequence[Line], i: int) -> int:
    """The index after a definition: lazy lines, then blank-separated lines indented 4."""
    j = i + 1
    while j < len(lines):
        text = lines[j].text
        if not text.strip():
            following = next((k for k in range(j, len(lines)) if lines[k].text.strip()), None)
            if following is None or indentation(lines[following].text) < 4:
                return j
            j = following
            continue
        if indentation(text) < 4 and (FOOTNOTE_DEFINITION.match(text) or BLOCK_START.match(text)):
            return j
        j += 1
    return j


def _definition(label: str, first: Line, text: str, rest: Sequence[Line]) -> FootnoteDefinition:
    paragraphs: list[tuple[Line, ...]] = []
    current = [Line(first.number, text)] if text.strip() else []
    for line in rest:
        if not line.text.strip():
            if current:
                paragraphs.append(tuple(current))
            current = []
            continue
        current.append(Line(line.number, line.text[min(4, indentation(line.text)) :]))
    if current:
        paragraphs.append(tuple(current))
    return FootnoteDefinition(label, first.number, tuple(paragraphs))


# --- headings -----------------------------------------------------------------------------


def _setext_to_atx(lines: list[Line], findings: Findings) -> list[Line]:
    """``Title`` over ``===`` or ``---`` → ``# Title`` / ``## Title``.

    Done before parsing because Pandoc (the source's dialect) reads ``1. Familien`` over
    ``---`` as a heading, where CommonMark would read a list and a rule.
    """
    out = list(lines)
    fenced = fenced_lines(out)
    i = 1
    while i < len(out):
        match = SETEXT_UNDERLINE.match(out[i].text) if not fenced[i] else None
        start = _setext_text_start(out, fenced, i) if match else -1
        if match is None or start < 0:
            i += 1
            continue
        level = 1 if match.group(1)[0] == "=" else 2
        text = " ".join(line.text.strip() for line in out[start:i])
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        out[start : i + 1] = [Line(out[start].number, "#" * level + " " + text)]
        fenced[start : i + 1] = [False]
        findings.count(Count.SETEXT)
        i = start + 1
    return out


def _setext_text_start(lines: Sequence[Line], fenced: Sequence[bool], i: int) -> int:
    """The first line of the paragraph an underline at ``i`` belongs to, or -1."""
    start = i
    while start > 0 and lines[start - 1].text.strip() and not fenced[start - 1]:
        previous = lines[start - 1].text
        if ATX.match(previous) or GRID_BORDER.match(previous):
            break
        if indentation(previous) > 3 and start == i:
            return -1
        start -= 1
    if start == i:
        return -1
    first = lines[start].text
    if BLOCK_START.match(first) or FOOTNOTE_DEFINITION.match(first):
        return -1
    return start


# --- line blocks --------------------------------------------------------------------------


def _line_blocks(lines: list[Line], findings: Findings) -> list[Line]:
    """Pandoc line blocks (``| line``) → paragraphs whose lines end in a hard break."""
    out: list[Line] = []
    fenced = fenced_lines(lines)
    i = 0
    while i < len(lines):
        end = _line_block_end(lines, fenced, i)
        if end < 0:
            out.append(lines[i])
            i += 1
            continue
        out.extend(_line_block_paragraphs(lines[i:end]))
        findings.count(Count.LINE_BLOCKS)
        i = end
    return out


def _line_block_end(lines: Sequence[Line], fenced: Sequence[bool], i: int) -> int:
    if fenced[i] or not LINE_BLOCK_LINE.match(lines[i].text):
        return -1
    if i > 0 and lines[i - 1].text.strip():
        return -1
    j = i + 1
    while j < len(lines) and not fenced[j] and lines[j].text.strip():
        text = lines[j].text
        if DELIMITER_ROW.match(text):
            return -1  # a pipe table
        if not (LINE_BLOCK_LINE.match(text) or text.startswith(" ")):
            break
        j += 1
    return j


def _line_block_paragraphs(block: Sequence[Line]) -> list[Line]:
    rows: list[Line] = []
    for line in block:
        if LINE_BLOCK_LINE.match(line.text):
            rows.append(Line(line.number, _keep_leading_spaces(line.text[2:])))
        else:  # a continuation line of the row before
            previous = rows[-1]
            rows[-1] = Line(previous.number, previous.text + " " + line.text.strip())
    out: list[Line] = [Line(block[0].number, "")]
    for index, row in enumerate(rows):
        if not row.text.strip():
            out.append(Line(row.number, ""))
            continue
        following = rows[index + 1].text.strip() if index + 1 < len(rows) else ""
        out.append(Line(row.number, escape_line_start(row.text) + ("\\" if following else "")))
    out.append(Line(block[-1].number, ""))
    return out


def _keep_leading_spaces(text: str) -> str:
    """A line block keeps its indentation: leading spaces become no-break spaces."""
    stripped = text.lstrip(" ")
    return "\u00a0" * (len(text) - len(stripped)) + stripped


# --- grid tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class GridTable:
    """A grid table's cells, read on its column boundaries (``+`` positions)."""

    header: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...]
    aligns: tuple[str, ...]


def _grid_tables(lines: list[Line], findings: Findings) -> list[Line]:
    """Grid tables → pipe tables; tables with merged cells keep their text, one paragraph
    per row, and are reported."""
    out: list[Line] = []
    fenced = fenced_lines(lines)
    i = 0
    while i < len(lines):
        if fenced[i] or not GRID_BORDER.match(lines[i].text):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].text.strip()[:1] in ("+", "|"):
            j += 1
        out.extend(_convert_grid(lines[i:j], findings))
        i = j
    return out


def _convert_grid(block: Sequence[Line], findings: Findings) -> list[Line]:
    number = block[0].number
    table = _parse_grid([line.text.strip() for line in block])
    if table is None:
        findings.note(
            number,
            "grid table with merged cells or block content could not be converted – "
            "kept its text, one paragraph per row",
            "make it a pipe table by hand if it should stay a table",
        )
        return _grid_as_paragraphs(block)
    findings.count(Count.GRID_TABLES)
    header = table.header
    rows = table.rows
    if header is None or not any(header):
        header, rows = rows[0], rows[1:]
        findings.note(number, "grid table without a header row: its first row became the header")
    texts = [_pipe_row(header), "|" + "|".join(table.aligns) + "|"]
    texts += [_pipe_row(row) for row in rows]
    return [Line(number, ""), *(Line(number, text) for text in texts), Line(number, "")]


def _parse_grid(texts: Sequence[str]) -> GridTable | None:
    border = texts[0]
    if not GRID_BORDER.match(texts[-1]) or len(texts) < 3:
        return None
    columns = [k for k, char in enumerate(border) if char == "+"]
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    current: list[list[str]] = [[] for _ in columns[1:]]
    for text in texts[1:]:
        if GRID_BORDER.match(text):
            if [k for k, char in enumerate(text) if char == "+"] != columns:
                return None
            row = _grid_row(current)
            if row is None:
                return None
            if "=" in text and header is None and not rows:
                header = row
            else:
                rows.append(row)
            current = [[] for _ in columns[1:]]
            continue
        if len(text) != len(border) or any(text[k] != "|" for k in columns):
            return None
        for index, (left, right) in enumerate(zip(columns, columns[1:], strict=False)):
            current[index].append(text[left + 1 : right].strip())
    if not rows:
        return None
    return GridTable(header, tuple(rows), _grid_aligns(texts, columns))


def _grid_row(cells: Sequence[Sequence[str]]) -> tuple[str, ...] | None:
    """One row's cells, each cell's lines joined; None for block content in a cell."""
    row = []
    for lines in cells:
        inner = list(lines)
        while inner and not inner[-1]:
            inner.pop()
        if "" in inner or any(
            BLOCK_START.match(text) or ORDERED_MARKER.match(text) for text in inner
        ):
            return None
        row.append(" ".join(inner).replace("|", "\\|"))
    return tuple(row)


def _grid_aligns(texts: Sequence[str], columns: Sequence[int]) -> tuple[str, ...]:
    rule = next((t for t in texts[1:] if GRID_BORDER.match(t) and "=" in t), texts[0])
    aligns = []
    for left, right in zip(columns, columns[1:], strict=False):
        segment = rule[left + 1 : right]
        starts, ends = segment.startswith(":"), segment.endswith(":")
        aligns.append(
            ":---:" if starts and ends else "---:" if ends else ":---" if starts else "---"
        )
    return tuple(aligns)


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _grid_as_paragraphs(block: Sequence[Line]) -> list[Line]:
    """The text of a grid table that cannot be converted: one paragraph per row, its cell
    lines joined by hard breaks."""
    out: list[Line] = [Line(block[0].number, "")]
    row: list[Line] = []
    for line in block:
        text = line.text.strip()
        if GRID_BORDER.match(text) or text.startswith("+"):
            out.extend(_hard_break_paragraph(row))
            row = []
            continue
        parts = [part.strip() for part in text.strip("|").split("|")]
        row.extend(Line(line.number, part) for part in parts if part.strip("-=+: "))
    out.extend(_hard_break_paragraph(row))
    return out


def _hard_break_paragraph(row: Sequence[Line]) -> Iterator[Line]:
    for index, line in enumerate(row):
        last = index == len(row) - 1
        yield Line(line.number, escape_line_start(line.text) + ("" if last else "\\"))
    if row:
        yield Line(row[-1].number, "")


# --- Pandoc's fenced divs and simple tables -----------------------------------------------


def _fenced_divs(lines: list[Line], findings: Findings) -> list[Line]:
    """``::: {.class}`` … ``:::`` → the content alone; each opening marker is reported."""
    out: list[Line] = []
    fenced = fenced_lines(lines)
    for line, inside in zip(lines, fenced, strict=True):
        if inside or not FENCED_DIV.match(line.text):
            out.append(line)
            continue
        marker = line.text.strip()
        if marker.strip(":").strip():
            findings.drop(
                Dropped.FENCED_DIV,
                line.number,
                marker,
                f"fenced div „{marker}“ dropped (its content is kept)",
            )
        out.append(Line(line.number, ""))
    return out


def _simple_tables(lines: list[Line], findings: Findings) -> list[Line]:
    """Pandoc's simple and multiline tables have no CommonMark form: report them."""
    fenced = fenced_lines(lines)
    for line, inside in zip(lines, fenced, strict=True):
        if not inside and SIMPLE_TABLE_RULE.match(line.text):
            findings.note(
                line.number,
                "this looks like a Pandoc simple table – kept as text",
                "make it a pipe table by hand if it should stay a table",
            )
    return lines
