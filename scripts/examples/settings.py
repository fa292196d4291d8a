"""Where the examples go, the year they are of, and the seeds of their random generators."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"
RUN_DIR = EXAMPLES / "delarsbokslut-2022"
BROKEN_DIR = EXAMPLES / "broken"

YEAR = 2022
SEED = 20220831
# The other reports draw from generators of their own, so that the delårsbokslut stays as it was.
YEAR_SEED = SEED + 1
STATS_SEED = SEED + 2
