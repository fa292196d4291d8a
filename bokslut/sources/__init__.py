"""Readers: files in, JSON-shaped `RawInput`s and issues out. Nothing here judges the figures.

Every file is untrusted: a folder is walked without following links, anything that is not a
regular file is skipped with a message (a FIFO is never waited on), a spreadsheet in a format
bokslut does not read is named with what to do, and a bug met while reading one file is reported
as that file's problem while the other files are read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from bokslut.domain import ReportSpec
from bokslut.issues import Issue, Source, error, internal, warning
from bokslut.organisation import Organisation
from bokslut.sources.base import RawInput
from bokslut.sources.excel import read_workbook
from bokslut.sources.flat import is_flat_export, read_flat
from bokslut.sources.jsonfile import read_json

SUFFIXES = (".xlsx", ".xlsm", ".json")
#: Spreadsheets bokslut does not read, and what they are.
OTHER_FORMATS = {
    ".xls": "en äldre Excel-arbetsbok (.xls)",
    ".xlsb": "en binär Excel-arbetsbok (.xlsb)",
    ".ods": "ett OpenDocument-kalkylblad (.ods)",
    ".csv": "en CSV-fil",
    ".numbers": "ett Numbers-kalkylblad",
}
_SAVE_AS = "Öppna den i Excel (eller LibreOffice) och spara som Excel-arbetsbok (.xlsx)."


def input_files(paths: Iterable[Path]) -> tuple[list[Path], list[Issue]]:
    """Expand folders to the input files in them; name every file that cannot be read, and why."""
    files: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        kind = _kind(path)
        if kind == "dir":
            found, problems = _walk(path)
            files += found
            issues += problems
        elif kind == "file":
            issue = _unreadable(path, named=True)
            files += [] if issue else [path]
            issues += [issue] if issue else []
        elif kind == "missing":
            msg = "Filen eller mappen finns inte. Kontrollera sökvägen."
            issues.append(error("fil.saknas", msg, Source(str(path))))
        else:
            issues.append(_not_regular(path, kind, named=True))
    return _once(files), issues


def _once(files: list[Path]) -> list[Path]:
    """Each file once, however often it was named (a file and its folder, a link to it): read
    twice, its figures would be counted twice or its ansvar refused as given in two files."""
    seen: set[str] = set()
    out = []
    for file in files:
        real = os.path.realpath(file)
        if real not in seen:
            seen.add(real)
            out.append(file)
    return out


def _kind(path: Path) -> str:
    """ "file", "dir", "missing", or what else the path is (it is never opened here)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISFIFO(mode):
        return "en namngiven rörledning (FIFO)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "en enhetsfil"


def _walk(folder: Path) -> tuple[list[Path], list[Issue]]:
    """The input files under `folder`, in name order; links to folders are not followed."""
    files: list[Path] = []
    issues: list[Issue] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        named_like_input = [d for d in dirs if Path(d).suffix.lower() in SUFFIXES]
        for name in named_like_input:
            msg = "Det här är en mapp, inte en fil, och hoppas över. Lämna indata som en fil."
            issues.append(warning("fil.inte_vanlig", msg, Source.of(Path(root) / name)))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in named_like_input)
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith(".") and not name.startswith("~$"):
                continue
            kind = _kind(path)
            if kind == "missing":
                if path.suffix.lower() in SUFFIXES:  # a link that leads nowhere, or in a circle
                    msg = "Filen är en länk som inte leder till någon fil och hoppas över. Lägg dit själva filen."
                    issues.append(warning("fil.inte_vanlig", msg, Source.of(path)))
                continue
            if kind != "file":
                if path.suffix.lower() in SUFFIXES:
                    issues.append(_not_regular(path, kind, named=False))
                continue
            issue = _unreadable(path, named=False)
            if issue is not None:
                issues.append(issue)
            elif path.suffix.lower() in SUFFIXES:
                files.append(path)
    return files, issues


def _unreadable(path: Path, *, named: bool) -> Issue | None:
    """Why a regular file is not read, or None: a lock file, another spreadsheet format, or (when
    named on the command line) any other file type."""
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        original = path.name[2:]
        msg = (
            f"Filen är Excels låsfil: arbetsboken ”{original}” är öppen i Excel (eller stängdes inte ordentligt). "
            "Spara och stäng arbetsboken; bokslut läser den senast sparade versionen."
        )
        return warning("fil.låsfil", msg, Source.of(path))
    if suffix in OTHER_FORMATS:
        msg = f"Filen är {OTHER_FORMATS[suffix]}, som bokslut inte läser. {_SAVE_AS}"
        return error("fil.filtyp", msg, Source.of(path))
    if named and suffix not in SUFFIXES:
        msg = "Filtypen stöds inte. Lämna indata som Excel-arbetsbok (.xlsx) eller JSON (.json)."
        return error("fil.filtyp", msg, Source.of(path))
    return None


def _not_regular(path: Path, kind: str, *, named: bool) -> Issue:
    msg = f"Filen är {kind}, ingen vanlig fil, och hoppas över. Lämna indata som en vanlig fil."
    source = Source.of(path)
    return error("fil.inte_vanlig", msg, source) if named else warning("fil.inte_vanlig", msg, source)


def read_inputs(
    paths: Iterable[Path], report: ReportSpec, year: int, organisation: Organisation | None = None
) -> tuple[list[RawInput], list[Issue]]:
    """Every input among `paths`. With the `organisation`, a missing table flik is named as the
    input's node reports on it (`sources.base.expected_fliks`)."""
    files, issues = input_files(paths)
    raws: list[RawInput] = []
    for file in files:
        try:
            found_raws, found = _read_file(file, report, year, organisation)
        except Exception:
            found_raws, found = [], [internal(f"filen {file.name} lästes", Source.of(file))]
        raws += found_raws
        issues += found
    return raws, issues


def _read_file(
    file: Path, report: ReportSpec, year: int, organisation: Organisation | None
) -> tuple[list[RawInput], list[Issue]]:
    if file.suffix.lower() == ".json":
        raw, found = read_json(file, report, organisation)
        return ([raw] if raw else []), found
    if is_flat_export(file):
        return read_flat(file, report, year)
    raw, found = read_workbook(file, report, year, organisation)
    return ([raw] if raw else []), found


__all__ = ["RawInput", "input_files", "read_inputs"]
