"""A unit: one ansvar's validated input, and what the later stages use of it (`UnitData`).

`to_unit_data` turns checked input into whole-tkr figures, texts and the canonical document the
store keeps; nothing here judges the input (that is `bokslut.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from bokslut.domain import (
    DRIFT,
    FORECAST_POINTS,
    STAT_TABLES,
    TABLES,
    ReportSpec,
    RowKind,
    TableSpec,
)
from bokslut.figures import InternalFigure, Project, TableFigures
from bokslut.issues import Source
from bokslut.model import PLAN_LISTS, Amounts, Group, InternalItem, Path, PlanAmounts, PlanGroup, SourceMap
from bokslut.numbers import round_half_up
from bokslut.sources.base import RawInput


@dataclass(frozen=True)
class Unit:
    """One ansvar's input as validated by the model, with where its values came from."""

    ansvar: str
    input: BaseModel
    raw: RawInput

    def at(self, path: Path) -> Source:
        return self.raw.sources.at(path)


@dataclass(frozen=True)
class UnitData:
    """What the later stages use: whole-tkr tables, texts, goals, all checked."""

    ansvar: str
    source: Source
    tables: dict[str, TableFigures]
    texts: dict[str, str] = field(default_factory=dict)
    drift_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    goals: tuple[Any, ...] = ()
    assignments: tuple[Any, ...] = ()
    controls: tuple[Any, ...] = ()
    work_environment: tuple[Any, ...] = ()
    #: personnel tables: table key → row label → (last year, this year)
    stats: dict[str, dict[str, tuple[Decimal | None, Decimal | None]]] = field(default_factory=dict)
    #: earlier forecasts of Årets resultat (prognossäkerhet): point key → tkr
    forecasts: dict[str, int] = field(default_factory=dict)
    #: a unit's follow-up of the kritiska verksamhetsfaktorer shared to it (flik Kritiska faktorer)
    factors: tuple[Any, ...] = ()
    #: the decided internkontrollplan's points (their "vad") that this follow-up does not report
    unfollowed: tuple[str, ...] = ()
    #: the budget's lists (goals, uppdrag, arbetsmiljömål, risks, internkontrollplan), by field name
    plan: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    #: the internal part of the drift rows, each with its motpart (flik Interna poster)
    internal: tuple[InternalFigure, ...] = ()
    #: the validated input as a JSON document of the input format: what the store keeps
    document: dict[str, Any] = field(default_factory=dict, compare=False)
    #: where each value came from, for messages about a cell after validation
    sources: SourceMap | None = field(default=None, compare=False)
    #: the files the input was read from (a workbook and an export combined: both)
    files: tuple[str, ...] = field(default=(), compare=False)


def has_projects_in(group: Group | PlanGroup | None, col: str) -> bool:
    return group is not None and any(getattr(p, col) is not None for p in group.projekt)


def to_unit_data(unit: Unit, report: ReportSpec) -> UnitData:
    inp: Any = unit.input
    tables = {key: _figures(TABLES[key], getattr(inp, key), report) for key in report.table_fliks}
    texts = {k: v for k, v in (inp.texter.model_dump() if inp.texter else {}).items() if v}
    drift_texts = {
        k: {tk: tv for tk, tv in v.items() if tv}
        for k, v in (inp.texter_drift.model_dump() if getattr(inp, "texter_drift", None) else {}).items()
        if v
    }
    stats: dict[str, dict[str, tuple[Decimal | None, Decimal | None]]] = {}
    for key in report.stat_tables:
        data = getattr(inp, key)
        rows = [(label, getattr(data, f"r{i}")) for i, label in enumerate(STAT_TABLES[key].rows)] if data else []
        stats[key] = {label: (row.fg, row.ar) for label, row in rows if row is not None}
    forecasts = {}
    if getattr(inp, "prognossakerhet", None) is not None:
        for key in FORECAST_POINTS:
            point = getattr(inp.prognossakerhet, key)
            if point is not None and point.prognos is not None:
                forecasts[key] = int(round_half_up(point.prognos))
    return UnitData(
        ansvar=unit.ansvar,
        source=unit.at(("Uppgifter",)),
        tables=tables,
        texts=texts,
        drift_texts=drift_texts,
        goals=getattr(inp, "mal", ()),
        assignments=getattr(inp, "uppdrag", ()),
        controls=getattr(inp, "internkontroll", ()),
        work_environment=getattr(inp, "arbetsmiljo", ()),
        stats=stats,
        forecasts=forecasts,
        factors=getattr(inp, "faktorer", ()),
        plan={name: getattr(inp, name) for name, *_ in PLAN_LISTS.values() if name in type(inp).model_fields},
        internal=_internal(getattr(inp, "interna", ()), report),
        document=canonical_document(inp, report),
        sources=unit.raw.sources,
        files=unit.raw.files,
    )


def _internal(items: tuple[Any, ...], report: ReportSpec) -> tuple[InternalFigure, ...]:
    """The internal items as whole tkr; one whose kontogrupp is no drift row was reported by the
    checks and is left out."""
    cols = [c.key for c in report.input_columns_of("drift")]
    out = []
    for index, item in enumerate(items):
        row = DRIFT.find_row(item.kontogrupp)
        if row is not None:
            out.append(InternalFigure(row.key, item.motpart.strip(), _whole(item, cols), index))
    return tuple(out)


def canonical_document(inp: BaseModel, report: ReportSpec) -> dict[str, Any]:
    """The input as a JSON document of the input format, reduced to what it says.

    Computed cells (sum rows, Avv., Diff.) and empty texts are left out and whole amounts are
    integers, so the same figures give the same document whether they came from a workbook or
    from JSON: re-importing them is a no-op.
    """
    document: dict[str, Any] = {}
    dumped = inp.model_dump(by_alias=True)
    for name, field_info in type(inp).model_fields.items():
        key = field_info.alias or name
        if name in report.table_fliks:
            keep = {c.key for c in report.input_columns_of(name)}
            document[key] = _canonical_table(TABLES[name], getattr(inp, name), keep)
            continue
        value = _pruned(dumped.get(key))
        if name == "prognossakerhet" and isinstance(value, dict):  # Avvikelse från bokslut is computed
            value = _pruned({point: {k: v for k, v in p.items() if k != "avvikelse"} for point, p in value.items()})
        if name == "risker" and isinstance(value, list):  # the riskvärde is sannolikhet × konsekvens
            value = [{k: v for k, v in risk.items() if k != "riskvärde"} for risk in value]
        if value not in (None, {}, []):
            document[key] = value
    return document


def _canonical_table(table: TableSpec, data: BaseModel | None, keep: set[str]) -> dict[str, Any]:
    if data is None:
        return {}
    out: dict[str, Any] = {}
    for row in table.rows:
        value = getattr(data, row.key)
        if value is None or row.kind is RowKind.SUM:
            continue
        if isinstance(value, Group | PlanGroup):
            group: dict[str, Any] = {}
            projects = [{"namn": p.namn, **_amounts(p, keep)} for p in value.projekt]
            if projects:
                group["projekt"] = projects
            # The category row beyond its projects; a zero there is the sum formula of no projects.
            rest = {c: v for c, v in _amounts(value.summa, keep).items() if v and not has_projects_in(value, c)}
            if rest:
                group["summa"] = rest
            if group:
                out[row.label] = group
        elif amounts := _amounts(value, keep):
            out[row.label] = amounts
    return out


def _amounts(amounts: Amounts | PlanAmounts | None, keep: set[str]) -> dict[str, int | str]:
    if amounts is None:
        return {}
    out: dict[str, int | str] = {}
    for col in keep:
        value = getattr(amounts, col)
        if value is not None:
            out[col] = _pruned(value)
    return out


def _pruned(value: Any) -> Any:
    """As JSON, without empty texts, nulls and what becomes empty by leaving them out; a number
    in its shortest form (7.0 → 7, 4.50 → "4.5")."""
    if isinstance(value, dict):
        items = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v not in (None, "", {}, [])}
    if isinstance(value, list | tuple):
        return [_pruned(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")
    return value


def _whole(amounts: Amounts | PlanAmounts | InternalItem | None, cols: list[str]) -> dict[str, int]:
    if amounts is None:
        return {}
    return {c: int(round_half_up(getattr(amounts, c))) for c in cols if getattr(amounts, c) is not None}


def _figures(table: TableSpec, data: BaseModel | None, report: ReportSpec) -> TableFigures:
    if data is None:
        return TableFigures(table)
    cols = [c.key for c in report.input_columns_of(table.key)]
    inputs, projects, rest = {}, {}, {}
    for row in table.rows:
        value = getattr(data, row.key)
        if row.kind is RowKind.GROUP and value is not None:
            projects[row.key] = tuple(Project(p.namn, _whole(p, cols)) for p in value.projekt)
            summa = _whole(value.summa, cols)
            rest[row.key] = {c: v for c, v in summa.items() if not has_projects_in(value, c)}
        elif row.is_input:
            inputs[row.key] = _whole(value, cols)
    return TableFigures(table, inputs, projects, rest)
