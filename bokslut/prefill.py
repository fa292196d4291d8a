"""What is known before a controller starts: the prefill of the year's workbook.

Everything here is JSON-shaped, as in docs/indata.md (one object per flik name), so the figures can
come from anywhere: JSON input files today (`bokslut excel new --från`), the store of submissions
later. The one function to call is `prefill_for(node, organisation, year, submissions)`: give it
every submission known for the node and its ancestors (this year's and last year's) and it
returns the prefill that `bokslut.workbook.build_workbook` takes.

What is taken from where:

* **budget**: from this year's latest submission of the node, into every table flik of the year
  with the same table (drift, investeringar, förutbetalda);
* **last year's decided figures**: last year's submission's `utfall` becomes this year's
  `utfall_fg` in the same flik (the delårsbokslut's in the delårsbokslut's flik, the årsbokslut's
  in the årsbokslut's), projects by name; personnel tables' `år` becomes `fg`;
* **earlier forecasts**: Årets resultat forecast at the fördjupad månadsuppföljning and the
  delårsbokslut, into the prognossäkerhet flik;
* **goals, uppdrag, internkontroll, arbetsmiljömål, kritiska faktorer**: their definitions (not
  the comments or bedömningar) from this year's latest submission of the node, or else of its
  nearest ancestor: what the level above shared down. For an avdelning or enhet, the owners'
  files of what is shared down (`bokslut excel new --delat`, `bokslut.shared`) say which items
  are its own; a definition known from a submission fills in the rest of such an item.
* **the year's plan** (Nämndens budget): its figures are the year's budget (above) and fill its
  own flikar with every column; its goals with their nyckeltal, uppdrag, arbetsmiljömål and
  internkontrollplan become the follow-ups' Mål, Nyckeltal, Uppdrag, Arbetsmiljö and Internkontroll
  (a later follow-up's definitions win), and its own list flikar. `shared_from_budget` makes an
  owner's file of what is shared down (`bokslut excel delat`) from it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from bokslut.domain import (
    FORECAST_POINT_REPORTS,
    FORECAST_POINTS,
    LISTINGS,
    REPORTS,
    STAT_TABLES,
    TABLES,
    FlikNames,
    Level,
    RowKind,
    loose,
    risk_handling,
)
from bokslut.issues import Issue, Severity, Source
from bokslut.model import code_text
from bokslut.numbers import NotANumber, parse_number
from bokslut.organisation import Node, Organisation
from bokslut.safeload import load_json
from bokslut.shared import SharedPlan, shared_rows
from bokslut.sources import input_files
from bokslut.store import Store

#: The order reports come in during the year: a later one's figures win (the budget comes first).
_ORDER = {key: 0 if spec.plan else spec.months[0] for key, spec in REPORTS.items()}
#: The budget's list flikar as the follow-ups': budget flik (FlikNames attribute) → the follow-up's
#: flik and, key by key, the follow-up's column each of the budget's columns fills.
_PLAN_TO_FOLLOWUP = {
    "budgetmal": ("mal", {"nr": "nr", "prioriterat_mål": "prioriterat_mål", "nämndens_mål": "nämndens_mål",
                          "agenda_2030": "agenda_2030"}),
    "budgetuppdrag": ("uppdrag", {"nr": "nr", "uppdrag": "uppdrag"}),
    "budgetarbetsmiljo": ("arbetsmiljo", {"mål": "mål", "nyckeltal": "nyckeltal", "målvärde": "målvärde"}),
    "kontrollplan": ("internkontroll", {"vad": "vad", "frekvens": "frekvens", "metod": "metod"}),
}  # fmt: skip
#: A goal's nyckeltal in the budget (Budget nyckeltal) as in the follow-ups (Nyckeltal).
_PLAN_KPI = {"namn": "namn", "målvärde": "mål"}
#: The budget's own columns, each copied to its own flik (the follow-ups take only "budget").
_PLAN_COLUMNS = ("budget_fg", "plan_1", "plan_2", "plan_3", "plan_4")
#: Which report's forecast fills which prognossäkerhet row.
_FORECAST_REPORTS = {report: FORECAST_POINTS[point] for point, report in FORECAST_POINT_REPORTS.items()}


@dataclass(frozen=True)
class Submission:
    """One ansvar's input to one report: JSON-shaped, one object per flik name."""

    ansvar: str
    report: str
    year: int
    data: Mapping[str, Any]


def _table_of(flik: str) -> str | None:
    """The table key of a table flik of any report ("8 inv skattefin övriga delår" → "investeringar")."""
    for report in REPORTS.values():
        for key, name in report.table_fliks.items():
            if loose(name) == loose(flik):
                return key
    return None


def _year_table_fliks() -> dict[str, list[str]]:
    """Table key → every flik of the year that holds that table."""
    out: dict[str, list[str]] = {}
    for report in REPORTS.values():
        for key, name in report.table_fliks.items():
            if name not in out.setdefault(key, []):
                out[key].append(name)
    return out


def canonical(data: Mapping[str, Any]) -> dict[str, Any]:
    """Flik names as the domain spells them (people type them loosely)."""
    names = {loose(n): n for fliks in _year_table_fliks().values() for n in fliks}
    for report in REPORTS.values():
        names |= {loose(n): n for n in (report.forecast_flik or "", *vars(report.fliks).values()) if n}
        names |= {loose(STAT_TABLES[k].flik): STAT_TABLES[k].flik for k in report.stat_tables}
    return {names.get(loose(k), k): v for k, v in data.items()}


def _refuse_same_fliks(data: Mapping[str, Any]) -> None:
    """Two keys that name the same flik loosely would overwrite each other: a ValueError to print."""
    seen: dict[str, str] = {}
    for key in data:
        name = canonical({key: None}).popitem()[0]
        if name in seen:
            raise ValueError(f"”{seen[name]}” och ”{key}” är samma flik, ”{name}”. Behåll en av dem.")
        seen[name] = key


def _number(value: Any) -> Decimal | None:
    try:
        return parse_number(value)
    except NotANumber:
        return None


def _whole(value: Decimal | None) -> int | None:
    return None if value is None else int(value.to_integral_value())


def _rows(flik_data: Any) -> dict[str, Any]:
    return {k: v for k, v in flik_data.items() if isinstance(v, Mapping)} if isinstance(flik_data, Mapping) else {}


def _set(out: dict[str, Any], flik: str, label: str, column: str, value: int, project: str | None = None) -> None:
    row = out.setdefault(flik, {}).setdefault(label, {})
    if project is None:
        row[column] = value
        return
    projects = row.setdefault("projekt", [])
    match = next((p for p in projects if loose(p["namn"]) == loose(project)), None)
    if match is None:
        match = {"namn": project}
        projects.append(match)
    match[column] = value


def _copy_column(out: dict[str, Any], source: Mapping[str, Any], targets: list[str], src: str, dst: str) -> None:
    """Copy column `src` of a table's rows and projects into column `dst` of the `targets` flikar."""
    table = TABLES[_table_of(targets[0]) or "drift"]
    for label, row in _rows(source).items():
        spec = table.find_row(label)
        if spec is None or spec.kind is RowKind.SUM:
            continue
        for project in row.get("projekt") or []:
            value = _whole(_number(project.get(src))) if isinstance(project, Mapping) else None
            if value is not None and project.get("namn"):
                for flik in targets:
                    _set(out, flik, spec.label, dst, value, str(project["namn"]))
        summa = row.get("summa") if spec.kind is RowKind.GROUP else row
        if isinstance(summa, Mapping) and not row.get("projekt"):
            value = _whole(_number(summa.get(src)))
            if value is not None:
                for flik in targets:
                    if spec.kind is RowKind.GROUP:
                        out.setdefault(flik, {}).setdefault(spec.label, {}).setdefault("summa", {})[dst] = value
                    else:
                        _set(out, flik, spec.label, dst, value)


def _result(drift: Any, column: str) -> int | None:
    """Årets resultat of a drift table: every input row added up (costs carry their minus sign)."""
    rows = _rows(drift)
    values = [
        _number(row.get(column))
        for label, row in rows.items()
        if (spec := TABLES["drift"].find_row(label)) is not None and spec.is_input
    ]
    given = [v for v in values if v is not None]
    return _whole(sum(given, Decimal(0))) if given else None


def _definitions(items: Any, key: str) -> list[dict[str, Any]]:
    """The definition columns of a list flik's items (the goal, not its comment or bedömning)."""
    spec = LISTINGS[key]
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        kept = {k: item[k] for k in spec.definition if item.get(k) not in (None, "")}
        if key == "mal":
            kpis = [
                {k: kpi[k] for k in LISTINGS["nyckeltal"].definition if kpi.get(k) not in (None, "")}
                for kpi in item.get("nyckeltal") or []
                if isinstance(kpi, Mapping)
            ]
            if kpis:
                kept["nyckeltal"] = kpis
        if kept:
            out.append(kept)
    return out


def _shared_down(
    node: Node, organisation: Organisation, this_year: list[Submission], names: FlikNames
) -> dict[str, Any]:
    """Goals, uppdrag, internkontroll and arbetsmiljömål: the node's own, else its nearest ancestor's."""
    out: dict[str, Any] = {}
    lists = {"mal": names.mal, "uppdrag": names.uppdrag, "internkontroll": names.internkontroll}
    lists |= {"arbetsmiljo": names.arbetsmiljo, "faktorer": names.faktorer}
    chain: list[str] = []
    at: Node | None = node
    while at is not None:
        chain.append(at.ansvar)
        at = organisation.get(at.parent) if at.parent else None
    for key, flik in lists.items():
        for ansvar in chain:
            found = [s for s in this_year if s.ansvar == ansvar and _definitions(s.data.get(flik), key)]
            if found:
                out[flik] = _definitions(found[-1].data.get(flik), key)
                break
    return out


def _from_plan(node: Node, plan: SharedPlan, known: Mapping[str, Any], names: FlikNames) -> dict[str, Any]:
    """The list flikar of what `plan` shares to the node, in the plan's order; an item whose
    definition is known from a submission (a goal's prioriterade mål, say) keeps it."""
    out: dict[str, Any] = {}
    for key, rows in shared_rows(plan, node.ansvar).items():
        flik = getattr(names, key)
        spec = LISTINGS[key]
        given = [g for g in known.get(flik) or [] if isinstance(g, Mapping)]
        out[flik] = [
            next((dict(g) for g in given if _same_item(g, row)), {k: v for k, v in row.items() if k in spec.definition})
            for row in rows
        ]
    return out


def _same_item(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two rows of a list flik name the same item: the same number where both have one, else the same name."""
    if a.get("nr") and b.get("nr"):
        return loose(str(a["nr"])) == loose(str(b["nr"]))
    return all(loose(str(a.get(k) or "")) == loose(str(v)) for k, v in b.items() if k != "nr")


def _is_plan(sub: Submission) -> bool:
    return sub.report in REPORTS and REPORTS[sub.report].plan


def _plan_lists(sub: Submission, names: FlikNames) -> dict[str, list[Mapping[str, Any]]]:
    """The budget's list flikar as submitted (its goals with their nyckeltal)."""
    out = {}
    for key in (*_PLAN_TO_FOLLOWUP, "risker"):
        flik = getattr(names, key)
        rows = sub.data.get(flik)
        if isinstance(rows, list):
            out[flik] = [r for r in rows if isinstance(r, Mapping)]
    return out


def _as_followup(sub: Submission, names: FlikNames) -> Submission:
    """A budget's goals, uppdrag, arbetsmiljömål and internkontrollplan as a follow-up's list
    flikar, so that they are shared down as the follow-ups' are."""
    data: dict[str, Any] = {}
    for plan_key, (key, columns) in _PLAN_TO_FOLLOWUP.items():
        rows = []
        for row in _plan_lists(sub, names).get(getattr(names, plan_key), []):
            item: dict[str, Any] = {dst: row[src] for src, dst in columns.items() if row.get(src) not in (None, "")}
            kpis = [
                {dst: kpi[src] for src, dst in _PLAN_KPI.items() if kpi.get(src) not in (None, "")}
                for kpi in row.get("nyckeltal") or []
                if isinstance(kpi, Mapping)
            ]
            rows.append(item | ({"nyckeltal": kpis} if kpis else {}))
        if rows:
            data[getattr(names, key)] = rows
    return Submission(sub.ansvar, sub.report, sub.year, data)


def shared_from_budget(sub: Submission) -> dict[str, Any] | None:
    """An owner's file of what is shared down (docs/indata.md, "Delat till enheterna") from its
    budget: the nämndmål, arbetsmiljömål, uppdrag, the internkontrollplan's points and the risks
    followed as kritiska verksamhetsfaktorer, each shared to every avdelning and enhet below the
    owner (the owner narrows it with delas_till). None when the budget holds none of them."""
    names = FlikNames()
    lists = _plan_lists(sub, names)
    factors = [
        r for r in lists.get(names.risker, []) if getattr(risk_handling(str(r.get("hantering") or "")), "key", "")
        == "kritisk_faktor"
    ]  # fmt: skip
    plan = {
        "nämndmål": _items(lists.get(names.budgetmal, []), "nämndens_mål"),
        "arbetsmiljömål": _items(lists.get(names.budgetarbetsmiljo, []), "mål", number=None),
        "kritiska_faktorer": _items(factors, "risk"),
        "internkontroll": [
            {"vad": what} for r in lists.get(names.kontrollplan, []) if (what := str(r.get("vad") or "").strip())
        ],
        "uppdrag": _items(lists.get(names.budgetuppdrag, []), "uppdrag"),
    }
    shared = {k: v for k, v in plan.items() if v}
    return {"år": sub.year, "ägare": sub.ansvar, **shared} if shared else None


def _items(rows: list[Mapping[str, Any]], name: str, number: str | None = "nr") -> list[dict[str, str]]:
    """Rows of a budget list as an owner's items: their number and name (a row without a name is none)."""
    out = []
    for row in rows:
        item = {"nr": str(row.get(number) or "").strip() if number else "", "namn": str(row.get(name) or "").strip()}
        if item["namn"]:
            out.append({k: v for k, v in item.items() if v})
    return out


def prefill_for(
    node: Node,
    organisation: Organisation,
    year: int,
    submissions: Iterable[Submission],
    plan: SharedPlan | None = None,
) -> dict[str, Any]:
    """The prefill of `node`'s workbook for `year` from what was submitted before (see the module),
    and, for an avdelning or enhet, from what `plan` (the owners' files, `bokslut.shared`) shares to it."""
    names = FlikNames()
    subs = sorted(
        (Submission(s.ansvar, s.report, s.year, canonical(s.data)) for s in submissions),
        key=lambda s: (s.year, _ORDER.get(s.report, 0)),
    )
    own_now = [s for s in subs if s.ansvar == node.ansvar and s.year == year]
    own_before = [s for s in subs if s.ansvar == node.ansvar and s.year == year - 1]
    out: dict[str, Any] = {}
    tables = _year_table_fliks()
    for sub in own_before:
        for flik, value in sub.data.items():
            if _table_of(flik) is not None:
                _copy_column(out, value, [flik], "utfall", "utfall_fg")
            stat = next((t for t in STAT_TABLES.values() if t.flik == flik), None)
            for label, row in _rows(value).items() if stat else []:
                number = _number(row.get("år"))
                if number is not None:
                    out.setdefault(flik, {}).setdefault(label, {})["fg"] = float(number)
    for sub in own_now:
        for flik, value in sub.data.items():
            key = _table_of(flik)
            if key is not None:
                _copy_column(out, value, tables[key], "budget", "budget")
                for column in _PLAN_COLUMNS if _is_plan(sub) else ():
                    _copy_column(out, value, [flik], column, column)
        if _is_plan(sub):
            out |= {flik: copy.deepcopy(rows) for flik, rows in _plan_lists(sub, names).items()}
            texts = sub.data.get(names.budgettexter)
            if isinstance(texts, Mapping):
                out[names.budgettexter] = dict(texts)
        point = _FORECAST_REPORTS.get(sub.report)
        drift = REPORTS[sub.report].table_fliks.get("drift") if sub.report in REPORTS else None
        result = _result(sub.data.get(drift), "prognos") if point and drift else None
        if point and result is not None:
            for report in REPORTS.values():
                if report.forecast_flik:
                    out.setdefault(report.forecast_flik, {})[point] = {"prognos": result}
    this_year = [_as_followup(s, names) if _is_plan(s) else s for s in subs if s.year == year]
    out |= copy.deepcopy(_shared_down(node, organisation, this_year, names))
    if plan is not None:
        out |= _from_plan(node, plan, out, names)
    return out


# --- submissions from JSON files -------------------------------------------------------------


def report_of(data: Mapping[str, Any]) -> str | None:
    """Which report a JSON input is for, by its table flikar (the most specific report wins)."""
    present = {loose(k) for k in data}
    best: tuple[int, str] | None = None
    for key, report in REPORTS.items():
        fliks = {loose(f) for f in report.table_fliks.values()}
        if fliks & present and (best is None or len(fliks & present) > best[0]):
            best = (len(fliks & present), key)
    return best[1] if best else None


def read_submission(path: Path, year: int) -> Submission | None:
    """A JSON input file as a submission; None when it does not say its ansvar or report.

    Its year is the `år` of its Uppgifter, else `year`. Raises OSError/ValueError for an
    unreadable file or one with errors (a key twice, NaN …), with the Swedish message to print.
    """
    data, issues = load_json(path)
    problems = [f"{i.source.json_path}: {i.message}" if i.source.json_path else i.message for i in issues]
    if problems:
        raise ValueError(" ".join(problems))
    if not isinstance(data, dict):
        return None
    _refuse_same_fliks(data)
    data = canonical(data)
    uppgifter = data.get(FlikNames().uppgifter)
    uppgifter = uppgifter if isinstance(uppgifter, Mapping) else {}
    ansvar, report = code_text(uppgifter.get("ansvar")), report_of(data)
    if not ansvar or report is None:
        return None
    given = uppgifter.get("år")
    return Submission(ansvar, report, int(given) if isinstance(given, int) else year, data)


def submissions_from(sources: Iterable[Path], year: int) -> tuple[list[Submission], list[Issue]]:
    """The JSON inputs to prefill from (files or folders); a file that cannot be used is reported
    once and the rest are used."""
    files, issues = input_files(sources)
    out = []
    for file in files:
        if file.suffix.lower() != ".json":
            msg = "Förifyllning läser bara JSON-indata; filen hoppas över."
            issues.append(Issue(Severity.WARNING, msg, Source.of(file), code="förifyllning.filtyp"))
            continue
        try:
            submission = read_submission(file, year)
        except (OSError, ValueError) as exc:
            msg = f"Filen används inte för förifyllning: {exc}"
            issues.append(Issue(Severity.ERROR, msg, Source.of(file), code="förifyllning.oläsbar"))
            continue
        if submission is None:
            msg = "Filen anger inget ansvar eller ingen rapport och hoppas över."
            issues.append(Issue(Severity.WARNING, msg, Source.of(file), code="förifyllning.okänd"))
        else:
            out.append(submission)
    return out, issues


# --- submissions from the store ----------------------------------------------------------------


def known_submissions(store: Store, organisation: Organisation, year: int) -> list[Submission]:
    """What the store knows for a workbook's prefill: this year's latest inputs, and last year's
    inputs where the nämnd has decided on them."""
    known = []
    for period in store.periods(year) + store.periods(year - 1):
        decided = {d.namnd for d in store.decisions(period)}
        for ansvar, s in store.latest(period).items():
            namnd = organisation.nearest(ansvar, Level.NAMND)
            if period.year == year or (namnd is not None and namnd.ansvar in decided):
                known.append(Submission(ansvar, period.report, period.year, s.document))
    return known
