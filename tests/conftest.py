"""Shared fixtures: the real book and the test book, each built once per test session."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from publish import model as m
from publish.importer import ImportReport, import_markdown
from publish.pipeline import BuildRequest, build
from publish.read.book import load_book
from publish.read.config import load_config

#: The tests read the messages in English, whatever the machine's locale (child processes too).
os.environ["PUBLISH_LANG"] = "en"
#: Every test build lays out everything (tests of the cache give it a folder of their own).
os.environ["PUBLISH_CACHE"] = "off"

ROOT = Path(__file__).resolve().parents[1]

#: A minimal valid book.yaml: ``{chapters}`` takes the chapter entries (``  - eins.md``),
#: ``{extra}`` more top-level keys.
BOOK_YAML = """\
metadata:
  title: "Titel"
  subtitle: "Untertitel"
  parties:
    - name: "Partei A"
      short: A
  status: Entwurf
  date: 2020-10-29
  language: de-DE
  identifier: "urn:uuid:2b1f0a52-6f6c-4d59-9a57-0d6f3c1e8a11"
  rights: "frei"
  accessibility_summary: "barrierefrei"
chapters:
{chapters}
output:
  name: test
{extra}"""
BOOK = ROOT / "book"
EVERYTHING = Path(__file__).resolve().parent / "books" / "everything"
#: The real 2018 federal coalition agreement (about 180 printed pages), beside the repo.
KOALITIONSVERTRAG = ROOT / ".." / "shared" / "corpus" / "koalitionsvertrag-2018.md"


@dataclass(frozen=True)
class Built:
    """A book, its model and the outputs built from it."""

    book: m.Book
    pdf: Path
    epub: Path


def _build(source: Path, out: Path) -> Built:
    build(BuildRequest(source, out))
    book = load_book(source)
    name = book.output.name
    return Built(book, out / f"{name}.pdf", out / f"{name}.epub")


@pytest.fixture(scope="session")
def real_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(BOOK, tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def test_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(EVERYTHING, tmp_path_factory.mktemp("everything"))


@pytest.fixture(params=["real", "everything"])
def any_book(request: pytest.FixtureRequest) -> Built:
    name = "real_book" if request.param == "real" else "test_book"
    return request.getfixturevalue(name)


@dataclass(frozen=True)
class CorpusBook:
    """The corpus imported with `publish import` and built once per test session."""

    report: ImportReport
    chapters: tuple[str, ...]
    pdf: Path
    epub: Path
    build_seconds: float


def corpus_required(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a missing corpus fails its tests (``PUBLISH_REQUIRE_CORPUS=1``, set by
    ``.ci/run``) rather than skipping them (a fresh clone with nothing beside it)."""
    return environ.get("PUBLISH_REQUIRE_CORPUS", "").strip().lower() not in ("", "0", "no")


@pytest.fixture(scope="session")
def corpus_source() -> Path:
    """The corpus file: its tests run whenever it is there, and are skipped (with the
    reason) when it is not, unless the environment makes it mandatory."""
    if not KOALITIONSVERTRAG.is_file():
        missing = f"the corpus is missing: {KOALITIONSVERTRAG.resolve()} (../shared/corpus/)"
        if corpus_required():
            pytest.fail(f"{missing}; PUBLISH_REQUIRE_CORPUS is set, so it must be there")
        pytest.skip(missing)
    return KOALITIONSVERTRAG


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, corpus_source: Path) -> CorpusBook:
    book = tmp_path_factory.mktemp("kv2018") / "book"
    report = import_markdown(corpus_source, book)
    chapters = tuple(p.read_text(encoding="utf-8") for p in report.chapters)
    started = time.monotonic()
    written = build(BuildRequest(book, book.parent / "dist"))
    seconds = time.monotonic() - started
    name = load_config(book / "book.yaml").output.name
    by_name = {path.name: path for path in written}
    return CorpusBook(report, chapters, by_name[f"{name}.pdf"], by_name[f"{name}.epub"], seconds)


# --- what a run reads -----------------------------------------------------------------------

#: The lists that record the files opened now (see :func:`opened_files`).
_RECORDING: list[list[Path]] = []


def _record_opens(event: str, args: tuple[object, ...]) -> None:
    """Python's audit hook: every ``open`` (builtins, io, os) while a recording runs."""
    if event == "open" and _RECORDING and isinstance(args[0], str | bytes | os.PathLike):
        path = Path(os.fsdecode(args[0]))
        for files in _RECORDING:
            files.append(path)


sys.addaudithook(_record_opens)


@contextmanager
def opened_files() -> Iterator[list[Path]]:
    """The files this process opens inside the block (by Python, Pillow and the rest;
    not by C code that opens files itself, e.g. a font library)."""
    files: list[Path] = []
    _RECORDING.append(files)
    try:
        yield files
    finally:
        _RECORDING.remove(files)


def read_only_inside(files: list[Path], *folders: Path) -> None:
    """Assert that every file opened lies inside ``folders`` (or is Python's own)."""
    allowed = [f.resolve() for f in folders]
    python = (sys.prefix, sys.base_prefix, *sys.path)
    allowed += [Path(p).resolve() for p in python if p and os.path.isabs(p)]
    outside = sorted(
        {str(f) for f in files if not any(f.resolve().is_relative_to(a) for a in allowed)}
    )
    assert not outside, f"files read outside the book: {outside}"


T = TypeVar("T")


def within(seconds: float, run: Callable[[], T]) -> T:
    """``run()`` in a thread that must end within ``seconds``: a read of a named pipe
    (FIFO) would block for ever, and fails the test instead of hanging it."""
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(run())
        except BaseException as caught:
            error.append(caught)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} s: something opened a named pipe?")
    if error:
        raise error[0]
    return result[0]


def ctrl_c_as_at_a_terminal() -> None:
    """For ``preexec_fn``: the child takes Ctrl+C (SIGINT) as a command started at a
    terminal does. A test run started in the background by a shell without job control has
    SIGINT ignored, every child inherits that, and Python then never sees a Ctrl+C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
