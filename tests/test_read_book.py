"""A whole book folder with bad input: every problem of every file, with file, line and a fix,
in source order, in one run; and the exact words an editor reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BOOK_YAML

from publish.cli import main
from publish.errors import BookError
from publish.read.book import load_book


def write_book(
    root: Path, chapters: dict[str, str | bytes], extra: str = "", listed: list[str] | None = None
) -> Path:
    """A book in ``root`` (the current folder, so messages name files relative to it)."""
    names = listed if listed is not None else list(chapters)
    entries = "\n".join(f"  - {name}" for name in names)
    (root / "book.yaml").write_text(BOOK_YAML.format(chapters=entries, extra=extra), "utf-8")
    for name, text in chapters.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(BookError) as caught:
        load_book(root)
    return [str(d) for d in caught.value.diagnostics]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_duplicate_id_names_the_first_heading(here: Path) -> None:
    write_book(
        here,
        {
            "a.md": "# Eins {#klima}\n\nText.\n",
            "b.md": "# Zwei\n\n## Klima {#klima}\n",
        },
    )
    assert problems(here) == [
        "b.md:3: the id #klima is used twice "
        "– it is already the id of the heading at a.md:1; choose another"
    ]


def test_a_slug_gives_way_to_a_later_explicit_id(here: Path) -> None:
    write_book(
        here,
        {"a.md": "# Klima\n\n[hin](#klima)\n", "b.md": "# Klimaschutz {#klima}\n"},
    )
    book = load_book(here)
    assert [c.id for c in book.chapters] == ["klima-2", "klima"]


def test_link_to_missing_id_suggests_the_nearest(here: Path) -> None:
    write_book(
        here,
        {
            "a.md": "# Wohnen {#wohnen}\n\nSiehe [Wohnen](#wohen) und [Nichts](#xyz-abc).\n",
        },
    )
    assert problems(here) == [
        "a.md:3: link to #wohen, which does not exist – did you mean #wohnen?",
        "a.md:3: link to #xyz-abc, which does not exist "
        "– link to a heading's id: write it as ## Title {#id}",
    ]


def test_heading_level_may_not_skip(here: Path) -> None:
    write_book(here, {"a.md": "# Eins\n\n## Zwei\n\n#### Vier\n"})
    assert problems(here) == ["a.md:5: heading level skips from 2 to 4 – use ### here"]


def test_wrong_encoding_nul_byte_and_empty_chapter(here: Path) -> None:
    write_book(
        here,
        {
            "latin1.md": "# Überschrift\n\nGrüße\n".encode("latin-1"),
            "nul.md": b"# Titel\n\nText\n\nmit \x00 darin\n",
            "leer.md": "\n  \n",
        },
    )
    assert problems(here) == [
        "latin1.md:1: the file is not UTF-8 text – save it with the encoding UTF-8",
        "nul.md:5: the file contains a NUL byte – remove it; the file may be damaged or not text",
        "leer.md:1: the chapter is empty "
        "– write at least a heading (# Title), or remove the chapter from book.yaml",
    ]


def test_ten_megabyte_paragraph(here: Path) -> None:
    paragraph = "Wort " * (2 * 1024 * 1024)  # 10 MiB of text without a paragraph break
    write_book(here, {"a.md": f"# Titel\n\nKurz.\n\n{paragraph}\n"})
    assert problems(here) == [
        "a.md:5: a paragraph of 10.485.761 characters is too long "
        "– split it; the limit is 100.000 characters"
    ]


ENGLISH = "# Titel\n\nWir wollen das.\n\nWe will make Bochum a city that is fit for the future.\n"


def test_language_check_when_the_book_asks_for_it(here: Path) -> None:
    write_book(here, {"a.md": ENGLISH}, extra="checks:\n  language: true\n")
    assert problems(here) == [
        "a.md:5: „We will make Bochum a city …“ reads as English but has no language mark "
        "– mark the passage as [text]{lang=en}, so that screen readers speak it in English"
    ]


def test_language_check_accepts_marked_passages_and_is_off_by_default(here: Path) -> None:
    write_book(here, {"a.md": ENGLISH})
    assert load_book(here).chapters[0].id == "titel"
    marked = ENGLISH.replace("We will", "[We will").replace("future.", "future.]{lang=en}")
    write_book(here, {"a.md": marked}, extra="checks:\n  language: true\n")
    assert load_book(here).chapters[0].id == "titel"


def test_all_problems_of_all_files_in_source_order(here: Path) -> None:
    write_book(
        here,
        {
            "a.md": "# Eins\n\nText[^1] und [dort](#zwie).\n\n<b>fett</b>\n",
            "b.md": "# Zwei {#zwei}\n\n#### Tief\n\n![](fehlt.png)\n\n[^x]: Nie benutzt.\n",
        },
        listed=["a.md", "fehlt.md", "b.md"],
    )
    assert problems(here) == [
        "book.yaml:15:5: chapter file fehlt.md does not exist – check the name",
        "a.md:3: footnote [^1] has no definition – add a line „[^1]: …“ with its text",
        "a.md:5: raw HTML <b> is not allowed – write it in Markdown instead",
        "b.md:3: heading level skips from 1 to 4 – use ## here",
        "b.md:5: image fehlt.png does not exist – check the file name",
        "b.md:5: image fehlt.png has no alt text "
        "– describe it in ![…](…), or mark it {.decorative} if it carries no meaning",
        "b.md:7: footnote [^x] is never referenced – cite it with [^x] in the text, or delete it",
    ]


def test_cli_prints_every_problem_and_no_traceback(here: Path) -> None:
    write_book(here, {"a.md": "# Eins\n\n[weg](javascript:alert(1))\n\n<script>x</script>\n"})
    (here / "dist").mkdir()
    (here / "dist" / "test.pdf").write_bytes(b"old")
    result = CliRunner().invoke(main, ["build", str(here), "--out", "dist"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-3:] == [
        "Error: a.md:3: link target „javascript:alert(1)“ is not allowed "
        "– use #id for a place in the book, or an https:// or mailto: address",
        "a.md:5: raw HTML <script>x</script> is not allowed – write it in Markdown instead",
        "2 problems in the book source; nothing was written.",
    ]
    assert "Traceback" not in result.output
    assert (here / "dist" / "test.pdf").read_bytes() == b"old"


def test_control_characters_nested_headings_and_crlf(here: Path) -> None:
    long_crlf = "# T\r\n\r\n" + "Ein kurzer Absatz.\r\n\r\n" * 6000  # short paragraphs, CRLF
    write_book(
        here,
        {
            "a.md": "# Eins\n\nText \x08 Text\n",
            "b.md": "# Zwei\n\n- ## Punkt\n\n> # Zitat\n",
            "c.md": long_crlf,
        },
    )
    assert problems(here) == [
        "a.md:3: the file contains a control character (U+0008) "
        "– remove it; it is invisible and no output can show it",
        "b.md:3: a heading inside a list or quote is not allowed "
        "– write it as a paragraph (**bold** if it must stand out), or end the list first",
        "b.md:5: a heading inside a list or quote is not allowed "
        "– write it as a paragraph (**bold** if it must stand out), or end the list first",
    ]


def test_hyphenation_exceptions_must_be_utf8(here: Path) -> None:
    from publish.typography import hyphenator_for

    (here / "trennungen.txt").write_bytes("# Ausnahmen\nStra-ße\n".encode("latin-1"))
    with pytest.raises(BookError) as caught:
        hyphenator_for(here)
    assert [str(d) for d in caught.value.diagnostics] == [
        "trennungen.txt:2: the file is not UTF-8 text – save it with the encoding UTF-8"
    ]


def test_the_book_carries_the_warnings_of_book_yaml(here: Path) -> None:
    """Warnings are no problems: the book loads, and carries them for the commands to show;
    they are not part of its value."""
    from dataclasses import replace

    write_book(here, {"eins.md": "# Eins\n"})
    config = here / "book.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("date: 2020-10-29", "date: 1970-01-01"), encoding="utf-8")
    book = load_book(here)
    assert [str(w) for w in book.warnings] == [
        "book.yaml:8:9: metadata.date is still the importer's placeholder date 1970-01-01 – "
        "replace it with the date of this state, e.g. 2020-10-29"
    ]
    assert book == replace(book, warnings=())


def test_the_books_of_the_repo_have_no_warnings() -> None:
    from conftest import BOOK, EVERYTHING

    assert load_book(BOOK).warnings == () == load_book(EVERYTHING).warnings


def test_trennungen_txt_is_checked_with_the_chapters(here: Path) -> None:
    """The exceptions file is read by the build; its problems come with the chapters', so
    `publish check` and `publish watch` report them too."""
    write_book(here, {"a.md": "# Eins\n\nText.\n"})
    (here / "trennungen.txt").write_text("Wat-ten-scheid\nGe3m\n", encoding="utf-8")
    assert problems(here) == [
        "trennungen.txt:2: „Ge3m“ is not a word – write the word with hyphens at its allowed "
        "breaks, e.g. Wat-ten-scheid",
    ]
