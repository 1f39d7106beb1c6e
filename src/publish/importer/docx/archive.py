"""The .docx file and its zip, checked before anything is read from it.

The file is untrusted. :func:`check_archive` refuses unsafe entry names, too many entries,
too much unpacked data and entries that unpack to many times their packed size, reading only
the zip's directory. Nothing is unpacked to disk: the parts are read from memory, and the
pictures go from memory into ``bilder/``.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from publish.errors import PublishError

#: Limits for an untrusted .docx: a long agreement with many pictures has a few hundred
#: entries and some tens of MB. Deflate packs XML 5 to 20 times; an entry packed more than
#: ``MAX_RATIO`` times (and larger than ``RATIO_GRACE`` unpacked) is what a zip bomb is made of.
MAX_ENTRIES = 2000
MAX_UNPACKED = 512 * 2**20
MAX_RATIO = 100
RATIO_GRACE = 2**20
#: Compound-file magic: an old .doc, or a .docx protected by a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_file(source: Path, file: str) -> bytes:
    """The bytes of ``source`` (``file``: its name in messages), if it is not too large."""
    try:
        size = source.stat().st_size
        if size > MAX_UNPACKED:
            raise PublishError(
                f"{file}: not imported – the file has {_megabytes(size)}, more than the "
                f"{_megabytes(MAX_UNPACKED)} allowed"
            )
        return source.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise PublishError(f"{file}: no such Word file") from None
    except OSError as error:
        raise PublishError(f"{file}: cannot be read ({error.strerror or error})") from None


def check_archive(data: bytes, file: str) -> None:
    """Refuse what a Word file never is: not a zip, entries with unsafe or repeated names,
    encrypted entries, too many entries, too much unpacked data, entries packed like a zip
    bomb. Only the zip's directory is read here; nothing is unpacked."""
    if data.startswith(OLE_MAGIC):
        raise PublishError(
            f"{file}: not a .docx file – it is an old Word file (.doc) or protected by a "
            "password; save it in Word as .docx without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise PublishError(
            f"{file}: not a Word document – a .docx is a zip archive and this is none; "
            "save it in Word as .docx"
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise PublishError(
            f"{file}: not imported – it holds {len(entries)} entries, more than the "
            f"{MAX_ENTRIES} a .docx may have"
        )
    names: set[str] = set()
    for entry in entries:
        _check_entry(entry, names, file)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise PublishError(
            f"{file}: not imported – it unpacks to {_megabytes(total)}, more than the "
            f"{_megabytes(MAX_UNPACKED)} allowed"
        )


def _check_entry(entry: zipfile.ZipInfo, names: set[str], file: str) -> None:
    name = entry.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ points outside the document (an "
            "absolute path or „..“); a Word file has none, so this one is damaged or crafted"
        )
    if name.lower() in names:  # part names are the same whatever their case
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ is in it twice; a Word file has each "
            "once, so this one is damaged or crafted"
        )
    names.add(name.lower())
    if entry.flag_bits & 0x1:
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ is encrypted; save the document in "
            "Word without a password"
        )
    if entry.file_size > RATIO_GRACE and entry.file_size > MAX_RATIO * entry.compress_size:
        ratio = entry.file_size // max(entry.compress_size, 1)
        raise PublishError(
            f"{file}: not imported – its entry „{name}“ unpacks to {ratio} times its packed "
            f"size (at most {MAX_RATIO} allowed); this looks like a zip bomb"
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"
