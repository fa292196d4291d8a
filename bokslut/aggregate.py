"""Aggregate: each node's tables are its own figures plus its children's; texts are collected.

Internal transactions (`bokslut.internal`) are eliminated at the lowest node whose subtree holds
both parties, and at every node above it; each node keeps what was eliminated, what could not be
matched, and what internal trade with ansvar outside it its figures still hold.

A unit whose input has errors is left out of every sum above it, and every node above it records
that, so its document can say it is incomplete instead of silently showing smaller figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bokslut.domain import ReportSpec
from bokslut.figures import TableFigures, Values, add, empty_tables
from bokslut.internal import Flow, add_deltas, flows, totals
from bokslut.organisation import Node, Organisation
from bokslut.units import UnitData


@dataclass(frozen=True)
class Internal:
    """A node's internal transactions, per column in tkr."""

    #: sales between parties both inside the node, removed from its intäkter and kostnader
    eliminated: Values = field(default_factory=dict)
    #: what one party inside the node states and the other does not: left in the figures
    unmatched: Values = field(default_factory=dict)
    #: what the node's figures still hold of sales to and purchases from ansvar outside it
    sold: Values = field(default_factory=dict)
    bought: Values = field(default_factory=dict)


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
    #: internal transactions eliminated here and below, unmatched, and with the outside
    internal: Internal = field(default_factory=Internal)


def aggregate(
    organisation: Organisation, units: list[UnitData], report: ReportSpec, rejected: set[str]
) -> dict[str, NodeReport]:
    """Roll every node up from its subtree; `rejected` are ansvar whose input has errors."""
    by_ansvar = {u.ansvar: u for u in units if u.ansvar not in rejected}
    reports: dict[str, NodeReport] = {}
    meeting: dict[str, list[Flow]] = {}
    every_flow = flows(by_ansvar.values())
    for flow in every_flow:
        node = _meeting_node(organisation, flow.seller.ansvar, flow.buyer.ansvar)
        if node is not None:
            meeting.setdefault(node, []).append(flow)

    def build(node: Node) -> NodeReport:
        children = tuple(build(c) for c in organisation.children(node.ansvar))
        own = by_ansvar.get(node.ansvar)
        tables = dict(own.tables) if own else empty_tables(report)
        forecasts = dict(own.forecasts) if own else {}
        for child in children:
            tables = {k: tables[k] + child.tables[k] for k in tables}
            forecasts = add(forecasts, child.forecasts)
        here = meeting.get(node.ansvar, [])
        deltas: dict[str, dict[str, int]] = {}
        for flow in here:
            for rows in flow.eliminations().values():
                deltas = add_deltas(deltas, rows)
        if deltas and "drift" in tables:
            tables["drift"] = tables["drift"].adjusted(deltas)
        internal = _internal(node, children, here, every_flow, organisation)
        excluded: tuple[Node, ...] = ()
        if node.ansvar in rejected or (own is None and not children):
            excluded = (node,)
        for child in children:
            excluded += child.excluded
        result = NodeReport(node, own, tables, children, excluded, forecasts, internal)
        reports[node.ansvar] = result
        return result

    for root in organisation.roots:
        build(root)
    return reports


def _meeting_node(organisation: Organisation, a: str, b: str) -> str | None:
    """The lowest node whose subtree holds both `a` and `b`; None when either is unknown."""
    if organisation.get(a) is None or organisation.get(b) is None:
        return None
    above_a = [a, *(n.ansvar for n in organisation.ancestors(a))]
    above_b = {b, *(n.ansvar for n in organisation.ancestors(b))}
    return next((x for x in above_a if x in above_b), None)


def _internal(
    node: Node, children: tuple[NodeReport, ...], here: list[Flow], every: list[Flow], organisation: Organisation
) -> Internal:
    """What was eliminated and left unmatched at this node and below, and the trade with the outside."""
    eliminated, unmatched = totals(here, "matched"), totals(here, "unmatched")
    for child in children:
        eliminated = add(eliminated, child.internal.eliminated)
        unmatched = add(unmatched, child.internal.unmatched)
    if not every:
        return Internal(eliminated, unmatched)
    inside = {n.ansvar for n in organisation.walk(node.ansvar)}
    sold: dict[str, int] = {}
    bought: dict[str, int] = {}
    for flow in every:
        seller_in, buyer_in = flow.seller.ansvar in inside, flow.buyer.ansvar in inside
        if seller_in == buyer_in:
            continue
        for column in flow.columns:
            if seller_in and flow.seller.states(column):
                sold[column] = sold.get(column, 0) + flow.seller.total(column)
            if buyer_in and flow.buyer.states(column):
                bought[column] = bought.get(column, 0) + flow.buyer.total(column)
    return Internal(eliminated, unmatched, sold, bought)
