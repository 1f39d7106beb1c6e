"""Make ``PublishSymbols-Regular.ttf``: the symbols that Source Serif 4 and Source Sans 3 lack.

A subset of three Noto fonts (SIL OFL 1.1, no Reserved Font Name), merged into one file:

- Noto Sans Symbols 2: arrows, geometric shapes, miscellaneous symbols, dingbats (★ ☆ ➢ ➔
  ✂ ✈ ✉ ✌ ✍ ✏ ✦ ✿ ❖ …), miscellaneous symbols and arrows (⬥ ⬧ ⇦ ⇨ …);
- Noto Sans Math: mathematical operators (∅ ∇ ∈ ∉ ∋ ∗ ∝ ∠ ∧ ∨ ∪ ∴ ∼ ≅ ⊕ ⊗ ⊥ ⋅ …), the
  arrows and letterlike symbols the first lacks (↵ ⇔), ⟨ ⟩, Greek symbols (ϖ);
- Noto Sans Symbols: enclosed alphanumerics (① ② ③ …), number forms (Ⅰ Ⅱ Ⅲ …) and the
  symbols the other two lack (☹ ☺ ☎ …).

Only the characters that neither Source font has are kept, so the file stays small; the line
metrics are those of the Source fonts (the lower of each), so a line with a symbol is as high
as any other. The file is made reproducibly (fixed time stamps) from Debian's
``fonts-noto-core`` 20201225-1:

    apt-get download fonts-noto-core && dpkg -x fonts-noto-core_*.deb noto
    python styles/fonts/make_symbols_font.py noto/usr/share/fonts/truetype/noto

It is a modified version of the Noto fonts, under the same licence (NotoSymbols-OFL.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
OUT = HERE / "PublishSymbols-Regular.ttf"
FAMILY = "Publish Symbols"
VERSION = "1.000"
#: 2020-12-25, the date of the Noto release it is made from (seconds since 1904, as in ``head``).
TIMESTAMP = 3691699200


def blocks(*ranges: tuple[int, int]) -> set[int]:
    return {code for first, last in ranges for code in range(first, last + 1)}


ARROWS = (0x2190, 0x21FF)
MISC_TECHNICAL = (0x2300, 0x23FF)
GEOMETRIC = (0x25A0, 0x25FF)
MISC_SYMBOLS = (0x2600, 0x26FF)
DINGBATS = (0x2700, 0x27BF)

#: Which font gives which blocks, in order of preference.
SOURCES = (
    (
        "NotoSansSymbols2-Regular.ttf",
        blocks(ARROWS, MISC_TECHNICAL, GEOMETRIC, MISC_SYMBOLS, DINGBATS, (0x2B00, 0x2BFF)),
    ),
    (
        "NotoSansMath-Regular.ttf",
        blocks(
            (0x03D0, 0x03F6),  # Greek symbols: ϑ ϖ ϕ
            (0x2100, 0x214F),  # letterlike symbols
            ARROWS,
            (0x2200, 0x22FF),  # mathematical operators
            MISC_TECHNICAL,
            GEOMETRIC,
            (0x27C0, 0x27FF),  # miscellaneous mathematical symbols A, supplemental arrows A
            (0x2900, 0x2AFF),  # supplemental arrows B, misc. math B, supplemental operators
        ),
    ),
    (
        "NotoSansSymbols-Regular.ttf",
        blocks((0x2150, 0x218F), (0x2460, 0x24FF), MISC_SYMBOLS, DINGBATS),
    ),
)


#: Pango keeps a space (and any character that is not graphic) in the font of the text
#: before it: every font needs the spaces the text has, or „★ ★“ shows a .notdef box.
SPACES = {0x20, 0xA0}


def subset_font(path: Path, wanted: set[int]) -> tuple[TTFont, set[int]]:
    font = TTFont(path)
    codes = (wanted & set(font.getBestCmap())) - covered_by_source_fonts() | SPACES
    options = subset.Options()
    options.hinting = False  # the sources differ (one is autohinted); PDFs need none
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.name_IDs = []
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    return font, codes


def covered_by_source_fonts() -> set[int]:
    codes: set[int] = set()
    for name in ("SourceSerif4-Regular.ttf", "SourceSans3-Regular.ttf"):
        codes |= set(TTFont(HERE / name).getBestCmap())
    return codes


def set_metrics(font: TTFont) -> None:
    """The lower ascent and descent of the two Source fonts: never a taller line."""
    serif, sans = (TTFont(HERE / n) for n in ("SourceSerif4-Regular.ttf", "SourceSans3-Regular.ttf"))
    ascent = min(serif["hhea"].ascent, sans["hhea"].ascent)
    descent = max(serif["hhea"].descent, sans["hhea"].descent)  # negative: the smaller one
    font["hhea"].ascent, font["hhea"].descent, font["hhea"].lineGap = ascent, descent, 0
    os2 = font["OS/2"]
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, -descent
    os2.fsSelection |= 1 << 7  # USE_TYPO_METRICS


def set_names(font: TTFont) -> None:
    name = font["name"]
    name.names = []
    copyright_ = (
        "Copyright 2016-2018 Google Inc., Google LLC (Noto Sans Symbols, Noto Sans Symbols 2, "
        "Noto Sans Math). Subset and merged for publish."
    )
    ofl = "This Font Software is licensed under the SIL Open Font License, Version 1.1."
    for name_id, value in {
        0: copyright_,
        1: FAMILY,
        2: "Regular",
        3: f"{VERSION};publish;PublishSymbols-Regular",
        4: f"{FAMILY} Regular",
        5: f"Version {VERSION}",
        6: "PublishSymbols-Regular",
        10: "The symbols of Noto Sans Symbols 2, Noto Sans Math and Noto Sans Symbols that "
        "Source Serif 4 and Source Sans 3 lack.",
        13: ofl,
        14: "https://openfontlicense.org",
    }.items():
        name.setName(value, name_id, 3, 1, 0x409)
    font["head"].fontRevision = float(VERSION)


def main(noto: Path) -> None:
    parts: list[Path] = []
    taken: set[int] = set()
    for file_name, wanted in SOURCES:
        font, codes = subset_font(noto / file_name, wanted - taken)
        taken |= codes
        part = OUT.with_suffix(f".{len(parts)}.tmp")
        font.save(part)
        parts.append(part)
    merged = Merger().merge([str(p) for p in parts])
    for part in parts:
        part.unlink()
    set_metrics(merged)
    set_names(merged)
    merged["OS/2"].recalcUnicodeRanges(merged)
    merged["head"].created = merged["head"].modified = TIMESTAMP
    merged.recalcTimestamp = False
    merged.save(OUT)
    print(f"{OUT.name}: {len(taken)} characters, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
