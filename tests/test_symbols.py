"""The meaning of private-use characters from Word's symbol fonts (publish.symbols)."""

from __future__ import annotations

import pytest

from publish.symbols import BULLETS, is_private_use, symbol_meaning


@pytest.mark.parametrize(
    ("char", "font", "meaning"),
    [
        ("\uf0b7", None, "•"),  # Symbol's bullet: Word's default list bullet
        ("\uf020", None, " "),
        ("\uf0a7", None, "▪"),  # Wingdings' square bullet
        ("\uf0d8", None, "➢"),
        ("\uf0fc", None, "✓"),
        ("\uf0ae", None, "→"),
        ("\uf0b3", None, "≥"),
        ("\uf061", "Symbol", "α"),
        ("\uf0a7", "Symbol", "♣"),  # the font decides
        ("\uf0fc", "Wingdings", "✓"),
        ("\uf0e8", "Wingdings 2", "➔"),
    ],
)
def test_symbol_meanings(char: str, font: str | None, meaning: str) -> None:
    symbol = symbol_meaning(char, font)
    assert symbol is not None and symbol.meaning == meaning


def test_names_and_codes() -> None:
    symbol = symbol_meaning("\uf0b7")
    assert symbol is not None
    assert (symbol.code, symbol.name) == ("U+F0B7", "BULLET")


def test_other_private_use_has_no_meaning() -> None:
    assert is_private_use("\ue000") and symbol_meaning("\ue000") is None
    assert symbol_meaning("\uf0c1", "Symbol") is None  # a byte the table does not know
    assert not is_private_use("•") and symbol_meaning("•") is None


def test_bullets_are_what_the_tables_give() -> None:
    for char in "\uf0b7\uf0a7\uf06c\uf0d8":
        symbol = symbol_meaning(char)
        assert symbol is not None and symbol.meaning in BULLETS
