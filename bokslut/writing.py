"""Writing a batch of files into one folder: each file on its own, none outside the folder.

A document or workbook that cannot be written becomes an issue of its own ansvar and the batch
goes on; a folder that cannot be made, or a broken mall (the same for every document), stops the
run with one message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bokslut.atomic import Incomplete, sweep
from bokslut.errors import BokslutError, MallError, describe_os_error
from bokslut.issues import ENVIRONMENT, Issue, Source, error, internal


def output_folder(folder: Path) -> None:
    """Make the output folder and remove what killed runs left in it; a folder that cannot be made
    stops the run with one message rather than one per document."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BokslutError(describe_os_error(exc, "Kunde inte skapa utmappen")) from exc
    if not folder.is_dir():
        raise BokslutError(f"Utmappen {folder} är en fil, inte en mapp. Ange en mapp med --ut.")
    sweep(folder)


def guarded(write: Callable[[], None], target: Path, folder: Path, ansvar: str, where: Source) -> Issue | None:
    """Write one document or workbook; what went wrong, as an issue of that one, or None. A file
    that cannot be written is the environment's; anything else is a bug (reported with `where`,
    the input to send with it). A broken mall stops the run."""
    try:
        if target.resolve().parent != folder.resolve():  # the last guard: codes and names are checked
            raise Incomplete(f"{target.name}: utanför utmappen")
        write()
    except MallError:
        raise
    except OSError as exc:
        return error(f"{ENVIRONMENT}skriva", describe_os_error(exc, "Kunde inte skriva"), Source(target.name), ansvar)
    except Incomplete:
        return internal(f"{target.name} skrevs (det blev inte helt och lades inte på plats)", where, ansvar)
    except Exception:
        return internal(f"{target.name} skrevs", where, ansvar)
    return None
