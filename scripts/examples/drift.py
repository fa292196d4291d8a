"""The drift figures: every node's own budget, prognos and utfall at the delårsbokslut, the
forecasts of the other months, and the year's bokslut."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .format import (
    AMOUNT_KEYS,
    COST_ROWS,
    DRIFT_INPUT,
    FINANSNETTO,
    FORECAST_MONTHS,
    INTAKTER,
    KOMMUNBIDRAG,
    KOP,
    KOSTNADER,
    LOKALHYROR,
    NETTO,
    OVRIGA,
    PERSONAL,
    RESULTAT,
)
from .numbers import round_half_away, round_to
from .organisation import NAMND, reporting_nodes, subtree

# Share of the gross cost per kontogrupp, by kind of verksamhet.
PROFILES: dict[str, dict[str, float]] = {
    "hemtjanst": {PERSONAL: 0.81, LOKALHYROR: 0.03, KOP: 0.02, OVRIGA: 0.14},
    "sabo": {PERSONAL: 0.73, LOKALHYROR: 0.17, KOP: 0.03, OVRIGA: 0.07},
    "daglig": {PERSONAL: 0.70, LOKALHYROR: 0.15, KOP: 0.04, OVRIGA: 0.11},
    "lss": {PERSONAL: 0.77, LOKALHYROR: 0.15, KOP: 0.02, OVRIGA: 0.06},
    "assistans": {PERSONAL: 0.91, LOKALHYROR: 0.01, KOP: 0.04, OVRIGA: 0.04},
    "boendestod": {PERSONAL: 0.62, LOKALHYROR: 0.05, KOP: 0.28, OVRIGA: 0.05},
    "hsl": {PERSONAL: 0.84, LOKALHYROR: 0.04, KOP: 0.03, OVRIGA: 0.09},
    "rehab": {PERSONAL: 0.66, LOKALHYROR: 0.04, KOP: 0.02, OVRIGA: 0.28},
    "ledning": {PERSONAL: 0.86, LOKALHYROR: 0.04, KOP: 0.02, OVRIGA: 0.08},
    # The förvaltningskontor: ledning, verksamhetsstöd, biståndshandläggning and köpt verksamhet.
    "forvaltning": {PERSONAL: 0.42, LOKALHYROR: 0.05, KOP: 0.40, OVRIGA: 0.13},
    # The barn- och utbildningsnämnd: its kontor pays skolpeng to fristående skolor and other kommuner.
    "bun_kontor": {PERSONAL: 0.25, LOKALHYROR: 0.04, KOP: 0.61, OVRIGA: 0.10},
    "forskola": {PERSONAL: 0.72, LOKALHYROR: 0.16, KOP: 0.02, OVRIGA: 0.10},
    "grundskola": {PERSONAL: 0.66, LOKALHYROR: 0.19, KOP: 0.04, OVRIGA: 0.11},
    "gymnasium": {PERSONAL: 0.58, LOKALHYROR: 0.20, KOP: 0.09, OVRIGA: 0.13},
    # The samhällsbyggnadsnämnd: contractors for roads, VA's electricity, chemicals and capital costs.
    "sbf_kontor": {PERSONAL: 0.74, LOKALHYROR: 0.08, KOP: 0.06, OVRIGA: 0.12},
    "gata": {PERSONAL: 0.22, LOKALHYROR: 0.02, KOP: 0.52, OVRIGA: 0.24},
    "park": {PERSONAL: 0.55, LOKALHYROR: 0.03, KOP: 0.22, OVRIGA: 0.20},
    "plan": {PERSONAL: 0.80, LOKALHYROR: 0.06, KOP: 0.05, OVRIGA: 0.09},
    "va": {PERSONAL: 0.20, LOKALHYROR: 0.03, KOP: 0.27, OVRIGA: 0.50},
    "avfall": {PERSONAL: 0.16, LOKALHYROR: 0.04, KOP: 0.64, OVRIGA: 0.16},
}


@dataclass(frozen=True)
class FigureSpec:
    gross: int  # budgeted gross cost, tkr
    income: float  # Verksamhetens intäkter as a share of the gross cost (taxe-financed: ignored, the
    # avgifter cover the costs and the finansnetto)
    dev: dict[str, int] = field(default_factory=dict)  # prognos − budget per kontogrupp, tkr
    finansnetto: tuple[int, int, int, int] | None = None  # budget, prognos, utfall, utfall_fg


FIGURES: dict[str, FigureSpec] = {
    "81": FigureSpec(
        41_000, 0.30, {INTAKTER: 3_500, PERSONAL: 700, KOP: -4_200, OVRIGA: -300}, (-250, -320, -214, -188)
    ),
    "8191": FigureSpec(5_200, 0.0, {}),
    "81911": FigureSpec(63_000, 0.05, {INTAKTER: 150, PERSONAL: -3_400, OVRIGA: -350}),
    "81912": FigureSpec(58_000, 0.05, {PERSONAL: -1_200}),
    "81913": FigureSpec(74_000, 0.05, {INTAKTER: -200, PERSONAL: 900}),
    "81914": FigureSpec(55_000, 0.04, {PERSONAL: 300, KOP: -600}),
    "81915": FigureSpec(19_000, 0.0, {}),
    "8192": FigureSpec(6_100, 0.0, {PERSONAL: -200}),
    "81921": FigureSpec(87_000, 0.15, {INTAKTER: 400, PERSONAL: -6_900, OVRIGA: -300}, (-60, -60, -40, -38)),
    "81922": FigureSpec(76_000, 0.14, {PERSONAL: -2_100, KOP: -600}),
    "81923": FigureSpec(61_000, 0.15, {PERSONAL: -1_500}),
    "81924": FigureSpec(68_000, 0.15, {INTAKTER: -500, PERSONAL: 600}),
    "81925": FigureSpec(32_000, 0.10, {INTAKTER: -300, PERSONAL: 1_100}),
    "8193": FigureSpec(4_800, 0.0, {PERSONAL: 300}),
    "81931": FigureSpec(28_000, 0.03, {PERSONAL: 600, OVRIGA: -200}),
    "81932": FigureSpec(36_000, 0.05, {PERSONAL: 1_800, LOKALHYROR: 900}),
    "81933": FigureSpec(31_000, 0.05, {}),
    "81934": FigureSpec(89_000, 0.38, {INTAKTER: 2_100, PERSONAL: -5_200}),
    "81935": FigureSpec(24_000, 0.02, {PERSONAL: 300, KOP: -1_400}),
    "8194": FigureSpec(3_900, 0.0, {}),
    "81941": FigureSpec(64_000, 0.03, {PERSONAL: -2_600, KOP: -1_900}),
    "81942": FigureSpec(27_000, 0.04, {PERSONAL: 500, OVRIGA: -800}),
    "81943": FigureSpec(15_000, 0.0, {PERSONAL: 150}),
    # Barn- och utbildningsnämnden: more pupils in fristående skolor, more children in need of support.
    "51": FigureSpec(96_000, 0.08, {INTAKTER: 1_200, KOP: -3_800}, (-90, -90, -61, -58)),
    "5110": FigureSpec(4_000, 0.0, {}),
    "51101": FigureSpec(58_000, 0.09, {PERSONAL: -1_400}),
    "51102": FigureSpec(52_000, 0.09, {PERSONAL: 600}),
    "5120": FigureSpec(4_500, 0.0, {}),
    "51201": FigureSpec(88_000, 0.05, {PERSONAL: -2_100, OVRIGA: -400}),
    "51202": FigureSpec(46_000, 0.04, {OVRIGA: 300}),
    "5130": FigureSpec(3_000, 0.0, {}),
    "51301": FigureSpec(72_000, 0.12, {INTAKTER: 900, PERSONAL: 500}),
    # Samhällsbyggnadsnämnden: a snowy winter, fewer bygglov, electricity prices in VA.
    "61": FigureSpec(14_000, 0.05, {PERSONAL: 400}),
    "6110": FigureSpec(2_000, 0.0, {}),
    "61101": FigureSpec(38_000, 0.10, {KOP: -2_600, OVRIGA: -700}),
    "61102": FigureSpec(16_000, 0.05, {PERSONAL: 300}),
    "6120": FigureSpec(18_000, 0.55, {INTAKTER: -1_100, PERSONAL: 500}),
    "6150": FigureSpec(62_000, 1.0, {INTAKTER: 600, OVRIGA: -1_900}, (-1_800, -1_950, -1_240, -1_150)),
    "6160": FigureSpec(34_000, 1.0, {INTAKTER: 300, KOP: -800}),
}

Amounts = dict[str, int]


def period_share(rng: random.Random, row: str) -> float:
    """The part of the full-year prognos that falls in January–August, with some noise."""
    base = 8 / 12
    if row == LOKALHYROR:
        return base  # rent is paid evenly month by month
    if row == PERSONAL:
        return base * rng.uniform(1.01, 1.04)  # summer vikarier and semesterersättning
    if row == INTAKTER:
        return base * rng.uniform(0.90, 1.03)  # statsbidrag are often paid late in the year
    return base * rng.uniform(0.94, 1.06)


def make_row(rng: random.Random, row: str, budget: int, deviation: int) -> Amounts:
    prognos = budget + deviation
    utfall = round_half_away(prognos * period_share(rng, row))
    utfall_fg = round_half_away(utfall * (1 - rng.uniform(0.02, 0.05)))
    return {"budget": budget, "prognos": prognos, "utfall": utfall, "utfall_fg": utfall_fg}


def zero_row() -> Amounts:
    return {k: 0 for k in AMOUNT_KEYS}


def last_year_kommunbidrag(kb: int) -> int:
    """Last year's allocation from kommunfullmäktige, whole year, from this year's `kb`."""
    return round_to(kb * (1 - 0.034), 100)


def make_drift(rng: random.Random) -> dict[str, dict[str, Amounts]]:
    """Own drift figures per ansvar (every node but the kommun), input rows only."""
    drift: dict[str, dict[str, Amounts]] = {}
    for node in reporting_nodes():
        spec = FIGURES.get(node.ansvar)
        rows: dict[str, Amounts] = {}
        if spec is None:  # the nämnd: only its kommunbidrag, filled in below
            rows = {row: zero_row() for row in DRIFT_INPUT}
        else:
            profile = PROFILES[node.kind]
            income = round_to(spec.gross * spec.income, 10)
            rows[INTAKTER] = make_row(rng, INTAKTER, income, spec.dev.get(INTAKTER, 0)) if income else zero_row()
            for row in COST_ROWS:
                budget = -round_to(spec.gross * profile[row], 10)
                rows[row] = make_row(rng, row, budget, spec.dev.get(row, 0))
            rows[KOMMUNBIDRAG] = zero_row()
            if spec.finansnetto:
                rows[FINANSNETTO] = dict(zip(AMOUNT_KEYS, spec.finansnetto, strict=True))
            else:
                rows[FINANSNETTO] = zero_row()
        drift[node.ansvar] = rows
    drift[NAMND][KOMMUNBIDRAG] = kommunbidrag(drift)
    return drift


def kommunbidrag(drift: dict[str, dict[str, Amounts]]) -> Amounts:
    """The nämnd's allocation from kommunfullmäktige: its tree's budgeted net cost (a taxe-financed
    verksamhet's avgifter cover its own), paid evenly month by month."""
    kb = -sum(rows[r]["budget"] for rows in drift.values() for r in DRIFT_INPUT if r != KOMMUNBIDRAG)
    return {
        "budget": kb,
        "prognos": kb,
        "utfall": round_half_away(kb * 8 / 12),
        "utfall_fg": round_half_away(last_year_kommunbidrag(kb) * 8 / 12),
    }


def total_of(
    figures: dict[str, dict[str, Amounts]], ansvar: str, keys: tuple[str, ...] = AMOUNT_KEYS
) -> dict[str, Amounts]:
    """A node's rolled-up drift: the input rows summed over its subtree, plus the three sum rows."""
    ansvar_list = [n.ansvar for n in subtree(ansvar)]
    out = {row: {k: sum(figures[a][row][k] for a in ansvar_list) for k in keys} for row in DRIFT_INPUT}
    return with_sums(out, keys)


def with_sums(rows: dict[str, Amounts], keys: tuple[str, ...] = AMOUNT_KEYS) -> dict[str, Amounts]:
    out = dict(rows)
    out[KOSTNADER] = {k: sum(rows[r][k] for r in COST_ROWS) for k in keys}
    out[NETTO] = {k: rows[INTAKTER][k] + out[KOSTNADER][k] for k in keys}
    out[RESULTAT] = {k: out[NETTO][k] + rows[KOMMUNBIDRAG][k] + rows[FINANSNETTO][k] for k in keys}
    return out


# --- the year: forecasts month by month and the bokslut -----------------------------------

# How much of the delårsbokslut's deviation (prognos − budget) a forecast earlier or later in the
# year shows, by what drives it. The delårsbokslut (8) is the existing prognos itself.
TIMING: dict[str, dict[int, float]] = {
    "early": {3: 0.50, 4: 0.70, 5: 0.85, 10: 1.05},  # statsbidrag, vacancies, prices: seen early
    "growing": {3: 0.35, 4: 0.55, 5: 0.80, 10: 1.12},  # vårdtyngd that grows through the year
    "summer": {3: 0.0, 4: 0.0, 5: 0.35, 10: 1.08},  # inhyrd personal and övertid in the summer
    "decided": {3: 0.0, 4: 0.0, 5: 1.0, 10: 1.0},  # known once decided in May (Ekbacken, Strandvillan)
    "planned": {3: 0.8, 4: 0.9, 5: 1.0, 10: 1.0},  # planned from the start (Ängsgården's renovation)
}
TIMING_OF: dict[tuple[str, str], str] = {
    ("81", KOP): "growing",
    ("81922", KOP): "summer",
    ("81941", PERSONAL): "summer",
    ("81941", KOP): "summer",
    ("81925", INTAKTER): "decided",
    ("81925", PERSONAL): "decided",
    ("81932", PERSONAL): "decided",
    ("81932", LOKALHYROR): "decided",
    ("8193", PERSONAL): "decided",
    ("81924", INTAKTER): "planned",
    ("81924", PERSONAL): "planned",
    ("61101", KOP): "planned",  # the winter's snow clearing is known by March
    ("6120", INTAKTER): "growing",  # bygglov fall off as the year goes on
}


def timing(ansvar: str, row: str, deviation: int) -> str:
    default = "growing" if row == PERSONAL and deviation < 0 else "early"
    return TIMING_OF.get((ansvar, row), default)


def make_forecasts(
    rng: random.Random, drift: dict[str, dict[str, Amounts]], board: str = NAMND
) -> dict[int, dict[str, dict[str, Amounts]]]:
    """Budget and prognos helår per month of the year, per ansvar (own figures, input rows).

    The budget is the delårsbokslut's all year; the prognos moves towards the delårsbokslut's and
    on to October's."""
    out: dict[int, dict[str, dict[str, Amounts]]] = {}
    for month in FORECAST_MONTHS:
        out[month] = {}
        for node in reporting_nodes(board):
            rows: dict[str, Amounts] = {}
            for row in DRIFT_INPUT:
                budget, prognos = drift[node.ansvar][row]["budget"], drift[node.ansvar][row]["prognos"]
                deviation = prognos - budget
                if month != 8 and deviation:
                    share = TIMING[timing(node.ansvar, row, deviation)][month]
                    noise = rng.uniform(-0.08, 0.08) if share else 0.0
                    prognos = budget + round_to(deviation * (share + noise), 10)
                rows[row] = {"budget": budget, "prognos": prognos}
            out[month][node.ansvar] = rows
    return out


# The bokslut's spread around October's forecast, as a share of the budget, and the drift at year
# end: statsbidrag paid in December and a personnel cost that fell back when the bemanningsenhet
# for sjuksköterskor took over from the bemanningsföretag.
OUTCOME_NOISE = {INTAKTER: 0.02, PERSONAL: 0.003, LOKALHYROR: 0.002, KOP: 0.02, OVRIGA: 0.012, FINANSNETTO: 0.05}
OUTCOME_DRIFT = {INTAKTER: 0.015, PERSONAL: 0.001, KOP: 0.0, OVRIGA: -0.002}
# Last year's whole-year bokslut from the delårsbokslut's January–August of last year: 12/8 of it,
# less for the rows that weigh on the summer, more for income paid late in the year.
LAST_YEAR_FACTOR = {INTAKTER: 1.5 / 0.965, PERSONAL: 1.5 / 1.025, LOKALHYROR: 1.5, KOP: 1.5, OVRIGA: 1.5}


def make_outcome(
    rng: random.Random,
    drift: dict[str, dict[str, Amounts]],
    october: dict[str, dict[str, Amounts]],
    board: str = NAMND,
) -> dict[str, dict[str, Amounts]]:
    """The årsbokslut per ansvar: budget, the year's bokslut (utfall) and last year's (utfall_fg)."""
    out: dict[str, dict[str, Amounts]] = {}
    for node in reporting_nodes(board):
        rows: dict[str, Amounts] = {}
        for row in DRIFT_INPUT:
            budget = drift[node.ansvar][row]["budget"]
            prognos = october[node.ansvar][row]["prognos"]
            fg_period = drift[node.ansvar][row]["utfall_fg"]
            if row == KOMMUNBIDRAG:
                utfall, utfall_fg = prognos, last_year_kommunbidrag(budget) if prognos else 0
            elif budget == 0 and prognos == 0:
                utfall, utfall_fg = 0, 0
            elif row == FINANSNETTO:
                utfall = round_half_away(prognos * (1 + rng.uniform(-OUTCOME_NOISE[row], OUTCOME_NOISE[row])))
                utfall_fg = round_half_away(fg_period * 1.5 * rng.uniform(0.97, 1.03))
            else:
                spread = abs(budget) * (OUTCOME_DRIFT.get(row, 0.0) + rng.uniform(-1, 1) * OUTCOME_NOISE[row])
                utfall = round_half_away(prognos + spread)
                utfall_fg = round_half_away(fg_period * LAST_YEAR_FACTOR[row] * rng.uniform(0.99, 1.01))
            rows[row] = {"budget": budget, "utfall": utfall, "utfall_fg": utfall_fg}
        out[node.ansvar] = rows
    return out
