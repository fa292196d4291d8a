"""What every command shares: the options, the group that turns an exception into one message,
and printing what `bokslut.output` makes of a result (as lines, or as JSON with --json).

The commands themselves are in `bokslut.cli`; click's own words are made Swedish by `cli_sv`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bokslut import cli_sv
from bokslut.domain import REPORTS, ReportSpec, ansvar_code_problem, report_named
from bokslut.errors import EXIT_DATA, EXIT_ENV, EXIT_INTERNAL, EXIT_OK, REPORT_BUG, BokslutError, describe_os_error
from bokslut.issues import InvalidData, Issue, exit_code
from bokslut.settings import Settings, find_settings
from bokslut.store import DEFAULT_STORE, STORE_ENV, Store, is_postgres, store_url

cli_sv.install()  # before the options are declared: click names a path's kind when it is made


def later(name: str) -> ModuleType:
    """The module `name`, imported when first used (Python's `importlib.util.LazyLoader` recipe):
    `bokslut --help` and the quick commands start without loading the pipeline and its libraries."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


if TYPE_CHECKING:
    from bokslut import output, pipeline
    from bokslut import phrases as wording
    from bokslut.output import Line
else:
    output = later("bokslut.output")
    pipeline = later("bokslut.pipeline")
    wording = later("bokslut.phrases")

DEBUG_ENV = "BOKSLUT_DEBUG"
SETTINGS_META = "bokslut.settings"
F = TypeVar("F", bound=Callable[..., Any])
JSON = "bokslut.json"


# --- the options --------------------------------------------------------------------------------


def report_callback(_ctx: click.Context, _param: click.Parameter, value: str) -> ReportSpec:
    spec = report_named(value)
    if spec is None:
        raise click.BadParameter(f"okänd rapport ”{value}”; välj en av: {', '.join(REPORTS)}")
    return spec


def ansvar_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    problem = ansvar_code_problem(value) if value is not None else None
    if problem is not None:
        raise click.BadParameter(f"ansvarskoden ”{(value or '')[:40]}” {problem}.", param_hint="--ansvar")
    return value


def json_wanted(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[JSON] = value  # meta is shared with the group: a failure is JSON too
    return value


report_argument = click.argument("rapport", metavar="RAPPORT", callback=report_callback)
inputs_argument = click.argument("indata", nargs=-1, required=True, type=click.Path(path_type=Path))
org_option = click.option(
    "--org",
    metavar="FIL",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Organisationen: JSON-fil eller Excel-arbetsbok med fliken Organisation.",
)
year_option = click.option(
    "--år", "--ar", "year", required=True, type=cli_sv.Number(1900, 2999), metavar="ÅR", help="Rapportåret, t.ex. 2022."
)
month_option = click.option(
    "--månad",
    "--manad",
    "month",
    metavar="1–12",
    type=cli_sv.Number(1, 12),
    help="Månaden rapporten gäller (1–12). Krävs för månadsuppföljning; de andra har sin egen.",
)
ansvar_option = click.option(
    "--ansvar",
    "--node",
    "node",
    metavar="ANSVAR",
    callback=ansvar_callback,
    help="Bara detta ansvar (en nod i organisationen).",
)
store_option = click.option(
    "--lager",
    "store",
    metavar="FIL|URL",
    envvar=STORE_ENV,
    help=f"Lagret: en SQLite-fil eller en postgresql://-adress. Standard: {DEFAULT_STORE} i arbetsmappen "
    f"(eller miljövariabeln {STORE_ENV}).",
)
no_store_option = click.option("--utan-lager", "no_store", is_flag=True, help="Använd inte lagret.")
plan_option = click.option(
    "--plan",
    metavar="FIL",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Årsplanen med sista dagar (TOML). Standard: arsplan-ÅR.toml bredvid organisationsfilen.",
)
shared_option = click.option(
    "--delat",
    "shared",
    metavar="FIL|MAPP",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Det som delas ut till enheterna (mål, faktorer, internkontroll, uppdrag): JSON-fil eller mapp, "
    "en fil per ägare. Krävs för enheternas uppföljning.",
)
rules_option = click.option(
    "--regler",
    "rules",
    metavar="FIL",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Egen fil med bedömningsregler (standard: bokslut/data/bedomning.toml).",
)
mall_option = click.option(
    "--mall",
    "mall",
    metavar="FIL|MAPP",
    type=click.Path(exists=True, path_type=Path),
    help="Kommunens egen mall: en .docx-fil, eller en mapp med mallar som heter som bokslut:s "
    "(delarsbokslut.docx …); en rapport vars mall saknas i mappen skrivs med bokslut:s egen.",
)
phrases_option = click.option(
    "--fraser",
    "phrases",
    metavar="FIL",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Kommunens egen fraskatalog (TOML): de meningar i dokumenten som ska formuleras annorlunda, "
    "fras för fras. Övriga fraser tas från bokslut/data/fraser.toml.",
)
json_option = click.option("--json", "as_json", is_flag=True, callback=json_wanted, help="Skriv resultatet som JSON.")
DATE = cli_sv.Moment(["%Y-%m-%d"], "ÅÅÅÅ-MM-DD")


def from_option(help: str) -> Callable[[F], F]:
    """--från: JSON inputs to prefill from (a file or folder, as often as needed)."""
    return click.option(
        "--från", "--fran", "sources", metavar="FIL|MAPP", multiple=True,
        type=click.Path(exists=True, path_type=Path), help=help,
    )  # fmt: skip


def out_option(default: str, help: str) -> Callable[[F], F]:
    return click.option(
        "--ut", "--out", "out", metavar="MAPP", type=click.Path(path_type=Path), default=Path(default),
        show_default=True, help=help,
    )  # fmt: skip


# --- the group: one place where an exception becomes a message -----------------------------------


class Command(click.Command):
    """A command whose usage line is Swedish too: "bokslut render [ALTERNATIV] RAPPORT …"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", cli_sv.OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class Bokslut(click.Group):
    """Every exception becomes a message and an exit code here (see `bokslut.errors`); never a
    traceback unless --debug or BOKSLUT_DEBUG=1 asks for it."""

    command_class = Command
    group_class = type  # a group under this one (bokslut excel) is one of these too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", cli_sv.OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", cli_sv.SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # the reader went away (`bokslut status … | head`): nothing left to say to it
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except InvalidData as exc:
            finish(ctx, exc.issues, lines=[output.Line(str(exc), bold=True)], failed=True)
        except BokslutError as exc:
            fail(ctx, str(exc), exc.exit_code)
        except OSError as exc:
            fail(ctx, describe_os_error(exc, "Kunde inte läsa eller skriva"), EXIT_ENV)
        except MemoryError:
            fail(ctx, "Minnet tog slut. Kör med färre filer åt gången.", EXIT_ENV)
        except KeyboardInterrupt:
            fail(ctx, "Avbrutet. Inga halvskrivna dokument finns kvar; kör igen när du vill.", 130)
        except Exception:
            fail(ctx, f"internt fel. {REPORT_BUG}", EXIT_INTERNAL)


def fail(ctx: click.Context, message: str, code: int) -> None:
    if ctx.meta.get("debug") or os.environ.get(DEBUG_ENV) == "1":
        traceback.print_exc()
    if ctx.meta.get(JSON):
        kind = "internt" if code == EXIT_INTERNAL else "miljö"
        echo_json(output.failure_json(message, code, kind))
    else:
        click.echo(f"bokslut: {message}", err=True)
    sys.exit(code)


def debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta["debug"] = value


def apply_settings(ctx: click.Context, given: Path | None) -> Settings:
    """Read the kommun's settings (the named file, or bokslut.toml in the working folder) and make
    them every command's defaults: an option on the command line wins over them."""
    settings = find_settings(given)
    ctx.meta[SETTINGS_META] = settings
    ctx.default_map = _defaults(ctx.command, settings)
    return settings


def _defaults(command: click.Command, settings: Settings) -> dict[str, Any]:
    if isinstance(command, click.Group):
        return {name: _defaults(sub, settings) for name, sub in command.commands.items()}
    return settings.defaults({p.name for p in command.params if p.name})


# --- printing ------------------------------------------------------------------------------------


def show_lines(lines: Iterable[Line]) -> None:
    for line in lines:
        click.secho(line.text, fg=line.colour, bold=line.bold)


def echo_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def finish(
    ctx: click.Context, issues: list[Issue], *, document: Any = None, lines: Iterable[Line] = (), failed: bool = False
) -> None:
    """Print the problems and what was done (or its JSON), then exit: the problems' code, or 1
    when what was asked was `failed` (refused) without a problem in the data."""
    if ctx.meta.get(JSON):
        echo_json(document if document is not None else {"fel": output.issues_json(issues)})
    else:
        show_lines(output.issue_lines(issues))
        show_lines(lines)
        click.echo(output.summary(issues))
    sys.exit(exit_code(issues) or (EXIT_DATA if failed else EXIT_OK))


def make_job(
    report: ReportSpec,
    org: Path,
    year: int,
    month: int | None,
    shared: tuple[Path, ...] | None = None,
    rules: Path | None = None,
    phrases: Path | None = None,
) -> pipeline.Job:
    """The report, its period and the files a command reads; the unit follow-ups need --delat. A
    kommun's phrase catalogue (--fraser) is read and checked here, before anything else is done."""
    if report.is_unit_report and shared == ():
        raise click.UsageError(f"Ange --delat för {report.title.lower()}: det som delas ut till enheterna.")
    settings = click.get_current_context().meta.get(SETTINGS_META)
    kommun, colours = (settings.kommun, settings.colours) if settings is not None else (None, ())
    period = report.period(year, month)
    return pipeline.Job(
        org, report, period, shared or (), rules, wording.load_phrases(phrases), kommun=kommun, colours=colours
    )


@contextmanager
def optional_store(url: str | None, wanted: bool = True) -> Iterator[Store | None]:
    """The store named by --lager or the environment, or bokslut.db when it is in the working
    folder; None without one (or with --utan-lager). One that cannot be opened stops the run."""
    resolved = store_url(url)
    if not wanted or (url is None and resolved == DEFAULT_STORE and not Path(DEFAULT_STORE).exists()):
        yield None
        return
    with Store(resolved) as opened:
        yield opened


def required_store(url: str | None) -> Store:
    """The store a command writes to (import, accounts): created when it is not there yet."""
    return Store(store_url(url))


def existing_store(url: str | None) -> Store:
    """The store a command reads or records a decision in (status, lock, historik, …): a SQLite
    file that is not there is a mistyped --lager, never a new empty store."""
    resolved = store_url(url)
    if not is_postgres(resolved) and not Path(resolved).exists():
        raise BokslutError(
            f"Lagret {resolved} finns inte. Ange lagret med --lager (eller miljövariabeln BOKSLUT_LAGER); "
            "ett nytt lager skapas av bokslut import."
        )
    return Store(resolved)
