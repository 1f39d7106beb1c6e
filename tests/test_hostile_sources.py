"""Property tests: dirty book folders of the kinds the sandbox guards against.

1. **Symbolic links and special files** in every role a file of the book has (book.yaml,
   a chapter, an image, trennungen.txt): links inside the book and out of it, chains of
   links, loops, links to folders, to named pipes and devices, named pipes and folders in
   the file's place, a parent folder that is a link leaving the book.
2. **Hostile SVG figures**: generated combinations of what an SVG may not have (references
   to other files and the network in every place an SVG can hold one, DOCTYPEs with
   entities or an external DTD, scripts, event handlers, ``<foreignObject>``, XInclude,
   broken markup) among what it may (its own ``#ids``, embedded PNG, the SVG 1.1 DOCTYPE).

For every generated folder ``publish build`` answers, with no traceback, either with the
outputs, or with a refusal (exit code 1) in which every line names its file (and line,
where the file has lines), and ``dist/`` unchanged; and nothing outside the book is opened
(Python's audit hook sees every ``open``). A refused folder, repaired (each dirty file
replaced by the regular file it stands for), builds cleanly.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import PIL.Image
import pytest
from click.testing import CliRunner, Result
from conftest import EVERYTHING, opened_files, within
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from publish.cli import main

#: Deterministic, like tests/test_properties.py: the same examples in every run.
BASE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: A line of a refusal: ``file:line[:column]: …`` (book.yaml and trennungen.txt may be
#: named without a line when the file itself is the problem).
PROBLEM_LINE = re.compile(
    r"(?:Error: )?(?:[^\s:]+\.md:\d+|(?:book/)?book\.yaml(?::\d+:\d+)?|(?:book/)?trennungen\.txt)"
    r": .+"
)
CLOSING = re.compile(r"\d+ problems? in the book source; nothing was written\.")


# --- the book on disk ------------------------------------------------------------------------

#: Where each role's file is, in the test book.
ROLE_PATHS = {
    "book.yaml": "book.yaml",
    "chapter": "kapitel/zwei.md",
    "image": "bilder/sitze.png",
    "trennungen": "trennungen.txt",
}
TRENNUNGEN = "Wat-ten-scheid\nBochum\n"

#: What may stand in a file's place: clean ones the build reads, dirty ones it refuses.
CLEAN_KINDS = ("regular", "link-inside", "chain-inside")
DIRTY_KINDS = (
    "link-outside",
    "chain-outside",
    "link-to-fifo-outside",
    "link-to-device",
    "dangling-outside",
    "fifo",
    "loop",
    "folder",
    "link-to-folder-inside",
    "parent-link-outside",
)


@dataclass(frozen=True)
class Dirt:
    """What stands in place of each role's file (``regular``: the file itself)."""

    kinds: tuple[tuple[str, str], ...]

    def of(self, role: str) -> str:
        return dict(self.kinds).get(role, "regular")

    @property
    def dirty(self) -> list[str]:
        return [role for role, kind in self.kinds if kind in DIRTY_KINDS]


@st.composite
def dirt(draw: st.DrawFn, always_dirty: bool = False) -> Dirt:
    """One to three roles, each with a kind (the first a dirty one if ``always_dirty``)."""
    roles = draw(st.lists(st.sampled_from(list(ROLE_PATHS)), min_size=1, max_size=3, unique=True))
    kinds = []
    for n, role in enumerate(roles):
        options = list(DIRTY_KINDS) if always_dirty and n == 0 else [*CLEAN_KINDS, *DIRTY_KINDS]
        if role in ("book.yaml", "trennungen"):  # their folder is the book itself
            options.remove("parent-link-outside")
        kinds.append((role, draw(st.sampled_from(options))))
    return Dirt(tuple(kinds))


def _original(book: Path, role: str) -> bytes:
    if role == "trennungen":
        return TRENNUNGEN.encode()
    return (EVERYTHING / ROLE_PATHS[role]).read_bytes()


def make_dirty(book: Path, outside: Path, role: str, kind: str) -> None:
    """Put ``kind`` in the place of ``role``'s file (``outside``: a folder beside the book
    with copies of every file, a named pipe and a folder)."""
    path = book / ROLE_PATHS[role]
    data = _original(book, role)
    name = path.name
    (outside / name).write_bytes(data)
    store = book / "ablage"
    store.mkdir(exist_ok=True)
    (store / name).write_bytes(data)
    if path.exists() or path.is_symlink():
        path.unlink()
    relative_store = os.path.relpath(store / name, path.parent)
    if kind == "regular":
        path.write_bytes(data)
    elif kind == "link-inside":
        path.symlink_to(relative_store)
    elif kind == "chain-inside":
        (store / f"verweis-{name}").symlink_to(name)
        path.symlink_to(os.path.relpath(store / f"verweis-{name}", path.parent))
    elif kind == "link-outside":
        path.symlink_to(outside / name)
    elif kind == "chain-outside":
        (store / f"verweis-{name}").symlink_to(outside / name)
        path.symlink_to(os.path.relpath(store / f"verweis-{name}", path.parent))
    elif kind == "link-to-fifo-outside":
        path.symlink_to(outside / "rohr")
    elif kind == "link-to-device":
        path.symlink_to("/dev/zero")
    elif kind == "dangling-outside":
        path.symlink_to(outside / "fehlt" / name)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(name)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-to-folder-inside":
        path.symlink_to(os.path.relpath(store, path.parent))
    elif kind == "parent-link-outside":  # the chapter's (or image's) folder leaves the book
        copy = outside / path.parent.name
        shutil.copytree(path.parent, copy, symlinks=True)
        (copy / name).write_bytes(data)
        shutil.rmtree(path.parent)
        path.parent.symlink_to(copy)
    else:
        raise AssertionError(kind)


def repair(book: Path, role: str) -> None:
    """The dirty file replaced by the regular file it stands for."""
    path = book / ROLE_PATHS[role]
    if path.parent.is_symlink():
        path.parent.unlink()
        shutil.copytree(EVERYTHING / path.parent.relative_to(book), path.parent)
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.write_bytes(_original(book, role))


@dataclass(frozen=True)
class Folders:
    book: Path
    outside: Path
    dist: Path


@contextmanager
def folders() -> Iterator[Folders]:
    """A copy of the test book, a folder beside it, and a dist/ with previous outputs."""
    with tempfile.TemporaryDirectory(prefix="publish-hostile-") as temporary:
        root = Path(temporary)
        book, outside, dist = root / "book", root / "outside", root / "dist"
        shutil.copytree(EVERYTHING, book)
        (book / "trennungen.txt").write_text(TRENNUNGEN, encoding="utf-8")
        outside.mkdir()
        os.mkfifo(outside / "rohr")
        dist.mkdir()
        (dist / "testbuch.pdf").write_bytes(b"%PDF-1.7 the previous build")
        (dist / "notizen.txt").write_bytes(b"not ours")
        yield Folders(book, outside, dist)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def build(where: Folders, *options: str) -> Result:
    """``publish build`` of the book (PDF only, one process), checking that nothing
    outside the book is opened and that it never blocks."""
    arguments = ["build", str(where.book), "--out", str(where.dist), "--format", "pdf"]
    with opened_files() as files:
        result = within(120, lambda: CliRunner().invoke(main, [*arguments, *options]))
    forbidden = [where.outside.resolve(), Path("/dev")]
    read = sorted({str(f) for f in files if any(f.resolve().is_relative_to(x) for x in forbidden)})
    assert not read, f"opened outside the book: {read}"
    return result


def assert_refused(result: Result, where: Folders, before: dict[str, bytes]) -> list[str]:
    """Exit code 1, every line a problem with its file (and line), dist/ unchanged."""
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    *problems, closing = result.output.splitlines()
    assert CLOSING.fullmatch(closing), result.output
    for line in problems:
        assert PROBLEM_LINE.fullmatch(line), line
    assert _tree(where.dist) == before
    return problems


def _event(name: str) -> None:
    """Counted in hypothesis' statistics (the plain tests call the same checks)."""
    with contextlib.suppress(InvalidArgument):
        event(name)


# --- property 1: links and special files --------------------------------------------------


def _expected_files(case: Dirt) -> set[str]:
    """The files the refusal names first: book.yaml stops everything; a refused chapter
    hides its image; trennungen.txt is checked with the chapters."""
    dirty = case.dirty
    if "book.yaml" in dirty:
        return {"book.yaml"}
    named = set()
    if "chapter" in dirty:
        named.add("book.yaml")  # the chapter's entry
    elif "image" in dirty:
        named.add("kapitel/zwei.md")
    if "trennungen" in dirty:
        named.add("trennungen.txt")
    return named


def check_links(case: Dirt, *, repaired_build: bool) -> None:
    with folders() as where:
        for role, kind in case.kinds:
            make_dirty(where.book, where.outside, role, kind)
        before = _tree(where.dist)
        os.chdir(where.book.parent)  # messages name files relative to here: book/…
        _event("refused" if case.dirty else "read")
        if not case.dirty and not repaired_build:
            from publish.read.book import load_book

            load_book(where.book)  # the full build of clean folders: property 1b
            return
        result = build(where, "--jobs", "1")
        if not case.dirty:
            assert result.exit_code == 0, result.output
            return
        problems = assert_refused(result, where, before)
        files = {re.sub(r"^(Error: )?book/", "", line).split(":")[0] for line in problems}
        assert files == _expected_files(case), (case, problems)
        if repaired_build:
            for role in case.dirty:
                repair(where.book, role)
            repaired = build(where, "--jobs", "1")
            assert repaired.exit_code == 0, repaired.output
            assert (where.dist / "testbuch.pdf").read_bytes().startswith(b"%PDF-1.7\n")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # check_links changes into each example's folder
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1604966400")
    return tmp_path


@settings(BASE, max_examples=80)
@given(dirt())
def test_links_and_special_files_are_read_or_refused_by_name(home: Path, case: Dirt) -> None:
    check_links(case, repaired_build=False)


@settings(BASE, max_examples=4)
@given(dirt(always_dirty=True))
def test_a_refused_folder_repaired_builds_cleanly(home: Path, case: Dirt) -> None:
    check_links(case, repaired_build=True)


@pytest.mark.parametrize("kind", DIRTY_KINDS)
@pytest.mark.parametrize("role", list(ROLE_PATHS))
def test_every_kind_of_dirt_in_every_role(home: Path, role: str, kind: str) -> None:
    """The generated cases above, each kind in each role at least once."""
    if kind == "parent-link-outside" and role in ("book.yaml", "trennungen"):
        pytest.skip("their folder is the book itself")
    check_links(Dirt(((role, kind),)), repaired_build=False)


# --- property 2: hostile SVGs -------------------------------------------------------------


def _png() -> str:
    out = io.BytesIO()
    PIL.Image.new("RGB", (4, 2), (0, 90, 50)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


PNG = _png()

#: Pieces an SVG may have (each one element, on a line of its own).
CLEAN_PIECES = (
    '<rect id="r" width="5" height="5"/>',
    '<use href="#r" x="6"/>',
    '<use xlink:href="#r" x="12"/>',
    '<linearGradient id="g"><stop offset="0" stop-color="#063"/></linearGradient>',
    '<rect width="4" height="4" fill="url(#g)" style="stroke: url(#g)"/>',
    f'<image width="8" height="4" href="data:image/png;base64,{PNG}"/>',
    "<style>rect { stroke: #000; }</style>",
    '<a href="#r"><circle r="2"/></a>',
    "<text>„Bürger*innen“ &amp; Räte</text>",
)
#: Pieces it may not have, each with the start of the message it gives.
HOSTILE_PIECES = (
    ('<image href="file:///etc/passwd"/>', "refers to file:///etc/passwd"),
    ('<image xlink:href="http://example.org/a.png"/>', "refers to http://example.org/a.png"),
    ('<use href="andere.svg#x"/>', "refers to andere.svg#x"),
    ('<use href="../bilder/sitze.png"/>', "refers to ../bilder/sitze.png"),
    ('<filter id="f"><feImage href="https://example.org/f.png"/></filter>', "refers to https://"),
    ('<a xlink:href="https://example.org/"><rect width="1"/></a>', "refers to https://"),
    ("<style>@import 'x.css';</style>", "imports a stylesheet with @import"),
    ("<style>rect { fill: url(http://example.org/p) }</style>", "refers to http://example.org/p"),
    ('<rect style="fill: url(file:///etc/passwd)"/>', "refers to file:///etc/passwd"),
    ('<rect clip-path="url(other.svg#c)"/>', "refers to other.svg#c"),
    ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "refers to data:image/svg+xml"),
    ('<image href="data:image/jpeg;base64,' + PNG + '"/>', "embeds a picture that cannot be"),
    ("<script>alert(1)</script>", "contains a script"),
    ('<rect onload="alert(1)"/>', "has an event handler (onload)"),
    ("<foreignObject/>", "contains <foreignObject>"),
    ('<xi:include href="/etc/passwd" parse="text"/>', "includes other files with XInclude"),
)
#: DOCTYPEs: None (none), the one EPUB allows, and ones that end the parse with a problem.
DOCTYPES = (
    (None, None),
    (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        None,
    ),
    (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        "declares entities or other markup in its DOCTYPE",
    ),
    (
        "<!DOCTYPE svg [<!ENTITY a 'ha'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>"
        "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'>]>",
        "declares entities or other markup in its DOCTYPE",
    ),
    ('<!DOCTYPE svg SYSTEM "http://example.org/svg.dtd">', "has a DOCTYPE that refers to"),
)
SVG_ROOT = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:xi="http://www.w3.org/2001/XInclude" width="40" height="20">'
)


@dataclass(frozen=True)
class Svg:
    """A generated SVG and what its check must report: each problem's message start and
    SVG line, in document order (a DOCTYPE with a subset or broken markup: that alone)."""

    text: str
    expected: tuple[tuple[str, int], ...]


@st.composite
def svgs(draw: st.DrawFn) -> Svg:
    doctype, doctype_problem = draw(st.sampled_from(DOCTYPES))
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(CLEAN_PIECES).map(lambda p: (p, None)),
                st.sampled_from(HOSTILE_PIECES),
            ),
            max_size=6,
        )
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    expected: list[tuple[str, int]] = []
    if doctype:
        lines.append(doctype)
        if doctype_problem:
            expected.append((doctype_problem, len(lines)))
    lines.append(SVG_ROOT)
    for piece, problem in pieces:
        lines.extend([""] * draw(st.integers(0, 2)))
        lines.append(piece)
        if problem:
            expected.append((problem, len(lines)))
    lines.append("</svg>")
    broken = draw(st.sampled_from([None, None, None, "truncated", "undefined-entity"]))
    if broken == "truncated":
        lines[-1] = "</sv"
    elif broken == "undefined-entity":
        lines.insert(len(lines) - 1, "<text>&nbsp;</text>")
    external_dtd = doctype is not None and "[" not in doctype
    if doctype_problem and not external_dtd:
        expected = expected[:1]  # the parse stops at the DOCTYPE
    elif broken == "undefined-entity" and external_dtd:  # the DTD might declare it
        expected.append(("uses the entity &nbsp;", len(lines) - 1))
    elif broken:
        expected = [("is not well-formed XML", 0)]
    return Svg("\n".join(lines) + "\n", tuple(expected))


SVG_PROBLEM = re.compile(
    r"book/kapitel/zwei\.md:(\d+): image bilder/x\.svg (.+?)(?: \(line (\d+)\))? – .+"
)


def check_svg(svg: Svg) -> None:
    with folders() as where:
        (where.book / "bilder" / "x.svg").write_text(svg.text, encoding="utf-8")
        chapter = where.book / "kapitel" / "zwei.md"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text + "\n![Eine Grafik](bilder/x.svg)\n", encoding="utf-8")
        figure_line = text.count("\n") + 2
        os.chdir(where.book.parent)
        before = _tree(where.dist)
        _event(f"{len(svg.expected)} problem(s)")
        if not svg.expected:
            from publish.read.book import load_book

            load_book(where.book)  # read without a problem (test_sandbox builds a clean one)
            return
        result = build(where, "--jobs", "1")
        problems = assert_refused(result, where, before)
        found = []
        for line in problems:
            match = SVG_PROBLEM.fullmatch(line.removeprefix("Error: "))
            assert match, line
            assert int(match.group(1)) == figure_line
            found.append((match.group(2), int(match.group(3) or 0)))
        if svg.expected == (("is not well-formed XML", 0),):
            assert len(found) == 1 and found[0][0].startswith("is not well-formed XML (line ")
            return
        assert len(found) == len(svg.expected), (found, svg.expected)
        for (message, line), (start, expected_line) in zip(found, svg.expected, strict=True):
            assert message.startswith(start), (message, start)
            assert line == expected_line, (message, line, expected_line)


@settings(BASE, max_examples=120)
@given(svgs())
def test_hostile_svgs_are_refused_at_their_figure_and_line(home: Path, svg: Svg) -> None:
    check_svg(svg)


def test_the_svg_generator_makes_what_it_must(home: Path) -> None:
    """Every hostile piece and DOCTYPE is refused with its message when it stands alone."""
    for piece, problem in HOSTILE_PIECES:
        check_svg(Svg(f"{SVG_ROOT}\n{piece}\n</svg>\n", ((problem, 2),)))
    for doctype, problem in DOCTYPES:
        if doctype and problem:
            check_svg(Svg(f"{doctype}\n{SVG_ROOT}</svg>\n", ((problem, 1),)))
