#!/usr/bin/env python3
"""Convert TeX hyphenation patterns into a libhyphen/pyphen ``.dic`` file.

Input is either a TeX pattern file (``hyph-de-1996.tex`` from hyph-utf8,
containing ``\\patterns{...}`` and optionally ``\\hyphenation{...}``) or a
plain pattern list (``hyph-de-1996.pat.txt``, one pattern per line).  The
file must be UTF-8 (hyph-utf8 files are).

Output:

* ``OUT.dic``: first line ``UTF-8``, then ``%`` comment lines with the
  provenance, ``LEFTHYPHENMIN``/``RIGHTHYPHENMIN``, then one pattern per
  line, in source order.  This is a *single-level* file: pyphen reads only
  one level anyway, and libhyphen accepts it as well.
* ``OUT.exceptions.txt`` (only if the source has a ``\\hyphenation{}``
  list): one word per line, hyphenation points marked with ``-``.

Usage (see README.md in this folder for the whole recipe)::

    python convert_tex_patterns.py hyph-de-1996.tex -o hyph_de_1996.dic \\
        --left 2 --right 2 --note "Debian texlive-lang-german 2022.20230122-1"

Only the standard library is used.
"""

import argparse
import re
import sys
import unicodedata
from pathlib import Path

PATTERN_RE = re.compile(r"^\.?(?:\d?[^\W\d_])+\d?\.?$|^\.?\d?(?:[^\W\d_]\d?)+\.?$")


def strip_tex_comments(text):
    """Remove TeX comments (``%`` up to end of line, unless escaped)."""
    return "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in text.split("\n"))


def tex_groups(text, command):
    """Return the contents of every ``\\command{...}`` group in ``text``."""
    groups = []
    for match in re.finditer(r"\\" + command + r"\s*\{", text):
        depth, start = 1, match.end()
        for index in range(start, len(text)):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    groups.append(text[start:index])
                    break
        else:
            raise ValueError(f"unterminated \\{command}{{ group")
    return groups


def header_metadata(text):
    """Collect the hyph-utf8 YAML-like header (``% key: value`` lines)."""
    meta, folded = {}, None
    for line in text.split("\n"):
        if not line.startswith("%"):
            if line.strip():
                break
            continue
        match = re.match(r"%\s{0,4}([a-z_]+):\s*(.*)$", line)
        if match:
            key, value = match.group(1), match.group(2).strip()
            folded = None
            if value == ">":  # YAML folded block on the following lines
                folded = key
            elif value and key not in meta:
                meta[key] = value
        elif folded and line[1:].strip():
            meta[folded] = (meta.get(folded, "") + " " + line[1:].strip()).strip()
        else:
            folded = None
    return meta


def read_source(path):
    raw = Path(path).read_text(encoding="utf-8")
    meta = header_metadata(raw)
    if r"\patterns" in raw:
        body = strip_tex_comments(raw)
        patterns = " ".join(tex_groups(body, "patterns")).split()
        exceptions = " ".join(tex_groups(body, "hyphenation")).split()
    else:  # plain list, e.g. hyph-de-1996.pat.txt
        patterns = strip_tex_comments(raw).split()
        exceptions = []
    return raw, meta, patterns, exceptions


def check_pattern(pattern):
    """Reject anything that is not letters, digits and boundary dots."""
    if not PATTERN_RE.match(pattern) or re.search(r"\d\d", pattern):
        raise ValueError(f"unexpected pattern {pattern!r}")
    if pattern != pattern.lower():
        raise ValueError(f"pattern not lower case: {pattern!r}")
    if unicodedata.normalize("NFC", pattern) != pattern:
        raise ValueError(f"pattern not NFC: {pattern!r}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="hyph-*.tex or hyph-*.pat.txt (UTF-8)")
    parser.add_argument("-o", "--output", required=True, help="output .dic")
    parser.add_argument(
        "--left", type=int, default=None, help="LEFTHYPHENMIN (default: from header, else 2)"
    )
    parser.add_argument(
        "--right", type=int, default=None, help="RIGHTHYPHENMIN (default: from header, else 2)"
    )
    parser.add_argument(
        "--licence-file",
        default="LICENSE-hyph-de-1996.txt",
        help="licence file named in the .dic header",
    )
    parser.add_argument(
        "--note", action="append", default=[], help="extra provenance line for the .dic header"
    )
    args = parser.parse_args(argv)

    raw, meta, patterns, exceptions = read_source(args.source)

    # hyph-utf8 header: "hyphenmins: / typesetting: / left: 2 / right: 2"
    mins = re.search(r"typesetting:\s*\n%\s*left:\s*(\d+)\s*\n%\s*right:\s*(\d+)", raw)
    left = args.left or (int(mins.group(1)) if mins else 2)
    right = args.right or (int(mins.group(2)) if mins else 2)

    seen, unique = set(), []
    for pattern in patterns:
        check_pattern(pattern)
        key = re.sub(r"\d", "", pattern)
        if key in seen:
            raise ValueError(f"duplicate pattern letters {key!r} ({pattern!r})")
        seen.add(key)
        unique.append(pattern)

    out = Path(args.output)
    lines = ["UTF-8"]
    lines.append(
        f"% {out.name}: converted from {Path(args.source).name} by convert_tex_patterns.py"
    )
    for key in ("title", "version", "copyright", "source"):
        if key in meta:
            lines.append(f"% {key}: {meta[key]}")
    licence = re.search(r"licen[cs]e:\s*\n%\s*name:\s*(\S+)", raw)
    licence = f"{licence.group(1)}, " if licence else ""
    lines.append(f"% licence: {licence}see {args.licence_file}")
    lines.extend(f"% {note}" for note in args.note)
    lines.append(f"% {len(unique)} patterns, single level")
    lines.append(f"LEFTHYPHENMIN {left}")
    lines.append(f"RIGHTHYPHENMIN {right}")
    lines.extend(unique)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(unique)} patterns, left={left} right={right}", file=sys.stderr)

    if exceptions:
        exc_path = out.with_suffix(".exceptions.txt")
        exc_path.write_text(
            f"% hyphenation exceptions from {Path(args.source).name}\n"
            + "\n".join(exceptions)
            + "\n",
            encoding="utf-8",
        )
        print(f"{exc_path}: {len(exceptions)} exceptions", file=sys.stderr)
    else:
        print("no \\hyphenation{} exception list in source", file=sys.stderr)


if __name__ == "__main__":
    main()
