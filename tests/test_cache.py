"""The build cache: a build with nothing changed writes nothing; an edited chapter is the
only one laid out again; the result is always the bytes a build without cache makes."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from conftest import EVERYTHING

from publish.paths import STYLES, read_by_the_build
from publish.pipeline import BuildRequest, build
from publish.write.cache import BuildCache


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def parts(cache: Path) -> set[Path]:
    return set((cache / "parts").rglob("*.pickle"))


def copy_book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    return book


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    book, cache, out = copy_book(tmp_path), tmp_path / "cache", tmp_path / "dist"
    request = BuildRequest(book, out, cache=cache)
    first = build(request)
    stamps = {p: p.stat().st_mtime_ns for p in first}
    started = time.perf_counter()
    again = build(request)
    seconds = time.perf_counter() - started
    assert sorted(again) == sorted(first)
    assert {p: p.stat().st_mtime_ns for p in again} == stamps  # not even rewritten
    assert seconds < 1.0
    (out / "testbuch.pdf").write_bytes(b"damaged")  # an output changed by hand: rebuild
    build(request)
    assert (out / "testbuch.pdf").read_bytes().startswith(b"%PDF-")


def test_an_edit_lays_out_only_its_chapter_and_gives_the_same_bytes(tmp_path: Path) -> None:
    book, cache = copy_book(tmp_path), tmp_path / "cache"
    build(BuildRequest(book, tmp_path / "dist", cache=cache))
    before = parts(cache)
    assert len(before) == 3  # two chapters and the front matter
    chapter = book / "kapitel" / "zwei.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", "utf-8")
    build(BuildRequest(book, tmp_path / "dist", cache=cache))
    # Only the edited chapter was laid out: its page count did not change, so the front
    # matter's table of contents has the same numbers and comes from the cache too.
    assert len(parts(cache) - before) == 1
    build(BuildRequest(book, tmp_path / "fresh"))  # no cache at all
    assert hashes(tmp_path / "dist") == hashes(tmp_path / "fresh")


def test_an_image_change_lays_its_chapter_out_again(tmp_path: Path) -> None:
    book, cache = copy_book(tmp_path), tmp_path / "cache"
    build(BuildRequest(book, tmp_path / "dist", cache=cache))
    before = parts(cache)
    image = book / "bilder" / "sitze.png"
    import PIL.Image

    with PIL.Image.open(image) as original:
        original.transpose(PIL.Image.Transpose.FLIP_LEFT_RIGHT).save(image)
    build(BuildRequest(book, tmp_path / "dist", cache=cache))
    assert len(parts(cache) - before) == 1


def test_a_corrupted_entry_counts_as_missing(tmp_path: Path) -> None:
    book, cache = copy_book(tmp_path), tmp_path / "cache"
    build(BuildRequest(book, tmp_path / "first", cache=cache))
    for entry in parts(cache):
        entry.write_bytes(b"\x80\x04 not a pickle")
    build(BuildRequest(book, tmp_path / "second", cache=cache))
    assert hashes(tmp_path / "first") == hashes(tmp_path / "second")
    for entry in parts(cache):
        assert entry.read_bytes()[:1] == b"\x80" and b"not a pickle" not in entry.read_bytes()


def test_amendments_and_editions_leave_the_build_up_to_date(tmp_path: Path) -> None:
    """``antraege/`` and ``ausgaben/`` are the amendment cycle's: the book's build never reads
    them, so a new amendment or a frozen edition does not make its outputs out of date; a
    chapter of the same name elsewhere does."""
    book, cache = copy_book(tmp_path), BuildCache(tmp_path / "cache")

    def fingerprint() -> str:
        return cache.build_fingerprint(book, STYLES, ("pdf",), None)

    first = fingerprint()
    (book / "antraege").mkdir()
    (book / "antraege" / "ae01.md").write_text("---\nnummer: Ä1\n---\n", encoding="utf-8")
    (book / "ausgaben").mkdir()
    (book / "ausgaben" / "entwurf-2025-03-15.json").write_text("{}", encoding="utf-8")
    assert fingerprint() == first
    (book / "kapitel" / "antraege").mkdir()  # not at the top of the book: read
    (book / "kapitel" / "antraege" / "x.md").write_text("# X\n", encoding="utf-8")
    assert fingerprint() != first
    assert [read_by_the_build(book / p, book) for p in ("antraege/a.md", "ausgaben/a.json")] == [
        False,
        False,
    ]
    assert read_by_the_build(book / "kapitel" / "antraege" / "x.md", book)
    assert read_by_the_build(STYLES / "print.css", book)
