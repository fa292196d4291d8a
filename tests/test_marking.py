"""validate --markera: the controller's own workbook back, each problem a comment at its cell."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from bokslut.cli import main
from bokslut.marking import PROBLEM_FLIK

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "examples" / "broken"
ORG = str(BROKEN / "organisation.json")
DRIFT = "8 RR skattefin övriga delår"


def validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "delarsbokslut", "--org", ORG, "--år", "2022", *args])
    return result.exit_code, result.output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_marked_copy_has_the_problem_as_a_comment_at_its_cell(tmp_path: Path) -> None:
    original = tmp_path / "81911.xlsx"
    shutil.copy(BROKEN / "kostnad-utan-minustecken.xlsx", original)
    before = digest(original)
    code, out = validate(str(original), "--markera", str(tmp_path / "markerat"))
    assert code == 1
    assert "Skrev 1 markerad arbetsbok till" in out
    assert digest(original) == before  # the original is never touched
    book = load_workbook(tmp_path / "markerat" / "81911-markerad.xlsx")
    cell = book[DRIFT]["B5"]
    assert cell.comment is not None
    assert cell.comment.text == (
        "Fel: Personalkostnader: kostnader ska anges med minustecken, men 51\u00a0030 är positivt. Skriv -51\u00a0030."
    )
    assert cell.fill.start_color.rgb == "00FFC7CE"
    assert book[DRIFT]["B4"].comment is None


def test_the_marked_copy_lists_every_problem_first_with_a_link_to_its_cell(tmp_path: Path) -> None:
    validate(str(BROKEN / "kostnad-utan-minustecken.xlsx"), "--markera", str(tmp_path))
    book = load_workbook(tmp_path / "kostnad-utan-minustecken-markerad.xlsx")
    assert book.sheetnames[0] == PROBLEM_FLIK
    rows = list(book[PROBLEM_FLIK].iter_rows(values_only=True))
    assert rows[0] == ("Allvarlighet", "Flik", "Cell", "Problem")
    assert rows[1][:3] == ("fel", DRIFT, "B5")
    assert rows[2][0] == "varning" and "formler utan sparade värden" in str(rows[2][3])
    link = book[PROBLEM_FLIK]["C2"].hyperlink
    assert link is not None and link.location == f"'{DRIFT}'!B5"


def test_marking_a_marked_copy_again_replaces_its_own_comments(tmp_path: Path) -> None:
    validate(str(BROKEN / "kostnad-utan-minustecken.xlsx"), "--markera", str(tmp_path / "1"))
    first = tmp_path / "1" / "kostnad-utan-minustecken-markerad.xlsx"
    validate(str(first), "--markera", str(tmp_path / "2"))
    again = load_workbook(tmp_path / "2" / "kostnad-utan-minustecken-markerad-markerad.xlsx")
    assert again[DRIFT]["B5"].comment.text.count("minustecken") == 1
    assert again.sheetnames.count(PROBLEM_FLIK) == 1


def test_a_clean_workbook_and_a_json_file_get_no_copy(tmp_path: Path) -> None:
    code, out = validate(str(BROKEN / "kostnad-utan-minustecken.json"), "--markera", str(tmp_path / "ut"), "--json")
    assert code == 1
    assert json.loads(out)["markerade"] == []
    assert list((tmp_path / "ut").iterdir()) == []


def test_a_file_that_is_no_workbook_gets_its_message_and_no_copy(tmp_path: Path) -> None:
    fake = tmp_path / "81911.xlsx"
    fake.write_bytes(b"inte en arbetsbok")
    code, out = validate(str(fake), "--markera", str(tmp_path / "ut"))
    assert code == 1
    assert "81911.xlsx" in out and "Skrev 0 markerade arbetsböcker" in out
    assert list((tmp_path / "ut").iterdir()) == []
