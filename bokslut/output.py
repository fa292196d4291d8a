"""What a person reads: the problems, the summaries, the status table and the JSON shapes.

Every command's output is made here, as `Line`s for a terminal (text, colour, bold) or as a JSON
document, so the command line only prints and the web page can show the same words. Swedish,
plurals right, problems grouped per file with the errors first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bokslut.domain import Period, ReportSpec
from bokslut.fields import Field
from bokslut.history_view import decision_dict, when
from bokslut.issues import Issue, Severity
from bokslut.mall_check import ERROR, MallProblem
from bokslut.organisation import Node
from bokslut.settings import SETTINGS, Settings
from bokslut.status import NamndSummary, NodeStatus, State, counts_dict, kommun_summary
from bokslut.store import Account, Decision, Outcome, Stored


@dataclass(frozen=True)
class Line:
    text: str = ""
    colour: str | None = None
    bold: bool = False


def plural(n: int, one: str, many: str) -> str:
    """ "1 arbetsbok", "3 arbetsböcker"."""
    return f"{n} {one if n == 1 else many}"


# --- problems -----------------------------------------------------------------------------------


def issue_lines(issues: Sequence[Issue]) -> list[Line]:
    """The problems grouped per file, files with errors first, and in a file errors before
    warnings in the order of the flikar and cells; problems of no file (the run's) come first."""
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.source.file, []).append(issue)

    def file_order(item: tuple[str, list[Issue]]) -> tuple[bool, bool, str]:
        name, found = item
        return bool(name), not any(i.is_error for i in found), name

    lines: list[Line] = []
    for name, found in sorted(by_file.items(), key=file_order):
        found.sort(key=lambda i: (not i.is_error, i.source.flik or "", _cell_order(i.source.cell), i.message))
        if name:
            errors, warnings = _count(found, Severity.ERROR), _count(found, Severity.WARNING)
            lines.append(Line(f"{name} ({_counts(errors, warnings)})", bold=True))
        for issue in found:
            where = " › ".join(p for p in (issue.source.flik, issue.source.cell) if p)
            where = " › ".join(p for p in (where, issue.source.place or issue.source.json_path) if p)
            text = (
                f"{where}: {issue.severity.value}: {issue.message}"
                if where
                else f"{issue.severity.value}: {issue.message}"
            )
            lines.append(Line(f"  {text}" if name else text, "red" if issue.is_error else "yellow"))
    return lines


def ordered_issues(issues: Iterable[Issue]) -> list[Issue]:
    """The problems in the order `issue_lines` shows them: per file, errors first, then by flik
    and cell (the web page lists them so)."""
    return sorted(
        issues,
        key=lambda i: (
            bool(i.source.file),
            i.source.file,
            not i.is_error,
            i.source.flik or "",
            _cell_order(i.source.cell),
            i.message,
        ),
    )


def _cell_order(cell: str | None) -> tuple[int, str]:
    """C9 before C10: by row, then column."""
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (int(digits) if digits.isdigit() else 0, letters)


def summary(issues: Iterable[Issue]) -> str:
    found = list(issues)
    errors, warnings = _count(found, Severity.ERROR), _count(found, Severity.WARNING)
    if not errors and not warnings:
        return "Inga fel eller varningar."
    return _counts(errors, warnings).capitalize() + "."


def _counts(errors: int, warnings: int) -> str:
    return f"{errors} fel och {plural(warnings, 'varning', 'varningar')}"


def _count(issues: Iterable[Issue], severity: Severity) -> int:
    return sum(1 for i in issues if i.severity is severity)


def issues_json(issues: Iterable[Issue]) -> list[dict[str, Any]]:
    return [i.as_dict() for i in issues]


def failure_json(message: str, code: int, kind: str) -> dict[str, Any]:
    """A run that stopped, as JSON: the same shape as a problem in the data."""
    return {"fel": [{"allvarlighet": "fel", "kod": kind, "meddelande": message, "slutkod": code}]}


def period_json(period: Period) -> dict[str, Any]:
    return {"rapport": period.report, "år": period.year, "månad": period.month}


# --- bokslut render and excel new ---------------------------------------------------------------


def written_lines(what: tuple[str, str], written: Sequence[tuple[Node, Path]], folder: Path) -> list[Line]:
    """ "Skrev 24 dokument till out/delarsbokslut-2022/"."""
    return [Line(f"Skrev {plural(len(written), *what)} till {folder}/", bold=True)]


def mall_lines(used: Path, given: Path | None) -> list[Line]:
    """Which mall the documents have, when the kommun gave its own: "Mall: mallar/delarsbokslut.docx",
    or that its folder had none for this report."""
    if given is None:
        return []
    if given.is_dir() and used.parent.resolve() != given.resolve():
        return [Line(f"Mappen {given} har ingen {used.name}: dokumenten har bokslut:s egen mall.", "yellow")]
    return [Line(f"Mall: {used}")]


def skipped_lines(skipped: Sequence[tuple[Node, str]]) -> list[Line]:
    if not skipped:
        return []
    lines = [Line(f"Hoppade över {len(skipped)}:", "red", bold=True)]
    lines += [Line(f"  {node.ansvar} {node.name}: {reason}") for node, reason in skipped]
    return lines


def files_json(written: Sequence[tuple[Node, Path]]) -> list[dict[str, str]]:
    return [{"ansvar": n.ansvar, "namn": n.name, "fil": str(p)} for n, p in written]


def unchanged_lines(unchanged: Sequence[tuple[Node, Path]]) -> list[Line]:
    """ "21 oförändrade": already in the folder as this run would write them."""
    if not unchanged:
        return []
    text = f"{plural(len(unchanged), 'oförändrat', 'oförändrade')} (samma innehåll som förra gången; --alla skriver om dem)"
    return [Line(text)]


def pdf_lines(pdfs: Sequence[Path], folder: Path) -> list[Line]:
    return [Line(f"Skrev {plural(len(pdfs), 'PDF-fil', 'PDF-filer')} till {folder}/")] if pdfs else []


def render_json(
    written: Sequence[tuple[Node, Path]],
    unchanged: Sequence[tuple[Node, Path]],
    skipped: Sequence[tuple[Node, str]],
    issues: Iterable[Issue],
    pdfs: Sequence[Path] = (),
    mall: Path | None = None,
) -> dict[str, Any]:
    return {
        "mall": str(mall) if mall is not None else None,
        "skrivna": files_json(written),
        "pdf": [str(p) for p in pdfs],
        "oförändrade": files_json(unchanged),
        "överhoppade": [{"ansvar": n.ansvar, "namn": n.name, "orsak": r} for n, r in skipped],
        "fel": issues_json(issues),
    }


# --- bokslut import -----------------------------------------------------------------------------

_OUTCOMES = (
    (Outcome.NEW, ("ny", "nya")),
    (Outcome.NEW_VERSION, ("ny version", "nya versioner")),
    (
        Outcome.UNCHANGED,
        ("oförändrad (samma siffror som senaste versionen)", "oförändrade (samma siffror som senaste versionen)"),
    ),
)


def import_lines(stored: Sequence[Stored], where: str, names: dict[str, str], unanswered: Iterable[str]) -> list[Line]:
    by_outcome: dict[Outcome, list[Stored]] = {}
    for s in stored:
        by_outcome.setdefault(s.outcome, []).append(s)
    lines = [Line(), Line(f"Lagret {where}:", bold=True)]
    for outcome, words in _OUTCOMES:
        if by_outcome.get(outcome):
            lines.append(Line(f"  {plural(len(by_outcome[outcome]), *words)}"))
    for s in by_outcome.get(Outcome.REJECTED, []):
        lines.append(Line(f"  Lagrades inte: {s.ansvar} {names.get(s.ansvar, '')}: indata har fel", "red"))
    for ansvar in sorted(unanswered):
        text = f"  Lagrades inte: {ansvar} {names.get(ansvar, '')}: ingen uppföljning av det som delats ut"
        lines.append(Line(text, "red"))
    for s in by_outcome.get(Outcome.LOCKED, []):
        text = (
            f"  Lagrades inte: {s.ansvar} {names.get(s.ansvar, '')}: perioden är beslutad av nämnden "
            f"({s.decision}) och låst. Använd --tvinga och --orsak för att ändra ändå."
        )
        lines.append(Line(text, "red"))
    for s in stored:
        if s.outcome.stored and s.decision is not None:
            lines.append(Line(f"  Ändrat efter beslut ({s.decision}): {s.ansvar} version {s.version}", "yellow"))
    return lines


def import_json(period: Period, where: str, stored: Sequence[Stored], issues: Iterable[Issue]) -> dict[str, Any]:
    return {
        "lager": where,
        "period": period_json(period),
        "ansvar": [{"ansvar": s.ansvar, "utfall": s.outcome.value, "version": s.version} for s in stored],
        "fel": issues_json(issues),
    }


# --- bokslut lock -------------------------------------------------------------------------------


def lock_text(what: str, decision: Decision, new: bool) -> str:
    return f"{'Låst' if new else 'Redan låst'}: {what}, beslutad {decision}."


def board_json(period: Period, namnd: Node) -> dict[str, Any]:
    return {"period": period_json(period), "nämnd": {"ansvar": namnd.ansvar, "namn": namnd.name}}


def lock_json(period: Period, namnd: Node, decision: Decision, new: bool) -> dict[str, Any]:
    return {**board_json(period, namnd), "beslut": decision_dict(decision), "nytt": new}


# --- bokslut status -----------------------------------------------------------------------------

_STATE_COLOURS = {
    State.DELIVERED: "green",
    State.DECIDED: "green",
    State.LATE: "yellow",
    State.MISSING: None,
    State.OVERDUE: "red",
    State.REJECTED: "red",
}
#: Status, Sista dag, Inlämnad, Ver., Varn. and the spaces between the columns
_FIXED = 14 + 16 + 16 + 4 + 5 + 5


def status_lines(title: str, rows: Sequence[NodeStatus], now: datetime, width: int = 100) -> list[Line]:
    """The status table, its name column as wide as the terminal allows (20 to 60 characters)."""
    name_width = max(20, min(60, width - _FIXED - 1))
    lines = [Line(f"{title} – läget {now:%Y-%m-%d %H:%M}", bold=True)]
    header = (
        f"{'Ansvar / namn':<{name_width}} {'Status':<14} {'Sista dag':<16} {'Inlämnad':<16} {'Ver.':>4} {'Varn.':>5}"
    )
    lines += [Line(header), Line("─" * len(header))]
    for row in rows:
        s = row.submission
        name = f"{'  ' * row.depth}{row.node.ansvar} {row.node.name}"
        if len(name) > name_width:
            name = name[: name_width - 1] + "…"
        text = (
            f"{name:<{name_width}} {row.state.value:<14} {_when(row.deadline):<16} "
            f"{_when(s.delivered_at if s else None):<16} {(str(s.version) if s else ''):>4} "
            f"{(str(s.warnings) if s else ''):>5}"
        )
        lines.append(Line(text, _STATE_COLOURS[row.state], row.state.needs_attention))
        if row.note:
            lines.append(Line(f"{'':<6}{'  ' * row.depth}{row.note}"))
    delivered = sum(1 for r in rows if r.submission is not None)
    lines += [Line(), Line(f"{delivered} av {plural(len(rows), 'nod', 'noder')} har giltiga indata i lagret.")]
    attention = [r for r in rows if r.state.needs_attention]
    if attention:
        names = ", ".join(f"{r.node.ansvar} {r.node.name} ({r.state.value})" for r in attention)
        lines.append(Line(f"Behöver åtgärdas: {names}", "red", bold=True))
    return lines


def status_json(period: Period, rows: Sequence[NodeStatus], now: datetime) -> dict[str, Any]:
    return {
        "period": period_json(period),
        "per": now.isoformat(timespec="minutes"),
        "noder": [r.as_dict() for r in rows],
    }


def _when(moment: datetime | None) -> str:
    return "–" if moment is None else when(moment)


#: Noder, Inlämnad, Sent, Försenad, Saknas, Avvisad, Egna indata, Beslut ("2022-09-27 § 45") and the
#: spaces before each
_SUMMARY_FIXED = 5 + 8 + 4 + 8 + 6 + 7 + 13 + 15 + 10
_SUMMARY_COUNTS = ((State.DELIVERED, "Inlämnad"), (State.LATE, "Sent"), (State.OVERDUE, "Försenad"),
                   (State.MISSING, "Saknas"), (State.REJECTED, "Avvisad"))  # fmt: skip


def status_summary_lines(title: str, namnder: Sequence[NamndSummary], now: datetime, width: int = 100) -> list[Line]:
    """The kommun on one screen: a line per nämnd with its nodes counted per state, then the kommun."""
    name_width = max(20, min(50, width - _SUMMARY_FIXED - 1))
    lines = [Line(f"{title} – läget per nämnd {now:%Y-%m-%d %H:%M}", bold=True)]
    header = f"{'Nämnd':<{name_width}} {'Noder':>5}" + "".join(f" {h:>{len(h)}}" for _, h in _SUMMARY_COUNTS)
    header += f"  {'Egna indata':<13}  {'Beslut':<15}"
    lines += [Line(header.rstrip()), Line("─" * len(header))]
    for summary in namnder:
        name = f"{summary.node.ansvar} {summary.node.name}"
        if len(name) > name_width:
            name = name[: name_width - 1] + "…"
        lines.append(
            Line(
                _summary_row(name, name_width, summary.counts, *_namnd_state(summary)), _summary_colour(summary.counts)
            )
        )
    kommun = kommun_summary(namnder)
    lines.append(Line("─" * len(header)))
    decided = f"{kommun.decided} av {kommun.namnder} nämnder"
    lines.append(Line(_summary_row("Kommunen", name_width, kommun.counts, "", decided), bold=True))
    attention = [s for s in namnder if s.attention]
    if attention:
        lines += [Line(), Line("Behöver åtgärdas:", "red", bold=True)]
        for s in attention:
            late = ", ".join(f"{r.node.ansvar} {r.node.name} ({r.state.value})" for r in s.attention)
            lines.append(Line(f"  {s.node.ansvar} {s.node.name}: {late}", "red"))
    return lines


def _summary_row(name: str, name_width: int, counts: dict[State, int], own: str, decision: str) -> str:
    cells = "".join(f" {counts.get(state, 0):>{len(h)}}" for state, h in _SUMMARY_COUNTS)
    return f"{name:<{name_width}} {sum(counts.values()):>5}{cells}  {own:<13}  {decision}".rstrip()


def _namnd_state(summary: NamndSummary) -> tuple[str, str]:
    """The nämnd's own input (what its row says before the decision) and its decision."""
    return summary.own_input, str(summary.decision) if summary.decision is not None else "ej beslutad"


def _summary_colour(counts: dict[State, int]) -> str | None:
    if counts[State.OVERDUE] or counts[State.REJECTED]:
        return "red"
    if counts[State.LATE]:
        return "yellow"
    return "green" if sum(counts.values()) == counts[State.DELIVERED] else None


def status_summary_json(period: Period, namnder: Sequence[NamndSummary], now: datetime) -> dict[str, Any]:
    kommun = kommun_summary(namnder)
    return {
        "period": period_json(period),
        "per": now.isoformat(timespec="minutes"),
        "nämnder": [s.as_dict() for s in namnder],
        "kommunen": {
            "noder": kommun.total,
            **counts_dict(kommun.counts),
            "nämnder": kommun.namnder,
            "beslutade": kommun.decided,
        },
    }


# --- bokslut mall ---------------------------------------------------------------------------------


def mall_check_lines(path: Path, report: ReportSpec | None, problems: Sequence[MallProblem]) -> list[Line]:
    """The mall's problems, one per line with its place; then what was checked."""
    lines = [Line(f"{p.where}{f' (”{p.near}”)' if p.near else ''}: {p.severity}: {p.message}",
                  "red" if p.severity == ERROR else "yellow") for p in problems]  # fmt: skip
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    what = (
        f"som mall till {report.title.lower()}"
        if report
        else "(bara mallkoderna: ange --rapport för att kontrollera fälten)"
    )
    if not problems and report is None:
        return [
            Line(f"Mallkoderna i {path.name} är felfria, men fälten är inte kontrollerade: bokslut vet inte vilken "
                 "rapport mallen är till. Ange --rapport (t.ex. --rapport delarsbokslut).", "yellow", bold=True)
        ]  # fmt: skip
    if not problems:
        return [Line(f"Mallen {path.name} är felfri {what}.", "green", bold=True)]
    head = f"Mallen {path.name} {what}: {plural(errors, 'fel', 'fel')} och {plural(warnings, 'varning', 'varningar')}."
    return [*lines, Line(), Line(head, "red" if errors else "yellow", bold=True)]


def mall_check_json(path: Path, report: ReportSpec | None, problems: Sequence[MallProblem]) -> dict[str, Any]:
    return {
        "mall": str(path),
        "rapport": report.key if report else None,
        "problem": [
            {"var": p.where, "text": p.near, "allvarlighet": p.severity, "meddelande": p.message} for p in problems
        ],
    }


def fields_lines(report: ReportSpec, found: Sequence[Field]) -> list[Line]:
    """ "drift.rows[].label  Radens namn (kontogruppen eller summan).  t.ex. Verksamhetens intäkter" """
    lines = [Line(f"Fälten i en mall till {report.title.lower()} ({report.template}):", bold=True), Line()]
    for f in found:
        lines.append(Line(f.path, bold=True))
        example = f"  t.ex. ”{f.example}”" if f.example else ""
        lines.append(Line(f"    {f.description}{example}"))
    return lines


def fields_json(report: ReportSpec, found: Sequence[Field]) -> dict[str, Any]:
    return {
        "rapport": report.key,
        "mall": report.template,
        "fält": [{"fält": f.path, "beskrivning": f.description, "exempel": f.example} for f in found],
    }


# --- bokslut inställningar ----------------------------------------------------------------------


def settings_lines(settings: Settings) -> list[Line]:
    """Each setting with its value and where it comes from."""
    where = f"från {settings.source}" if settings.source else "standard (ingen inställningsfil)"
    head = (
        f"Inställningarna i {settings.source}:"
        if settings.source
        else "Ingen inställningsfil (bokslut.toml i arbetsmappen eller --inställningar): bara standardvärden."
    )
    lines = [Line(head, bold=True), Line()]
    for s in SETTINGS:
        value = settings.values.get(s.key)
        if isinstance(value, dict):
            shown = ", ".join(f"{k} = {v}" for k, v in value.items())
        else:
            shown = "" if value is None else str(value)
        source = where if value is not None else "standard"
        lines.append(Line(f"{s.key:<13} {shown or s.default}  ({source})", bold=value is not None))
        lines.append(Line(f"{'':<13} {s.description}"))
    lines += [Line(), Line("Ett alternativ på kommandoraden gäller före inställningsfilen.")]
    return lines


def settings_json(settings: Settings) -> dict[str, Any]:
    return {
        "fil": str(settings.source) if settings.source else None,
        "inställningar": {
            s.key: {
                "värde": settings.values.get(s.key),
                "källa": "fil" if s.key in settings.values else "standard",
                "standard": s.default,
            }
            for s in SETTINGS
        },
    }


# --- bokslut användare --------------------------------------------------------------------------


def account_lines(found: Sequence[Account], where: str) -> list[Line]:
    """One line per account: name, role, the ansvar it answers for, when and by whom it was made."""
    if not found:
        return [Line(f"Lagret {where} har inga användare. Skapa en med bokslut användare ny.")]
    lines = [Line(f"{plural(len(found), 'användare', 'användare')} i lagret {where}:", bold=True)]
    width = max(len(a.name) for a in found)
    for account in found:
        ansvar = ", ".join(account.ansvar) or "hela organisationen"
        made = f"skapad {when(account.created_at)} av {account.created_by}"
        lines.append(Line(f"  {account.name:<{width}}  {account.role:<13}  {ansvar}  ({made})"))
    return lines


def account_json(account: Account) -> dict[str, Any]:
    return {
        "namn": account.name,
        "roll": account.role,
        "ansvar": list(account.ansvar),
        "skapad": account.created_at.isoformat(),
        "skapad_av": account.created_by,
    }
