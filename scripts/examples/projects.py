"""The projects of the investment and förutbetalda intäkter tables, per report."""

from __future__ import annotations

from typing import Any

from .drift import Amounts
from .format import EIRA, INKOMSTER, VARAV_EXPLOATERING

Project = dict[str, Any]


def project(namn: str, budget: int, prognos: int, utfall: int, utfall_fg: int) -> Project:
    return {"namn": namn, "budget": budget, "prognos": prognos, "utfall": utfall, "utfall_fg": utfall_fg}


INVESTMENTS: dict[str, dict[str, list[Project]]] = {
    "81": {
        "Reinvestering": [project("Välfärdsteknik", 2_500, 1_800, 640, 520)],
        "Anpassningsinvestering": [project("Arbetsmiljöanpassningar förvaltningsgemensamt", 800, 800, 310, 290)],
    },
    "81911": {"Reinvestering": [project("Trygghetslarm digitala", 1_200, 1_200, 730, 0)]},
    "81921": {
        "Imageinvestering": [project("Utemiljö Solgården", 400, 0, 0, 0)],
        "Reinvestering": [project("Inventarier Solgården", 900, 1_050, 620, 410)],
    },
    "81931": {"Anpassningsinvestering": [project("Anpassning av lokaler daglig verksamhet", 1_500, 1_650, 980, 0)]},
    "81932": {"Expansionsinvestering": [project("Ny LSS-bostad Ekbacken", 3_500, 2_900, 1_250, 0)]},
}
PREPAID: dict[str, list[Project]] = {
    "81": [project("Statsbidrag välfärdsteknik", 300, 450, 450, 250)],
    "81932": [project("Investeringsbidrag LSS-bostad Ekbacken", 1_200, 1_200, 800, 0)],
}
# The workbook that shows the mall's empty "x" rows (ignored by the engine).
PLACEHOLDER_WORKBOOK = "8191"


def investments_json(own: dict[str, list[Project]], sums: dict[str, Amounts] | None = None) -> dict[str, Any]:
    """The investment table of any report: every EIRA category with its projects (`own`), and
    where `sums` has it, a figure typed on the category row instead of summed from projects."""
    out: dict[str, Any] = {}
    for cat in EIRA:
        out[cat] = {"projekt": [dict(p) for p in own.get(cat, [])]}
        if sums and cat in sums:
            out[cat]["summa"] = dict(sums[cat])
    return out


def prepaid_json(projects: list[Project], keys: tuple[str, ...]) -> dict[str, Any]:
    """The förutbetalda intäkter table of any report: the projects, and no exploatering (zero in
    each of the report's `keys`)."""
    return {
        INKOMSTER: {"projekt": [dict(p) for p in projects]},
        VARAV_EXPLOATERING: {k: 0 for k in keys},
    }


# Fördjupad månadsuppföljning: budget and prognos of the same projects as the delårsbokslut.
APRIL_PROGNOS = {  # project → prognos in April where it differs from the budget
    "Välfärdsteknik": 2_200,
    "Inventarier Solgården": 950,
    "Anpassning av lokaler daglig verksamhet": 1_650,
}


def april_projects(projects: list[Project]) -> list[Project]:
    return [
        {"namn": p["namn"], "budget": p["budget"], "prognos": APRIL_PROGNOS.get(p["namn"], p["budget"])}
        for p in projects
    ]


def ar_project(namn: str, budget: int, utfall: int, utfall_fg: int | None) -> Project:
    """A project's year: budget, bokslut and last year's bokslut (None: given per category)."""
    p: Project = {"namn": namn, "budget": budget, "utfall": utfall}
    if utfall_fg is not None:
        p["utfall_fg"] = utfall_fg
    return p


# The year's investments; last year's bokslut is given per project where the project ran last
# year too, and per category (AR_INVESTMENT_SUMS, the category row's figure) where last year's
# spending was other projects than this year's.
AR_INVESTMENTS: dict[str, dict[str, list[Project]]] = {
    "81": {
        "Reinvestering": [ar_project("Välfärdsteknik", 2_500, 1_730, 880)],
        "Anpassningsinvestering": [ar_project("Arbetsmiljöanpassningar förvaltningsgemensamt", 800, 770, None)],
    },
    "81911": {"Reinvestering": [ar_project("Trygghetslarm digitala", 1_200, 1_180, 0)]},
    "81921": {
        "Imageinvestering": [ar_project("Utemiljö Solgården", 400, 0, 0)],
        "Reinvestering": [ar_project("Inventarier Solgården", 900, 1_080, None)],
    },
    "81931": {"Anpassningsinvestering": [ar_project("Anpassning av lokaler daglig verksamhet", 1_500, 1_640, 0)]},
    "81932": {"Expansionsinvestering": [ar_project("Ny LSS-bostad Ekbacken", 3_500, 2_760, 0)]},
}
AR_INVESTMENT_SUMS: dict[str, dict[str, Amounts]] = {
    "81": {"Imageinvestering": {"utfall_fg": 350}, "Anpassningsinvestering": {"utfall_fg": 410}},
    "81921": {"Reinvestering": {"utfall_fg": 640}},
}
AR_PREPAID: dict[str, list[Project]] = {
    "81": [ar_project("Statsbidrag välfärdsteknik", 300, 450, 250)],
    "81932": [ar_project("Investeringsbidrag LSS-bostad Ekbacken", 1_200, 1_200, 0)],
}
