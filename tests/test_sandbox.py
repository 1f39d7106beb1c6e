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


def test_a_file_url_is_not_even_an_image(tmp_path: Path) -> None:
    """markdown-it refuses file: URLs as link targets: the text stays text, nothing is read."""
    from publish import model as m
    from publish.tree import iter_blocks

    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    chapter = book / "kapitel" / "zwei.md"
    chapter.write_text(chapter.read_text() + "\n![Ein Bild](file:///etc/passwd)\n")
    loaded = load_book(book)
    blocks = list(iter_blocks(loaded.chapters[1].blocks))
    assert [b.src.name for b in blocks if isinstance(b, m.Figure)] == ["sitze.png", "linie.png"]
    assert (
        m.Paragraph((m.Text("![Ein Bild](file:///etc/passwd)"),), blocks[-1].location) == blocks[-1]
    )
