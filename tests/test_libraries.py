"""WeasyPrint's libraries found from the linker's cache (publish.libraries): the same files
as without it, no gcc or ld run, and ``ctypes.util.find_library`` as before afterwards."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys

import pytest

from publish import libraries

LOADED = """
import ctypes.util, json, re, sys
if sys.argv[1] == "publish":
    import publish
def refuse(name):
    raise AssertionError(f"gcc or ld run for {name}")
if sys.argv[1] != "with-gcc":
    ctypes.util._findLib_gcc = ctypes.util._findLib_ld = refuse
import weasyprint
maps = open("/proc/self/maps").read()
files = sorted(set(re.findall(r"/\\S*lib(?:pango|harfbuzz|gobject|fontconfig)\\S*", maps)))
print(json.dumps([files, ctypes.util.find_library.__module__]))
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the linker's cache is Linux's"
)


def loaded(first: str) -> tuple[list[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, first], capture_output=True, text=True, check=False
    )
    if result.returncode:
        return [], result.stderr.strip().splitlines()[-1]
    files, module = json.loads(result.stdout)
    return files, module


def test_weasyprint_loads_the_same_libraries_without_gcc() -> None:
    files, module = loaded("publish")
    assert module == "ctypes.util"  # the stand-in is gone once WeasyPrint is imported
    assert len(files) >= 5 and any("libpango-1.0.so" in f for f in files), files
    # Without publish, CPython's find_library runs gcc for the names of other platforms.
    plain, error = loaded("weasyprint")
    assert plain == [] and "gcc or ld run" in error
    assert loaded("with-gcc") == (files, "ctypes.util")
    names = [f.rsplit("/", 1)[1] for f in files]
    expected = ["fontconfig", "gobject-2.0", "harfbuzz", "pango-1.0", "pangoft2-1.0"]
    assert all(any(n.startswith(f"lib{e}.so") for n in names) for e in expected), names


@pytest.mark.parametrize(
    "name",
    ["c", "m", "pango-1.0", "harfbuzz", "gobject-2.0", "fontconfig", "libgobject-2.0-0", "x-y"],
)
def test_the_cache_gives_what_cpython_finds_there(name: str) -> None:
    cpython = ctypes.util._findSoname_ldconfig(name)  # type: ignore[attr-defined]
    assert libraries.find_library(name) == cpython


def test_elsewhere_and_afterwards_find_library_is_cpythons() -> None:
    original = ctypes.util.find_library
    with libraries.libraries_found_quickly():
        assert ctypes.util.find_library is libraries.find_library
    assert ctypes.util.find_library is original
