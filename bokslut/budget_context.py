"""Build the context of Nämndens budget: a node's rolled-up budget in, plain values out.

The mall's sections in order: the goals with their styrkedja, the uppdrag, the economic frames
(drift), the investeringsbudget and förutbetalda intäkter, arbetsmiljö, and the two appendices:
the väsentlighets- och riskanalys (with each riskvärde computed) and the internkontrollplan.
Figures are summed up the organisation; the plan's lists are the node's own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bokslut import sentences
from bokslut.aggregate import NodeReport
from bokslut.budget_checks import risk_value
from bokslut.context import date_text, incomplete, lead, paragraphs
from bokslut.domain import TABLES, ReportSpec, RowKind, loose, risk_handling
from bokslut.figures import TableFigures
from bokslut.model import PlanAssignment, PlanGoal, PlannedControl, PlanWorkEnvironmentGoal, Risk
from bokslut.numbers import fmt_tkr
from bokslut.phrases import Phrases, default_phrases

#: The uppdrag from kommunfullmäktige are listed first; any other origin is the nämnd's.
_FROM_KF = ("kommunfullmäktige", "kf", "fullmäktige")

_EMPTY = {"investeringar": "budget.inga_investeringar", "forutbetalda": "budget.inga_forutbetalda"}


def build_budget_context(
    report: ReportSpec,
    node: NodeReport,
    year: int,
    kommun: str,
    today: date,
    excluded_reasons: dict[str, str],
    phrases: Phrases | None = None,
) -> dict[str, Any]:
    """The budget mall's variables for one node (a nämnd or a förvaltning)."""
    said = phrases or default_phrases()
    own = node.own
    texts = own.texts if own else {}
    plan = own.plan if own else {}
    return {
        "report": report.title,
        "title": report.title_for(year, 1),
        "period": f"Budget {year}, plan {year + 1}–{year + 2}",
        "year": str(year),
        "kommun": kommun,
        "node": {"name": node.node.name, "ansvar": node.node.ansvar, "level": node.node.level.value.capitalize()},
        "date": date_text(said, today),
        "incomplete": incomplete(said, node.excluded, excluded_reasons),
        "intro": paragraphs(texts.get("inledning")),
        "goals": _goals(plan.get("budgetmal", ()), year),
        "assignments": _assignments(plan.get("budgetuppdrag", ())),
        "drift": _drift(node, report, year, texts, said),
        "investments": _projects(node, report, year, "investeringar", texts.get("investeringsbudget"), said),
        "prepaid": _projects(node, report, year, "forutbetalda", texts.get("forutbetalda"), said),
        "environment": _environment(plan.get("budgetarbetsmiljo", ()), year, texts.get("arbetsmiljo")),
        "risks": _risks(plan.get("risker", ()), texts.get("riskanalys")),
        "control_plan": _control_plan(plan.get("kontrollplan", ()), plan.get("risker", ())),
    }


def _goals(goals: tuple[PlanGoal, ...], year: int) -> dict[str, Any]:
    return {
        "headers": {"target": f"Målvärde {year}", "now": f"Nuläge {year - 1}"},
        "entries": [
            {
                "nr": g.nr,
                "priority": g.prioriterat_mal,
                "indicator": g.indikator,
                "name": g.namndmal,
                "agenda": g.agenda_2030,
                "motivation": paragraphs(g.motivering),
                "kpis": [{"name": k.namn, "target": k.malvarde or "–", "now": k.nulage or "iu."} for k in g.nyckeltal],
            }
            for g in goals
        ],
    }


def _assignments(items: tuple[PlanAssignment, ...]) -> dict[str, Any]:
    def entry(a: PlanAssignment) -> dict[str, Any]:
        return {"nr": a.nr, "title": a.uppdrag, "text": paragraphs(a.beskrivning)}

    council = [entry(a) for a in items if loose(a.fran) in _FROM_KF]
    board = [entry(a) for a in items if loose(a.fran) not in _FROM_KF]
    return {"council": council, "board": board, "any": bool(items)}


def _table_rows(report: ReportSpec, table: TableFigures, key: str) -> list[dict[str, Any]]:
    """The table's rows with the budget's columns of that table; a project's missing figure blank."""
    columns = [c.key for c in report.columns_of(key)]
    rows: list[dict[str, Any]] = []
    for row in TABLES[key].rows:
        values = table.row(row.key)
        kind = "sum" if row.kind is RowKind.SUM else "group" if row.kind is RowKind.GROUP else "part"
        rows.append(_row(row.label, [fmt_tkr(values.get(c, 0)) for c in columns], kind))
        for project in table.projects.get(row.key, ()):
            cells = [fmt_tkr(v) if (v := project.values.get(c)) is not None else "" for c in columns]
            rows.append(_row(project.name, cells, "project"))
    return rows


def _row(label: str, cells: list[str], kind: str) -> dict[str, Any]:
    return {"label": label, "cells": cells, "kind": kind, "sum": kind == "sum"}


def _drift(node: NodeReport, report: ReportSpec, year: int, texts: dict[str, str], said: Phrases) -> dict[str, Any]:
    table = node.tables["drift"]
    net = table.row("netto")
    change = sentences.budget_change(year, net.get("budget", 0), net.get("budget_fg", 0), phrases=said)
    return {
        "columns": [c.title(year) for c in report.columns_of("drift")],
        "rows": _table_rows(report, table, "drift"),
        "text": lead(change, texts.get("ekonomiska_ramar")),
    }


def _projects(
    node: NodeReport, report: ReportSpec, year: int, key: str, text: str | None, said: Phrases
) -> dict[str, Any]:
    table = node.tables[key]
    empty = table.is_empty
    return {
        "columns": [c.title(year) for c in report.columns_of(key)],
        "rows": _table_rows(report, table, key),
        "empty": empty,
        "text": lead(said.say(_EMPTY[key]) if empty else "", text),
    }


def _environment(goals: tuple[PlanWorkEnvironmentGoal, ...], year: int, text: str | None) -> dict[str, Any]:
    return {
        "headers": {"target": f"Målvärde {year}", "now": f"Nuläge {year - 1}"},
        "goals": [
            {"goal": g.mal, "kpi": g.nyckeltal, "target": g.malvarde or "–", "now": g.nulage or "iu."} for g in goals
        ],
        "text": paragraphs(text),
    }


def _risks(risks: tuple[Risk, ...], text: str | None) -> dict[str, Any]:
    rows = []
    for r in risks:
        value = risk_value(r)
        handling = risk_handling(r.hantering) if r.hantering.strip() else None
        rows.append(
            {
                "nr": r.nr,
                "risk": r.risk,
                "process": r.process,
                "probability": str(value.probability) if value else r.sannolikhet,
                "consequence": str(value.consequence) if value else r.konsekvens,
                "value": str(value.value) if value else "",
                "handling": handling.label if handling else (r.hantering or "Ingen åtgärd"),
            }
        )
    return {"rows": rows, "text": paragraphs(text)}


def _control_plan(controls: tuple[PlannedControl, ...], risks: tuple[Risk, ...]) -> list[dict[str, Any]]:
    by_name = {loose(k): r for r in risks for k in (r.risk, r.nr) if k.strip()}
    out = []
    for c in controls:
        risk = by_name.get(loose(c.risk))
        value = risk_value(risk) if risk is not None else None
        out.append(
            {
                "risk": risk.risk if risk is not None else c.risk,
                "process": c.process or (risk.process if risk is not None else ""),
                "value": str(value.value) if value else c.riskvarde,
                "what": c.vad,
                "method": c.metod,
                "frequency": c.frekvens,
                "responsible": c.ansvarig,
                "reported_to": c.rapporteras_till,
                "follow_up": c.uppfoljning,
            }
        )
    return out
