#!/usr/bin/env python3
"""Generate the example input data for bokslut: Lerviks kommun, delårsbokslut per augusti 2022.

Writes, under examples/:

* organisation.json and organisation.xlsx (the same tree in both forms);
* delarsbokslut-2022/excel/<ansvar>.xlsx and delarsbokslut-2022/json/<ansvar>.json for every
  node below the kommun, with the same content (the JSON is built first and the workbook is
  written from it);
* delarsbokslut-2022/ekonomisystem/drift-export.xlsx, the drift of every node as one flat sheet;
* broken/, one copy of enhet 81911 per validation case, and broken/README.md.

The format follows docs/indata.md. Everything is deterministic: the only variation comes from a
random generator with a fixed seed, and the .xlsx files are written with fixed timestamps so that
running the script twice gives byte-identical files. After writing, the script reads everything
back and checks that Excel and JSON agree, that the workbook formulas add up, and that the flat
export holds the same drift figures.

Run from the project root:  .venv/bin/python scripts/make_examples.py
"""

from __future__ import annotations

import io
import json
import math
import random
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RUN_DIR = EXAMPLES / "delarsbokslut-2022"
BROKEN_DIR = EXAMPLES / "broken"

YEAR = 2022
KOMMUN = "Lerviks kommun"
SEED = 20220831

# --- the format (docs/indata.md) -----------------------------------------------------------

FLIK_UPPGIFTER = "Uppgifter"
FLIK_DRIFT = "8 RR skattefin övriga delår"
FLIK_INV = "8 inv skattefin övriga delår"
FLIK_FORUTB = "8 förutb skattefin ALLA delår"
FLIK_TEXTER = "Texter"
FLIK_TEXTER_DRIFT = "Texter drift"
FLIK_MAL = "Mål"
FLIK_NYCKELTAL = "Nyckeltal"
FLIK_UPPDRAG = "Uppdrag"
FLIK_INTERNKONTROLL = "Internkontroll"
FLIK_ARBETSMILJO = "Arbetsmiljö"
FLIK_SJUKFRANVARO = "Sjukfrånvaro"

AMOUNT_HEADER = (
    "Belopp i tkr",
    f"Budget {YEAR}",
    f"Prognos helår {YEAR}",
    f"Avv. prognos/budget {YEAR}",
    f"Delårsbokslut {YEAR}",
    f"Delårsbokslut {YEAR - 1}",
    f"Diff. utfall {YEAR - 1}/{YEAR}",
)
AMOUNT_KEYS = ("budget", "prognos", "utfall", "utfall_fg")
# Column letter of each amount key, and of the two computed columns.
COL = {"budget": "B", "prognos": "C", "avvikelse": "D", "utfall": "E", "utfall_fg": "F", "diff": "G"}

INTAKTER = "Verksamhetens intäkter"
PERSONAL = "Personalkostnader"
LOKALHYROR = "Lokalhyror"
KOP = "Köp av tjänster"
OVRIGA = "Övriga kostnader"
KOSTNADER = "Verksamhetens kostnader"
NETTO = "Verksamhetens nettokostnader"
KOMMUNBIDRAG = "Kommunbidrag"
FINANSNETTO = "Finansnetto"
RESULTAT = "Årets resultat"
COST_ROWS = (PERSONAL, LOKALHYROR, KOP, OVRIGA)
DRIFT_INPUT = (INTAKTER, *COST_ROWS, KOMMUNBIDRAG, FINANSNETTO)
DRIFT_ROWS = (INTAKTER, *COST_ROWS, KOSTNADER, NETTO, KOMMUNBIDRAG, FINANSNETTO, RESULTAT)

EIRA = (
    "Expansionsinvestering",
    "Expansionsinvestering – Exploatering",
    "Imageinvestering",
    "Reinvestering",
    "Anpassningsinvestering",
)
TOTALA_UTGIFTER = "Totala utgifter"
INKOMSTER = "Inkomster"
VARAV_EXPLOATERING = "– varav exploatering"
TOTALA_INKOMSTER = "Totala inkomster"
PLACEHOLDER = "x"

TEXT_SECTIONS = (
    "Verksamhet",
    "Inledande sammanfattning",
    "Investeringar – prognos och prognosförändring",
    "Investeringar – utfall för perioden",
    "Investeringar – jämförelse mellan åren",
    "Förutbetalda intäkter – prognos och prognosförändring",
    "Förutbetalda intäkter – utfall för perioden",
    "Förutbetalda intäkter – jämförelse mellan åren",
    "Omedelbara åtgärder",
    "Internkontroll",
    "Rekryteringsbehov och kompetensförsörjning",
    "Arbetsmiljö",
    "Sjukfrånvaro",
)
# JSON key → column header of the Texter drift flik.
DRIFT_TEXT_COLUMNS = {
    "prognos": "Prognos",
    "prognosförändring": "Prognosförändring",
    "utfall": "Utfall för perioden",
    "jämförelse": "Jämförelse mellan åren",
}
MAL_COLUMNS = {
    "nr": "Nr",
    "prioriterat_mål": "Prioriterat mål",
    "nämndens_mål": "Nämndens mål",
    "agenda_2030": "Agenda 2030",
    "bedömning": "Bedömning",
    "kommentar": "Kommentar",
}
NYCKELTAL_COLUMNS = {
    "mål_nr": "Mål nr",
    "namn": "Nyckeltal",
    "mål": f"Mål {YEAR}",
    "utfall": f"Utfall {YEAR}",
    "utfall_fg": f"Utfall {YEAR - 1}",
    "utfall_fg2": f"Utfall {YEAR - 2}",
}
UPPDRAG_COLUMNS = {"nr": "Nr", "uppdrag": "Uppdrag", "redogörelse": "Redogörelse", "bedömning": "Bedömning"}
INTERNKONTROLL_COLUMNS = {
    "vad": "Vad kontrolleras?",
    "frekvens": "Frekvens",
    "metod": "Metod",
    "bedömning": "Bedömning",
    "resultat": "Resultat",
    "åtgärd": "Åtgärd",
}
ARBETSMILJO_COLUMNS = {"mål": "Arbetsmiljömål", "nyckeltal": "Nyckeltal", "målvärde": "Målvärde", "nuläge": "Nuläge"}
SICK_ROWS = (
    "Total sjukfrånvaro",
    "Kvinnor",
    "Män",
    "29 år och yngre",
    "30–49 år",
    "50 år och äldre",
    "Dag 1–14",
    "Dag 15–59",
    "Dag 60 och längre",
)

MED_ANM = "Genomförd med anmärkning"
UTAN_ANM = "Genomförd utan anmärkning/med försumbar anmärkning"


# --- numbers and wording helpers -----------------------------------------------------------


def round_half_away(x: float) -> int:
    """Round half away from zero (never banker's rounding)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def round_to(x: float, step: int) -> int:
    return round_half_away(x / step) * step


def mkr(tkr: int) -> str:
    """An amount in tkr as mkr with one decimal and a decimal comma: 6 850 → "6,9 mkr"."""
    tenths = round_half_away(abs(tkr) / 100)
    return f"{tenths // 10},{tenths % 10} mkr"


def pct(x: float) -> str:
    return f"{x:.1f} %".replace(".", ",")


# --- the organisation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    ansvar: str
    namn: str
    nivå: str
    överordnad: str | None
    kind: str = "ledning"  # which figure profile and text set the node uses


NODES: tuple[Node, ...] = (
    Node("1", KOMMUN, "kommun", None),
    Node("8", "Vård- och omsorgsnämnden", "nämnd", "1"),
    Node("81", "Vård- och omsorgsförvaltningen", "förvaltning", "8", "forvaltning"),
    Node("8191", "Avdelning hemtjänst", "avdelning", "81"),
    Node("81911", "Hemtjänst Norr", "enhet", "8191", "hemtjanst"),
    Node("81912", "Hemtjänst Söder", "enhet", "8191", "hemtjanst"),
    Node("81913", "Hemtjänst Centrum", "enhet", "8191", "hemtjanst"),
    Node("81914", "Hemtjänst Väster", "enhet", "8191", "hemtjanst"),
    Node("81915", "Nattpatrullen", "enhet", "8191", "hemtjanst"),
    Node("8192", "Avdelning särskilt boende", "avdelning", "81"),
    Node("81921", "Solgårdens äldreboende", "enhet", "8192", "sabo"),
    Node("81922", "Björkhagens äldreboende", "enhet", "8192", "sabo"),
    Node("81923", "Lindgårdens demensboende", "enhet", "8192", "sabo"),
    Node("81924", "Ängsgårdens äldreboende", "enhet", "8192", "sabo"),
    Node("81925", "Korttidsboendet Strandvillan", "enhet", "8192", "sabo"),
    Node("8193", "Avdelning funktionsstöd", "avdelning", "81"),
    Node("81931", "Daglig verksamhet Verkstan", "enhet", "8193", "daglig"),
    Node("81932", "LSS-boende Ekbacken", "enhet", "8193", "lss"),
    Node("81933", "LSS-boende Tallmon", "enhet", "8193", "lss"),
    Node("81934", "Personlig assistans", "enhet", "8193", "assistans"),
    Node("81935", "Boendestöd socialpsykiatri", "enhet", "8193", "boendestod"),
    Node("8194", "Avdelning hälso- och sjukvård", "avdelning", "81"),
    Node("81941", "Hemsjukvården", "enhet", "8194", "hsl"),
    Node("81942", "Rehabenheten", "enhet", "8194", "rehab"),
    Node("81943", "Demensteamet", "enhet", "8194", "hsl"),
)
BY_ANSVAR = {n.ansvar: n for n in NODES}
NAMND = "8"
BROKEN_BASE = "81911"

SUBJECT = {"nämnd": "Nämnden", "förvaltning": "Förvaltningen", "avdelning": "Avdelningen", "enhet": "Enheten"}


def children(ansvar: str) -> list[Node]:
    return [n for n in NODES if n.överordnad == ansvar]


def subtree(ansvar: str) -> list[Node]:
    out = [BY_ANSVAR[ansvar]]
    for child in children(ansvar):
        out.extend(subtree(child.ansvar))
    return out


def reporting_nodes() -> list[Node]:
    """Every node that hands in a workbook: all but the kommun."""
    return [n for n in NODES if n.nivå != "kommun"]


# --- drift figures -------------------------------------------------------------------------

# Share of the gross cost per kontogrupp, by kind of verksamhet.
PROFILES: dict[str, dict[str, float]] = {
    "hemtjanst": {PERSONAL: 0.81, LOKALHYROR: 0.03, KOP: 0.02, OVRIGA: 0.14},
    "sabo": {PERSONAL: 0.73, LOKALHYROR: 0.17, KOP: 0.03, OVRIGA: 0.07},
    "daglig": {PERSONAL: 0.70, LOKALHYROR: 0.15, KOP: 0.04, OVRIGA: 0.11},
    "lss": {PERSONAL: 0.77, LOKALHYROR: 0.15, KOP: 0.02, OVRIGA: 0.06},
    "assistans": {PERSONAL: 0.91, LOKALHYROR: 0.01, KOP: 0.04, OVRIGA: 0.04},
    "boendestod": {PERSONAL: 0.62, LOKALHYROR: 0.05, KOP: 0.28, OVRIGA: 0.05},
    "hsl": {PERSONAL: 0.84, LOKALHYROR: 0.04, KOP: 0.03, OVRIGA: 0.09},
    "rehab": {PERSONAL: 0.66, LOKALHYROR: 0.04, KOP: 0.02, OVRIGA: 0.28},
    "ledning": {PERSONAL: 0.86, LOKALHYROR: 0.04, KOP: 0.02, OVRIGA: 0.08},
    # The förvaltningskontor: ledning, verksamhetsstöd, biståndshandläggning and köpt verksamhet.
    "forvaltning": {PERSONAL: 0.42, LOKALHYROR: 0.05, KOP: 0.40, OVRIGA: 0.13},
}


@dataclass(frozen=True)
class FigureSpec:
    gross: int  # budgeted gross cost, tkr
    income: float  # Verksamhetens intäkter as a share of the gross cost
    dev: dict[str, int] = field(default_factory=dict)  # prognos − budget per kontogrupp, tkr
    finansnetto: tuple[int, int, int, int] | None = None  # budget, prognos, utfall, utfall_fg


FIGURES: dict[str, FigureSpec] = {
    "81": FigureSpec(
        41_000, 0.30, {INTAKTER: 3_500, PERSONAL: 700, KOP: -4_200, OVRIGA: -300}, (-250, -320, -214, -188)
    ),
    "8191": FigureSpec(5_200, 0.0, {}),
    "81911": FigureSpec(63_000, 0.05, {INTAKTER: 150, PERSONAL: -3_400, OVRIGA: -350}),
    "81912": FigureSpec(58_000, 0.05, {PERSONAL: -1_200}),
    "81913": FigureSpec(74_000, 0.05, {INTAKTER: -200, PERSONAL: 900}),
    "81914": FigureSpec(55_000, 0.04, {PERSONAL: 300, KOP: -600}),
    "81915": FigureSpec(19_000, 0.0, {}),
    "8192": FigureSpec(6_100, 0.0, {PERSONAL: -200}),
    "81921": FigureSpec(87_000, 0.15, {INTAKTER: 400, PERSONAL: -6_900, OVRIGA: -300}, (-60, -60, -40, -38)),
    "81922": FigureSpec(76_000, 0.14, {PERSONAL: -2_100, KOP: -600}),
    "81923": FigureSpec(61_000, 0.15, {PERSONAL: -1_500}),
    "81924": FigureSpec(68_000, 0.15, {INTAKTER: -500, PERSONAL: 600}),
    "81925": FigureSpec(32_000, 0.10, {INTAKTER: -300, PERSONAL: 1_100}),
    "8193": FigureSpec(4_800, 0.0, {PERSONAL: 300}),
    "81931": FigureSpec(28_000, 0.03, {PERSONAL: 600, OVRIGA: -200}),
    "81932": FigureSpec(36_000, 0.05, {PERSONAL: 1_800, LOKALHYROR: 900}),
    "81933": FigureSpec(31_000, 0.05, {}),
    "81934": FigureSpec(89_000, 0.38, {INTAKTER: 2_100, PERSONAL: -5_200}),
    "81935": FigureSpec(24_000, 0.02, {PERSONAL: 300, KOP: -1_400}),
    "8194": FigureSpec(3_900, 0.0, {}),
    "81941": FigureSpec(64_000, 0.03, {PERSONAL: -2_600, KOP: -1_900}),
    "81942": FigureSpec(27_000, 0.04, {PERSONAL: 500, OVRIGA: -800}),
    "81943": FigureSpec(15_000, 0.0, {PERSONAL: 150}),
}

Amounts = dict[str, int]


def period_share(rng: random.Random, row: str) -> float:
    """The part of the full-year prognos that falls in January–August, with some noise."""
    base = 8 / 12
    if row == LOKALHYROR:
        return base  # rent is paid evenly month by month
    if row == PERSONAL:
        return base * rng.uniform(1.01, 1.04)  # summer vikarier and semesterersättning
    if row == INTAKTER:
        return base * rng.uniform(0.90, 1.03)  # statsbidrag are often paid late in the year
    return base * rng.uniform(0.94, 1.06)


def make_row(rng: random.Random, row: str, budget: int, deviation: int) -> Amounts:
    prognos = budget + deviation
    utfall = round_half_away(prognos * period_share(rng, row))
    utfall_fg = round_half_away(utfall * (1 - rng.uniform(0.02, 0.05)))
    return {"budget": budget, "prognos": prognos, "utfall": utfall, "utfall_fg": utfall_fg}


def zero_row() -> Amounts:
    return {k: 0 for k in AMOUNT_KEYS}


def make_drift(rng: random.Random) -> dict[str, dict[str, Amounts]]:
    """Own drift figures per ansvar (every node but the kommun), input rows only."""
    drift: dict[str, dict[str, Amounts]] = {}
    for node in reporting_nodes():
        spec = FIGURES.get(node.ansvar)
        rows: dict[str, Amounts] = {}
        if spec is None:  # the nämnd: only its kommunbidrag, filled in below
            rows = {row: zero_row() for row in DRIFT_INPUT}
        else:
            profile = PROFILES[node.kind]
            income = round_to(spec.gross * spec.income, 10)
            rows[INTAKTER] = make_row(rng, INTAKTER, income, spec.dev.get(INTAKTER, 0)) if income else zero_row()
            for row in COST_ROWS:
                budget = -round_to(spec.gross * profile[row], 10)
                rows[row] = make_row(rng, row, budget, spec.dev.get(row, 0))
            rows[KOMMUNBIDRAG] = zero_row()
            if spec.finansnetto:
                rows[FINANSNETTO] = dict(zip(AMOUNT_KEYS, spec.finansnetto, strict=True))
            else:
                rows[FINANSNETTO] = zero_row()
        drift[node.ansvar] = rows
    # Kommunbidrag: the nämnd's allocation from kommunfullmäktige, equal to the budgeted net cost.
    budget_net = sum(rows[r]["budget"] for a, rows in drift.items() for r in DRIFT_INPUT if r != KOMMUNBIDRAG)
    kb = -budget_net
    kb_fg_year = round_to(kb * (1 - 0.034), 100)  # last year's allocation
    drift[NAMND][KOMMUNBIDRAG] = {
        "budget": kb,
        "prognos": kb,
        "utfall": round_half_away(kb * 8 / 12),
        "utfall_fg": round_half_away(kb_fg_year * 8 / 12),
    }
    return drift


def total_of(drift: dict[str, dict[str, Amounts]], ansvar_list: list[str]) -> dict[str, Amounts]:
    """Input rows summed over several nodes, plus the three sum rows."""
    out = {row: {k: sum(drift[a][row][k] for a in ansvar_list) for k in AMOUNT_KEYS} for row in DRIFT_INPUT}
    return with_sums(out)


def with_sums(rows: dict[str, Amounts]) -> dict[str, Amounts]:
    out = dict(rows)
    out[KOSTNADER] = {k: sum(rows[r][k] for r in COST_ROWS) for k in AMOUNT_KEYS}
    out[NETTO] = {k: rows[INTAKTER][k] + out[KOSTNADER][k] for k in AMOUNT_KEYS}
    out[RESULTAT] = {k: out[NETTO][k] + rows[KOMMUNBIDRAG][k] + rows[FINANSNETTO][k] for k in AMOUNT_KEYS}
    return out


# --- investeringar and förutbetalda intäkter -----------------------------------------------

Project = dict[str, Any]


def project(namn: str, budget: int, prognos: int, utfall: int, utfall_fg: int) -> Project:
    return {"namn": namn, "budget": budget, "prognos": prognos, "utfall": utfall, "utfall_fg": utfall_fg}


INVESTMENTS: dict[str, dict[str, list[Project]]] = {
    "81": {
        "Reinvestering": [project("Välfärdsteknik", 2_500, 1_800, 640, 520)],
        "Anpassningsinvestering": [project("Arbetsmiljöanpassningar förvaltningsgemensamt", 800, 800, 310, 290)],
    },
    "81911": {"Reinvestering": [project("Trygghetslarm digitala", 1_200, 1_200, 730, 0)]},
    "81921": {
        "Imageinvestering": [project("Utemiljö Solgården", 400, 0, 0, 0)],
        "Reinvestering": [project("Inventarier Solgården", 900, 1_050, 620, 410)],
    },
    "81931": {"Anpassningsinvestering": [project("Anpassning av lokaler daglig verksamhet", 1_500, 1_650, 980, 0)]},
    "81932": {"Expansionsinvestering": [project("Ny LSS-bostad Ekbacken", 3_500, 2_900, 1_250, 0)]},
}
PREPAID: dict[str, list[Project]] = {
    "81": [project("Statsbidrag välfärdsteknik", 300, 450, 450, 250)],
    "81932": [project("Investeringsbidrag LSS-bostad Ekbacken", 1_200, 1_200, 800, 0)],
}
# The workbook that shows the mall's empty "x" rows (ignored by the engine).
PLACEHOLDER_WORKBOOK = "8191"


def investments_json(ansvar: str) -> dict[str, Any]:
    own = INVESTMENTS.get(ansvar, {})
    return {cat: {"projekt": [dict(p) for p in own.get(cat, [])]} for cat in EIRA}


def prepaid_json(ansvar: str) -> dict[str, Any]:
    return {
        INKOMSTER: {"projekt": [dict(p) for p in PREPAID.get(ansvar, [])]},
        VARAV_EXPLOATERING: zero_row(),
    }


# --- texts ---------------------------------------------------------------------------------

VERKSAMHET: dict[str, str] = {
    "8": (
        "Vård- och omsorgsnämnden ansvarar för äldreomsorg, hälso- och sjukvård i hemmet och stöd "
        "till personer med funktionsnedsättning i Lerviks kommun.\n"
        "Perioden har präglats av en hög vårdtyngd inom särskilt boende, svårigheter att rekrytera "
        "sjuksköterskor under sommaren och ett fortsatt arbete med att införa välfärdsteknik i hemtjänsten."
    ),
    "81": (
        "Vård- och omsorgsförvaltningen har omkring 1 450 medarbetare och verkställer nämndens beslut inom "
        "äldreomsorg, funktionsstöd och hälso- och sjukvård. Förvaltningskontoret ansvarar för ledning, "
        "verksamhetsstöd, biståndshandläggning och köpt verksamhet."
    ),
    "8191": (
        "Avdelningen omfattar fyra hemtjänstområden och nattpatrullen och ger stöd till omkring 750 personer. "
        "Antalet beviljade timmar har ökat med 6 % jämfört med samma period föregående år."
    ),
    "81911": (
        "Hemtjänst Norr ger stöd till omkring 190 personer i norra Lervik, Backa och Sörby. Antalet beviljade "
        "timmar har ökat under perioden och flera brukare har behov av dubbelbemanning."
    ),
    "81912": (
        "Hemtjänst Söder ger stöd till omkring 170 personer i södra Lervik och Hamnen. Enheten har under våren "
        "infört digital nyckelhantering hos samtliga brukare."
    ),
    "81913": (
        "Hemtjänst Centrum är kommunens största hemtjänstområde med omkring 230 brukare. Under perioden har två "
        "arbetsgrupper slagits samman för att förbättra kontinuiteten."
    ),
    "81914": (
        "Hemtjänst Väster ger stöd till omkring 160 personer i västra Lervik och på landsbygden kring Ösjö. "
        "Långa körsträckor gör planeringen sårbar vid sjukfrånvaro."
    ),
    "81915": (
        "Nattpatrullen utför hemtjänstinsatser och larmutryckningar mellan klockan 21.30 och 07.00 i hela "
        "kommunen. Antalet larm nattetid är i nivå med föregående år."
    ),
    "8192": (
        "Avdelningen omfattar fyra äldreboenden och korttidsboendet Strandvillan, totalt 224 platser. Kön till "
        "särskilt boende har ökat till 31 personer vid utgången av augusti."
    ),
    "81921": (
        "Solgårdens äldreboende har 64 platser fördelade på åtta avdelningar, varav två med demensinriktning. "
        "Beläggningen har varit full under hela perioden."
    ),
    "81922": (
        "Björkhagens äldreboende har 52 platser. Under perioden har en avdelning ställts om till profilboende "
        "för personer med psykisk ohälsa."
    ),
    "81923": (
        "Lindgårdens demensboende har 40 platser för personer med demenssjukdom. Enheten har under våren "
        "arbetat med bemötandeplaner enligt BPSD-registret."
    ),
    "81924": (
        "Ängsgårdens äldreboende har 48 platser. En avdelning var stängd under april och maj för renovering "
        "av badrum och kök."
    ),
    "81925": (
        "Korttidsboendet Strandvillan har 20 platser för växelvård och korttidsvistelse efter sjukhusvistelse. "
        "Under sommaren hölls fyra platser stängda på grund av brist på sjuksköterskor."
    ),
    "8193": (
        "Avdelningen ansvarar för daglig verksamhet, bostäder med särskild service, personlig assistans och "
        "boendestöd. Planeringen av den nya gruppbostaden vid Ekbacken har präglat perioden."
    ),
    "81931": (
        "Daglig verksamhet Verkstan erbjuder sysselsättning inom snickeri, trädgård och café för 58 deltagare. "
        "I mars flyttade verksamheten in i nya lokaler på Industrigatan."
    ),
    "81932": (
        "LSS-boende Ekbacken har sex lägenheter i gruppbostad. En ny gruppbostad med sex lägenheter byggs intill "
        "och beräknas vara klar för inflyttning i november."
    ),
    "81933": (
        "LSS-boende Tallmon har fem lägenheter i gruppbostad och en servicebostad med åtta lägenheter. "
        "Verksamheten har bedrivits enligt plan under perioden."
    ),
    "81934": (
        "Enheten utför personlig assistans enligt LSS och socialförsäkringsbalken för 27 brukare. Två nya ärenden "
        "med omfattande behov har tillkommit under våren."
    ),
    "81935": (
        "Boendestödet ger stöd i vardagen till omkring 90 personer med psykisk funktionsnedsättning. "
        "Efterfrågan har ökat, särskilt bland yngre vuxna."
    ),
    "8194": (
        "Avdelningen omfattar hemsjukvården, rehabenheten och demensteamet. Bristen på sjuksköterskor under "
        "sommaren har varit periodens största utmaning."
    ),
    "81941": (
        "Hemsjukvården ger hälso- och sjukvårdsinsatser i ordinärt boende dygnet runt till omkring 520 patienter. "
        "Bemanningen av sjuksköterskor har varit ansträngd under sommaren."
    ),
    "81942": (
        "Rehabenheten består av arbetsterapeuter och fysioterapeuter som arbetar med rehabilitering och "
        "hjälpmedel i hela förvaltningen. Förskrivningen av hjälpmedel har ökat med 9 % jämfört med föregående år."
    ),
    "81943": (
        "Demensteamet ger råd och stöd till personer med demenssjukdom, anhöriga och personal. Under perioden "
        "har teamet utbildat 140 medarbetare i Stjärnmodellen."
    ),
}

# The author's reasons under the drift table, per ansvar and kontogrupp. The engine writes the
# first sentence ("Personalkostnaderna prognostiseras avvika negativt med 6,9 mkr.") itself.
DRIFT_REASONS: dict[str, dict[str, dict[str, str]]] = {
    "8": {
        INTAKTER: {
            "prognos": "Nämnden har fått högre statsbidrag än budgeterat, bland annat inom äldreomsorgslyftet, "
            "och assistansersättningen från Försäkringskassan har ökat.",
        },
        PERSONAL: {
            "prognos": "Underskottet finns främst inom särskilt boende och personlig assistans, där vårdtyngden "
            "har ökat. Nämnden har beslutat om omedelbara åtgärder, se avsnittet om omedelbara åtgärder.",
            "prognosförändring": "Prognosen har försämrats sedan april, främst på grund av ökade kostnader för "
            "övertid och vikarier under sommaren.",
            "utfall": "Utfallet för perioden överstiger budget, vilket främst beror på semesterperioden.",
            "jämförelse": "Ökningen jämfört med föregående år beror på lönerevisionen och fler beviljade timmar "
            "i hemtjänsten.",
        },
        KOP: {
            "prognos": "Avvikelsen avser externa placeringar inom LSS och socialpsykiatri samt inhyrda "
            "sjuksköterskor under sommaren.",
        },
        OVRIGA: {"prognos": "Kostnaderna för hjälpmedel, livsmedel och drivmedel har ökat mer än budgeterat."},
        LOKALHYROR: {"prognos": "Tillträdet till den nya LSS-bostaden Ekbacken har skjutits fram till november."},
    },
    "81": {
        INTAKTER: {
            "prognos": "Förvaltningen har fått högre statsbidrag än budgeterat och assistansersättningen har ökat "
            "till följd av nya ärenden.",
        },
        PERSONAL: {
            "prognos": "Underskottet finns främst inom särskilt boende och personlig assistans, där vårdtyngden "
            "har ökat. Förvaltningskontoret har vakanta tjänster som delvis motverkar underskottet.",
            "prognosförändring": "Prognosen har försämrats sedan april på grund av ökade kostnader för övertid "
            "och vikarier under sommaren.",
        },
        KOP: {
            "prognos": "Avvikelsen avser främst två nya externa placeringar inom LSS samt inhyrda sjuksköterskor "
            "i hemsjukvården och på Björkhagen.",
            "utfall": "Fakturor för externa placeringar i juli och augusti har periodiserats.",
        },
        OVRIGA: {"prognos": "Kostnaderna för hjälpmedel, livsmedel och drivmedel har ökat mer än budgeterat."},
        LOKALHYROR: {"prognos": "Hyran för den nya LSS-bostaden Ekbacken debiteras först från november."},
    },
    "8191": {
        PERSONAL: {
            "prognos": "Underskottet finns främst i Hemtjänst Norr och Hemtjänst Söder, där vårdtyngden har ökat. "
            "Vakanser i Hemtjänst Centrum motverkar delvis underskottet.",
        },
        KOP: {"prognos": "Avser köpta nattinsatser i Hemtjänst Väster i väntan på att nattpatrullen utökas."},
        OVRIGA: {"prognos": "Drivmedelskostnaderna har ökat, främst i Hemtjänst Norr."},
    },
    "81911": {
        INTAKTER: {
            "prognos": "Omsorgsavgifterna blir något högre än budgeterat eftersom fler brukare har beviljats insatser."
        },
        PERSONAL: {
            "prognos": "Orsaken är ökad vårdtyngd hos flera brukare med dubbelbemanning och en hög sjukfrånvaro "
            "under våren som krävt vikarier och övertid.\n"
            "Enheten tar fram en ny bemanningsplan för kvällar och helger.",
            "prognosförändring": "Prognosen har försämrats sedan april eftersom två brukare med omfattande "
            "insatser har tillkommit under sommaren.",
            "utfall": "Utfallet ligger över budget för perioden, främst på grund av övertid under juni–augusti.",
            "jämförelse": "Kostnaderna har ökat jämfört med föregående år till följd av lönerevisionen och fler "
            "beviljade timmar.",
        },
        OVRIGA: {"prognos": "Drivmedelskostnaderna för enhetens bilar har ökat kraftigt under året."},
    },
    "81912": {
        PERSONAL: {
            "prognos": "Fler insatser än planerat utförs kvällstid och enheten har haft två långtidssjukskrivningar som ersatts med vikarier."
        },
    },
    "81913": {
        INTAKTER: {"prognos": "Färre beviljade timmar än planerat ger lägre avgiftsintäkter."},
        PERSONAL: {"prognos": "Överskottet beror på vakanta tjänster under våren som inte har kunnat tillsättas."},
    },
    "81914": {
        KOP: {
            "prognos": "Enheten köper tillfälligt nattinsatser från en privat utförare i väntan på att nattpatrullen utökas."
        },
    },
    "8192": {
        INTAKTER: {
            "prognos": "Lägre intäkter på Ängsgården och Strandvillan vägs delvis upp av full beläggning på Solgården."
        },
        PERSONAL: {
            "prognos": "Underskottet beror främst på hög vårdtyngd på Solgården, Björkhagen och Lindgården. "
            "Ängsgården och Strandvillan har lägre kostnader än budgeterat.",
        },
        KOP: {"prognos": "Avser inhyrda sjuksköterskor på Björkhagen under sommaren."},
    },
    "81921": {
        INTAKTER: {"prognos": "Beläggningen har varit full hela året, vilket ger högre hyres- och avgiftsintäkter."},
        PERSONAL: {
            "prognos": "Orsaken är ökad vårdtyngd på två avdelningar, där flera boende behöver extravak nattetid, "
            "samt övertid och extra timanställda under sommaren.",
            "prognosförändring": "Prognosen har försämrats sedan april då behovet av extravak har ökat.",
            "utfall": "Periodens utfall överstiger budget på grund av extravak och sommarens övertid.",
            "jämförelse": "Kostnaderna är högre än föregående år eftersom extravaken började först i oktober 2021.",
        },
        OVRIGA: {"prognos": "Kostnaderna för livsmedel har ökat mer än budgeterat."},
    },
    "81922": {
        PERSONAL: {"prognos": "En avdelning har haft hög vårdtyngd med behov av extra personal dagtid."},
        KOP: {
            "prognos": "Enheten har hyrt in sjuksköterskor från bemanningsföretag under sommaren när egna sjuksköterskor saknades."
        },
    },
    "81923": {
        PERSONAL: {"prognos": "Flera boende med utåtagerande beteende har krävt förstärkt bemanning under perioden."},
    },
    "81924": {
        INTAKTER: {
            "prognos": "En avdelning var stängd under renoveringen i april och maj, vilket ger lägre hyres- och avgiftsintäkter."
        },
        PERSONAL: {"prognos": "Personalkostnaderna blir lägre eftersom avdelningen var stängd under renoveringen."},
    },
    "81925": {
        INTAKTER: {"prognos": "Lägre beläggning under sommaren ger lägre avgiftsintäkter."},
        PERSONAL: {
            "prognos": "Färre korttidsplatser har varit öppna under sommaren, vilket har gett lägre personalkostnader."
        },
    },
    "8193": {
        INTAKTER: {"prognos": "Assistansersättningen från Försäkringskassan blir högre till följd av nya ärenden."},
        PERSONAL: {
            "prognos": "Underskottet inom personlig assistans motverkas delvis av att den nya gruppbostaden vid "
            "Ekbacken öppnar senare än planerat.",
        },
        KOP: {"prognos": "Avser externa boendeplatser inom socialpsykiatrin."},
        LOKALHYROR: {"prognos": "Tillträdet till de nya lokalerna vid Ekbacken sker först i november."},
    },
    "81931": {
        PERSONAL: {"prognos": "En vakant tjänst som arbetsledare har inte tillsatts under våren."},
    },
    "81932": {
        PERSONAL: {
            "prognos": "Inflyttningen i den nya gruppbostaden har skjutits fram till november, och personal anställs därför senare än planerat."
        },
        LOKALHYROR: {"prognos": "Hyran för de nya lokalerna debiteras först från tillträdet i november."},
    },
    "81934": {
        INTAKTER: {
            "prognos": "Ersättningen från Försäkringskassan ökar till följd av de nya ärendena och täcker en del av de ökade personalkostnaderna."
        },
        PERSONAL: {
            "prognos": "Två nya ärenden med dubbelassistans har tillkommit under våren, och assistansen utförs "
            "till stor del av timanställda på obekväm arbetstid.",
            "jämförelse": "Ökningen jämfört med föregående år förklaras av de nya ärendena.",
        },
    },
    "81935": {
        KOP: {
            "prognos": "Två personer har under året beviljats externa boendeplatser med särskild inriktning som inte ryms i budget."
        },
    },
    "8194": {
        PERSONAL: {"prognos": "Underskottet beror på övertid och extra sjuksköterskor i hemsjukvården under sommaren."},
        KOP: {"prognos": "Avser inhyrda sjuksköterskor under sommaren."},
        OVRIGA: {"prognos": "Kostnaderna för hjälpmedel ökar när fler vårdas i hemmet."},
    },
    "81941": {
        PERSONAL: {
            "prognos": "Avvikelsen beror på övertid och extra sjuksköterskor under sommaren för att klara bemanningen."
        },
        KOP: {"prognos": "Inhyrda sjuksköterskor från bemanningsföretag har behövts under juni–augusti."},
    },
    "81942": {
        PERSONAL: {"prognos": "En tjänst som arbetsterapeut har varit vakant under våren."},
        OVRIGA: {"prognos": "Kostnaderna för hjälpmedel, främst sängar och lyftar, ökar när fler vårdas i hemmet."},
    },
}

INVESTMENT_TEXTS: dict[str, tuple[str, str, str]] = {
    "8": (
        "Investeringarna prognostiseras bli lägre än budgeterat. Inflyttningen i den nya LSS-bostaden Ekbacken "
        "har skjutits fram, utemiljön vid Solgården flyttas till 2023 och en del av välfärdstekniken "
        "upphandlas först under hösten.",
        "Under perioden har investeringsmedel främst använts till digitala trygghetslarm, anpassning av lokaler "
        "för daglig verksamhet och inventarier.",
        "Utfallet är högre än samma period föregående år eftersom flera projekt som planerades 2021 har "
        "genomförts under våren 2022.",
    ),
    "81": (
        "Välfärdstekniken prognostiseras till lägre belopp än budgeterat eftersom upphandlingen av "
        "läkemedelsrobotar har försenats. Övriga projekt följer i stort sett budget.",
        "Arbetsmiljöanpassningarna har påbörjats med nya höj- och sänkbara skrivbord på förvaltningskontoret.",
        "Utfallet är högre än föregående år, främst genom trygghetslarmen och lokalanpassningen i daglig verksamhet.",
    ),
    "81911": (
        "Bytet till digitala trygghetslarm följer budget och tidplan.",
        "Drygt hälften av larmen har bytts ut under perioden.",
        "Projektet fanns inte föregående år.",
    ),
    "81921": (
        "Inventarierna blir dyrare än budgeterat på grund av prisökningar. Utemiljön vid Solgården flyttas till "
        "2023 eftersom markarbetena samordnas med fastighetsavdelningens dränering.",
        "Nya sängar och möbler till två avdelningar har köpts in.",
        "Utfallet är högre än föregående år eftersom fler avdelningar har fått nya inventarier.",
    ),
    "81931": (
        "Anpassningen av lokalerna blev något dyrare än budgeterat på grund av extra ventilation i snickeriet.",
        "Anpassningen är i stort sett klar; kvar är ljudabsorbenter i caféet.",
        "Projektet fanns inte föregående år.",
    ),
    "81932": (
        "Inköpen till den nya gruppbostaden prognostiseras bli lägre i år eftersom inflyttningen har skjutits "
        "fram till november.",
        "Larm, kök och gemensamma möbler har beställts.",
        "Projektet fanns inte föregående år.",
    ),
}
PREPAID_TEXTS: dict[str, tuple[str, str, str]] = {
    "8": (
        "Nämnden har beviljats investeringsbidrag från Boverket för LSS-bostaden Ekbacken och statsbidrag för "
        "välfärdsteknik. Bidragen periodiseras över tillgångarnas nyttjandetid.",
        "Investeringsbidraget för Ekbacken har delvis betalats ut under perioden; resterande del väntas efter "
        "slutbesiktningen i november.",
        "Föregående år fanns endast statsbidraget för välfärdsteknik.",
    ),
    "81": (
        "Statsbidraget för välfärdsteknik blev högre än budgeterat.",
        "Hela statsbidraget har betalats ut under perioden.",
        "Statsbidraget var lägre föregående år.",
    ),
    "81932": (
        "Investeringsbidraget från Boverket följer budget.",
        "Två tredjedelar av bidraget har betalats ut under perioden.",
        "Bidraget fanns inte föregående år.",
    ),
}
OMEDELBARA: dict[str, str] = {
    "8": (
        "Nämnden beslutade i maj om omedelbara åtgärder för att minska kostnaderna för övertid och inhyrd "
        "personal. En gemensam bemanningsenhet för sjuksköterskor startar i september, och kostnaderna för "
        "inhyrd personal följs upp varje månad."
    ),
    "81": (
        "Förvaltningen följer upp övertid och inhyrd personal varje månad i ledningsgruppen. Bemanningsenheten "
        "för sjuksköterskor startar i september och ska minska behovet av bemanningsföretag."
    ),
    "8191": "Avdelningen har infört veckovis uppföljning av planerad och utförd tid i samtliga hemtjänstområden.",
    "81911": (
        "Ny bemanningsplan för helger tas fram tillsammans med HR & skyddsombud: < 3 veckor kvar och planen "
        "ska vara klar i oktober."
    ),
    "8192": "Behovet av extravak prövas varje vecka av sjuksköterska och enhetschef tillsammans.",
    "81921": "Extravak beslutas numera av enhetschefen efter bedömning av sjuksköterska och följs upp varje vecka.",
    "81934": "Enheten har börjat schemalägga timanställda för hela perioder i stället för enstaka pass.",
}
INTERNKONTROLL_TEXTS: dict[str, str] = {
    "8": (
        "Anmärkningarna gäller läkemedelshanteringen på särskilt boende och utdrag ur belastningsregistret vid nyanställning. "
        "Åtgärder pågår och följs upp till årsbokslutet."
    ),
    "81": ("Resterande punkter följs upp under hösten enligt internkontrollplanen."),
    "8192": "Läkemedelskontrollen på Solgården visade brister i signeringen; åtgärder har satts in.",
    "81911": "Stickprovet av verkställda beslut visade inga avvikelser.",
    "81921": "Signeringslistor saknades vid två av tolv kontroller. Läkemedelsombuden har fått ny utbildning.",
    "81934": "Utdrag ur belastningsregistret saknades för tre timvikarier. Rutinen har förtydligats.",
}
RECRUITMENT: dict[str, str] = {
    "8": (
        "Rekryteringsbehovet är störst för sjuksköterskor, undersköterskor och arbetsterapeuter. Inom "
        "äldreomsorgslyftet studerar 34 medarbetare till undersköterska på betald arbetstid."
    ),
    "hemtjanst": (
        "Enheten behöver rekrytera undersköterskor inför hösten. Två medarbetare deltar i äldreomsorgslyftet "
        "och studerar till undersköterska på betald arbetstid."
    ),
    "sabo": (
        "Det är svårt att rekrytera sjuksköterskor och vikarier till helger. Enheten tar emot elever från "
        "vård- och omsorgscollege för att på sikt kunna rekrytera fler."
    ),
    "daglig": "Rekryteringsbehovet är litet. Enheten behöver en arbetsledare med inriktning mot snickeri.",
    "lss": (
        "Flest vakanser finns bland timanställda. Till den nya gruppbostaden ska åtta stödassistenter "
        "rekryteras under hösten."
    ),
    "assistans": (
        "Behovet av timanställda personliga assistenter är stort. Enheten annonserar löpande och samarbetar "
        "med gymnasiets vård- och omsorgsprogram."
    ),
    "boendestod": "Rekryteringsbehovet är måttligt. Enheten prioriterar introduktion av nya medarbetare.",
    "hsl": (
        "Rekryteringen av sjuksköterskor är fortsatt svår och två tjänster är vakanta. Förvaltningen inför ett "
        "lönetillägg för nattarbete från september."
    ),
    "rehab": "En arbetsterapeut har rekryterats och börjar i oktober.",
    "8191": (
        "Avdelningen behöver rekrytera ett tjugotal undersköterskor under hösten, främst till kvällar och helger. "
        "Åtta medarbetare deltar i äldreomsorgslyftet."
    ),
    "8192": (
        "Bristen på sjuksköterskor och vikarier till helger är störst. Avdelningen tar emot elever från vård- och "
        "omsorgscollege och erbjuder sommarvikarier fortsatt anställning."
    ),
    "8193": (
        "Till den nya gruppbostaden vid Ekbacken rekryteras åtta stödassistenter under hösten. Inom personlig "
        "assistans är behovet av timanställda stort."
    ),
    "8194": (
        "Två sjuksköterskor och en arbetsterapeut behöver rekryteras. Ett lönetillägg för nattarbete införs från "
        "september för att underlätta rekryteringen till natten."
    ),
    "forvaltning": (
        "Förvaltningen arbetar med kompetensförsörjning genom äldreomsorgslyftet, vård- och omsorgscollege och "
        "en gemensam introduktion för nya medarbetare. Rekryteringen av sjuksköterskor är svårast."
    ),
}
WORK_ENVIRONMENT: dict[str, str] = {
    "8": (
        "Arbetsmiljöarbetet har inriktats på att minska sjukfrånvaron och följa upp hot- och våldsincidenter. "
        "Samtliga enheter har genomfört skyddsronder under våren & handlingsplaner har upprättats."
    ),
    "forvaltning": (
        "Samtliga enheter har genomfört skyddsronder under våren. Förvaltningens arbetsmiljögrupp följer upp "
        "tillbud och arbetsskador varje månad."
    ),
    "hemtjanst": (
        "Skyddsrond har genomförts i maj. Den största risken är stress vid planering med många korta besök; "
        "schemaläggningen ses över tillsammans med skyddsombudet."
    ),
    "sabo": (
        "Tunga lyft och hot från boende med demenssjukdom är de största riskerna. Samtliga medarbetare har fått "
        "utbildning i förflyttningsteknik under våren."
    ),
    "daglig": "Arbetsmiljön i de nya lokalerna bedöms som god efter anpassningen av ventilationen.",
    "lss": "Enheten har följt upp två tillbud med hot och våld och uppdaterat riskbedömningen.",
    "assistans": "Arbetsmiljön varierar mellan uppdragen. Arbetsmiljörond görs hemma hos varje brukare en gång per år.",
    "boendestod": "Ensamarbete är den största risken. Enheten har infört rutin för avrapportering efter hembesök.",
    "hsl": (
        "Arbetsbelastningen för sjuksköterskorna har varit hög under sommaren. Ett gemensamt planeringsmöte "
        "varje morgon har införts för att fördela arbetet."
    ),
    "rehab": "Arbetsmiljön bedöms som god. Medarbetarna har fått nya tjänstebilar med bättre ergonomi.",
    "8191": (
        "Skyddsronder har genomförts i alla hemtjänstområden. Stress vid planeringen är den största risken och "
        "schemaläggningen ses över tillsammans med skyddsombuden."
    ),
    "8192": (
        "Tunga lyft och hot från boende med demenssjukdom är de största riskerna. Samtliga medarbetare har fått "
        "utbildning i förflyttningsteknik, och hot- och våldsincidenter följs upp på varje arbetsplatsträff."
    ),
    "8193": "Avdelningen har följt upp tillbud med hot och våld och uppdaterat riskbedömningarna i LSS-boendena.",
    "8194": "Arbetsbelastningen för sjuksköterskorna har varit hög under sommaren och följs upp varje vecka.",
}


# --- goals, uppdrag, internkontroll, arbetsmiljö -------------------------------------------

Nyckeltal = dict[str, Any]


def nyckeltal(namn: str, mål: str | None, utfall: str | None, fg: str | None, fg2: str | None) -> Nyckeltal:
    return {"namn": namn, "mål": mål, "utfall": utfall, "utfall_fg": fg, "utfall_fg2": fg2}


PRIO_TRYGG = "Lerviks invånare ska ha en trygg och god vård och omsorg"
PRIO_ARBETE = "Fler invånare i Lervik ska ha ett arbete eller en meningsfull sysselsättning"
PRIO_ARBETSGIVARE = "Lerviks kommun ska vara en attraktiv arbetsgivare"

NAMND_GOALS: list[dict[str, Any]] = [
    {
        "nr": "1",
        "prioriterat_mål": PRIO_TRYGG,
        "nämndens_mål": "Brukarna ska vara nöjda med kvaliteten i vård och omsorg",
        "agenda_2030": "Mål 3 Hälsa och välbefinnande",
        "bedömning": "Ej utvärderad",
        "kommentar": (
            "Socialstyrelsens brukarundersökning redovisas i oktober och målet kan därför inte bedömas i "
            "delårsbokslutet. Förvaltningens egna uppföljningar under våren visar fortsatt hög nöjdhet med "
            "bemötandet men lägre nöjdhet med maten på särskilt boende."
        ),
        "nyckeltal": [
            nyckeltal("Brukarbedömning hemtjänst äldreomsorg – helhetssyn, andel (%)", "90 %", None, "88 %", "89 %"),
            nyckeltal(
                "Brukarbedömning särskilt boende äldreomsorg – helhetssyn, andel (%)", "85 %", None, "81 %", "80 %"
            ),
        ],
    },
    {
        "nr": "2",
        "prioriterat_mål": PRIO_ARBETE,
        "nämndens_mål": "Fler deltagare i daglig verksamhet ska gå vidare till praktik eller anställning",
        "agenda_2030": "Mål 8 Anständiga arbetsvillkor och ekonomisk tillväxt",
        "bedömning": "Helt uppfyllt",
        "kommentar": (
            "Fjorton deltagare har gått vidare till praktik eller anställning under perioden, vilket redan "
            "överstiger årets mål. Samarbetet med arbetsmarknadsenheten och lokala företag har utvecklats."
        ),
        "nyckeltal": [
            nyckeltal(
                "Antal deltagare i daglig verksamhet som gått vidare till praktik eller anställning",
                "12",
                "14",
                "9",
                "7",
            ),
        ],
    },
    {
        "nr": "3",
        "prioriterat_mål": PRIO_TRYGG,
        "nämndens_mål": "Brukare med hemtjänst ska möta färre personal",
        "agenda_2030": "Mål 3 Hälsa och välbefinnande",
        "bedömning": "Delvis uppfyllt",
        "kommentar": (
            "Personalkontinuiteten har förbättrats något sedan föregående år men når inte målvärdet. Arbetet "
            "med mindre arbetsgrupper och fasta kontaktpersoner fortsätter under hösten."
        ),
        "nyckeltal": [
            nyckeltal(
                "Personalkontinuitet, antal personal som en hemtjänsttagare möter under 14 dagar",
                "12",
                "15",
                "16",
                "15",
            ),
            nyckeltal("Andel brukare med hemtjänst som har en utsedd kontaktperson (%)", "100 %", "94 %", "91 %", None),
        ],
    },
    {
        "nr": "4",
        "prioriterat_mål": PRIO_ARBETSGIVARE,
        "nämndens_mål": "Andelen medarbetare som arbetar heltid ska öka",
        "agenda_2030": "Mål 5 Jämställdhet, Mål 8 Anständiga arbetsvillkor och ekonomisk tillväxt",
        "bedömning": "Ej utvärderad",
        "kommentar": (
            "Andelen heltidsanställda mäts i december och målet bedöms därför i årsbokslutet. Under våren har "
            "ytterligare 22 medarbetare inom särskilt boende gått upp till heltid."
        ),
        "nyckeltal": [
            nyckeltal("Andel heltidsanställda månadsavlönade medarbetare (%)", "70 %", None, "64 %", "61 %"),
            nyckeltal("Hållbart medarbetarengagemang (HME), totalindex", "80", None, "77", None),
        ],
    },
]

# Comments of the avdelningar and enheter on the nämndmål shared down to them.
UNIT_GOAL_COMMENTS: dict[str, dict[str, str]] = {
    "8191": {
        "3": "Kontinuiteten har förbättrats i tre av fyra områden. Hemtjänst Norr har haft fler personal per "
        "brukare på grund av sjukfrånvaro och vikarier.",
        "1": "Enheternas egna brukarenkäter visar hög nöjdhet med bemötandet. Synpunkterna gäller främst ändrade besökstider.",
    },
    "81911": {
        "3": "Kontinuiteten har försämrats under sommaren då många vikarier har arbetat. Enheten inför mindre "
        "arbetslag från oktober.",
        "1": "Brukarna är nöjda med bemötandet men upplever att personalen har ont om tid.",
    },
    "81912": {"3": "Med två fasta arbetslag har antalet personal per brukare minskat sedan föregående år."},
    "81913": {
        "3": "Sammanslagningen av arbetsgrupperna har gett bättre planering och färre personal per brukare.",
        "1": "Brukarråd har hållits två gånger under våren med gott deltagande.",
    },
    "81914": {"3": "Långa avstånd och få medarbetare per område gör kontinuiteten sårbar vid frånvaro."},
    "81915": {"1": "Nattpatrullen följer upp larmtiderna varje månad; 96 % av larmen har besvarats inom 30 minuter."},
    "8192": {
        "1": "Resultatet i brukarundersökningen 2021 var lägst för maten och aktiviteterna. Samtliga boenden har "
        "tagit fram handlingsplaner.",
        "4": "Heltidsarbetet följer förvaltningens plan; 22 medarbetare har gått upp till heltid under våren.",
    },
    "81921": {
        "1": "De boende uppskattar aktiviteterna i trädgården. Synpunkterna på maten har lett till att menyn ses "
        "över tillsammans med kostenheten.",
        "4": "Sex medarbetare har gått upp till heltid under våren.",
    },
    "81922": {"1": "Profilboendet har tagits emot väl av boende och anhöriga."},
    "81923": {
        "1": "Bemötandeplaner enligt BPSD finns för 92 % av de boende, vilket har minskat oron på avdelningarna."
    },
    "81924": {"4": "Alla tillsvidareanställda erbjuds heltid i det nya schemat, men flera väljer att arbeta deltid."},
    "81925": {"1": "Nöjdheten följs upp vid utskrivning; 87 % av gästerna är nöjda med vistelsen."},
    "8193": {
        "2": "Daglig verksamhet har redan överträffat årets mål.",
        "1": "Trivseln i bostäderna med särskild service är fortsatt hög.",
    },
    "81931": {
        "2": "Fjorton deltagare har gått vidare till praktik eller anställning, varav fem via caféet. "
        "Samarbetet med arbetsmarknadsenheten fungerar väl."
    },
    "81932": {"1": "De boende har varit delaktiga i planeringen av den nya gruppbostaden genom husmöten."},
    "81933": {"1": "Trivseln är hög. Enheten har genomfört en egen enkät med bildstöd."},
    "81934": {
        "4": "Andelen heltid är låg eftersom assistansen styrs av brukarnas behov. Enheten prövar delade "
        "turer för att kunna erbjuda fler heltid."
    },
    "81935": {"1": "I boendestödets enkät i juni var 89 % av brukarna nöjda med stödet."},
    "8194": {"1": "Patientsäkerheten har upprätthållits trots bristen på sjuksköterskor under sommaren."},
    "81941": {"1": "Andelen patienter med en fast omvårdnadsansvarig sjuksköterska är 85 %."},
    "81942": {"1": "Väntetiden för hembesök av arbetsterapeut har minskat till i genomsnitt nio dagar."},
    "81943": {"1": "Anhöriga som deltagit i anhörigutbildningen ger den högt betyg."},
}

UPPDRAG: list[dict[str, Any]] = [
    {
        "nr": "1",
        "uppdrag": "Ta fram en plan för införande av välfärdsteknik i hemtjänsten",
        "redogörelse": (
            "En plan för 2022–2024 har tagits fram tillsammans med IT-avdelningen. Digitala trygghetslarm och "
            "digital nyckelhantering är införda; läkemedelsrobotar upphandlas under hösten."
        ),
        "bedömning": "I hög grad uppfyllt",
    },
    {
        "nr": "2",
        "uppdrag": "Utreda behovet av bostäder med särskild service enligt LSS 2023–2026",
        "redogörelse": (
            "Behovsinventeringen är klar och visar behov av ytterligare två gruppbostäder. Utredningen om "
            "lokalisering och drift slutförs i november."
        ),
        "bedömning": "Delvis uppfyllt",
    },
    {
        "nr": "3",
        "uppdrag": "Genomföra en översyn av nattorganisationen i hemtjänsten",
        "redogörelse": ("Översynen redovisades för nämnden i juni. Nattpatrullen utökas med en bil från januari 2023."),
        "bedömning": "Helt uppfyllt",
    },
]

INTERNKONTROLL_POINTS: list[dict[str, Any]] = [
    {
        "vad": "Att beslut om bistånd verkställs inom tre månader",
        "frekvens": "Två gånger per år",
        "metod": "Stickprov av 20 beslut i verksamhetssystemet",
        "bedömning": UTAN_ANM,
        "resultat": "Samtliga kontrollerade beslut hade verkställts inom tre månader.",
        "åtgärd": "Ingen åtgärd krävs.",
    },
    {
        "vad": "Att attest av leverantörsfakturor sker enligt attestreglementet",
        "frekvens": "Tertialvis",
        "metod": "Stickprov av 30 fakturor",
        "bedömning": UTAN_ANM,
        "resultat": "En faktura var attesterad av ersättare utan att delegationen var registrerad.",
        "åtgärd": "Delegationsförteckningen har uppdaterats.",
    },
    {
        "vad": "Att läkemedelshanteringen på särskilt boende följer rutin",
        "frekvens": "Två gånger per år",
        "metod": "Egenkontroll med checklista och genomgång av avvikelserapporter",
        "bedömning": MED_ANM,
        "resultat": "Signeringslistor saknades vid två av tolv kontroller på Solgården och Björkhagen.",
        "åtgärd": "Läkemedelsombuden har fått ny utbildning och signeringen kontrolleras varje vecka under hösten.",
    },
    {
        "vad": "Att utdrag ur belastningsregistret begärs vid nyanställning",
        "frekvens": "Två gånger per år",
        "metod": "Stickprov av 25 anställningar under perioden",
        "bedömning": MED_ANM,
        "resultat": "Utdrag saknades för tre timvikarier inom personlig assistans.",
        "åtgärd": "Rutinen har förtydligats och en kontrollpunkt har lagts in i anställningsprocessen.",
    },
    {
        "vad": "Att brukares privata medel i LSS-boenden hanteras enligt rutin",
        "frekvens": "Årligen",
        "metod": "Stickprov av kassaböcker och kvitton",
        "bedömning": None,
        "resultat": None,
        "åtgärd": None,
    },
    {
        "vad": "Att avtal om köpt verksamhet följs upp",
        "frekvens": "Årligen",
        "metod": "Genomgång av uppföljningsprotokoll",
        "bedömning": None,
        "resultat": None,
        "åtgärd": None,
    },
    {
        "vad": "Att lex Sarah-rapporter utreds inom fastställd tid",
        "frekvens": "Årligen",
        "metod": "Genomgång av ärendeloggen",
        "bedömning": None,
        "resultat": None,
        "åtgärd": None,
    },
]
# Which of the nämnd's internkontroll points (by index) each unit reports on, with its own result.
UNIT_INTERNKONTROLL: dict[str, list[tuple[int, str | None, str | None, str | None]]] = {
    "81911": [
        (0, UTAN_ANM, "Samtliga fem kontrollerade beslut hade verkställts inom tre månader.", "Ingen åtgärd krävs.")
    ],
    "8192": [
        (
            2,
            MED_ANM,
            "Brister i signeringen på Solgården och Björkhagen.",
            "Läkemedelsombuden har utbildats och signeringen kontrolleras varje vecka.",
        )
    ],
    "81921": [
        (
            2,
            MED_ANM,
            "Signeringslistor saknades vid två av sex kontroller.",
            "Läkemedelsombuden har fått ny utbildning.",
        )
    ],
    "81934": [
        (
            3,
            MED_ANM,
            "Utdrag ur belastningsregistret saknades för tre timvikarier.",
            "Utdrag har begärts och rutinen har förtydligats.",
        )
    ],
    "81932": [(4, None, None, None)],
}

SJUK_MALVARDE = "8,0 %"


def arbetsmiljo(ansvar: str, sick: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    total = sick["Total sjukfrånvaro"]["år"]
    rows = [
        {
            "mål": "Sjukfrånvaron ska minska",
            "nyckeltal": "Total sjukfrånvaro (%)",
            "målvärde": SJUK_MALVARDE,
            "nuläge": pct(total),
        }
    ]
    if BY_ANSVAR[ansvar].nivå in ("nämnd", "förvaltning"):
        rows.append(
            {
                "mål": "Tillbud och arbetsskador ska utredas skyndsamt",
                "nyckeltal": "Andel tillbud och arbetsskador som utretts inom 14 dagar (%)",
                "målvärde": "100 %",
                "nuläge": "82 %",
            }
        )
    return rows


# --- sjukfrånvaro --------------------------------------------------------------------------

SICK_BASE = {  # total sjukfrånvaro this year among a node's own staff, percent
    "hemtjanst": 9.0,
    "sabo": 9.8,
    "daglig": 6.8,
    "lss": 8.2,
    "assistans": 7.4,
    "boendestod": 6.1,
    "hsl": 6.6,
    "rehab": 4.9,
    "ledning": 3.6,
    "forvaltning": 4.5,
}


def r1(x: float) -> float:
    return round_half_away(x * 10) / 10


Sick = dict[str, dict[str, float]]


def make_own_sick(rng: random.Random, node: Node) -> Sick:
    """Sjukfrånvaro among a node's own staff for 2021 (fg) and 2022 (år); the Dag rows add up to the total."""
    total_now = r1(SICK_BASE[node.kind] + rng.uniform(-1.2, 1.2))
    total_fg = r1(total_now + rng.uniform(-0.6, 1.5))  # 2021 was mostly higher (covid-19)
    out: dict[str, dict[str, float]] = {}
    for key, total in (("fg", total_fg), ("år", total_now)):
        short_share = 0.42 if key == "fg" else 0.36
        short = r1(total * (short_share + rng.uniform(-0.03, 0.03)))
        middle = r1(total * rng.uniform(0.14, 0.20))
        values = {
            "Total sjukfrånvaro": total,
            "Kvinnor": r1(total + rng.uniform(0.2, 0.8)),
            "Män": r1(max(0.5, total - rng.uniform(1.5, 3.2))),
            "29 år och yngre": r1(max(0.5, total - rng.uniform(0.4, 1.6))),
            "30–49 år": r1(total + rng.uniform(-0.6, 0.3)),
            "50 år och äldre": r1(total + rng.uniform(0.4, 1.8)),
            "Dag 1–14": short,
            "Dag 15–59": middle,
            "Dag 60 och längre": r1(total - short - middle),
        }
        for row, value in values.items():
            out.setdefault(row, {})[key] = value
    return {row: {"fg": out[row]["fg"], "år": out[row]["år"]} for row in SICK_ROWS}


def make_sick(rng: random.Random, drift: dict[str, dict[str, Amounts]]) -> dict[str, Sick]:
    """Sjukfrånvaro per node: an enhet's own; above it, the staff-weighted mean of the subtree."""
    own = {n.ansvar: make_own_sick(rng, n) for n in reporting_nodes() if n.ansvar in FIGURES}
    out: dict[str, Sick] = {}
    for node in reporting_nodes():
        members = [n.ansvar for n in subtree(node.ansvar) if n.ansvar in own]
        if members == [node.ansvar]:
            out[node.ansvar] = own[node.ansvar]
            continue
        weight = {a: -drift[a][PERSONAL]["budget"] for a in members}
        total_weight = sum(weight.values())
        sick: Sick = {
            row: {key: r1(sum(own[a][row][key] * weight[a] for a in members) / total_weight) for key in ("fg", "år")}
            for row in SICK_ROWS
        }
        for key in ("fg", "år"):  # keep the Dag rows adding up to the total after rounding
            sick["Dag 60 och längre"][key] = r1(
                sick["Total sjukfrånvaro"][key] - sick["Dag 1–14"][key] - sick["Dag 15–59"][key]
            )
        out[node.ansvar] = sick
    return out


def sick_text(sick: Sick, subject: str) -> str:
    total, short = sick["Total sjukfrånvaro"], sick["Dag 1–14"]
    change = f"från {pct(total['fg'])} till {pct(total['år'])} jämfört med samma period föregående år."
    short_down = short["år"] < short["fg"]
    if total["år"] < total["fg"]:
        first = f"Sjukfrånvaron har minskat {change}"
        second = (
            "Korttidsfrånvaron har minskat när covid-19 klingat av, medan långtidsfrånvaron ligger kvar på en hög nivå."
            if short_down
            else "Långtidsfrånvaron har minskat, medan korttidsfrånvaron har ökat något."
        )
    elif total["år"] > total["fg"]:
        first = f"Sjukfrånvaron har ökat {change}"
        second = (
            "Ökningen beror på några längre sjukskrivningar; korttidsfrånvaron har minskat."
            if short_down
            else f"Ökningen gäller främst korttidsfrånvaron. {subject} följer upp upprepad korttidsfrånvaro "
            "med rehabiliteringssamtal."
        )
    else:
        first = f"Sjukfrånvaron är oförändrad, {pct(total['år'])}, jämfört med samma period föregående år."
        second = f"{subject} fortsätter arbetet med tidiga rehabiliteringsinsatser."
    return f"{first} {second}"


# --- building one node's input as JSON -----------------------------------------------------


def summary_text(node: Node, rows: dict[str, Amounts]) -> str:
    """Inledande sammanfattning as the author writes it: the reason only.

    bokslut opens the section with a sentence of its own from the figures ("Nämnden prognostiserar
    en negativ avvikelse mot budget med 20,5 mkr för helåret."), so the author does not repeat it.
    """
    reasons = DRIFT_REASONS.get(node.ansvar, {})
    if not reasons:
        return "Verksamheten har bedrivits enligt plan under perioden."
    # The reason behind the largest deviation.
    biggest = max(reasons, key=lambda r: abs(rows[r]["prognos"] - rows[r]["budget"]))
    return reasons[biggest]["prognos"].split("\n")[0]


def texts_for(node: Node, rows: dict[str, Amounts], sick: dict[str, dict[str, float]]) -> dict[str, str]:
    a = node.ansvar
    text_kind = a if a in RECRUITMENT else node.kind
    out: dict[str, str] = {
        "Verksamhet": VERKSAMHET[a],
        "Inledande sammanfattning": summary_text(node, rows),
    }
    inv = INVESTMENT_TEXTS.get(a)
    if inv:
        out["Investeringar – prognos och prognosförändring"] = inv[0]
        out["Investeringar – utfall för perioden"] = inv[1]
        out["Investeringar – jämförelse mellan åren"] = inv[2]
    pre = PREPAID_TEXTS.get(a)
    if pre:
        out["Förutbetalda intäkter – prognos och prognosförändring"] = pre[0]
        out["Förutbetalda intäkter – utfall för perioden"] = pre[1]
        out["Förutbetalda intäkter – jämförelse mellan åren"] = pre[2]
    if a in OMEDELBARA:
        out["Omedelbara åtgärder"] = OMEDELBARA[a]
    if a in INTERNKONTROLL_TEXTS:
        out["Internkontroll"] = INTERNKONTROLL_TEXTS[a]
    out["Rekryteringsbehov och kompetensförsörjning"] = RECRUITMENT[text_kind]
    out["Arbetsmiljö"] = WORK_ENVIRONMENT[text_kind]
    out["Sjukfrånvaro"] = sick_text(sick, SUBJECT[node.nivå])
    return {k: out[k] for k in TEXT_SECTIONS if k in out}


KONTINUITET = NAMND_GOALS[2]["nyckeltal"][0]["namn"]
NOJD_SABO = NAMND_GOALS[0]["nyckeltal"][1]["namn"]
HELTID = NAMND_GOALS[3]["nyckeltal"][0]["namn"]
DAGLIG_VIDARE = NAMND_GOALS[1]["nyckeltal"][0]["namn"]

# The units' own values of the nämnd's nyckeltal, per goal number (consistent with the comments).
UNIT_NYCKELTAL: dict[str, dict[str, list[Nyckeltal]]] = {
    "81911": {"3": [nyckeltal(KONTINUITET, "12", "18", "16", "17")]},
    "81912": {"3": [nyckeltal(KONTINUITET, "12", "14", "16", "16")]},
    "81913": {"3": [nyckeltal(KONTINUITET, "12", "13", "15", "17")]},
    "81914": {"3": [nyckeltal(KONTINUITET, "12", "17", "17", "16")]},
    "81921": {
        "1": [nyckeltal(NOJD_SABO, "85 %", None, "79 %", "77 %")],
        "4": [nyckeltal(HELTID, "70 %", None, "62 %", "58 %")],
    },
    "81922": {"1": [nyckeltal(NOJD_SABO, "85 %", None, "83 %", "84 %")]},
    "81923": {"1": [nyckeltal(NOJD_SABO, "85 %", None, "80 %", "78 %")]},
    "81924": {"4": [nyckeltal(HELTID, "70 %", None, "66 %", "63 %")]},
    "81931": {"2": [nyckeltal(DAGLIG_VIDARE, "12", "14", "9", "7")]},
}


def unit_goals(node: Node) -> list[dict[str, Any]]:
    """The nämndmål shared down to an avdelning or enhet, with its comment and no bedömning."""
    goals = []
    for goal in NAMND_GOALS:
        comment = UNIT_GOAL_COMMENTS.get(node.ansvar, {}).get(goal["nr"])
        if comment is None:
            continue
        keytal = UNIT_NYCKELTAL.get(node.ansvar, {}).get(goal["nr"], [])
        goals.append(
            {
                "nr": goal["nr"],
                "prioriterat_mål": goal["prioriterat_mål"],
                "nämndens_mål": goal["nämndens_mål"],
                "agenda_2030": goal["agenda_2030"],
                "bedömning": None,
                "kommentar": comment,
                "nyckeltal": [dict(k) for k in keytal],
            }
        )
    return goals


def internkontroll_for(ansvar: str) -> list[dict[str, Any]]:
    if BY_ANSVAR[ansvar].nivå in ("nämnd", "förvaltning"):
        return [dict(p) for p in INTERNKONTROLL_POINTS]
    out = []
    for index, bedömning, resultat, åtgärd in UNIT_INTERNKONTROLL.get(ansvar, []):
        point = INTERNKONTROLL_POINTS[index]
        out.append(
            {
                "vad": point["vad"],
                "frekvens": point["frekvens"],
                "metod": point["metod"],
                "bedömning": bedömning,
                "resultat": resultat,
                "åtgärd": åtgärd,
            }
        )
    return out


def drift_texts_for(ansvar: str) -> dict[str, dict[str, str]]:
    reasons = DRIFT_REASONS.get(ansvar, {})
    return {row: dict(reasons[row]) for row in DRIFT_INPUT if row in reasons}


def build_json(
    node: Node, own: dict[str, Amounts], rolled: dict[str, Amounts], sick: dict[str, dict[str, float]]
) -> dict[str, Any]:
    """One ansvar's complete input in the JSON form of docs/indata.md."""
    top = node.nivå in ("nämnd", "förvaltning")
    return {
        FLIK_UPPGIFTER: {"ansvar": node.ansvar, "namn": node.namn, "år": YEAR},
        FLIK_DRIFT: {row: dict(own[row]) for row in DRIFT_INPUT},
        FLIK_INV: investments_json(node.ansvar),
        FLIK_FORUTB: prepaid_json(node.ansvar),
        FLIK_TEXTER: texts_for(node, rolled, sick),
        FLIK_TEXTER_DRIFT: drift_texts_for(node.ansvar),
        FLIK_MAL: [json.loads(json.dumps(g)) for g in NAMND_GOALS] if top else unit_goals(node),
        FLIK_UPPDRAG: [dict(u) for u in UPPDRAG] if top else [],
        FLIK_INTERNKONTROLL: internkontroll_for(node.ansvar),
        FLIK_ARBETSMILJO: arbetsmiljo(node.ansvar, sick),
        FLIK_SJUKFRANVARO: sick,
    }


# --- writing a workbook from the JSON ------------------------------------------------------

BOLD = Font(bold=True)
AMOUNT_FORMAT = "#,##0"
WRAP = Alignment(wrap_text=True, vertical="top")


def label_of(node: dict[str, Any]) -> str:
    u = node[FLIK_UPPGIFTER]
    return f"{u['namn']} ({u['ansvar']})"


def start_amount_sheet(wb: Workbook, flik: str, title: str) -> Worksheet:
    ws = wb.create_sheet(flik)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=12)
    for number, header in enumerate(AMOUNT_HEADER, start=1):
        cell = ws.cell(3, number, header)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="left" if number == 1 else "right")
    ws.column_dimensions["A"].width = 48
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 15
    ws.freeze_panes = "B4"
    return ws


def put_amounts(ws: Worksheet, row: int, amounts: Amounts, *, deviation: tuple[str, str]) -> None:
    """Input amounts as integers, Avv. and Diff. as formulas."""
    for key in AMOUNT_KEYS:
        ws[f"{COL[key]}{row}"] = amounts[key]
    put_computed(ws, row, deviation)


def put_computed(ws: Worksheet, row: int, deviation: tuple[str, str]) -> None:
    first, second = deviation
    ws[f"D{row}"] = f"={COL[first]}{row}-{COL[second]}{row}"
    ws[f"G{row}"] = f"=E{row}-F{row}"
    for col in "BCDEFG":
        ws[f"{col}{row}"].number_format = AMOUNT_FORMAT


def put_formula_row(ws: Worksheet, row: int, template: str, deviation: tuple[str, str]) -> None:
    """A sum row: `template` uses {c} for the column letter, e.g. "=SUM({c}5:{c}8)"."""
    for key in AMOUNT_KEYS:
        ws[f"{COL[key]}{row}"] = template.format(c=COL[key])
    put_computed(ws, row, deviation)
    for col in "ABCDEFG":
        ws[f"{col}{row}"].font = BOLD


def write_drift(wb: Workbook, data: dict[str, Any]) -> None:
    ws = start_amount_sheet(wb, FLIK_DRIFT, f"Drift – {label_of(data)}, belopp i tkr")
    at = {row: 4 + i for i, row in enumerate(DRIFT_ROWS)}
    dev = ("prognos", "budget")
    for row, r in at.items():
        ws.cell(r, 1, row)
        if row in DRIFT_INPUT:
            put_amounts(ws, r, data[FLIK_DRIFT][row], deviation=dev)
    put_formula_row(ws, at[KOSTNADER], f"=SUM({{c}}{at[PERSONAL]}:{{c}}{at[OVRIGA]})", dev)
    put_formula_row(ws, at[NETTO], f"={{c}}{at[INTAKTER]}+{{c}}{at[KOSTNADER]}", dev)
    put_formula_row(ws, at[RESULTAT], f"={{c}}{at[NETTO]}+{{c}}{at[KOMMUNBIDRAG]}+{{c}}{at[FINANSNETTO]}", dev)


def write_groups(
    ws: Worksheet,
    groups: list[tuple[str, list[Project]]],
    placeholders: bool,
    deviation: tuple[str, str],
    start: int = 4,
) -> tuple[dict[str, int], int]:
    """Category rows, each followed by its projects (or the mall's "x" rows). Returns the rows used."""
    row = start
    group_rows: dict[str, int] = {}
    for group, projects in groups:
        group_rows[group] = row
        ws.cell(row, 1, group).font = BOLD
        first = row + 1
        for p in projects:
            row += 1
            ws.cell(row, 1, p["namn"])
            put_amounts(ws, row, p, deviation=deviation)
        if placeholders and not projects:
            for _ in range(2):
                row += 1
                ws.cell(row, 1, PLACEHOLDER)
        if row >= first:
            put_formula_row(ws, group_rows[group], f"=SUM({{c}}{first}:{{c}}{row})", deviation)
        row += 1
    return group_rows, row


def write_investments(wb: Workbook, data: dict[str, Any], placeholders: bool) -> None:
    ws = start_amount_sheet(wb, FLIK_INV, f"Investeringar – {label_of(data)}, belopp i tkr")
    dev = ("budget", "prognos")  # an underspend is positive
    groups = [(cat, data[FLIK_INV][cat]["projekt"]) for cat in EIRA]
    group_rows, row = write_groups(ws, groups, placeholders, dev)
    ws.cell(row, 1, TOTALA_UTGIFTER)
    put_formula_row(ws, row, "=" + "+".join(f"{{c}}{r}" for r in group_rows.values()), dev)


def write_prepaid(wb: Workbook, data: dict[str, Any], placeholders: bool) -> None:
    title = f"Förutbetalda intäkter som periodiseras över sin nyttjandetid – {label_of(data)}, belopp i tkr"
    ws = start_amount_sheet(wb, FLIK_FORUTB, title)
    dev = ("prognos", "budget")
    groups = [(INKOMSTER, data[FLIK_FORUTB][INKOMSTER]["projekt"])]
    group_rows, row = write_groups(ws, groups, placeholders, dev)
    ws.cell(row, 1, VARAV_EXPLOATERING)
    put_amounts(ws, row, data[FLIK_FORUTB][VARAV_EXPLOATERING], deviation=dev)
    row += 1
    ws.cell(row, 1, TOTALA_INKOMSTER)
    put_formula_row(ws, row, f"={{c}}{group_rows[INKOMSTER]}", dev)


def write_listing(
    wb: Workbook, flik: str, columns: dict[str, str], records: list[dict[str, Any]], widths: list[int]
) -> None:
    ws = wb.create_sheet(flik)
    ws.append(list(columns.values()))
    for cell in ws[1]:
        cell.font = BOLD
    for record in records:
        ws.append([record.get(key) for key in columns])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    ws.freeze_panes = "A2"


def build_workbook(data: dict[str, Any], placeholders: bool = False) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = FLIK_UPPGIFTER
    u = data[FLIK_UPPGIFTER]
    for label, value in (("Ansvar", u["ansvar"]), ("Namn", u["namn"]), ("År", u["år"])):
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = BOLD
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40

    write_drift(wb, data)
    write_investments(wb, data, placeholders)
    write_prepaid(wb, data, placeholders)

    texts = data[FLIK_TEXTER]
    write_listing(
        wb,
        FLIK_TEXTER,
        {"avsnitt": "Avsnitt", "text": "Text"},
        [{"avsnitt": s, "text": texts.get(s)} for s in TEXT_SECTIONS],
        [48, 100],
    )
    drift_texts = data[FLIK_TEXTER_DRIFT]
    write_listing(
        wb,
        FLIK_TEXTER_DRIFT,
        {"kontogrupp": "Kontogrupp", **DRIFT_TEXT_COLUMNS},
        [{"kontogrupp": row, **drift_texts.get(row, {})} for row in DRIFT_INPUT],
        [26, 60, 50, 50, 50],
    )
    write_listing(wb, FLIK_MAL, MAL_COLUMNS, data[FLIK_MAL], [6, 40, 40, 30, 20, 70])
    keytal = [{"mål_nr": g["nr"], **k} for g in data[FLIK_MAL] for k in g["nyckeltal"]]
    write_listing(wb, FLIK_NYCKELTAL, NYCKELTAL_COLUMNS, keytal, [8, 60, 12, 12, 12, 12])
    write_listing(wb, FLIK_UPPDRAG, UPPDRAG_COLUMNS, data[FLIK_UPPDRAG], [6, 50, 70, 20])
    write_listing(wb, FLIK_INTERNKONTROLL, INTERNKONTROLL_COLUMNS, data[FLIK_INTERNKONTROLL], [45, 18, 35, 30, 50, 50])
    write_listing(wb, FLIK_ARBETSMILJO, ARBETSMILJO_COLUMNS, data[FLIK_ARBETSMILJO], [45, 50, 12, 12])
    sick = data[FLIK_SJUKFRANVARO]
    write_listing(
        wb,
        FLIK_SJUKFRANVARO,
        {"rad": "Sjukfrånvaro (%)", "fg": str(YEAR - 1), "år": str(YEAR)},
        [{"rad": row, **sick[row]} for row in SICK_ROWS],
        [24, 10, 10],
    )
    for row in wb[FLIK_SJUKFRANVARO].iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "0.0"
    return wb


# --- deterministic files -------------------------------------------------------------------

FIXED_TIME = "2022-09-01T08:00:00Z"
FIXED_ZIP_TIME = (2022, 9, 1, 8, 0, 0)


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps in docProps/core.xml and in the zip, so reruns are byte-identical."""
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{FIXED_TIME}\g<3>", text
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)


def save_json(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- organisation and flat export ----------------------------------------------------------


def write_organisation() -> None:
    noder = [{"ansvar": n.ansvar, "namn": n.namn, "nivå": n.nivå, "överordnad": n.överordnad} for n in NODES]
    save_json({"kommun": KOMMUN, "noder": noder}, EXAMPLES / "organisation.json")
    wb = Workbook()
    ws = wb.active
    ws.title = "Organisation"
    ws.append(["Ansvar", "Namn", "Nivå", "Överordnad"])
    for cell in ws[1]:
        cell.font = BOLD
    for n in noder:
        ws.append([n["ansvar"], n["namn"], n["nivå"], n["överordnad"]])
    for col, width in zip("ABCD", (10, 36, 14, 12), strict=True):
        ws.column_dimensions[col].width = width
    save_workbook(wb, EXAMPLES / "organisation.xlsx")


def write_flat_export(drift: dict[str, dict[str, Amounts]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(
        [
            "Ansvar",
            "Kontogrupp",
            f"Budget {YEAR}",
            f"Prognos helår {YEAR}",
            f"Delårsbokslut {YEAR}",
            f"Delårsbokslut {YEAR - 1}",
        ]
    )
    for cell in ws[1]:
        cell.font = BOLD
    for node in reporting_nodes():
        for row in DRIFT_INPUT:
            a = drift[node.ansvar][row]
            ws.append([node.ansvar, row, a["budget"], a["prognos"], a["utfall"], a["utfall_fg"]])
    for col, width in zip("ABCDEF", (10, 26, 14, 18, 18, 18), strict=True):
        ws.column_dimensions[col].width = width
    for r in ws.iter_rows(min_row=2, min_col=3):
        for cell in r:
            cell.number_format = AMOUNT_FORMAT
    path = RUN_DIR / "ekonomisystem" / "drift-export.xlsx"
    save_workbook(wb, path)
    return path


# --- broken examples -----------------------------------------------------------------------


@dataclass(frozen=True)
class BrokenCase:
    file: str
    where: str
    what: str
    valid: bool = False


def drift_row(label: str) -> int:
    return 4 + DRIFT_ROWS.index(label)


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
        "med exakt en sak ändrad. Filerna genereras av `scripts/make_examples.py`.",
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
    keep = {n["ansvar"] for n in org["noder"] if n["nivå"] in ("kommun", "nämnd")} | {u["ansvar"]}
    nodes = [
        dict(n, överordnad=n["överordnad"] if n["nivå"] != "enhet" else "8")
        for n in org["noder"]
        if n["ansvar"] in keep
    ]
    save_json({"kommun": org["kommun"], "noder": nodes}, BROKEN_DIR / "organisation.json")


# --- reading back and checking -------------------------------------------------------------

_REF = re.compile(r"\$?([A-Z]+)\$?(\d+)")
_SUM = re.compile(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)")


def evaluate(ws: Worksheet, coord: str, seen: frozenset[str] = frozenset()) -> int:
    """The value of a cell, evaluating this script's own formulas (SUM ranges, + and −)."""
    if coord in seen:
        raise ValueError(f"circular reference at {coord}")
    value = ws[coord].value
    if value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    if not (isinstance(value, str) and value.startswith("=")):
        raise ValueError(f"{ws.title}!{coord}: not a number: {value!r}")
    expr = value[1:]

    def sum_range(m: re.Match[str]) -> str:
        col, first, last = m.group(1), int(m.group(2)), int(m.group(4))
        return str(sum(evaluate(ws, f"{col}{r}", seen | {coord}) for r in range(first, last + 1)))

    expr = _SUM.sub(sum_range, expr)
    expr = _REF.sub(lambda m: f"({evaluate(ws, m.group(0), seen | {coord})})", expr)
    if not re.fullmatch(r"[\d+\-() ]+", expr):
        raise ValueError(f"{ws.title}!{coord}: unexpected formula {value!r}")
    return int(eval(expr))  # digits, parentheses, + and − only (checked above)


def read_amounts(ws: Worksheet, row: int) -> Amounts:
    out = {}
    for key in AMOUNT_KEYS:
        value = ws[f"{COL[key]}{row}"].value
        if not isinstance(value, int):
            raise ValueError(f"{ws.title}!{COL[key]}{row}: expected an integer, got {value!r}")
        out[key] = value
    return out


def read_groups(ws: Worksheet, groups: tuple[str, ...], stop: str, part: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    current: str | None = None
    for row in range(4, ws.max_row + 1):
        label = ws.cell(row, 1).value
        if label in groups:
            current = label
            out[label] = {"projekt": []}
        elif label == part:
            out[label] = read_amounts(ws, row)
        elif label == stop:
            break
        elif label == PLACEHOLDER or label is None:
            continue
        else:
            assert current is not None, f"{ws.title}: project before the first category"
            out[current]["projekt"].append({"namn": label, **read_amounts(ws, row)})
    return out


def read_listing(ws: Worksheet, columns: dict[str, str]) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    assert header == list(columns.values()), f"{ws.title}: header {header}"
    records = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in values):
            continue
        records.append(dict(zip(columns, values, strict=True)))
    return records


def read_back(path: Path) -> dict[str, Any]:
    """Read one of this script's workbooks back into the JSON form."""
    wb = load_workbook(path)
    u = {row[0]: row[1] for row in wb[FLIK_UPPGIFTER].iter_rows(values_only=True)}
    drift_ws = wb[FLIK_DRIFT]
    assert [c.value for c in drift_ws[3]] == list(AMOUNT_HEADER)
    drift = {}
    for row in range(4, drift_ws.max_row + 1):
        label = drift_ws.cell(row, 1).value
        if label in DRIFT_INPUT:
            drift[label] = read_amounts(drift_ws, row)
    texts = {
        r["avsnitt"]: r["text"]
        for r in read_listing(wb[FLIK_TEXTER], {"avsnitt": "Avsnitt", "text": "Text"})
        if r["text"]
    }
    drift_texts = {}
    for r in read_listing(wb[FLIK_TEXTER_DRIFT], {"kontogrupp": "Kontogrupp", **DRIFT_TEXT_COLUMNS}):
        filled = {k: v for k, v in r.items() if k != "kontogrupp" and v}
        if filled:
            drift_texts[r["kontogrupp"]] = filled
    goals = read_listing(wb[FLIK_MAL], MAL_COLUMNS)
    for goal in goals:
        goal["nyckeltal"] = []
    by_nr = {g["nr"]: g for g in goals}
    for k in read_listing(wb[FLIK_NYCKELTAL], NYCKELTAL_COLUMNS):
        by_nr[k.pop("mål_nr")]["nyckeltal"].append(k)
    sick = {
        r["rad"]: {"fg": r["fg"], "år": r["år"]}
        for r in read_listing(wb[FLIK_SJUKFRANVARO], {"rad": "Sjukfrånvaro (%)", "fg": str(YEAR - 1), "år": str(YEAR)})
    }
    return {
        FLIK_UPPGIFTER: {"ansvar": u["Ansvar"], "namn": u["Namn"], "år": u["År"]},
        FLIK_DRIFT: drift,
        FLIK_INV: read_groups(wb[FLIK_INV], EIRA, TOTALA_UTGIFTER, None),
        FLIK_FORUTB: read_groups(wb[FLIK_FORUTB], (INKOMSTER,), TOTALA_INKOMSTER, VARAV_EXPLOATERING),
        FLIK_TEXTER: texts,
        FLIK_TEXTER_DRIFT: drift_texts,
        FLIK_MAL: goals,
        FLIK_UPPDRAG: read_listing(wb[FLIK_UPPDRAG], UPPDRAG_COLUMNS),
        FLIK_INTERNKONTROLL: read_listing(wb[FLIK_INTERNKONTROLL], INTERNKONTROLL_COLUMNS),
        FLIK_ARBETSMILJO: read_listing(wb[FLIK_ARBETSMILJO], ARBETSMILJO_COLUMNS),
        FLIK_SJUKFRANVARO: sick,
    }


def check_formulas(path: Path, data: dict[str, Any]) -> None:
    """The workbook's sum rows and Avv./Diff. columns evaluate to what the JSON implies."""
    wb = load_workbook(path)
    ws = wb[FLIK_DRIFT]
    expected = with_sums({row: data[FLIK_DRIFT][row] for row in DRIFT_INPUT})
    for row in DRIFT_ROWS:
        r = drift_row(row)
        for key in AMOUNT_KEYS:
            assert evaluate(ws, f"{COL[key]}{r}") == expected[row][key], (path, row, key)
        assert evaluate(ws, f"D{r}") == expected[row]["prognos"] - expected[row]["budget"], (path, row)
        assert evaluate(ws, f"G{r}") == expected[row]["utfall"] - expected[row]["utfall_fg"], (path, row)
    ws = wb[FLIK_INV]
    total_row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == TOTALA_UTGIFTER)
    projects = [p for cat in EIRA for p in data[FLIK_INV][cat]["projekt"]]
    for key in AMOUNT_KEYS:
        assert evaluate(ws, f"{COL[key]}{total_row}") == sum(p[key] for p in projects), (path, key)
    assert evaluate(ws, f"D{total_row}") == sum(p["budget"] - p["prognos"] for p in projects)
    ws = wb[FLIK_FORUTB]
    total_row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == TOTALA_INKOMSTER)
    projects = data[FLIK_FORUTB][INKOMSTER]["projekt"]
    for key in AMOUNT_KEYS:
        assert evaluate(ws, f"{COL[key]}{total_row}") == sum(p[key] for p in projects), (path, key)


def check_all(drift: dict[str, dict[str, Amounts]], cases: list[BrokenCase]) -> None:
    org = json.loads((EXAMPLES / "organisation.json").read_text("utf-8"))
    rows = list(load_workbook(EXAMPLES / "organisation.xlsx")["Organisation"].iter_rows(values_only=True))
    assert list(rows[0]) == ["Ansvar", "Namn", "Nivå", "Överordnad"]
    assert [list(r) for r in rows[1:]] == [[n["ansvar"], n["namn"], n["nivå"], n["överordnad"]] for n in org["noder"]]

    for node in reporting_nodes():
        xlsx = RUN_DIR / "excel" / f"{node.ansvar}.xlsx"
        from_json = json.loads((RUN_DIR / "json" / f"{node.ansvar}.json").read_text("utf-8"))
        from_excel = read_back(xlsx)
        if from_excel != from_json:
            for key in from_json:
                if from_json[key] != from_excel.get(key):
                    print(f"MISMATCH {node.ansvar} {key}:\n  json:  {from_json[key]}\n  excel: {from_excel.get(key)}")
            raise SystemExit(1)
        check_formulas(xlsx, from_json)
        # Signs: costs ≤ 0, intäkter ≥ 0.
        for row in COST_ROWS:
            assert all(v <= 0 for v in from_json[FLIK_DRIFT][row].values()), (node.ansvar, row)
        assert all(v >= 0 for v in from_json[FLIK_DRIFT][INTAKTER].values()), node.ansvar

    export = load_workbook(RUN_DIR / "ekonomisystem" / "drift-export.xlsx")["Export"]
    seen = set()
    for ansvar, kontogrupp, *values in export.iter_rows(min_row=2, values_only=True):
        assert dict(zip(AMOUNT_KEYS, values, strict=True)) == drift[ansvar][kontogrupp], (ansvar, kontogrupp)
        seen.add((ansvar, kontogrupp))
    assert len(seen) == len(reporting_nodes()) * len(DRIFT_INPUT)

    for case in cases:
        assert (BROKEN_DIR / case.file).exists(), case.file
    readme = (BROKEN_DIR / "README.md").read_text("utf-8")
    assert all(f"`{c.file}`" in readme for c in cases)
    assert sorted(p.name for p in BROKEN_DIR.iterdir()) == sorted(
        [c.file for c in cases] + ["README.md", "organisation.json"]
    )


# --- report --------------------------------------------------------------------------------


def print_report(drift: dict[str, dict[str, Amounts]]) -> None:
    def tree(ansvar: str, depth: int) -> None:
        node = BY_ANSVAR[ansvar]
        print(f"  {'  ' * depth}{node.ansvar:<6} {node.namn} ({node.nivå})")
        for child in children(ansvar):
            tree(child.ansvar, depth + 1)

    print("Organisation:")
    tree("1", 0)
    total = total_of(drift, [n.ansvar for n in subtree(NAMND)])
    print(f"\nNämnden {NAMND}, alla noders egna siffror summerade (tkr):")
    print(f"  {'Kontogrupp':<30}{'Budget':>12}{'Prognos':>12}{'Avv.':>10}{'Utfall':>12}{'Utfall fg':>12}")
    for row in DRIFT_ROWS:
        a = total[row]
        print(
            f"  {row:<30}{a['budget']:>12,}{a['prognos']:>12,}{a['prognos'] - a['budget']:>10,}"
            f"{a['utfall']:>12,}{a['utfall_fg']:>12,}".replace(",", " ")
        )
    for node in reporting_nodes():
        own = with_sums(drift[node.ansvar])
        gross = -own[KOSTNADER]["budget"]
        dev = own[NETTO]["prognos"] - own[NETTO]["budget"]
        print(f"  {node.ansvar:<6} {node.namn:<32} brutto {gross / 1000:6.1f} mkr, avv. netto {dev / 1000:+5.1f} mkr")


# --- main ----------------------------------------------------------------------------------


def main() -> int:
    rng = random.Random(SEED)
    for directory in (RUN_DIR, BROKEN_DIR):
        if directory.exists():
            shutil.rmtree(directory)
    EXAMPLES.mkdir(exist_ok=True)
    write_organisation()

    drift = make_drift(rng)
    sick = make_sick(rng, drift)
    base: dict[str, Any] | None = None
    for node in reporting_nodes():
        rolled = total_of(drift, [n.ansvar for n in subtree(node.ansvar)])
        data = build_json(node, drift[node.ansvar], rolled, sick[node.ansvar])
        save_json(data, RUN_DIR / "json" / f"{node.ansvar}.json")
        wb = build_workbook(data, placeholders=node.ansvar == PLACEHOLDER_WORKBOOK)
        save_workbook(wb, RUN_DIR / "excel" / f"{node.ansvar}.xlsx")
        if node.ansvar == BROKEN_BASE:
            base = data
    write_flat_export(drift)
    assert base is not None
    cases = write_broken(base)

    check_all(drift, cases)
    print_report(drift)
    files = sorted(p.relative_to(ROOT) for p in EXAMPLES.rglob("*") if p.is_file())
    print(f"\n{len(files)} files written under examples/; Excel and JSON agree, formulas add up.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
