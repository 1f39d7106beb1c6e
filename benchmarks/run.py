"""Measure the build: time per stage, total time and peak memory, for generated books of
25 to 400 pages and the real 2018 agreement, on every layout path.

    python benchmarks/run.py                 # writes benchmarks/RESULTS.md and scaling.png
    python benchmarks/run.py --jobs 1,2,4    # the parallel path with these process counts
    python benchmarks/run.py --smoke         # CI: one small book, one run, no files written
    python benchmarks/run.py --no-peers      # without pandoc → WeasyPrint and pandoc → Typst
    python benchmarks/run.py --only-peers    # only those and our build (prints, writes nothing)

Paths, each built in a fresh process (so its memory is its own), ``--runs`` times (median):

- **floor**: WeasyPrint alone lays out our HTML for the whole book with our stylesheets
  and fonts, in one process, and writes it (``render`` and ``write_pdf``: WeasyPrint's own
  tagging, no hyphenation zone, no line numbers, nothing else);
- **single**: every output made one after the other in one process, the book laid out in
  one pass (``publish.write.pdf.render_pdf``);
- **jN**: the build's own path (``publish.pipeline.render_outputs``, what ``publish build``
  runs, without writing the files): the chapters laid out in N processes, then the merge
  and imposition in the build's process while the pool makes the EPUB and the web edition.

Stages: read (book.yaml, Markdown, typography), html (hyphenation and Jinja; on the jN
paths made chapter by chapter while the chapters before are laid out, so part of layout),
layout (WeasyPrint: one pass, or the chapters and the front matter in the pool), finish (the
merge with page and line numbers, print-shop file and booklet, EPUB, web edition). ``own``
is the share of the total outside WeasyPrint: for the floor and single paths the time not
spent in WeasyPrint's ``render`` and ``write_pdf``; for jN the stages other than layout.
Peak memory is the largest sum of the proportional set sizes (Pss) of the build process and
its workers, sampled every 50 ms, and never less than the build process's own peak RSS.

**Peers** (issue 16; benchmarks/peers.py), on the agreement and the largest generated book
(``--smoke``: the small one): ``publish build --jobs 2 --no-cache`` (every output), pandoc →
WeasyPrint (the PDF alone) and pandoc → Typst, each run as commands from the shell, in
turn, ``--runs`` times (median; the ratios compare builds of the same run, under the same
load); then the spacing of the three PDFs (benchmarks/spacing.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "koalitionsvertrag-2018.md"
SIZES = (25, 50, 100, 200, 400)
STAGES = ("read", "html", "layout", "finish")


def measure(book_dir: str, path: str) -> dict[str, float]:
    """One build of ``book_dir`` on ``path`` (floor, single, j1, j2 …, rebuild), in this
    process."""
    sys.path.insert(0, str(ROOT / "src"))
    if path == "rebuild":
        return measure_rebuilds(Path(book_dir))
    if path.startswith("j"):
        return measure_pipeline(Path(book_dir), int(path.removeprefix("j")))
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from publish.pipeline import book_timestamp
    from publish.read.book import load_book
    from publish.render.html import render_book_html
    from publish.render.web import WebOptions, render_web_edition
    from publish.typography import hyphenate, hyphenator_for, typeset
    from publish.write.epub import EpubOptions, build_epub
    from publish.write.imposition import booklet_pdf, print_shop_pdf
    from publish.write.pdf import render_pdf, stylesheets
    from publish.write.resources import STYLES, SandboxedFetcher

    times: dict[str, float] = {}
    inside = _time_weasyprint(times)
    start = time.perf_counter()
    book = typeset(load_book(Path(book_dir).resolve()))
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    html = render_book_html(hyphenate(book, hyphenator_for(book.root)), book_timestamp(book))
    times["html"] = time.perf_counter() - start
    start = time.perf_counter()
    if path == "floor":
        fonts = FontConfiguration()
        fetcher = SandboxedFetcher([book.root, STYLES])
        sheets = stylesheets(book.output.page_size, STYLES, fonts, fetcher)
        document = weasyprint.HTML(
            string=html, base_url=book.root.as_uri() + "/", url_fetcher=fetcher
        ).render(stylesheets=sheets, font_config=fonts)
        document.write_pdf(pdf_variant="pdf/ua-1")
        times["layout"] = time.perf_counter() - start
        times["pages"] = len(document.pages)
        return _finish(times, inside)
    pdf = render_pdf(html, book)
    times["layout"] = time.perf_counter() - start
    start = time.perf_counter()
    print_shop_pdf(pdf.data, book.output.print_marks)
    booklet_pdf(pdf.data, book.output.sheet)
    build_epub(book, EpubOptions(book_timestamp(book), layout=pdf.layout))
    render_web_edition(book, WebOptions(STYLES, book.output.web, pdf.layout))
    times["finish"] = time.perf_counter() - start
    times["pages"] = len(pdf.layout.pages)
    return _finish(times, inside)


def measure_pipeline(book_dir: Path, jobs: int) -> dict[str, float]:
    """The build's own path (``publish build`` without writing the files): the chapters laid
    out in ``jobs`` processes, then the merge and imposition here while the EPUB and the web
    edition are made in the pool. Stages are timed by the build's progress reports."""
    from publish.pipeline import BuildRequest, book_timestamp, render_outputs
    from publish.read.book import load_book
    from publish.typography import typeset

    marks: dict[str, float] = {}

    def progress(output: str, stage: str) -> None:
        marks.setdefault(stage.split(" ")[0].rstrip(":"), time.perf_counter())

    times: dict[str, float] = {}
    start = time.perf_counter()
    book = typeset(load_book(book_dir.resolve()))
    times["read"] = time.perf_counter() - start
    request = BuildRequest(book_dir, book_dir / "unused", jobs=jobs)
    outputs = render_outputs(book, request, book_timestamp(book), progress)
    end = time.perf_counter()
    times["layout"] = marks["laid"] - marks["hyphenation,"]  # html is made as it goes
    times["finish"] = end - marks["laid"]
    pdf = next(data for name, data in outputs.items() if name.endswith(".layout.json"))
    times["pages"] = len(json.loads(pdf)["pages"])
    return _finish(times, None)


def _time_weasyprint(times: dict[str, float]) -> list[float]:
    """Add up the time spent in WeasyPrint's layout and PDF writing (this process)."""
    import weasyprint
    from weasyprint.document import Document

    spent = [0.0]

    def timed(function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return call

    weasyprint.HTML.render = timed(weasyprint.HTML.render)  # type: ignore[method-assign]
    Document.write_pdf = timed(Document.write_pdf)  # type: ignore[method-assign]
    return spent


def measure_rebuilds(book_dir: Path) -> dict[str, float]:
    """The whole build (all outputs, all cores) with the build cache: cold, again with no
    change, and after one paragraph was added to the middle chapter."""
    import shutil

    from publish.pipeline import BuildRequest, build

    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        shutil.copytree(book_dir, book)
        request = BuildRequest(book, Path(folder) / "dist", cache=Path(folder) / "cache")
        times: dict[str, float] = {}
        for stage in ("cold", "no change", "one chapter edited"):
            if stage == "one chapter edited":
                chapters = sorted((book / "kapitel").glob("*.md"))
                middle = chapters[len(chapters) // 2]
                text = middle.read_text(encoding="utf-8")
                middle.write_text(text + "\nEin neuer Absatz am Ende.\n", encoding="utf-8")
            start = time.perf_counter()
            build(request)
            times[stage] = time.perf_counter() - start
    times["total"] = times["cold"]
    times["pages"] = 0
    times["own_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def _finish(times: dict[str, float], weasyprint: list[float] | None) -> dict[str, float]:
    times["total"] = sum(times.get(stage, 0.0) for stage in STAGES)
    if weasyprint is not None:
        times["weasyprint"] = weasyprint[0]
    times["own_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


# --- running builds in child processes -----------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_child(book_dir: Path, path: str) -> dict[str, float]:
    """One build in a fresh process, with the peak memory of its process tree."""
    command = [sys.executable, __file__, "--child", str(book_dir), path]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _pss_mb(_descendants(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"the build of {book_dir} ({path}) failed")
    result = dict(json.loads(output.splitlines()[-1]))
    result["peak_mb"] = max(peak, result["own_rss_mb"])
    return result


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r.get(key, 0.0) for r in runs) for key in runs[0]}


# --- the report ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", default="1,2", help="process counts of the parallel path")
    parser.add_argument("--runs", type=int, default=3, help="builds per book and path")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="generated pages")
    parser.add_argument("--no-corpus", action="store_true", help="leave out the agreement")
    parser.add_argument("--smoke", action="store_true", help="CI: 25 pages, once, no files")
    parser.add_argument("--no-peers", action="store_true", help="leave out the peers")
    parser.add_argument("--only-peers", action="store_true", help="our build and the peers only")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from benchmarks import peers
    from benchmarks.bookgen import generate_book

    jobs = [int(j) for j in args.jobs.split(",") if j]
    sizes = [25] if args.smoke else [int(s) for s in args.sizes.split(",") if s]
    runs = 1 if args.smoke else args.runs
    paths = [] if args.only_peers else ["floor", "single", *(f"j{j}" for j in jobs), "rebuild"]
    rows: list[dict[str, Any]] = []
    compared: list[dict[str, Any]] = []
    missing = [] if args.no_peers else peers.missing()
    if missing:
        print(f"peers left out: {', '.join(missing)} not installed (pip install -e '.[bench]')")
    with tempfile.TemporaryDirectory() as folder:
        books = {f"generated {n}": generate_book(Path(folder) / f"g{n}", n) for n in sizes}
        sources = {f"generated {max(sizes)}": None}
        if not (args.smoke or args.no_corpus):
            from publish.importer import import_markdown

            agreement = Path(folder) / "kv2018"
            import_markdown(CORPUS, agreement)
            books["Koalitionsvertrag 2018"] = agreement
            sources["Koalitionsvertrag 2018"] = CORPUS.resolve()
        if not (args.no_peers or missing):
            for name, markdown in sources.items():
                compared.append(compare_peers(name, books[name], markdown, runs, Path(folder)))
        for name, book_dir in books.items():
            for path in paths:
                result = median_of([run_child(book_dir, path) for _ in range(runs)])
                rows.append({"book": name, "path": path, **result})
                print(
                    f"{name:24} {path:7} {result['total']:7.2f} s "
                    f"{result['peak_mb']:6.0f} MB {int(result['pages'])} pages",
                    flush=True,
                )
    if args.only_peers:
        print("\n".join(peer_tables(compared, runs)))
    elif not args.smoke:
        write_results(rows, runs, jobs, compared, (load, os.getloadavg()[0]))
        plot(rows, paths)


def compare_peers(
    name: str, book_dir: Path, markdown: Path | None, runs: int, folder: Path
) -> dict[str, Any]:
    """Our build and the peers on the same text, in turn, ``runs`` times; the spacing of
    their PDFs. ``markdown`` is the peers' source (None: the book's chapters, joined)."""
    from benchmarks import peers

    work = folder / f"peers-{book_dir.name}"
    work.mkdir()
    source = markdown or peers.markdown_of(book_dir, work)
    pdfs = {label: work / f"{key}.pdf" for label, key in PEER_FILES.items()}
    times: dict[str, list[dict[str, float]]] = {label: [] for label in PEERS}
    for _ in range(runs):
        times[PEERS[0]].append(peers.publish_build(book_dir, work / "dist"))
        times[PEERS[1]].append(peers.pandoc_weasyprint(source, pdfs[PEERS[1]]))
        times[PEERS[2]].append(peers.pandoc_typst(source, pdfs[PEERS[2]]))
    (ours,) = (p for p in (work / "dist").glob("*.pdf") if not p.stem.endswith(PRINT_FILES))
    pdfs[PEERS[0]] = ours
    result: dict[str, Any] = {"book": name}
    for label in PEERS:
        result[label] = median_of(times[label])["total"]
        result[f"{label} cpu"] = median_of(times[label])["cpu"]
        result[f"{label} pages"] = peers.pages(pdfs[label])
        result[f"{label} spacing"] = spacing_of(pdfs[label])
    print(
        f"{name:24} peers: ours {result[PEERS[0]]:.2f} s, pandoc → WeasyPrint "
        f"{result[PEERS[1]]:.2f} s, pandoc → Typst {result[PEERS[2]]:.2f} s",
        flush=True,
    )
    for label in PEERS:
        print(f"{'':24} spacing {result[f'{label} spacing'].row(label)}", flush=True)
    return result


def spacing_of(pdf: Path) -> Any:
    """The spacing of a PDF (benchmarks/spacing.py), measured in a child process: reading a
    big PDF takes this process's memory to hundreds of MB, and every build started from it
    later would inherit that as its peak (Linux keeps a process's peak RSS through exec)."""
    from benchmarks.spacing import Spacing

    command = [sys.executable, str(ROOT / "benchmarks" / "spacing.py"), str(pdf), "--json"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return Spacing(**json.loads(output)[str(pdf)])


#: Our build and the peers, as the tables name them.
PEERS = ("publish build", "pandoc → WeasyPrint", "pandoc → Typst")
PEER_FILES = {PEERS[1]: "pandoc-weasyprint", PEERS[2]: "pandoc-typst"}
#: The PDFs of our build that are not the tagged book.
PRINT_FILES = ("-print", "-booklet")


def write_results(
    rows: list[dict[str, Any]],
    runs: int,
    jobs: list[int],
    compared: list[dict[str, Any]],
    load: tuple[float, float],
) -> None:
    lines = [
        "# Build benchmark",
        "",
        f"`python benchmarks/run.py --jobs {','.join(map(str, jobs))}` on "
        f"{platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; median of {runs} builds, each in a fresh process.",
        "floor = WeasyPrint alone on our HTML, stylesheets and fonts; single = every output",
        "in one process;",
        "jN = the build's own path, the chapters laid out in N processes (see run.py).",
        "own = share of the total outside WeasyPrint.",
        f"Load average {load[0]:.1f} at the start, {load[1]:.1f} at the end: on a shared "
        "machine the times are noisy;",
        "compare ratios within one run, and the processor times of the peers' table.",
        "",
        "| book | pages | path | "
        + " | ".join(f"{s} (s)" for s in STAGES)
        + " | total (s) | × floor | own | peak memory (MB) |",
        "|---" * (len(STAGES) + 7) + "|",
    ]
    floors = {r["book"]: r["total"] for r in rows if r["path"] == "floor"}
    rebuilds = [r for r in rows if r["path"] == "rebuild"]
    rows = [r for r in rows if r["path"] != "rebuild"]
    for r in rows:
        cells = " | ".join(f"{r.get(s, 0.0):.2f}" if s in r else "–" for s in STAGES)
        ratio = r["total"] / floors[r["book"]]
        lines.append(
            f"| {r['book']} | {int(r['pages'])} | {r['path']} | {cells} | {r['total']:.2f} | "
            f"{ratio:.2f} | {own_share(r):.0%} | {r['peak_mb']:.0f} |"
        )
    lines += [
        "",
        "Rebuilds with the build cache (`publish build`, all outputs, all cores; in-process",
        "time, without Python's start and imports):",
        "",
        "| book | full build, cold cache (s) | no change (s) | one chapter edited (s) "
        "| edit ÷ full |",
        "|---|---|---|---|---|",
    ]
    for r in rebuilds:
        edit = r["one chapter edited"]
        lines.append(
            f"| {r['book']} | {r['cold']:.2f} | {r['no change']:.3f} | {edit:.2f} "
            f"| {edit / r['cold']:.2f} |"
        )
    lines += peer_tables(compared, runs)
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def peer_tables(compared: list[dict[str, Any]], runs: int) -> list[str]:
    """Our build against the peers, and the spacing of the three PDFs (issue 16)."""
    from benchmarks.peers import versions
    from benchmarks.spacing import TABLE_HEAD

    if not compared:
        return []
    ours, weasyprint, typst = PEERS
    lines = [
        "",
        "## Against the peers (issue 16)",
        "",
        f"Wall-clock time of each command from the shell (median of {runs}, the three run in",
        "turn, so each ratio compares runs under the same load): `publish build --jobs 2",
        "--no-cache` makes every output (tagged PDF, print-shop PDF, booklet, EPUB, web",
        "edition); the peers make the PDF alone, pandoc included (benchmarks/peers.py; "
        + versions()
        + ").",
        "",
        f"| book | {ours} (s) | {weasyprint}, PDF only (s) | {typst} (s) "
        f"| ours ÷ {weasyprint} | ours ÷ Typst | processor time, ours / WeasyPrint / Typst (s) "
        "| pages, ours / WeasyPrint / Typst |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in compared:
        pages = " / ".join(str(r[f"{label} pages"]) for label in PEERS)
        cpu = " / ".join(f"{r[f'{label} cpu']:.1f}" for label in PEERS)
        lines.append(
            f"| {r['book']} | {r[ours]:.2f} | {r[weasyprint]:.2f} | {r[typst]:.2f} "
            f"| {r[ours] / r[weasyprint]:.2f} | {r[ours] / r[typst]:.2f} | {cpu} | {pages} |"
        )
    lines += [
        "",
        "## Spacing (benchmarks/spacing.py)",
        "",
        "Full, justified body lines (last lines of paragraphs, ragged lines, headings, "
        "footnotes and tables",
        "left out); a line's gap is its mean gap between words in em, relative to the "
        "document's median.",
        "All three set the text in Source Serif 4 at 10.5 pt on the same A4 text block "
        "(benchmarks/peers.py).",
    ]
    for r in compared:
        lines += ["", f"**{r['book']}**", "", TABLE_HEAD.replace("| PDF |", "| PDF of |")]
        lines += [r[f"{label} spacing"].row(label) for label in PEERS]
    return lines


def own_share(row: dict[str, Any]) -> float:
    """The share of the total outside WeasyPrint (see the module)."""
    inside = row["weasyprint"] if "weasyprint" in row else row["layout"]
    return float((row["total"] - inside) / row["total"])


def plot(rows: list[dict[str, Any]], paths: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=100)
    for path in (p for p in paths if p != "rebuild"):
        points = sorted((r["pages"], r["total"], r["peak_mb"]) for r in rows if r["path"] == path)
        pages = [p[0] for p in points]
        left.plot(pages, [p[1] for p in points], marker="o", label=path)
        right.plot(pages, [p[2] for p in points], marker="o", label=path)
    left.set(xlabel="pages", ylabel="wall time (s)", title="Build time")
    right.set(xlabel="pages", ylabel="peak memory (MB)", title="Peak memory (all processes)")
    for axis in (left, right):
        axis.grid(alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(ROOT / "benchmarks" / "scaling.png", metadata={"Software": None})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        main()
