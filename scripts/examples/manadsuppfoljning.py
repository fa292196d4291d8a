"""The månadsuppföljningar (March, May, October) and the fördjupad månadsuppföljning (April): the
forecast, its reasons and how it changed (texts in texts/manadsuppfoljning.toml)."""

from __future__ import annotations

from typing import Any

from .delarsbokslut import DRIFT_REASONS
from .drift import Amounts, total_of
from .format import DRIFT_INPUT, FLIK_TEXTER, FLIK_TEXTER_DRIFT, FLIK_UPPGIFTER, FORECAST_KEYS, Layout
from .numbers import shown
from .organisation import Node, has_projects, uppgifter
from .projects import INVESTMENTS, PREPAID, april_projects, investments_json, prepaid_json
from .sections import largest_deviation, project_texts, texter
from .texts import load

_TEXTS = load("manadsuppfoljning")
# The author's reason under Prognos per ansvar, kontogrupp and months, where the delårsbokslut's
# text does not fit that month; the first entry that holds the month is used.
MONTH_REASONS: dict[str, dict[str, dict[tuple[int, ...], str]]] = {
    ansvar: {
        row: {tuple(int(m) for m in months.split(",")): text for months, text in by_months.items()}
        for row, by_months in rows.items()
    }
    for ansvar, rows in _TEXTS["month_reasons"].items()
}
# Why a forecast changed since the previous follow-up: per ansvar, kontogrupp and month, with the
# direction the text is written for (+1 better, −1 worse). The rest take GENERIC_CHANGE.
CHANGE_REASONS: dict[str, dict[str, dict[int, tuple[int, str]]]] = {
    ansvar: {
        row: {int(month): (reason["direction"], reason["text"]) for month, reason in by_month.items()}
        for row, by_month in rows.items()
    }
    for ansvar, rows in _TEXTS["change_reasons"].items()
}
CHANGE_REASONS["81"] = CHANGE_REASONS["8"]  # the förvaltning's figures are the nämnd's but the kommunbidrag
GENERIC_CHANGE: dict[tuple[str, int], str] = {
    (row, +1 if direction == "better" else -1): text
    for row, by_direction in _TEXTS["generic_change"].items()
    for direction, text in by_direction.items()
}
# Inledande sammanfattning per month for the nämnd, the förvaltning and the avdelningar.
MONTH_SUMMARY: dict[str, dict[int, str]] = {
    ansvar: {int(month): text for month, text in by_month.items()}
    for ansvar, by_month in _TEXTS["month_summary"].items()
}
IN_BUDGET: str = _TEXTS["in_budget"]
APRIL_INVESTMENT_TEXTS: dict[str, str] = _TEXTS["april_investment_texts"]
APRIL_PREPAID_TEXTS: dict[str, str] = _TEXTS["april_prepaid_texts"]


def month_reason(ansvar: str, row: str, month: int) -> str | None:
    """The author's reason under Prognos for a kontogrupp in a month's follow-up."""
    for months, text in MONTH_REASONS.get(ansvar, {}).get(row, {}).items():
        if month in months:
            return text
    return DRIFT_REASONS.get(ansvar, {}).get(row, {}).get("prognos")


PREVIOUS = {4: 3, 5: 4, 10: 8}  # the follow-up a forecast is compared with
CHANGE_THRESHOLD = 100  # tkr; a smaller change is not commented on


def change_text(ansvar: str, row: str, month: int, change: int) -> str | None:
    """Prognosförändring: how the forecast of a kontogrupp moved since the previous follow-up."""
    if month not in PREVIOUS or abs(change) < CHANGE_THRESHOLD:
        return None
    direction = 1 if change > 0 else -1
    written = CHANGE_REASONS.get(ansvar, {}).get(row, {}).get(month)
    if written is not None:
        assert written[0] == direction, (ansvar, row, month, change)
        reason = written[1]
    else:
        reason = GENERIC_CHANGE[(row, direction)]
    # bokslut states the change itself ("… 2,7 mkr mer än i april") from the stored forecasts;
    # the controller writes why.
    return f"Förändringen beror på att {reason}."


# Inledande sammanfattning per month for the nämnd, the förvaltning and the avdelningar: the
# reason only; bokslut writes the sentence with the figure. Enheter take their largest deviation's.


def month_drift_texts(
    ansvar: str, month: int, now: dict[str, Amounts], before: dict[str, Amounts] | None
) -> dict[str, dict[str, str]]:
    """Texter drift of a month's follow-up: Prognos and Prognosförändring per kontogrupp."""
    out: dict[str, dict[str, str]] = {}
    for row in DRIFT_INPUT:
        texts: dict[str, str] = {}
        reason = month_reason(ansvar, row, month) if shown(now[row]["prognos"] - now[row]["budget"]) else None
        if reason:
            texts["prognos"] = reason
        if before is not None:
            changed = change_text(ansvar, row, month, now[row]["prognos"] - before[row]["prognos"])
            if changed:
                texts["prognosförändring"] = changed
        if texts:
            out[row] = texts
    return out


def month_summary(ansvar: str, month: int, rows: dict[str, Amounts], key: str = "prognos") -> str:
    """Inledande sammanfattning: the reason behind the overall deviation (never the figure)."""
    if ansvar in MONTH_SUMMARY:
        return MONTH_SUMMARY[ansvar][month]
    biggest = largest_deviation(rows, key, [r for r in DRIFT_INPUT if shown(rows[r][key] - rows[r]["budget"])])
    if biggest is None:
        return IN_BUDGET
    reason = month_reason(ansvar, biggest, month)
    assert reason, (ansvar, month, biggest)
    return reason.split("\n")[0]


def build_month_json(
    node: Node,
    lay: Layout,
    month: int,
    forecasts: dict[int, dict[str, dict[str, Amounts]]],
) -> dict[str, Any]:
    """One ansvar's input to a månadsuppföljning or the fördjupad månadsuppföljning."""
    a = node.ansvar
    rolled = total_of(forecasts[month], a, FORECAST_KEYS)
    before = total_of(forecasts[PREVIOUS[month]], a, FORECAST_KEYS) if month in PREVIOUS else None
    texts: dict[str, str | None] = {"Inledande sammanfattning": month_summary(a, month, rolled)}
    data: dict[str, Any] = {
        FLIK_UPPGIFTER: uppgifter(node),
        lay.drift_flik: {row: dict(forecasts[month][a][row]) for row in DRIFT_INPUT},
    }
    if lay.inv_flik and lay.forutb_flik:
        own = INVESTMENTS.get(a, {})
        data[lay.inv_flik] = investments_json({cat: april_projects(projects) for cat, projects in own.items()})
        data[lay.forutb_flik] = prepaid_json(april_projects(PREPAID.get(a, [])), FORECAST_KEYS)
        if has_projects(a, INVESTMENTS):
            texts |= project_texts(lay, "Investeringar", [APRIL_INVESTMENT_TEXTS[a]])
        if has_projects(a, PREPAID):
            texts |= project_texts(lay, "Förutbetalda intäkter", [APRIL_PREPAID_TEXTS[a]])
    data[FLIK_TEXTER] = texter(lay, texts)
    data[FLIK_TEXTER_DRIFT] = month_drift_texts(a, month, rolled, before)
    return data
