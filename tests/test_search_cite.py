"""Search and „Zitieren“ in the web edition and in `publish watch`'s preview, in Debian's
headless Chromium (Playwright): a German word form finds its passage with the printed page
and line, a selection or a range of lines gives „S. 5, Z. 33–34“ and an amendment file that
`publish amend check` accepts against the frozen edition of the same book; axe-core finds
nothing with the tools open, at 1280 and 375 px; the page works without JavaScript and from
a folder; the web edition with its search index is the same, byte for byte, on every build.

The book is a copy of the test book of the amendments (``tests/books/antraege``) with a
contact address, built and frozen here (so the edition is the one its web edition shows).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from publish.amend.workflow import check_amendments, freeze_edition
from publish.paths import STYLES
from publish.pipeline import BuildRequest, build
from publish.read.book import load_book
from publish.render.cite import cite_data, contact_address
from publish.render.search import SearchUnavailable, search_index
from publish.render.web import WebOptions, render_web_edition
from publish.typography import typeset
from publish.validate.ace import CHROMIUM, CHROMIUM_FLAGS
from publish.validate.axe import _report, find_axe
from publish.watch import PreviewSession, serving, url_of

ANTRAEGE = Path(__file__).resolve().parent / "books" / "antraege"
CONTACT = "Antragskommission, antraege@musterstadt.example"


@dataclass(frozen=True)
class Edition:
    book: Path
    dist: Path

    @property
    def html(self) -> Path:
        return self.dist / "html"


def copy_book(target: Path) -> Path:
    """The test book of the amendments without its amendments and editions, with a contact."""
    shutil.copytree(ANTRAEGE, target, ignore=shutil.ignore_patterns("antraege", "ausgaben"))
    (target / "antraege").mkdir()
    config = target / "book.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  language: de-DE\n", f'  language: de-DE\n  contact: "{CONTACT}"\n')
    )
    return target


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    root = tmp_path_factory.mktemp("zitieren")
    book = copy_book(root / "book")
    build(BuildRequest(book, root / "dist", ("pdf", "html")))
    frozen = freeze_edition(book, root / "dist")
    assert frozen.edition.name == "entwurf-2025-03-15"
    return Edition(book, root / "dist")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No request log in the test output."""


@pytest.fixture(scope="module")
def site(edition: Edition) -> Iterator[str]:
    """The web edition served over HTTP (as python -m http.server would)."""
    handler = functools.partial(_Quiet, directory=str(edition.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run .ci/setup-validators"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


# --- in the page ----------------------------------------------------------------------------

#: Selects from the ``nth`` occurrence of ``start`` in the text of <main> to the end of the
#: first ``end`` after it, across elements, as a reader's mouse would.
SELECT = """([start, end, nth]) => {
  const nodes = []; let text = "";
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    nodes.push([node, text.length]);
    text += node.data;
  }
  let from = -1;
  for (let n = 0; n < nth; n += 1) from = text.indexOf(start, from + 1);
  const to = text.indexOf(end, from) + end.length;
  if (from < 0 || to < end.length) throw new Error("not in the text: " + start + " … " + end);
  const point = (at, last) => {
    for (const [node, offset] of nodes) {
      if (at >= offset && (last ? at <= offset + node.data.length : at < offset + node.data.length))
        return [node, at - offset];
    }
  };
  const range = document.createRange();
  range.setStart(...point(from, false));
  range.setEnd(...point(to, true));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def select(page: Page, start: str, end: str, nth: int = 1) -> None:
    page.evaluate(SELECT, [start, end, nth])


def cite_selection(page: Page, start: str, end: str, nth: int = 1) -> str:
    """Select, press the „Zitieren“ button beside the selection; the citation."""
    select(page, start, end, nth)
    button = page.locator(".zitieren-schwebend")
    button.wait_for(state="visible", timeout=2000)
    button.click()
    page.locator("#zitat-ergebnis").wait_for(state="visible", timeout=2000)
    return page.locator("#zitat-angabe").inner_text()


def close_dialog(page: Page) -> None:
    page.locator(".zitat-schliessen button").click()
    page.locator("#zitat").wait_for(state="hidden")


def download(page: Page) -> tuple[str, str]:
    """The amendment downloaded with the dialog's button: file name and text."""
    with page.expect_download() as started:
        page.locator("#zitat-laden").click()
    got = started.value
    return got.suggested_filename, Path(got.path()).read_text(encoding="utf-8")


def search(page: Page, words: str) -> str:
    """Search, and wait for the result announced in the live region (a new one each time)."""
    status = page.locator("#suche-status")
    page.evaluate("document.getElementById('suche-status').textContent = ''")
    page.locator("#suche-eingabe").fill(words)
    page.locator("#suche-eingabe").press("Enter")
    page.wait_for_function(
        "() => document.getElementById('suche-status').textContent !== ''", timeout=10_000
    )
    return status.inner_text()


def amendment(lines: str, changes: list[str], name: str = "", page_number: int = 5) -> str:
    mover = f'\n  - "{name}"' if name else ""
    return (
        "---\nnummer: Ä?\nausgabe: entwurf-2025-03-15\n"
        f"seite: {page_number}\nzeilen: {lines}\nantragsteller:{mover}\n"
        "status: eingereicht\n---\n\n" + "\n".join(changes) + "\n\n## Begründung\n\n…\n"
    )


# --- search ---------------------------------------------------------------------------------


def test_search_finds_german_word_forms_with_page_and_line(page: Page, site: str) -> None:
    page.goto(site)
    text = page.locator("main").inner_text()
    assert "Radwegen" not in text and "Radwege" in text  # found by its stem, not its letters
    assert search(page, "Radwegen") == "1 Treffer in 1 Abschnitt für „Radwegen“."
    first = page.locator("#suche-treffer li a").first
    assert first.inner_text() == "Mobilität · S. 5, Z. 33"
    assert first.get_attribute("href") == "#zeile-33"
    assert page.locator("#suche-treffer mark").first.inner_text() == "Radwege"
    # a genitive finds the nominative („Zebrastreifen“, line 42)
    assert search(page, "Zebrastreifens") == "1 Treffer in 1 Abschnitt für „Zebrastreifens“."
    assert page.locator("#suche-treffer li a").first.inner_text() == "Mobilität · S. 5, Z. 42"
    # words that begin with the word searched: „Wohnungen“ (line 54), „Wohnungsgesellschaft“
    assert search(page, "Wohnung") == "2 Treffer in 1 Abschnitt für „Wohnung“."
    assert (
        page.locator("#suche-treffer li")
        .first.inner_text()
        .startswith("Wohnen · S. 7, Z. 54 (und 1 weitere Stelle im Abschnitt)")
    )
    # a word only in a footnote: the footnote, and the line of its call
    assert search(page, "Angaben") == "1 Treffer in 1 Abschnitt für „Angaben“."
    assert page.locator("#suche-treffer li a").first.inner_text() == (
        "Mobilität · Fußnote 1 zu S. 5, Z. 24"
    )
    # only the chapters are indexed: not the skip link, the header or the contents
    assert search(page, "springen") == "Keine Treffer für „springen“."
    assert search(page, "Flughafen") == "Keine Treffer für „Flughafen“."


def test_a_result_jumps_to_its_line_by_keyboard(page: Page, site: str) -> None:
    page.goto(site)
    search(page, "Radwegen")
    page.locator("#suche-eingabe").press("Tab")  # the search button
    page.keyboard.press("Tab")
    link = page.locator("#suche-treffer a").first
    assert page.evaluate("document.activeElement.textContent") == link.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#zeile-33'")
    target = page.locator("li.ziel")
    assert target.count() == 1
    assert target.inner_text().startswith("Wir bauen sichere Radwege")
    assert page.evaluate("document.activeElement.classList.contains('ziel')")


# --- citing ---------------------------------------------------------------------------------

TWO_LINES = amendment("33-34", ["Ersetze „Hauptstraßen und schließen die Lücken“ durch „…“."])


def test_a_selection_over_two_lines_gives_page_lines_and_an_amendment(
    page: Page, site: str
) -> None:
    page.goto(site)
    assert cite_selection(page, "Hauptstraßen", "Lücken") == "S. 5, Z. 33–34"
    assert page.locator("#zitat-text").inner_text() == "„Hauptstraßen und schließen die Lücken“"
    assert page.locator("#zitat-antrag").input_value() == TWO_LINES
    page.locator("#zitat-name").fill("Jana Beispiel (OV Nord)")
    name, text = download(page)
    assert name == "antrag-s5-z33-34.md"
    assert text == amendment(
        "33-34",
        ["Ersetze „Hauptstraßen und schließen die Lücken“ durch „…“."],
        "Jana Beispiel (OV Nord)",
    )
    mail = urllib.parse.urlsplit(page.locator("#zitat-mail").get_attribute("href") or "")
    assert (mail.scheme, mail.path) == ("mailto", "antraege@musterstadt.example")
    query = urllib.parse.parse_qs(mail.query)
    assert query["subject"] == ["Änderungsantrag zu S. 5, Z. 33–34"]
    assert query["body"] == [text.replace("\n", "\r\n")]


def test_a_double_click_on_a_word_cites_it(page: Page, site: str) -> None:
    """A real mouse: double-click „Takt“ (line 35)."""
    page.goto(site)
    box = page.evaluate(
        """() => {
          const item = [...document.querySelectorAll('li')]
            .find(li => li.textContent.includes('Takt'));
          const node = [...item.childNodes].find(n => n.nodeType === 3 && n.data.includes('Takt'));
          const range = document.createRange();
          range.setStart(node, node.data.indexOf('Takt'));
          range.setEnd(node, node.data.indexOf('Takt') + 4);
          const r = range.getBoundingClientRect();
          return [r.x + r.width / 2, r.y + r.height / 2];
        }"""
    )
    page.mouse.dblclick(box[0], box[1])
    page.locator(".zitieren-schwebend").click()
    assert page.locator("#zitat-angabe").inner_text() == "S. 5, Z. 35"
    assert page.locator("#zitat-antrag").input_value() == amendment(
        "35", ["Ersetze „Takt“ durch „…“."]
    )


#: Selections the amendment format needs care with → the citation and the changes written.
CASES = [
    # a word broken at the end of line 26 („Oberbürger-|meisterin“): the line it begins on
    (
        ("bürger", "angesiedelt", 1),
        "S. 5, Z. 26–27",
        ["Ersetze „Oberbürgermeisterin angesiedelt“ durch „…“."],
    ),
    # a footnote call inside: two passages, one on each side of it
    (
        ("Solaranlagen", "Neue", 1),
        "S. 5, Z. 24",
        ["Ersetze „Solaranlagen tragen.“ durch „…“.", "Ersetze „Neue“ durch „…“."],
    ),
    # from plain text into an emphasis: on to the plain text after it (a passage begins and
    # ends in the same marked text); inside it: the whole words
    (("eine Stabs", "Stabs", 1), "S. 5, Z. 26", ["Ersetze „eine Stabsstelle Klima,“ durch „…“."]),
    (("telle Kl", "Kl", 1), "S. 5, Z. 26", ["Ersetze „Stabsstelle Klima“ durch „…“."]),
    # the second „und“ of line 22
    (("und im Einklang", "und", 1), "S. 5, Z. 22", ["Ersetze „und“ (2. Vorkommen) durch „…“."]),
    # over the end of a paragraph: one passage in each
    (
        ("verschärft", "Stadtwerke", 1),
        "S. 5, Z. 20–21",
        ["Ersetze „verschärft.“ durch „…“.", "Ersetze „Die Stadtwerke“ durch „…“."],
    ),
    # a line that begins inside a word (line 23: „…Anwoh-|ner*innen“), at a gender star
    (
        ("ner*innen", "innen", 1),
        "S. 5, Z. 22–23",
        ["Ersetze „Anwohner*innen“ durch „…“."],
    ),
    # over a page break
    (
        ("neuen und", "umgebauten", 1),
        "S. 5–6, Z. 43–44",
        ["Ersetze „neuen und umgebauten“ durch „…“."],
    ),
]


def test_every_citation_is_what_publish_amend_check_accepts(
    page: Page, site: str, edition: Edition, tmp_path: Path
) -> None:
    """Each case is downloaded into the book's antraege/, numbered as the office would, and
    the whole set is checked against the frozen edition (and placed in the Markdown)."""
    page.goto(site)
    page.locator("#zitieren-knopf").wait_for()
    page.evaluate("localStorage.removeItem('publish-antragsteller')")
    book = copy_book(tmp_path / "book")
    shutil.copytree(edition.book / "ausgaben", book / "ausgaben")
    files = {}
    for number, ((start, end, nth), cited, changes) in enumerate(CASES, start=1):
        assert cite_selection(page, start, end, nth) == cited, (start, end)
        page.locator("#zitat-name").fill("Tom Muster")
        name, text = download(page)
        lines = cited.split("Z. ")[1].replace("–", "-")
        first_page = int(cited.split(",")[0].removeprefix("S. ").split("–")[0])
        assert text == amendment(lines, changes, "Tom Muster", first_page), cited
        files[f"ae{number:02d}.md"] = text.replace("nummer: Ä?", f"nummer: Ä{number}")
        close_dialog(page)
    for file, text in files.items():
        (book / "antraege" / file).write_text(text, encoding="utf-8")
    report = check_amendments(book)
    assert [str(p) for p in report.problems] == []
    assert [str(w) for w in report.warnings] == []
    # the lines the changes were found in are the lines cited, on the pages cited
    assert [
        f"S. {'–'.join(str(n) for n in sorted({c.pages[0], c.pages[-1]}))}, Z. {c.lines}"
        for c in report.amendments
    ] == [case[1] for case in CASES]


def test_whole_lines_are_cited_by_keyboard(page: Page, site: str) -> None:
    """No mouse: Tab to „Stelle zitieren“, give the lines, download with Enter."""
    page.goto(site)
    page.locator("#suche-eingabe").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "zitieren-knopf"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "zitat-von"
    page.keyboard.type("27")
    page.keyboard.press("Tab")
    page.keyboard.type("27")
    page.keyboard.press("Enter")
    # line 27 begins inside „Oberbürgermeisterin“: the passage is the whole word, from line 26
    assert page.locator("#zitat-angabe").inner_text() == "S. 5, Z. 26–27"
    assert page.evaluate("document.activeElement.id") == "zitat-name"
    page.keyboard.type("Jana Beispiel")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "zitat-antrag"
    page.locator("#zitat-laden").focus()
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    text = Path(started.value.path()).read_text(encoding="utf-8")
    assert text == amendment(
        "26-27",
        [
            "Ersetze „Oberbürgermeisterin angesiedelt ist und alle Beschlussvorlagen auf ihre "
            "Folgen“ durch „…“."
        ],
        "Jana Beispiel",
    )
    page.keyboard.press("Escape")
    page.locator("#zitat").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "zitieren-knopf"


def test_lines_of_two_paragraphs_and_lines_not_on_the_page(page: Page, site: str) -> None:
    page.goto(site)
    page.locator("#zitieren-knopf").click()
    page.locator("#zitat-von").fill("45")
    page.locator("#zitat-bis").fill("46")
    page.locator("#zitat-zeilen button").click()
    assert page.locator("#zitat-angabe").inner_text() == "S. 6, Z. 45–46"
    assert page.locator("#zitat-text").inner_text() == (
        "„ganze Netz.“ … „Den Lieferverkehr in der Innenstadt ordnen wir neu: Wir richten“"
    )
    page.locator("#zitat-von").fill("900")
    page.locator("#zitat-bis").fill("901")
    page.locator("#zitat-zeilen button").click()
    assert page.locator("#zitat-meldung").inner_text() == (
        "Die Zeilen 900–901 stehen nicht auf dieser Seite."
    )
    assert page.locator("#zitat-ergebnis").is_hidden()


# --- accessibility, without JavaScript, from a folder ---------------------------------------


def axe_violations(page: Page, rules_passed: int = 20) -> list[str]:
    """axe-core over the page as it is now (a modal dialog open: over the dialog)."""
    page.add_script_tag(path=str(find_axe()))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    report = _report(Path("page"), result)
    assert report.passes > rules_passed  # axe-core really ran its rules
    return [str(v) for v in report.violations]


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violations_with_the_tools_open(
    browser: Browser, site: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site)
    search(page, "Radwegen")
    select(page, "Hauptstraßen", "Lücken", 1)
    page.locator(".zitieren-schwebend").wait_for(state="visible")
    assert axe_violations(page) == []  # results listed, the button beside the selection
    page.locator(".zitieren-schwebend").click()
    page.locator("#zitat-ergebnis").wait_for(state="visible")
    assert axe_violations(page) == []  # the dialog open
    context.close()


def test_without_javascript_the_page_reads_as_before(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site)
    assert page.locator("#werkzeuge").is_hidden()
    assert page.locator("#zitat").is_hidden()
    assert "Suchen und Zitieren brauchen JavaScript." in page.locator("header").inner_text()
    assert page.locator("h1#klima-und-mobilitaet").is_visible()
    context.close()


def test_from_a_folder_citing_works_and_search_says_what_it_needs(
    page: Page, edition: Edition
) -> None:
    page.goto((edition.html / "index.html").as_uri())
    assert search(page, "Radwegen").startswith("Die Suche braucht einen Webserver:")
    assert cite_selection(page, "Hauptstraßen", "Lücken") == "S. 5, Z. 33–34"
    assert download(page)[1] == TWO_LINES


# --- the build ------------------------------------------------------------------------------


def files_of(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_web_edition_and_its_index_are_the_same_on_every_build(
    edition: Edition, tmp_path: Path
) -> None:
    build(BuildRequest(edition.book, tmp_path / "again", ("pdf", "html")))
    first = files_of(edition.html)
    second = files_of(tmp_path / "again" / "html")
    assert sorted(map(str, first)) == sorted(map(str, second))
    assert [str(name) for name in first if first[name] != second[name]] == []
    index = sorted(str(name) for name in first if str(name).startswith("pagefind/"))
    assert "pagefind/pagefind.js" in index and "pagefind/wasm.de-de.pagefind" in index
    assert not [name for name in index if "-ui" in name]  # Pagefind's own interfaces left out
    # an edit: the new index replaces the old one's content-named files; a build of the PDF
    # alone leaves the web edition and its index as they are
    book = copy_book(tmp_path / "book")
    chapter = book / "kapitel" / "02-klima-und-mobilitaet.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Radwege auf", "Radwege und Fahrradstraßen auf"), "utf-8")
    build(BuildRequest(book, tmp_path / "again", ("pdf", "html")))
    edited = files_of(tmp_path / "again" / "html")
    assert edited.keys() != first.keys()  # new fragment names
    build(BuildRequest(book, tmp_path / "fresh", ("pdf", "html")))
    assert edited == files_of(tmp_path / "fresh" / "html")
    build(BuildRequest(book, tmp_path / "again", ("pdf",)))
    assert files_of(tmp_path / "again" / "html") == edited


def test_citing_data_of_the_page(edition: Edition) -> None:
    """The pages of the lines, and where a line begins inside a word."""
    book = typeset(load_book(edition.book))
    from publish.layout import LayoutMap

    layout = LayoutMap.from_json((edition.dist / "musterstadt.layout.json").read_text("utf-8"))
    data = cite_data(book, layout)
    assert data["ausgabe"] == "entwurf-2025-03-15"
    assert data["kontakt"] == "antraege@musterstadt.example"
    assert data["seiten"] == [[1, 4], [15, 5], [44, 6], [51, 7]]
    parts = data["wortanfang"]
    assert isinstance(parts, dict)
    # „Anwoh-|ner*innen“, „Oberbürger-|meisterin“, „wer-|den“, „Carsharing-|Angebote“
    assert parts == {"23": len("Anwoh"), "27": len("Oberbürger"), "41": 3, "49": 11}
    assert "33" not in parts  # line 33 begins with its own word
    assert cite_data(book, None) == {
        "ausgabe": "entwurf-2025-03-15",
        "kontakt": "antraege@musterstadt.example",
        "zeilen": False,
    }
    assert contact_address("Kreisverband Bochum") == ""


def test_without_pagefind_the_build_warns_and_writes_the_edition(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-pagefind"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(missing))
    out = tmp_path / "dist"
    with pytest.warns(SearchUnavailable) as warned:  # jobs=1: a forkserver keeps its old env
        build(BuildRequest(edition.book, out, ("pdf", "html"), jobs=1))
    assert [str(w.message) for w in warned] == [
        "the search index of the web edition cannot be made: the Pagefind program is missing – "
        "install it with pip install 'pagefind[bin]==1.5.2'"
    ]
    assert (out / "html" / "index.html").is_file() and (out / "musterstadt.pdf").is_file()
    assert not (out / "html" / "pagefind").exists()
    # a binary that fails: its last words in the message
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: cannot write the bundle' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    book = typeset(load_book(edition.book))
    files, problem = render_web_edition(book, WebOptions(STYLES))
    assert problem == (
        f"the search index of the web edition cannot be made: {failing} failed (Error: cannot "
        "write the bundle) – reinstall it with pip install 'pagefind[bin]==1.5.2'"
    )
    assert "index.html" in files and not any(name.startswith("pagefind/") for name in files)


def test_the_page_without_an_index_says_search_is_unavailable(
    page: Page, edition: Edition, tmp_path: Path
) -> None:
    folder = tmp_path / "html"
    shutil.copytree(edition.html, folder, ignore=shutil.ignore_patterns("pagefind"))
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert search(page, "Radwegen") == (
            "Die Suche ist in dieser Ausgabe nicht verfügbar. Die Suche des Browsers (Strg+F) "
            "findet Wörter auf dieser Seite."
        )
    finally:
        server.shutdown()
        server.server_close()


def test_search_index_of_pages_in_memory() -> None:
    """Pagefind over two small pages: German stems, only the marked body, same bytes twice."""
    page = (
        b'<!DOCTYPE html><html lang="de"><head><title>t</title></head><body><p>Kopf</p>'
        b'<article data-pagefind-body><h1 id="a">Radwege</h1><p>Wir bauen Radwege.</p>'
        b"</article></body></html>"
    )
    first = search_index({"index.html": page, "style.css": b"p {}"})
    assert first == search_index({"index.html": page, "style.css": b"p {}"})
    assert "pagefind/pagefind-entry.json" in first
    assert b'"de"' in first["pagefind/pagefind-entry.json"]


# --- publish watch --------------------------------------------------------------------------


def test_the_preview_searches_and_cites_once_the_outputs_are_built(
    page: Page, edition: Edition, tmp_path: Path
) -> None:
    book = copy_book(tmp_path / "book")
    empty = tmp_path / "nothing-built"
    session = PreviewSession(book, empty, build_outputs=False, echo=lambda _: None)
    with serving(session, port=0) as server:
        page.goto(url_of(server))
        assert search(page, "Radwegen") == "1 Treffer in 1 Abschnitt für „Radwegen“."
        assert page.locator("#suche-treffer a").first.inner_text() == "Mobilität"  # no lines yet
        assert axe_violations(page) == []  # the preview's status bar, results listed
        page.locator("#zitieren-knopf").click()
        assert (
            page.locator("#zitat-meldung")
            .inner_text()
            .startswith("Diese Vorschau hat noch keine Zeilennummern")
        )
        assert axe_violations(page, rules_passed=10) == []
    # with the outputs of this text built: the printed lines
    session = PreviewSession(book, edition.dist, build_outputs=False, echo=lambda _: None)
    with serving(session, port=0) as server:
        page.goto(url_of(server))
        assert search(page, "Radwegen") == "1 Treffer in 1 Abschnitt für „Radwegen“."
        assert page.locator("#suche-treffer a").first.inner_text() == "Mobilität · S. 5, Z. 33"
        assert cite_selection(page, "Hauptstraßen", "Lücken") == "S. 5, Z. 33–34"
        assert page.locator("#zitat-antrag").input_value() == TWO_LINES
        # an edit the layout was not made from: no lines until the next build
        chapter = book / "kapitel" / "02-klima-und-mobilitaet.md"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("Radwege auf", "Radwege und Fahrradstraßen auf"), "utf-8")
        page.locator("#zitat").press("Escape")
        page.wait_for_function(
            "!document.getElementById('zitier-daten').textContent.includes('wortanfang')",
            timeout=5000,
        )


def test_one_page_per_chapter_search_links_across_pages(
    page: Page, edition: Edition, tmp_path: Path
) -> None:
    """``output.web: chapters``: the chapters are indexed, not the index page; a result on
    another chapter's page links there, to its line."""
    book = copy_book(tmp_path / "book")
    config = book / "book.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("output:\n", "output:\n  web: chapters\n"),
        encoding="utf-8",
    )
    build(BuildRequest(book, tmp_path / "dist", ("pdf", "html")))
    folder = tmp_path / "dist" / "html"
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/kapitel-01.html")
        assert search(page, "Radwegen") == "1 Treffer in 1 Abschnitt für „Radwegen“."
        link = page.locator("#suche-treffer a").first
        assert link.inner_text() == "Mobilität · S. 5, Z. 33"
        assert link.get_attribute("href") == "kapitel-02.html#zeile-33"
        link.click()
        page.wait_for_url("**/kapitel-02.html#zeile-33")
        assert page.locator("li.ziel").inner_text().startswith("Wir bauen sichere Radwege")
        # the title of the book on the index page is not a hit: only chapters are indexed
        assert search(page, "gestalten") == "Keine Treffer für „gestalten“."
        # lines of another chapter's page are not cited here
        page.locator("#zitieren-knopf").click()
        page.locator("#zitat-von").fill("2")
        page.locator("#zitat-bis").fill("2")
        page.locator("#zitat-zeilen button").click()
        assert page.locator("#zitat-meldung").inner_text() == (
            "Zeile 2 steht nicht auf dieser Seite."
        )
    finally:
        server.shutdown()
        server.server_close()
