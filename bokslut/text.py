"""Text that can stand in a Word document: XML 1.0 allows tab, line breaks and printable text.

Control characters (other than tab and line breaks) and lone surrogates come from copy-paste or a
broken export. Validation reports them at their cell; rendering drops them as a last guard, so
the document's XML stays whole.
"""

from __future__ import annotations

import re
import unicodedata

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


#: Line breaks in one text: a page holds some fifty; a thousand is a long appendix. More is an
#: export gone wrong, and Word (and docxtpl's rendering of each break) slows to a crawl.
MAX_LINE_BREAKS = 1000


def too_many_lines(text: str) -> str | None:
    """A Swedish description when `text` has more line breaks than a document section holds."""
    breaks = text.count("\n")
    if breaks <= MAX_LINE_BREAKS:
        return None
    return f"{breaks} radbrytningar, fler än ett avsnitt rymmer (högst {MAX_LINE_BREAKS})"


def xml_safe(text: str) -> str:
    """`text` without the characters a Word document cannot hold."""
    return _INVALID.sub("", text)


def invalid_characters(text: str) -> str | None:
    """A Swedish description of the characters `text` holds that a Word document cannot, or None."""
    found = [(m.start(), m.group()) for m in _INVALID.finditer(text)]
    if not found:
        return None
    shown = ", ".join(f"U+{ord(ch):04X} vid tecken {at + 1}" for at, ch in found[:3])
    more = f" och {len(found) - 3} till" if len(found) > 3 else ""
    return f"osynliga styrtecken som inte kan stå i ett Word-dokument ({shown}{more})"


_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]+')


def file_safe(name: str, length: int = 80, size: int = 160) -> str:
    """A node's name as part of a file name: without separators or what some system forbids, no
    leading dots, cut to `length` characters and `size` bytes in UTF-8, which every disk takes
    (its limit is 255 bytes; the ansvar code before it keeps the name unique)."""
    safe = _NOT_IN_FILE_NAMES.sub("-", unicodedata.normalize("NFC", name)).strip(" .-")[:length]
    while len(safe.encode("utf-8")) > size:
        safe = safe[:-1]
    return safe.strip()
