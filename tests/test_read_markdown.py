"""Markdown → model: each construct of the source format, and the problems it refuses."""

from __future__ import annotations

from pathlib import Path

import PIL.Image
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publish import model as m
from publish.read.markdown import read_chapter_blocks, slugify


def read(source: str, base: Path = Path(".")) -> tuple[list[m.Block], list[m.Footnote]]:
    blocks, notes, problems = read_chapter_blocks(source, "k.md", base, 1)
    assert problems == []
    return blocks, notes


def problems_of(source: str, base: Path = Path(".")) -> list[str]:
    return [str(p) for p in read_chapter_blocks(source, "k.md", base, 1)[2]]


def test_heading_with_explicit_id_and_text_as_written() -> None:
    blocks, _ = read("# Titel {#t}\n\nEr sagte \"ja\" und 'nein'...\n")
    heading, paragraph = blocks
    assert heading == m.Heading(1, "t", (m.Text("Titel"),), heading.location)
    assert heading.location.line == 1
    # typography is the job of the typography stage, not of the reader
    expected = m.Text("Er sagte \"ja\" und 'nein'...")
    assert paragraph == m.Paragraph((expected,), paragraph.location)
    assert paragraph.location.line == 3


def test_inlines_nest_and_keep_language() -> None:
    blocks, _ = read("*a **b*** [climate]{lang=en} [x](#t) [y](https://e.org)\n")
    (paragraph,) = blocks
    assert isinstance(paragraph, m.Paragraph)
    assert paragraph.children == (
        m.Emphasis((m.Text("a "), m.Strong((m.Text("b"),)))),
        m.Text(" "),
        m.LangSpan("en", (m.Text("climate"),)),
        m.Text(" "),
        m.Link("t", True, (m.Text("x"),)),
        m.Text(" "),
        m.Link("https://e.org", False, (m.Text("y"),)),
    )


def test_lists_tight_loose_nested() -> None:
    blocks, _ = read("- a\n- b\n  - c\n\n3. x\n\n4. y\n")
    bullets, numbers = blocks
    assert isinstance(bullets, m.ListBlock) and isinstance(numbers, m.ListBlock)
    assert not bullets.ordered and not bullets.loose
    nested = bullets.items[1].blocks[1]
    assert isinstance(nested, m.ListBlock) and len(nested.items) == 1
    assert numbers.ordered and numbers.loose and numbers.start == 3


def test_table_with_alignment() -> None:
    blocks, _ = read("| A | B |\n|---|--:|\n| 1 | 2 |\n")
    (table,) = blocks
    assert isinstance(table, m.Table)
    assert [c.children for c in table.head[0].cells] == [(m.Text("A"),), (m.Text("B"),)]
    assert table.body[0].cells[1].align == "right"
    assert all(c.header for c in table.head[0].cells)


def test_footnotes_numbered_in_order_of_calls() -> None:
    blocks, notes = read("# T\n\nErst[^b], dann[^a].\n\n[^a]: A.\n[^b]: B.\n")
    paragraph = blocks[1]
    assert isinstance(paragraph, m.Paragraph)
    refs = [i for i in paragraph.children if isinstance(i, m.FootnoteRef)]
    assert [(r.label, r.number) for r in refs] == [("b", 1), ("a", 2)]
    assert [(n.label, n.number, n.location.line) for n in notes] == [("b", 1, 6), ("a", 2, 5)]


def test_figure_and_decorative_image(tmp_path: Path) -> None:
    PIL.Image.new("RGB", (4, 3)).save(tmp_path / "b.png")
    blocks, _ = read('![Ein Bild](b.png "Unterschrift")\n\n![](b.png){.decorative}\n', tmp_path)
    figure, decoration = blocks
    assert figure == m.Figure(
        tmp_path / "b.png", "Ein Bild", (m.Text("Unterschrift"),), figure.location
    )
    assert isinstance(decoration, m.Figure) and decoration.decorative and decoration.alt == ""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Text[^x].\n",
            ["k.md:1: footnote [^x] has no definition – add a line „[^x]: …“ with its text"],
        ),
        (
            "Text.\n\n[^x]: Nie benutzt.\n",
            [
                "k.md:3: footnote [^x] is never referenced "
                "– cite it with [^x] in the text, or delete it"
            ],
        ),
        (
            "<div>roh</div>\n",
            ["k.md:1: raw HTML <div>roh</div> is not allowed – write it in Markdown instead"],
        ),
        (
            "[![Logo](b.png)](https://example.org)\n",
            [
                "k.md:1: an image inside a link is not allowed "
                "– put the image on its own line and the link in the text next to it"
            ],
        ),
        (
            "[x](javascript:alert(1)) und <javascript:alert(2)>\n",
            [
                "k.md:1: link target „javascript:alert(1)“ is not allowed "
                "– use #id for a place in the book, or an https:// or mailto: address",
                "k.md:1: link target „javascript:alert(2)“ is not allowed "
                "– use #id for a place in the book, or an https:// or mailto: address",
            ],
        ),
        (
            "[x](file:///etc/passwd) [y](data:text/html;base64,PHNjcmlwdD4=)\n",
            [
                "k.md:1: link target „file:///etc/passwd“ is not allowed "
                "– use #id for a place in the book, or an https:// or mailto: address",
                "k.md:1: link target „data:text/html;base64,PHNjcmlwdD4=“ is not allowed "
                "– use #id for a place in the book, or an https:// or mailto: address",
            ],
        ),
        (
            "![Bild](javascript:alert(1))\n",
            [
                "k.md:1: image javascript:alert(1) is outside the book "
                "– copy it into the book folder"
            ],
        ),
        (
            "# Titel {#1-titel}\n\n## Teil {#teil eins}\n\n## Noten {#fn-3}\n",
            [
                "k.md:1: the id „1-titel“ is not valid – an id starts with a letter and has "
                "only letters, digits, - and _, e.g. {#klima-2030}",
                "k.md:3: the id „teil eins“ is not valid – an id starts with a letter and has "
                "only letters, digits, - and _, e.g. {#klima-2030}",
                "k.md:5: the id #fn-3 is reserved for the outputs – choose another name",
            ],
        ),
        (
            "[x](ftp://example.org)\n",
            [
                "k.md:1: link target „ftp://example.org“ is not allowed "
                "– use #id for a place in the book, or an https:// or mailto: address"
            ],
        ),
        (
            "![](fehlt.png)\n",
            [
                "k.md:1: image fehlt.png does not exist – check the file name",
                "k.md:1: image fehlt.png has no alt text – describe it in ![…](…), or mark it "
                "{.decorative} if it carries no meaning",
            ],
        ),
        (
            "| | |\n|-|-|\n| a | b |\n",
            ["k.md:1: the table has no header row – fill in the first row of the table"],
        ),
    ],
)
def test_refused_constructs(source: str, expected: list[str]) -> None:
    assert problems_of(source) == expected


def test_images_must_be_what_they_say(tmp_path: Path) -> None:
    (tmp_path / "fake.png").write_bytes(b"not a picture")
    PIL.Image.new("RGB", (4, 3)).save(tmp_path / "real.png")
    PIL.Image.new("RGB", (4, 3)).save(tmp_path / "echt.jpg")
    (tmp_path / "bild.gif").write_bytes(b"GIF89a")
    (tmp_path / "linie.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    source = (
        "![A](fake.png)\n\n![B](bild.gif)\n\n![](linie.svg){.decorative}\n\n"
        "![C](echt.jpg)\n\n![D](linie.svg)\n\n![E](" + "x" * 300 + ".png)\n"
    )
    assert problems_of(source, tmp_path) == [
        "k.md:1: image fake.png cannot be read as an image – use a PNG or JPEG file (or SVG)",
        "k.md:3: image bild.gif is not a PNG, JPEG or SVG file (.gif) "
        "– use a PNG or JPEG file (or SVG)",
        "k.md:5: a decorative image must be a PNG or JPEG file – convert it",
        f"k.md:11: image {'x' * 300}.png does not exist – check the file name",
    ]


def test_footnotes_have_one_call_and_no_footnotes() -> None:
    assert problems_of("A[^a] und B[^a].\n\n[^a]: Text[^b].\n\n[^b]: Mehr.\n") == [
        "k.md:1: footnote [^a] is cited twice "
        "– a note has one call: cite it once, or write a second note",
        "k.md:3: footnote [^a] cites a footnote "
        "– a footnote has no footnotes: write the text into it",
    ]


def test_gender_stars_stay_text() -> None:
    """Two gender stars in a paragraph are not emphasis; real emphasis and code stay."""
    blocks, _ = read("Die Bürger*innen und die Schüler*innen, *betont*, **fett**, `a*b*c`.\n")
    assert blocks[0].children == (
        m.Text("Die Bürger*innen und die Schüler*innen, "),
        m.Emphasis((m.Text("betont"),)),
        m.Text(", "),
        m.Strong((m.Text("fett"),)),
        m.Text(", "),
        m.Code("a*b*c"),
        m.Text("."),
    )


def test_slugify_german() -> None:
    assert slugify("Wohnen & Bauen für Bürger*innen") == "wohnen-bauen-fuer-buerger-innen"
    assert slugify("2020") == "h-2020"


# --- sub- and superscript (Pandoc's ~2~ and ^2^) -----------------------------------------


def inlines_of(source: str) -> tuple[m.Inline, ...]:
    (block,), _ = read(source + "\n")
    assert isinstance(block, m.Paragraph | m.Heading)
    return block.children


def sub(text: str) -> m.Subscript:
    return m.Subscript((m.Text(text),))


def sup(text: str) -> m.Superscript:
    return m.Superscript((m.Text(text),))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("H~2~O", (m.Text("H"), sub("2"), m.Text("O"))),
        ("CO~2~-Preis", (m.Text("CO"), sub("2"), m.Text("-Preis"))),
        ("m^2^ und 10^-3^", (m.Text("m"), sup("2"), m.Text(" und 10"), sup("-3"))),
        ("H~*2*~", (m.Text("H"), m.Subscript((m.Emphasis((m.Text("2"),)),)))),
        ("*CO~2~*", (m.Emphasis((m.Text("CO"), sub("2"))),)),
        ("x~a\\ b~", (m.Text("x"), sub("a\u00a0b"))),  # an escaped space: no-break
        ("x~`ab`~", (m.Text("x"), m.Subscript((m.Code("ab"),)))),
        ("a^[b]^", (m.Text("a"), sup("[b]"))),
        # not sub- or superscript: a space or a line end inside, nothing inside, escaped
        ("a~b c~d", (m.Text("a~b c~d"),)),
        ("a^b\nc^", (m.Text("a^b c^"),)),
        ("a~~b und a^^b", (m.Text("a~~b und a^^b"),)),
        ("CO\\~2\\~ und 2\\^3\\^", (m.Text("CO~2~ und 2^3^"),)),
        ("x~a\\\\ b~", (m.Text("x~a\\ b~"),)),  # an escaped backslash, then a space
        ("`CO~2~` ~", (m.Code("CO~2~"), m.Text(" ~"))),
        ("a ~~~x~~", (m.Text("a ~~~x~~"),)),
    ],
)
def test_sub_and_superscript_as_pandoc_reads_them(
    source: str, expected: tuple[m.Inline, ...]
) -> None:
    assert inlines_of(source) == expected


#: Characters with no meaning in Markdown (and no space): any run of them between two
#: markers is sub- or superscript, exactly as written.
PLAIN = st.text(
    st.characters(whitelist_categories=("L", "N"), whitelist_characters="-+,.%/=()äöüß€"),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(before=PLAIN, inside=PLAIN, after=PLAIN, marker=st.sampled_from("~^"))
def test_any_text_without_spaces_between_markers_is_a_script(
    before: str, inside: str, after: str, marker: str
) -> None:
    kind = m.Subscript if marker == "~" else m.Superscript
    source = f"{before}{marker}{inside}{marker}{after}"
    assume(not source[0].isdigit())  # „1.“ or „1)“ would begin a list
    assert inlines_of(source) == (m.Text(before), kind((m.Text(inside),)), m.Text(after))
    spaced = f"{before}{marker}{inside} {inside}{marker}{after}"
    assert inlines_of(spaced) == (m.Text(spaced),)


def test_sub_and_superscript_with_links_spans_footnotes_and_gender_stars() -> None:
    blocks, notes = read(
        "## Der CO~2~-Preis {#co2}\n\n"
        "[CO~2~](#co2), [H~2~O]{lang=en}, die Bürger*innen~2~ und m^2^.[^1]\n\n"
        "[^1]: Je Tonne CO~2~.\n"
    )
    heading, paragraph = blocks
    assert isinstance(heading, m.Heading) and isinstance(paragraph, m.Paragraph)
    assert heading.children == (m.Text("Der CO"), sub("2"), m.Text("-Preis"))
    assert paragraph.children == (
        m.Link("co2", True, (m.Text("CO"), sub("2"))),
        m.Text(", "),
        m.LangSpan("en", (m.Text("H"), sub("2"), m.Text("O"))),
        m.Text(", die Bürger*innen"),
        sub("2"),
        m.Text(" und m"),
        sup("2"),
        m.Text("."),
        m.FootnoteRef("1", 1),
    )
    assert notes[0].blocks == (
        m.Paragraph((m.Text("Je Tonne CO"), sub("2"), m.Text(".")), notes[0].location),
    )


def test_plain_text_reads_sub_and_superscript_as_part_of_the_word() -> None:
    from publish.read.markdown import slugify
    from publish.tree import display_text, plain_text

    text = plain_text(inlines_of("Der *CO~2~*-Preis je m^2^"))
    assert text == "Der CO2-Preis je m2"
    assert slugify(text) == "der-co2-preis-je-m2"
    # where no markup can go (a running head): Unicode where there is a character for it
    assert display_text(inlines_of("Der *CO~2~*-Preis je m^-3^, T~max~")) == (
        "Der CO₂-Preis je m⁻³, Tmax"
    )


def test_an_unresolved_footnote_call_is_no_superscript() -> None:
    assert problems_of("Text[^x][^y].\n") == [
        "k.md:1: footnote [^x] has no definition – add a line „[^x]: …“ with its text",
        "k.md:1: footnote [^y] has no definition – add a line „[^y]: …“ with its text",
    ]


def test_strikeout_is_reported_not_printed() -> None:
    """Struck-through text in an agreement is deleted text: neither it nor its tildes may
    reach the outputs unnoticed."""
    hint = "delete it if it is deleted text; else remove the ~~ (write \\~ for a tilde)"
    assert problems_of("Wir ~~streichen~~ das.\n\nUnd ~~das auch,\nüber zwei Zeilen~~.\n") == [
        f"k.md:1: struck-through text ~~streichen~~ is not supported – {hint}",
        f"k.md:3: struck-through text ~~das auch, über zwei Zeilen~~ is not supported – {hint}",
    ]
    assert problems_of("Ca. ~~ 5 und ~ 6 ~~ sind ~~\n") == []


# --- runs of spaces ------------------------------------------------------------------------


def test_runs_of_spaces_become_one_space_but_not_in_code() -> None:
    assert inlines_of("a  b\tc   *d*  e  [ f](#t)  `g  h`  i") == (
        m.Text("a b c "),
        m.Emphasis((m.Text("d"),)),
        m.Text(" e "),
        m.Link("t", True, (m.Text("f"),)),
        m.Text(" "),
        m.Code("g  h"),
        m.Text(" i"),
    )
    assert inlines_of("## Zwei  Leerzeichen") == (m.Text("Zwei Leerzeichen"),)
    assert inlines_of("hart  \numbrochen") == (m.Text("hart"), m.LineBreak(), m.Text("umbrochen"))


def test_collapsing_keeps_the_source_lines() -> None:
    blocks, _ = read("# T\n\nEins  zwei.\n\nDrei    vier.\n")
    assert [b.location.line for b in blocks] == [1, 3, 5]
    assert [b.children for b in blocks[1:]] == [(m.Text("Eins zwei."),), (m.Text("Drei vier."),)]
