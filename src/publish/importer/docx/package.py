"""The parts of a .docx (Open Packaging Conventions, ECMA-376 Part 2), read from the checked
zip in memory: the main document found through ``_rels/.rels``, every other part through
the relationships of the part that uses it.

Every part but the main document is optional. Word files come without a numbering part (no
lists), without styles, notes or comments (LibreOffice, Google Docs, other generators), and
with relationships that point at parts the zip does not hold; a missing part is read as
absent and reported once, never a traceback. Relationship types are matched by their last
segment, so Strict Open XML documents (other namespace) are read as well.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote

from publish.errors import PublishError
from publish.importer.docx.wordml import Element, parse, q
from publish.importer.report import Findings

#: The content type of a part whose extension says nothing, by extension.
EXTENSION_TYPES = {
    "xml": "application/xml",
    "htm": "text/html",
    "html": "text/html",
    "xhtml": "application/xhtml+xml",
    "txt": "text/plain",
    "rtf": "application/rtf",
    "mht": "message/rfc822",
    "mhtml": "message/rfc822",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(eq=False)
class Relationship:
    """One relationship of a part: its type (last segment: ``styles``, ``image`` …) and the
    target as written; :attr:`part` is the part it names (None if external or missing),
    looked up – and a missing one reported – only when a reader asks for it."""

    kind: str
    target: str
    external: bool
    package: Package
    directory: str
    source: str  # the relationships part that holds it

    @cached_property
    def part(self) -> Part | None:
        if self.external:
            return None
        return self.package.target(self.target, self.directory, self.source)


@dataclass(eq=False)
class Part:
    """One part of the package: name (``/word/document.xml``), content type and bytes; its
    XML and relationships are read when first asked for."""

    package: Package
    name: str
    content_type: str

    @property
    def blob(self) -> bytes:
        return self.package.read(self.name)

    @cached_property
    def xml(self) -> Element:
        """The part's root element (parsed once; damaged XML is an error naming the part)."""
        return parse(self.blob, self.name.lstrip("/"), self.package.file)

    @cached_property
    def rels(self) -> dict[str, Relationship]:
        """The part's relationships by id."""
        directory, base = posixpath.split(self.name)
        return self.package.relationships(f"{directory}/_rels/{base}.rels", directory)

    def related(self, kind: str) -> Part | None:
        """The first part related to this one with the relationship type ``kind``."""
        return next((r.part for r in self.rels.values() if r.kind == kind and r.part), None)

    def all_related(self, *kinds: str) -> list[Part]:
        return [r.part for r in self.rels.values() if r.kind in kinds and r.part is not None]


@dataclass(eq=False)
class Package:
    """The zip, its content types, and the parts read from it (each once)."""

    archive: zipfile.ZipFile
    file: str
    findings: Findings
    entries: dict[str, str] = field(default_factory=dict)  # lower-case part name → zip name
    defaults: dict[str, str] = field(default_factory=dict)  # extension → content type
    overrides: dict[str, str] = field(default_factory=dict)  # lower-case part name → type
    parts: dict[str, Part] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    def read(self, name: str) -> bytes:
        """The bytes of the part ``name`` (damaged compressed data is an error naming it)."""
        entry = self.entries[name.lower()]
        try:
            return self.archive.read(entry)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as e:
            raise PublishError(
                f"{self.file}: damaged data in {entry} ({e}) – open the document in Word and "
                "save it again"
            ) from None

    def part(self, name: str) -> Part | None:
        """The part ``name`` (absolute), or None if the zip does not hold it."""
        key = name.lower()
        if key not in self.entries:
            return None
        if key not in self.parts:
            extension = posixpath.splitext(key)[1].lstrip(".")
            content_type = self.overrides.get(key) or self.defaults.get(extension, "")
            self.parts[key] = Part(self, name, content_type or EXTENSION_TYPES.get(extension, ""))
        return self.parts[key]

    def relationships(self, rels_name: str, directory: str) -> dict[str, Relationship]:
        """The relationships in the part ``rels_name`` (absent: none), targets resolved
        against ``directory``."""
        if rels_name.lower() not in self.entries:
            return {}
        root = parse(self.read(rels_name), rels_name.lstrip("/"), self.file)
        found: dict[str, Relationship] = {}
        for element in root.iter(q("pr:Relationship")):
            kind = str(element.get("Type", "")).rstrip("/").rsplit("/", 1)[-1]
            target = str(element.get("Target", ""))
            external = str(element.get("TargetMode", "")).lower() == "external"
            relation = Relationship(kind, target, external, self, directory, rels_name)
            found[str(element.get("Id", ""))] = relation
        return found

    def target(self, target: str, directory: str, rels_name: str) -> Part | None:
        """The part a relationship names: its target resolved (percent-decoded or as
        written), or None – and a note, once per name – if the zip does not hold it."""
        path = target.split("#", 1)[0]
        names = []
        for candidate in (unquote(path), path):
            joined = candidate if candidate.startswith("/") else f"{directory}/{candidate}"
            names.append("/" + posixpath.normpath(joined).lstrip("/"))
        name = names[0]
        part = next((self.part(n) for n in names if not n.startswith("/..") and self.part(n)), None)
        if part is None and target and name.lower() not in self.missing:
            self.missing.add(name.lower())
            self.findings.note(
                None,
                f"{rels_name.lstrip('/')} names the part {target}, which the file does not "
                "hold – read without it",
                "open the document in Word and save it again, then check what is missing",
            )
        return part

    @cached_property
    def root_rels(self) -> dict[str, Relationship]:
        """The package's own relationships (``_rels/.rels``)."""
        return self.relationships("/_rels/.rels", "")

    @property
    def main(self) -> Part:
        """The main document (``word/document.xml`` in most files)."""
        for relation in self.root_rels.values():
            if relation.kind == "officeDocument" and relation.part is not None:
                return relation.part
        raise PublishError(
            f"{self.file}: not a Word document that can be read (it has no main document "
            "part, word/document.xml) – open it in Word and save it as .docx again"
        )

    def core_properties(self) -> Part | None:
        relations = self.root_rels.values()
        return next((r.part for r in relations if r.kind == "core-properties" and r.part), None)


def open_package(data: bytes, file: str, findings: Findings) -> Package:
    """The package of the checked bytes ``data`` (never a path: nothing is unpacked)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):  # checked before; kept for safety
        raise PublishError(f"{file}: not a Word document – a .docx is a zip archive") from None
    package = Package(archive, file, findings)
    for entry in archive.infolist():
        if not entry.is_dir():
            package.entries["/" + entry.filename.lstrip("/").lower()] = entry.filename
    if "/[content_types].xml" in package.entries:
        types = parse(package.read("/[Content_Types].xml"), "[Content_Types].xml", file)
        for default in types.iter(q("ct:Default")):
            extension = str(default.get("Extension", "")).lower()
            package.defaults[extension] = str(default.get("ContentType", ""))
        for override in types.iter(q("ct:Override")):
            name = "/" + str(override.get("PartName", "")).lstrip("/").lower()
            package.overrides[name] = str(override.get("ContentType", ""))
    return package
