"""publish: one structured source of a political agreement → tagged PDF, print PDF, EPUB 3.

The pipeline (``publish.pipeline``) reads ``book/`` (``publish.read``) into the typed model
(``publish.model``), renders HTML (``publish.render``) and writes the outputs
(``publish.write``); ``publish.validate`` runs the external validators.
"""

__version__ = "0.1.0"

from publish.libraries import install as _install

_install()  # WeasyPrint's libraries found without gcc (see publish.libraries)
