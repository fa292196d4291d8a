"""Generated sentences in the decided documents' style, from the figures.

"Personalkostnaderna prognostiseras avvika negativt med 6,9 mkr." The author's own text follows
the sentence; the sentence states the figure so the author does not have to retype it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bokslut.domain import Level, RowSpec, Signal, SignalSet
from bokslut.numbers import fmt_mkr, fmt_tkr, mkr, number_word, round_half_up
from bokslut.phrases import Phrases, default_phrases

# Each function takes the run's phrase catalogue (`bokslut.phrases`; the shipped one when none is
# given) and chooses the phrase; what is computed (which phrase, number words, the first letter)
# stays here. A name in a sentence is given with a small first letter and every whole sentence
# gets a capital one, so a kommun's phrase may put the name anywhere.


def _say(phrases: Phrases | None, key: str, **values: str | int) -> str:
    """The whole sentence `key`, its first letter a capital."""
    return _cap((phrases or default_phrases()).say(key, **values))


def _word(phrases: Phrases | None, key: str) -> str:
    return (phrases or default_phrases()).say(f"ord.{key}")


def _low(name: str) -> str:
    """A name as it stands inside a sentence: "Personalkostnaderna" → "personalkostnaderna"."""
    return name[:1].lower() + name[1:]


def _direction(phrases: Phrases | None, value: int, *, adjective: bool = False) -> str:
    """ "positivt"/"negativt" (avvika positivt), or as an adjective "positiv" (en positiv avvikelse)."""
    if adjective:
        return _word(phrases, "positiv" if value > 0 else "negativ")
    return _word(phrases, "positivt" if value > 0 else "negativt")


def forecast(row: RowSpec, deviation: int, *, phrases: Phrases | None = None) -> str:
    """Prognos per kontogrupp; `deviation` = prognos − budget (positive is favourable)."""
    subject = _low(row.subject)
    if mkr(deviation) == 0:
        return _say(phrases, "prognos.ingen_avvikelse", kontogrupp=subject)
    return _say(
        phrases, "prognos.avvikelse", kontogrupp=subject, riktning=_direction(phrases, deviation),
        belopp=fmt_mkr(deviation),
    )  # fmt: skip


def forecast_change(
    row: RowSpec, deviation: int, before: int, since: str, *, follows: bool = False, phrases: Phrases | None = None
) -> str:
    """Prognosförändring per kontogrupp: this forecast's deviation against the previous follow-up's.

    Both are prognos − budget (positive is favourable). `since` names the previous follow-up
    ("april"). With `follows` the sentence continues the forecast sentence instead of standing alone.
    """
    change = deviation - before
    subject = _low(row.subject)
    after = "_efter_prognos" if follows else ""
    if mkr(change) == 0:
        return _say(phrases, f"prognosforandring.oforandrad{after}", kontogrupp=subject, sedan=since)
    if mkr(deviation) != 0 and mkr(before) != 0 and (deviation > 0) == (before > 0):
        more = _word(phrases, "mer" if abs(deviation) > abs(before) else "mindre")
        return _say(
            phrases, f"prognosforandring.samma_riktning{after}", kontogrupp=subject,
            riktning=_direction(phrases, deviation), belopp=fmt_mkr(change), mer_mindre=more, sedan=since,
        )  # fmt: skip
    verb = _word(phrases, "forbattrats" if change > 0 else "forsamrats")
    return _say(
        phrases, f"prognosforandring.andrad{after}", kontogrupp=subject, förändring=verb, belopp=fmt_mkr(change),
        sedan=since,
    )  # fmt: skip


def period_budget(budget: int, month: int) -> int:
    """The budget for the months so far, spread evenly over the year."""
    return int(round_half_up(Decimal(budget) * month / 12))


def period_outcome(row: RowSpec, outcome: int, budget: int, month: int, *, phrases: Phrases | None = None) -> str:
    """Utfall för perioden against the evenly periodised budget (positive is favourable)."""
    deviation = outcome - period_budget(budget, month)
    subject = _low(row.subject)
    if mkr(deviation) == 0:
        return _say(phrases, "utfall.period_i_niva", kontogrupp=subject)
    return _say(
        phrases, "utfall.period_avvikelse", kontogrupp=subject, riktning=_direction(phrases, deviation),
        belopp=fmt_mkr(deviation),
    )  # fmt: skip


def year_comparison(
    row: RowSpec, outcome: int, outcome_last_year: int, *, whole_year: bool = False, phrases: Phrases | None = None
) -> str:
    """Jämförelse mellan åren: how the row moved since the same period last year (or last year)."""
    diff = outcome - outcome_last_year
    then = "ar" if whole_year else "period"
    subject = _low(row.subject)
    if mkr(diff) == 0:
        return _say(phrases, f"jamforelse.{then}_i_niva", kontogrupp=subject)
    if row.sign == 0:
        verb = "forbattrats" if diff > 0 else "forsamrats"
    else:
        grew = (diff > 0) == (row.sign > 0)
        verb = "okat" if grew else "minskat"
    return _say(
        phrases, f"jamforelse.{then}_forandring", kontogrupp=subject, förändring=_word(phrases, verb),
        belopp=fmt_mkr(diff),
    )  # fmt: skip


def year_outcome(row: RowSpec, deviation: int, *, phrases: Phrases | None = None) -> str:
    """Utfall för året per kontogrupp; `deviation` = bokslut − budget (positive is favourable)."""
    subject = _low(row.subject)
    if mkr(deviation) == 0:
        return _say(phrases, "utfall.ar_i_niva", kontogrupp=subject)
    return _say(
        phrases, "utfall.ar_avvikelse", kontogrupp=subject, riktning=_direction(phrases, deviation),
        belopp=fmt_mkr(deviation),
    )  # fmt: skip


def overall(level: Level, deviation: int, *, final: bool = False, phrases: Phrases | None = None) -> str:
    """Inledande sammanfattning: the overall deviation, forecast for the year or the year's outcome."""
    when = "bokslut" if final else "prognos"
    subject = _low(level.subject)
    if mkr(deviation) == 0:
        return _say(phrases, f"sammanfattning.{when}_i_niva", nivå=subject)
    return _say(
        phrases, f"sammanfattning.{when}_avvikelse", nivå=subject,
        riktning=_direction(phrases, deviation, adjective=True), belopp=fmt_mkr(deviation),
    )  # fmt: skip


def forecast_accuracy(points: Sequence[tuple[str, int]], outcome: int, *, phrases: Phrases | None = None) -> str:
    """Prognossäkerhet: how far each earlier forecast of Årets resultat was from the bokslut.
    Each point is the forecast's name as the sentence says it ("i delårsbokslutet") and its value."""
    found = phrases or default_phrases()
    parts = []
    for name, value in points:
        diff = outcome - value
        if mkr(diff) == 0:
            parts.append(found.say("prognossakerhet.i_niva", uppföljning=name))
        else:
            better = _word(phrases, "battre" if diff > 0 else "samre")
            parts.append(
                found.say("prognossakerhet.avvikelse", belopp=fmt_mkr(diff), bättre_sämre=better, uppföljning=name)
            )
    if not parts:
        return ""
    return _say(phrases, "prognossakerhet.mening", delar=_join(parts, phrases))


def investment_forecast(subject: str, budget: int, forecast_value: int, *, phrases: Phrases | None = None) -> str:
    """For utgifter and inkomster: the forecast against budget, said in amounts."""
    return _against_budget(phrases, subject, "prognos", budget, forecast_value)


def investment_change(forecast_value: int, before: int, since: str, *, phrases: Phrases | None = None) -> str:
    """Prognosförändring for utgifter and inkomster: the forecast against the previous
    follow-up's ("since" names it: "april"), said in amounts as the forecast itself is."""
    change = forecast_value - before
    if mkr(change) == 0:
        return _say(phrases, "investering.oforandrad", sedan=since)
    higher = _word(phrases, "hogre" if change > 0 else "lagre")
    return _say(phrases, "investering.forandring", belopp=fmt_mkr(change), högre_lägre=higher, sedan=since)


def investment_year(subject: str, budget: int, outcome: int, *, phrases: Phrases | None = None) -> str:
    """The year's utgifter or inkomster against budget, said in amounts."""
    return _against_budget(phrases, subject, "bokslut", budget, outcome)


def _against_budget(phrases: Phrases | None, subject: str, kind: str, budget: int, amount: int) -> str:
    what = _low(subject)
    if budget == 0 and amount == 0:
        return _say(phrases, "investering.saknas", vad=what)
    diff = amount - budget
    said = {"vad": what, "belopp": fmt_mkr(amount), "budget": fmt_mkr(budget)}
    if mkr(diff) == 0:
        return _say(phrases, f"investering.{kind}", **said)
    more = _word(phrases, "mer" if diff > 0 else "mindre")
    return _say(phrases, f"investering.{kind}_avvikelse", **said, skillnad=fmt_mkr(diff), mer_mindre=more)


def investment_outcome(subject: str, outcome: int, budget: int, *, phrases: Phrases | None = None) -> str:
    what = _low(subject)
    if budget == 0:
        return _say(phrases, "investering.period_utfall", vad=what, belopp=fmt_mkr(outcome))
    share = round_half_up(Decimal(outcome) * 100 / Decimal(budget))
    return _say(phrases, "investering.period_utfall_andel", vad=what, belopp=fmt_mkr(outcome), procent=str(share))


def investment_comparison(
    subject: str, outcome: int, last_year: int, *, whole_year: bool = False, phrases: Phrases | None = None
) -> str:
    diff = outcome - last_year
    then = "ar" if whole_year else "period"
    what = _low(subject)
    if mkr(diff) == 0:
        return _say(phrases, f"investering.{then}_jamforelse_i_niva", vad=what)
    higher = _word(phrases, "hogre" if diff > 0 else "lagre")
    return _say(phrases, f"investering.{then}_jamforelse", vad=what, belopp=fmt_mkr(diff), högre_lägre=higher)


# --- counts of goals and controls -----------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(parts: Sequence[str], phrases: Phrases | None) -> str:
    """ "a, b och c" """
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {_word(phrases, 'och')} " + parts[-1]


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
    period: str = "",
    phrases: Phrases | None = None,
) -> str:
    """ "Nämnden har i budget 2022–2024 antagit fyra mål. Av dessa bedöms ett mål vara helt
    uppfyllt vid årets slut. Tre mål är ej utvärderade." With no goals, that there are none to
    follow up in `period` ("delårsbokslutet"); nothing without a period."""
    found = phrases or default_phrases()
    count = len(signals)
    if count == 0:
        return _say(phrases, "mal.inga", period=period) if period else ""
    if level is Level.NAMND:
        opening = _say(phrases, "mal.namnden_antagit", år=str(year), sista_år=str(year + 2), antal=number_word(count))
    else:
        opening = _say(phrases, "mal.foljer_upp", nivå=_low(level.subject), antal=number_word(count))
    best_first = [s for s in reversed(signal_set.signals) if s.key != not_evaluated]
    parts: list[str] = []
    for signal in best_first:
        n = sum(1 for s in signals if s == signal)
        if n:
            key = "mal.bedomning" if parts else "mal.bedomning_forsta"
            parts.append(found.say(key, antal=number_word(n), bedömning=_assessed(signal.label, n)))
    sentences = [opening]
    if parts:
        key = "mal.bedomda_bokslut" if final else "mal.bedomda"
        sentences.append(_say(phrases, key, bedömningar=_join(parts, phrases)))
    if level not in (Level.NAMND, Level.FORVALTNING) and all(s is None for s in signals):
        return opening  # units comment on goals; the assessment is made at the förvaltning's level
    missing = sum(1 for s in signals if s is None or s.key == not_evaluated)
    if missing:
        key = "mal.ej_utvarderat" if missing == 1 else "mal.ej_utvarderade"
        sentences.append(_say(phrases, key, antal=number_word(missing)))
    return " ".join(sentences)


def control_summary(
    owner: str, total: int, without: int, with_remark: int, period: str, *, phrases: Phrases | None = None
) -> str:
    """ "Fyra av nämndens sju internkontrollpunkter har följts upp till delårsbokslutet, två utan
    anmärkning eller med försumbar anmärkning och två med anmärkning." `owner` is whose points
    they are, as the sentence says it ("nämndens")."""
    if total == 0:
        return _say(phrases, "internkontroll.inga", period=period)
    found = phrases or default_phrases()
    done = without + with_remark
    if total == 1:
        if done == 0:
            return _say(phrases, "internkontroll.en_ej_uppfoljd", ägare=owner, period=period)
        how = found.say("internkontroll.en_utan_anmarkning" if without else "internkontroll.en_med_anmarkning")
        return _say(phrases, "internkontroll.en_uppfoljd", ägare=owner, period=period, hur=how)
    count = number_word(total, neuter=False)
    if done == 0:
        return _say(phrases, "internkontroll.ingen_uppfoljd", ägare=owner, antal=count, period=period)
    parts = []
    if without:
        parts.append(found.say("internkontroll.antal_utan_anmarkning", antal=number_word(without, neuter=False)))
    if with_remark:
        parts.append(found.say("internkontroll.antal_med_anmarkning", antal=number_word(with_remark, neuter=False)))
    said = {"ägare": owner, "antal": count, "period": period, "hur": _join(parts, phrases)}
    if done == total:
        return _say(phrases, "internkontroll.alla_uppfoljda", **said)
    return _say(phrases, "internkontroll.nagra_uppfoljda", uppföljda=number_word(done, neuter=False), **said)


def budget_change(year: int, budget: int, last: int, *, phrases: Phrases | None = None) -> str:
    """Ekonomiska ramar: this year's budget against last year's, both as net costs (tkr, costs
    negative): "Budgeten för 2022 är 34,8 mkr högre än för 2021"."""
    diff = last - budget  # a larger net cost is a higher budget
    if mkr(diff) == 0:
        return _say(phrases, "budget.i_niva", år=str(year), fg=str(year - 1))
    higher = _word(phrases, "hogre" if diff > 0 else "lagre")
    return _say(phrases, "budget.forandring", år=str(year), fg=str(year - 1), belopp=fmt_mkr(diff), högre_lägre=higher)


def internal_notes(
    subject: str,
    eliminated: int,
    unmatched: int,
    sold: int,
    bought: int,
    column: str,
    *,
    phrases: Phrases | None = None,
) -> list[str]:
    """The sentences under the drift table about internal transactions (amounts in tkr, `column`
    the column they are of): what was eliminated inside the node, what could not be matched, and
    the trade with the rest of the kommun the figures still hold. Nothing to say: no sentence."""
    out = []
    if eliminated:
        out.append(
            _say(phrases, "interna.eliminerade", nivå=_low(subject), belopp=_internal_amount(eliminated), kolumn=column)
        )
    if unmatched:
        out.append(_say(phrases, "interna.ej_matchade", belopp=_internal_amount(unmatched), kolumn=column))
    if sold:
        out.append(_say(phrases, "interna.salda", belopp=_internal_amount(sold), kolumn=column))
    if bought:
        out.append(_say(phrases, "interna.kopta", belopp=_internal_amount(bought), kolumn=column))
    return out


def _internal_amount(tkr: int) -> str:
    """Mkr with one decimal; an amount too small to show in mkr in tkr ("40 tkr")."""
    return fmt_mkr(tkr) if mkr(tkr) != 0 else f"{fmt_tkr(tkr)}\u00a0tkr"
