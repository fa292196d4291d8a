"""Readers: files in, JSON-shaped `RawInput`s and issues out. Nothing here judges the figures."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bokslut.domain import ReportSpec
from bokslut.issues import Issue, Source, error
from bokslut.sources.base import RawInput
from bokslut.sources.excel import read_workbook
from bokslut.sources.flat import is_flat_export, read_flat
from bokslut.sources.jsonfile import read_json

SUFFIXES = (".xlsx", ".xlsm", ".json")


def input_files(paths: Iterable[Path]) -> tuple[list[Path], list[Issue]]:
    """Expand folders to the input files in them (Excel lock files and hidden files skipped)."""
    files: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
            )
        elif path.is_file() and path.suffix.lower() in SUFFIXES:
            files.append(path)
        elif path.is_file():
            msg = "Filtypen stöds inte. Lämna indata som Excel-arbetsbok (.xlsx) eller JSON (.json)."
            issues.append(error("fil.filtyp", msg, Source.of(path)))
        else:
            issues.append(
                error("fil.saknas", "Filen eller mappen finns inte. Kontrollera sökvägen.", Source(str(path)))
            )
    return files, issues


def read_inputs(paths: Iterable[Path], report: ReportSpec, year: int) -> tuple[list[RawInput], list[Issue]]:
    files, issues = input_files(paths)
    raws: list[RawInput] = []
    for file in files:
        if file.suffix.lower() == ".json":
            raw, found = read_json(file, report)
            raws += [raw] if raw else []
        elif is_flat_export(file):
            flat, found = read_flat(file, report, year)
            raws += flat
        else:
            raw, found = read_workbook(file, report, year)
            raws += [raw] if raw else []
        issues += found
    return raws, issues


__all__ = ["RawInput", "input_files", "read_inputs"]
