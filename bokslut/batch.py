"""A batch of documents from one mall, on every core, and only those whose content changed.

The mall is prepared once per process (`render.Mall`); the documents are shared out to a pool of
worker processes, each writing its files atomically and reporting a problem as an issue of that
document. A manifest in the output folder remembers each document's fingerprint (its context, the
mall, the bokslut version), so a rerun renders only what would come out different.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, is_dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from bokslut.atomic import write_atomically
from bokslut.issues import Issue, Source
from bokslut.render import Mall, Properties
from bokslut.writing import guarded

MANIFEST = ".bokslut-manifest.json"


@dataclass(frozen=True)
class Document:
    """One document to write: whose, where, from what, and the input to blame for a bug."""

    ansvar: str
    target: Path
    context: dict[str, Any]
    where: Source
    properties: Properties | None = None


def workers(wanted: int | None, documents: int) -> int:
    """How many processes: the ones asked for, else one per core, never more than documents."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(wanted or cores, documents))


def render_batch(
    mall: Mall,
    documents: Iterable[Document],
    folder: Path,
    *,
    count: int,
    jobs: int | None = None,
    done: Callable[[Document, Issue | None], None],
) -> None:
    """Render the `count` documents, calling `done` with each one and its problem (None when
    written) as it finishes. A broken mall stops the batch (`MallError`). `mall` is prepared in
    this process; each worker prepares its own from the same file.

    The documents are taken from `documents` as workers get free, a few ahead, so a batch of any
    size holds only those few contexts: memory does not grow with the kommun.
    """
    queue = iter(documents)
    first = next(queue, None)
    if first is None:
        return  # nothing to write: no processes started
    n = workers(jobs, count)
    if n == 1:
        for document in itertools.chain([first], queue):
            done(document, _write(mall, document, folder))
        return
    with ProcessPoolExecutor(max_workers=n, mp_context=_processes()) as pool:
        flowing: dict[Future[Issue | None], Document] = {}
        try:
            for document in itertools.chain([first], queue):
                # a worker has its own working folder: it is given absolute paths
                exact = replace(document, target=document.target.absolute())
                flowing[pool.submit(_render_one, mall.path.absolute(), exact, folder.absolute())] = document
                if len(flowing) >= 2 * n:
                    _finish(flowing, done)
            while flowing:
                _finish(flowing, done)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _finish(flowing: dict[Future[Issue | None], Document], done: Callable[[Document, Issue | None], None]) -> None:
    """Wait for at least one of the documents in flight and report those that are finished."""
    finished, _ = wait(flowing, return_when=FIRST_COMPLETED)
    for future in finished:
        document = flowing.pop(future)
        done(document, future.result())  # a MallError is raised here


def _processes() -> BaseContext:
    """Workers started from a small server process that has imported the renderer (Linux:
    forkserver), not copies of this process with everything it holds; elsewhere spawned."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["bokslut.batch"])
        return context
    return multiprocessing.get_context("spawn")


#: The mall each worker process prepared, by path: prepared once, used for every document it gets.
_MALLS: dict[Path, Mall] = {}


def _render_one(mall_path: Path, document: Document, folder: Path) -> Issue | None:
    mall = _MALLS.get(mall_path)
    if mall is None:
        mall = _MALLS[mall_path] = Mall(mall_path)
    return _write(mall, document, folder)


def _write(mall: Mall, document: Document, folder: Path) -> Issue | None:
    return guarded(
        lambda: mall.render(document.context, document.target, document.properties), document.target, folder,
        document.ansvar,
        document.where,
    )  # fmt: skip


# --- what changed ------------------------------------------------------------------------------


def fingerprint(context: dict[str, Any], mall: Mall) -> str:
    """What a document is made of: its context, the mall's bytes and bokslut's version."""
    digest = hashlib.sha256(_made_by(mall.data))
    digest.update(json.dumps(context, sort_keys=True, ensure_ascii=False, default=_plain).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **asdict(value)}
    if isinstance(value, Decimal | date | datetime | Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(map(str, value)) if isinstance(value, set | frozenset) else list(value)
    return repr(value)


@lru_cache(maxsize=8)
def _made_by(mall: bytes) -> bytes:
    """What every document of a mall shares: bokslut's version and the mall's bytes, hashed once
    (not for each of a batch's documents)."""
    try:
        made_by = version("bokslut")
    except PackageNotFoundError:
        made_by = "okänd"
    return made_by.encode() + hashlib.sha256(mall).digest()


class Manifest:
    """The output folder's record of each document's fingerprint and the file written for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            data = None  # none yet, or unreadable: everything is rendered
        if isinstance(data, dict) and isinstance(data.get("dokument"), dict):
            self.entries = {k: v for k, v in data["dokument"].items() if isinstance(v, dict)}

    def unchanged(self, target: Path, fingerprint: str) -> bool:
        """Whether `target` is the document of this fingerprint, as written and not touched since."""
        entry = self.entries.get(target.name)
        if entry is None or entry.get("avtryck") != fingerprint:
            return False
        try:
            stat = target.stat()
        except OSError:
            return False
        return bool(entry.get("storlek") == stat.st_size and entry.get("ändrad") == stat.st_mtime_ns)

    def record(self, target: Path, fingerprint: str) -> None:
        stat = target.stat()
        self.entries[target.name] = {"avtryck": fingerprint, "storlek": stat.st_size, "ändrad": stat.st_mtime_ns}
        self.changed = True

    def forget(self, target: Path) -> None:
        self.changed |= self.entries.pop(target.name, None) is not None

    def save(self) -> None:
        """Write the manifest whole, when anything was recorded or forgotten."""
        if not self.changed:
            return
        text = json.dumps({"dokument": dict(sorted(self.entries.items()))}, ensure_ascii=False, indent=1)
        write_atomically(self.path, lambda handle: handle.write(text.encode("utf-8")))
