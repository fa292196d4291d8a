"""The exit codes, and problems that are not the user's data: the environment, a mall, a bug.

Problems in the data are `Issue` records (`bokslut.issues`). What is left is either the
environment (a folder that cannot be written, a full disk, a broken store or mall: exit 2, with
what to do in Swedish) or a bug in bokslut (exit 3, "internt fel"). The command line turns an
exception into a message once, at its edge; the library only raises. The tree:

    BokslutError            exit 2: the environment or the way the command was called
    ├── UsageProblem        exit 2: an option that does not fit
    ├── MallError           exit 2: a mall that cannot be used
    ├── Refused             exit 1: against what is recorded
    ├── issues.InvalidData  exit 1: the organisation or årsplan has errors, with its issues
    ├── store.StoreError    exit 2: the store cannot be opened or used
    └── rules.RulesError    exit 2: the rules file cannot be used
    anything else           exit 3: a bug ("internt fel")
"""

from __future__ import annotations

import errno
from pathlib import Path

EXIT_OK = 0
EXIT_DATA = 1
EXIT_ENV = 2
EXIT_INTERNAL = 3

#: How to report a bug, said wherever one surfaces.
REPORT_BUG = (
    "Det är ett fel i bokslut, inte i indata. Rapportera det till den som förvaltar bokslut, med kommandot "
    "du körde och filerna; kör med --debug (eller BOKSLUT_DEBUG=1) för att se detaljerna."
)


class BokslutError(Exception):
    """A usage or environment problem, with its message in Swedish; the run cannot go on."""

    exit_code = EXIT_ENV


class UsageProblem(BokslutError):
    """The command was given something it cannot use: an option that does not fit the report, an
    ansvar the organisation does not have."""


class Refused(BokslutError):
    """What was asked goes against what is recorded (a second decision for a decided period): the
    data's answer, exit 1."""

    exit_code = EXIT_DATA


class MallError(BokslutError):
    """A mall (Word template) that is missing, unreadable or has an error in its template code."""


_OS_REASONS = {
    errno.ENOENT: "finns inte",
    errno.EACCES: "saknar behörighet (kontrollera rättigheterna)",
    errno.EPERM: "saknar behörighet (kontrollera rättigheterna)",
    errno.ENOSPC: "disken är full (frigör utrymme och kör igen)",
    errno.EDQUOT: "diskkvoten är slut (frigör utrymme och kör igen)",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EEXIST: "finns redan",
    errno.ELOOP: "symboliska länkar i sökvägen pekar i en cirkel",
    errno.EIO: "läs- eller skrivfel på disken",
    errno.EBUSY: "används av ett annat program",
    errno.ETXTBSY: "används av ett annat program",
    errno.EMFILE: "för många öppna filer",
}


def os_reason(exc: OSError) -> str:
    """Why an operating system call failed, in Swedish (never the system's English text)."""
    return _OS_REASONS.get(exc.errno or 0, f"systemfel {exc.errno}" if exc.errno else "okänt systemfel")


def describe_os_error(exc: OSError, what: str = "") -> str:
    """ "Kan inte skriva out/x.docx: disken är full …" from an OSError and what was being done."""
    name = exc.filename if exc.filename is not None else ""
    where = f" {Path(str(name))}" if name else ""
    head = what or "Filen"
    return f"{head}{where}: {os_reason(exc)}."
