"""Build context: a node's rolled-up report in, plain already-formatted values out.

The template receives strings, lists and `SignalMark`s only; nothing computes while Word is
being written. Texts are lists of paragraphs (a blank line in the author's text starts a new one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bokslut import sentences
from bokslut.aggregate import NodeReport
from bokslut.domain import (
    DRIFT_TEXTS,
    MONTHS,
    TABLES,
    TEXTS,
    Level,
    ReportSpec,
    RowKind,
    Signal,
    SignalSet,
    signal_sets,
)
from bokslut.figures import TableFigures, computed
from bokslut.numbers import fmt_decimal, fmt_tkr

NOT_EVALUATED = "ej_utvarderad"
NOT_FOLLOWED_UP = "ej_uppfoljd"


@dataclass(frozen=True)
class SignalMark:
    """A signal as the document shows it: the symbol (drawn at render time) and its label."""

    set_key: str
    key: str
    label: str
    colour: str
    shape: str
    by_hand: bool = False

    @classmethod
    def of(cls, signal_set: SignalSet, signal: Signal) -> SignalMark:
        return cls(signal_set.key, signal.key, signal.label, signal.colour, signal.shape)


def paragraphs(text: str | None) -> list[str]:
    """An author's text as paragraphs; single line breaks stay inside their paragraph."""
    if not text or not text.strip():
        return []
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def lead(sentence: str, *texts: str | None) -> list[str]:
    """A generated first sentence followed by the author's own text, in one paragraph."""
    paras = [p for text in texts for p in paragraphs(text)]
    if not sentence:
        return paras
    return [f"{sentence} {paras[0]}", *paras[1:]] if paras else [sentence]


def legend(signal_set: SignalSet) -> list[SignalMark]:
    return [SignalMark.of(signal_set, s) for s in signal_set.signals]


def _signal(signal_set: SignalSet, text: str) -> SignalMark | None:
    found = signal_set.find(text) if text else None
    return SignalMark.of(signal_set, found) if found else None


def _kpi(value: str) -> str:
    return value.strip() or "iu."


def build_context(
    report: ReportSpec, node: NodeReport, year: int, kommun: str, today: date, excluded_reasons: dict[str, str]
) -> dict[str, Any]:
    own = node.own
    texts = own.texts if own else {}
    level = node.node.level
    sets = signal_sets()
    return {
        "report": report.title,
        "title": f"{report.title} {year}",
        "period": f"Januari–{MONTHS[report.month - 1]} {year}",
        "year": str(year),
        "kommun": kommun,
        "node": {
            "name": node.node.name,
            "ansvar": node.node.ansvar,
            "level": level.value.capitalize(),
        },
        "date": f"{today.day} {MONTHS[today.month - 1]} {today.year}",
        "incomplete": [
            f"{n.name} ({n.ansvar}): {excluded_reasons.get(n.ansvar, 'indata saknas')}" for n in node.excluded
        ],
        "verksamhet": paragraphs(texts.get("verksamhet")),
        "goals": _goals(node, year, sets[report.goal_signals]),
        "assignments": _assignments(node, sets[report.assignment_signals]),
        "immediate": paragraphs(texts.get("omedelbara_atgarder")),
        "control": _controls(node, report, sets[report.control_signals]),
        "columns": [c.title(year) for c in report.columns],
        "drift": _drift(node, report, year),
        "investments": _project_table(node, report, "investeringar", "Investeringsutgifterna"),
        "prepaid": _project_table(node, report, "forutbetalda", "De förutbetalda intäkterna"),
        "personnel": _personnel(node, year),
        "underlag": _underlag(node),
    }


def _goals(node: NodeReport, year: int, signal_set: SignalSet) -> dict[str, Any]:
    goals = node.own.goals if node.own else ()
    items = []
    marks = []
    for goal in goals:
        mark = _signal(signal_set, goal.bedomning)
        marks.append(signal_set.find(goal.bedomning) if goal.bedomning else None)
        items.append(
            {
                "nr": goal.nr,
                "priority": goal.prioriterat_mal,
                "name": goal.namndmal,
                "agenda": goal.agenda_2030,
                "signal": mark,
                "comment": paragraphs(goal.kommentar),
                "kpis": [
                    {
                        "name": k.namn,
                        "target": _kpi(k.mal),
                        "outcome": _kpi(k.utfall),
                        "last": _kpi(k.utfall_fg),
                        "before": _kpi(k.utfall_fg2),
                    }
                    for k in goal.nyckeltal
                ],
            }
        )
    return {
        "summary": sentences.goal_summary(node.node.level, year, marks, signal_set, NOT_EVALUATED),
        "legend": legend(signal_set) if any(marks) else [],
        "entries": items,
        "headers": {
            "target": f"Mål {year}",
            "outcome": f"Utfall {year}",
            "last": f"Utfall {year - 1}",
            "before": f"Utfall {year - 2}",
        },
    }


def _assignments(node: NodeReport, signal_set: SignalSet) -> dict[str, Any]:
    items = node.own.assignments if node.own else ()
    return {
        "legend": legend(signal_set),
        "entries": [
            {
                "nr": a.nr,
                "title": a.uppdrag,
                "text": paragraphs(a.redogorelse),
                "signal": _signal(signal_set, a.bedomning),
            }
            for a in items
        ],
    }


def _owner(level: Level) -> str:
    return {
        Level.NAMND: "nämndens",
        Level.FORVALTNING: "förvaltningens",
        Level.AVDELNING: "avdelningens",
        Level.ENHET: "enhetens",
        Level.KOMMUN: "kommunens",
    }[level]


def _controls(node: NodeReport, report: ReportSpec, signal_set: SignalSet) -> dict[str, Any]:
    controls = node.own.controls if node.own else ()
    marks = [signal_set.find(c.bedomning) if c.bedomning else None for c in controls]
    followed = [m for m in marks if m is not None and m.key != NOT_FOLLOWED_UP]
    without = sum(1 for m in followed if m.key == "utan_anmarkning")
    items = []
    for control, mark in zip(controls, marks, strict=True):
        shown = mark or signal_set.find(NOT_FOLLOWED_UP)
        items.append(
            {
                "what": control.vad,
                "frequency": control.frekvens,
                "method": control.metod,
                "signal": SignalMark.of(signal_set, shown) if shown else None,
                "result": paragraphs(control.resultat),
                "action": paragraphs(control.atgard),
            }
        )
    texts = node.own.texts if node.own else {}
    return {
        "summary": sentences.control_summary(
            _owner(node.node.level), len(controls), without, len(followed) - without, f"{report.period_word}"
        ),
        "text": paragraphs(texts.get("internkontroll")),
        "legend": legend(signal_set),
        "entries": items,
    }


def _cells(report: ReportSpec, table: TableFigures, values: dict[str, int]) -> list[str]:
    full = computed(report, table.spec, values)
    return [fmt_tkr(full[c.key]) for c in report.columns]


def _drift(node: NodeReport, report: ReportSpec, year: int) -> dict[str, Any]:
    table = node.tables["drift"]
    spec = TABLES["drift"]
    rows = [
        {"label": r.label, "cells": _cells(report, table, table.row(r.key)), "sum": r.kind is RowKind.SUM}
        for r in spec.rows
    ]
    texts = node.own.drift_texts if node.own else {}
    own_texts = node.own.texts if node.own else {}
    sections: dict[str, list[dict[str, Any]]] = {"prognos": [], "utfall": [], "jamforelse": []}
    for row in spec.rows:
        if not row.is_input:
            continue
        v = table.row(row.key)
        budget, prognos = v.get("budget", 0), v.get("prognos", 0)
        outcome, last = v.get("utfall", 0), v.get("utfall_fg", 0)
        written = texts.get(row.key, {})
        if not any(v.values()) and not written:
            continue
        sections["prognos"].append(
            {
                "label": row.label,
                "paras": lead(
                    sentences.forecast(row, prognos - budget), written.get("prognos"), written.get("prognosforandring")
                ),
            }
        )
        sections["utfall"].append(
            {
                "label": row.label,
                "paras": lead(sentences.period_outcome(row, outcome, budget, report.month), written.get("utfall")),
            }
        )
        sections["jamforelse"].append(
            {
                "label": row.label,
                "paras": lead(sentences.year_comparison(row, outcome, last), written.get("jamforelse")),
            }
        )
    result = table.row("resultat")
    return {
        "rows": rows,
        "summary": lead(
            sentences.overall(node.node.level, result.get("prognos", 0) - result.get("budget", 0)),
            own_texts.get("inledande_sammanfattning"),
        ),
        **sections,
    }


def _project_table(node: NodeReport, report: ReportSpec, key: str, subject: str) -> dict[str, Any]:
    table = node.tables[key]
    spec = TABLES[key]
    rows: list[dict[str, Any]] = []
    for row in spec.rows:
        kind = "sum" if row.kind is RowKind.SUM else "group" if row.kind is RowKind.GROUP else "part"
        rows.append({"label": row.label, "cells": _cells(report, table, table.row(row.key)), "kind": kind})
        for project in table.projects.get(row.key, ()):
            rows.append(
                {"label": project.name, "cells": _cells(report, table, dict(project.values)), "kind": "project"}
            )
    total = table.row("totalt")
    texts = node.own.texts if node.own else {}
    budget, forecast = total.get("budget", 0), total.get("prognos", 0)
    outcome, last = total.get("utfall", 0), total.get("utfall_fg", 0)
    if table.is_empty:
        none = {"investeringar": "Inga investeringar redovisas", "forutbetalda": "Inga förutbetalda intäkter redovisas"}
        return {
            "rows": rows,
            "empty": True,
            "prognos": lead(f"{none[key]} i {report.period_word}.", texts.get(f"{key}_prognos")),
            "utfall": paragraphs(texts.get(f"{key}_utfall")),
            "jamforelse": paragraphs(texts.get(f"{key}_jamforelse")),
        }
    return {
        "rows": rows,
        "empty": False,
        "prognos": lead(sentences.investment_forecast(subject, budget, forecast), texts.get(f"{key}_prognos")),
        "utfall": lead(sentences.investment_outcome("Utfallet", outcome, budget), texts.get(f"{key}_utfall")),
        "jamforelse": lead(sentences.investment_comparison("Utfallet", outcome, last), texts.get(f"{key}_jamforelse")),
    }


def _pp(value: tuple[Decimal | None, Decimal | None]) -> str:
    last, now = value
    if last is None or now is None:
        return "iu."
    diff = fmt_decimal(now - last)
    return diff if diff.startswith("-") or diff == "0,0" else f"+{diff}"


def _personnel(node: NodeReport, year: int) -> dict[str, Any]:
    own = node.own
    texts = own.texts if own else {}
    sick = own.sick_leave if own else {}
    return {
        "recruitment": paragraphs(texts.get("rekrytering")),
        "environment": paragraphs(texts.get("arbetsmiljo")),
        "environment_goals": [
            {"goal": g.mal, "kpi": g.nyckeltal, "target": g.malvarde or "iu.", "now": g.nulage or "iu."}
            for g in (own.work_environment if own else ())
        ],
        "sick_text": paragraphs(texts.get("sjukfranvaro")),
        "sick_headers": ["Sjukfrånvaro (%)", str(year - 1), str(year), "Förändring (procentenheter)"],
        "sick_rows": [
            {"label": label, "last": fmt_decimal(v[0]), "now": fmt_decimal(v[1]), "diff": _pp(v)}
            for label, v in sick.items()
        ],
    }


def _underlag(node: NodeReport) -> list[dict[str, Any]]:
    """What the units directly below wrote: the parent sees its children's comments as underlag.

    The nämnd's document is the political one and carries no underlag; a förvaltning sees its
    avdelningar, an avdelning its enheter.
    """
    if node.node.level in (Level.KOMMUN, Level.NAMND):
        return []
    out = []
    for child in node.children:
        own = child.own
        if own is None:
            continue
        sections = []
        for key, label in TEXTS.items():
            if own.texts.get(key):
                sections.append({"title": label, "text": paragraphs(own.texts[key])})
        for goal in own.goals:
            if goal.kommentar:
                sections.append({"title": f"Mål: {goal.namndmal}", "text": paragraphs(goal.kommentar)})
        for row_key, written in own.drift_texts.items():
            for text_key, text in written.items():
                label = TABLES["drift"].row(row_key).label
                sections.append({"title": f"{label} – {DRIFT_TEXTS[text_key].lower()}", "text": paragraphs(text)})
        if sections:
            out.append(
                {
                    "name": child.node.name,
                    "ansvar": child.node.ansvar,
                    "level": child.node.level.value,
                    "sections": sections,
                }
            )
    return out
