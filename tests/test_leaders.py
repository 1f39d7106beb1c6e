"""The table of contents' leaders drawn as one text box a line (publish.write.leaders)."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as inline_layout
from weasyprint.layout import leader as leader_layout
from weasyprint.text import line_break
from weasyprint.text.fonts import FontConfiguration

from publish.write import leaders
from publish.write.resources import STYLES

TOC = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>
<nav class="toc"><ul>{items}</ul></nav></body></html>"""
CSS_TEXT = """@page { size: A5; margin: 15mm }
body { font: 10.5pt/1.4 "Source Serif 4"; }
ul { list-style: none; padding: 0; }
a { text-decoration: none; color: black; }
a::after { content: leader(". ") attr(data-page); }"""


def _document(titles: list[str], css: str = CSS_TEXT) -> Any:
    items = "".join(
        f'<li id="x{n}"><a href="#x{n}" data-page="{7 * n + 3}">{title}</a></li>'
        for n, title in enumerate(titles)
    )
    fonts = FontConfiguration()
    sheets = [CSS(filename=STYLES / "fonts.css", font_config=fonts), CSS(string=css)]
    return HTML(string=TOC.format(items=items)).render(stylesheets=sheets, font_config=fonts)


TITLES = [
    "Präambel",
    "Klimaschutz, Mobilität und eine Stadt für alle Bürger*innen",
    "Kurz",
    "Ein sehr langer Titel, der in der Übersicht des Inhalts über zwei Zeilen läuft, "
    "damit auch ein umbrochener Eintrag seine Punkte bekommt",
    "Haushalt",
]


def _leaders(document: Any) -> list[Any]:
    found = []

    def walk(box: Any) -> None:
        if isinstance(box, boxes.LineBox):
            _, leader = leader_layout.leader_index(box)
            if leader is not None:
                found.append(leader)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


def test_each_leader_is_one_text_box_where_weasyprints_copies_stood() -> None:
    plain = _leaders(_document(TITLES))
    with leaders.leaders_joined():
        joined = _leaders(_document(TITLES))
    assert len(plain) == len(joined) == len(TITLES)
    assert sum(len(leader.children) for leader in plain) > 150
    for theirs, ours in zip(plain, joined, strict=True):
        copies = sorted(theirs.children, key=lambda box: box.position_x)
        assert copies  # WeasyPrint: one text box per „. “
        (box,) = ours.children
        assert box.text == ". " * len(copies)
        assert box.pango_layout.text == ". " * len(copies)
        assert box.position_x == pytest.approx(copies[0].position_x)
        right = copies[-1].position_x + copies[-1].width
        assert box.position_x + box.width == pytest.approx(right)


def _dots(pdf: Path) -> list[tuple[float, float]]:
    """Where each leader dot stands on the page (its left edge and top, in points), as
    poppler reads the PDF's text."""
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(x), float(y))
        for x, y in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>\.</word>', words)
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_dots_are_drawn_where_they_were(tmp_path: Path) -> None:
    """Every dot is drawn, each where WeasyPrint's own copy drew it, give or take a
    rounding of the advances summed in one string (0.12 pt on this page; the dots are
    6.7 pt apart)."""
    (tmp_path / "plain.pdf").write_bytes(_document(TITLES).write_pdf())
    with leaders.leaders_joined():
        (tmp_path / "joined.pdf").write_bytes(_document(TITLES).write_pdf())
    plain, joined = _dots(tmp_path / "plain.pdf"), _dots(tmp_path / "joined.pdf")
    assert len(plain) > 150
    # poppler may read a line's first dot with the title before it („Haushalt.“)
    assert len(plain) - len(TITLES) <= len(joined) <= len(plain)
    for x, y in joined:
        nearest = min(plain, key=lambda dot: (abs(dot[1] - y), abs(dot[0] - x)))
        assert nearest[1] == pytest.approx(y, abs=0.01)
        assert nearest[0] == pytest.approx(x, abs=0.25)


def test_spaced_leaders_keep_weasyprints_copies() -> None:
    spaced = CSS_TEXT + "\na::after { letter-spacing: 0.1em; }"
    plain = _leaders(_document(TITLES, spaced))
    with leaders.leaders_joined():
        found = _leaders(_document(TITLES, spaced))
    assert sum(len(leader.children) for leader in found) > 100
    assert [len(leader.children) for leader in found] == [len(x.children) for x in plain]


def test_installed_only_inside_its_block() -> None:
    assert inline_layout.handle_leader is leaders.ORIGINAL_HANDLE_LEADER
    with leaders.leaders_joined():
        assert inline_layout.handle_leader is leaders.handle_leader
    assert inline_layout.handle_leader is leaders.ORIGINAL_HANDLE_LEADER


def test_what_is_used_of_weasyprint_is_still_there() -> None:
    """WeasyPrint 70.0: the leader handled per line by ``handle_leader`` in the inline
    layout, its text boxes copies of one, a text box's Pango layout set up again from its
    ``text`` when drawn."""
    assert leaders.ORIGINAL_HANDLE_LEADER is leader_layout.handle_leader
    assert list(inspect.signature(leader_layout.handle_leader).parameters) == [
        "context", "line", "containing_block",
    ]  # fmt: skip
    assert "handle_leader(context, line, containing_block)" in inspect.getsource(
        inline_layout.iter_line_boxes
    )
    assert "text_box.copy()" in inspect.getsource(leader_layout.handle_leader)
    assert "self.set_text(self.text, justify=True)" in inspect.getsource(
        line_break.Layout.reactivate
    )
    assert "textbox.pango_layout.reactivate(" in inspect.getsource(
        __import__("weasyprint.draw.text", fromlist=["draw_text"]).draw_text
    )
