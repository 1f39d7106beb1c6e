"""Parallel layout by chapter (publish.write.parallel, publish.write.merge): the merged PDF
is the single-pass PDF, page for page, word for word, element for element."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from conftest import BOOK, EVERYTHING

from publish import model as m
from publish import pipeline
from publish.errors import OutputError
from publish.layout import LayoutMap
from publish.pipeline import print_documents
from publish.read.book import load_book
from publish.render.html import render_book_html
from publish.render.print import footnotes_before, render_chapter_html, render_front_html
from publish.tree import plain_text
from publish.typography import hyphenate, hyphenator_for, typeset
from publish.validate import run_verapdf
from publish.validate.structure import check_structure, tagged_words, walk
from publish.write import parallel
from publish.write.merge import PartResult
from publish.write.parallel import (
    ParallelLayout,
    PrintDocuments,
    Settings,
    largest_first,
    lay_out_chapter,
    lay_out_front,
    render_pdf_parallel,
)
from publish.write.pdf import render_pdf
from publish.write.resources import STYLES


@dataclass(frozen=True)
class BothWays:
    """A book built in one pass and in parallel (two workers, and in-process)."""

    book: m.Book
    single: Path
    parallel: Path
    in_process: Path
    single_layout: LayoutMap
    parallel_layout: LayoutMap


def _build_both_ways(source: Path, out: Path) -> BothWays:
    book = typeset(load_book(source.resolve()))
    stamp = dt.datetime.combine(book.metadata.date, dt.time(), tzinfo=dt.UTC)
    html = render_book_html(hyphenate(book, hyphenator_for(book.root)), stamp)
    single = render_pdf(html, book)  # the whole book's document, in one pass
    parallel = render_pdf_parallel(print_documents(book, stamp), book, jobs=2)
    in_process = render_pdf_parallel(print_documents(book, stamp), book, jobs=1)
    paths = [out / f"{name}.pdf" for name in ("single", "parallel", "in-process")]
    for path, rendered in zip(paths, (single, parallel, in_process), strict=True):
        path.write_bytes(rendered.data)
    return BothWays(book, *paths, single.layout, parallel.layout)


def _with_middle_chapter(folder: Path) -> Path:
    """The test book with a one-page chapter before the second, which so begins on a
    left-hand page (6): its figure and links change sides in the merge."""
    import shutil

    source = folder / "book"
    shutil.copytree(EVERYTHING, source)
    (source / "kapitel" / "mitte.md").write_text(
        "# Mitte {#mitte}\n\nEin kurzes Kapitel, damit das nächste links beginnt.\n",
        encoding="utf-8",
    )
    config = source / "book.yaml"
    config.write_text(
        config.read_text().replace(
            "  - kapitel/zwei.md", "  - kapitel/mitte.md\n  - kapitel/zwei.md"
        )
    )
    return source


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BothWays]:
    mirrored = _with_middle_chapter(tmp_path_factory.mktemp("mirrored-source"))
    return {
        name: _build_both_ways(source, tmp_path_factory.mktemp(name))
        for name, source in (("everything", EVERYTHING), ("real", BOOK), ("mirrored", mirrored))
    }


@pytest.fixture(params=["everything", "real", "mirrored"])
def built(request: pytest.FixtureRequest, both: dict[str, BothWays]) -> BothWays:
    return both[request.param]


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _glyphs(path: Path) -> list[list[tuple[str, float, float]]]:
    """Every character of every page with its position (points, to 0.1)."""
    with pdfplumber.open(path) as pdf:
        return [
            sorted((c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in page.chars)
            for page in pdf.pages
        ]


def test_same_pages_and_text_on_every_page(built: BothWays) -> None:
    single, parallel = _page_texts(built.single), _page_texts(built.parallel)
    assert len(parallel) == len(single)
    for number, (expected, got) in enumerate(zip(single, parallel, strict=True), start=1):
        assert got == expected, f"page {number}"


def test_every_glyph_where_one_pass_puts_it(built: BothWays) -> None:
    """Also on the pages of a chapter that begins on a left-hand page (the test book's
    first chapter, page 4): laid out from a right-hand page, it changed sides."""
    assert _glyphs(built.parallel) == _glyphs(built.single)
    assert built.parallel_layout.pages[3].text_left < built.parallel_layout.pages[2].text_left


def test_links_and_figures_where_one_pass_puts_them(built: BothWays) -> None:
    def boxes(path: Path) -> tuple[list[list[float]], list[list[float]]]:
        with pikepdf.open(path) as pdf:
            links = [
                [round(float(v), 2) for v in annotation.Rect]
                for page in pdf.pages
                for annotation in page.get("/Annots", ())
            ]
            figures = [
                [round(float(v), 2) for v in e.obj.A.BBox] for e in walk(pdf) if e.type == "Figure"
            ]
        return links, figures

    assert boxes(built.parallel) == boxes(built.single)


def test_a_chapter_on_a_left_hand_page_changes_sides(both: dict[str, BothWays]) -> None:
    layout = both["mirrored"].parallel_layout
    second = next(p for p in layout.pages if (p.block or "").startswith("kapitel/zwei.md"))
    assert second.number == 6 and second.text_left < layout.pages[4].text_left


def test_same_layout_map(built: BothWays) -> None:
    assert built.parallel_layout == built.single_layout


def test_same_structure_tree_and_reading_order(built: BothWays) -> None:
    def elements(path: Path) -> list[tuple[str, int, str | None, str | None]]:
        with pikepdf.open(path) as pdf:
            return [(e.type, e.depth, e.alt, e.lang) for e in walk(pdf)]

    assert elements(built.parallel) == elements(built.single)
    assert tagged_words(built.parallel) == tagged_words(built.single)
    assert check_structure(built.parallel) == []


def test_footnotes_numbered_through_the_book(both: dict[str, BothWays]) -> None:
    built = both["everything"]
    with pikepdf.open(built.parallel) as pdf:
        names = pdf.Root.StructTreeRoot.IDTree.Names
        ids = [str(names[i]) for i in range(0, len(names), 2)]
    assert ids == [note.note_id for note in built.book.footnotes] == ["fn-1", "fn-2"]
    # the second footnote is in the second chapter, laid out alone: still „2“
    assert footnotes_before(built.book) == [0, 1]
    assert re.search(r"^2 ", _page_texts(built.parallel)[4], re.MULTILINE)


def _targets(path: Path) -> tuple[dict[str, int], list[tuple[str, int]], list[tuple[int, str]]]:
    """Named destination → page, outline (title, page), link annotations (page, target)."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
        names = pdf.Root.Names.Dests.Names
        dests = {str(names[i]): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)}
        outline: list[tuple[str, int]] = []

        def walk_outline(item: pikepdf.Object | None) -> None:
            while item is not None:
                outline.append((str(item.Title), pages[item.Dest[0].objgen]))
                walk_outline(item.get("/First"))
                item = item.get("/Next")

        walk_outline(pdf.Root.Outlines.First)
        links = [
            (n, str(a.get("/Dest", a.get("/A", {}).get("/URI", ""))))
            for n, page in enumerate(pdf.pages)
            for a in page.get("/Annots", ())
        ]
        assert int(pdf.Root.Outlines.Count) == len(outline)
    return dests, outline, links


def test_destinations_outline_and_links_lead_to_the_same_pages(built: BothWays) -> None:
    dests, outline, links = _targets(built.parallel)
    assert (dests, outline, links) == _targets(built.single)
    assert all(target in dests for _, target in links if not target.startswith(("http", "mailto")))


def test_annotations_and_pages_keyed_in_the_parent_tree(built: BothWays) -> None:
    with pikepdf.open(built.parallel) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        assert [int(page.StructParents) for page in pdf.pages] == list(range(len(pdf.pages)))
        owners = dict(zip(keys, [nums[i + 1] for i in range(0, len(nums), 2)], strict=True))
        for page in pdf.pages:
            for annotation in page.get("/Annots", ()):
                link = owners[int(annotation.StructParent)]
                assert str(link.S) == "/Link"
                assert any(k.get("/Obj") == annotation for k in link.K if "/Obj" in k)


def _page_numbers(path: Path) -> dict[int, tuple[str, str | None]]:
    """Page → the digits at the foot of the page and their marked-content tag."""
    found = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            foot = [c for c in page.chars if c["top"] > page.height - 60]
            if foot:
                found[number] = ("".join(c["text"] for c in foot), foot[0]["tag"])
    return found


def test_page_numbers_are_artifacts_counted_from_the_cover(built: BothWays) -> None:
    numbers = _page_numbers(built.parallel)
    assert numbers == _page_numbers(built.single)
    front = sum(1 for p in built.parallel_layout.pages if (p.block or "").startswith("front:"))
    assert numbers == {n: (str(n), "Artifact") for n in range(front + 1, len(numbers) + front + 1)}


def test_toc_page_numbers_are_the_chapters_pages(both: dict[str, BothWays]) -> None:
    """The table of contents, laid out after the chapters, gives each chapter's page."""
    built = both["everything"]
    toc = _page_texts(built.parallel)[2]
    dests, _, _ = _targets(built.parallel)
    for chapter in built.book.chapters:
        # its words; pdfplumber sets a subscript („H₂O“) on a line of its own
        words = re.findall(r"[^\W\d_]+", plain_text(chapter.title.children))
        title = r"[\W\d]*".join(words)
        (page,) = re.findall(rf"^{title}[ .]*(\d+)$", toc, re.MULTILINE)
        assert int(page) == dests[chapter.title.id] + 1


def test_parallel_pdf_is_the_same_with_any_number_of_workers(built: BothWays) -> None:
    assert built.parallel.read_bytes() == built.in_process.read_bytes()


def test_merged_pdfs_pass_verapdf(both: dict[str, BothWays]) -> None:
    reports = run_verapdf([b.parallel for b in both.values()], "ua1")
    for report in reports:
        assert report.error is None, report.error
        assert [f.rule for f in report.failed] == [], report.failed
        assert report.compliant


def test_pdf_ua2_merges_too(tmp_path: Path) -> None:
    import shutil

    source = tmp_path / "book"
    shutil.copytree(EVERYTHING, source)
    config = source / "book.yaml"
    config.write_text(config.read_text().replace("name: testbuch", "name: testbuch\n  pdf_ua: 2"))
    built = _build_both_ways(source, tmp_path)
    assert built.parallel.read_bytes().startswith(b"%PDF-2.0")
    (report,) = run_verapdf([built.parallel], "ua2")
    assert report.error is None and report.failed == () and report.compliant
    assert check_structure(built.parallel) == []
    with pikepdf.open(built.parallel) as pdf:
        refs = [str(e.obj.Ref[0].S) for e in walk(pdf) if e.type == "TOCI"]
    with pikepdf.open(built.single) as pdf:
        assert refs == [str(e.obj.Ref[0].S) for e in walk(pdf) if e.type == "TOCI"]
    assert set(refs) <= {"/H1", "/H2"}


def test_the_corpus_both_ways(
    tmp_path_factory: pytest.TempPathFactory, corpus_source: Path
) -> None:
    """The 170-page agreement: the same pages, text and structure either way."""
    from publish.importer import import_markdown

    source = tmp_path_factory.mktemp("kv") / "book"
    import_markdown(corpus_source, source)
    built = _build_both_ways(source, source.parent)
    assert len(built.parallel_layout.pages) > 150
    assert built.parallel_layout == built.single_layout
    assert _page_texts(built.parallel) == _page_texts(built.single)
    assert tagged_words(built.parallel) == tagged_words(built.single)


# --- the pieces ------------------------------------------------------------------------------


def test_a_chapters_document_and_the_front_matters(both: dict[str, BothWays]) -> None:
    book = both["everything"].book
    stamp = dt.datetime(2020, 10, 29, tzinfo=dt.UTC)
    document = render_chapter_html(book, book.chapters[1], stamp, 1)
    assert document.count('<section class="chapter"') == 1 and document.count("<main>") == 1
    assert '<section class="chapter" style="counter-reset: footnote 1" id="chapter-' in document
    assert '<nav class="toc"' not in document and document.endswith("</html>\n")
    front = render_front_html(book, stamp)
    assert '<nav class="toc"' in front and "<main>" not in front and "data-page" not in front
    pages = {h.id: 4 + i for i, c in enumerate(book.chapters) for h in c.headings}
    numbered = render_front_html(book, stamp, pages)
    chapter = book.chapters[0].title.id
    assert f'<a href="#{chapter}" data-page="4">' in numbered
    assert numbered.count("data-page=") == numbered.count("<li") > 2
    del pages[chapter]
    with pytest.raises(OutputError, match=f"links to #{chapter}, which no chapter has"):
        render_front_html(book, stamp, pages)


def _cut(html: str) -> tuple[str, str, list[str], str]:
    """The whole book's HTML in its parts: up to ``<body>``, the front matter, each
    chapter's section, the end."""
    before, _, rest = html.partition("\n<main>")
    inside, _, tail = rest.partition("\n</main>")
    head_end = before.index(">", before.index("<body")) + 1
    sections = inside.split('\n<section class="chapter"')
    return before[:head_end], before[head_end:], sections[1:], tail


@pytest.mark.parametrize("source", [BOOK, EVERYTHING], ids=["real", "everything"])
def test_the_builds_documents_are_the_parts_of_the_books_html(source: Path) -> None:
    """The build makes each chapter's document on its own, while the chapters before it are
    laid out: each must read as that chapter in the whole book's HTML (the single pass),
    its footnote counter set on; the front matter as the whole book's."""
    book = typeset(load_book(source.resolve()))
    stamp = dt.datetime(2020, 10, 29, tzinfo=dt.UTC)
    head, front, sections, tail = _cut(
        render_book_html(hyphenate(book, hyphenator_for(book.root)), stamp)
    )
    assert len(sections) == len(book.chapters) > 1
    counts = footnotes_before(book)
    documents = print_documents(book, stamp)
    made = list(documents.chapters)
    assert [index for index, _ in made] == largest_first(book)
    for index, document in made:
        reset = f' style="counter-reset: footnote {counts[index]}"'
        section = f'\n<section class="chapter"{reset}{sections[index]}'
        assert document == f"{head}\n<main>{section}\n</main>{tail}"
    numbered = re.sub(r'(<a href="#[^"]+")>', r'\1 data-page="1">', f"{head}{front}{tail}")
    assert documents.front({h.id: 1 for c in book.chapters for h in c.headings}) == numbered
    assert numbered.count('data-page="1"') == numbered.count("<li") > 2


def test_chapters_are_laid_out_while_the_next_ones_are_made(
    both: dict[str, BothWays], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = both["everything"].book
    events: list[str] = []
    real = print_documents(book, dt.datetime(2020, 10, 29, tzinfo=dt.UTC))

    def chapters() -> Iterator[tuple[int, str]]:
        for index, document in real.chapters:
            events.append(f"made {index}")
            yield index, document

    def lay_out(settings: Settings, html: str) -> PartResult:
        events.append("laid out")
        return lay_out_chapter(settings, html)

    monkeypatch.setattr(parallel, "lay_out_chapter", lay_out)
    with ParallelLayout(PrintDocuments(real.front, chapters()), book, jobs=1) as layout:
        layout.parts()
    first, second = largest_first(book)
    assert events == [f"made {first}", "laid out", f"made {second}", "laid out"]


def test_a_wrong_guess_of_the_front_matter_length_is_corrected(
    both: dict[str, BothWays], monkeypatch: pytest.MonkeyPatch
) -> None:
    built = both["everything"]
    book = built.book
    stamp = dt.datetime(2020, 10, 29, tzinfo=dt.UTC)
    documents = print_documents(book, stamp)
    settings = Settings(book.root, STYLES, "A4", 1, book.metadata.identifier)
    body = {h.id: 1 + i for i, c in enumerate(book.chapters) for h in c.headings}
    numbered = documents.front({k: v + 3 for k, v in body.items()})
    assert lay_out_front(settings, numbered, 3).pages == 3
    assert lay_out_front(settings, numbered, 2).pdf == b""  # not written: not 2 pages
    made: list[int] = []
    front = documents.front

    def counted(pages: dict[str, int]) -> str:
        made.append(pages[book.chapters[0].title.id])
        return front(pages)

    for guess in (1, 3, 7):
        made.clear()
        monkeypatch.setattr(parallel, "_guess", lambda html, guess=guess: guess)
        documents = PrintDocuments(counted, print_documents(book, stamp).chapters)
        with ParallelLayout(documents, book, jobs=1) as layout:
            parts = layout.parts()
        assert parts.front.pages == 3
        # numbered from the first chapter page (the cache key), then for each guess
        assert made == [1, 1 + guess] + ([] if guess == 3 else [4])


def test_the_front_matter_laid_out_early_gives_the_books_layout_map(
    both: dict[str, BothWays],
) -> None:
    """With several processes, the front matter is laid out before the chapters (its
    table of contents numbered for a guess): the layout map it leads to is the book's, and
    its length the first guess of the real front matter's."""
    for built in both.values():
        book = built.book
        stamp = dt.datetime(2020, 10, 29, tzinfo=dt.UTC)
        with ParallelLayout(print_documents(book, stamp), book, jobs=2) as layout:
            front = layout.front(layout.chapters())
            parts = front.parts()
        assert front.expected is not None
        assert front.expected == parts.layout() == built.parallel_layout
        assert front.guess == parts.front.pages


ORIGINAL_PROBE = parallel.probe_front


def _probe_one_page_too_long(settings: Settings, html: str) -> Any:
    """The early layout as if the front matter were a page longer (in a worker)."""
    early = ORIGINAL_PROBE(settings, html)
    return replace(early, pages=(*early.pages, early.pages[-1]))


def test_when_the_front_matter_comes_out_otherwise_epub_and_web_are_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The EPUB and the web edition begun from the expected map are made again from the
    real one, and every output is that of a build in one process (which lays out no front
    matter early)."""
    started: list[LayoutMap] = []
    start = pipeline._Readers.start

    def spied(readers: Any, layout: LayoutMap) -> None:
        started.append(layout)
        start(readers, layout)

    monkeypatch.setattr(parallel, "probe_front", _probe_one_page_too_long)
    monkeypatch.setattr(pipeline._Readers, "start", spied)
    stamp = dt.datetime(2020, 10, 29, tzinfo=dt.UTC)
    outputs = {}
    for jobs in (2, 1):
        request = pipeline.BuildRequest(EVERYTHING, tmp_path / f"j{jobs}", jobs=jobs)
        outputs[jobs] = pipeline.build(replace(request, source_date=stamp))
    expected, real = started[0], started[1]
    assert len(started) == 3  # twice with two processes, once with one
    assert len(expected.pages) == len(real.pages) + 1
    assert started[2] == real
    for two, one in zip(outputs[2], outputs[1], strict=True):
        assert two.relative_to(tmp_path / "j2") == one.relative_to(tmp_path / "j1")
        assert two.read_bytes() == one.read_bytes(), two.name


#: A build in a process of its own, which prints the WeasyPrint modules it imported.
BUILD_AND_LIST_WEASYPRINT = """
import sys
from pathlib import Path
from publish.pipeline import BuildRequest, build
written = build(BuildRequest(Path(sys.argv[1]), Path(sys.argv[2]), jobs=2))
print(len(written), sorted(name for name in sys.modules if name.split(".")[0] == "weasyprint"))
"""


def test_the_builds_process_never_imports_weasyprint(tmp_path: Path) -> None:
    """WeasyPrint is the layout processes' (publish.write.partlayout): they import it when
    they start, while the build's process reads the source. A module on the build's side
    that imports WeasyPrint (0.4 s) would put that time back before the first chapter."""
    out = tmp_path / "dist"
    command = [sys.executable, "-c", BUILD_AND_LIST_WEASYPRINT, str(EVERYTHING), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    written, modules = done.stdout.split(" ", 1)
    assert modules.strip() == "[]"
    assert int(written) >= 5 and any(out.glob("*.pdf")) and any(out.glob("*.epub"))
