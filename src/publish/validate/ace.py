"""EPUB accessibility checks with DAISY Ace (npm ``@daisy/ace``, axe-core inside).

The plain ``ace`` command needs Electron, which cannot be installed here; ``ace-puppeteer``
runs the same checks in Debian's Chromium. Debian's ``/usr/bin/chromium`` launcher script
does not work under puppeteer, so each run writes a small wrapper script into a temp dir
that starts ``/usr/lib/chromium/chromium`` with sandbox/GPU off, and points
``PUPPETEER_EXECUTABLE_PATH`` at it in the subprocess environment only.

Where ``ace-puppeteer`` is looked for, first hit wins: ``$PUBLISH_ACE``, then
``<repo>/.tools/node_modules/.bin/ace-puppeteer`` (installed by ``.ci/setup-validators``),
then PATH. Cost: about 2 s for a tiny EPUB.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.validate.errors import ValidatorError, ValidatorMissing

ACE_VERSION = "1.4.6"
ACE_ENV_VAR = "PUBLISH_ACE"
ACE_COMMAND = "ace-puppeteer"
CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
INSTALL_ACE = (
    "ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 "
    f"npm install --prefix <repo>/.tools @daisy/ace@{ACE_VERSION} (or run .ci/setup-validators)"
)
INSTALL_CHROMIUM = "apt-get install chromium"
DEFAULT_TIMEOUT = 600.0
PID_FILE = "chromium.pids"
KILL_GRACE = 10.0


@dataclass(frozen=True)
class AceViolation:
    """One failed Ace/axe check: rule id (e.g. ``image-alt``), impact, where, what."""

    rule: str
    impact: str
    location: str
    description: str


@dataclass(frozen=True)
class AceReport:
    """Ace's verdict on one EPUB. ``outcome`` is ``pass`` or ``fail``."""

    file: Path
    outcome: str
    violations: tuple[AceViolation, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False)
    a11y_missing: tuple[str, ...] = ()
    a11y_present: tuple[str, ...] = ()
    a11y_empty: tuple[str, ...] = ()
    report_json: Path | None = None

    def rules(self) -> tuple[str, ...]:
        """Rule ids of all violations."""
        return tuple(violation.rule for violation in self.violations)


def repo_root() -> Path:
    """The checkout this module lives in (``src/publish/validate/ace.py`` → repo)."""
    return Path(__file__).resolve().parents[3]


def find_ace() -> Path:
    """Locate ``ace-puppeteer``: ``$PUBLISH_ACE``, ``<repo>/.tools``, ``./.tools``, then PATH."""
    override = os.environ.get(ACE_ENV_VAR)
    if override:
        path = Path(override)
        if not _is_executable(path):
            raise ValidatorMissing(f"${ACE_ENV_VAR}={override} is not an executable file")
        return path
    local = repo_root() / ".tools" / "node_modules" / ".bin" / ACE_COMMAND
    # The second candidate serves an installed (non-editable) package run from the checkout.
    for candidate in (local, Path.cwd() / ".tools" / "node_modules" / ".bin" / ACE_COMMAND):
        if _is_executable(candidate):
            return candidate
    found = shutil.which(ACE_COMMAND)
    if found is not None:
        return Path(found)
    raise ValidatorMissing(
        f"{ACE_COMMAND} not found (${ACE_ENV_VAR}, {local}, PATH): {INSTALL_ACE}"
    )


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_chromium() -> Path:
    """The real Chromium binary from Debian's package (not the /usr/bin launcher script)."""
    if not _is_executable(CHROMIUM):
        raise ValidatorMissing(f"{CHROMIUM} missing: {INSTALL_CHROMIUM}")
    return CHROMIUM


def write_chromium_wrapper(directory: Path, chromium: Path) -> Path:
    """Write an executable script that starts ``chromium`` with flags puppeteer needs here.

    The script appends its PID (= the browser's, via exec) to ``directory/chromium.pids``:
    puppeteer starts the browser in a session of its own, which killing Ace does not reach.
    """
    wrapper = directory / "chromium-wrapper.sh"
    flags = " ".join(CHROMIUM_FLAGS)
    pids = shlex.quote(str(directory / PID_FILE))
    script = f'#!/bin/sh\necho $$ >> {pids}\nexec {shlex.quote(str(chromium))} {flags} "$@"\n'
    wrapper.write_text(script, encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def run_ace(epub: Path, outdir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> AceReport:
    """Run Ace on ``epub``; the reports (``report.json``, ``report.html``) land in ``outdir``.

    Raises FileNotFoundError for a missing input, ValidatorMissing when ace-puppeteer or
    Chromium is missing, ValidatorError when Ace fails or writes no report.
    """
    epub = Path(epub)
    if not epub.is_file():
        raise FileNotFoundError(f"no such EPUB: {epub}")
    ace = find_ace()
    chromium = find_chromium()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "report.json").unlink(missing_ok=True)  # never read a stale report
    with tempfile.TemporaryDirectory(prefix="ace-") as tmp:
        wrapper = write_chromium_wrapper(Path(tmp), chromium)
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(wrapper)}
        command = [str(ace), "--force", "--silent", "--outdir", str(outdir)]
        command += ["--tempdir", str(Path(tmp) / "work"), str(epub)]
        try:
            _run(command, env, timeout)
        finally:
            _kill_browsers(Path(tmp) / PID_FILE)
    return load_ace_report(outdir / "report.json", epub)


def _run(command: list[str], env: dict[str, str], timeout: float) -> None:
    """Run Ace in its own process group; on timeout SIGTERM it (puppeteer then closes
    its browser), and SIGKILL after a grace period."""
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _stop_group(process)
            raise ValidatorError(f"Ace timed out after {timeout:.0f} s") from exc
    if process.returncode != 0:
        tail = (stderr or stdout).strip()[-2000:]
        raise ValidatorError(f"Ace exited with {process.returncode}: {tail}")


def _stop_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.communicate(timeout=KILL_GRACE)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def _kill_browsers(pid_file: Path) -> None:
    """SIGKILL any browser process group that the wrapper recorded and that still runs."""
    if not pid_file.is_file():
        return
    for line in pid_file.read_text(encoding="utf-8").split():
        pid = int(line)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if os.getpgid(pid) == pid:  # still the group leader we started, not a reused PID
                os.killpg(pid, signal.SIGKILL)


def load_ace_report(report_json: Path, epub: Path) -> AceReport:
    """Read Ace's ``report.json``."""
    if not report_json.is_file():
        raise ValidatorError(f"Ace wrote no report: {report_json} missing")
    try:
        data: dict[str, Any] = json.loads(report_json.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValidatorError(f"Ace's report is unreadable: {exc}") from exc
    return parse_ace_report(data, epub, report_json)


def parse_ace_report(
    data: Mapping[str, Any], epub: Path, report_json: Path | None = None
) -> AceReport:
    """Build an AceReport from Ace's JSON (EARL assertions per content document)."""
    a11y: Mapping[str, Any] = data.get("a11y-metadata") or {}
    subject: Mapping[str, Any] = data.get("earl:testSubject") or {}
    return AceReport(
        file=epub,
        outcome=str((data.get("earl:result") or {}).get("earl:outcome", "")),
        violations=tuple(_violations(data.get("assertions") or ())),
        metadata=dict(subject.get("metadata") or {}),
        a11y_missing=tuple(a11y.get("missing") or ()),
        a11y_present=tuple(a11y.get("present") or ()),
        a11y_empty=tuple(a11y.get("empty") or ()),
        report_json=report_json,
    )


def _violations(documents: Iterable[Mapping[str, Any]]) -> list[AceViolation]:
    found: list[AceViolation] = []
    for document in documents:
        url = str((document.get("earl:testSubject") or {}).get("url", ""))
        for assertion in document.get("assertions") or ():
            result: Mapping[str, Any] = assertion.get("earl:result") or {}
            if result.get("earl:outcome") != "fail":
                continue
            test: Mapping[str, Any] = assertion.get("earl:test") or {}
            found.append(
                AceViolation(
                    rule=str(test.get("dct:title", "")),
                    impact=str(test.get("earl:impact", "")),
                    location=_location(url, result.get("earl:pointer")),
                    description=str(
                        result.get("dct:description") or test.get("dct:description") or ""
                    ).strip(),
                )
            )
    return found


def _location(url: str, pointer: Mapping[str, Any] | None) -> str:
    """``c1.xhtml: img`` (document and CSS selector when Ace gives one)."""
    selectors = (pointer or {}).get("css") or ()
    return f"{url}: {', '.join(map(str, selectors))}" if selectors else url
