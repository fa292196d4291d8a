"""Inputs written inline: organisation files, one ansvar's JSON and its Excel workbook.

Every helper takes the folder to write in (a test's `tmp_path`) and plain data, so a test reads
top to bottom like the input it describes. One ansvar's data has the shape of the JSON form
(docs/indata.md: one object per flik, keyed by the flik's name); `write_workbook` lays the same
data out as the kommun's workbook, so one table of cases can run through both forms:

    data = unit("81911", drift={"Personalkostnader": {"budget": 38500}})
    path = write_input(tmp_path, data, "xlsx")          # or "json"
    checked = run_check(write_org(tmp_path, SMALL_ORG), path)

In a workbook the table flikar have their header row on row 1 and the rows in the data's order
under it; `table_cell(data, flik, row, column)` gives the cell a value was written to.
Import the helpers with `from tests.conftest import ...`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from bokslut.domain import DELARSBOKSLUT, ReportSpec
from bokslut.history import Previous
from bokslut.phrases import Phrases, default_phrases
from bokslut.pipeline import TEMPLATES, Job, Rendered, render_checked, validate_inputs
from bokslut.validate import Checked

YEAR = 2022
REPORT = DELARSBOKSLUT

UPPGIFTER = "Uppgifter"
DRIFT_FLIK = "8 RR skattefin övriga delår"
INV_FLIK = "8 inv skattefin övriga delår"
FORUTB_FLIK = "8 förutb skattefin ALLA delår"
TABLE_FLIKS = (DRIFT_FLIK, INV_FLIK, FORUTB_FLIK)

#: Amount keys in the order of the mall's columns B–G.
COLUMNS = ("budget", "prognos", "avvikelse", "utfall", "utfall_fg", "diff")
COLUMN_LETTER = dict(zip(COLUMNS, "BCDEFG", strict=True))
#: Row of the header in a generated table flik; the table's rows follow directly below it.
HEADER_ROW = 1

#: The example kommun (examples/organisation.json): three nämnder, 42 nodes that hand in an input.
EXAMPLE_ORG = Path(__file__).resolve().parent.parent / "examples" / "organisation.json"
#: The vård- och omsorgsnämnd, the example written out in every detail.
VON = "8"


def example_nodes(under: str | None = None, *levels: str) -> list[str]:
    """The example kommun's ansvar codes that hand in an input, in the organisation's order: every
    one, or those of `under`'s subtree (itself included), at `levels` if any are named."""
    nodes = json.loads(EXAMPLE_ORG.read_text("utf-8"))["noder"]
    parent = {n["ansvar"]: n["överordnad"] for n in nodes}

    def inside(ansvar: str | None) -> bool:
        return under is None or (ansvar is not None and (ansvar == under or inside(parent[ansvar])))

    return [
        n["ansvar"]
        for n in nodes
        if n["nivå"] != "kommun" and inside(n["ansvar"]) and (not levels or n["nivå"] in levels)
    ]


def amount_header(year: int = YEAR) -> list[str]:
    """The mall's header row of a drift/investering/förutbetalda flik."""
    return [
        "Belopp i tkr",
        f"Budget {year}",
        f"Prognos helår {year}",
        f"Avv. prognos/budget {year}",
        f"Delårsbokslut {year}",
        f"Delårsbokslut {year - 1}",
        f"Diff. utfall {year - 1}/{year}",
    ]


# --- the organisation ----------------------------------------------------------------------

Row = tuple[Any, Any, Any, Any]

#: kommun → nämnd → enhet: the smallest tree with a leaf to report.
SMALL_ORG: tuple[Row, ...] = (
    ("1", "Exempelkommun", "kommun", None),
    ("8", "Vård- och omsorgsnämnden", "nämnd", "1"),
    ("81911", "Hemtjänst Norr", "enhet", "8"),
)


def org_nodes(rows: Iterable[Row | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Tuples (ansvar, namn, nivå, överordnad) as the JSON form's node objects."""
    out = []
    for row in rows:
        if isinstance(row, Mapping):
            out.append(dict(row))
        else:
            ansvar, namn, niva, parent = row
            out.append({"ansvar": ansvar, "namn": namn, "nivå": niva, "överordnad": parent})
    return out


def write_org(
    folder: Path,
    rows: Iterable[Row | Mapping[str, Any]] = SMALL_ORG,
    *,
    kommun: str = "Exempelkommun",
    name: str = "organisation.json",
) -> Path:
    """`organisation.json` with the given nodes."""
    path = folder / name
    path.write_text(json.dumps({"kommun": kommun, "noder": org_nodes(rows)}, ensure_ascii=False, indent=1), "utf-8")
    return path


def write_org_xlsx(
    folder: Path, rows: Iterable[Row], *, name: str = "organisation.xlsx", flik: str = "Organisation"
) -> Path:
    """The Excel form: a flik `Organisation` with the header Ansvar | Namn | Nivå | Överordnad."""
    book = Workbook()
    sheet = book.active
    sheet.title = flik
    sheet.append(["Ansvar", "Namn", "Nivå", "Överordnad"])
    for row in rows:
        sheet.append(list(row))
    path = folder / name
    book.save(path)
    return path


# --- one ansvar's input --------------------------------------------------------------------

#: A drift table that passes every check.
VALID_DRIFT: dict[str, dict[str, Any]] = {
    "Verksamhetens intäkter": {"budget": 1200, "prognos": 1350, "utfall": 910, "utfall_fg": 870},
    "Personalkostnader": {"budget": -38500, "prognos": -39700, "utfall": -26900, "utfall_fg": -25100},
    "Lokalhyror": {"budget": -2000, "prognos": -2000, "utfall": -1330, "utfall_fg": -1300},
}


def unit(
    ansvar: str,
    namn: str = "",
    *,
    year: int | None = YEAR,
    drift: Mapping[str, Any] | None = None,
    investeringar: Mapping[str, Any] | None = None,
    forutbetalda: Mapping[str, Any] | None = None,
    **fliks: Any,
) -> dict[str, Any]:
    """One ansvar's input in the JSON form; `drift=None` gives VALID_DRIFT.

    Other flikar by keyword: `Mål=[...]`, `Uppdrag=[...]`, or `**{"Texter drift": {...}}`.
    """
    uppgifter: dict[str, Any] = {"ansvar": ansvar, "namn": namn or f"Ansvar {ansvar}"}
    if year is not None:
        uppgifter["år"] = year
    data: dict[str, Any] = {
        UPPGIFTER: uppgifter,
        DRIFT_FLIK: copy.deepcopy(dict(VALID_DRIFT if drift is None else drift)),
        INV_FLIK: copy.deepcopy(dict(investeringar or {})),
        FORUTB_FLIK: copy.deepcopy(dict(forutbetalda or {})),
    }
    data.update(copy.deepcopy(fliks))
    return data


def write_json_input(folder: Path, data: Mapping[str, Any], name: str | None = None) -> Path:
    """One ansvar's JSON file (named after its ansvar unless `name` is given)."""
    path = folder / (name or f"{data[UPPGIFTER]['ansvar']}.json")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return path


# Text flikar: flik → (header row, the JSON keys in the header's order).
LIST_FLIKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Mål": (
        ("Nr", "Prioriterat mål", "Nämndens mål", "Agenda 2030", "Bedömning", "Kommentar"),
        ("nr", "prioriterat_mål", "nämndens_mål", "agenda_2030", "bedömning", "kommentar"),
    ),
    "Uppdrag": (("Nr", "Uppdrag", "Redogörelse", "Bedömning"), ("nr", "uppdrag", "redogörelse", "bedömning")),
    "Internkontroll": (
        ("Vad kontrolleras?", "Frekvens", "Metod", "Bedömning", "Resultat", "Åtgärd"),
        ("vad", "frekvens", "metod", "bedömning", "resultat", "åtgärd"),
    ),
    "Arbetsmiljö": (
        ("Arbetsmiljömål", "Nyckeltal", "Målvärde", "Nuläge", "Kommentar"),
        ("mål", "nyckeltal", "målvärde", "nuläge", "kommentar"),
    ),
    "Kritiska faktorer": (
        ("Nr", "Kritisk verksamhetsfaktor", f"Utfall {YEAR}", f"Utfall {YEAR - 1}", "Bedömning (manuell)", "Analys"),
        ("nr", "faktor", "utfall", "utfall_fg", "bedömning", "analys"),
    ),
}
DRIFT_TEXT_COLUMNS = (
    ("Kontogrupp", "Prognos", "Prognosförändring", "Utfall för perioden", "Jämförelse mellan åren"),
    ("prognos", "prognosförändring", "utfall", "jämförelse"),
)


def table_layout(rows: Mapping[str, Any]) -> dict[str | tuple[str, int], int]:
    """Where `write_workbook` puts a table's rows: label (or (category, project index)) → row."""
    layout: dict[str | tuple[str, int], int] = {}
    at = HEADER_ROW + 1
    for label, value in rows.items():
        layout[label] = at
        at += 1
        if isinstance(value, Mapping) and "projekt" in value:
            for i, _ in enumerate(value["projekt"]):
                layout[(label, i)] = at
                at += 1
    return layout


def table_cell(data: Mapping[str, Any], flik: str, row: str | tuple[str, int], column: str) -> str:
    """The cell `write_workbook` wrote a table value to, e.g. `"B3"`."""
    return f"{COLUMN_LETTER[column]}{table_layout(data[flik])[row]}"


def _amount_row(label: str, amounts: Mapping[str, Any]) -> list[Any]:
    unknown = set(amounts) - set(COLUMNS)
    assert not unknown, f"not an amount column: {unknown}"
    return [label, *(amounts.get(c) for c in COLUMNS)]


def build_workbook(
    data: Mapping[str, Any], *, year: int = YEAR, rename: Mapping[str, str] | None = None, omit: Iterable[str] = ()
) -> Workbook:
    """One ansvar's data laid out as the kommun's workbook (not saved, so a test may edit it).

    The three table flikar are always there (with just the header when the data has no rows)
    unless named in `omit`; `rename` writes a flik under another name, as people type them.
    A value starting with "=" is written as a formula, without a cached value.
    """
    rename = dict(rename or {})
    omit = set(omit)
    book = Workbook()
    book.remove(book.active)

    def sheet(flik: str) -> Any:
        return book.create_sheet(rename.get(flik, flik))

    for flik, value in data.items():
        if flik in omit:
            continue
        if flik == UPPGIFTER:
            ws = sheet(flik)
            for key, label in (("ansvar", "Ansvar"), ("namn", "Namn"), ("år", "År")):
                if key in value:
                    ws.append([label, value[key]])
        elif flik in TABLE_FLIKS:
            continue  # below, in the mall's order
        elif flik in LIST_FLIKS:
            headers, keys = LIST_FLIKS[flik]
            ws = sheet(flik)
            ws.append(list(headers))
            for item in value:
                ws.append([item.get(k) for k in keys])
            if flik == "Mål":
                _key_figures(sheet("Nyckeltal"), value, year)
        elif flik == "Texter":
            ws = sheet(flik)
            ws.append(["Avsnitt", "Text"])
            for label, text in value.items():
                ws.append([label, text])
        elif flik == "Texter drift":
            ws = sheet(flik)
            headers, keys = DRIFT_TEXT_COLUMNS
            ws.append(list(headers))
            for label, texts in value.items():
                ws.append([label, *(texts.get(k) for k in keys)])
        elif flik == "Sjukfrånvaro":
            ws = sheet(flik)
            ws.append(["Sjukfrånvaro (%)", str(year - 1), str(year)])
            for label, pair in value.items():
                ws.append([label, pair.get("fg"), pair.get("år")])
        else:
            raise AssertionError(f"write_workbook does not know the flik {flik!r}")
    for flik in TABLE_FLIKS:
        if flik in omit:
            continue
        ws = sheet(flik)
        ws.append(amount_header(year))
        for label, value in data.get(flik, {}).items():
            if isinstance(value, Mapping) and "projekt" in value:
                ws.append(_amount_row(label, value.get("summa") or {}))
                for project in value["projekt"]:
                    amounts = {k: v for k, v in project.items() if k != "namn"}
                    ws.append(_amount_row(project["namn"], amounts))
            else:
                ws.append(_amount_row(label, value))
    return book


def _key_figures(ws: Any, goals: Sequence[Mapping[str, Any]], year: int) -> None:
    ws.append(["Mål nr", "Nyckeltal", f"Mål {year}", f"Utfall {year}", f"Utfall {year - 1}", f"Utfall {year - 2}"])
    for goal in goals:
        for kpi in goal.get("nyckeltal", ()):
            keys = ("namn", "mål", "utfall", "utfall_fg", "utfall_fg2")
            ws.append([goal.get("nr"), *(kpi.get(k) for k in keys)])


def write_workbook(
    folder: Path,
    data: Mapping[str, Any],
    name: str | None = None,
    *,
    year: int = YEAR,
    rename: Mapping[str, str] | None = None,
    omit: Iterable[str] = (),
) -> Path:
    """One ansvar's workbook (`<ansvar>.xlsx`), laid out by `build_workbook`."""
    path = folder / (name or f"{data[UPPGIFTER]['ansvar']}.xlsx")
    build_workbook(data, year=year, rename=rename, omit=omit).save(path)
    return path


FORMS = ("xlsx", "json")


def quick_first(values: Sequence[Any]) -> list[Any]:
    """Parametrize values of which the first runs in the quick suite and the others only in the
    full one (marked slow): for a family of cases each of which takes a whole run of bokslut.
    A tuple is the arguments of one case."""
    return [
        value if i == 0 else pytest.param(*value if isinstance(value, tuple) else (value,), marks=pytest.mark.slow)
        for i, value in enumerate(values)
    ]


def write_input(folder: Path, data: Mapping[str, Any], form: str, **kwargs: Any) -> Path:
    """The same input as a workbook (`form="xlsx"`) or a JSON file (`form="json"`)."""
    if form == "xlsx":
        return write_workbook(folder, data, **kwargs)
    if form == "json":
        return write_json_input(folder, data, **kwargs)
    raise AssertionError(f"unknown form {form!r}")


def check(
    org: Path,
    inputs: Iterable[Path],
    report: ReportSpec,
    year: int,
    *,
    month: int | None = None,
    coverage: bool = True,
    shared: Iterable[Path] = (),
    rules_path: Path | None = None,
) -> Checked:
    """`bokslut.pipeline.validate_inputs` for one report and year (per `month` when it has many)."""
    period = report.period(year, month if month is not None or report.own_month else report.months[0])
    job = Job(org, report, period, tuple(shared), rules_path)
    return validate_inputs(job, list(inputs), coverage=coverage)


def render(
    checked: Checked,
    report: ReportSpec,
    year: int,
    folder: Path,
    *,
    month: int | None = None,
    only: str | None = None,
    today: Any = None,
    previous: Previous | None = None,
    templates: Path = TEMPLATES,
    jobs: int | None = None,
    phrases: Phrases | None = None,
) -> Rendered:
    """`bokslut.pipeline.render_checked`: the checked units' documents, straight into `folder`
    (worded by `phrases`, else the shipped catalogue)."""
    period = report.period(year, month if month is not None or report.own_month else report.months[0])
    job = Job(Path(), report, period, phrases=phrases or default_phrases())
    return render_checked(
        checked, job, folder, previous=previous, only=only, today=today, templates=templates, jobs=jobs
    )


def problems(output: str) -> str:
    """The command line's problems, grouped under a header per file, as one line each again:
    "81911.xlsx › 8 RR skattefin övriga delår › B5: fel: …" (what a test looks for)."""
    lines, file = [], None
    for line in output.splitlines():
        header = re.fullmatch(r"(\S.*) \(\d+ fel och \d+ varning(?:ar)?\)", line)
        if header:
            file = header.group(1)
        elif file is not None and line.startswith("  "):
            rest = line[2:]
            lines.append(f"{file}: {rest}" if rest.startswith(("fel: ", "varning: ")) else f"{file} › {rest}")
        else:
            file = None
            lines.append(line)
    return "\n".join(lines)


def run_check(org: Path, *inputs: Path, year: int = YEAR) -> Checked:
    """`bokslut.pipeline.validate_inputs` for the delårsbokslut."""
    return check(org, list(inputs), REPORT, year)


def codes(checked: Checked, *, ignore: Iterable[str] = ()) -> list[str]:
    """The issue codes of a run, sorted; `ignore` drops codes a test is not about."""
    skip = set(ignore)
    return sorted(i.code for i in checked.issues if i.code not in skip)


@pytest.fixture
def org_path(tmp_path: Path) -> Path:
    """SMALL_ORG written to tmp_path: the nämnd 8 with one enhet, 81911."""
    return write_org(tmp_path, SMALL_ORG)


#: Building and reading a workbook takes ten times as long as a JSON file: the quick suite
#: (`-m "not slow"`) runs the shared cases in the JSON form, the full suite in both.
@pytest.fixture(params=[pytest.param("xlsx", marks=pytest.mark.slow), "json"])
def form(request: pytest.FixtureRequest) -> str:
    """Runs a test once per input form: "xlsx" and "json"."""
    return str(request.param)


@pytest.fixture(autouse=True)
def _no_store_in_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render uses bokslut.db in the working folder when it exists: run every test in its own
    folder, so a store made by hand in the project never changes a test's documents."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOKSLUT_LAGER", raising=False)
