"""Every validation rule, on small inline inputs, through `bokslut.pipeline.validate_inputs`.

Each case states the input, the issue code, what the message must name and exactly where it
points: a cell on a flik for a workbook, a JSON path for a JSON file. Most cases run for both
forms (the `form` fixture), since the same content must meet the same checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bokslut.issues import Issue, Severity
from bokslut.validate import Checked
from tests.conftest import (
    DRIFT_FLIK,
    FORUTB_FLIK,
    INV_FLIK,
    SMALL_ORG,
    TABLE_FLIKS,
    VALID_DRIFT,
    codes,
    run_check,
    table_cell,
    unit,
    write_input,
    write_json_input,
    write_org,
)

NBSP = "\u00a0"
ENHET = "81911"
#: What every run on SMALL_ORG with input for the enhet alone says about the nämnd: not a problem here.
NAMND_WITHOUT_OWN = "indata.saknas_egna"

Path_ = tuple[str | int, ...]


# --- helpers ---------------------------------------------------------------------------------


def drift_with(**rows: dict[str, Any]) -> dict[str, Any]:
    """VALID_DRIFT with rows replaced or added; keyword names use _ for spaces (Köp_av_tjänster)."""
    drift = {k: dict(v) for k, v in VALID_DRIFT.items()}
    for key, value in rows.items():
        drift[key.replace("_", " ")] = value
    return drift


def check_one(tmp_path: Path, data: dict[str, Any], form: str, **kwargs: Any) -> Checked:
    org = write_org(tmp_path, SMALL_ORG)
    return run_check(org, write_input(tmp_path, data, form, **kwargs))


def problems(checked: Checked) -> list[Issue]:
    return [i for i in checked.issues if i.code != NAMND_WITHOUT_OWN]


def the_issue(checked: Checked, code: str) -> Issue:
    found = [i for i in checked.issues if i.code == code]
    assert len(found) == 1, f"expected one {code}, got: " + "\n".join(map(str, checked.issues))
    return found[0]


def json_path(path: Path_) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f'["{p}"]' for p in path)


def excel_cell(data: dict[str, Any], path: Path_) -> tuple[str, str]:
    """(flik, cell) of a table value at a JSON-shaped path, as `write_workbook` laid it out."""
    flik, label, *rest = path
    if rest[0] == "summa":
        return str(flik), table_cell(data, str(flik), str(label), str(rest[1]))
    if rest[0] == "projekt":
        return str(flik), table_cell(data, str(flik), (str(label), int(rest[1])), str(rest[2]))
    return str(flik), table_cell(data, str(flik), str(label), str(rest[0]))


def assert_at(issue: Issue, form: str, data: dict[str, Any], path: Path_) -> None:
    """The issue points at the value at `path`: its cell, or its JSON path."""
    assert issue.source.file == f"{ENHET}.{form}"
    if form == "xlsx":
        assert (issue.source.flik, issue.source.cell) == excel_cell(data, path)
        assert issue.source.json_path is None
    else:
        assert issue.source.json_path == json_path(path)
        assert issue.source.cell is None


def put(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    """Set the value at a JSON-shaped path (creating rows as needed)."""
    target: Any = data
    for part in path[:-1]:
        target = target[part] if isinstance(part, int) else target.setdefault(part, {})
    target[path[-1]] = value
    return data


LARM = {"namn": "Larm", "budget": 400, "prognos": 380, "utfall": 210, "utfall_fg": 0}
GATA = {"namn": "Gatukostnadsersättning", "budget": 300, "prognos": 300, "utfall": 120, "utfall_fg": 80}


def full_unit(**kwargs: Any) -> dict[str, Any]:
    """The enhet's input with a project in each project table."""
    return unit(
        ENHET,
        "Hemtjänst Norr",
        investeringar={"Reinvestering": {"projekt": [dict(LARM)]}},
        forutbetalda={"Inkomster": {"projekt": [dict(GATA)]}},
        **kwargs,
    )


# --- a clean input ---------------------------------------------------------------------------


def test_a_clean_input_has_no_issues(tmp_path: Path, form: str) -> None:
    checked = check_one(tmp_path, full_unit(), form)
    assert problems(checked) == []
    assert [i.code for i in checked.issues] == [NAMND_WITHOUT_OWN]
    [data] = checked.units
    assert data.ansvar == ENHET
    assert data.tables["drift"].row("kostnader") == {
        "budget": -40500,
        "prognos": -41700,
        "utfall": -28230,
        "utfall_fg": -26400,
    }


# --- signs -------------------------------------------------------------------------------------

SIGN_CASES = [
    # path to the value, value typed, what the message must show
    pytest.param(
        (DRIFT_FLIK, "Personalkostnader", "budget"),
        38500,
        ["Personalkostnader", f"38{NBSP}500", f"-38{NBSP}500"],
        id="cost-budget",
    ),
    pytest.param(
        (DRIFT_FLIK, "Lokalhyror", "utfall"), 1330, ["Lokalhyror", f"1{NBSP}330", f"-1{NBSP}330"], id="cost-utfall"
    ),
    pytest.param(
        (DRIFT_FLIK, "Övriga kostnader", "utfall_fg"), 12, ["Övriga kostnader", "12", "-12"], id="cost-last-year"
    ),
    pytest.param(
        (DRIFT_FLIK, "Verksamhetens intäkter", "prognos"),
        -1350,
        ["Verksamhetens intäkter", f"-1{NBSP}350", f"1{NBSP}350"],
        id="income-negative",
    ),
    pytest.param(
        (DRIFT_FLIK, "Kommunbidrag", "budget"), -300000, ["Kommunbidrag", f"-300{NBSP}000"], id="kommunbidrag-negative"
    ),
    pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "budget"), -400, ["-400", "400"], id="investment-negative"),
    pytest.param((FORUTB_FLIK, "Inkomster", "projekt", 0, "utfall"), -120, ["-120", "120"], id="inkomst-negative"),
]


@pytest.mark.parametrize(("path", "value", "names"), SIGN_CASES)
def test_wrong_sign_is_an_error_at_the_value(
    tmp_path: Path, form: str, path: Path_, value: int, names: list[str]
) -> None:
    data = put(full_unit(), path, value)
    checked = check_one(tmp_path, data, form)
    issue = the_issue(checked, "belopp.tecken")
    assert issue.severity is Severity.ERROR
    assert issue.ansvar == ENHET
    for name in names:
        assert name in issue.message
    assert_at(issue, form, data, path)
    assert checked.rejected == {ENHET: 1}


def test_cost_entered_without_minus_sign_message(tmp_path: Path, form: str) -> None:
    data = full_unit(drift=drift_with(Personalkostnader={"budget": 38500, "prognos": -39700}))
    issue = the_issue(check_one(tmp_path, data, form), "belopp.tecken")
    assert issue.message.startswith("Personalkostnader: kostnader ska anges med minustecken")
    assert f"Skriv -38{NBSP}500." in issue.message


def test_zero_and_empty_are_not_sign_errors(tmp_path: Path, form: str) -> None:
    data = full_unit(
        drift=drift_with(Personalkostnader={"budget": 0, "prognos": -10}, Finansnetto={"budget": 5, "prognos": -5})
    )
    assert problems(check_one(tmp_path, data, form)) == []


# --- decimals ----------------------------------------------------------------------------------

DECIMAL_CASES = [
    # path, value typed, the whole tkr the unit carries, what the message shows
    pytest.param(
        (DRIFT_FLIK, "Personalkostnader", "budget"),
        -38500.5,
        -38501,
        f"-38{NBSP}501",
        id="half-away-from-zero-negative",
    ),
    pytest.param((DRIFT_FLIK, "Personalkostnader", "budget"), -38500.4, -38500, f"-38{NBSP}500", id="down"),
    pytest.param((DRIFT_FLIK, "Verksamhetens intäkter", "budget"), 1200.5, 1201, f"1{NBSP}201", id="half-up-positive"),
    pytest.param((DRIFT_FLIK, "Verksamhetens intäkter", "budget"), 2.5, 3, "3", id="not-bankers-2.5"),
    pytest.param(
        (DRIFT_FLIK, "Personalkostnader", "utfall"), "-26 900,5", -26901, f"-26{NBSP}901", id="text-decimal-comma"
    ),
    pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "prognos"), 380.5, 381, "381", id="project"),
]


@pytest.mark.parametrize(("path", "value", "whole", "shown"), DECIMAL_CASES)
def test_decimals_are_a_warning_and_rounded_half_up(
    tmp_path: Path, form: str, path: Path_, value: Any, whole: int, shown: str
) -> None:
    data = put(full_unit(), path, value)
    checked = check_one(tmp_path, data, form)
    issue = the_issue(checked, "belopp.decimaler")
    assert issue.severity is Severity.WARNING
    assert f"avrundas till {shown}" in issue.message
    assert_at(issue, form, data, path)
    assert not [i for i in checked.issues if i.is_error]
    [figures] = checked.units
    flik, label, *rest = path
    if flik == DRIFT_FLIK:
        row = figures.tables["drift"].spec.find_row(str(label))
        assert row is not None
        assert figures.tables["drift"].row(row.key)[str(rest[-1])] == whole
    else:
        [project] = figures.tables["investeringar"].projects["reinvestering"]
        assert project.values[str(rest[-1])] == whole


def test_rounded_rows_sum_to_the_sum_rows(tmp_path: Path, form: str) -> None:
    """-100,5 and -200,5 are -101 and -201; the cost sum is their sum, -302 (not round(-301) = -301)."""
    data = full_unit(drift={"Personalkostnader": {"budget": -100.5}, "Lokalhyror": {"budget": -200.5}})
    checked = check_one(tmp_path, data, form)
    assert codes(checked, ignore=[NAMND_WITHOUT_OWN]) == ["belopp.decimaler", "belopp.decimaler"]
    assert checked.units[0].tables["drift"].row("kostnader") == {"budget": -302}


# --- sums and computed columns -----------------------------------------------------------------

SUM_CASES = [
    # path of the typed sum, typed, what the rows give (both must be in the message)
    pytest.param((DRIFT_FLIK, "Verksamhetens kostnader", "budget"), -40000, -40500, id="kostnader"),
    pytest.param((DRIFT_FLIK, "Verksamhetens nettokostnader", "utfall"), -27000, -27320, id="netto"),
    pytest.param((DRIFT_FLIK, "Årets resultat", "prognos"), 0, -40350, id="resultat"),
    pytest.param((DRIFT_FLIK, "Personalkostnader", "avvikelse"), -1000, -1200, id="avvikelse"),
    pytest.param((DRIFT_FLIK, "Lokalhyror", "diff"), 30, -30, id="diff"),
    pytest.param((INV_FLIK, "Reinvestering", "summa", "budget"), 500, 400, id="category"),
    pytest.param((INV_FLIK, "Totala utgifter", "utfall"), 200, 210, id="totala-utgifter"),
    # investments: Avv. = budget − prognos, so 400 − 380 = 20, not −20
    pytest.param((INV_FLIK, "Reinvestering", "summa", "avvikelse"), -20, 20, id="investment-avvikelse"),
    pytest.param((INV_FLIK, "Totala utgifter", "diff"), -210, 210, id="investment-diff"),
    pytest.param((FORUTB_FLIK, "Totala inkomster", "budget"), 200, 300, id="totala-inkomster"),
]


def _shown(n: int) -> str:
    text = f"{abs(n):,}".replace(",", NBSP)
    return f"-{text}" if n < 0 else text


@pytest.mark.parametrize(("path", "typed", "rows_give"), SUM_CASES)
def test_filled_in_sum_that_does_not_match(tmp_path: Path, form: str, path: Path_, typed: int, rows_give: int) -> None:
    data = put(full_unit(), path, typed)
    checked = check_one(tmp_path, data, form)
    issue = the_issue(checked, "summa.stammer_inte")
    assert issue.is_error
    assert f"ifylld med {_shown(typed)}" in issue.message
    assert f"raderna ger {_shown(rows_give)}" in issue.message
    assert_at(issue, form, data, path)


def test_sum_mismatch_message_names_row_and_numbers(tmp_path: Path, form: str) -> None:
    data = full_unit(drift=drift_with(Verksamhetens_kostnader={"budget": -40000}))
    issue = the_issue(check_one(tmp_path, data, form), "summa.stammer_inte")
    assert "Verksamhetens kostnader" in issue.message
    assert f"-40{NBSP}000" in issue.message and f"-40{NBSP}500" in issue.message


def test_computed_column_mismatch_names_the_column(tmp_path: Path, form: str) -> None:
    data = full_unit(drift=drift_with(Personalkostnader={**VALID_DRIFT["Personalkostnader"], "avvikelse": -1000}))
    issue = the_issue(check_one(tmp_path, data, form), "summa.stammer_inte")
    assert "Avv. prognos/budget 2022" in issue.message and "Personalkostnader" in issue.message


@pytest.mark.parametrize(
    ("path", "typed"),
    [
        pytest.param((DRIFT_FLIK, "Verksamhetens kostnader", "budget"), -40500, id="kostnader"),
        pytest.param((DRIFT_FLIK, "Årets resultat", "prognos"), -40350, id="resultat"),
        pytest.param((DRIFT_FLIK, "Personalkostnader", "avvikelse"), -1200, id="avvikelse"),
        pytest.param((DRIFT_FLIK, "Lokalhyror", "diff"), -30, id="diff"),
        pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "avvikelse"), 20, id="investment-avvikelse"),
        pytest.param((INV_FLIK, "Reinvestering", "summa", "avvikelse"), 20, id="category-avvikelse"),
        pytest.param((INV_FLIK, "Reinvestering", "summa", "budget"), 400, id="category"),
        pytest.param((INV_FLIK, "Totala utgifter", "budget"), 400, id="totala-utgifter"),
        pytest.param((FORUTB_FLIK, "Totala inkomster", "utfall_fg"), 80, id="totala-inkomster"),
        pytest.param((FORUTB_FLIK, "– varav exploatering", "budget"), 300, id="varav-equal"),
    ],
)
def test_filled_in_sums_that_match_are_accepted(tmp_path: Path, form: str, path: Path_, typed: int) -> None:
    data = put(full_unit(), path, typed)
    assert problems(check_one(tmp_path, data, form)) == []


@pytest.mark.parametrize(
    ("path", "typed"),
    [
        pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "avvikelse"), -20, id="investment-avvikelse"),
        pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "diff"), 5, id="investment-diff"),
        pytest.param((FORUTB_FLIK, "Inkomster", "projekt", 0, "diff"), -40, id="inkomst-diff"),
    ],
)
def test_filled_in_project_deviation_that_does_not_match(tmp_path: Path, form: str, path: Path_, typed: int) -> None:
    data = put(full_unit(), path, typed)
    issue = the_issue(check_one(tmp_path, data, form), "summa.stammer_inte")
    assert_at(issue, form, data, path)


def test_typed_sum_is_compared_with_the_unrounded_rows(tmp_path: Path, form: str) -> None:
    """-38 500,4 + -2 000,4 = -40 500,8: a typed -40 501 matches."""
    data = full_unit(
        drift={
            "Personalkostnader": {"budget": -38500.4},
            "Lokalhyror": {"budget": -2000.4},
            "Verksamhetens kostnader": {"budget": -40501},
        }
    )
    assert codes(check_one(tmp_path, data, form), ignore=[NAMND_WITHOUT_OWN]) == ["belopp.decimaler"] * 2


def test_varav_larger_than_the_total(tmp_path: Path, form: str) -> None:
    data = put(full_unit(), (FORUTB_FLIK, "– varav exploatering", "budget"), 500)
    issue = the_issue(check_one(tmp_path, data, form), "summa.varav")
    assert "500" in issue.message and "300" in issue.message and "Totala inkomster" in issue.message
    assert_at(issue, form, data, (FORUTB_FLIK, "– varav exploatering", "budget"))


# --- numbers typed as text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-1 234", -1234),
        ("-1 234,0", -1234),
        ("-1\u00a0234", -1234),
        ("\u22121 234", -1234),
        ("-1234", -1234),
    ],
)
def test_cost_typed_as_text_is_accepted(tmp_path: Path, form: str, typed: str, value: int) -> None:
    data = full_unit(drift=drift_with(Lokalhyror={"budget": typed, "prognos": -1234}))
    checked = check_one(tmp_path, data, form)
    assert problems(checked) == []
    assert checked.units[0].tables["drift"].row("lokalhyror")["budget"] == value


@pytest.mark.parametrize(("typed", "value"), [("1 234,0", 1234), ("1 234", 1234), ("1234 tkr", 1234)])
def test_income_typed_as_text_is_accepted(tmp_path: Path, form: str, typed: str, value: int) -> None:
    data = full_unit(drift=drift_with(Verksamhetens_intäkter={"budget": typed}))
    checked = check_one(tmp_path, data, form)
    assert problems(checked) == []
    assert checked.units[0].tables["drift"].row("intakter")["budget"] == value


# --- not a number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "typed"),
    [
        pytest.param((DRIFT_FLIK, "Personalkostnader", "budget"), "ca 500", id="ca"),
        pytest.param((DRIFT_FLIK, "Lokalhyror", "utfall"), "abc", id="abc"),
        pytest.param((DRIFT_FLIK, "Verksamhetens intäkter", "prognos"), "1 200?", id="question"),
        pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "budget"), "ca 400", id="project"),
    ],
)
def test_text_that_is_not_a_number_is_an_error_at_the_cell(tmp_path: Path, form: str, path: Path_, typed: str) -> None:
    data = put(full_unit(), path, typed)
    checked = check_one(tmp_path, data, form)
    issue = the_issue(checked, "modell.value_error")
    assert issue.is_error and issue.ansvar == ENHET
    assert f"”{typed}”" in issue.message
    assert "belopp" in issue.message
    assert_at(issue, form, data, path)
    assert checked.units == [] or checked.rejected.get(ENHET)


# --- formulas without a cached value (Excel) ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "formula"),
    [
        pytest.param((DRIFT_FLIK, "Personalkostnader", "budget"), "=-2000-500", id="drift"),
        pytest.param((DRIFT_FLIK, "Verksamhetens intäkter", "utfall_fg"), "=800+70", id="last-year"),
        pytest.param((INV_FLIK, "Reinvestering", "projekt", 0, "utfall"), "=100+110", id="project"),
    ],
)
def test_formula_without_value_in_an_input_row_is_an_error(tmp_path: Path, path: Path_, formula: str) -> None:
    data = put(full_unit(), path, formula)
    checked = check_one(tmp_path, data, "xlsx")
    issue = the_issue(checked, "excel.formel_utan_varde")
    assert issue.is_error
    assert issue.ansvar == ENHET
    assert formula in issue.message
    assert_at(issue, "xlsx", data, path)
    assert checked.rejected == {ENHET: 1}


@pytest.mark.parametrize(
    ("path", "formula"),
    [
        pytest.param((DRIFT_FLIK, "Verksamhetens kostnader", "budget"), "=B3+B4", id="sum-row"),
        pytest.param((DRIFT_FLIK, "Årets resultat", "prognos"), "=SUM(C2:C4)", id="resultat"),
        pytest.param((DRIFT_FLIK, "Personalkostnader", "avvikelse"), "=C3-B3", id="avv-column"),
        pytest.param((DRIFT_FLIK, "Lokalhyror", "diff"), "=E4-F4", id="diff-column"),
        pytest.param((INV_FLIK, "Totala utgifter", "budget"), "=B2", id="totala-utgifter"),
        pytest.param((INV_FLIK, "Reinvestering", "summa", "budget"), "=SUM(B3:B3)", id="category"),
    ],
)
def test_formula_without_value_in_a_sum_is_only_a_warning(tmp_path: Path, path: Path_, formula: str) -> None:
    data = put(full_unit(), path, formula)
    checked = check_one(tmp_path, data, "xlsx")
    issue = the_issue(checked, "excel.summor_ej_beraknade")
    assert issue.severity is Severity.WARNING
    assert issue.source.file == f"{ENHET}.xlsx"
    flik, cell = excel_cell(data, path)
    assert cell in issue.message
    assert flik in issue.message or issue.source.flik == flik
    assert not [i for i in checked.issues if i.is_error]
    assert checked.rejected == {}
    assert checked.units[0].tables["drift"].row("kostnader")["budget"] == -40500


def test_formula_without_value_in_json_is_not_a_number(tmp_path: Path) -> None:
    data = put(full_unit(), (DRIFT_FLIK, "Personalkostnader", "budget"), "=-2000-500")
    issue = the_issue(check_one(tmp_path, data, "json"), "modell.value_error")
    assert "=-2000-500" in issue.message


# --- flikar ------------------------------------------------------------------------------------


@pytest.mark.parametrize("flik", TABLE_FLIKS)
def test_missing_table_flik_is_an_error_naming_it(tmp_path: Path, flik: str) -> None:
    checked = check_one(tmp_path, full_unit(), "xlsx", omit=[flik])
    issue = the_issue(checked, "excel.flik_saknas")
    assert issue.is_error
    assert f"”{flik}”" in issue.message
    assert issue.source.file == f"{ENHET}.xlsx"
    assert issue.ansvar == ENHET
    assert checked.rejected == {ENHET: 1}


@pytest.mark.parametrize("flik", TABLE_FLIKS)
def test_missing_table_flik_in_json_is_an_error_too(tmp_path: Path, flik: str) -> None:
    data = full_unit()
    del data[flik]
    issue = the_issue(check_one(tmp_path, data, "json"), "json.flik_saknas")
    assert f"”{flik}” saknas" in issue.message
    assert (issue.source.json_path, issue.ansvar) == ("$", ENHET)


def test_missing_uppgifter_flik_is_an_error(tmp_path: Path) -> None:
    checked = check_one(tmp_path, full_unit(), "xlsx", omit=["Uppgifter"])
    assert "excel.flik_saknas" in codes(checked)
    assert any("”Uppgifter”" in i.message for i in checked.issues if i.code == "excel.flik_saknas")
    assert checked.units == []


@pytest.mark.parametrize("flik", ["Texter", "Mål", "Uppdrag", "Internkontroll", "Arbetsmiljö", "Sjukfrånvaro"])
def test_text_flikar_may_be_missing(tmp_path: Path, flik: str) -> None:
    checked = check_one(tmp_path, full_unit(), "xlsx", omit=[flik])
    assert problems(checked) == []


@pytest.mark.parametrize(
    "rename",
    [
        {DRIFT_FLIK: "8 RR Skattefin övriga - delår"},
        {DRIFT_FLIK: "8 rr skattefin övriga – delår"},
        {DRIFT_FLIK: "8 RR  skattefin  övriga delår "},
        {INV_FLIK: "8 Inv Skattefin Övriga - Delår", FORUTB_FLIK: "8 förutb skattefin alla – delår"},
        {"Uppgifter": "uppgifter"},
    ],
)
def test_loosely_named_flikar_are_found(tmp_path: Path, rename: dict[str, str]) -> None:
    checked = check_one(tmp_path, full_unit(), "xlsx", rename=rename)
    assert problems(checked) == []
    [figures] = checked.units
    assert figures.tables["drift"].row("personal") == VALID_DRIFT["Personalkostnader"]
    assert [p.name for p in figures.tables["investeringar"].projects["reinvestering"]] == ["Larm"]


def test_issue_on_a_loosely_named_flik_points_at_the_flik_as_named(tmp_path: Path) -> None:
    data = full_unit(drift=drift_with(Personalkostnader={"budget": 38500}))
    checked = check_one(tmp_path, data, "xlsx", rename={DRIFT_FLIK: "8 RR Skattefin övriga - delår"})
    issue = the_issue(checked, "belopp.tecken")
    assert (issue.source.flik, issue.source.cell) == ("8 RR Skattefin övriga - delår", "B3")


def test_json_keys_are_matched_loosely_and_issues_use_the_key_as_written(tmp_path: Path) -> None:
    data = {
        "uppgifter": {"ansvar": ENHET, "år": 2022},
        "8 RR Skattefin övriga - delår": {"personalkostnader": {"budget": 38500}},
        INV_FLIK: {},
        FORUTB_FLIK: {},
    }
    org = write_org(tmp_path, SMALL_ORG)
    checked = run_check(org, write_json_input(tmp_path, data, name=f"{ENHET}.json"))
    issue = the_issue(checked, "belopp.tecken")
    assert issue.source.json_path == '$["8 RR Skattefin övriga - delår"]["personalkostnader"]["budget"]'


def test_unknown_row_in_a_table(tmp_path: Path, form: str) -> None:
    data = full_unit(drift=drift_with(Personalkostnad={"budget": -1}))
    checked = check_one(tmp_path, data, form)
    if form == "xlsx":
        issue = the_issue(checked, "excel.okand_rad")
        assert (issue.source.flik, issue.source.cell) == (DRIFT_FLIK, "A5")
        assert "Personalkostnader" in issue.message  # the rows it could be
    else:
        issue = the_issue(checked, "modell.extra_forbidden")
        assert issue.source.json_path == f'$["{DRIFT_FLIK}"]["Personalkostnad"]'
    assert "”Personalkostnad”" in issue.message


def test_workbook_of_another_year(tmp_path: Path) -> None:
    checked = check_one(tmp_path, full_unit(), "xlsx", year=2021)
    wrong = [i for i in checked.issues if i.code == "excel.fel_ar"]
    assert wrong and all(i.is_error for i in wrong)
    budget = next(i for i in wrong if i.source.flik == DRIFT_FLIK and i.source.cell == "B1")
    assert "Budget 2021" in budget.message and "Budget 2022" in budget.message


@pytest.mark.parametrize("year", [2021, 2023])
def test_uppgifter_of_another_year(tmp_path: Path, form: str, year: int) -> None:
    data = full_unit()
    data["Uppgifter"]["år"] = year
    issue = the_issue(check_one(tmp_path, data, form), "uppgifter.ar")
    assert str(year) in issue.message and "2022" in issue.message
    if form == "xlsx":
        assert (issue.source.flik, issue.source.cell) == ("Uppgifter", "B3")
    else:
        assert issue.source.json_path == '$["Uppgifter"]["år"]'


# --- the organisation and coverage --------------------------------------------------------------


def test_unknown_ansvar(tmp_path: Path, form: str) -> None:
    data = full_unit()
    data["Uppgifter"]["ansvar"] = "99999"
    org = write_org(tmp_path, SMALL_ORG)
    checked = run_check(org, write_input(tmp_path, data, form, name=f"{ENHET}.{form}"))
    issue = the_issue(checked, "ansvar.okant")
    assert issue.is_error and issue.ansvar == "99999"
    assert "99999" in issue.message
    if form == "xlsx":
        assert (issue.source.flik, issue.source.cell) == ("Uppgifter", "B1")
    else:
        assert issue.source.json_path == '$["Uppgifter"]["ansvar"]'


def test_leaf_without_input_is_an_error_and_a_parent_without_own_input_a_warning(tmp_path: Path, form: str) -> None:
    org = write_org(
        tmp_path,
        [*SMALL_ORG, ("81912", "Hemtjänst Söder", "enhet", "8")],
    )
    checked = run_check(org, write_input(tmp_path, full_unit(), form))
    missing = the_issue(checked, "indata.saknas")
    assert missing.is_error
    assert missing.ansvar == "81912"
    assert "81912" in missing.message and "Hemtjänst Söder" in missing.message
    assert missing.source.file == "organisation.json"
    assert missing.source.json_path == "$.noder[3]"
    parent = the_issue(checked, "indata.saknas_egna")
    assert parent.severity is Severity.WARNING and parent.ansvar == "8"
    assert checked.rejected == {"81912": 1}


def test_the_kommun_needs_no_input(tmp_path: Path) -> None:
    checked = check_one(tmp_path, full_unit(), "json")
    assert not [i for i in checked.issues if i.ansvar == "1"]


def test_the_same_input_given_twice_is_one_unit(tmp_path: Path) -> None:
    """Two files of one ansvar are combined cell by cell (bokslut.combine): agreeing is fine."""
    org = write_org(tmp_path, SMALL_ORG)
    first = write_input(tmp_path, full_unit(), "xlsx")
    second = write_input(tmp_path, full_unit(), "json")
    checked = run_check(org, first, second)
    assert problems(checked) == []
    [data] = checked.units
    assert data.files == (first.name, second.name)


def test_two_files_giving_different_figures_is_an_error_at_both(tmp_path: Path) -> None:
    org = write_org(tmp_path, SMALL_ORG)
    first = write_input(tmp_path, full_unit(), "xlsx")
    changed = full_unit()
    changed[DRIFT_FLIK]["Personalkostnader"]["budget"] = -38000
    second = write_input(tmp_path, changed, "json")
    checked = run_check(org, first, second)
    found = [i for i in checked.issues if i.is_error]
    assert [i.code for i in found] == ["indata.olika_varden"] * 2
    assert {(i.source.file, i.source.cell or i.source.json_path) for i in found} == {
        (first.name, table_cell(full_unit(), DRIFT_FLIK, "Personalkostnader", "budget")),
        (second.name, f'$["{DRIFT_FLIK}"]["Personalkostnader"]["budget"]'),
    }
    assert all(i.ansvar == ENHET for i in found)


# --- signals -----------------------------------------------------------------------------------

SIGNAL_CASES = [
    # flik, its items, the column letter of Bedömning in the workbook, labels the message must offer
    pytest.param(
        "Mål",
        [{"nr": "1", "nämndens_mål": "God vård", "bedömning": "Delvis uppfyld"}],
        "E",
        ["”Delvis uppfyld”", "”Delvis uppfyllt”", "”Helt uppfyllt”", "”Ej utvärderad”"],
        id="goal",
    ),
    pytest.param(
        "Uppdrag",
        [{"nr": "1", "uppdrag": "Utred", "bedömning": "Helt uppfyllt"}],
        "D",
        ["”Påbörjad”", "”Färdig”", "”Försenad”"],
        id="an-enhets-uppdrag-has-a-status-not-a-bedomning",
    ),
    pytest.param(
        "Internkontroll",
        [{"vad": "Attest", "bedömning": "OK"}],
        "D",
        ["”Genomförd med anmärkning”", "”Genomförd utan anmärkning/med försumbar anmärkning”"],
        id="control",
    ),
]


@pytest.mark.parametrize(("flik", "items", "column", "labels"), SIGNAL_CASES)
def test_signal_not_in_the_set(
    tmp_path: Path, form: str, flik: str, items: list[dict[str, str]], column: str, labels: list[str]
) -> None:
    data = full_unit(**{flik: items})
    checked = check_one(tmp_path, data, form)
    issue = the_issue(checked, "signal.okand")
    assert issue.is_error and issue.ansvar == ENHET
    for label in labels:
        assert label in issue.message
    if form == "xlsx":
        assert (issue.source.flik, issue.source.cell) == (flik, f"{column}2")
    else:
        assert issue.source.json_path == f'$["{flik}"][0]["bedömning"]'


@pytest.mark.parametrize("written", ["Delvis uppfyllt", "delvis uppfyllt", "DELVIS UPPFYLLT ", "delvis_uppfyllt", ""])
def test_signal_written_as_label_or_key_is_accepted(tmp_path: Path, form: str, written: str) -> None:
    data = full_unit(Mål=[{"nr": "1", "nämndens_mål": "God vård", "bedömning": written}])
    assert problems(check_one(tmp_path, data, form)) == []


# --- every problem at once ----------------------------------------------------------------------


def test_all_problems_are_reported_at_once(tmp_path: Path, form: str) -> None:
    data = full_unit(
        drift=drift_with(
            Personalkostnader={"budget": 38500, "prognos": -39700},  # sign
            Lokalhyror={"budget": -2000, "prognos": "ca 2 000"},  # not a number
        ),
        Mål=[{"nr": "1", "nämndens_mål": "God vård", "bedömning": "Grön"}],  # signal
    )
    checked = check_one(tmp_path, data, form)
    errors = [i for i in checked.issues if i.is_error]
    assert sorted(i.code for i in errors) == ["belopp.tecken", "modell.value_error", "signal.okand"]
    assert len({str(i.source) for i in errors}) == 3
    assert checked.rejected == {ENHET: 3}


def test_read_and_check_problems_are_reported_together(tmp_path: Path) -> None:
    data = full_unit(
        drift=drift_with(
            Personalkostnader={"budget": 38500, "prognos": -39700},
            Lokalhyror={"budget": "=-1000-1000", "prognos": -2000},
        ),
        Uppdrag=[{"nr": "1", "uppdrag": "Utred", "bedömning": "Klart"}],
    )
    checked = check_one(tmp_path, data, "xlsx")
    errors = sorted((i.code, i.source.flik, i.source.cell) for i in checked.issues if i.is_error)
    assert errors == [
        ("belopp.tecken", DRIFT_FLIK, "B3"),
        ("excel.formel_utan_varde", DRIFT_FLIK, "B4"),
        ("signal.okand", "Uppdrag", "D2"),
    ]


def test_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    org = write_org(tmp_path, [*SMALL_ORG, ("81912", "Hemtjänst Söder", "enhet", "8")])
    north = write_input(tmp_path, full_unit(drift=drift_with(Personalkostnader={"budget": 1})), "xlsx")
    south = unit("81912", drift=drift_with(Lokalhyror={"budget": "abc"}))
    checked = run_check(org, north, write_input(tmp_path, south, "json"))
    assert sorted((i.ansvar, i.code) for i in checked.issues if i.is_error) == [
        ("81911", "belopp.tecken"),
        ("81912", "modell.value_error"),
    ]


# --- messages are Swedish ----------------------------------------------------------------------

ENGLISH = re.compile(
    r"\b(input|should|field|required|valid|value|error|must|expected|got|missing|unknown|invalid|number|string)\b",
    re.IGNORECASE,
)


def assert_swedish(issues: Sequence[Issue]) -> None:
    assert issues
    for issue in issues:
        assert not ENGLISH.search(issue.message), f"English in {issue.code}: {issue.message}"
        assert issue.message[:1].isupper() or issue.message[:1] in '”"', issue.message
        assert issue.message.rstrip().endswith((".", ")")), issue.message


SWEDISH_CASES = [
    pytest.param({"Uppgifter": {"ansvar": ENHET, "år": "tjugo"}}, id="year-text"),
    pytest.param({"Uppgifter": {"namn": "Ingen kod"}}, id="no-ansvar"),
    pytest.param({"8 RR skattefin övriga delår": {}}, id="no-uppgifter"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, "Okänd flik": {}}, id="unknown-flik"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, DRIFT_FLIK: [1, 2]}, id="table-as-list"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, DRIFT_FLIK: {"Lokalhyror": -5}}, id="row-as-number"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, DRIFT_FLIK: {"Lokalhyror": {"budget": True}}}, id="amount-bool"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, DRIFT_FLIK: {"Lokalhyror": {"budgett": -5}}}, id="unknown-column"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, "Mål": {"1": "x"}}, id="goals-as-object"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, "Mål": ["x"]}, id="goal-as-text"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, "Mål": [{"bedömning": "Helt uppfyllt"}]}, id="goal-without-name"),
    pytest.param(
        {"Uppgifter": {"ansvar": ENHET}, INV_FLIK: {"Reinvestering": {"projekt": {"namn": "x"}}}},
        id="projects-as-object",
    ),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, "Texter": ["a"]}, id="texts-as-list"),
    pytest.param({"Uppgifter": {"ansvar": ENHET}, "Sjukfrånvaro": {"Kvinnor": {"år": "sju"}}}, id="sick-leave-text"),
    pytest.param({"Uppgifter": {"ansvar": ENHET, "år": 2022.5}}, id="year-with-decimals"),
]


@pytest.mark.parametrize("data", SWEDISH_CASES)
def test_messages_for_malformed_json_are_swedish(tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / f"{ENHET}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    checked = run_check(write_org(tmp_path, SMALL_ORG), path)
    assert_swedish([i for i in checked.issues if i.is_error])


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_number_gets_a_swedish_message(tmp_path: Path, literal: str) -> None:
    path = tmp_path / f"{ENHET}.json"
    path.write_text(
        '{"Uppgifter": {"ansvar": "81911", "år": 2022}, "8 RR skattefin övriga delår": '
        f'{{"Lokalhyror": {{"budget": {literal}}}}}, "8 inv skattefin övriga delår": {{}}, '
        '"8 förutb skattefin ALLA delår": {}}',
        "utf-8",
    )
    checked = run_check(write_org(tmp_path, SMALL_ORG), path)
    issues = [i for i in checked.issues if i.is_error]
    assert [i.source.json_path for i in issues] == [f'$["{DRIFT_FLIK}"]["Lokalhyror"]["budget"]']
    assert_swedish(issues)


def test_messages_of_the_rule_checks_are_swedish(tmp_path: Path, form: str) -> None:
    """A spot check over one input that breaks most rules at once."""
    data = full_unit(
        drift=drift_with(
            Personalkostnader={"budget": 38500, "prognos": -39700.5, "avvikelse": 7},
            Lokalhyror={"budget": "ca 500"},
            Verksamhetens_kostnader={"utfall": 1},
        ),
        Mål=[{"nr": "1", "nämndens_mål": "God vård", "bedömning": "Grön"}],
        Internkontroll=[{"vad": "Attest", "bedömning": "Bra"}],
    )
    data["Uppgifter"]["år"] = 2021
    checked = check_one(tmp_path, data, form)
    assert len({i.code for i in checked.issues}) >= 6
    assert_swedish(checked.issues)


# --- edge cases that once failed ---------------------------------------------------------


def test_uppgifter_as_a_list_is_an_issue_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / f"{ENHET}.json"
    path.write_text(json.dumps({"Uppgifter": [ENHET]}), "utf-8")
    checked = run_check(write_org(tmp_path, SMALL_ORG), path)
    assert any(i.is_error and i.source.file == path.name for i in checked.issues)


def test_null_ansvar_is_reported_as_missing(tmp_path: Path) -> None:
    data = full_unit()
    data["Uppgifter"]["ansvar"] = None
    checked = run_check(write_org(tmp_path, SMALL_ORG), write_json_input(tmp_path, data, name=f"{ENHET}.json"))
    assert "ansvar.okant" not in codes(checked)
    assert any(i.is_error and i.source.json_path and "Uppgifter" in i.source.json_path for i in checked.issues)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"Mål": [{"nr": "1", "bedömning": "Helt uppfyllt"}]}, "nämndens_mål"),
        ({INV_FLIK: {"Reinvestering": {"projekt": [{"budget": 100}]}}}, "namn"),
    ],
)
def test_missing_field_is_named(tmp_path: Path, data: dict[str, Any], field: str) -> None:
    full = full_unit()
    full.update(data)
    checked = run_check(write_org(tmp_path, SMALL_ORG), write_json_input(tmp_path, full, name=f"{ENHET}.json"))
    issue = the_issue(checked, "modell.missing")
    assert field in issue.message or field in (issue.source.json_path or "")


def test_sign_message_never_shows_minus_zero(tmp_path: Path, form: str) -> None:
    data = full_unit(drift=drift_with(Verksamhetens_intäkter={"budget": -0.4}, Lokalhyror={"budget": 0.3}))
    checked = check_one(tmp_path, data, form)
    for issue in checked.issues:
        assert not re.search(r"(?<![\d\u00a0,])-0(?![\d,])", issue.message), issue.message
        assert "men 0 är" not in issue.message, issue.message
