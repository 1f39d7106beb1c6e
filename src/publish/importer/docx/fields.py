"""Complex fields (ECMA-376 Part 1, §17.16): ``w:fldChar`` begin … instruction … separate …
result … end, nested in instructions and in results, across runs and paragraphs.

What Word shows of a field is its result (the text between separate and end); that is what
is imported. The instruction (``HYPERLINK "…"``, ``PAGEREF _Toc1``, a nested ``MERGEFIELD``)
is not text: only a ``HYPERLINK`` instruction is read, to make the result a link. A field
without a separate shows nothing of its own (an index entry ``XE``, ``TC``, ``SET``). Every
operation is constant time, whatever the nesting: a crafted file cannot make it slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publish.importer.docx.items import Item

#: Fields that show nothing where they stand (index and table entries, variables).
SILENT = frozenset({"XE", "TC", "TA", "RD", "SET", "PRIVATE", "ADDIN", "BOOKMARK", "SEQ"})
#: How many fields showing their result stay open across a paragraph's end (Word nests a
#: few; a file that never ends its fields must not make every paragraph slower).
MAX_OPEN = 64
WORDS = re.compile(r'"([^"]*)"|(\S+)')


@dataclass
class Field:
    """A complex field being read."""

    #: Where its result goes (the paragraph, or the link field around it).
    sink: list[Item]
    instruction: str = ""
    #: Text inside the instruction (a nested field's result): not shown.
    skipped: str = ""
    #: The separate was met: what follows is the result, shown.
    result: bool = False
    #: The result of a ``HYPERLINK`` field, collected to become a link.
    items: list[Item] | None = None
    destination: str = ""

    @property
    def name(self) -> str:
        words = self.instruction.split()
        return words[0].upper() if words else ""


@dataclass
class Fields:
    """The fields open at this point, innermost last."""

    stack: list[Field] = field(default_factory=list)
    #: The open fields still in their instruction (innermost last).
    instructing: list[Field] = field(default_factory=list)
    #: The open link fields collecting their result (innermost last).
    links: list[Field] = field(default_factory=list)

    def sink(self, sink: list[Item]) -> list[Item]:
        """Where shown content goes: into the innermost link field, if any."""
        return self.links[-1].items if self.links and self.links[-1].items is not None else sink

    @property
    def in_instruction(self) -> bool:
        return bool(self.instructing)

    def begin(self, sink: list[Item]) -> None:
        opened = Field(self.sink(sink))
        self.stack.append(opened)
        self.instructing.append(opened)

    def instruction(self, text: str) -> None:
        if self.instructing:
            self.instructing[-1].instruction += text

    def skip(self, text: str) -> None:
        """Text met inside an instruction."""
        if self.instructing:
            self.instructing[-1].skipped += text

    def separate(self) -> Field | None:
        """The innermost field's result begins: that field, None if there is none."""
        if not self.stack or self.stack[-1].result:
            return None
        current = self.stack[-1]
        current.result = True
        if self.instructing and self.instructing[-1] is current:
            self.instructing.pop()
        return current

    def collect_link(self, current: Field, destination: str) -> None:
        """``current``'s result becomes a link to ``destination`` (never inside another)."""
        if destination and not self.links:
            current.items, current.destination = [], destination
            self.links.append(current)

    def end(self) -> Field | None:
        """The innermost field ends: it is returned (None if no field is open)."""
        if not self.stack:
            return None
        current = self.stack.pop()
        if self.instructing and self.instructing[-1] is current:
            self.instructing.pop()
        if self.links and self.links[-1] is current:
            self.links.pop()
        return current

    def paragraph_end(self) -> tuple[list[Field], list[Field]]:
        """At the end of a paragraph: the link fields that go on (their text is kept without
        the link) and the fields still in their instruction (dropped: an instruction never
        spans paragraphs in a sound file). Fields showing their result go on."""
        unlinked = list(self.links)
        for current in unlinked:
            current.sink.extend(current.items or [])
            current.items = None
        self.links = []
        broken = list(self.instructing)
        self.instructing = []
        self.stack = [f for f in self.stack if f.result][-MAX_OPEN:]
        return unlinked, broken

    def reset(self) -> Fields:
        """Start afresh (a text box or a note) and return what was open, to restore."""
        saved = Fields(self.stack, self.instructing, self.links)
        self.stack, self.instructing, self.links = [], [], []
        return saved

    def restore(self, saved: Fields) -> None:
        self.stack, self.instructing, self.links = saved.stack, saved.instructing, saved.links


def hyperlink_target(instruction: str) -> tuple[str, str] | None:
    """The URL and bookmark of a ``HYPERLINK "url" \\l "anchor"`` instruction, None for
    other fields."""
    words = [a or b for a, b in WORDS.findall(instruction)]
    if not words or words[0].upper() != "HYPERLINK":
        return None
    url, anchor, i = "", "", 1
    while i < len(words):
        if words[i].lower() == "\\l" and i + 1 < len(words):
            anchor, i = words[i + 1], i + 2
        elif words[i].startswith("\\"):
            i += 2 if words[i].lower() in ("\\o", "\\t") else 1
        else:
            url, i = url or words[i], i + 1
    return url, anchor
