"""Generated sentences in the decided documents' style, from the figures.

"Personalkostnaderna prognostiseras avvika negativt med 6,9 mkr." The author's own text follows
the sentence; the sentence states the figure so the author does not have to retype it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bokslut.domain import Level, RowSpec, Signal, SignalSet
from bokslut.numbers import fmt_mkr, mkr, number_word, round_half_up


def _direction(value: int) -> str:
    return "positivt" if value > 0 else "negativt"


def forecast(row: RowSpec, deviation: int) -> str:
    """Prognos per kontogrupp; `deviation` = prognos − budget (positive is favourable)."""
    if mkr(deviation) == 0:
        return "Ingen avvikelse förväntas."
    return f"{row.subject} prognostiseras avvika {_direction(deviation)} med {fmt_mkr(deviation)}."


def forecast_change(row: RowSpec, deviation: int, before: int, since: str, *, follows: bool = False) -> str:
    """Prognosförändring per kontogrupp: this forecast's deviation against the previous follow-up's.

    Both are prognos − budget (positive is favourable). `since` names the previous follow-up
    ("april"). With `follows` the sentence continues the forecast sentence instead of standing alone.
    """
    change = deviation - before
    subject = row.subject[0].lower() + row.subject[1:]
    if mkr(change) == 0:
        return (
            f"Prognosen är oförändrad sedan {since}."
            if follows
            else f"Prognosen för {subject} är oförändrad sedan {since}."
        )
    if mkr(deviation) != 0 and mkr(before) != 0 and (deviation > 0) == (before > 0):
        more = "mer" if abs(deviation) > abs(before) else "mindre"
        if follows:
            return f"Det är {fmt_mkr(change)} {more} än i {since}."
        return f"{row.subject} prognostiseras avvika {_direction(deviation)} med {fmt_mkr(change)} {more} än i {since}."
    verb = "förbättrats" if change > 0 else "försämrats"
    if follows:
        return f"Prognosen har {verb} med {fmt_mkr(change)} sedan {since}."
    return f"Prognosen för {subject} har {verb} med {fmt_mkr(change)} sedan {since}."


def period_budget(budget: int, month: int) -> int:
    """The budget for the months so far, spread evenly over the year."""
    return int(round_half_up(Decimal(budget) * month / 12))


def period_outcome(row: RowSpec, outcome: int, budget: int, month: int) -> str:
    """Utfall för perioden against the evenly periodised budget (positive is favourable)."""
    deviation = outcome - period_budget(budget, month)
    if mkr(deviation) == 0:
        return f"{row.subject} för perioden är i nivå med periodiserad budget."
    return (
        f"{row.subject} för perioden avviker {_direction(deviation)} med {fmt_mkr(deviation)} mot periodiserad budget."
    )


def year_comparison(row: RowSpec, outcome: int, outcome_last_year: int, *, whole_year: bool = False) -> str:
    """Jämförelse mellan åren: how the row moved since the same period last year (or last year)."""
    diff = outcome - outcome_last_year
    then = "föregående år" if whole_year else "samma period föregående år"
    if mkr(diff) == 0:
        return f"{row.subject} är i nivå med {then}."
    if row.sign == 0:
        verb = "förbättrats" if diff > 0 else "försämrats"
    else:
        grew = (diff > 0) == (row.sign > 0)
        verb = "ökat" if grew else "minskat"
    return f"{row.subject} har {verb} med {fmt_mkr(diff)} jämfört med {then}."


def year_outcome(row: RowSpec, deviation: int) -> str:
    """Utfall för året per kontogrupp; `deviation` = bokslut − budget (positive is favourable)."""
    if mkr(deviation) == 0:
        return f"{row.subject} är i nivå med budget."
    return f"{row.subject} avviker {_direction(deviation)} med {fmt_mkr(deviation)} mot budget."


def overall(level: Level, deviation: int, *, final: bool = False) -> str:
    """Inledande sammanfattning: the overall deviation, forecast for the year or the year's outcome."""
    if final:
        if mkr(deviation) == 0:
            return f"{level.subject} redovisar ett resultat i nivå med budget för året."
        sign = "positiv" if deviation > 0 else "negativ"
        return f"{level.subject} redovisar en {sign} avvikelse mot budget med {fmt_mkr(deviation)} för året."
    if mkr(deviation) == 0:
        return f"{level.subject} prognostiserar ett resultat i nivå med budget för helåret."
    sign = "positiv" if deviation > 0 else "negativ"
    return f"{level.subject} prognostiserar en {sign} avvikelse mot budget med {fmt_mkr(deviation)} för helåret."


def forecast_accuracy(points: Sequence[tuple[str, int]], outcome: int) -> str:
    """Prognossäkerhet: how far each earlier forecast of Årets resultat was from the bokslut."""
    parts = []
    for name, value in points:
        diff = outcome - value
        if mkr(diff) == 0:
            parts.append(f"i nivå med prognosen {name}")
        else:
            parts.append(f"{fmt_mkr(diff)} {'bättre' if diff > 0 else 'sämre'} än prognosen {name}")
    if not parts:
        return ""
    return f"Årets resultat blev {_join(parts)}."


def investment_forecast(subject: str, budget: int, forecast_value: int) -> str:
    """For utgifter and inkomster: the forecast against budget, said in amounts."""
    return _against_budget(subject, "prognostiseras till", budget, forecast_value)


def investment_change(forecast_value: int, before: int, since: str) -> str:
    """Prognosförändring for utgifter and inkomster: the forecast against the previous
    follow-up's ("since" names it: "april"), said in amounts as the forecast itself is."""
    change = forecast_value - before
    if mkr(change) == 0:
        return f"Prognosen är oförändrad sedan {since}."
    return f"Prognosen är {fmt_mkr(change)} {'högre' if change > 0 else 'lägre'} än i {since}."


def investment_year(subject: str, budget: int, outcome: int) -> str:
    """The year's utgifter or inkomster against budget, said in amounts."""
    return _against_budget(subject, "uppgick till", budget, outcome)


def _against_budget(subject: str, verb: str, budget: int, amount: int) -> str:
    if budget == 0 and amount == 0:
        return f"{subject} saknas för året."
    diff = amount - budget
    head = f"{subject} {verb} {fmt_mkr(amount)} mot en budget på {fmt_mkr(budget)}"
    if mkr(diff) == 0:
        return head + "."
    return head + f", {fmt_mkr(diff)} {'mer' if diff > 0 else 'mindre'} än budgeterat."


def investment_outcome(subject: str, outcome: int, budget: int) -> str:
    if budget == 0:
        return f"{subject} för perioden uppgår till {fmt_mkr(outcome)}."
    share = round_half_up(Decimal(outcome) * 100 / Decimal(budget))
    return f"{subject} för perioden uppgår till {fmt_mkr(outcome)}, {share} procent av årets budget."


def investment_comparison(subject: str, outcome: int, last_year: int, *, whole_year: bool = False) -> str:
    diff = outcome - last_year
    period, then = ("för året", "föregående år") if whole_year else ("för perioden", "samma period föregående år")
    if mkr(diff) == 0:
        return f"{subject} {period} är i nivå med {then}."
    return f"{subject} {period} är {fmt_mkr(diff)} {'högre' if diff > 0 else 'lägre'} än {then}."


# --- counts of goals and controls -----------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def _assessed(label: str, n: int) -> str:
    """ "helt uppfyllt" for one goal, "helt uppfyllda" for several (mål is neuter)."""
    word = label.lower()
    if n > 1 and word.endswith("uppfyllt"):
        word = word[: -len("uppfyllt")] + "uppfyllda"
    return word


def goal_summary(
    level: Level,
    year: int,
    signals: Sequence[Signal | None],
    signal_set: SignalSet,
    not_evaluated: str,
    *,
    final: bool = False,
) -> str:
    """ "Nämnden har i budget 2022–2024 antagit fyra mål. Av dessa bedöms ett mål vara helt
    uppfyllt vid årets slut. Tre mål är ej utvärderade." """
    count = len(signals)
    if count == 0:
        return ""
    if level is Level.NAMND:
        opening = f"Nämnden har i budget {year}–{year + 2} antagit {number_word(count)} mål."
    else:
        opening = f"{level.subject} följer upp {number_word(count)} av nämndens mål."
    best_first = [s for s in reversed(signal_set.signals) if s.key != not_evaluated]
    parts: list[str] = []
    for signal in best_first:
        n = sum(1 for s in signals if s == signal)
        if n:
            noun = " mål vara" if not parts else ""
            parts.append(f"{number_word(n)}{noun} {_assessed(signal.label, n)}")
    sentences = [opening]
    if parts:
        when = "" if final else " vid årets slut"
        sentences.append(f"Av dessa bedöms {_join(parts)}{when}.")
    if level not in (Level.NAMND, Level.FORVALTNING) and all(s is None for s in signals):
        return opening  # units comment on goals; the assessment is made at the förvaltning's level
    missing = sum(1 for s in signals if s is None or s.key == not_evaluated)
    if missing:
        state = "utvärderat" if missing == 1 else "utvärderade"
        sentences.append(f"{_cap(number_word(missing))} mål är ej {state}.")
    return " ".join(sentences)


def control_summary(owner: str, total: int, without: int, with_remark: int, period: str) -> str:
    """ "Fyra av nämndens sju internkontrollpunkter har följts upp till delårsbokslutet, två utan
    anmärkning eller med försumbar anmärkning och två med anmärkning." """
    if total == 0:
        return ""
    done = without + with_remark
    if total == 1:
        if done == 0:
            return f"{_cap(owner)} internkontrollpunkt har ännu inte följts upp till {period}."
        how = "utan anmärkning eller med försumbar anmärkning" if without else "med anmärkning"
        return f"{_cap(owner)} internkontrollpunkt har följts upp till {period}, {how}."
    count = number_word(total, neuter=False)
    if done == 0:
        return f"Ingen av {owner} {count} internkontrollpunkter har följts upp till {period}."
    if done == total:
        head = f"Alla {owner} {count} internkontrollpunkter"
    else:
        head = f"{_cap(number_word(done, neuter=False))} av {owner} {count} internkontrollpunkter"
    parts = []
    if without:
        parts.append(f"{number_word(without, neuter=False)} utan anmärkning eller med försumbar anmärkning")
    if with_remark:
        parts.append(f"{number_word(with_remark, neuter=False)} med anmärkning")
    return f"{head} har följts upp till {period}, {_join(parts)}."
