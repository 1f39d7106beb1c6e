"""Lines drawn by ``publish.write.glyphs``: the same content streams as WeasyPrint's own
``draw_first_line``, byte for byte, on the test books, the corpus and text with what only
WeasyPrint's function draws; the structures it reads are pinned."""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import weasyprint
import weasyprint.draw.text as draw_text
from conftest import BOOK, EVERYTHING, CorpusBook
from weasyprint import CSS, HTML
from weasyprint.text.ffi import ffi
from weasyprint.text.fonts import FontConfiguration

from publish.pipeline import BuildRequest, build
from publish.read.config import load_config
from publish.write import glyphs
from publish.write.resources import STYLES

ORIGINAL = glyphs.ORIGINAL_DRAW_FIRST_LINE


def test_weasyprint_is_the_version_glyphs_was_written_for() -> None:
    assert weasyprint.__version__ == "70.0", "glyphs.py was written for WeasyPrint 70.0"
    assert draw_text.draw_first_line is ORIGINAL, "installed outside its block"
    source = inspect.getsource(ORIGINAL)
    for line in (
        "string += f'>{-width / font_size}<'",
        "offset = glyph_info.geometry.x_offset / font_size",
        "string += f'>{-offset}<'",
        "string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'",
        "kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size",
        "string += f'>{int(kerning)}<'",
        "if pango.pango_version() < 14802 or font.png:",
        "if pango_font != previous_pango_font:",
        "stream.set_font_size(font.hash, 1 if font.bitmap else font_size)",
    ):
        assert line in source, f"WeasyPrint's draw_first_line changed: {line}"


def test_the_pango_structures_read_at_once() -> None:
    assert ffi.sizeof("PangoGlyphInfo") == glyphs.GLYPH.size == 20
    assert ffi.offsetof("PangoGlyphInfo", "glyph") == 0
    assert ffi.offsetof("PangoGlyphInfo", "geometry") == 4
    assert ffi.offsetof("PangoGlyphInfo", "attr") == 16
    offsets = [ffi.offsetof("PangoGlyphGeometry", f) for f in ("width", "x_offset", "y_offset")]
    assert offsets == [0, 4, 8]
    assert ffi.sizeof("PangoGlyph") == 4


def test_installed_only_inside_its_block_and_nests() -> None:
    with glyphs.glyphs_installed():
        assert draw_text.draw_first_line is glyphs.draw_first_line
        with glyphs.glyphs_installed():
            pass
        assert draw_text.draw_first_line is glyphs.draw_first_line
    assert draw_text.draw_first_line is ORIGINAL


def counting(function: Callable[..., Any], counts: Counter[str], name: str) -> Any:
    def counted(*args: Any) -> Any:
        counts[name] += 1
        return function(*args)

    return counted


def pdf_drawn(
    source: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *, weasyprints: bool
) -> tuple[bytes, Counter[str]]:
    """The book's PDF (in this process), its lines drawn by our function or WeasyPrint's,
    and how many lines each drew."""
    counts: Counter[str] = Counter()
    with monkeypatch.context() as patch:
        ours = ORIGINAL if weasyprints else glyphs.draw_first_line
        patch.setattr(glyphs, "draw_first_line", counting(ours, counts, "all"))
        patch.setattr(glyphs, "ORIGINAL_DRAW_FIRST_LINE", counting(ORIGINAL, counts, "original"))
        build(BuildRequest(source, out, ("pdf",), jobs=1))
    name = load_config(source / "book.yaml").output.name
    return (out / f"{name}.pdf").read_bytes(), counts


@pytest.mark.parametrize("source", [BOOK, EVERYTHING], ids=["book", "everything"])
def test_the_books_pdf_is_the_same_drawn_either_way(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, counts = pdf_drawn(source, tmp_path / "ours", monkeypatch, weasyprints=False)
    theirs, _ = pdf_drawn(source, tmp_path / "theirs", monkeypatch, weasyprints=True)
    assert ours == theirs
    assert counts["all"] > 100, counts
    assert counts["original"] <= counts["all"] // 50, "most lines should be drawn by ours"


def test_the_corpus_pdf_is_the_same_drawn_by_weasyprint(
    corpus: CorpusBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = corpus.pdf.parent.parent / "book"
    theirs, counts = pdf_drawn(book, tmp_path, monkeypatch, weasyprints=True)
    assert counts["all"] > 5000, counts
    assert corpus.pdf.read_bytes() == theirs


#: Text with what the fast path leaves to WeasyPrint (right to left, combining marks set
#: with offsets, glyphs no font has, emoji, an ellipsis) beside what it draws.
HOSTILE = """
<p>Bürger*innen „zitieren“ – Straße, Œuvre, ﬁnden, ǅ, Ångström, 1/2 ½ 10 000 €.</p>
<p>Kombiniert: q̃ ɔ̃ n̈ a᷄ x͓ und ẞ; Hebräisch: שָׁלוֹם עוֹלָם; Arabisch: مرحبا بالعالم.</p>
<p>Fehlend: 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 ꙮ 𓀀 und Emoji 😀🇩🇪 mitten im Satz.</p>
<p class="cut">Ein sehr langer Satz, der am Ende abgeschnitten wird, weil er nicht passt.</p>
<p class="spaced">Gesperrt und <span class="big">groß</span> und <sup>hoch</sup>gestellt.</p>
<p class="just">Blocksatz mit Wortabständen, die gedehnt werden, über mehrere Zeilen hinweg,
damit jede Zeile außer der letzten ihre Lücken breiter zieht als gewöhnlich.</p>
"""
HOSTILE_CSS = """
@page { size: 120mm 200mm; margin: 10mm; }
p { font: 11pt "Source Serif 4", serif; }
.cut { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; width: 40mm; }
.spaced { letter-spacing: 0.1em; word-spacing: 0.3em; font-variant: small-caps; }
.big { font-size: 18pt; }
.just { text-align: justify; width: 60mm; }
"""


def test_text_only_weasyprint_draws_comes_out_the_same() -> None:
    def write() -> bytes:
        fonts = FontConfiguration()
        sheets = [
            CSS(filename=STYLES / "fonts.css", font_config=fonts),
            CSS(string=HOSTILE_CSS, font_config=fonts),
        ]
        document = HTML(string=f'<html lang="de"><body>{HOSTILE}</body></html>')
        pdf = document.write_pdf(stylesheets=sheets, font_config=fonts)
        assert isinstance(pdf, bytes)
        return pdf

    theirs = write()
    counts: Counter[str] = Counter()
    with glyphs.glyphs_installed(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(glyphs, "ORIGINAL_DRAW_FIRST_LINE", counting(ORIGINAL, counts, "original"))
        ours = write()
    assert ours == theirs
    assert counts["original"] >= 3, "the lines with what only WeasyPrint draws are its"
