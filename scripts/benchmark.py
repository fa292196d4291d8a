"""Benchmark: bokslut's batch against the floors it stands on, measured in the same run.

A kommun of about 300 nodes is made from the example delårsbokslut (its nämnd copied twelve times,
every unit's JSON input with it). Each measure is the median of several interleaved rounds, and
is printed as a ratio to a baseline measured on this machine in this run, never as seconds:

* the batch's cost per document ÷ python-docx opening and saving the same documents, one after
  the other (the floor: a document cannot be written for less). Goal ≤ 1.0 with every core busy.
* ÷ a naive docxtpl loop: a new `DocxTemplate` per document, as docxtpl's documentation does it.
* a rerun into the same folder with nothing changed ÷ the first run (goal ≤ 0.1), and how many
  documents a rerun writes after one enhet's figure changed (its path to the root).
* reading the example workbooks ÷ openpyxl's `load_workbook` of the same files (goal ≤ 1.5).
* the cost per document at four times the kommun ÷ at one time (1.0: linear), and peak memory.
* PDFs: `render --pdf`'s conversion of some of the documents ÷ one plain `soffice --convert-to pdf`
  call over the same documents (goal ≤ 1.2; LibreOffice is slow, so this is one round over
  `--pdf-documents` documents).

    python scripts/benchmark.py [--rounds 3] [--copies 12]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from openpyxl import load_workbook

from bokslut.aggregate import aggregate
from bokslut.context import build_context
from bokslut.domain import DELARSBOKSLUT
from bokslut.pdf import to_pdf
from bokslut.pipeline import TEMPLATES, Job, render_checked, targets, validate_inputs
from bokslut.render import _environment, _prepare
from bokslut.sources import read_inputs
from bokslut.sources.workbook import load_sheets
from bokslut.validate import Checked

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
INPUTS = EXAMPLES / "delarsbokslut-2022" / "json"
EXCEL = EXAMPLES / "delarsbokslut-2022" / "excel"
REPORT, YEAR, TODAY = DELARSBOKSLUT, 2022, date(2022, 9, 13)
MALL = TEMPLATES / REPORT.template


def make_kommun(folder: Path, copies: int) -> tuple[Path, Path]:
    """The example nämnd `copies` times under one kommun: codes "<n>-<ansvar>", names "<name> <n>"."""
    organisation = json.loads((EXAMPLES / "organisation.json").read_text("utf-8"))
    kommun = next(n for n in organisation["noder"] if n["nivå"] == "kommun")
    nodes = [kommun]
    inputs = folder / "in"
    inputs.mkdir(parents=True)
    for i in range(1, copies + 1):
        for node in organisation["noder"]:
            if node is kommun:
                continue
            parent = node["överordnad"]
            nodes.append(
                {**node, "ansvar": f"{i}-{node['ansvar']}", "namn": f"{node['namn']} {i}",
                 "överordnad": parent if parent == kommun["ansvar"] else f"{i}-{parent}"}
            )  # fmt: skip
        for source in INPUTS.glob("*.json"):
            data = json.loads(source.read_text("utf-8"))
            data["Uppgifter"] = {**data["Uppgifter"], "ansvar": f"{i}-{data['Uppgifter']['ansvar']}"}
            (inputs / f"{i}-{source.name}").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    org = folder / "organisation.json"
    org.write_text(json.dumps({**organisation, "noder": nodes}, ensure_ascii=False), "utf-8")
    return org, inputs


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median_of(rounds: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Each measure `rounds` times, interleaved (so a busy moment hurts all alike); the medians."""
    found: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, measure in measures.items():
            found[name].append(measure())
    return {name: statistics.median(times) for name, times in found.items()}


def contexts_of(checked: Checked) -> list[dict[str, Any]]:
    trees = aggregate(checked.organisation, checked.units, REPORT, set())
    nodes = targets(checked.organisation, None, REPORT)
    kommun = checked.organisation.kommun
    return [build_context(REPORT, trees[n.ansvar], YEAR, 8, kommun, TODAY, {}) for n in nodes]


#: Runs a command and prints the largest resident size among it and the processes it waited for.
_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def command_line(org: Path, inputs: Path, out: Path) -> tuple[float, float]:
    """`bokslut render` over a kommun, as a user runs it: seconds, and peak memory in MB."""
    bokslut = Path(sys.executable).parent / "bokslut"
    command = [str(bokslut), "render", REPORT.key, "--org", str(org), "--år", str(YEAR), "--utan-lager"]
    command += ["--ut", str(out), "--datum", TODAY.isoformat(), str(inputs)]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--pdf-documents", type=int, default=48)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        org, inputs = make_kommun(work / "kommun", args.copies)
        job = Job(org, REPORT, REPORT.period(YEAR))
        checked = validate_inputs(job, [inputs])
        assert not checked.rejected, "the generated kommun has errors"
        contexts = contexts_of(checked)
        n = len(contexts)
        first = work / "first"
        render_checked(checked, job, first, today=TODAY, everything=True)  # the documents for the floor
        documents = sorted(first.glob("*.docx"))
        assert len(documents) == n, (len(documents), n)

        def batch() -> float:
            return timed(lambda: render_checked(checked, job, work / "batch", today=TODAY, everything=True)) / n

        def floor() -> float:
            def open_and_save() -> None:
                for path in documents:
                    Document(str(path)).save(io.BytesIO())

            return timed(open_and_save) / n

        def naive() -> float:
            def loop() -> None:
                for context in contexts:
                    tpl = DocxTemplate(MALL)
                    tpl.render(_prepare(context, tpl), jinja_env=_environment(), autoescape=True)
                    tpl.save(io.BytesIO())

            return timed(loop) / n

        def rerun() -> float:
            return timed(lambda: render_checked(checked, job, work / "batch", today=TODAY))

        def full() -> float:
            return timed(lambda: render_checked(checked, job, work / "full", today=TODAY, everything=True))

        books = sorted(EXAMPLES.rglob("*.xlsx"))
        delar = sorted(EXCEL.glob("*.xlsx"))

        def read() -> float:
            """Loading the workbooks, over openpyxl loading them, timed in the same round."""
            base = timed(lambda: [load_workbook(book) for book in books])
            return timed(lambda: [load_sheets(book) for book in books]) / base

        def parse() -> float:
            """Reading the delårsbokslut's inputs whole (checks, sheets, tables), over openpyxl's load."""
            base = timed(lambda: [load_workbook(book) for book in delar])
            return timed(lambda: read_inputs(delar, REPORT, YEAR)) / base

        times = median_of(
            args.rounds,
            {"batch": batch, "floor": floor, "naive": naive, "rerun": rerun, "full": full, "read": read,
             "parse": parse},
        )  # fmt: skip

        # one enhet's forecast changes: only the documents on its path to the root are written again
        changed = shutil.copytree(inputs, work / "changed")
        one = changed / "1-81911.json"
        data = json.loads(one.read_text("utf-8"))
        data["8 RR skattefin övriga delår"]["Övriga kostnader"]["prognos"] -= 100
        one.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        render_checked(checked, job, work / "path", today=TODAY)
        after = render_checked(validate_inputs(job, [changed]), job, work / "path", today=TODAY)

        # PDFs: ours (tagged, one process per core) against one plain soffice call
        sample = documents[: args.pdf_documents]
        ours_pdf = work / "pdf-ours"
        ours_pdf.mkdir()
        for document in sample:
            shutil.copy(document, ours_pdf / document.name)
        mine = [ours_pdf / d.name for d in sample]
        ours_pdf_time = timed(lambda: to_pdf(mine, ours_pdf)) / len(sample)
        plain = work / "pdf-plain"
        profile = (work / "lo-profile").as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        plain_time = timed(
            lambda: subprocess.run(
                [*command, "--outdir", str(plain), *map(str, sample)], capture_output=True, check=True
            )
        ) / len(sample)

        # the command line, as a user runs it, on the kommun and on four times it: growth and memory
        big_org, big_inputs = make_kommun(work / "big", args.copies * 4)
        small_time, _ = command_line(org, inputs, work / "cli-small")
        big_time, peak = command_line(big_org, big_inputs, work / "cli-big")
        big_n = len(list((work / "cli-big" / REPORT.file_key(YEAR, 8)).glob("*.docx")))
        small_time, big_time = small_time / n, big_time / big_n

    cores = len(__import__("os").sched_getaffinity(0))
    print(f"{n} dokument ({big_n} i den fyrdubblade kommunen), {len(books)} arbetsböcker, {cores} kärnor, "
          f"median av {args.rounds} omgångar")  # fmt: skip
    print(
        f"batch per dokument   / python-docx öppna+spara (golvet)   : {times['batch'] / times['floor']:5.2f}  (mål ≤ 1,0)"
    )
    print(f"batch per dokument   / docxtpl, en mall per dokument      : {times['batch'] / times['naive']:5.2f}")
    print(
        f"omkörning, inget ändrat / första körningen                : {times['rerun'] / times['full']:5.2f}  (mål ≤ 0,1)"
    )
    print(
        f"omkörning efter en ändrad enhet: {len(after.rendered)} av {n} dokument skrivna ({', '.join(sorted(a.ansvar for a, _ in after.rendered))})"
    )
    print(
        f"läsa arbetsböcker    / openpyxl load_workbook             : {times['read']:5.2f}  (mål ≤ 1,5; {len(books)} st)"
    )
    print(f"läsa + tolka indata  / openpyxl load_workbook             : {times['parse']:5.2f}  ({len(delar)} st)")
    print(
        f"per dokument vid 4×  / per dokument vid 1×                : {big_time / small_time:5.2f}  (1,0: linjärt; bokslut render, läsa till skriva)"
    )
    print(
        f"PDF per dokument     / en soffice --convert-to pdf       : {ours_pdf_time / plain_time:5.2f}  (mål ≤ 1,2; {len(sample)} dokument, en omgång)"
    )
    print(
        f"högsta minne för bokslut render vid 4× ({big_n} dokument): {peak:.0f} MB i huvudprocessen; en arbetsprocess håller bara mallen och sitt dokument  (mål < 300 MB)"
    )


if __name__ == "__main__":
    main()
