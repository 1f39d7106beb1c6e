"""When Python's cycle collector runs during a build.

Reference counting frees most of what a build makes the moment it is no longer used; the
cycle collector is only needed for objects that refer to each other, and WeasyPrint's
layout leaves many of those (a chapter's boxes: tens of thousands). By default the
collector runs every 700 new objects and walks everything made since, so while a chapter
is laid out it walks the chapter's live boxes again and again, and now and then the whole
heap: the book's model, the modules, WeasyPrint's style sheets. On the 2018 agreement that
came to about a quarter of a second of each layout process, and in the build's own process
a tenth of a second spent walking the model while it merged the PDF.

So the build works in units whose garbage dies at their end (reading the book, one
chapter's layout, the EPUB, one amendment output): the collector is paused
(:func:`paused`) for the unit, and once its result is handed back, one collection of the
young objects frees that garbage in one walk. What outlives the units (the model, the
modules) is frozen (:func:`frozen`) while the layout's processes exist: neither they, which
inherit it by ``fork``, nor the build's process walk it again, and ``fork`` leaves the
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
