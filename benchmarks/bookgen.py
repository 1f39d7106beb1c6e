"""Generate a realistic German coalition agreement of about N printed A4 pages.

    python benchmarks/bookgen.py OUT --pages 1000 [--seed 0]
    publish build OUT --out OUT-dist

The text is nonsense, but it looks and sets like a real agreement: chapters of 10–25 pages,
``##`` and ``###`` sections, paragraphs of varied length made of German sentences (long
compounds, gendered forms such as „Bürger*innen“, numbers and units, dates, „z. B.“, § and
straight quotes for the typography stage), bullet and numbered lists (some nested), pipe
tables with a header row, footnotes (each cited exactly once), links to headings of the book
and the odd ``[phrase]{lang=en}``. Everything it writes is valid input for ``publish build``.

The same ``pages`` and ``seed`` always give byte-identical files: the only randomness is one
``random.Random(seed)``. :data:`WORDS_PER_PAGE` and :func:`front_pages` are calibrated so that
the built PDF has about ``pages`` pages (within 15 %).
"""

from __future__ import annotations

import argparse
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Words of Markdown source per planned A4 page, a chapter's last page counted as half full
#: (measured: 356–403 words per printed page by chapter, 387 overall; the rest makes up for
#: the chapters' last pages). Built page counts: 25 → 25, 100 → 100, 400 → 400, 1000 → 994.
WORDS_PER_PAGE = 400
#: Source lines are wrapped at this width, as an author's editor would.
WIDTH = 92

#: A placeholder for the gender star: the first one in a block is written ``*``, later
#: ones ``\\*`` (two raw stars in one paragraph would open and close CommonMark emphasis).
STAR = "\N{BLACK STAR}"

# --- Vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A policy field: a chapter's title and the words its text prefers."""

    title: str
    slug: str
    prefixes: tuple[str, ...]
    sections: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "Klimaschutz und Klimaanpassung",
        "klima",
        ("Klimaschutz", "Klimaanpassungs", "Wärmewende", "Fernwärme", "Solar", "Energiespar"),
        (
            "Klimaneutrale Stadt 2035",
            "Wärmewende in den Quartieren",
            "Solaroffensive auf städtischen Dächern",
            "Hitzeschutz und Stadtgrün",
            "Starkregenvorsorge",
            "Kommunales Energiemanagement",
        ),
    ),
    Topic(
        "Mobilität und Verkehr",
        "mobilitaet",
        ("Radverkehrs", "Nahverkehrs", "Mobilitäts", "Fußverkehrs", "Parkraum", "Ladesäulen"),
        (
            "Radverkehr",
            "Öffentlicher Personennahverkehr",
            "Fußverkehr und Barrierefreiheit",
            "Parkraummanagement",
            "Elektromobilität und Ladeinfrastruktur",
            "Verkehrssicherheit und Vision Zero",
        ),
    ),
    Topic(
        "Wohnen und Stadtentwicklung",
        "wohnen",
        ("Wohnungsbau", "Quartiers", "Stadtentwicklungs", "Mietpreis", "Bodenvorrats", "Bau"),
        (
            "Bezahlbarer Wohnraum",
            "Kommunale Bodenpolitik",
            "Quartiersentwicklung",
            "Gemeinschaftliches Wohnen",
            "Innenstadt und Stadtteilzentren",
            "Baukultur und Denkmalschutz",
        ),
    ),
    Topic(
        "Bildung und Schule",
        "bildung",
        ("Schulsanierungs", "Ganztags", "Bildungs", "Schulentwicklungs", "Kita", "Medien"),
        (
            "Schulbau und Schulsanierung",
            "Offener Ganztag",
            "Digitale Schule",
            "Frühkindliche Bildung",
            "Weiterbildung und Volkshochschule",
            "Bildungsgerechtigkeit",
        ),
    ),
    Topic(
        "Arbeit und Wirtschaft",
        "wirtschaft",
        ("Wirtschaftsförderungs", "Gewerbeflächen", "Gründungs", "Fachkräfte", "Ausbildungs"),
        (
            "Wirtschaftsförderung",
            "Gewerbeflächen und Flächenrecycling",
            "Gründungen und Start-ups",
            "Gute Arbeit in der Stadt",
            "Fachkräftesicherung",
            "Regionale Wertschöpfung",
        ),
    ),
    Topic(
        "Digitalisierung und Verwaltung",
        "digitales",
        ("Digitalisierungs", "Verwaltungs", "Breitband", "Datenschutz", "Bürgerservice"),
        (
            "Digitale Verwaltung",
            "Glasfaser und Mobilfunk",
            "Offene Daten",
            "Bürgerservice und Bürgerbüros",
            "Personalentwicklung in der Verwaltung",
            "IT-Sicherheit",
        ),
    ),
    Topic(
        "Soziales und Gesundheit",
        "soziales",
        ("Sozial", "Gesundheits", "Pflege", "Armutsbekämpfungs", "Quartiershilfe"),
        (
            "Armut bekämpfen",
            "Gesundheitsversorgung im Quartier",
            "Pflege und Leben im Alter",
            "Wohnungslosigkeit beenden",
            "Suchthilfe",
            "Kinder- und Jugendhilfe",
        ),
    ),
    Topic(
        "Kultur, Sport und Freizeit",
        "kultur",
        ("Kultur", "Sportstätten", "Freizeit", "Bibliotheks", "Musikschul", "Bäder"),
        (
            "Freie Kulturszene",
            "Bibliotheken als dritte Orte",
            "Sportstätten und Bäder",
            "Breitensport und Vereine",
            "Industriekultur",
            "Festivals und Veranstaltungen",
        ),
    ),
    Topic(
        "Umwelt und Naturschutz",
        "umwelt",
        ("Naturschutz", "Grünflächen", "Baumschutz", "Gewässer", "Abfallvermeidungs"),
        (
            "Stadtbäume und Grünflächen",
            "Artenvielfalt",
            "Saubere Gewässer",
            "Abfall und Kreislaufwirtschaft",
            "Lärmschutz",
            "Landwirtschaft und Ernährung",
        ),
    ),
    Topic(
        "Demokratie, Teilhabe und Vielfalt",
        "teilhabe",
        ("Beteiligungs", "Integrations", "Inklusions", "Gleichstellungs", "Ehrenamts"),
        (
            "Bürgerbeteiligung",
            "Integration und Zuwanderung",
            "Inklusion",
            "Gleichstellung",
            "Ehrenamt und Engagement",
            "Antidiskriminierung",
        ),
    ),
    Topic(
        "Finanzen und Beteiligungen",
        "finanzen",
        ("Haushalts", "Investitions", "Beteiligungs", "Konsolidierungs", "Förder"),
        (
            "Solide Finanzen",
            "Investitionsprogramm",
            "Städtische Gesellschaften",
            "Fördermittel",
            "Nachhaltiger Haushalt",
            "Beteiligungsbericht",
        ),
    ),
    Topic(
        "Sicherheit und Ordnung",
        "sicherheit",
        ("Sicherheits", "Ordnungs", "Katastrophenschutz", "Feuerwehr", "Präventions"),
        (
            "Sicherheit im öffentlichen Raum",
            "Feuerwehr und Rettungsdienst",
            "Katastrophenschutz",
            "Prävention",
            "Kommunaler Ordnungsdienst",
            "Sauberkeit",
        ),
    ),
)

GLOBAL_PREFIXES = (
    "Nachhaltigkeits",
    "Stadtteil",
    "Bürgerbeteiligungs",
    "Modell",
    "Pilot",
    "Qualitäts",
    "Kooperations",
)

#: Heads of compound nouns with their gender: m, f or n.
HEADS: tuple[tuple[str, str], ...] = (
    ("konzept", "n"),
    ("strategie", "f"),
    ("programm", "n"),
    ("netz", "n"),
    ("plan", "m"),
    ("förderung", "f"),
    ("beirat", "m"),
    ("offensive", "f"),
    ("fonds", "m"),
    ("kataster", "n"),
    ("management", "n"),
    ("bündnis", "n"),
    ("initiative", "f"),
    ("projekt", "n"),
    ("standard", "m"),
    ("monitoring", "n"),
    ("leitbild", "n"),
    ("budget", "n"),
)

ADJECTIVES = (
    "kommunal",
    "gesamtstädtisch",
    "verbindlich",
    "nachhaltig",
    "barrierefrei",
    "transparent",
    "flächendeckend",
    "digital",
    "sozial gerecht",
    "klimafreundlich",
    "integriert",
    "ressortübergreifend",
)

#: Groups of people: (nominative plural, dative plural); ★ is the gender star.
GROUPS: tuple[tuple[str, str], ...] = (
    ("Bürger★innen", "Bürger★innen"),
    ("Schüler★innen", "Schüler★innen"),
    ("Mitarbeiter★innen der Verwaltung", "Mitarbeiter★innen der Verwaltung"),
    ("Unternehmer★innen", "Unternehmer★innen"),
    ("Mieterinnen und Mieter", "Mieterinnen und Mietern"),
    ("Seniorinnen und Senioren", "Seniorinnen und Senioren"),
    ("Familien mit Kindern", "Familien mit Kindern"),
    ("Geflüchtete", "Geflüchteten"),
    ("Studierende", "Studierenden"),
    ("Menschen mit Behinderungen", "Menschen mit Behinderungen"),
    ("Vereine und Initiativen", "Vereinen und Initiativen"),
    ("Pendler★innen", "Pendler★innen"),
    ("Radfahrer★innen", "Radfahrer★innen"),
    ("Expert★innen", "Expert★innen"),
    ("Anwohner★innen", "Anwohner★innen"),
)

PARTNERS = (
    "den Stadtwerken",
    "der Ruhr-Universität",
    "den Bezirksvertretungen",
    "der Wohlfahrtspflege",
    "dem Regionalverband Ruhr",
    "der Handwerkskammer",
    "der BOGESTRA",
    "den Nachbarstädten im Ruhrgebiet",
    "dem Land Nordrhein-Westfalen",
    "der Wirtschaftsentwicklung",
    "den Gewerkschaften",
    "der VBW Bauen und Wohnen",
)

DISTRICTS = ("Mitte", "Wattenscheid", "Nord", "Ost", "Süd", "Südwest")

OFFICES = (
    "Dezernat für Bauen und Umwelt",
    "Amt für Stadtplanung und Wohnen",
    "Umwelt- und Grünflächenamt",
    "Schulverwaltungsamt",
    "Jugendamt",
    "Amt für Soziales",
    "Referat für Klima und Nachhaltigkeit",
    "Tiefbauamt",
    "Kulturbüro",
    "Stabsstelle Digitalisierung",
    "Kämmerei",
    "Ordnungsamt",
)

INFINITIVES = (
    "ausbauen",
    "stärken",
    "fördern",
    "weiterentwickeln",
    "umsetzen",
    "prüfen",
    "einführen",
    "verstetigen",
    "beschleunigen",
    "sichern",
    "unterstützen",
    "auf den Weg bringen",
    "vorantreiben",
    "evaluieren",
    "verbessern",
    "schaffen",
    "erarbeiten",
    "dauerhaft finanzieren",
    "gemeinsam gestalten",
    "neu aufstellen",
)

ADVERBIALS = (
    "bis {year}",
    "in dieser Wahlperiode",
    "gemeinsam mit {partner}",
    "zügig",
    "schrittweise",
    "im ersten Jahr der Koalition",
    "in enger Abstimmung mit {partner}",
    "mit Nachdruck",
    "stadtweit",
    "in allen sechs Stadtbezirken",
    "auf Grundlage eines Ratsbeschlusses",
    "z. B. durch {n} zusätzliche Stellen",
    "spätestens zum 1. Januar {year}",
    "zunächst im Stadtbezirk {district}",
    "im Rahmen des Haushalts {year}",
    "u. a. mit Mitteln des Landes",
)

SUBJECTS_PLURAL = (
    "Wir",
    "SPD und GRÜNE",
    "Die Koalitionspartner",
    "Die Fraktionen von SPD und BÜNDNIS 90/DIE GRÜNEN",
    "Die Koalition und die Verwaltung",
)
SUBJECTS_SINGULAR = (
    "Die Stadt",
    "Die Verwaltung",
    "Die Koalition",
    "Der Rat",
    "Die Stadt Bochum",
)
MODALS_PLURAL = ("werden", "wollen", "möchten", "müssen")
MODALS_SINGULAR = ("wird", "soll", "will", "muss")

SLOGANS = (
    "Stadt der kurzen Wege",
    "Bochum bewegt sich",
    "Gute Schule für alle",
    "Wohnen ist ein Grundrecht",
    "Erst prüfen, dann bauen",
    "Kein Kind zurücklassen",
    "Grün vor Grau",
    "Digital first",
    "Beteiligung von Anfang an",
    "Stadt für Alle",
)

ENGLISH = (
    "climate justice",
    "Housing First",
    "open data",
    "smart city",
    "green infrastructure",
    "community land trust",
    "shared space",
    "public money, public code",
    "urban mining",
    "best practice",
)

SOURCES = (
    "Vgl. den Beschluss des Rates vom {date} (Vorlage {vorlage}).",
    "Quelle: IT.NRW, Bevölkerungsstatistik, Stand 31.12.{prev_year}.",
    "Siehe den Bericht der Verwaltung an den Ausschuss für {committee} vom {date}.",
    "Gemäß § {para} Abs. {abs} der Gemeindeordnung NRW.",
    "Die Zahlen beruhen auf der Haushaltsplanung {year}; Änderungen bleiben vorbehalten.",
    "So auch der Masterplan {compound} aus dem Jahr {prev_year}.",
    "Das Programm wird zu {pct} % aus Mitteln des Bundes gefördert.",
)

COMMITTEES = (
    "Umwelt, Nachhaltigkeit und Ordnung",
    "Mobilität und Infrastruktur",
    "Schule und Bildung",
    "Wirtschaft, Digitalisierung und Europa",
    "Soziales, Arbeit und Gesundheit",
    "Kultur und Sport",
)

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

LEADS = (
    "Wir werden",
    "Dazu wollen wir",
    "In der kommenden Wahlperiode werden wir",
    "Konkret heißt das, wir werden",
    "Die Koalition wird",
)

TABLE_KINDS = ("measures", "districts", "timeline")


# --- The generator ------------------------------------------------------------------------


@dataclass
class Chapter:
    """One planned chapter: its file, title, id and word budget."""

    number: int
    topic: Topic
    title: str
    id: str
    words: int
    file: str = ""


@dataclass
class Writer:
    """Writes the blocks of one chapter; knows every explicit heading id of the book."""

    rng: random.Random
    topic: Topic
    targets: Sequence[tuple[str, str]]
    footnotes: list[str] = field(default_factory=list)
    words: int = 0

    # --- words and phrases ---------------------------------------------------------------

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def year(self) -> int:
        return self.rng.randint(2021, 2030)

    def compound(self) -> tuple[str, str]:
        """A compound noun and its gender, e.g. („Radverkehrsstrategie“, „f“)."""
        pool = self.topic.prefixes if self.rng.random() < 0.75 else GLOBAL_PREFIXES
        head, gender = HEADS[self.rng.randrange(len(HEADS))]
        return self.pick(pool) + head, gender

    def noun_phrase(self, case: str = "acc") -> str:
        """An accusative (or nominative) noun phrase: „ein verbindliches Wärmekataster“."""
        noun, gender = self.compound()
        roll = self.rng.random()
        if roll < 0.45:
            article = {"m": "den" if case == "acc" else "der", "f": "die", "n": "das"}[gender]
            ending = "en" if gender == "m" and case == "acc" else "e"
        else:
            article = {"m": "einen" if case == "acc" else "ein", "f": "eine", "n": "ein"}[gender]
            ending = {"m": "en" if case == "acc" else "er", "f": "e", "n": "es"}[gender]
        adjective = self.pick(ADJECTIVES) + ending  # „sozial gerecht“ → „sozial gerechten“
        phrase = f"{article} {adjective} {noun}" if roll < 0.8 else f"{article} {noun}"
        if self.rng.random() < 0.3:
            phrase += " für " + self.pick(GROUPS)[0]
        return phrase

    def adverbial(self) -> str:
        template = self.pick(ADVERBIALS)
        return template.format(
            year=self.year(),
            partner=self.pick(PARTNERS),
            n=self.rng.randint(2, 40),
            district=self.pick(DISTRICTS),
        )

    def date(self) -> str:
        day = self.rng.randint(1, 28)
        return f"{day}. {self.pick(MONTHS)} {self.rng.randint(2015, 2020)}"

    def link(self) -> str:
        target_id, title = self.targets[self.rng.randrange(len(self.targets))]
        return f"[{title}](#{target_id})"

    def footnote(self) -> str:
        """A footnote call; its definition is written at the end of the chapter."""
        template = self.pick(SOURCES)
        text = template.format(
            date=self.date(),
            vorlage=f"{self.rng.randint(2015, 2020)}{self.rng.randint(1000, 3999)}",
            prev_year=self.rng.randint(2015, 2019),
            committee=self.pick(COMMITTEES),
            para=self.rng.randint(1, 130),
            abs=self.rng.randint(1, 5),
            year=self.year(),
            compound=self.compound()[0],
            pct=self.rng.choice((50, 60, 75, 80, 90)),
        )
        self.footnotes.append(text)
        self.words += len(text.split())
        return f"[^{len(self.footnotes)}]"

    # --- sentences -----------------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.randrange(14)
        if kind <= 4:
            if rng.random() < 0.6:
                subject, modal = self.pick(SUBJECTS_PLURAL), self.pick(MODALS_PLURAL)
            else:
                subject, modal = self.pick(SUBJECTS_SINGULAR), self.pick(MODALS_SINGULAR)
            middle = self.noun_phrase()
            if STAR not in middle and rng.random() < 0.06:
                middle = f"**{middle}**" if rng.random() < 0.5 else f"*{middle}*"
            if rng.random() < 0.7:
                middle += " " + self.adverbial()
            text = f"{subject} {modal} {middle} {self.pick(INFINITIVES)}"
        elif kind == 5:
            text = (
                f"Gemeinsam mit {self.pick(PARTNERS)} {self.pick(MODALS_PLURAL)} wir "
                f"{self.noun_phrase()} {self.pick(INFINITIVES)}"
            )
        elif kind == 6:
            first = self.year()
            text = (
                f"Für {self.noun_phrase()} stellen wir in den Jahren {first}-{first + 4} "
                f"insgesamt {rng.randint(1, 9)},{rng.randint(0, 9)} Millionen Euro "
                "zur Verfügung"
            )
        elif kind == 7:
            text = (
                f'Dabei orientieren wir uns am Leitbild "{self.pick(SLOGANS)}", das '
                f"{self.pick(GROUPS)[0]} in den Mittelpunkt stellt"
            )
        elif kind == 8:
            noun, gender = self.compound()
            text = (
                f"Bis {self.year()} soll der Anteil {self.pick(('der', 'aller'))} "
                f"{self.pick(GROUPS)[1]} mit Zugang {'zur' if gender == 'f' else 'zum'} "
                f"{noun} auf {rng.randint(15, 95)} % steigen"
            )
        elif kind == 9:
            text = (
                f"Wir setzen uns z. B. für {self.noun_phrase()} ein, d. h. wir wollen "
                f"{self.noun_phrase()} {self.adverbial()} {self.pick(INFINITIVES)}"
            )
        elif kind == 10:
            phrase = self.pick(ENGLISH)
            text = (
                f"Nach dem Prinzip [{phrase}]{{lang=en}} {self.pick(MODALS_PLURAL)} wir "
                f"{self.noun_phrase()} {self.pick(INFINITIVES)}"
            )
        elif kind == 11:
            text = (
                f"Dazu gehört auch {self.noun_phrase('nom')}, und zwar -- so der Wunsch "
                f"vieler {self.pick(GROUPS)[1]} -- {self.adverbial()}"
            )
        elif kind == 12:
            text = (
                f"Die Zahl der Plätze steigt von {rng.randint(100, 999)} auf "
                f"{rng.randint(1, 9)}.{rng.randint(100, 999)}, wobei die Kosten von "
                f"{rng.randint(2, 30)} Mio. Euro je zur Hälfte von Stadt und Land getragen werden"
            )
        else:
            text = (
                f"Am {rng.randint(1, 28)}. {self.pick(MONTHS)} {self.year()} legt die "
                f"Verwaltung dem Rat {self.noun_phrase()} vor, den {self.pick(GROUPS)[0]} "
                f"vorher in {rng.randint(2, 12)} Werkstätten beraten haben"
            )
        if rng.random() < 0.05:
            text += " (siehe " + self.link() + ")"
        text += "."
        if rng.random() < 0.045:
            text += self.footnote()
        return text

    # --- blocks --------------------------------------------------------------------------

    def paragraph(self) -> str:
        count = self.rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8))
        text = " ".join(self.sentence() for _ in range(count))
        return wrap(text)

    def bullet_list(self, ordered: bool = False) -> str:
        lead = self.pick(LEADS)
        items = []
        count = self.rng.randint(3, 7)
        for number in range(1, count + 1):
            item = f"{self.noun_phrase()} {self.adverbial()} {self.pick(INFINITIVES)}"
            if self.rng.random() < 0.08:
                item += self.footnote()
            end = "." if number == count else ","
            marker = f"{number}. " if ordered else "- "
            items.append(wrap(item + end, marker, " " * len(marker)))
            if not ordered and self.rng.random() < 0.12:
                for _ in range(self.rng.randint(2, 3)):
                    sub = f"{self.noun_phrase()} im Stadtbezirk {self.pick(DISTRICTS)}"
                    items.append(wrap(sub, "  - ", "    "))
        return f"{lead}\n\n" + "\n".join(items)

    def sentence_list(self) -> str:
        """A numbered list of whole sentences, loosely set."""
        items = []
        for number in range(1, self.rng.randint(3, 5) + 1):
            body = " ".join(self.sentence() for _ in range(self.rng.randint(1, 2)))
            items.append(wrap(body, f"{number}. ", "   "))
        lead = self.pick(("Im Einzelnen vereinbaren wir:", "Dafür gilt:", "Wir vereinbaren:"))
        return lead + "\n\n" + "\n\n".join(items)

    def table(self) -> str:
        kind = self.pick(TABLE_KINDS)
        rng = self.rng
        if kind == "measures":
            rows = [
                f"| {self.compound()[0]} | {self.pick(OFFICES)} | {self.year()}-"
                f"{self.year() + 2} | {rng.randint(1, 40)},{rng.randint(0, 9)} |"
                for _ in range(rng.randint(3, 8))
            ]
            head = "| Maßnahme | Zuständigkeit | Zeitraum | Mittel (Mio. €) |\n|---|---|---|---:|"
        elif kind == "districts":
            rows = [
                f"| {district} | {rng.randint(20, 120)}.{rng.randint(100, 999)} | "
                f"{rng.randint(5, 60)} | {rng.randint(1, 30)},{rng.randint(0, 9)} % |"
                for district in DISTRICTS
            ]
            head = f"| Stadtbezirk | Einwohner{STAR}innen | Plätze | Anteil |\n|---|--:|--:|--:|"
        else:
            rows = [
                f"| {year} | {self.noun_phrase('nom')} {self.pick(INFINITIVES)} |"
                for year in range(2021, 2021 + rng.randint(3, 6))
            ]
            head = "| Jahr | Vorhaben |\n|---|---|"
        return f"{head}\n" + "\n".join(rows).replace(STAR, "*")

    def quote(self) -> str:
        return wrap(f'"{self.pick(SLOGANS)}" -- {self.sentence()}', "> ", "> ")

    def block(self) -> str:
        roll = self.rng.random()
        if roll < 0.74:
            return self.paragraph()
        if roll < 0.84:
            return self.bullet_list()
        if roll < 0.88:
            return self.bullet_list(ordered=True)
        if roll < 0.91:
            return self.sentence_list()
        if roll < 0.98:
            return self.table()
        return self.quote()


def stars(block: str) -> str:
    """The first gender star of a block stays ``*``, the others are escaped."""
    first, found, rest = block.partition(STAR)
    if not found:
        return block
    return first + "*" + rest.replace(STAR, "\\*")


#: A source line must not begin with something Markdown reads as a new block.
_BLOCK_START = re.compile(r"^(?:[-+*>#|=]|\d+[.)](?:\s|$))")


def wrap(text: str, first: str = "", indent: str = "") -> str:
    """Wrap ``text`` at :data:`WIDTH`, never starting a line with a block marker."""
    lines: list[str] = []
    line = first
    prefix_only = True
    for word in text.split(" "):
        if not prefix_only and len(line) + 1 + len(word) > WIDTH and not _BLOCK_START.match(word):
            lines.append(line)
            line, prefix_only = indent + word, False
            continue
        line = line + word if prefix_only else f"{line} {word}"
        prefix_only = False
    lines.append(line)
    return "\n".join(lines)


def front_pages(pages: int) -> int:
    """Cover, imprint and the contents (about one page per 100 pages of text)."""
    return 3 + pages // 100


def plan(rng: random.Random, pages: int) -> list[Chapter]:
    """Chapters of 10–25 pages (the last one shorter) that add up to ``pages``."""
    body = max(1, pages - front_pages(pages))
    sizes: list[int] = []
    while sum(sizes) < body:
        sizes.append(min(rng.randint(10, 25), body - sum(sizes)))
    chapters = []
    width = max(2, len(str(len(sizes))))
    for number, size in enumerate(sizes, 1):
        topic = TOPICS[(number - 1) % len(TOPICS)]
        round_ = (number - 1) // len(TOPICS)
        title = topic.title if round_ == 0 else f"{topic.title} ({_roman(round_ + 1)})"
        chapter_id = f"k{number:0{width}d}-{topic.slug}"
        # a chapter starts on a new page: its last page is half empty on average
        words = max(120, int((size - 0.5) * WORDS_PER_PAGE))
        chapter = Chapter(number, topic, title, chapter_id, words)
        chapter.file = f"kapitel/{number:0{width}d}-{topic.slug}.md"
        chapters.append(chapter)
    return chapters


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letter in numerals:
        while number >= value:
            out, number = out + letter, number - value
    return out


@dataclass(frozen=True)
class Section:
    """A planned ``##`` section: its title, its explicit id (or "") and its ``###`` titles."""

    title: str
    id: str
    subsections: tuple[str, ...]


def outline(rng: random.Random, chapter: Chapter) -> list[Section]:
    """The chapter's headings, planned before any text so that links can point forward:
    about one ``##`` section per 3 pages, most of them with ``###`` subsections."""
    count = max(1, round(chapter.words / WORDS_PER_PAGE / 3))
    titles = list(chapter.topic.sections)
    rng.shuffle(titles)
    sections = []
    for index in range(count):
        base = titles[index % len(titles)]
        title = base if index < len(titles) else f"{base} ({index // len(titles) + 1}. Teil)"
        # explicit ids on most sections; the others get ids made from their text
        section_id = f"{chapter.id}-s{index + 1}" if index % 4 != 2 else ""
        subs = []
        if rng.random() < 0.7:
            for _ in range(rng.randint(2, 4)):
                noun = rng.choice(chapter.topic.prefixes) + rng.choice(HEADS)[0]
                subs.append(noun.capitalize())
        sections.append(Section(title, section_id, tuple(subs)))
    return sections


def chapter_text(
    rng: random.Random,
    chapter: Chapter,
    sections: Sequence[Section],
    targets: Sequence[tuple[str, str]],
) -> str:
    writer = Writer(rng, chapter.topic, targets)
    out = [f"# {chapter.title} {{#{chapter.id}}}"]

    parts = 1 + sum(1 + len(s.subsections) for s in sections)
    done = 0

    def fill() -> None:
        # cumulative goals, so that overshooting one part does not add up over the chapter
        nonlocal done
        done += 1
        goal = max(60, chapter.words * done // parts)
        while writer.words < goal:
            block = stars(writer.block())
            writer.words += len(block.split())
            out.append(block)

    fill()
    for section in sections:
        explicit = f" {{#{section.id}}}" if section.id else ""
        out.append(f"## {section.title}{explicit}")
        writer.words += len(section.title.split()) + 8
        fill()
        for sub in section.subsections:
            out.append(f"### {sub}")
            writer.words += 6
            fill()
    for number, text in enumerate(writer.footnotes, 1):
        out.append(wrap(text, f"[^{number}]: ", "    "))
    return "\n\n".join(out) + "\n"


def book_yaml(pages: int, seed: int, chapters: Sequence[Chapter]) -> str:
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"publish-bookgen:{pages}:{seed}")
    files = "\n".join(f"  - {c.file}" for c in chapters)
    return f"""\
# Generated by benchmarks/bookgen.py --pages {pages} --seed {seed}; do not edit.
metadata:
  title: "Gemeinsam für Bochum – Zukunft von hier"
  subtitle: "Koalitionsvertrag zwischen SPD und BÜNDNIS 90/DIE GRÜNEN für die \
Wahlperiode 2025–2030 (Testtext, etwa {pages} Seiten)"
  parties:
    - name: "Sozialdemokratische Partei Deutschlands (SPD), Unterbezirk Bochum"
      short: SPD
    - name: "BÜNDNIS 90/DIE GRÜNEN, Kreisverband Bochum"
      short: GRÜNE
  status: Entwurf
  date: 2025-10-29
  language: de-DE
  identifier: "urn:uuid:{identifier}"
  rights: "Generierter Testtext ohne Aussage, frei verwendbar."
  accessibility_summary: "Testbuch: Überschriften, Listen, Tabellen, Fußnoten und Verweise \
sind ausgezeichnet, die Sprache ist angegeben."
  publisher: "publish, benchmarks/bookgen.py"
  place: Bochum
chapters:
{files}
output:
  name: koalitionsvertrag-generiert
  page_size: A4
"""


def generate_book(target: Path, pages: int, seed: int = 0) -> Path:
    """Write a book of about ``pages`` A4 pages into ``target`` (book.yaml, kapitel/*.md)."""
    if pages < 1:
        raise ValueError("pages must be at least 1")
    rng = random.Random(seed)
    chapters = plan(rng, pages)
    outlines = [outline(rng, chapter) for chapter in chapters]
    targets: list[tuple[str, str]] = []
    for chapter, sections in zip(chapters, outlines, strict=True):
        targets.append((chapter.id, chapter.title))
        targets.extend((s.id, s.title) for s in sections if s.id)
    (target / "kapitel").mkdir(parents=True, exist_ok=True)
    for chapter, sections in zip(chapters, outlines, strict=True):
        text = chapter_text(rng, chapter, sections, targets)
        (target / chapter.file).write_text(text, encoding="utf-8", newline="\n")
    (target / "book.yaml").write_text(
        book_yaml(pages, seed, chapters), encoding="utf-8", newline="\n"
    )
    return target


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("out", type=Path, help="the book folder to write")
    parser.add_argument("--pages", type=int, required=True, help="about how many A4 pages")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    args = parser.parse_args(argv)
    book = generate_book(args.out, args.pages, args.seed)
    print(f"wrote {book} (about {args.pages} pages, seed {args.seed})")


if __name__ == "__main__":
    main()
