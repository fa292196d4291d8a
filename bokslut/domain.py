"""The domain's tables as data: rows, columns, flikar, reports, signal sets.

Everything a kommun might want to change about *what* is reported lives here (or in
`data/signaler.toml`), not in `if` statements. Adding a report is a `ReportSpec` and a mall.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import resources

from bokslut.errors import UsageProblem


class Level(StrEnum):
    KOMMUN = "kommun"
    NAMND = "nämnd"
    FORVALTNING = "förvaltning"
    AVDELNING = "avdelning"
    ENHET = "enhet"

    @property
    def rank(self) -> int:
        return list(Level).index(self)

    @property
    def plural(self) -> str:
        """ "nämnder", "enheter": a message about which levels a report is written for."""
        return {
            Level.KOMMUN: "kommuner",
            Level.NAMND: "nämnder",
            Level.FORVALTNING: "förvaltningar",
            Level.AVDELNING: "avdelningar",
            Level.ENHET: "enheter",
        }[self]

    @property
    def subject(self) -> str:
        """The definite form that opens a sentence about the node: "Nämnden", "Enheten"."""
        return {
            Level.KOMMUN: "Kommunen",
            Level.NAMND: "Nämnden",
            Level.FORVALTNING: "Förvaltningen",
            Level.AVDELNING: "Avdelningen",
            Level.ENHET: "Enheten",
        }[self]


#: The levels that follow up what is shared down to them (unit follow-ups, uppdrag status).
UNIT_LEVELS = (Level.AVDELNING, Level.ENHET)


# --- rows ----------------------------------------------------------------------------------


class RowKind(StrEnum):
    INPUT = "input"  # typed by the controller
    SUM = "sum"  # sum of other rows, recomputed
    GROUP = "group"  # a category with projects under it (its value is the sum of its projects)
    PART = "part"  # a "varav" row: part of the total, typed


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    kind: RowKind = RowKind.INPUT
    #: +1: must be ≥ 0 (intäkter, utgifter), -1: must be ≤ 0 (kostnader), 0: either.
    sign: int = 0
    sum_of: tuple[str, ...] = ()
    #: Definite form for generated sentences ("Personalkostnaderna").
    subject: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def is_input(self) -> bool:
        return self.kind in (RowKind.INPUT, RowKind.PART)


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    rows: tuple[RowSpec, ...]
    #: Avvikelse is prognos − budget (or bokslut − budget); for utgifter it is turned round,
    #: budget − prognos, so that an underspend is positive.
    deviation_reversed: bool = False
    #: Whether the table is categories with projects under them (EIRA) or one list of projects.
    has_projects: bool = False

    def row(self, key: str) -> RowSpec:
        return next(r for r in self.rows if r.key == key)

    def find_row(self, label: str) -> RowSpec | None:
        wanted = loose(label)
        for row in self.rows:
            if wanted in {loose(row.label), *(loose(a) for a in row.aliases)}:
                return row
        return None


DRIFT = TableSpec(
    key="drift",
    title="Drift",
    rows=(
        RowSpec("intakter", "Verksamhetens intäkter", sign=+1, subject="Verksamhetens intäkter"),
        RowSpec("personal", "Personalkostnader", sign=-1, subject="Personalkostnaderna"),
        RowSpec("lokalhyror", "Lokalhyror", sign=-1, subject="Lokalhyrorna"),
        RowSpec("kop", "Köp av tjänster", sign=-1, subject="Köp av tjänster"),
        RowSpec("ovriga", "Övriga kostnader", sign=-1, subject="Övriga kostnader"),
        RowSpec(
            "kostnader",
            "Verksamhetens kostnader",
            RowKind.SUM,
            sum_of=("personal", "lokalhyror", "kop", "ovriga"),
            subject="Verksamhetens kostnader",
        ),
        RowSpec(
            "netto",
            "Verksamhetens nettokostnader",
            RowKind.SUM,
            sum_of=("intakter", "kostnader"),
            subject="Verksamhetens nettokostnader",
        ),
        RowSpec("kommunbidrag", "Kommunbidrag", sign=+1, subject="Kommunbidraget"),
        RowSpec("finansnetto", "Finansnetto", subject="Finansnettot"),
        RowSpec(
            "resultat",
            "Årets resultat",
            RowKind.SUM,
            sum_of=("netto", "kommunbidrag", "finansnetto"),
            subject="Årets resultat",
        ),
    ),
)

EIRA = ("expansion", "exploatering", "image", "reinvestering", "anpassning")

INVESTERINGAR = TableSpec(
    key="investeringar",
    title="Investeringar",
    deviation_reversed=True,
    has_projects=True,
    rows=(
        RowSpec("expansion", "Expansionsinvestering", RowKind.GROUP, sign=+1),
        RowSpec(
            "exploatering",
            "Expansionsinvestering – Exploatering",
            RowKind.GROUP,
            sign=+1,
            aliases=("Exploatering", "varav exploatering"),
        ),
        RowSpec("image", "Imageinvestering", RowKind.GROUP, sign=+1),
        RowSpec("reinvestering", "Reinvestering", RowKind.GROUP, sign=+1),
        RowSpec("anpassning", "Anpassningsinvestering", RowKind.GROUP, sign=+1),
        RowSpec("totalt", "Totala utgifter", RowKind.SUM, sum_of=EIRA),
    ),
)

FORUTBETALDA = TableSpec(
    key="forutbetalda",
    title="Förutbetalda intäkter som periodiseras över sin nyttjandetid",
    has_projects=True,
    rows=(
        RowSpec("inkomster", "Inkomster", RowKind.GROUP, sign=+1),
        RowSpec("varav_exploatering", "– varav exploatering", RowKind.PART, sign=+1, aliases=("varav exploatering",)),
        RowSpec("totalt", "Totala inkomster", RowKind.SUM, sum_of=("inkomster",)),
    ),
)

TABLES = {t.key: t for t in (DRIFT, INVESTERINGAR, FORUTBETALDA)}


# --- columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    #: Header as in the mall; {år} and {fg} (föregående år) are filled in.
    header: str
    #: For a computed column, the two columns it is the difference of (a − b).
    difference: tuple[str, str] | None = None
    #: A deviation from budget: turned round (b − a) in a table whose deviation is reversed.
    deviation: bool = False

    @property
    def is_input(self) -> bool:
        return self.difference is None

    def title(self, year: int) -> str:
        return self.header.format(år=year, fg=year - 1, p1=year + 1, p2=year + 2, p3=year + 3, p4=year + 4)

    def operands(self, table: TableSpec) -> tuple[str, str]:
        """The columns this one is computed from, in the order of the subtraction."""
        assert self.difference is not None
        a, b = self.difference
        return (b, a) if self.deviation and table.deviation_reversed else (a, b)


FORECAST_COLUMNS = (
    ColumnSpec("budget", "Budget {år}"),
    ColumnSpec("prognos", "Prognos helår {år}"),
    ColumnSpec("avvikelse", "Avv. prognos/budget {år}", difference=("prognos", "budget"), deviation=True),
)

DELAR_COLUMNS = (
    *FORECAST_COLUMNS,
    ColumnSpec("utfall", "Delårsbokslut {år}"),
    ColumnSpec("utfall_fg", "Delårsbokslut {fg}"),
    ColumnSpec("diff", "Diff. utfall {fg}/{år}", difference=("utfall", "utfall_fg")),
)

ARSBOKSLUT_COLUMNS = (
    ColumnSpec("budget", "Budget {år}"),
    ColumnSpec("utfall", "Bokslut {år}"),
    ColumnSpec("avvikelse", "Avv. bokslut/budget {år}", difference=("utfall", "budget"), deviation=True),
    ColumnSpec("utfall_fg", "Bokslut {fg}"),
    ColumnSpec("diff", "Diff. bokslut {år}/{fg}", difference=("utfall", "utfall_fg")),
)

#: The budget's columns: last year's decided budget, this year's, and the plan years. The drift
#: table plans two years ahead, the investment and förutbetalda tables four (`ReportSpec.table_columns`).
PLAN_COLUMNS = (
    ColumnSpec("budget_fg", "Budget {fg}"),
    ColumnSpec("budget", "Budget {år}"),
    ColumnSpec("plan_1", "Plan {p1}"),
    ColumnSpec("plan_2", "Plan {p2}"),
    ColumnSpec("plan_3", "Plan {p3}"),
    ColumnSpec("plan_4", "Plan {p4}"),
)
#: The drift table's columns in the budget (Ekonomiska ramar).
PLAN_DRIFT_COLUMNS = ("budget_fg", "budget", "plan_1", "plan_2")

# --- texts and other flikar ----------------------------------------------------------------

#: The free texts of the Texter flik, in the document's order: key → label in the flik.
TEXTS = {
    "verksamhet": "Verksamhet",
    "inledande_sammanfattning": "Inledande sammanfattning",
    "prognossakerhet": "Prognossäkerhet",
    "investeringar_prognos": "Investeringar – prognos och prognosförändring",
    "investeringar_utfall": "Investeringar – utfall för perioden",
    "investeringar_jamforelse": "Investeringar – jämförelse mellan åren",
    "forutbetalda_prognos": "Förutbetalda intäkter – prognos och prognosförändring",
    "forutbetalda_utfall": "Förutbetalda intäkter – utfall för perioden",
    "forutbetalda_jamforelse": "Förutbetalda intäkter – jämförelse mellan åren",
    "omedelbara_atgarder": "Omedelbara åtgärder",
    "internkontroll": "Internkontroll",
    "personalstatistik": "Personalstatistik",
    "rekrytering": "Rekryteringsbehov och kompetensförsörjning",
    "arbetsmiljo": "Arbetsmiljö",
    "arbetsskador": "Arbetsskador och tillbud",
    "sjukfranvaro": "Sjukfrånvaro",
}

#: The free texts of the budget's text flik, in the mall's order: key → label in the flik.
BUDGET_TEXTS = {
    "inledning": "Inledning",
    "ekonomiska_ramar": "Ekonomiska ramar",
    "investeringsbudget": "Investeringsbudget",
    "forutbetalda": "Förutbetalda intäkter",
    "arbetsmiljo": "Arbetsmiljö och sjukfrånvaro",
    "riskanalys": "Väsentlighets- och riskanalys",
}

#: The per-kontogrupp texts under the drift table: key → column header in "Texter drift".
DRIFT_TEXTS = {
    "prognos": "Prognos",
    "prognosforandring": "Prognosförändring",
    "utfall": "Utfall för perioden",
    "jamforelse": "Jämförelse mellan åren",
}


@dataclass(frozen=True)
class StatTable:
    """A personnel table: a row per measure, last year and this year, and the change.

    Not summed up the organisation (percentages and averages do not add): each node reports its own.
    """

    key: str
    flik: str
    #: the header of the first column, which is also how the reader finds the header row
    first: str
    rows: tuple[str, ...]
    #: the header of the change column
    change: str
    #: decimals of every row (the workbook's number format too); None: per row, see `places_of`
    places: int | None = None
    #: rows that are counts of people or events, shown without decimals
    counts: tuple[str, ...] = ()

    def places_of(self, row: str) -> int:
        """Decimals shown for a row, the same in both years and the change (64 % reads 64,0):
        counts none, rates, årsarbetare and ages one."""
        if self.places is not None:
            return self.places
        return 0 if row in self.counts else 1


SICK_LEAVE = StatTable(
    "sjukfranvaro",
    "Sjukfrånvaro",
    "Sjukfrånvaro (%)",
    (
        "Total sjukfrånvaro",
        "Kvinnor",
        "Män",
        "29 år och yngre",
        "30–49 år",
        "50 år och äldre",
        "Dag 1–14",
        "Dag 15–59",
        "Dag 60 och längre",
    ),
    "Förändring (procentenheter)",
    places=1,
)
PERSONNEL = StatTable(
    "personalstatistik",
    "Personalstatistik",
    "Personalstatistik",
    (
        "Antal tillsvidareanställda",
        "Antal visstidsanställda",
        "Årsarbetare tillsvidareanställda",
        "Årsarbetare visstidsanställda",
        "Utförd tid av timanställda, årsarbetare",
        "Medelålder, år",
        "Personalomsättning (%)",
        "Andel heltidsanställda (%)",
    ),
    "Förändring",
    counts=("Antal tillsvidareanställda", "Antal visstidsanställda"),
)
INJURIES = StatTable(
    "arbetsskador",
    "Arbetsskador och tillbud",
    "Arbetsskador och tillbud (antal)",
    ("Arbetsskador", "Tillbud", "Varav hot och våld"),
    "Förändring",
    places=0,
)
SICK_LEAVE_ROWS = SICK_LEAVE.rows
STAT_TABLES = {t.key: t for t in (SICK_LEAVE, PERSONNEL, INJURIES)}

#: The rows of the prognossäkerhet flik: the earlier forecasts of Årets resultat.
#: The flik of internal items: its first columns (the amounts follow, titled as the drift's columns).
INTERNAL_HEADER = ("Kontogrupp", "Motpart")


def internal_rows() -> tuple[RowSpec, ...]:
    """The drift rows an internal item may be part of: intäkter and the cost rows, whose sign
    says which side of a sale it is (kommunbidrag and finansnetto are not sales between units)."""
    return tuple(r for r in DRIFT.rows if r.kind is RowKind.INPUT and r.sign != 0 and r.key != "kommunbidrag")


FORECAST_POINTS = {"fordjupad": "Fördjupad månadsuppföljning", "delar": "Delårsbokslut"}
#: The report whose forecast of Årets resultat each prognossäkerhet row is.
FORECAST_POINT_REPORTS = {"fordjupad": "fordjupad", "delar": "delarsbokslut"}


@dataclass(frozen=True)
class FlikNames:
    """The names of the text flikar, the same in every report's workbook."""

    uppgifter: str = "Uppgifter"
    texter: str = "Texter"
    texter_drift: str = "Texter drift"
    mal: str = "Mål"
    nyckeltal: str = "Nyckeltal"
    uppdrag: str = "Uppdrag"
    internkontroll: str = "Internkontroll"
    arbetsmiljo: str = "Arbetsmiljö"
    sjukfranvaro: str = SICK_LEAVE.flik
    faktorer: str = "Kritiska faktorer"
    #: the internal part of the drift figures, with its counterparty (motpart)
    interna: str = "Interna poster"
    #: the budget's own flikar (Nämndens budget): the plan that the follow-ups report on
    budgettexter: str = "Budget texter"
    budgetmal: str = "Budget mål"
    budgetnyckeltal: str = "Budget nyckeltal"
    budgetuppdrag: str = "Budget uppdrag"
    budgetarbetsmiljo: str = "Budget arbetsmiljö"
    risker: str = "Väsentlighets- och riskanalys"
    kontrollplan: str = "Internkontrollplan"


@dataclass(frozen=True)
class ListingSpec:
    """A list flik (goals, uppdrag, ...): its columns, JSON key → header as in the workbook.

    Headers may hold {år}, {fg} and {fg2} (two years back). `definition` are the columns the
    level above sets (the goal itself, the control point); the others are what the unit reports.
    """

    key: str
    columns: tuple[tuple[str, str], ...]
    definition: tuple[str, ...] = ()
    #: the signal column, if any: report attribute naming its signal set ("goal_signals")
    signals: str | None = None
    #: the report attribute naming the set an avdelning or enhet uses instead, if it differs
    unit_signals: str | None = None
    #: columns a flik may leave out (the reader finds the header row without them)
    optional: tuple[str, ...] = ()
    #: what to fill, in the generated workbook: under the flik's title and on the Instruktion flik
    hint: str = ""
    #: headers an avdelning's or enhet's workbook names otherwise (an uppdrag's Status), key → header;
    #: the reader accepts the plain header too (`header_sets`)
    unit_columns: tuple[tuple[str, str], ...] = ()

    def headers(self, year: int, *, unit: bool = False) -> dict[str, str]:
        renamed = dict(self.unit_columns) if unit else {}
        return {k: renamed.get(k, h).format(år=year, fg=year - 1, fg2=year - 2) for k, h in self.columns}

    def header_sets(self, year: int) -> list[dict[str, str]]:
        """The headers a flik may have: a unit's (when they differ) first, then the plain ones."""
        return [self.headers(year, unit=True), self.headers(year)] if self.unit_columns else [self.headers(year)]

    def label(self, key: str, level: Level | None) -> str:
        """The header of column `key` as a node of `level` sees it ("Status" for a unit's uppdrag)."""
        return self.headers(0, unit=level in UNIT_LEVELS)[key]


LISTINGS = {
    s.key: s
    for s in (
        ListingSpec(
            "mal",
            (
                ("nr", "Nr"),
                ("prioriterat_mål", "Prioriterat mål"),
                ("nämndens_mål", "Nämndens mål"),
                ("agenda_2030", "Agenda 2030"),
                ("bedömning", "Bedömning"),
                ("kommentar", "Kommentar"),
            ),
            definition=("nr", "prioriterat_mål", "nämndens_mål", "agenda_2030"),
            signals="goal_signals",
        ),
        ListingSpec(
            "nyckeltal",
            (
                ("mål_nr", "Mål nr"),
                ("namn", "Nyckeltal"),
                ("mål", "Mål {år}"),
                ("utfall", "Utfall {år}"),
                ("utfall_fg", "Utfall {fg}"),
                ("utfall_fg2", "Utfall {fg2}"),
            ),
            definition=("mål_nr", "namn", "mål"),
        ),
        ListingSpec(
            "uppdrag",
            (("nr", "Nr"), ("uppdrag", "Uppdrag"), ("redogörelse", "Redogörelse"), ("bedömning", "Bedömning")),
            definition=("nr", "uppdrag"),
            signals="assignment_signals",
            unit_signals="unit_assignment_signals",
            # the unit instructions: "Gör en bedömning av statusen … se din kommentar och status"
            unit_columns=(("bedömning", "Status"),),
        ),
        ListingSpec(
            "internkontroll",
            (
                ("vad", "Vad kontrolleras?"),
                ("frekvens", "Frekvens"),
                ("metod", "Metod"),
                ("bedömning", "Bedömning"),
                ("resultat", "Resultat"),
                ("åtgärd", "Åtgärd"),
            ),
            definition=("vad", "frekvens", "metod"),
            signals="control_signals",
        ),
        ListingSpec(
            "arbetsmiljo",
            (
                ("mål", "Arbetsmiljömål"),
                ("nyckeltal", "Nyckeltal"),
                ("målvärde", "Målvärde"),
                ("nuläge", "Nuläge"),
                ("kommentar", "Kommentar"),
            ),
            definition=("mål", "nyckeltal", "målvärde"),
            optional=("kommentar",),
        ),
        # A unit's follow-up of the kritiska verksamhetsfaktorer shared to it: one row per factor.
        # The målvärde and the rule come from the shared definition (`bokslut.shared`); the unit
        # gives its utfall, last year's, and may type a bedömning to override the rule's.
        ListingSpec(
            "faktorer",
            (
                ("nr", "Nr"),
                ("faktor", "Kritisk verksamhetsfaktor"),
                ("utfall", "Utfall {år}"),
                ("utfall_fg", "Utfall {fg}"),
                ("bedömning", "Bedömning (manuell)"),
                ("analys", "Analys"),
            ),
            definition=("nr", "faktor"),
            signals="factor_signals",
            optional=("faktor", "bedömning"),
            hint=(
                "En rad per kritisk verksamhetsfaktor som har delats till er. Skriv årets och förra årets "
                "utfall som de står i nyckeltalet (t.ex. 7,4 % eller 3) och en analys. Lämna Bedömning tom "
                "så räknas den fram med regeln och målvärdet; välj en bedömning i listan bara för att sätta "
                "den manuellt."
            ),
        ),
        # --- the budget (Nämndens budget): what the nämnd decides for the year ---
        ListingSpec(
            "budgetmal",
            (
                ("nr", "Nr"),
                ("prioriterat_mål", "Prioriterat mål"),
                ("indikator", "Indikator"),
                ("nämndens_mål", "Nämndens mål"),
                ("agenda_2030", "Koppling till Agenda 2030"),
                ("motivering", "Motivering"),
            ),
            definition=("nr", "prioriterat_mål", "indikator", "nämndens_mål", "agenda_2030"),
            optional=("indikator", "motivering"),
            hint=(
                "En rad per nämndmål med dess styrkedja: det prioriterade målet och fullmäktiges indikator som "
                "målet ska påverka (lämna Indikator tom för ett eget mål och motivera det). Nyckeltalen står "
                "på fliken Budget nyckeltal med målets nummer."
            ),
        ),
        ListingSpec(
            "budgetnyckeltal",
            (
                ("mål_nr", "Mål nr"),
                ("namn", "Uppföljning/Nyckeltal"),
                ("målvärde", "Målvärde {år}"),
                ("nuläge", "Nuläge {fg}"),
            ),
            definition=("mål_nr", "namn", "målvärde"),
        ),
        ListingSpec(
            "budgetuppdrag",
            (("nr", "Nr"), ("uppdrag", "Uppdrag"), ("från", "Från"), ("beskrivning", "Beskrivning")),
            definition=("nr", "uppdrag"),
            optional=("beskrivning",),
            hint="Från: Kommunfullmäktige eller Nämnden.",
        ),
        ListingSpec(
            "budgetarbetsmiljo",
            (
                ("mål", "Arbetsmiljömål"),
                ("nyckeltal", "Nyckeltal"),
                ("målvärde", "Målvärde {år}"),
                ("nuläge", "Nuläge {fg}"),
            ),
            definition=("mål", "nyckeltal", "målvärde"),
        ),
        ListingSpec(
            "risker",
            (
                ("nr", "Nr"),
                ("risk", "Risk – beskrivning"),
                ("process", "Process"),
                ("sannolikhet", "Sannolikhet"),
                ("konsekvens", "Konsekvens"),
                ("riskvärde", "Riskvärde"),
                ("hantering", "Hantering"),
            ),
            definition=("nr", "risk", "process", "sannolikhet", "konsekvens", "hantering"),
            optional=("process", "riskvärde"),
            hint=(
                "Sannolikhet och konsekvens 1–4; riskvärdet är sannolikhet × konsekvens (räknas fram). "
                "Hantering efter riskvärdet: 1–4 Ingen åtgärd; 6–12 Mål, Internkontrollpunkt eller Kritisk "
                "verksamhetsfaktor; 16 Omedelbar åtgärd."
            ),
        ),
        ListingSpec(
            "kontrollplan",
            (
                ("risk", "Identifierad risk"),
                ("process", "Process"),
                ("riskvärde", "Riskvärde"),
                ("vad", "Vad ska kontrolleras?"),
                ("metod", "Metod"),
                ("frekvens", "Frekvens"),
                ("ansvarig", "Ansvarig"),
                ("rapporteras_till", "Rapporteras till"),
                ("uppföljning", "Uppföljning"),
            ),
            definition=("risk", "vad", "metod", "frekvens", "ansvarig", "rapporteras_till", "uppföljning"),
            optional=("process", "riskvärde", "rapporteras_till"),
            hint=(
                "En rad per internkontrollpunkt. Identifierad risk: riskens beskrivning som på fliken "
                "Väsentlighets- och riskanalys (varje risk med riskvärde 6–12 som hanteras som "
                "internkontrollpunkt ska finnas här)."
            ),
        ),
    )
}

# --- the risk rule (Väsentlighets- och riskanalys) -------------------------------------------


@dataclass(frozen=True)
class RiskHandling:
    """A way a risk is handled, as the analysis's Hantering column names it."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        return loose(text) in {loose(self.key), loose(self.label), *(loose(a) for a in self.aliases)}


RISK_HANDLINGS = {
    h.key: h
    for h in (
        RiskHandling("ingen_atgard", "Ingen åtgärd", ("Ingen", "Inga åtgärder", "Åtgärder bedöms ej nödvändiga")),
        RiskHandling("mal", "Mål", ("Nämndmål", "Mål i nämndens budget")),
        RiskHandling("internkontrollpunkt", "Internkontrollpunkt", ("Internkontroll", "Internkontrollplan")),
        RiskHandling("kritisk_faktor", "Kritisk verksamhetsfaktor", ("Kritisk faktor",)),
        RiskHandling("omedelbar_atgard", "Omedelbar åtgärd", ("Omedelbar",)),
    )
}


@dataclass(frozen=True)
class RiskBand:
    """Risk values from `low` to `high` and the hanteringar that fit them (the seed's "Hantera risker")."""

    low: int
    high: int
    handlings: tuple[str, ...]
    #: what a value in the band means, as a message says it
    meaning: str
    #: whether a risk in the band may leave Hantering empty
    optional: bool = False

    @property
    def span(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    def labels(self) -> str:
        """The fitting hanteringar in a sentence: "Mål, Internkontrollpunkt eller Kritisk verksamhetsfaktor"."""
        names = [f"”{RISK_HANDLINGS[k].label}”" for k in self.handlings]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " eller " + names[-1]


#: Sannolikhet and konsekvens are each 1–4; the riskvärde is their product.
RISK_SCALE = (1, 4)
RISK_BANDS = (
    RiskBand(1, 4, ("ingen_atgard",), "åtgärder bedöms ej nödvändiga", optional=True),
    RiskBand(
        6,
        12,
        ("mal", "internkontrollpunkt", "kritisk_faktor"),
        "risken formuleras som mål, tas in i internkontrollplanen eller följs som kritisk verksamhetsfaktor",
    ),
    RiskBand(16, 16, ("omedelbar_atgard",), "risken måste åtgärdas direkt, som omedelbar åtgärd"),
)
#: The hantering whose risks must each have a row in the internkontrollplan.
CONTROL_HANDLING = "internkontrollpunkt"


def risk_band(value: int) -> RiskBand | None:
    return next((b for b in RISK_BANDS if b.low <= value <= b.high), None)


def risk_handling(text: str) -> RiskHandling | None:
    return next((h for h in RISK_HANDLINGS.values() if h.matches(text)), None)


#: The Texter flik's header, and the first header of Texter drift (the rest are DRIFT_TEXTS).
TEXTS_HEADER = ("Avsnitt", "Text")
DRIFT_TEXTS_FIRST = "Kontogrupp"
#: The prognossäkerhet flik's header: the first column names the point, then these.
FORECAST_HEADER = ("Avstämningstillfälle", "Prognos", "Avvikelse från bokslut")


# --- reports -------------------------------------------------------------------------------


class Sentence(StrEnum):
    """Which generated first sentence opens a text under a table."""

    FORECAST = "forecast"  # prognos against budget
    PERIOD = "period"  # the period's utfall against the periodised budget
    COMPARISON = "comparison"  # utfall against the same period last year
    OUTCOME = "outcome"  # the year's bokslut against budget
    CHANGE = "change"  # prognos against the previous follow-up's (from the store)
    NONE = "none"  # the author's text only


@dataclass(frozen=True)
class TextSection:
    """A heading under a table, the text key it shows and the sentence that opens it."""

    text: str  # key in DRIFT_TEXTS, or the suffix of "investeringar_…" in TEXTS
    heading: str
    sentence: Sentence


#: The sections a document can have; a report lists those it has, the mall shows them.
SECTIONS = (
    "verksamhet",
    "mal",
    "uppdrag",
    "kontroll",
    "drift",
    "prognossakerhet",
    "investeringar",
    "forutbetalda",
    "personal",
    "underlag",
)


@dataclass(frozen=True)
class SharedKind:
    """A kind of item the level above shares down to its units, and what each place calls it."""

    key: str
    #: the field of the owner's file that lists them (`shared.PlanFile`)
    plan_field: str
    #: the word for one in a message, with the participle that agrees with it ("målet är delat")
    word: str
    participle: str
    #: the unit's input field (the validated model) and the `FlikNames` attribute of its flik
    input_field: str
    #: the `UnitData` attribute that holds the unit's rows
    unit_field: str
    #: the attribute of a unit's row that names the item, and the one with the unit's own words
    title: str
    comment: str
    #: the JSON key (and workbook column) of the row's name
    title_key: str

    def flik(self, names: FlikNames) -> str:
        return str(getattr(names, self.input_field))


SHARED_KINDS = {
    kind.key: kind
    for kind in (
        SharedKind("mal", "namndmal", "Nämndmålet", "delat", "mal", "goals", "namndmal", "kommentar", "nämndens_mål"),
        SharedKind(
            "arbetsmiljo", "arbetsmiljomal", "Arbetsmiljömålet", "delat", "arbetsmiljo", "work_environment", "mal",
            "kommentar", "mål",
        ),
        SharedKind(
            "faktor", "kritiska_faktorer", "Den kritiska faktorn", "delad", "faktorer", "factors", "faktor", "analys",
            "faktor",
        ),
        SharedKind(
            "kontroll", "internkontroll", "Internkontrollpunkten", "delad", "internkontroll", "controls", "vad",
            "resultat", "vad",
        ),
        SharedKind(
            "uppdrag", "uppdrag", "Uppdraget", "delat", "uppdrag", "assignments", "uppdrag", "redogorelse", "uppdrag"
        ),
    )
}  # fmt: skip


#: The sections of a unit's follow-up (avdelning, enhet), in the document's order.
UNIT_SECTIONS = ("mal", "arbetsmiljo", "faktorer", "kontroll", "uppdrag", "drift")


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str
    template: str
    #: the months the report can be made per; the first is the default
    months: tuple[int, ...]
    columns: tuple[ColumnSpec, ...]
    #: table key → flik name in the kommun's workbook
    table_fliks: dict[str, str]
    sections: tuple[str, ...]
    drift_texts: tuple[TextSection, ...]
    #: the texts under the investment and förutbetalda tables ("prognos" → investeringar_prognos)
    project_texts: tuple[TextSection, ...] = ()
    #: the personnel tables the report has, in order
    stat_tables: tuple[str, ...] = ()
    #: the flik with the earlier forecasts (årsbokslut)
    forecast_flik: str | None = None
    goal_signals: str = "mal_delar"
    assignment_signals: str = "uppdrag_delar"
    control_signals: str = "internkontroll"
    fliks: FlikNames = field(default_factory=FlikNames)
    #: the report in definite form: "till delårsbokslutet", "hör till årsbokslutet"
    period_word: str = ""
    #: whether the period's figures are a forecast ("prognostiserar") or the year's outcome
    final: bool = False
    #: a unit follow-up reads the same input as this report (its key) and adds its own flikar
    input_of: str | None = None
    #: the levels the report is rendered for (None: every node from the nämnder down)
    levels: tuple[Level, ...] | None = None
    #: the uppdrag signals of an avdelning or enhet: a status, not a bedömning
    unit_assignment_signals: str = "uppdrag_status_delar"
    factor_signals: str = "kritisk_faktor"
    trend_signals: str = "trend"
    #: the drift rows and columns a unit follow-up shows in brief
    brief_rows: tuple[str, ...] = ()
    brief_columns: tuple[str, ...] = ()
    #: the free texts of its text flik, key → label (the budget has its own)
    texts: dict[str, str] = field(default_factory=lambda: dict(TEXTS))
    #: a table that shows only some of the columns, table key → column keys (the budget's drift)
    table_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the year's plan (Nämndens budget), decided before the year, rather than a follow-up
    plan: bool = False
    #: the levels a document is written for, when fewer than those that give input (the budget:
    #: every ansvar has its budget, the nämnd and the förvaltning a document)
    render_levels: tuple[Level, ...] | None = None
    #: the kommun's sammanställning of the report `input_of` names: one document for the kommun,
    #: made of that report's inputs and period (its nämnder, their decisions)
    summary: bool = False

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def columns_of(self, table: str) -> tuple[ColumnSpec, ...]:
        """The columns of one of its tables: all the report's, unless the table shows fewer."""
        keys = self.table_columns.get(table)
        return self.columns if keys is None else tuple(c for c in self.columns if c.key in keys)

    def input_columns_of(self, table: str) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns_of(table) if c.is_input)

    @property
    def input_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.is_input)

    def has(self, section: str) -> bool:
        return section in self.sections

    @property
    def is_unit_report(self) -> bool:
        return self.input_of is not None and not self.summary

    def assignment_set(self, level: Level | None) -> str:
        """The uppdrag signals at `level`: avdelningar and enheter report a status."""
        return self.signal_set_of("uppdrag", level) or self.assignment_signals

    def signal_set_of(self, listing: str, level: Level | None) -> str | None:
        """The signal set whose labels a list flik's Bedömning takes at a node of `level` (None:
        a node outside the organisation): what validation accepts and the workbook offers."""
        spec = LISTINGS[listing]
        attribute = spec.unit_signals if spec.unit_signals and level in UNIT_LEVELS else spec.signals
        return str(getattr(self, attribute)) if attribute else None

    @property
    def per_month(self) -> bool:
        """Named by its month ("per april"), unlike the delårsbokslut and årsbokslut."""
        return self.months not in ((8,), (12,)) and not self.plan

    @property
    def own_month(self) -> int | None:
        """The month the report is always made per (augusti for the delårsbokslut); None for the
        månadsuppföljning, which is made per any of its months and must be told which."""
        return self.months[0] if len(self.months) == 1 else None

    def period(self, year: int, month: int | None = None) -> Period:
        """The period of this report in `year` per `month` (by default its own month). A month the
        report is not made per, or none for the månadsuppföljning, is a usage problem."""
        months = ", ".join(MONTHS[m - 1] for m in sorted(self.months))
        if month is None:
            if self.own_month is None:
                last = MONTHS[max(self.months) - 1]
                raise UsageProblem(
                    f"Ange --månad för {self.title.lower()} som ett tal, {min(self.months)}–{max(self.months)} "
                    f"(t.ex. --månad {max(self.months)} för {last})."
                )
            month = self.own_month
        elif month not in self.months:
            raise UsageProblem(f"{self.title} görs inte per {MONTHS[month - 1]}; den görs per {months}.")
        # a sammanställning is made of its report's period: the inputs and decisions stored for it
        return Period(year, month, self.input_of if self.summary and self.input_of else self.key)

    def title_for(self, year: int, month: int) -> str:
        """The document's title: "Delårsbokslut 2022", "Månadsuppföljning per mars 2022", "Nämndens
        budget 2022 med plan 2023–2024"."""
        if self.plan:
            return f"{self.title} {year} med plan {year + 1}–{year + 2}"
        return f"{self.title} per {MONTHS[month - 1]} {year}" if self.per_month else f"{self.title} {year}"

    def file_key(self, year: int, month: int) -> str:
        """The run's folder name: "delarsbokslut-2022", "fordjupad-2022-04"."""
        return f"{self.key}-{year}-{month:02d}" if self.per_month else f"{self.key}-{year}"


_FORECAST_TEXTS = (
    TextSection("prognos", "Prognos", Sentence.FORECAST),
    TextSection("prognosforandring", "Prognosförändring", Sentence.CHANGE),
)

MANADSUPPFOLJNING = ReportSpec(
    key="manadsuppfoljning",
    title="Månadsuppföljning",
    template="manadsuppfoljning.docx",
    months=tuple(range(1, 12)),
    columns=FORECAST_COLUMNS,
    table_fliks={"drift": "1–11 RR skattefin övr jan-nov"},
    sections=("drift",),
    drift_texts=_FORECAST_TEXTS,
    period_word="månadsuppföljningen",
)

FORDJUPAD = ReportSpec(
    key="fordjupad",
    title="Fördjupad månadsuppföljning",
    template="fordjupad.docx",
    months=(4,),
    columns=FORECAST_COLUMNS,
    table_fliks={
        "drift": "1–11 RR skattefin övr jan-nov",
        "investeringar": "4 inv skattefin övr apr",
        "forutbetalda": "4 förutb skattefin ALLA apr",
    },
    sections=("drift", "investeringar", "forutbetalda"),
    drift_texts=_FORECAST_TEXTS,
    project_texts=(TextSection("prognos", "Prognos", Sentence.FORECAST),),
    period_word="den fördjupade månadsuppföljningen",
)

_DELAR_TEXTS = (
    TextSection("prognos", "Prognos och prognosförändring", Sentence.FORECAST),
    TextSection("utfall", "Utfall för perioden", Sentence.PERIOD),
    TextSection("jamforelse", "Jämförelse mellan åren", Sentence.COMPARISON),
)
_YEAR_TEXTS = (
    TextSection("utfall", "Utfall för året", Sentence.OUTCOME),
    TextSection("jamforelse", "Jämförelse mellan åren", Sentence.COMPARISON),
)

DELARSBOKSLUT = ReportSpec(
    key="delarsbokslut",
    title="Delårsbokslut",
    template="delarsbokslut.docx",
    months=(8,),
    columns=DELAR_COLUMNS,
    table_fliks={
        "drift": "8 RR skattefin övriga delår",
        "investeringar": "8 inv skattefin övriga delår",
        "forutbetalda": "8 förutb skattefin ALLA delår",
    },
    sections=tuple(s for s in SECTIONS if s != "prognossakerhet"),
    drift_texts=_DELAR_TEXTS,
    project_texts=_DELAR_TEXTS,
    stat_tables=("sjukfranvaro",),
    period_word="delårsbokslutet",
)

ARSBOKSLUT = ReportSpec(
    key="arsbokslut",
    title="Årsbokslut",
    template="arsbokslut.docx",
    months=(12,),
    columns=ARSBOKSLUT_COLUMNS,
    table_fliks={
        "drift": "12 RR skattefin övriga ÅB",
        "investeringar": "12 inv skattefin övr ÅB",
        "forutbetalda": "12 förutb skattefin ALLA ÅB",
    },
    sections=SECTIONS,
    drift_texts=_YEAR_TEXTS,
    project_texts=_YEAR_TEXTS,
    stat_tables=("personalstatistik", "arbetsskador", "sjukfranvaro"),
    forecast_flik="12 prognossäkerhet ALLA ÅB",
    period_word="årsbokslutet",
    final=True,
    unit_assignment_signals="uppdrag_status_ar",
)

_UNIT_BRIEF_ROWS = ("intakter", "personal", "kostnader", "netto", "resultat")

#: The units' own follow-up (avdelning and enhet) at the delårsbokslut and the årsbokslut. They
#: read the same workbooks as the nämnd's report (same flikar and columns) and render
#: templates/enhetsuppfoljning.docx for avdelningar and enheter only.
DELARSBOKSLUT_ENHET = replace(
    DELARSBOKSLUT,
    key="delarsbokslut-enhet",
    title="Uppföljning delårsbokslut",
    template="enhetsuppfoljning.docx",
    sections=UNIT_SECTIONS,
    input_of=DELARSBOKSLUT.key,
    levels=(Level.AVDELNING, Level.ENHET),
    brief_rows=_UNIT_BRIEF_ROWS,
    brief_columns=("budget", "prognos", "avvikelse"),
)
ARSBOKSLUT_ENHET = replace(
    ARSBOKSLUT,
    key="arsbokslut-enhet",
    title="Uppföljning årsbokslut",
    template="enhetsuppfoljning.docx",
    sections=UNIT_SECTIONS,
    input_of=ARSBOKSLUT.key,
    levels=(Level.AVDELNING, Level.ENHET),
    brief_rows=_UNIT_BRIEF_ROWS,
    brief_columns=("budget", "utfall", "avvikelse"),
)

#: The year's plan: decided by the nämnd before the year, for the year and two plan years (the
#: investments four). Its goals, uppdrag, arbetsmiljömål and internkontrollplan are what the
#: follow-ups report on; its drift budget is the year's budget. Stored as made per januari.
BUDGET = ReportSpec(
    key="budget",
    title="Nämndens budget",
    template="budget.docx",
    months=(1,),
    columns=PLAN_COLUMNS,
    table_fliks={
        "drift": "RR skattefin",
        "investeringar": "INV skattefin & avfall",
        "forutbetalda": "Förutbet skattefin",
    },
    sections=(
        "budgetmal",
        "budgetuppdrag",
        "drift",
        "investeringar",
        "forutbetalda",
        "budgetarbetsmiljo",
        "risker",
        "kontrollplan",
    ),
    drift_texts=(),
    period_word="nämndens budget",
    render_levels=(Level.NAMND, Level.FORVALTNING),
    texts=BUDGET_TEXTS,
    table_columns={"drift": PLAN_DRIFT_COLUMNS},
    plan=True,
)

#: The follow-ups the kommun makes a sammanställning of, in the year's order.
SUMMARISED = (MANADSUPPFOLJNING, FORDJUPAD, DELARSBOKSLUT, ARSBOKSLUT)


def summary_of(followed: ReportSpec) -> ReportSpec:
    """The kommun's sammanställning of the nämnders' `followed` report: one document for the kommun
    with the followed report's inputs, columns and period (its nämnder, their decisions), each
    nämnd a row, the avgiftsfinansierade verksamheter apart. What it shows beyond the figures
    (goals, internkontroll) follows the followed report's sections (`summary_context`)."""
    return replace(
        followed,
        key=f"sammanstallning-{followed.key}",
        title=f"Sammanställning {followed.title.lower()}",
        template="sammanstallning.docx",
        sections=("sammanstallning",),
        input_of=followed.key,
        levels=(Level.KOMMUN,),
        summary=True,
    )


#: The sammanställning of each follow-up, by the followed report's key (`bokslut render
#: sammanstallning --rapport …`).
SUMMARIES = {r.key: summary_of(r) for r in SUMMARISED}
#: The sammanställning made without --rapport: of the delårsbokslut.
SAMMANSTALLNING = SUMMARIES[DELARSBOKSLUT.key]

REPORTS = {
    r.key: r
    for r in (
        BUDGET,
        MANADSUPPFOLJNING,
        FORDJUPAD,
        DELARSBOKSLUT,
        ARSBOKSLUT,
        DELARSBOKSLUT_ENHET,
        ARSBOKSLUT_ENHET,
        SAMMANSTALLNING,
    )
}


@dataclass(frozen=True)
class FlikSet:
    """A set of table flikar a node reports on: the skattefinansierade ones every node has by
    default, or a verksamhet's own (VA, Avfall). Per report, the table flikar the set names;
    a table it does not name is read from the skattefinansierad flik (Avfall's investments are
    on "INV skattefin & avfall")."""

    key: str
    #: the name a person knows it by, as the organisation and the documents write it
    name: str
    #: report key → table key → flik name
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    #: taxe-financed (avgiftsfinansierad): shown apart from the tax-financed verksamheter
    taxe_financed: bool = False
    #: the name as it stands inside a sentence ("flikarna för avfall")
    word: str = ""

    def fliks_of(self, report: ReportSpec) -> dict[str, str]:
        """The report's table flikar in this set: table key → flik name."""
        own = self.tables.get(report.input_of or report.key, {})
        return {key: own.get(key, flik) for key, flik in report.table_fliks.items()}


DEFAULT_FLIK_SET = "skattefinansierad"


def _taxe_set(key: str, name: str, word: str, *, projects: bool) -> FlikSet:
    """A taxe-financed verksamhet's flikar, named as the kommun's workbook names them ("8 RR VA
    delår"); with `projects` its investments and förutbetalda have flikar of their own too."""
    tables = {
        "manadsuppfoljning": {"drift": f"1–11 RR {word} jan-nov"},
        "fordjupad": {"drift": f"1–11 RR {word} jan-nov"},
        "delarsbokslut": {"drift": f"8 RR {word} delår"},
        "arsbokslut": {"drift": f"12 RR {word} ÅB"},
        "budget": {"drift": f"RR {word}"},
    }
    if projects:
        tables["fordjupad"] |= {"investeringar": f"4 inv {word} apr", "forutbetalda": f"4 förutb {word} apr"}
        tables["delarsbokslut"] |= {"investeringar": f"8 inv {word} delår", "forutbetalda": f"8 förutb {word} delår"}
        tables["arsbokslut"] |= {"investeringar": f"12 inv {word} ÅB", "forutbetalda": f"12 förutb {word} ÅB"}
        tables["budget"] |= {"investeringar": f"INV {word}", "forutbetalda": f"Förutbet {word}"}
    return FlikSet(key, name, tables, taxe_financed=True, word=word if word.isupper() else word.lower())


#: The flik sets a node can report on (organisation: "flikar"), by key.
FLIK_SETS = {
    s.key: s
    for s in (
        FlikSet(DEFAULT_FLIK_SET, "Skattefinansierad verksamhet", word="skattefinansierad verksamhet"),
        _taxe_set("va", "VA", "VA", projects=True),
        _taxe_set("avfall", "Avfall", "Avfall", projects=False),
    )
}


def flik_set_named(text: str) -> FlikSet | None:
    """The flik set a cell or JSON value names, by its key or its name, loosely."""
    wanted = loose(text)
    return next((s for s in FLIK_SETS.values() if wanted in (loose(s.key), loose(s.name))), None)


def readers_of(report: ReportSpec) -> tuple[ReportSpec, ...]:
    """The reports made from `report`'s input: itself and the unit follow-ups that read it."""
    base = report.input_of or report.key
    return tuple(r for r in REPORTS.values() if (r.input_of or r.key) == base)


def other_reports_flik(name: str, report: ReportSpec) -> ReportSpec | None:
    """The report a flik belongs to, when it is a table flik of another report than `report`."""
    for other in REPORTS.values():
        if other.input_of:
            continue  # a unit follow-up reads its report's flikar
        flik_names = [*other.table_fliks.values(), other.forecast_flik or ""]
        theirs = any(loose(f) == loose(name) for f in flik_names)
        ours = any(loose(f) == loose(name) for f in report.table_fliks.values())
        if other is not report and theirs and not ours:
            return other
    return None


#: The first flik of a generated workbook: what to fill where, and the deadlines.
INSTRUCTION_FLIK = "Instruktion"


def year_flik_names() -> set[str]:
    """Every flik name any report reads (loosely normalised), and the instruction flik."""
    names = {INSTRUCTION_FLIK, *vars(FlikNames()).values()}
    for report in REPORTS.values():
        names |= {n for s in FLIK_SETS.values() for n in s.fliks_of(report).values()}
        names |= {*report.table_fliks.values(), report.forecast_flik or "", *vars(report.fliks).values()}
        names |= {STAT_TABLES[k].flik for k in report.stat_tables}
    return {loose(n) for n in names if n}


MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


# --- signals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    key: str
    label: str
    colour: str
    shape: str


@dataclass(frozen=True)
class SignalSet:
    key: str
    title: str
    signals: tuple[Signal, ...]

    def find(self, text: str) -> Signal | None:
        wanted = loose(text)
        for signal in self.signals:
            if wanted in (loose(signal.key), loose(signal.label)):
                return signal
        return None

    @property
    def labels(self) -> str:
        return ", ".join(f"”{s.label}”" for s in self.signals)


@cache
def signal_sets() -> dict[str, SignalSet]:
    text = resources.files("bokslut").joinpath("data/signaler.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        key: SignalSet(key, spec["title"], tuple(Signal(**s) for s in spec["signals"]))
        for key, spec in data["sets"].items()
    }


# --- loose matching of names people type ---------------------------------------------------

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")


def loose(name: str) -> str:
    """Normalise a flik, row or column name as people type it: case, dashes, spaces, hyphenation.

    "8 RR Skattefin  övriga - delår" and "8 rr skattefin övriga – delår" are the same flik.
    """
    text = unicodedata.normalize("NFC", str(name)).casefold()
    text = re.sub(r"-\s*\n\s*", "", text)  # "Delårsbok-\nslut" as wrapped in a header cell
    text = _DASHES.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" :")
    return text


#: An ansvar code: digits, letters, "-" and "_", at most 32 characters. It names files and
#: folders, so no path separator, no "..", nothing invisible.
ANSVAR_CODE = re.compile(r"[0-9A-Za-zÅÄÖåäö_-]{1,32}")


def ansvar_code_problem(code: str) -> str | None:
    """What is wrong with an ansvar code, in Swedish (to follow "Ansvarskoden ”…” "), or None."""
    if ANSVAR_CODE.fullmatch(code):
        return None
    if len(code) > 32:
        return f"är {len(code)} tecken lång; en ansvarskod har högst 32 tecken"
    return "får bara innehålla siffror, bokstäver, bindestreck (-) och understreck (_)"


def report_named(name: str) -> ReportSpec | None:
    """The report a user means: its key ("delarsbokslut"), its title ("Delårsbokslut", with or
    without å ä ö) or, for the kommun's reports, the title's first word ("månadsuppföljning")."""

    def plain(text: str) -> str:
        return loose(text).translate(str.maketrans("åäö", "aao")).replace(" ", "")

    for key, spec in REPORTS.items():
        first = () if spec.is_unit_report else (plain(spec.title.split()[0]),)
        if plain(name) in (plain(key), plain(spec.title), *first):
            return spec
    return None


def summary_named(name: str) -> ReportSpec:
    """The sammanställning of the follow-up a user names ("arsbokslut", "Månadsuppföljning"); a
    name that is no follow-up of the nämnder (a unit follow-up, the budget, the sammanställning
    itself) is a usage problem that says which can be named."""
    choices = ", ".join(SUMMARIES)
    followed = report_named(name)
    if followed is None:
        raise UsageProblem(f"--rapport: okänd rapport ”{name}”; välj en av: {choices}.")
    if followed.key not in SUMMARIES:
        raise UsageProblem(
            f"--rapport: ingen sammanställning görs av ”{name}” ({followed.title.lower()}), bara av nämndernas "
            f"uppföljningar; välj en av: {choices}."
        )
    return SUMMARIES[followed.key]


@dataclass(frozen=True, order=True)
class Period:
    """A report made per a month of a year: ("manadsuppfoljning", 2022, 5)."""

    year: int
    month: int
    report: str
