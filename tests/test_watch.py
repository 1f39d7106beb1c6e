"""`publish watch` in Debian's headless Chromium (Playwright): the preview loads, an edit
appears without reloading by hand within 2 seconds, problems appear in the page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ctrl_c_as_at_a_terminal
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


def test_watch_command_serves_until_ctrl_c(tmp_path: Path) -> None:
    """`publish watch BOOK --port 0 --no-build --out DIR`: serves the preview, builds nothing,
    and stops cleanly on Ctrl+C (SIGINT)."""
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    book = new_book(tmp_path / "demo")
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "publish", "watch", str(book), "--port", "0", "--no-build"]
    process = subprocess.Popen(
        [*command, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=ctrl_c_as_at_a_terminal,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline(), process.stdout.readline()]
        match = re.search(r"preview on (http://127\.0\.0\.1:\d+/) \(Ctrl\+C stops\)", lines[1])
        assert match, lines
        with urllib.request.urlopen(match.group(1), timeout=5) as response:
            page = response.read().decode("utf-8")
        assert "<title>Titel der Vereinbarung</title>" in page
        assert "PDF und EPUB: nicht gebaut (--no-build)" in page
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == "stopped"
    assert "Traceback" not in stderr
    assert not out.exists()  # --no-build: no outputs


def test_watch_refuses_a_folder_without_book_yaml(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from publish.cli import main

    result = CliRunner().invoke(main, ["watch", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path} is not a book folder (no book.yaml)\n"


def test_watch_open_starts_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import publish.cli
    from publish.cli import main

    book = new_book(tmp_path / "demo")
    opened: list[str] = []

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publish.cli.webbrowser, "open", opened.append)
    monkeypatch.setattr(publish.cli.time, "sleep", interrupt)
    result = CliRunner().invoke(main, ["watch", str(book), "--port", "0", "--no-build", "--open"])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    assert result.output.splitlines()[-1] == "stopped"


def test_preview_shows_the_warnings_of_book_yaml(tmp_path: Path) -> None:
    """Placeholders left by the importer: the preview shows the text and, above it, the
    warnings; the terminal says them once, and again when they change."""
    book = new_book(tmp_path / "demo")
    config = book / "book.yaml"
    edit(config, "  name: demo", "  name: demo  # guessed – please check")
    lines: list[str] = []
    session = PreviewSession(book, tmp_path / "dist", build_outputs=False, echo=lines.append)
    session.render()
    session.render()
    rows = config.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(rows, 1) if row.startswith("  name: demo"))
    warning = (
        f"{config}:{line}:9: output.name is a guess of the importer – check it, then delete the "
        "comment „# guessed – please check“"
    )
    assert [line for line in lines if "warning" in line] == [lines[0], f"  {warning}"]
    assert lines[0].endswith("1 warning(s) in the book:")
    page = session.state.files["index.html"].decode("utf-8")
    assert '<h1 id="warnings-title">1 Warnung: noch zu prüfen</h1>' in page
    assert f"<li>{warning}</li>" in page and 'id="klima"' in page
    edit(config, "  name: demo  # guessed – please check", "  name: demo")
    session.render()
    assert "warnings-title" not in session.state.files["index.html"].decode("utf-8")


def test_amendments_and_editions_do_not_render_the_preview_again(tmp_path: Path) -> None:
    """The watcher leaves out ``antraege/`` and ``ausgaben/`` (the book's build never reads
    them); a chapter's change still renders the preview."""
    book = new_book(tmp_path / "demo")
    session = PreviewSession(book, tmp_path / "dist", build_outputs=False, echo=lambda _: None)
    renders: list[float] = []
    session.render = lambda: renders.append(time.monotonic())  # type: ignore[method-assign]
    watcher = threading.Thread(target=session.watch_loop, daemon=True)
    watcher.start()
    try:
        time.sleep(1.0)  # the watcher is watching
        for folder, name in (("antraege", "ae01.md"), ("ausgaben", "entwurf-2025-03-15.json")):
            (book / folder).mkdir()
            (book / folder / name).write_text("x\n", encoding="utf-8")
        time.sleep(1.5)
        assert renders == []
        edit(book / "kapitel" / "02-klima.md", "# Klima und Mobilität", "# Klima")
        deadline = time.monotonic() + 10
        while not renders and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(renders) == 1
    finally:
        session.stopped.set()
        watcher.join(5)
