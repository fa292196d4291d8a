"""The broken examples: copies of one enhet's input, each with exactly one thing changed, and the
README that lists them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from .files import save_json, save_workbook
from .format import (
    COST_ROWS,
    DRIFT_ROWS,
    FLIK_DRIFT,
    FLIK_INV,
    FLIK_MAL,
    FLIK_UPPGIFTER,
    INTAKTER,
    KOSTNADER,
    LOKALHYROR,
    OVRIGA,
    PERSONAL,
    drift_row,
)
from .organisation import NAMND
from .settings import BROKEN_DIR, EXAMPLES, YEAR
from .workbook import build_workbook

BROKEN_BASE = "81911"  # Hemtjänst Norr


@dataclass(frozen=True)
class BrokenCase:
    file: str
    where: str
    what: str
    valid: bool = False


def write_broken(base: dict[str, Any]) -> list[BrokenCase]:
    """One copy of the base enhet per validation case, each with exactly one thing changed."""
    cases: list[BrokenCase] = []
    drift = base[FLIK_DRIFT]

    def excel(name: str, where: str, what: str, change: Any, valid: bool = False) -> None:
        wb = build_workbook(base)
        change(wb)
        save_workbook(wb, BROKEN_DIR / name)
        cases.append(BrokenCase(name, where, what, valid))

    personal_budget = drift[PERSONAL]["budget"]
    r = drift_row(PERSONAL)
    excel(
        "kostnad-utan-minustecken.xlsx",
        f"{FLIK_DRIFT} › B{r}",
        f"Personalkostnader, Budget {YEAR}, står som {-personal_budget} (positivt) i stället för "
        f"{personal_budget}: en kostnad ska ha minustecken.",
        lambda wb: wb[FLIK_DRIFT].__setitem__(f"B{r}", -personal_budget),
    )

    prognos = drift[PERSONAL]["prognos"]
    excel(
        "decimaler.xlsx",
        f"{FLIK_DRIFT} › C{r}",
        f"Personalkostnader, Prognos helår {YEAR}, har decimaler: {prognos - 0.6} i stället för ett helt antal tkr "
        "(indata.md: belopp i tkr utan decimaler; rapporteras som fel eller varning).",
        lambda wb: wb[FLIK_DRIFT].__setitem__(f"C{r}", prognos - 0.6),
    )

    k = drift_row(KOSTNADER)
    right = sum(drift[row]["budget"] for row in COST_ROWS)
    wrong = right - 1000
    excel(
        "summa-stammer-inte.xlsx",
        f"{FLIK_DRIFT} › B{k}",
        f"Verksamhetens kostnader, Budget {YEAR}, är inskrivet som talet {wrong} i stället för formeln "
        f"=SUM(B{drift_row(PERSONAL)}:B{drift_row(OVRIGA)}); raderna summerar till {right}.",
        lambda wb: wb[FLIK_DRIFT].__setitem__(f"B{k}", wrong),
    )

    lok = drift_row(LOKALHYROR)
    intakt = drift_row(INTAKTER)
    lok_text = swedish_text_number(drift[LOKALHYROR]["budget"], decimals=False)
    int_text = swedish_text_number(drift[INTAKTER]["budget"], decimals=True)

    def as_text(wb: Workbook) -> None:
        wb[FLIK_DRIFT][f"B{lok}"] = lok_text
        wb[FLIK_DRIFT][f"B{intakt}"] = int_text

    excel(
        "text-som-tal.xlsx",
        f"{FLIK_DRIFT} › B{lok} och B{intakt}",
        f'Tal inskrivna som text i svensk form: Lokalhyror budget "{lok_text}" och Verksamhetens intäkter '
        f'budget "{int_text}". Samma värden som i 81911.xlsx.',
        as_text,
        valid=True,
    )

    lok_prognos = drift[LOKALHYROR]["prognos"]
    whole = -lok_prognos // 500 * 500  # split the amount as someone adding two invoices would
    formula = f"=-{whole}-{-lok_prognos - whole}"
    excel(
        "formel-utan-varde.xlsx",
        f"{FLIK_DRIFT} › C{lok}",
        f"Lokalhyror, Prognos helår {YEAR}, är en inmatningscell med formeln {formula} (= {lok_prognos}). "
        "Filen är sparad av openpyxl, som inte sparar något beräknat värde, så värdet går inte att läsa.",
        lambda wb: wb[FLIK_DRIFT].__setitem__(f"C{lok}", formula),
    )

    excel(
        "flik-saknas.xlsx",
        f"fliken {FLIK_INV}",
        f"Fliken ”{FLIK_INV}” är borttagen (en av de tre tabellflikarna, som måste finnas).",
        lambda wb: wb.remove(wb[FLIK_INV]),
    )

    sloppy = "8 RR Skattefin övriga - delår"

    def rename(wb: Workbook) -> None:
        wb[FLIK_DRIFT].title = sloppy

    excel(
        "flik-namn-slarvigt.xlsx",
        f"fliken {sloppy}",
        f"Driftfliken heter ”{sloppy}” i stället för ”{FLIK_DRIFT}”: versaler och bindestreck ska matchas "
        "löst, så filen ska godtas.",
        rename,
        valid=True,
    )

    excel(
        "okant-ansvar.xlsx",
        f"{FLIK_UPPGIFTER} › B1",
        "Ansvar är ”99999”, som inte finns i organisationen.",
        lambda wb: wb[FLIK_UPPGIFTER].__setitem__("B1", "99999"),
    )

    excel(
        "fel-signal.xlsx",
        f"{FLIK_MAL} › E2",
        "Bedömningen för mål 1 är ”Grön”, som inte är en signal i bokslut/data/signaler.toml "
        "(för enheter får den vara tom; annars t.ex. ”Delvis uppfyllt”).",
        lambda wb: wb[FLIK_MAL].__setitem__("E2", "Grön"),
    )

    excel(
        "text-i-beloppscell.xlsx",
        f"{FLIK_DRIFT} › C{intakt}",
        f"Verksamhetens intäkter, Prognos helår {YEAR}, innehåller texten ”ca 500” i stället för ett tal.",
        lambda wb: wb[FLIK_DRIFT].__setitem__(f"C{intakt}", "ca 500"),
    )

    bad = json.loads(json.dumps(base))
    bad[FLIK_MAL][0]["bedömning"] = "Grön"
    save_json(bad, BROKEN_DIR / "fel-signal.json")
    cases.append(
        BrokenCase(
            "fel-signal.json",
            f'$["{FLIK_MAL}"][0]["bedömning"]',
            "Bedömningen för mål 1 är ”Grön”, som inte är en signal i bokslut/data/signaler.toml.",
        )
    )

    bad = json.loads(json.dumps(base))
    bad[FLIK_DRIFT][PERSONAL]["budget"] = -personal_budget
    save_json(bad, BROKEN_DIR / "kostnad-utan-minustecken.json")
    cases.append(
        BrokenCase(
            "kostnad-utan-minustecken.json",
            f'$["{FLIK_DRIFT}"]["{PERSONAL}"]["budget"]',
            f"Personalkostnader budget är {-personal_budget} (positivt) i stället för {personal_budget}.",
        )
    )

    write_broken_readme(base, cases)
    return cases


def swedish_text_number(value: int, decimals: bool) -> str:
    """An integer as people type it in Swedish: "-1 234" or "1 234,0" (ordinary spaces)."""
    digits = f"{abs(value):,}".replace(",", " ")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits},0" if decimals else f"{sign}{digits}"


def write_broken_readme(base: dict[str, Any], cases: list[BrokenCase]) -> None:
    u = base[FLIK_UPPGIFTER]
    lines = [
        "# Trasiga exempel",
        "",
        f"Varje fil är en kopia av enhet {u['ansvar']} {u['namn']} "
        f"(`delarsbokslut-2022/excel/{u['ansvar']}.xlsx` eller `delarsbokslut-2022/json/{u['ansvar']}.json`) "
        "med exakt en sak ändrad. Filerna genereras av `scripts/examples` (make examples).",
        "",
        f"Rader i fliken `{FLIK_DRIFT}`: rad 3 är rubrikraden (`Belopp i tkr`), därefter "
        + ", ".join(f"{drift_row(r)} {r}" for r in DRIFT_ROWS)
        + ". Kolumner: B Budget, C Prognos helår, D Avv., E Delårsbokslut 2022, F Delårsbokslut 2021, G Diff.",
        "",
        "Två filer är **giltiga med avsikt** (markerade nedan): de visar att tal skrivna som text och slarvigt "
        "skrivna fliknamn godtas.",
        "",
        "`organisation.json` här är en liten organisation med bara nämnden och enheten, så att en fil kan "
        "kontrolleras för sig utan att alla andra enheter saknas:",
        "",
        "```sh",
        "bokslut validate delarsbokslut --org examples/broken/organisation.json --år 2022 "
        "examples/broken/kostnad-utan-minustecken.xlsx",
        "```",
        "",
        "| fil | var | vad är fel | väntat |",
        "|---|---|---|---|",
    ]
    for case in cases:
        expected = "**giltig** (ska godtas utan fel)" if case.valid else "rapporteras"
        lines.append(f"| `{case.file}` | {case.where} | {case.what} | {expected} |")
    lines += [
        "",
        "Observera: arbetsböckerna här är sparade av openpyxl, som inte räknar. Summarader och Avv./Diff. är "
        "formler utan sparade värden; det ger en varning (bokslut räknar summorna själv). I "
        "`formel-utan-varde.xlsx` är det däremot en inmatningscell som är en formel, och det värdet kan inte läsas.",
        "",
    ]
    (BROKEN_DIR / "README.md").write_text("\n".join(lines), encoding="utf-8")
    org = json.loads((EXAMPLES / "organisation.json").read_text("utf-8"))
    keep = {n["ansvar"] for n in org["noder"] if n["nivå"] == "kommun"} | {NAMND, u["ansvar"]}
    nodes = [
        dict(n, överordnad=n["överordnad"] if n["nivå"] != "enhet" else "8")
        for n in org["noder"]
        if n["ansvar"] in keep
    ]
    save_json({"kommun": org["kommun"], "noder": nodes}, BROKEN_DIR / "organisation.json")
