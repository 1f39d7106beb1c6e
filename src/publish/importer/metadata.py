"""Title data: a Pandoc title block (YAML or ``%`` lines) → ``book.yaml``.

What the source says is taken as it is (title, subtitle, date, authors as parties); the rest of
what :data:`publish.read.config.SCHEMA` requires is guessed (parties from a subtitle such as
„Koalitionsvertrag zwischen CDU, CSU und SPD“, the place from „Berlin, 7. Februar 2018“, the
status, the output name; without a title block, title, subtitle, date and parties from where
the text states them: :mod:`publish.importer.title_page`) or filled with defaults (rights,
accessibility summary). Every guess becomes a note „please check book.yaml“ (with the line
it was read from) and the comment ``# guessed – please check`` in the written file; what is
not found stays :data:`MISSING` (or 1970-01-01), which ``publish build`` warns about.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import yaml
from markdown_it import MarkdownIt

from publish import model as m
from publish.errors import PublishError
from publish.importer.lines import Line
from publish.importer.report import CHECK_BOOK_YAML, Findings
from publish.importer.title_page import (
    DRAFT,
    PARTY_SEPARATOR,
    Evidence,
    find_date,
    find_parties,
    find_title,
    parse_date,
    parties_between,
    party,
)

#: Namespace of the book identifiers: ``uuid5(IDENTIFIER_NAMESPACE, title + "\n" + date)``.
IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://publish.invalid/imported-book")
KNOWN_KEYS = (
    "title", "subtitle", "author", "date", "lang", "language", "status", "abstract",
    "description", "keywords", "publisher", "rights", "copyright", "place",
)  # fmt: skip
MISSING = "(bitte in book.yaml eintragen)"
#: Pandoc's ``~sub~`` and ``^sup^`` (no space inside, not escaped), and Unicode's forms.
SCRIPT = re.compile(r"(?<![\\~^])([~^])((?:(?!\1)[^\s\\])+)\1(?!\1)")
STRIKEOUT = re.compile(r"(?<!\\)~~(\S(?:.*?\S)?)~~")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_INLINE = MarkdownIt("commonmark")


@dataclass(frozen=True)
class TitleBlock:
    """The source's title data as written: values by key, and the line of each key."""

    values: Mapping[str, object] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


@dataclass(frozen=True)
class Content:
    """What the imported body holds, for the accessibility summary and missing data."""

    #: Where the text states title data the title block does not give.
    evidence: Evidence
    lists: bool
    tables: bool
    footnotes: bool
    images: bool
    first_heading: str


@dataclass(frozen=True)
class BookData:
    """Everything ``book.yaml`` needs, and for each guessed key why it has its value."""

    metadata: m.Metadata
    output_name: str
    guessed: Mapping[str, str]


# --- reading the title block --------------------------------------------------------------


def split_title_block(lines: Sequence[Line], file: str) -> tuple[TitleBlock, list[Line]]:
    """Take a YAML (``---`` … ``---``) or Pandoc ``%`` title block off the top of the file."""
    if lines and lines[0].text.rstrip() == "---" and len(lines) > 1 and lines[1].text.strip():
        end = next(
            (i for i in range(1, len(lines)) if lines[i].text.rstrip() in ("---", "...")), None
        )
        if end is not None:
            block = _yaml_block(lines[1:end], file)
            if block is not None:
                return block, list(lines[end + 1 :])
    if lines and lines[0].text.startswith("%"):
        return _percent_block(lines)
    return TitleBlock(), list(lines)


def _yaml_block(lines: Sequence[Line], file: str) -> TitleBlock | None:
    text = "\n".join(line.text for line in lines)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        values = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = lines[0].number + (mark.line if mark else 0)
        raise PublishError(
            f"{file}:{line}: the YAML title block is not valid YAML ({error.problem}) – "
            "fix it and import again"
        ) from None
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        return None  # „---“ that opens no title block: a rule or a heading underline
    key_lines = {str(key.value): lines[0].number + key.start_mark.line for key, _ in node.value}
    return TitleBlock({str(k): v for k, v in values.items()}, key_lines)


def _percent_block(lines: Sequence[Line]) -> tuple[TitleBlock, list[Line]]:
    """``% Title`` / ``% Author; Author`` / ``% Date``; continuation lines start with a space."""
    fields: list[list[Line]] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        if text.startswith("%") and len(fields) < 3:
            fields.append([Line(lines[i].number, text[1:].strip())])
        elif text.startswith((" ", "\t")) and text.strip() and fields:
            fields[-1].append(Line(lines[i].number, text.strip()))
        else:
            break
        i += 1
    values: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    for key, field_lines in zip(("title", "author", "date"), fields, strict=False):
        text = "\n".join(line.text for line in field_lines).strip()
        if text:
            values[key] = text.split(";") if key == "author" else text
            key_lines[key] = field_lines[0].number
    return TitleBlock(values, key_lines), list(lines[i:])


# --- plain text of Markdown values --------------------------------------------------------


def _script(match: re.Match[str]) -> str:
    marker, inner = match.group(1), match.group(2)
    table = SUBSCRIPT if marker == "~" else SUPERSCRIPT
    converted = inner.translate(table)
    return converted if all(char in table for char in map(ord, inner)) else inner


def value_parts(value: object) -> list[str]:
    """The lines of a title-block value as plain text: split at hard breaks and paragraphs,
    soft line breaks read as spaces, Markdown markup removed."""
    if value is None:
        return []
    if isinstance(value, list):
        return [part for item in value for part in value_parts(item)]
    if isinstance(value, dict):
        return value_parts(value.get("name") or value.get("text"))
    if isinstance(value, dt.date):
        return [value.isoformat()]
    text = re.sub(r"(\\| {2,})\n", "\n\n", str(value))
    parts = [plain_text(paragraph) for paragraph in re.split(r"\n\s*\n", text)]
    return [part for part in parts if part]


def plain_text(markdown: str) -> str:
    """The text of one paragraph of Markdown, without markup; Pandoc's sub- and superscripts
    as Unicode where it has the characters („CO₂“, „m²“)."""
    unscripted = SCRIPT.sub(_script, STRIKEOUT.sub(r"\1", markdown.strip()))
    tokens = _INLINE.parseInline(unscripted)
    children = tokens[0].children or [] if tokens else []
    parts = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


# --- guessing what the source does not say ------------------------------------------------


def book_data(block: TitleBlock, content: Content, findings: Findings) -> BookData:
    """All values of ``book.yaml``, each from the source or guessed (with a note)."""
    guessed: dict[str, str] = {}

    def guess(key: str, why: str, line: int | None = None) -> None:
        guessed[key] = why
        findings.note(line, f"{key}: {why}", CHECK_BOOK_YAML)

    _report_unknown_keys(block, findings)
    title = _title(block, content, guess)
    subtitle = _subtitle(block, title, content, guess)
    date, place = _date_and_place(block, content, guess)
    parties = _parties(block, title, content, guess)
    metadata = m.Metadata(
        title=title,
        subtitle=subtitle,
        parties=parties,
        status=_status(block, content, guess),
        date=date,
        language=_language(block, guess),
        identifier=book_identifier(title, date),
        rights=_rights(block, date, parties, guess),
        accessibility_summary=_default_summary(content, guess),
        publisher=_text(block, "publisher"),
        place=place,
        description=_text(block, "abstract") or _text(block, "description"),
        keywords=_keywords(block.values.get("keywords")),
    )
    output_name = slug(title, 50) or "buch"
    guess("output.name", f"„{output_name}“ was made from the title")
    return BookData(metadata, output_name, guessed)


def _text(block: TitleBlock, key: str) -> str:
    return " ".join(value_parts(block.values.get(key)))


def book_identifier(title: str, date: dt.date) -> str:
    """A stable ``urn:uuid:`` for the text: UUID v5 of its title and date."""
    name = f"{title}\n{date.isoformat()}"
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, name)}"


class _GuessFn(Protocol):
    """Records one guessed key: why it has its value, and the source line it comes from."""

    def __call__(self, key: str, why: str, line: int | None = None) -> None: ...


def _keywords(value: object) -> tuple[str, ...]:
    """Keywords as a list, or as one text separated by commas."""
    return tuple(k.strip() for part in value_parts(value) for k in part.split(",") if k.strip())


def _report_unknown_keys(block: TitleBlock, findings: Findings) -> None:
    for key in block.values:
        if key not in KNOWN_KEYS:
            findings.note(
                block.line(key),
                f"title block key „{key}“ has no place in book.yaml – not imported",
                "add its content to a chapter by hand if it matters",
            )


def _title(block: TitleBlock, content: Content, guess: _GuessFn) -> str:
    parts = value_parts(block.values.get("title"))
    if len(parts) > 1:
        joined = " – ".join(parts)
        guess(
            "title",
            f"its {len(parts)} lines were joined with „ – “: „{joined}“",
            block.line("title"),
        )
        return joined
    if parts:
        return parts[0]
    if content.first_heading:
        guess(
            "title",
            f"the source has no title – the document heading „{content.first_heading}“ was used",
        )
        return content.first_heading
    found = find_title(content.evidence)
    if found and found.line in {line.number for line in content.evidence.running_heads}:
        guess("title", f"„{found.title}“ read from the running heads", found.line)
        return found.title
    if found:
        guess("title", f"„{found.title}“ read from the first page", found.line)
        return found.title
    guess("title", "the source has no title – a placeholder was written")
    return MISSING


def _subtitle(block: TitleBlock, title: str, content: Content, guess: _GuessFn) -> str:
    subtitle = _text(block, "subtitle")
    if subtitle:
        return subtitle
    known = title if title != MISSING else ""
    found = find_title(content.evidence, known=known) if known else None
    if found and found.subtitle:
        guess("subtitle", f"„{found.subtitle}“ read from the first page", found.subtitle_line)
        return found.subtitle
    guess("subtitle", "the source has no subtitle – a placeholder was written")
    return MISSING


def _rights(block: TitleBlock, date: dt.date, parties: Sequence[m.Party], guess: _GuessFn) -> str:
    rights = _text(block, "rights") or _text(block, "copyright")
    if not rights:
        holders = [p.short for p in parties if p.short != MISSING] or ["die Vertragsparteien"]
        rights = f"© {date.year} {_german_list(holders)}."
        guess("rights", f"a default („{rights}“) – replace it with the real rights statement")
    return rights


def _default_summary(content: Content, guess: _GuessFn) -> str:
    guess("accessibility_summary", "a default that describes the imported structure")
    return accessibility_summary(content)


def _date_and_place(block: TitleBlock, content: Content, guess: _GuessFn) -> tuple[dt.date, str]:
    raw = block.values.get("date")
    line = block.line("date")
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw, _text(block, "place")
    text = " ".join(value_parts(raw))
    given = parse_date(text) if text else None
    if given is not None:
        date, place = given
        place = _text(block, "place") or place
        if text.strip() != date.isoformat():
            where = f" and place {place}" if place else ""
            guess("date", f"{date.isoformat()}{where} read from „{text.strip()}“", line)
        return date, place
    found = find_date(content.evidence)
    if found is None:
        guess("date", "the source gives no date – 1970-01-01 was written", line)
        return dt.date(1970, 1, 1), ""
    place = _text(block, "place") or found.place
    where = f" and place {place}" if found.place else ""
    guess(
        "date",
        f"{found.date.isoformat()}{where} read from „{found.text}“ ({found.kind})",
        found.line,
    )
    return found.date, place


def _parties(
    block: TitleBlock, title: str, content: Content, guess: _GuessFn
) -> tuple[m.Party, ...]:
    authors = [name for part in value_parts(block.values.get("author")) for name in _split(part)]
    if authors:
        parties = tuple(party(name, as_written=True) for name in authors)
        _guess_parties(parties, "the authors", block.line("author"), guess)
        return parties
    for text, key in ((_text(block, "subtitle"), "subtitle"), (title, "title")):
        names = parties_between(text)
        if names:
            parties = tuple(party(n) for n in names)
            _guess_parties(parties, f"the {key}", block.line(key), guess)
            return parties
    found = find_parties(content.evidence)
    if found:
        parties = tuple(party(n) for n in found.names)
        _guess_parties(parties, f"{found.kind}: „{found.text}“", found.line, guess)
        return parties
    guess("parties", "the source names no parties – a placeholder was written")
    return (m.Party(MISSING, MISSING),)


def _guess_parties(
    parties: Sequence[m.Party], source: str, line: int | None, guess: _GuessFn
) -> None:
    names = "; ".join(
        p.name if p.short == p.name else f"{p.name} (short {p.short})" for p in parties
    )
    guess("parties", f"{names} – taken from {source}", line)


def _split(text: str) -> list[str]:
    return [part.strip() for part in PARTY_SEPARATOR.split(text) if part.strip()]


def _status(block: TitleBlock, content: Content, guess: _GuessFn) -> str:
    given = _text(block, "status")
    if given:
        return given
    front = "\n".join(line.text for line in content.evidence.front)
    texts = [" ".join(value_parts(v)) for v in block.values.values()] + [front]
    if any(DRAFT.search(text) for text in texts):
        guess("status", "„Entwurf“, because the title data or the opening text say so")
        return "Entwurf"
    guess("status", "„Fassung“ was assumed: the source does not say „Entwurf“")
    return "Fassung"


def _language(block: TitleBlock, guess: _GuessFn) -> str:
    given = _text(block, "lang") or _text(block, "language")
    match = re.fullmatch(r"([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?", given)
    if match:
        region = f"-{match.group(2).upper()}" if match.group(2) else ""
        return match.group(1).lower() + region
    guess("language", "de-DE was assumed")
    return "de-DE"


def accessibility_summary(content: Content) -> str:
    """A German sentence on what is marked up, built from what the book contains."""
    parts = ["Überschriften"]
    parts += ["Listen"] if content.lists else []
    parts += ["Tabellen"] if content.tables else []
    parts += ["Fußnoten"] if content.footnotes else []
    parts += ["Verweise"]
    images = " Bilder haben Textalternativen;" if content.images else ""
    return (
        f"Barrierefreie Ausgabe: {_german_list(parts)} sind ausgezeichnet, die Lesereihenfolge "
        f"folgt dem Text, die Sprache ist angegeben;{images} Seitenzahlen und Kolumnentitel "
        "sind Artefakte."
    )


def _german_list(items: Sequence[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def slug(text: str, limit: int) -> str:
    """Lower-case ASCII letters, digits and hyphens, cut at a hyphen to at most ``limit``."""
    lowered = text.lower()
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, ascii_)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    full = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(full) <= limit:
        return full
    cut = full[: limit + 1]
    return cut[: cut.rfind("-")] if "-" in cut else full[:limit]


# --- writing book.yaml --------------------------------------------------------------------


def book_yaml(
    data: BookData, chapters: Sequence[str], source_name: str, kind: str = "Markdown"
) -> str:
    """The text of ``book.yaml``, with comments on what to check; ``kind`` names the
    importer („Markdown“, „Word“)."""
    meta = data.metadata
    lines = [
        f"# Imported from {source_name} by publish's {kind} importer.",
        "# Every key is described in src/publish/read/config.py (SCHEMA).",
        "# Please check these keys, marked „guessed“ below (guessed from the source, or defaults):",
        *textwrap.wrap(
            ", ".join(data.guessed) or "none", 96, initial_indent="#   ", subsequent_indent="#   "
        ),
        "",
        "metadata:",
        *_entry("title", meta.title, data),
        *_entry("subtitle", meta.subtitle, data),
        f"  parties:{_comment('parties', data)}",
    ]
    for entry in meta.parties:
        lines += [f"    - name: {_quote(entry.name)}", f"      short: {_quote(entry.short)}"]
    lines += [
        *_entry("status", meta.status, data),
        f"  date: {meta.date.isoformat()}{_comment('date', data)}",
        *_entry("place", meta.place, data),
        *_entry("language", meta.language, data),
        "  # Stable for every edition of this text (UUID v5 of title and date); never change it.",
        *_entry("identifier", meta.identifier, data),
        "  # Defaults written by the importer – replace them with the real statements:",
        *_entry("rights", meta.rights, data),
        *_entry("accessibility_summary", meta.accessibility_summary, data),
        *_entry("publisher", meta.publisher, data),
        *_entry("description", meta.description, data),
    ]
    if meta.keywords:
        lines.append("  keywords: [" + ", ".join(_quote(k) for k in meta.keywords) + "]")
    lines += ["", "chapters:", *(f"  - {name}" for name in chapters), "", "output:"]
    lines += [f"  name: {data.output_name}{_comment('output.name', data)}", "  page_size: A4", ""]
    return "\n".join(lines)


def _entry(key: str, value: str, data: BookData) -> list[str]:
    return [f"  {key}: {_quote(value)}{_comment(key, data)}"] if value else []


def _comment(key: str, data: BookData) -> str:
    return "  # guessed – please check" if key in data.guessed else ""


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
