"""Every printed character against the book's fonts, in the reader: exact messages with
file:line:column, the symbol font in every output, fallback fonts from styles/fonts/, and
random characters that either are reported or print (never a .notdef box, never a crash)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import BOOK_YAML
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.errors import BookError
from publish.fonts import INVISIBLE, book_fonts, fallback_css, font_characters
from publish.importer import import_markdown
from publish.paths import STYLES
from publish.pipeline import BuildRequest, build
from publish.read.book import load_book
from publish.read.characters import CharacterCheck
from publish.validate.epubcheck import run_epubcheck
from publish.validate.verapdf import run_verapdf

#: The symbols agreements use (the issue's list): each one prints.
COMMON = tuple("→←↑↓⇒⇔✓✔✗✘★☆●■▪►➢➔≥≤≠≈±×÷½¼¾€²³₂₃‰†‡§©®™°′″∞…∈∉∅⊕∧∨⋅①②③⟨⟩☎✉✂✈❖⬥⬧◻☺☹")
#: A font for the tests: a solid square for each of these, and a space.
FALLBACK_CHARS = "😀漢"


def write_book(root: Path, chapter: str, yaml_edit: tuple[str, str] = ("", "")) -> Path:
    """A book of one chapter, ``k.md``, in ``root`` (messages name files relative to it)."""
    text = BOOK_YAML.format(chapters="  - k.md", extra="").replace(*yaml_edit)
    (root / "book.yaml").write_text(text, encoding="utf-8")
    (root / "k.md").write_text(chapter, encoding="utf-8")
    return root


def problems(root: Path, styles: Path = STYLES) -> list[str]:
    with pytest.raises(BookError) as caught:
        load_book(root, styles)
    return [str(d) for d in caught.value.diagnostics]


def make_font(path: Path, chars: str, family: str = "Test Fallback") -> Path:
    """A TrueType font with a space and a solid square (the whole em) for each of ``chars``."""
    names = [".notdef", "space"] + [f"u{ord(c):04X}" for c in chars]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(c): f"u{ord(c):04X}" for c in chars}})
    square = TTGlyphPen(None)
    for x, y in ((0, -200), (0, 800), (1000, 800), (1000, -200)):
        (square.moveTo if (x, y) == (0, -200) else square.lineTo)((x, y))
    square.closePath()
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({n: (square.glyph() if n.startswith("u") else empty) for n in names})
    builder.setupHorizontalMetrics({n: (1000 if n != "space" else 250, 0) for n in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(path)
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def styles_with_fallback(tmp_path: Path) -> Path:
    """A copy of styles/ with a fallback font for 😀 and 漢 in fonts/."""
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    make_font(styles / "fonts" / "TestFallback-Regular.ttf", FALLBACK_CHARS)
    return styles


# --- the messages -------------------------------------------------------------------------


def test_emoji_and_chinese_are_reported_with_line_column_name_and_remedy(here: Path) -> None:
    write_book(here, "# Titel\n\nWir fahren 😀 nach\n**Nanjing (南京)** und [zurück 😀](#titel).\n")
    emoji = (
        "the character „😀“ (U+1F600 GRINNING FACE) is in no font of the book – put an "
        "open-licensed font that has it (e.g. Noto Emoji) into styles/fonts/; it is then used "
        "as a fallback"
    )
    cjk = (
        "is in no font of the book – put an open-licensed font that has it "
        "(e.g. Noto Sans CJK SC) into styles/fonts/; it is then used as a fallback"
    )
    assert problems(here) == [
        f"k.md:3:12: {emoji}",
        f"k.md:4:12: the character „南“ (U+5357 CJK UNIFIED IDEOGRAPH-5357) {cjk}",
        f"k.md:4:13: the character „京“ (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC) {cjk}",
        f"k.md:4:30: {emoji}",
    ]


def test_private_use_characters_of_word_name_their_meaning(here: Path) -> None:
    write_book(here, "# Titel\n\n- \uf0b7\uf020Punkt\n- Menge \uf0e1a\uf0f1 und \ue123\n")
    assert problems(here) == [
        "k.md:3:3: the character U+F0B7 is a private-use character of Word's symbol fonts "
        "(probably • BULLET) – replace it with „•“ (publish import does this for you)",
        "k.md:3:4: the character U+F020 is a private-use character of Word's symbol fonts "
        "(probably ␣ SPACE) – replace it with a space (publish import does this for you)",
        "k.md:4:9: the character U+F0E1 is a private-use character of Word's symbol fonts "
        "(probably ⟨ MATHEMATICAL LEFT ANGLE BRACKET) – replace it with „⟨“ "
        "(publish import does this for you)",
        "k.md:4:11: the character U+F0F1 is a private-use character of Word's symbol fonts "
        "(probably ⟩ MATHEMATICAL RIGHT ANGLE BRACKET) – replace it with „⟩“ "
        "(publish import does this for you)",
        "k.md:4:17: the character U+E123 is a private-use character – it means nothing outside "
        "the font it was typed in: write the character meant",
    ]


def test_every_kind_of_printed_text_is_checked_in_source_order(here: Path) -> None:
    chapter = (
        "# Titel 😀\n"
        "\n"
        "Text[^1] mit [Sprache 😀]{lang=en} und *Betonung 😀*.\n"
        "\n"
        "| Kopf 😀 | B |\n"
        "|---|---|\n"
        "| Zelle | x 😀 |\n"
        "\n"
        "> Zitat 😀\n"
        "\n"
        "[^1]: Fußnote 😀.\n"
    )
    write_book(here, chapter)
    places = [p.split(": ", 1)[0] for p in problems(here)]
    assert places == ["k.md:1:9", "k.md:3:23", "k.md:3:49", "k.md:5:8", "k.md:7:13",
                      "k.md:9:9", "k.md:11:15"]  # fmt: skip


def test_a_title_in_book_yaml_is_reported_at_its_place(here: Path) -> None:
    write_book(here, "# Titel\n\nText.\n", ('title: "Titel"', 'title: "Titel 😀 mit ★"'))
    assert problems(here) == [
        "book.yaml:2:17: the character „😀“ (U+1F600 GRINNING FACE) is in no font of the book "
        "– put an open-licensed font that has it (e.g. Noto Emoji) into styles/fonts/; it is "
        "then used as a fallback"
    ]


def test_party_names_and_escaped_characters_in_book_yaml(here: Path) -> None:
    edit = ('- name: "Partei A"', '- name: "Partei \\U0001F600"')
    write_book(here, "# Titel\n\nText.\n", edit)
    assert [p.split(" – ")[0] for p in problems(here)] == [
        "book.yaml:5:13: the character „😀“ (U+1F600 GRINNING FACE) is in no font of the book"
    ]


def test_unassigned_and_invisible_characters(here: Path) -> None:
    write_book(here, "# Titel\n\nA\u0378B C\u2028D E\u200dF G\u00adH I\u2011J K\ufe0fL\n")
    assert problems(here) == [
        "k.md:3:2: the character U+0378 is not assigned in Unicode – remove it; it is probably "
        "left over from a conversion",
        "k.md:3:6: the character U+2028 (LINE SEPARATOR) cannot be printed – remove it, or "
        "write a space or a line break instead",
    ]


def test_many_places_of_one_character_are_cut_short(here: Path) -> None:
    write_book(here, "# Titel\n\n" + "Ein 😀.\n" * 25)
    found = problems(here)
    assert len(found) == 21
    assert found[19].startswith("k.md:22:5: the character „😀“")
    assert found[20] == ("k.md:23:5: … and 5 more places of the character „😀“ – see above")


def test_the_symbols_agreements_use_need_no_fallback(here: Path) -> None:
    write_book(here, "# Titel ★ ➢\n\n" + " ".join(COMMON) + "\n\n**" + " ".join(COMMON) + "**\n")
    assert load_book(here).chapters


# --- fallback fonts -----------------------------------------------------------------------


def test_a_font_in_styles_fonts_is_a_fallback(here: Path, styles_with_fallback: Path) -> None:
    write_book(here, "# Titel\n\nWir fahren 😀 nach 漢.\n", ('title: "Titel"', 'title: "Titel 😀"'))
    assert load_book(here, styles_with_fallback).chapters
    fonts = book_fonts(styles_with_fallback)
    assert [(f.path.name, f.family, f.weight, f.italic, f.name) for f in fonts.fallbacks] == [
        ("TestFallback-Regular.ttf", "Publish Fallback", 400, False, "Test Fallback")
    ]
    assert fallback_css(fonts) == (
        "/* Test Fallback: a fallback font from fonts/TestFallback-Regular.ttf */\n"
        '@font-face { font-family: "Publish Fallback"; font-weight: 400; font-style: normal;\n'
        "  src: url(fonts/TestFallback-Regular.ttf);\n"
        "  unicode-range: U+20, U+6F22, U+1F600; }\n"
    )


def test_unusable_font_files_are_reported(here: Path, tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    (styles / "fonts" / "kaputt.otf").write_bytes(b"not a font")
    (styles / "fonts" / "NotoSansCJK.ttc").write_bytes(b"ttcf")
    # a font without a space: Pango would set the spaces after its glyphs in it
    _drop_space(make_font(styles / "fonts" / "OhneLeer.ttf", "😀"))
    write_book(here, "# Titel\n\nText.\n")
    assert problems(here, styles) == [
        "styles/fonts/NotoSansCJK.ttc: a font collection cannot be a fallback – use the single "
        "font files of the family (.otf or .ttf) instead",
        "styles/fonts/OhneLeer.ttf: the font has no space (U+0020) – WeasyPrint sets the spaces "
        "after its characters in it: use another font",
        "styles/fonts/kaputt.otf: the font cannot be read (TTLibError) – replace or remove "
        "the file",
    ]


def _drop_space(path: Path) -> None:
    font = TTFont(path)
    for table in font["cmap"].tables:
        table.cmap.pop(32, None)
    font.save(path)


# --- the outputs ------------------------------------------------------------------------


def test_symbols_print_in_every_output(tmp_path: Path) -> None:
    """The common symbols in text, bold, italics, headings and tables: the PDF embeds the
    symbol font (subset), draws each symbol (not a .notdef box) and passes veraPDF; the
    EPUB with embedded fonts passes EPUBCheck; the web edition ships the font."""
    book = tmp_path / "book"
    book.mkdir()
    symbols = " ".join(COMMON)
    chapter = (
        f"# Symbole ★ ➢ ∈\n\nIm Text: {symbols}\n\n*Kursiv: {symbols}*\n\n**Fett: {symbols}**\n"
        f"\n## Ziele ★ und ①\n\n- ➢ Radwege ✓\n- ★ Busse ⇔ Bahnen\n\n| Ziel ★ | Wert ≥ |\n"
        f"|---|---|\n| CO₂ ✓ | ½ ➢ ① |\n"
    )
    write_book(book, chapter, ("name: test", "name: test\n  embed_fonts_in_epub: true"))
    build(BuildRequest(book, tmp_path / "dist"))
    pdf = tmp_path / "dist" / "test.pdf"
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    embedded = {
        line.split()[0].split("+")[1].rstrip(","): line.split()[-5:-2]
        for line in fonts.splitlines()[2:]
    }
    assert embedded["Publish-Symbols"] == ["yes", "yes", "yes"]  # embedded, subset, ToUnicode
    assert set(embedded) <= {
        "Source-Serif-4", "Source-Serif-4-Italic", "Source-Serif-4-Bold",
        "Source-Serif-4-Bold-Italic", "Source-Sans-3", "Source-Sans-3-Bold",
        "Source-Sans-3-Oblique", "Source-Sans-3-Bold-Oblique", "Publish-Symbols",
        "Publish-Symbols-Bold", "Publish-Symbols-Oblique", "Publish-Symbols-Bold-Oblique",
        "SourceSans3-Regular",
    }  # fmt: skip
    with pdfplumber.open(pdf) as document:
        page = next(p for p in document.pages if "Im Text" in (p.extract_text() or ""))
        text = page.extract_text()
        for symbol in COMMON:
            assert symbol in text
        drawn = _darkness(pdf, page, [c for c in page.chars if c["text"] == "★"][0])
    # A .notdef box would have stopped the build (WeasyPrint's warning is an OutputError);
    # the star is drawn, and filled (a fifth of its box is ink).
    assert drawn > 0.15
    assert_pdf_ua(pdf)
    assert_epubcheck_clean(tmp_path / "dist" / "test.epub")
    with zipfile.ZipFile(tmp_path / "dist" / "test.epub") as epub:
        assert "EPUB/fonts/PublishSymbols-Regular.ttf" in epub.namelist()
    web = tmp_path / "dist" / "html"
    assert (web / "fonts" / "PublishSymbols-Regular.ttf").is_file()
    assert "url(fonts/PublishSymbols-Regular.ttf)" in (web / "style.css").read_text()


def test_a_fallback_font_reaches_every_output(tmp_path: Path, styles_with_fallback: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    write_book(
        book,
        "# Titel\n\nWir fahren 😀 nach 漢 und **😀** *漢*.\n",
        ("name: test", "name: test\n  embed_fonts_in_epub: true"),
    )
    build(BuildRequest(book, tmp_path / "dist", styles=styles_with_fallback))
    pdf = tmp_path / "dist" / "test.pdf"
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    # WeasyPrint names an embedded font after its CSS family: the fallback's two families
    assert "+Publish-Fallback " in fonts and "+emoji " in fonts and "DejaVu" not in fonts
    with pdfplumber.open(pdf) as document:
        page = next(p for p in document.pages if "Wir fahren" in (p.extract_text() or ""))
        assert "😀" in page.extract_text() and "漢" in page.extract_text()
        faces = {c["text"]: c["fontname"] for c in page.chars if c["text"] in FALLBACK_CHARS}
        assert faces["漢"].split("+")[1].startswith("Publish-Fallback")
        assert faces["😀"].split("+")[1].startswith("emoji")
        square = [c for c in page.chars if c["text"] == "😀"][0]
        assert _darkness(pdf, page, square) > 0.9  # the test font's solid square
    assert_pdf_ua(pdf)
    epub = tmp_path / "dist" / "test.epub"
    with zipfile.ZipFile(epub) as archive:
        assert "EPUB/fonts/TestFallback-Regular.ttf" in archive.namelist()
        assert "unicode-range: U+20, U+6F22, U+1F600" in archive.read("EPUB/style.css").decode()
    assert_epubcheck_clean(epub)
    web = tmp_path / "dist" / "html"
    assert (web / "fonts" / "TestFallback-Regular.ttf").is_file()
    assert "src: url(fonts/TestFallback-Regular.ttf)" in (web / "style.css").read_text()


def assert_pdf_ua(pdf: Path) -> None:
    [report] = run_verapdf([pdf], "ua1")
    assert report.error is None, report.error
    assert report.rule_ids == () and report.compliant, report.failed


def assert_epubcheck_clean(epub: Path) -> None:
    report = run_epubcheck(epub)
    problems = [m for m in report.messages if m.severity in ("FATAL", "ERROR", "WARNING")]
    assert (report.fatals, report.errors, report.warnings) == (0, 0, 0), problems
    # the one usage note: embedded fonts are declared with @font-face (CSS-028)
    assert {m.id for m in report.messages if m.severity == "USAGE"} <= {"CSS-028"}


def _darkness(pdf: Path, page: pdfplumber.page.Page, char: dict[str, float]) -> float:
    """How much of the character's box is ink (0 white … 1 black), at 200 dpi."""
    scale = 200 / 72
    box = [round(v * scale) for v in (char["x0"], char["top"], char["x1"], char["bottom"])]
    png = subprocess.run(
        ["pdftoppm", "-gray", "-r", "200", "-f", str(page.page_number), "-l",
         str(page.page_number), "-x", str(box[0]), "-y", str(box[1]), "-W",
         str(box[2] - box[0]), "-H", str(box[3] - box[1]), "-singlefile", pdf],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    header, pixels = png.split(b"255\n", 1)
    return 1 - sum(pixels) / (255 * len(pixels))


# --- what Pango does, and random characters -------------------------------------------------


NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

PROBE = """
import logging, re, sys
from pathlib import Path
import weasyprint
from publish.write.pdf import stylesheets
from publish.write.resources import SandboxedFetcher
from weasyprint.text.fonts import FontConfiguration
styles = Path(sys.argv[1])
codes = [int(c, 16) for c in sys.argv[2].split()]
found = []
class Collect(logging.Handler):
    def emit(self, record): found.append(record.getMessage())
weasyprint.LOGGER.addHandler(Collect())
fonts = FontConfiguration()
sheets = stylesheets("A4", styles, fonts, SandboxedFetcher([styles]))
body = "".join(f"<p>a&#{c};b</p><h2>a&#{c};b</h2>" for c in codes)
html = weasyprint.HTML(string=f"<html lang=de><body>{body}</body></html>")
html.render(stylesheets=sheets, font_config=fonts).write_pdf()
print(" ".join(sorted({m for f in found for m in re.findall(r"U\\+([0-9A-F]+)", f)})))
"""


def notdef_without_system_fonts(codes: list[int], styles: Path, tmp_path: Path) -> set[int]:
    """The code points WeasyPrint draws as .notdef when only the book's fonts exist."""
    config = tmp_path / "fonts.conf"
    config.write_text(NO_SYSTEM_FONTS.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    args = [
        sys.executable,
        "-W",
        "ignore",
        "-c",
        PROBE,
        str(styles),
        " ".join(f"{c:X}" for c in codes),
    ]
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=300)
    return {int(code, 16) for code in out.stdout.split()}


def test_pango_hides_exactly_what_the_check_lets_through(tmp_path: Path) -> None:
    """What the check takes as invisible (and the spaces HarfBuzz makes) prints without a
    font; the line separator and the Hangul fillers, which it reports, do not."""
    invisible = [c for first, last in INVISIBLE for c in range(first, min(last, first + 40) + 1)]
    refused = [0x2028, 0x115F, 0x3164, 0x20DD, 0x0378]
    fonts = book_fonts(STYLES)
    assert all(fonts.printable(chr(c), "text") for c in invisible)
    assert not any(fonts.printable(chr(c), "text") for c in refused)
    assert notdef_without_system_fonts(invisible + refused, STYLES, tmp_path) == set(refused)


def test_the_symbol_font_has_what_the_source_fonts_lack() -> None:
    source = font_characters(STYLES / "fonts" / "SourceSans3-Regular.ttf")
    symbols = font_characters(STYLES / "fonts" / "PublishSymbols-Regular.ttf")
    lacking = {ord(c) for c in COMMON} - source
    assert lacking and lacking <= symbols
    assert {0x20, 0xA0} <= symbols  # Pango sets a space after a symbol in the symbol font


#: Characters of every kind: letters and symbols, marks, spaces and format characters,
#: private use, emoji, CJK, unassigned code points.
CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc")),
    st.sampled_from(COMMON),
    st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),
    st.characters(min_codepoint=0x2000, max_codepoint=0x206F),
    st.sampled_from([chr(0x0378), chr(0x2FFFF), chr(0xE0001), "\u00ad", "\u2011", "\u202f"]),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(CHARACTERS, min_size=1, max_size=8))
def test_random_characters_are_reported_or_print(tmp_path: Path, chars: list[str]) -> None:
    """Random characters in a chapter: the check reports exactly those that no font of the
    book has (each at its line and column, never with an exception), and the book of the
    characters it lets through builds (publish build --format pdf) without a .notdef box,
    even with no system font on the machine to help."""
    root = tmp_path / f"book-{time.monotonic_ns()}"  # a fresh book for each example
    root.mkdir()
    chapter = "# Titel\n\n" + "\\\n".join(f"Zeile {n}: x{c}y" for n, c in enumerate(chars))
    write_book(root, chapter + "\n")
    union = book_fonts(STYLES).everything
    reported: set[str] = set()
    try:
        load_book(root)
    except BookError as error:
        lines = chapter.split("\n")  # not splitlines(): U+2028 is no line end here
        for problem in error.diagnostics:
            code = re.search(r"U\+([0-9A-F]{4,6})", problem.message)
            assert code and problem.location.file.endswith("k.md"), str(problem)
            char = chr(int(code.group(1), 16))
            line, column = problem.location.line, problem.location.column
            assert line and column and lines[line - 1][column - 1] == char, str(problem)
            reported.add(char)
    for char in set(chars):
        if unicodedata.category(char) == "Co":
            assert char in reported
        elif char in reported:
            assert ord(char) not in union
    kept = "".join(c for c in chars if c not in reported)
    write_book(root, "# Titel\n\n" + "\\\n".join(f"Zeile: x{c}y" for c in kept) + "\n")
    built = build_without_system_fonts(root, tmp_path)
    assert built.returncode == 0 and "notdef" not in built.stderr, built.stderr


def build_without_system_fonts(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "fonts.conf"
    config.write_text(NO_SYSTEM_FONTS.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    command = [sys.executable, "-W", "ignore", "-m", "publish", "build", str(root), "--format",
               "pdf", "--out", str(root / "dist"), "--jobs", "1"]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def test_the_check_costs_little_on_the_corpus(corpus_book: Path) -> None:
    """The check of the 2018 agreement (170 pages, half a million characters): its fonts,
    every chapter and the title data; measured 0.045 s here (median of 7, 2 cores)."""
    book = load_book(corpus_book)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        check = CharacterCheck(book_fonts(STYLES))
        for chapter in book.chapters:
            assert check.chapter(chapter.blocks, chapter.footnotes, "", "k.md") == []
        assert check.metadata(book.metadata, corpus_book / "book.yaml") == []
        times.append(time.perf_counter() - started)
    assert sorted(times)[1] < 0.25, times


@pytest.fixture(scope="module")
def corpus_book(tmp_path_factory: pytest.TempPathFactory, corpus_source: Path) -> Path:
    book = tmp_path_factory.mktemp("kv2018") / "book"
    import_markdown(corpus_source, book)
    return book


def test_the_messages_in_german(here: Path) -> None:
    from publish.messages import translate

    write_book(here, "# Titel\n\n\uf0b7 Punkt 😀\n")
    with pytest.raises(BookError) as caught:
        load_book(here)
    german = [
        f"{d.location}: {translate(d.message, 'de')} – {translate(d.hint, 'de')}"
        for d in caught.value.diagnostics
    ]
    assert german == [
        "k.md:3:1: das Zeichen U+F0B7 ist ein Zeichen des privaten Bereichs aus Words "
        "Symbolschriften (wahrscheinlich • BULLET) – ersetzen Sie es durch „•“ (publish import "
        "tut das für Sie)",
        "k.md:3:9: das Zeichen „😀“ (U+1F600 GRINNING FACE) ist in keiner Schrift des Buchs – "
        "legen Sie eine frei lizenzierte Schrift, die es hat (z. B. Noto Emoji), in "
        "styles/fonts/; sie wird dann als Ersatzschrift verwendet",
    ]


def test_the_epub_cover_sets_symbols_and_fallbacks_in_their_fonts(
    styles_with_fallback: Path,
) -> None:
    """The cover image is drawn with Pillow, which has no font fallback of its own."""
    from publish.write.cover import BOLD, _font

    font = _font(styles_with_fallback, BOLD, 150)
    runs = [(text, Path(str(face.path)).name) for text, face in font.runs("Titel ★ 😀 und mehr")]
    assert runs == [
        ("Titel ", "SourceSans3-Bold.ttf"),
        ("★ ", "PublishSymbols-Regular.ttf"),
        ("😀 ", "TestFallback-Regular.ttf"),
        ("und mehr", "SourceSans3-Bold.ttf"),
    ]
