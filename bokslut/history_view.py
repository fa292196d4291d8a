"""What `bokslut historik`, `bokslut skillnad` and `bokslut lock --ångra` print: lines and JSON.

The commands only fetch from the store and pass it here; every sentence the user reads about a
unit's versions, their differences and an undone decision is made in this module (so it can join
the command line's other output in one place later).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from bokslut.diff import Change, Value
from bokslut.domain import Period
from bokslut.numbers import fmt_decimal, fmt_tkr
from bokslut.status import local_time
from bokslut.store import Decision, Submission, UndoneDecision

#: How an empty cell is shown on either side of a change.
EMPTY = "(tom)"
#: A text longer than this is shown around what changed, not whole.
_TEXT_WHOLE = 80
#: Words of unchanged text kept on each side of what changed.
_CONTEXT_WORDS = 4
#: Where a text breaks its line: a change is shown on one line.
NEWLINE = "↵"


@dataclass(frozen=True)
class Subject:
    """Whose history is shown: the report's title for the period and the unit."""

    title: str
    period: Period
    ansvar: str
    name: str
    store: str

    @property
    def unit(self) -> str:
        """ "81911 Hemtjänst Norr"."""
        return f"{self.ansvar} {self.name}".rstrip()

    @property
    def heading(self) -> str:
        return f"{self.title} – {self.unit}"

    def as_dict(self) -> dict[str, Any]:
        p = self.period
        return {
            "lager": self.store,
            "period": {"rapport": p.report, "år": p.year, "månad": p.month},
            "ansvar": self.ansvar,
            "namn": self.name,
        }


def when(moment: datetime) -> str:
    """A stored moment as the user reads it: local time, "2022-09-27 10:00"."""
    return f"{local_time(moment):%Y-%m-%d %H:%M}"


def forced_note(s: Submission) -> str:
    """ "ändrad efter beslut 2022-09-27 § 45: Rättad hyra" for a change forced into a decided period."""
    if not s.forced_reason:
        return ""
    after = f" {s.forced_decision}" if s.forced_decision else ""
    return f"ändrad efter beslut{after}: {s.forced_reason}"


# --- historik -------------------------------------------------------------------------------


def no_versions(subject: Subject) -> str:
    return (
        f"Lagret {subject.store} har ingen version av {subject.unit} för {subject.title}. "
        "Indata lagras med bokslut import."
    )


def history_lines(
    subject: Subject, versions: Sequence[Submission], decision: Decision | None, undone: Sequence[UndoneDecision]
) -> list[str]:
    """One line per version (version, stored when, by whom, file, warnings, why it was forced),
    then the nämnd's decision on the period and the decisions that were undone."""
    count = len(versions)
    lines = [f"{subject.heading}: {count} {'version' if count == 1 else 'versioner'} i lagret {subject.store}"]
    rows = [("Ver.", "Lagrad", "Av", "Fil", "Varn.", "")]
    rows += [
        (str(s.version), when(s.imported_at), s.imported_by, s.source_file, str(s.warnings), forced_note(s))
        for s in versions
    ]
    lines += _columns(rows, right=(0, 4))
    lines += decision_lines(decision, undone)
    return lines


def decision_lines(decision: Decision | None, undone: Sequence[UndoneDecision]) -> list[str]:
    lines = []
    for u in undone:
        d = u.decision
        lines.append(
            f"Ångrat beslut {d} (låst {when(d.locked_at)} av {d.locked_by}): ångrat {when(u.undone_at)} "
            f"av {u.undone_by}: {u.reason}"
        )
    if decision is not None:
        lines.append(f"Nämndens beslut {decision} (låst {when(decision.locked_at)} av {decision.locked_by}).")
    return ["", *lines] if lines else []


def _columns(rows: Sequence[Sequence[str]], right: tuple[int, ...] = ()) -> list[str]:
    """Rows laid out in columns two spaces apart; the last column as it is."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=False))]
        out.append("  ".join([*cells, row[-1]]).rstrip())
    return out


def version_dict(s: Submission) -> dict[str, Any]:
    return {
        "version": s.version,
        "lagrad": s.imported_at.isoformat(),
        "inlämnad": s.delivered_at.isoformat(),
        "av": s.imported_by,
        "fil": s.source_file,
        "varningar": s.warnings,
        # forced into a decided period; the decision is unknown for rows of a store older than schema 2
        "tvingad": bool(s.forced_reason),
        "ändrad_efter_beslut": s.forced_decision if s.forced_reason else None,
        "orsak": s.forced_reason,
    }


def decision_dict(d: Decision) -> dict[str, Any]:
    return {
        "nämnd": d.namnd,
        "beslut": str(d),
        "datum": d.decided_on.isoformat(),
        "paragraf": d.paragraph,
        "låst": d.locked_at.isoformat(),
        "låst_av": d.locked_by,
    }


def undone_dict(u: UndoneDecision) -> dict[str, Any]:
    return {
        **decision_dict(u.decision),
        "ångrat": u.undone_at.isoformat(),
        "ångrat_av": u.undone_by,
        "orsak": u.reason,
    }


def history_json(
    subject: Subject, versions: Sequence[Submission], decision: Decision | None, undone: Sequence[UndoneDecision]
) -> dict[str, Any]:
    return {
        **subject.as_dict(),
        "versioner": [version_dict(s) for s in versions],
        "beslut": decision_dict(decision) if decision else None,
        "ångrade_beslut": [undone_dict(u) for u in undone],
    }


# --- skillnad -------------------------------------------------------------------------------


def diff_lines(subject: Subject, old: Submission, new: Submission, changes: Sequence[Change]) -> list[str]:
    """The two versions, then the changed cells grouped per flik: "Rad › Kolumn: gammalt → nytt"."""
    lines = [f"{subject.heading}: version {old.version} → version {new.version}"]
    for s in (old, new) if old.version != new.version else (new,):
        note = forced_note(s)
        lines.append(
            f"  version {s.version}: {when(s.imported_at)}, {s.imported_by}, {s.source_file}"
            + (f", {note}" if note else "")
        )
    lines.append("")
    if not changes:
        lines.append("Inga skillnader.")
        return lines
    flik = None
    for change in changes:
        if change.flik != flik:
            if flik is not None:
                lines.append("")
            flik = change.flik
            lines.append(flik)
        lines.append(f"  {change_text(change)}")
    lines.append("")
    n = len(changes)
    lines.append(f"{n} {'ändrad cell' if n == 1 else 'ändrade celler'}.")
    return lines


def change_text(change: Change) -> str:
    """ "Personalkostnader › Prognos helår 2022: -54 430 → -54 930"."""
    where = " › ".join(p for p in (change.row, change.column) if p)
    if change.amount:
        before, after = _amount(change.old), _amount(change.new)
    else:
        before, after = excerpts(_text(change.old), _text(change.new))
        before = f"”{before}”" if change.old is not None else EMPTY
        after = f"”{after}”" if change.new is not None else EMPTY
    return f"{where}: {before} → {after}"


def _amount(value: Value) -> str:
    if value is None:
        return EMPTY
    if not isinstance(value, Decimal):
        return f"”{value}”"
    if value == value.to_integral_value():
        return fmt_tkr(value)
    places = -int(value.normalize().as_tuple().exponent)
    return fmt_decimal(value, places)


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def excerpts(old: str, new: str) -> tuple[str, str]:
    """Two texts as a change shows them, on one line: whole when short, else what changed with
    a few words around it and "…" where text is left out."""
    old, new = _one_line(old), _one_line(new)
    if len(old) <= _TEXT_WHOLE and len(new) <= _TEXT_WHOLE:
        return old, new
    a, b = old.split(" "), new.split(" ")
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = max(head - _CONTEXT_WORDS, 0)
    return _cut(a, start, tail), _cut(b, start, tail)


def _one_line(text: str) -> str:
    """A text's lines joined by ↵, its runs of spaces as one."""
    return f" {NEWLINE} ".join(" ".join(line.split()) for line in text.splitlines())


def _cut(words: list[str], start: int, tail: int) -> str:
    end = len(words) - max(tail - _CONTEXT_WORDS, 0)
    text = " ".join(words[start:end])
    return ("…" if start else "") + text + ("…" if end < len(words) else "")


def diff_json(subject: Subject, old: Submission, new: Submission, changes: Sequence[Change]) -> dict[str, Any]:
    return {
        **subject.as_dict(),
        "från": version_dict(old),
        "till": version_dict(new),
        "ändringar": [c.as_dict() for c in changes],
    }


# --- a decision undone ----------------------------------------------------------------------


def undone_lines(what: str, undone: UndoneDecision) -> list[str]:
    """What `lock --ångra` did, and what it means for the next import and lock."""
    d = undone.decision
    return [
        f"Ångrat: nämndens beslut {d} om {what} (låst {when(d.locked_at)} av {d.locked_by}).",
        f"Orsak: {undone.reason} ({undone.undone_by}, {when(undone.undone_at)}).",
        "Perioden är öppen igen: ändrade indata lagras utan --tvinga. Ett nytt beslut låses med bokslut lock "
        "--beslut. Det ångrade beslutet finns kvar i bokslut historik.",
    ]


def not_locked(what: str) -> str:
    return f"Inget beslut att ångra: {what} är inte låst."
