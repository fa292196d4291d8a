"""The plan of a year's workbook: which flikar it has, which reports read each, and what the
Bedömning drop-downs offer at a node's level. Only the domain's tables; nothing is written here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bokslut.domain import (
    REPORTS,
    STAT_TABLES,
    ColumnSpec,
    Level,
    ReportSpec,
    signal_sets,
)

# --- the flikar of the year -------------------------------------------------------------------

#: The budget's list flikar, in the mall's order (FlikNames attribute = ListingSpec key). They are
#: the nämnd's and the förvaltning's plan (the levels its document is written for); every ansvar
#: has the budget's table flikar.
PLAN_LISTS = ("budgetmal", "budgetnyckeltal", "budgetuppdrag", "budgetarbetsmiljo", "risker", "kontrollplan")


@dataclass
class YearFlik:
    """One flik of the year's workbook and the reports that read it."""

    name: str
    kind: str  # "table", "forecast", "texts", "drift_texts", "internal", "listing", "stat"
    key: str  # table, listing or stat key; "" for the others
    reports: list[ReportSpec] = field(default_factory=list)
    #: the levels the flik is for, when fewer than its reports' (the budget's plan: see PLAN_LISTS)
    only: tuple[Level, ...] | None = None

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """The columns of a table flik: its report's for that table (the budget's drift: four)."""
        return self.reports[0].columns_of(self.key)

    def internal_columns(self, year: int) -> dict[str, str]:
        """The amount columns of an internal flik, title → key: each input column of its reports'
        drift flik once, in the reports' order (Budget, Prognos helår, Delårsbokslut, Bokslut, …)."""
        out: dict[str, str] = {}
        for report in self.reports:
            for column in report.input_columns_of("drift"):
                out.setdefault(column.title(year), column.key)
        return out

    def serves(self, level: Level) -> bool:
        """Whether a report that reads the flik is made for a node of `level`."""
        if self.only is not None and level not in self.only:
            return False
        return any(report_serves(r, level) for r in self.reports)


def report_serves(report: ReportSpec, level: Level) -> bool:
    """Whether `report` is made for a node of `level` (the unit follow-ups: avdelningar and enheter)."""
    return report.levels is None or level in report.levels


def year_fliks(level: Level | None = None) -> list[YearFlik]:
    """Every flik of the year in the kommun's order: the table flikar report by report, then the
    rest; for a node of `level`, those a report made for it reads (Kritiska faktorer: units only)."""
    fliks: dict[str, YearFlik] = {}

    def add(name: str, kind: str, key: str, report: ReportSpec, only: tuple[Level, ...] | None = None) -> None:
        flik = fliks.setdefault(name, YearFlik(name, kind, key, only=only))
        if kind == "table" and flik.reports and flik.columns != report.columns_of(key):
            raise ValueError(f"{name}: reports with different columns share the flik")
        flik.reports.append(report)

    # the year's plan (Nämndens budget, made per januari) first, then the follow-ups by month; a
    # sammanställning reads its report's flikar and has none of its own
    reports = sorted((r for r in REPORTS.values() if not r.summary), key=lambda r: (r.months[0], not r.plan))
    for report in reports:
        for key, name in report.table_fliks.items():
            add(name, "table", key, report)
            if key == "drift" and report.forecast_flik:
                add(report.forecast_flik, "forecast", "", report)
    for report in reports:
        names = report.fliks
        if report.plan:
            add(names.budgettexter, "texts", "", report, report.render_levels)
            for key in PLAN_LISTS:
                add(getattr(names, key), "listing", key, report, report.render_levels)
            continue
        add(names.texter, "texts", "", report)
        add(names.texter_drift, "drift_texts", "", report)
        if "drift" in report.table_fliks:
            add(names.interna, "internal", "", report)
        for section, key in (
            ("mal", "mal"),
            ("mal", "nyckeltal"),
            ("uppdrag", "uppdrag"),
            ("kontroll", "internkontroll"),
        ):
            if report.has(section):
                add(getattr(names, key), "listing", key, report)
        if report.has("personal") or report.has("arbetsmiljo"):  # a unit follow-up has no personal section
            add(names.arbetsmiljo, "listing", "arbetsmiljo", report)
        if report.has("faktorer"):
            add(names.faktorer, "listing", "faktorer", report)
    for report in reports:
        for key in report.stat_tables:
            add(STAT_TABLES[key].flik, "stat", key, report)
    return [f for f in fliks.values() if level is None or f.serves(level)]


def reports_text(reports: Sequence[ReportSpec], year: int) -> str:
    titles = [r.title.lower() for r in reports]
    text = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " och " + titles[-1]
    return f"{text[0].upper()}{text[1:]} {year}"


def drop_downs(fliks: list[YearFlik], level: Level) -> dict[str, tuple[list[str], str]]:
    """The bedömning labels a list flik offers at a node of `level`: those the reports that read
    it accept there (`ReportSpec.signal_set_of`, as validation). When the reports differ (an
    enhet's uppdrag: a status at the delårsbokslut, Färdig or Försenad at the årsbokslut), the
    prompt says which report takes which."""
    sets = signal_sets()
    out: dict[str, tuple[list[str], str]] = {}
    for flik in fliks:
        if flik.kind != "listing":
            continue
        per_report: dict[str, str] = {}
        for report in flik.reports:
            key = report.signal_set_of(flik.key, level)
            base = REPORTS[report.input_of] if report.input_of else report
            if key is not None:
                per_report.setdefault(base.title, key)
        labels = list(dict.fromkeys(s.label for key in per_report.values() for s in sets[key].signals))
        if not labels:
            continue
        prompt = ""
        if len(set(per_report.values())) > 1:
            prompt = " ".join(
                f"{title}: {', '.join(s.label for s in sets[key].signals)}." for title, key in per_report.items()
            )
        out[flik.key] = (labels, prompt if len(prompt) <= PROMPT_MAX else "")
    return out


#: The longest input message Excel shows with a data validation.
PROMPT_MAX = 255
