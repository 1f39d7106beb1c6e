"""Leaders (the dots of the table of contents) drawn as one piece of text a line.

WeasyPrint 70.0 fills a leader (``content: leader(". ")``) with one text box per repetition
of its string, each a copy of the first, at its own place counted from the end of the line.
Drawing shapes every text box with Pango anew, so a table of contents with a hundred entries
draws some 3,000 text boxes: on the 2018 agreement, more than half the time of its front
matter (0.26 of 0.43 s), and the front matter is laid out last, when the chapters' page
numbers are known, with the other processes idle.

Here each leader's copies are joined into one text box: the string repeated, from the first
copy's place, as wide as all of them. A string of periods and spaces has no kerning between
its repetitions, so the dots stand where they stood (``tests/test_leaders.py`` compares the
drawn pages, and pins what is used of WeasyPrint). Leaders with letter or word spacing, or
justified, keep WeasyPrint's copies. Installed with the rest of our layout
(:func:`publish.write.pdf.weasyprint_installed`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as inline_layout
from weasyprint.layout import leader as leader_layout

#: WeasyPrint's own, as its line layout calls it.
ORIGINAL_HANDLE_LEADER = inline_layout.handle_leader


def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
    """WeasyPrint's leader, its copies then joined into one text box."""
    ORIGINAL_HANDLE_LEADER(context, line, containing_block)
    _, leader = leader_layout.leader_index(line)
    if leader is not None:
        join_copies(leader)


def join_copies(leader: Any) -> None:
    """The leader box's copies of its text box as one text box, if they can be drawn so."""
    copies = leader.children
    if len(copies) < 2 or not all(isinstance(box, boxes.TextBox) for box in copies):
        return
    first = min(copies, key=lambda box: box.position_x)
    style = first.style
    spaced = style["letter_spacing"] not in ("normal", 0) or style["word_spacing"] != 0
    if spaced or any(box.justification_spacing for box in copies):
        return
    joined = first.copy_with_text(first.text * len(copies))
    joined.width = sum(box.width for box in copies)
    layout = copy.copy(first.pango_layout)  # laid out anew when drawn (reactivate)
    layout.text = layout.text * len(copies)
    joined.pango_layout = layout
    leader.children = (joined,)


@contextmanager
def leaders_joined() -> Iterator[None]:
    """Our leader handling in WeasyPrint's line layout while the block runs (and what was
    there before it afterwards)."""
    before = inline_layout.handle_leader
    inline_layout.handle_leader = handle_leader
    try:
        yield
    finally:
        inline_layout.handle_leader = before
