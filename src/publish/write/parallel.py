"""Parallel layout by chapter: the book's PDF made by several WeasyPrint processes at once.

Every chapter begins on a new page, so no chapter's layout depends on another's: each is
laid out and written by WeasyPrint as a document of its own (``publish.render.print``
makes them: the book's ``<head>``, one ``<main>`` with one chapter), in a pool of worker
processes. The front matter (cover, imprint, table of contents) is one more document, laid
out last, when the chapters' page counts give the page numbers of its table of contents.
``publish.write.merge`` joins the parts into one tagged PDF with pikepdf and draws what
depends on the whole book: page numbers and line numbers.

What a chapter laid out alone would get wrong, and how it is kept right:

- **Page numbers**: WeasyPrint numbers each part from 1. The workers lay the numbers out
  as usual, note where each one stands (centre, baseline, size, colour) and take its margin
  box off the page before it is drawn; the merge draws the book's numbers there, as
  artifacts, like the line numbers.
- **Left and right pages**: the margins are mirrored, and each part is laid out as if it
  began on a right-hand page. A chapter that begins on a left-hand page in the book has
  every page on the other side: the line width is the same, so only the position moves,
  and the merge moves the page's content, links, destinations and figure boxes by the
  difference of the two margins (``PartPage.mirror``).
- **Footnote numbers** count through the book (``m.Footnote.number``): each chapter's
  document resets the footnote counter to the number of footnotes before it.
- **Links to other chapters** (and the table of contents' links): a part lacks their
  targets, so the worker lends each one a placeholder destination on its first page
  (``PartResult.borrowed``); the merge keeps only the destination of the part that has it.
- **The table of contents' page numbers** (``target-counter`` in print.css): the front
  matter's document is made with the numbers written into the links (``data-page``, read
  with ``attr()``), from the chapters' page counts and the front matter's own length, which
  is guessed and checked (and the document made and laid out again if the guess was wrong).
  The guess is the length of the front matter's early layout: with several processes, one
  lays it out (not written, every heading on page 100) while the first chapter's document
  is made. Its pages also give the book's layout map before the real front matter is laid
  out (:attr:`FrontMatter.expected`), so the EPUB and the web edition begin at once, and
  are made again from the real map should it differ.
- **Running heads** (``string(chapter)``) come from the chapter's own ``<h1>`` and need no
  help; ``:first`` page rules would (each part has a first page), so print.css uses none.

Processes: ``fork`` where it is safe (the process has a single thread: nothing can hold a
lock the child would inherit), else ``forkserver`` with WeasyPrint preloaded in the server.
What the workers do with WeasyPrint is in ``publish.write.partlayout``, which they import
when they start; the build's process never imports WeasyPrint. The build starts the pool
before it reads the source (:func:`layout_pool`, ``publish.pipeline``), so the workers
import WeasyPrint while it reads and makes the first documents, on a core that would be
idle. Each worker reads the fonts and stylesheets once and keeps them for all its parts.
Chapters are handed out largest first, so the last ones to finish are small, and as soon
as each one's document is made (:class:`PrintDocuments`: the build hyphenates and renders a
chapter while the ones before it are laid out). Once the chapters are laid out, the pool takes other
work that needs the layout map (:meth:`ParallelLayout.submit`: the EPUB, the web edition)
beside the front matter, while this process merges. ``jobs=1`` does everything in this
process, one after the other.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from publish import model as m
from publish.collection import call_paused, frozen
from publish.errors import OutputError
from publish.layout import LayoutMap, PartLayout
from publish.paths import STYLES
from publish.tree import chapter_inlines
from publish.write.cache import BuildCache
from publish.write.linenumbers import LINE_NUMBER_FONT
from publish.write.merge import BookParts, PartResult, RenderedPdf, merge_book
from publish.write.problems import LayoutProblems, part_error

T = TypeVar("T")

#: What the layout's processes run, with WeasyPrint: imported by them, not by the build's
#: process (:func:`_start_worker`).
WORKER_MODULE = "publish.write.partlayout"
#: How often the front matter is laid out again when its length was guessed wrong.
FRONT_ATTEMPTS = 3
#: The page every heading is given in the front matter's early layout (three digits, as
#: in most agreements).
PROBE_PAGE = 100


# --- what a worker does ------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What every part is laid out with (picklable: it goes to the workers)."""

    root: Path
    styles: Path
    page_size: str
    pdf_ua: int
    identifier: str


def lay_out_chapter(settings: Settings, html: str) -> PartResult:
    """A chapter (its HTML document) as a PDF of its own (in a worker:
    :func:`publish.write.partlayout.lay_out_chapter`)."""
    from publish.write import partlayout

    return partlayout.lay_out_chapter(settings, html)


def lay_out_front(settings: Settings, html: str, pages: int) -> PartResult:
    """The front matter, its table of contents numbered for a front matter of ``pages``
    pages (in a worker: :func:`publish.write.partlayout.lay_out_front`)."""
    from publish.write import partlayout

    return partlayout.lay_out_front(settings, html, pages)


def probe_front(settings: Settings, html: str) -> PartLayout:
    """The front matter's pages, laid out (not written) with its table of contents numbered
    for a guess (in a worker: :func:`publish.write.partlayout.probe_front`)."""
    from publish.write import partlayout

    return partlayout.probe_front(settings, html)


# --- the book ------------------------------------------------------------------------------


@dataclass
class Timings:
    """Where the time of a parallel layout went, for benchmarks and profiles: wall-clock
    seconds per stage (``chapters``, ``front``, ``merge``, ``total``), processor seconds of
    each part (front matter first) and of each worker's chapters."""

    wall: dict[str, float] = field(default_factory=dict)
    parts: list[float] = field(default_factory=list)
    workers: dict[int, float] = field(default_factory=dict)


def render_pdf_parallel(
    documents: PrintDocuments,
    book: m.Book,
    styles: Path = STYLES,
    *,
    jobs: int | None = None,
    timings: Timings | None = None,
    cache: BuildCache | None = None,
) -> RenderedPdf:
    """What :func:`publish.write.pdf.render_pdf` makes of the whole book's document, laid
    out from the book's ``documents`` (``publish.pipeline.print_documents``) in ``jobs``
    processes (default: one per core; 1: in this process). The PDF is the same, byte for
    byte, whatever ``jobs`` is; ``timings`` receives where the time went."""
    with ParallelLayout(documents, book, styles, jobs=jobs, timings=timings, cache=cache) as pdf:
        return pdf.merge(pdf.parts())


@dataclass(frozen=True)
class PrintDocuments:
    """The documents the PDF is laid out from (``publish.render.print``), made when the
    layout asks for them: each chapter's (index and HTML, largest chapters first, so the
    last ones to finish are small), then the front matter's, given the page numbers of
    its table of contents (heading id → page)."""

    front: Callable[[Mapping[str, int]], str]
    chapters: Iterable[tuple[int, str]]
    #: The headings the table of contents gives pages for (their ids): with them, the
    #: front matter is laid out once early, to know its pages before the chapters' page
    #: numbers are known (:attr:`FrontMatter.expected`).
    headings: tuple[str, ...] = ()


def largest_first(book: m.Book) -> list[int]:
    """The chapters' indexes, the longest text first."""
    length = {
        index: sum(
            len(node.text) for _, node in chapter_inlines(chapter) if isinstance(node, m.Text)
        )
        for index, chapter in enumerate(book.chapters)
    }
    return sorted(length, key=lambda index: -length[index])


class ParallelLayout:
    """The book's parts laid out in a pool of processes, then merged (in this process).

    The pool starts on the first chapter while the next ones are still being made (their
    documents come from an iterator), and while this process merges, the pool's processes
    are free: :meth:`submit` gives them other work that needs the layout map, such as the
    EPUB and the web edition. Use it as a context manager; the pool ends with the block::

        with ParallelLayout(documents, book) as layout:
            parts = layout.parts()
            epub = layout.submit(build_epub, book, EpubOptions(..., parts.layout()))
            pdf = layout.merge(parts)
            data = epub.result()
    """

    def __init__(
        self,
        documents: PrintDocuments,
        book: m.Book,
        styles: Path = STYLES,
        *,
        jobs: int | None = None,
        timings: Timings | None = None,
        cache: BuildCache | None = None,
        pool: Executor | None = None,
    ) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.documents, self.book, self.styles, self.cache = documents, book, styles, cache
        self.timings = timings if timings is not None else Timings()
        self.started = time.perf_counter()
        self.settings = Settings(
            book.root, styles, book.output.page_size, book.output.pdf_ua, book.metadata.identifier
        )
        self._given = pool
        if pool is not None:  # started before the book was read (publish.pipeline)
            self.jobs = _workers(pool)
        else:
            self.jobs = min(jobs or available_cores(), len(book.chapters) + 1)
        self._stack = contextlib.ExitStack()
        self.pool: Executor = _InProcess()
        self._probe: Future[PartLayout] | None = None

    def __enter__(self) -> ParallelLayout:
        if self._given is None:
            self.pool = self._stack.enter_context(layout_pool(self.jobs))
        else:  # what exists now (the model) is left out of collections, as layout_pool does
            self.pool = self._given
            self._stack.enter_context(frozen())
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def parts(self) -> BookParts:
        """The chapters (from the cache, or laid out in the pool as their documents come),
        then the front matter, its table of contents numbered from the chapters' page
        counts."""
        return self.front(self.chapters()).parts()

    def chapters(self) -> tuple[PartResult, ...]:
        """The chapters, from the cache or laid out in the pool as their documents come (in
        the pool, the front matter is laid out first with guessed page numbers: see
        :meth:`front`)."""
        self._probe = self._start_probe()
        futures: dict[int, Future[PartResult]] = {}
        keys: dict[int, str] = {}
        done: dict[int, PartResult] = {}
        for index, document in self.documents.chapters:
            keys[index], cached = self._cached(document)
            if cached is not None:
                done[index] = cached
            else:
                futures[index] = self.submit(lay_out_chapter, self.settings, document)
        index_of = {future: index for index, future in futures.items()}
        for future in as_completed(futures.values()):  # the first failure ends the wait
            with self._named(index_of[future]):
                future.result()
        for index, future in futures.items():  # only what was laid out now is kept
            done[index] = self._keep(keys[index], future.result())
        chapters = tuple(done[index] for index in range(len(self.book.chapters)))
        self.timings.wall["chapters"] = time.perf_counter() - self.started
        for chapter in chapters:
            workers = self.timings.workers
            workers[chapter.worker] = workers.get(chapter.worker, 0.0) + chapter.cpu
        return chapters

    def front(self, chapters: tuple[PartResult, ...]) -> FrontMatter:
        """The front matter, its table of contents numbered from the chapters' pages, begun
        in the pool: :meth:`FrontMatter.parts` waits for it. Meanwhile its
        :attr:`~FrontMatter.expected` layout map (that of the early layout, if it went
        ahead) lets other work begin."""
        return FrontMatter(self, chapters, self._probe)

    def _start_probe(self) -> Future[PartLayout] | None:
        """The front matter laid out in the pool before the chapters, each heading given
        page 100, to know its pages (with several processes: one is free while the first
        chapter's document is made)."""
        if self.jobs < 2 or not self.documents.headings:
            return None
        html = self.documents.front(dict.fromkeys(self.documents.headings, PROBE_PAGE))
        return self.submit(probe_front, self.settings, html)

    @contextmanager
    def _named(self, chapter: int | None) -> Iterator[None]:
        """A layout problem of chapter ``chapter`` (None: the front matter, made from
        book.yaml and the headings) is named at its source (publish.write.problems)."""
        try:
            yield
        except LayoutProblems as error:
            raise part_error(error.problems, self.book, chapter) from None

    def _cached(self, document: str) -> tuple[str, PartResult | None]:
        """The cache key of a part laid out from ``document``, and the part if the cache
        has it (anything else in the cache counts as missing)."""
        if not self.cache:
            return "", None
        key = self.cache.part_key(document, self.book.root, self.settings, self.styles)
        part = self.cache.get_part(key)
        return key, part if isinstance(part, PartResult) else None

    def _keep(self, key: str, part: PartResult) -> PartResult:
        if self.cache:
            self.cache.put_part(key, part)
        return part

    def submit(self, function: Callable[..., T], /, *args: Any) -> Future[T]:
        """Run ``function(*args)`` in the pool (arguments and result are pickled; with one
        process, it runs at once, here)."""
        return submit(self.pool, function, *args)

    def merge(self, parts: BookParts) -> RenderedPdf:
        """The book's PDF, with page and line numbers (in this process)."""
        merging = time.perf_counter()
        output = self.book.output
        merged = merge_book(
            parts, output.line_numbers, self.styles / LINE_NUMBER_FONT, pdf_ua=output.pdf_ua
        )
        self.timings.wall["merge"] = time.perf_counter() - merging
        self.timings.wall["total"] = time.perf_counter() - self.started
        return merged


class FrontMatter:
    """The front matter of a :class:`ParallelLayout`, its table of contents numbered from
    the chapters' page counts and its own length: guessed, and the document made and laid
    out again while the guess turns out wrong. From the cache if it was laid out with the
    same page numbers.

    ``expected`` is the book's layout map as it will be if the front matter has the pages
    of its early layout (:meth:`ParallelLayout.chapters`): work that needs the map can
    begin before the front matter is laid out, and check it against :meth:`parts`'s
    (``None``: no early layout, or the front matter came from the cache)."""

    def __init__(
        self,
        layout: ParallelLayout,
        chapters: tuple[PartResult, ...],
        probe: Future[PartLayout] | None = None,
    ) -> None:
        self.layout, self.chapters = layout, chapters
        self.started = time.perf_counter()
        self.body_pages = _body_pages(list(chapters))  # from the first chapter page
        from_body = layout.documents.front(self.body_pages)
        self.key, self.done = layout._cached(from_body)
        self.guess = _guess(from_body)
        self.expected: LayoutMap | None = None
        self.pending: Future[PartResult] | None = None
        if self.done is not None:
            return
        if probe is not None and probe.cancel():  # not begun yet: of no use now
            probe = None
        if probe is not None:
            with layout._named(None):
                early = probe.result()
            self.guess = len(early.pages)
            blank = PartResult(b"", early, {}, frozenset(), ())
            self.expected = BookParts(blank, chapters).layout()
        self.pending = self._submit(self.guess)

    def _submit(self, pages: int) -> Future[PartResult]:
        html = self.layout.documents.front({k: p + pages for k, p in self.body_pages.items()})
        return self.layout.submit(lay_out_front, self.layout.settings, html, pages)

    def parts(self) -> BookParts:
        """The front matter and the chapters, once the front matter is laid out."""
        front = self.done if self.done is not None else self._wait()
        timings = self.layout.timings
        timings.wall["front"] = time.perf_counter() - self.started
        timings.parts = [part.cpu for part in (front, *self.chapters)]
        return BookParts(front, self.chapters)

    def _wait(self) -> PartResult:
        guess, pending = self.guess, self.pending
        with self.layout._named(None):
            for _ in range(FRONT_ATTEMPTS):
                assert pending is not None
                result = pending.result()
                if result.pages == guess:
                    return self.layout._keep(self.key, result)
                guess = result.pages
                pending = self._submit(guess)
        raise OutputError(f"the front matter does not settle on a length ({guess} pages?)")


def _body_pages(chapters: list[PartResult]) -> dict[str, int]:
    """Every anchor of the chapters → its page, counted from the first chapter page (1)."""
    pages: dict[str, int] = {}
    offset = 1
    for chapter in chapters:
        for name, index in chapter.anchors.items():
            pages.setdefault(name, offset + index)
        offset += chapter.pages
    return pages


def _guess(front_html: str) -> int:
    """The front matter's length before it is laid out: cover, imprint and the table of
    contents at about 26 entries a page (a wrong guess costs one more layout)."""
    entries = front_html.count("<li")
    return 2 + max(1, -(-entries // 26))


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def layout_pool(workers: int) -> Iterator[Executor]:
    """``workers`` processes (1: this one) that run each job with the cycle collector
    paused, and collect its garbage after it; what exists now (the model) is frozen until
    they end (publish.collection). They start with the first job (:func:`submit`), and
    import WeasyPrint then (:func:`_start_worker`)."""
    with frozen():
        if workers <= 1:
            try:
                yield _InProcess()
            finally:
                _close_sessions()
            return
        context = _context()
        # a forked worker's parent is this process; the forkserver's are the server's
        parent = os.getpid() if context.get_start_method() == "fork" else None
        pool = _Pool(workers, mp_context=context, initializer=_start_worker, initargs=(parent,))
        try:
            yield pool
        finally:  # after a failure, the chapters not yet begun are not laid out in vain
            pool.shutdown(wait=True, cancel_futures=True)


def submit(pool: Executor, function: Callable[..., T], /, *args: Any) -> Future[T]:
    """Run ``function(*args)`` in ``pool`` (:func:`layout_pool`), with SIGTERM and Ctrl+C
    held while it may start the workers."""
    with _signals_held():
        return pool.submit(function, *args)


def _workers(pool: Executor) -> int:
    """How many processes ``pool`` (:func:`layout_pool`) has."""
    return pool.workers if isinstance(pool, _Pool) else 1


class _Pool(ProcessPoolExecutor):
    """Worker processes that run each job as a unit of the build (publish.collection)."""

    def __init__(self, workers: int, **options: Any) -> None:
        super().__init__(workers, **options)
        self.workers = workers

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return super().submit(call_paused, fn, *args, **kwargs)


def _start_worker(parent: int | None) -> None:
    """A worker first ties its end to the build's process (``parent``: its process id if
    the worker was forked from it), then starts without sessions (a forked one must not use
    its parent's) and closes its own when it exits: WeasyPrint's font configuration keeps
    the book's fonts in a temporary folder, removed when it is collected, which a worker's
    ``os._exit`` would skip. Last, it imports WeasyPrint (:data:`WORKER_MODULE`), which the
    build's process does not: the pool starts before the source is read, so the workers
    import it while the build's process reads the source and makes the first documents."""
    _die_with_parent(parent)
    gc.enable()  # (forked while the collector was paused: its jobs pause it themselves)
    _drop_sessions()
    multiprocessing.util.Finalize(None, _close_sessions, exitpriority=0)
    # The build's process handles SIGTERM and Ctrl+C (publish.write.files): a worker that
    # inherited its handler would print a traceback when the whole process group is told
    # to stop. A worker just ends on SIGTERM, and leaves Ctrl+C to the build.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)  # forked while they were held
    # Only a head start: should the import fail (no Pango), the first job that needs it
    # fails with the same error, and the build reports it (an initializer's error would
    # break the pool and print its traceback).
    with contextlib.suppress(Exception):
        importlib.import_module(WORKER_MODULE)


#: The signals the build's process holds back while it starts workers.
HELD = {signal.SIGTERM, signal.SIGINT}


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGTERM and Ctrl+C wait while worker processes are forked: Python runs its fork
    handlers then (logging's locks among them), and an exception raised by a signal
    handler inside them would be lost. They are handled when the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: Linux's prctl option: the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int | None) -> None:
    """A worker ends when the build's process ends, even by SIGKILL (which no handler sees):
    else it would go on holding the build's output pipes and memory. A forked worker whose
    parent ended before it could ask for that (between the fork and here) ends at once.
    The C library is the one already loaded (``find_library`` would start ``ldconfig``, and
    widen that gap)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: workers end with the pool
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _drop_sessions() -> None:
    layout = sys.modules.get(WORKER_MODULE)  # not imported: no sessions
    if layout is not None:
        layout.SESSIONS.clear()


def _close_sessions() -> None:
    _drop_sessions()
    gc.collect()


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` if this process has a single thread (no lock can be held by another one),
    else ``forkserver`` with the workers' module (and so WeasyPrint) loaded once in the
    server."""
    if _threads() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE])
    return context


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # no procfs: assume the worst
        return 2


class _InProcess(Executor):
    """Runs each job at once in this process (``jobs=1``), as a unit of the build
    (publish.collection)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(call_paused(fn, *args, **kwargs))
        except BaseException as error:  # handed on to whoever asks for the result
            future.set_exception(error)
        return future
