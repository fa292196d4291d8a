"""`make demo` dates each report's cover from its own period: the day the förvaltning finished
it (the import's inlämnad date), around the period's end and before the nämnd decided."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MONTHS = {"delarsbokslut": 8, "sammanstallning": 8, "fordjupad": 4, "arsbokslut": 12}


def _period_end(report: str, line: str) -> date:
    if m := re.search(r"--rapport (\S+)", line):  # a sammanställning of another report than the delårsbokslut
        report = m.group(1)
    month = int(m.group(1)) if (m := re.search(r"--månad (\d+)", line)) else MONTHS[report.removesuffix("-enhet")]
    first_next = date(2022 + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_every_demo_render_has_a_date_of_its_period() -> None:
    plan = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    renders = [line for line in plan.splitlines() if " render " in line]
    assert len(renders) == 11
    decisions: dict[tuple[str, str], list[date]] = {}  # each nämnd's, at its own meeting
    for m in re.finditer(r"bokslut lock (\S+)( --månad \d+)? .*--beslut \"?(\d{4}-\d\d-\d\d)", plan):
        decisions.setdefault((m.group(1), m.group(2) or ""), []).append(date.fromisoformat(m.group(3)))
    for line in renders:
        report = line.split(" render ")[1].split()[0]
        found = re.search(r"--datum (\d{4}-\d\d-\d\d)", line)
        assert found, line
        when = date.fromisoformat(found.group(1))
        if report == "budget":  # the year's plan is made and decided before the year begins
            assert date(2021, 9, 1) <= when < min(decisions[(report, "")]) <= max(decisions[(report, "")]), line
            assert max(decisions[(report, "")]) < date(2022, 1, 1), line
            continue
        if report == "sammanstallning":  # the kommun's, once every nämnd has decided the report it sums up
            named = re.search(r"--rapport (\S+)", line)
            followed = named.group(1) if named else "delarsbokslut"
            end = _period_end(report, line)
            assert max(decisions[(followed, "")]) < when <= end + timedelta(days=90), line
            continue
        # the delårsbokslut's enheter report in August, before the period per 31 August has ended
        end = _period_end(report, line)
        assert end - timedelta(days=10) <= when <= end + timedelta(days=45), line
        month = re.search(r"( --månad \d+)", line)
        decided = decisions.get((report, month.group(1) if month else ""))
        if decided is not None:
            assert when < min(decided), line
