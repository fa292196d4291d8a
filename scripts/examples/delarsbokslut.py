"""The delårsbokslut: every node's complete input, with every flik (texts in
texts/delarsbokslut.toml)."""

from __future__ import annotations

import json
from typing import Any

from .drift import Amounts, total_of
from .format import (
    AMOUNT_KEYS,
    DELAR,
    DRIFT_INPUT,
    FLIK_ARBETSMILJO,
    FLIK_DRIFT,
    FLIK_FORUTB,
    FLIK_INTERNKONTROLL,
    FLIK_INV,
    FLIK_MAL,
    FLIK_SJUKFRANVARO,
    FLIK_TEXTER,
    FLIK_TEXTER_DRIFT,
    FLIK_UPPDRAG,
    FLIK_UPPGIFTER,
)
from .organisation import Node, is_top, uppgifter
from .plan import (
    INTERNKONTROLL_OUTCOMES,
    NAMND_GOALS,
    UNIT_GOAL_COMMENTS,
    UNIT_INTERNKONTROLL,
    UNIT_NYCKELTAL,
    UPPDRAG_REPORTS,
    arbetsmiljo,
    internkontroll_for,
    unit_goals,
    uppdrag_for,
)
from .projects import INVESTMENTS, PREPAID, investments_json, prepaid_json
from .sections import TextTables, largest_deviation, project_texts, texter, written_texts
from .staff import Sick
from .texts import load

_TEXTS = load("delarsbokslut")
VERKSAMHET: dict[str, str] = _TEXTS["verksamhet"]
# The author's reasons under the drift table, per ansvar and kontogrupp. The engine writes the
# first sentence ("Personalkostnaderna prognostiseras avvika negativt med 6,9 mkr.") itself.
DRIFT_REASONS: dict[str, dict[str, dict[str, str]]] = _TEXTS["drift_reasons"]
INVESTMENT_TEXTS: dict[str, tuple[str, ...]] = {a: tuple(t) for a, t in _TEXTS["investment_texts"].items()}
PREPAID_TEXTS: dict[str, tuple[str, ...]] = {a: tuple(t) for a, t in _TEXTS["prepaid_texts"].items()}
DELAR_TEXTS = TextTables(
    verksamhet=VERKSAMHET,
    omedelbara=_TEXTS["omedelbara_atgarder"],
    internkontroll=_TEXTS["internkontroll"],
    recruitment=_TEXTS["recruitment"],
    work_environment=_TEXTS["work_environment"],
    sick_then="samma period föregående år",
)


def summary_text(node: Node, rows: dict[str, Amounts]) -> str:
    """Inledande sammanfattning as the author writes it: the reason only.

    bokslut opens the section with a sentence of its own from the figures ("Nämnden prognostiserar
    en negativ avvikelse mot budget med 20,5 mkr för helåret."), so the author does not repeat it.
    """
    reasons = DRIFT_REASONS.get(node.ansvar, {})
    biggest = largest_deviation(rows, "prognos", reasons)
    if biggest is None:
        return "Verksamheten har bedrivits enligt plan under perioden."
    return reasons[biggest]["prognos"].split("\n")[0]


def texts_for(node: Node, rows: dict[str, Amounts], sick: Sick) -> dict[str, str]:
    """The Texter flik of the delårsbokslut."""
    a = node.ansvar
    texts = written_texts(node, DELAR_TEXTS, sick)
    texts["Inledande sammanfattning"] = summary_text(node, rows)
    if a in INVESTMENT_TEXTS:
        texts |= project_texts(DELAR, "Investeringar", INVESTMENT_TEXTS[a])
    if a in PREPAID_TEXTS:
        texts |= project_texts(DELAR, "Förutbetalda intäkter", PREPAID_TEXTS[a])
    return texter(DELAR, texts)


def goals_delar(ansvar: str) -> list[dict[str, Any]]:
    """The Mål flik of the delårsbokslut: the nämnd's goals as they stand, or those shared down."""
    if is_top(ansvar):
        return [json.loads(json.dumps(g)) for g in NAMND_GOALS]
    return unit_goals(ansvar, UNIT_GOAL_COMMENTS, UNIT_NYCKELTAL)


def drift_texts_for(ansvar: str) -> dict[str, dict[str, str]]:
    reasons = DRIFT_REASONS.get(ansvar, {})
    return {row: dict(reasons[row]) for row in DRIFT_INPUT if row in reasons}


def build_json(node: Node, drift: dict[str, dict[str, Amounts]], sick: Sick) -> dict[str, Any]:
    """One ansvar's complete input to the delårsbokslut in the JSON form of docs/indata.md."""
    return {
        FLIK_UPPGIFTER: uppgifter(node),
        FLIK_DRIFT: {row: dict(drift[node.ansvar][row]) for row in DRIFT_INPUT},
        FLIK_INV: investments_json(INVESTMENTS.get(node.ansvar, {})),
        FLIK_FORUTB: prepaid_json(PREPAID.get(node.ansvar, []), AMOUNT_KEYS),
        FLIK_TEXTER: texts_for(node, total_of(drift, node.ansvar), sick),
        FLIK_TEXTER_DRIFT: drift_texts_for(node.ansvar),
        FLIK_MAL: goals_delar(node.ansvar),
        FLIK_UPPDRAG: uppdrag_for(node.ansvar, UPPDRAG_REPORTS),
        FLIK_INTERNKONTROLL: internkontroll_for(node.ansvar, INTERNKONTROLL_OUTCOMES, UNIT_INTERNKONTROLL),
        FLIK_ARBETSMILJO: arbetsmiljo(node.ansvar, sick),
        FLIK_SJUKFRANVARO: sick,
    }
