"""Validator harness: veraPDF (PDF/UA-1/2), EPUBCheck and DAISY Ace, run as subprocesses.

Each ``run_*`` function returns a frozen report dataclass and raises ``ValidatorMissing``
(with what to install) when its tool is absent. ``.ci/setup-validators`` installs the
non-Python parts (Java, JAXB, Chromium, Ace).
"""

from publish.validate.ace import AceReport, AceViolation, run_ace
from publish.validate.epubcheck import EpubCheckMessage, EpubCheckReport, run_epubcheck
from publish.validate.errors import ValidatorError, ValidatorMissing
from publish.validate.verapdf import FailedRule, VeraPdfReport, run_verapdf, verapdf_classpath

__all__ = [
    "AceReport",
    "AceViolation",
    "EpubCheckMessage",
    "EpubCheckReport",
    "FailedRule",
    "ValidatorError",
    "ValidatorMissing",
    "VeraPdfReport",
    "run_ace",
    "run_epubcheck",
    "run_verapdf",
    "verapdf_classpath",
]
