"""Rounding and the few number formats the texts use."""

from __future__ import annotations

import math


def round_half_away(x: float) -> int:
    """Round half away from zero (never banker's rounding)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def round_to(x: float, step: int) -> int:
    return round_half_away(x / step) * step


def pct(x: float) -> str:
    return f"{x:.1f} %".replace(".", ",")


def r1(x: float) -> float:
    return round_half_away(x * 10) / 10


def sign(x: int) -> int:
    return (x > 0) - (x < 0)


SHOWN = 50  # tkr: a deviation bokslut shows as at least 0,1 mkr


def shown(amount: int) -> bool:
    """Whether bokslut shows a deviation or difference of `amount` tkr as anything but 0,0 mkr."""
    return abs(amount) >= SHOWN
