"""Chapters: source blocks → the Markdown text of ``kapitel/NN-slug.md``.

Two steps, because a link may point at a heading of a later chapter: :func:`draft_book`
writes every chapter with marks for heading ids and internal links, then :func:`finish_book`
gives every heading the id the book reader will give it and decides every link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from publish import model as m
from publish.importer.blocks import HEADING_ATTRIBUTES, Reference, SourceBlock, Span
from publish.importer.inline import (
    FOOTNOTE_CALL,
    HEADING_ID,
    LINK_END,
    LINK_START,
    LINK_TEXT,
    ImagePlan,
    InlineRewriter,
    InternalLink,
    escape_markup,
    parse_attributes,
)
from publish.importer.lines import FootnoteDefinition, Line, escape_line_start, indentation
from publish.importer.metadata import slug
from publish.importer.report import Count, Findings
from publish.read.markdown import read_chapter_blocks, slugify
from publish.symbols import BULLETS
from publish.tree import plain_text

#: A paragraph or line that begins with one of these is a list item (Word's bullets, also as
#: the private-use characters of its symbol fonts, which the importer has read by then).
BULLET_CHARS = "".join(sorted(BULLETS | {"◦", "‣"}))
BULLET = re.compile(f"^ {{0,3}}[{re.escape(BULLET_CHARS)}]\\s+")
HARD_BREAK_AT_END = re.compile(r"(\\| {2,})$")
VALID_ID = re.compile(r"[A-Za-z][\w-]*")
BLOCKQUOTE_PREFIX = re.compile(r"^((?: {0,3}>)+ ?)")
LINK_MARK = re.compile(f"{LINK_START}(\\d+){LINK_TEXT}(.*?){LINK_END}", re.DOTALL)
ID_MARK = re.compile(f"{HEADING_ID}(\\d+){HEADING_ID}")
UNTITLED = "(ohne Titel)"


@dataclass(frozen=True)
class HeadingDraft:
    """A heading as written, before its id is decided."""

    explicit_id: str
    markdown: str
    line: int


@dataclass(frozen=True)
class ChapterDraft:
    """A chapter's text with marks for heading ids (in order) and internal links."""

    name: str
    text: str
    headings: tuple[HeadingDraft, ...]
    links: tuple[InternalLink, ...]
    labels: frozenset[str]


@dataclass(frozen=True)
class BookSources:
    """What every chapter may draw on: footnote definitions, link references, images."""

    definitions: Mapping[str, FootnoteDefinition]
    references: Mapping[str, Reference]
    images: ImagePlan


# --- drafting ---------------------------------------------------------------------------


def draft_book(
    chapters: Sequence[Sequence[SourceBlock]], sources: BookSources, findings: Findings
) -> list[ChapterDraft]:
    """Every chapter in order; footnotes follow their calls into each chapter that cites them,
    and a definition no chapter cites is kept as text where it stood."""
    uncited = _uncited(chapters, sources.definitions)
    starts = [chapter[0].line for chapter in chapters]
    drafts: list[ChapterDraft] = []
    cited_before: set[str] = set()
    for index, blocks in enumerate(chapters):
        stray = [d for d in uncited if _home(d.line, starts) == index]
        draft = draft_chapter(index + 1, blocks, stray, sources, findings)
        for label in sorted(draft.labels & cited_before):
            findings.note(
                sources.definitions[label].line,
                f"footnote [^{label}] is cited in more than one chapter – its text was repeated "
                f"in {draft.name}",
            )
        cited_before |= draft.labels
        drafts.append(draft)
    return drafts


def _uncited(
    chapters: Sequence[Sequence[SourceBlock]], definitions: Mapping[str, FootnoteDefinition]
) -> list[FootnoteDefinition]:
    texts = [block.text for chapter in chapters for block in chapter]
    texts += [line.text for d in definitions.values() for p in d.paragraphs for line in p]
    cited = {match.group(1) for text in texts for match in FOOTNOTE_CALL.finditer(text)}
    return [d for d in definitions.values() if d.label not in cited]


def _home(line: int, starts: Sequence[int]) -> int:
    return max((i for i, start in enumerate(starts) if start <= line), default=0)


def draft_chapter(
    number: int,
    blocks: Sequence[SourceBlock],
    stray: Sequence[FootnoteDefinition],
    sources: BookSources,
    findings: Findings,
) -> ChapterDraft:
    rewriter = InlineRewriter(findings, sources.references, sources.definitions, sources.images)
    parts: list[str] = []
    headings: list[HeadingDraft] = []
    for block in blocks:
        if block.kind == "heading":
            heading = _heading(block, rewriter, findings)
            parts.append("#" * block.level + " " + heading.markdown + _id_mark(len(headings)))
            headings.append(heading)
            continue
        text = _block(block, rewriter, findings)
        if text:
            parts.append(text)
    parts.extend(_stray_definition(d, rewriter, findings) for d in stray)
    parts.extend(_footnote_definitions(rewriter, findings))
    name = f"kapitel/{number:02d}-{slug(heading_text(headings[0].markdown), 40) or 'kapitel'}.md"
    labels = frozenset(rewriter.footnote_numbers)
    return ChapterDraft(
        name, "\n\n".join(parts) + "\n", tuple(headings), tuple(rewriter.links), labels
    )


def _id_mark(index: int) -> str:
    return f"{HEADING_ID}{index}{HEADING_ID}"


def _heading(block: SourceBlock, rewriter: InlineRewriter, findings: Findings) -> HeadingDraft:
    content = block.content
    explicit = ""
    attributes = HEADING_ATTRIBUTES.search(content)
    if attributes:
        content = content[: attributes.start()]
        parsed = parse_attributes(attributes.group(1))
        explicit = parsed.id if VALID_ID.fullmatch(parsed.id) else ""
        if parsed.classes or parsed.pairs or parsed.id != explicit:
            kept = f" – kept {{#{explicit}}}" if explicit else ""
            findings.note(block.line, f"heading attributes {{{attributes.group(1)}}} dropped{kept}")
    text = rewriter.rewrite(content.strip(), [block.line])
    if not text.strip():
        findings.note(block.line, f"empty heading – it was given the text „{UNTITLED}“")
        text = UNTITLED
    return HeadingDraft(explicit, text, block.line)


def _block(block: SourceBlock, rewriter: InlineRewriter, findings: Findings) -> str:
    if block.kind == "paragraph":
        return _paragraph(block, rewriter, findings)
    if block.kind == "table":
        return _table(block, rewriter, findings)
    if block.kind in ("code_block", "fence", "html_block"):
        return "\n".join(_verbatim(block.lines, block.spans[0], findings, nested=False))
    if block.kind == "hr":
        return block.lines[0].text.strip()
    return "\n".join(_container(block, rewriter, findings))


def _paragraph(block: SourceBlock, rewriter: InlineRewriter, findings: Findings) -> str:
    """A paragraph; one that begins with a bullet („•“, „▪“, „➢“ …) becomes a list item, and so
    does every line of it that begins with one (a list that a conversion ran into one
    paragraph)."""
    groups = _bullet_groups(block.lines)
    if len(groups) == 1 and not BULLET.match(block.text):
        return rewriter.rewrite(block.text, [line.number for line in block.lines], figure=True)
    parts: list[str] = []
    for lines in groups:
        text = HARD_BREAK_AT_END.sub("", "\n".join(line.text for line in lines))
        numbers = [line.number for line in lines]
        bullet = BULLET.match(text)
        if not bullet:
            parts.append(rewriter.rewrite(text, numbers) + "\n")
            continue
        findings.count(Count.BULLETS)
        rewritten = rewriter.rewrite(text[bullet.end() :], numbers).split("\n")
        item = "\n".join([rewritten[0], *("  " + line.strip() for line in rewritten[1:])])
        parts.append("- " + item)
    return "\n".join(parts)


def _bullet_groups(lines: Sequence[Line]) -> list[list[Line]]:
    """The lines of a paragraph, split before each line that begins with a bullet."""
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or BULLET.match(line.text):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _table(block: SourceBlock, rewriter: InlineRewriter, findings: Findings) -> str:
    lines = list(block.lines)
    if block.empty_header:
        if len(lines) < 3:
            findings.note(block.line, "empty table dropped (it had no text)")
            return ""
        findings.note(block.line, "table without a header row: its first row became the header")
        lines = [lines[2], lines[1], *lines[3:]]
    findings.count(Count.TABLES)
    return "\n".join(rewriter.rewrite(line.text, [line.number]) for line in lines)


def _container(block: SourceBlock, rewriter: InlineRewriter, findings: Findings) -> Iterator[str]:
    """A list or quote: its text rewritten span by span, the rest of its lines as written."""
    lines = block.lines
    spans = sorted(block.spans, key=lambda span: span.start)
    i = 0
    for span in spans:
        if span.start < i:
            continue  # nested inside a span already written
        yield from (line.text for line in lines[i : span.start])
        part = lines[span.start : span.end]
        if span.kind == "verbatim":
            yield from _verbatim(part, span, findings)
        elif span.kind == "row":
            yield from (rewriter.rewrite(line.text, [line.number]) for line in part)
        else:
            text = "\n".join(line.text for line in part)
            yield rewriter.rewrite(text, [line.number for line in part])
        i = span.end
    yield from (line.text for line in lines[i:])


# --- verbatim text: code blocks and raw HTML ----------------------------------------------


_VERBATIM_NOTES = {
    "code_block": (
        "indented text (a code block in Markdown) became a plain paragraph",
        "the book has no code blocks; check the text",
    ),
    "fence": ("code block became plain paragraphs", "the book has no code blocks; check the text"),
    "html_block": ("raw HTML block kept as escaped text", "write it in Markdown instead"),
}


def _verbatim(
    lines: Sequence[Line], span: Span, findings: Findings, *, nested: bool = True
) -> Iterator[str]:
    """Code or raw HTML as plain paragraphs that read back as the text written, each line
    de-indented, inside the quote or list item it stood in (``nested``)."""
    message, hint = _VERBATIM_NOTES[span.token]
    findings.note(lines[0].number, message, hint)
    findings.count(Count.RAW_HTML if span.token == "html_block" else Count.CODE_BLOCKS)
    body = list(lines)
    if span.token == "fence":
        body = body[1:]
        if body and body[-1].text.strip()[:3] in ("```", "~~~"):
            body = body[:-1]
    base = _verbatim_base(body, span.token) if nested else 0
    previous_blank = True
    for line in body:
        prefix_match = BLOCKQUOTE_PREFIX.match(line.text)
        prefix = prefix_match.group(1) if prefix_match else ""
        rest = line.text[len(prefix) :]
        if not rest.strip():
            if not previous_blank:
                yield prefix.rstrip()
            previous_blank = True
            continue
        previous_blank = False
        yield prefix + " " * base + escape_line_start(escape_markup(rest.strip()))


def _verbatim_base(lines: Sequence[Line], token: str) -> int:
    """The indentation of the container the verbatim text stands in."""
    for line in lines:
        rest = BLOCKQUOTE_PREFIX.sub("", line.text)
        if rest.strip():
            return max(0, indentation(rest) - (4 if token == "code_block" else 0))
    return 0


# --- footnotes ----------------------------------------------------------------------------


def _footnote_definitions(rewriter: InlineRewriter, findings: Findings) -> Iterator[str]:
    for number, text in enumerate(rewriter.footnote_texts, start=1):
        findings.count(Count.FOOTNOTES)
        first, *rest = text.split("\n")
        yield f"[^{number}]: {first}" + "".join("\n" + (f"    {r}" if r else "") for r in rest)


def _stray_definition(
    definition: FootnoteDefinition, rewriter: InlineRewriter, findings: Findings
) -> str:
    findings.note(
        definition.line,
        f"footnote [^{definition.label}] is never cited – its text was kept as a paragraph at "
        "the end of the chapter",
    )
    return rewriter.definition_text(definition)


# --- finishing: heading ids and internal links --------------------------------------------


@dataclass(frozen=True)
class HeadingIds:
    """The id of every heading, in order, and which ids the link targets of the source may
    use for them (explicit ids as written, Pandoc's and GitHub's automatic ids)."""

    ids: tuple[tuple[str, ...], ...]
    explicit: tuple[tuple[bool, ...], ...]
    aliases: Mapping[str, str]

    @property
    def known(self) -> frozenset[str]:
        return frozenset(heading_id for chapter in self.ids for heading_id in chapter)


def finish_book(drafts: Sequence[ChapterDraft], findings: Findings) -> dict[str, str]:
    """Chapter file name → final Markdown text."""
    ids = assign_ids(drafts, findings)
    return {
        draft.name: _finish_chapter(draft, index, ids, findings)
        for index, draft in enumerate(drafts)
    }


def _finish_chapter(draft: ChapterDraft, index: int, ids: HeadingIds, findings: Findings) -> str:
    chapter_ids, explicit = ids.ids[index], ids.explicit[index]

    def id_text(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f" {{#{chapter_ids[n]}}}" if explicit[n] else ""

    def link_text(match: re.Match[str]) -> str:
        return _link(draft.links[int(match.group(1))], match.group(2), ids, findings)

    return LINK_MARK.sub(link_text, ID_MARK.sub(id_text, draft.text))


def assign_ids(drafts: Sequence[ChapterDraft], findings: Findings) -> HeadingIds:
    """The ids the book reader gives: an explicit ``{#id}`` if it is free, else a slug of the
    heading's text made unique with ``-2``, ``-3`` …"""
    used: set[str] = set()
    aliases: dict[str, str] = {}
    all_ids: list[tuple[str, ...]] = []
    all_explicit: list[tuple[bool, ...]] = []
    for draft in drafts:
        chapter_ids: list[str] = []
        explicit: list[bool] = []
        for heading in draft.headings:
            text = heading_text(heading.markdown)
            wanted = heading.explicit_id
            reserved = wanted.startswith(("fn-", "fnref-"))
            keep = bool(wanted) and wanted not in used and not reserved
            if wanted and not keep:
                why = "is reserved for footnotes" if reserved else "is used twice"
                findings.note(heading.line, f"heading id #{wanted} {why} – dropped")
            heading_id = wanted if keep else _unique(slugify(text), used)
            used.add(heading_id)
            for alias in (wanted, pandoc_id(text), github_id(text)):
                if alias:
                    aliases.setdefault(alias, heading_id)
            chapter_ids.append(heading_id)
            explicit.append(keep)
        all_ids.append(tuple(chapter_ids))
        all_explicit.append(tuple(explicit))
    return HeadingIds(tuple(all_ids), tuple(all_explicit), aliases)


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def heading_text(markdown: str) -> str:
    """A heading's text as the book reader reads it (footnote calls left out)."""
    unmarked = LINK_MARK.sub(lambda match: match.group(2), markdown)
    unmarked = FOOTNOTE_CALL.sub("", unmarked)
    blocks, _, _ = read_chapter_blocks(f"# {unmarked}\n", "heading", Path("."), 1)
    heading = blocks[0] if blocks else None
    return plain_text(heading.children) if isinstance(heading, m.Heading) else unmarked


def pandoc_id(text: str) -> str:
    """The id Pandoc makes of a heading's text (``auto_identifiers``)."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-. " or c.isspace())
    joined = re.sub(r"\s+", "-", kept.strip())
    first_letter = next((i for i, c in enumerate(joined) if c.isalpha()), len(joined))
    return joined[first_letter:]


def github_id(text: str) -> str:
    """The id GitHub (and Pandoc's ``gfm_auto_identifiers``) makes of a heading's text."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_- ")
    return kept.replace(" ", "-")


def _link(link: InternalLink, text: str, ids: HeadingIds, findings: Findings) -> str:
    if link.target in ids.known:
        return f"[{text}](#{link.target}{link.title})"
    if link.target in ids.aliases:
        findings.count(Count.LINKS_RETARGETED)
        return f"[{text}](#{ids.aliases[link.target]}{link.title})"
    findings.count(Count.LINKS_UNLINKED)
    findings.note(
        link.line, f"link to #{link.target}, which does not exist after the import – kept its text"
    )
    return text
