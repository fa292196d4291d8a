"""Look at a workbook file before openpyxl may load it: what arrives by mail is not trusted.

openpyxl reads whatever a zip declares and creates a cell object for every cell, merged cell and
hyperlinked cell a sheet names. A zip bomb, a sheet that unpacks to hundreds of MB, or one merge
over a whole sheet would hold the batch for minutes or exhaust memory. So the file is read once
(never a FIFO or a device: those could block forever), its bytes are checked here, and only
those same bytes are handed to openpyxl.
"""

from __future__ import annotations

import errno
import html
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

from bokslut.issues import Issue, Source, error, warning

MAX_FILE_BYTES = 20 * 1024 * 1024
#: What all parts of the zip may unpack to, together and one by one.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PART_BYTES = 50 * 1024 * 1024
#: A part larger than MAX_RATIO_FROM that unpacks more than MAX_RATIO times its packed size is a
#: bomb: sheet XML packs 10–20 times.
MAX_RATIO = 200
MAX_RATIO_FROM = 10 * 1024 * 1024
MAX_PARTS = 10_000
#: Flikar: the year's workbook has about thirty; each costs openpyxl time to set up.
MAX_SHEETS = 300
#: Objects openpyxl would create (cells, rows, merged and hyperlinked cells, shared strings,
#: comments). A workbook is loaded once, and the cells of its sheets with formulas are parsed once
#: more for their saved values; at this many, reading it takes a few seconds. A unit's workbook
#: holds some thousands, a flat export tens of thousands.
MAX_OBJECTS = 150_000

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
#: The streams an encrypted (password-protected) OOXML file holds inside its OLE container.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: The stream of an old Excel workbook (.xls: "Workbook"; Excel 5/95: "Book").
_XLS_STREAMS = tuple(name.encode("utf-16-le") for name in ("Workbook", "Book"))

_MAX_ROWS, _MAX_COLUMNS = 1_048_576, 16_384
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_COUNTED = {
    "worksheet": re.compile(_PREFIX + rb"(?:c|row|col)[\s/>]"),
    "sharedStrings": re.compile(_PREFIX + rb"si[\s/>]"),
    "comments": re.compile(_PREFIX + rb"comment[\s/>]"),
}
#: Elements whose `ref` range openpyxl fills with one cell object per cell.
_RANGED = re.compile(_PREFIX + rb"(?:mergeCell|hyperlink)\s[^>]{0,400}?\bref=\"([^\"]{1,64})\"")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1024 * 1024
_OVERLAP = 512

_RESAVE = "Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och lämna in den igen."


class Refused(Exception):
    """The file may not be loaded; `issue` says why, in Swedish."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def inspect_workbook(path: Path) -> tuple[bytes | None, list[Issue]]:
    """The file's bytes when openpyxl may load them, else None and the issue that says why."""
    source = Source.of(path)
    try:
        data = _read_regular_file(path, source)
        names = _check_container(data, source)
    except Refused as exc:
        return None, [exc.issue]
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        msg = (
            "Arbetsboken innehåller makron (VBA). bokslut läser bara cellernas sparade värden och kör aldrig "
            "makron; det som ett makro skulle ha räknat fram måste stå i cellerna när filen sparas."
        )
        return data, [warning("excel.makron", msg, source)]
    return data, []


def _read_regular_file(path: Path, source: Source) -> bytes:
    """The whole file, read without ever waiting on a FIFO, socket or device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Refused(_os_issue(exc, source)) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused(_not_a_file(info.st_mode, source))
    with os.fdopen(fd, "rb") as file:
        if info.st_size > MAX_FILE_BYTES:
            raise Refused(_too_large(source))
        try:
            data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise Refused(_os_issue(exc, source)) from exc
    if len(data) > MAX_FILE_BYTES:
        raise Refused(_too_large(source))
    return data


def _not_a_file(mode: int, source: Source) -> Issue:
    if stat.S_ISDIR(mode):
        msg = "Det här är en mapp vars namn slutar på .xlsx, ingen arbetsbok. Byt namn på mappen eller flytta den."
    else:
        msg = (
            "Det här är ingen vanlig fil (utan till exempel en namngiven pipe eller en socket) och "
            "den läses inte. Lägg arbetsboken i mappen som en vanlig .xlsx-fil."
        )
    return error("excel.ej_fil", msg, source)


def _os_issue(exc: OSError, source: Source) -> Issue:
    if exc.errno == errno.ENOENT:
        msg = "Filen finns inte längre. Kontrollera att den inte har flyttats eller tagits bort, och kör igen."
    elif exc.errno in (errno.EACCES, errno.EPERM):
        msg = "bokslut får inte läsa filen. Ge läsrätt till filen (eller kopiera den till en egen mapp) och kör igen."
    elif exc.errno == errno.EISDIR:
        msg = "Det här är en mapp med ett filnamn som slutar på .xlsx. Byt namn på mappen eller flytta den."
    else:
        msg = "Filen kan inte läsas från disken. Kopiera den till en lokal mapp och kör igen."
    return error("excel.oläsbar", msg, source)


def _too_large(source: Source) -> Issue:
    msg = (
        f"Filen är större än {MAX_FILE_BYTES // (1024 * 1024)} MB. Ta bort bilder och flikar som inte hör "
        "till uppföljningen och spara igen."
    )
    return error("excel.for_stor", msg, source)


def _check_container(data: bytes, source: Source) -> set[str]:
    """An .xlsx is a zip holding a workbook part; anything else gets a message saying what it is."""
    if not data:
        msg = "Filen är tom (0 byte). Spara arbetsboken i Excel igen och lämna in den på nytt."
        raise Refused(error("excel.tom", msg, source))
    if data.startswith(OLE_MAGIC):
        raise Refused(_ole_issue(data, source))
    if not data.startswith(ZIP_MAGIC):
        msg = "Filen är ingen Excel-arbetsbok (.xlsx). Öppna den i Excel och spara som .xlsx."
        raise Refused(error("excel.inte_xlsx", msg, source))
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_parts(archive, source)
            return set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted zip entry; NotImplementedError: an unknown compression method.
        raise Refused(_corrupt(source)) from exc


def _ole_issue(data: bytes, source: Source) -> Issue:
    """An OLE compound file: a password-protected workbook, or an old .xls (or another Office file)."""
    if _ENCRYPTED_STREAM in data:
        msg = (
            "Arbetsboken är lösenordsskyddad. Spara den utan lösenord (Arkiv › Info › Skydda arbetsbok) "
            "och lämna in igen."
        )
        return error("excel.losenord", msg, source)
    if any(stream in data for stream in _XLS_STREAMS):
        msg = (
            "Filen är en äldre Excel-fil (.xls) eller en annan Office-fil, inte en .xlsx. Öppna den i Excel "
            "och spara som Excel-arbetsbok (.xlsx)."
        )
        return error("excel.xls", msg, source)
    msg = (
        "Filen är lösenordsskyddad eller en äldre Office-fil, inte en .xlsx. Öppna den i Excel, ta bort lösenordet "
        "(Arkiv › Info › Skydda arbetsbok) och spara som Excel-arbetsbok (.xlsx)."
    )
    return error("excel.losenord", msg, source)


def _corrupt(source: Source) -> Issue:
    msg = (
        "Filen är skadad eller ofullständig (kanske avbröts den när den sparades eller skickades). Öppna den "
        "i Excel och spara den igen som .xlsx, eller be om en ny kopia."
    )
    return error("excel.skadad", msg, source)


def _bomb(source: Source) -> Issue:
    msg = (
        "Filen packas upp till mycket mer än en arbetsbok för uppföljningen rymmer och läses inte. "
        f"{_RESAVE} Ta först bort flikar och rader som inte hör till uppföljningen."
    )
    return error("excel.for_stor", msg, source)


def _check_parts(archive: zipfile.ZipFile, source: Source) -> None:
    """Declared sizes first (Python's zipfile never unpacks more than declared), then the content."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise Refused(_bomb(source))
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise Refused(_bomb(source))
        if part.file_size > MAX_RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise Refused(_bomb(source))
    names = {p.filename.lower() for p in parts}
    if not any(n == "xl/workbook.xml" or n.endswith("/workbook.xml") for n in names):
        msg = "Filen är ingen Excel-arbetsbok (.xlsx). Öppna den i Excel och spara som .xlsx."
        raise Refused(error("excel.inte_xlsx", msg, source))
    _check_sheets(archive, {p.filename for p in parts}, source)
    objects = 0
    for part in parts:
        objects += _part_objects(archive, part, source)
        if objects > MAX_OBJECTS:
            msg = (
                f"Arbetsboken har över {MAX_OBJECTS:_} celler".replace("_", " ")
                + " med innehåll, formatering, sammanfogning eller länkar och är för stor att läsas. Ta bort "
                "rader och kolumner utanför tabellerna (markera dem, högerklicka › Ta bort) och spara igen."
            )
            raise Refused(error("excel.for_stor", msg, source))


_ELEMENT = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def listed_sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(flik name, part) of every sheet `xl/workbook.xml` lists, in order; [] for an unusual layout."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return []
    rels = [dict(_ATTRIBUTE.findall(a)) for _, a in _ELEMENT.findall(archive.read("xl/_rels/workbook.xml.rels"))]
    targets = {r.get(b"Id"): r.get(b"Target", b"").decode("utf-8", "replace") for r in rels}
    listed = []
    for tag, attributes in _ELEMENT.findall(archive.read("xl/workbook.xml")):
        sheet = dict(_ATTRIBUTE.findall(attributes))
        if tag != b"sheet" or b"name" not in sheet:
            continue
        target = targets.get(sheet.get(b"r:id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}" if target else ""
        listed.append((html.unescape(sheet[b"name"].decode("utf-8", "replace")), part))
    return listed


def _check_sheets(archive: zipfile.ZipFile, names: set[str], source: Source) -> None:
    """Not too many flikar, and every flik the workbook lists is in the file (openpyxl would drop
    a missing one without a word)."""
    sheets = listed_sheets(archive)
    if len(sheets) > MAX_SHEETS:
        msg = (
            f"Arbetsboken har {len(sheets)} flikar, fler än bokslut läser (högst {MAX_SHEETS}). Ta bort flikar "
            "som inte hör till uppföljningen och spara igen."
        )
        raise Refused(error("excel.for_stor", msg, source))
    if any(part and part not in names for _, part in sheets):
        raise Refused(_corrupt(source))


@dataclass(frozen=True)
class _Scan:
    pattern: re.Pattern[bytes] | None
    ranged: bool


def _scan_for(name: str) -> _Scan | None:
    """What to count in a part: worksheets, shared strings and comments create objects per element."""
    lower = name.lower()
    if not lower.endswith((".xml", ".rels", ".vml")):
        return None
    if "worksheets/" in lower:
        return _Scan(_COUNTED["worksheet"], True)
    if lower.endswith("sharedstrings.xml"):
        return _Scan(_COUNTED["sharedStrings"], False)
    if "/comments" in lower:
        return _Scan(_COUNTED["comments"], False)
    return _Scan(None, False)


def _part_objects(archive: zipfile.ZipFile, part: zipfile.ZipInfo, source: Source) -> int:
    """The objects a part makes openpyxl create; an XML part with a DTD (entities) is refused."""
    scan = _scan_for(part.filename)
    if scan is None:
        return 0
    count = 0
    first = True
    for block, final in _blocks(archive, part):
        if first and _DOCTYPE.search(block[: 64 * 1024]):
            raise Refused(_corrupt(source))
        first = False
        if scan.pattern is None:
            return 0
        cut = len(block) if final else len(block) - _OVERLAP
        count += sum(1 for m in scan.pattern.finditer(block) if m.start() < cut)
        if scan.ranged:
            count += sum(
                _area(m.group(1).decode("ascii", "replace")) for m in _RANGED.finditer(block) if m.start() < cut
            )
        if count > MAX_OBJECTS:
            break
    return count


def _blocks(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[tuple[bytes, bool]]:
    """The part's content in blocks that overlap by _OVERLAP bytes, so no element is cut in two."""
    with archive.open(part) as stream:
        block = stream.read(_CHUNK)
        while True:
            more = stream.read(_CHUNK)
            if not more:
                yield block, True
                return
            yield block, False
            block = block[-_OVERLAP:] + more


def _area(ref: str) -> int:
    """How many cells a range like "B7:C9" names (a whole row or column counts in full)."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        return 1
    columns = (max_col or _MAX_COLUMNS) - (min_col or 1) + 1
    rows = (max_row or _MAX_ROWS) - (min_row or 1) + 1
    return max(columns, 1) * max(rows, 1)
