"""The peers our build is measured against (issue 16), on the same text:

- **pandoc → WeasyPrint**: pandoc (the ``pypandoc-binary`` wheel) makes a standalone HTML
  document of the Markdown, WeasyPrint lays it out with a simple German stylesheet
  (:data:`WEASYPRINT_CSS`: justified, ``hyphens: auto`` with ``lang="de"``, A4, our type
  size, margins and fonts): a PDF, nothing else.
- **pandoc → Typst**: pandoc makes a Typst document (its own template, ``lang: de``,
  justified, our paper, margins, type size and fonts: :data:`TYPST_METADATA`,
  :data:`TYPST_HEADER`), the ``typst`` wheel's compiler makes the PDF (Knuth–Plass line
  breaking, hyphenation by its own German patterns).

In both, chapters begin on a new page and tables are set at 0.92 em, as ours are (so the
spacing measure, benchmarks/spacing.py, leaves them out the same way). Each step runs as a
command in a fresh process, as a user would run it; the time is the wall-clock time of the
whole chain (pandoc included), like ``publish build``'s, and the processor time of its
processes (``publish build``'s workers included). Both peers are test-only dependencies
(the ``bench`` extra).
"""

from __future__ import annotations

import importlib.util
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "styles" / "fonts"

WEASYPRINT_CSS = """\
@font-face { font-family: "Source Serif 4"; src: url("{fonts}/SourceSerif4-Regular.ttf"); }
@font-face { font-family: "Source Serif 4"; font-weight: bold;
  src: url("{fonts}/SourceSerif4-Bold.ttf"); }
@font-face { font-family: "Source Serif 4"; font-style: italic;
  src: url("{fonts}/SourceSerif4-Italic.ttf"); }
@font-face { font-family: "Source Serif 4"; font-weight: bold; font-style: italic;
  src: url("{fonts}/SourceSerif4-BoldItalic.ttf"); }
@font-face { font-family: "Source Sans 3"; src: url("{fonts}/SourceSans3-Regular.ttf"); }
@font-face { font-family: "Source Sans 3"; font-weight: bold;
  src: url("{fonts}/SourceSans3-Bold.ttf"); }
@page { size: A4; margin: 25mm 22mm 25mm 28mm;
  @bottom-center { content: counter(page); font: 9pt "Source Sans 3"; } }
@page :left { margin-left: 22mm; margin-right: 28mm; }
html { font: 10.5pt/1.4 "Source Serif 4"; }
body { margin: 0; text-align: justify; hyphens: auto; }
p { margin: 0; }
p + p { text-indent: 1.2em; }
h1, h2, h3, h4, h5, h6 { font-family: "Source Sans 3"; line-height: 1.2; text-align: left;
  hyphens: manual; break-after: avoid; }
h1 { font-size: 1.6em; break-before: page; }
h2 { font-size: 1.25em; } h3 { font-size: 1.1em; } h4, h5, h6 { font-size: 1em; }
header { text-align: left; }
table { font-size: 0.92em; border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.25em 0.5em 0.25em 0; }
section.footnotes { font-size: 8.5pt; }
"""

#: Pandoc's variables for its Typst template (as a metadata file).
TYPST_METADATA = {
    "lang": "de",
    "papersize": "a4",
    "margin": {"top": "25mm", "bottom": "25mm", "inside": "28mm", "outside": "22mm"},
    "mainfont": "Source Serif 4",
    "fontsize": "10.5pt",
    "linestretch": 1.15,
}
TYPST_HEADER = """\
#show heading: set text(font: "Source Sans 3")
#show heading.where(level: 1): it => { pagebreak(weak: true); it }
#show table: set text(size: 0.92em)
"""

TYPST_COMPILE = (
    "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])"
)


def missing() -> list[str]:
    """The peers' packages that are not installed (empty: both peers can run)."""
    return [
        package
        for package, module in (("pypandoc-binary", "pypandoc"), ("typst", "typst"))
        if importlib.util.find_spec(module) is None
    ]


def pandoc() -> str:
    """The pandoc binary of the ``pypandoc-binary`` wheel."""
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def markdown_of(book_dir: Path, folder: Path) -> Path:
    """One Markdown file of a book folder's chapters, in their order, with its title; the
    book's images are copied beside it (the peers' documents are written there too)."""
    for file in book_dir.rglob("*"):
        if file.is_file() and file.suffix not in (".md", ".yaml", ".txt"):
            (folder / file.relative_to(book_dir)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, folder / file.relative_to(book_dir))
    config = yaml.safe_load((book_dir / "book.yaml").read_text(encoding="utf-8"))
    title = str(config["metadata"]["title"]).replace('"', "'")
    chapters = [(book_dir / name).read_text(encoding="utf-8") for name in config["chapters"]]
    path = folder / f"{book_dir.name}.md"
    path.write_text(f'---\ntitle: "{title}"\n---\n\n' + "\n\n".join(chapters), encoding="utf-8")
    return path


def _run(command: list[str]) -> float:
    """Run a command; the processor seconds it and its children took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … failed:\n{result.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def pandoc_weasyprint(markdown: Path, pdf: Path) -> dict[str, float]:
    """pandoc → HTML → WeasyPrint → ``pdf``; seconds of each step and in all."""
    html, css = pdf.with_suffix(".html"), pdf.with_suffix(".css")
    css.write_text(WEASYPRINT_CSS.replace("{fonts}", FONTS.as_uri()), encoding="utf-8")
    start = time.perf_counter()
    cpu = _run([pandoc(), str(markdown), "-f", "markdown", "-t", "html5", "-s", "-M", "lang=de"]
               + ["-M", "document-css=false", "-o", str(html)])  # fmt: skip
    made = time.perf_counter()
    cpu += _run([sys.executable, "-m", "weasyprint", "-s", str(css), str(html), str(pdf)])
    end = time.perf_counter()
    return {"pandoc": made - start, "layout": end - made, "total": end - start, "cpu": cpu}


def pandoc_typst(markdown: Path, pdf: Path) -> dict[str, float]:
    """pandoc → Typst → the typst compiler → ``pdf``; seconds of each step and in all."""
    typ, metadata, header = (pdf.with_suffix(s) for s in (".typ", ".yaml", ".header.typ"))
    metadata.write_text(yaml.safe_dump(TYPST_METADATA), encoding="utf-8")
    header.write_text(TYPST_HEADER, encoding="utf-8")
    start = time.perf_counter()
    cpu = _run([pandoc(), str(markdown), "-f", "markdown", "-t", "typst", "-s"]
               + ["--metadata-file", str(metadata), "-H", str(header), "-o", str(typ)])  # fmt: skip
    made = time.perf_counter()
    cpu += _run([sys.executable, "-c", TYPST_COMPILE, str(typ), str(pdf), str(FONTS)])
    end = time.perf_counter()
    return {"pandoc": made - start, "layout": end - made, "total": end - start, "cpu": cpu}


def publish_build(book_dir: Path, out: Path, jobs: int = 2) -> dict[str, float]:
    """``publish build`` as a user runs it: every output, no cache, ``jobs`` processes."""
    command = [sys.executable, "-m", "publish", "build", str(book_dir), "--out", str(out)]
    start = time.perf_counter()
    cpu = _run([*command, "--no-cache", "--jobs", str(jobs), "--quiet"])
    return {"total": time.perf_counter() - start, "cpu": cpu}


def pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def versions() -> str:
    """The peers' versions, for the results."""
    from importlib.metadata import version

    pandoc_version = subprocess.run([pandoc(), "--version"], capture_output=True, text=True)
    first = pandoc_version.stdout.splitlines()[0] if pandoc_version.stdout else "pandoc"
    return f"{first}, WeasyPrint {version('weasyprint')}, typst {version('typst')} (the wheel)"
