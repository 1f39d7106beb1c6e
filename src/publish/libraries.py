"""Shared libraries found from one reading of the linker's cache.

WeasyPrint 70 loads Pango, HarfBuzz, GObject and Fontconfig through cffi, asking for each
under its Windows and macOS names first (``libgobject-2.0-0``, ``gobject-2.0-0``, …) and
under its Linux soname last (``libgobject-2.0.so.0``). cffi looks each name up with
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` for every name, and for
every name not in the linker's cache also gcc and ld: 22 lookups, about 0.23 s at the start
of every command that lays out a page.

:func:`find_library` answers as CPython's first step does (the linker's cache, read once per
process) and leaves out gcc and ld for names the cache lacks; those are names of other
platforms, and WeasyPrint then loads the library by its soname, which ``dlopen`` finds
wherever the system's linker would. It is installed for the import of WeasyPrint only
(:func:`libraries_found_quickly`); ``tests/test_libraries.py`` checks that WeasyPrint loads
the same files.
"""

from __future__ import annotations

import ctypes.util
import importlib.abc
import importlib.machinery
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from types import ModuleType
from typing import Any

LDCONFIG = "/sbin/ldconfig"
#: CPython's names of the C library's ABI in ``ldconfig -p`` (ctypes/util.py).
ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


@cache
def _linker_cache() -> bytes:
    """What ``ldconfig -p`` prints (empty if it cannot run), as CPython runs it."""
    try:
        return subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        ).stdout
    except OSError:
        return b""


def find_library(name: str) -> str | None:
    """``ctypes.util.find_library(name)`` from the linker's cache only."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    pattern = rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({ABI.get(machine, 'libc6')}"
    found = re.search(os.fsencode(pattern), _linker_cache())
    return os.fsdecode(found.group(1)) if found else None


@contextmanager
def libraries_found_quickly() -> Iterator[None]:
    """Within: ``ctypes.util.find_library`` is :func:`find_library` (on Linux with
    glibc's ldconfig; elsewhere nothing changes)."""
    if not sys.platform.startswith("linux") or not os.access(LDCONFIG, os.X_OK):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


#: The module of WeasyPrint that loads the libraries.
FFI_MODULE = "weasyprint.text.ffi"


class _Loader(importlib.abc.Loader):
    """``weasyprint.text.ffi``'s own loader, run with :func:`libraries_found_quickly`."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        with libraries_found_quickly():
            self.loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_code … for tracebacks
        return getattr(self.loader, name)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != FFI_MODULE:
            return None
        sys.meta_path.remove(self)  # once
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Find WeasyPrint's libraries quickly when it is imported (if it is not yet)."""
    if FFI_MODULE not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
