"""Measure the build: wall time per stage and peak memory, for book/ and the 2018 agreement.

    python benchmarks/run.py            # writes benchmarks/RESULTS.md

Each book is built in a fresh process (so peak memory is that book's alone), three times;
the table gives the median. Stages: read (book.yaml, Markdown, typography), html (Jinja),
layout (WeasyPrint lays out the pages), pdf (WeasyPrint writes the tagged PDF, then line
numbers), derived (print-shop file and booklet), epub.
"""

from __future__ import annotations

import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "koalitionsvertrag-2018.md"
RUNS = 3


def measure(book_dir: str) -> dict[str, float]:
    """One build of ``book_dir``, stage by stage (runs in a child process)."""
    sys.path.insert(0, str(ROOT / "src"))
    from publish.pipeline import book_timestamp
    from publish.read.book import load_book
    from publish.render.html import render_book_html
    from publish.typography import hyphenate, hyphenator_for, typeset
    from publish.write.epub import EpubOptions, build_epub
    from publish.write.imposition import booklet_pdf, print_shop_pdf
    from publish.write.pdf import render_pdf

    times: dict[str, float] = {}
    start = time.perf_counter()
    book = typeset(load_book(Path(book_dir).resolve()))
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    html = render_book_html(hyphenate(book, hyphenator_for(book.root)), book_timestamp(book))
    times["html"] = time.perf_counter() - start
    start = time.perf_counter()
    pdf = render_pdf(html, book)
    times["layout+pdf"] = time.perf_counter() - start
    start = time.perf_counter()
    print_shop_pdf(pdf.data, book.output.print_marks)
    booklet_pdf(pdf.data, book.output.sheet)
    times["derived"] = time.perf_counter() - start
    start = time.perf_counter()
    build_epub(book, EpubOptions(book_timestamp(book), layout=pdf.layout))
    times["epub"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    times["pages"] = len(pdf.layout.pages)
    times["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def run_child(book_dir: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(book_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.splitlines()[-1]))


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from publish.importer import import_markdown

    with tempfile.TemporaryDirectory() as folder:
        corpus_book = Path(folder) / "kv2018"
        import_markdown(CORPUS, corpus_book)
        books = {"book/ (Bochum)": ROOT / "book", "Koalitionsvertrag 2018": corpus_book}
        rows = []
        for name, path in books.items():
            runs = [run_child(path) for _ in range(RUNS)]
            median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            rows.append((name, median))
            print(name, median, flush=True)
    write_results(rows)


def write_results(rows: list[tuple[str, dict[str, float]]]) -> None:
    stages = ["read", "html", "layout+pdf", "derived", "epub", "total"]
    lines = [
        "# Build benchmark",
        "",
        f"`python benchmarks/run.py` on {platform.machine()}, {platform.python_version()}, "
        f"median of {RUNS} single-process builds each (fresh process per build).",
        "",
        "| book | pages | " + " | ".join(f"{s} (s)" for s in stages) + " | peak memory (MB) |",
        "|---" * (len(stages) + 3) + "|",
    ]
    for name, m in rows:
        cells = " | ".join(f"{m[s]:.2f}" for s in stages)
        lines.append(f"| {name} | {int(m['pages'])} | {cells} | {m['peak_mb']:.0f} |")
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
