"""The amendment outputs as books of the model: Antragsbuch, Änderungsfassung, Synopse,
Konkordanz.

Each output is a :class:`~publish.model.Book` of its own: title data made from the draft's,
chapters of headings, paragraphs, lists and tables, the changes as
:class:`~publish.model.Deletion` and :class:`~publish.model.Insertion`. So the book's own
stages lay it out, tag it and write it as PDF, EPUB and web page
(:mod:`publish.amend.outputs`), with the care the agreement gets, and nothing here knows
HTML.

- **Antragsbuch** (:func:`antragsbuch_book`): an overview (a table of every amendment with
  its page and lines, title, movers and status), then every amendment in line order under
  the draft chapter it changes: its number and title as a heading (id ``ae3`` for „Ä3“,
  the target of the Änderungsfassung's links), its page and lines, movers, date, status,
  recommendation and decision, the passage with its changes in place, the adopted wording
  of a modified adoption, and the reasoning.
- **Änderungsfassung** (:func:`amended_draft`): the whole draft with the adopted changes in
  place, each followed by its amendment's number („[Ä3]“, a link to the Antragsbuch on the
  web), and the draft's page and line markers where the draft has them: the draft's page
  and line numbers stay the reference (:func:`draft_line_offsets` says where each line
  begins in the new layout's letters).
- **Synopse** (:func:`synopse_book`): a table per chapter, one row per changed block:
  „Entwurf (S./Z.)“ with its page and lines and the deleted words struck through,
  „Beschluss“ with the inserted words underlined.
- **Konkordanz** (:func:`konkordanz_book`): the draft's lines and where their text stands
  in the adopted edition, unchanged runs of lines in one row.

The texts the outputs add are German, as the documents are.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from publish import model as m
from publish.amend.apply import Adoption
from publish.amend.changes import Entry, amended_book, amendment_id, with_changes
from publish.amend.check import Change, Checked, CheckReport
from publish.amend.concordance import Concordance, ConcordanceEntry, SynopsisRow
from publish.amend.edition import Edition, text_blocks
from publish.amend.model import LineRange, Status
from publish.errors import SourceLocation
from publish.layout import LayoutMap, Line, Page, letters
from publish.tree import map_book_runs, plain_text
from publish.typography import typeset_text

#: The Antragsbuch's web page, the target of the Änderungsfassung's amendment numbers.
ANTRAGSBUCH_PAGE = "antragsbuch.html"
#: The headers of the Synopse's columns.
SYNOPSE_HEADERS = ("Entwurf (S./Z.)", "Beschluss")
KONKORDANZ_HEADERS = ("Entwurf (S./Z.)", "Beschluss (S./Z.)", "Änderungsanträge")
NBSP = "\u00a0"
WORD_JOINER = "\u2060"
#: The space :func:`~publish.amend.changes.with_changes` puts beside an insertion.
SPACE = m.Text(" ")


# --- What every document shares ---------------------------------------------------------


def document_book(
    draft: m.Book,
    kind: str,
    title: str,
    subtitle: str,
    summary: str,
    chapters: Sequence[m.Chapter],
    *,
    meta: m.Metadata | None = None,
    page_size: str | None = None,
    line_numbers: int = 0,
) -> m.Book:
    """A document of the amendment cycle as a book: the draft's title data (or ``meta``'s)
    with its own title, identifier and accessibility summary, its output name
    ``NAME-KIND``, no line numbers of its own (unless ``line_numbers``)."""
    source = meta or draft.metadata
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"{draft.metadata.identifier}/{kind}")
    metadata = replace(
        source,
        title=title,
        subtitle=subtitle,
        identifier=f"urn:uuid:{identifier}",
        accessibility_summary=summary,
        description=subtitle,
    )
    size = page_size or draft.output.page_size
    output = replace(
        draft.output,
        name=f"{draft.output.name}-{kind}",
        line_numbers=line_numbers,
        page_size="A5" if size == "A5" else "A4",
    )
    return m.Book(metadata, output, tuple(chapters), draft.root)


def chapter(heading_id: str, title: str, blocks: Iterable[m.Block], source: Path) -> m.Chapter:
    """A chapter with its title heading (level 1, id ``heading_id``) and ``blocks``."""
    location = SourceLocation(str(source), 1)
    heading = m.Heading(1, heading_id, typeset_text(title), location)
    return m.Chapter(heading_id, source, (heading, *blocks), ())


def paragraph(*parts: str | m.Inline, location: SourceLocation) -> m.Paragraph:
    """A paragraph of strings (typeset) and inlines."""
    children: list[m.Inline] = []
    for part in parts:
        children += typeset_text(part) if isinstance(part, str) else [part]
    return m.Paragraph(tuple(children), location)


def reference(pages: Sequence[int], lines: LineRange) -> str:
    """„S. 5, Z. 17–20“, never broken across lines (no-break spaces, word joiners
    around the dashes)."""
    shown = str(pages[0]) if pages[0] == pages[-1] else f"{pages[0]}–{pages[-1]}"
    text = f"S.{NBSP}{shown},{NBSP}Z.{NBSP}{lines}"
    return text.replace("–", f"{WORD_JOINER}–{WORD_JOINER}")


def portable(inlines: Iterable[m.Inline]) -> tuple[m.Inline, ...]:
    """Text cut from the draft for another document: without footnote calls and print
    markers (the document has neither those notes nor that layout), internal links as
    their text (their targets are in the draft)."""
    out: list[m.Inline] = []
    for inline in inlines:
        if isinstance(inline, m.FootnoteRef | m.PageMarker | m.LineMarker):
            continue
        if isinstance(inline, m.Link) and inline.internal:
            out += portable(inline.children)
        elif isinstance(inline, m.Container | m.Changes):
            out.append(replace(inline, children=portable(inline.children)))
        else:
            out.append(inline)
    return tuple(out)


def without(
    inlines: Iterable[m.Inline], kind: type[m.Deletion] | type[m.Insertion]
) -> tuple[m.Inline, ...]:
    """The inlines without the changes of ``kind`` (a replacement's deletion or
    insertion); an insertion goes with the space placed beside it
    (:func:`~publish.amend.changes.with_changes` adds one as applying does)."""
    out: list[m.Inline] = []
    skip_space = False
    for inline in inlines:
        if skip_space and inline == SPACE:
            skip_space = False
            continue
        skip_space = False
        if isinstance(inline, kind):
            if kind is m.Insertion:
                if out and out[-1] == SPACE:
                    out.pop()
                else:
                    skip_space = True
            continue
        if isinstance(inline, m.Container | m.Changes):
            out.append(replace(inline, children=without(inline.children, kind)))
        else:
            out.append(inline)
    return tuple(out)


def _chapter_of_blocks(draft: m.Book) -> dict[str, m.Chapter]:
    """Every numbered block's key → the draft chapter it is in."""
    found: dict[str, m.Chapter] = {}
    for draft_chapter in draft.chapters:
        alone = replace(draft, chapters=(draft_chapter,))
        for key in text_blocks(alone):
            found[key] = draft_chapter
    return found


def _title(draft_chapter: m.Chapter) -> str:
    return plain_text(portable(draft_chapter.title.children))


# --- The Antragsbuch ----------------------------------------------------------------------


STATUS_ORDER = tuple(Status)


def antragsbuch_book(
    draft: m.Book, edition: Edition, report: CheckReport, entries: Sequence[Entry]
) -> m.Book:
    """The Antragsbuch: the overview, then every amendment (``entries``, in line order)
    under the draft chapter its first line is in."""
    where = _chapter_of_blocks(draft)
    folder = draft.root / "antraege"
    overview = _overview(draft, edition, entries, folder)
    groups: dict[str, list[Entry]] = {}
    chapters_by_id: dict[str, m.Chapter] = {}
    for entry in entries:
        first = edition.lines[entry.checked.lines.first - 1]
        draft_chapter = where[first.block]
        groups.setdefault(draft_chapter.id, []).append(entry)
        chapters_by_id[draft_chapter.id] = draft_chapter
    chapters = [overview]
    for chapter_id, group in groups.items():
        draft_chapter = chapters_by_id[chapter_id]
        blocks = [block for entry in group for block in _entry(entry, edition)]
        chapters.append(
            chapter(f"zu-{chapter_id}", _title(draft_chapter), blocks, draft_chapter.source)
        )
    meta = draft.metadata
    return document_book(
        draft,
        "antragsbuch",
        f"Antragsbuch – {meta.title}",
        f"Die Änderungsanträge zur Fassung „{meta.status_line}“ in der Reihenfolge der Zeilen",
        "Das Antragsbuch mit allen Änderungsanträgen, gegliedert nach Kapiteln, mit "
        "Überschriften, Tabellen und Listen. Gestrichener Text ist durchgestrichen, "
        "eingefügter Text unterstrichen; Screenreader lesen vor jeder Änderung "
        "„Streichung:“ oder „Einfügung:“ und danach „Ende der Streichung“ oder „Ende der "
        "Einfügung“.",
        chapters,
    )


def _overview(draft: m.Book, edition: Edition, entries: Sequence[Entry], folder: Path) -> m.Chapter:
    location = SourceLocation(str(folder), 1)
    count = len(entries)
    statuses = Counter(e.checked.amendment.status for e in entries)
    summary = ", ".join(f"{statuses[s]} {s.value}" for s in STATUS_ORDER if statuses[s])
    intro = paragraph(
        f"{count} Änderungsanträge zur Fassung „{draft.metadata.status_line}“ (Ausgabe "
        f"{edition.name}), "
        f"in der Reihenfolge der Zeilen, die sie ändern: {summary}.",
        location=location,
    )
    legend = paragraph(
        "Jeder Antrag zeigt die Zeilen, die er ändert, mit den Änderungen an Ort und Stelle: "
        "gestrichener Text ist ",
        m.Deletion("", (m.Text("durchgestrichen"),)),
        ", eingefügter Text ",
        m.Insertion("", (m.Text("unterstrichen"),)),
        f". Seiten und Zeilen sind die der Ausgabe {edition.name}.",
        location=location,
    )
    titled = any(e.checked.amendment.title for e in entries)
    headers = ("Nr.", "Seite, Zeilen", *(("Titel",) * titled), "Antragsteller*innen", "Status")
    head = m.TableRow(tuple(m.TableCell(typeset_text(text), header=True) for text in headers))
    rows = []
    for entry in entries:
        checked = entry.checked
        amendment = checked.amendment
        number = amendment.number
        link = m.Link(amendment_id(number), True, (m.Text(number),))
        title = (typeset_text(amendment.title) if amendment.title else (m.Text("–"),),) * titled
        cells = (
            (link,),
            typeset_text(reference(checked.pages, checked.lines)),
            *title,
            typeset_text(", ".join(amendment.movers)),
            typeset_text(amendment.status.value),
        )
        rows.append(m.TableRow(tuple(m.TableCell(c) for c in cells)))
    table = m.Table((head,), tuple(rows), location, typeset_text("Alle Änderungsanträge"))
    return chapter("uebersicht", "Übersicht", (intro, legend, table), folder)


def _entry(entry: Entry, edition: Edition) -> list[m.Block]:
    """One amendment: heading, its data as a list, the passage, modified wording, reasoning."""
    checked = entry.checked
    amendment = checked.amendment
    location = SourceLocation(amendment.file, 1)
    anchor = amendment_id(amendment.number)
    title = typeset_text(f"{amendment.number}: {amendment.title}" if amendment.title else "")
    heading = m.Heading(2, anchor, title or (m.Text(amendment.number),), location)
    items = [
        _item("Seite und Zeilen", reference(checked.pages, checked.lines), location),
        _item(
            "Antragsteller*innen" if len(amendment.movers) > 1 else "Antragsteller*in",
            ", ".join(amendment.movers),
            location,
        ),
    ]
    if amendment.submitted:
        items.append(_item("Eingereicht am", f"{amendment.submitted:%d.%m.%Y}", location))
    if checked.reanchored_from:
        items.append(
            _item(
                "Gestellt zur Ausgabe",
                f"{checked.reanchored_from}; Seiten und Zeilen der aktuellen Ausgabe",
                location,
            )
        )
    if amendment.recommendation:
        items.append(_item("Votum der Antragskommission", amendment.recommendation, location))
    items.append(_item("Status", amendment.status.value, location))
    if amendment.settled_by:
        target = m.Link(amendment_id(amendment.settled_by), True, (m.Text(amendment.settled_by),))
        items.append(_item("Erledigt durch", target, location))
    if amendment.decision:
        items.append(_item("Beschluss", amendment.decision, location))
    blocks: list[m.Block] = [heading, m.ListBlock(False, tuple(items), location)]
    moved, adopted = (elided(p, checked, edition) for p in (entry.moved, entry.adopted))
    blocks += _section(anchor, "aenderung", "Änderung", moved, location)
    blocks += _section(anchor, "uebernahme", "Modifizierte Übernahme", adopted, location)
    reasoning_location = SourceLocation(amendment.file, amendment.reasoning_line or 1)
    blocks += _section(anchor, "begruendung", "Begründung", entry.reasoning, reasoning_location)
    return blocks


ELLIPSIS = "…"


def elided(
    paragraphs: Sequence[m.Paragraph], checked: Checked, edition: Edition
) -> tuple[m.Paragraph, ...]:
    """An amendment's passage with „…“ where it begins or ends inside a paragraph of the
    draft (its lines are cut from the draft's blocks; new paragraphs stand whole)."""
    if not paragraphs:
        return ()
    cited = edition.lines[checked.lines.first - 1 : checked.lines.last]
    keys = list(dict.fromkeys(line.block for line in cited))
    cut_start = edition.blocks[keys[0]].lines[0].number != checked.lines.first
    cut_end = edition.blocks[keys[-1]].lines[-1].number != checked.lines.last
    drafts = [i for i, p in enumerate(paragraphs) if not _all_inserted(p)]
    out = list(paragraphs)
    if drafts and cut_start:
        first = out[drafts[0]]
        out[drafts[0]] = replace(first, children=(m.Text(f"{ELLIPSIS} "), *first.children))
    if drafts and cut_end:
        last = out[drafts[-1]]
        children = list(last.children)
        if children and isinstance(children[-1], m.Text):
            children[-1] = m.Text(children[-1].text.rstrip())
        out[drafts[-1]] = replace(last, children=(*children, m.Text(f" {ELLIPSIS}")))
    return tuple(out)


def _all_inserted(paragraph: m.Paragraph) -> bool:
    return len(paragraph.children) == 1 and isinstance(paragraph.children[0], m.Insertion)


def _item(label: str, value: str | m.Inline, location: SourceLocation) -> m.ListItem:
    text = (m.Strong(typeset_text(f"{label}:")), m.Text(" "))
    value_inlines = typeset_text(value) if isinstance(value, str) else (value,)
    return m.ListItem((m.Paragraph(text + value_inlines, location),), location)


def _section(
    anchor: str,
    suffix: str,
    title: str,
    paragraphs: Sequence[m.Paragraph],
    location: SourceLocation,
) -> list[m.Block]:
    if not paragraphs:
        return []
    heading = m.Heading(3, f"{anchor}-{suffix}", typeset_text(title), location)
    return [heading, *(replace(p, children=portable(p.children)) for p in paragraphs)]


# --- The Änderungsfassung -----------------------------------------------------------------


def edition_layout(edition: Edition) -> LayoutMap:
    """The page and line starts of a frozen edition, as ``publish.annotate`` places them
    (the layout's positions are not frozen, and not needed for that)."""
    lines = tuple(
        Line(line.number, line.page, 0.0, 0.0, line.block, line.offset, line.text)
        for line in edition.lines
    )
    firsts: dict[int, Line] = {}
    for line in lines:
        firsts.setdefault(line.page, line)
    pages = tuple(
        Page(number, 0.0, first.number, first.block, first.offset)
        for number, first in sorted(firsts.items())
    )
    return LayoutMap(0.0, 0.0, pages, lines)


def amended_draft(annotated: m.Book, changes: Sequence[Change], adopted: int) -> m.Book:
    """The Änderungsfassung: the draft (typeset and annotated with its edition's markers)
    with ``changes`` (those of the ``adopted`` adopted amendments) in place, each change
    followed by its amendment's number, and a first chapter that says how to read it."""
    amended = map_book_runs(amended_book(annotated, changes), with_numbers)
    meta = annotated.metadata
    folder = annotated.root / "antraege"
    location = SourceLocation(str(folder), 1)
    notes = (
        paragraph(
            f"Die Fassung „{meta.status_line}“ mit den {adopted} übernommenen Änderungsanträgen an "
            "Ort und Stelle: gestrichener Text ist ",
            m.Deletion("", (m.Text("durchgestrichen"),)),
            ", eingefügter Text ",
            m.Insertion("", (m.Text("unterstrichen"),)),
            "; nach jeder Änderung steht die Nummer ihres Antrags.",
            location=location,
        ),
        paragraph(
            "Seiten und Zeilen am Rand sind die des Entwurfs, auf die sich die Anträge "
            "beziehen: eine Zeilennummer steht dort, wo die Zeile des Entwurfs beginnt, "
            "„S. 12“ dort, wo Seite 12 des Entwurfs beginnt.",
            location=location,
        ),
    )
    intro = chapter("zu-dieser-fassung", "Zu dieser Fassung", notes, folder)
    return document_book(
        annotated,
        "aenderungsfassung",
        f"Änderungsfassung – {meta.title}",
        meta.subtitle,
        "Der Entwurf mit den übernommenen Änderungsanträgen an Ort und Stelle. Gestrichener "
        "Text ist durchgestrichen, eingefügter Text unterstrichen; Screenreader lesen vor "
        "jeder Änderung „Streichung:“ oder „Einfügung:“ und danach „Ende der Streichung“ "
        "oder „Ende der Einfügung“. Seiten- und Zeilenangaben sind die des Entwurfs.",
        (intro, *amended.chapters),
        line_numbers=annotated.output.line_numbers,
    )


def with_numbers(run: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A run with the number of each change's amendment after the change (after the
    insertion of a replacement, once)."""
    out: list[m.Inline] = []
    for index, inline in enumerate(run):
        if isinstance(inline, m.Container | m.Changes):
            inline = replace(inline, children=with_numbers(inline.children))
        out.append(inline)
        if not isinstance(inline, m.Changes) or not inline.amendment:
            continue
        following = run[index + 1] if index + 1 < len(run) else None
        if isinstance(following, m.Changes) and following.amendment == inline.amendment:
            continue
        number = inline.amendment
        out.append(m.AmendmentRef(number, f"{ANTRAGSBUCH_PAGE}#{amendment_id(number)}"))
    return tuple(out)


def draft_line_offsets(amended: m.Book, edition: Edition) -> dict[str, list[tuple[int, int]]]:
    """Where each of the draft's lines begins in the Änderungsfassung: by block (its
    source key), the letter offset of the line's first letter in the block as printed
    (as the layout map counts letters: the deleted words are the draft's and stay, the
    inserted words are added, the words the outputs add are not counted) and the line's
    number. (The model's line markers stand before the word a line begins in, which is
    a line too early where the draft broke that word.)"""
    blocks = text_blocks(amended)
    found: dict[str, list[tuple[int, int]]] = {}
    for key, block_text in edition.blocks.items():
        block = blocks.get(key)
        if block is None:
            continue
        inserted: list[tuple[int, int]] = []
        _insertions(block.children, 0, inserted)
        found[key] = [
            (line.offset + sum(n for at, n in inserted if at <= line.offset), line.number)
            for line in block_text.lines
        ]
    return found


def _insertions(inlines: Iterable[m.Inline], offset: int, found: list[tuple[int, int]]) -> int:
    """The draft's letters in ``inlines`` from ``offset`` on; each insertion noted in
    ``found`` with the draft letter it stands before and its own letters."""
    for inline in inlines:
        if isinstance(inline, m.Text | m.Code | m.Caps):
            offset += letters(inline.text)
        elif isinstance(inline, m.Insertion):
            found.append((offset, _letters(inline.children)))
        elif isinstance(inline, m.Container | m.Deletion):
            offset = _insertions(inline.children, offset, found)
    return offset


def _letters(inlines: Iterable[m.Inline]) -> int:
    return letters(plain_text(inlines))


# --- The Synopse --------------------------------------------------------------------------


def synopse_book(
    draft: m.Book,
    adopted_book: m.Book,
    adoption: Adoption,
    rows: Sequence[SynopsisRow],
    adopted_edition: Edition | None = None,
) -> m.Book:
    """The Synopse: per draft chapter a table, a row per changed block (a new paragraph
    in the table of the chapter it was added to), draft and adopted text side by side
    (A4; set in landscape by ``styles/synopse.css``)."""
    keys = {id(block): key for key, block in text_blocks(draft).items()}
    adopted_keys = {id(block): key for key, block in text_blocks(adopted_book).items()}
    where = _chapter_of_blocks(draft)
    by_file = {key.rpartition(":")[0]: found for key, found in where.items()}
    changes: dict[str, list[Change]] = {}
    for edit in adoption.edits:
        if edit.change.kind != "paragraph":
            changes.setdefault(edit.change.block, []).append(edit.change)
    folder = draft.root / "antraege"
    tables: dict[str, tuple[m.Chapter, list[m.TableRow]]] = {}
    for row in rows:
        key = keys.get(id(row.draft)) if row.draft is not None else None
        if key is not None:
            draft_chapter = where[key]
        else:
            new_key = adopted_keys[id(row.adopted)]
            draft_chapter = by_file[new_key.rpartition(":")[0]]
        found = changes.get(key, []) if key is not None else []
        cells = _synopse_cells(draft, row, found, adopted_edition)
        tables.setdefault(draft_chapter.id, (draft_chapter, []))[1].append(m.TableRow(cells))
    head = m.TableRow(tuple(m.TableCell(typeset_text(h), header=True) for h in SYNOPSE_HEADERS))
    meta = draft.metadata
    location = SourceLocation(str(folder), 1)
    blocks: list[m.Block] = [
        paragraph(
            f"Die Fassung „{meta.status_line}“ und der Beschluss nebeneinander: jede Zeile der "
            "Tabellen ist ein Absatz, eine Überschrift oder ein Listenpunkt, den "
            "übernommene Änderungsanträge geändert haben. Links steht der Text des "
            "Entwurfs mit Seite und Zeilen, der gestrichene Text ",
            m.Deletion("", (m.Text("durchgestrichen"),)),
            "; rechts der beschlossene Text, der eingefügte ",
            m.Insertion("", (m.Text("unterstrichen"),)),
            ", und die Nummern der Anträge.",
            location=location,
        )
    ]
    for chapter_id, (draft_chapter, table_rows) in tables.items():
        heading_location = draft_chapter.title.location
        title = typeset_text(_title(draft_chapter))
        blocks.append(m.Heading(2, f"synopse-{chapter_id}", title, heading_location))
        blocks.append(m.Table((head,), tuple(table_rows), heading_location))
    chapters = [chapter("synopse", "Synopse", blocks, folder)]
    return document_book(
        draft,
        "synopse",
        f"Synopse – {meta.title}",
        "Entwurf und Beschluss nebeneinander",
        "Die Synopse: Entwurf und Beschluss in Tabellen nebeneinander, eine Zeile je "
        "geändertem Absatz, mit Spaltenüberschriften. Gestrichener Text ist durchgestrichen, "
        "eingefügter Text unterstrichen; Screenreader lesen vor jeder Änderung „Streichung:“ "
        "oder „Einfügung:“ und danach „Ende der Streichung“ oder „Ende der Einfügung“.",
        chapters,
        page_size="A4",
    )


def _synopse_cells(
    draft: m.Book, row: SynopsisRow, changes: list[Change], adopted: Edition | None
) -> tuple[m.TableCell, m.TableCell]:
    numbers = ", ".join(row.amendments)
    if row.draft is not None and row.draft_lines is not None:
        shown = portable(with_changes(draft, row.draft, changes) if changes else row.draft.children)
        before = (
            m.Strong((m.Text(reference(row.draft_pages, row.draft_lines)),)),
            m.LineBreak(),
            *without(shown, m.Insertion),
        )
    else:
        before = (m.Emphasis(typeset_text("neuer Absatz")),)
        shown = ()
    if row.adopted is None:
        text: tuple[m.Inline, ...] = (m.Emphasis(typeset_text("gestrichen")),)
    elif row.draft is None:
        text = (m.Insertion(numbers, portable(row.adopted.children)),)
    elif changes:
        text = without(shown, m.Deletion)
    else:
        text = portable(row.adopted.children)
    label = numbers
    if adopted is not None and row.adopted_lines is not None:
        pages = _pages(adopted, row.adopted_lines)
        label = (
            f"{reference(pages, row.adopted_lines)} · {numbers}"
            if numbers
            else reference(pages, row.adopted_lines)
        )
    after = ((m.Strong((m.Text(label),)), m.LineBreak()) if label else ()) + text
    return m.TableCell(before), m.TableCell(after)


def _pages(edition: Edition, lines: LineRange) -> tuple[int, ...]:
    return tuple(sorted({line.page for line in edition.lines[lines.first - 1 : lines.last]}))


# --- The Konkordanz -----------------------------------------------------------------------


@dataclass(frozen=True)
class KonkordanzRow:
    """A row of the Konkordanz: draft lines (None: a new paragraph), the adopted lines
    (None: deleted), and the amendments."""

    draft: LineRange | None
    draft_pages: tuple[int, ...]
    adopted: LineRange | None
    adopted_pages: tuple[int, ...]
    amendments: tuple[str, ...]


def konkordanz_rows(table: Concordance) -> list[KonkordanzRow]:
    """The concordance in rows: a run of unchanged lines, each one line further in both
    editions, is one row; a changed or deleted line is a row of its own; the lines of a
    new paragraph follow the row before them."""
    rows: list[KonkordanzRow] = []
    for entry in table.entries:
        if rows and _continues(rows[-1], entry):
            last = rows[-1]
            assert last.draft is not None and last.adopted is not None and entry.adopted
            rows[-1] = KonkordanzRow(
                LineRange(last.draft.first, entry.draft),
                tuple(sorted({*last.draft_pages, entry.draft_page})),
                LineRange(last.adopted.first, entry.adopted.last),
                tuple(sorted({*last.adopted_pages, *entry.adopted_pages})),
                (),
            )
            continue
        rows.append(
            KonkordanzRow(
                LineRange(entry.draft, entry.draft),
                (entry.draft_page,),
                entry.adopted,
                entry.adopted_pages,
                entry.amendments,
            )
        )
    for new in table.new:
        later = (
            i for i, row in enumerate(rows) if row.adopted and row.adopted.first > new.lines.first
        )
        at = next(later, len(rows))
        rows.insert(at, KonkordanzRow(None, (), new.lines, new.pages, (new.amendment,)))
    return rows


def _continues(row: KonkordanzRow, entry: ConcordanceEntry) -> bool:
    """Whether an unchanged line goes on the unchanged run of ``row``."""
    return (
        not row.amendments
        and not entry.changed
        and row.draft is not None
        and row.adopted is not None
        and entry.adopted is not None
        and entry.adopted.first == entry.adopted.last == row.adopted.last + 1
        and entry.draft == row.draft.last + 1
    )


def konkordanz_book(
    draft: m.Book,
    adopted_book: m.Book,
    draft_edition: Edition,
    adopted: Edition,
    table: Concordance,
) -> m.Book:
    """The Konkordanz: every line of the draft and where it stands in the adopted edition."""
    folder = draft.root / "antraege"
    location = SourceLocation(str(folder), 1)
    head = m.TableRow(tuple(m.TableCell(typeset_text(h), header=True) for h in KONKORDANZ_HEADERS))
    body = []
    for row in konkordanz_rows(table):
        before = reference(row.draft_pages, row.draft) if row.draft is not None else "neuer Absatz"
        after = (
            reference(row.adopted_pages, row.adopted) if row.adopted is not None else "gestrichen"
        )
        numbers = ", ".join(row.amendments) if row.amendments else "–"
        cells = tuple(m.TableCell(typeset_text(t)) for t in (before, after, numbers))
        body.append(m.TableRow(cells))
    new_meta = adopted_book.metadata
    intro = paragraph(
        f"Wo die Zeilen der Fassung „{draft.metadata.status_line}“ (Ausgabe {draft_edition.name}) "
        f"in der Fassung „{new_meta.status_line}“ (Ausgabe {adopted.name}) stehen. "
        "Unveränderte Zeilen, die nur weiterrücken, stehen in einer Zeile der Tabelle "
        "zusammen; gestrichene Zeilen sind als „gestrichen“ vermerkt, neue Absätze als "
        "„neuer Absatz“.",
        location=location,
    )
    caption = typeset_text("Zeilen des Entwurfs und des Beschlusses")
    konkordanz = m.Table((head,), tuple(body), location, caption)
    meta = draft.metadata
    return document_book(
        draft,
        "konkordanz",
        f"Konkordanz – {meta.title}",
        f"Die Zeilen des Entwurfs in der Fassung „{new_meta.status_line}“",
        "Die Konkordanz: eine Tabelle mit Spaltenüberschriften, die jeder Zeile des "
        "Entwurfs ihre Zeilen im Beschluss zuordnet.",
        (chapter("konkordanz", "Konkordanz", (intro, konkordanz), folder),),
        meta=new_meta,
    )
