"""Generated sentences, word for word as the decided documents phrase them."""

from __future__ import annotations

import pytest

from bokslut import sentences
from bokslut.domain import DRIFT, Level, Signal, signal_sets

NBSP = "\u00a0"
GOALS = signal_sets()["mal_delar"]


def goal(label: str) -> Signal:
    found = GOALS.find(label)
    assert found is not None, label
    return found


@pytest.mark.parametrize(
    ("row", "deviation", "expected"),
    [
        ("personal", -6949, f"Personalkostnaderna prognostiseras avvika negativt med 6,9{NBSP}mkr."),
        ("personal", 2700, f"Personalkostnaderna prognostiseras avvika positivt med 2,7{NBSP}mkr."),
        ("personal", -49, "Ingen avvikelse förväntas."),  # rounds to 0,0 mkr
        ("personal", 49, "Ingen avvikelse förväntas."),
        ("personal", 0, "Ingen avvikelse förväntas."),
        ("personal", -50, f"Personalkostnaderna prognostiseras avvika negativt med 0,1{NBSP}mkr."),
        ("intakter", 150, f"Verksamhetens intäkter prognostiseras avvika positivt med 0,2{NBSP}mkr."),
        ("intakter", 22650, f"Verksamhetens intäkter prognostiseras avvika positivt med 22,7{NBSP}mkr."),
        ("kop", -1000, f"Köp av tjänster prognostiseras avvika negativt med 1,0{NBSP}mkr."),
        ("lokalhyror", -300, f"Lokalhyrorna prognostiseras avvika negativt med 0,3{NBSP}mkr."),
    ],
)
def test_forecast(row: str, deviation: int, expected: str) -> None:
    assert sentences.forecast(DRIFT.row(row), deviation) == expected


@pytest.mark.parametrize(
    ("row", "outcome", "last_year", "expected"),
    [
        # costs carry a minus sign: a more negative utfall is a cost that has grown
        (
            "personal",
            -26900,
            -25100,
            f"Personalkostnaderna har ökat med 1,8{NBSP}mkr jämfört med samma period föregående år.",
        ),
        (
            "personal",
            -25000,
            -26900,
            f"Personalkostnaderna har minskat med 1,9{NBSP}mkr jämfört med samma period föregående år.",
        ),
        (
            "intakter",
            1910,
            870,
            f"Verksamhetens intäkter har ökat med 1,0{NBSP}mkr jämfört med samma period föregående år.",
        ),
        (
            "intakter",
            870,
            1910,
            f"Verksamhetens intäkter har minskat med 1,0{NBSP}mkr jämfört med samma period föregående år.",
        ),
        ("intakter", 910, 870, "Verksamhetens intäkter är i nivå med samma period föregående år."),
        (
            "finansnetto",
            -100,
            -400,
            f"Finansnettot har förbättrats med 0,3{NBSP}mkr jämfört med samma period föregående år.",
        ),
        (
            "finansnetto",
            -400,
            -100,
            f"Finansnettot har försämrats med 0,3{NBSP}mkr jämfört med samma period föregående år.",
        ),
    ],
)
def test_year_comparison(row: str, outcome: int, last_year: int, expected: str) -> None:
    assert sentences.year_comparison(DRIFT.row(row), outcome, last_year) == expected


@pytest.mark.parametrize(
    ("row", "outcome", "budget", "expected"),
    [
        # budget -38 500 over 8 of 12 months is -25 667; the utfall is 1 233 tkr more negative
        (
            "personal",
            -26900,
            -38500,
            f"Personalkostnaderna för perioden avviker negativt med 1,2{NBSP}mkr mot periodiserad budget.",
        ),
        ("personal", -25667, -38500, "Personalkostnaderna för perioden är i nivå med periodiserad budget."),
        (
            "intakter",
            1800,
            1200,
            f"Verksamhetens intäkter för perioden avviker positivt med 1,0{NBSP}mkr mot periodiserad budget.",
        ),
    ],
)
def test_period_outcome(row: str, outcome: int, budget: int, expected: str) -> None:
    assert sentences.period_outcome(DRIFT.row(row), outcome, budget, 8) == expected


@pytest.mark.parametrize(("budget", "month", "expected"), [(-38500, 8, -25667), (1200, 8, 800), (-15, 6, -8)])
def test_period_budget_rounds_half_away_from_zero(budget: int, month: int, expected: int) -> None:
    assert sentences.period_budget(budget, month) == expected


@pytest.mark.parametrize(
    ("level", "deviation", "expected"),
    [
        (Level.NAMND, -6949, f"Nämnden prognostiserar en negativ avvikelse mot budget med 6,9{NBSP}mkr för helåret."),
        (Level.ENHET, 1200, f"Enheten prognostiserar en positiv avvikelse mot budget med 1,2{NBSP}mkr för helåret."),
        (Level.NAMND, 30, "Nämnden prognostiserar ett resultat i nivå med budget för helåret."),
    ],
)
def test_overall(level: Level, deviation: int, expected: str) -> None:
    assert sentences.overall(level, deviation) == expected


@pytest.mark.parametrize(
    ("budget", "forecast", "expected"),
    [
        (
            4000,
            3500,
            f"Utgifterna prognostiseras till 3,5{NBSP}mkr mot en budget på 4,0{NBSP}mkr, 0,5{NBSP}mkr mindre än budgeterat.",
        ),
        (
            4000,
            4600,
            f"Utgifterna prognostiseras till 4,6{NBSP}mkr mot en budget på 4,0{NBSP}mkr, 0,6{NBSP}mkr mer än budgeterat.",
        ),
        (400, 380, f"Utgifterna prognostiseras till 0,4{NBSP}mkr mot en budget på 0,4{NBSP}mkr."),
        (0, 0, "Utgifterna saknas för året."),
    ],
)
def test_investment_forecast(budget: int, forecast: int, expected: str) -> None:
    assert sentences.investment_forecast("Utgifterna", budget, forecast) == expected


@pytest.mark.parametrize(
    ("outcome", "budget", "expected"),
    [
        (210, 400, f"Utgifterna för perioden uppgår till 0,2{NBSP}mkr, 53 procent av årets budget."),  # 52,5 → 53
        (1000, 0, f"Utgifterna för perioden uppgår till 1,0{NBSP}mkr."),
    ],
)
def test_investment_outcome(outcome: int, budget: int, expected: str) -> None:
    assert sentences.investment_outcome("Utgifterna", outcome, budget) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (
            ["Helt uppfyllt", "Ej utvärderad", "Ej utvärderad", "Ej utvärderad"],
            "Nämnden har i budget 2022–2024 antagit fyra mål. Av dessa bedöms ett mål vara helt uppfyllt "
            "vid årets slut. Tre mål är ej utvärderade.",
        ),
        (
            ["Helt uppfyllt", "Delvis uppfyllt", "Helt uppfyllt"],
            "Nämnden har i budget 2022–2024 antagit tre mål. Av dessa bedöms två mål vara helt uppfyllda "
            "och ett delvis uppfyllt vid årets slut.",
        ),
        (
            ["Ej uppfyllt", "I hög grad uppfyllt", "Ej uppfyllt", "Helt uppfyllt"],
            "Nämnden har i budget 2022–2024 antagit fyra mål. Av dessa bedöms ett mål vara helt uppfyllt, "
            "ett i hög grad uppfyllt och två ej uppfyllda vid årets slut.",
        ),
        (
            ["Ej utvärderad", None],
            "Nämnden har i budget 2022–2024 antagit två mål. Två mål är ej utvärderade.",
        ),
        (
            [None],
            "Nämnden har i budget 2022–2024 antagit ett mål. Ett mål är ej utvärderat.",
        ),
        ([], ""),
    ],
)
def test_goal_summary(labels: list[str | None], expected: str) -> None:
    signals = [goal(label) if label else None for label in labels]
    assert sentences.goal_summary(Level.NAMND, 2022, signals, GOALS, "ej_utvarderad") == expected


@pytest.mark.parametrize(
    ("owner", "total", "without", "with_remark", "expected"),
    [
        (
            "nämndens",
            7,
            2,
            2,
            "Fyra av nämndens sju internkontrollpunkter har följts upp till delårsbokslutet, två utan anmärkning "
            "eller med försumbar anmärkning och två med anmärkning.",
        ),
        (
            "nämndens",
            7,
            1,
            0,
            "En av nämndens sju internkontrollpunkter har följts upp till delårsbokslutet, en utan anmärkning "
            "eller med försumbar anmärkning.",
        ),
        (
            "förvaltningens",
            3,
            0,
            3,
            "Alla förvaltningens tre internkontrollpunkter har följts upp till delårsbokslutet, tre med anmärkning.",
        ),
        ("nämndens", 7, 0, 0, "Ingen av nämndens sju internkontrollpunkter har följts upp till delårsbokslutet."),
        ("avdelningens", 0, 0, 0, "Inga internkontrollpunkter att följa upp i delårsbokslutet."),
        (
            "enhetens",
            1,
            1,
            0,
            "Enhetens internkontrollpunkt har följts upp till delårsbokslutet, utan anmärkning eller med försumbar anmärkning.",
        ),
        ("enhetens", 1, 0, 0, "Enhetens internkontrollpunkt har ännu inte följts upp till delårsbokslutet."),
    ],
)
def test_control_summary(owner: str, total: int, without: int, with_remark: int, expected: str) -> None:
    assert sentences.control_summary(owner, total, without, with_remark, "delårsbokslutet") == expected


def test_units_only_say_how_many_goals_they_follow_up() -> None:
    """Units comment on the nämnd's goals; the bedömning is made for the förvaltning as a whole."""
    text = sentences.goal_summary(Level.ENHET, 2022, [None, None], GOALS, "ej_utvarderad")
    assert text == "Enheten följer upp två av nämndens mål."


def test_a_node_without_goals_says_so_rather_than_leave_the_section_empty() -> None:
    text = sentences.goal_summary(Level.AVDELNING, 2022, [], GOALS, "ej_utvarderad", period="delårsbokslutet")
    assert text == "Inga mål att följa upp i delårsbokslutet."


def test_at_the_years_end_goals_are_assessed_not_forecast() -> None:
    signals = [goal("Helt uppfyllt"), goal("Ej uppfyllt")]
    text = sentences.goal_summary(Level.NAMND, 2022, signals, GOALS, "ej_utvarderad", final=True)
    assert text == (
        "Nämnden har i budget 2022–2024 antagit två mål. Av dessa bedöms ett mål vara helt uppfyllt och ett ej uppfyllt."
    )
