"""Numbers as a Swedish kommun writes them.

Parsing accepts what controllers type ("-1 234", "1 234,0", "−5"); formatting writes tkr with a
non-breaking space between thousands and mkr with one decimal and a decimal comma. Rounding is
always half away from zero: babel rounds half-even by default, so values are quantized here first
and babel only lays out digits and separators.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal

LOCALE = "sv_SE"
_LOCALE = Locale.parse(LOCALE)
NBSP = "\u00a0"
#: The minus sign of the mall's tables (a plain hyphen-minus, as typed in the kommun's Excel).
MINUS = "-"
_MINUS_VARIANTS = "\u2212\u2013\u2012-"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


#: No kommun's amount reaches 10¹² tkr (a thousand billion kronor): a larger one is a typing or
#: export error (a unit mix-up, an account number in an amount cell), never a figure.
LIMIT = Decimal(10) ** 12


class NotANumber(ValueError):
    """The text is not a number in any form a controller would type."""


class OutOfScale(NotANumber):
    """A number, but beyond any kommun's scale (|x| ≥ 10¹² tkr)."""


def parse_number(value: object) -> Decimal | None:
    """Read a cell or JSON value as a Decimal; `None` for an empty cell.

    Accepts ints, floats and text in Swedish form: spaces (also non-breaking) between thousands,
    a decimal comma, a typographic minus or en dash as minus sign, "tkr" after the number.
    Rejects booleans, NaN, infinity and numbers of 10¹² and more (`OutOfScale`).
    """
    number = _parse(value)
    if number is not None and abs(number) >= LIMIT:
        raise OutOfScale(str(value))
    return number


def _parse(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return Decimal(value) if abs(value) < LIMIT else Decimal(LIMIT)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(str(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotANumber(str(value))
        return value
    text = str(value).strip()
    if len(text) > 64:  # no amount is typed that long; Decimal would take its time over it
        raise NotANumber(text[:20] + "…")
    if not text:
        return None
    text = re.sub(r"\s*tkr$", "", text, flags=re.IGNORECASE)
    text = _SPACES.sub("", text)
    if text and text[0] in _MINUS_VARIANTS:
        text = "-" + text[1:]
    if "," in text:
        if "." in text:  # "1.234,5": dots as thousands separators
            text = text.replace(".", "")
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise NotANumber(str(value))
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise NotANumber(str(value)) from exc


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round half away from zero (2,5 → 3; -2,5 → -3), never banker's rounding; never -0."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def _layout(value: Decimal, pattern: str) -> str:
    return _laid_out(str(value), pattern)


@lru_cache(maxsize=65536)
def _laid_out(value: str, pattern: str) -> str:
    """babel's layout of one number; a report repeats the same figures, so each is laid out once
    (keyed by its text, so 1.50 and 1.5 are not taken for each other)."""
    text = format_decimal(Decimal(value), format=pattern, locale=_LOCALE, decimal_quantization=False)
    return text.replace("\u2212", MINUS).replace("\u202f", NBSP)


def fmt_tkr(value: int | Decimal | None) -> str:
    """Whole tkr with non-breaking thousands separators: -1048700 → '-1 048 700'."""
    if value is None:
        return ""
    rounded = round_half_up(Decimal(value))
    return _layout(rounded, "#,##0")


def mkr(value_tkr: int | Decimal) -> Decimal:
    """Tkr to mkr, one decimal, half away from zero."""
    return round_half_up(Decimal(value_tkr) / 1000, 1)


def fmt_mkr(value_tkr: int | Decimal, *, signed: bool = False) -> str:
    """Mkr in running text: 6 949 tkr → '6,9 mkr' (the absolute value unless `signed`)."""
    amount = mkr(value_tkr)
    if not signed:
        amount = abs(amount)
    return f"{_layout(amount, '#,##0.0')}{NBSP}mkr"


def fmt_decimal(value: Decimal | None, places: int = 1) -> str:
    """A ratio such as a sjukfrånvaro percentage: 7.25 → '7,3'."""
    if value is None:
        return "iu."
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return _layout(round_half_up(value, places), pattern)


_ONES = [
    "noll",
    "ett",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
    "tretton",
    "fjorton",
    "femton",
    "sexton",
    "sjutton",
    "arton",
    "nitton",
]
_TENS = ["", "", "tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"]


def number_word(n: int, *, neuter: bool = True) -> str:
    """A count in Swedish words, as the decided documents write it ("fyra mål", "en punkt").

    `neuter` picks "ett" (ett mål) or "en" (en internkontrollpunkt) for one. Counts of 1000 and
    more are written with digits.
    """
    if n < 0 or n >= 1000:
        return fmt_tkr(n)
    if n == 1:
        return "ett" if neuter else "en"
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (_ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    head = ("ett" if hundreds == 1 else _ONES[hundreds]) + "hundra"
    return head + (number_word(rest) if rest else "")


#: Nouns a nyckeltal counts in (its enhet, written in the plural) → the singular and whether the
#: noun is neuter ("ett tillfälle", "en person"). A unit not listed keeps its plural.
COUNT_NOUNS: dict[str, tuple[str, bool]] = {
    "personer": ("person", False),
    "medarbetare": ("medarbetare", False),
    "tillfällen": ("tillfälle", True),
    "ärenden": ("ärende", True),
}


def counted(text: str, value: Decimal, unit: str) -> str:
    """A figure with its unit in the right number: "1 person", "2 personer", "1,5 personer"."""
    if unit == "%":
        return f"{text} %"
    singular, _neuter = COUNT_NOUNS.get(unit, (unit, False))
    noun = singular if value == 1 and "," not in text else unit
    return f"{text} {noun}".rstrip()


def count_change(n: int, unit: str) -> str:
    """A change in a count, in words: "en person färre", "två personer fler", "lika många"."""
    if n == 0:
        return "lika många"
    singular, neuter = COUNT_NOUNS.get(unit, (unit, False))
    noun = singular if abs(n) == 1 else unit
    words = [number_word(abs(n), neuter=neuter), noun, "fler" if n > 0 else "färre"]
    return " ".join(w for w in words if w)
