"""The command line with click's runner: every command and its documented options."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from conftest import within

from publish.cli import PublishGroup, main
from publish.new import new_book
from publish.read.book import load_book


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def table_rows(output: str) -> list[tuple[str, str, str]]:
    """The rows of the check table: (check, file, result), split at runs of two spaces."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() == ["Check", "File", "Result"])
    rows = []
    for line in lines[start + 2 :]:
        cells = [c.strip() for c in line.strip().split("  ") if c.strip()]
        if len(cells) != 3:
            break
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def test_new_makes_a_book_that_builds_at_once(here: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "Mein Vertrag"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "made Mein Vertrag: edit Mein Vertrag/book.yaml",
        "then: publish build Mein Vertrag",
    ]
    book = load_book(here / "Mein Vertrag")
    assert book.output.name == "mein-vertrag"
    assert book.metadata.date == dt.date.today()
    assert [c.id for c in book.chapters] == ["praeambel", "klima"]
    config = (here / "Mein Vertrag" / "book.yaml").read_text(encoding="utf-8")
    comments = [line for line in config.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 15  # every key is explained
    result = runner.invoke(main, ["build", "Mein Vertrag", "--format", "epub"])
    assert result.exit_code == 0, result.output
    assert (here / "dist" / "mein-vertrag.epub").is_file()


def test_new_gives_each_book_its_own_identifier(tmp_path: Path) -> None:
    fixed = uuid.UUID("2b1f0a52-6f6c-4d59-9a57-0d6f3c1e8a11")
    new_book(tmp_path / "a", dt.date(2025, 3, 1), fixed)
    new_book(tmp_path / "b")
    a = yaml.safe_load((tmp_path / "a" / "book.yaml").read_text(encoding="utf-8"))
    b = yaml.safe_load((tmp_path / "b" / "book.yaml").read_text(encoding="utf-8"))
    assert a["metadata"]["identifier"] == f"urn:uuid:{fixed}"
    assert a["metadata"]["date"] == dt.date(2025, 3, 1)
    assert a["metadata"]["rights"].startswith("© 2025 ")
    assert b["metadata"]["identifier"] != a["metadata"]["identifier"]


def test_new_refuses_a_folder_that_is_not_empty(here: Path) -> None:
    (here / "voll").mkdir()
    (here / "voll" / "notiz.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "voll"])
    assert result.exit_code == 1
    assert result.output == "Error: voll already exists and is not empty: choose a new folder\n"
    assert sorted(p.name for p in (here / "voll").iterdir()) == ["notiz.txt"]


def test_check_book_folder_prints_source_problems_and_the_table(here: Path) -> None:
    new_book(here / "demo")
    chapter = here / "demo" / "kapitel" / "02-klima.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n#### Zu tief\n", "utf-8")
    result = CliRunner().invoke(main, ["check", "demo"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "✗ demo source: demo/kapitel/02-klima.md:15: heading level skips from 2 to 4 – use ### here"
    )
    assert table_rows(result.output) == [
        ("source", "demo", "1 problem(s)"),
        ("output", "dist/demo.pdf", "warning: missing – run publish build"),
        ("output", "dist/demo-print.pdf", "warning: missing – run publish build"),
        ("output", "dist/demo.epub", "warning: missing – run publish build"),
    ]
    assert lines[-1] == "Error: 1 of 4 checks failed"


def test_check_warnings_fail_only_with_strict(here: Path) -> None:
    new_book(here / "demo")
    runner = CliRunner()
    relaxed = runner.invoke(main, ["check", "demo", "--out", "nirgends"])
    assert relaxed.exit_code == 0, relaxed.output
    assert relaxed.output.splitlines()[-1] == "all 4 checks passed (3 with warnings)"
    strict = runner.invoke(main, ["check", "demo", "--out", "nirgends", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "Error: 3 of 4 checks failed"


def test_check_book_folder_runs_every_validator_on_fresh_outputs(here: Path) -> None:
    new_book(here / "demo")
    runner = CliRunner()
    assert runner.invoke(main, ["build", "demo"]).exit_code == 0
    result = runner.invoke(main, ["check", "demo", "--strict"])
    assert result.exit_code == 0, result.output
    assert table_rows(result.output) == [
        ("source", "demo", "ok"),
        ("veraPDF PDF/UA-1", "dist/demo.pdf", "ok"),
        ("veraPDF PDF/UA-1", "dist/demo-print.pdf", "ok"),
        ("structure", "dist/demo.pdf", "ok"),
        ("line breaks", "dist/demo.pdf", "ok"),
        ("structure", "dist/demo-print.pdf", "ok"),
        ("EPUBCheck", "dist/demo.epub", "ok"),
        ("DAISY Ace", "dist/demo.epub", "ok"),
    ]
    chapter = here / "demo" / "kapitel" / "01-praeambel.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNeu.\n", "utf-8")
    stale = runner.invoke(main, ["check", "demo", "--strict"])
    assert stale.exit_code == 1
    assert (
        "output",
        "dist/demo.pdf",
        "warning: older than the source – run publish build",
    ) in table_rows(stale.output)


def test_check_refuses_other_files(here: Path) -> None:
    (here / "notiz.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "notiz.txt"])
    assert result.exit_code == 1
    assert result.output == "Error: cannot check notiz.txt: only .pdf and .epub files are checked\n"


@pytest.mark.parametrize(
    "command", ["amend", "build", "check", "completion", "import", "new", "watch"]
)
def test_every_command_has_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert f"publish {command}" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("main, version ") or "version" in result.output


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_for_each_shell(shell: str) -> None:
    result = CliRunner().invoke(main, ["completion", shell])
    assert result.exit_code == 0
    assert "_PUBLISH_COMPLETE" in result.output
    assert f"{shell}_complete" in result.output


def test_completion_completes_commands_and_options() -> None:
    from click.shell_completion import ShellComplete

    complete = ShellComplete(main, {}, "publish", "_PUBLISH_COMPLETE")
    names = [c.value for c in complete.get_completions([], "")]
    assert sorted(names) == ["amend", "build", "check", "completion", "import", "new", "watch"]
    options = [c.value for c in complete.get_completions(["check"], "--")]
    assert {"--out", "--book", "--strict", "--help"} <= set(options)


def test_messages_follow_the_locale(here: Path) -> None:
    """German for a German locale (PUBLISH_LANG first, then LC_ALL, LC_MESSAGES, LANG)."""
    from publish.messages import GERMAN, PLACEHOLDER, language

    new_book(here / "demo")
    chapter = here / "demo" / "kapitel" / "02-klima.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n#### Tief\n\n<b>x</b>\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "demo"], env={"PUBLISH_LANG": "de"})
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: demo/kapitel/02-klima.md:15: die Überschriftenebene springt von 2 auf 4 "
        "– nehmen Sie hier ###",
        "demo/kapitel/02-klima.md:17: HTML (<b>) ist nicht erlaubt – schreiben Sie es in Markdown",
        "2 Probleme im Text des Buchs; nichts wurde geschrieben.",
    ]
    english = CliRunner().invoke(main, ["build", "demo"], env={"PUBLISH_LANG": "en"})
    assert english.output.splitlines()[-1] == (
        "2 problems in the book source; nothing was written."
    )
    assert language({"LANG": "de_DE.UTF-8"}) == "de"
    assert language({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}) == "en"
    assert language({}) == "en"
    # every German text keeps the placeholders of its English one
    for english_text, german_text in GERMAN.items():
        assert set(PLACEHOLDER.findall(english_text)) == set(PLACEHOLDER.findall(german_text))


def test_build_quiet_and_verbose(here: Path) -> None:
    new_book(here / "demo")
    runner = CliRunner()
    quiet = runner.invoke(main, ["build", "demo", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    assert (here / "dist" / "demo.pdf").is_file()
    verbose = runner.invoke(main, ["build", "demo", "-v", "--format", "pdf"])
    assert verbose.exit_code == 0
    steps = [line.split("s  ", 1)[1].split(None, 1) for line in verbose.stderr.splitlines()]
    assert steps == [
        ["book", "reading the source"],
        ["book", "typography"],
        ["pdf", "hyphenation, HTML and layout (WeasyPrint, by chapter)"],
        ["pdf", "laid out: 5 pages"],
        ["print", "print-shop file, 5 pages"],
        ["booklet", "imposing 5 pages"],
        ["book", "writing 4 files"],
        ["book", "done"],
    ]
    assert verbose.stdout.splitlines()[0] == "wrote dist/demo.pdf"


def test_build_jobs_and_cache_options(here: Path) -> None:
    new_book(here / "demo")
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = runner.invoke(
            main, ["build", "demo", "--jobs", jobs, "--no-cache", "-q", "--out", f"j{jobs}"]
        )
        assert result.exit_code == 0, result.output
    assert (here / "j1" / "demo.pdf").read_bytes() == (here / "j2" / "demo.pdf").read_bytes()
    assert runner.invoke(main, ["build", "demo", "--jobs", "0"]).exit_code == 2
    env = {"PUBLISH_CACHE": str(here / "cache")}
    first = runner.invoke(main, ["build", "demo", "-v"], env=env)
    assert "up to date" not in first.stderr
    again = runner.invoke(main, ["build", "demo", "-v"], env=env)
    assert again.stderr == "up to date: nothing changed since the last build\n"
    assert again.stdout.splitlines()[0] == "wrote dist/demo-booklet.pdf"
    fresh = runner.invoke(main, ["build", "demo", "-v", "--no-cache"], env=env)
    assert "up to date" not in fresh.stderr


# --- an unexpected exception: one line, a report, exit code 3, nothing changed ------------


class Boom(ZeroDivisionError):
    """The exception the tests put into a command (a bug, as publish sees it)."""


def _raise(*args: object, **kwargs: object) -> None:
    raise Boom("Absicht")


CRASH_LINE = re.compile(
    r"(publish(?: \w+)*) failed: an unexpected error \(Boom: Absicht\)\. This is a bug in "
    r"publish; the full report is in (\S+) – please send it to us\."
)


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new book and its outputs in dist/, built once."""
    folder = tmp_path_factory.mktemp("crash")
    new_book(folder / "demo", dt.date(2025, 3, 1))
    build_outputs = CliRunner().invoke(
        main, ["build", str(folder / "demo"), "--out", str(folder / "dist")]
    )
    assert build_outputs.exit_code == 0, build_outputs.output
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def crash_here(built_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The built demo book in the current folder; crash reports go to ./cache/."""
    shutil.copytree(built_demo, tmp_path, dirs_exist_ok=True)
    (tmp_path / "quelle.md").write_text("# Vertrag\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PUBLISH_DEBUG", raising=False)
    return tmp_path


#: Each command, how to call it, and an internal function of it made to fail.
CRASHES = {
    "build": (["build", "demo", "--format", "pdf", "--jobs", "1"], "publish.pipeline", "typeset"),
    "check": (["check", "demo", "--out", "dist"], "publish.check", "check_book"),
    "watch": (["watch", "demo", "--port", "0", "--no-build"], "publish.watch", "typeset"),
    "new": (["new", "neu"], "publish.new", "new_book"),
    "import": (["import", "quelle.md", "--into", "neu"], "publish.importer", "import_markdown"),
    "completion": (["completion", "bash"], "click.shell_completion", "get_completion_class"),
}


def _assert_crash_report(output: str, command: str, arguments: list[str], function: str) -> Path:
    """One line on the terminal, no traceback; the report says what, where and with what."""
    assert "Traceback" not in output
    lines = output.splitlines()
    assert len(lines) == 1, output
    match = CRASH_LINE.fullmatch(lines[0])
    assert match, output
    assert match.group(1) == command
    report = Path(match.group(2))
    assert report.parent == Path.cwd() / "cache" / "publish" / "crash"
    assert re.fullmatch(r"publish-crash-\d{8}-\d{6}-\d+(-\d+)?\.txt", report.name)
    text = report.read_text(encoding="utf-8")
    assert text.startswith(f"{command} failed: an unexpected error. This is a bug in publish.\n")
    assert f"command line: publish {' '.join(arguments)}\n" in text
    for library in ("publish", "weasyprint", "pikepdf"):
        assert re.search(rf"^{library}: \d+\.\d+", text, re.MULTILINE), library
    assert re.search(r"^Python: 3\.\d+", text, re.MULTILINE)
    assert "Traceback (most recent call last):" in text
    assert f", in {function}\n" in text
    assert text.rstrip().endswith("Boom: Absicht")
    return report


@pytest.mark.parametrize("command", list(CRASHES))
def test_an_unexpected_error_in_any_command_is_one_line_and_a_report(
    crash_here: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    arguments, module, function = CRASHES[command]
    monkeypatch.setattr(f"{module}.{function}", _raise)
    before = _tree(crash_here / "dist")
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 3, result.output
    _assert_crash_report(result.output, f"publish {command}", arguments, "_raise")
    assert _tree(crash_here / "dist") == before
    assert not (crash_here / "neu").exists() or not any((crash_here / "neu").iterdir())


def _leaf_commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def test_every_command_turns_an_unexpected_error_into_a_report(
    crash_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command, also one added later and one in a group of commands (``probe run``
    here): the exception is raised as the command starts."""
    probe = PublishGroup("probe")
    probe.command("run")(_raise)
    monkeypatch.setitem(main.commands, "probe", probe)  # type: ignore[attr-defined]
    paths = []
    for path, command in _leaf_commands(main):  # type: ignore[arg-type]
        paths.append(" ".join(path))
        with pytest.MonkeyPatch.context() as patch:
            if path != ("probe", "run"):
                patch.setattr(command, "make_context", _raise)
            result = CliRunner().invoke(main, list(path))
        assert result.exit_code == 3, result.output
        _assert_crash_report(result.output, f"publish {' '.join(path)}", list(path), "_raise")
    assert {"build", "check", "watch", "new", "import", "completion", "probe run"} <= set(paths)
    assert set(CRASHES) <= set(paths)


def test_an_unexpected_error_outside_a_command_is_reported_too(
    crash_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before a command runs: reading the command line, shell completion."""
    monkeypatch.setattr(type(main), "make_context", _raise)
    result = CliRunner().invoke(main, ["build", "demo"])
    assert result.exit_code == 3, result.output
    _assert_crash_report(result.output, "publish", ["build", "demo"], "_raise")


def test_an_unexpected_error_in_a_thread_of_the_watch_ends_it(
    crash_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first preview renders; the change after it makes the watcher's thread fail."""
    from publish import watch

    renders: list[int] = []
    real = watch.typeset

    def typeset_once(book: object) -> object:
        renders.append(1)
        if len(renders) > 1:
            _raise()
        return real(book)  # type: ignore[arg-type]

    monkeypatch.setattr(watch, "typeset", typeset_once)
    chapter = crash_here / "demo" / "kapitel" / "02-klima.md"

    def edit_after_the_first_render() -> None:
        deadline = time.monotonic() + 60
        while not renders and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the watcher is watching
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNeu.\n", "utf-8")

    threading.Thread(target=edit_after_the_first_render, daemon=True).start()
    arguments = ["watch", "demo", "--port", "0", "--no-build"]
    result = within(90, lambda: CliRunner().invoke(main, arguments))
    assert result.exit_code == 3, result.output
    *watching, crash = result.output.splitlines()
    assert watching[0].endswith("preview updated") or "preview updated (" in watching[0]
    assert watching[1].startswith("watching demo and ") and "preview on http://" in watching[1]
    assert len(watching) == 2
    _assert_crash_report(crash, "publish watch", arguments, "typeset_once")


def test_publish_debug_lets_the_exception_through(
    crash_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("publish.new.new_book", _raise)
    monkeypatch.setenv("PUBLISH_DEBUG", "1")
    result = CliRunner().invoke(main, ["new", "neu"])
    assert isinstance(result.exception, Boom)
    assert not (crash_here / "cache").exists()


def test_the_crash_line_in_german(crash_here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("publish.new.new_book", _raise)
    result = CliRunner().invoke(main, ["new", "neu"], env={"PUBLISH_LANG": "de"})
    assert result.exit_code == 3
    assert re.fullmatch(
        r"publish new ist fehlgeschlagen: ein unerwarteter Fehler \(Boom: Absicht\)\. Das ist "
        r"ein Fehler in publish; der vollständige Bericht steht in \S+ – bitte schicken Sie "
        r"ihn uns\.\n",
        result.output,
    )


def test_a_report_that_cannot_be_written_says_how_to_see_the_error(
    crash_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publish import crash

    monkeypatch.setattr(crash, "crash_folders", lambda: [Path("/proc/nirgends")])
    monkeypatch.setattr("publish.new.new_book", _raise)
    result = CliRunner().invoke(main, ["new", "neu"])
    assert result.exit_code == 3
    assert result.output == (
        "publish new failed: an unexpected error (Boom: Absicht). This is a bug in publish; "
        "no report could be written – run it again with PUBLISH_DEBUG=1 and send us what it "
        "prints.\n"
    )


def test_placeholders_in_book_yaml_warn_on_build_and_fail_check_strict(here: Path) -> None:
    """No placeholder is published without a word: the build says where each one is (also
    with --quiet, and when nothing had to be built), builds all the same, and
    `check --strict` fails on them."""
    new_book(here / "demo")
    config = here / "demo" / "book.yaml"
    text = config.read_text(encoding="utf-8")
    subtitle = '  subtitle: "Koalitionsvertrag für die Wahlperiode 2025–2030"'
    assert subtitle in text
    text = text.replace(subtitle, '  subtitle: "(bitte in book.yaml eintragen)"')
    text = text.replace("  name: demo", "  name: demo  # guessed – please check")
    config.write_text(text, encoding="utf-8")
    line = {
        key: n
        for n, row in enumerate(text.splitlines(), 1)
        for key in ("subtitle", "name:")
        if row.strip().startswith(key)
    }
    expected = [
        f"demo/book.yaml:{line['subtitle']}:13: metadata.subtitle is still the importer's "
        "placeholder – replace it with the line under the title, e.g. Koalitionsvertrag …",
        f"demo/book.yaml:{line['name:']}:9: output.name is a guess of the importer – check it, "
        "then delete the comment „# guessed – please check“",
        "2 warnings in the book source; the outputs were written all the same.",
    ]
    runner = CliRunner()
    env = {"PUBLISH_CACHE": str(here / "cache")}
    built = runner.invoke(main, ["build", "demo", "--format", "pdf"], env=env)
    assert built.exit_code == 0, built.output
    assert built.stderr.splitlines() == expected
    assert (here / "dist" / "demo.pdf").is_file()
    again = runner.invoke(main, ["build", "demo", "--format", "pdf", "--quiet"], env=env)
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr.splitlines() == expected  # up to date, and said again
    relaxed = runner.invoke(main, ["check", "demo", "--out", "nirgends"])
    assert relaxed.exit_code == 0, relaxed.output
    assert relaxed.output.splitlines()[:2] == [f"! demo source: {w}" for w in expected[:2]]
    assert table_rows(relaxed.output)[0] == ("source", "demo", f"warning: {expected[0]}")
    assert relaxed.output.splitlines()[-1] == "all 4 checks passed (4 with warnings)"
    strict = runner.invoke(main, ["check", "demo", "--out", "nirgends", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "Error: 4 of 4 checks failed"  # 3 without them


def test_a_book_without_placeholders_builds_without_a_warning(here: Path) -> None:
    new_book(here / "demo")
    built = CliRunner().invoke(main, ["build", "demo", "--format", "epub"])
    assert built.exit_code == 0, built.output
    assert built.stderr == ""
