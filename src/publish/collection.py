"""When Python's cycle collector runs during a build.

Reference counting frees most of what a build makes the moment it is no longer used; the
cycle collector is only needed for objects that refer to each other, and WeasyPrint's
layout leaves many of those (a chapter's boxes: tens of thousands). The collector runs every
700 new objects by default (the build had raised that to 50,000) and walks everything made
since, so while a chapter is laid out it walks the chapter's live boxes again and again,
and now and then the whole heap: the book's model, the modules, WeasyPrint's style sheets.
On the 2018 agreement that came to about 0.3 s of each layout process, and in the build's
own process to a tenth of a second spent walking the model while it merged the PDF.

So the collector is paused in units of work whose garbage dies at their end: each job of
the layout's processes (one chapter's layout, the EPUB, the web edition, one amendment
output: :func:`call_paused`), after which one collection of the young objects frees the
job's garbage in one walk. The build's own process pauses it for the whole build
(:func:`paused`: its model lives to the end), and what exists when the layout's processes
start (the model, the modules) is frozen (:func:`frozen`) until they end: neither they,
which inherit it by ``fork``, nor the build's process walk it again, and ``fork`` leaves the
pages it sits on shared (a walk writes to every object it visits).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection in the block; when it ends, the collector runs again as usual
    (its next run, at the next allocation, collects what the block left). Inside another
    paused block: nothing changes, the outer block ends the pause."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def call_paused(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` with the collector paused, then its garbage collected
    at once (a unit of a build: what it made and does not return is garbage now), also
    inside a paused block."""
    try:
        with paused():
            return function(*args, **kwargs)
    finally:
        gc.collect(0)


@contextmanager
def frozen() -> Iterator[None]:
    """What exists when the block begins is left out of every collection until it ends (the
    book's model, the modules: they live through the build); then it counts as old."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
