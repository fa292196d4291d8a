"""Who has delivered: per node, what the store holds for a period against the årsplan's deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bokslut.arsplan import Plan
from bokslut.domain import REPORTS, Level, Period
from bokslut.organisation import Node, Organisation
from bokslut.store import Attempt, Decision, Outcome, Store, Submission


class State(StrEnum):
    DELIVERED = "inlämnad"
    LATE = "inlämnad sent"
    REJECTED = "avvisad"
    MISSING = "saknas"
    OVERDUE = "försenad"
    DECIDED = "beslutad"

    @property
    def needs_attention(self) -> bool:
        return self in (State.REJECTED, State.OVERDUE)


@dataclass(frozen=True)
class NodeStatus:
    node: Node
    depth: int
    state: State
    deadline: datetime | None
    submission: Submission | None
    attempt: Attempt | None
    decision: Decision | None
    #: leaves below the node without a stored input
    missing_below: tuple[Node, ...]

    @property
    def note(self) -> str:
        """What the status board says of the node: its remarks, then the leaves missing below it."""
        missing = ", ".join(f"{n.ansvar} {n.name}" for n in self.missing_below)
        return "; ".join(p for p in (self.remarks, f"saknas under: {missing}" if missing else "") if p)

    @property
    def remarks(self) -> str:
        """The note without the leaves missing below (the web page folds those away)."""
        parts = []
        if self.attempt is not None and self.attempt.outcome is Outcome.REJECTED:
            rejected = self.submission is None or self.attempt.attempted_at > self.submission.imported_at
            if rejected:
                n = self.attempt.errors
                parts.append(
                    f"senaste importen {self.attempt.attempted_at:%Y-%m-%d %H:%M} avvisades ({n} fel) – rätta och importera igen"
                )
        if self.decision is not None:
            parts.append(f"beslutad {self.decision}")
        if self.submission is not None and self.submission.forced_reason:
            parts.append(f"ändrad efter beslut av {self.submission.imported_by}: {self.submission.forced_reason}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        s = self.submission
        return {
            "ansvar": self.node.ansvar,
            "namn": self.node.name,
            "nivå": self.node.level.value,
            "status": self.state.value,
            "sista_dag": self.deadline.isoformat() if self.deadline else None,
            "inlämnad": s.delivered_at.isoformat() if s else None,
            "importerad": s.imported_at.isoformat() if s else None,
            "version": s.version if s else None,
            "varningar": s.warnings if s else None,
            "importerad_av": s.imported_by if s else None,
            "fil": s.source_file if s else None,
            "beslut": str(self.decision) if self.decision else None,
            "saknas_under": [n.ansvar for n in self.missing_below],
            "anmärkning": self.note or None,
        }


def status(store: Store, organisation: Organisation, period: Period, plan: Plan, now: datetime) -> list[NodeStatus]:
    """One row per node from the nämnder down, in document order, as things stood at `now`: what
    was handed in or decided later (a status looked back on) is not yet there."""
    stored = _as_of(store, period, store.latest(period), now)
    attempts = {a: t for a, t in store.attempts(period).items() if local_time(t.delivered_at) <= now}
    spec = REPORTS[period.report]
    # A unit follow-up is due with the report whose workbook it is answered in.
    planned = Period(period.year, period.month, spec.input_of or spec.key)
    decisions = {d.namnd: d for d in store.decisions(period) if d.decided_on <= now.date()}
    nodes = list(organisation.walk())
    # Each leaf without a stored input, listed under every node above it: one pass over the tree.
    parents = {n.parent for n in nodes}
    missing: dict[str, list[Node]] = {}
    for leaf in nodes:
        if leaf.ansvar not in parents and leaf.ansvar not in stored:
            for above in organisation.ancestors(leaf.ansvar):
                missing.setdefault(above.ansvar, []).append(leaf)
    rows = []
    for node in nodes:
        if node.level is Level.KOMMUN or (spec.levels and node.level not in spec.levels):
            continue
        depth = sum(1 for a in organisation.ancestors(node.ansvar) if a.level is not Level.KOMMUN)
        submission = stored.get(node.ansvar)
        attempt = attempts.get(node.ansvar)
        deadline = plan.deadline(planned, node.level)
        decision = decisions.get(node.ansvar) if node.level is Level.NAMND else None
        rows.append(
            NodeStatus(
                node,
                depth,
                _state(submission, attempt, decision, deadline, now),
                deadline,
                submission,
                attempt,
                decision,
                tuple(missing.get(node.ansvar, ())),
            )
        )
    return rows


def _as_of(store: Store, period: Period, latest: dict[str, Submission], now: datetime) -> dict[str, Submission]:
    """Each ansvar's latest version handed in by `now` (an earlier one when the latest came later)."""
    out = {}
    for ansvar, submission in latest.items():
        if local_time(submission.delivered_at) <= now:
            out[ansvar] = submission
        elif earlier := [v for v in store.versions(period, ansvar) if local_time(v.delivered_at) <= now]:
            out[ansvar] = max(earlier, key=lambda v: v.version)
    return out


def _state(
    submission: Submission | None,
    attempt: Attempt | None,
    decision: Decision | None,
    deadline: datetime | None,
    now: datetime,
) -> State:
    if decision is not None:
        return State.DECIDED
    if submission is None:
        if attempt is not None and attempt.outcome is Outcome.REJECTED:
            return State.REJECTED
        return State.OVERDUE if deadline is not None and now > deadline else State.MISSING
    if deadline is not None and local_time(submission.delivered_at) > deadline:
        return State.LATE
    return State.DELIVERED


def local_time(moment: datetime) -> datetime:
    """A stored moment in local time without zone, as the årsplan's times are written."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


#: The states counted per nämnd, in the order the summary shows them.
COUNTED = (State.DELIVERED, State.LATE, State.OVERDUE, State.MISSING, State.REJECTED)


@dataclass(frozen=True)
class NamndSummary:
    """One nämnd's line of the kommun's summary: its nodes below it counted per state, and its own row."""

    node: Node
    #: state → how many nodes below the nämnd (förvaltning, avdelningar, enheter) are in it
    counts: dict[State, int]
    #: the nämnd's own row (None when the report does not ask the nämnd itself)
    own: NodeStatus | None
    #: the rows below it that someone must act on (försenad, avvisad), in the organisation's order
    attention: tuple[NodeStatus, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def decision(self) -> Decision | None:
        return self.own.decision if self.own is not None else None

    @property
    def own_input(self) -> str:
        """What the nämnd's own row says of its input: its state ("inlämnad", "saknas" …), "–"
        when the report does not ask the nämnd itself (or, once decided, has nothing of its own)."""
        if self.own is None:
            return "–"
        if self.decision is not None:
            return State.DELIVERED.value if self.own.submission is not None else "–"
        return self.own.state.value

    def as_dict(self) -> dict[str, Any]:
        return {
            "ansvar": self.node.ansvar,
            "namn": self.node.name,
            "noder": self.total,
            **counts_dict(self.counts),
            "nämndens_status": self.own.state.value if self.own else None,
            "beslut": str(self.decision) if self.decision else None,
            "behöver_åtgärdas": [{"ansvar": r.node.ansvar, "status": r.state.value} for r in self.attention],
        }


def counts_dict(counts: dict[State, int]) -> dict[str, int]:
    return {state.value.replace(" ", "_"): counts.get(state, 0) for state in COUNTED}


@dataclass(frozen=True)
class KommunSummary:
    """The kommun's line under the nämnder: their counts summed, and how many have decided."""

    counts: dict[State, int]
    namnder: int
    decided: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def kommun_summary(namnder: Sequence[NamndSummary]) -> KommunSummary:
    counts = {state: sum(s.counts[state] for s in namnder) for state in COUNTED}
    return KommunSummary(counts, len(namnder), sum(1 for s in namnder if s.decision is not None))


def per_namnd(organisation: Organisation, rows: list[NodeStatus]) -> list[NamndSummary]:
    """The status rows summed per nämnd, in the organisation's order: one pass over the rows."""
    by_ansvar = {r.node.ansvar: r for r in rows}
    namnder = [n for n in organisation.walk() if n.level is Level.NAMND]
    counts: dict[str, dict[State, int]] = {n.ansvar: dict.fromkeys(COUNTED, 0) for n in namnder}
    attention: dict[str, list[NodeStatus]] = {n.ansvar: [] for n in namnder}
    for row in rows:
        if row.node.level is Level.NAMND:
            continue
        namnd = organisation.nearest(row.node.ansvar, Level.NAMND)
        if namnd is not None and row.state in COUNTED:
            counts[namnd.ansvar][row.state] += 1
            if row.state.needs_attention:
                attention[namnd.ansvar].append(row)
    return [NamndSummary(n, counts[n.ansvar], by_ansvar.get(n.ansvar), tuple(attention[n.ansvar])) for n in namnder]
