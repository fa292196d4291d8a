"""Numbers as a kommun types and writes them: parsing, half-up rounding, tkr/mkr, number words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bokslut.numbers import NotANumber, fmt_decimal, fmt_mkr, fmt_tkr, mkr, number_word, parse_number, round_half_up

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-1 234", Decimal(-1234)),
        ("1 234,0", Decimal(1234)),
        ("1 234,5", Decimal("1234.5")),
        ("\u22125", Decimal(-5)),  # typographic minus, U+2212
        ("\u20135", Decimal(-5)),  # en dash typed as minus
        ("1\u00a0234", Decimal(1234)),  # non-breaking space between thousands
        ("1\u202f234", Decimal(1234)),  # narrow no-break space, as babel writes it
        (" -38 500 ", Decimal(-38500)),
        ("12 345 tkr", Decimal(12345)),
        ("1.234,5", Decimal("1234.5")),  # dots as thousands separators
        ("0", Decimal(0)),
        (1234, Decimal(1234)),
        (-38500, Decimal(-38500)),
        (0.5, Decimal("0.5")),
        (-2.5, Decimal("-2.5")),
        (1234.0, Decimal(1234)),
        (Decimal("7.25"), Decimal("7.25")),
    ],
)
def test_parse_number_accepts(value: object, expected: Decimal) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_number_empty_is_none(value: object) -> None:
    assert parse_number(value) is None


@pytest.mark.parametrize("value", ["ca 500", "abc", "500 kr?", "1e3", "--5", "12-3", "NaN", True, False])
def test_parse_number_rejects(value: object) -> None:
    with pytest.raises(NotANumber):
        parse_number(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_parse_number_rejects_non_finite_floats(value: float) -> None:
    with pytest.raises(NotANumber):
        parse_number(value)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("0.5", 0, "1"),
        ("-0.5", 0, "-1"),
        ("1.5", 0, "2"),
        ("3.5", 0, "4"),  # banker's rounding would give 4 here too …
        ("4.5", 0, "5"),  # … but 4 here
        ("2.4999", 0, "2"),
        ("6.95", 1, "7.0"),
        ("22.65", 1, "22.7"),  # half-even would give 22.6
        ("-22.65", 1, "-22.7"),
    ],
)
def test_round_half_up_is_half_away_from_zero(value: str, places: int, expected: str) -> None:
    assert round_half_up(Decimal(value), places) == Decimal(expected)
    assert str(round_half_up(Decimal(value), places)) == expected


@pytest.mark.parametrize(
    ("tkr", "expected"),
    [
        (-1048700, f"-1{NBSP}048{NBSP}700"),
        (1048700, f"1{NBSP}048{NBSP}700"),
        (-40000, f"-40{NBSP}000"),
        (999, "999"),
        (0, "0"),
        (-5, "-5"),
        (Decimal("2.5"), "3"),
        (Decimal("-2.5"), "-3"),
        (Decimal("1234.5"), f"1{NBSP}235"),
        (None, ""),
    ],
)
def test_fmt_tkr(tkr: int | Decimal | None, expected: str) -> None:
    assert fmt_tkr(tkr) == expected


@pytest.mark.parametrize("tkr", [Decimal("-0.4"), Decimal("-0.0"), Decimal("-0")])
def test_fmt_tkr_never_writes_minus_zero(tkr: Decimal) -> None:
    assert fmt_tkr(tkr) == "0"


def test_fmt_tkr_uses_hyphen_minus_and_nbsp_only() -> None:
    text = fmt_tkr(-1048700)
    assert "\u2212" not in text and "\u202f" not in text and " " not in text


@pytest.mark.parametrize(
    ("tkr", "expected"),
    [
        (6949, f"6,9{NBSP}mkr"),
        (22650, f"22,7{NBSP}mkr"),  # half-up on .x5, never half-even
        (22750, f"22,8{NBSP}mkr"),
        (-6949, f"6,9{NBSP}mkr"),  # the absolute value: the sentence says the direction
        (-22650, f"22,7{NBSP}mkr"),
        (49, f"0,0{NBSP}mkr"),
        (50, f"0,1{NBSP}mkr"),
        (1234567, f"1{NBSP}234,6{NBSP}mkr"),
        (0, f"0,0{NBSP}mkr"),
    ],
)
def test_fmt_mkr(tkr: int, expected: str) -> None:
    assert fmt_mkr(tkr) == expected


@pytest.mark.parametrize(("tkr", "expected"), [(-6949, f"-6,9{NBSP}mkr"), (6949, f"6,9{NBSP}mkr")])
def test_fmt_mkr_signed(tkr: int, expected: str) -> None:
    assert fmt_mkr(tkr, signed=True) == expected


@pytest.mark.parametrize(("tkr", "expected"), [(6949, "6.9"), (-6950, "-7.0"), (-49, "0.0"), (22650, "22.7")])
def test_mkr(tkr: int, expected: str) -> None:
    assert mkr(tkr) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(Decimal("7.25"), 1, "7,3"), (Decimal("7.6"), 1, "7,6"), (Decimal(8), 1, "8,0"), (None, 1, "iu.")],
)
def test_fmt_decimal(value: Decimal | None, places: int, expected: str) -> None:
    assert fmt_decimal(value, places) == expected


@pytest.mark.parametrize(
    ("n", "neuter", "expected"),
    [
        (4, True, "fyra"),
        (7, False, "sju"),
        (1, True, "ett"),
        (1, False, "en"),
        (0, True, "noll"),
        (2, True, "två"),
        (11, True, "elva"),
        (20, True, "tjugo"),
        (21, True, "tjugoett"),
        (35, True, "trettiofem"),
        (100, True, "etthundra"),
    ],
)
def test_number_word(n: int, neuter: bool, expected: str) -> None:
    assert number_word(n, neuter=neuter) == expected
