"""Text that can stand in a Word document: XML 1.0 allows tab, line breaks and printable text.

Control characters (other than tab and line breaks) and lone surrogates come from copy-paste or a
broken export. Validation reports them at their cell; rendering drops them as a last guard, so
the document's XML stays whole.
"""

from __future__ import annotations

import re
import unicodedata

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


def file_safe(name: str, length: int = 80) -> str:
    """A node's name as part of a file name: without separators or what some system forbids, no
    leading dots, cut to a length every disk takes (the ansvar code before it keeps it unique)."""
    safe = _NOT_IN_FILE_NAMES.sub("-", unicodedata.normalize("NFC", name)).strip(" .-")
    return safe[:length].strip()
