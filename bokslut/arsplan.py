"""The årsplan: when each level delivers its underlag to each follow-up of the year.

A TOML file the kommun edits (`examples/arsplan-2022.toml`, docs/indata.md): per report and month,
the last day for the enheter, the avdelningar, the förvaltning's underlag to
kommunledningskontoret, and the nämnd's meeting. `bokslut status` measures deliveries against it;
the workbook's instruction flik shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from bokslut.domain import MONTHS, REPORTS, Level, Period
from bokslut.issues import Issue, Source, error
from bokslut.safeload import load_toml

#: The keys of a period in the årsplan, per level (loosely: "namnd" and "nämnd" both work).
_LEVEL_KEYS = {
    Level.ENHET: ("enhet", "enheter"),
    Level.AVDELNING: ("avdelning", "avdelningar"),
    Level.FORVALTNING: ("förvaltning", "forvaltning"),
    Level.NAMND: ("nämnd", "namnd"),
}


#: Who delivers at each level, as the instruction flik says it.
WHO = {
    Level.ENHET: "enheterna",
    Level.AVDELNING: "avdelningarna",
    Level.FORVALTNING: "förvaltningens underlag till kommunledningskontoret",
    Level.NAMND: "nämndens beslut",
}


@dataclass(frozen=True)
class Plan:
    """The year's deadlines: (report key, month) → level → the last moment to deliver.

    A date without a time of day is stored as 23:59 of that day.
    """

    deadlines: dict[tuple[str, int], dict[Level, datetime]]

    def deadline(self, period: Period, level: Level) -> datetime | None:
        """A level's deadline; a level the plan does not name delivers by the next one up."""
        levels = self.deadlines.get((period.report, period.month), {})
        for candidate in sorted(Level, key=lambda lv: -lv.rank):
            if candidate.rank <= level.rank and candidate in levels:
                return levels[candidate]
        return None

    def periods(self) -> list[tuple[str, int]]:
        """(report key, month) of every follow-up the plan names, in the year's order."""
        return sorted(self.deadlines, key=lambda p: (p[1], p[0]))

    def levels(self, report: str, month: int) -> list[tuple[Level, datetime]]:
        """The named deadlines of one follow-up, enheter first."""
        named = self.deadlines.get((report, month), {})
        return sorted(named.items(), key=lambda item: -item[0].rank)


def when_text(moment: datetime) -> str:
    """Swedish, as in the anvisningar: "13 september 2022 kl. 12.00", or the date alone at 23:59."""
    day = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return day if (moment.hour, moment.minute) == (23, 59) else f"{day} kl. {moment:%H.%M}"


def plan_beside(org: Path, year: int) -> Path:
    """Where the årsplan is looked for when none is named: arsplan-ÅR.toml beside the organisation."""
    return org.parent / f"arsplan-{year}.toml"


def read_plan(path: Path) -> tuple[Plan, list[Issue]]:
    """Read an årsplan; every problem is reported, the rest of the plan is still used."""
    source = Source.of(path)
    data, problem = load_toml(path)
    if data is None:
        return Plan({}), [problem] if problem else []
    entries = data.get("rapport", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        msg = (
            "”rapport” ska vara en lista av tabeller: en [[rapport]] per uppföljning, som i examples/arsplan-2022.toml."
        )
        return Plan({}), [error("plan.form", msg, Source(source.file, json_path="rapport"))]
    issues: list[Issue] = []
    deadlines: dict[tuple[str, int], dict[Level, datetime]] = {}
    for i, entry in enumerate(entries):
        where = Source(source.file, json_path=f"rapport[{i}]")
        spec = REPORTS.get(str(entry.get("rapport", "")))
        if spec is None:
            msg = f"Okänd rapport ”{entry.get('rapport')}”. Välj en av: {', '.join(REPORTS)}."
            issues.append(error("plan.rapport", msg, where))
            continue
        month = entry.get("månad", entry.get("manad", spec.own_month))
        if month not in spec.months:
            msg = f"Ange månad (”manad = …”) för {spec.title.lower()}; den görs per någon av månaderna {spec.months}."
            issues.append(error("plan.manad", msg, where))
            continue
        levels: dict[Level, datetime] = {}
        for level, keys in _LEVEL_KEYS.items():
            value = next((entry[k] for k in keys if k in entry), None)
            if value is None:
                continue
            if isinstance(value, datetime) and value.tzinfo is not None:
                msg = f"”{keys[0]}” anger en tidszon; skriv datum och tid utan, t.ex. 2022-09-13T12:00."
                issues.append(error("plan.datum", msg, where))
            elif isinstance(value, datetime):
                levels[level] = value
            elif isinstance(value, date):
                levels[level] = datetime.combine(value, time(23, 59))
            else:
                msg = f"”{keys[0]}” ska vara ett datum (2022-08-23) eller datum och tid (2022-09-13T12:00), inte ”{value}”."
                issues.append(error("plan.datum", msg, where))
        deadlines[(spec.key, int(month))] = levels
    return Plan(deadlines), issues
