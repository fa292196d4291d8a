"""A PDF beside each document, for publishing: tagged for screen readers, PDF/A-2 and PDF/UA.

LibreOffice converts the batch: one `soffice` process per core, each with its own profile and its
share of the documents (never one process per file, which costs a start-up each). The PDFs are
written into a temp folder inside the output folder, checked, and renamed into place one by one,
so a PDF is whole or absent. A PDF newer than its document is left as it is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bokslut.atomic import temp_folder
from bokslut.batch import workers
from bokslut.issues import ENVIRONMENT, Issue, Source, error

#: The Debian package that brings LibreOffice Writer without a desktop.
PACKAGE = "libreoffice-writer-nogui"

#: LibreOffice's PDF export: tagged (headings, table headers, alternative texts in the structure),
#: PDF/A-2b for archiving, PDF/UA for accessibility, the document's title shown in the title bar.
OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "DisplayPDFDocTitle": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
}
FILTER = "pdf:writer_pdf_Export:" + json.dumps(OPTIONS, separators=(",", ":"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(document: Path) -> Path:
    return document.with_suffix(".pdf")


def stale(documents: Sequence[Path]) -> list[Path]:
    """The documents whose PDF is missing or older than the document."""
    out = []
    for document in documents:
        try:
            if pdf_of(document).stat().st_mtime_ns >= document.stat().st_mtime_ns:
                continue
        except OSError:
            pass
        out.append(document)
    return out


def to_pdf(documents: Sequence[Path], folder: Path, *, jobs: int | None = None) -> tuple[list[Path], list[Issue]]:
    """Convert `documents` (in `folder`) to PDFs beside them; the PDFs written and the problems."""
    if not documents:
        return [], []
    program = soffice()
    if program is None:
        msg = (
            f"LibreOffice saknas, så inga PDF-filer skrevs ({len(documents)} st); Word-dokumenten är skrivna. "
            f"Installera LibreOffice Writer (Debian och Ubuntu: sudo apt-get install {PACKAGE}) och kör igen."
        )
        return [], [error(f"{ENVIRONMENT}libreoffice", msg, Source())]
    n = workers(jobs, len(documents))
    shares = [list(documents[i::n]) for i in range(n)]
    written: list[Path] = []
    issues: list[Issue] = []
    with temp_folder(folder) as out, tempfile.TemporaryDirectory(prefix="bokslut-lo-") as profiles:
        runs = []
        for i, share in enumerate(shares):
            profile = Path(profiles) / str(i)
            command = [
                program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--convert-to", FILTER, "--outdir", str(out), *map(str, share),
            ]  # fmt: skip
            runs.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for run, share in zip(runs, shares, strict=True):
            try:
                run.communicate(timeout=120 + 30 * len(share))
            except subprocess.TimeoutExpired:
                run.kill()
                run.communicate()
        for document in documents:
            made = out / pdf_of(document).name
            if not _whole(made):
                msg = (
                    f"PDF-filen för {document.name} kunde inte skrivas: LibreOffice gav ingen hel fil. Öppna "
                    "dokumentet i LibreOffice eller Word för att se om något i det är trasigt, och kör igen."
                )
                issues.append(error(f"{ENVIRONMENT}pdf", msg, Source(document.name)))
                continue
            os.replace(made, pdf_of(document))
            written.append(pdf_of(document))
    return written, issues


def _whole(path: Path) -> bool:
    """A PDF that begins as one and ends with its end-of-file marker."""
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, path.stat().st_size - 1024))
            tail = handle.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail
