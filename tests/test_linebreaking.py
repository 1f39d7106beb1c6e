"""Paragraphs set as a whole inside WeasyPrint (``publish.write.linebreaking``): the lines
WeasyPrint draws are the breaker's, no line is wider than its measure, every break is one
the text allows, and the WeasyPrint internals the breaker relies on are pinned."""

from __future__ import annotations

import inspect
import re
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import weasyprint
import weasyprint.layout.block as block_layout
import weasyprint.layout.inline as inline_layout
from hypothesis import given, settings
from hypothesis import strategies as st
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text import ffi as pango_ffi
from weasyprint.text import line_break
from weasyprint.text.fonts import FontConfiguration

from publish.typography.hyphenation import Hyphenator
from publish.write import linebreaking, measure, paragraphs, streams
from publish.write.knuthplass import PENALTY, Paragraph
from publish.write.resources import STYLES

SHY, NBSP, NNBSP, WJ = "\u00ad", "\u00a0", "\u202f", "\u2060"
PARAGRAPH_CSS = """
@page { size: 200mm 2000mm; margin: 10mm; }
p { font: 14px/1.4 "Source Serif 4"; text-align: justify; hyphens: manual;
    hyphenate-character: "-"; margin: 0 0 10px; width: %(width)spx; }
p + p { text-indent: 1.2em; }
.caps { letter-spacing: 0.04em; }
.call { vertical-align: super; font-size: 70%%; line-height: 0; }
"""


def render(body: str, width: float = 320, breaker: bool = True) -> Any:
    """``body`` laid out by WeasyPrint with our fonts, our breaker installed or not."""
    fonts = FontConfiguration()
    sheets = [
        CSS(filename=STYLES / "fonts.css", font_config=fonts),
        CSS(string=PARAGRAPH_CSS % {"width": width}, font_config=fonts),
    ]
    document = HTML(string=f'<html lang="de"><body>{body}</body></html>')
    if not breaker:
        return document.render(stylesheets=sheets, font_config=fonts)
    with linebreaking.paragraph_breaking_installed():
        return document.render(stylesheets=sheets, font_config=fonts)


def line_boxes(document: Any) -> Iterator[tuple[Any, Any]]:
    """Every line box of the document with the block it belongs to."""

    def walk(box: Any, block: Any) -> Iterator[tuple[Any, Any]]:
        if isinstance(box, boxes.LineBox):
            yield box, block
            return
        for child in getattr(box, "children", None) or ():
            yield from walk(child, box if isinstance(box, boxes.BlockBox) else block)

    for page in document.pages:
        yield from walk(page._page_box, None)


def line_text(line: Any) -> str:
    def texts(box: Any) -> Iterator[str]:
        for child in getattr(box, "children", None) or ():
            if isinstance(child, boxes.TextBox):
                yield child.text
            else:
                yield from texts(child)

    return "".join(texts(line))


def lines_of(document: Any) -> list[str]:
    return [line_text(line) for line, _ in line_boxes(document)]


# --- the WeasyPrint internals the breaker relies on ----------------------------------------


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_weasyprint_is_the_pinned_version() -> None:
    assert weasyprint.__version__ == "70.0", "linebreaking.py was written for WeasyPrint 70.0"


def test_the_breaker_is_installed_only_inside_its_block_and_nests() -> None:
    originals = (inline_layout.split_text_box, line_break.get_font_description)
    with linebreaking.paragraph_breaking_installed():
        assert inline_layout.split_text_box is linebreaking.split_text_box
        with linebreaking.paragraph_breaking_installed():
            assert block_layout.iter_line_boxes is linebreaking.iter_line_boxes
        assert inline_layout.split_text_box is linebreaking.split_text_box  # still ours
        assert line_break.get_font_description is measure.font_description
    assert (inline_layout.split_text_box, line_break.get_font_description) == originals
    assert block_layout.iter_line_boxes is linebreaking.ORIGINAL_LINES


def test_the_functions_the_breaker_wraps_are_weasyprints() -> None:
    assert linebreaking.ORIGINAL_LINES is block_layout.iter_line_boxes
    assert linebreaking.ORIGINAL_LINES is inline_layout.iter_line_boxes
    assert linebreaking.ORIGINAL_SPLIT_INLINE_BOX is inline_layout.split_inline_box
    assert linebreaking.ORIGINAL_SPLIT_TEXT_BOX is inline_layout.split_text_box
    assert linebreaking.ORIGINAL_SPLIT_FIRST_LINE is line_break.split_first_line
    assert linebreaking.ORIGINAL_SPLIT_FIRST_LINE is inline_layout.split_first_line
    assert linebreaking.ORIGINAL_TEXT_ALIGN is inline_layout.text_align
    assert linebreaking.ORIGINAL_ADD_WORD_SPACING is inline_layout.add_word_spacing
    assert linebreaking.ORIGINAL_FONT_DESCRIPTION is line_break.get_font_description
    assert measure.ORIGINAL_FONT_DESCRIPTION is line_break.get_font_description
    assert _parameters(line_break.get_font_description) == ["style"]
    assert _parameters(inline_layout.add_word_spacing) == [
        "context", "box", "justification_spacing", "x_advance",
    ]  # fmt: skip
    assert _parameters(linebreaking.ORIGINAL_LINES) == [
        "context", "box", "position_y", "bottom_space", "skip_stack", "containing_block",
        "absolute_boxes", "fixed_boxes", "first_letter_style", "first_line_style",
    ]  # fmt: skip
    assert _parameters(inline_layout.split_inline_box) == [
        "context", "box", "position_x", "max_x", "bottom_space", "skip_stack",
        "containing_block", "absolute_boxes", "fixed_boxes", "line_placeholders",
        "waiting_floats", "line_children", "first_letter_style", "first_line_style",
    ]  # fmt: skip
    assert _parameters(inline_layout.split_text_box) == [
        "context", "box", "available_width", "skip", "is_line_start",
    ]  # fmt: skip
    assert _parameters(line_break.split_first_line) == [
        "text", "style", "context", "max_width", "justification_spacing", "is_line_start",
        "minimum",
    ]  # fmt: skip
    assert _parameters(inline_layout.text_align) == [
        "context", "line", "available_width", "last",
    ]  # fmt: skip
    assert _parameters(inline_layout.justify_line) == ["context", "line", "extra_width"]
    assert _parameters(inline_layout.count_expandable_spaces) == ["box"]
    assert _parameters(line_break.create_layout) == [
        "text", "style", "context", "max_width", "justification_spacing",
    ]  # fmt: skip
    assert _parameters(line_break.get_log_attrs) == ["text", "lang"]
    assert _parameters(line_break.line_size) == ["line", "style"]
    assert _parameters(line_break.strut) == ["style"]


def test_a_layout_made_without_pango_has_what_a_deactivated_one_keeps() -> None:
    """``measure.known_piece`` stands for a Pango layout WeasyPrint made and deactivated:
    same attributes, same values, until ``reactivate`` makes the Pango layout to draw."""
    document = render("<p>x</p>")
    style = next(line for line, _ in line_boxes(document)).children[0].style
    real = line_break.create_layout("Koalition", style, None, None, 1.5)
    real.deactivate()
    known = measure.known_piece("Koalition", 1.5)
    assert vars(known) == vars(real)
    known.reactivate(style)
    assert known.get_first_line()[0].length == len(b"Koalition")


def test_pydyf_compresses_streams_as_the_build_assumes() -> None:
    """``publish.write.streams`` lowers the zlib level pydyf asks for; it relies on pydyf
    calling its module's ``zlib.compressobj`` with ``level=9`` for every stream."""
    import pydyf

    assert pydyf.zlib is zlib
    assert "zlib.compressobj(level=9)" in inspect.getsource(pydyf.Stream.data.fget)
    stream = pydyf.Stream([b"BT /F1 12 Tf (Koalitionsvertrag) Tj ET"] * 50, compress=True)
    with streams.default_compression():
        fast = stream.data
    assert pydyf.zlib is zlib
    body = fast.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert zlib.decompress(body) == b"\n".join(stream.stream)
    assert body == zlib.compress(b"\n".join(stream.stream), 6)
    assert fast != stream.data  # level 9 outside the block


def test_the_pango_structures_read_by_the_breaker() -> None:
    """Glyph widths and line-break flags are read from Pango's memory directly."""
    ffi = pango_ffi.ffi
    assert ffi.sizeof("PangoGlyphInfo") == 20
    assert ffi.offsetof("PangoGlyphInfo", "geometry") == 4
    assert ffi.offsetof("PangoGlyphGeometry", "width") == 0
    assert ffi.sizeof("PangoLogAttr") == 4
    attributes = line_break.get_log_attrs("ab cd", "de")
    flags = [bool(attributes[i].is_line_break) for i in range(6)]
    characters = [bool(attributes[i].is_char_break) for i in range(6)]
    read = paragraphs._log_attributes("ab cd", "de")
    assert [bool(flag & paragraphs.LINE_BREAK) for flag in read] == flags
    assert [bool(flag & paragraphs.CHAR_BREAK) for flag in read] == characters
    assert flags[3] and not flags[1] and not flags[4]
    assert characters[1] and characters[4]


def test_widths_from_one_layout_are_those_of_each_line_piece() -> None:
    """The breaker measures a text box once; WeasyPrint draws each piece of it as a layout
    of its own. Wherever a line may end (before a space, with a hyphen after a soft hyphen,
    after a hyphen), the width of the first line if it ended there, as the breaker's items
    add it up and as the piece's end gives it, is that of a layout of the piece, kerning
    against the space or the next letter included."""
    document = render("<p>x</p>")
    style = next(line for line, _ in line_boxes(document)).children[0].style
    text = (
        f"Die Ko{SHY}ali{SHY}ti{SHY}ons{SHY}part{SHY}ner AV „To Ty“ Bür{SHY}ger*innen "
        f"z.{NNBSP}B. die Wärme{SHY}wen{SHY}de, Landes-Programm T{SHY}Y Vä{SHY}ter W. "
        f"Y, T; „V“ L' Y: f) Wa{SHY}Ta{SHY}Vo{SHY}Av."
    )
    items = Paragraph()
    run = paragraphs.Run(_TextBox(style, text), 0, text, [], [])
    paragraphs._measure(run)
    assert run.known
    reader = paragraphs._Reader(
        paragraphs.InlineParagraph([run], [], items), paragraphs.Costs(), 0, 1, 1, frozenset()
    )
    flags = paragraphs._log_attributes(text, "de")
    reader.read(0, run, [bool(flag & paragraphs.LINE_BREAK) for flag in flags], text)
    paragraph = reader.finish()
    font = measure.font_for(style)
    checked = 0
    for index, where in paragraph.breaks.items():
        piece = text.encode()[: where.resume].decode()
        if where.kind == paragraphs.SPACE:
            piece = piece.rstrip(" ")
        elif where.kind == paragraphs.HYPHENATION:
            piece += "-"
        # The items before the break, and the penalty broken at (not a glue broken at).
        extra = items.widths[index] if items.kinds[index] == PENALTY else 0.0
        natural = sum(
            width
            for kind, width in zip(items.kinds[:index], items.widths[:index], strict=True)
            if kind != PENALTY
        )
        alone = font.width(piece)
        assert natural + extra == pytest.approx(alone, abs=1e-3), piece[-12:]
        assert where.end == pytest.approx(alone, abs=1e-3), piece[-12:]
        checked += 1
    assert checked > 30


def test_pieces_measured_from_their_run_are_what_pango_makes_of_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lines of a text box drawn in one font take their width from the run's measurement
    and their height and baseline from the first line made in that font, without a Pango
    layout of their own (``measure.known_piece``); with ``VERIFY`` every piece is made
    by Pango as well and compared."""
    monkeypatch.setattr(linebreaking, "VERIFY", True)
    paragraphs_ = [(WORDS[i:] + WORDS[:i]) * 2 for i in range(0, len(WORDS), 4)]
    body = "".join(f"<p>{' '.join(words)}</p>" for words in paragraphs_)
    verified = lines_of(render(body, 310))
    monkeypatch.setattr(linebreaking, "VERIFY", False)
    assert lines_of(render(body, 310)) == verified
    assert len(verified) > 15


class _TextBox:
    def __init__(self, style: Any, text: str) -> None:
        self.style, self.text = style, text


# --- the lines WeasyPrint draws are the breaker's ----------------------------------------------

#: A paragraph where first fit leaves a very loose line (found by comparing both).
LOOSE_IN_FIRST_FIT = (
    "Wir wollen die Forschungs- und Innovationsförderung stärken und die steuerliche "
    "Forschungsförderung für kleine und mittlere Unternehmen einführen, die Hightech-"
    "Strategie weiterentwickeln und die Zusammenarbeit von Wissenschaft und Wirtschaft "
    "verbessern."
)


def test_weasyprint_draws_the_lines_the_breaker_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines end exactly where the breaker's plan says (here: a paragraph of one text
    box, whose breaks are UTF-8 offsets into it), and they are not first fit's."""
    plans: list[Any] = []
    plan = linebreaking._break

    def remember(*args: Any) -> Any:
        plans.append(plan(*args))
        return plans[-1]

    monkeypatch.setattr(linebreaking, "_break", remember)
    text = Hyphenator().text(LOOSE_IN_FIRST_FIT)
    ours, theirs = render(f"<p>{text}</p>", 600), render(f"<p>{text}</p>", 600, breaker=False)
    (chosen,) = plans
    (breaks,) = chosen.breaks.values()
    drawn, offset = [], 0
    encoded = text.encode()
    for line in lines_of(ours)[:-1]:
        piece = line[:-1] if line.endswith(SHY + "-") else line
        offset = encoded.index(piece.encode(), offset) + len(piece.encode())
        while encoded[offset : offset + 1] == b" ":
            offset += 1  # the space the line broke at
        drawn.append(offset)
    assert tuple(drawn) == breaks.resume
    assert lines_of(ours) != lines_of(theirs)


# --- properties on real layout -------------------------------------------------------------

WORDS = [
    f"Ko{SHY}ali{SHY}ti{SHY}ons{SHY}ver{SHY}trag",
    f"Bür{SHY}ger*innen",
    "SPD-\u2060Fraktion",
    f"Lan{SHY}des-Pro{SHY}gramm",
    f"z.{NNBSP}B.",
    f"§{NBSP}5",
    f"10.{NBSP}No{SHY}vem{SHY}ber",
    "und",
    "die",
    "wir",
    f"wol{SHY}len",
    f"Kli{SHY}ma{SHY}schutz",
    f"Nach{SHY}hal{SHY}tig{SHY}keit",
    f"Ver{SHY}kehrs{SHY}wen{SHY}de",
    "<em>gemeinsam</em>",
    f'<a href="#x">Woh{SHY}nungs{SHY}bau</a>',
    '<span class="caps">GRÜNEN</span>',
    'Text<span class="call">1</span>',
    f"1,5{NBSP}Grad",
    "2020–2025",
]


def walk_lines(texts: list[str], source: str) -> Iterator[tuple[str, int, bool]]:
    """Each line's text (its drawn hyphen left out) found in turn in ``source``, the text
    of the paragraph: the text, where it ends in ``source``, and whether it ends where a
    line may end (at a space, not a no-break one; at a soft hyphen, drawn as a hyphen;
    after a hyphen or a dash; at the paragraph's end). Nothing is lost or added."""
    at = 0
    for number, text in enumerate(texts):
        hyphenated = text.endswith(SHY + "-")
        content = (text[:-1] if hyphenated else text).lstrip(" ")
        while source[at] == " ":
            at += 1
        assert source.startswith(content, at), (number, content, source[at : at + 40])
        at += len(content)
        last = number == len(texts) - 1
        yield content, at, last or hyphenated or source[at] == " " or content.endswith(("-", "–"))
    assert at == len(source)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=20, max_size=90),
    st.integers(180, 480),
    st.booleans(),
)
def test_no_line_is_wider_than_its_measure_and_every_break_is_allowed(
    words: list[str], width: int, indent: bool
) -> None:
    before = linebreaking.STATISTICS.overfull
    body = ("<p>x</p>" if indent else "") + f"<p>{' '.join(words)}</p>"
    document = render(body, width)
    lines = [(line, block) for line, block in line_boxes(document)][int(indent) :]
    texts = [line_text(line) for line, _ in lines]
    for (line, block), text in zip(lines, texts, strict=True):
        assert line.width <= block.width + 0.01, text
        assert line.__dict__.get(linebreaking.STEERED)
    # Nothing lost or added, and every line ends where a line may end: at a space (not a
    # no-break one), at a soft hyphen (drawn as a hyphen), after a hyphen or a dash.
    source = re.sub(r"<[^>]+>", "", " ".join(words))
    for content, _, allowed in walk_lines(texts, source):
        assert allowed, content
        assert not content.rstrip().endswith(("z.", "§", "10.", "1,5", "Bürger*", "SPD-"))
    run = 0
    for text in texts:
        run = run + 1 if text.rstrip().endswith("-") else 0
        assert run <= 2
    assert linebreaking.STATISTICS.overfull == before


#: Words no line can hold: an address's long last part, an identifier, a number, a compound
#: without a soft hyphen (and one of them in a link, broken across the link's boxes).
TOO_WIDE = [
    "Bebauungsplan_Nr_1234_Ostpark_Feldmark_Entwurf_2020_Begruendung_der_Stadt_Bochum.pdf",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    "1234567890123456789012345678901234567890123456789012345678901234567890",
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft",
    '<a href="#x">mitglieder_versammlung_<em>kreisverband</em>_bochum_beschlussvorlage</a>',
]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=4, max_size=30),
    st.sampled_from(TOO_WIDE),
    st.integers(0, 30),
    st.integers(180, 400),
)
def test_a_word_wider_than_the_line_is_broken_rather_than_run_past_the_margin(
    words: list[str], long: str, where: int, width: int
) -> None:
    """A word wider than the line breaks between two of its characters (without a hyphen,
    as CSS's ``overflow-wrap: break-word``): no line is wider than its measure, no letter
    is lost, and every other word breaks only where it may."""
    words = [*words[:where], long, *words[where:]]
    before = linebreaking.STATISTICS.overfull
    document = render(f"<p>{' '.join(words)}</p>", width)
    lines = list(line_boxes(document))
    texts = [line_text(line) for line, _ in lines]
    for (line, block), text in zip(lines, texts, strict=True):
        assert line.width <= block.width + 0.01, text
        assert line.__dict__.get(linebreaking.STEERED)
    assert linebreaking.STATISTICS.overfull == before
    source = re.sub(r"<[^>]+>", "", " ".join(words))
    token = re.sub(r"<[^>]+>", "", long)
    inside = range(source.index(token) + 1, source.index(token) + len(token))
    broken = 0
    for content, at, allowed in walk_lines(texts, source):
        if not allowed:
            assert at in inside, content  # only the word too wide breaks anywhere
            broken += 1
    assert broken >= 1


def test_words_that_fit_get_no_breaks_between_their_characters() -> None:
    """Only a word wider than the line may break anywhere: in a column wide enough for
    it, it stays whole, even where breaking it would make the lines less loose."""
    long = TOO_WIDE[0]
    body = f"<p>Die Datei {long} gilt.</p>"
    whole = render(f"<p>{long}</p>", 2000)
    needs = max(line.width for line, _ in line_boxes(whole))
    narrow = [line_text(line).strip() for line, _ in line_boxes(render(body, needs - 1))]
    assert not any(long in text for text in narrow)
    for width in (needs + 1, needs + 40):
        wide = [line_text(line).strip() for line, _ in line_boxes(render(body, width))]
        assert any(long in text for text in wide), wide


def test_what_the_breaker_cannot_set_is_left_to_weasyprint_and_counted() -> None:
    image = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"
    before = linebreaking.STATISTICS.fallbacks["an inline InlineReplacedBox"]
    document = render(f'<p>Ein Bild <img src="{image}" alt=""> im Text {LOOSE_IN_FIRST_FIT}</p>')
    assert linebreaking.STATISTICS.fallbacks["an inline InlineReplacedBox"] == before + 1
    assert len(lines_of(document)) > 3
