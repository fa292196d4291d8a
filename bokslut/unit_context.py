"""Build context for a unit's follow-up (avdelning, enhet): plain, formatted values for the mall.

The document lists what was shared to the unit (`bokslut.shared`): per nämndmål and
arbetsmiljömål the unit's comment, per kritisk verksamhetsfaktor the nyckeltal with the rule's
bedömning and the trend, per internkontrollpunkt and uppdrag the unit's answer, and its drift in
brief. An avdelning's document shows its own text first and then, as underlag, what each of its
enheter wrote on the same item; an enhet that should have written and did not is named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bokslut import sentences
from bokslut.aggregate import NodeReport
from bokslut.context import SignalMark, date_text, incomplete, internal_notes, lead, legend, paragraphs, period_text
from bokslut.domain import SHARED_KINDS, TABLES, ReportSpec, SignalSet, signal_sets
from bokslut.figures import computed
from bokslut.numbers import fmt_tkr
from bokslut.organisation import Node
from bokslut.phrases import Phrases, default_phrases
from bokslut.rules import NO_VALUE, Rules, show
from bokslut.shared import Shared, SharedPlan, comment_of, evaluate, find_entry
from bokslut.units import UnitData


@dataclass(frozen=True)
class _Reporter:
    """A node whose answers the document shows: the document's own node or one of its children."""

    node: Node
    data: UnitData | None
    own: bool
    #: why there is nothing from it at all: its input is missing or has errors, or it wrote nothing
    absent: str | None
    #: what stands in the document where its answer would: "Ingen uppföljning lämnad." when
    #: absent, else "Ingen kommentar lämnad."
    missing: str

    @property
    def who(self) -> str:
        return self.node.name if self.own else f"{self.node.name} ({self.node.ansvar})"


def build_unit_context(
    report: ReportSpec,
    tree: NodeReport,
    year: int,
    plan: SharedPlan,
    rules: Rules,
    kommun: str,
    today: date,
    excluded_reasons: dict[str, str],
    phrases: Phrases | None = None,
) -> dict[str, Any]:
    """The mall's variables for one avdelning or enhet; the sentences are worded by `phrases`
    (the shipped catalogue when none is given)."""
    node = tree.node
    said = phrases or default_phrases()
    reporters = _reporters(tree, plan, excluded_reasons, said)
    sets = signal_sets()
    month = report.period(year).month
    return {
        "report": report.title,
        "title": report.title_for(year, month),
        "period": period_text(said, year, month),
        "year": str(year),
        "period_word": report.period_word,
        "kommun": kommun,
        "node": {"name": node.name, "ansvar": node.ansvar, "level": node.level.value.capitalize()},
        "date": date_text(said, today),
        "incomplete": incomplete(said, tree.excluded, excluded_reasons),
        "not_reported": [f"{r.node.name} ({r.node.ansvar}): {r.absent}" for r in reporters if r.absent],
        "has_units": any(not r.own for r in reporters),
        "goals": _commented(plan, "mal", node, reporters),
        "environment": _commented(plan, "arbetsmiljo", node, reporters),
        "factors": _factors(plan, rules, node, reporters, year, report, said),
        "controls": _controls(plan, node, reporters, sets[report.control_signals]),
        "assignments": _assignments(plan, node, reporters, sets[report.assignment_set(node.level)]),
        "drift": _drift(report, tree, year, said),
    }


def _reporters(tree: NodeReport, plan: SharedPlan, reasons: dict[str, str], phrases: Phrases) -> list[_Reporter]:
    """The node itself, then each child that something was shared to, each with why it is absent."""
    not_reported = phrases.say("enhet.ingen_uppfoljning")
    no_comment = phrases.say("enhet.ingen_kommentar")
    out = []
    for sub, own in [(tree, True), *((c, False) for c in tree.children)]:
        shared = plan.for_unit(sub.node.ansvar)
        if not own and not shared:
            continue
        absent = None
        if sub.own is None:
            reason = reasons.get(sub.node.ansvar, phrases.say("underlag.indata_saknas"))
            absent = phrases.say("enhet.uppfoljning_saknas", orsak=reason)
        elif shared and not any(_answer(s, sub.own)[1] for s in shared):
            absent = not_reported.rstrip(".").lower()
        out.append(_Reporter(sub.node, sub.own, own, absent, not_reported if absent else no_comment))
    return out


def _answer(shared: Shared, data: UnitData | None) -> tuple[Any, str]:
    """The unit's row for a shared item and its comment ("" when none)."""
    if data is None:
        return None, ""
    found = find_entry(shared, _entries(data, shared.kind))
    if found is None:
        return None, ""
    return found[1], comment_of(shared.kind, found[1])


def _entries(data: UnitData, kind: str) -> tuple[Any, ...]:
    return tuple(getattr(data, SHARED_KINDS[kind].unit_field))


def _title(shared: Shared) -> str:
    return f"{shared.item.nr}. {shared.title}" if shared.item.nr else shared.title


def _rows(plan: SharedPlan, shared: Shared, reporters: list[_Reporter]) -> list[_Reporter]:
    return [r for r in reporters if plan.applies(shared, r.node.ansvar)]


def _commented(plan: SharedPlan, kind: str, node: Node, reporters: list[_Reporter]) -> list[dict[str, Any]]:
    """Goals and arbetsmiljömål: per item, each reporter's comment (own first)."""
    out = []
    for shared in plan.for_unit(node.ansvar, kind):
        entries = []
        for r in _rows(plan, shared, reporters):
            _row, comment = _answer(shared, r.data)
            entries.append({"who": r.who, "own": r.own, "paras": paragraphs(comment) or [r.missing]})
        out.append({"title": _title(shared), "entries": entries})
    return out


def _mark(signal_set: SignalSet, key: str | None, *, by_hand: bool = False) -> SignalMark | None:
    found = next((s for s in signal_set.signals if s.key == key), None)
    return replace(SignalMark.of(signal_set, found), by_hand=by_hand) if found else None


def _factors(
    plan: SharedPlan,
    rules: Rules,
    node: Node,
    reporters: list[_Reporter],
    year: int,
    report: ReportSpec,
    phrases: Phrases,
) -> dict[str, Any]:
    sets = signal_sets()
    factor_set, trend_set = sets[report.factor_signals], sets[report.trend_signals]
    items = []
    for shared in plan.for_unit(node.ansvar, "faktor"):
        item = shared.item
        rows, notes, analyses = [], [], []
        for r in _rows(plan, shared, reporters):
            entry, comment = _answer(shared, r.data)
            typed = factor_set.find(entry.bedomning) if entry is not None and entry.bedomning.strip() else None
            result = evaluate(item, entry, rules, year, small=_small(rules, r), typed=typed.key if typed else None)
            rows.append(
                {
                    "who": r.who,
                    "target": _target(item, rules, year, phrases),
                    "outcome": (entry.utfall.strip() or "iu.") if entry is not None else "iu.",
                    "last": (entry.utfall_fg.strip() or "iu.") if entry is not None else "iu.",
                    "signal": _mark(factor_set, result.shown, by_hand=result.by_hand),
                    "by_hand": "satt manuellt" if result.by_hand else "",
                    "trend": _mark(trend_set, result.trend),
                    # the rule as it assessed this row: a small ansvar's steps only on its own row
                    "rule": result.rule_text,
                }
            )
            if (
                result.computed is not None
                and entry is not None
                and (result.by_hand or result.computed.signal != NO_VALUE)
            ):
                note = f"{r.who}: {result.computed.reason}"
                if result.by_hand and result.shown:
                    rule_label = _label(factor_set, result.computed.signal)
                    by_hand = phrases.say(
                        "enhet.manuell_mot_regel", regel=rule_label, bedömning=_label(factor_set, result.shown)
                    )
                    note += f" {by_hand}"
                notes.append(note)
            elif result.by_hand:
                notes.append(f"{r.who}: {phrases.say('enhet.manuell_utan_regel')}")
            analyses.append({"who": r.who, "own": r.own, "paras": paragraphs(comment) or [r.missing]})
        items.append(
            {
                "title": _title(shared),
                "kpi": item.nyckeltal,
                "rows": rows,
                "notes": notes,
                "analyses": analyses,
            }
        )
    return {
        "legend": legend(factor_set) if items else [],
        "trend_legend": legend(trend_set) if items else [],
        "headers": {"outcome": f"Utfall {year}", "last": f"Utfall {year - 1}"},
        "entries": items,
    }


def _label(signal_set: SignalSet, key: str) -> str:
    return next(s.label for s in signal_set.signals if s.key == key)


def _target(item: Any, rules: Rules, year: int, phrases: Phrases) -> str:
    if item.malvarde.strip():
        return str(item.malvarde).strip()
    rule = rules.get(item.regel) if item.regel else None
    found = rules.reference(rule.reference, item.referens, year) if rule and rule.reference else None
    if found is None:
        return phrases.say("enhet.inget_malvarde")
    return phrases.say("enhet.riket", värde=show(found[1], item.enhet))


def _small(rules: Rules, reporter: _Reporter) -> bool:
    data = reporter.data
    budget = data.tables["drift"].row("personal").get("budget") if data and "drift" in data.tables else None
    return rules.is_small(reporter.node.ansvar, budget)


def _chosen(signal_set: SignalSet, entry: Any) -> SignalMark | None:
    """The signal a unit chose for a shared item, if it chose one from the set."""
    signal = signal_set.find(entry.bedomning) if entry is not None and entry.bedomning else None
    return SignalMark.of(signal_set, signal) if signal else None


def _controls(plan: SharedPlan, node: Node, reporters: list[_Reporter], signal_set: SignalSet) -> dict[str, Any]:
    items = []
    for shared in plan.for_unit(node.ansvar, "kontroll"):
        rows = []
        for r in _rows(plan, shared, reporters):
            entry, comment = _answer(shared, r.data)
            rows.append(
                {
                    "who": r.who,
                    "signal": _chosen(signal_set, entry),
                    "result": comment or r.missing,
                    "action": "\n".join(paragraphs(entry.atgard)) if entry is not None else "",
                }
            )
        items.append({"title": shared.title, "rows": rows})
    return {"legend": legend(signal_set) if items else [], "entries": items}


def _assignments(plan: SharedPlan, node: Node, reporters: list[_Reporter], signal_set: SignalSet) -> dict[str, Any]:
    items = []
    for shared in plan.for_unit(node.ansvar, "uppdrag"):
        entries = []
        for r in _rows(plan, shared, reporters):
            entry, comment = _answer(shared, r.data)
            entries.append(
                {
                    "who": r.who,
                    "own": r.own,
                    "signal": _chosen(signal_set, entry),
                    "paras": paragraphs(comment) or [r.missing],
                }
            )
        items.append({"title": _title(shared), "entries": entries})
    return {"legend": legend(signal_set) if items else [], "entries": items}


def _drift(report: ReportSpec, tree: NodeReport, year: int, phrases: Phrases) -> dict[str, Any]:
    """The unit's drift in brief: a few rows and columns, what was eliminated or is internal in
    them (as under the nämnd's drift table), and the overall sentence."""
    table = tree.tables["drift"]
    spec = TABLES["drift"]
    columns = [report.column(k) for k in report.brief_columns]
    rows = []
    for key in report.brief_rows:
        full = computed(report, spec, table.row(key))
        rows.append({"label": spec.row(key).label, "cells": [fmt_tkr(full[c.key]) for c in columns]})
    result = table.row("resultat")
    end = "utfall" if report.final else "prognos"
    own_texts = tree.own.texts if tree.own else {}
    summary = sentences.overall(
        tree.node.level, result.get(end, 0) - result.get("budget", 0), final=report.final, phrases=phrases
    )
    return {
        "columns": [c.title(year) for c in columns],
        "rows": rows,
        "eliminated": internal_notes(tree, report, year, phrases),
        "summary": lead(summary, own_texts.get("inledande_sammanfattning")),
    }


__all__ = ["build_unit_context"]
