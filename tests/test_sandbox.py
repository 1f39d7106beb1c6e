"""Nothing let in: the build reads only the book folder and styles/.

Chapters, book.yaml, trennungen.txt and images are refused, without being opened, when
their real path leaves the book folder or they are no regular, readable file; SVG figures
are checked when they are read; the layout engine fetches only files of the book and
styles/ (and the pictures an SVG embeds).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import EVERYTHING, opened_files, read_only_inside, within

from publish import model as m
from publish.errors import BookError
from publish.read.book import load_book
from publish.typography import hyphenator_for
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
        "image bilder/geheim.png is outside the book (it links to /etc/passwd)"
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


# --- every file the build reads: chapters, book.yaml, trennungen.txt, images --------------


@dataclass(frozen=True)
class Folders:
    """A copy of the test book, and a folder beside it with what must never be read: a
    chapter that would build (so a read would publish it), a named pipe (a read blocks)."""

    book: Path
    outside: Path

    @classmethod
    def make(cls, tmp_path: Path) -> Folders:
        book, outside = tmp_path / "book", tmp_path / "outside"
        shutil.copytree(EVERYTHING, book)
        outside.mkdir()
        (outside / "geheim.md").write_text("# Geheim\n\nNur für mich.\n", encoding="utf-8")
        (outside / "book.yaml").write_text((book / "book.yaml").read_text(), encoding="utf-8")
        (outside / "trennungen.txt").write_text("Ge-heim\n", encoding="utf-8")
        os.mkfifo(outside / "rohr")
        return cls(book, outside)

    def list_chapter(self, name: str) -> str:
        """List ``name`` as the last chapter; returns its place in book.yaml."""
        config = self.book / "book.yaml"
        text = config.read_text(encoding="utf-8")
        last = "  - kapitel/zwei.md\n"
        config.write_text(text.replace(last, f"{last}  - {name}\n"), encoding="utf-8")
        return f"book.yaml:{text[: text.index(last)].count(chr(10)) + 2}:5"

    def problems(self) -> list[str]:
        """The problems ``load_book`` reports, checking that it opened no file outside the
        book and never blocked."""
        with opened_files() as files, pytest.raises(BookError) as caught:
            within(30, lambda: load_book(self.book))
        read_only_inside(files, self.book)
        return [str(d) for d in caught.value.diagnostics]


COPY = "copy the file into the book folder"
REGULAR = "use a regular file that can be read"


def unreadable(why: str) -> str:
    """The message's end for a file that is no regular, readable file."""
    return f"cannot be read – {why}; {REGULAR}"


@pytest.mark.parametrize(
    ("name", "make", "problem"),
    [
        (
            "kapitel/x.md",
            lambda f: (f.book / "kapitel" / "x.md").symlink_to(f.outside / "geheim.md"),
            "chapter kapitel/x.md is outside the book (it links to {outside}/geheim.md)",
        ),
        (
            "kapitel/x.md",
            lambda f: (f.book / "kapitel" / "x.md").symlink_to(f.outside / "rohr"),
            "chapter kapitel/x.md is outside the book (it links to {outside}/rohr)",
        ),
        (
            "kapitel/x.md",
            lambda f: (f.book / "kapitel" / "x.md").symlink_to("/dev/zero"),
            "chapter kapitel/x.md is outside the book (it links to /dev/zero)",
        ),
        (
            "extern/geheim.md",
            lambda f: (f.book / "extern").symlink_to(f.outside),
            "chapter extern/geheim.md is outside the book (it links to {outside}/geheim.md)",
        ),
        (
            "../outside/geheim.md",
            lambda f: None,
            "chapter ../outside/geheim.md is outside the book",
        ),
    ],
    ids=["link-to-a-file", "link-to-a-fifo", "link-to-a-device", "folder-link", "dot-dot"],
)
def test_a_chapter_outside_the_book_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, make: Any, problem: str
) -> None:
    folders = Folders.make(tmp_path)
    make(folders)
    where = folders.list_chapter(name)
    monkeypatch.chdir(folders.book)
    message = problem.format(outside=folders.outside)
    assert folders.problems() == [f"{where}: {message} – {COPY}"]


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda f: os.mkfifo(f.book / "kapitel" / "x.md"), "it is a named pipe (FIFO)"),
        (lambda f: (f.book / "kapitel" / "x.md").mkdir(), "it is a folder"),
        (
            lambda f: (f.book / "kapitel" / "x.md").symlink_to(f.book / "kapitel"),
            "it is a folder",
        ),
        (
            lambda f: (f.book / "kapitel" / "x.md").symlink_to("x.md"),
            "it is a symbolic link that leads to itself",
        ),
        (
            lambda f: (
                (f.book / "kapitel" / "x.md").symlink_to("y.md"),
                (f.book / "kapitel" / "y.md").symlink_to("x.md"),
            ),
            "it is a symbolic link that leads to itself",
        ),
    ],
    ids=["fifo", "folder", "link-to-a-folder", "loop", "loop-of-two"],
)
def test_a_chapter_that_is_no_regular_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Any, why: str
) -> None:
    folders = Folders.make(tmp_path)
    make(folders)
    where = folders.list_chapter("kapitel/x.md")
    monkeypatch.chdir(folders.book)
    assert folders.problems() == [f"{where}: chapter kapitel/x.md {unreadable(why)}"]


def test_a_chapter_without_read_permission_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = Folders.make(tmp_path)
    chapter = folders.book / "kapitel" / "x.md"
    chapter.write_text("# X\n\nText.\n", encoding="utf-8")
    where = folders.list_chapter("kapitel/x.md")
    monkeypatch.chdir(folders.book)
    if os.geteuid() != 0:
        chapter.chmod(0)
    else:  # root reads everything: the permission check is told the file is not readable
        access = os.access
        monkeypatch.setattr(os, "access", lambda p, m: Path(p) != chapter and access(p, m))
    assert folders.problems() == [
        f"{where}: chapter kapitel/x.md {unreadable('permission denied')}"
    ]


def test_links_inside_the_book_are_fine(tmp_path: Path) -> None:
    """A chapter that links to a file of the book, and a book folder that is a link."""
    folders = Folders.make(tmp_path)
    (folders.book / "entwurf").mkdir()
    (folders.book / "entwurf" / "drei.md").write_text("# Drei\n\nText.\n", encoding="utf-8")
    (folders.book / "kapitel" / "drei.md").symlink_to("../entwurf/drei.md")
    folders.list_chapter("kapitel/drei.md")
    (folders.book / "entwurf" / "trennungen.txt").write_text("Wat-ten-scheid\n", "utf-8")
    (folders.book / "trennungen.txt").symlink_to("entwurf/../kapitel/../entwurf/trennungen.txt")
    (tmp_path / "verknüpft").symlink_to(folders.book)
    with opened_files() as files:
        book = load_book(tmp_path / "verknüpft")
    read_only_inside(files, folders.book)
    assert [c.title.children for c in book.chapters][-1] == (m.Text("Drei"),)


@pytest.mark.parametrize(
    ("make", "problem", "hint"),
    [
        (
            lambda f: (f.book / "book.yaml").symlink_to(f.outside / "book.yaml"),
            "the file is outside the book (it links to {outside}/book.yaml)",
            COPY,
        ),
        (
            lambda f: os.mkfifo(f.book / "book.yaml"),
            "the file cannot be read",
            f"it is a named pipe (FIFO); {REGULAR}",
        ),
    ],
    ids=["link", "fifo"],
)
def test_book_yaml_outside_the_book_or_no_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Any, problem: str, hint: str
) -> None:
    folders = Folders.make(tmp_path)
    (folders.book / "book.yaml").unlink()
    make(folders)
    monkeypatch.chdir(folders.book)
    message = problem.format(outside=folders.outside)
    assert folders.problems() == [f"book.yaml: {message} – {hint}"]


@pytest.mark.parametrize(
    ("make", "problem", "hint"),
    [
        (
            lambda f: (f.book / "trennungen.txt").symlink_to(f.outside / "trennungen.txt"),
            "the file is outside the book (it links to {outside}/trennungen.txt)",
            COPY,
        ),
        (
            lambda f: (f.book / "trennungen.txt").symlink_to(f.outside / "rohr"),
            "the file is outside the book (it links to {outside}/rohr)",
            COPY,
        ),
        (
            lambda f: os.mkfifo(f.book / "trennungen.txt"),
            "the file cannot be read",
            f"it is a named pipe (FIFO); {REGULAR}",
        ),
    ],
    ids=["link", "link-to-a-fifo", "fifo"],
)
def test_trennungen_outside_the_book_or_no_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Any, problem: str, hint: str
) -> None:
    """The reader reports it (so `publish check` and `publish watch` do), and the
    hyphenation the build makes refuses it too."""
    folders = Folders.make(tmp_path)
    make(folders)
    monkeypatch.chdir(folders.book)
    message = problem.format(outside=folders.outside)
    for reads in (lambda: load_book(folders.book), lambda: hyphenator_for(folders.book)):
        with opened_files() as files, pytest.raises(BookError) as caught:
            within(30, reads)
        read_only_inside(files, folders.book)
        assert [str(d) for d in caught.value.diagnostics] == [f"trennungen.txt: {message} – {hint}"]


@pytest.mark.parametrize(
    ("make", "problem", "hint"),
    [
        (
            lambda f: os.mkfifo(f.book / "bilder" / "x.png"),
            "image bilder/x.png cannot be read",
            f"it is a named pipe (FIFO); {REGULAR}",
        ),
        (
            lambda f: (f.book / "bilder" / "x.png").symlink_to(f.outside / "rohr"),
            "image bilder/x.png is outside the book (it links to {outside}/rohr)",
            "copy it into the book folder",
        ),
        (
            lambda f: (f.book / "bilder" / "x.png").symlink_to("x.png"),
            "image bilder/x.png cannot be read",
            f"it is a symbolic link that leads to itself; {REGULAR}",
        ),
    ],
    ids=["fifo", "link-to-a-fifo", "loop"],
)
def test_an_image_that_is_no_regular_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Any, problem: str, hint: str
) -> None:
    folders = Folders.make(tmp_path)
    make(folders)
    chapter = folders.book / "kapitel" / "zwei.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n![Ein Bild](bilder/x.png)\n", encoding="utf-8")
    monkeypatch.chdir(folders.book)
    message = problem.format(outside=folders.outside)
    line = text.count("\n") + 2
    assert folders.problems() == [f"kapitel/zwei.md:{line}: {message} – {hint}"]


def test_import_copies_no_image_from_outside_the_source_folder(tmp_path: Path) -> None:
    from publish.importer import import_markdown

    source, outside = tmp_path / "quelle", tmp_path / "outside"
    source.mkdir()
    outside.mkdir()
    shutil.copyfile(EVERYTHING / "bilder" / "sitze.png", outside / "geheim.png")
    os.mkfifo(outside / "rohr.png")
    (source / "link.png").symlink_to(outside / "geheim.png")
    (source / "rohr.png").symlink_to(outside / "rohr.png")
    os.mkfifo(source / "hier.png")
    (source / "vertrag.md").write_text(
        "# Vertrag\n\n![Eins](link.png)\n\n![Zwei](../outside/geheim.png)\n\n"
        "![Drei](rohr.png)\n\n![Vier](hier.png)\n",
        encoding="utf-8",
    )
    with opened_files() as files:
        report = within(60, lambda: import_markdown(source / "vertrag.md", tmp_path / "buch"))
    read_only_inside(files, source, tmp_path / "buch")
    assert not (tmp_path / "buch" / "bilder").exists()
    hint = "copy it into bilder/ and add it by hand"
    images = [n for n in report.notes if n.message.startswith("image ")]
    assert [(n.location.line, n.message, n.hint) for n in images] == [
        (3, "image link.png is outside the folder of the source – kept its alt text „Eins“", hint),
        (
            5,
            "image ../outside/geheim.png is outside the folder of the source – kept its alt "
            "text „Zwei“",
            hint,
        ),
        (7, "image rohr.png is outside the folder of the source – kept its alt text „Drei“", hint),
        (
            9,
            "image hier.png cannot be read: it is a named pipe (FIFO) – kept its alt text „Vier“",
            "",
        ),
    ]


# --- SVG figures, checked when the chapter is read ------------------------------------------

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="40" height="20">'
)
OUTSIDE_HINT = (
    "an SVG in the book must hold everything it shows: embed pictures as data:image/png or "
    "data:image/jpeg, and refer only to #ids inside the SVG"
)
SCRIPT_HINT = "remove it: scripts do not run in the PDF, and EPUBCheck refuses them (OPF-014)"


def _png_base64() -> str:
    import base64
    import io

    import PIL.Image

    out = io.BytesIO()
    PIL.Image.new("RGB", (8, 4), (0, 90, 50)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.mark.parametrize(
    ("svg", "problem", "hint"),
    [
        (
            f'{SVG_OPEN}\n<image href="file:///etc/passwd" width="9" height="9"/></svg>',
            "refers to file:///etc/passwd (line 2)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}\n\n<image xlink:href="http://example.org/a.png"/></svg>',
            "refers to http://example.org/a.png (line 3)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<use href="andere.svg#a"/></svg>',
            "refers to andere.svg#a (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<filter id="f"><feImage href="https://example.org/x.png"/></filter></svg>',
            "refers to https://example.org/x.png (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<a href="https://example.org/"><rect width="5" height="5"/></a></svg>',
            "refers to https://example.org/ (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}\n<style>\n@import "x.css";\n</style></svg>',
            "imports a stylesheet with @import (line 2)",
            OUTSIDE_HINT,
        ),
        (
            f"{SVG_OPEN}<style><![CDATA[rect {{ fill: url('file:///x#g') }}]]></style></svg>",
            "refers to file:///x#g (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<rect style="fill: url(http://example.org/p)" width="5"/></svg>',
            "refers to http://example.org/p (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<rect mask="url(file:///m.svg#m)" width="5"/></svg>',
            "refers to file:///m.svg#m (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'<?xml-stylesheet href="http://example.org/s.css"?>\n{SVG_OPEN}</svg>',
            "loads a stylesheet with <?xml-stylesheet?> (line 1)",
            OUTSIDE_HINT,
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xi="http://www.w3.org/2001/XInclude">'
            '\n<xi:include href="#a"/></svg>',
            "includes other files with XInclude (line 2)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
            "refers to data:image/svg+xml;base64,PHN2Zy8+ (line 1)",
            OUTSIDE_HINT,
        ),
        (
            f'{SVG_OPEN}<image href="data:image/png;base64,AAAA"/></svg>',
            "embeds a picture that cannot be read as a PNG file (line 1)",
            "embed it again from a PNG or JPEG file",
        ),
        (
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n{SVG_OPEN}'
            "<text>&x;</text></svg>",
            "declares entities or other markup in its DOCTYPE (line 1)",
            "delete the DOCTYPE's [ … ] part: an image of the book may not declare any",
        ),
        (
            "<!DOCTYPE svg [<!ENTITY a '"
            + "x" * 50
            + "'>"
            + "".join(
                f"<!ENTITY {n} '{('&' + p + ';') * 50}'>"
                for p, n in zip("abcdefg", "bcdefgh", strict=True)
            )
            + f"]>{SVG_OPEN}<text>&h;</text></svg>",
            "declares entities or other markup in its DOCTYPE (line 1)",
            "delete the DOCTYPE's [ … ] part: an image of the book may not declare any",
        ),
        (
            f'<!DOCTYPE svg SYSTEM "http://example.org/x.dtd">\n{SVG_OPEN}</svg>',
            "has a DOCTYPE that refers to http://example.org/x.dtd (line 1)",
            "delete the DOCTYPE line: an SVG needs none",
        ),
        (
            f"{SVG_OPEN}\n\n<script>alert(1)</script></svg>",
            "contains a script (line 3)",
            SCRIPT_HINT,
        ),
        (
            f'{SVG_OPEN}<rect onclick="alert(1)" width="5"/></svg>',
            "has an event handler (onclick) (line 1)",
            SCRIPT_HINT,
        ),
        (
            f'{SVG_OPEN}<foreignObject width="9" height="9"/></svg>',
            "contains <foreignObject> (line 1)",
            "draw its content with SVG shapes and text: the PDF does not show it",
        ),
        (
            f"{SVG_OPEN}\n<text>&nbsp;</text></svg>",
            "is not well-formed XML (line 2: undefined entity)",
            "open it in an editor or browser and fix it, or export it again",
        ),
        (
            f"{SVG_OPEN}\n<rect>\n</svg>",
            "is not well-formed XML (line 3: mismatched tag)",
            "open it in an editor or browser and fix it, or export it again",
        ),
        ("<svg><rect/></svg>", "is not an SVG file", "use a PNG or JPEG file (or SVG)"),
        ("\x89PNG\r\n", "is not an SVG file", "use a PNG or JPEG file (or SVG)"),
    ],
    ids=[
        "image-file-url",
        "xlink-http",
        "use-other-file",
        "feimage",
        "link",
        "style-import",
        "style-url",
        "style-attribute",
        "presentation-attribute",
        "xml-stylesheet",
        "xinclude",
        "embedded-svg",
        "embedded-broken-png",
        "external-entity",
        "billion-laughs",
        "external-dtd",
        "script",
        "event-handler",
        "foreign-object",
        "undefined-entity",
        "not-well-formed",
        "no-namespace",
        "binary",
    ],
)
def test_a_hostile_svg_is_refused_at_its_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, svg: str, problem: str, hint: str
) -> None:
    folders = Folders.make(tmp_path)
    (folders.book / "bilder" / "x.svg").write_bytes(svg.encode("latin-1", "replace"))
    chapter = folders.book / "kapitel" / "zwei.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n![Ein Bild](bilder/x.svg)\n", encoding="utf-8")
    monkeypatch.chdir(folders.book)
    line = text.count("\n") + 2
    assert folders.problems() == [f"kapitel/zwei.md:{line}: image bilder/x.svg {problem} – {hint}"]


def test_a_clean_svg_builds_into_every_output(tmp_path: Path) -> None:
    """What an SVG may have: the SVG 1.1 DOCTYPE, references to its own parts, and a PNG
    embedded as data: (the layout engine may fetch that one), checked by EPUBCheck."""
    from publish.pipeline import BuildRequest, build
    from publish.validate.epubcheck import run_epubcheck

    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    (book / "bilder" / "karte.svg").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f"{SVG_OPEN}\n"
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#063"/></linearGradient>'
        '<rect id="r" width="10" height="10"/></defs>\n'
        "<style>rect { stroke: #000; }</style>\n"
        '<use href="#r" fill="url(#g)"/><use xlink:href="#r" x="12"/>\n'
        f'<image x="24" width="16" height="8" href="data:image/png;base64,{_png_base64()}"/>\n'
        "</svg>\n",
        encoding="utf-8",
    )
    chapter = book / "kapitel" / "zwei.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\n![Eine Karte](bilder/karte.svg)\n", "utf-8"
    )
    written = build(BuildRequest(book, tmp_path / "dist", ("pdf", "epub"), jobs=1))
    epub = next(p for p in written if p.suffix == ".epub")
    report = run_epubcheck(epub)
    assert (report.errors, report.warnings, report.fatals) == (0, 0, 0), report.messages


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_the_layout_engine_fetches_pictures_embedded_in_an_svg(kind: str) -> None:
    import base64
    import io

    import PIL.Image

    out = io.BytesIO()
    PIL.Image.new("RGB", (4, 4)).save(out, kind.upper())
    url = f"data:image/{kind};base64,{base64.b64encode(out.getvalue()).decode()}"
    response = SandboxedFetcher([EVERYTHING, STYLES]).fetch(url)
    assert response.read() == out.getvalue()
    assert response.content_type == f"image/{kind}"


def test_publish_build_reads_nothing_outside_the_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole command, with its build cache (which fingerprints the book folder first):
    a chapter that links outside is refused, nothing outside is opened, dist/ stays."""
    from click.testing import CliRunner

    from publish.cli import main

    folders = Folders.make(tmp_path)
    (folders.book / "notiz.md").symlink_to(folders.outside / "geheim.md")  # not a chapter
    os.mkfifo(folders.book / "rohr")
    (folders.book / "extern").symlink_to(folders.outside)
    (folders.book / "kapitel" / "x.md").symlink_to(folders.outside / "geheim.md")
    where = folders.list_chapter("kapitel/x.md")
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "testbuch.pdf").write_bytes(b"%PDF the previous one")
    monkeypatch.chdir(folders.book)
    monkeypatch.setenv("PUBLISH_CACHE", str(tmp_path / "cache"))
    with opened_files() as files:
        result = within(60, lambda: CliRunner().invoke(main, ["build", ".", "--out", str(dist)]))
    read_only_inside(files, folders.book, STYLES, tmp_path / "cache")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"Error: {where}: chapter kapitel/x.md is outside the book (it links to "
        f"{folders.outside}/geheim.md) – {COPY}",
        "1 problem in the book source; nothing was written.",
    ]
    assert [p.name for p in dist.iterdir()] == ["testbuch.pdf"]
    assert (dist / "testbuch.pdf").read_bytes() == b"%PDF the previous one"


def test_publish_check_reads_nothing_outside_the_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from publish.cli import main

    folders = Folders.make(tmp_path)
    (folders.book / "kapitel" / "x.md").symlink_to(folders.outside / "geheim.md")
    (folders.book / "extern").symlink_to(folders.outside)
    os.mkfifo(folders.book / "rohr")
    where = folders.list_chapter("kapitel/x.md")
    monkeypatch.chdir(folders.book)
    with opened_files() as files:
        result = within(60, lambda: CliRunner().invoke(main, ["check", ".", "--out", "nirgends"]))
    read_only_inside(files, folders.book, STYLES)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == (
        f"✗ . source: {where}: chapter kapitel/x.md is outside the book (it links to "
        f"{folders.outside}/geheim.md) – {COPY}"
    )
