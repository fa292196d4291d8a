"""Benchmark: how the pipeline's stages compare with the libraries they stand on, in one run.

Prints ratios, not seconds: each stage of bokslut against a baseline measured on this machine in
the same run (openpyxl loading the same workbooks; docxtpl rendering the same mall and context
with nothing of bokslut around it). A ratio that grows between commits is a regression.

    python scripts/benchmark.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate
from openpyxl import load_workbook

from bokslut.aggregate import aggregate
from bokslut.context import build_context
from bokslut.domain import DELARSBOKSLUT
from bokslut.pipeline import TEMPLATES, Job, render_checked, targets, validate_inputs
from bokslut.render import _prepare
from bokslut.sources.workbook import load_sheets

ROOT = Path(__file__).resolve().parent.parent
ORG = ROOT / "examples" / "organisation.json"
EXCEL = ROOT / "examples" / "delarsbokslut-2022" / "excel"
WORKBOOKS = sorted((ROOT / "examples").rglob("*.xlsx"))


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def median_ratio(repeat: int, ours: Callable[[], object], base: Callable[[], object]) -> float:
    """The median over rounds of ours ÷ base, both timed in each round, so a busy machine slows both."""
    ratios = []
    for _ in range(repeat):
        start = time.perf_counter()
        base()
        middle = time.perf_counter()
        ours()
        ratios.append((time.perf_counter() - middle) / (middle - start))
    return statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    files = sorted(EXCEL.glob("*.xlsx"))
    report, year, today = DELARSBOKSLUT, 2022, date(2022, 9, 13)
    job = Job(ORG, report, report.period(year))

    load_ratio = median_ratio(
        repeat, lambda: [load_sheets(f) for f in WORKBOOKS], lambda: [load_workbook(f) for f in WORKBOOKS]
    )
    base_read = best_of(repeat, lambda: [load_workbook(f, data_only=True) for f in files])
    ours_read = best_of(repeat, lambda: validate_inputs(job, [EXCEL]))

    checked = validate_inputs(job, [EXCEL])
    trees = aggregate(checked.organisation, checked.units, report, set(checked.rejected))
    contexts = [
        build_context(report, trees[n.ansvar], year, 8, checked.organisation.kommun, today, {})
        for n in targets(checked.organisation, None, report)
    ]

    def bare_docxtpl() -> None:
        for context in contexts:
            tpl = DocxTemplate(TEMPLATES / report.template)
            tpl.render(_prepare(context, tpl), autoescape=True)
            tpl.save(io.BytesIO())

    base_render = best_of(repeat, bare_docxtpl)
    with tempfile.TemporaryDirectory() as tmp:
        ours_render = best_of(repeat, lambda: render_checked(checked, job, Path(tmp), today=today))
    ours_total = ours_read + ours_render

    print(f"{len(files)} arbetsböcker, {len(contexts)} dokument, bäst av {repeat}")
    print(
        f"läsa arbetsböcker    / openpyxl load_workbook : {load_ratio:5.2f}  ({len(WORKBOOKS)} st, median av {repeat})"
    )
    print(f"läsa + validera      / openpyxl load_workbook : {ours_read / base_read:5.2f}")
    print(f"summera + skriva     / docxtpl render + save  : {ours_render / base_render:5.2f}")
    print(f"hela körningen       / båda baslinjerna       : {ours_total / (base_read + base_render):5.2f}")


if __name__ == "__main__":
    main()
