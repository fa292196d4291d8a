"""Read one ansvar's input as JSON: one object per flik, keys matched loosely like flik names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bokslut.domain import FORECAST_POINTS, STAT_TABLES, TABLES, TEXTS, ReportSpec, loose
from bokslut.issues import Issue, Source, error
from bokslut.model import SourceMap, flik_aliases, json_path
from bokslut.sources.base import RawInput


def read_json(path: Path, report: ReportSpec) -> tuple[RawInput | None, list[Issue]]:
    base = Source.of(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        msg = f"Filen är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}): {exc.msg}. Rätta syntaxen."
        return None, [error("json.syntax", msg, base)]
    except UnicodeDecodeError:
        return None, [error("json.kodning", "Filen är inte UTF-8-kodad. Spara den som UTF-8.", base)]
    if not isinstance(data, dict):
        msg = "Filen ska innehålla ett objekt med en nyckel per flik."
        return None, [error("json.form", msg, Source(base.file, json_path="$"))]
    return read_document(data, report, base)


def read_document(data: dict[str, Any], report: ReportSpec, base: Source) -> tuple[RawInput, list[Issue]]:
    """One ansvar's input given as a JSON document (a file's, or a stored submission's)."""
    sources = SourceMap(base)
    sources.record((), Source(base.file, json_path="$"))
    canonical = _canonical_keys(report)
    out = _rename(data, (), (), canonical, sources, base)
    issues = []
    for flik in report.table_fliks.values():
        if flik not in out:
            msg = (
                f"Fliken ”{flik}” saknas. Lägg till den som nyckel på översta nivån (ett tomt objekt {{}} "
                "om ansvaret inte har något att redovisa i tabellen)."
            )
            issues.append(error("json.flik_saknas", msg, Source(base.file, json_path="$")))
    return RawInput(out, sources), issues


def _canonical_keys(report: ReportSpec) -> dict[str, list[str]]:
    """Known names per nesting place, so "personalkostnader " is read as "Personalkostnader"."""
    fliks = flik_aliases(report)
    known: dict[str, list[str]] = {"": list(fliks.values())}
    for key, flik in report.table_fliks.items():
        known[flik] = [r.label for r in TABLES[key].rows]
    known[fliks["texter"]] = list(TEXTS.values())
    known[fliks["texter_drift"]] = [r.label for r in TABLES["drift"].rows if r.is_input]
    for key in report.stat_tables:
        known[STAT_TABLES[key].flik] = list(STAT_TABLES[key].rows)
    if report.forecast_flik:
        known[report.forecast_flik] = list(FORECAST_POINTS.values())
    return known


def _rename(
    value: Any,
    canon_path: tuple[str | int, ...],
    orig_path: tuple[str | int, ...],
    canonical: dict[str, list[str]],
    sources: SourceMap,
    base: Source,
) -> Any:
    sources.record(canon_path, Source(base.file, json_path=json_path(orig_path)))
    if isinstance(value, list):
        return [_rename(v, (*canon_path, i), (*orig_path, i), canonical, sources, base) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    place = "" if not canon_path else str(canon_path[0]) if len(canon_path) == 1 else None
    names = canonical.get(place, []) if place is not None else []
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = next((n for n in names if loose(n) == loose(key)), key)
        out[name] = _rename(item, (*canon_path, name), (*orig_path, key), canonical, sources, base)
    return out
