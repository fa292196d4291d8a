"""Bilaga 2 (underlag) as an avdelningschef's reader checks it: each unit's excerpts in the
document's own order, and an excerpt on figures opening with the unit's own figure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bokslut.domain import DELARSBOKSLUT
from bokslut.numbers import fmt_mkr
from scripts.docx_text import document_text
from tests.conftest import check, render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: Headings of the document, in its order, as the underlag names them.
ORDER = ("Verksamhet", "Mål:", "Internkontroll", "Inledande sammanfattning", "Personalkostnader – prognos",
         "Investeringar – prognos", "Rekryteringsbehov", "Sjukfrånvaro")  # fmt: skip


def test_underlag_follows_the_document_and_states_the_units_own_figure(tmp_path: Path) -> None:
    folder = EXAMPLES / "delarsbokslut-2022" / "json"
    inputs = [folder / f"{a}.json" for a in ("8191", "81911", "81912", "81913", "81914", "81915")]
    checked = check(EXAMPLES / "organisation.json", inputs, DELARSBOKSLUT, 2022, coverage=False)
    result = render(checked, DELARSBOKSLUT, 2022, tmp_path, only="8191", today=date(2022, 8, 30))
    path = next(p for n, p in result.rendered if n.ansvar == "8191")
    norr = document_text(path).split("## Hemtjänst Norr (81911)")[1].split("\n## ")[0].splitlines()
    at = [next(i for i, line in enumerate(norr) if line.startswith(h)) for h in ORDER]
    assert at == sorted(at), list(zip(ORDER, at, strict=True))
    staff = json.loads((folder / "81911.json").read_text("utf-8"))["8 RR skattefin övriga delår"]["Personalkostnader"]
    deviation = staff["prognos"] - staff["budget"]
    excerpt = norr[at[ORDER.index("Personalkostnader – prognos")] + 1]
    assert excerpt.startswith(f"Personalkostnaderna prognostiseras avvika negativt med {fmt_mkr(deviation)}. Orsaken")
