"""Faults while writing dist/: killed, stopped, failing and concurrent builds.

The builds run as real processes (``python -m publish build``). Where a test must stop a build
at an exact moment (every temporary written, the renames half done), it runs the same command
through ``HOOKED``: a launcher that pauses the build at the n-th call of ``os.fsync``,
``os.replace`` or a function of the pipeline until the test opens a gate (a file); the
launcher tells the test that it has reached the pause with a second file. If the pipeline
stops calling the hooked function, the pause is never reached and the test fails, rather than
passing unchecked.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EVERYTHING, ctrl_c_as_at_a_terminal

import publish
from publish.cli import main
from publish.write.files import (
    STALE_AFTER_SECONDS,
    TEMPORARY_NAME,
    _host_tag,
    remove_stale_temporaries,
)

EPOCH = "1604966400"
SRC = Path(publish.__file__).resolve().parents[1]
OUTPUTS = (
    "testbuch.pdf",
    "testbuch.layout.json",
    "testbuch-print.pdf",
    "testbuch-booklet.pdf",
    "testbuch.epub",
)
#: The web edition's many small files would only blur the counting of writes here.
FORMAT_OPTIONS = ("--format", "pdf", "--format", "epub")
OTHER_OUTPUTS = tuple(name.replace("testbuch", "anderesbuch") for name in OUTPUTS)
#: Files in dist/ that are not this tool's; a build leaves them alone.
FOREIGN = {"notizen.txt": b"eigene Notizen", ".testbuch.pdf.k3j2h1g0.tmp": b"not ours"}

HOOKED = r"""
import os, sys, time
from pathlib import Path

point, count, gate = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
calls = 0

def hooked(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == count:
            Path(str(gate) + ".reached").touch()
            while not gate.exists():
                time.sleep(0.005)
        return real(*args, **kwargs)
    return call

import publish.pipeline
module = os if hasattr(os, point) else publish.pipeline
setattr(module, point, hooked(getattr(module, point)))

from publish.cli import main
main(["build", *sys.argv[4:]], prog_name="publish")
"""


def _environment() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": path}


def _command(book: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "publish", "build", *FORMAT_OPTIONS, str(book), "--out", str(out)]


def _start(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_as_at_a_terminal,
    )


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=_environment(), capture_output=True, text=True, timeout=120)


def _finish(process: subprocess.Popen[str], signum: int | None = None) -> tuple[int, str]:
    """Send ``signum`` (if any), wait for the process (so its id is free) and return its exit
    code and standard error."""
    if signum is not None:
        process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        for stream in (process.stdout, process.stderr):  # closed even if a worker holds them
            if stream is not None:
                stream.close()
    return process.returncode, stderr


@dataclass
class Paused:
    """A build run through ``HOOKED``, paused (once :meth:`reached`) until :meth:`release`."""

    process: subprocess.Popen[str]
    gate: Path

    @classmethod
    def start(cls, point: str, count: int, book: Path, out: Path, gate: Path) -> Paused:
        command = [sys.executable, "-c", HOOKED, point, str(count), str(gate)]
        return cls(_start([*command, *FORMAT_OPTIONS, str(book), "--out", str(out)]), gate)

    def reached(self) -> None:
        marker = Path(f"{self.gate}.reached")
        deadline = time.monotonic() + 120
        while not marker.exists():
            if self.process.poll() is not None:
                code, stderr = _finish(self.process)
                pytest.fail(f"the build ended ({code}) before its pause:\n{stderr}")
            if time.monotonic() > deadline:
                _finish(self.process, signal.SIGKILL)
                pytest.fail("the build never reached its pause")
            time.sleep(0.005)

    def release(self) -> None:
        self.gate.touch()


def _hashes(folder: Path, names: tuple[str, ...] = OUTPUTS) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}


def _temporaries(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if TEMPORARY_NAME.fullmatch(n))


@dataclass(frozen=True)
class Books:
    """The test book (old), a changed copy of it (new, same output names) and another book
    (other names), each built alone once with the same SOURCE_DATE_EPOCH."""

    old: Path
    new: Path
    other: Path
    old_hashes: dict[str, str]
    new_hashes: dict[str, str]
    other_hashes: dict[str, str]
    old_dist: Path
    seconds: float  # one build of the old book in its own process

    def dist(self, folder: Path) -> Path:
        """A dist/ folder with the old book's outputs and two files that are not ours."""
        shutil.copytree(self.old_dist, folder)
        for name, data in FOREIGN.items():
            (folder / name).write_bytes(data)
        return folder

    def assert_old_or_new(self, dist: Path) -> dict[str, str]:
        """Every output is complete: byte-identical to the old or to the new build. Besides
        them only the foreign files and temporaries of this tool are there."""
        hashes = _hashes(dist)
        for name, digest in hashes.items():
            assert digest in (self.old_hashes[name], self.new_hashes[name]), name
        others = set(os.listdir(dist)) - set(OUTPUTS) - set(FOREIGN)
        assert others == set(_temporaries(dist))
        for name, data in FOREIGN.items():
            assert (dist / name).read_bytes() == data
        return hashes

    def assert_only(self, dist: Path, hashes: dict[str, str]) -> None:
        """The outputs are exactly ``hashes``, and nothing else is left but the foreign files."""
        assert sorted(os.listdir(dist)) == sorted([*OUTPUTS, *FOREIGN])
        assert _hashes(dist) == hashes


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Books:
    root = tmp_path_factory.mktemp("faults")
    new = root / "new"
    shutil.copytree(EVERYTHING, new)
    chapter = new / "kapitel" / "eins.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace("Ein Absatz mit", "Ein geänderter, deutlich längerer Absatz mit", 1)
        + "\n## Nachtrag {#nachtrag}\n\nEin neuer Absatz, der die Zeilen verschiebt.\n",
        encoding="utf-8",
    )
    other = root / "other"
    shutil.copytree(EVERYTHING, other)
    config = other / "book.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("name: testbuch", "name: anderesbuch")
        .replace("Testbuch – alle Bausteine", "Ein anderes Buch"),
        encoding="utf-8",
    )
    # Each alone, in its own process: in this one, fonts may have been made at another time.
    seconds = 0.0
    for book, out in ((new, "new-dist"), (other, "other-dist"), (EVERYTHING, "old-dist")):
        started = time.monotonic()
        result = _run(_command(book, root / out))
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stderr
    books = Books(
        EVERYTHING,
        new,
        other,
        _hashes(root / "old-dist"),
        _hashes(root / "new-dist"),
        _hashes(root / "other-dist", OTHER_OUTPUTS),
        root / "old-dist",
        seconds,
    )
    changed = [n for n in OUTPUTS if books.old_hashes[n] != books.new_hashes[n]]
    assert changed == list(OUTPUTS), "the changed book must change every output"
    return books


def test_sigkill_at_any_moment_leaves_each_output_old_or_new(books: Books, tmp_path: Path) -> None:
    dist = books.dist(tmp_path / "dist")

    def restore_old() -> None:  # the temporaries a kill left stay, for the last build
        for name in OUTPUTS:
            shutil.copyfile(books.old_dist / name, dist / name)

    # At fixed moments across a build: starting, reading, laying out, writing.
    for fraction in (0.25, 0.55, 0.85):
        process = _start(_command(books.new, dist))
        time.sleep(fraction * books.seconds)
        _finish(process, signal.SIGKILL)
        books.assert_old_or_new(dist)
        restore_old()

    # As soon as a temporary shows in dist/.
    process = _start(_command(books.new, dist))
    before = set(_temporaries(dist))
    while process.poll() is None and set(_temporaries(dist)) <= before:
        time.sleep(0.001)
    _finish(process, signal.SIGKILL)
    books.assert_old_or_new(dist)
    restore_old()

    # With every temporary written and synced, before the first rename: nothing is new yet.
    paused = Paused.start("fsync", len(OUTPUTS), books.new, dist, tmp_path / "gate-1")
    paused.reached()
    _finish(paused.process, signal.SIGKILL)
    assert books.assert_old_or_new(dist) == books.old_hashes
    assert len(_temporaries(dist)) >= len(OUTPUTS)  # left behind: SIGKILL cannot be handled

    # In the middle of the renames: a mix, but each file complete.
    paused = Paused.start("replace", 3, books.new, dist, tmp_path / "gate-2")
    paused.reached()
    _finish(paused.process, signal.SIGKILL)
    hashes = books.assert_old_or_new(dist)
    assert hashes != books.old_hashes and hashes != books.new_hashes
    restore_old()

    # The next build removes what the killed ones left, and nothing else.
    result = _run(_command(books.new, dist))
    assert result.returncode == 0, result.stderr
    books.assert_only(dist, books.new_hashes)


@pytest.mark.parametrize(
    ("point", "count", "signum", "code", "message", "result"),
    [
        (
            "ParallelLayout",
            1,
            signal.SIGTERM,
            143,
            "stopped by SIGTERM; nothing was written",
            "old",
        ),
        (
            "fsync",
            len(OUTPUTS),
            signal.SIGTERM,
            143,
            "stopped by SIGTERM; nothing was written",
            "old",
        ),
        ("fsync", len(OUTPUTS), signal.SIGINT, 1, "Aborted!", "old"),
        ("replace", 2, signal.SIGTERM, 143, "stopped by SIGTERM after the outputs were", "new"),
    ],
    ids=[
        "sigterm-rendering",
        "sigterm-temporaries-written",
        "sigint-temporaries-written",
        "sigterm-renaming",
    ],
)
def test_stopped_build_removes_its_temporaries(
    books: Books,
    tmp_path: Path,
    point: str,
    count: int,
    signum: int,
    code: int,
    message: str,
    result: str,
) -> None:
    dist = books.dist(tmp_path / "dist")
    gate = tmp_path / "gate"
    if point == "ParallelLayout":
        gate.touch()  # no pause: the signal comes while WeasyPrint lays out the pages
    paused = Paused.start(point, count, books.new, dist, gate)
    paused.reached()
    if point != "ParallelLayout":
        assert _temporaries(dist)
    paused.process.send_signal(signum)
    time.sleep(0.2)  # the signal is in; during the renames it must wait for them to end
    paused.release()
    returncode, stderr = _finish(paused.process)
    assert returncode == code, stderr
    assert message in stderr and "Traceback" not in stderr, stderr
    assert len(stderr.strip().splitlines()) <= 2, stderr
    books.assert_only(dist, books.old_hashes if result == "old" else books.new_hashes)


def test_broken_book_leaves_dist_byte_identical(books: Books, tmp_path: Path) -> None:
    dist = books.dist(tmp_path / "dist")
    book = tmp_path / "book"
    shutil.copytree(books.new, book)
    chapter = book / "kapitel" / "eins.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("Fußnote.[^eins]", "Fußnote.[^keine]"),
        encoding="utf-8",
    )
    result = _run(_command(book, dist))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "footnote [^keine] has no definition" in result.stderr
    assert result.stderr.strip().endswith("nothing was written.")
    books.assert_only(dist, books.old_hashes)


def _fail_in_imposition(monkeypatch: pytest.MonkeyPatch) -> str:
    from publish import pipeline
    from publish.errors import OutputError

    def print_shop_pdf(*args: object) -> bytes:  # made in the build's own process
        raise OutputError("the print-shop file could not be made")

    monkeypatch.setattr(pipeline, "print_shop_pdf", print_shop_pdf)
    return "Error: the print-shop file could not be made"


def _fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> str:
    real = os.fsync
    calls = 0

    def fsync(fd: int) -> None:  # the third output does not fit any more
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return f"{os.strerror(errno.ENOSPC)} – nothing was written"


@pytest.mark.parametrize("fault", [_fail_in_imposition, _fill_the_disk], ids=["render", "write"])
def test_failing_output_leaves_dist_byte_identical(
    books: Books,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: Callable[[pytest.MonkeyPatch], str],
) -> None:
    dist = books.dist(tmp_path / "dist")
    message = fault(monkeypatch)
    result = CliRunner().invoke(
        main,
        ["build", *FORMAT_OPTIONS, str(books.new), "--out", str(dist)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    books.assert_only(dist, books.old_hashes)


def test_two_books_into_two_folders_at_once(books: Books, tmp_path: Path) -> None:
    first = _start(_command(books.old, tmp_path / "a"))
    second = _start(_command(books.other, tmp_path / "b"))
    for process in (first, second):
        code, stderr = _finish(process)
        assert code == 0, stderr
    assert sorted(os.listdir(tmp_path / "a")) == sorted(OUTPUTS)
    assert sorted(os.listdir(tmp_path / "b")) == sorted(OTHER_OUTPUTS)
    assert _hashes(tmp_path / "a") == books.old_hashes
    assert _hashes(tmp_path / "b", OTHER_OUTPUTS) == books.other_hashes


def test_build_leaves_the_temporaries_of_a_running_build_in_the_same_folder(
    books: Books, tmp_path: Path
) -> None:
    dist = books.dist(tmp_path / "dist")
    other = Paused.start("fsync", 1, books.other, dist, tmp_path / "gate")
    other.reached()  # its first temporary is written, and it waits
    waiting = _temporaries(dist)
    assert len(waiting) == 1
    result = _run(_command(books.new, dist))
    assert result.returncode == 0, result.stderr
    assert _temporaries(dist) == waiting
    other.release()
    code, stderr = _finish(other.process)
    assert code == 0, stderr
    assert sorted(os.listdir(dist)) == sorted([*OUTPUTS, *OTHER_OUTPUTS, *FOREIGN])
    assert _hashes(dist) == books.new_hashes
    assert _hashes(dist, OTHER_OUTPUTS) == books.other_hashes


def _ended_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_only_abandoned_temporaries_of_this_tool_are_removed(tmp_path: Path) -> None:
    here, elsewhere = _host_tag(), "0123abcd"
    assert here != elsewhere
    ended, running = _ended_process_id(), os.getpid()

    def temporary(host: str, pid: int, age: float = 0.0) -> Path:
        path = tmp_path / f".testbuch.pdf.publish-{host}-{pid}-{os.urandom(4).hex()}.tmp"
        path.write_bytes(b"%PDF-1.7 half")
        if age:
            then = time.time() - age
            os.utime(path, (then, then))
        return path

    abandoned = [
        temporary(here, ended),  # its process has ended, nobody holds its lock
        temporary(elsewhere, ended, age=STALE_AFTER_SECONDS + 60),  # untouched for long
        temporary(here, running, age=STALE_AFTER_SECONDS + 60),  # a process id used again
    ]
    kept = [
        temporary(here, running),  # a running process, in the moment before its lock
        temporary(elsewhere, ended),  # another machine's: its process id tells nothing here
        temporary(elsewhere, ended, age=60),
    ]
    locked = temporary(here, ended)  # e.g. a build in another process namespace
    kept.append(locked)
    others = [tmp_path / name for name in ("testbuch.pdf", ".testbuch.pdf.k3j2h1g0.tmp")]
    others.append(tmp_path / f".testbuch.pdf.publish-{here}-{ended}-zz.tmp")
    for path in others:
        path.write_bytes(b"not a temporary of this tool")
    (tmp_path / f".x.publish-{here}-{ended}-00000000.tmp").mkdir()
    link = tmp_path / f".y.publish-{here}-{ended}-00000000.tmp"
    link.symlink_to(others[0])

    with open(locked, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        removed = remove_stale_temporaries(tmp_path)
    assert sorted(removed) == sorted(abandoned)
    assert not any(path.exists() for path in abandoned)
    assert all(path.exists() for path in [*kept, *others, link])
    assert others[0].read_bytes() == b"not a temporary of this tool"


CRASHING = r"""
import sys
import publish.pipeline
import publish.write.partlayout

def boom(*args, **kwargs):
    raise ZeroDivisionError("division by zero")

module = publish.pipeline if sys.argv[1] == "pipeline" else publish.write.partlayout
setattr(module, sys.argv[2], boom)

from publish.cli import main
main(["build", *sys.argv[3:]], prog_name="publish")
"""


@pytest.mark.parametrize(
    ("where", "function", "jobs"),
    [("pipeline", "booklet_pdf", "1"), ("partlayout", "_take_page_numbers", "2")],
    ids=["in-the-build", "in-a-layout-worker"],
)
def test_an_unexpected_error_is_one_line_and_leaves_dist_byte_identical(
    books: Books, tmp_path: Path, where: str, function: str, jobs: str
) -> None:
    """A bug anywhere in the build, also in a layout worker process: exit code 3, one
    line on the terminal (no traceback), the report with the whole traceback (the worker's
    too), and the previous outputs as they were."""
    dist = books.dist(tmp_path / "dist")
    command = [sys.executable, "-c", CRASHING, where, function, *FORMAT_OPTIONS]
    environment = {**_environment(), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [*command, "--jobs", jobs, str(books.new), "--out", str(dist)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    prefix = (
        "publish build failed: an unexpected error (ZeroDivisionError: division by zero). "
        "This is a bug in publish; the full report is in "
    )
    assert lines[0].startswith(prefix) and lines[0].endswith(" – please send it to us.")
    report = Path(lines[0].removeprefix(prefix).removesuffix(" – please send it to us."))
    assert report.parent == tmp_path / "cache" / "publish" / "crash"
    text = report.read_text(encoding="utf-8")
    assert f"command line: publish build {' '.join(FORMAT_OPTIONS)} --jobs {jobs} " in text
    assert f"in {function}\n" not in text  # the patched function is called boom
    assert ", in boom\n" in text
    if jobs == "2":  # the worker's own traceback came with the exception
        assert "concurrent.futures.process._RemoteTraceback" in text
        assert ", in _lay_out\n" in text
    books.assert_only(dist, books.old_hashes)


WORKER_START = """
import ctypes, os, sys
from publish.write.parallel import _die_with_parent
_die_with_parent({parent})
signal = ctypes.c_int()
ctypes.CDLL(None).prctl(2, ctypes.byref(signal))  # PR_GET_PDEATHSIG
print(signal.value)
"""


@pytest.mark.parametrize("alive", [True, False], ids=["parent alive", "parent gone"])
def test_a_worker_ends_with_the_build_even_if_the_build_ended_first(alive: bool) -> None:
    """A worker asks to be killed when its parent (the build) ends; if the build ended
    between the fork and that request (SIGKILL at that moment), the worker ends at once
    instead of holding the build's pipes."""
    parent = os.getpid() if alive else 1  # the test is the child's parent; 1 is not
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START.format(parent=parent)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if alive:
        assert (result.returncode, result.stdout.strip()) == (0, str(int(signal.SIGKILL)))
    else:
        assert (result.returncode, result.stdout) == (1, "")
