"""Write bokslut/data/falt-exempel.json: every field of each mall's context, with an example
value, from the example organisation's year (run after changing what a context holds; a test
fails until then).

    python -m scripts.fields
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from bokslut.domain import REPORTS, ReportSpec
from bokslut.fields import shape
from bokslut.pipeline import Job, contexts, validate_inputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TARGET = ROOT / "bokslut" / "data" / "falt-exempel.json"
#: The example folder each report's fields are taken from (the month of a månadsuppföljning).
#: The example folder each report's fields are taken from, its month, and its date (the demo's).
FOLDERS: dict[str, tuple[str, int | None, date]] = {
    "budget": ("budget-2022", None, date(2021, 11, 23)),
    "manadsuppfoljning": ("manadsuppfoljning-2022-05", 5, date(2022, 6, 9)),
    "fordjupad": ("fordjupad-2022-04", None, date(2022, 5, 12)),
    "delarsbokslut": ("delarsbokslut-2022", None, date(2022, 9, 12)),
    "arsbokslut": ("arsbokslut-2022", None, date(2023, 2, 8)),
    "delarsbokslut-enhet": ("delarsbokslut-2022", None, date(2022, 8, 22)),
    "arsbokslut-enhet": ("arsbokslut-2022", None, date(2023, 2, 8)),
    "sammanstallning-delarsbokslut": ("delarsbokslut-2022", None, date(2022, 9, 30)),
}


def report_fields(report: ReportSpec, found: dict[str, str]) -> None:
    folder, month, today = FOLDERS[report.key]
    shared = (EXAMPLES / folder / "delat",) if report.is_unit_report else ()
    job = Job(EXAMPLES / "organisation.json", report, report.period(2022, month), shared)
    given = EXAMPLES / folder / "excel"
    checked = validate_inputs(job, [given if given.is_dir() else EXAMPLES / folder / "json"])
    for _node, context in contexts(checked, job, today=today):
        shape(context, "", found)


def all_fields() -> dict[str, dict[str, str]]:
    by_mall: dict[str, dict[str, str]] = {}
    for report in REPORTS.values():
        report_fields(report, by_mall.setdefault(report.template, {}))
    return {mall: dict(sorted(found.items())) for mall, found in sorted(by_mall.items())}


def main() -> int:
    TARGET.write_text(json.dumps(all_fields(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
