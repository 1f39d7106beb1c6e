"""book.yaml: the schema's errors name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOOK_YAML

from publish.errors import BookError
from publish.read.config import load_config

GOOD = BOOK_YAML.format(chapters="  - eins.md", extra="")


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "eins.md").write_text("# Eins\n", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        load_config(tmp_path / "book.yaml")
    prefix = str(tmp_path.resolve()) + "/"
    return [str(d).replace(prefix, "") for d in caught.value.diagnostics]


def test_good_config_loads(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "eins.md").write_text("# Eins\n", encoding="utf-8")
    config = load_config(tmp_path / "book.yaml")
    assert config.metadata.status_line == "Entwurf vom 29.10.2020"
    assert config.metadata.parties[0].short == "A"
    assert config.output.page_size == "A4"
    assert config.chapters == (tmp_path / "eins.md",)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = GOOD.replace("  rights:", "  rigths:")
    assert problems(tmp_path, text) == [
        "book.yaml:2:3: required key „rights“ is missing "
        "– add it: the copyright or licence statement",
        "book.yaml:11:3: unknown key „rigths“ – did you mean „rights“?",
    ]


def test_wrong_type_names_line_and_value(tmp_path: Path) -> None:
    text = GOOD.replace("date: 2020-10-29", "date: gestern").replace(
        'parties:\n    - name: "Partei A"\n      short: A', "parties: SPD"
    )
    assert problems(tmp_path, text) == [
        "book.yaml:4:12: expected a list, found „SPD“",
        "book.yaml:6:9: „gestern“ is not a date – write it as YYYY-MM-DD, e.g. 2020-10-29",
    ]


def test_missing_required_key(tmp_path: Path) -> None:
    text = GOOD.replace('  title: "Titel"\n', "")
    assert problems(tmp_path, text) == [
        "book.yaml:2:3: required key „title“ is missing – add it: the title on the cover, "
        "e.g. Bochum – Perspektiven von hier"
    ]


def test_not_yaml(tmp_path: Path) -> None:
    assert problems(tmp_path, "metadata: [unclosed\n") == [
        "book.yaml:2:1: not valid YAML: expected ',' or ']', but got '<stream end>' "
        "– check indentation and quotes"
    ]


def test_missing_and_duplicate_chapters(tmp_path: Path) -> None:
    text = GOOD.replace("  - eins.md\n", "  - eins.md\n  - fehlt.md\n  - eins.md\n")
    assert problems(tmp_path, text) == [
        "book.yaml:15:5: chapter file fehlt.md does not exist – check the name",
        "book.yaml:16:5: chapter eins.md is listed twice – first listed at line 14",
    ]


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_bytes(GOOD.replace("Titel", "Tütel").encode("latin-1"))
    with pytest.raises(BookError) as caught:
        load_config(tmp_path / "book.yaml")
    prefix = str(tmp_path.resolve()) + "/"
    assert [str(d).replace(prefix, "") for d in caught.value.diagnostics] == [
        "book.yaml:2: not UTF-8 (invalid start byte) – save the file as UTF-8"
    ]
