"""Web accessibility checks with axe-core (npm ``axe-core``) in Debian's headless Chromium,
driven by Playwright for Python.

axe-core is looked for in ``<repo>/.tools/node_modules/axe-core`` (installed by
``.ci/setup-validators``) or ``./.tools``; Playwright uses the Chromium at
``/usr/lib/chromium/chromium`` and downloads no browser of its own. Every rule axe-core
runs by default counts (WCAG 2.x A and AA, and the best practices), at every impact.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from publish.validate.ace import CHROMIUM, CHROMIUM_FLAGS, repo_root
from publish.validate.errors import ValidatorError, ValidatorMissing

AXE_VERSION = "4.14.1"
INSTALL_AXE = (
    f"npm install --prefix <repo>/.tools axe-core@{AXE_VERSION} (or run .ci/setup-validators)"
)


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    description: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.impact} {self.rule}: {self.description} ({', '.join(self.targets)})"


@dataclass(frozen=True)
class AxeReport:
    page: Path
    version: str
    violations: tuple[AxeViolation, ...]
    passes: int


def find_axe() -> Path:
    """``axe.min.js`` of the pinned axe-core."""
    for base in (repo_root(), Path.cwd()):
        script = base / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
        if script.is_file():
            return script
    raise ValidatorMissing(f"axe-core not found in .tools/node_modules: {INSTALL_AXE}")


def run_axe(pages: Sequence[Path], width: int = 1280) -> list[AxeReport]:
    """axe-core over each HTML page (opened from disk, at a window ``width`` pixels wide)."""
    script = find_axe()
    if importlib.util.find_spec("playwright") is None:
        raise ValidatorMissing("Python package playwright not installed: pip install playwright")
    if not CHROMIUM.is_file():
        raise ValidatorMissing(f"{CHROMIUM} not found: apt-get install chromium")
    from playwright.sync_api import Error, sync_playwright

    reports = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS)
            )
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in pages:
                page.goto(path.resolve().as_uri())
                page.add_script_tag(path=str(script))
                result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                reports.append(_report(path, result))
            browser.close()
    except Error as error:
        raise ValidatorError(f"axe-core could not run in Chromium: {error}") from error
    return reports


def _report(path: Path, result: dict[str, object]) -> AxeReport:
    violations = tuple(
        AxeViolation(
            str(v["id"]),
            str(v.get("impact") or ""),
            str(v["help"]),
            tuple(str(n["target"][0]) for n in v["nodes"][:5]),
        )
        for v in result["violations"]  # type: ignore[attr-defined]
    )
    engine = result.get("testEngine", {})
    version = str(engine.get("version", "")) if isinstance(engine, dict) else ""
    passes = result.get("passes", [])
    return AxeReport(path, version, violations, len(passes) if isinstance(passes, list) else 0)
