"""Every quality bar on the real 2018 coalition agreement (imported, about 170 pages)."""

from __future__ import annotations

import random

import pdfplumber
from conftest import CorpusBook
from test_epub import _page_list, _text_after
from test_linenumbers import _numbers_by_page, assert_numbers_on_baselines
from test_tagging import _reading_words

from publish.layout import LayoutMap
from publish.read.book import load_book
from publish.validate import run_ace, run_epubcheck, run_verapdf
from publish.validate.structure import check_structure, tagged_words


def _layout(corpus: CorpusBook) -> LayoutMap:
    return LayoutMap.from_json(corpus.pdf.with_suffix(".layout.json").read_text())


def test_corpus_pdfs_pass_verapdf_ua1(corpus: CorpusBook) -> None:
    print_file = corpus.pdf.with_name(corpus.pdf.stem + "-print.pdf")
    for report in run_verapdf([corpus.pdf, print_file], "ua1"):
        assert report.error is None and report.failed == () and report.compliant, report


def test_corpus_structure_and_tagged_text(corpus: CorpusBook) -> None:
    assert check_structure(corpus.pdf) == []
    book = load_book(corpus.pdf.parent.parent / "book")
    assert tagged_words(corpus.pdf) == _reading_words(book)


def test_corpus_epub_passes_epubcheck_and_ace(corpus: CorpusBook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = run_epubcheck(corpus.epub)
    assert (report.fatals, report.errors, report.warnings, report.usages) == (0, 0, 0, 0)
    ace = run_ace(corpus.epub, tmp_path / "ace")
    assert ace.violations == () and ace.outcome == "pass"


def test_corpus_page_list_is_complete_and_right(corpus: CorpusBook) -> None:
    layout = _layout(corpus)
    entries = _page_list(corpus.epub)
    assert [label for label, _ in entries] == [str(p.number) for p in layout.pages]
    hrefs = dict(entries)
    body_pages = [p for p in layout.pages if p.first_line is not None]
    with pdfplumber.open(corpus.pdf) as pdf:
        for page in random.Random(2018).sample(body_pages, 12):
            line = layout.lines[page.first_line - 1]  # type: ignore[operator]
            words = " ".join(line.text.split()[1:4])
            assert words in _text_after(corpus.epub, hrefs[str(page.number)], 400)
            top = " ".join((pdf.pages[page.number - 1].extract_text() or "").split())
            assert words in top


def test_corpus_line_numbers_are_consecutive(corpus: CorpusBook) -> None:
    layout = _layout(corpus)
    numbers = [
        n for _, entries in sorted(_numbers_by_page(corpus.pdf).items()) for n, _, _ in entries
    ]
    assert numbers == list(range(5, len(layout.lines) + 1, 5))
    assert len(layout.lines) > 5000


def test_corpus_line_numbers_sit_on_text_baselines(corpus: CorpusBook) -> None:
    """On every page of the 170-page agreement, each number is on a text line's baseline."""
    assert_numbers_on_baselines(corpus.pdf)
