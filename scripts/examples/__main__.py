"""Run the example generator: `python -m scripts.examples` from the project root (`make examples`
also recalculates the valid workbooks with LibreOffice afterwards)."""

from __future__ import annotations

import random
import shutil
import sys
from typing import Any

from .arsbokslut import build_ar_json, make_year_end
from .boards import write_boards
from .broken import BROKEN_BASE, write_broken
from .budget import BUDGET_DIR, write_broken_budget, write_budget
from .check import check_all, check_run
from .delarsbokslut import build_json
from .drift import Amounts, make_drift, make_forecasts, total_of, with_sums
from .enhetsuppfoljning import with_unit_followup, write_shared
from .files import save_json, save_workbook, write_flat_export, write_organisation
from .format import ARSBOKSLUT, DELAR, DRIFT_ROWS, FORDJUPAD, KOSTNADER, NETTO, Layout, manad_layout
from .manadsuppfoljning import build_month_json
from .organisation import BY_ANSVAR, NAMND, OTHER_BOARDS, children, reporting_nodes
from .projects import PLACEHOLDER_WORKBOOK
from .settings import BROKEN_DIR, EXAMPLES, ROOT, RUN_DIR, SEED, YEAR_SEED
from .staff import make_sick
from .workbook import build_workbook


def print_report(drift: dict[str, dict[str, Amounts]]) -> None:
    def tree(ansvar: str, depth: int) -> None:
        node = BY_ANSVAR[ansvar]
        print(f"  {'  ' * depth}{node.ansvar:<6} {node.namn} ({node.nivå})")
        for child in children(ansvar):
            tree(child.ansvar, depth + 1)

    print("Organisation:")
    tree("1", 0)
    total = total_of(drift, NAMND)
    print(f"\nNämnden {NAMND}, alla noders egna siffror summerade (tkr):")
    print(f"  {'Kontogrupp':<30}{'Budget':>12}{'Prognos':>12}{'Avv.':>10}{'Utfall':>12}{'Utfall fg':>12}")
    for row in DRIFT_ROWS:
        a = total[row]
        print(
            f"  {row:<30}{a['budget']:>12,}{a['prognos']:>12,}{a['prognos'] - a['budget']:>10,}"
            f"{a['utfall']:>12,}{a['utfall_fg']:>12,}".replace(",", " ")
        )
    for node in reporting_nodes():
        own = with_sums(drift[node.ansvar])
        gross = -own[KOSTNADER]["budget"]
        dev = own[NETTO]["prognos"] - own[NETTO]["budget"]
        print(f"  {node.ansvar:<6} {node.namn:<32} brutto {gross / 1000:6.1f} mkr, avv. netto {dev / 1000:+5.1f} mkr")


def write_run(lay: Layout, inputs: dict[str, dict[str, Any]]) -> None:
    """One report's folder: json/<ansvar>.json and excel/<ansvar>.xlsx for every node."""
    for ansvar, data in inputs.items():
        save_json(data, lay.dir / "json" / f"{ansvar}.json")
        wb = build_workbook(data, lay, placeholders=ansvar == PLACEHOLDER_WORKBOOK)
        save_workbook(wb, lay.dir / "excel" / f"{ansvar}.xlsx")


YEAR_RUNS = (manad_layout(3), FORDJUPAD, manad_layout(5), manad_layout(10), ARSBOKSLUT)


def main() -> int:
    rng = random.Random(SEED)
    for directory in (RUN_DIR, BROKEN_DIR, BUDGET_DIR, *(lay.dir for lay in YEAR_RUNS)):
        if directory.exists():
            shutil.rmtree(directory)
    EXAMPLES.mkdir(exist_ok=True)
    write_organisation()

    drift = make_drift(rng)
    own_sick, sick = make_sick(rng, drift)
    inputs = {n.ansvar: with_unit_followup(build_json(n, drift, sick[n.ansvar]), n, "delar") for n in reporting_nodes()}
    write_run(DELAR, inputs)
    write_shared(DELAR)
    cases = write_broken(inputs[BROKEN_BASE])
    budgets = write_budget(inputs)  # the plan the year's follow-ups report on
    broken_budget = write_broken_budget(budgets[NAMND], BROKEN_DIR)

    # The rest of the year, from a generator of its own so that the delårsbokslut stays as it was.
    year_rng = random.Random(YEAR_SEED)
    forecasts = make_forecasts(year_rng, drift)
    year_end = make_year_end(drift, forecasts, own_sick, year_rng)
    for lay in YEAR_RUNS:
        if lay is ARSBOKSLUT:
            year_inputs = {
                n.ansvar: with_unit_followup(build_ar_json(n, forecasts, year_end), n, "ar") for n in reporting_nodes()
            }
            write_run(lay, year_inputs)
            write_shared(lay)
        else:
            month = int(lay.folder[-2:])
            write_run(lay, {n.ansvar: build_month_json(n, lay, month, forecasts) for n in reporting_nodes()})
    others = write_boards(OTHER_BOARDS, YEAR_RUNS)  # the rest of the kommun
    drift |= {ansvar: rows for year in others.values() for ansvar, rows in year.drift.items()}
    write_flat_export(drift)  # the whole kommun's drift from the ekonomisystem

    check_all(drift, cases, [broken_budget.name])
    for lay in YEAR_RUNS:
        if lay.dir.exists():
            check_run(lay)
    print_report(drift)
    files = sorted(p.relative_to(ROOT) for p in EXAMPLES.rglob("*") if p.is_file())
    print(f"\n{len(files)} files written under examples/; Excel and JSON agree, formulas add up.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
