"""Stress: a generated 1,000-page agreement builds, with every output, within a memory budget.

The book comes from ``benchmarks/bookgen.py``; the build runs in a child process
(``python -m publish build``). Its peak memory is the child's own, read with ``wait4`` (the
children of other tests do not count). ``ru_maxrss`` is the largest single process of the
child's tree, so while the build runs the test also adds up the proportional set size (Pss)
of the child and all its descendants, twice a second: a build that lays out in several
worker processes is measured by what they hold together. The larger figure counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pikepdf

from benchmarks.bookgen import generate_book
from publish.read.book import load_book

PAGES = 1000
#: Peak resident memory of the full build (PDF, print PDF, booklet, layout map, EPUB) of the
#: generated 1,000-page book (seed 0, 994 pages): measured 1,345–1,430 MiB in four builds
#: (x86_64, Python 3.11, WeasyPrint 70.0, one process, November 2026). The budget leaves
#: about 45 % over the highest.
PEAK_RSS_BUDGET_MB = 2070
#: A build that takes longer than this is taken for hung (measured: about 3 CPU minutes,
#: 4.6 minutes on a busy 2-core machine).
TIME_LIMIT_SECONDS = 30 * 60
NAME = "koalitionsvertrag-generiert"


def test_a_thousand_pages_build_within_the_memory_budget(tmp_path: Path) -> None:
    book = generate_book(tmp_path / "book", PAGES)
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "publish", "build", str(book), "--out", str(out)]
    log = tmp_path / "build.log"
    started = time.monotonic()
    with log.open("wb") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        status, largest_kb, together_kb = _wait_with_limit(child, started + TIME_LIMIT_SECONDS)
    seconds = time.monotonic() - started
    output = log.read_text(encoding="utf-8", errors="replace")
    assert status == 0, f"the build failed (exit {status}):\n{output[-5000:]}"
    peak_mb = max(largest_kb, together_kb) / 1024  # Linux counts in KiB
    assert peak_mb < PEAK_RSS_BUDGET_MB, (
        f"peak memory {peak_mb:.0f} MB is over the budget of {PEAK_RSS_BUDGET_MB} MB "
        f"(largest process {largest_kb / 1024:.0f} MB, all processes together "
        f"{together_kb / 1024:.0f} MB; the build took {seconds:.0f} s)"
    )
    for suffix in (".pdf", "-print.pdf", "-booklet.pdf", ".layout.json", ".epub"):
        assert (out / f"{NAME}{suffix}").is_file(), f"{NAME}{suffix} was not written"
    with pikepdf.open(out / f"{NAME}.pdf") as pdf:
        assert len(pdf.pages) >= 900, f"only {len(pdf.pages)} pages for {PAGES} requested"


def _wait_with_limit(child: subprocess.Popen[bytes], deadline: float) -> tuple[int, int, int]:
    """Wait for ``child``; kill it at ``deadline``. Returns its exit status, the peak RSS of
    the largest process of its tree (``ru_maxrss``) and the largest Pss of the whole tree
    seen while it ran, both in KiB."""
    together = 0
    while True:
        pid, wait_status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(wait_status)
            return child.returncode, usage.ru_maxrss, together
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            raise AssertionError(f"the build took longer than {TIME_LIMIT_SECONDS} s")
        together = max(together, _tree_pss_kb(child.pid))
        time.sleep(0.5)


def _tree_pss_kb(root: int) -> int:
    """The summed Pss (KiB) of process ``root`` and its descendants now (0 without /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # pid (comm) state ppid …; comm may hold spaces and parentheses
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    tree, grew = {root}, True
    while grew:
        new = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= new
        grew = bool(new)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(
            int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
        )
    return total


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_book(tmp_path / "a", 40, seed=7)
    second = generate_book(tmp_path / "b", 40, seed=7)
    other = generate_book(tmp_path / "c", 40, seed=8)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) >= 3  # book.yaml and at least two chapters
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert _text(first) != _text(other)  # another seed, another text
    load_book(first)  # and it is a valid book: this raises on any problem in the source


def _text(book: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((book / "kapitel").glob("*.md")))
