"""Line-break checks over a whole built PDF, from its layout map.

- every word broken at a line end is broken where the German patterns (or the book's
  exceptions) allow it;
- no line ends inside what must stay together: „z. B.“, „§ 5“, „Art. 3“, a number and its
  unit, a date („10. November“), or a gendered form at its star, colon or underscore.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.layout import LayoutMap, Line
from publish.typography.hyphenation import Hyphenator
from publish.validate.structure import Finding

LETTERS = re.compile(r"[^\W\d_]+")
#: (end of a line, start of the next) that must not be split.
TOGETHER: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (re.compile(r"(^|\s)[^\W\d_]\.$"), re.compile(r"^[^\W\d_]\."), "an abbreviation (z. B.)"),
    (re.compile(r"(§§?|\bArt\.|\bNr\.|\bAbs\.|\bS\.)$"), re.compile(r"^\d"), "„§ 5“, „Nr. 7“"),
    (
        re.compile(r"\d$"),
        re.compile(r"^(%|€|Euro\b|Prozent\b|Grad\b|km\b|Mio\.|Mrd\.)"),
        "a number and its unit",
    ),
    (
        re.compile(r"\b\d{1,2}\.$"),
        re.compile(
            r"^(Januar|Februar|März|April|Mai|Juni|Juli|"
            r"August|September|Oktober|November|Dezember)"
        ),
        "a date",
    ),
    (re.compile(r"[^\W\d_][*:_]$"), re.compile(r"^in(nen)?\b"), "a gendered form at its mark"),
    (re.compile(r"[^\W\d_]$"), re.compile(r"^[*:_]in(nen)?\b"), "a gendered form at its mark"),
)


def check_line_breaks(layout: LayoutMap, hyphenator: Hyphenator) -> list[Finding]:
    return list(_findings(layout, hyphenator))


def _findings(layout: LayoutMap, hyphenator: Hyphenator) -> Iterator[Finding]:
    for line, following in zip(layout.lines, layout.lines[1:], strict=False):
        if line.block != following.block:
            continue
        if line.hyphenated:
            yield from _check_hyphenation(line, following, hyphenator)
        end, start = line.text.rstrip(), following.text.lstrip()
        for at_end, at_start, what in TOGETHER:
            if at_end.search(end) and at_start.search(start):
                text = f"{end.split()[-1]} / {start.split()[0]}"
                yield Finding(
                    "line-break", f"line {line.number} splits {what}: „{text}“", line.page
                )


def _check_hyphenation(line: Line, following: Line, hyphenator: Hyphenator) -> Iterator[Finding]:
    head = LETTERS.findall(line.text.split()[-1])[-1]
    tail = LETTERS.match(following.text.lstrip())
    if tail is None:
        return
    word = head + tail.group()
    if len(head) not in hyphenator.positions(word):
        message = f"line {line.number} breaks „{word}“ as „{head}-{tail.group()}“, not allowed"
        yield Finding("hyphenation-point", message, line.page)
