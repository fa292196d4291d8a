"""The workbook a controller fills: every flik of the year, laid out like the mall's tables.

Everything is driven by the declarations in `domain.py`: the reports' table flikar and columns,
the rows with their sign rules, the text and list flikar. Input cells are yellow and unlocked;
sums and Avv./Diff. are locked grey formulas; the sheets are protected without a password. What
is already known (budget, last year's decided figures, earlier forecasts, goals shared down) comes
in as *prefill*: data shaped like the JSON input (docs/indata.md), one object per flik name, so it
can come from JSON files today and from the store later (see `bokslut.prefill`).

The reader (`sources/excel.py`) reads these workbooks for every report: each run reads the
flikar of its report and ignores the rest.

The package: `plan` (the flikar of the year and what the drop-downs offer), `style` (looks,
protection, data validations), `tables` (the table flikar with their formulas) and `write` (the
other flikar, the instruction flik, the whole book, saving).
"""

from __future__ import annotations

from bokslut.workbook.plan import YearFlik, year_fliks
from bokslut.workbook.write import build_workbook, nodes_for, save_workbook, workbook_name

__all__ = ["YearFlik", "build_workbook", "nodes_for", "save_workbook", "workbook_name", "year_fliks"]
