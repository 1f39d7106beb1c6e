"""``publish watch``: a live preview while the agreement is edited.

Three parts, each in its own thread:

- the **watcher** (watchfiles) sees every change in the book folder and ``styles/`` and
  renders the preview at once: read, typeset, web HTML – a fraction of a second, no layout.
  Once the outputs are built, the preview carries their page and line numbers (from
  ``NAME.layout.json`` in the output folder, while it matches the text), so „Zitieren“
  works in it as in the web edition;
- the **preview server** (``http.server`` on localhost) serves that page, its stylesheet,
  fonts and images, the outputs in the output folder under ``/dist/``, and ``/events``: a
  server-sent event stream with the preview's version, on which the page reloads itself
  (keeping its scroll position). The page's search index (Pagefind, ``/pagefind/…``) is
  made when a search first asks for it, once per version: the page never waits for it;
- the **output builder** runs ``publish build`` in a child process whenever the source
  changed, one build at a time; a change during a build starts the next one after it.
  The preview's status line says how it went and links to the PDF and the EPUB.

A problem in the source never stops the watch: the terminal and the page list every
problem (file, line, what to do), and the page keeps showing the last good text below them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import http.server
import mimetypes
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import watchfiles

from publish import model as m
from publish.errors import BookError, display_path
from publish.layout import LayoutMap
from publish.paths import STYLES, read_by_the_build
from publish.read.book import load_book
from publish.render.search import BUNDLE, SearchIndexError, search_index
from publish.render.web import Preview, WebOptions, render_web
from publish.typography import typeset

#: How long the watcher waits for more changes before it renders (milliseconds).
DEBOUNCE_MS = 150
#: What watchfiles leaves out by default: editors' temporaries, .git, __pycache__.
DEFAULT_FILTER = watchfiles.DefaultFilter()


@dataclass
class PreviewState:
    """What the server shows: the preview's files and their version, replaced together."""

    files: dict[str, bytes] = field(default_factory=dict)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, make: Callable[[int], dict[str, bytes]]) -> None:
        """Render the next version with ``make(version)`` and show it."""
        with self.changed:
            files = make(self.version + 1)
            self.files = files
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def shown(self) -> tuple[int, dict[str, bytes]]:
        """The version shown and its files."""
        with self.changed:
            return self.version, self.files


class PreviewSession:
    """One watch of one book: renders the preview and runs the output builds."""

    def __init__(
        self,
        book_dir: Path,
        out_dir: Path,
        styles: Path = STYLES,
        build_outputs: bool = True,
        echo: Callable[[str], None] = print,
    ) -> None:
        self.book_dir = book_dir.resolve()
        self.out_dir = out_dir.resolve()
        self.styles = styles
        self.build_outputs = build_outputs
        self.echo = echo
        self.state = PreviewState()
        self.book: m.Book | None = None  # the last book without problems
        self.problems: tuple[str, ...] = ()
        self.warnings: tuple[str, ...] = ()  # what book.yaml still asks someone to check
        self.outputs = "werden gebaut …" if build_outputs else "nicht gebaut (--no-build)"
        self.stopped = threading.Event()
        #: An unexpected exception in one of the watch's threads: it ends the watch, and
        #: the command reports it (publish.crash).
        self.failure: BaseException | None = None
        self._build_wanted = threading.Event()
        self._layout: tuple[tuple[int, int], LayoutMap] | None = None
        self._search_lock = threading.Lock()
        self._search: tuple[int, dict[str, bytes]] = (-1, {})
        self._told_no_search = False

    # --- the preview ---------------------------------------------------------------------

    def render(self) -> None:
        """Read the book and show it; a book with problems shows them above the last good
        text, and in the terminal."""
        started = time.perf_counter()
        try:
            book = typeset(load_book(self.book_dir))
        except BookError as error:
            self.problems = tuple(str(d) for d in error.diagnostics)
            self.echo(_stamp(f"{len(self.problems)} problem(s) in the book:"))
            for problem in self.problems:
                self.echo(f"  {problem}")
            self.show()
            return
        self.book, self.problems = book, ()
        warnings = tuple(str(w) for w in book.warnings)
        if warnings and warnings != self.warnings:  # said once, and again when they change
            self.echo(_stamp(f"{len(warnings)} warning(s) in the book:"))
            for warning in warnings:
                self.echo(f"  {warning}")
        self.warnings = warnings
        self.show()
        self.echo(_stamp(f"preview updated ({time.perf_counter() - started:.2f} s)"))
        self._build_wanted.set()

    def show(self) -> None:
        self.state.publish(self._files)

    def _files(self, version: int) -> dict[str, bytes]:
        if self.book is None:
            return {"index.html": _problems_only(self.problems, version)}
        name = self.book.output.name
        downloads = tuple(
            (label, f"/dist/{name}{suffix}")
            for label, suffix in (("PDF", ".pdf"), ("EPUB", ".epub"))
            if (self.out_dir / f"{name}{suffix}").is_file()
        )
        preview = Preview(f"PDF und EPUB: {self.outputs}", str(version), downloads)
        # The last build's page and line numbers; the page leaves them out if the text
        # changed since (render_web checks that the layout was made from this text).
        layout = self._last_layout(self.book)
        options = WebOptions(
            self.styles,
            layout=layout,
            preview=preview,
            problems=self.problems,
            warnings=self.warnings,
        )
        return render_web(self.book, options)

    def _last_layout(self, book: m.Book) -> LayoutMap | None:
        """The layout map of the last build in the output folder (read again when it
        changes), or None."""
        path = self.out_dir / f"{book.output.name}.layout.json"
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            if self._layout is None or self._layout[0] != stamp:
                self._layout = (stamp, LayoutMap.from_json(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            return None
        return self._layout[1]

    # --- the search index ----------------------------------------------------------------

    def search_file(self, name: str) -> bytes | None:
        """A file of the search index of the page shown (``pagefind/…``), indexed now if
        this version has not been yet (the page's requests for it wait here together)."""
        with self._search_lock:
            version, files = self.state.shown()
            if self._search[0] != version:
                try:
                    bundle = search_index(files)
                except SearchIndexError as error:
                    bundle = {}
                    if not self._told_no_search:
                        self._told_no_search = True
                        self.echo(_stamp(f"warning: {error}"))
                self._search = (version, bundle)
            return self._search[1].get(name)

    # --- the outputs ---------------------------------------------------------------------

    def build_loop(self) -> None:
        """Build all outputs in a child process whenever the source changed."""
        while not self.stopped.is_set():
            if not self._build_wanted.wait(0.2):
                continue
            self._build_wanted.clear()
            self.outputs = "werden gebaut …"
            self.show()
            started = time.perf_counter()
            command = [sys.executable, "-m", "publish", "build", str(self.book_dir)]
            result = subprocess.run(
                [*command, "--out", str(self.out_dir)], capture_output=True, text=True, check=False
            )
            seconds = time.perf_counter() - started
            if result.returncode == 0:
                self.outputs = f"aktuell ({dt.datetime.now():%H:%M:%S}, {seconds:.1f} s)"
                self.echo(_stamp(f"outputs built in {seconds:.1f} s"))
            else:
                self.outputs = "nicht gebaut, siehe Terminal"
                self.echo(_stamp("the outputs could not be built:"))
                self.echo(result.stderr.strip())
            self.show()

    # --- the watcher ---------------------------------------------------------------------

    def watch_loop(self) -> None:
        for _changes in watchfiles.watch(
            self.book_dir,
            self.styles,
            watch_filter=self.read_by_the_build,
            debounce=DEBOUNCE_MS,
            step=50,
            stop_event=self.stopped,
        ):
            self.render()

    def read_by_the_build(self, change: watchfiles.Change, path: str) -> bool:
        """A change the preview and the build see: watchfiles' default filter (editors'
        temporaries, version control), and no amendment or edition (``publish amend``)."""
        return DEFAULT_FILTER(change, path) and read_by_the_build(Path(path), self.book_dir)


def _stamp(text: str) -> str:
    return f"[{dt.datetime.now():%H:%M:%S}] {text}"


def _problems_only(problems: tuple[str, ...], version: int) -> bytes:
    """The page while the book has never been read without problems."""
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Probleme</title>'
        '</head><body><main><section class="problems">'
        f"<h1>{len(problems)} Problem(e) im Text</h1><ul>{items}</ul></section></main>"
        "<script>new EventSource('/events').onmessage = function (e) {"
        f" if (e.data !== '{version}') location.reload(); }};</script></body></html>"
    ).encode()


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """``/`` the preview, ``/events`` its versions, ``/dist/NAME`` the outputs."""

    session: PreviewSession  # set on the subclass made per server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = unquote(urlparse(self.path).path)
        if path == "/events":
            self._events()
            return
        if path.startswith("/dist/"):
            self._output(path.removeprefix("/dist/"))
            return
        name = path.lstrip("/") or "index.html"
        if name.startswith(f"{BUNDLE}/"):
            data = self.session.search_file(name)
        else:
            data = self.session.state.files.get(name)
        if data is None:
            self.send_error(404)
            return
        self._send(data, mimetypes.guess_type(name)[0] or "application/octet-stream")

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind if "charset" in kind else _charset(kind))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _output(self, name: str) -> None:
        if "/" in name or name.startswith("."):
            self.send_error(404)
            return
        path = self.session.out_dir / name
        if not path.is_file():
            self.send_error(404)
            return
        self._send(path.read_bytes(), mimetypes.guess_type(name)[0] or "application/octet-stream")

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.session.state
        seen = -1
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            while not self.session.stopped.is_set():
                version = state.wait_for_change(seen, timeout=10.0)
                self.wfile.write(f"data: {version}\n\n".encode())
                self.wfile.flush()
                seen = version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the terminal shows builds and problems, not every request."""


def _charset(kind: str) -> str:
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


@contextlib.contextmanager
def serving(session: PreviewSession, port: int = 8000) -> Iterator[http.server.HTTPServer]:
    """Run the preview: first render, server, watcher and builder threads, until exit."""
    session.render()
    handler = type("Handler", (PreviewHandler,), {"session": session})
    server = _PreviewServer(("127.0.0.1", port), handler)
    server.session = session
    server.daemon_threads = True
    threads = [
        threading.Thread(target=_guarded(session, server.serve_forever), daemon=True),
        threading.Thread(target=_guarded(session, session.watch_loop), daemon=True),
    ]
    if session.build_outputs:
        threads.append(threading.Thread(target=_guarded(session, session.build_loop), daemon=True))
    for thread in threads:
        thread.start()
    try:
        yield server
    finally:
        session.stopped.set()
        server.shutdown()
        server.server_close()


def _guarded(session: PreviewSession, run: Callable[[], None]) -> Callable[[], None]:
    """``run`` in a thread of the watch: an unexpected exception is kept for the command
    to report, and stops the watch (a thread's exception would print a traceback)."""

    def guarded() -> None:
        try:
            run()
        except Exception as error:
            if session.failure is None:
                session.failure = error
            session.stopped.set()

    return guarded


class _PreviewServer(http.server.ThreadingHTTPServer):
    """The preview's server: a request that fails unexpectedly stops the watch like a
    failing thread; a browser that goes away is no failure."""

    session: PreviewSession

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, Exception) and not isinstance(error, ConnectionError):
            if self.session.failure is None:
                self.session.failure = error
            self.session.stopped.set()


def url_of(server: http.server.HTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/"


def describe(session: PreviewSession) -> str:
    return f"watching {display_path(session.book_dir)} and {display_path(session.styles)}"
