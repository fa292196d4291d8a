"""Validated, whole-tkr figures of one ansvar or one node: the shape aggregation sums."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bokslut.domain import ReportSpec, RowKind, TableSpec, loose

Values = Mapping[str, int]


def add(a: Values, b: Values) -> dict[str, int]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in {*a, *b}}


def total(rows: Iterable[Values]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out = add(out, row)
    return out


@dataclass(frozen=True)
class Project:
    name: str
    values: Values


@dataclass(frozen=True)
class InternalFigure:
    """The internal part of one of an ansvar's drift rows (flik Interna poster), in whole tkr."""

    #: the drift row it is part of (intakter, personal, lokalhyror, kop, ovriga)
    row: str
    #: the counterparty's ansvar
    motpart: str
    values: Values
    #: its place on the flik, for pointing at its cells
    index: int


@dataclass(frozen=True)
class TableFigures:
    """One table's input rows; sums and group rows are derived, never stored."""

    spec: TableSpec
    #: input and "varav" rows: row key → column key → tkr
    inputs: Mapping[str, Values] = field(default_factory=dict)
    #: group key → its projects
    projects: Mapping[str, tuple[Project, ...]] = field(default_factory=dict)
    #: group key → what the category row carries beyond its projects (last year's per category)
    rest: Mapping[str, Values] = field(default_factory=dict)

    def row(self, key: str) -> dict[str, int]:
        spec = self.spec.row(key)
        if spec.kind is RowKind.SUM:
            return total(self.row(k) for k in spec.sum_of)
        if spec.kind is RowKind.GROUP:
            return add(total(p.values for p in self.projects.get(key, ())), self.rest.get(key, {}))
        return dict(self.inputs.get(key, {}))

    def residual(self, key: str) -> dict[str, int] | None:
        """The line a category needs beyond its projects ("Ej fördelat på projekt"), or None.

        A column in which some project has no figure (last year known per category only) shows
        that project blank and the category carries the figure: the reader sees the projects do
        not add up. A column in which every project has a figure must add up on the page, so
        where the category carries more there (a unit that reported the category without the
        projects), the rest is shown as a line of its own.
        """
        rest = self.rest.get(key, {})
        projects = self.projects.get(key, ())
        if not projects:
            return None
        if any(v and all(c in p.values for p in projects) for c, v in rest.items()):
            return dict(rest)
        return None

    def adjusted(self, deltas: Mapping[str, Values]) -> TableFigures:
        """The table with `deltas` (row key → column → tkr) added to its input rows."""
        inputs = {k: add(self.inputs.get(k, {}), deltas.get(k, {})) for k in {*self.inputs, *deltas}}
        return TableFigures(self.spec, inputs, self.projects, self.rest)

    def __add__(self, other: TableFigures) -> TableFigures:
        inputs = {k: add(self.inputs.get(k, {}), other.inputs.get(k, {})) for k in {*self.inputs, *other.inputs}}
        rest = {k: add(self.rest.get(k, {}), other.rest.get(k, {})) for k in {*self.rest, *other.rest}}
        projects = {}
        for k in {*self.projects, *other.projects}:
            projects[k], unassigned = _merge_projects(self.projects.get(k, ()) + other.projects.get(k, ()))
            if unassigned:
                rest[k] = add(rest.get(k, {}), unassigned)
        return TableFigures(self.spec, inputs, projects, rest)

    @property
    def is_empty(self) -> bool:
        return not any(any(v for v in self.row(r.key).values()) for r in self.spec.rows) and not any(
            self.projects.values()
        )


def _merge_projects(projects: tuple[Project, ...]) -> tuple[tuple[Project, ...], dict[str, int]]:
    """The same project reported by two units is one line at the level above.

    A column one of them left blank is blank on the merged line too (a partial figure would
    pass for the whole); what the others gave there goes to the category's rest, so the
    category row still sums everything. Returns the lines and that rest.
    """
    merged: dict[str, Project] = {}
    unassigned: dict[str, int] = {}
    for project in projects:
        key = loose(project.name)
        if key not in merged:
            merged[key] = project
            continue
        before = merged[key].values
        both = set(before) & set(project.values)
        for one in (before, project.values):
            unassigned = add(unassigned, {c: v for c, v in one.items() if c not in both})
        merged[key] = Project(merged[key].name, {c: before[c] + project.values[c] for c in both})
    return tuple(merged.values()), unassigned


def empty_tables(report: ReportSpec) -> dict[str, TableFigures]:
    from bokslut.domain import TABLES

    return {key: TableFigures(TABLES[key]) for key in report.table_fliks}


def shown(report: ReportSpec, table: TableSpec, values: Values) -> dict[str, int | None]:
    """A project line's columns as the page shows them: a column its input lacks is blank (None),
    and so is a difference of which one side is blank (a missing figure is not a zero)."""
    out: dict[str, int | None] = {c.key: values.get(c.key) for c in report.columns if c.is_input}
    for column in report.columns:
        if column.difference is not None:
            a, b = column.operands(table)
            first, second = out.get(a), out.get(b)
            out[column.key] = None if first is None or second is None else first - second
    return out


def computed(report: ReportSpec, table: TableSpec, values: Values) -> dict[str, int]:
    """All of a report's columns for one row: input columns plus the computed differences."""
    out = {c.key: values.get(c.key, 0) for c in report.columns if c.is_input}
    for column in report.columns:
        if column.difference is not None:
            a, b = column.operands(table)
            out[column.key] = out.get(a, 0) - out.get(b, 0)
    return out
