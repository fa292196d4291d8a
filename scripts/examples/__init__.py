"""Generate the example input data for bokslut: Lerviks kommun, every follow-up of the year 2022.

Writes, under examples/:

* organisation.json and organisation.xlsx (the same tree in both forms);
* delarsbokslut-2022/excel/<ansvar>.xlsx and delarsbokslut-2022/json/<ansvar>.json for every
  node below the kommun, with the same content (the JSON is built first and the workbook is
  written from it);
* delarsbokslut-2022/ekonomisystem/drift-export.xlsx, the drift of every node as one flat sheet;
* the same excel/ and json/ pair for the rest of the year: manadsuppfoljning-2022-03,
  fordjupad-2022-04, manadsuppfoljning-2022-05, manadsuppfoljning-2022-10 and arsbokslut-2022,
  each with only the flikar its report reads. The budget is the delårsbokslut's all year; the
  prognos moves towards the delårsbokslut's and on to October's, and the bokslut lands near
  October's forecast. They draw from random generators of their own, so the delårsbokslut's
  figures and texts stay exactly as they were;
* delarsbokslut-2022/delat and arsbokslut-2022/delat, what the nämnd and the förvaltning share
  down to the units;
* broken/, one copy of enhet 81911 per validation case, and broken/README.md.

**An independent second writer of the format.** This package does not import `bokslut`: it states
the input format again (`format.py`) from docs/indata.md, writes the workbooks with openpyxl and
reads them back with a reader of its own (`check.py`). bokslut's reader and its own workbook writer
(`bokslut excel new`) share one declaration, `bokslut/domain.py`; the examples are the check on it
from the outside: if the two drift apart, the engine's tests on the examples fail instead of the
examples quietly following the engine. A change to the format is made in docs/indata.md,
bokslut/domain.py and `format.py`.

Everything is deterministic: the only variation comes from random generators with fixed seeds,
and the .xlsx files are written with fixed timestamps so that running the generator twice gives
byte-identical files. After writing, it reads everything back and checks that Excel and JSON
agree, that the workbook formulas add up, and that the flat export holds the same drift figures.

The modules follow the data: `organisation`, the `drift` figures and the `projects`, the `staff`
statistics, the nämnd's `plan`; one module per report (`delarsbokslut`, `manadsuppfoljning`,
`arsbokslut`, `enhetsuppfoljning`) with `sections` for what their texts share; `workbook` and
`files` write, `broken` breaks, `check` reads back. The Swedish prose is data, in texts/*.toml
(read by `texts`); the code composes only the sentences built from figures.

Run from the project root:  .venv/bin/python -m scripts.examples
"""
