"""`publish watch` in Debian's headless Chromium (Playwright): the preview loads, an edit
appears without reloading by hand within 2 seconds, problems appear in the page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from publish.new import new_book
from publish.validate.ace import CHROMIUM, CHROMIUM_FLAGS
from publish.watch import PreviewSession, serving, url_of


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run .ci/setup-validators"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
        )
        yield browser.new_page()
        browser.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_follows_edits_and_shows_problems(browser_page: Page, tmp_path: Path) -> None:
    book = new_book(tmp_path / "demo")
    chapter = book / "kapitel" / "02-klima.md"
    lines: list[str] = []
    session = PreviewSession(book, tmp_path / "dist", build_outputs=False, echo=lines.append)
    with serving(session, port=0) as server:
        page = browser_page
        page.goto(url_of(server))
        assert page.title() == "Titel der Vereinbarung"
        assert page.locator("h1#klima").inner_text() == "Klima und Mobilität"

        started = time.monotonic()
        edit(chapter, "# Klima und Mobilität {#klima}", "# Klima, Energie und Mobilität {#klima}")
        page.locator("h1#klima", has_text="Klima, Energie und Mobilität").wait_for(timeout=2000)
        assert time.monotonic() - started < 2.0

        edit(chapter, "## Ziele bis 2030", "#### Ziele bis 2030")
        problem = page.locator(".problems li")
        problem.first.wait_for(timeout=2000)
        assert problem.all_inner_texts() == [
            f"{chapter}:6: heading level skips from 1 to 4 – use ## here"
        ]
        # the last good text stays below the problems
        assert page.locator("h1#klima").inner_text() == "Klima, Energie und Mobilität"
        assert any("1 problem(s) in the book:" in line for line in lines)

        edit(chapter, "#### Ziele bis 2030", "## Ziele bis 2030")
        page.locator(".problems").wait_for(state="detached", timeout=2000)
        assert page.locator("h2", has_text="Ziele bis 2030").count() == 1


def test_preview_links_to_the_outputs_built_in_the_background(
    browser_page: Page, tmp_path: Path
) -> None:
    book = new_book(tmp_path / "demo")
    out = tmp_path / "dist"
    session = PreviewSession(book, out, build_outputs=True, echo=lambda _: None)
    with serving(session, port=0) as server:
        page = browser_page
        page.goto(url_of(server))
        link = page.locator(".preview-bar a", has_text="PDF")
        link.wait_for(timeout=60_000)
        assert "aktuell" in page.locator(".preview-bar").inner_text()
        response = page.request.get(url_of(server) + "dist/demo.pdf")
        assert response.ok and response.body()[:5] == b"%PDF-"
        assert page.request.get(url_of(server) + "dist/../book.yaml").status == 404
