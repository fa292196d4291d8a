"""Workbooks that arrive broken or hostile: each is refused or read within its used range, with a
Swedish message at file › flik › cell, and never stops the other units of the folder.

Every case builds its file in tmp_path. Cases that could hang or run for minutes without the
guards (a FIFO, a zip bomb, a value at row 1 048 576) run under an alarm: a generous limit that
fails the test instead of holding the suite, not a measurement of speed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from bokslut.issues import Issue
from bokslut.sources.inspection import MAX_OBJECTS, OLE_MAGIC
from bokslut.validate import Checked
from tests.conftest import (
    DRIFT_FLIK,
    VALID_DRIFT,
    build_workbook,
    run_check,
    table_cell,
    unit,
    write_org,
    write_workbook,
)

GOOD = "81911"
SMALL = (
    ("1", "Exempelkommun", "kommun", None),
    ("8", "Vård- och omsorgsnämnden", "nämnd", "1"),
    (GOOD, "Hemtjänst Norr", "enhet", "8"),
    ("81912", "Hemtjänst Söder", "enhet", "8"),
)
HOSTILE = "81912"
GUARD_SECONDS = 20
#: What library or OS text looks like; a message is Swedish only.
ENGLISH = re.compile(r"\b(Error|Errno|File is|not a zip|Traceback|Exception|invalid|No such)\b")


@contextmanager
def alarm(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM raises in the test after `seconds`."""

    def fail(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def hostile_unit() -> dict[str, Any]:
    return unit(HOSTILE, "Hemtjänst Söder")


def sheet_part(book: Workbook, flik: str) -> str:
    """The zip part openpyxl writes a flik to: sheets are numbered in the workbook's order."""
    return f"xl/worksheets/sheet{book.sheetnames.index(flik) + 1}.xml"


def saved(book: Workbook, folder: Path) -> tuple[Workbook, Path]:
    """The hostile unit's workbook `book`, saved as its file in `folder`."""
    path = folder / f"{HOSTILE}.xlsx"
    book.save(path)
    return book, path


def replace_part(path: Path, part: str, content: Callable[[bytes], Iterable[bytes]]) -> None:
    """Rewrite one part of a saved zip; `content` gets the old bytes and yields the new ones."""
    original = path.with_suffix(".orig")
    with zipfile.ZipFile(path) as archive:
        assert part in archive.namelist(), part
    shutil.move(path, original)
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            old = source.read(info)
            if info.filename != part:
                target.writestr(info, old)
                continue
            with target.open(part, "w", force_zip64=True) as stream:
                for chunk in content(old):
                    stream.write(chunk)
    original.unlink()


def with_merge(ref: str) -> Callable[[bytes], Iterable[bytes]]:
    """The sheet as it was, with the merge `ref` added: the cells under it keep their values."""

    def content(old: bytes) -> Iterable[bytes]:
        head, tail = old.split(b"</sheetData>", 1)
        yield head + b'</sheetData><mergeCells count="1"><mergeCell ref="' + ref.encode() + b'"/></mergeCells>' + tail

    return content


# --- building the hostile files --------------------------------------------------------------------


def zip_bomb(folder: Path) -> Path:
    """A workbook whose sheet unpacks to 300 MB of spaces: a few hundred kB packed, made streaming."""
    path = write_workbook(folder, hostile_unit())

    def spaces(old: bytes) -> Iterator[bytes]:
        block = b" " * (1024 * 1024)
        for _ in range(300):
            yield block

    replace_part(path, "xl/worksheets/sheet2.xml", spaces)
    return path


def many_cells(folder: Path) -> Path:
    """A small file that holds more cells than the budget: openpyxl would take half a minute."""
    book, path = saved(build_workbook(hostile_unit()), folder)

    def cells(old: bytes) -> Iterator[bytes]:
        head, tail = old.split(b"</sheetData>", 1)
        yield head.replace(b"<sheetData/>", b"<sheetData>")
        for row in range(100, 100 + MAX_OBJECTS // 10 + 10):
            yield (
                f'<row r="{row}">'.encode()
                + b"".join(f'<c r="{col}{row}"><v>1</v></c>'.encode() for col in "HIJKLMNOPQ")
                + b"</row>"
            )
        yield b"</sheetData>" + tail

    replace_part(path, sheet_part(book, DRIFT_FLIK), cells)
    return path


def huge_merge(folder: Path) -> Path:
    """One merge over the whole sheet: openpyxl would create 17 billion merged cells."""
    book, path = saved(build_workbook(hostile_unit()), folder)
    replace_part(path, sheet_part(book, "Uppgifter"), with_merge("D1:XFD1048576"))
    return path


def encrypted(folder: Path) -> Path:
    """What Excel writes for a workbook with a password to open: an OLE file with EncryptedPackage."""
    path = folder / f"{HOSTILE}.xlsx"
    path.write_bytes(
        OLE_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    )
    return path


def old_xls(folder: Path) -> Path:
    path = folder / f"{HOSTILE}.xlsx"
    path.write_bytes(OLE_MAGIC + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1024))
    return path


def text_file(folder: Path) -> Path:
    path = folder / f"{HOSTILE}.xlsx"
    path.write_text("Ansvar;Budget\n81912;-38500\n", "utf-8")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / f"{HOSTILE}.xlsx"
    path.write_bytes(b"")
    return path


def truncated(folder: Path) -> Path:
    path = write_workbook(folder, hostile_unit())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def not_a_workbook_zip(folder: Path) -> Path:
    """A Word document (or any zip) renamed to .xlsx."""
    path = folder / f"{HOSTILE}.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def damaged_part(folder: Path) -> Path:
    """A zip that looks like a workbook but whose workbook part is not XML: openpyxl raises."""
    path = write_workbook(folder, hostile_unit())
    replace_part(path, "xl/workbook.xml", lambda old: [b"\x00\x01 not xml <<<"])
    return path


def entities(folder: Path) -> Path:
    """An XML part with a DTD that defines entities (billion laughs): never in a real workbook."""
    path = write_workbook(folder, hostile_unit())
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    replace_part(path, "xl/styles.xml", lambda old: [laughs + old.split(b"?>", 1)[-1]])
    return path


def fifo(folder: Path) -> Path:
    path = folder / f"{HOSTILE}.xlsx"
    os.mkfifo(path)
    return path


def folder_named_xlsx(folder: Path) -> Path:
    path = folder / f"{HOSTILE}.xlsx"
    path.mkdir()
    return path


REFUSED: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # case: (how the file is made, code, what the message says)
    "zip bomb": (zip_bomb, "excel.for_stor", "packas upp till mycket mer"),
    "too many cells": (many_cells, "excel.for_stor", "celler"),
    "merge over the whole sheet": (huge_merge, "excel.for_stor", "celler"),
    "encrypted": (encrypted, "excel.losenord", "Arbetsboken är lösenordsskyddad. Spara den utan lösenord"),
    "old xls": (old_xls, "excel.xls", "spara som Excel-arbetsbok (.xlsx)"),
    "text named .xlsx": (text_file, "excel.inte_xlsx", "Filen är ingen Excel-arbetsbok (.xlsx)"),
    "empty": (empty_file, "excel.tom", "Filen är tom"),
    "truncated": (truncated, "excel.skadad", "skadad eller ofullständig"),
    "zip without a workbook": (not_a_workbook_zip, "excel.inte_xlsx", "spara som .xlsx"),
    "damaged workbook part": (damaged_part, "excel.oläsbar", "Arbetsboken kan inte läsas"),
    "xml entities": (entities, "excel.skadad", "skadad"),
}


def checked_folder(tmp_path: Path, make: Callable[[Path], Path]) -> tuple[Checked, Path]:
    """A folder with a good unit and a hostile file, checked as a whole."""
    folder = tmp_path / "indata"
    folder.mkdir()
    write_workbook(folder, unit(GOOD, "Hemtjänst Norr"))
    hostile = make(folder)
    org = write_org(tmp_path, SMALL)
    with alarm():
        return run_check(org, folder), hostile


def about(checked: Checked, name: str) -> list[Issue]:
    return [i for i in checked.issues if i.source.file == name]


#: The refused files that are big on purpose: building and refusing them takes seconds.
BIG = {"zip bomb", "too many cells"}


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c in BIG else c for c in REFUSED])
def test_a_hostile_file_is_refused_in_swedish_and_the_others_are_read(tmp_path: Path, case: str) -> None:
    make, code, words = REFUSED[case]
    checked, hostile = checked_folder(tmp_path, make)
    issues = about(checked, hostile.name)
    assert [i.code for i in issues if i.is_error] == [code], [str(i) for i in issues]
    assert words in issues[0].message
    assert issues[0].source.flik is None
    assert not ENGLISH.search(issues[0].message), issues[0].message
    assert GOOD in {u.ansvar for u in checked.units}
    assert not [i for i in checked.issues if i.ansvar == GOOD and i.is_error]


def test_a_fifo_in_the_folder_is_skipped_with_a_warning_and_a_folder_named_xlsx_is_a_folder(tmp_path: Path) -> None:
    checked, hostile = checked_folder(tmp_path, fifo)
    assert [(i.code, i.severity.value) for i in about(checked, hostile.name)] == [("fil.inte_vanlig", "varning")]
    assert GOOD in {u.ansvar for u in checked.units}
    (tmp_path / "2").mkdir()
    checked, hostile = checked_folder(tmp_path / "2", folder_named_xlsx)
    assert GOOD in {u.ansvar for u in checked.units}
    assert not [i for i in checked.issues if i.is_error and i.ansvar == GOOD]


def test_a_fifo_named_on_the_command_line_is_not_waited_on(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    assert checked.issues  # said one way or another: never a hang


# --- read within the used range ---------------------------------------------------------------


def far_value(data: dict[str, Any], folder: Path) -> Path:
    book = build_workbook(data)
    sheet = book[DRIFT_FLIK]
    sheet["A1048576"] = "Långt ned"
    sheet["B1048576"] = -5
    sheet["XFD1"] = "Kolumn XFD"
    sheet["XFD20"] = 7
    path = folder / f"{data['Uppgifter']['ansvar']}.xlsx"
    book.save(path)
    return path


def test_a_value_at_the_last_row_is_read_without_walking_a_million_rows(tmp_path: Path) -> None:
    data = unit(GOOD)
    path = far_value(data, tmp_path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    far = [i for i in checked.issues if i.source.cell == "A1048576"]
    assert [i.code for i in far] == ["excel.okand_rad"]
    assert far[0].source.flik == DRIFT_FLIK
    assert "Långt ned" in far[0].message


def test_the_figures_above_a_far_value_are_read_as_typed(tmp_path: Path) -> None:
    data = unit(GOOD)
    book = build_workbook(data)
    book[DRIFT_FLIK]["XFD1048576"] = "utanför tabellen"
    path = tmp_path / f"{GOOD}.xlsx"
    book.save(path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    assert not [str(i) for i in checked.issues if i.is_error and i.ansvar == GOOD]
    drift = next(u for u in checked.units if u.ansvar == GOOD).tables["drift"]
    assert drift.row("personal")["budget"] == VALID_DRIFT["Personalkostnader"]["budget"]


# --- merged cells -------------------------------------------------------------------------------


def merged_amounts(folder: Path, ref: str) -> tuple[Path, dict[str, Any]]:
    """Budget and prognos of Personalkostnader merged, the prognos still in the file under the merge."""
    data = unit(HOSTILE)
    book = build_workbook(data)
    path = folder / f"{HOSTILE}.xlsx"
    book.save(path)
    replace_part(path, sheet_part(book, DRIFT_FLIK), with_merge(ref))
    return path, data


@pytest.mark.parametrize(
    ("columns", "words"),
    [
        (("budget", "prognos"), "är sammanfogade över beloppskolumner"),
        (("budget", "diff"), "är sammanfogade över beloppskolumner"),
    ],
)
def test_merged_amount_cells_are_an_error_at_the_merge(tmp_path: Path, columns: tuple[str, str], words: str) -> None:
    data = unit(HOSTILE)
    first = table_cell(data, DRIFT_FLIK, "Personalkostnader", columns[0])
    last = table_cell(data, DRIFT_FLIK, "Personalkostnader", columns[1])
    path, _ = merged_amounts(tmp_path, f"{first}:{last}")
    checked = run_check(write_org(tmp_path, SMALL), path)
    merged = [i for i in checked.issues if i.code == "excel.sammanfogade"]
    assert len(merged) == 1
    assert merged[0].is_error
    assert merged[0].message == (
        f"Cellerna {first}:{last} {words}. Dela upp dem (Start › Sammanfoga och centrera) och skriv ett belopp per cell."
    )
    assert (merged[0].source.file, merged[0].source.flik, merged[0].source.cell) == (
        path.name,
        DRIFT_FLIK,
        f"{first}:{last}",
    )
    assert checked.rejected.get(HOSTILE)


def test_amount_cells_merged_over_rows_are_an_error(tmp_path: Path) -> None:
    data = unit(HOSTILE)
    top = table_cell(data, DRIFT_FLIK, "Personalkostnader", "budget")
    bottom = table_cell(data, DRIFT_FLIK, "Lokalhyror", "budget")
    path, _ = merged_amounts(tmp_path, f"{top}:{bottom}")
    checked = run_check(write_org(tmp_path, SMALL), path)
    merged = [i for i in checked.issues if i.code == "excel.sammanfogade"]
    assert [i.source.cell for i in merged] == [f"{top}:{bottom}"]
    assert "flera rader med belopp" in merged[0].message


def test_a_merged_header_and_a_merge_beside_the_table_are_fine(tmp_path: Path) -> None:
    data = unit(GOOD)
    book = build_workbook(data)
    sheet = book[DRIFT_FLIK]
    sheet.insert_rows(1)
    sheet["B1"] = "Helår"
    sheet.merge_cells("B1:D1")  # a group title over the first columns
    sheet.move_range("A2", rows=-1)
    sheet.merge_cells("A1:A2")  # "Belopp i tkr" over both header rows
    sheet["J5"] = "En kommentar bredvid tabellen"
    sheet.merge_cells("J5:L9")
    path = tmp_path / f"{GOOD}.xlsx"
    book.save(path)
    checked = run_check(write_org(tmp_path, SMALL), path)
    assert not [str(i) for i in checked.issues if i.is_error and i.ansvar == GOOD]


# --- two flikar, one name -------------------------------------------------------------------------


def test_two_sheets_that_match_one_flik_loosely_are_an_error_naming_both(tmp_path: Path) -> None:
    data = unit(HOSTILE)
    book = build_workbook(data)
    twin = book.create_sheet("8 rr skattefin  övriga delår")
    for row in book[DRIFT_FLIK].iter_rows(values_only=True):
        twin.append(row)
    twin["C3"] = -99999
    path = tmp_path / f"{HOSTILE}.xlsx"
    book.save(path)
    checked = run_check(write_org(tmp_path, SMALL), path)
    twins = [i for i in checked.issues if i.code == "excel.flik_dubblett"]
    assert len(twins) == 1
    assert twins[0].message == (
        f"Arbetsboken har två flikar som båda kan vara ”{DRIFT_FLIK}”: ”{DRIFT_FLIK}” och "
        "”8 rr skattefin  övriga delår”. Ta bort eller byt namn på den ena."
    )
    assert (twins[0].source.file, twins[0].source.flik) == (path.name, "8 rr skattefin  övriga delår")
    assert twins[0].ansvar == HOSTILE
    assert checked.rejected.get(HOSTILE)


# --- odd values in amount cells ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, 1e300, -1e300, 10**12])
def test_an_odd_number_in_an_amount_cell_is_an_issue_at_its_cell(tmp_path: Path, value: Any) -> None:
    drift = {**VALID_DRIFT, "Lokalhyror": {**VALID_DRIFT["Lokalhyror"], "prognos": value}}
    data = unit(HOSTILE, drift=drift)
    path = write_workbook(tmp_path, data)
    checked = run_check(write_org(tmp_path, SMALL), path)
    cell = table_cell(data, DRIFT_FLIK, "Lokalhyror", "prognos")
    assert [i for i in checked.issues if i.is_error and i.source.cell == cell], [str(i) for i in checked.issues]
    assert checked.rejected.get(HOSTILE)


# --- the flat export -----------------------------------------------------------------------------

FLAT_HEADER = ["Ansvar", "Kontogrupp", "Budget 2022", "Prognos helår 2022", "Delårsbokslut 2022", "Delårsbokslut 2021"]


def flat_book() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(FLAT_HEADER)
    for label, amounts in VALID_DRIFT.items():
        sheet.append([GOOD, label, *(amounts[k] for k in ("budget", "prognos", "utfall", "utfall_fg"))])
    return book


def test_a_flat_export_with_a_value_at_the_last_row_is_read_fast(tmp_path: Path) -> None:
    book = flat_book()
    book.active["A1048576"] = HOSTILE
    book.active["B1048576"] = "Personalkostnader"
    book.active["C1048576"] = -5
    path = tmp_path / "export.xlsx"
    book.save(path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    assert not [str(i) for i in checked.issues if i.is_error and i.ansvar == GOOD]
    assert {u.ansvar for u in checked.units} >= {GOOD}
    far = next(u for u in checked.units if u.ansvar == HOSTILE)
    assert far.tables["drift"].row("personal")["budget"] == -5


def test_merged_amounts_in_a_flat_export_are_an_error_at_the_merge(tmp_path: Path) -> None:
    book = flat_book()
    path = tmp_path / "export.xlsx"
    book.save(path)
    replace_part(path, "xl/worksheets/sheet1.xml", with_merge("C3:D3"))
    checked = run_check(write_org(tmp_path, SMALL), path)
    merged = [i for i in checked.issues if i.code == "excel.sammanfogade"]
    assert [(i.source.file, i.source.flik, i.source.cell) for i in merged] == [("export.xlsx", "Export", "C3:D3")]
    assert "över beloppskolumner" in merged[0].message


def test_a_merged_ansvar_in_a_flat_export_is_an_error(tmp_path: Path) -> None:
    book = flat_book()
    book.active.merge_cells("A2:A4")
    path = tmp_path / "export.xlsx"
    book.save(path)
    checked = run_check(write_org(tmp_path, SMALL), path)
    merged = [i for i in checked.issues if i.code == "excel.sammanfogade"]
    assert [i.source.cell for i in merged] == ["A2:A4"]


def flat_export(folder: Path) -> Path:
    path = folder / "export.xlsx"
    flat_book().save(path)
    return path


def flat_bomb(folder: Path) -> Path:
    path = flat_export(folder)
    replace_part(path, "xl/worksheets/sheet1.xml", lambda old: (b" " * (1024 * 1024) for _ in range(300)))
    return path


def flat_truncated(folder: Path) -> Path:
    path = flat_export(folder)
    path.write_bytes(path.read_bytes()[:-100])
    return path


def flat_far_merge(folder: Path) -> Path:
    path = flat_export(folder)
    replace_part(path, "xl/worksheets/sheet1.xml", with_merge("A1048000:XFD1048576"))
    return path


@pytest.mark.parametrize(
    ("make", "code"),
    [
        pytest.param(flat_bomb, "excel.for_stor", marks=pytest.mark.slow),
        (flat_truncated, "excel.skadad"),
        (flat_far_merge, "excel.for_stor"),
    ],
)
def test_a_hostile_flat_export_beside_good_workbooks_is_refused(
    tmp_path: Path, make: Callable[[Path], Path], code: str
) -> None:
    """The flat export is recognised by opening it: a hostile one must not hang or crash that look."""
    folder = tmp_path / "indata"
    folder.mkdir()
    write_workbook(folder, unit(GOOD, "Hemtjänst Norr"))
    hostile = make(folder)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), folder)
    assert [i.code for i in about(checked, hostile.name) if i.is_error] == [code]
    assert GOOD in {u.ansvar for u in checked.units}
    assert not checked.rejected.get(GOOD)


# --- the organisation as a workbook ----------------------------------------------------------------


@pytest.mark.parametrize("make", [encrypted, text_file, truncated, fifo])
def test_a_hostile_organisation_workbook_is_an_issue_not_a_crash(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    org = make(tmp_path).rename(tmp_path / "organisation.xlsx")
    data = write_workbook(tmp_path, unit(GOOD))
    with alarm():
        checked = run_check(org, data)
    refused = [i for i in checked.issues if i.source.file == "organisation.xlsx"]
    assert refused and all(i.is_error and not ENGLISH.search(i.message) for i in refused)


def test_a_chart_sheet_beside_the_flikar_is_no_reason_to_refuse_the_workbook(tmp_path: Path) -> None:
    book = build_workbook(unit(GOOD))
    chart = BarChart()
    chart.add_data(Reference(book[DRIFT_FLIK], min_col=2, min_row=1, max_row=4))
    book.create_chartsheet("Diagram").add_chart(chart)
    path = tmp_path / f"{GOOD}.xlsx"
    book.save(path)
    checked = run_check(write_org(tmp_path, SMALL), path)
    assert not [str(i) for i in checked.issues if i.is_error and i.source.file == path.name]
    assert GOOD in {u.ansvar for u in checked.units}


# --- nothing read twice, nothing left unread ----------------------------------------------------------


def test_a_row_given_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    data = unit(HOSTILE, Texter={"Verksamhet": "Första texten."})
    book = build_workbook(data)
    book[DRIFT_FLIK].append(["Personalkostnader", -1, -2, None, -3, -4])
    book["Texter"]["A1048576"] = "verksamhet "
    book["Texter"]["B1048576"] = "En andra text."
    path = tmp_path / f"{HOSTILE}.xlsx"
    book.save(path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    twice = {(i.source.flik, i.source.cell): i.message for i in checked.issues if i.code == "excel.dubbel_rad"}
    assert set(twice) == {(DRIFT_FLIK, f"A{len(VALID_DRIFT) + 2}"), ("Texter", "A1048576")}
    assert twice[("Texter", "A1048576")].startswith("Raden ”Verksamhet” finns två gånger (även A2)")


def test_a_number_outside_the_tables_columns_is_a_warning(tmp_path: Path) -> None:
    book = build_workbook(unit(HOSTILE))
    book[DRIFT_FLIK]["J3"] = 500
    book[DRIFT_FLIK]["XFD1048576"] = 1
    book[DRIFT_FLIK]["K3"] = "en anteckning"  # a note in text is not a figure
    path = tmp_path / f"{HOSTILE}.xlsx"
    book.save(path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    [stray] = [i for i in checked.issues if i.code == "excel.utanfor_tabellen"]
    assert (stray.source.flik, stray.source.cell) == (DRIFT_FLIK, "J3")
    assert stray.message.startswith("Belopp i J3, XFD1048576 står utanför tabellens kolumner och läses inte.")


@pytest.mark.parametrize(("typed", "value"), [(' t="n"', "NaN"), ("", "INF"), ("", "-Infinity")])
def test_a_number_cell_holding_no_number_is_named_at_its_cell(tmp_path: Path, typed: str, value: str) -> None:
    """NaN or INF in a number cell (no spreadsheet program writes them) makes openpyxl refuse the
    whole workbook: bokslut names the cell."""
    data = unit(HOSTILE)
    book, path = saved(build_workbook(data), tmp_path)
    cell = table_cell(data, DRIFT_FLIK, "Personalkostnader", "prognos")
    typed_cell = f'<c r="{cell}" t="n"><v>-39700</v>'.encode()
    replace_part(
        path,
        sheet_part(book, DRIFT_FLIK),
        lambda old: [old.replace(typed_cell, f'<c r="{cell}"{typed}><v>{value}</v>'.encode())],
    )
    checked = run_check(write_org(tmp_path, SMALL), path)
    [issue] = [i for i in checked.issues if i.is_error and i.source.cell == cell]
    assert (issue.code, issue.source.flik) == ("excel.inget_tal", DRIFT_FLIK)
    assert issue.message.startswith(f"Cellen har värdet ”{value}”, som inte är ett tal.")


def test_a_long_text_in_a_small_workbook_is_read_whole(tmp_path: Path) -> None:
    text = "Verksamheten har bedrivits enligt plan. " * 800  # 32 000 characters, as much as a cell holds
    path = write_workbook(tmp_path, unit(HOSTILE, Texter={"Verksamhet": text}))
    checked = run_check(write_org(tmp_path, SMALL), path)
    assert not [i for i in checked.issues if i.is_error and i.ansvar == HOSTILE], [str(i) for i in checked.issues]
    assert text.strip() in checked.units[0].texts.values()


def _rezip(path: Path, change: Callable[[dict[str, bytes]], object]) -> None:
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)


@pytest.mark.slow
def test_too_many_flikar_are_refused_before_openpyxl_sets_them_up(tmp_path: Path) -> None:
    book = build_workbook(unit(HOSTILE))
    for i in range(301):
        book.create_sheet(f"Extra {i}")
    path = tmp_path / f"{HOSTILE}.xlsx"
    book.save(path)
    with alarm():
        checked = run_check(write_org(tmp_path, SMALL), path)
    [issue] = [i for i in checked.issues if i.source.file == path.name]
    assert (issue.code, issue.message) == (
        "excel.for_stor",
        "Arbetsboken har 305 flikar, fler än bokslut läser (högst 300). Ta bort flikar som inte hör till "
        "uppföljningen och spara igen.",
    )


def test_a_flik_listed_but_missing_from_the_file_is_a_damaged_workbook(tmp_path: Path) -> None:
    path = write_workbook(tmp_path, unit(HOSTILE))
    _rezip(path, lambda parts: parts.pop("xl/worksheets/sheet3.xml"))
    checked = run_check(write_org(tmp_path, SMALL), path)
    assert [i.code for i in checked.issues if i.source.file == path.name] == ["excel.skadad"]


def test_a_macro_workbook_is_read_and_its_macros_never_run(tmp_path: Path) -> None:
    path = write_workbook(tmp_path, unit(HOSTILE), name=f"{HOSTILE}.xlsm")
    _rezip(path, lambda parts: parts.__setitem__("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen()"))
    checked = run_check(write_org(tmp_path, SMALL), path)
    [issue] = [i for i in checked.issues if i.source.file == path.name]
    assert issue.code == "excel.makron" and not issue.is_error
    assert "kör aldrig makron" in issue.message
    assert HOSTILE in {u.ansvar for u in checked.units}


def test_a_control_character_excel_stored_as_an_escape_is_named_at_its_cell(tmp_path: Path) -> None:
    data = unit(HOSTILE, Texter={"Verksamhet": "Planen _x0007_följs. Ett understreck: _x005F_x0007_."})
    path = write_workbook(tmp_path, data)
    checked = run_check(write_org(tmp_path, SMALL), path)
    [issue] = [i for i in checked.issues if i.code == "text.styrtecken"]
    assert (issue.source.flik, issue.source.cell) == ("Texter", "B2")
    assert "(U+0007 vid tecken 8)" in issue.message  # the escaped underscore stays text


def test_a_column_given_twice_is_an_error_naming_both(tmp_path: Path) -> None:
    book = build_workbook(unit(HOSTILE))
    sheet = book[DRIFT_FLIK]
    sheet["H1"] = "Budget 2022"
    sheet["H3"] = -77000
    path = tmp_path / f"{HOSTILE}.xlsx"
    book.save(path)
    checked = run_check(write_org(tmp_path, SMALL), path)
    [issue] = [i for i in checked.issues if i.code == "excel.dubbel_kolumn"]
    assert (issue.source.flik, issue.source.cell) == (DRIFT_FLIK, "H1")
    assert issue.message.startswith("Kolumnen ”Budget 2022” finns två gånger (B1 och H1)")


def test_merged_figures_in_a_personnel_table_are_an_error(tmp_path: Path) -> None:
    data = unit(HOSTILE, Sjukfrånvaro={"Total sjukfrånvaro": {"fg": "7,1", "år": "7,9"}})
    book = build_workbook(data)
    book["Sjukfrånvaro"].merge_cells("B2:C2")
    path = tmp_path / f"{HOSTILE}.xlsx"
    book.save(path)
    checked = run_check(write_org(tmp_path, SMALL), path)
    [issue] = [i for i in checked.issues if i.code == "excel.sammanfogade"]
    assert (issue.source.flik, issue.source.cell) == ("Sjukfrånvaro", "B2:C2")
