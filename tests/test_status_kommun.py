"""`bokslut status --per-nämnd`: the kommun on one screen, a line per nämnd counting its nodes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from bokslut.cli import main
from tests.conftest import DRIFT_FLIK, unit, write_json_input, write_org

TREE: tuple[Any, ...] = (
    ("1", "Testkommun", "kommun", None),
    ("3", "Kultur- och fritidsnämnden", "nämnd", "1"),
    ("31", "Biblioteket", "enhet", "3"),
    ("32", "Museet", "enhet", "3"),
    ("4", "Utbildningsnämnden", "nämnd", "1"),
    ("40", "Utbildningsförvaltningen", "förvaltning", "4"),
    ("41", "Skolköket", "enhet", "40"),
    ("42", "Grundskolan", "enhet", "40"),
    ("43", "Gymnasiet", "enhet", "40"),
    ("5", "Samhällsbyggnadsnämnden", "nämnd", "1"),
    ("57", "Gata och park", "enhet", "5"),
)
PLAN = """
[[rapport]]
rapport = "delarsbokslut"
enhet = 2022-08-23
forvaltning = 2022-09-13T12:00:00
namnd = 2022-09-27
"""


def bokslut(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "100"}).invoke(main, [str(a) for a in args])


def _kommun(tmp_path: Path) -> tuple[str | Path, ...]:
    """Kultur: both units in, the museum late. Utbildning: the förvaltning and Skolköket in,
    Grundskolan missing, Gymnasiet rejected. Samhällsbyggnad: all in and decided."""
    org = write_org(tmp_path, TREE)
    (tmp_path / "arsplan-2022.toml").write_text(PLAN, "utf-8")
    common = ("--org", org, "--år", "2022", "--lager", tmp_path / "bokslut.db")
    on_time, late = tmp_path / "i tid", tmp_path / "sent"
    on_time.mkdir()
    late.mkdir()
    for ansvar in ("31", "41", "57"):
        write_json_input(on_time, unit(ansvar))
    for ansvar in ("3", "5", "40"):
        write_json_input(on_time, unit(ansvar, drift={}))
    write_json_input(late, unit("32"))
    rejected = unit("43")
    rejected[DRIFT_FLIK]["Personalkostnader"]["budget"] = 5  # a cost with the wrong sign
    write_json_input(late, rejected)
    imported = bokslut("import", "delarsbokslut", on_time, *common, "--av", "test", "--inlämnad", "2022-08-22 15:00")
    assert imported.exit_code == 0, imported.output
    bokslut("import", "delarsbokslut", late, *common, "--av", "test", "--inlämnad", "2022-08-24 09:00")
    locked = bokslut("lock", "delarsbokslut", *common, "--nämnd", "5", "--beslut", "2022-09-27 § 45", "--av", "test")
    assert locked.exit_code == 0, locked.output
    return common


def test_one_line_per_namnd_and_the_kommun(tmp_path: Path) -> None:
    common = _kommun(tmp_path)
    result = bokslut("status", "delarsbokslut", *common, "--datum", "2022-08-25", "--per-nämnd")
    assert result.exit_code == 1  # something is missing
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[0] == "Delårsbokslut 2022 – läget per nämnd 2022-08-25 23:59"
    assert lines[1].split() == [
        "Nämnd", "Noder", "Inlämnad", "Sent", "Försenad", "Saknas", "Avvisad", "Egna", "indata", "Beslut"
    ]  # fmt: skip
    rows = {line.split()[0]: line for line in lines[3:] if line[:1].isdigit() or line.startswith("Kommunen")}

    # name, nodes, inlämnad, sent, försenad, saknas, avvisad, the nämnd's own input, its decision
    assert rows["3"].startswith("3 Kultur- och fritidsn…")
    assert rows["3"].endswith("2        1    1        0      0       0  inlämnad       ej beslutad")
    assert rows["4"].endswith("4        2    0        1      0       1  saknas         ej beslutad")
    # the decision of 27 September is not yet there on 25 August
    assert rows["5"].endswith("1        1    0        0      0       0  inlämnad       ej beslutad")
    assert rows["Kommunen"].endswith("7        4    1        1      0       1                 0 av 3 nämnder")
    assert all(len(line) <= 100 for line in lines)
    # who must act, named: the one screen answers "who is late" without the long table
    assert lines[-2:] == [
        "Behöver åtgärdas:",
        "  4 Utbildningsnämnden: 42 Grundskolan (försenad), 43 Gymnasiet (avvisad)",
    ]


def test_before_the_deadline_the_missing_are_not_yet_late(tmp_path: Path) -> None:
    common = _kommun(tmp_path)
    result = bokslut("status", "delarsbokslut", *common, "--datum", "2022-08-22", "--per-nämnd")
    kommun = next(line for line in result.output.splitlines() if line.startswith("Kommunen"))
    # On 22 August, before the units' deadline: the on-time units are in; Grundskolan, the museum
    # and Gymnasiet (handed in, and rejected, on the 24th) are missing, none of them late yet.
    assert kommun.endswith("7        4    0        0      3       0                 0 av 3 nämnder")
    assert "Behöver åtgärdas" not in result.output


def test_status_looks_back_as_things_stood_that_day(tmp_path: Path) -> None:
    """A status asked for an earlier day leaves out what was handed in or decided after it."""
    common = _kommun(tmp_path)
    rows = {
        day: {
            n["ansvar"]: n
            for n in json.loads(bokslut("status", "delarsbokslut", *common, "--datum", day, "--json").output)["noder"]
        }
        for day in ("2022-08-23", "2022-09-28")
    }
    assert rows["2022-08-23"]["32"]["status"] == "saknas" and rows["2022-09-28"]["32"]["status"] == "inlämnad sent"
    assert rows["2022-08-23"]["5"]["beslut"] is None and rows["2022-09-28"]["5"]["beslut"] == "2022-09-27 § 45"


def test_the_summary_as_json(tmp_path: Path) -> None:
    common = _kommun(tmp_path)
    result = bokslut("status", "delarsbokslut", *common, "--datum", "2022-08-25", "--per-nämnd", "--json")
    data = json.loads(result.output)
    namnder = {n["ansvar"]: n for n in data["nämnder"]}
    assert list(namnder) == ["3", "4", "5"]
    assert namnder["4"] == {
        "ansvar": "4",
        "namn": "Utbildningsnämnden",
        "noder": 4,
        "inlämnad": 2,
        "inlämnad_sent": 0,
        "försenad": 1,
        "saknas": 0,
        "avvisad": 1,
        "nämndens_status": "saknas",
        "beslut": None,
        "behöver_åtgärdas": [{"ansvar": "42", "status": "försenad"}, {"ansvar": "43", "status": "avvisad"}],
    }
    assert namnder["5"]["beslut"] is None and namnder["5"]["nämndens_status"] == "inlämnad"  # decided later
    assert data["kommunen"] == {
        "noder": 7,
        "inlämnad": 4,
        "inlämnad_sent": 1,
        "försenad": 1,
        "saknas": 0,
        "avvisad": 1,
        "nämnder": 3,
        "beslutade": 0,
    }
