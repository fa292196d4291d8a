"""Parse: a raw input against the report's model, every rejected value an issue at its cell.

A value the model rejects is reported and dropped, and the rest is parsed again, so one bad cell
never hides the others.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from bokslut.domain import (
    STAT_TABLES,
    ReportSpec,
    other_reports_flik,
)
from bokslut.issues import Issue, error
from bokslut.model import Path, input_model
from bokslut.sources.base import RawInput

_MESSAGES = {
    "missing": "Uppgiften saknas. Fyll i den.",
    "extra_forbidden": "Okänt fält. Kontrollera stavningen mot schemat (bokslut schema).",
    "int_parsing": "Ska vara ett heltal.",
    "int_type": "Ska vara ett heltal.",
    "string_type": "Ska vara text.",
    "dict_type": "Ska vara ett objekt.",
    "model_type": "Ska vara ett objekt.",
    "list_type": "Ska vara en lista.",
    "tuple_type": "Ska vara en lista.",
    "int_from_float": "Ska vara ett heltal, utan decimaler.",
    "finite_number": "Ska vara ett tal (inte NaN eller oändligt).",
    "bool_type": "Ska vara sant eller falskt.",
    "float_type": "Ska vara ett tal.",
    "decimal_type": "Ska vara ett tal.",
}


def parse(raw: RawInput, report: ReportSpec) -> tuple[BaseModel | None, list[Issue]]:
    """Validate raw data against the report's model; drop rejected values and try again."""
    model = input_model(report)
    data = raw.data
    issues: list[Issue] = []
    for _ in range(5):
        try:
            return model.model_validate(data), issues
        except ValidationError as exc:
            errors = exc.errors()
            for err in errors:
                path = tuple(err["loc"])
                issues.append(error(f"modell.{err['type']}", _message(err, report), raw.sources.at(path)))
            pruned = _prune(data, [tuple(e["loc"]) for e in errors])
            if pruned == data:
                return None, issues
            data = pruned
    return None, issues


def _message(err: Any, report: ReportSpec) -> str:
    if err["type"] == "value_error":
        what = str(err["msg"]).removeprefix("Value error, ")
        if err["loc"] and err["loc"][0] in {STAT_TABLES[k].flik for k in report.stat_tables}:
            return what.replace("ett belopp", "ett tal") + ". Skriv talet med decimalkomma, t.ex. 7,5."
        return what + ". Skriv beloppet som ett heltal i tkr, t.ex. -1 234."
    if err["type"] == "extra_forbidden":
        name = str(err["loc"][-1])
        other = other_reports_flik(name, report) if len(err["loc"]) == 1 else None
        if other is not None:
            return (
                f"Fliken ”{name}” hör till {other.period_word}, inte till {report.period_word}. Kontrollera att "
                "du kör rätt rapport med rätt indata, eller ta bort fliken."
            )
        schema = report.input_of or report.key  # a unit follow-up or sammanställning reads its report's input
        return f"Okänt namn ”{name}”. Kontrollera stavningen mot mallen (bokslut schema {schema})."
    if err["type"] == "missing" and err["loc"] and err["loc"][0] == report.fliks.uppgifter:
        return f"Fliken ”{report.fliks.uppgifter}” saknas eller saknar ansvar. Ange ansvar, namn och år."
    if err["type"] == "missing":
        return f"Uppgiften ”{err['loc'][-1]}” saknas. Fyll i den."
    return _MESSAGES.get(err["type"], f"Värdet ”{err.get('input')}” kan inte läsas. Kontrollera det mot schemat.")


def _prune(data: Any, locs: list[Path]) -> Any:
    """A copy of `data` without the values at `locs` (for a missing key, nothing to drop)."""
    import copy

    out = copy.deepcopy(data)
    for loc in locs:
        parent = out
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict) and loc and loc[-1] in parent:
            del parent[loc[-1]]
        elif isinstance(parent, list) and loc and isinstance(loc[-1], int) and loc[-1] < len(parent):
            parent[loc[-1]] = {}
    return out


# --- checks ---------------------------------------------------------------------------------
