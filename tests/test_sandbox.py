"""Nothing let in: resources come only from the book folder and styles/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EVERYTHING

from publish.errors import BookError
from publish.read.book import load_book
from publish.write.resources import STYLES, ResourceRefused, SandboxedFetcher


@pytest.mark.parametrize(
    "src",
    [
        "/etc/passwd",
        "../../etc/passwd",
        "https://example.org/bild.png",
        "ftp://example.org/bild.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_images_from_outside_the_book_are_refused(tmp_path: Path, src: str) -> None:
    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    chapter = book / "kapitel" / "zwei.md"
    chapter.write_text(chapter.read_text() + f"\n![Ein Bild]({src})\n", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        load_book(book)
    messages = [d.message for d in caught.value.diagnostics]
    assert messages == [f"image {src} is outside the book"]


def test_a_symlink_that_leaves_the_book_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    (book / "bilder" / "geheim.png").symlink_to("/etc/passwd")
    chapter = book / "kapitel" / "zwei.md"
    chapter.write_text(chapter.read_text() + "\n![Ein Bild](bilder/geheim.png)\n")
    with pytest.raises(BookError) as caught:
        load_book(book)
    assert [d.message for d in caught.value.diagnostics] == [
        "image bilder/geheim.png is outside the book"
    ]


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "https://example.org/x.css", "http://localhost/x", "data:,x"],
)
def test_the_layout_engine_fetches_nothing_outside(url: str) -> None:
    fetcher = SandboxedFetcher([EVERYTHING, STYLES])
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


def test_the_layout_engine_fetches_book_files() -> None:
    fetcher = SandboxedFetcher([EVERYTHING, STYLES])
    response = fetcher.fetch((EVERYTHING / "bilder" / "sitze.png").as_uri())
    assert response.read().startswith(b"\x89PNG")


def test_a_file_url_image_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any URL scheme (file:, javascript:, data: …) as an image source is outside the book."""
    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    chapter = book / "kapitel" / "zwei.md"
    text = chapter.read_text()
    chapter.write_text(text + "\n![Ein Bild](file:///etc/passwd)\n")
    monkeypatch.chdir(book)
    with pytest.raises(BookError) as caught:
        load_book(book)
    line = text.count("\n") + 2
    assert [str(d) for d in caught.value.diagnostics] == [
        f"kapitel/zwei.md:{line}: image file:///etc/passwd is outside the book "
        "– copy it into the book folder"
    ]


HOSTILE = "{{ 7007+7007 }} {% for x in range(3) %}X{% endfor %} {# Kommentar #} ${7007+7007}"


def test_content_never_reaches_jinja_as_template_code(tmp_path: Path) -> None:
    """Template syntax and markup in the source come out as the text written, escaped."""
    import datetime as dt
    import html

    from publish.render.html import (
        render_book_html,
        render_chapter_xhtml,
        render_nav_xhtml,
        render_titlepage_xhtml,
    )
    from publish.typography import typeset

    book_dir = tmp_path / "book"
    shutil.copytree(EVERYTHING, book_dir)
    config = book_dir / "book.yaml"
    yaml_text = config.read_text(encoding="utf-8")
    title = next(line for line in yaml_text.splitlines() if line.startswith("  title:"))
    config.write_text(
        yaml_text.replace(title, "  title: '{{ config }} <script>alert(1)</script> & co'"),
        encoding="utf-8",
    )
    chapter = book_dir / "kapitel" / "zwei.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + f"\n## Gefahr {HOSTILE}\n\n{HOSTILE} und 1 &lt; 2 &amp; \\<b\\>\n",
        encoding="utf-8",
    )
    book = typeset(load_book(book_dir))
    outputs = [
        render_book_html(book, dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        render_chapter_xhtml(book, book.chapters[1], "s.css"),
        render_nav_xhtml(book, "s.css"),
        render_titlepage_xhtml(book, "s.css"),
    ]
    for output in outputs:
        assert "14014" not in output  # nothing evaluated
        assert "<script>" not in output and "<b>" not in output
    text = html.unescape(outputs[0])
    assert "XXX" not in text and "{{ 7007+7007 }}" in text and "${7007+7007}" in text
    assert "{% for x in range(3) %}X{% endfor %}" in text
    assert "{{ config }}" in text and "<script>alert(1)</script>" in text
    # CommonMark reads entities as the characters they name; those are escaped again
    assert "1 &lt; 2 &amp; &lt;b&gt;" in outputs[0] and "1 < 2 & <b>" in text
    assert "{{ config }}" in html.unescape(outputs[3])
    assert "Gefahr {{" in html.unescape(outputs[2])
