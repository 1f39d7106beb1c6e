"""Sub- and superscript in the source, as Pandoc writes them: ``CO~2~``, ``m^2^``.

The rule is Pandoc's: the text between two ``~`` (or two ``^``) is not empty and holds no
unescaped space or line end (``\\ `` is an escaped space, set as a no-break space, as
Pandoc does); ``\\~`` and ``\\^`` are the characters themselves. The text inside may hold
other inline markup (``H~*2*~``), which the inline parser reads as everywhere else.

mdit-py-plugins' ``sub``/``sup`` plugins are not used: they keep the inside as plain text
(no emphasis), read ``~~x~~`` as „~“ + subscript „x“ + „~“, and take the ``^`` of an
unresolved footnote call ``[^x][^y]`` as a superscript, which would hide the message
about the missing note. Strikeout (``~~text~~``) is not part of the source format: a
struck-through passage is deleted text, so the reader reports it (see
:data:`STRIKEOUT_TYPE`) instead of printing it, or its tildes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

#: Marker → the token names of what it encloses.
MARKERS = {"~": "sub", "^": "sup"}
#: The token a strikeout-shaped ``~~text~~`` becomes (its content is the struck text).
STRIKEOUT_TYPE = "strikeout"
#: A space, tab or line end that no backslash escapes (an even run of them escapes itself).
UNESCAPED_SPACE = re.compile(r"(?:^|[^\\])(?:\\\\)*\s")
#: An escaped space: Pandoc sets it as a no-break space.
ESCAPED_SPACE = "\\ "


def scripts_plugin(md: MarkdownIt) -> None:
    """Read ``~sub~``, ``^sup^`` and (to report it) ``~~strikeout~~``."""
    md.inline.ruler.after("emphasis", "strikeout_report", _strikeout)
    md.inline.ruler.after("strikeout_report", "sub", _script_rule("~"))
    md.inline.ruler.after("sub", "sup", _script_rule("^"))
    md.core.ruler.before("text_join", "escaped_spaces", _escaped_spaces)


def _closing(state: StateInline, start: int, marker: str) -> int | None:
    """Where the marker that closes the one at ``start`` stands (escapes, code spans and
    links are skipped whole), or None."""
    state.pos = start + 1
    while state.pos < state.posMax:
        if state.src[state.pos] == marker:
            return state.pos
        state.md.inline.skipToken(state)
    return None


def _script_rule(marker: str) -> Callable[[StateInline, bool], bool]:
    name = MARKERS[marker]

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if silent or state.src[start] != marker:
            return False  # validation mode (a link's text) never opens a pair
        before = state.src[start - 1] if start else ""
        if before == marker or state.src[start + 1 : start + 2] == marker:
            return False  # ~~ is never a subscript
        if marker == "^" and before == "[":
            return False  # [^x]: a footnote call, reported if it has no note
        end = _closing(state, start, marker)
        state.pos = start
        if end is None or end == start + 1:
            return False
        if UNESCAPED_SPACE.search(state.src[start + 1 : end]):
            return False
        limit = state.posMax
        state.push(f"{name}_open", name, 1).markup = marker
        state.pos, state.posMax = start + 1, end
        state.md.inline.tokenize(state)
        state.push(f"{name}_close", name, -1).markup = marker
        state.pos, state.posMax = end + 1, limit
        return True

    return rule


#: ``~~`` before a letter or digit … ``~~``: Pandoc's strikeout (not followed by a third ~).
STRIKEOUT = re.compile(r"~~(?=[^\s~])(.+?)(?<=\S)~~", re.DOTALL)


def _strikeout(state: StateInline, silent: bool) -> bool:
    """``~~text~~`` becomes a ``strikeout`` token, which the reader reports."""
    if state.src[state.pos] != "~" or (state.pos and state.src[state.pos - 1] == "~"):
        return False
    match = STRIKEOUT.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push(STRIKEOUT_TYPE, "", 0)
        token.content = match.group(1)
    state.pos = match.end()
    return True


def _escaped_spaces(state: StateCore) -> None:
    """``\\ `` inside sub- and superscript is a no-break space (Pandoc's escaped space)."""
    for block in state.tokens:
        depth = 0
        for token in block.children or ():
            if token.type in ("sub_open", "sup_open"):
                depth += 1
            elif token.type in ("sub_close", "sup_close"):
                depth -= 1
            elif depth and token.type == "text_special" and token.markup == ESCAPED_SPACE:
                token.content = "\u00a0"
