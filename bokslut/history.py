"""What a report recalls from the store, and where the input disagrees with it.

A report refers to earlier ones: Prognosförändring to the previous follow-up's forecast,
Prognossäkerhet to the forecasts of the fördjupad månadsuppföljning and the delårsbokslut, and the
last year's columns to last year's decided figures. `recall` fetches those from the store;
`apply` puts them into this run's units, the stored number winning over a typed one, with a
warning naming both where they differ.

A follow-up also answers to the year's plan, the nämnd's decided budget: its Budget column should
be the decided budget, and the delårsbokslut and årsbokslut follow up every point of the decided
internkontrollplan (`follow_plan`, which validate and import run too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bokslut.domain import (
    BUDGET,
    FORECAST_POINT_REPORTS,
    FORECAST_POINTS,
    MONTHS,
    REPORTS,
    TABLES,
    Level,
    Period,
    ReportSpec,
    RowKind,
    loose,
)
from bokslut.figures import TableFigures
from bokslut.issues import Issue, Source, warning
from bokslut.model import Control, PlannedControl
from bokslut.numbers import fmt_tkr
from bokslut.organisation import Organisation
from bokslut.parse import parse
from bokslut.sources.base import RawInput
from bokslut.sources.jsonfile import read_document
from bokslut.store import Decision, Store, Submission
from bokslut.units import Unit, UnitData, to_unit_data
from bokslut.validate import Checked


@dataclass(frozen=True)
class Recalled:
    """One stored figure and the submission it comes from."""

    value: int
    submission: Submission

    @property
    def origin(self) -> str:
        s = self.submission
        return f"version {s.version}, importerad {s.imported_at:%Y-%m-%d}"


@dataclass(frozen=True)
class Previous:
    """The latest earlier follow-up of the year with a forecast, as stored."""

    period: Period
    units: list[UnitData]
    #: The latest earlier follow-up with the investment and förutbetalda tables, when this one
    #: has none (a månadsuppföljning between the fördjupade and the delårsbokslut).
    projects: Previous | None = None

    @property
    def label(self) -> str:
        """How a sentence names it: "i april"."""
        return MONTHS[self.period.month - 1]


@dataclass(frozen=True)
class DecidedBudget:
    """An ansvar's budget for the year as stored, and its nämnd's decision on the budget."""

    unit: UnitData
    decision: Decision


@dataclass(frozen=True)
class Earlier:
    previous: Previous | None = None
    #: ansvar → point key → stored forecast of Årets resultat
    forecasts: dict[str, dict[str, Recalled]] = field(default_factory=dict)
    #: ansvar → drift row key → last year's decided utfall
    last_year: dict[str, dict[str, Recalled]] = field(default_factory=dict)
    #: ansvar → its budget for the year, where the nämnd has decided (locked) it
    budgets: dict[str, DecidedBudget] = field(default_factory=dict)


def remember(checked: Checked, store: Store, period: Period, report: ReportSpec) -> tuple[Checked, Previous | None]:
    """The checked units with what the store remembers in place (earlier forecasts, last year's
    decided figures), a warning for each typed figure that disagrees, and the previous follow-up."""
    earlier = recall(store, checked.organisation, report, period.year, period.month)
    units, issues = apply(checked.units, earlier, report, period.year)
    return replace(checked, units=units, issues=checked.issues + issues), earlier.previous


NOT_RECALLED = "lager.saknas"


def not_recalled(report: ReportSpec) -> list[Issue]:
    """What a report cannot say without the store, as warnings: a reader should not wonder why
    the sentence on the forecast's change is missing."""
    issues = []
    if _has_forecast(report):
        msg = (
            "Prognosförändringen skrivs inte: den jämförs med föregående uppföljnings prognos, som bara finns "
            "i lagret. Importera uppföljningarna med bokslut import och skriv dokumenten med --lager."
        )
        issues.append(warning(NOT_RECALLED, msg, Source()))
    if report.forecast_flik is not None:
        msg = (
            f"Prognossäkerheten bygger bara på prognoserna i fliken ”{report.forecast_flik}”: utan lager kan de "
            "inte stämmas av mot de lagrade prognoserna. Skriv dokumenten med --lager."
        )
        issues.append(warning(NOT_RECALLED, msg, Source()))
    return issues


def stored_inputs(submissions: Iterable[Submission], report: ReportSpec) -> list[RawInput]:
    """Stored submissions as inputs to validate, each pointing at its version in the store."""
    raws = []
    for s in submissions:
        base = Source(f"lagret › {s.ansvar} version {s.version}")
        raw, _ = read_document(s.document, report, base)
        # stored under the report's own flik names, whatever flik set it was handed in on (that was
        # checked at import): its rows fit the node's set
        raw.flik_set = None
        raws.append(raw)
    return raws


def stored_units(submissions: dict[str, Submission], report: ReportSpec) -> dict[str, UnitData]:
    """Stored submissions as units. They passed validation when imported, so only the model runs."""
    units = {}
    for raw, submission in zip(stored_inputs(submissions.values(), report), submissions.values(), strict=True):
        parsed, _ = parse(raw, report)
        if parsed is not None:
            units[submission.ansvar] = to_unit_data(Unit(submission.ansvar, parsed, raw), report)
    return units


def recall(store: Store, organisation: Organisation, report: ReportSpec, year: int, month: int) -> Earlier:
    """Everything the report refers to that the store holds."""
    previous = _previous(store, report, year, month)
    forecasts: dict[str, dict[str, Recalled]] = {}
    if report.forecast_flik is not None:
        for point, key in FORECAST_POINT_REPORTS.items():
            source = REPORTS[key]
            stored = store.latest(source.period(year))
            for ansvar, unit in stored_units(stored, source).items():
                value = unit.tables["drift"].row("resultat").get("prognos")
                if value is not None:
                    forecasts.setdefault(ansvar, {})[point] = Recalled(value, stored[ansvar])
    last_year: dict[str, dict[str, Recalled]] = {}
    if any(c.key == "utfall_fg" for c in report.input_columns):
        # last year's decisions on the input this report reads (a sammanställning's are its report's)
        last = Period(year - 1, month, report.input_of or report.key)
        locked = {d.namnd for d in store.decisions(last)}
        stored = {
            a: s
            for a, s in store.latest(last).items()
            if (namnd := organisation.nearest(a, Level.NAMND)) is not None and namnd.ansvar in locked
        }
        for ansvar, unit in stored_units(stored, report).items():
            rows = unit.tables["drift"].inputs
            last_year[ansvar] = {
                key: Recalled(values["utfall"], stored[ansvar]) for key, values in rows.items() if "utfall" in values
            }
    return Earlier(previous, forecasts, last_year, decided_budgets(store, organisation, report, year))


def decided_budgets(
    store: Store, organisation: Organisation, report: ReportSpec, year: int
) -> dict[str, DecidedBudget]:
    """Each ansvar's stored budget for `year` whose nämnd has decided it (`bokslut lock budget`),
    for a follow-up of the year (the budget itself and the units' own follow-ups answer to none)."""
    if report.plan or report.is_unit_report:
        return {}
    period = BUDGET.period(year)
    decisions = {d.namnd: d for d in store.decisions(period)}
    if not decisions:
        return {}
    stored: dict[str, Submission] = {}
    decided: dict[str, Decision] = {}
    for ansvar, submission in store.latest(period).items():
        namnd = organisation.nearest(ansvar, Level.NAMND)
        if namnd is not None and namnd.ansvar in decisions:
            stored[ansvar], decided[ansvar] = submission, decisions[namnd.ansvar]
    return {a: DecidedBudget(unit, decided[a]) for a, unit in stored_units(stored, BUDGET).items()}


def follow_plan(checked: Checked, store: Store, period: Period, report: ReportSpec) -> Checked:
    """Validation with a store (validate, import): the input against the nämnd's decided budget,
    as `remember` does for render. Nothing is changed but the warnings and the control points
    the document names as not followed up."""
    budgets = decided_budgets(store, checked.organisation, report, period.year)
    if not budgets:
        return checked
    units, issues = _against_plans(checked.units, budgets, report, period.year)
    return replace(checked, units=units, issues=checked.issues + issues)


def _previous(store: Store, report: ReportSpec, year: int, month: int) -> Previous | None:
    if not _has_forecast(report):
        return None
    earlier = [p for p in store.periods(year) if p.month < month and _has_forecast(REPORTS[p.report])]
    if not earlier:
        return None
    period = max(earlier)
    projects = None
    if not _has_projects(REPORTS[period.report]):
        with_projects = [p for p in earlier if _has_projects(REPORTS[p.report])]
        if with_projects:
            projects = _stored_previous(store, max(with_projects))
    return replace(_stored_previous(store, period), projects=projects)


def _stored_previous(store: Store, period: Period) -> Previous:
    units = stored_units(store.latest(period), REPORTS[period.report])
    return Previous(period, list(units.values()))


def _has_projects(report: ReportSpec) -> bool:
    return "investeringar" in report.table_fliks


def _has_forecast(report: ReportSpec) -> bool:
    return any(c.key == "prognos" for c in report.input_columns)


def apply(units: list[UnitData], earlier: Earlier, report: ReportSpec, year: int) -> tuple[list[UnitData], list[Issue]]:
    """This run's units with the stored earlier figures in place, and a warning per disagreement."""
    issues: list[Issue] = []
    out = []
    for unit in units:
        forecasts = dict(unit.forecasts)
        for point, recalled in earlier.forecasts.get(unit.ansvar, {}).items():
            typed = unit.forecasts.get(point)
            if typed is not None and typed != recalled.value:
                where = _at(unit, (report.forecast_flik or "", FORECAST_POINTS[point], "prognos"))
                msg = (
                    f"Prognosen från {FORECAST_POINTS[point].lower()} är ifylld med {fmt_tkr(typed)}, men den lagrade "
                    f"prognosen är {fmt_tkr(recalled.value)} ({recalled.origin}). Den lagrade används; "
                    "rätta cellen eller töm den."
                )
                issues.append(warning("lager.skiljer", msg, where, unit.ansvar))
            forecasts[point] = recalled.value
        tables = dict(unit.tables)
        stored_rows = earlier.last_year.get(unit.ansvar)
        if stored_rows is not None and "drift" in tables:
            tables["drift"], found = _last_year(unit, tables["drift"], stored_rows, report, year)
            issues += found
        out.append(replace(unit, forecasts=forecasts, tables=tables))
    planned, found = _against_plans(out, earlier.budgets, report, year)
    return planned, issues + found


def _against_plans(
    units: list[UnitData], budgets: dict[str, DecidedBudget], report: ReportSpec, year: int
) -> tuple[list[UnitData], list[Issue]]:
    """Each unit against its decided budget: a Budget figure that differs, and (delårsbokslut,
    årsbokslut) the internkontrollplan's points the follow-up does not report."""
    issues: list[Issue] = []
    out = []
    for unit in units:
        budget = budgets.get(unit.ansvar)
        if budget is None:
            out.append(unit)
            continue
        issues += _budget_differs(unit, budget, report, year)
        if report.has("kontroll"):
            missing = _unfollowed(unit.controls, budget.unit.plan.get("kontrollplan", ()))
            issues += [_not_followed(unit, control, budget, report) for control in missing]
            unit = replace(unit, unfollowed=tuple(c.vad for c in missing))
        out.append(unit)
    return out, issues


def _budget_differs(unit: UnitData, budget: DecidedBudget, report: ReportSpec, year: int) -> list[Issue]:
    """A warning at each Budget cell (a kontogrupp, an investment category) that is not the decided
    budget. Only warned: a budget may be changed during the year (tilläggsanslag, omfördelning),
    and then the follow-up rightly shows the changed one; the typed figure is kept."""
    issues = []
    column = report.column("budget").title(year)
    for key, table in unit.tables.items():
        decided = budget.unit.tables.get(key)
        if decided is None or "budget" not in {c.key for c in report.input_columns_of(key)}:
            continue
        flik = report.table_fliks[key]
        for row in TABLES[key].rows:
            if row.kind is RowKind.SUM:
                continue  # its rows are warned
            here, there = table.row(row.key).get("budget", 0), decided.row(row.key).get("budget", 0)
            if here == there:
                continue
            msg = (
                f"{column} för ”{row.label}” är {fmt_tkr(here)} tkr här men {fmt_tkr(there)} tkr i nämndens beslutade "
                f"budget ({budget.decision}). Rätta cellen om budgeten inte har ändrats genom ett senare beslut."
            )
            path = (flik, row.label, "summa", "budget") if row.kind is RowKind.GROUP else (flik, row.label, "budget")
            issues.append(warning("budget.skiljer", msg, _at(unit, path), unit.ansvar))
    return issues


#: A control point's own number in front of its text: "3. Attestering", "IK 2 – Ramavtal", "1.2)".
_POINT_NUMBER = re.compile(r"^\s*((?:[A-ZÅÄÖ]{1,3}\s?)?\d+(?:\.\d+)*)\s*[.):–—-]\s+")


def _point_number(text: str) -> str | None:
    found = _POINT_NUMBER.match(text)
    return found.group(1).replace(" ", "").casefold() if found else None


def _point_text(text: str) -> str:
    """ "vad" as people retype it: without its number, case, spacing or punctuation."""
    plain = _POINT_NUMBER.sub("", text)
    return " ".join(re.sub(r"[^\w\s]", " ", loose(plain)).split())


def _unfollowed(controls: tuple[Control, ...], plan: tuple[PlannedControl, ...]) -> list[PlannedControl]:
    """The plan's points that none of the follow-up's control points reports.

    A point is matched by its number when both the plan and the follow-up number it ("3. …"):
    the number is the point's name in the nämnd's papers and survives a rewording of the text
    between the budget and the follow-up. Without numbers the text of "Vad kontrolleras?" is all
    the two have in common, so it is compared as people retype it (case, spacing and punctuation
    aside); a reworded, unnumbered point is named as not followed up, which the author then sees.
    """
    return [point for point in plan if not any(_same_point(point.vad, c.vad) for c in controls)]


def _same_point(planned: str, reported: str) -> bool:
    a, b = _point_number(planned), _point_number(reported)
    if a is not None and b is not None:
        return a == b
    return _point_text(planned) == _point_text(reported)


def _not_followed(unit: UnitData, point: PlannedControl, budget: DecidedBudget, report: ReportSpec) -> Issue:
    flik = report.fliks.internkontroll
    msg = (
        f"Internkontrollpunkten ”{_short(point.vad)}” i nämndens internkontrollplan ({budget.decision}) följs inte "
        f"upp här. Lägg till den på fliken ”{flik}” med bedömning och resultat; dokumentet säger annars att "
        "kontrollen inte har följts upp."
    )
    return warning("internkontroll.ej_foljd", msg, _at(unit, (flik,)), unit.ansvar)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:70] + "…"


def _last_year(
    unit: UnitData, table: TableFigures, stored: dict[str, Recalled], report: ReportSpec, year: int
) -> tuple[TableFigures, list[Issue]]:
    issues = []
    inputs = {key: dict(values) for key, values in table.inputs.items()}
    column = next(c for c in report.columns if c.key == "utfall_fg")
    flik = report.table_fliks["drift"]
    for row in TABLES["drift"].rows:
        recalled = stored.get(row.key)
        if recalled is None:
            continue
        typed = inputs.get(row.key, {}).get("utfall_fg")
        if typed is not None and typed != recalled.value:
            msg = (
                f"”{column.title(year)}” för ”{row.label}” är ifylld med {fmt_tkr(typed)}, men {year - 1} års "
                f"beslutade siffra är {fmt_tkr(recalled.value)} ({recalled.origin}). Den beslutade används; "
                "rätta cellen eller töm den."
            )
            issues.append(warning("lager.skiljer", msg, _at(unit, (flik, row.label, "utfall_fg")), unit.ansvar))
        inputs.setdefault(row.key, {})["utfall_fg"] = recalled.value
    return replace(table, inputs=inputs), issues


def _at(unit: UnitData, path: tuple[str | int, ...]) -> Source:
    return unit.sources.at(path) if unit.sources is not None else unit.source
