"""Build context: a node's rolled-up report in, plain already-formatted values out.

The template receives strings, lists and `SignalMark`s only; nothing computes while Word is
being written. Texts are lists of paragraphs (a blank line in the author's text starts a new one).
Every sentence bokslut writes itself is worded by the run's phrase catalogue (`bokslut.phrases`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bokslut import sentences
from bokslut.aggregate import NodeReport
from bokslut.domain import (
    DRIFT_TEXTS,
    FORECAST_POINTS,
    MONTHS,
    STAT_TABLES,
    TABLES,
    TEXTS,
    Level,
    ReportSpec,
    RowKind,
    RowSpec,
    Sentence,
    Signal,
    SignalSet,
    TextSection,
    signal_sets,
)
from bokslut.figures import TableFigures, computed, shown
from bokslut.numbers import fmt_decimal, fmt_tkr, mkr
from bokslut.organisation import Node
from bokslut.phrases import Phrases, default_phrases

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
    report: ReportSpec,
    node: NodeReport,
    year: int,
    month: int,
    kommun: str,
    today: date,
    excluded_reasons: dict[str, str],
    *,
    previous: tuple[NodeReport, str] | None = None,
    previous_projects: tuple[NodeReport, str] | None = None,
    phrases: Phrases | None = None,
) -> dict[str, Any]:
    """The template's variables for one node. `previous` is the node's previous follow-up of the
    year and its name ("april"), for the forecast changes; `previous_projects` the latest one
    with the investment and förutbetalda tables (`previous` when not given). The sentences are
    worded by `phrases` (the shipped catalogue when none is given)."""
    projects_before = previous_projects if previous_projects is not None else previous
    said = phrases or default_phrases()
    own = node.own
    texts = own.texts if own else {}
    level = node.node.level
    sets = signal_sets()
    return {
        "report": report.title,
        "title": report.title_for(year, month),
        "period": period_text(said, year, month),
        "year": str(year),
        "kommun": kommun,
        "node": {
            "name": node.node.name,
            "ansvar": node.node.ansvar,
            "level": level.value.capitalize(),
        },
        "date": date_text(said, today),
        "incomplete": incomplete(said, node.excluded, excluded_reasons),
        "verksamhet": paragraphs(texts.get("verksamhet")),
        "goals": _goals(node, year, sets[report.goal_signals], said, final=report.final, period=report.period_word),
        "assignments": _assignments(node, sets[report.assignment_set(level)]),
        "immediate": paragraphs(texts.get("omedelbara_atgarder")),
        "control": _controls(node, report, sets[report.control_signals], said),
        "columns": [c.title(year) for c in report.columns],
        "drift": {
            **_drift(node, report, month, previous, said),
            "eliminated": internal_notes(node, report, year, said),
        },
        "forecasts": _forecasts(node, report, year, said),
        "investments": _project_table(node, report, month, "investeringar", projects_before, said),
        "prepaid": _project_table(node, report, month, "forutbetalda", projects_before, said),
        "personnel": _personnel(node, report, year),
        "underlag": _underlag(node, report, month, said),
    }


def period_text(phrases: Phrases, year: int, month: int) -> str:
    """The cover's period: "Januari–augusti 2022", or "Januari 2022"."""
    if month > 1:
        return phrases.say("dokument.period", månad=MONTHS[month - 1], år=str(year))
    return phrases.say("dokument.period_januari", år=str(year))


def date_text(phrases: Phrases, day: date) -> str:
    """The cover's date: "13 september 2022"."""
    return phrases.say("dokument.datum", dag=str(day.day), månad=MONTHS[day.month - 1], år=str(day.year))


def incomplete(phrases: Phrases, excluded: Sequence[Node], reasons: dict[str, str]) -> list[str]:
    """The units left out of a document's figures, each with why ("Hemtjänst Norr (81911): indata
    saknas"); `reasons` has those whose input has errors, worded by `excluded_reason`."""
    missing = phrases.say("underlag.indata_saknas")
    return [f"{n.name} ({n.ansvar}): {reasons.get(n.ansvar, missing)}" for n in excluded]


def excluded_reason(phrases: Phrases, errors: int) -> str:
    """Why a unit whose input has `errors` errors is left out: "indata har 2 fel"."""
    return phrases.say("underlag.indata_har_fel", antal=str(errors))


def _goals(
    node: NodeReport, year: int, signal_set: SignalSet, phrases: Phrases, *, final: bool, period: str
) -> dict[str, Any]:
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
        "summary": sentences.goal_summary(
            node.node.level, year, marks, signal_set, NOT_EVALUATED, final=final, period=period, phrases=phrases
        ),
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


def _owner(phrases: Phrases, level: Level) -> str:
    """Whose internkontrollpunkter: "nämndens"."""
    key = {
        Level.NAMND: "namndens",
        Level.FORVALTNING: "forvaltningens",
        Level.AVDELNING: "avdelningens",
        Level.ENHET: "enhetens",
        Level.KOMMUN: "kommunens",
    }[level]
    return phrases.say(f"internkontroll.{key}")


def _controls(node: NodeReport, report: ReportSpec, signal_set: SignalSet, phrases: Phrases) -> dict[str, Any]:
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
    # the decided internkontrollplan's points the follow-up leaves out count among the nämnd's
    unfollowed = node.own.unfollowed if node.own else ()
    return {
        "summary": sentences.control_summary(
            _owner(phrases, node.node.level),
            len(controls) + len(unfollowed),
            without,
            len(followed) - without,
            report.period_word,
            phrases=phrases,
        ),
        "unfollowed": [phrases.say("budget.ej_foljd", vad=_in_sentence(what)) for what in unfollowed],
        "text": paragraphs(texts.get("internkontroll")),
        "legend": legend(signal_set),
        "entries": items,
    }


def _in_sentence(text: str) -> str:
    """A control point's "vad" inside a sentence: "att fakturor attesteras" (an abbreviation as
    "LSS" keeps its capitals), without a closing full stop."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _cells(report: ReportSpec, table: TableFigures, values: dict[str, int]) -> list[str]:
    full = computed(report, table.spec, values)
    return [fmt_tkr(full[c.key]) for c in report.columns]


def _project_cells(report: ReportSpec, table: TableFigures, values: dict[str, int]) -> list[str]:
    """A project's line: a figure the project has no value for is blank, not 0."""
    full = shown(report, table.spec, values)
    return [fmt_tkr(v) if (v := full[c.key]) is not None else "" for c in report.columns]


def _drift_sentence(
    kind: Sentence,
    row: RowSpec,
    v: dict[str, int],
    month: int,
    before: tuple[dict[str, int], str] | None,
    phrases: Phrases,
) -> str:
    """The generated sentence that opens a text; `before` is the row in the previous follow-up."""
    budget, outcome = v.get("budget", 0), v.get("utfall", 0)
    if kind is Sentence.CHANGE:
        if before is None:
            return ""
        return sentences.forecast_change(
            row, v.get("prognos", 0) - budget, _deviation(before[0]), before[1], phrases=phrases
        )
    if kind is Sentence.FORECAST:
        first = sentences.forecast(row, v.get("prognos", 0) - budget, phrases=phrases)
        if before is None:
            return first
        change = sentences.forecast_change(
            row, v.get("prognos", 0) - budget, _deviation(before[0]), before[1], follows=True, phrases=phrases
        )
        return f"{first} {change}"
    if kind is Sentence.PERIOD:
        return sentences.period_outcome(row, outcome, budget, month, phrases=phrases)
    if kind is Sentence.OUTCOME:
        return sentences.year_outcome(row, outcome - budget, phrases=phrases)
    if kind is Sentence.COMPARISON:
        return sentences.year_comparison(row, outcome, v.get("utfall_fg", 0), whole_year=month == 12, phrases=phrases)
    return ""


def _deviation(v: dict[str, int]) -> int:
    return v.get("prognos", 0) - v.get("budget", 0)


def _section_texts(report: ReportSpec, section: TextSection, written: dict[str, str]) -> list[str | None]:
    """The author's texts under a section; a forecast section also takes the forecast change
    when the report has no section of its own for it ("Prognos och prognosförändring")."""
    found = [written.get(section.text)]
    if section.text == "prognos" and all(s.text != "prognosforandring" for s in report.drift_texts):
        found.append(written.get("prognosforandring"))
    return found


def _kind(kind: RowKind) -> str:
    return "sum" if kind is RowKind.SUM else "group" if kind is RowKind.GROUP else "part"


def _row(label: str, cells: list[str], kind: str) -> dict[str, Any]:
    """A table row as every table of a mall has it: `sum` (bold) and `kind` (sum, group, part,
    project), so one row layout serves the drift and the project tables."""
    return {"label": label, "cells": cells, "kind": kind, "sum": kind == "sum"}


def _drift(
    node: NodeReport, report: ReportSpec, month: int, previous: tuple[NodeReport, str] | None, phrases: Phrases
) -> dict[str, Any]:
    table = node.tables["drift"]
    separate = any(s.sentence is Sentence.CHANGE for s in report.drift_texts)
    spec = TABLES["drift"]
    rows = [_row(r.label, _cells(report, table, table.row(r.key)), _kind(r.kind)) for r in spec.rows]
    texts = node.own.drift_texts if node.own else {}
    own_texts = node.own.texts if node.own else {}
    sections = []
    for section in report.drift_texts:
        entries = []
        for row in (r for r in spec.rows if r.is_input):
            values = table.row(row.key)
            written = texts.get(row.key, {})
            before = None
            if previous is not None and (section.sentence is Sentence.CHANGE or not separate):
                before = (previous[0].tables["drift"].row(row.key), previous[1])
            sentence = _drift_sentence(section.sentence, row, values, month, before, phrases)
            paras = lead(sentence, *_section_texts(report, section, written))
            shown = any(values.values()) if sentence else bool(paras)
            if section.sentence is Sentence.CHANGE and before is not None:
                # an unchanged forecast is not news: only changes, or what the author wrote
                shown = mkr(_deviation(values) - _deviation(before[0])) != 0 or bool(written.get(section.text))
            if shown or written.get(section.text):
                entries.append({"label": row.label, "paras": paras})
        if entries:
            sections.append({"heading": section.heading, "entries": entries})
    result = table.row("resultat")
    end = "utfall" if report.final else "prognos"
    return {
        "rows": rows,
        "summary": lead(
            sentences.overall(
                node.node.level, result.get(end, 0) - result.get("budget", 0), final=report.final, phrases=phrases
            ),
            own_texts.get("inledande_sammanfattning"),
        ),
        "sections": sections,
    }


def internal_notes(node: NodeReport, report: ReportSpec, year: int, phrases: Phrases) -> list[str]:
    """The sentences under the drift table on internal transactions, of the report's main column
    (the forecast, or the outcome of a final report) or else the first column that has any; the
    nämnd mallar and the units' follow-up say them alike."""
    internal = node.internal
    main = "utfall" if report.final else "prognos"
    keys = [main, *(c.key for c in report.input_columns_of("drift") if c.key != main)]
    found = [
        *internal.eliminated.items(),
        *internal.unmatched.items(),
        *internal.sold.items(),
        *internal.bought.items(),
    ]
    column = next((k for k in keys if any(c == k and v for c, v in found)), None)
    if column is None or column not in {c.key for c in report.columns}:
        return []
    title = report.column(column).title(year)
    return sentences.internal_notes(
        node.node.level.subject,
        internal.eliminated.get(column, 0),
        internal.unmatched.get(column, 0),
        internal.sold.get(column, 0),
        internal.bought.get(column, 0),
        title[:1].lower() + title[1:],
        phrases=phrases,
    )


def _forecasts(node: NodeReport, report: ReportSpec, year: int, phrases: Phrases) -> dict[str, Any]:
    """Prognossäkerhet: the forecasts given during the year against the bokslut's Årets resultat."""
    if report.forecast_flik is None:
        return {"rows": [], "text": []}
    outcome = node.tables["drift"].row("resultat").get("utfall", 0)
    rows = []
    points = []
    for key, label in FORECAST_POINTS.items():
        if key in node.forecasts:
            value = node.forecasts[key]
            rows.append({"label": label, "forecast": fmt_tkr(value), "deviation": fmt_tkr(outcome - value)})
            points.append((phrases.say(_POINT_NAMES[key]), value))
    rows.append({"label": f"Bokslut {year}", "forecast": fmt_tkr(outcome), "deviation": ""})
    texts = node.own.texts if node.own else {}
    return {
        "rows": rows,
        "text": lead(sentences.forecast_accuracy(points, outcome, phrases=phrases), texts.get("prognossakerhet")),
    }


#: The phrase naming each earlier forecast in the prognossäkerhet sentence.
_POINT_NAMES = {"fordjupad": "prognossakerhet.fordjupad", "delar": "prognossakerhet.delarsbokslut"}

#: Per project table: the phrases of what its sentences are about, and of an empty table.
_SUBJECTS = {"investeringar": "investering.utgifterna", "forutbetalda": "investering.forutbetalda"}
_NONE = {"investeringar": "investering.inga_investeringar", "forutbetalda": "investering.inga_forutbetalda"}


def _project_sentence(
    kind: Sentence,
    table: str,
    v: dict[str, int],
    month: int,
    before: tuple[dict[str, int], str] | None,
    phrases: Phrases,
) -> str:
    """The sentence opening a project table's text; `before` is the total in the previous follow-up."""
    budget, outcome, last = v.get("budget", 0), v.get("utfall", 0), v.get("utfall_fg", 0)
    subject, outcomes = phrases.say(_SUBJECTS[table]), phrases.say("investering.utfallet")
    if kind is Sentence.FORECAST:
        first = sentences.investment_forecast(subject, budget, v.get("prognos", 0), phrases=phrases)
        if before is None:
            return first
        change = sentences.investment_change(
            v.get("prognos", 0), before[0].get("prognos", 0), before[1], phrases=phrases
        )
        return f"{first} {change}"
    if kind is Sentence.PERIOD:
        return sentences.investment_outcome(outcomes, outcome, budget, phrases=phrases)
    if kind is Sentence.OUTCOME:
        return sentences.investment_year(subject, budget, outcome, phrases=phrases)
    if kind is Sentence.COMPARISON:
        return sentences.investment_comparison(outcomes, outcome, last, whole_year=month == 12, phrases=phrases)
    return ""


def _project_table(
    node: NodeReport,
    report: ReportSpec,
    month: int,
    key: str,
    previous: tuple[NodeReport, str] | None,
    phrases: Phrases,
) -> dict[str, Any]:
    if key not in report.table_fliks:
        return {"rows": [], "empty": True, "sections": []}
    table = node.tables[key]
    spec = TABLES[key]
    rows: list[dict[str, Any]] = []
    for row in spec.rows:
        rows.append(_row(row.label, _cells(report, table, table.row(row.key)), _kind(row.kind)))
        for project in table.projects.get(row.key, ()):
            rows.append(_row(project.name, _project_cells(report, table, dict(project.values)), "project"))
        residual = table.residual(row.key)
        if residual is not None:
            # what the category carries beyond its projects (`TableFigures.residual`)
            rows.append(_row(phrases.say("investering.ej_fordelat"), _cells(report, table, residual), "project"))
    total = table.row("totalt")
    texts = node.own.texts if node.own else {}
    before = None
    if previous is not None and key in previous[0].tables:
        before = (previous[0].tables[key].row("totalt"), previous[1])
    sections = []
    for i, section in enumerate(report.project_texts):
        written = texts.get(f"{key}_{section.text}")
        if table.is_empty:
            sentence = phrases.say(_NONE[key]) if i == 0 else ""
        else:
            sentence = _project_sentence(section.sentence, key, total, month, before, phrases)
        paras = lead(sentence, written)
        if paras:
            sections.append({"heading": section.heading, "paras": paras})
    return {"rows": rows, "empty": table.is_empty, "sections": sections}


def _pp(value: tuple[Decimal | None, Decimal | None]) -> str:
    last, now = value
    if last is None or now is None:
        return "iu."
    diff = fmt_decimal(now - last)
    return diff if diff.startswith("-") or diff == "0,0" else f"+{diff}"


def _stat(value: Decimal | None, places: int) -> str:
    return "iu." if value is None else fmt_decimal(value, places)


def _change(value: tuple[Decimal | None, Decimal | None], places: int) -> str:
    last, now = value
    if last is None or now is None:
        return "iu."
    text = _stat(now - last, places)
    return text if text.startswith("-") or set(text) <= {"0", ",", " "} else f"+{text}"


def _personnel(node: NodeReport, report: ReportSpec, year: int) -> dict[str, Any]:
    own = node.own
    texts = own.texts if own else {}
    tables = {}
    for key in report.stat_tables:
        spec = STAT_TABLES[key]
        rows = own.stats.get(key, {}) if own else {}
        tables[key] = {
            "headers": [spec.first, str(year - 1), str(year), spec.change],
            "rows": [
                {
                    "label": label,
                    "last": _stat(v[0], spec.places_of(label)),
                    "now": _stat(v[1], spec.places_of(label)),
                    "diff": _change(v, spec.places_of(label)),
                }
                for label, v in rows.items()
            ],
            "text": paragraphs(texts.get(key)),
        }
    return {
        "recruitment": paragraphs(texts.get("rekrytering")),
        "environment": paragraphs(texts.get("arbetsmiljo")),
        "environment_goals": [
            {"goal": g.mal, "kpi": g.nyckeltal, "target": g.malvarde or "iu.", "now": g.nulage or "iu."}
            for g in (own.work_environment if own else ())
        ],
        "tables": tables,
    }


def _underlag(node: NodeReport, report: ReportSpec, month: int, phrases: Phrases) -> list[dict[str, Any]]:
    """What the units directly below wrote: the parent sees its children's comments as underlag.

    The nämnd's document is the political one and carries no underlag; a förvaltning sees its
    avdelningar, an avdelning its enheter. The excerpts follow the document's own order, and an
    excerpt on figures opens with the unit's own figure, so "Orsaken är …" refers to something.
    """
    if node.node.level in (Level.KOMMUN, Level.NAMND):
        return []
    out = []
    for child in node.children:
        if child.own is not None:
            sections = _excerpts(child, report, month, phrases)
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


#: The Texter flik's sections in the order of the document: those before the drift, the project
#: tables' (after the drift) and the personnel ones (the rest).
_BEFORE_DRIFT = ("verksamhet", "omedelbara_atgarder", "internkontroll")


def _excerpts(child: NodeReport, report: ReportSpec, month: int, phrases: Phrases) -> list[dict[str, Any]]:
    own = child.own
    assert own is not None
    texts = own.texts
    sections: list[dict[str, Any]] = []

    def add(title: str, text: str | None, sentence: str = "") -> None:
        if text:
            sections.append({"title": title, "text": lead(sentence, text)})

    add(TEXTS["verksamhet"], texts.get("verksamhet"))
    for goal in own.goals:
        add(phrases.say("underlag.mal", mål=goal.namndmal), goal.kommentar)
    for key in _BEFORE_DRIFT[1:]:
        add(TEXTS[key], texts.get(key))
    drift = child.tables["drift"]
    result = drift.row("resultat")
    end = "utfall" if report.final else "prognos"
    overall = sentences.overall(
        child.node.level, result.get(end, 0) - result.get("budget", 0), final=report.final, phrases=phrases
    )
    add(TEXTS["inledande_sammanfattning"], texts.get("inledande_sammanfattning"), overall)
    kinds = {s.text: s.sentence for s in report.drift_texts}
    for text_key, heading in DRIFT_TEXTS.items():
        for row in TABLES["drift"].rows:
            written = own.drift_texts.get(row.key, {}).get(text_key)
            kind = kinds.get(text_key)
            sentence = _drift_sentence(kind, row, drift.row(row.key), month, None, phrases) if kind else ""
            add(f"{row.label} – {heading.lower()}", written, sentence)
    add(TEXTS["prognossakerhet"], texts.get("prognossakerhet"))
    project_kinds = {s.text: s.sentence for s in report.project_texts}
    for key in ("investeringar", "forutbetalda"):
        for suffix in ("prognos", "utfall", "jamforelse"):
            kind = project_kinds.get(suffix)
            sentence = ""
            if kind is not None and key in child.tables and not child.tables[key].is_empty:
                sentence = _project_sentence(kind, key, child.tables[key].row("totalt"), month, None, phrases)
            add(TEXTS[f"{key}_{suffix}"], texts.get(f"{key}_{suffix}"), sentence)
    placed = {"inledande_sammanfattning", "prognossakerhet", *_BEFORE_DRIFT}
    for key, label in TEXTS.items():
        if key not in placed and not key.startswith(("investeringar_", "forutbetalda_")):
            add(label, texts.get(key))
    return sections
