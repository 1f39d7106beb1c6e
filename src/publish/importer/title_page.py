"""Title data where the text states it: the first page, the closing lines, the running heads.

A source without a title block (a PDF converted to Markdown, most Word files) still says
what it is: its first page names the title („Mehr Fortschritt wagen“), the kind of text and
the parties („Koalitionsvertrag zwischen SPD, BÜNDNIS 90/DIE GRÜNEN und FDP“) and often a
date („Stand: 12. März 2021“); it closes with the place and date of signing („Berlin, den
7. Februar 2018“) and the signatures („Für die SPD: …“). Everything found here is a guess:
:mod:`publish.importer.metadata` marks it in ``book.yaml`` with the line it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from publish import model as m
from publish.importer.lines import Line

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
WORDED_DATE = re.compile(r"\b(\d{1,2})\.\s*([A-Za-zÄÖÜäöü]+)\.?\s+(\d{4})\b")
#: Words before a comma and a date that are no place („Stand, 12.03.2021“).
NO_PLACE = r"(?!(?:Entwurf|Stand|Fassung|Beschluss|Version|Datum)\b)"
PLACE_BEFORE_DATE = re.compile(rf"^\s*{NO_PLACE}([^\d,;:]{{2,40}}?),\s*(?:(?:den|am)\s+)?\d")
#: „Stand: 12. März 2021“, „Stand 03/2021“, „Stand: März 2021“.
STAND = re.compile(r"\bStand(?:\s+vom)?\s*:?\s*(.+)", re.IGNORECASE)
MONTH_YEAR = re.compile(r"^(?:(\d{1,2})\s*[/.]\s*|([A-Za-zÄÖÜäöü]+)\.?\s+)(\d{4})\b")
#: „Berlin, den 7. Februar 2018“: a place, a comma, a date.
PLACE_AND_DATE = re.compile(rf"^\s*{NO_PLACE}[A-ZÄÖÜ][^\d,;:]{{1,40}},\s*(?:(?:den|am)\s+)?\d")
#: „Koalitionsvertrag vom 8. Mai 2021“.
DATED = re.compile(r"\bvom\s+(\d.*)$")
BETWEEN = re.compile(r"\bzwischen\b\s*(.*)$", re.IGNORECASE)
AFTER_PARTIES = re.compile(r"\s+(?:in|im|für|über|zur|zum|vom|am|auf|bis|ab|zu)\s+|[.:;]")
PARTY_SEPARATOR = re.compile(r"\s*(?:,|;|&|\bund\b|\bsowie\b)\s*")
LIST_SEPARATOR = re.compile(r"\s*(?:,|;|&|\bund\b|\bsowie\b|[|·•]|\s[–—-]\s)\s*")
SHORT_NAME = re.compile(r"\(([^()]{1,30})\)\s*$")
#: What precedes a party's name in a sentence: „zwischen der SPD“, „den Parteien SPD und …“.
ARTICLE = re.compile(r"^(?:(?:der|die|den|dem|des)\s+)?(?:(?:Parteien|Partei)\s+)?")
SIGNATURE = re.compile(r"^\s*Für\s+(?:(?:die|den|das)\s+)?([^:]+?)\s*(?::.*)?$")
#: The words that open the name of the kind of text: the subtitle's start.
GENRE = re.compile(
    r"^(?:Entwurf\s+(?:des|eines)\s+)?(?:Koalitions|Kooperations|Bündnis|Zusammenarbeits)?"
    r"(?:vertrag|vereinbarung)\w*\b",
    re.IGNORECASE,
)
DRAFT = re.compile(r"\bEntwurf\b", re.IGNORECASE)
SENTENCE = re.compile(r"[.!?]$")
#: A title line has at most this many words; the first page at most this many in all.
TITLE_WORDS = 14
FIRST_PAGE_WORDS = 120


@dataclass(frozen=True)
class KnownParty:
    """A party by its short form (as on ballots) and full name, and how texts write it."""

    short: str
    name: str
    written: re.Pattern[str]


def _known(short: str, name: str, written: str) -> KnownParty:
    return KnownParty(short, name, re.compile(rf"(?:{written})", re.IGNORECASE))


#: The parties of German coalitions, federal, state and local, with their usual spellings.
KNOWN_PARTIES = (
    _known("SPD", "Sozialdemokratische Partei Deutschlands",
           r"SPD|Sozialdemokratische[nr]? Partei(?: Deutschlands)?|Sozialdemokraten"),
    _known("CDU", "Christlich Demokratische Union Deutschlands",
           r"CDU|Christlich[- ]Demokratische[nr]? Union(?: Deutschlands)?"),
    _known("CSU", "Christlich-Soziale Union in Bayern",
           r"CSU|Christlich[- ]Soziale[nr]? Union(?: in Bayern)?"),
    _known("FDP", "Freie Demokratische Partei",
           r"FDP|F\.D\.P\.|Freie[nr]? Demokratische[nr]? Partei|Freie[nr]? Demokraten"),
    _known("GRÜNE", "BÜNDNIS 90/DIE GRÜNEN",
           r"Bündnis\s*90\s*/\s*Die\s+Grünen|(?:Die\s+)?Grünen?|B90/Grüne"),
    _known("DIE LINKE", "DIE LINKE", r"(?:Die\s+|Partei\s+)?Linken?"),
    _known("Volt", "Volt Deutschland", r"Volt(?: Deutschland)?"),
    _known("FREIE WÄHLER", "FREIE WÄHLER", r"Freie[nr]? Wähler"),
    _known("SSW", "Südschleswigscher Wählerverband",
           r"SSW|Südschleswigsche[nr]? Wählerverband(?:es)?"),
    _known("BSW", "Bündnis Sahra Wagenknecht",
           r"BSW|Bündnis Sahra Wagenknecht(?:\s*[–-]\s*Vernunft und Gerechtigkeit)?"),
    _known("Die PARTEI", "Die PARTEI", r"Die PARTEI"),
    _known("ÖDP", "Ökologisch-Demokratische Partei", r"ÖDP|Ökologisch-Demokratische[nr]? Partei"),
    _known("PIRATEN", "Piratenpartei Deutschland", r"Piratenpartei(?: Deutschland)?|Piraten"),
    _known("AfD", "Alternative für Deutschland", r"AfD|Alternative für Deutschland"),
)  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """Where the text may state its title data: the first page (the text before the first
    chapter's running text), the closing lines and the running heads, each line as plain
    text with its source line."""

    front: tuple[Line, ...] = ()
    closing: tuple[Line, ...] = ()
    running_heads: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Found:
    """A value found in the text: the line it comes from and that line's text."""

    line: int | None
    text: str


@dataclass(frozen=True)
class FoundDate(Found):
    date: dt.date
    place: str
    #: Why it is read so: „…“ is the kind of line („a „Stand“ line“).
    kind: str


@dataclass(frozen=True)
class FoundTitle(Found):
    title: str
    subtitle: str
    subtitle_line: int | None


@dataclass(frozen=True)
class FoundParties(Found):
    names: tuple[str, ...]
    kind: str


# --- dates --------------------------------------------------------------------------------


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """A date in ISO or German form, and the place before it: „Berlin, 7. Februar 2018“."""
    place_match = PLACE_BEFORE_DATE.match(text)
    place = place_match.group(1).strip() if place_match else ""
    for pattern in (ISO_DATE, NUMERIC_DATE, WORDED_DATE):
        for match in pattern.finditer(text):
            first, second, third = match.groups()
            if pattern is ISO_DATE:
                numbers = (int(first), int(second), int(third))
            elif pattern is NUMERIC_DATE:
                numbers = (int(third), int(second), int(first))
            elif second.lower() in MONTHS:
                numbers = (int(third), MONTHS[second.lower()], int(first))
            else:
                continue
            try:
                return dt.date(*numbers), place
            except ValueError:
                continue
    return None


def _stand_date(text: str) -> tuple[dt.date, bool] | None:
    """The date of a „Stand …“ line; True if only month and year are given (the first of
    the month is meant then)."""
    match = STAND.search(text)
    if not match:
        return None
    rest = match.group(1).strip()
    full = parse_date(rest)
    if full:
        return full[0], False
    month_year = MONTH_YEAR.match(rest)
    if not month_year:
        return None
    number, name, year = month_year.groups()
    month = int(number) if number else MONTHS.get(name.lower(), 0)
    if not 1 <= month <= 12:
        return None
    return dt.date(int(year), month, 1), True


def find_date(evidence: Evidence) -> FoundDate | None:
    """The text's date: a „Stand“ line, then a place and date („Berlin, den 7. Februar
    2018“) at the end or on the first page, then „vom 8. Mai 2021“ or any date in a short
    line of the first page, then a date in the last lines."""
    stand_lines = (*evidence.front, *evidence.running_heads, *evidence.closing)
    for line in stand_lines:
        stand = _stand_date(line.text)
        if stand:
            date, month_only = stand
            kind = (
                "a „Stand“ line (no day given: the first of the month)"
                if month_only
                else ("a „Stand“ line")
            )
            return FoundDate(line.number, line.text, date, "", kind)
    for line in (*reversed(evidence.closing), *evidence.front):
        if PLACE_AND_DATE.match(line.text) and len(line.text) < 60:
            found = parse_date(line.text)
            if found:
                return FoundDate(line.number, line.text, found[0], found[1], "place and date")
    for line in evidence.front:
        dated = DATED.search(line.text)
        found = parse_date(dated.group(1)) if dated else None
        if found is None and len(line.text) < 60:
            found = parse_date(line.text)
        if found:
            return FoundDate(line.number, line.text, found[0], "", "the first page")
    for line in reversed(evidence.closing[-5:]):
        if len(line.text) < 60:
            found = parse_date(line.text)
            if found:
                return FoundDate(line.number, line.text, found[0], found[1], "the last lines")
    return None


# --- title and subtitle -------------------------------------------------------------------


def find_title(evidence: Evidence, *, known: str = "") -> FoundTitle | None:
    """Title and subtitle from the first page.

    The lines that name the kind of text and its parties („Koalitionsvertrag“ / „zwischen“ /
    „SPD, GRÜNE und FDP“ / „für die Wahlperiode 2021–2025“) are the subtitle; the first short
    lines besides them that are no date, no party list and no page number are the title
    („Mehr Fortschritt wagen“), or the subtitle lines are the title if there is nothing else.
    Without a first page, a running head is the title. ``known``: the title is known (from
    the title block or the document's heading); only a subtitle is looked for."""
    kinds = [(line, _title_line_kind(line.text)) for line in evidence.front]
    genre: list[Line] = []
    start = next((i for i, (_, kind) in enumerate(kinds) if kind == "genre"), None)
    if start is not None:
        end = start + 1
        while end < len(kinds) and _continues_group(kinds[end - 1][0].text, *kinds[end]):
            end += 1
        genre = [line for line, _ in kinds[start:end]]
    motto: list[Line] = []
    for line, kind in kinds:
        if kind == "title" and line not in genre and len(motto) < 3:
            motto.append(line)
        elif motto:
            break
    subtitle = " ".join(line.text for line in genre)
    subtitle_line = genre[0].number if genre else None
    if known:
        return FoundTitle(None, "", known, subtitle, subtitle_line) if genre else None
    if motto:
        title = " – ".join(line.text for line in motto)
        return FoundTitle(motto[0].number, title, title, subtitle, subtitle_line)
    if genre:
        return FoundTitle(subtitle_line, subtitle, subtitle, "", None)
    heads = [line for line in evidence.running_heads if _title_line_kind(line.text) == "title"]
    if heads:
        return FoundTitle(heads[0].number, heads[0].text, heads[0].text, "", None)
    return None


def _continues_group(before: str, line: Line, kind: str) -> bool:
    """Whether ``line`` goes on with the subtitle's lines: it begins in lower case („zwischen“,
    „für die Wahlperiode …“), or it names the parties after „zwischen“ or a comma."""
    if kind == "continuation" or (kind == "parties" and BETWEEN.match(line.text)):
        return True
    return kind == "parties" and before.rstrip().endswith(("zwischen", ",", " und", " sowie"))


def looks_like_title_page(lines: Sequence[Line]) -> bool:
    """Whether ``lines`` name the kind of text, its parties or its date („Stand …“)."""
    return any(
        _title_line_kind(line.text) in ("genre", "parties") or _stand_date(line.text)
        for line in lines
    )


def _title_line_kind(text: str) -> str:
    """What a line of the first page is: „genre“ (names the kind of text), „parties“ (the
    parties or „zwischen“), „continuation“ (begins in lower case: „für die Wahlperiode …“),
    „title“, or „other“ (a date, a page number, a sentence)."""
    words = text.split()
    if not words or len(words) > TITLE_WORDS or not any(c.isalpha() for c in text):
        return "other"
    if GENRE.match(text):
        return "genre"
    if text.lower() == "zwischen" or BETWEEN.match(text) or len(party_list(text)) > 1:
        return "parties"
    if parse_date(text) or _stand_date(text) or DRAFT.fullmatch(text.strip(" .:")):
        return "other"
    if text[0].islower():
        return "continuation"
    if SENTENCE.search(text) and len(words) > 6:
        return "other"
    return "title"


# --- parties ------------------------------------------------------------------------------


def find_parties(evidence: Evidence) -> FoundParties | None:
    """The parties: named after „zwischen“ on the first page, or listed there by name
    („SPD · GRÜNE · FDP“), or in the signatures at the end („Für die SPD:“)."""
    for line, text in _between_texts(evidence.front):
        names = parties_between(text)
        if names:
            return FoundParties(line.number, text, tuple(names), "the first page")
    for line in evidence.front:
        names = party_list(line.text)
        if len(names) > 1:
            return FoundParties(line.number, line.text, tuple(names), "the first page")
    signed: list[str] = []
    first: Line | None = None
    for line in evidence.closing:
        match = SIGNATURE.match(line.text)
        name = _clean(match.group(1)) if match and len(line.text.split()) <= 12 else ""
        if name and known_party(name) and name not in signed:
            signed.append(name)
            first = first or line
    if first and signed:
        return FoundParties(first.number, first.text, tuple(signed), "the signatures")
    return None


def _between_texts(lines: Sequence[Line]) -> Iterator[tuple[Line, str]]:
    """Each line with „zwischen“, and the names after it: on that line, or on the lines
    below when „zwischen“ ends its line (as on a title page, a name or two a line)."""
    for index, line in enumerate(lines):
        match = BETWEEN.search(line.text)
        if not match:
            continue
        rest = match.group(1).strip()
        following = index + 1
        while (
            following < len(lines)
            and (not rest or rest.endswith((",", " und", " sowie")))
            and _title_line_kind(lines[following].text) in ("parties", "continuation")
        ):
            rest = f"{rest} {lines[following].text}".strip()
            following += 1
        yield line, f"zwischen {rest}"


def parties_between(text: str) -> list[str]:
    """The names after „zwischen“, up to what follows them („… für die Wahlperiode“)."""
    match = BETWEEN.search(text)
    if not match:
        return []
    names = AFTER_PARTIES.split(match.group(1))[0]
    return [name for part in PARTY_SEPARATOR.split(names) for name in _split_pair(part)]


def party_list(text: str) -> list[str]:
    """The names of a line that lists known parties only („SPD, GRÜNE und FDP“), else []."""
    parts = [part for part in LIST_SEPARATOR.split(text) if part.strip()]
    names = [name for part in parts for name in _split_pair(part)]
    return names if names and all(known_party(name) for name in names) else []


def _split_pair(part: str) -> list[str]:
    """„CDU/CSU“ is two parties; „BÜNDNIS 90/DIE GRÜNEN“ is one."""
    name = _clean(part)
    if not name:
        return []
    halves = [half.strip() for half in name.split("/")]
    if len(halves) == 2 and all(known_party(h) and h.isupper() for h in halves):
        return halves
    return [name]


def _clean(name: str) -> str:
    return ARTICLE.sub("", name.strip(" .:;,")).strip()


def known_party(name: str) -> KnownParty | None:
    """The known party that ``name`` writes (its short form in parentheses counts)."""
    text = _clean(name)
    short = SHORT_NAME.search(text)
    candidates = [text, SHORT_NAME.sub("", text).strip()] + ([short.group(1)] if short else [])
    for party in KNOWN_PARTIES:
        if any(party.written.fullmatch(candidate) for candidate in candidates if candidate):
            return party
    return None


def party(name: str, *, as_written: bool = False) -> m.Party:
    """A party from its name in the text: the short form from the parentheses or the known
    parties; the name as written, or (for a known party written in another grammatical
    case, „der Sozialdemokratischen Partei“) its full name, unless ``as_written``."""
    text = _clean(name) if not as_written else name.strip()
    short = SHORT_NAME.search(text)
    known = known_party(text)
    short_form = short.group(1).strip() if short else (known.short if known else text)
    if as_written or known is None:
        return m.Party(text, short_form)
    bare = SHORT_NAME.sub("", text).strip()
    if bare in (known.short, known.name) or bare.isupper():
        return m.Party(text, known.short)
    return m.Party(known.name, known.short)
