"""The amendment outputs (``publish amend build``): Antragsbuch, Änderungsfassung, Synopse
and Konkordanz, each as tagged PDF, EPUB and web page, from the test book
``tests/books/antraege`` (16 amendments, two editions).

The module builds every output once: the test book with its conflict and its wrong
citation fixed (as the office would), the adopted text applied and given its frozen
edition (``tests/amend/beschluss-2025-04-05.json``, frozen from a build of exactly this
text), so the Konkordanz is made too. The tests read the real files: the model of each
document, the structure tree of the PDFs (deletions and insertions as elements of their
own, with the words that announce them in order), the draft's line numbers where the
Änderungsfassung prints them, the Synopse's table, and the validators (veraPDF PDF/UA-1
and -2, EPUBCheck, DAISY Ace, axe-core) on every output.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner

from publish import check
from publish import model as m
from publish.amend.documents import (
    draft_line_offsets,
    elided,
    with_numbers,
    without,
)
from publish.amend.edition import Edition, load_editions
from publish.amend.outputs import AmendBuildRequest, Made, build_amendment_outputs
from publish.amend.workflow import apply_amendments
from publish.cli import main
from publish.errors import SourceLocation
from publish.paths import STYLES
from publish.tree import plain_text
from publish.validate import run_ace, run_epubcheck, run_verapdf
from publish.validate.axe import run_axe
from publish.validate.structure import Element, check_structure, children, marked_texts, walk

TESTS = Path(__file__).resolve().parent
ANTRAEGE = TESTS / "books" / "antraege"
ADOPTED_EDITION = TESTS / "amend" / "beschluss-2025-04-05.json"
DOCUMENTS = ("antragsbuch", "aenderungsfassung", "synopse", "konkordanz")
LINE_NUMBER_FONT = "PUBLSH+SourceSans3-Regular"


def fix(book: Path) -> None:
    """What the office does after the check: Ä9 was in fact rejected, Ä10 cites its lines."""
    for name, old, new in (
        ("ae09.md", "status: übernommen", "status: abgelehnt"),
        ("ae10.md", "zeilen: 57-58", "zeilen: 54-55"),
    ):
        path = book / "antraege" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def adopted_text(root: Path, book: Path) -> Path:
    """The adopted text beside ``book``, with its frozen edition (as ``publish amend
    freeze`` wrote it from a build of this text)."""
    beschluss = root / "beschluss"
    apply_amendments(book, beschluss, "Beschluss", dt.date(2025, 4, 5))
    shutil.copy(ADOPTED_EDITION, beschluss / "ausgaben" / ADOPTED_EDITION.name)
    return beschluss


@dataclass(frozen=True)
class Outputs:
    made: Made
    out: Path
    written: tuple[Path, ...]

    def pdf(self, key: str) -> Path:
        return self.out / f"musterstadt-{key}.pdf"

    def epub(self, key: str) -> Path:
        return self.out / f"musterstadt-{key}.epub"

    def book(self, key: str) -> m.Book:
        return next(d.book for d in self.made.documents if d.key == key)

    @property
    def draft_edition(self) -> Edition:
        edition = self.made.report.edition
        assert edition is not None
        return edition


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    root = tmp_path_factory.mktemp("amendout")
    book = root / "book"
    shutil.copytree(ANTRAEGE, book)
    fix(book)
    beschluss = adopted_text(root, book)
    request = AmendBuildRequest(book, root / "dist", beschluss=beschluss)
    written, made = build_amendment_outputs(request)
    return Outputs(made, root / "dist", tuple(written))


# --- The files ------------------------------------------------------------------------------


def test_every_output_in_every_format(outputs: Outputs) -> None:
    names = sorted(p.relative_to(outputs.out).as_posix() for p in outputs.written)
    documents = [n for n in names if not n.startswith("html/")]
    assert documents == sorted(f"musterstadt-{k}.{f}" for k in DOCUMENTS for f in ("pdf", "epub"))
    pages = [n for n in names if n.startswith("html/antraege/") and n.endswith(".html")]
    assert pages == sorted(f"html/antraege/{k}.html" for k in (*DOCUMENTS, "index"))
    assert "html/antraege/style.css" in names
    assert "html/antraege/fonts/SourceSerif4-Regular.ttf" in names


def test_the_same_source_gives_the_same_bytes(outputs: Outputs, tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(ANTRAEGE, book)
    fix(book)
    request = AmendBuildRequest(book, tmp_path / "dist", ("pdf", "epub"))
    build_amendment_outputs(request)
    for key in ("antragsbuch", "aenderungsfassung"):
        for file in (f"musterstadt-{key}.pdf", f"musterstadt-{key}.epub"):
            assert (tmp_path / "dist" / file).read_bytes() == (outputs.out / file).read_bytes()


# --- The Antragsbuch -------------------------------------------------------------------------


def headings(book: m.Book, level: int) -> list[str]:
    return [plain_text(h.children) for c in book.chapters for h in c.headings if h.level == level]


def show(nodes: tuple[m.Inline, ...]) -> str:
    """Inlines as text: deletions [-…-], insertions {+…+}, amendment numbers <Ä1>."""
    out = []
    for node in nodes:
        if isinstance(node, m.Deletion):
            out.append(f"[-{show(node.children)}-]")
        elif isinstance(node, m.Insertion):
            out.append(f"{{+{show(node.children)}+}}")
        elif isinstance(node, m.AmendmentRef):
            out.append(f"<{node.amendment}>")
        elif isinstance(node, m.Text | m.Code | m.Caps):
            out.append(node.text)
        elif isinstance(node, m.Emphasis | m.Strong | m.Link | m.LangSpan):
            out.append(show(node.children))
    return "".join(out)


def entry_blocks(book: m.Book, anchor: str) -> list[m.Block]:
    """The blocks of the Antragsbuch's entry ``anchor`` (from its heading to the next)."""
    for chapter in book.chapters:
        blocks = list(chapter.blocks)
        for index, block in enumerate(blocks):
            if isinstance(block, m.Heading) and block.id == anchor:
                end = next(
                    (
                        i
                        for i in range(index + 1, len(blocks))
                        if isinstance(blocks[i], m.Heading) and blocks[i].level <= 2  # type: ignore[union-attr]
                    ),
                    len(blocks),
                )
                return blocks[index:end]
    raise AssertionError(f"no entry {anchor}")


def texts(blocks: list[m.Block]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, m.Heading | m.Paragraph):
            out.append(show(block.children))
        elif isinstance(block, m.ListBlock):
            out += [show(i.blocks[0].children) for i in block.items]  # type: ignore[union-attr]
    return out


def test_antragsbuch_has_every_amendment_in_line_order(outputs: Outputs) -> None:
    book = outputs.book("antragsbuch")
    assert [c.id for c in book.chapters] == [
        "uebersicht",
        "zu-klima-und-mobilitaet",
        "zu-wohnen-und-soziales",
    ]
    assert headings(book, 2) == [
        "Ä1: Klimaneutral bis 2030", "Ä7", "Ä9", "Ä2", "Ä4", "Ä15", "Ä5", "Ä3", "Ä6", "Ä11",
        "Ä14", "Ä8", "Ä10", "Ä12", "Ä16", "Ä13",
    ]  # fmt: skip
    assert book.metadata.title == "Antragsbuch – Musterstadt gemeinsam gestalten"
    assert book.output.name == "musterstadt-antragsbuch" and book.output.line_numbers == 0


def test_antragsbuch_entry_with_its_lines_movers_status_passage_and_reasoning(
    outputs: Outputs,
) -> None:
    book = outputs.book("antragsbuch")
    assert texts(entry_blocks(book, "ae1")) == [
        "Ä1: Klimaneutral bis 2030",
        "Seite und Zeilen: S.\u00a05,\u00a0Z.\u00a017",
        "Antragsteller*innen: Jana Beispiel (OV Nord), Tom Muster (OV Nord)",
        "Eingereicht am: 20.03.2025",
        "Votum der Antragskommission: Übernahme",
        "Status: übernommen",
        "Beschluss: mit großer Mehrheit angenommen",
        "Änderung",
        "Musterstadt soll spätestens bis [-2035-]{+2030+} klimaneutral werden. Dazu legen …",
        "Begründung",
        "Der Weltklimarat zeigt, dass die Emissionen in diesem Jahrzehnt sinken müssen. Viele "
        "Städte unserer Größe haben sich das Jahr 2030 vorgenommen; Musterstadt sollte nicht "
        "dahinter zurückbleiben.",
    ]
    ae4 = texts(entry_blocks(book, "ae4"))
    assert ae4[ae4.index("Änderung") :] == [
        "Änderung",
        "… Bis 2030 sollen [-20-]{+50+}\u00a0Prozent der Dächer städtischer Gebäude Solaranlagen …",
        "Modifizierte Übernahme",
        "… Bis 2030 sollen [-20-]{+35+}\u00a0Prozent der Dächer städtischer Gebäude Solaranlagen …",
        "Begründung",
        "Auf städtischen Dächern ist Platz für viel mehr Solaranlagen, als der Entwurf vorsieht.",
    ]
    assert texts(entry_blocks(book, "ae7"))[1:5] == [
        "Seite und Zeilen: S.\u00a05,\u00a0Z.\u00a017",
        "Antragsteller*in: Grüne Jugend Musterstadt",
        "Status: erledigt",
        "Erledigt durch: Ä1",
    ]
    # a passage over whole paragraphs has no „…“; a new paragraph follows its block
    assert texts(entry_blocks(book, "ae13"))[-3] == (
        "Die Schuldnerberatung wird [-personell-] verstärkt, damit niemand länger als "
        "[-vier-]{+zwei+} Wochen auf einen Termin wartet."
    )
    ae5 = texts(entry_blocks(book, "ae5"))
    assert ae5[ae5.index("Änderung") + 1 : ae5.index("Änderung") + 3] == [
        "… das Klima prüft.",
        "{+Musterstadt tritt dem Bündnis „Klimaneutrale Kommunen“ bei und berichtet jedes Jahr "
        "öffentlich über die Fortschritte.+}",
    ]


def test_antragsbuch_overview_table(outputs: Outputs) -> None:
    book = outputs.book("antragsbuch")
    (table,) = [b for b in book.chapters[0].blocks if isinstance(b, m.Table)]
    assert [show(c.children) for c in table.head[0].cells] == [
        "Nr.", "Seite, Zeilen", "Titel", "Antragsteller*innen", "Status",
    ]  # fmt: skip
    rows = [[show(c.children) for c in row.cells] for row in table.body]
    assert len(rows) == 16
    assert rows[0] == [
        "Ä1",
        "S.\u00a05,\u00a0Z.\u00a017",
        "Klimaneutral bis 2030",
        "Jana Beispiel (OV Nord), Tom Muster (OV Nord)",
        "übernommen",
    ]
    assert rows[12][:2] == ["Ä10", "S.\u00a07,\u00a0Z.\u00a054\u2060–\u206055"]
    link = table.body[0].cells[0].children[0]
    assert isinstance(link, m.Link) and (link.target, link.internal) == ("ae1", True)


# --- The Änderungsfassung ----------------------------------------------------------------------


def test_aenderungsfassung_changes_carry_their_amendment(outputs: Outputs) -> None:
    book = outputs.book("aenderungsfassung")
    assert book.chapters[0].id == "zu-dieser-fassung"
    paragraphs = [
        show(b.children)
        for c in book.chapters[1:]
        for b in c.blocks
        if isinstance(b, m.Paragraph) and "<Ä" in show(b.children)
    ]
    assert paragraphs[0].startswith(
        "Musterstadt soll spätestens bis [-2035-]{+2030+}<Ä1> klimaneutral werden."
    )
    assert paragraphs[2] == (
        "Wir schaffen eine Stabsstelle Klima {+und Nachhaltigkeit+}<Ä15>, die direkt bei der "
        "Oberbürgermeisterin angesiedelt ist und alle Beschlussvorlagen auf ihre Folgen für "
        "das Klima prüft."
    )
    refs = [
        i
        for c in book.chapters
        for b in c.blocks
        if isinstance(b, m.Paragraph)
        for i in b.children
        if isinstance(i, m.AmendmentRef)
    ]
    assert refs[0] == m.AmendmentRef("Ä1", "antragsbuch.html#ae1")


def drawn_numbers(pdf: Path) -> dict[int, list[tuple[int, float]]]:
    """The line numbers drawn in the margin, by page, from the top: number and baseline."""
    found: dict[int, list[tuple[int, float]]] = {}
    with pdfplumber.open(pdf) as plumber:
        for index, page in enumerate(plumber.pages, start=1):
            digits = [c for c in page.chars if c["fontname"] == LINE_NUMBER_FONT]
            rows: dict[float, str] = {}
            for char in sorted(digits, key=lambda c: c["x0"]):
                baseline = round(char["matrix"][5], 1)
                rows[baseline] = rows.get(baseline, "") + char["text"]
            found[index] = [(int(rows[b]), b) for b in sorted(rows, reverse=True)]
    return found


def printed_lines(pdf: Path) -> dict[tuple[int, float], str]:
    """The text of each printed line (by page and baseline), hyphens at line ends joined."""
    lines: dict[tuple[int, float], str] = {}
    with pdfplumber.open(pdf) as plumber:
        for index, page in enumerate(plumber.pages, start=1):
            for char in sorted(page.chars, key=lambda c: c["x0"]):
                if char["fontname"] == LINE_NUMBER_FONT or char.get("mcid") is None:
                    continue
                key = (index, round(char["matrix"][5], 1))
                lines[key] = lines.get(key, "") + char["text"]
    return lines


def test_aenderungsfassung_numbers_the_drafts_lines_where_they_begin(outputs: Outputs) -> None:
    """Every line of the draft (the test book numbers every line) is numbered in the margin
    of the printed line that holds its first letter, whatever the changes did to the
    layout; where two of the draft's lines begin on one printed line, the first number
    stands there."""
    pdf = outputs.pdf("aenderungsfassung")
    numbers = drawn_numbers(pdf)
    lines = printed_lines(pdf)
    edition = outputs.draft_edition

    def start(number: int) -> str:
        """The first letters of the draft's line (of its first word: print may break it)."""
        return re.sub(r"\W", "", edition.lines[number - 1].text.split()[0])[:4]

    shown = [number for page in sorted(numbers) for number, _ in numbers[page]]
    assert shown == sorted(shown) and len(shown) >= 68
    where = {number: (page, baseline) for page in numbers for number, baseline in numbers[page]}
    for number, place in where.items():
        assert start(number) in re.sub(r"\W", "", lines[place]), (number, lines[place])
    for number in sorted(set(range(1, 72)) - set(shown)):
        earlier = max(n for n in shown if n < number)
        assert start(number) in re.sub(r"\W", "", lines[where[earlier]]), number


def test_aenderungsfassung_marks_the_drafts_pages_as_artifacts(outputs: Outputs) -> None:
    """„S. 5“ in the margin where page 5 of the draft begins: drawn, not tagged."""
    with pdfplumber.open(outputs.pdf("aenderungsfassung")) as plumber:
        marks = []
        for page in plumber.pages:
            untagged = [
                c
                for c in page.chars
                if c.get("mcid") is None and round(c["size"]) == 7 and c["x0"] > page.width / 2
            ]
            text = "".join(c["text"] for c in sorted(untagged, key=lambda c: (c["top"], c["x0"])))
            marks += [(page.page_number, mark) for mark in re.findall(r"S\. \d+", text)]
    assert marks == [(5, "S. 4"), (6, "S. 5"), (7, "S. 6"), (8, "S. 7")]


def test_aenderungsfassung_epub_has_the_drafts_pages(outputs: Outputs) -> None:
    with zipfile.ZipFile(outputs.epub("aenderungsfassung")) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
        opf = epub.read("EPUB/content.opf").decode()
        chapter = epub.read("EPUB/kapitel-03.xhtml").decode()
    pages = re.findall(r'<li><a href="[^"]+#seite-(\d+)">', nav)
    assert pages == ["4", "5", "6", "7"]
    assert "Musterstadt gemeinsam gestalten, Druckfassung A5 (Entwurf vom 15.03.2025)" in opf
    assert (
        '<del><span class="visually-hidden" data-added="">Streichung: </span>2035'
        '<span class="visually-hidden" data-added="">&#160;Ende der Streichung</span></del>'
        '<ins class="replacing"><span class="visually-hidden" data-added="">Einfügung: </span>'
        '2030<span class="visually-hidden" data-added="">&#160;Ende der Einfügung</span></ins>'
        '<span class="antrag" data-added=""><span class="visually-hidden">Änderungsantrag '
        "</span>[Ä1]</span>"
    ) in chapter


def test_web_pages_link_each_change_to_its_amendment(outputs: Outputs) -> None:
    folder = outputs.out / "html" / "antraege"
    amended = (folder / "aenderungsfassung.html").read_text(encoding="utf-8")
    antragsbuch = (folder / "antragsbuch.html").read_text(encoding="utf-8")
    targets = re.findall(r'<a class="antrag" href="antragsbuch\.html#([^"]+)">', amended)
    assert targets[:3] == ["ae1", "ae4", "ae15"]
    ids = set(re.findall(r' id="([^"]+)"', antragsbuch))
    assert set(targets) <= ids
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<li><a href="([^"]+)">', index) == [f"{k}.html" for k in DOCUMENTS]
    assert '<a href="../../musterstadt-synopse.pdf">PDF' in index


# --- The Synopse and the Konkordanz -------------------------------------------------------


def test_synopse_rows(outputs: Outputs) -> None:
    book = outputs.book("synopse")
    assert book.output.page_size == "A4"
    tables = [b for b in book.chapters[0].blocks if isinstance(b, m.Table)]
    assert headings(book, 2) == ["Klima und Mobilität", "Wohnen und Soziales"]
    assert [[show(c.children) for c in t.head[0].cells] for t in tables] == [
        ["Entwurf (S./Z.)", "Beschluss"]
    ] * 2
    rows = [[show(c.children) for c in row.cells] for t in tables for row in t.body]
    assert len(rows) == 10
    assert rows[0] == [
        "S.\u00a05,\u00a0Z.\u00a017\u2060–\u206020Musterstadt soll spätestens bis [-2035-] "
        "klimaneutral werden. Dazu legen wir noch in diesem Jahr einen Klimaschutzplan vor, der "
        "für jeden Bereich der Verwaltung verbindliche Ziele und Zwischenschritte nennt. Der "
        "Plan wird jedes Jahr überprüft und, wo nötig, verschärft.",
        "S.\u00a05,\u00a0Z.\u00a017\u2060–\u206020 · Ä1Musterstadt soll spätestens bis "
        "{+2030+} klimaneutral werden. Dazu legen wir noch in diesem Jahr einen "
        "Klimaschutzplan vor, der für jeden Bereich der Verwaltung verbindliche Ziele und "
        "Zwischenschritte nennt. Der Plan wird jedes Jahr überprüft und, wo nötig, "
        "verschärft.",
    ]
    assert rows[2][0].endswith(
        "Wir schaffen eine Stabsstelle Klima, die direkt bei der "
        "Oberbürgermeisterin angesiedelt ist und alle "
        "Beschlussvorlagen auf ihre Folgen für das Klima prüft."
    )
    assert rows[3] == [
        "neuer Absatz",
        "S.\u00a05,\u00a0Z.\u00a029\u2060–\u206030 · Ä5{+Musterstadt tritt dem Bündnis "
        "„Klimaneutrale Kommunen“ bei und berichtet jedes Jahr öffentlich über die "
        "Fortschritte.+}",
    ]


def test_synopse_is_a_real_table_in_landscape(outputs: Outputs) -> None:
    pdf = outputs.pdf("synopse")
    with pikepdf.open(pdf) as document:
        sizes = {tuple(round(float(v)) for v in page.MediaBox) for page in document.pages}
        found = list(walk(document))
        scopes = {str(e.obj.A.Scope) for e in found if e.type == "TH"}
        kinds = [e.type for e in found if e.type in ("Table", "THead", "TBody", "TR")]
    assert sizes == {(0, 0, 842, 595)}
    assert [text for _, text in texts_of(pdf, "TH")] == ["Entwurf (S./Z.)", "Beschluss"] * 2
    assert scopes == {"/Column"}
    assert kinds.count("Table") == 2 and kinds.count("THead") == 2
    assert kinds.count("TR") == 12  # a header row and the body rows of each table


def test_konkordanz_rows(outputs: Outputs) -> None:
    book = outputs.book("konkordanz")
    (table,) = [b for b in book.chapters[0].blocks if isinstance(b, m.Table)]
    rows = [" | ".join(show(c.children) for c in row.cells) for row in table.body]
    plain = [row.replace("\u00a0", " ").replace("\u2060", "") for row in rows]
    assert plain[:11] == [
        "S. 4–5, Z. 1–16 | S. 4–5, Z. 1–16 | –",
        "S. 5, Z. 17 | S. 5, Z. 17 | Ä1",
        "S. 5, Z. 18–22 | S. 5, Z. 18–22 | –",
        "S. 5, Z. 23 | S. 5, Z. 23 | Ä4",
        "S. 5, Z. 24–25 | S. 5, Z. 24–25 | –",
        "S. 5, Z. 26 | S. 5, Z. 26–27 | Ä15",
        "S. 5, Z. 27 | S. 5, Z. 27–28 | –",
        "S. 5, Z. 28 | S. 5, Z. 28 | –",
        "neuer Absatz | S. 5, Z. 29–30 | Ä5",
        "S. 5, Z. 29–32 | S. 5, Z. 31–34 | –",
        "S. 5, Z. 33 | S. 5, Z. 35–36 | Ä3",
    ]
    assert plain[-1] == "S. 7, Z. 68–71 | S. 7, Z. 73–76 | –"
    assert book.metadata.status_line == "Beschluss vom 05.04.2025"


# --- The structure tree: deletions and insertions ------------------------------------------


def elements(pdf: Path) -> list[Element]:
    with pikepdf.open(pdf) as document:
        return list(walk(document))


def texts_of(pdf: Path, *types: str) -> list[tuple[str, str]]:
    """Every structure element of ``types``, in reading order, with its text: its marked
    content in order, a space between two pieces (a line's last space is not drawn), any
    run of spaces as one."""
    texts = marked_texts(pdf)
    with pikepdf.open(pdf) as document:
        pages = {page.obj.objgen: n for n, page in enumerate(document.pages)}
        return [
            (e.type, " ".join(" ".join(_texts(e.obj, pages, texts)).split()))
            for e in walk(document)
            if e.type in types
        ]


def _texts(
    element: pikepdf.Dictionary,
    pages: dict[tuple[int, int], int],
    texts: dict[tuple[int, int], str],
) -> Iterator[str]:
    if "/ActualText" in element:
        yield str(element.ActualText)
        return
    for kid in children(element):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            yield texts.get((pages[kid.Pg.objgen], int(kid.MCID)), "")
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _texts(kid, pages, texts)


def test_changes_are_structure_elements_announced_in_order(outputs: Outputs) -> None:
    pdf = outputs.pdf("antragsbuch")
    with pikepdf.open(pdf) as document:
        role_map = {str(k): str(v) for k, v in document.Root.StructTreeRoot.RoleMap.items()}
    assert role_map["/Deletion"] == role_map["/Insertion"] == "/Span"
    changes = texts_of(pdf, "Deletion", "Insertion")
    assert changes[:4] == [
        ("Deletion", "Streichung: durchgestrichen Ende der Streichung"),
        ("Insertion", "Einfügung: unterstrichen Ende der Einfügung"),
        ("Deletion", "Streichung: 2035 Ende der Streichung"),
        ("Insertion", "Einfügung: 2030 Ende der Einfügung"),
    ]
    # the change is inside its paragraph, between the words around it
    paragraphs = [text for _, text in texts_of(pdf, "P") if "bis Streichung: 2035" in text]
    assert paragraphs[0] == (
        "Musterstadt soll spätestens bis Streichung: 2035 Ende der Streichung Einfügung: "
        "2030 Ende der Einfügung klimaneutral werden. Dazu legen …"
    )
    assert check_structure(pdf) == []


def test_pdfinfo_reads_the_announcements(outputs: Outputs) -> None:
    text = subprocess.run(
        ["pdfinfo", "-struct-text", str(outputs.pdf("aenderungsfassung"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        '        "Musterstadt soll spätestens bis "\n'
        "        Span (inline)\n"
        '          "Streichung: "\n'
        '          "2035"\n'
        '          " Ende der Streichung"\n'
        "        Span (inline)\n"
        '          "Einfügung: "\n'
        '          "2030"\n'
        '          " Ende der Einfügung"\n'
        '        "Änderungsantrag "\n'
        '        "[Ä1]"\n'
    ) in text


def test_a_deleted_link_stays_a_link_inside_its_deletion(tmp_path: Path) -> None:
    """A passage may cover a whole link; deleted, the link is still a Link (with its
    annotation) inside the Deletion, and the PDF stays PDF/UA."""
    book = tmp_path / "book"
    shutil.copytree(ANTRAEGE, book)
    fix(book)
    (book / "antraege" / "ae90.md").write_text(
        "---\nnummer: Ä90\nausgabe: entwurf-2025-03-15\nseite: 4\nzeile: 14\n"
        "antragsteller: Test\nstatus: übernommen\n---\n\n"
        "Streiche „musterstadt.example“.\n",
        encoding="utf-8",
    )
    request = AmendBuildRequest(book, tmp_path / "dist", ("pdf",), documents=("aenderungsfassung",))
    (pdf,) = build_amendment_outputs(request)[0]
    with pikepdf.open(pdf) as document:
        found = list(walk(document))
        deletion = next(
            e
            for e in found
            if e.type == "Deletion"
            and any(
                isinstance(k, pikepdf.Dictionary) and str(k.get("/S")) == "/Link"
                for k in children(e.obj)
            )
        )
        annotations = [a for page in document.pages for a in page.get("/Annots", [])]
        assert any(str(a.Contents) == "musterstadt.example" for a in annotations)
    assert deletion.type == "Deletion"
    assert ("Deletion", "Streichung: musterstadt.example Ende der Streichung") in texts_of(
        pdf, "Deletion"
    )
    (report,) = run_verapdf([pdf], "ua1")
    assert report.failed == () and report.error is None


# --- Validators ----------------------------------------------------------------------------


def test_verapdf_pdf_ua1_zero_failures(outputs: Outputs) -> None:
    reports = run_verapdf([outputs.pdf(k) for k in DOCUMENTS], "ua1")
    assert [(r.file.name, r.error, r.failed) for r in reports] == [
        (f"musterstadt-{k}.pdf", None, ()) for k in DOCUMENTS
    ]
    assert all(r.compliant for r in reports)
    assert [check_structure(outputs.pdf(k)) for k in DOCUMENTS] == [[]] * len(DOCUMENTS)


@pytest.mark.parametrize("key", DOCUMENTS)
def test_epubcheck_and_ace_zero(outputs: Outputs, key: str, tmp_path: Path) -> None:
    report = run_epubcheck(outputs.epub(key))
    problems = [m for m in report.messages if m.severity in ("FATAL", "ERROR", "WARNING")]
    assert (report.fatals, report.errors, report.warnings, report.usages) == (0, 0, 0, 0), problems
    ace = run_ace(outputs.epub(key), tmp_path / "ace")
    assert ace.violations == () and ace.outcome == "pass"


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_zero_on_every_page(outputs: Outputs, width: int) -> None:
    pages = sorted((outputs.out / "html" / "antraege").glob("*.html"))
    reports = run_axe(pages, width=width)
    assert len(reports) == 5 and all(r.passes > 20 for r in reports)
    assert [str(v) for r in reports for v in r.violations] == []


def test_pdf_ua2(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(ANTRAEGE, book)
    fix(book)
    config = book / "book.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  pdf_ua: 2\n", encoding="utf-8")
    written, _ = build_amendment_outputs(AmendBuildRequest(book, tmp_path / "dist", ("pdf",)))
    reports = run_verapdf(written, "ua2")
    assert [(r.error, r.failed) for r in reports] == [(None, ())] * 3
    with pikepdf.open(written[0]) as pdf:
        assert pdf.pdf_version == "2.0"
        role_map = {str(k): str(v) for k, v in pdf.Root.StructTreeRoot.RoleMap.items()}
    assert role_map == {"/Deletion": "/Span", "/Insertion": "/Span"}


# --- The pieces ------------------------------------------------------------------------------


def test_plain_text_reads_the_amended_text() -> None:
    run = (
        m.Text("bis "),
        m.Deletion("Ä1", (m.Text("2035"),)),
        m.Insertion("Ä1", (m.Emphasis((m.Text("2030"),)),)),
        m.AmendmentRef("Ä1"),
        m.Text(" klimaneutral"),
    )
    assert plain_text(run) == "bis 2030 klimaneutral"


def test_each_change_is_followed_by_its_amendments_number_once() -> None:
    run = (
        m.Text("a "),
        m.Deletion("Ä1", (m.Text("b"),)),
        m.Insertion("Ä1", (m.Text("c"),)),
        m.Text(" d "),
        m.Emphasis((m.Insertion("Ä2", (m.Text("e"),)),)),
        m.Deletion("Ä3", (m.Text("f"),)),
        m.Insertion("", (m.Text("legend"),)),
    )
    assert show(with_numbers(run)) == "a [-b-]{+c+}<Ä1> d {+e+}<Ä2>[-f-]<Ä3>{+legend+}"


def test_a_column_of_the_synopse_drops_the_other_side_and_its_space() -> None:
    run = (
        m.Text("Klima"),
        m.Text(" "),
        m.Insertion("Ä15", (m.Text("und Nachhaltigkeit"),)),
        m.Text(", die"),
    )
    assert show(without(run, m.Insertion)) == "Klima, die"
    assert show(without(run, m.Deletion)) == "Klima {+und Nachhaltigkeit+}, die"
    before = (m.Insertion("Ä1", (m.Text("Neu"),)), m.Text(" "), m.Text("alt"))
    assert show(without(before, m.Insertion)) == "alt"


def test_the_drafts_lines_move_by_the_inserted_letters(outputs: Outputs) -> None:
    amended = outputs.book("aenderungsfassung")
    edition = outputs.draft_edition
    offsets = draft_line_offsets(amended, edition)

    def moved(line: int) -> list[int]:
        block = edition.blocks[edition.lines[line - 1].block]
        found = offsets[block.key]
        assert [n for _, n in found] == [line.number for line in block.lines]
        return [offset - line.offset for (offset, _), line in zip(found, block.lines, strict=True)]

    # Ä4 replaces „20“ by „35“ in line 23: the deleted letters stay, the two inserted move
    # the lines after them
    assert moved(23) == [0, 0, 0, 2, 2]
    # Ä15 inserts „und Nachhaltigkeit“ (17 letters) in line 26
    assert moved(26) == [0, 17, 17]
    assert moved(1) == [0]


def test_passages_are_elided_where_they_cut_a_paragraph(outputs: Outputs) -> None:
    entries = {c.amendment.number: c for c in outputs.made.report.amendments}
    paragraph = m.Paragraph((m.Text("Mitte "),), SourceLocation("x", 1))
    assert show(elided((paragraph,), entries["Ä2"], outputs.draft_edition)[0].children) == (
        "… Mitte …"
    )
    assert show(elided((paragraph,), entries["Ä1"], outputs.draft_edition)[0].children) == (
        "Mitte …"
    )
    assert elided((), entries["Ä1"], outputs.draft_edition) == ()


# --- The command ---------------------------------------------------------------------------


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANTRAEGE, tmp_path / "book")
    return Path("book")


def run(*args: str, lang: str = "en") -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["amend", *args], env={"PUBLISH_LANG": lang})
    return result.exit_code, result.output.splitlines()


def test_build_refuses_amendments_with_problems(book: Path) -> None:
    code, lines = run("build", "book")
    assert (code, lines) == (
        1,
        [
            "Error: book/antraege/ae09.md:10:1: Ä9 and Ä1 change the same text in line 17 – Ä1 "
            "is at book/antraege/ae01.md:16:1; only one of them can be adopted as written: set "
            "the other to „abgelehnt“ or „erledigt“, or adopt one as „modifiziert übernommen“ "
            "with both changes",
            "book/antraege/ae10.md:10:9: „ein Drittel“ is in lines 54–55, not 57–58 – write "
            "„zeilen: 54–55“",
            "2 problems in the amendments; nothing was written.",
        ],
    )
    assert not Path("dist").exists()
    code, lines = run("build", "book", lang="de")
    assert lines[-1] == "2 Probleme in den Anträgen; es wurde nichts geschrieben."
    assert lines[1] == (
        "book/antraege/ae10.md:10:9: „ein Drittel“ steht in Zeilen 54–55, nicht 57–58 – "
        "schreiben Sie „zeilen: 54–55“"
    )


def test_build_before_the_vote_makes_the_antragsbuch(book: Path) -> None:
    fix(book)
    for path in sorted((book / "antraege").glob("*.md")):
        text = re.sub(r"status: .*", "status: eingereicht", path.read_text(encoding="utf-8"))
        text = re.sub(r"erledigt_durch: .*\n", "", text)
        path.write_text(text, encoding="utf-8")
    code, lines = run("build", "book", "--format", "html")
    assert (code, lines) == (
        0,
        [
            "warning: book/antraege/ae11.md:3:1: Ä11 cites the older edition "
            "entwurf-2025-03-01: in edition entwurf-2025-03-15 its text is on page 5, line 35 "
            "(was page 5, line 32) – check it, then write „ausgabe: entwurf-2025-03-15“, "
            "„seite: 5“ and „zeilen: 35“",
            "web pages written to dist/html/antraege/ (14 files)",
            "no amendment is adopted yet: only the Antragsbuch was built (set each status "
            "after the vote, then build again)",
        ],
    )
    assert sorted(p.name for p in Path("dist/html/antraege").glob("*.html")) == [
        "antragsbuch.html",
        "index.html",
    ]


def test_build_without_the_adopted_text_says_how_to_get_the_konkordanz(book: Path) -> None:
    fix(book)
    code, lines = run("build", "book", "--format", "epub", "--quiet")
    assert (code, [line[:30] for line in lines]) == (0, ["warning: book/antraege/ae11.md"])
    code, lines = run("build", "book", "--format", "epub", lang="de")
    assert lines[1:] == [
        "geschrieben: dist/musterstadt-antragsbuch.epub",
        "geschrieben: dist/musterstadt-aenderungsfassung.epub",
        "geschrieben: dist/musterstadt-synopse.epub",
        "für die Konkordanz arbeiten Sie die übernommenen Anträge ein, bauen den beschlossenen "
        "Text, schreiben seine Ausgabe fest und bauen dann noch einmal mit --beschluss: "
        "publish amend apply book --into beschluss",
    ]


def test_build_checks_the_adopted_text_it_is_given(book: Path) -> None:
    fix(book)
    code, lines = run("build", "book", "--beschluss", "nirgends")
    assert (code, lines) == (1, ["Error: nirgends is not a book folder (no book.yaml)"])
    apply_amendments(book, Path("beschluss"))
    code, lines = run("build", "book", "--beschluss", "beschluss", "--format", "epub")
    assert (code, lines[-1:]) == (
        1,
        [
            "Error: no edition of the adopted text in beschluss/ausgaben – build it and freeze "
            "its edition: publish build beschluss --out dist-beschluss && publish amend freeze "
            "beschluss --out dist-beschluss"
        ],
    )
    chapter = Path("beschluss/kapitel/02-klima-und-mobilitaet.md")
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNoch ein Satz.\n", encoding="utf-8")
    code, lines = run("build", "book", "--beschluss", "beschluss", lang="de")
    assert (code, lines[-1:]) == (
        1,
        [
            "Error: beschluss/kapitel/02-klima-und-mobilitaet.md ist nicht der beschlossene Text "
            "von book – arbeiten Sie die übernommenen Anträge noch einmal ein: publish amend "
            "apply book --into beschluss"
        ],
    )
    assert load_editions(book).current is not None


def test_build_only_the_documents_asked_for(book: Path) -> None:
    fix(book)
    code, lines = run("build", "book", "--document", "synopse", "--format", "epub")
    assert (code, lines[1:]) == (0, ["wrote dist/musterstadt-synopse.epub"])
    code, lines = run("build", "book", "--document", "synopse", "--document", "konkordanz")
    assert (code, lines[-1]) == (
        1,
        "Error: cannot make konkordanz yet – the Änderungsfassung and the Synopse need an "
        "adopted amendment, the Konkordanz also the adopted text (--beschluss)",
    )


def test_build_refuses_a_draft_changed_since_its_edition(book: Path) -> None:
    fix(book)
    chapter = book / "kapitel" / "01-praeambel.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")
    code, lines = run("build", "book")
    assert (code, lines[-2:]) == (
        1,
        [
            "Error: book/kapitel/01-praeambel.md: the text has changed since edition "
            "entwurf-2025-03-15 was frozen – build the book and freeze a new edition (publish "
            "amend freeze); the amendments are then re-anchored to it",
            "1 problem in the book source; nothing was written.",
        ],
    )


def test_build_without_amendments(book: Path) -> None:
    shutil.rmtree(book / "antraege")
    code, lines = run("build", "book")
    assert (code, lines) == (
        1,
        ["Error: nothing to build: there are no amendments in book/antraege"],
    )


# --- Long tables in print -------------------------------------------------------------------


def test_a_long_table_repeats_its_header_once_read_and_breaks_a_long_row(tmp_path: Path) -> None:
    """The Synopse's and the Konkordanz's tables run over many pages: the header row is
    drawn on each page but read once (the repeats are artifacts), and a row longer than a
    page breaks inside rather than being cut off."""
    from publish.amend.documents import chapter, document_book
    from publish.read.book import load_book
    from publish.render.html import render_book_html
    from publish.write.pdf import render_pdf
    from publish.write.resources import STYLES

    draft = load_book(ANTRAEGE.resolve())
    location = SourceLocation(str(ANTRAEGE / "antraege"), 1)
    head = m.TableRow(
        tuple(m.TableCell((m.Text(h),), header=True) for h in ("Entwurf", "Beschluss"))
    )
    long_text = " ".join(f"Satz {n} eines sehr langen Absatzes." for n in range(1, 400))
    body = [
        m.TableRow((m.TableCell((m.Text(f"Zeile {n}"),)), m.TableCell((m.Text(f"Neu {n}"),))))
        for n in range(1, 60)
    ]
    body.insert(30, m.TableRow((m.TableCell((m.Text(long_text),)), m.TableCell((m.Text("x"),)))))
    table = m.Table((head,), tuple(body), location)
    book = document_book(
        draft,
        "test",
        "Lange Tabelle",
        "Test",
        "Test",
        (chapter("lang", "Lang", (table,), ANTRAEGE),),
    )
    css = [(STYLES / name).read_text(encoding="utf-8") for name in ("amend.css", "synopse.css")]
    rendered = render_pdf(
        render_book_html(book, dt.datetime(2025, 1, 1, tzinfo=dt.UTC)), book, extra_css=css
    )
    pdf = tmp_path / "lang.pdf"
    pdf.write_bytes(rendered.data)
    with pdfplumber.open(pdf) as plumber:
        body_pages = [page for page in plumber.pages if "Zeile" in (page.extract_text() or "")]
        drawn = [page.extract_text().count("Entwurf Beschluss") for page in body_pages]
        text = " ".join(page.extract_text() for page in plumber.pages)
    assert len(body_pages) >= 4 and drawn == [1] * len(body_pages)
    assert texts_of(pdf, "TH") == [("TH", "Entwurf"), ("TH", "Beschluss")]
    assert "Satz 399 eines sehr langen Absatzes." in " ".join(text.split())
    assert "Neu 59" in text
    (report,) = run_verapdf([pdf], "ua1")
    assert report.failed == () and report.error is None


def test_publish_check_takes_the_amendment_outputs(
    outputs: Outputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``publish check BOOK`` checks the amendment outputs where ``publish amend build`` made
    them (each validator as on the book's outputs, which the tests above run for real), and
    says they are out of date when an amendment changed after them; the book's own outputs
    do not depend on the amendments."""
    given: dict[str, list[str]] = {}

    def recorded(name: str) -> object:
        def run(paths: list[Path], book: object = None) -> list[object]:
            given.setdefault(name, []).extend(p.name for p in paths)
            return []

        return run

    for name in ("verapdf_results", "structure_results", "epubcheck_results", "ace_results"):
        monkeypatch.setattr(check, name, recorded(name))
    assert tuple(d.key for d in outputs.made.documents) == check.AMENDMENT_OUTPUTS
    book = outputs.out.parent / "book"
    draft = ("musterstadt.pdf", "musterstadt-print.pdf", "musterstadt.epub")
    for name in draft:  # as if the draft had been built before the amendments came in
        (outputs.out / name).write_bytes(b"")
        os.utime(outputs.out / name, (1, 1))
    try:
        results = check.check_book(book, outputs.out)
        pdfs = [f"musterstadt-{key}.pdf" for key in DOCUMENTS]
        epubs = [f"musterstadt-{key}.epub" for key in DOCUMENTS]
        assert given["verapdf_results"] == given["structure_results"] == [*draft[:2], *pdfs]
        assert given["epubcheck_results"] == given["ace_results"] == [draft[2], *epubs]
        stale = [(r.file.name, r.warnings) for r in results if r.checker == "output"]
        older = ("older than the source – run publish build",)
        assert stale == [(name, older) for name in draft]  # the draft's chapters are newer
        files = [*outputs.out.glob("*"), *book.rglob("*"), *STYLES.rglob("*")]
        built = max(p.stat().st_mtime for p in files) + 30
        for name in draft:  # now built after the chapters, before the amendment below
            os.utime(outputs.out / name, (built, built))
        os.utime(book / "antraege" / "ae01.md", (built + 30, built + 30))
        stale = [(r.file.name, r.warnings) for r in check.check_book(book, outputs.out)]
        amended = ("older than the source or the amendments – run publish amend build",)
        made = [f"musterstadt-{key}.{kind}" for key in DOCUMENTS for kind in ("pdf", "epub")]
        assert [s for s in stale if s[1]] == [(name, amended) for name in made]
    finally:
        for name in draft:
            (outputs.out / name).unlink()
