"""Pictures, drawings and text boxes in a run (DrawingML, ECMA-376 Part 1 §20.4, and the old
VML ``w:pict``): a picture becomes an image with its alt text, its bytes kept for
``bilder/``; a text box's paragraphs follow the paragraph that holds it; charts, diagrams
and shapes without text are reported (their alt text kept as text).

Inside ``mc:AlternateContent`` one branch is read (the Choice, or the Fallback when the
Choice needs what the reader does not know), so a text box Word writes twice (DrawingML and
VML) is imported once.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from publish.importer.docx.context import Context
from publish.importer.docx.items import Item, Picture, Text
from publish.importer.docx.package import Part
from publish.importer.docx.wordml import Element, descendants, excerpt, q, switch_value
from publish.importer.metadata import slug

if TYPE_CHECKING:
    from publish.importer.docx.runs import InlineReader

PLACEHOLDER_ALT = "Bild ohne Beschreibung (bitte ergänzen)"
#: What Word (Microsoft 365) writes into alt texts it makes up itself.
GENERATED_ALT = re.compile(
    r"automatisch generierte beschreibung|description automatically generated"
    r"|automatically generated description",
    re.IGNORECASE,
)


class PictureReader:
    """Reads drawings and VML pictures; keeps each picture's bytes once."""

    def __init__(self, context: Context, inline: InlineReader) -> None:
        self.context = context
        self.inline = inline
        self.names: dict[str, str] = {}  # part name → file name in bilder/

    def drawing(self, drawing: Element, story: Part, sink: list[Item]) -> None:
        """A DrawingML object: picture, text box, or something that cannot be converted."""
        properties = drawing.find(f".//{q('wp:docPr')}")
        label = str(properties.get("name", "")) if properties is not None else ""
        alt = self.inline.clean(alt_text(properties))
        decorative = properties is not None and any(
            switch_value(d.get("val")) for d in properties.iter(q("adec:decorative"))
        )
        blips = list(descendants(drawing, q("a:blip")))
        boxes = list(descendants(drawing, q("w:txbxContent")))
        if blips:
            blip = blips[0]
            reference = blip.get(q("r:embed")) or blip.get(q("r:link"))
            self.picture(story, reference, alt, decorative, label, sink)
            if len(blips) > 1:
                self.context.note(
                    f"a group of {len(blips)} pictures: only the first was kept",
                    "insert the others one by one, each with its alt text",
                )
        self.inline.text_boxes(boxes, story)
        if not blips and not boxes:
            uri = next((g.get("uri", "") for g in drawing.iter(q("a:graphicData"))), "")
            what = "chart" if "chart" in uri else "diagram" if "diagram" in uri else "drawing"
            kept = f" (its alt text „{alt}“ was kept as text)" if alt else ""
            self.context.note(
                f"{what} „{label}“ cannot be converted – left out{kept}",
                "insert it as a picture with alt text",
            )
            if alt:
                sink.append(Text(f" {alt}"))

    def vml(self, picture: Element, story: Part, sink: list[Item]) -> None:
        """An old-style (VML) picture or text box."""
        data = next(descendants(picture, q("v:imagedata")), None)
        boxes = list(descendants(picture, q("w:txbxContent")))
        if data is not None:
            shape = data.getparent()
            alt = " ".join(str(shape.get("alt", "")).split()) if shape is not None else ""
            alt = self.inline.clean(alt)
            label = str(shape.get("id", "")) if shape is not None else ""
            self.picture(story, data.get(q("r:id")), alt, False, label, sink)
        self.inline.text_boxes(boxes, story)
        if data is None and not boxes:
            self.context.note(
                "a VML drawing cannot be converted – left out",
                "insert it as a picture with alt text",
            )

    def picture(
        self,
        story: Part,
        reference: str | None,
        alt: str,
        decorative: bool,
        label: str,
        sink: list[Item],
    ) -> None:
        relation = story.rels.get(reference or "")
        if relation is None or relation.part is None:
            kept = f" (its alt text „{alt}“ was kept as text)" if alt else ""
            what = (
                f"picture {relation.target} is linked, not embedded"
                if relation is not None and relation.external
                else f"picture „{label}“ has no image data in the document"
            )
            self.context.note(f"{what} – left out{kept}", "insert the picture itself in Word")
            if alt:
                sink.append(Text(f" {alt}"))
            return
        name = self.file_name(relation.part, alt)
        label = label or name
        if not alt and not decorative:
            self.context.note(
                f"picture „{label}“ has no alt text – kept with the placeholder "
                f"„{PLACEHOLDER_ALT}“",
                "describe it in the chapter file, or mark it {.decorative} there if it "
                "carries no meaning",
            )
            alt = PLACEHOLDER_ALT
        elif GENERATED_ALT.search(alt):
            self.context.note(
                f"the alt text of picture „{label}“ was made by Word: „{excerpt(alt)}“",
                "check that it says what the picture shows",
            )
        sink.append(Picture(name, alt, decorative))

    def file_name(self, part: Part, alt: str) -> str:
        """The picture's file name in ``bilder/`` (from its alt text, else its name in the
        package), the same for the same picture; its bytes are kept for writing."""
        key = part.name.lower()
        if key not in self.names:
            path = PurePosixPath(part.name)
            suffix = path.suffix.lower()
            suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".bin"
            stem = slug(alt, 40) or slug(path.stem, 40) or "bild"
            pictures = self.context.pictures
            name, n = f"{stem}{suffix}", 2
            while name in pictures:
                name, n = f"{stem}-{n}{suffix}", n + 1
            pictures[name] = part.blob
            self.names[key] = name
        return self.names[key]


def alt_text(properties: Element | None) -> str:
    if properties is None:
        return ""
    text = str(properties.get("descr") or properties.get("title") or "")
    return " ".join(text.split())
