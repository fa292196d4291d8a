"""Build the kommun's sammanställning: the kommun node's rolled-up report in, plain values out.

One row per nämnd (its skattefinansierade part), the avgiftsfinansierade verksamheter (nodes on a
flik set with `taxe_financed`) apart with their own sum, the sum of the nämnder, what was
eliminated between them, and the kommun after elimination. The nämnder with a negative deviation
are named with the sentence their own document opens with (`sentences.overall`).

The same context serves the sammanställning of every follow-up (`domain.SUMMARIES`): the columns
and the deviation (prognos, or utfall in a final report) are the followed report's, and the goals
and the internkontroll are counted only when the followed report has them (else they are None and
the mall leaves the section out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bokslut import sentences
from bokslut.aggregate import NodeReport
from bokslut.context import NOT_EVALUATED, NOT_FOLLOWED_UP, SignalMark, date_text, incomplete, period_text
from bokslut.domain import FLIK_SETS, REPORTS, TABLES, Level, ReportSpec, signal_sets
from bokslut.figures import Values, add, computed
from bokslut.numbers import fmt_mkr, fmt_tkr, mkr, number_word
from bokslut.phrases import Phrases


@dataclass(frozen=True)
class Delivery:
    """What the store holds of a nämnd for the period: whether every unit under it has handed
    in a valid input (those that have not, "81911 Hemtjänst Norr"), and its decision."""

    missing: tuple[str, ...]
    decision: str | None


def _result(tree: NodeReport) -> Values:
    return dict(tree.tables["drift"].row("resultat"))


def _minus(a: Values, b: Values) -> Values:
    return add(a, {k: -v for k, v in b.items()})


def _taxe_financed(tree: NodeReport, inherited: bool = False) -> list[NodeReport]:
    """The topmost nodes under `tree` on a taxe-financed flik set (VA-verksamheten)."""
    found: list[NodeReport] = []
    for child in tree.children:
        own = FLIK_SETS[child.node.flik_set].taxe_financed
        if own and not inherited:
            found.append(child)
        else:
            found += _taxe_financed(child, own)
    return found


def _boards(tree: NodeReport) -> list[NodeReport]:
    """The nämnder under the kommun, in the organisation's order."""
    if tree.node.level is Level.NAMND:
        return [tree]
    return [b for child in tree.children for b in _boards(child)]


def _row(report: ReportSpec, label: str, values: Values | None, kind: str) -> dict[str, Any]:
    """A table row as the other mallar have it; a group heading (`values` None) has no figures."""
    cells = [""] * len(report.columns)
    if values is not None:
        full = computed(report, TABLES["drift"], values)
        cells = [fmt_tkr(full[c.key]) for c in report.columns]
    return {"label": label, "cells": cells, "kind": kind, "sum": kind == "sum"}


def _deviation(report: ReportSpec, values: Values) -> int:
    end = "utfall" if report.final else "prognos"
    return values.get(end, 0) - values.get("budget", 0)


def _table(report: ReportSpec, tree: NodeReport, boards: list[NodeReport], said: Phrases) -> list[dict[str, Any]]:
    """The nämnder's Årets resultat: the skattefinansierade, the avgiftsfinansierade, the sum,
    the elimination between the nämnder and the kommun's total."""
    tax_rows, taxe_rows = [], []
    tax_sum: Values = {}
    taxe_sum: Values = {}
    for board in boards:
        apart = _taxe_financed(board)
        tax = _result(board)
        for verksamhet in apart:
            value = _result(verksamhet)
            tax = _minus(tax, value)
            taxe_sum = add(taxe_sum, value)
            label = said.say(
                "sammanstallning.verksamhet_i_namnd", verksamhet=verksamhet.node.name, nämnd=board.node.name
            )
            taxe_rows.append(_row(report, label, value, "part"))
        tax_sum = add(tax_sum, tax)
        name = (
            said.say("sammanstallning.namnd_skattefinansierad_del", nämnd=board.node.name) if apart else board.node.name
        )
        tax_rows.append(_row(report, name, tax, "part"))
    rows = [
        _row(report, said.say("sammanstallning.skattefinansierad"), None, "group"),
        *tax_rows,
        _row(report, said.say("sammanstallning.summa_skattefinansierad"), tax_sum, "sum"),
    ]
    if taxe_rows:
        rows += [
            _row(report, said.say("sammanstallning.avgiftsfinansierad"), None, "group"),
            *taxe_rows,
            _row(report, said.say("sammanstallning.summa_avgiftsfinansierad"), taxe_sum, "sum"),
        ]
    boards_sum = add(tax_sum, taxe_sum)
    total = _result(tree)
    own = dict(tree.own.tables["drift"].row("resultat")) if tree.own is not None else {}
    rows.append(_row(report, said.say("sammanstallning.summa_namnder"), boards_sum, "sum"))
    if any(own.values()):
        rows.append(_row(report, said.say("sammanstallning.kommunens_egna"), own, "part"))
    eliminated = _minus(_minus(total, boards_sum), own)
    rows.append(_row(report, said.say("sammanstallning.eliminering"), eliminated, "part"))
    rows.append(_row(report, said.say("sammanstallning.kommunen"), total, "sum"))
    return rows


def _eliminated_note(report: ReportSpec, tree: NodeReport, boards: list[NodeReport], year: int, said: Phrases) -> str:
    """What was eliminated between the nämnder (at the kommun, not inside a nämnd), in the
    report's main column."""
    column = "utfall" if report.final else "prognos"
    title = report.column(column).title(year)
    named = title[:1].lower() + title[1:]
    inside = sum(b.internal.eliminated.get(column, 0) for b in boards)
    between = tree.internal.eliminated.get(column, 0) - inside
    if mkr(between) == 0:
        note = said.say("sammanstallning.inga_eliminerade")
    else:
        note = said.say("sammanstallning.eliminerade", belopp=fmt_mkr(between), kolumn=named)
    # a sale between two nämnder whose parties state different amounts: the rest is not eliminated
    unmatched = tree.internal.unmatched.get(column, 0) - sum(b.internal.unmatched.get(column, 0) for b in boards)
    if mkr(unmatched) != 0:
        note += " " + said.say("sammanstallning.ej_matchade", belopp=fmt_mkr(abs(unmatched)), kolumn=named)
    return note


def _negative(report: ReportSpec, boards: list[NodeReport], said: Phrases) -> dict[str, Any]:
    """The nämnder whose deviation is negative, each with its own document's opening: the sentence
    bokslut writes from the figures, and the first paragraph of the nämnd's Inledande sammanfattning
    (the reason, in its own words)."""
    entries = []
    for board in boards:
        deviation = _deviation(report, _result(board))
        if mkr(deviation) < 0:
            sentence = sentences.overall(board.node.level, deviation, final=report.final, phrases=said)
            written = board.own.texts.get("inledande_sammanfattning") if board.own is not None else None
            reason = written.strip().split("\n")[0].strip() if written else ""
            entries.append({"name": board.node.name, "sentence": f"{sentence} {reason}".strip()})
    if not entries:
        summary = said.say("sammanstallning.ingen_negativ")
    else:
        summary = said.say("sammanstallning.negativa", antal=str(len(entries)), totalt=str(len(boards)))
    return {"summary": summary, "entries": entries}


def _deliveries(boards: list[NodeReport], deliveries: Mapping[str, Delivery] | None, said: Phrases) -> dict[str, Any]:
    if deliveries is None:  # the nämnder are listed, their state unknown: the mall says so instead
        entries = [{"name": b.node.name, "state": ""} for b in boards]
        return {"known": False, "summary": said.say("sammanstallning.utan_lager"), "entries": entries}
    entries = []
    for board in boards:
        found = deliveries.get(board.node.ansvar, Delivery((board.node.ansvar,), None))
        if found.decision is not None:
            state = said.say("sammanstallning.beslutad", beslut=found.decision)
        elif found.missing:
            state = said.say("sammanstallning.ej_inlamnad", saknas=", ".join(found.missing))
        else:
            state = said.say("sammanstallning.inlamnad")
        entries.append({"name": board.node.name, "state": state})
    return {"known": True, "summary": "", "entries": entries}


def _goals(report: ReportSpec, boards: list[NodeReport], said: Phrases) -> dict[str, Any]:
    """The nämnder's goals counted per bedömning, in the signal set's order; a goal without one
    is ej utvärderad, as the nämnd's own document counts it (`sentences.goal_summary`)."""
    signal_set = signal_sets()[report.goal_signals]
    has_not_evaluated = any(s.key == NOT_EVALUATED for s in signal_set.signals)
    counts: dict[str, int] = {}
    total = 0
    for board in boards:
        for goal in board.own.goals if board.own else ():
            total += 1
            found = signal_set.find(goal.bedomning) if goal.bedomning else None
            key = found.key if found is not None else NOT_EVALUATED
            counts[key] = counts.get(key, 0) + 1
    rows: list[dict[str, Any]] = [
        {"signal": SignalMark.of(signal_set, s), "label": s.label, "count": str(counts.get(s.key, 0))}
        for s in signal_set.signals
    ]
    if not has_not_evaluated and counts.get(NOT_EVALUATED):
        label = said.say("sammanstallning.ej_bedomt")
        rows.append({"signal": None, "label": label, "count": str(counts[NOT_EVALUATED])})
    summary = said.say("sammanstallning.mal_antal", antal=number_word(total))
    return {"summary": summary, "rows": rows, "total": str(total)}


def _controls(report: ReportSpec, boards: list[NodeReport], said: Phrases) -> dict[str, Any]:
    """Per nämnd its internkontrollpunkter, how many were followed up, with and without remarks."""
    signal_set = signal_sets()[report.control_signals]
    rows = []
    sums = [0, 0, 0, 0]
    for board in boards:
        controls = board.own.controls if board.own else ()
        marks = [signal_set.find(c.bedomning) if c.bedomning else None for c in controls]
        followed = [m for m in marks if m is not None and m.key != NOT_FOLLOWED_UP]
        without = sum(1 for m in followed if m.key == "utan_anmarkning")
        counts = [len(controls), len(followed), without, len(followed) - without]
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
        rows.append({"label": board.node.name, "cells": [str(n) for n in counts], "sum": False})
    count = number_word(sums[0], neuter=False)
    if sums[0] and sums[1] == sums[0]:
        summary = said.say("sammanstallning.kontroll_alla", antal=count, period=report.period_word)
    else:
        summary = said.say(
            "sammanstallning.kontroll_antal", antal=count, uppföljda=number_word(sums[1], neuter=False),
            period=report.period_word,
        )  # fmt: skip
    total = {"label": said.say("sammanstallning.summa_namnder"), "cells": [str(n) for n in sums], "sum": True}
    return {"summary": summary, "rows": [*rows, total]}


def build_summary_context(
    report: ReportSpec,
    tree: NodeReport,
    year: int,
    month: int,
    kommun: str,
    today: date,
    excluded_reasons: dict[str, str],
    phrases: Phrases,
    deliveries: Mapping[str, Delivery] | None = None,
) -> dict[str, Any]:
    """The sammanställning's variables for the kommun node `tree`; `deliveries` is what the store
    holds of each nämnd (None: made without a store, and the document says so)."""
    assert report.summary and report.input_of is not None, report.key
    followed = REPORTS[report.input_of]
    boards = _boards(tree)
    return {
        "report": report.title,
        "followed": followed.key,
        "title": report.title_for(year, month),
        "period": period_text(phrases, year, month),
        "year": str(year),
        "kommun": kommun,
        "node": {"name": tree.node.name, "ansvar": tree.node.ansvar, "level": tree.node.level.value.capitalize()},
        "date": date_text(phrases, today),
        "incomplete": incomplete(phrases, tree.excluded, excluded_reasons),
        "columns": [c.title(year) for c in report.columns],
        "namnder": {
            "rows": _table(report, tree, boards, phrases),
            "eliminated": _eliminated_note(report, tree, boards, year, phrases),
        },
        "negative": _negative(report, boards, phrases),
        "deliveries": _deliveries(boards, deliveries, phrases),
        "goals": _goals(report, boards, phrases) if followed.has("mal") else None,
        "control": _controls(report, boards, phrases) if followed.has("kontroll") else None,
    }
