"""The checks of a nämnd's budget beyond its tables: the väsentlighets- och riskanalys and the
internkontrollplan it produces.

Small functions `check(unit, ctx) -> list[Issue]` like those in `checks.CHECKS`. The risk rule is
the domain's data (`domain.RISK_BANDS`): sannolikhet × konsekvens is the riskvärde, and the
hantering must be one its band allows. Each problem is an error at its cell, saying what fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bokslut.checks import Check, CheckContext
from bokslut.domain import (
    CONTROL_HANDLING,
    RISK_BANDS,
    RISK_HANDLINGS,
    RISK_SCALE,
    RiskBand,
    RiskHandling,
    loose,
    risk_band,
    risk_handling,
)
from bokslut.issues import Issue, error, warning
from bokslut.model import PlannedControl, Risk
from bokslut.units import Unit

_SCALES = {
    "sannolikhet": ("Sannolikheten", "1 osannolik, 2 mindre sannolik, 3 möjlig, 4 sannolik"),
    "konsekvens": ("Konsekvensen", "1 försumbar, 2 lindrig, 3 kännbar, 4 allvarlig"),
}


@dataclass(frozen=True)
class RiskValue:
    """A risk's sannolikhet and konsekvens as numbers, and the riskvärde they give."""

    probability: int
    consequence: int

    @property
    def value(self) -> int:
        return self.probability * self.consequence

    @property
    def band(self) -> RiskBand:
        band = risk_band(self.value)
        assert band is not None, f"no risk band holds {self.value}"  # the bands cover every product 1–16
        return band

    def says(self) -> str:
        """ "riskvärde 12 (sannolikhet 4 × konsekvens 3)"."""
        return f"riskvärde {self.value} (sannolikhet {self.probability} × konsekvens {self.consequence})"


def scale_value(text: str) -> int | None:
    """A sannolikhet or konsekvens as typed: a whole number on the scale, or None."""
    cleaned = text.strip().replace(",0", "").removesuffix(".0")
    if not cleaned.isdigit():
        return None
    number = int(cleaned)
    low, high = RISK_SCALE
    return number if low <= number <= high else None


def risk_value(risk: Risk) -> RiskValue | None:
    """The risk's value, when both its sannolikhet and konsekvens are on the scale."""
    probability, consequence = scale_value(risk.sannolikhet), scale_value(risk.konsekvens)
    if probability is None or consequence is None:
        return None
    return RiskValue(probability, consequence)


def _risks(unit: Unit) -> tuple[Risk, ...]:
    return tuple(getattr(unit.input, "risker", ()))


def _controls(unit: Unit) -> tuple[PlannedControl, ...]:
    return tuple(getattr(unit.input, "kontrollplan", ()))


def check_risk_values(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """Sannolikhet and konsekvens are whole numbers 1–4; a typed riskvärde is their product."""
    flik = ctx.report.fliks.risker
    issues: list[Issue] = []
    for i, risk in enumerate(_risks(unit)):
        for key, (word, scale) in _SCALES.items():
            typed = str(getattr(risk, key)).strip()
            if scale_value(typed) is not None:
                continue
            shown = f"är ”{typed}”" if typed else "saknas"
            msg = f"{word} för risken ”{_short(risk.risk)}” {shown}. Ange ett heltal 1–4 ({scale})."
            issues.append(error("risk.skala", msg, unit.at((flik, i, key)), unit.ansvar))
        found = risk_value(risk)
        typed = risk.riskvarde.strip()
        if found is None or not typed or (flik, i, "riskvärde") in unit.raw.uncached:
            continue
        if typed.removesuffix(".0") != str(found.value):
            msg = (
                f"Riskvärdet för ”{_short(risk.risk)}” är ifyllt med {typed}, men sannolikhet {found.probability} × "
                f"konsekvens {found.consequence} ger {found.value}. Rätta cellen eller töm den så räknas det fram."
            )
            issues.append(error("risk.riskvarde", msg, unit.at((flik, i, "riskvärde")), unit.ansvar))
    return issues


def check_risk_handling(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """The hantering fits the riskvärde's band: 1–4 no action, 6–12 a goal, an
    internkontrollpunkt or a kritisk verksamhetsfaktor, 16 an omedelbar åtgärd."""
    flik = ctx.report.fliks.risker
    issues: list[Issue] = []
    for i, risk in enumerate(_risks(unit)):
        where = unit.at((flik, i, "hantering"))
        typed = risk.hantering.strip()
        handling = risk_handling(typed) if typed else None
        if typed and handling is None:
            known = ", ".join(f"”{h.label}”" for h in RISK_HANDLINGS.values())
            msg = f"Hanteringen ”{_short(typed)}” för risken ”{_short(risk.risk)}” finns inte. Använd en av: {known}."
            issues.append(error("risk.hantering_okand", msg, where, unit.ansvar))
            continue
        found = risk_value(risk)
        if found is None:
            continue  # the scale's problem is reported by check_risk_values
        band = found.band
        if handling is None:
            if not band.optional:
                msg = (
                    f"Risken ”{_short(risk.risk)}” har {found.says()} men ingen hantering. Vid riskvärde {band.span} "
                    f"gäller att {band.meaning}: skriv {band.labels()}."
                )
                issues.append(error("risk.hantering_saknas", msg, where, unit.ansvar))
            continue
        if handling.key not in band.handlings:
            msg = (
                f"Risken ”{_short(risk.risk)}” har {found.says()} och hanteras som ”{handling.label}”, men vid "
                f"riskvärde {band.span} gäller att {band.meaning}: skriv {band.labels()}"
                f"{_other_bands(handling)}."
            )
            issues.append(error("risk.hantering", msg, where, unit.ansvar))
    return issues


def _other_bands(handling: RiskHandling) -> str:
    """Where the typed hantering would fit: " (”Omedelbar åtgärd” hör till riskvärde 16)"."""
    spans = [b.span for b in RISK_BANDS if handling.key in b.handlings]
    return f" (”{handling.label}” hör till riskvärde {' och '.join(spans)})" if spans else ""


def check_control_plan(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """Every risk handled as an internkontrollpunkt has its row in the internkontrollplan, and a
    plan row names a risk of the analysis with the risk's value."""
    risks, controls = _risks(unit), _controls(unit)
    if not risks and not controls:
        return []
    names = ctx.report.fliks
    issues: list[Issue] = []
    for i, risk in enumerate(risks):
        handling = risk_handling(risk.hantering) if risk.hantering.strip() else None
        if handling is None or handling.key != CONTROL_HANDLING or _planned(risk, controls):
            continue
        found = risk_value(risk)
        if found is None or CONTROL_HANDLING not in found.band.handlings:
            continue  # a hantering that does not fit its value is reported by check_risk_handling
        msg = (
            f"Risken ”{_short(risk.risk)}” hanteras som internkontrollpunkt men finns inte i internkontrollplanen. "
            f"Lägg till en rad med risken under ”Identifierad risk” på fliken ”{names.kontrollplan}”."
        )
        issues.append(error("risk.ej_i_plan", msg, unit.at((names.risker, i, "hantering")), unit.ansvar))
    for i, control in enumerate(controls):
        named = _risk_of(control, risks)
        if control.risk.strip() and named is None and risks:
            msg = (
                f"Den identifierade risken ”{_short(control.risk)}” finns inte i väsentlighets- och riskanalysen. "
                f"Skriv riskens beskrivning (eller nummer) som på fliken ”{names.risker}”."
            )
            issues.append(warning("risk.okand_i_plan", msg, unit.at((names.kontrollplan, i, "risk")), unit.ansvar))
            continue
        found = risk_value(named) if named is not None else None
        typed = control.riskvarde.strip().removesuffix(".0")
        if named is not None and found is not None and typed and typed != str(found.value):
            msg = (
                f"Riskvärdet för ”{_short(control.vad)}” är ifyllt med {typed}, men risken ”{_short(named.risk)}” "
                f"har {found.says()} i analysen. Rätta cellen eller töm den så hämtas värdet från analysen."
            )
            where = unit.at((names.kontrollplan, i, "riskvärde"))
            issues.append(error("risk.riskvarde_plan", msg, where, unit.ansvar))
    return issues


def _risk_of(control: PlannedControl, risks: Sequence[Risk]) -> Risk | None:
    """The analysis's risk a plan row names, by its description or its number."""
    wanted = loose(control.risk)
    if not wanted:
        return None
    return next((r for r in risks if wanted in {loose(r.risk), loose(r.nr)} - {""}), None)


def _planned(risk: Risk, controls: Sequence[PlannedControl]) -> bool:
    return any(_risk_of(c, (risk,)) is not None for c in controls)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:60] + "…"


BUDGET_CHECKS: list[Check] = [check_risk_values, check_risk_handling, check_control_plan]
