"""The staff of every node: sjukfrånvaro, personalstatistik and arbetsskador, its own and rolled
up the tree."""

from __future__ import annotations

import random

from .drift import FIGURES, Amounts
from .format import INJURY_ROWS, PERSONAL, PERSONNEL_ROWS, SICK_ROWS
from .numbers import r1, round_half_away
from .organisation import BY_ANSVAR, NAMND, Node, own_in_subtree, reporting_nodes

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
    "bun_kontor": 4.2,
    "forskola": 8.1,
    "grundskola": 6.3,
    "gymnasium": 4.6,
    "sbf_kontor": 3.8,
    "gata": 5.9,
    "park": 5.2,
    "plan": 3.4,
    "va": 4.4,
    "avfall": 6.0,
}


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


def make_sick(
    rng: random.Random, drift: dict[str, dict[str, Amounts]], board: str = NAMND
) -> tuple[dict[str, Sick], dict[str, Sick]]:
    """Sjukfrånvaro among each node's own staff, and per node as reported (see roll_up_sick)."""
    own = {n.ansvar: make_own_sick(rng, n) for n in reporting_nodes(board) if n.ansvar in FIGURES}
    return own, roll_up_sick(own, drift, board)


def long_term(sick: Sick, key: str) -> float:
    """Dag 60 och längre as what the total leaves, so that the Dag rows add up after rounding."""
    return r1(sick["Total sjukfrånvaro"][key] - sick["Dag 1–14"][key] - sick["Dag 15–59"][key])


def roll_up_sick(own: dict[str, Sick], drift: dict[str, dict[str, Amounts]], board: str = NAMND) -> dict[str, Sick]:
    """Sjukfrånvaro per node: an enhet's own; above it, the staff-weighted mean of the subtree."""
    out: dict[str, Sick] = {}
    for node in reporting_nodes(board):
        members = own_in_subtree(node.ansvar, own)
        if members == [node.ansvar]:
            out[node.ansvar] = own[node.ansvar]
            continue
        weight = {a: -drift[a][PERSONAL]["budget"] for a in members}
        total_weight = sum(weight.values())
        sick: Sick = {
            row: {key: r1(sum(own[a][row][key] * weight[a] for a in members) / total_weight) for key in ("fg", "år")}
            for row in SICK_ROWS
        }
        for key in ("fg", "år"):
            sick["Dag 60 och längre"][key] = long_term(sick, key)
        out[node.ansvar] = sick
    return out


# --- personalstatistik and arbetsskador ---------------------------------------------------

# Personalstatistik per node's own staff, from its personnel budget.
COST_PER_FTE = {  # tkr per årsarbetare, personalomkostnader included
    "hemtjanst": 560,
    "sabo": 575,
    "daglig": 590,
    "lss": 585,
    "assistans": 540,
    "boendestod": 610,
    "hsl": 690,
    "rehab": 650,
    "ledning": 720,
    "forvaltning": 700,
    "bun_kontor": 690,
    "forskola": 560,
    "grundskola": 640,
    "gymnasium": 680,
    "sbf_kontor": 700,
    "gata": 610,
    "park": 540,
    "plan": 680,
    "va": 640,
    "avfall": 600,
}
HOURLY_SHARE = {
    "assistans": 0.24,
    "hemtjanst": 0.12,
    "sabo": 0.12,
    "lss": 0.14,
    "daglig": 0.06,
    "forskola": 0.08,
    "park": 0.15,
}
TEMPORARY_SHARE = {"ledning": 0.0, "forvaltning": 0.05}
MEAN_AGE = {
    "hemtjanst": 42.5,
    "sabo": 45.1,
    "daglig": 47.0,
    "lss": 41.8,
    "assistans": 38.6,
    "boendestod": 44.2,
    "hsl": 46.3,
    "rehab": 43.9,
    "ledning": 49.5,
    "forvaltning": 47.2,
    "bun_kontor": 48.1,
    "forskola": 44.0,
    "grundskola": 45.6,
    "gymnasium": 47.9,
    "sbf_kontor": 46.5,
    "gata": 46.0,
    "park": 41.2,
    "plan": 43.5,
    "va": 47.3,
    "avfall": 45.8,
}
TURNOVER = {
    "hemtjanst": 11.5,
    "sabo": 10.2,
    "daglig": 6.1,
    "lss": 9.4,
    "assistans": 15.8,
    "boendestod": 7.3,
    "hsl": 13.2,
    "rehab": 8.0,
    "ledning": 5.0,
    "forvaltning": 7.8,
    "bun_kontor": 8.2,
    "forskola": 9.5,
    "grundskola": 8.8,
    "gymnasium": 7.1,
    "sbf_kontor": 9.0,
    "gata": 6.5,
    "park": 12.0,
    "plan": 11.3,
    "va": 5.9,
    "avfall": 7.4,
}
FULL_TIME_FG = {  # andel heltidsanställda 2021 before the common shift below, percent
    "hemtjanst": 58.0,
    "sabo": 59.0,
    "daglig": 80.0,
    "lss": 60.0,
    "assistans": 42.0,
    "boendestod": 84.0,
    "hsl": 78.0,
    "rehab": 88.0,
    "ledning": 100.0,
    "forvaltning": 94.0,
    "bun_kontor": 93.0,
    "forskola": 78.0,
    "grundskola": 86.0,
    "gymnasium": 89.0,
    "sbf_kontor": 94.0,
    "gata": 92.0,
    "park": 75.0,
    "plan": 93.0,
    "va": 94.0,
    "avfall": 90.0,
}
# The two enheter whose heltid is a nyckeltal of their own (UNIT_NYCKELTAL): 2021 and 2022.
FULL_TIME_FIXED = {"81921": (62.0, 68.0), "81924": (66.0, 71.0)}
FULL_TIME_TARGET = (64.0, 71.0)  # the nämnd's: the nyckeltal of goal 4 was 64 % in 2021

Stats = dict[str, dict[str, float]]


def make_own_personnel(
    rng: random.Random, drift: dict[str, dict[str, Amounts]], board: str = NAMND
) -> dict[str, Stats]:
    """Personalstatistik among each node's own staff (nodes with own figures). The vård- och
    omsorgsnämnd's andel heltidsanställda is steered to its goal's nyckeltal; another nämnd's is
    its verksamheters' own."""
    out: dict[str, Stats] = {}
    raw_full_time: dict[str, tuple[float, float]] = {}
    for node in reporting_nodes(board):
        if node.ansvar not in FIGURES:
            continue
        kind = node.kind
        fte = -drift[node.ansvar][PERSONAL]["budget"] / COST_PER_FTE[kind]
        hourly = fte * HOURLY_SHARE.get(kind, 0.04)
        temporary = fte * TEMPORARY_SHARE.get(kind, 0.08)
        permanent = fte - hourly - temporary
        n_perm = round_half_away(permanent / (0.97 if kind in ("ledning", "forvaltning") else 0.91))
        n_temp = round_half_away(temporary / 0.75)
        n_perm_fg = round_half_away(n_perm * rng.uniform(0.95, 1.0))
        age = MEAN_AGE[kind] + rng.uniform(-1.5, 1.5)
        turnover = TURNOVER[kind] + rng.uniform(-2.0, 2.0)
        full_fg = FULL_TIME_FG[kind] + rng.uniform(-3.0, 3.0)
        raw_full_time[node.ansvar] = (full_fg, full_fg + rng.uniform(4.0, 9.0))
        out[node.ansvar] = {
            "Antal tillsvidareanställda": {"fg": n_perm_fg, "år": n_perm},
            "Antal visstidsanställda": {"fg": round_half_away(n_temp * rng.uniform(0.9, 1.3)), "år": n_temp},
            "Årsarbetare tillsvidareanställda": {"fg": r1(permanent * n_perm_fg / n_perm), "år": r1(permanent)},
            "Årsarbetare visstidsanställda": {"fg": r1(temporary * rng.uniform(0.9, 1.3)), "år": r1(temporary)},
            "Utförd tid av timanställda, årsarbetare": {"fg": r1(hourly * rng.uniform(0.85, 1.1)), "år": r1(hourly)},
            "Medelålder, år": {"fg": r1(age + rng.uniform(-0.6, 0.5)), "år": r1(age)},
            "Personalomsättning (%)": {"fg": r1(turnover + rng.uniform(-1.5, 1.0)), "år": r1(turnover)},
        }
    if board != NAMND:
        for a, (fg, now) in raw_full_time.items():
            out[a]["Andel heltidsanställda (%)"] = {"fg": r1(min(100.0, fg)), "år": r1(min(100.0, now))}
        return {a: {row: s[row] for row in PERSONNEL_ROWS} for a, s in out.items()}
    # Andel heltidsanställda: the nämnd's reaches its targets, the two enheter keep their own figures.
    weight = {a: {k: s["Antal tillsvidareanställda"][k] for k in ("fg", "år")} for a, s in out.items()}
    for i, key in enumerate(("fg", "år")):
        fixed = sum(FULL_TIME_FIXED[a][i] * weight[a][key] for a in FULL_TIME_FIXED)
        free = [a for a in out if a not in FULL_TIME_FIXED]
        free_weight = sum(weight[a][key] for a in free)
        total_weight = free_weight + sum(weight[a][key] for a in FULL_TIME_FIXED)
        shift = (
            FULL_TIME_TARGET[i] * total_weight - fixed - sum(raw_full_time[a][i] * weight[a][key] for a in free)
        ) / free_weight
        for a in out:
            value = FULL_TIME_FIXED[a][i] if a in FULL_TIME_FIXED else min(100.0, raw_full_time[a][i] + shift)
            out[a].setdefault("Andel heltidsanställda (%)", {})[key] = r1(value)
    return {a: {row: s[row] for row in PERSONNEL_ROWS} for a, s in out.items()}


def roll_up_personnel(own: dict[str, Stats], board: str = NAMND) -> dict[str, Stats]:
    """Per node its whole subtree: counts summed; medelålder weighted by employees, percentages by
    tillsvidareanställda."""
    out: dict[str, Stats] = {}
    counts = PERSONNEL_ROWS[:5]
    for node in reporting_nodes(board):
        members = own_in_subtree(node.ansvar, own)
        if members == [node.ansvar]:
            out[node.ansvar] = own[node.ansvar]
            continue
        stats: Stats = {}
        for row in counts:
            stats[row] = {k: r1(sum(own[a][row][k] for a in members)) for k in ("fg", "år")}
            if row.startswith("Antal"):
                stats[row] = {k: int(v) for k, v in stats[row].items()}
        for row, by in (
            ("Medelålder, år", ("Antal tillsvidareanställda", "Antal visstidsanställda")),
            ("Personalomsättning (%)", ("Antal tillsvidareanställda",)),
            ("Andel heltidsanställda (%)", ("Antal tillsvidareanställda",)),
        ):
            stats[row] = {}
            for k in ("fg", "år"):
                w = {a: sum(own[a][b][k] for b in by) for a in members}
                stats[row][k] = r1(sum(own[a][row][k] * w[a] for a in members) / sum(w.values()))
        out[node.ansvar] = {row: stats[row] for row in PERSONNEL_ROWS}
    return out


INJURY_RATES = {  # per employee and year: arbetsskador, tillbud, and the share of tillbud with hot och våld
    "hemtjanst": (0.05, 0.12, 0.15),
    "sabo": (0.045, 0.20, 0.45),
    "daglig": (0.03, 0.18, 0.35),
    "lss": (0.04, 0.35, 0.60),
    "assistans": (0.03, 0.10, 0.20),
    "boendestod": (0.02, 0.12, 0.35),
    "hsl": (0.025, 0.15, 0.10),
    "rehab": (0.02, 0.05, 0.0),
    "ledning": (0.0, 0.0, 0.0),
    "forvaltning": (0.01, 0.03, 0.30),
    "bun_kontor": (0.0, 0.02, 0.3),
    "forskola": (0.04, 0.14, 0.2),
    "grundskola": (0.03, 0.22, 0.55),
    "gymnasium": (0.02, 0.10, 0.4),
    "sbf_kontor": (0.0, 0.02, 0.5),
    "gata": (0.06, 0.12, 0.1),
    "park": (0.05, 0.10, 0.05),
    "plan": (0.0, 0.03, 0.6),
    "va": (0.05, 0.08, 0.0),
    "avfall": (0.07, 0.12, 0.15),
}


def make_own_injuries(rng: random.Random, personnel: dict[str, Stats]) -> dict[str, Stats]:
    out: dict[str, Stats] = {}
    for ansvar, stats in personnel.items():
        injury, incident, threat = INJURY_RATES[BY_ANSVAR[ansvar].kind]
        table: Stats = {row: {} for row in INJURY_ROWS}
        for key, level in (("fg", 0.9), ("år", 1.0)):
            staff = stats["Antal tillsvidareanställda"][key] + stats["Antal visstidsanställda"][key]
            incidents = round_half_away(staff * incident * level * rng.uniform(0.75, 1.25))
            table["Arbetsskador"][key] = round_half_away(staff * injury * level * rng.uniform(0.75, 1.25))
            table["Tillbud"][key] = incidents
            table["Varav hot och våld"][key] = min(
                incidents, round_half_away(incidents * threat * rng.uniform(0.8, 1.2))
            )
        out[ansvar] = table
    return out


def roll_up_counts(own: dict[str, Stats], rows: tuple[str, ...], board: str = NAMND) -> dict[str, Stats]:
    out: dict[str, Stats] = {}
    for node in reporting_nodes(board):
        members = own_in_subtree(node.ansvar, own)
        out[node.ansvar] = {row: {k: sum(own[a][row][k] for a in members) for k in ("fg", "år")} for row in rows}
    return out


def make_year_sick(rng: random.Random, own_delar: dict[str, Sick]) -> dict[str, Sick]:
    """Sjukfrånvaro for the whole of 2021 and 2022 among each node's own staff, from January–August:
    the autumn brings more short-term absence."""
    out: dict[str, Sick] = {}
    for ansvar, sick in own_delar.items():
        year: dict[str, dict[str, float]] = {row: {} for row in SICK_ROWS}
        for key, (low, high) in (("fg", (-0.3, 0.4)), ("år", (-0.2, 0.6))):
            total = sick["Total sjukfrånvaro"][key]
            new_total = r1(total + rng.uniform(low, high))
            for row in SICK_ROWS:
                year[row][key] = r1(sick[row][key] * new_total / total)
            year["Total sjukfrånvaro"][key] = new_total
            year["Dag 60 och längre"][key] = long_term(year, key)
        out[ansvar] = {row: {"fg": year[row]["fg"], "år": year[row]["år"]} for row in SICK_ROWS}
    return out
