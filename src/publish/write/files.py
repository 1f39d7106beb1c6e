"""Writing the outputs into ``dist/``: all or nothing, never a half-written file.

Every output is first written to a temporary beside its target, all of them, and only then
renamed into place, so a build that fails or is killed while writing leaves the previous
files as they were; only a kill inside the few renames can leave some outputs new and others
old, and never a half-written file.

A temporary is named ``.NAME.publish-HOST-PID-RANDOM.tmp`` (HOST: a short hash of the machine's
name) and is locked (``flock``) by the build that writes it from the moment it exists until it
is renamed or removed. The kernel drops that lock when the process ends, even on SIGKILL. A
build that finds a temporary of this pattern takes it for abandoned, and removes it, only if
nobody holds its lock and either it was made on this machine by a process that no longer
runs, or it has not changed for an hour (locks on network folders are not always shared
between machines, and a process id means nothing on another machine). Anything else in the
folder, and a temporary of a running build, is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import re
import secrets
import signal
import socket
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from publish.errors import OutputError, PublishError, display_path

#: Temporaries of this tool: ``.NAME.publish-HOST-PID-RANDOM.tmp``.
TEMPORARY_NAME = re.compile(
    r"\.(?P<target>.+)\.publish-(?P<host>[0-9a-f]{8})-(?P<pid>[1-9][0-9]*)-[0-9a-f]{8}\.tmp"
)
#: A temporary not changed for this long is abandoned, whatever its lock and process say.
STALE_AFTER_SECONDS = 3600.0


class BuildStopped(PublishError):
    """The build was stopped by SIGTERM; exit code 143 (128 + 15), as a shell reports a
    process that SIGTERM ended."""

    exit_code = 128 + signal.SIGTERM

    def __init__(self, out_dir: Path, written: bool) -> None:
        folder = display_path(out_dir)
        if written:
            message = f"stopped by SIGTERM after the outputs were written to {folder}"
        else:
            message = (
                f"stopped by SIGTERM; nothing was written, the outputs in {folder} are unchanged"
            )
        super().__init__(message)


class _Terminated(BaseException):
    """Raised by the SIGTERM handler: a BaseException, as KeyboardInterrupt is, so that no
    ``except Exception`` on the way out swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class StopSignals:
    """Signals during a build, for the main thread (only there can Python handle them).

    While the build runs, SIGTERM raises :class:`_Terminated` (unless something else handles
    SIGTERM already), which leaves the build as :class:`BuildStopped`. Inside :meth:`deferred`
    (the renames, and the removal of temporaries) they and SIGINT wait until the block is done.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.written = False
        self._installed = False
        self._deferring = False
        self._pending: int | None = None

    def __enter__(self) -> StopSignals:
        if _in_main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, self._handle)
            self._installed = True
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: object
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            self._installed = False
        if isinstance(error, _Terminated):
            raise BuildStopped(self.out_dir, self.written) from None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._deferring:
            self._pending = signum
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            raise _Terminated(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Run the block to its end; a SIGTERM or SIGINT that comes meanwhile acts after it
        (unless the block fails: then its error goes on, and the signal is dropped)."""
        if self._deferring or not _in_main_thread():
            yield
            return
        interrupt = signal.getsignal(signal.SIGINT)
        catch_interrupt = interrupt is signal.default_int_handler
        if catch_interrupt:
            signal.signal(signal.SIGINT, self._handle)
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
            if catch_interrupt:
                signal.signal(signal.SIGINT, interrupt)
            pending, self._pending = self._pending, None
        if pending is not None:
            self._handle(pending, None)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@dataclass
class _Temporary:
    """A temporary beside ``target``, open (``fd``) and locked while it exists."""

    target: Path
    path: Path
    fd: int
    renamed: bool = False


def write_outputs(
    out_dir: Path,
    outputs: Mapping[str, bytes],
    signals: StopSignals | None = None,
    owned: tuple[str, ...] = (),
) -> list[Path]:
    """Write ``outputs`` (file name → bytes) into ``out_dir``: all as temporaries first, then
    renamed into place, then the folder synced. Removes abandoned temporaries of earlier
    builds first. Returns the files written; a failure raises :class:`OutputError` and leaves
    every previous output as it was (unless a rename itself fails: then it says which).

    ``owned`` names folders (in ``out_dir``) that the outputs fill wholly, such as the search
    index's ``html/pagefind`` with its content-named files: after the new files are in place,
    the files there that this build did not write (an earlier build's) are removed."""
    signals = signals or StopSignals(out_dir)
    targets = [out_dir / name for name in outputs]
    folders = sorted({target.parent for target in targets})  # names may hold a folder: html/…
    staged: list[_Temporary] = []
    try:
        try:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
                remove_stale_temporaries(folder)
            for target, data in zip(targets, outputs.values(), strict=True):
                if target.is_dir():
                    raise IsADirectoryError(errno.EISDIR, "it is a folder", str(target))
                _stage(target, data, staged, signals)
        except OSError as error:
            raise OutputError(
                f"cannot write {_describe(error, out_dir)} – nothing was written, the outputs "
                f"in {display_path(out_dir)} are unchanged"
            ) from None
        with signals.deferred():
            _commit(staged)
            signals.written = True
            _remove_unwritten(out_dir, owned, set(targets))
            for folder in folders:
                _sync_folder(folder)
    finally:
        with signals.deferred():
            for temporary in staged:
                os.close(temporary.fd)
                if not temporary.renamed:
                    with contextlib.suppress(OSError):
                        temporary.path.unlink(missing_ok=True)
    return targets


def _remove_unwritten(out_dir: Path, owned: tuple[str, ...], written: set[Path]) -> None:
    """The files in the ``owned`` folders that were not just written (not temporaries of a
    build under way: those are a concern of :func:`remove_stale_temporaries`)."""
    for name in owned:
        folder = out_dir / name
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path not in written and not TEMPORARY_NAME.fullmatch(path.name):
                with contextlib.suppress(OSError):
                    path.unlink()


def write_atomically(path: Path, data: bytes) -> Path:
    """Write one file through a temporary beside it: never a half-written file."""
    return write_outputs(path.parent, {path.name: data})[0]


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the abandoned temporaries of this tool in ``folder`` (see the comment above
    :data:`TEMPORARY_NAME`); returns them. Never fails: what cannot be removed stays."""
    removed: list[Path] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return removed
    for name in names:
        match = TEMPORARY_NAME.fullmatch(name)
        if match and _remove_if_abandoned(folder / name, match):
            removed.append(folder / name)
    return removed


def _remove_if_abandoned(path: Path, match: re.Match[str]) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # gone meanwhile, a symbolic link, or not readable for us
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            lock_tells = True
        except BlockingIOError:  # a running build is writing it
            return False
        except OSError:  # the folder's file system has no locks: only the age can tell
            lock_tells = False
        owner_gone = (
            lock_tells and match["host"] == _host_tag() and not _process_runs(int(match["pid"]))
        )
        if not owner_gone and time.time() - info.st_mtime < STALE_AFTER_SECONDS:
            return False
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):  # replaced meanwhile
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _stage(target: Path, data: bytes, staged: list[_Temporary], signals: StopSignals) -> None:
    """Write ``data`` to a new locked temporary beside ``target`` and sync it to disk."""
    with signals.deferred():  # from its creation on, the temporary is in ``staged``
        temporary = _create_temporary(target)
        staged.append(temporary)
    view = memoryview(data)
    while view:
        view = view[os.write(temporary.fd, view) :]
    os.fchmod(temporary.fd, 0o644)
    os.fsync(temporary.fd)


def _create_temporary(target: Path) -> _Temporary:
    """A new temporary beside ``target``, locked from the start, so that a build that
    looks for abandoned temporaries leaves it alone."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        name = f".{target.name}.publish-{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        path = target.with_name(name)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        try:
            _lock(fd)
            # Another build may have judged the file in the moment before it was locked and
            # removed it: go on only with a file that is still there.
            there = os.lstat(path)
            mine = os.fstat(fd)
        except FileNotFoundError:
            os.close(fd)
            continue
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        if (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino):
            return _Temporary(target, path, fd)
        os.close(fd)


def _lock(fd: int) -> None:
    """Lock ``fd`` for as long as it is open (no lock where the file system has none: then the
    process id in the name protects the temporary)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as error:
        if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            raise


def _commit(staged: list[_Temporary]) -> None:
    for temporary in staged:
        try:
            os.replace(temporary.path, temporary.target)
        except OSError as error:
            done = [t.target.name for t in staged if t.renamed]
            others = "none" if not done else ", ".join(done)
            raise OutputError(
                f"cannot replace {display_path(temporary.target)}: {error.strerror or error} – "
                f"already replaced: {others}; the other outputs are unchanged"
            ) from None
        temporary.renamed = True


def _sync_folder(folder: Path) -> None:
    """Make the renames durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF):
            raise OutputError(
                f"the outputs were written to {display_path(folder)}, but syncing the folder "
                f"failed: {error.strerror or error}"
            ) from None
    finally:
        os.close(fd)


def _describe(error: OSError, out_dir: Path) -> str:
    where = display_path(Path(error.filename)) if error.filename else display_path(out_dir)
    return f"{where}: {error.strerror or error}"


@functools.cache
def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True
