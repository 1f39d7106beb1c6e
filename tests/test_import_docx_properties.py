"""Generated Word files: whatever a .docx combines – tracked changes, comments, fields,
content controls, text boxes, smart tags, nested tables, lists, notes, symbols, sub- and
superscript, embedded documents – and whichever parts are missing from its zip, ``publish
import`` either makes a book the book reader accepts as it is, or refuses the file with a
message that names it; never another exception, never a traceback from the command.

And the text of tracked changes is what Word's „accept all“ leaves."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from wordbuild import (
    REL_TYPE,
    add_part,
    blocks,
    body_text,
    entries,
    escape,
    import_bytes,
    new_document,
    paragraph_xml,
    save,
    with_entry,
    without_entries,
    without_parts,
)

from publish.cli import main
from publish.errors import PublishError
from publish.importer import Dropped, import_docx
from publish.read.book import load_book

SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
#: Words that mean nothing to the Markdown importer (no page numbers, no „Inhalt“).
WORDS = ("Klima", "Bochum", "Rad", "Bus", "Wärme", "Schule", "Park", "Stadt", "Wald", "Bahn")
#: Text with every character that is markup somewhere, and Word's symbol-font characters.
#: No „[“: the book reader takes the text „[^1]“ for a footnote call without a definition
#: even where it is escaped (``\\[\\^1\\]``), so no Markdown can carry it into a book.
TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcäöüß ABC019.,;:-–„“'\"*_~^`](){}<>&|#!\\/+=%§\t")
        + ["\uf0b7", "\uf020", "\uf0e0", "\uf0fc", "\uf0c1", "\ue000", "\U000f0001"]
        + ["\u00a0", "²", "₂", "\x7f", "\x85", "\u200b", "\ufeff", "\u2028", "\r", "\n"]
    ),
    max_size=24,
)
RUN_PROPERTIES = st.lists(
    st.sampled_from(
        [
            "<w:b/>",
            "<w:i/>",
            '<w:b w:val="0"/>',
            '<w:u w:val="single"/>',
            "<w:strike/>",
            '<w:vertAlign w:val="superscript"/>',
            '<w:vertAlign w:val="subscript"/>',
            "<w:vanish/>",
            '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>',
            '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/>',
            '<w:lang w:val="en-GB"/>',
            '<w:highlight w:val="yellow"/>',
            '<w:rStyle w:val="Hyperlink"/>',
            '<w:rPrChange w:id="1" w:author="A"><w:rPr><w:b/></w:rPr></w:rPrChange>',
        ]
    ),
    max_size=3,
    unique=True,
).map(lambda found: "".join(sorted(found, key=lambda p: ("rStyle" not in p, p))))


@st.composite
def runs(draw: st.DrawFn, depth: int = 0) -> str:
    """Some inline content: runs and what wraps them."""
    kinds = [
        "text", "text", "text", "tab", "break", "page", "sym", "footnote", "endnote",
        "comment", "bookmark", "field", "simple_field", "broken_field", "hyperlink",
        "anchor_link", "picture", "text_box", "math", "deleted",
    ]  # fmt: skip
    if depth < 3:
        kinds += ["ins", "del", "move_from", "move_to", "smart_tag", "custom", "control", "alt"]
    out = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=5)):
        out.append(draw(inline_piece(kind, depth)))
    return "".join(out)


@st.composite
def inline_piece(draw: st.DrawFn, kind: str, depth: int) -> str:
    text = escape(draw(TEXT))
    run = f'<w:r><w:rPr>{draw(RUN_PROPERTIES)}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
    n = draw(st.integers(0, 3))
    inner = draw(runs(depth + 1)) if depth < 3 and kind in NESTING else ""
    pieces: dict[str, Callable[[], str]] = {
        "text": lambda: run,
        "tab": lambda: "<w:r><w:tab/></w:r>",
        "break": lambda: "<w:r><w:br/></w:r>",
        "page": lambda: '<w:r><w:br w:type="page"/></w:r>',
        "sym": lambda: (
            f'<w:r><w:sym w:font="{draw(st.sampled_from(FONTS))}"'
            f' w:char="{draw(st.sampled_from(SYMBOL_CODES))}"/></w:r>'
        ),
        "footnote": lambda: f'<w:r><w:footnoteReference w:id="{n}"/></w:r>',
        "endnote": lambda: f'<w:r><w:endnoteReference w:id="{n}"/></w:r>',
        "comment": lambda: (
            f'<w:commentRangeStart w:id="{n}"/>{run}<w:commentRangeEnd w:id="{n}"/>'
            f'<w:r><w:commentReference w:id="{n}"/></w:r>'
        ),
        "bookmark": lambda: (
            f'<w:bookmarkStart w:id="{n}" w:name="marke{n}"/>{run}<w:bookmarkEnd w:id="{n}"/>'
        ),
        "field": lambda: _field(draw, run),
        "simple_field": lambda: (
            f'<w:fldSimple w:instr=" {escape(draw(INSTRUCTIONS)).replace(chr(34), "&quot;")} ">'
            f"{run}</w:fldSimple>"
        ),
        "broken_field": lambda: draw(
            st.sampled_from(
                [
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                    "<w:r><w:instrText> PAGE </w:instrText></w:r>",
                ]
            )
        ),
        "hyperlink": lambda: f'<w:hyperlink r:id="rIdLink{n}">{run}</w:hyperlink>',
        "anchor_link": lambda: f'<w:hyperlink w:anchor="marke{n}">{run}</w:hyperlink>',
        "picture": lambda: (
            '<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Bild" descr="Ein Bild"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            'picture"><a:blip r:embed="rIdMissing"/></a:graphicData></a:graphic></wp:inline>'
            "</w:drawing></w:r>"
        ),
        "text_box": lambda: (
            '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            '<wp:docPr id="2" name="Kasten"/><a:graphic><a:graphicData uri="x"><wps:wsp><wps:txbx>'
            f"<w:txbxContent><w:p>{run}</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData>"
            "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
            f"<v:textbox><w:txbxContent><w:p>{run}</w:p></w:txbxContent></v:textbox></v:shape>"
            "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        ),
        "math": lambda: (
            '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
            f"<m:r><m:t>{text}</m:t></m:r></m:oMath>"
        ),
        "deleted": lambda: f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>',
        "ins": lambda: f'<w:ins w:id="{n}" w:author="A">{inner or run}</w:ins>',
        "del": lambda: f'<w:del w:id="{n}" w:author="A">{_deleted(inner or run)}</w:del>',
        "move_from": lambda: f'<w:moveFrom w:id="{n}" w:author="A">{inner or run}</w:moveFrom>',
        "move_to": lambda: f'<w:moveTo w:id="{n}" w:author="A">{inner or run}</w:moveTo>',
        "smart_tag": lambda: (
            f'<w:smartTag w:element="x"><w:smartTagPr/>{inner or run}</w:smartTag>'
        ),
        "custom": lambda: f'<w:customXml w:element="y">{inner or run}</w:customXml>',
        "control": lambda: (
            f"<w:sdt><w:sdtPr>{draw(PLACEHOLDER)}</w:sdtPr><w:sdtContent>{inner or run}"
            "</w:sdtContent></w:sdt>"
        ),
        "alt": lambda: (
            f'<mc:AlternateContent><mc:Choice Requires="w14">{inner or run}</mc:Choice>'
            f"<mc:Fallback>{inner or run}</mc:Fallback></mc:AlternateContent>"
        ),
    }
    return pieces[kind]()


FONTS = ["Symbol", "Wingdings", "Arial", ""]
SYMBOL_CODES = ["F0B7", "F0E0", "B7", "00E9", "F8FF", "zz", "0", "110000", "D800", "7F", "FFFF"]
NESTING = {"ins", "del", "move_from", "move_to", "smart_tag", "custom", "control", "alt"}
PLACEHOLDER = st.sampled_from(["", "<w:showingPlcHdr/>", '<w:alias w:val="Feld"/>'])
INSTRUCTIONS = st.sampled_from(
    [
        "PAGE",
        'HYPERLINK "https://bochum.de"',
        'HYPERLINK \\l "marke1"',
        'HYPERLINK "javascript:alert(1)"',
        "REF marke2 \\h",
        'XE "Klima"',
        "DATE",
        "TOC \\o",
        "",
    ]
)


def _field(draw: st.DrawFn, result: str) -> str:
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    instruction = (
        f'<w:r><w:instrText xml:space="preserve"> {draw(INSTRUCTIONS)} </w:instrText></w:r>'
    )
    separate = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if draw(st.booleans()):  # a field in the instruction
        instruction += begin + instruction + separate + result + end
    if draw(st.booleans()):
        return begin + instruction + end
    return begin + instruction + separate + result + end


def _deleted(xml: str) -> str:
    return xml.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")


PARAGRAPH_PROPERTIES = st.sampled_from(
    [
        "",
        '<w:pStyle w:val="Heading1"/>',
        '<w:pStyle w:val="Heading2"/>',
        '<w:pStyle w:val="Heading4"/>',
        '<w:pStyle w:val="Title"/>',
        '<w:pStyle w:val="Subtitle"/>',
        '<w:pStyle w:val="Quote"/>',
        '<w:pStyle w:val="Caption"/>',
        '<w:pStyle w:val="TOC1"/>',
        '<w:pStyle w:val="ListBullet"/>',
        '<w:pStyle w:val="ListNumber"/>',
        '<w:pStyle w:val="Unbekannt"/>',
        '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>',
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="42"/></w:numPr>',
        '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="77"/></w:numPr>',
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="78"/></w:numPr>',
        '<w:pStyle w:val="Kreis"/>',
        '<w:outlineLvl w:val="2"/>',
        '<w:rPr><w:del w:id="7" w:author="A"/></w:rPr>',
        '<w:pPrChange w:id="8" w:author="A"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
        "</w:pPrChange>",
        "<w:sectPr/>",
    ]
)


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    """A block of the body: a paragraph, table, content control, embedded document …"""
    kinds = ["paragraph"] * 6 + ["empty", "alt_chunk", "bookmark", "deleted_text"]
    if depth < 3:
        kinds += ["table", "control", "custom"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return paragraph_xml(draw(runs()), properties=draw(PARAGRAPH_PROPERTIES))
    if kind == "empty":
        return "<w:p/>"
    if kind == "alt_chunk":
        return f'<w:altChunk r:id="{draw(st.sampled_from(["rIdChunk", "rIdNone"]))}"/>'
    if kind == "bookmark":
        return '<w:bookmarkStart w:id="9" w:name="marke1"/>'
    if kind == "deleted_text":
        return '<w:del w:id="3" w:author="A"><w:r><w:delText>weg</w:delText></w:r></w:del>'
    inner = "".join(draw(st.lists(block(depth + 1), min_size=1, max_size=3)))
    if kind == "control":
        properties = draw(PLACEHOLDER)
        return f"<w:sdt><w:sdtPr>{properties}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
    if kind == "custom":
        return f'<w:customXml w:element="z">{inner}</w:customXml>'
    return draw(table(inner))


@st.composite
def table(draw: st.DrawFn, cell_content: str) -> str:
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        cells = []
        for _ in range(draw(st.integers(1, 3))):
            properties = draw(
                st.sampled_from(
                    ["", '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>",
                     '<w:gridSpan w:val="99999"/>', "<w:cellDel/>"]
                )
            )  # fmt: skip
            content = cell_content if draw(st.booleans()) else "<w:p/>"
            if "<w:p" not in content and "<w:tbl" not in content:
                content += "<w:p/>"
            cells.append(f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>")
        row_properties = draw(st.sampled_from(["", '<w:del w:id="4" w:author="A"/>']))
        row = f"<w:tr><w:trPr>{row_properties}</w:trPr>{''.join(cells)}</w:tr>"
        if draw(st.booleans()):
            row = f"<w:sdt><w:sdtContent>{row}</w:sdtContent></w:sdt>"
        rows.append(row)
    return f"<w:tbl>{''.join(rows)}</w:tbl>"


NOTES = """
<w:ROOT>
  <w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>
  <w:{kind} w:id="1"><w:p><w:r><w:t>Eine Notiz mit *Stern* und ~Tilde~.</w:t></w:r></w:p></w:{kind}>
  <w:{kind} w:id="2"><w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
    <w:p><w:r><w:t>Zweiter Absatz.</w:t></w:r></w:p></w:{kind}>
</w:{kind}s>
"""
COMMENTS = """
<w:ROOT>
  <w:comment w:id="1" w:author="B"><w:p><w:r><w:t>Ein Kommentar.</w:t></w:r></w:p></w:comment>
</w:comments>
"""
CHUNK = (
    "<html><body><h1>Eingebettet</h1><p>Ein <b>Absatz</b> & <sup>hoch</sup>.</p>"
    "<ul><li>eins<ul><li>zwei</li></ul></li></ul><script>x</script></body></html>"
)
REMOVABLE = [
    "word/numbering.xml",
    "word/styles.xml",
    "word/stylesWithEffects.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "word/comments.xml",
    "word/settings.xml",
    "word/afchunk.htm",
    "docProps/core.xml",
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
]


DAMAGEABLE = [
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
    "_rels/.rels",
    "[Content_Types].xml",
    "docProps/core.xml",
    "word/afchunk.htm",
]


#: A list level as a generator may write it: any start, format and label.
LEVELS = st.builds(
    lambda start, fmt, text: (
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
    ),
    st.sampled_from(["1", "0", "-3", "99999999999", "x", "1000000"]),
    st.sampled_from(["decimal", "upperRoman", "lowerLetter", "bullet", "none", "decimalZero", "?"]),
    st.sampled_from(["%1.", "%2.%1)", "%9", "", "•", "%1.%2.%3.%4.%5.%6.%7.%8.%9.", "&amp;"]),
)


def _crafted_definitions(data: bytes, level: str) -> bytes:
    """List 77 with ``level`` at every depth, list 78 linked to a style that links back,
    and the style „Kreis“ based on itself by way of another."""
    files = entries(data)
    numbering = files["word/numbering.xml"].decode()
    levels = "".join(f'<w:lvl w:ilvl="{i}">{level}</w:lvl>' for i in range(9))
    definitions = (
        f'<w:abstractNum w:abstractNumId="77">{levels}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="78"><w:numStyleLink w:val="Kreis"/></w:abstractNum>'
    )
    start = numbering.index("<w:abstractNum ")
    numbering = numbering[:start] + definitions + numbering[start:]
    numbering = numbering.replace(
        "</w:numbering>",
        '<w:num w:numId="77"><w:abstractNumId w:val="77"/></w:num>'
        '<w:num w:numId="78"><w:abstractNumId w:val="78"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>',
    )
    styles = (
        files["word/styles.xml"]
        .decode()
        .replace(
            "</w:styles>",
            '<w:style w:type="paragraph" w:styleId="Kreis"><w:name w:val="Kreis"/>'
            '<w:basedOn w:val="Rund"/><w:pPr><w:numPr><w:numId w:val="78"/></w:numPr></w:pPr>'
            '</w:style><w:style w:type="paragraph" w:styleId="Rund"><w:name w:val="heading 2"/>'
            '<w:basedOn w:val="Kreis"/></w:style></w:styles>',
        )
    )
    return with_entry(
        with_entry(data, "word/numbering.xml", numbering.encode()),
        "word/styles.xml",
        styles.encode(),
    )


@st.composite
def word_files(draw: st.DrawFn) -> bytes:
    """A .docx combining what :func:`block` makes, with parts removed at random."""
    document = new_document()
    for kind in ("footnotes", "endnotes"):
        add_part(document, kind, NOTES.replace("{kind}", kind[:-1]))
    add_part(document, "comments", COMMENTS)
    package = document.part.package
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html", CHUNK.encode(), package)
    document.part.rels.add_relationship(REL_TYPE + "aFChunk", chunk, "rIdChunk")
    document.part.rels.add_relationship(
        REL_TYPE + "hyperlink", "https://bochum.de/a b", "rIdLink1", is_external=True
    )
    document.part.rels.add_relationship(
        REL_TYPE + "hyperlink", "file:///C:/x.docx", "rIdLink2", is_external=True
    )
    document.add_heading("Anfang", level=1)
    blocks(document, "".join(draw(st.lists(block(), min_size=1, max_size=6))))
    data = save(document)
    data = _crafted_definitions(data, draw(LEVELS))
    removed = draw(st.lists(st.sampled_from(REMOVABLE), max_size=3, unique=True))
    if removed and draw(st.booleans()):
        data = without_entries(data, *removed)  # relationships point at missing parts
    elif removed:
        data = without_parts(data, *removed)
    damaged = draw(st.sampled_from([None] * 8 + DAMAGEABLE))
    if damaged is not None and damaged in entries(data):  # cut off somewhere: broken XML
        content = entries(data)[damaged]
        data = with_entry(data, damaged, content[: draw(st.integers(0, len(content) - 1))])
    return data


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "erzeugt.docx"
        source.write_bytes(data)
        try:
            report = import_docx(source, Path(folder) / "buch")
        except PublishError as error:
            assert str(source) in str(error.message), error.message
            return
        assert report.problems == (), report.summary()
        load_book(Path(folder) / "buch")


@settings(SETTINGS, max_examples=60, report_multiple_bugs=False)
@given(word_files())
def test_any_word_file_imports_into_a_valid_book_or_is_refused_by_name(data: bytes) -> None:
    _check(data)


@settings(SETTINGS, max_examples=12, report_multiple_bugs=False)
@given(word_files())
def test_the_import_command_never_shows_a_traceback(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "erzeugt.docx"
        source.write_bytes(data)
        result = CliRunner().invoke(
            main, ["import", str(source), "--into", str(Path(folder) / "buch")]
        )
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert f"Error: {source}" in result.output


# --- tracked changes: the text „accept all“ leaves ------------------------------------------

WRAPPERS = st.sampled_from(["", "ins", "del", "moveFrom", "moveTo", "insdel"])


@st.composite
def tracked_paragraphs(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Paragraphs of words, each run inserted, deleted, moved or plain, some paragraph marks
    deleted; and the paragraphs' text after „accept all“."""
    xml, accepted, pending = [], [], ""
    count = draw(st.integers(1, 8))
    for index in range(count):
        texts = []
        runs_xml = []
        for word in draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)):
            wrapper = draw(WRAPPERS)
            run = f'<w:r><w:t xml:space="preserve">{word} </w:t></w:r>'
            if wrapper in ("", "ins", "moveTo"):
                texts.append(f"{word} ")
            if wrapper in ("ins", "moveTo", "moveFrom"):
                run = f'<w:{wrapper} w:id="1" w:author="A">{run}</w:{wrapper}>'
            elif wrapper == "del":
                run = f'<w:del w:id="1" w:author="A">{_deleted(run)}</w:del>'
            elif wrapper == "insdel":  # inserted, then deleted by someone else
                deletion = f'<w:del w:id="2" w:author="B">{_deleted(run)}</w:del>'
                run = f'<w:ins w:id="1" w:author="A">{deletion}</w:ins>'
            runs_xml.append(run)
        mark_deleted = index < count - 1 and draw(st.booleans())
        properties = '<w:rPr><w:del w:id="3" w:author="A"/></w:rPr>' if mark_deleted else ""
        xml.append(paragraph_xml(*runs_xml, properties=properties))
        pending += "".join(texts)
        if not mark_deleted:
            if pending.strip():
                accepted.append(" ".join(pending.split()))
            pending = ""
    return "".join(xml), accepted


@settings(SETTINGS, max_examples=40)
@given(tracked_paragraphs())
def test_tracked_changes_import_as_the_accepted_text(case: tuple[str, list[str]]) -> None:
    xml, accepted = case
    document = new_document()
    document.add_heading("Änderungen", level=1)
    blocks(document, xml + paragraph_xml("<w:r><w:t>Ende.</w:t></w:r>"))
    with tempfile.TemporaryDirectory() as folder:
        imported = import_bytes(Path(folder), save(document))
        assert body_text(imported).split("\n") == [*accepted, "Ende."]
        deletions = len(re.findall(r'<w:del w:id="[12]"', xml))
        assert imported.report.dropped_count(Dropped.DELETION) == deletions
