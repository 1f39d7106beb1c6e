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
    "older than the source or the amendments – run publish amend build": (
        "älter als der Text oder die Anträge – publish amend build ausführen"
    ),
    "made {folder}: edit {config}": "angelegt: {folder}; bearbeiten Sie {config}",
    "then: publish build {folder}": "danach: publish build {folder}",
    "all {count} checks passed": "alle {count} Prüfungen bestanden",
    "all {count} checks passed ({warned} with warnings)": (
        "alle {count} Prüfungen bestanden ({warned} mit Warnungen)"
    ),
    "{failed} of {count} checks failed": "{failed} von {count} Prüfungen nicht bestanden",
    # characters and fonts (publish.read.characters, publish.fonts)
    "the character {code} is a private-use character of Word's symbol fonts (probably {meaning})": (
        "das Zeichen {code} ist ein Zeichen des privaten Bereichs aus Words Symbolschriften "
        "(wahrscheinlich {meaning})"
    ),
    "replace it with a space (publish import does this for you)": (
        "ersetzen Sie es durch ein Leerzeichen (publish import tut das für Sie)"
    ),
    "replace it with {char} (publish import does this for you)": (
        "ersetzen Sie es durch {char} (publish import tut das für Sie)"
    ),
    "the character {code} is a private-use character": (
        "das Zeichen {code} ist ein Zeichen des privaten Bereichs"
    ),
    "it means nothing outside the font it was typed in: write the character meant": (
        "es bedeutet nur in der Schrift etwas, in der es geschrieben wurde: schreiben Sie das "
        "gemeinte Zeichen"
    ),
    "the character {code} is not assigned in Unicode": (
        "das Zeichen {code} ist in Unicode nicht vergeben"
    ),
    "remove it; it is probably left over from a conversion": (
        "entfernen Sie es; es ist wahrscheinlich von einer Umwandlung übrig"
    ),
    "the character {code} ({name}) cannot be printed": (
        "das Zeichen {code} ({name}) kann nicht gedruckt werden"
    ),
    "remove it, or write a space or a line break instead": (
        "entfernen Sie es, oder schreiben Sie stattdessen ein Leerzeichen oder einen Zeilenumbruch"
    ),
    "the character {char} is in no font of the book": (
        "das Zeichen {char} ist in keiner Schrift des Buchs"
    ),
    "put an open-licensed font that has it (e.g. {font}) into styles/fonts/; it is then used "
    "as a fallback": (
        "legen Sie eine frei lizenzierte Schrift, die es hat (z. B. {font}), in styles/fonts/; "
        "sie wird dann als Ersatzschrift verwendet"
    ),
    "the character {char} is not in the fonts of the headings ({fonts})": (
        "das Zeichen {char} ist nicht in den Schriften der Überschriften ({fonts})"
    ),
    "add a font that has it to --heading-font in styles/base.css": (
        "fügen Sie eine Schrift, die es hat, zu --heading-font in styles/base.css hinzu"
    ),
    "… and {count} more places of the character {char}": (
        "… und {count} weitere Stellen des Zeichens {char}"
    ),
    "see above": "siehe oben",
    "a font collection cannot be a fallback": (
        "eine Schriftsammlung kann keine Ersatzschrift sein"
    ),
    "use the single font files of the family (.otf or .ttf) instead": (
        "nehmen Sie stattdessen die einzelnen Schriftdateien der Familie (.otf oder .ttf)"
    ),
    "the font cannot be read ({error})": "die Schrift kann nicht gelesen werden ({error})",
    "replace or remove the file": "ersetzen oder entfernen Sie die Datei",
    "the font has no space (U+0020)": "die Schrift hat kein Leerzeichen (U+0020)",
    "WeasyPrint sets the spaces after its characters in it: use another font": (
        "WeasyPrint setzt die Leerzeichen nach ihren Zeichen in ihr: nehmen Sie eine andere Schrift"
    ),
    # --- amendments (publish amend, publish.amend) ------------------------------------
    # amendment files: header and body
    "the file must begin with its header": "die Datei beginnt mit ihrem Kopf",
    "write the header between two lines „---“ at the top: nummer, ausgabe, zeilen, "
    "antragsteller, status": (
        "schreiben Sie den Kopf oben zwischen zwei Zeilen „---“: nummer, ausgabe, zeilen, "
        "antragsteller, status"
    ),
    "the header is not closed": "der Kopf ist nicht abgeschlossen",
    "end it with a line „---“": "schließen Sie ihn mit einer Zeile „---“ ab",
    "the header is empty": "der Kopf ist leer",
    "write nummer, ausgabe, zeilen, antragsteller and status between the lines „---“": (
        "schreiben Sie nummer, ausgabe, zeilen, antragsteller und status zwischen die Zeilen „---“"
    ),
    "„{value}“ is not a page number": "„{value}“ ist keine Seitenzahl",
    "write the printed page, e.g. 12": "schreiben Sie die gedruckte Seite, z. B. 12",
    "„{value}“ is not a line or a range of lines": (
        "„{value}“ ist keine Zeile und kein Zeilenbereich"
    ),
    "write one line (345) or a range (345-347)": (
        "schreiben Sie eine Zeile (345) oder einen Bereich (345-347)"
    ),
    "the range „{value}“ runs backwards": "der Bereich „{value}“ läuft rückwärts",
    "swap the numbers: {range}": "vertauschen Sie die Zahlen: {range}",
    "„{value}“ is not a status": "„{value}“ ist kein Status",
    "use one of {options}": "nehmen Sie eines von: {options}",
    "write either „zeile“ or „zeilen“, not both": (
        "schreiben Sie „zeile“ oder „zeilen“, nicht beides"
    ),
    "keep one": "behalten Sie eines",
    "add it: the cited lines, e.g. 345-347 or 345": (
        "ergänzen Sie ihn: die angeführten Zeilen, z. B. 345-347 oder 345"
    ),
    "status „modifiziert übernommen“ needs the adopted wording": (
        "der Status „modifiziert übernommen“ braucht die übernommene Fassung"
    ),
    "write it under „## Modifizierte Übernahme“, as changes like the motion's": (
        "schreiben Sie sie unter „## Modifizierte Übernahme“, als Änderungen wie die des Antrags"
    ),
    "„erledigt_durch“ is only for status „erledigt“": (
        "„erledigt_durch“ gibt es nur beim Status „erledigt“"
    ),
    "set the status to „erledigt“, or remove the key": (
        "setzen Sie den Status auf „erledigt“, oder entfernen Sie den Schlüssel"
    ),
    "cannot be read ({reason})": "kann nicht gelesen werden ({reason})",
    "unknown section „{title}“": "unbekannter Abschnitt „{title}“",
    "the sections are „## Modifizierte Übernahme“ and „## Begründung“": (
        "die Abschnitte heißen „## Modifizierte Übernahme“ und „## Begründung“"
    ),
    "the section „{title}“ appears twice": "der Abschnitt „{title}“ kommt zweimal vor",
    "an amendment needs at least one change": "ein Antrag braucht wenigstens eine Änderung",
    "write it as one of: Ersetze „…“ durch „…“. · Streiche „…“. · Füge nach „…“ ein: „…“. · "
    "Füge vor „…“ ein: „…“. · Füge nach Zeile N einen neuen Absatz ein:": (
        "schreiben Sie eine dieser Formen: Ersetze „…“ durch „…“. · Streiche „…“. · Füge nach "
        "„…“ ein: „…“. · Füge vor „…“ ein: „…“. · Füge nach Zeile N einen neuen Absatz ein:"
    ),
    "„{text}“ is not a change": "„{text}“ ist keine Änderung",
    "the end of the line": "das Zeilenende",
    "„durch“ and the new text must follow the passage, not {found}": (
        "auf die Stelle folgen „durch“ und der neue Text, nicht {found}"
    ),
    "write Ersetze „…“ durch „…“.": "schreiben Sie Ersetze „…“ durch „…“.",
    "„nach“ or „vor“ must follow „{verb}“, not {found}": (
        "auf „{verb}“ folgt „nach“ oder „vor“, nicht {found}"
    ),
    "write Füge nach „…“ ein: „…“. or Füge vor „…“ ein: „…“.": (
        "schreiben Sie Füge nach „…“ ein: „…“. oder Füge vor „…“ ein: „…“."
    ),
    "„ein:“ and the text to insert must follow the passage, not {found}": (
        "auf die Stelle folgen „ein:“ und der einzufügende Text, nicht {found}"
    ),
    "write Füge {where} „…“ ein: „…“.": "schreiben Sie Füge {where} „…“ ein: „…“.",
    "write the new paragraph after the colon": (
        "schreiben Sie den neuen Absatz nach dem Doppelpunkt"
    ),
    "the new paragraph is missing": "der neue Absatz fehlt",
    "write it below this line, after an empty line": (
        "schreiben Sie ihn unter diese Zeile, nach einer Leerzeile"
    ),
    "a quoted passage must follow „{verb}“, not {found}": (
        "auf „{verb}“ folgt eine Stelle in Anführungszeichen, nicht {found}"
    ),
    "quote the passage of the draft, e.g. „bis 2035“": (
        "zitieren Sie die Stelle des Entwurfs, z. B. „bis 2035“"
    ),
    "the quoted passage is empty": "die zitierte Stelle ist leer",
    "quote the passage": "zitieren Sie die Stelle",
    "occurrences are counted from 1": "Vorkommen werden ab 1 gezählt",
    "write (1. Vorkommen)": "schreiben Sie (1. Vorkommen)",
    "the new text must follow „{after}“ in quotation marks, not {found}": (
        "auf „{after}“ folgt der neue Text in Anführungszeichen, nicht {found}"
    ),
    "write it as „…“": "schreiben Sie ihn als „…“",
    "the new text is empty": "der neue Text ist leer",
    "to delete the passage, write Streiche „…“.": (
        "um die Stelle zu streichen, schreiben Sie Streiche „…“."
    ),
    "write the text to insert between the quotation marks": (
        "schreiben Sie den einzufügenden Text zwischen die Anführungszeichen"
    ),
    "the quotation is not closed": "das Zitat ist nicht geschlossen",
    "end it with {mark}": "schließen Sie es mit {mark}",
    "the change must end here, with a full stop, not {found}": (
        "die Änderung endet hier, mit einem Punkt, nicht {found}"
    ),
    "begin the next change with its verb (Ersetze, Streiche, Füge)": (
        "beginnen Sie die nächste Änderung mit ihrem Verb (Ersetze, Streiche, Füge)"
    ),
    # checking against the edition
    "no frozen edition: the amendments cannot be checked": (
        "keine festgeschriebene Ausgabe: die Anträge können nicht geprüft werden"
    ),
    "build the book (publish build), then freeze its edition (publish amend freeze)": (
        "bauen Sie das Buch (publish build), dann schreiben Sie seine Ausgabe fest "
        "(publish amend freeze)"
    ),
    "the number {number} is used twice": "die Nummer {number} kommt zweimal vor",
    "{file} has it too; give each amendment its own number": (
        "{file} hat sie auch; geben Sie jedem Antrag eine eigene Nummer"
    ),
    "there is no amendment {number}": "es gibt keinen Antrag {number}",
    "name the amendment that settled this one, e.g. Ä5": (
        "nennen Sie den Antrag, durch den dieser erledigt ist, z. B. Ä5"
    ),
    "unknown edition „{name}“": "unbekannte Ausgabe „{name}“",
    "the frozen editions (ausgaben/) are: {names}": (
        "die festgeschriebenen Ausgaben (ausgaben/) sind: {names}"
    ),
    "none": "keine",
    "{number} cites the older edition {old}: in edition {current} its text is on {pages}, "
    "{lines} (was {old_pages}, {old_lines})": (
        "{number} bezieht sich auf die ältere Ausgabe {old}: in der Ausgabe {current} steht "
        "sein Text auf {pages}, {lines} (vorher {old_pages}, {old_lines})"
    ),
    "check it, then write „ausgabe: {current}“, „seite: {page}“ and „zeilen: {lines}“": (
        "prüfen Sie ihn, dann schreiben Sie „ausgabe: {current}“, „seite: {page}“ und "
        "„zeilen: {lines}“"
    ),
    "line {line} does not exist: edition {name} has lines 1–{last}": (
        "die Zeile {line} gibt es nicht: die Ausgabe {name} hat die Zeilen 1–{last}"
    ),
    "check „zeilen“": "prüfen Sie „zeilen“",
    "line {line} is on {pages}, not on page {page}": (
        "die Zeile {line} steht auf {pages}, nicht auf Seite {page}"
    ),
    "lines {lines} are on {pages}, not on page {page}": (
        "die Zeilen {lines} stehen auf {pages}, nicht auf Seite {page}"
    ),
    "„{passage}“ occurs only {count} times in {lines}": (
        "„{passage}“ kommt in {lines} nur {count}-mal vor"
    ),
    "count the occurrences in the cited lines again": (
        "zählen Sie die Vorkommen in den angeführten Zeilen noch einmal"
    ),
    "„{passage}“ occurs {count} times in {lines} ({at})": (
        "„{passage}“ kommt in {lines} {count}-mal vor ({at})"
    ),
    "quote a longer passage, or say which one: „{passage}“ (2. Vorkommen)": (
        "zitieren Sie eine längere Stelle, oder sagen Sie, welche: „{passage}“ (2. Vorkommen)"
    ),
    "„{passage}“ is not in {lines}, nor anywhere else in edition {name}": (
        "„{passage}“ steht nicht in {lines} und auch sonst nirgends in der Ausgabe {name}"
    ),
    "quote the passage exactly as printed": (
        "zitieren Sie die Stelle genau so, wie sie gedruckt ist"
    ),
    "„{passage}“ is not in {lines}; it is in {listed}": (
        "„{passage}“ steht nicht in {lines}, sondern in {listed}"
    ),
    "„{passage}“ is in {real}, not {cited}": "„{passage}“ steht in {real}, nicht {cited}",
    "write „zeilen: {lines}“": "schreiben Sie „zeilen: {lines}“",
    "write „seite: {page}“ and „zeilen: {lines}“": (
        "schreiben Sie „seite: {page}“ und „zeilen: {lines}“"
    ),
    "write „seite: {page}“": "schreiben Sie „seite: {page}“",
    "cite the lines of the passage you mean in „zeilen“": (
        "geben Sie in „zeilen“ die Zeilen der gemeinten Stelle an"
    ),
    "line {line} is not among the cited lines {lines}": (
        "die Zeile {line} gehört nicht zu den angeführten Zeilen {lines}"
    ),
    "cite it in „zeilen“": "führen Sie sie in „zeilen“ an",
    "line {line} is not the first line of its paragraph (that is line {edge})": (
        "die Zeile {line} ist nicht die erste Zeile ihres Absatzes (das ist Zeile {edge})"
    ),
    "line {line} is not the last line of its paragraph (that is line {edge})": (
        "die Zeile {line} ist nicht die letzte Zeile ihres Absatzes (das ist Zeile {edge})"
    ),
    "write „Füge {where} Zeile {line} einen neuen Absatz ein:“": (
        "schreiben Sie „Füge {where} Zeile {line} einen neuen Absatz ein:“"
    ),
    "the paragraph": "der Absatz",
    "{what} of {number} is no longer in edition {name}": (
        "{what} aus {number} steht nicht mehr in der Ausgabe {name}"
    ),
    "{what} of {number} occurs {count} times in edition {name} and cannot be placed again": (
        "{what} aus {number} kommt in der Ausgabe {name} {count}-mal vor und lässt sich nicht "
        "wieder zuordnen"
    ),
    "rewrite the amendment against edition {name} (ausgabe, seite, zeilen)": (
        "schreiben Sie den Antrag auf die Ausgabe {name} um (ausgabe, seite, zeilen)"
    ),
    "two changes of {number} overlap in {lines}": (
        "zwei Änderungen von {number} überschneiden sich in {lines}"
    ),
    "the other one is at {place}; make them one change": (
        "die andere steht in {place}; machen Sie eine Änderung daraus"
    ),
    "{a} and {b} change the same text in {lines}": "{a} und {b} ändern denselben Text in {lines}",
    "{b} is at {place}; only one of them can be adopted as written: set the other to "
    "„abgelehnt“ or „erledigt“, or adopt one as „modifiziert übernommen“ with both changes": (
        "{b} steht in {place}; nur einer von beiden kann so übernommen werden: setzen Sie den "
        "anderen auf „abgelehnt“ oder „erledigt“, oder übernehmen Sie einen als „modifiziert "
        "übernommen“ mit beiden Änderungen"
    ),
    # editions
    "the layout map {file} was not made from this text": (
        "die Layout-Karte {file} gehört nicht zu diesem Text"
    ),
    "build the book again (publish build), then freeze the edition": (
        "bauen Sie das Buch neu (publish build), dann schreiben Sie die Ausgabe fest"
    ),
    "{path}: edition {name} is already frozen with other lines – amendments cite it: give "
    "the new edition its own date (metadata.date in book.yaml) or name (--name)": (
        "{path}: die Ausgabe {name} ist schon mit anderen Zeilen festgeschrieben – Anträge "
        "beziehen sich auf sie: geben Sie der neuen Ausgabe ein eigenes Datum (metadata.date "
        "in book.yaml) oder einen eigenen Namen (--name)"
    ),
    "not an edition file ({error})": "keine Ausgabedatei ({error})",
    "restore it as it was frozen (it is the reference amendments cite), or freeze it again "
    "with publish amend freeze": (
        "stellen Sie sie wieder her, wie sie festgeschrieben wurde (Anträge beziehen sich auf "
        "sie), oder schreiben Sie sie mit publish amend freeze neu fest"
    ),
    "the edition in this file is named {name}": "die Ausgabe in dieser Datei heißt {name}",
    "name the file {name}.json": "nennen Sie die Datei {name}.json",
    "{file} does not exist – build the book first: publish build {book} --out {out}": (
        "{file} gibt es nicht – bauen Sie zuerst das Buch: publish build {book} --out {out}"
    ),
    "{file} is not a layout map – build the book again": (
        "{file} ist keine Layout-Karte – bauen Sie das Buch neu"
    ),
    # applying
    "the text of {block} is not that of edition {name}": (
        "der Text von {block} ist nicht der der Ausgabe {name}"
    ),
    "build the book and freeze a new edition (publish amend freeze), then check the "
    "amendments again": (
        "bauen Sie das Buch und schreiben Sie eine neue Ausgabe fest (publish amend freeze), "
        "dann prüfen Sie die Anträge erneut"
    ),
    "the change cannot be placed in the Markdown of {block} ({detail})": (
        "die Änderung lässt sich im Markdown von {block} nicht zuordnen ({detail})"
    ),
    "apply it by hand in the new book folder": (
        "übertragen Sie sie von Hand in den neuen Buchordner"
    ),
    "it overlaps {number}": "sie überschneidet sich mit {number}",
    "„{passage}“ begins and ends in differently marked text (emphasis, a link or a "
    "language span)": (
        "„{passage}“ beginnt und endet in unterschiedlich ausgezeichnetem Text (Betonung, "
        "Verweis oder Sprachangabe)"
    ),
    "quote all of the marked text, or a passage inside it": (
        "zitieren Sie den ganzen ausgezeichneten Text, oder eine Stelle darin"
    ),
    "„{passage}“ holds the call of footnote [^{label}]": (
        "„{passage}“ enthält den Aufruf der Fußnote [^{label}]"
    ),
    "quote a passage that ends before the call or begins after it": (
        "zitieren Sie eine Stelle, die vor dem Aufruf endet oder nach ihm beginnt"
    ),
    "the list item holds more than this paragraph, so it cannot be deleted": (
        "der Listenpunkt enthält mehr als diesen Absatz und kann nicht gestrichen werden"
    ),
    "delete its parts one by one": "streichen Sie seine Teile einzeln",
    "the text has changed since edition {name} was frozen": (
        "der Text hat sich geändert, seit die Ausgabe {name} festgeschrieben wurde"
    ),
    "build the book and freeze a new edition (publish amend freeze); the amendments are "
    "then re-anchored to it": (
        "bauen Sie das Buch und schreiben Sie eine neue Ausgabe fest (publish amend freeze); "
        "die Anträge werden dann ihr zugeordnet"
    ),
    "the text has changed since edition {name} was frozen: the amendments were checked "
    "against the edition only": (
        "der Text hat sich geändert, seit die Ausgabe {name} festgeschrieben wurde: die "
        "Anträge wurden nur gegen die Ausgabe geprüft"
    ),
    "freeze a new edition when the changed text is published (publish build, publish "
    "amend freeze)": (
        "schreiben Sie eine neue Ausgabe fest, wenn der geänderte Text veröffentlicht wird "
        "(publish build, publish amend freeze)"
    ),
    "the new text must be running text": "der neue Text muss Fließtext sein",
    "the new text must be paragraphs": "der neue Text muss aus Absätzen bestehen",
    "no headings, lists, quotes, tables or images in an amendment's text": (
        "keine Überschriften, Listen, Zitate, Tabellen oder Bilder im Text eines Antrags"
    ),
    "the new text cites a footnote": "der neue Text ruft eine Fußnote auf",
    "write the note's text into the sentence; amendments add no footnotes": (
        "schreiben Sie den Text der Fußnote in den Satz; Anträge fügen keine Fußnoten ein"
    ),
    "{folder} already exists and is not empty: choose a new folder": (
        "{folder} gibt es schon, und der Ordner ist nicht leer: wählen Sie einen neuen Ordner"
    ),
    "{folder} is inside the book folder: choose a folder beside it": (
        "{folder} liegt im Buchordner: wählen Sie einen Ordner daneben"
    ),
    "changed by {numbers}": "geändert durch {numbers}",
    # importing a table
    "{file}: cannot import „{kind}“ files – save the table as CSV (UTF-8) or OpenDocument (.ods)": (
        "{file}: „{kind}“-Dateien können nicht eingelesen werden – speichern Sie die Tabelle "
        "als CSV (UTF-8) oder OpenDocument (.ods)"
    ),
    "{file}: the table is empty – the first row names the columns": (
        "{file}: die Tabelle ist leer – die erste Zeile nennt die Spalten"
    ),
    "{file}: the table has no amendments – only the row of column names": (
        "{file}: die Tabelle enthält keine Anträge – nur die Zeile mit den Spaltennamen"
    ),
    "the table has no column „{name}“": "die Tabelle hat keine Spalte „{name}“",
    "name the columns in the first row: Nr., Seite, Zeilen, Antragsteller*innen, Änderung, "
    "Begründung, Status": (
        "benennen Sie die Spalten in der ersten Zeile: Nr., Seite, Zeilen, "
        "Antragsteller*innen, Änderung, Begründung, Status"
    ),
    "the table is not UTF-8 text": "die Tabelle ist kein UTF-8-Text",
    "save it as „CSV UTF-8“ (Excel) or with the character set UTF-8": (
        "speichern Sie sie als „CSV UTF-8“ (Excel) oder mit dem Zeichensatz UTF-8"
    ),
    "not a valid CSV row ({error})": "keine gültige CSV-Zeile ({error})",
    "the table is not UTF-8 text; read as {name} (Excel's „CSV“): „{word}“": (
        "die Tabelle ist kein UTF-8-Text; gelesen als {name} (Excels „CSV“): „{word}“"
    ),
    "check the umlauts in the files written, or save the table as „CSV UTF-8“": (
        "prüfen Sie die Umlaute in den geschriebenen Dateien, oder speichern Sie die Tabelle "
        "als „CSV UTF-8“"
    ),
    "the cell contains a control character ({code})": (
        "die Zelle enthält ein Steuerzeichen ({code})"
    ),
    "the file contains a control character ({code})": (
        "die Datei enthält ein Steuerzeichen ({code})"
    ),
    "remove it; it is invisible and no output can show it": (
        "entfernen Sie es; es ist unsichtbar, und keine Ausgabe kann es zeigen"
    ),
    "columns left out (not a field of an amendment): {names}": (
        "nicht übernommene Spalten (kein Feld eines Antrags): {names}"
    ),
    "{file}: the sheet is too large to import": ("{file}: die Tabelle ist zu groß zum Einlesen"),
    "{file}: not an OpenDocument spreadsheet – save the table as .ods or CSV": (
        "{file}: keine OpenDocument-Tabelle – speichern Sie die Tabelle als .ods oder CSV"
    ),
    "{file}: which edition do the amendments cite? No edition is frozen in {folder} – give "
    "it with --ausgabe, or freeze it first (publish amend freeze)": (
        "{file}: auf welche Ausgabe beziehen sich die Anträge? In {folder} ist keine Ausgabe "
        "festgeschrieben – geben Sie sie mit --ausgabe an, oder schreiben Sie sie zuerst fest "
        "(publish amend freeze)"
    ),
    "row {row}, column „{column}“: {message}": "Tabellenzeile {row}, Spalte „{column}“: {message}",
    "the cell is empty": "die Zelle ist leer",
    "write the number, e.g. Ä3": "schreiben Sie die Nummer, z. B. Ä3",
    "row {row} has it too": "die Tabellenzeile {row} hat sie auch",
    "{number} gives the file name {name} again": (
        "{number} ergibt noch einmal den Dateinamen {name}"
    ),
    "give each amendment its own number": "geben Sie jedem Antrag eine eigene Nummer",
    "the file exists already, with another text": "die Datei gibt es schon, mit anderem Text",
    "remove it first if the table is to replace it": (
        "entfernen Sie sie zuerst, wenn die Tabelle sie ersetzen soll"
    ),
    # the commands
    "the edition name „{name}“ is not valid – use lower case letters, digits and hyphens, "
    "e.g. entwurf-2020-10-29": (
        "der Name „{name}“ ist für eine Ausgabe ungültig – nehmen Sie Kleinbuchstaben, Ziffern "
        "und Bindestriche, z. B. entwurf-2020-10-29"
    ),
    "froze edition {name}: {pages} pages, {lines} lines → {path}": (
        "Ausgabe {name} festgeschrieben: {pages} Seiten, {lines} Zeilen → {path}"
    ),
    "edition {name} is frozen already, with the same lines: {path}": (
        "die Ausgabe {name} ist schon festgeschrieben, mit denselben Zeilen: {path}"
    ),
    "amendments cite it with „ausgabe: {name}“": (
        "Anträge beziehen sich auf sie mit „ausgabe: {name}“"
    ),
    "no amendments in {folder}": "keine Anträge in {folder}",
    "no frozen edition in {folder} – build the book (publish build), then freeze its edition "
    "(publish amend freeze)": (
        "keine festgeschriebene Ausgabe in {folder} – bauen Sie das Buch (publish build), dann "
        "schreiben Sie seine Ausgabe fest (publish amend freeze)"
    ),
    "1 problem in 1 amendment": "1 Problem in 1 Antrag",
    "{count} problems in 1 amendment": "{count} Probleme in 1 Antrag",
    "1 warning in 1 amendment (--strict)": "1 Warnung in 1 Antrag (--strict)",
    "{count} warnings in 1 amendment (--strict)": "{count} Warnungen in 1 Antrag (--strict)",
    "1 amendment checked against edition {name}: no problems": (
        "1 Antrag gegen die Ausgabe {name} geprüft: keine Probleme"
    ),
    "1 problem in {total} amendments": "1 Problem in {total} Anträgen",
    "{count} problems in {total} amendments": "{count} Probleme in {total} Anträgen",
    "1 warning in {total} amendments (--strict)": "1 Warnung in {total} Anträgen (--strict)",
    "{count} warnings in {total} amendments (--strict)": (
        "{count} Warnungen in {total} Anträgen (--strict)"
    ),
    " (1 warning)": " (1 Warnung)",
    " ({count} warnings)": " ({count} Warnungen)",
    "{total} amendments checked against edition {name}: no problems": (
        "{total} Anträge gegen die Ausgabe {name} geprüft: keine Probleme"
    ),
    "No.": "Nr.",
    "Lines": "Zeilen",
    "Status": "Status",
    "re-anchored": "neu zugeordnet",
    "applied {count} adopted amendments ({changes} changes) to {files} files": (
        "{count} übernommene Anträge ({changes} Änderungen) in {files} Dateien eingearbeitet"
    ),
    "the adopted text is in {folder}: build it with {command}": (
        "der beschlossene Text steht in {folder}: bauen Sie ihn mit {command}"
    ),
    "{count} amendment files written into {folder}": (
        "{count} Antragsdateien in {folder} geschrieben"
    ),
    "1 amendment file written into {folder}": "1 Antragsdatei in {folder} geschrieben",
    # sandbox: files outside the book, SVG figures, layout problems, crashes
    "chapter {name} is outside the book": "das Kapitel {name} liegt außerhalb des Buchs",
    "chapter {name} is outside the book (it links to {target})": (
        "das Kapitel {name} liegt außerhalb des Buchs (es verweist auf {target})"
    ),
    "chapter {name} cannot be read": "das Kapitel {name} kann nicht gelesen werden",
    "the file is outside the book (it links to {target})": (
        "die Datei liegt außerhalb des Buchs (sie verweist auf {target})"
    ),
    "the file cannot be read": "die Datei kann nicht gelesen werden",
    "image {src} is outside the book (it links to {target})": (
        "das Bild {src} liegt außerhalb des Buchs (es verweist auf {target})"
    ),
    "image {src} cannot be read": "das Bild {src} kann nicht gelesen werden",
    "copy the file into the book folder": "kopieren Sie die Datei in den Buchordner",
    "it is a folder; use a regular file that can be read": (
        "es ist ein Ordner; nehmen Sie eine gewöhnliche, lesbare Datei"
    ),
    "it is a named pipe (FIFO); use a regular file that can be read": (
        "es ist eine benannte Pipe (FIFO); nehmen Sie eine gewöhnliche, lesbare Datei"
    ),
    "it is a device; use a regular file that can be read": (
        "es ist ein Gerät; nehmen Sie eine gewöhnliche, lesbare Datei"
    ),
    "it is a socket; use a regular file that can be read": (
        "es ist ein Socket; nehmen Sie eine gewöhnliche, lesbare Datei"
    ),
    "it is a symbolic link that leads to itself; use a regular file that can be read": (
        "es ist ein symbolischer Verweis auf sich selbst; nehmen Sie eine gewöhnliche, "
        "lesbare Datei"
    ),
    "permission denied; use a regular file that can be read": (
        "keine Leseberechtigung; nehmen Sie eine gewöhnliche, lesbare Datei"
    ),
    "image {src} is not well-formed XML (line {line}: {error})": (
        "das Bild {src} ist kein wohlgeformtes XML (Zeile {line}: {error})"
    ),
    "open it in an editor or browser and fix it, or export it again": (
        "öffnen Sie es in einem Editor oder Browser und berichtigen Sie es, oder exportieren "
        "Sie es neu"
    ),
    "image {src} is not an SVG file": "das Bild {src} ist keine SVG-Datei",
    "use a PNG or JPEG file (or SVG)": "nehmen Sie eine PNG- oder JPEG-Datei (oder SVG)",
    "image {src} refers to {target} (line {line})": (
        "das Bild {src} verweist auf {target} (Zeile {line})"
    ),
    "image {src} imports a stylesheet with @import (line {line})": (
        "das Bild {src} lädt ein Stylesheet mit @import (Zeile {line})"
    ),
    "image {src} loads a stylesheet with <?xml-stylesheet?> (line {line})": (
        "das Bild {src} lädt ein Stylesheet mit <?xml-stylesheet?> (Zeile {line})"
    ),
    "image {src} includes other files with XInclude (line {line})": (
        "das Bild {src} bindet andere Dateien mit XInclude ein (Zeile {line})"
    ),
    "an SVG in the book must hold everything it shows: embed pictures as data:image/png "
    "or data:image/jpeg, and refer only to #ids inside the SVG": (
        "ein SVG im Buch enthält alles, was es zeigt: betten Sie Bilder als data:image/png "
        "oder data:image/jpeg ein, und verweisen Sie nur auf #ids im SVG selbst"
    ),
    "image {src} embeds a picture that cannot be read as a {kind} file (line {line})": (
        "das Bild {src} enthält ein Bild, das keine lesbare {kind}-Datei ist (Zeile {line})"
    ),
    "embed it again from a PNG or JPEG file": (
        "betten Sie es neu aus einer PNG- oder JPEG-Datei ein"
    ),
    "image {src} declares entities or other markup in its DOCTYPE (line {line})": (
        "das Bild {src} deklariert Entitäten oder anderes in seinem DOCTYPE (Zeile {line})"
    ),
    "delete the DOCTYPE's [ … ] part: an image of the book may not declare any": (
        "löschen Sie den Teil [ … ] des DOCTYPE: ein Bild des Buchs darf nichts deklarieren"
    ),
    "image {src} has a DOCTYPE that refers to {target} (line {line})": (
        "das DOCTYPE des Bilds {src} verweist auf {target} (Zeile {line})"
    ),
    "delete the DOCTYPE line: an SVG needs none": (
        "löschen Sie die DOCTYPE-Zeile: ein SVG braucht keine"
    ),
    "image {src} uses the entity &{name}; (line {line})": (
        "das Bild {src} verwendet die Entität &{name}; (Zeile {line})"
    ),
    "write the character itself instead": "schreiben Sie stattdessen das Zeichen selbst",
    "image {src} contains a script (line {line})": (
        "das Bild {src} enthält ein Skript (Zeile {line})"
    ),
    "image {src} has an event handler ({name}) (line {line})": (
        "das Bild {src} hat einen Event-Handler ({name}) (Zeile {line})"
    ),
    "remove it: scripts do not run in the PDF, and EPUBCheck refuses them (OPF-014)": (
        "entfernen Sie es: Skripte laufen im PDF nicht, und EPUBCheck lehnt sie ab (OPF-014)"
    ),
    "image {src} contains <foreignObject> (line {line})": (
        "das Bild {src} enthält <foreignObject> (Zeile {line})"
    ),
    "draw its content with SVG shapes and text: the PDF does not show it": (
        "zeichnen Sie seinen Inhalt mit SVG-Formen und -Text: das PDF zeigt ihn nicht"
    ),
    "the fonts have no glyph for {character}": ("die Schriften haben kein Zeichen für {character}"),
    "replace the character with one the fonts have, or remove it": (
        "ersetzen Sie das Zeichen durch eines, das die Schriften haben, oder entfernen Sie es"
    ),
    "image {src} could not be drawn in the PDF ({problem})": (
        "das Bild {src} konnte im PDF nicht gezeichnet werden ({problem})"
    ),
    "open it in a browser to check it, or save it again as PNG or JPEG": (
        "prüfen Sie es in einem Browser, oder speichern Sie es neu als PNG oder JPEG"
    ),
    "the PDF could not be made cleanly: {problem}": (
        "das PDF konnte nicht fehlerfrei erzeugt werden: {problem}"
    ),
    "this is probably a bug in publish: please send us this file and the message": (
        "das ist vermutlich ein Fehler in publish: bitte schicken Sie uns diese Datei und "
        "die Meldung"
    ),
    "the PDF could not be made cleanly; nothing was written.": (
        "das PDF konnte nicht fehlerfrei erzeugt werden; nichts wurde geschrieben."
    ),
    "{command} failed: an unexpected error ({error}). This is a bug in publish; the full "
    "report is in {file} – please send it to us.": (
        "{command} ist fehlgeschlagen: ein unerwarteter Fehler ({error}). Das ist ein Fehler "
        "in publish; der vollständige Bericht steht in {file} – bitte schicken Sie ihn uns."
    ),
    "{command} failed: an unexpected error ({error}). This is a bug in publish; no report "
    "could be written – run it again with PUBLISH_DEBUG=1 and send us what it prints.": (
        "{command} ist fehlgeschlagen: ein unerwarteter Fehler ({error}). Das ist ein Fehler "
        "in publish; es konnte kein Bericht geschrieben werden – führen Sie es mit "
        "PUBLISH_DEBUG=1 noch einmal aus und schicken Sie uns, was es ausgibt."
    ),
    # subsup: sub- and superscript, strikeout, importer placeholders and guesses in book.yaml
    "struck-through text ~~{text}~~ is not supported": (
        "durchgestrichener Text ~~{text}~~ wird nicht unterstützt"
    ),
    "delete it if it is deleted text; else remove the ~~ (write \\~ for a tilde)": (
        "löschen Sie ihn, wenn er gestrichen ist; sonst entfernen Sie die ~~ "
        "(\\~ schreibt eine Tilde)"
    ),
    "{path} is still the importer's placeholder date 1970-01-01": (
        "{path} ist noch das Platzhalter-Datum 1970-01-01 des Imports"
    ),
    "{path} is still the importer's placeholder": "{path} ist noch der Platzhalter des Imports",
    "{path} is a guess of the importer": "{path} hat der Import nur geraten",
    # (the longer hint first: the shorter one would match it too)
    "replace it with {doc}; then delete the comment „# guessed – please check“": (
        "ersetzen Sie ihn: {doc}; löschen Sie dann den Kommentar „# guessed – please check“"
    ),
    "replace it with {doc}": "ersetzen Sie ihn: {doc}",
    "check it, then delete the comment „# guessed – please check“": (
        "prüfen Sie den Wert, und löschen Sie dann den Kommentar „# guessed – please check“"
    ),
    "{count} warnings in the book source; the outputs were written all the same.": (
        "{count} Warnungen im Text des Buchs; die Ausgaben wurden trotzdem geschrieben."
    ),
    "1 warning in the book source; the outputs were written all the same.": (
        "1 Warnung im Text des Buchs; die Ausgaben wurden trotzdem geschrieben."
    ),
    # publish import: repairs of conversion debris, symbols, sub/superscript, title data
    "symbol-font characters read as their meaning: {listed}": (
        "Zeichen aus Symbolschriften nach ihrer Bedeutung gelesen: {listed}"
    ),
    "private-use characters removed (no meaning known): {codes}": (
        "Zeichen aus dem privaten Bereich entfernt (Bedeutung unbekannt): {codes}"
    ),
    "type the character itself, or describe it in words": (
        "geben Sie das Zeichen selbst ein, oder beschreiben Sie es in Worten"
    ),
    "struck-out text „{text}“ kept as plain text": (
        "durchgestrichener Text „{text}“ als gewöhnlicher Text übernommen"
    ),
    "the book has no strikeout: delete the text or keep it": (
        "das Buch kennt kein Durchstreichen: löschen Sie den Text oder behalten Sie ihn"
    ),
    "„{marker}“ at the start of a line continues the sentence before – kept as text": (
        "„{marker}“ am Zeilenanfang setzt den Satz davor fort – als Text übernommen"
    ),
    "page number „{number}“ taken out at the start of the paragraph": (
        "Seitenzahl „{number}“ am Anfang des Absatzes entfernt"
    ),
    "page number „{number}“ taken out at the end of the paragraph": (
        "Seitenzahl „{number}“ am Ende des Absatzes entfernt"
    ),
    "page number „{number}“ taken out of „{text}“ → „{result}“": (
        "Seitenzahl „{number}“ aus „{text}“ entfernt → „{result}“"
    ),
    "page number „{text}“ dropped": "Seitenzahl „{text}“ weggelassen",
    "a run of spaces collapsed to one space": "mehrere Leerzeichen zu einem zusammengefasst",
    "{count} runs of spaces collapsed to one space": (
        "{count}-mal mehrere Leerzeichen zu einem zusammengefasst"
    ),
    "running head „{text}“ dropped (it repeats {count} times, a page or more apart)": (
        "Kolumnentitel „{text}“ weggelassen (er steht {count}-mal da, eine Seite oder mehr "
        "voneinander entfernt)"
    ),
    "heading „{title}“ reads as a paragraph (a sentence of {count} words) – made one": (
        "die Überschrift „{title}“ ist ein Absatz (ein Satz aus {count} Wörtern) – zum Absatz "
        "gemacht"
    ),
    "heading „{title}“ reads as a paragraph (one of several sentences marked as headings in "
    "a row) – made one": (
        "die Überschrift „{title}“ ist ein Absatz (einer von mehreren Sätzen hintereinander, "
        "die als Überschrift ausgezeichnet sind) – zum Absatz gemacht"
    ),
    "heading „{title}“ reads as a paragraph ({count} of the {total} headings are sentences) "
    "– made one": (
        "die Überschrift „{title}“ ist ein Absatz ({count} der {total} Überschriften sind "
        "Sätze) – zum Absatz gemacht"
    ),
    "heading „{title}“ reads as a paragraph ({count} sentences) – made one": (
        "die Überschrift „{title}“ ist ein Absatz ({count} Sätze) – zum Absatz gemacht"
    ),
    "heading „{title}“ reads as a paragraph ({count} words) – made one": (
        "die Überschrift „{title}“ ist ein Absatz ({count} Wörter) – zum Absatz gemacht"
    ),
    "paragraph joined to the one before, which a page break cut: „{tail}“ + „{head}“": (
        "Absatz mit dem vorigen verbunden, den ein Seitenumbruch geteilt hatte: „{tail}“ + „{head}“"
    ),
    "the chapter „{title}“ is the source's title page – its title data was read into book.yaml": (
        "das Kapitel „{title}“ ist die Titelseite der Vorlage – ihre Titeldaten stehen jetzt "
        "in book.yaml"
    ),
    "delete the chapter if the book's own title page says enough": (
        "löschen Sie das Kapitel, wenn die Titelseite des Buchs genug sagt"
    ),
    "{key}: „{value}“ read from the first page": "{key}: „{value}“ von der ersten Seite gelesen",
    "{key}: „{value}“ read from the running heads": (
        "{key}: „{value}“ aus den Kolumnentiteln gelesen"
    ),
    "date: {date} read from „{text}“ (a „Stand“ line)": (
        "date: {date} aus „{text}“ gelesen (eine „Stand“-Zeile)"
    ),
    "date: {date} read from „{text}“ (a „Stand“ line (no day given: the first of the month))": (
        "date: {date} aus „{text}“ gelesen (eine „Stand“-Zeile ohne Tag: der Monatserste)"
    ),
    "date: {date} and place {place} read from „{text}“ (place and date)": (
        "date: {date} und Ort {place} aus „{text}“ gelesen (Ort und Datum)"
    ),
    "date: {date} read from „{text}“ (the first page)": (
        "date: {date} aus „{text}“ gelesen (erste Seite)"
    ),
    "date: {date} read from „{text}“ (the last lines)": (
        "date: {date} aus „{text}“ gelesen (letzte Zeilen)"
    ),
    "parties: {names} – taken from the signatures: „{text}“": (
        "parties: {names} – aus den Unterschriften: „{text}“"
    ),
    "parties: {names} – taken from the first page: „{text}“": (
        "parties: {names} – von der ersten Seite: „{text}“"
    ),
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
    # search and citing in the web edition (publish.render.search)
    "the search index of the web edition cannot be made: the Pagefind program is missing – "
    "install it with pip install 'pagefind[bin]=={version}'": (
        "der Suchindex der Web-Ausgabe kann nicht erstellt werden: das Programm Pagefind "
        "fehlt – installieren Sie es mit pip install 'pagefind[bin]=={version}'"
    ),
    "the search index of the web edition cannot be made: {binary} failed ({reason}) – "
    "reinstall it with pip install 'pagefind[bin]=={version}'": (
        "der Suchindex der Web-Ausgabe kann nicht erstellt werden: {binary} ist gescheitert "
        "({reason}) – installieren Sie es neu mit pip install 'pagefind[bin]=={version}'"
    ),
    "the search index of the web edition cannot be made: Pagefind wrote no pagefind.js – "
    "check the Pagefind installation": (
        "der Suchindex der Web-Ausgabe kann nicht erstellt werden: Pagefind hat keine "
        "pagefind.js geschrieben – prüfen Sie die Installation von Pagefind"
    ),
    # --- amendment outputs (publish amend build, publish.amend.outputs) -----------------
    "nothing to build: there are no amendments in {folder}": (
        "nichts zu bauen: in {folder} sind keine Anträge"
    ),
    "1 problem in the amendments; nothing was written.": (
        "1 Problem in den Anträgen; es wurde nichts geschrieben."
    ),
    "{count} problems in the amendments; nothing was written.": (
        "{count} Probleme in den Anträgen; es wurde nichts geschrieben."
    ),
    "no edition of the adopted text in {folder} – build it and freeze its edition: {commands}": (
        "keine Ausgabe des beschlossenen Textes in {folder} – bauen Sie ihn und schreiben Sie "
        "seine Ausgabe fest: {commands}"
    ),
    "{path} is not the adopted text of {book} – apply the adopted amendments again: {command}": (
        "{path} ist nicht der beschlossene Text von {book} – arbeiten Sie die übernommenen "
        "Anträge noch einmal ein: {command}"
    ),
    "{folder} is not a book folder (no book.yaml)": (
        "{folder} ist kein Buchordner (keine book.yaml)"
    ),
    "cannot make {names} yet – the Änderungsfassung and the Synopse need an adopted "
    "amendment, the Konkordanz also the adopted text (--beschluss)": (
        "{names} kann noch nicht gebaut werden – die Änderungsfassung und die Synopse brauchen "
        "einen übernommenen Antrag, die Konkordanz auch den beschlossenen Text (--beschluss)"
    ),
    "web pages written to {path}/ ({count} files)": (
        "Webseiten geschrieben nach {path}/ ({count} Dateien)"
    ),
    "no amendment is adopted yet: only the Antragsbuch was built (set each status after "
    "the vote, then build again)": (
        "noch ist kein Antrag übernommen: nur das Antragsbuch wurde gebaut (setzen Sie nach "
        "der Abstimmung jeden Status und bauen Sie noch einmal)"
    ),
    "for the Konkordanz, apply the adopted amendments, build and freeze the adopted text, "
    "then build again with --beschluss: {command}": (
        "für die Konkordanz arbeiten Sie die übernommenen Anträge ein, bauen den beschlossenen "
        "Text, schreiben seine Ausgabe fest und bauen dann noch einmal mit --beschluss: "
        "{command}"
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
