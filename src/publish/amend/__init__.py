"""The assembly's amendments (Änderungsanträge): from „Zeile 123“ to the adopted text.

The design, in the order of the cycle.

**1. The edition** (:mod:`~publish.amend.edition`). The published draft's line numbers are
the reference every amendment cites, so they are frozen: ``publish amend freeze`` turns the
layout map of a build (``dist/NAME.layout.json``: every numbered line's page, block
``file:line`` and letter offset) into ``ausgaben/NAME.json`` in the book folder (NAME from
``metadata.status`` and ``date``, e.g. ``entwurf-2020-10-29``), committed with the book.
It holds every numbered line with its number, page, block, offset and its exact printed
text (the block's typeset text from the line's first letter to the next line's: joined,
the lines give the block, real hyphens and spaces where they are), the SHA-256 of every
chapter file, a fingerprint of the lines (an edition edited by hand is refused) and its
place in the sequence of editions. Checking needs nothing else: no layout, no Markdown.
The newest edition is the *current* one. A draft changed after publishing is published as
a new edition (new date, build, freeze); an edition name is never frozen twice with other
lines.

**2. The amendment files** (:mod:`~publish.amend.read`, :mod:`~publish.amend.grammar`,
:mod:`~publish.amend.model`). One Markdown file per amendment in ``antraege/``: a YAML
header validated with ``book.yaml``'s machinery (:mod:`publish.read.config`: typed keys,
every problem at once with file:line:column, „did you mean“) – ``nummer``, ``ausgabe``,
``seite``, ``zeilen`` (or ``zeile``), ``antragsteller``, ``status`` (eingereicht,
übernommen, modifiziert übernommen, abgelehnt, zurückgezogen, erledigt), optional
``titel``, ``eingereicht_am``, ``votum``, ``beschluss``, ``erledigt_durch`` – then the
changes as plain German sentences (``Ersetze „A“ durch „B“.``, ``Streiche „A“.``,
``Füge nach „A“ ein: „B“.``, ``Füge vor „A“ ein: „B“.``, ``Füge nach Zeile N einen neuen
Absatz ein:`` and the paragraph), ``„A“ (2. Vorkommen)`` where a passage occurs twice,
then ``## Modifizierte Übernahme`` (the adopted wording, as changes) and ``## Begründung``.

**3. Checking** (:mod:`~publish.amend.check`, :mod:`~publish.amend.text`). Passages are
matched in a normalised form that typography does not change (every quote, dash and
space alike, soft hyphens and word joiners gone, lines joined) and as whole words. For
each amendment: its edition exists; the cited lines exist and are on the cited page; each
passage is in exactly the cited lines (else: where it really is, „„bis 2035“ is in line
349, not 345–347“); a new paragraph follows the last line of a block; no two changes of
one amendment, and no two adopted amendments, change the same text (the conflict names
both). An amendment against an older edition is re-anchored: its passage, if it occurs
once in the current edition (or once with the old edition's words around it), moves with
a warning giving old and new page and lines; otherwise it is refused. If the source is
that of the current edition, every change is also placed in the Markdown as applying it
would (below), so a member learns early that a passage crosses a footnote call.

**4. Applying** (:mod:`~publish.amend.source`, :mod:`~publish.amend.apply`,
:mod:`~publish.amend.folder`). Each text block's characters are found in its Markdown
file (the block read as the book's reader reads it, walked along the file: escapes,
entities, line breaks with indentation and ``>`` are one character each, markup is
skipped). A passage must begin and end in the same marked text (plain text, or inside one
emphasis, link or language span; it may cover whole marked passages) and may not hold a
footnote call; a new text is running Markdown without footnotes. The adopted amendments'
changes become edits of the chapter files; ``publish amend apply`` writes them as a new
book folder (everything else byte for byte, ``antraege/`` left with the draft, status and
date set if asked), read back as a book before it is put in place. The adopted text is the
next source of truth: built, it is the Beschlussfassung with new line numbers, and frozen,
its edition.

**5. The outputs' data** (:mod:`~publish.amend.changes`, :mod:`~publish.amend.concordance`).
Two inline containers join the book's model, :class:`~publish.model.Deletion` and
:class:`~publish.model.Insertion`, each naming its amendment. With them, the
Antragsbuch's entry of an amendment is its lines cut from the typeset draft with its
changes in place (:func:`~publish.amend.changes.passage`; a replacement shows only the
words it changes), and the Änderungsfassung is the typeset draft with every adopted change
in place and every other node untouched, so the draft's page and line markers still fall
where they did (:func:`~publish.amend.changes.amended_book`). The concordance maps every
draft line to the adopted edition's lines that hold its text, given both editions and the
:class:`~publish.amend.apply.Adoption` (which says where each block went); the synopsis
rows pair each changed (or every) draft block, with its page and lines, with its adopted
block.

**6. The outputs** (:mod:`~publish.amend.documents`, :mod:`~publish.amend.outputs`,
``publish amend build``). Each output is a book of the model: the Antragsbuch (an overview
table, then every amendment under the draft chapter it changes: heading ``ae3``, its page
and lines, movers, status, the passage with the changes in place and „…“ where it cuts a
paragraph, the adopted wording, the reasoning); the Änderungsfassung (the draft annotated
with its frozen edition's page and line markers, then the adopted changes placed, each
followed by its amendment's number, :class:`~publish.model.AmendmentRef`); the Synopse (a
table per chapter, „Entwurf (S./Z.)“ and „Beschluss“, A4 landscape); the Konkordanz (with
the adopted text built and frozen). The book's stages make them: ``render_book_html`` and
``render_pdf`` (with the amendment style sheets), ``build_epub``, ``render_web``, in one
process per core, written all at once. The templates render a change as ``<del>`` or
``<ins>`` with visually hidden words that announce its start and end („Streichung: …
Ende der Streichung“); the PDF's structure tree has them as ``Deletion`` and ``Insertion``
elements (role-mapped to ``Span``) with those words as real text in order. The
Änderungsfassung keeps the draft's line numbers: each draft line is numbered on the
printed line that holds its first letter (its letter offset moved by the letters
inserted before it), and the draft's pages are marked „S. 12“ in the margin (artifacts).

**7. Tables** (:mod:`~publish.amend.table`). A CSV or ODS file, one row per amendment,
columns recognised by name (Nr., Seite, Zeilen, Antragsteller*innen, Änderung,
Begründung, Status, …): each row becomes an amendment file, read back with the file
reader, so a problem names the table's row and column.

:mod:`~publish.amend.workflow` holds the steps as ``publish amend freeze|check|apply|
import`` call them; :mod:`~publish.amend.outputs` is ``publish amend build``.
"""
