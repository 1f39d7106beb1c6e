"""German typographic rules on the text of the model: quotes, spaces, dashes.

- „…“ and ‚…‘ from straight quotes, ’ for apostrophes (decided across the text nodes of a
  block, so a quote may open before an emphasis and close after it);
- narrow no-break spaces (U+202F) inside abbreviations („z. B.“, „d. h.“, „u. a.“) and
  before percent and degree signs; no-break spaces (U+00A0) after „§“, „Art.“, „Nr.“,
  „Abs.“, „S.“, between a number and its unit, in dates („10. November 2020“), and before
  a Gedankenstrich;
- en dashes for ranges („2020–2025“, „S. 12–14“) and as Gedankenstrich („ – “), the ellipsis
  „…“, the minus sign before a number („−5 °C“); thousands separators stay as written;
- party names in capitals stay on one line („BÜNDNIS 90/DIE GRÜNEN“).

Every rule keeps the text's meaning; only characters change. The rules that put one
character in the place of another, like the quotes, are decided on a block's whole run of
text, across emphasis and links (:data:`SPACE_RULES`); those that change the length, on
each text node (:data:`LETTER_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"
NNBSP = "\u202f"
WORD_JOINER = "\u2060"

MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
UNITS = (
    r"€|Euro|EUR|Mio\.|Mrd\.|Millionen|Milliarden|Prozent|Grad|km|m|cm|mm|kg|t|ha|qm|m²|m³|"
    r"kWh|MW|GW|Stunden|Jahre|Jahren|Tage|Tagen|Monate|Monaten|Wochen|Uhr|Personen|Plätze"
)
OPENERS = set(" \t\n([{–—/\u00a0\u202f„‚")

Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]

#: Rules that change the text's length: applied to each text node alone.
LETTER_RULES: tuple[Rule, ...] = (
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<!-)---(?!-)"), "—"),
    (re.compile(r"(?<!-)--(?!-)"), "–"),
    (re.compile(r"BÜNDNIS 90/DIE GRÜNEN"), f"BÜNDNIS{NBSP}90/{WORD_JOINER}DIE{NBSP}GRÜNEN"),
)
#: Rules that put one character in the place of another (a space, a hyphen): applied to
#: the text of a whole run, so a number and its unit stay together across an emphasis
#: („10 000 *€*“, „1.–3. *Mai*“, as Word files have them).
SPACE_RULES: tuple[Rule, ...] = (
    # abbreviations of two or three letters: z. B., d. h., u. a., i. d. R.
    (re.compile(r"\b([^\W\d_])\. (?=[^\W\d_]\.)"), rf"\1.{NNBSP}"),
    (re.compile(r"(§§?|\bArt\.|\bNr\.|\bAbs\.|\bS\.|\bKap\.|\bZiff\.) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(rf"\b(\d{{1,2}})\. ({MONTHS})(?: (\d{{4}}))?\b"), lambda m: _date(m)),
    (re.compile(r"(\d) (%|‰|°C|°)"), rf"\1{NNBSP}\2"),
    (re.compile(rf"(\d) ({UNITS})(?![\w])"), rf"\1{NBSP}\2"),
    (re.compile(r"(?<![\d,.])(\d+)-(\d+)(?![\d,])"), "\\1–\\2"),
    (re.compile(r" [-–] "), f"{NBSP}– "),
    (re.compile(r"(^|[\s(])-(?=\d)"), "\\1−"),
)


def _date(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    return f"{day}.{NBSP}{month}" + (f"{NBSP}{year}" if year else "")


def apply_rules(text: str) -> str:
    """The spacing and dash rules on one piece of text (quotes are done per block)."""
    return space_rules(letter_rules(text))


def letter_rules(text: str) -> str:
    """The rules that change the text's length: ellipsis, dashes, the party's name."""
    return _applied(LETTER_RULES, text)


def space_rules(text: str) -> str:
    """The rules that keep the text's length (no-break spaces, en dashes, minus signs)."""
    return _applied(SPACE_RULES, text)


def _applied(rules: tuple[Rule, ...], text: str) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def curl_quotes(text: str) -> str:
    """German quotation marks for the straight quotes in ``text`` (same length)."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    single_open = False
    for index, char in enumerate(text):
        before = out[-1] if out else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char == '"':
            out.append("„" if before in OPENERS else "“")
        elif char == "'":
            if before.isalnum() and (after.isalpha() or not single_open):
                out.append("’")  # geht’s, Hans’ Buch
            elif before in OPENERS:
                out.append("‚")
                single_open = True
            else:
                out.append("‘")
                single_open = False
        else:
            out.append(char)
    return "".join(out)
