"""German or English messages, by locale, wherever the tool speaks to editors.

Messages are written in English in the code (so tests and logs read the same everywhere)
and translated when they are shown: :func:`translate` looks a message up in
:data:`GERMAN` by its template, where ``{name}`` stands for a part that varies (a file
name, a number, a key) and is carried over as it is. The language comes from
``PUBLISH_LANG``, else from the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``): German for
``de…``, English for anything else.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping

#: English template → German template. Placeholders keep their names.
GERMAN: dict[str, str] = {
    # the book's source
    "the file is not UTF-8 text": "die Datei ist kein UTF-8-Text",
    "save it with the encoding UTF-8": "speichern Sie sie mit der Kodierung UTF-8",
    "the file contains a NUL byte": "die Datei enthält ein NUL-Byte",
    "remove it; the file may be damaged or not text": (
        "entfernen Sie es; die Datei ist vielleicht beschädigt oder kein Text"
    ),
    "the chapter is empty": "das Kapitel ist leer",
    "write at least a heading (# Title), or remove the chapter from book.yaml": (
        "schreiben Sie wenigstens eine Überschrift (# Titel), oder nehmen Sie das Kapitel "
        "aus book.yaml heraus"
    ),
    "a paragraph of {count} characters is too long": ("ein Absatz mit {count} Zeichen ist zu lang"),
    "split it; the limit is 100.000 characters": (
        "teilen Sie ihn; höchstens 100.000 Zeichen sind erlaubt"
    ),
    "a chapter must begin with its title (# Title)": (
        "ein Kapitel beginnt mit seinem Titel (# Titel)"
    ),
    "add a # heading": "fügen Sie eine #-Überschrift ein",
    "a chapter has only one # heading": "ein Kapitel hat nur eine #-Überschrift",
    "use ## for a section, or start a new chapter file": (
        "nehmen Sie ## für einen Abschnitt, oder beginnen Sie eine neue Kapiteldatei"
    ),
    "heading level skips from {a} to {b}": "die Überschriftenebene springt von {a} auf {b}",
    "use {marks} here": "nehmen Sie hier {marks}",
    "the id #{id} is used twice": "die ID #{id} kommt zweimal vor",
    "it is already the id of the heading at {place}; choose another": (
        "sie gehört schon der Überschrift in {place}; wählen Sie eine andere"
    ),
    "the id „{id}“ is not valid": "die ID „{id}“ ist ungültig",
    "an id starts with a letter and has only letters, digits, - and _, e.g. {example}": (
        "eine ID beginnt mit einem Buchstaben und hat nur Buchstaben, Ziffern, - und _, "
        "z. B. {example}"
    ),
    "the id #{id} is reserved for the outputs": "die ID #{id} ist für die Ausgaben reserviert",
    "choose another name": "wählen Sie einen anderen Namen",
    "link to #{id}, which does not exist": "Verweis auf #{id}, das es nicht gibt",
    "did you mean #{id}?": "meinten Sie #{id}?",
    "link to a heading's id: write it as ## Title {example}": (
        "verweisen Sie auf die ID einer Überschrift: ## Titel {example}"
    ),
    "link target „{href}“ is not allowed": "das Verweisziel „{href}“ ist nicht erlaubt",
    "use #id for a place in the book, or an https:// or mailto: address": (
        "nehmen Sie #id für eine Stelle im Buch, oder eine https://- oder mailto:-Adresse"
    ),
    "footnote [^{label}] has no definition": "die Fußnote [^{label}] hat keinen Text",
    "add a line „[^{label}]: …“ with its text": (
        "fügen Sie eine Zeile „[^{label}]: …“ mit ihrem Text ein"
    ),
    "footnote [^{label}] is never referenced": "die Fußnote [^{label}] wird nie aufgerufen",
    "cite it with [^{label}] in the text, or delete it": (
        "rufen Sie sie mit [^{label}] im Text auf, oder löschen Sie sie"
    ),
    "footnote [^{label}] holds more than text": "die Fußnote [^{label}] enthält mehr als Text",
    "a footnote holds text only: no lists, tables, images or headings": (
        "eine Fußnote enthält nur Text: keine Listen, Tabellen, Bilder oder Überschriften"
    ),
    "raw HTML {html} is not allowed": "HTML ({html}) ist nicht erlaubt",
    "write it in Markdown instead": "schreiben Sie es in Markdown",
    "code blocks are not supported": "Codeblöcke gibt es hier nicht",
    "remove the indentation (4 spaces) or the ``` fence": (
        "entfernen Sie die Einrückung (4 Leerzeichen) oder die ```-Zeilen"
    ),
    "an image inside a link is not allowed": "ein Bild in einem Verweis ist nicht erlaubt",
    "put the image on its own line and the link in the text next to it": (
        "stellen Sie das Bild in eine eigene Zeile und den Verweis in den Text daneben"
    ),
    "an image must stand alone in its paragraph": "ein Bild steht allein in seinem Absatz",
    "put it on its own line": "stellen Sie es in eine eigene Zeile",
    "image {src} is outside the book": "das Bild {src} liegt außerhalb des Buchs",
    "copy it into the book folder": "kopieren Sie es in den Buchordner",
    "image {src} does not exist": "das Bild {src} gibt es nicht",
    "check the file name": "prüfen Sie den Dateinamen",
    "image {src} has no alt text": "das Bild {src} hat keinen Alternativtext",
    "describe it in ![…](…), or mark it {decorative} if it carries no meaning": (
        "beschreiben Sie es in ![…](…), oder kennzeichnen Sie es mit {decorative}, wenn es "
        "nichts bedeutet"
    ),
    "a decorative image must have an empty alt text": (
        "ein schmückendes Bild hat einen leeren Alternativtext"
    ),
    "the table has no header row": "die Tabelle hat keine Kopfzeile",
    "fill in the first row of the table": "füllen Sie die erste Zeile der Tabelle aus",
    "„{passage}“ reads as English but has no language mark": (
        "„{passage}“ ist Englisch, hat aber keine Sprachangabe"
    ),
    "„{passage}“ reads as French but has no language mark": (
        "„{passage}“ ist Französisch, hat aber keine Sprachangabe"
    ),
    "mark the passage as [text]{mark}, so that screen readers speak it in {language}": (
        "kennzeichnen Sie die Stelle als [Text]{mark}, damit Screenreader sie richtig "
        "aussprechen ({language})"
    ),
    # book.yaml
    "unknown key „{key}“": "unbekannter Schlüssel „{key}“",
    "did you mean „{key}“?": "meinten Sie „{key}“?",
    "required key „{key}“ is missing": "der Pflichtschlüssel „{key}“ fehlt",
    "add it: {doc}": "ergänzen Sie ihn: {doc}",
    "key „{key}“ appears twice": "der Schlüssel „{key}“ kommt zweimal vor",
    "keep only one of them": "behalten Sie nur einen",
    "expected {what}, found {found}": "erwartet: {what}, gefunden: {found}",
    "„{value}“ is not a date": "„{value}“ ist kein Datum",
    "write it as YYYY-MM-DD, e.g. 2020-10-29": "schreiben Sie JJJJ-MM-TT, z. B. 2020-10-29",
    "„{value}“ is not valid here": "„{value}“ ist hier ungültig",
    "„{value}“ is not allowed here": "„{value}“ ist hier nicht erlaubt",
    "chapter file {name} does not exist": "die Kapiteldatei {name} gibt es nicht",
    "check the name": "prüfen Sie den Namen",
    "chapter {name} is listed twice": "das Kapitel {name} steht zweimal in der Liste",
    "first listed at line {line}": "zuerst in Zeile {line}",
    "not valid YAML: {problem}": "kein gültiges YAML: {problem}",
    "check indentation and quotes": "prüfen Sie Einrückung und Anführungszeichen",
    "book.yaml not found": "book.yaml nicht gefunden",
    "is this a book folder?": "ist das ein Buchordner?",
    "book.yaml is empty": "book.yaml ist leer",
    # the command line
    "{count} problems in the book source; nothing was written.": (
        "{count} Probleme im Text des Buchs; nichts wurde geschrieben."
    ),
    "1 problem in the book source; nothing was written.": (
        "1 Problem im Text des Buchs; nichts wurde geschrieben."
    ),
    "wrote {path}/ (web edition, {count} files)": (
        "geschrieben: {path}/ (Web-Ausgabe, {count} Dateien)"
    ),
    "wrote {path}": "geschrieben: {path}",
    "Check": "Prüfung",
    "File": "Datei",
    "Result": "Ergebnis",
    "{count} problem(s)": "{count} Problem(e)",
    "warning: {text}": "Warnung: {text}",
    "missing – run publish build": "fehlt – publish build ausführen",
    "older than the source – run publish build": "älter als der Text – publish build ausführen",
    "made {folder}: edit {config}": "angelegt: {folder}; bearbeiten Sie {config}",
    "then: publish build {folder}": "danach: publish build {folder}",
    "all {count} checks passed": "alle {count} Prüfungen bestanden",
    "all {count} checks passed ({warned} with warnings)": (
        "alle {count} Prüfungen bestanden ({warned} mit Warnungen)"
    ),
    "{failed} of {count} checks failed": "{failed} von {count} Prüfungen nicht bestanden",
    # Word importer (publish.importer.docx): notes of the import report
    "{rels} names the part {target}, which the file does not hold – read without it": (
        "{rels} nennt den Teil {target}, den die Datei nicht enthält – ohne ihn gelesen"
    ),
    "open the document in Word and save it again, then check what is missing": (
        "öffnen Sie das Dokument in Word, speichern Sie es neu und prüfen Sie, was fehlt"
    ),
    "the document does not define the styles {names} – their paragraphs were read by the "
    "styles' names": (
        "das Dokument definiert die Formatvorlagen {names} nicht – ihre Absätze wurden nach den "
        "Namen der Vorlagen gelesen"
    ),
    "moved text „{text}“ left out here – it was kept where it was moved to": (
        "verschobener Text „{text}“ hier ausgelassen – er steht dort, wohin er verschoben wurde"
    ),
    "a Word comment (its text is not in the file) left out": (
        "ein Word-Kommentar (sein Text fehlt in der Datei) ausgelassen"
    ),
    "a field without a result („{instruction}“) was left out": (
        "ein Feld ohne Ergebnis („{instruction}“) wurde ausgelassen"
    ),
    "update the fields in Word (F9) and save the document again": (
        "aktualisieren Sie die Felder in Word (F9) und speichern Sie das Dokument neu"
    ),
    "the placeholder text of a content control „{text}“ was left out": (
        "der Platzhaltertext eines Inhaltssteuerelements „{text}“ wurde ausgelassen"
    ),
    "page and column breaks were left out – the book makes its own pages": (
        "Seiten- und Spaltenumbrüche wurden ausgelassen – das Buch bricht seine Seiten selbst um"
    ),
    "symbol-font character {code} ({font}) read as „{char}“ ({name})": (
        "Zeichen {code} einer Symbolschrift ({font}) als „{char}“ ({name}) gelesen"
    ),
    "tracked deletion of a table row „{text}“ left out": (
        "nachverfolgt gelöschte Tabellenzeile „{text}“ ausgelassen"
    ),
    "an empty table was left out": "eine leere Tabelle wurde ausgelassen",
    "the embedded document {name} ({kind}) was imported: {count} paragraph(s) at this place": (
        "das eingebettete Dokument {name} ({kind}) wurde übernommen: {count} Absatz/Absätze an "
        "dieser Stelle"
    ),
    "the embedded document {name} ({kind}) was imported: {count} paragraph(s) at this place; "
    "left out: {what}": (
        "das eingebettete Dokument {name} ({kind}) wurde übernommen: {count} Absatz/Absätze an "
        "dieser Stelle; ausgelassen: {what}"
    ),
    "the embedded document {name} ({kind}) cannot be converted – left out": (
        "das eingebettete Dokument {name} ({kind}) lässt sich nicht umwandeln – ausgelassen"
    ),
    "open the document in Word and save it again: Word makes it ordinary text": (
        "öffnen Sie das Dokument in Word und speichern Sie es neu: Word macht daraus "
        "gewöhnlichen Text"
    ),
    "an embedded document (altChunk) is not in the file – left out": (
        "ein eingebettetes Dokument (altChunk) fehlt in der Datei – ausgelassen"
    ),
    "control characters (invisible) left out of „{text}“": (
        "Steuerzeichen (unsichtbar) aus „{text}“ ausgelassen"
    ),
}

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def language(environ: Mapping[str, str] | None = None) -> str:
    """``de`` or ``en``: ``PUBLISH_LANG``, else the first locale variable that is set."""
    env = os.environ if environ is None else environ
    for name in ("PUBLISH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for english, german in GERMAN.items():
        parts = PLACEHOLDER.split(english)
        regex = "".join(
            re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)" for n, part in enumerate(parts)
        )
        compiled.append((re.compile(regex + r"\Z"), german))
    return tuple(compiled)


def translate(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: :func:`language`); unknown texts stay as they are."""
    if (lang or language()) != "de":
        return text
    for pattern, german in _patterns():
        match = pattern.match(text)
        if match:
            return german.format(**match.groupdict())
    return text
