"""Aggregate: each node's tables are its own figures plus its children's; texts are collected.

A unit whose input has errors is left out of every sum above it, and every node above it records
that, so its document can say it is incomplete instead of silently showing smaller figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from bokslut.domain import ReportSpec
from bokslut.figures import TableFigures, add, empty_tables
from bokslut.organisation import Node, Organisation
from bokslut.units import UnitData


@dataclass(frozen=True)
class NodeReport:
    node: Node
    own: UnitData | None
    tables: dict[str, TableFigures]
    children: tuple[NodeReport, ...]
    #: descendants (or the node itself) whose input is missing or has errors
    excluded: tuple[Node, ...]
    #: earlier forecasts of Årets resultat, summed like the tables (prognossäkerhet)
    forecasts: dict[str, int]


def aggregate(
    organisation: Organisation, units: list[UnitData], report: ReportSpec, rejected: set[str]
) -> dict[str, NodeReport]:
    """Roll every node up from its subtree; `rejected` are ansvar whose input has errors."""
    by_ansvar = {u.ansvar: u for u in units if u.ansvar not in rejected}
    reports: dict[str, NodeReport] = {}

    def build(node: Node) -> NodeReport:
        children = tuple(build(c) for c in organisation.children(node.ansvar))
        own = by_ansvar.get(node.ansvar)
        tables = dict(own.tables) if own else empty_tables(report)
        forecasts = dict(own.forecasts) if own else {}
        for child in children:
            tables = {k: tables[k] + child.tables[k] for k in tables}
            forecasts = add(forecasts, child.forecasts)
        excluded: tuple[Node, ...] = ()
        if node.ansvar in rejected or (own is None and not children):
            excluded = (node,)
        for child in children:
            excluded += child.excluded
        result = NodeReport(node, own, tables, children, excluded, forecasts)
        reports[node.ansvar] = result
        return result

    for root in organisation.roots:
        build(root)
    return reports
