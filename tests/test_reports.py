"""The other three reports: månadsuppföljning, fördjupad månadsuppföljning, årsbokslut.

Inputs written inline as JSON, rendered, and read back as a nämnd would: the title with its month,
the report's own columns, the generated first sentences, and the årsbokslut's prognossäkerhet
computed from the figures.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bokslut.cli import main
from bokslut.domain import ARSBOKSLUT, FORDJUPAD, MANADSUPPFOLJNING, ReportSpec
from bokslut.validate import Checked
from scripts.docx_text import document_text
from tests.conftest import SMALL_ORG, check, render, write_org

NBSP = "\u00a0"
YEAR = 2022


def _write(folder: Path, ansvar: str, fliks: dict[str, Any]) -> Path:
    path = folder / "in" / f"{ansvar}.json"
    path.parent.mkdir(exist_ok=True)
    data = {"Uppgifter": {"ansvar": ansvar, "år": YEAR}, **fliks}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _run(tmp_path: Path, report: ReportSpec, unit: dict[str, Any], month: int | None = None) -> tuple[Checked, str]:
    """The enhet's input, rendered as its own document; the document as text."""
    org = write_org(tmp_path, SMALL_ORG)
    _write(tmp_path, "81911", unit)
    checked = check(org, [tmp_path / "in"], report, YEAR)
    result = render(checked, report, YEAR, tmp_path / "out", month=month, only="81911", today=date(2022, 4, 12))
    assert result.rendered, result.skipped
    return checked, document_text(result.rendered[0][1])


def _errors(checked: Checked) -> list[str]:
    return [str(i) for i in checked.issues if i.is_error]


MONTH_DRIFT = {
    "Verksamhetens intäkter": {"budget": 3150, "prognos": 3300},
    "Personalkostnader": {"budget": -51030, "prognos": -57979},
    "Övriga kostnader": {"budget": -8820, "prognos": -8820},
}


def test_manadsuppfoljning_names_its_month_and_has_budget_and_forecast_only(tmp_path: Path) -> None:
    unit = {
        "1–11 RR skattefin övr jan-nov": MONTH_DRIFT,
        "Texter drift": {"Personalkostnader": {"prognos": "Vikarier under våren.", "prognosförändring": "Ny brukare."}},
        "Texter": {"Inledande sammanfattning": "Underskottet gäller hemtjänsten."},
    }
    checked, text = _run(tmp_path, MANADSUPPFOLJNING, unit, month=3)
    assert not _errors(checked)
    assert "Månadsuppföljning per mars 2022" in text
    assert "| Belopp i tkr | Budget 2022 | Prognos helår 2022 | Avv. prognos/ budget 2022 |" in text
    assert f"| Personalkostnader | -51{NBSP}030 | -57{NBSP}979 | -6{NBSP}949 |" in text
    assert f"Personalkostnaderna prognostiseras avvika negativt med 6,9{NBSP}mkr. Vikarier under våren." in text
    assert "### Prognosförändring\nPersonalkostnader\nNy brukare." in text
    assert f"prognostiserar en negativ avvikelse mot budget med 6,8{NBSP}mkr för helåret." in text
    assert "Övriga kostnader\nIngen avvikelse förväntas." in text
    for absent in ("# Måluppföljning", "## Investeringar", "# Personal", "Delårsbokslut"):
        assert absent not in text


def test_fordjupad_has_investments_and_prepaid_income_with_their_forecast(tmp_path: Path) -> None:
    larm = {"namn": "Trygghetslarm", "budget": 1200, "prognos": 900}
    unit = {
        "1–11 RR skattefin övr jan-nov": MONTH_DRIFT,
        "4 inv skattefin övr apr": {"Reinvestering": {"projekt": [larm]}},
        "4 förutb skattefin ALLA apr": {
            "Inkomster": {"projekt": [{"namn": "Statsbidrag", "budget": 300, "prognos": 450}]}
        },
        "Texter": {"Investeringar – prognos och prognosförändring": "Upphandlingen är försenad."},
    }
    checked, text = _run(tmp_path, FORDJUPAD, unit)
    assert not _errors(checked)
    assert "Fördjupad månadsuppföljning per april 2022" in text
    assert "| Reinvestering | 1\u00a0200 | 900 | 300 |" in text  # investments: budget − prognos
    assert "| Statsbidrag | 300 | 450 | 150 |" in text
    assert (
        f"Investeringsutgifterna prognostiseras till 0,9{NBSP}mkr mot en budget på 1,2{NBSP}mkr, "
        f"0,3{NBSP}mkr mindre än budgeterat. Upphandlingen är försenad."
    ) in text


YEAR_DRIFT = {
    "Verksamhetens intäkter": {"budget": 3150, "utfall": 3420, "utfall_fg": 3010},
    "Personalkostnader": {"budget": -51030, "utfall": -57979, "utfall_fg": -54100},
    "Kommunbidrag": {"budget": 47880, "utfall": 47880, "utfall_fg": 46000},
}


def _year_unit(**extra: Any) -> dict[str, Any]:
    return {
        "12 RR skattefin övriga ÅB": YEAR_DRIFT,
        "12 inv skattefin övr ÅB": {},
        "12 förutb skattefin ALLA ÅB": {},
        **extra,
    }


def test_arsbokslut_reports_the_year_against_budget_and_last_year(tmp_path: Path) -> None:
    checked, text = _run(tmp_path, ARSBOKSLUT, _year_unit())
    assert not _errors(checked)
    assert "Årsbokslut 2022" in text
    header = "| Belopp i tkr | Budget 2022 | Bokslut 2022 | Avv. bokslut/ budget 2022 | Bokslut 2021 | Diff. bokslut 2022/2021 |"
    assert header in text
    assert f"| Personalkostnader | -51{NBSP}030 | -57{NBSP}979 | -6{NBSP}949 | -54{NBSP}100 | -3{NBSP}879 |" in text
    assert f"Personalkostnaderna avviker negativt med 6,9{NBSP}mkr mot budget." in text
    assert f"Personalkostnaderna har ökat med 3,9{NBSP}mkr jämfört med föregående år." in text
    # Årets resultat: budget 0, bokslut 3 420 − 57 979 + 47 880 = −6 679
    assert f"redovisar en negativ avvikelse mot budget med 6,7{NBSP}mkr för året." in text


@pytest.mark.slow
def test_arsbokslut_prognossakerhet_is_computed_from_the_bokslut(tmp_path: Path) -> None:
    forecasts = {"Fördjupad månadsuppföljning": {"prognos": -4200}, "Delårsbokslut": {"prognos": -7500}}
    checked, text = _run(tmp_path, ARSBOKSLUT, _year_unit(**{"12 prognossäkerhet ALLA ÅB": forecasts}))
    assert not _errors(checked)
    # bokslut Årets resultat −6 679: deviation = bokslut − prognos
    assert f"| Fördjupad månadsuppföljning | -4{NBSP}200 | -2{NBSP}479 |" in text
    assert f"| Delårsbokslut | -7{NBSP}500 | 821 |" in text
    assert f"| Bokslut 2022 | -6{NBSP}679 |  |" in text
    assert (
        f"Årets resultat blev 2,5{NBSP}mkr sämre än prognosen i den fördjupade månadsuppföljningen och "
        f"0,8{NBSP}mkr bättre än prognosen i delårsbokslutet."
    ) in text


def test_arsbokslut_typed_deviation_from_bokslut_is_checked(tmp_path: Path) -> None:
    forecasts = {"Delårsbokslut": {"prognos": -7500, "avvikelse": 500}}
    org = write_org(tmp_path, SMALL_ORG)
    path = _write(tmp_path, "81911", _year_unit(**{"12 prognossäkerhet ALLA ÅB": forecasts}))
    checked = check(org, [path], ARSBOKSLUT, YEAR)
    issue = next(i for i in checked.issues if i.code == "summa.stammer_inte")
    assert issue.source.json_path == '$["12 prognossäkerhet ALLA ÅB"]["Delårsbokslut"]["avvikelse"]'
    assert "500" in issue.message and "821" in issue.message


@pytest.mark.slow
def test_arsbokslut_personnel_tables(tmp_path: Path) -> None:
    stats = {
        "Personalstatistik": {
            "Antal tillsvidareanställda": {"fg": 112, "år": 118},
            "Medelålder, år": {"fg": 44.2, "år": 43.9},
        },
        "Arbetsskador och tillbud": {"Tillbud": {"fg": 31, "år": 24}},
        "Sjukfrånvaro": {"Total sjukfrånvaro": {"fg": 8.7, "år": 8.2}},
    }
    org = write_org(tmp_path, SMALL_ORG)
    _write(tmp_path, "81911", _year_unit(**stats))
    checked = check(org, [tmp_path / "in"], ARSBOKSLUT, YEAR)
    result = render(checked, ARSBOKSLUT, YEAR, tmp_path / "out", only="81911", today=date(2023, 2, 9))
    text = document_text(result.rendered[0][1])
    assert "| Antal tillsvidareanställda | 112 | 118 | +6 |" in text
    assert "| Medelålder, år | 44,2 | 43,9 | -0,3 |" in text
    assert "| Tillbud | 31 | 24 | -7 |" in text
    assert "| Total sjukfrånvaro | 8,7 | 8,2 | -0,5 |" in text
    assert (
        text.index("## Personalstatistik") < text.index("## Arbetsskador och tillbud") < text.index("## Sjukfrånvaro")
    )


def test_a_report_and_month_that_do_not_fit_is_a_usage_error(tmp_path: Path) -> None:
    org = write_org(tmp_path, SMALL_ORG)
    args = ["render", "manadsuppfoljning", "--org", str(org), "--år", "2022", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--månad", "12"])
    assert result.exit_code == 2
    assert "Månadsuppföljning görs inte per december" in result.output
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "Ange --månad" in result.output
    result = CliRunner().invoke(main, ["render", "arsbokslut", "--månad", "8", *args[2:]])
    assert result.exit_code == 2 and "Årsbokslut görs inte per augusti" in result.output


def test_arsbokslut_input_with_a_delar_flik_says_which_report_it_belongs_to(tmp_path: Path) -> None:
    org = write_org(tmp_path, SMALL_ORG)
    path = _write(tmp_path, "81911", {**_year_unit(), "8 RR skattefin övriga delår": {}})
    checked = check(org, [path], ARSBOKSLUT, YEAR)
    messages = [i.message for i in checked.issues if i.is_error]
    assert any("”8 RR skattefin övriga delår” hör till delårsbokslutet, inte till årsbokslutet" in m for m in messages)


@pytest.mark.parametrize("report", [MANADSUPPFOLJNING, FORDJUPAD, ARSBOKSLUT])
def test_each_report_has_a_json_schema(report: ReportSpec) -> None:
    result = CliRunner().invoke(main, ["schema", report.key])
    assert result.exit_code == 0
    assert set(report.table_fliks.values()) <= set(json.loads(result.output)["properties"])


@pytest.mark.parametrize("report", [MANADSUPPFOLJNING, FORDJUPAD, ARSBOKSLUT], ids=lambda r: r.key)
def test_each_report_reports_bad_figures_at_their_place(tmp_path: Path, report: ReportSpec) -> None:
    """The rules are the same in every report: a cost without minus sign, a wrong typed sum."""
    drift_flik = report.table_fliks["drift"]
    value_key = "utfall" if report.final else "prognos"
    unit: dict[str, Any] = {flik: {} for flik in report.table_fliks.values()}
    unit[drift_flik] = {
        "Personalkostnader": {"budget": 51030, value_key: -52000},
        "Verksamhetens kostnader": {"budget": -50000},
    }
    org = write_org(tmp_path, SMALL_ORG)
    checked = check(org, [_write(tmp_path, "81911", unit)], report, YEAR)
    found = {(i.code, i.source.json_path) for i in checked.issues if i.is_error}
    assert found == {
        ("belopp.tecken", f'$["{drift_flik}"]["Personalkostnader"]["budget"]'),
        ("summa.stammer_inte", f'$["{drift_flik}"]["Verksamhetens kostnader"]["budget"]'),
    }


def test_arsbokslut_goal_with_a_signal_outside_the_set(tmp_path: Path) -> None:
    org = write_org(tmp_path, SMALL_ORG)
    path = _write(tmp_path, "81911", _year_unit(**{"Mål": [{"nämndens_mål": "Nöjda brukare", "bedömning": "Grön"}]}))
    issue = next(i for i in check(org, [path], ARSBOKSLUT, YEAR).issues if i.is_error)
    assert (issue.code, issue.source.json_path) == ("signal.okand", '$["Mål"][0]["bedömning"]')
