"""A kommun's settings: `bokslut.toml` in the working folder (or the file `--inställningar` names).

    kommun = "Lerviks kommun"
    organisation = "organisation.json"
    "år" = 2022
    lager = "bokslut.db"
    mallar = "mallar"
    fraser = "fraser.toml"
    regler = "bedomning.toml"
    "årsplan" = "arsplan-2022.toml"

    ["signalfärger"]
    ej_uppfyllt = "#B00020"

so that a controller types `bokslut render delarsbokslut` instead of six options. A path is read
relative to the settings file's folder. An option given on the command line wins over the file.
TOML takes å, ä and ö in a key only within quotes; `ar`, `arsplan` and `signalfarger` are the
same keys without them.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bokslut.domain import signal_sets
from bokslut.errors import BokslutError

FILE_NAME = "bokslut.toml"
SETTINGS_ENV = "BOKSLUT_INSTALLNINGAR"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Setting:
    key: str
    #: the command-line option's parameter it is the default of ("" for none)
    parameter: str
    kind: type
    description: str
    #: what holds without the setting
    default: str = "–"
    path: bool = False

    @property
    def must_exist(self) -> bool:
        """A file or folder it names must be there (a store is made when it is not)."""
        return self.path and self.key != "lager"


#: Every setting, in the order `bokslut inställningar` shows them.
SETTINGS: tuple[Setting, ...] = (
    Setting("kommun", "", str, "Kommunens namn i dokumenten.", "organisationsfilens"),
    Setting("organisation", "org", str, "Organisationsfilen (--org).", "anges med --org", path=True),
    Setting("år", "year", int, "Rapportåret (--år).", "anges med --år"),
    Setting(
        "lager", "store", str, "Lagret: SQLite-fil eller postgresql://-adress (--lager).",
        "bokslut.db i arbetsmappen, eller miljövariabeln BOKSLUT_LAGER", path=True,
    ),
    Setting("mallar", "mall", str, "Kommunens mallar: en mapp med .docx-filer (--mall).", "bokslut:s egna", path=True),
    Setting("fraser", "phrases", str, "Kommunens fraskatalog (--fraser).", "bokslut:s egen", path=True),
    Setting("regler", "rules", str, "Bedömningsreglerna (--regler).", "bokslut:s egna", path=True),
    Setting(
        "årsplan", "plan", str, "Årsplanen med sista dagar (--plan).", "arsplan-ÅR.toml bredvid organisationsfilen",
        path=True,
    ),
    Setting("signalfärger", "", dict, 'Signalernas färger, per signal: ej_uppfyllt = "#C00000".', "signaler.toml"),
)  # fmt: skip
_BY_KEY = {s.key: s for s in SETTINGS}
#: The keys as they can be written without quotes (TOML's bare keys are ASCII).
_ASCII = {"ar": "år", "arsplan": "årsplan", "signalfarger": "signalfärger"}


class SettingsError(BokslutError):
    """The settings file cannot be used: named with its place and what to do."""


@dataclass(frozen=True)
class Settings:
    """What the file says, paths resolved; `source` is the file (None: no file, defaults only)."""

    source: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def defaults(self, parameters: set[str]) -> dict[str, Any]:
        """The values of the settings whose option a command has: its click `default_map`."""
        return {s.parameter: self.values[s.key] for s in SETTINGS if s.parameter in parameters and s.key in self.values}

    @property
    def kommun(self) -> str | None:
        value = self.values.get("kommun")
        return value if isinstance(value, str) else None

    @property
    def colours(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.values.get("signalfärger", {}).items()))


def find_settings(given: Path | None, folder: Path | None = None) -> Settings:
    """The settings `given`, or `bokslut.toml` in `folder` (the working folder), or none."""
    if given is not None:
        if not given.is_file():
            raise SettingsError(f"Inställningsfilen {given} finns inte. Ange en befintlig fil med --inställningar.")
        return read_settings(given)
    beside = (folder or Path.cwd()) / FILE_NAME
    return read_settings(beside) if beside.is_file() else Settings()


def read_settings(path: Path) -> Settings:
    """Read and check `path`: every problem at once, each naming its key."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            f"{path}: filen är inte giltig TOML ({exc}). Skriv varje inställning som nyckel = värde, text inom "
            'citattecken; en nyckel med å, ä eller ö också inom citattecken ("år" = 2022) eller utan dem (ar = 2022).'
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: filen går inte att läsa ({exc}).") from exc
    problems: list[str] = []
    values: dict[str, Any] = {}
    for written, value in data.items():
        key = _ASCII.get(written, written)
        setting = _BY_KEY.get(key)
        if setting is None:
            near = difflib.get_close_matches(key, [*_BY_KEY, *_ASCII], 1)
            hint = f" Menade du ”{near[0]}”?" if near else ""
            problems.append(f"”{key}” är ingen inställning.{hint} De som finns: {', '.join(_BY_KEY)}.")
            continue
        problem = _type_problem(setting, value)
        if problem:
            problems.append(f"{key}: {problem}")
            continue
        if setting.path and "://" not in value:
            value = str((path.parent / value).resolve())
            if setting.must_exist and not Path(value).exists():
                problems.append(
                    f"{key}: {value} finns inte. Rätta sökvägen (den läses från filens mapp) eller ta bort raden."
                )
                continue
        values[key] = value
    if problems:
        raise SettingsError(f"{path} har fel:\n" + "\n".join(f"  {p}" for p in problems))
    return Settings(path.resolve(), values)


def _type_problem(setting: Setting, value: Any) -> str | None:
    if setting.kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        return f"ska vara ett heltal, t.ex. {setting.key} = 2022."
    if setting.kind is str and (not isinstance(value, str) or not value.strip()):
        return f'ska vara en text inom citattecken, t.ex. {setting.key} = "…".'
    if setting.kind is dict:
        if not isinstance(value, dict):
            return "ska vara en tabell: [signalfärger] på en egen rad, sedan en rad per signal."
        misplaced = [k for k in value if _ASCII.get(k, k) in _BY_KEY]
        if misplaced:
            return (
                f"{', '.join(misplaced)} står under [signalfärger] och läses som en färg: flytta "
                f"{'den' if len(misplaced) == 1 else 'dem'} upp före [signalfärger] (en tabell gäller till filens slut)."
            )
        known = sorted({signal.key for found in signal_sets().values() for signal in found.signals})
        unknown = [k for k in value if k not in known]
        if unknown:
            hints = [
                f"”{k}”" + (f" (menade du ”{near[0]}”?)" if (near := difflib.get_close_matches(k, known, 1)) else "")
                for k in unknown
            ]
            return f"{', '.join(hints)} är ingen signal. De som finns: {', '.join(known)}."
        wrong = [k for k, v in value.items() if not isinstance(v, str) or not _COLOUR.fullmatch(v)]
        if wrong:
            return f'färgen för {", ".join(wrong)} ska skrivas som #RRGGBB, t.ex. "#C00000".'
    return None
