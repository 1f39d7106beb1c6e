"""Where the time of a build goes: pyinstrument profiles of the 2018 agreement's build.

    pip install -e '.[bench]'
    python benchmarks/profile.py             # writes benchmarks/PROFILE.md

Two profiles, each of one build in this process:

- **single**: every output made one after the other, the book laid out in one pass: the
  whole build in one call tree, WeasyPrint's share and ours side by side;
- **j2**: the build's own path with two layout processes. pyinstrument sees the build's
  process only: the workers' layout shows as waiting (``as_completed``, ``result``), what
  is left is what the build's process does itself.

Each profile is shown twice: the call tree down to 1 % of the time, and the functions that
take the most time themselves (flat). The profiled build is the second in the process:
pyphen remembers the words it hyphenated, so hyphenation shows less than in a cold build
(about 0.6 s there), and the forked workers inherit pyinstrument's hook, which slows the
j2 build: read its shares, not its duration (``benchmarks/RESULTS.md`` has the times).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from pyinstrument import Profiler  # noqa: E402
from pyinstrument.renderers import ConsoleRenderer  # noqa: E402

from benchmarks.run import CORPUS, measure  # noqa: E402

FLAT_LINES = 30


def profile(book: Path, path: str) -> str:
    measure(str(book), path)  # once before: imports, font caches, compiled templates
    profiler = Profiler(interval=0.001)
    profiler.start()
    measure(str(book), path)
    profiler.stop()
    session = profiler.last_session
    assert session is not None
    tree = ConsoleRenderer(
        processor_options={"filter_threshold": 0.01}, time="percent_of_total"
    ).render(session)
    flat = ConsoleRenderer(flat=True, time="percent_of_total").render(session)
    flat_lines = [line for line in flat.splitlines() if "%" in line][:FLAT_LINES]
    return (
        f"## {path}\n\nCall tree (down to 1 % of the time):\n\n```\n{tree.strip()}\n```\n\n"
        f"Most time in the function itself (top {FLAT_LINES}):\n\n```\n"
        + "\n".join(flat_lines)
        + "\n```\n"
    )


def main() -> None:
    from publish.importer import import_markdown

    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "kv2018"
        import_markdown(CORPUS, book)
        sections = [profile(book, path) for path in ("single", "j2")]
    text = (
        "# Where the build's time goes\n\n"
        "`python benchmarks/profile.py`: pyinstrument 5 over one build of the 2018 agreement "
        "(after a first build in the same process: warm word caches, and workers slowed by "
        "the profiler's inherited hook; read the shares, the times are in RESULTS.md).\n\n"
        + "\n".join(sections)
    )
    (ROOT / "benchmarks" / "PROFILE.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
