"""PDF content streams compressed at zlib's default level, not its highest.

WeasyPrint writes its PDF with pydyf, which compresses every stream at zlib level 9: for the
text of a 170-page agreement that costs a tenth of the layout and writing time, and makes
the file 3 % smaller than zlib's default level 6 does. :func:`default_compression` has pydyf
use level 6 while our PDF is written (the same bytes for the same input, as before);
``tests/test_linebreaking.py`` fails if pydyf no longer compresses the way this assumes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pydyf

#: zlib's default compression level (speed and size balanced).
LEVEL = 6


def _compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
    return zlib.compressobj(min(level, LEVEL) if level >= 0 else level, *args, **kwargs)


#: What pydyf sees as ``zlib``: the real module, but streams at :data:`LEVEL` at most.
FAST_ZLIB = SimpleNamespace(compress=zlib.compress, compressobj=_compressobj)


@contextmanager
def default_compression() -> Iterator[None]:
    """pydyf compresses streams at :data:`LEVEL` while the block runs."""
    pydyf.zlib = FAST_ZLIB
    try:
        yield
    finally:
        pydyf.zlib = zlib
