"""The domain's tables as data: rows, columns, flikar, reports, signal sets.

Everything a kommun might want to change about *what* is reported lives here (or in
`data/signaler.toml`), not in `if` statements. Adding a report is a `ReportSpec` and a mall.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources


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
    def subject(self) -> str:
        """The definite form that opens a sentence about the node: "Nämnden", "Enheten"."""
        return {
            Level.KOMMUN: "Kommunen",
            Level.NAMND: "Nämnden",
            Level.FORVALTNING: "Förvaltningen",
            Level.AVDELNING: "Avdelningen",
            Level.ENHET: "Enheten",
        }[self]


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
    #: Whether the subject takes a plural verb form in Swedish ("har ökat" either way, but
    #: "är i nivå" vs "är i nivå": kept for wording that would differ).
    aliases: tuple[str, ...] = ()

    @property
    def is_input(self) -> bool:
        return self.kind in (RowKind.INPUT, RowKind.PART)


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    rows: tuple[RowSpec, ...]
    #: Avvikelse = first − second: prognos − budget for drift, budget − prognos for investeringar.
    deviation: tuple[str, str] = ("prognos", "budget")
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
    deviation=("budget", "prognos"),
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
    #: For a computed column, the two columns it is the difference of (a − b); the table's own
    #: deviation rule replaces ("prognos", "budget") where the table says so.
    difference: tuple[str, str] | None = None

    @property
    def is_input(self) -> bool:
        return self.difference is None

    def title(self, year: int) -> str:
        return self.header.format(år=year, fg=year - 1)


DEVIATION = ("prognos", "budget")

DELAR_COLUMNS = (
    ColumnSpec("budget", "Budget {år}"),
    ColumnSpec("prognos", "Prognos helår {år}"),
    ColumnSpec("avvikelse", "Avv. prognos/budget {år}", difference=DEVIATION),
    ColumnSpec("utfall", "Delårsbokslut {år}"),
    ColumnSpec("utfall_fg", "Delårsbokslut {fg}"),
    ColumnSpec("diff", "Diff. utfall {fg}/{år}", difference=("utfall", "utfall_fg")),
)

AMOUNT_KEYS = ("budget", "prognos", "avvikelse", "utfall", "utfall_fg", "diff")


# --- texts and other flikar ----------------------------------------------------------------

#: The free texts of the Texter flik, in the document's order: key → label in the flik.
TEXTS = {
    "verksamhet": "Verksamhet",
    "inledande_sammanfattning": "Inledande sammanfattning",
    "investeringar_prognos": "Investeringar – prognos och prognosförändring",
    "investeringar_utfall": "Investeringar – utfall för perioden",
    "investeringar_jamforelse": "Investeringar – jämförelse mellan åren",
    "forutbetalda_prognos": "Förutbetalda intäkter – prognos och prognosförändring",
    "forutbetalda_utfall": "Förutbetalda intäkter – utfall för perioden",
    "forutbetalda_jamforelse": "Förutbetalda intäkter – jämförelse mellan åren",
    "omedelbara_atgarder": "Omedelbara åtgärder",
    "internkontroll": "Internkontroll",
    "rekrytering": "Rekryteringsbehov och kompetensförsörjning",
    "arbetsmiljo": "Arbetsmiljö",
    "sjukfranvaro": "Sjukfrånvaro",
}

#: The per-kontogrupp texts under the drift table: key → column header in "Texter drift".
DRIFT_TEXTS = {
    "prognos": "Prognos",
    "prognosforandring": "Prognosförändring",
    "utfall": "Utfall för perioden",
    "jamforelse": "Jämförelse mellan åren",
}

#: Rows of the sjukfrånvaro table (percent of ordinary working time).
SICK_LEAVE_ROWS = (
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


@dataclass(frozen=True)
class FlikNames:
    """The names of a report's flikar, as in the kommun's workbook."""

    uppgifter: str = "Uppgifter"
    texter: str = "Texter"
    texter_drift: str = "Texter drift"
    mal: str = "Mål"
    nyckeltal: str = "Nyckeltal"
    uppdrag: str = "Uppdrag"
    internkontroll: str = "Internkontroll"
    arbetsmiljo: str = "Arbetsmiljö"
    sjukfranvaro: str = "Sjukfrånvaro"


# --- reports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str
    month: int
    template: str
    columns: tuple[ColumnSpec, ...]
    #: table key → flik name in the kommun's workbook
    table_fliks: dict[str, str]
    goal_signals: str = "mal_delar"
    assignment_signals: str = "uppdrag_delar"
    control_signals: str = "internkontroll"
    fliks: FlikNames = field(default_factory=FlikNames)
    #: Words used in the text: "till delårsbokslutet", "per augusti".
    period_word: str = "delårsbokslutet"

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    @property
    def input_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.is_input)


DELARSBOKSLUT = ReportSpec(
    key="delarsbokslut",
    title="Delårsbokslut",
    month=8,
    template="delarsbokslut.docx",
    columns=DELAR_COLUMNS,
    table_fliks={
        "drift": "8 RR skattefin övriga delår",
        "investeringar": "8 inv skattefin övriga delår",
        "forutbetalda": "8 förutb skattefin ALLA delår",
    },
)

REPORTS = {r.key: r for r in (DELARSBOKSLUT,)}

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
