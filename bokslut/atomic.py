"""Write a file whole or not at all: a temp file beside the target, checked, then a rename.

A temp file is named `.bokslut-<pid>-<name>-<random>.tmp`, so a later run can tell the ones a
killed run left behind (its process is gone) from those of a run still writing, and remove them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_PREFIX = ".bokslut-"
_TEMP = re.compile(r"^\.bokslut-(\d+)-.*\.tmp$")
#: What bokslut before version 0.2 named its temp files (".<name>-<random>.tmp"), without a pid.
_OLD_TEMP = re.compile(r"^\.(?!bokslut-\d+-).+-[a-z0-9_]+\.tmp$")


class Incomplete(Exception):
    """A written file failed its check: it is not moved into place."""


def write_atomically(
    target: Path, write: Callable[[BinaryIO], object], check: Callable[[Path], None] | None = None
) -> None:
    """Call `write` with a file beside `target`, check it with `check` (which raises when the file
    is not whole), and rename it into place; on any failure, including a crash inside `write`, no
    file is left behind and an existing `target` is untouched."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{_PREFIX}{os.getpid()}-{target.stem[:40]}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def temp_folder(folder: Path) -> Iterator[Path]:
    """A folder of temp files inside `folder` (so a rename out of it stays on one disk), removed
    with what is left in it; one a killed run leaves behind is swept like a temp file."""
    path = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sweep(folder: Path) -> list[Path]:
    """Remove the temp files that runs which no longer exist left in `folder`; return them."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _TEMP.match(path.name)
        if match is None and not _OLD_TEMP.match(path.name):
            continue
        if match is not None and _alive(int(match.group(1))):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's process, still running
    except (ProcessLookupError, OverflowError):
        return False
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
