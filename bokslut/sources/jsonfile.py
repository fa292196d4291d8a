"""Read one ansvar's input as JSON: one object per flik, keys matched loosely like flik names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bokslut.domain import DEFAULT_FLIK_SET, FLIK_SETS, FORECAST_POINTS, STAT_TABLES, TABLES, ReportSpec, loose
from bokslut.issues import Issue, Source, error
from bokslut.model import Path as JsonPath
from bokslut.model import SourceMap, flik_aliases, json_path
from bokslut.organisation import Organisation
from bokslut.safeload import kind_of, load_json
from bokslut.sources.base import RawInput, expected_fliks


def read_json(
    path: Path, report: ReportSpec, organisation: Organisation | None = None
) -> tuple[RawInput | None, list[Issue]]:
    base = Source.of(path)
    data, issues = load_json(path)
    if data is None:
        return None, issues
    if not isinstance(data, dict):
        msg = f"Filen innehåller {kind_of(data)}, men ska innehålla ett objekt med en nyckel per flik."
        return None, [*issues, error("json.form", msg, Source(base.file, json_path="$"))]
    raw, found = read_document(data, report, base, organisation)
    return raw, issues + found


def read_document(
    data: dict[str, Any], report: ReportSpec, base: Source, organisation: Organisation | None = None
) -> tuple[RawInput, list[Issue]]:
    """One ansvar's input given as a JSON document (a file's, or a stored submission's). With the
    `organisation`, a missing table flik is named as the input's node reports on it."""
    sources = SourceMap(base)
    sources.record((), Source(base.file, json_path="$"))
    issues: list[Issue] = []
    aliases, flik_set = _own_fliks(data, report)
    out = _Renamer(_canonical_keys(report), sources, base, issues, aliases).rename(data, (), ())
    raw = RawInput(out, sources, flik_set=flik_set)
    own, why = expected_fliks(organisation, raw.ansvar(report.fliks.uppgifter), report)
    for key, flik in report.table_fliks.items():
        if flik not in out:
            name = own.get(key, flik)
            whose = f" {why}" if why and name != flik else ""
            msg = (
                f"Fliken ”{name}” saknas.{whose} Lägg till den som nyckel på översta nivån (ett tomt objekt {{}} "
                "om ansvaret inte har något att redovisa i tabellen)."
            )
            issues.append(error("json.flik_saknas", msg, Source(base.file, json_path="$")))
    return raw, issues


def _own_fliks(data: dict[str, Any], report: ReportSpec) -> tuple[dict[str, str], str | None]:
    """A verksamhet's own table flikar ("8 RR VA delår"), read as the report's tables: loose name
    → the table's flik, and the flik set they belong to (None when the input has no drift flik:
    the missing flik is then named as its node reports on it). A value's JSON path still shows its key."""
    given = {loose(k) for k in data}
    partial: dict[str, str] = {}  # a set's other flikar, given without its drift flik: still read
    for flik_set in FLIK_SETS.values():
        if flik_set.key == DEFAULT_FLIK_SET:
            continue
        fliks = flik_set.fliks_of(report)
        own = {loose(f): report.table_fliks[k] for k, f in fliks.items() if f != report.table_fliks[k]}
        aliases = {name: flik for name, flik in own.items() if name in given and loose(flik) not in given}
        if loose(fliks["drift"]) in given:
            return {name: flik for name, flik in own.items() if loose(flik) not in given}, flik_set.key
        partial |= aliases
    return partial, DEFAULT_FLIK_SET if loose(report.table_fliks["drift"]) in given else None


def _canonical_keys(report: ReportSpec) -> dict[str, list[str]]:
    """Known names per nesting place, so "personalkostnader " is read as "Personalkostnader"."""
    fliks = flik_aliases(report)
    known: dict[str, list[str]] = {"": list(fliks.values())}
    for key, flik in report.table_fliks.items():
        known[flik] = [r.label for r in TABLES[key].rows]
    known[fliks["texter"]] = list(report.texts.values())
    if "texter_drift" in fliks:
        known[fliks["texter_drift"]] = [r.label for r in TABLES["drift"].rows if r.is_input]
    for key in report.stat_tables:
        known[STAT_TABLES[key].flik] = list(STAT_TABLES[key].rows)
    if report.forecast_flik:
        known[report.forecast_flik] = list(FORECAST_POINTS.values())
    return known


@dataclass
class _Renamer:
    """Known keys to their canonical names; two keys that mean the same name are an error."""

    canonical: dict[str, list[str]]
    sources: SourceMap
    base: Source
    issues: list[Issue]
    #: other names of top-level keys, loosely: a verksamhet's own table flikar
    aliases: dict[str, str] = field(default_factory=dict)

    def rename(self, value: Any, canon_path: JsonPath, orig_path: JsonPath) -> Any:
        self.sources.record(canon_path, Source(self.base.file, json_path=json_path(orig_path)))
        if isinstance(value, list):
            return [self.rename(v, (*canon_path, i), (*orig_path, i)) for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        place = "" if not canon_path else str(canon_path[0]) if len(canon_path) == 1 else None
        names = self.canonical.get(place, []) if place is not None else []
        out: dict[str, Any] = {}
        given: dict[str, str] = {}
        for key, item in value.items():
            other = str(self.aliases.get(loose(str(key)), key)) if place == "" else key
            name = next((n for n in names if loose(n) == loose(key)), other)
            if name in given:
                self._same_name(name, (*orig_path, given[name]), (*orig_path, key))
                continue
            given[name] = key
            out[name] = self.rename(item, (*canon_path, name), (*orig_path, key))
        return out

    def _same_name(self, name: str, first: JsonPath, second: JsonPath) -> None:
        msg = (
            f"”{second[-1]}” och ”{first[-1]}” ({json_path(first)}) är samma namn, ”{name}”, och skulle skriva "
            "över varandra. Behåll en av dem."
        )
        self.issues.append(error("json.samma_namn", msg, Source(self.base.file, json_path=json_path(second))))
