"""Problems in the user's data are data: one record type flows out of every stage.

An `Issue` points at where the problem is (`Source`: file › flik › cell, or file › JSON path)
and says, in Swedish, what is wrong and what to do. Stages collect issues and go on; the CLI
prints them all at once. Exceptions are kept for the environment and for bugs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bokslut.errors import EXIT_DATA, REPORT_BUG, BokslutError


class Severity(StrEnum):
    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True)
class Source:
    """Where a value came from: a file and, inside it, a flik and cell or a JSON path."""

    file: str = ""
    flik: str | None = None
    cell: str | None = None
    json_path: str | None = None
    #: the place in a controller's words ("nod 81911"), shown instead of the JSON path
    place: str | None = None

    @classmethod
    def of(cls, path: str | Path, **kwargs: str | None) -> Source:
        return cls(file=Path(path).name, **kwargs)

    def at(self, *, flik: str | None = None, cell: str | None = None) -> Source:
        return Source(self.file, flik or self.flik, cell, self.json_path, self.place)

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.flik, self.cell) if p]
        text = " › ".join(parts)
        where = self.place or self.json_path
        if where:
            text = f"{text} › {where}" if text else where
        return text or "(okänd källa)"


@dataclass(frozen=True)
class Issue:
    severity: Severity
    message: str
    source: Source = field(default_factory=Source)
    ansvar: str | None = None
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.source}: {self.severity.value}: {self.message}"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "allvarlighet": self.severity.value,
            "kod": self.code,
            "meddelande": self.message,
            "ansvar": self.ansvar,
            "fil": self.source.file or None,
            "flik": self.source.flik,
            "cell": self.source.cell,
            "json_sökväg": self.source.json_path,
            "plats": str(self.source),
        }


def error(code: str, message: str, source: Source, ansvar: str | None = None) -> Issue:
    return Issue(Severity.ERROR, message, source, ansvar, code)


def warning(code: str, message: str, source: Source, ansvar: str | None = None) -> Issue:
    return Issue(Severity.WARNING, message, source, ansvar, code)


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.is_error for i in issues)


#: The code of a bug in bokslut met while handling one file or unit (exit 3, "internt fel").
INTERNAL = "internt"
#: The code prefix of a problem of the environment met for one file or document (exit 2).
ENVIRONMENT = "miljö."


def internal(what: str, source: Source, ansvar: str | None = None) -> Issue:
    """A bug met while `what` ("filen lästes"): reported with the file, the rest of the run goes on."""
    msg = f"Internt fel när {what}; det hoppades över och resten av körningen fortsatte. {REPORT_BUG}"
    return Issue(Severity.ERROR, msg, source, ansvar, INTERNAL)


def exit_code(issues: Iterable[Issue]) -> int:
    """3 for a bug, 2 for the environment, 1 for errors in the data, else 0."""
    found = list(issues)
    if any(i.code == INTERNAL for i in found):
        return 3
    if any(i.is_error and i.code.startswith(ENVIRONMENT) for i in found):
        return 2
    return 1 if has_errors(found) else 0


class InvalidData(BokslutError):
    """What a command stands on has errors (the organisation, the årsplan): nothing can be done
    until they are fixed. The command line shows the issues; exit 1."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, issues: Iterable[Issue]) -> None:
        super().__init__(message)
        self.issues = list(issues)
