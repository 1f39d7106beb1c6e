"""The book's fonts: which files set which text, which characters they have, the fallbacks.

``styles/fonts.css`` declares the bundled faces (Source Serif 4, Source Sans 3, Publish
Symbols); ``styles/base.css`` names the font stacks: ``--text-font`` for body text,
``--heading-font`` for headings, table heads, the cover and the running heads. Every other
font file in ``styles/fonts/`` (``.ttf``, ``.otf``, ``.woff``, ``.woff2``) is a *fallback*:
it gets an ``@font-face`` rule of the family :data:`FALLBACK_FAMILY`, which both stacks name
after the bundled fonts, with its weight and style read from the file and a
``unicode-range`` of exactly the characters it has (so that browsers combine several
fallback files into one family, and WeasyPrint never asks one for a character it lacks).

The character check (:mod:`publish.read.characters`) asks :meth:`BookFonts.printable` what
each stack can set; the PDF, the EPUB and the web edition add :func:`fallback_css`.
A font's characters are read once per file (its ``cmap``, with fontTools) and kept.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from fontTools.ttLib import TTFont, TTLibError

from publish.errors import Diagnostic, SourceLocation, display_path

#: The CSS family of the fallback fonts (the stacks in base.css name it).
FALLBACK_FAMILY = "Publish Fallback"
#: Font files a fallback may be: WeasyPrint, browsers and EPUB reading systems read them all.
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
#: The media types of those files in an EPUB (EPUB 3.3 core media types).
MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
#: The stacks of base.css: body text, and headings (with the cover and running heads).
STACKS = {"text": "--text-font", "heading": "--heading-font"}

#: Characters Pango draws as nothing, or as a space of its own, whatever the font has
#: (default-ignorable format characters, variation selectors, tags; a few spaces and the
#: paragraph separator). Measured with WeasyPrint 70 and only the book's fonts
#: (tests/test_characters.py checks it again); U+2028 LINE SEPARATOR and the Hangul fillers
#: are not among them: they come out as .notdef.
INVISIBLE = (
    (0x061C, 0x061C), (0x1680, 0x1680), (0x17B4, 0x17B5), (0x180B, 0x180E), (0x2000, 0x2001),
    (0x2008, 0x2008), (0x200B, 0x200F), (0x2029, 0x202E), (0x205F, 0x206F), (0x3000, 0x3000),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFF0, 0xFFF8), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip


def is_invisible(char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in INVISIBLE)


@dataclass(frozen=True)
class Face:
    """One font file: the CSS family it is used as, its weight and style, its own name."""

    path: Path
    family: str
    weight: int = 400
    italic: bool = False
    name: str = ""

    @property
    def characters(self) -> frozenset[int]:
        return font_characters(self.path)


@dataclass(frozen=True)
class BookFonts:
    """The faces of ``fonts.css``, the fallbacks, and the stacks of ``base.css``."""

    faces: tuple[Face, ...]
    fallbacks: tuple[Face, ...] = ()
    stacks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Fallback files that cannot be used (unreadable, a collection).
    problems: tuple[Diagnostic, ...] = ()

    def families(self, stack: str) -> tuple[str, ...]:
        """The families of ``stack`` that the book brings (system fonts left out)."""
        ours = {face.family for face in (*self.faces, *self.fallbacks)}
        names = self.stacks.get(stack) or tuple(dict.fromkeys(f.family for f in self.faces))
        return tuple(name for name in names if name in ours)

    @functools.cached_property
    def _coverage(self) -> dict[str, frozenset[int]]:
        by_family: dict[str, set[int]] = {}
        for face in (*self.faces, *self.fallbacks):
            by_family.setdefault(face.family, set()).update(face.characters)
        return {family: frozenset(codes) for family, codes in by_family.items()}

    def coverage(self, stack: str) -> frozenset[int]:
        """Every character some font of ``stack`` has (each face, bold and italic too:
        Pango takes a missing glyph from another face of the family and slants or
        emboldens it)."""
        if stack not in self._stack_coverage:
            families = self.families(stack)
            codes = frozenset().union(*(self._coverage[f] for f in families))
            self._stack_coverage[stack] = codes
        return self._stack_coverage[stack]

    @functools.cached_property
    def _stack_coverage(self) -> dict[str, frozenset[int]]:
        return {}

    @functools.cached_property
    def everything(self) -> frozenset[int]:
        return frozenset().union(*self._coverage.values())

    def printable(self, char: str, stack: str) -> bool:
        """True if WeasyPrint sets ``char`` in ``stack`` without a .notdef box: a font of
        the stack has it; or it is invisible to Pango; or the stack's first font has its
        canonical decomposition (HarfBuzz then sets „Ḁ“ as A and a ring below)."""
        if ord(char) in self.coverage(stack) or is_invisible(char):
            return True
        parts = unicodedata.normalize("NFD", char)
        families = self.families(stack)
        if parts == char or not families:
            return False
        return all(ord(part) in self._coverage[families[0]] for part in parts)


def _open(path: Path) -> TTFont:
    """The font in ``path``, read from its bytes (a damaged file leaves no handle open)."""
    return TTFont(io.BytesIO(path.read_bytes()), lazy=True, fontNumber=0)


@functools.lru_cache(maxsize=64)
def _cmap(path: Path, mtime: int, size: int) -> frozenset[int]:
    with _open(path) as font:
        return frozenset(font.getBestCmap() or {})


def font_characters(path: Path) -> frozenset[int]:
    """The code points the font file has (read once per file and version)."""
    stat = path.stat()
    return _cmap(path, stat.st_mtime_ns, stat.st_size)


def book_fonts(styles: Path) -> BookFonts:
    """The fonts of the book whose look lives in ``styles``."""
    faces = tuple(_declared_faces(styles / "fonts.css"))
    declared = {face.path.resolve() for face in faces}
    fallbacks: list[Face] = []
    problems: list[Diagnostic] = []
    folder = styles / "fonts"
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    for path in files:
        if path.resolve() in declared or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in (".ttc", ".otc"):
            hint = "use the single font files of the family (.otf or .ttf) instead"
            where = SourceLocation(display_path(path))
            problems.append(Diagnostic(where, "a font collection cannot be a fallback", hint))
        elif suffix in FONT_SUFFIXES:
            where = SourceLocation(display_path(path))
            try:
                face = _fallback_face(path)
            except (TTLibError, OSError, KeyError, AssertionError, ValueError) as error:
                message = f"the font cannot be read ({type(error).__name__})"
                problems.append(Diagnostic(where, message, "replace or remove the file"))
                continue
            if 0x20 not in face.characters:
                # Pango sets a space in the font of the character before it.
                hint = "WeasyPrint sets the spaces after its characters in it: use another font"
                problems.append(Diagnostic(where, "the font has no space (U+0020)", hint))
                continue
            fallbacks.append(face)
    stacks = _stacks(styles / "base.css")
    return BookFonts(faces, tuple(fallbacks), stacks, tuple(problems))


def _fallback_face(path: Path) -> Face:
    """A fallback's weight, style and name, from the file itself."""
    with _open(path) as font:
        name = font["name"].getBestFamilyName() or path.stem
        weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else 400
        italic = bool(font["head"].macStyle & 0b10)
        if "OS/2" in font:
            italic = italic or bool(font["OS/2"].fsSelection & 1)
    font_characters(path)  # fails here, not in the check, if the cmap cannot be read
    weight = min(900, max(100, round(weight / 100) * 100))
    return Face(path, FALLBACK_FAMILY, weight, italic, str(name))


# --- reading the stylesheets -------------------------------------------------------------


def _declared_faces(css: Path) -> Iterator[Face]:
    """The @font-face rules of ``fonts.css`` whose file exists."""
    if not css.is_file():
        return
    for rule in tinycss2.parse_stylesheet(css.read_text(encoding="utf-8"), True, True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or not rule.content:
            continue
        values = {
            decl.lower_name: [t for t in decl.value if t.type not in ("whitespace", "comment")]
            for decl in tinycss2.parse_blocks_contents(rule.content, True, True)
            if decl.type == "declaration"
        }
        family = _names(values.get("font-family", []))
        urls = [t.value for t in values.get("src", []) if t.type == "url"] + [
            t.arguments[0].value
            for t in values.get("src", [])
            if t.type == "function" and t.lower_name == "url" and t.arguments
        ]
        files = [css.parent / url for url in urls if (css.parent / url).is_file()]
        if not family or not files:
            continue
        yield Face(files[0], family[0], _weight(values.get("font-weight", [])), _italic(values))


def _weight(tokens: list[tinycss2.ast.Node]) -> int:
    for token in tokens:
        if token.type == "number" and token.int_value:
            return int(token.int_value)
        if token.type == "ident" and token.lower_value == "bold":
            return 700
    return 400


def _italic(values: dict[str, list[tinycss2.ast.Node]]) -> bool:
    style = values.get("font-style", [])
    return any(t.type == "ident" and t.lower_value in ("italic", "oblique") for t in style)


def _stacks(css: Path) -> dict[str, tuple[str, ...]]:
    """The custom properties of :data:`STACKS` in ``base.css`` (``:root`` rules)."""
    if not css.is_file():
        return {}
    wanted = {prop: stack for stack, prop in STACKS.items()}
    stacks: dict[str, tuple[str, ...]] = {}
    for rule in tinycss2.parse_stylesheet(css.read_text(encoding="utf-8"), True, True):
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
            continue
        for decl in tinycss2.parse_blocks_contents(rule.content, True, True):
            if decl.type == "declaration" and decl.name in wanted:
                stacks[wanted[decl.name]] = tuple(_names(decl.value))
    return stacks


def _names(tokens: Iterable[tinycss2.ast.Node]) -> list[str]:
    """The family names of a ``font-family`` value: quoted, or words joined by spaces."""
    names: list[str] = []
    words: list[str] = []
    for token in [*tokens, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if words:
                names.append(" ".join(words))
            words = []
        elif token.type in ("string", "ident"):
            words.append(token.value)
    return names


# --- the fallbacks' CSS ------------------------------------------------------------------


def fallback_css(fonts: BookFonts, prefix: str = "fonts/", *, pdf: bool = False) -> str:
    """An ``@font-face`` rule per fallback file (``url(prefix + file name)``), with the
    characters it has as its ``unicode-range``. Empty without fallbacks.

    With ``pdf``, each file is declared a second time as the family ``emoji``: Pango looks
    up that family, not the stack, for a character shown as emoji by default (😀), and
    would take it from a system font before the fallback."""
    rules = []
    families = (FALLBACK_FAMILY, "emoji") if pdf else (FALLBACK_FAMILY,)
    for face in fonts.fallbacks:
        ranges = ", ".join(_unicode_ranges(face.characters))
        style = "italic" if face.italic else "normal"
        rules.append(f"/* {face.name}: a fallback font from fonts/{face.path.name} */\n")
        rules.extend(
            f'@font-face {{ font-family: "{family}"; font-weight: {face.weight}; '
            f"font-style: {style};\n  src: url({prefix}{face.path.name});\n"
            f"  unicode-range: {ranges}; }}\n"
            for family in families
        )
    return "".join(rules)


def _unicode_ranges(codes: Iterable[int]) -> Iterator[str]:
    ordered = sorted(codes)
    start = previous = ordered[0] if ordered else 0
    for code in [*ordered[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        yield f"U+{start:X}" if start == previous else f"U+{start:X}-{previous:X}"
        if code is not None:
            start = previous = code
