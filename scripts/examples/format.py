"""The input format as this writer states it, from docs/indata.md: flik names, rows, columns and
each report's layout.

Deliberately not imported from `bokslut.domain`: the examples are a second, independent writer of
the format, so that the engine's reader (and its own workbook writer, which share
`bokslut.domain`) are checked against files produced from the documentation rather than from the
same declarations. A change to the format is made in docs/indata.md, bokslut/domain.py and here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .settings import EXAMPLES, YEAR

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
ARBETSMILJO_COLUMNS = {
    "mål": "Arbetsmiljömål",
    "nyckeltal": "Nyckeltal",
    "målvärde": "Målvärde",
    "nuläge": "Nuläge",
    "kommentar": "Kommentar",
}
TEXT_LISTING = {"avsnitt": "Avsnitt", "text": "Text"}
DRIFT_TEXT_LISTING = {"kontogrupp": "Kontogrupp", **DRIFT_TEXT_COLUMNS}
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

# The other reports of the year (docs/indata.md, "The other reports").
FLIK_DRIFT_MANAD = "1–11 RR skattefin övr jan-nov"
FLIK_INV_APR = "4 inv skattefin övr apr"
FLIK_FORUTB_APR = "4 förutb skattefin ALLA apr"
FLIK_DRIFT_AR = "12 RR skattefin övriga ÅB"
FLIK_INV_AR = "12 inv skattefin övr ÅB"
FLIK_FORUTB_AR = "12 förutb skattefin ALLA ÅB"
FLIK_PROGNOSSAKERHET = "12 prognossäkerhet ALLA ÅB"
FLIK_PERSONALSTATISTIK = "Personalstatistik"
FLIK_ARBETSSKADOR = "Arbetsskador och tillbud"

FORECAST_POINTS = ("Fördjupad månadsuppföljning", "Delårsbokslut")
POINT_MONTHS = dict(zip(FORECAST_POINTS, (4, 8), strict=True))  # the month of each forecast point
PERSONNEL_ROWS = (
    "Antal tillsvidareanställda",
    "Antal visstidsanställda",
    "Årsarbetare tillsvidareanställda",
    "Årsarbetare visstidsanställda",
    "Utförd tid av timanställda, årsarbetare",
    "Medelålder, år",
    "Personalomsättning (%)",
    "Andel heltidsanställda (%)",
)
INJURY_ROWS = ("Arbetsskador", "Tillbud", "Varav hot och våld")
# Stat flik → the header of its first column and its rows.
STAT_FLIKAR = {
    FLIK_PERSONALSTATISTIK: ("Personalstatistik", PERSONNEL_ROWS),
    FLIK_ARBETSSKADOR: ("Arbetsskador och tillbud (antal)", INJURY_ROWS),
    FLIK_SJUKFRANVARO: ("Sjukfrånvaro (%)", SICK_ROWS),
}


@dataclass(frozen=True)
class Layout:
    """One report's input: its folder, table flikar, amount columns and the other flikar it has."""

    key: str  # the report as bokslut names it
    folder: str
    drift_flik: str
    inv_flik: str | None
    forutb_flik: str | None
    header: tuple[str, ...]  # the amount header row, "Belopp i tkr" first
    col: dict[str, str]  # JSON key → column letter of the input columns
    # Computed columns: (letter, a, b, is a deviation from budget) for a − b; a deviation is turned
    # round (b − a) in the investment table, where an underspend is positive.
    computed: tuple[tuple[str, str, str, bool], ...]
    text_sections: tuple[str, ...]  # the rows of the Texter flik
    drift_text_keys: tuple[str, ...]  # the Texter drift columns the report shows
    full: bool = False  # Mål, Nyckeltal, Uppdrag, Internkontroll, Arbetsmiljö, Sjukfrånvaro
    forecast_flik: str | None = None
    stat_fliks: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.col)

    @property
    def letters(self) -> str:
        return "".join(sorted([*self.col.values(), *(c[0] for c in self.computed)]))

    @property
    def dir(self) -> Path:
        return EXAMPLES / self.folder


def forecast_layout(
    key: str, folder: str, text_sections: tuple[str, ...], inv_flik: str | None = None, forutb_flik: str | None = None
) -> Layout:
    """A follow-up whose figures are the budget and the prognos helår: a månadsuppföljning, or the
    fördjupad månadsuppföljning with its two project tables."""
    return Layout(
        key=key,
        folder=folder,
        drift_flik=FLIK_DRIFT_MANAD,
        inv_flik=inv_flik,
        forutb_flik=forutb_flik,
        header=("Belopp i tkr", f"Budget {YEAR}", f"Prognos helår {YEAR}", f"Avv. prognos/budget {YEAR}"),
        col={"budget": "B", "prognos": "C"},
        computed=(("D", "prognos", "budget", True),),
        text_sections=text_sections,
        drift_text_keys=("prognos", "prognosförändring"),
    )


def manad_layout(month: int) -> Layout:
    return forecast_layout("manadsuppfoljning", f"manadsuppfoljning-{YEAR}-{month:02d}", ("Inledande sammanfattning",))


DELAR = Layout(
    key="delarsbokslut",
    folder=f"delarsbokslut-{YEAR}",
    drift_flik=FLIK_DRIFT,
    inv_flik=FLIK_INV,
    forutb_flik=FLIK_FORUTB,
    header=AMOUNT_HEADER,
    col={k: COL[k] for k in AMOUNT_KEYS},
    computed=(("D", "prognos", "budget", True), ("G", "utfall", "utfall_fg", False)),
    text_sections=TEXT_SECTIONS,
    drift_text_keys=tuple(DRIFT_TEXT_COLUMNS),
    full=True,
    stat_fliks=(FLIK_SJUKFRANVARO,),
)
FORDJUPAD = forecast_layout(
    "fordjupad",
    f"fordjupad-{YEAR}-04",
    (
        "Inledande sammanfattning",
        "Investeringar – prognos och prognosförändring",
        "Förutbetalda intäkter – prognos och prognosförändring",
    ),
    FLIK_INV_APR,
    FLIK_FORUTB_APR,
)
ARSBOKSLUT = Layout(
    key="arsbokslut",
    folder=f"arsbokslut-{YEAR}",
    drift_flik=FLIK_DRIFT_AR,
    inv_flik=FLIK_INV_AR,
    forutb_flik=FLIK_FORUTB_AR,
    header=(
        "Belopp i tkr",
        f"Budget {YEAR}",
        f"Bokslut {YEAR}",
        f"Avv. bokslut/budget {YEAR}",
        f"Bokslut {YEAR - 1}",
        f"Diff. bokslut {YEAR}/{YEAR - 1}",
    ),
    col={"budget": "B", "utfall": "C", "utfall_fg": "E"},
    computed=(("D", "utfall", "budget", True), ("F", "utfall", "utfall_fg", False)),
    text_sections=(
        "Verksamhet",
        "Inledande sammanfattning",
        "Prognossäkerhet",
        "Investeringar – utfall för perioden",
        "Investeringar – jämförelse mellan åren",
        "Förutbetalda intäkter – utfall för perioden",
        "Förutbetalda intäkter – jämförelse mellan åren",
        "Omedelbara åtgärder",
        "Internkontroll",
        "Personalstatistik",
        "Rekryteringsbehov och kompetensförsörjning",
        "Arbetsmiljö",
        "Arbetsskador och tillbud",
        "Sjukfrånvaro",
    ),
    drift_text_keys=("utfall", "jämförelse"),
    full=True,
    forecast_flik=FLIK_PROGNOSSAKERHET,
    stat_fliks=(FLIK_PERSONALSTATISTIK, FLIK_ARBETSSKADOR, FLIK_SJUKFRANVARO),
)
# The follow-ups of the year whose forecast is the prognos helår, by month (8: the delårsbokslut).
FORECAST_MONTHS = (3, 4, 5, 8, 10)
FORECAST_KEYS = ("budget", "prognos")  # the figures of a forecast


def drift_row(label: str) -> int:
    """The row of a drift flik a kontogrupp is on (the header is row 3)."""
    return 4 + DRIFT_ROWS.index(label)


# The flikar of a full report that list the JSON's records as they are: columns and widths.
FLIK_FAKTORER = "Kritiska faktorer"
FAKTOR_COLUMNS = {
    "nr": "Nr",
    "faktor": "Kritisk verksamhetsfaktor",
    "utfall": f"Utfall {YEAR}",
    "utfall_fg": f"Utfall {YEAR - 1}",
    "bedömning": "Bedömning (manuell)",
    "analys": "Analys",
}
LISTINGS: dict[str, tuple[dict[str, str], list[int]]] = {
    FLIK_UPPDRAG: (UPPDRAG_COLUMNS, [6, 50, 70, 20]),
    FLIK_INTERNKONTROLL: (INTERNKONTROLL_COLUMNS, [45, 18, 35, 30, 50, 50]),
    FLIK_ARBETSMILJO: (ARBETSMILJO_COLUMNS, [45, 50, 12, 12, 70]),
    FLIK_FAKTORER: (FAKTOR_COLUMNS, [6, 40, 12, 12, 20, 80]),
}


def stat_columns(flik: str) -> dict[str, str]:
    """The columns of a stat flik: the row label, last year and this year."""
    return {"rad": STAT_FLIKAR[flik][0], "fg": str(YEAR - 1), "år": str(YEAR)}


# --- internal items (docs/indata.md, "Interna poster") -------------------------------------

FLIK_INTERNA = "Interna poster"


def internal_columns(lay: Layout) -> dict[str, str]:
    """The Interna poster flik's columns: kontogrupp, motpart and the drift flik's input columns,
    titled as there."""
    titles = {key: lay.header[ord(letter) - ord("A")] for key, letter in lay.col.items()}
    return {"kontogrupp": "Kontogrupp", "motpart": "Motpart", **titles}


# --- flik sets (docs/indata.md, "Flik sets") ----------------------------------------------

# A taxe-financed verksamhet's own table flikar per report: drift, investeringar, förutbetalda
# (None: the skattefinansierade flik, as Avfall's investments on "INV skattefin & avfall").
SET_FLIKAR: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "VA": {
        "manadsuppfoljning": ("1–11 RR VA jan-nov", None, None),
        "fordjupad": ("1–11 RR VA jan-nov", "4 inv VA apr", "4 förutb VA apr"),
        "delarsbokslut": ("8 RR VA delår", "8 inv VA delår", "8 förutb VA delår"),
        "arsbokslut": ("12 RR VA ÅB", "12 inv VA ÅB", "12 förutb VA ÅB"),
        "budget": ("RR VA", "INV VA", "Förutbet VA"),
    },
    "Avfall": {
        "manadsuppfoljning": ("1–11 RR Avfall jan-nov", None, None),
        "fordjupad": ("1–11 RR Avfall jan-nov", None, None),
        "delarsbokslut": ("8 RR Avfall delår", None, None),
        "arsbokslut": ("12 RR Avfall ÅB", None, None),
        "budget": ("RR Avfall", None, None),
    },
}


def layout_for(lay: Layout, flikar: str | None) -> Layout:
    """A report's layout for a node on flik set `flikar` (None: the skattefinansierade flikar)."""
    if flikar is None:
        return lay
    drift, inv, forutb = SET_FLIKAR[flikar][lay.key]
    return replace(
        lay,
        drift_flik=drift,
        inv_flik=inv or lay.inv_flik if lay.inv_flik else None,
        forutb_flik=forutb or lay.forutb_flik if lay.forutb_flik else None,
    )
