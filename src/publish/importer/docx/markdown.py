"""Inline items written as Markdown of the book's dialect.

Text is escaped so that it reads back as that text: every character that starts inline
markup, ``<`` as an entity (the Markdown importer never sees an HTML comment), braces (nothing
reads as attributes), and ``~`` and ``^`` (Pandoc's subscript and superscript). Bold is
written outside italic, italic outside sub- and superscript (``~…~``, ``^…^``, in which a
space is escaped, as Pandoc requires); each span has the spaces at its ends moved outside
(CommonMark's flanking rules).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt

from publish.importer.docx.items import (
    CONTROL,
    PRIVATE_USE,
    SEPARATORS,
    Break,
    Item,
    Link,
    NoteCall,
    Picture,
    Text,
)

#: Characters that start inline markup (or an entity, attributes, sub- or superscript).
MARKUP = re.compile(r"[\\`*_\[\]<&|{}~^]")
SCRIPT_MARKERS = {"superscript": "^", "subscript": "~"}
_EMPHASIS_CHECK = MarkdownIt("commonmark")


def escape(text: str) -> str:
    """Plain text as Markdown that reads back as that text. What no book can hold is left
    out here, too (the readers note what they meet: this catches title data, embedded HTML
    and the like): control and private-use characters; separators become spaces."""
    text = PRIVATE_USE.sub("", CONTROL.sub("", SEPARATORS.sub(" ", text)))
    return MARKUP.sub(lambda m: "&lt;" if m.group() == "<" else "\\" + m.group(), text)


def render(items: Sequence[Item], *, emphasis: bool = True, breaks: str = "\\\n") -> str:
    """``items`` as inline Markdown (without bold and italic if not ``emphasis``)."""
    out: list[str] = []
    for is_text, group in itertools.groupby(items, lambda item: isinstance(item, Text)):
        if is_text:
            texts = [item for item in group if isinstance(item, Text)]
            out.append(_emphasized(texts) if emphasis else _scripted(texts))
            continue
        for item in group:
            out.append(_render_item(item, emphasis, breaks))
    return "".join(out)


def _render_item(item: Item, emphasis: bool, breaks: str) -> str:
    if isinstance(item, Break):
        return breaks
    if isinstance(item, NoteCall):
        return f"[^{item.label}]"
    if isinstance(item, Picture):
        return picture_markdown(item)
    assert isinstance(item, Link)
    return f"[{render(item.items, emphasis=emphasis, breaks=breaks)}]({item.destination})"


def _emphasized(texts: Sequence[Text]) -> str:
    def italic_layer(part: Sequence[Text]) -> str:
        return _layer(part, lambda t: t.italic, "*", _scripted)

    return _layer(texts, lambda t: t.bold, "**", italic_layer)


def _scripted(texts: Sequence[Text]) -> str:
    """``texts`` with sub- and superscript marked, every space inside them escaped."""
    out = []
    for vertical, group in itertools.groupby(texts, lambda t: t.vertical):
        content = escape("".join(t.text for t in group))
        marker = SCRIPT_MARKERS.get(vertical)
        core = content.strip()
        if marker and core:
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            inner = core.replace(" ", "\\ ")
            content = f"{lead}{marker}{inner}{marker}{trail}"
        out.append(content)
    return "".join(out)


def _layer(
    texts: Sequence[Text],
    key: Callable[[Text], bool],
    marker: str,
    inner: Callable[[Sequence[Text]], str],
) -> str:
    out = []
    for on, group in itertools.groupby(texts, key):
        content = inner(list(group))
        core = content.strip()
        if on and core:
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            content = f"{lead}{marker}{core}{marker}{trail}"
        out.append(content)
    return "".join(out)


def _spans(items: Sequence[Item]) -> tuple[int, int]:
    """How many bold and italic spans :func:`render` writes for ``items``."""
    strong = em = 0
    for is_text, group in itertools.groupby(items, lambda item: isinstance(item, Text)):
        if not is_text:
            for item in group:
                if isinstance(item, Link):
                    inner = _spans(item.items)
                    strong, em = strong + inner[0], em + inner[1]
            continue
        texts = [item for item in group if isinstance(item, Text)]
        for bold, part in itertools.groupby(texts, lambda t: t.bold):
            run = list(part)
            strong += bold and bool("".join(t.text for t in run).strip())
            for italic, words in itertools.groupby(run, lambda t: t.italic):
                em += italic and bool("".join(t.text for t in words).strip())
    return strong, em


def emphasis_holds(markdown: str, items: Sequence[Item]) -> bool:
    """Whether CommonMark reads every bold and italic span of ``markdown`` as such (a
    marker between punctuation and a letter does not close, „**Hinweis:**Text“)."""
    tokens = _EMPHASIS_CHECK.parseInline(markdown)
    children = [t for token in tokens for t in token.children or []]
    found = (
        sum(t.type == "strong_open" for t in children),
        sum(t.type == "em_open" for t in children),
    )
    return found == _spans(items)


def picture_markdown(picture: Picture) -> str:
    alt = escape(" ".join(picture.alt.split()))
    caption = picture.caption.replace("\\", "\\\\").replace('"', '\\"')
    title = f' "{caption}"' if caption else ""
    decorative = "{.decorative}" if picture.decorative else ""
    return f"![{alt}]({picture.name}{title}){decorative}"


def link_destination(target: str) -> str:
    """A link target as Markdown: in angle brackets if it has spaces or parentheses."""
    if re.search(r"[\s()<>]", target):
        return "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return target.replace("\\", "\\\\")
