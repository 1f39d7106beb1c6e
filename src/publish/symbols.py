"""Characters that Word's symbol fonts leave in a text, and what they mean.

Word stores a character typed in the Symbol or Wingdings font as a private-use code point
(U+F020–U+F0FF: U+F000 plus the byte of the font's own encoding). Without that font the
character means nothing: a PDF converter or another program that keeps the code point but
not the font leaves U+F0B7 where the author saw a bullet and U+F020 where there was a space.

:func:`symbol_meaning` gives the Unicode character the author saw, from the font's encoding
when the font is known (``w:sym``, a run's font in a .docx) and from the most common use in
agreements otherwise (a Markdown file converted from a PDF knows no fonts: U+F0B7 is
Symbol's bullet far more often than Wingdings' clock). Both importers map these characters
with it and list each one in the report; the book reader refuses every private-use character
and names its probable meaning in the hint.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Adobe's Symbol encoding (the Windows font), byte → character, for the bytes Word uses.
_SYMBOL = {
    0x20: " ", 0x21: "!", 0x22: "∀", 0x23: "#", 0x24: "∃", 0x25: "%", 0x26: "&", 0x27: "∋",
    0x28: "(", 0x29: ")", 0x2A: "∗", 0x2B: "+", 0x2C: ",", 0x2D: "−", 0x2E: ".", 0x2F: "/",
    **{0x30 + d: str(d) for d in range(10)},
    0x3A: ":", 0x3B: ";", 0x3C: "<", 0x3D: "=", 0x3E: ">", 0x3F: "?", 0x40: "≅",
    **dict(zip(range(0x41, 0x5B), "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ", strict=True)),
    0x5B: "[", 0x5C: "∴", 0x5D: "]", 0x5E: "⊥", 0x5F: "_",
    **dict(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True)),
    0x7B: "{", 0x7C: "|", 0x7D: "}", 0x7E: "∼",
    0xA0: "€", 0xA1: "ϒ", 0xA2: "′", 0xA3: "≤", 0xA4: "⁄", 0xA5: "∞", 0xA6: "ƒ", 0xA7: "♣",
    0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓",
    0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•",
    0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xBE: "—", 0xBF: "↵",
    0xC4: "⊗", 0xC5: "⊕", 0xC6: "∅", 0xC7: "∩", 0xC8: "∪", 0xCE: "∈", 0xCF: "∉",
    0xD0: "∠", 0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "∏", 0xD6: "√", 0xD7: "⋅",
    0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓",
    0xE0: "◊", 0xE1: "⟨", 0xE2: "®", 0xE3: "©", 0xE4: "™", 0xE5: "∑", 0xF1: "⟩", 0xF2: "∫",
}  # fmt: skip

#: Wingdings, byte → character, for the bytes used as bullets, marks and arrows.
_WINGDINGS = {
    0x20: " ", 0x21: "✏", 0x22: "✂", 0x28: "☎", 0x2A: "✉", 0x3F: "✍", 0x41: "✌", 0x45: "☜",
    0x46: "☞", 0x4A: "☺", 0x4C: "☹", 0x51: "✈", 0x52: "☼", 0x54: "❄", 0x6C: "●", 0x6D: "❍",
    0x6E: "■", 0x6F: "□", 0x70: "◻", 0x71: "❑", 0x72: "❒", 0x73: "⬧", 0x74: "⧫", 0x75: "◆",
    0x76: "❖", 0x77: "⬥", 0x7B: "❀", 0x7C: "✿", 0x7D: "❝", 0x7E: "❞", 0x9F: "•", 0xA1: "○",
    0xA5: "◉", 0xA7: "▪", 0xA8: "◻", 0xAA: "✦", 0xAB: "★", 0xAC: "✶", 0xAD: "✴", 0xAE: "✹",
    0xAF: "✵", 0xD8: "➢", 0xDF: "←", 0xE0: "→", 0xE1: "↑", 0xE2: "↓", 0xE8: "➔", 0xEF: "⇦",
    0xF0: "⇨", 0xF1: "⇧", 0xF2: "⇩", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}  # fmt: skip

#: Without the font: Symbol's meaning, except where Word's bullets and marks come from
#: Wingdings (U+F0A7 ▪, U+F0D8 ➢, U+F0FC ✓ … are list bullets and check marks in practice).
_PROBABLE = {
    **_SYMBOL,
    **{byte: _WINGDINGS[byte] for byte in (0x6C, 0x6E, 0x71, 0x76, 0xA7, 0xD8, 0xE0, 0xE8)},
    **{byte: _WINGDINGS[byte] for byte in (0xFB, 0xFC, 0xFD, 0xFE, 0x9F, 0xAB)},
}

#: Characters that Word's bullets become: the importers make such paragraphs list items.
BULLETS = frozenset("•▪●■❑❖➢◆□◻○✓➔")


@dataclass(frozen=True, slots=True)
class Symbol:
    """A private-use character of a symbol font and what it stands for."""

    char: str
    meaning: str
    font: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        """The meaning's Unicode name („BULLET“), or „SPACE“ for a space."""
        return unicodedata.name(self.meaning, self.meaning)


def is_private_use(char: str) -> bool:
    return unicodedata.category(char) == "Co"


def symbol_meaning(char: str, font: str | None = None) -> Symbol | None:
    """What the private-use ``char`` meant in ``font`` (Symbol or Wingdings; None when the
    font is unknown: the most probable meaning), or None if it is not a symbol-font byte."""
    code = ord(char)
    if not 0xF020 <= code <= 0xF0FF:
        return None
    family = (font or "").strip().lower()
    if family.startswith("wingdings"):
        table, name = _WINGDINGS, "Wingdings"
    elif family.startswith("symbol"):
        table, name = _SYMBOL, "Symbol"
    else:
        table, name = _PROBABLE, "Symbol/Wingdings"
    meaning = table.get(code - 0xF000)
    return Symbol(char, meaning, name) if meaning is not None else None
