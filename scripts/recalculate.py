"""Recalculate workbooks through LibreOffice and save them with their formula results.

openpyxl writes formulas without cached values, as a program that does not calculate would.
A controller's workbook comes from Excel, which stores them; this makes the example workbooks
look like that. Needs `soffice` (Debian: libreoffice-calc-nogui).

    python scripts/recalculate.py examples/delarsbokslut-2022/excel/*.xlsx
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def recalculate(paths: list[Path]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice saknas: installera LibreOffice Calc (libreoffice-calc-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        out = Path(tmp) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                *map(str, paths),
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
        for path in paths:
            converted = out / path.name
            if not converted.exists():
                raise SystemExit(f"LibreOffice skrev inte {path.name}")
            shutil.move(converted, path)


def by_folder(paths: list[Path]) -> dict[Path, list[Path]]:
    """Workbooks grouped by folder: LibreOffice writes every result into one folder by name, and
    several runs hold an 8.xlsx."""
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        groups.setdefault(path.parent, []).append(path)
    return groups


if __name__ == "__main__":
    for group in by_folder([Path(p) for p in sys.argv[1:]]).values():
        recalculate(group)
