"""How long the amendment cycle takes on the 170-page agreement of 2018, against its build.

    python benchmarks/amend.py [--count 300] [--runs 3] [--out benchmarks/AMEND.md]

Imports ``../shared/corpus/koalitionsvertrag-2018.md``, builds every output once (the
reference: a full build), freezes the edition, writes ``--count`` amendments with
``benchmarks/amendgen.py`` (every operation and status, about half adopted) and measures,
median of ``--runs``:

- ``publish amend check``: every amendment against the edition, and placed in the Markdown;
- ``publish amend apply``: the adopted text as a new book folder, read back as a book;
- the data of the amendment outputs: the Antragsbuch's passages with the changes in place
  (every amendment, as moved and as adopted) and the Änderungsfassung (the draft with every
  adopted change), from the typeset draft;
- ``publish amend build --beschluss``: every amendment output (Antragsbuch,
  Änderungsfassung, Synopse, Konkordanz) as PDF, EPUB and web page, each document and
  format timed; the adopted text applied, built (the Beschlussfassung: a full build of
  its own, measured as such) and frozen before.

Writes a Markdown table to ``--out``, and a page of the Antragsbuch and of the Synopse
as pictures into ``--pictures`` (for the README) if given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.amendgen import generate, write  # noqa: E402
from publish.amend.changes import amended_book, antragsbuch  # noqa: E402
from publish.amend.outputs import (  # noqa: E402
    AmendBuildRequest,
    Job,
    make_documents,
    render_documents,
    render_job,
)
from publish.amend.workflow import (  # noqa: E402
    apply_amendments,
    check_amendments,
    freeze_edition,
)
from publish.importer import import_markdown  # noqa: E402
from publish.pipeline import BuildRequest, build  # noqa: E402
from publish.read.book import load_book  # noqa: E402
from publish.typography import typeset  # noqa: E402
from publish.write.files import write_outputs  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "koalitionsvertrag-2018.md"


def processor_seconds() -> float:
    """Processor time of this process and of its ended children (the layout's pools)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_seconds(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "AMEND.md")
    parser.add_argument("--output-runs", type=int, default=1, help="runs of the outputs")
    parser.add_argument("--pictures", type=Path, help="folder for the README's pictures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        book = work / "book"
        import_markdown(CORPUS, book)
        started, processor = time.perf_counter(), processor_seconds()
        build(BuildRequest(book, work / "dist"))
        build_seconds = time.perf_counter() - started
        build_processor = processor_seconds() - processor
        print(f"full build: {build_seconds:.1f} s", flush=True)
        started = time.perf_counter()
        frozen = freeze_edition(book, work / "dist")
        freeze_seconds = time.perf_counter() - started
        edition = frozen.edition
        planned = generate(edition, args.count, seed=0)
        write(book, planned)
        report = check_amendments(book)
        assert not report.problems, report.problems[:3]
        adopted = len(report.adopted)

        check = median_seconds(lambda: check_amendments(book), args.runs)
        print(f"check: {check:.2f} s", flush=True)

        def apply_once() -> None:
            into = work / "beschluss"
            shutil.rmtree(into, ignore_errors=True)
            apply_amendments(book, into)

        apply = median_seconds(apply_once, args.runs)
        print(f"apply: {apply:.2f} s", flush=True)
        draft = typeset(load_book(book.resolve()))

        def outputs_data() -> None:
            antragsbuch(draft, edition, report)
            amended_book(draft, [c for a in report.adopted for c in a.effective])

        data = median_seconds(outputs_data, args.runs)
        print(f"outputs' data: {data:.2f} s", flush=True)
        beschluss = work / "beschluss"
        shutil.rmtree(beschluss, ignore_errors=True)
        apply_amendments(book, beschluss, "Beschluss")
        started = time.perf_counter()
        build(BuildRequest(beschluss, work / "dist-beschluss"))
        beschluss_seconds = time.perf_counter() - started
        print(f"Beschlussfassung (publish build of the adopted text): {beschluss_seconds:.1f} s")
        freeze_edition(beschluss, work / "dist-beschluss")
        request = AmendBuildRequest(book, work / "dist-antraege", beschluss=beschluss)
        pages: dict[str, int] = {}

        def outputs() -> None:
            made = make_documents(request)
            files = render_documents(made.documents, request)
            write_outputs(work / "dist-antraege", files)

        processor = processor_seconds()
        everything = median_seconds(outputs, args.output_runs)
        outputs_processor = (processor_seconds() - processor) / args.output_runs
        print(f"amendment outputs (publish amend build): {everything:.1f} s", flush=True)
        started = time.perf_counter()
        made = make_documents(request)
        documents_seconds = time.perf_counter() - started
        steps: list[tuple[str, float]] = [
            ("checking, the adopted text, the documents' models", documents_seconds)
        ]
        timestamp = dt.datetime(2018, 3, 12, tzinfo=dt.UTC)
        for document in made.documents:
            for kind in ("pdf", "epub", "html"):
                started = time.perf_counter()
                _, note = render_job(Job(document, kind, request, timestamp))
                steps.append((f"{document.label}: {kind.upper()}", time.perf_counter() - started))
                if kind == "pdf":
                    pages[document.label] = int(note.split()[-2])
                print(f"  {steps[-1][0]}: {steps[-1][1]:.2f} s ({note})", flush=True)
        if args.pictures:
            pictures(work / "dist-antraege", book, args.pictures)
    total = check + apply + data
    rows = [
        ("full build of the agreement (every output)", build_seconds),
        ("`publish amend freeze` (once per edition)", freeze_seconds),
        (f"`publish amend check`: {args.count} amendments", check),
        (f"`publish amend apply`: {adopted} adopted, new book folder read back", apply),
        ("Antragsbuch passages and Änderungsfassung (model data)", data),
        ("check + apply + outputs' data", total),
        ("the Beschlussfassung: `publish build` of the adopted text", beschluss_seconds),
        ("`publish amend build --beschluss`: every amendment output", everything),
    ]
    lines = [
        "# The amendment cycle: timings",
        "",
        f"The 2018 agreement ({edition.pages} pages, {len(edition.lines)} numbered lines), "
        f"{args.count} generated amendments (`benchmarks/amendgen.py`, seed 0: every operation "
        f"and status, {adopted} adopted), median of {args.runs} runs; written by "
        "`python benchmarks/amend.py`.",
        "",
        "| step | seconds | share of the full build |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {seconds:.2f} | {seconds / build_seconds:.0%} |" for name, seconds in rows),
        "",
        "`publish amend build --beschluss` step by step, each in one process (the command "
        "runs them in one process per core): pages of each PDF: "
        + ", ".join(f"{name} {count}" for name, count in pages.items())
        + ".",
        "",
        "| step | seconds |",
        "| --- | ---: |",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in steps),
        "",
        *floor(edition.pages, build_seconds, build_processor, pages, everything, outputs_processor),
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def floor(
    book_pages: int,
    build_seconds: float,
    build_processor: float,
    pages: dict[str, int],
    outputs_seconds: float,
    outputs_processor: float,
) -> list[str]:
    """Pages laid out and processor time, the full build against the amendment outputs:
    how far the outputs' time is set by the number of their pages."""
    made = sum(pages.values())
    rows = [
        ("full build of the agreement (every output)", book_pages, build_seconds, build_processor),
        ("`publish amend build --beschluss`", made, outputs_seconds, outputs_processor),
    ]
    return [
        "Pages laid out and processor time (this process and the layout's processes):",
        "",
        "| | pages | seconds | processor seconds | processor ms per page |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {name} | {count} | {seconds:.2f} | {cpu:.1f} | {1000 * cpu / count:.0f} |"
            for name, count, seconds, cpu in rows
        ),
        "",
        f"The amendment outputs have {made / book_pages:.1f} times the agreement's pages. Laid "
        "out at the full build's processor time per page, they would take "
        f"{made / book_pages:.1f} times its processor time: the layout of their pages, not the "
        "checking, sets their time.",
        "",
    ]


def pictures(dist: Path, book: Path, folder: Path) -> None:
    """A page of the Antragsbuch and of the Synopse (the first with changes in its text,
    after the front matter) as PNG files, 80 dpi, for the README."""
    import subprocess

    import pdfplumber

    folder.mkdir(parents=True, exist_ok=True)
    for key, name in (("antragsbuch", "antragsbuch-seite"), ("synopse", "synopse-seite")):
        (pdf,) = dist.glob(f"*-{key}.pdf")
        with pdfplumber.open(pdf) as document:
            number = next(
                n
                for n, page in enumerate(document.pages, start=1)
                if n > 4 and "Streichung" in (page.extract_text() or "")
            )
        target = folder / f"{name}-{number}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                str(pdf),
                str(target),
            ],
            check=True,
        )
        print(f"picture: {target}.png", flush=True)


if __name__ == "__main__":
    main()
