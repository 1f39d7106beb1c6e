"""„Zitieren“ and search on a real document not in the repo: the 2018 federal coalition
agreement (170 pages), imported and built once per session (``corpus`` in conftest.py).

Random selections (seeded) over its web edition – inside a paragraph, across paragraphs,
over footnote calls, emphasis and words broken at line ends – and random ranges of whole
lines are cited in Chromium; every amendment downloaded is checked with `publish amend
check` against the edition frozen from the same build, and must cite exactly the lines its
passages are in.
"""

from __future__ import annotations

import functools
import http.server
import random
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CorpusBook
from playwright.sync_api import Page, sync_playwright
from test_search_cite import _Quiet, close_dialog, search

from publish.amend.workflow import check_amendments, freeze_edition
from publish.validate.ace import CHROMIUM, CHROMIUM_FLAGS

#: Selects ``length`` characters of the text from a random place in the ``index``-th
#: numbered block (of every block that holds a line marker); may run into the next blocks.
SELECT_AT = """([index, fraction, length]) => {
  const blocks = [...new Set([...document.querySelectorAll("article .zeile")]
    .map((marker) => marker.parentElement.closest("p, li, h1, h2, h3, h4, h5, h6")))];
  const block = blocks[index % blocks.length];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  walker.currentNode = block;
  const nodes = [];
  let total = 0;
  for (let node; (node = walker.nextNode()) && total < 5000; ) {
    nodes.push([node, total]);
    total += node.data.length;
  }
  const own = block.textContent.length;
  const from = Math.floor(fraction * own);
  const to = Math.min(total, from + length);
  const point = (at) => {
    for (const [node, offset] of nodes) {
      if (at <= offset + node.data.length) return [node, at - offset];
    }
  };
  const range = document.createRange();
  range.setStart(...point(from));
  range.setEnd(...point(to));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return range.toString();
}"""

SEED = 2018


@pytest.fixture(scope="module")
def agreement(corpus: CorpusBook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the imported agreement with its edition frozen from the session's build."""
    built = corpus.pdf.parent.parent / "book"
    book = tmp_path_factory.mktemp("kv2018-zitieren") / "book"
    shutil.copytree(built, book, ignore=shutil.ignore_patterns("antraege", "ausgaben"))
    (book / "antraege").mkdir()
    freeze_edition(book, corpus.pdf.parent)
    return book


@pytest.fixture(scope="module")
def corpus_page(corpus: CorpusBook) -> Iterator[Page]:
    folder = corpus.pdf.parent / "html"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run .ci/setup-validators"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
        )
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        page.locator("#zitat-name").evaluate("field => field.value = 'Testperson'")
        yield page
        browser.close()
    server.shutdown()
    server.server_close()


def cited(page: Page) -> tuple[str, str] | None:
    """The citation and the amendment of the dialog, or None if the passage had no lines."""
    result = page.locator("#zitat-ergebnis")
    if result.is_hidden():
        return None
    return page.locator("#zitat-angabe").inner_text(), page.locator("#zitat-antrag").input_value()


def test_random_citations_of_the_agreement_pass_the_check(
    corpus_page: Page, agreement: Path
) -> None:
    page = corpus_page
    chance = random.Random(SEED)
    amendments: list[tuple[str, str]] = []
    unnumbered = 0
    for _ in range(60):
        length = chance.choice([3, 12, 40, 90, 200, 400])
        page.evaluate(SELECT_AT, [chance.randrange(10_000), chance.random(), length])
        page.locator(".zitieren-schwebend").wait_for(state="visible", timeout=3000)
        page.locator(".zitieren-schwebend").click()
        found = cited(page)
        if found is None:
            unnumbered += 1
        else:
            amendments.append(found)
        close_dialog(page)
    for _ in range(20):  # whole lines, by the form
        first = chance.randrange(1, 6800)
        page.locator("#zitieren-knopf").click()
        page.locator("#zitat-von").fill(str(first))
        page.locator("#zitat-bis").fill(str(first + chance.choice([0, 1, 2, 5])))
        page.locator("#zitat-zeilen button").click()
        found = cited(page)
        assert found is not None
        amendments.append(found)
        close_dialog(page)
    assert len(amendments) >= 70 and unnumbered <= 10
    for number, (_, text) in enumerate(amendments, start=1):
        numbered = text.replace("nummer: Ä?", f"nummer: Ä{number}")
        (agreement / "antraege" / f"ae{number:03d}.md").write_text(numbered, encoding="utf-8")
    report = check_amendments(agreement)
    assert [str(p) for p in report.problems] == []
    assert [str(w) for w in report.warnings] == []
    assert len(report.amendments) == len(amendments)
    for checked, (citation, text) in zip(report.amendments, amendments, strict=True):
        lines = re.search(r"^zeilen: (.*)$", text, re.MULTILINE)
        assert lines and str(checked.lines).replace("–", "-") == lines.group(1), citation
        pages = "–".join(str(p) for p in sorted({checked.pages[0], checked.pages[-1]}))
        assert citation == f"S. {pages}, Z. {checked.lines}"


def test_search_in_the_agreement_links_to_the_line(corpus_page: Page, agreement: Path) -> None:
    """„Radwegen“ finds „Radwege“ (and „Radwegebau“); each result's line holds the word."""
    import json

    page = corpus_page
    status = search(page, "Radwegen")
    assert re.fullmatch(r"\d+ Treffer in \d+ Abschnitt(?:en)? für „Radwegen“\.", status), status
    edition = json.loads(next((agreement / "ausgaben").glob("*.json")).read_text("utf-8"))
    lines = {line["number"]: line["text"] for line in edition["lines"]}
    hrefs = page.locator("#suche-treffer li a").evaluate_all("links => links.map(a => a.hash)")
    assert hrefs
    for href in hrefs:
        number = int(href.removeprefix("#zeile-"))
        near = lines[number] + lines.get(number + 1, "")
        assert "Radweg" in near, (href, near)
