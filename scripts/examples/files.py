"""Files that come out the same on every run (fixed timestamps), and the two files besides the
nodes' inputs: the organisation and the ekonomisystem's flat export."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .drift import Amounts
from .format import DRIFT_INPUT
from .organisation import KOMMUN, NODES, kommun_nodes
from .settings import EXAMPLES, RUN_DIR, YEAR
from .workbook import AMOUNT_FORMAT, BOLD

FIXED_TIME = "2022-09-01T08:00:00Z"
FIXED_ZIP_TIME = (2022, 9, 1, 8, 0, 0)


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps in docProps/core.xml and in the zip, so reruns are byte-identical."""
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{FIXED_TIME}\g<3>", text
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)


def save_json(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_organisation() -> None:
    noder = [
        {"ansvar": n.ansvar, "namn": n.namn, "nivå": n.nivå, "överordnad": n.överordnad}
        | ({"flikar": n.flikar} if n.flikar else {})
        for n in NODES
    ]
    save_json({"kommun": KOMMUN, "noder": noder}, EXAMPLES / "organisation.json")
    wb = Workbook()
    ws = wb.active
    ws.title = "Organisation"
    ws.append(["Ansvar", "Namn", "Nivå", "Överordnad", "Flikar"])
    for cell in ws[1]:
        cell.font = BOLD
    for n in noder:
        ws.append([n["ansvar"], n["namn"], n["nivå"], n["överordnad"], n.get("flikar")])
    for col, width in zip("ABCDE", (10, 36, 14, 12, 10), strict=True):
        ws.column_dimensions[col].width = width
    save_workbook(wb, EXAMPLES / "organisation.xlsx")


def write_flat_export(drift: dict[str, dict[str, Amounts]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(
        [
            "Ansvar",
            "Kontogrupp",
            f"Budget {YEAR}",
            f"Prognos helår {YEAR}",
            f"Delårsbokslut {YEAR}",
            f"Delårsbokslut {YEAR - 1}",
        ]
    )
    for cell in ws[1]:
        cell.font = BOLD
    for node in kommun_nodes():
        for row in DRIFT_INPUT:
            a = drift[node.ansvar][row]
            ws.append([node.ansvar, row, a["budget"], a["prognos"], a["utfall"], a["utfall_fg"]])
    for col, width in zip("ABCDEF", (10, 26, 14, 18, 18, 18), strict=True):
        ws.column_dimensions[col].width = width
    for r in ws.iter_rows(min_row=2, min_col=3):
        for cell in r:
            cell.number_format = AMOUNT_FORMAT
    path = RUN_DIR / "ekonomisystem" / "drift-export.xlsx"
    save_workbook(wb, path)
    return path
