"""The CLI and the pipeline: outputs, exit codes, messages, reproducibility."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BOOK, EVERYTHING

from publish.cli import main
from publish.pipeline import book_timestamp


def test_build_writes_pdf_and_epub_named_from_book_yaml(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(EVERYTHING), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "html",
        "testbuch-booklet.pdf",
        "testbuch-print.pdf",
        "testbuch.epub",
        "testbuch.layout.json",
        "testbuch.pdf",
    ]


def test_format_option_builds_only_that_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(EVERYTHING), "--out", str(tmp_path), "--format", "epub"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["testbuch.epub"]


def test_bad_book_yaml_gives_named_error_no_traceback_and_keeps_outputs(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(EVERYTHING, book)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "testbuch.pdf").write_bytes(b"previous")
    config = book / "book.yaml"
    config.write_text(config.read_text().replace("  status: Entwurf", "  stauts: Entwurf"))
    result = CliRunner().invoke(main, ["build", str(book), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[-3:] == [
        f"Error: {config}:3:3: required key „status“ is missing – add it: the state of the text, "
        "e.g. Entwurf",
        f"{config}:10:3: unknown key „stauts“ – did you mean „status“?",
        "2 problems in the book source; nothing was written.",
    ]
    assert (out / "testbuch.pdf").read_bytes() == b"previous"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_source_gives_byte_identical_outputs(tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(
            main,
            ["build", str(BOOK), "--out", str(tmp_path / name)],
            env={"SOURCE_DATE_EPOCH": "1604966400"},
        )
        assert result.exit_code == 0, result.output
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")
    # 5 files, and the web edition's 21: page, style, script, 10 fonts and licences, and 8
    # of the search (Pagefind: its script, worker, engines, content-named index files)
    files = _hashes(tmp_path / "a")
    assert len(files) == 26
    assert len([name for name in files if name.startswith("html/pagefind/")]) == 8


def test_build_py_builds_book_into_dist(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = BOOK.parent
    result = subprocess.run(
        [sys.executable, str(root / "build.py"), "--out", str(tmp_path), "--format", "epub"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "koalitionsvertrag-bochum-2020.epub").is_file()


def test_check_command_reports_every_checker(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(EVERYTHING), "--out", str(tmp_path)]).exit_code == 0
    result = runner.invoke(
        main,
        [
            "check",
            str(tmp_path / "testbuch.pdf"),
            str(tmp_path / "testbuch.epub"),
            "--book",
            str(EVERYTHING),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()[2:-1]]
    assert [(row[0], row[-1]) for row in rows] == [
        ("veraPDF", "ok"),
        ("structure", "ok"),
        ("line", "ok"),
        ("EPUBCheck", "ok"),
        ("DAISY", "ok"),
    ]
    assert result.output.splitlines()[-1] == "all 5 checks passed"


def test_check_command_maps_problems_to_chapter_files(tmp_path: Path) -> None:
    import weasyprint

    from publish.read.book import load_book
    from publish.render.html import render_book_html
    from publish.write.resources import STYLES

    book = load_book(BOOK)
    html = render_book_html(book, book_timestamp(book))
    plain = tmp_path / "plain.pdf"  # tagged by WeasyPrint alone: running heads untagged
    weasyprint.HTML(string=html, base_url=str(BOOK) + "/").write_pdf(
        plain, pdf_variant="pdf/ua-1", stylesheets=[str(STYLES / "print.css")]
    )
    result = CliRunner().invoke(main, ["check", str(plain), "--book", str(BOOK)])
    assert result.exit_code == 1
    assert "belongs to no structure element in the tree – page 4 (" in result.output
    assert "kapitel/01-kreismitgliederversammlung.md)" in result.output
    assert result.output.splitlines()[-1] == "Error: 1 of 2 checks failed"


def test_import_command_takes_markdown_and_word(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Klima", level=1)
    document.add_paragraph("Gemeinsam wollen wir ein klimaresilientes Bochum schaffen.")
    document.save(tmp_path / "vertrag.docx")
    (tmp_path / "vertrag.md").write_text("# Klima\n\nText.\n", encoding="utf-8")
    runner = CliRunner()
    for name in ("vertrag.docx", "vertrag.md"):
        into = tmp_path / f"book-{name}"
        result = runner.invoke(main, ["import", str(tmp_path / name), "--into", str(into)])
        assert result.exit_code == 0, result.output
        assert (into / "book.yaml").is_file() and list((into / "kapitel").glob("*.md"))
    refused = runner.invoke(main, ["import", str(tmp_path / "vertrag.md"), "--into", str(into)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output


def test_fast_font_subsetting_is_there_and_its_absence_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI installs libharfbuzz-subset0: the fast path must be in use; without it a build
    warns (once per process) and still builds."""
    from weasyprint.text import ffi

    from publish.pipeline import BuildRequest, build
    from publish.write.subsetting import SlowFontSubsetting, fast_font_subsetting

    assert fast_font_subsetting()
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert not fast_font_subsetting()
    with pytest.warns(SlowFontSubsetting, match="install libharfbuzz-subset0"):
        build(BuildRequest(EVERYTHING, tmp_path, ("epub",), jobs=1))
