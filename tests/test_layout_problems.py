"""A problem that only the layout finds names its chapter file, and its line where the
model knows it (publish.write.problems): an image that failed → the figure; a character
the fonts lack → the first block that has it; anything else → the chapter file
(``book.yaml`` for the front matter). The build ends with exit code 2 and writes nothing.

The reader refuses most of these before the layout (images, SVGs, characters), so the
tests make WeasyPrint report them while it lays out one part: the warnings are WeasyPrint's
own words, which ``test_weasyprint_reports_problems_as_we_read_them`` checks on a real
layout.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from click.testing import CliRunner
from conftest import EVERYTHING

from publish.cli import main
from publish.write import partlayout
from publish.write.problems import FAILED_IMAGE, NOTDEF

EPOCH = "1604966400"
HINT_FONT = "replace the character with one the fonts have, or remove it"
HINT_BUG = "this is probably a bug in publish: please send us this file and the message"
CLOSING = "the PDF could not be made cleanly; nothing was written."


def _notdef(character: str) -> str:
    return (
        ".notdef glyph rendered for Unicode string unsupported by fonts: "
        f'"{character}" (U+{ord(character):04X})'
    )


def test_weasyprint_reports_problems_as_we_read_them(tmp_path: Path) -> None:
    """WeasyPrint 70's words for a character no font has and an image it cannot load
    (weasyprint/draw/text.py, weasyprint/images.py): publish.write.problems reads them."""
    from publish.write.pdf import weasyprint_installed

    html = f'<p>A \u0378 B</p><img src="{(tmp_path / "fehlt.png").as_uri()}" alt="x">'
    with weasyprint_installed() as problems:
        weasyprint.HTML(string=html).write_pdf()
    notdef = [p for p in problems if NOTDEF.match(p)]
    assert notdef and NOTDEF.match(notdef[0]).group(1) == "0378"  # type: ignore[union-attr]
    failed = [p for p in problems if FAILED_IMAGE.search(p)]
    assert FAILED_IMAGE.search(failed[0]).group(1) == (tmp_path / "fehlt.png").as_uri()  # type: ignore[union-attr]


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test book with its outputs in dist/ (the current folder is the book's
    parent, so messages name ``book/…``)."""
    folder = tmp_path / "book"
    shutil.copytree(EVERYTHING, folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = CliRunner().invoke(main, ["build", "book", "--format", "pdf", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder


def _warn_while_laying_out(
    monkeypatch: pytest.MonkeyPatch, marker: str, warnings: Callable[[], list[str]]
) -> None:
    """WeasyPrint warns ``warnings()`` while it lays out the part whose HTML has ``marker``
    (in this process, and in forked layout workers, which inherit the patch)."""
    current: list[str] = [""]
    lay_out, take_numbers = partlayout._lay_out, partlayout._take_page_numbers

    def remember(settings: Any, html: str, pages: int | None = None) -> Any:
        current[0] = html
        return lay_out(settings, html, pages)

    def warn(document: Any) -> Any:
        if marker in current[0]:
            for message in warnings():
                weasyprint.LOGGER.warning("%s", message)
        return take_numbers(document)

    monkeypatch.setattr(partlayout, "_lay_out", remember)
    monkeypatch.setattr(partlayout, "_take_page_numbers", warn)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_layout_problem_names_the_chapter_and_line(
    book: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    image = (book / "bilder" / "sitze.png").resolve().as_uri()
    _warn_while_laying_out(
        monkeypatch,
        "Zweites Kapitel",
        lambda: [
            _notdef("ü"),  # „Zurück“, line 11 (and nowhere before in the chapter)
            _notdef("ü"),  # WeasyPrint says it once for every glyph: one message
            _notdef("ß"),  # „Fußnote“: the footnote's text, line 13
            _notdef("\u0378"),  # nowhere in the model (typography's own characters)
            f"Failed to load image at '{image}': decoding failed",
            "Ignored `hyphens: auto` at 3:1, invalid value.",
        ],
    )
    before = _hashes(book.parent / "dist")
    result = CliRunner().invoke(main, ["build", "book", "--format", "pdf", "--jobs", jobs])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        f"Error: book/kapitel/zwei.md:11: the fonts have no glyph for U+00FC LATIN SMALL LETTER "
        f"U WITH DIAERESIS – {HINT_FONT}",
        f"book/kapitel/zwei.md:13: the fonts have no glyph for U+00DF LATIN SMALL LETTER SHARP S "
        f"– {HINT_FONT}",
        f"book/kapitel/zwei.md: the fonts have no glyph for U+0378 – {HINT_FONT}",
        "book/kapitel/zwei.md:5: image bilder/sitze.png could not be drawn in the PDF (Failed to "
        f"load image at '{image}': decoding failed) – open it in a browser to check it, or save "
        "it again as PNG or JPEG",
        "book/kapitel/zwei.md: the PDF could not be made cleanly: Ignored `hyphens: auto` at "
        f"3:1, invalid value. – {HINT_BUG}",
        CLOSING,
    ]
    assert _hashes(book.parent / "dist") == before


def test_a_layout_problem_of_the_front_matter_names_book_yaml(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The front matter (cover, imprint, contents) comes from book.yaml and the headings."""
    _warn_while_laying_out(
        monkeypatch,
        'class="cover"',
        lambda: [_notdef("Z"), "Anchor defined twice: toc"],
    )
    result = CliRunner().invoke(main, ["build", "book", "--format", "pdf", "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        # „Z“: the first heading with it (the contents), not „Zitat“ in eins.md
        f"Error: book/kapitel/zwei.md:1: the fonts have no glyph for U+005A LATIN CAPITAL "
        f"LETTER Z – {HINT_FONT}",
        "book/book.yaml: the PDF could not be made cleanly: Anchor defined twice: toc "
        f"– {HINT_BUG}",
        CLOSING,
    ]


def test_a_layout_problem_in_one_pass_names_its_source(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book laid out in one pass (publish.write.pdf.render_pdf): every chapter is
    searched, book.yaml is named where none has the problem."""
    from publish.errors import OutputError
    from publish.read.book import load_book
    from publish.render.html import render_book_html
    from publish.typography import typeset
    from publish.write import pdf

    read_layout = pdf.read_layout

    def warn(document: Any) -> Any:
        weasyprint.LOGGER.warning("%s", _notdef("ü"))
        weasyprint.LOGGER.warning("%s", "Ignored `x` at 1:1.")
        return read_layout(document)

    monkeypatch.setattr(pdf, "read_layout", warn)
    typeset_book = typeset(load_book(book))
    html = render_book_html(typeset_book, __import__("datetime").datetime(2020, 1, 1))
    with pytest.raises(OutputError) as caught:
        pdf.render_pdf(html, typeset_book)
    assert caught.value.exit_code == 2
    assert caught.value.message.splitlines() == [
        "book/kapitel/zwei.md:11: the fonts have no glyph for U+00FC LATIN SMALL LETTER U WITH "
        f"DIAERESIS – {HINT_FONT}",
        f"book/book.yaml: the PDF could not be made cleanly: Ignored `x` at 1:1. – {HINT_BUG}",
        CLOSING,
    ]
