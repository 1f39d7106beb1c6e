"""The benchmark's spacing measure (benchmarks/spacing.py) on a PDF whose gaps are known.

WeasyPrint sets lines of a monospaced font (every glyph 1233/2048 em wide) justified over a
known width, so each line's gap between words follows from its words' lengths; around them,
what the measure must leave out: a heading, small print, a short last line, line numbers in
the margin, and mirrored margins on the second page.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
import weasyprint

from benchmarks.spacing import main, measure_spacing

#: The glyph advance of DejaVu Sans Mono, in em.
ADVANCE = 1233 / 2048
#: The text block: 120 mm at 10 pt, in em.
WIDTH = 120 / 25.4 * 72 / 10

STYLE = """
@page { size: 150mm 200mm; margin: 10mm 20mm 10mm 10mm; }
@page :left { margin: 10mm 10mm 10mm 20mm; }
body { font: 10pt/1.5 "DejaVu Sans Mono"; margin: 0; }
p { margin: 0; text-align: justify; text-align-last: justify; position: relative; }
p.last { text-align-last: start; }
p.over { white-space: nowrap; text-align-last: auto; }
p.small { font-size: 8pt; }
h2 { font-size: 14pt; text-align: justify; text-align-last: justify; margin: 0; }
.number { position: absolute; left: -8mm; font: 7pt "DejaVu Sans"; }
"""


def words(lengths: list[int], end: str = "") -> str:
    text = " ".join("abcdefghijklmnopqrstuvwxyz"[:n] for n in lengths)
    return text[: len(text) - len(end)] + end


def gap(lengths: list[int]) -> float:
    """The gap between the words of a full, justified line, in em."""
    return (WIDTH - sum(lengths) * ADVANCE) / (len(lengths) - 1)


NORMAL = [6] * 8
LOOSE = [8, 8, 8, 8, 7, 7]  # 1.73 × NORMAL's gap
VERY_LOOSE = [12, 12, 12, 11]  # 2.61 ×


@pytest.fixture(scope="module")
def known_gaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [
        "<h2>" + words([7] * 4) + "</h2>",  # another font size: not body text
        *(f"<p>{words(NORMAL)}</p>" for _ in range(6)),
        f'<p><span class="number">5</span>{words(NORMAL, "-")}</p>',  # two hyphens in a row
        f"<p>{words(NORMAL, '-')}</p>",
        f"<p>{words(LOOSE)}</p>",
        f"<p>{words(VERY_LOOSE)}</p>",
        f'<p class="small">{words([5] * 12)}</p>',  # small print: not body text
        f'<p class="last">{words(NORMAL)} {words([4, 4])}</p>',  # its last line: not full
        f'<p class="over">{words([6] * 9)}</p>',  # overfull, at its natural spacing
        f'<p style="break-before: page"><span class="number">10</span>{words(NORMAL)}</p>',
        *(f"<p>{words(NORMAL)}</p>" for _ in range(6)),
        *(f"<p>{words(LOOSE)}</p>" for _ in range(2)),
        f"<p>{words(VERY_LOOSE)}</p>",
    ]
    pdf = tmp_path_factory.mktemp("spacing") / "known.pdf"
    html = f"<html lang='de'><style>{STYLE}</style><body>{''.join(lines)}</body></html>"
    weasyprint.HTML(string=html).write_pdf(pdf)
    return pdf


def test_spacing_of_known_gaps(known_gaps: Path) -> None:
    spacing = measure_spacing(known_gaps)
    # 16 normal lines (two ending in a hyphen), 3 loose, 2 very loose, 1 overfull
    assert spacing.lines == 22
    assert spacing.median_gap_em == pytest.approx(gap(NORMAL), abs=0.005)
    assert spacing.loose == pytest.approx(5 / 22)
    assert spacing.very_loose == pytest.approx(2 / 22)
    designed = [ADVANCE, *[gap(NORMAL)] * 16, *[gap(LOOSE)] * 3, *[gap(VERY_LOOSE)] * 2]
    p95 = statistics.quantiles(designed, n=20, method="inclusive")[18] / gap(NORMAL)
    assert spacing.p95 == pytest.approx(p95, abs=0.01)
    assert spacing.hyphenated == pytest.approx(2 / 22)
    assert spacing.hyphen_run == 2
    assert spacing.overfull == 1
    assert spacing.body_font == "DejaVu-Sans-Mono" and spacing.body_size == 10
    ratios = sorted(round(ratio, 2) for ratio, _ in spacing.measured)
    expected = gap(LOOSE) / gap(NORMAL), gap(VERY_LOOSE) / gap(NORMAL)
    assert ratios[-5:] == [round(expected[0], 2)] * 3 + [round(expected[1], 2)] * 2
    loosest = spacing.measured[0][1]
    assert loosest.text == words(VERY_LOOSE) and loosest.page in (1, 2)


def test_spacing_command_line(known_gaps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(known_gaps), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)[str(known_gaps)]
    assert figures["lines"] == 22 and figures["hyphen_run"] == 2 and figures["overfull"] == 1
    assert main([str(known_gaps)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("| PDF | lines | loose")
    assert table[2] == f"| {known_gaps} | 22 | 22.7 % | 9.1 % | 2.56 × | 9.1 % | 2 | 1 |"


def test_the_peers_set_the_same_text_in_our_type(tmp_path: Path) -> None:
    """pandoc → WeasyPrint and pandoc → Typst (benchmarks/peers.py) on the test book's
    chapters: both PDFs are set in our body font and size (Typst falls back to its own font
    without a word when it does not find one), justified, with every chapter on a new page."""
    pytest.importorskip("pypandoc")
    pytest.importorskip("typst")
    import pdfplumber
    from conftest import EVERYTHING

    from benchmarks import peers

    markdown = peers.markdown_of(EVERYTHING, tmp_path)
    text = markdown.read_text(encoding="utf-8")
    chapters = [(EVERYTHING / "kapitel" / f"{n}.md").read_text("utf-8") for n in ("eins", "zwei")]
    assert text.index(chapters[0]) < text.index(chapters[1])
    for label, make in (("weasyprint", peers.pandoc_weasyprint), ("typst", peers.pandoc_typst)):
        pdf = tmp_path / f"{label}.pdf"
        times = make(markdown, pdf)
        assert times["total"] >= times["layout"] > 0 and times["cpu"] > 0
        spacing = measure_spacing(pdf)
        assert spacing.body_font.replace("-", "").startswith("SourceSerif4"), label
        assert spacing.body_size == 10.5 and spacing.lines > 0, label
        with pdfplumber.open(pdf) as document:
            texts = [page.extract_text() or "" for page in document.pages]
        for title in ("Erstes Kapitel", "Zweites Kapitel"):
            (page,) = [text for text in texts if title in text]
            assert page.startswith(title), (label, page[:80])
