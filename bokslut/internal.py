"""Internal transactions: a sale between two ansvar of the kommun, as each party states it.

A unit's drift rows hold its whole intäkter and kostnader; its flik Interna poster says how much
of a row was sold to or bought from another ansvar (the motpart). A sale is a `Flow` from the
seller to the buyer: the seller's internal intäkter towards the buyer and the buyer's internal
kostnader towards the seller. At the lowest node whose subtree holds both parties (and above it)
the pair is eliminated from the drift rows; below it each unit shows its own figures.

Where the two parties state different amounts, the part both agree on (the smaller) is
eliminated and the rest is the flow's unmatched amount: it stays in the figures, and the node
where the pair meets says so. Nothing here judges an input; `bokslut.checks` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bokslut.domain import DRIFT
from bokslut.figures import InternalFigure
from bokslut.units import UnitData


@dataclass(frozen=True)
class Party:
    """One side of a flow: the ansvar and its items that state it."""

    ansvar: str
    items: tuple[InternalFigure, ...]

    def total(self, column: str) -> int:
        """What this side states, as a positive amount."""
        return abs(sum(i.values.get(column, 0) for i in self.items))

    def states(self, column: str) -> bool:
        return any(column in i.values for i in self.items)


@dataclass(frozen=True)
class Flow:
    """What `seller` sold to `buyer` during the period, as each of them states it."""

    seller: Party
    buyer: Party

    @property
    def columns(self) -> list[str]:
        found = {c for side in (self.seller, self.buyer) for i in side.items for c in i.values}
        return sorted(found)

    def matched(self, column: str) -> int:
        """The amount both parties state: eliminated where they meet."""
        return min(self.seller.total(column), self.buyer.total(column))

    def difference(self, column: str) -> int:
        """Seller's amount − buyer's: what one side states and the other does not."""
        return self.seller.total(column) - self.buyer.total(column)

    def eliminations(self) -> dict[str, dict[str, dict[str, int]]]:
        """What to add to each party's drift rows to remove the matched part: ansvar → row →
        column → tkr. The matched amount is taken from the items in their order, each up to its
        own amount, so the rows of a party lose exactly what was matched."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for column in self.columns:
            for side in (self.seller, self.buyer):
                left = self.matched(column)
                for item in side.items:
                    value = item.values.get(column, 0)
                    take = min(abs(value), left)
                    left -= take
                    if take:
                        rows = out.setdefault(side.ansvar, {})
                        row = rows.setdefault(item.row, {})
                        row[column] = row.get(column, 0) + (-take if value > 0 else take)
        return out


def flows(units: Iterable[UnitData]) -> list[Flow]:
    """Every pair of seller and buyer that either party names, with both parties' items.

    An item on an intäkt row is a sale to its motpart; on a cost row, a purchase from it. A unit
    whose motpart has no item back still forms a flow: the other side states nothing.
    """
    signs = {r.key: r.sign for r in DRIFT.rows}
    sold: dict[tuple[str, str], list[InternalFigure]] = {}
    bought: dict[tuple[str, str], list[InternalFigure]] = {}
    for unit in units:
        for item in unit.internal:
            if not item.motpart or item.motpart == unit.ansvar:
                continue
            if signs.get(item.row, 0) > 0:
                sold.setdefault((unit.ansvar, item.motpart), []).append(item)
            else:
                bought.setdefault((item.motpart, unit.ansvar), []).append(item)
    pairs = sorted({*sold, *bought})
    return [
        Flow(Party(seller, tuple(sold.get((seller, buyer), ()))), Party(buyer, tuple(bought.get((seller, buyer), ()))))
        for seller, buyer in pairs
    ]


def totals(flows_: Iterable[Flow], amount: str) -> dict[str, int]:
    """Per column, the flows' matched amounts (`amount="matched"`) or unmatched ones ("unmatched")."""
    out: dict[str, int] = {}
    for flow in flows_:
        for column in flow.columns:
            value = flow.matched(column) if amount == "matched" else abs(flow.difference(column))
            out[column] = out.get(column, 0) + value
    return out


def add_deltas(a: Mapping[str, Mapping[str, int]], b: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Two sets of row → column → tkr added together."""
    out = {row: dict(cols) for row, cols in a.items()}
    for row, cols in b.items():
        target = out.setdefault(row, {})
        for column, value in cols.items():
            target[column] = target.get(column, 0) + value
    return out
