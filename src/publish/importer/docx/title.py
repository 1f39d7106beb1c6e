"""The title data of a .docx: from the paragraphs styled Title, Subtitle, Date and Author,
else the document properties (``docProps/core.xml``, ECMA-376 Part 2 §11: title, language,
keywords); the language Word marks most of the text with; and a note about headers and
footers, which the book makes itself. Every one of these parts may be missing.
"""

from __future__ import annotations

from collections import Counter

from publish.importer.docx.markdown import escape
from publish.importer.docx.package import Package, Part
from publish.importer.docx.wordml import excerpt, q, texts
from publish.importer.metadata import TitleBlock
from publish.importer.report import CHECK_BOOK_YAML, Findings

CORE_PROPERTIES = (("title", "dc:title"), ("language", "dc:language"), ("keywords", "cp:keywords"))


def title_block(
    title_data: dict[str, list[tuple[int, str]]],
    package: Package,
    languages: Counter[str],
    findings: Findings,
) -> TitleBlock:
    """The title block: what the title paragraphs say (``title_data``: key → paragraph and
    text), the rest from the document properties and the text's language."""
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    core = core_properties(package)
    for kind, parts in title_data.items():
        found = [escape(text) for _, text in parts]
        values[kind] = " ".join(found) if kind == "date" else found
        lines[kind] = parts[0][0]
    if "title" not in values and core.get("title"):
        values["title"] = escape(core["title"])
        findings.note(
            None,
            f"title: „{core['title']}“ taken from the document properties (File → Info), "
            "as no paragraph has the style Title",
            CHECK_BOOK_YAML,
        )
    language = core.get("language")
    if not language and languages:
        language = languages.most_common(1)[0][0]
        share = languages[language] / languages.total()
        findings.note(
            None,
            f"language: {language}, the language Word marks {share:.0%} of the text with",
            CHECK_BOOK_YAML,
        )
    if language:
        values["lang"] = language
    if core.get("keywords"):
        values["keywords"] = core["keywords"]
    return TitleBlock(values, lines)


def core_properties(package: Package) -> dict[str, str]:
    """Title, language and keywords from ``docProps/core.xml``, where it has them."""
    part = package.core_properties()
    if part is None:
        return {}
    found = {}
    for key, name in CORE_PROPERTIES:
        element = part.xml.find(q(name))
        if element is not None and (element.text or "").strip():
            found[key] = " ".join((element.text or "").split())
    return found


def report_headers_and_footers(main: Part, findings: Findings) -> None:
    """Headers and footers are not imported; a note quotes what they say."""
    shown = [
        text
        for part in main.all_related("header", "footer")
        if (text := " ".join(texts(part.xml).split()))
    ]
    if shown:
        findings.note(
            None,
            f"headers and footers are not imported („{excerpt(' / '.join(shown))}“)",
            "the book makes its own running heads and page numbers",
        )
