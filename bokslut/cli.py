"""The command line: thin, scriptable, Swedish. Exit 0 = klart, 1 = fel i indata, 2 = användning/miljö."""

from __future__ import annotations

import json
import os
import sys
import traceback
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from bokslut import cli_sv
from bokslut.arsplan import Plan, plan_beside, read_plan
from bokslut.domain import MONTHS, REPORTS, Level, Period, ReportSpec, ansvar_code_problem, loose
from bokslut.errors import EXIT_DATA, EXIT_ENV, EXIT_INTERNAL, EXIT_OK, REPORT_BUG, BokslutError, describe_os_error
from bokslut.history import Previous
from bokslut.issues import Issue, Severity, exit_code, has_errors
from bokslut.issues import Source as IssueSource
from bokslut.model import input_model
from bokslut.organisation import Organisation
from bokslut.pipeline import (
    Checked,
    RenderResult,
    check,
    check_stored,
    count,
    import_checked,
    known_submissions,
    remember,
    render,
    targets,
    unanswered,
    write_workbooks,
)
from bokslut.prefill import Submission, read_submission
from bokslut.rules import RulesError
from bokslut.shared import read_shared
from bokslut.sources import input_files
from bokslut.sources.organisation import read_organisation
from bokslut.status import NodeStatus, State, local_time, status
from bokslut.store import (
    DEFAULT_STORE,
    STORE_ENV,
    Outcome,
    Store,
    Stored,
    StoreError,
    current_user,
    store_url,
)
from bokslut.workbook import nodes_for

cli_sv.install()  # before the options are declared: click names a path's kind when it is made

DEBUG_ENV = "BOKSLUT_DEBUG"


def _report(_ctx: click.Context, _param: click.Parameter, value: str) -> ReportSpec:
    def plain(text: str) -> str:
        return loose(text).translate(str.maketrans("åäö", "aao")).replace(" ", "")

    for key, spec in REPORTS.items():
        first = () if spec.is_unit_report else (plain(spec.title.split()[0]),)
        if plain(value) in (plain(key), plain(spec.title), *first):
            return spec
    raise click.BadParameter(f"okänd rapport ”{value}”; välj en av: {', '.join(REPORTS)}")


report_argument = click.argument("rapport", metavar="RAPPORT", callback=_report)
inputs_argument = click.argument("indata", nargs=-1, required=True, type=click.Path(path_type=Path))
plan_option = click.option(
    "--plan",
    metavar="FIL",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Årsplanen med sista dagar (TOML). Standard: arsplan-ÅR.toml bredvid organisationsfilen.",
)


store_option = click.option(
    "--lager",
    "store",
    metavar="FIL|URL",
    envvar=STORE_ENV,
    help=f"Lagret: en SQLite-fil eller en postgresql://-adress. Standard: {DEFAULT_STORE} i arbetsmappen "
    f"(eller miljövariabeln {STORE_ENV}).",
)
org_option = click.option(
    "--org",
    "org",
    metavar="FIL",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Organisationen: JSON-fil eller Excel-arbetsbok med fliken Organisation.",
)
year_option = click.option(
    "--år", "--ar", "year", required=True, type=cli_sv.Number(1900, 2999), metavar="ÅR", help="Rapportåret, t.ex. 2022."
)


def _json_wanted(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["bokslut.json"] = value  # meta is shared with the group: a failure is JSON too
    return value


json_option = click.option("--json", "as_json", is_flag=True, callback=_json_wanted, help="Skriv resultatet som JSON.")
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
month_option = click.option(
    "--månad",
    "--manad",
    "month",
    metavar="1–12",
    type=cli_sv.Number(1, 12),
    help="Månaden rapporten gäller (1–12). Krävs för månadsuppföljning; de andra har sin egen.",
)


def _month(report: ReportSpec, month: int | None) -> int:
    """The month the report is made per; a month that does not fit the report is a usage error."""
    if month is None:
        if len(report.months) > 1:
            raise click.UsageError(f"Ange --månad för {report.title.lower()} (någon av {_months(report)}).")
        return report.months[0]
    if month not in report.months:
        raise click.UsageError(f"{report.title} görs inte per {MONTHS[month - 1]}; den görs per {_months(report)}.")
    return month


def _months(report: ReportSpec) -> str:
    return ", ".join(MONTHS[m - 1] for m in sorted(report.months))


class _Command(click.Command):
    """A command whose usage line is Swedish too: "bokslut render [ALTERNATIV] RAPPORT …"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", cli_sv.OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class _Bokslut(click.Group):
    """The one place where an exception becomes a message and an exit code: the environment or a
    usage problem is 2 with what to do, a bug is 3 ("internt fel"); never a traceback unless
    --debug or BOKSLUT_DEBUG=1 asks for it."""

    command_class = _Command
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
        except (BokslutError, StoreError, RulesError) as exc:
            _fail(ctx, str(exc), getattr(exc, "exit_code", EXIT_ENV))
        except OSError as exc:
            _fail(ctx, describe_os_error(exc, "Kunde inte läsa eller skriva"), EXIT_ENV)
        except MemoryError:
            _fail(ctx, "Minnet tog slut. Kör med färre filer åt gången.", EXIT_ENV)
        except KeyboardInterrupt:
            _fail(ctx, "Avbrutet. Inga halvskrivna dokument finns kvar; kör igen när du vill.", 130)
        except Exception:
            _fail(ctx, f"internt fel. {REPORT_BUG}", EXIT_INTERNAL)


def _fail(ctx: click.Context, message: str, code: int) -> None:
    if ctx.meta.get("debug") or os.environ.get(DEBUG_ENV) == "1":
        traceback.print_exc()
    if ctx.meta.get("bokslut.json"):
        kind = "internt" if code == EXIT_INTERNAL else "miljö"
        problem = {"allvarlighet": "fel", "kod": kind, "meddelande": message, "slutkod": code}
        click.echo(json.dumps({"fel": [problem]}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"bokslut: {message}", err=True)
    sys.exit(code)


def _debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta["debug"] = value


@click.group(cls=_Bokslut, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bokslut", message="bokslut %(version)s")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_debug,
    help=f"Visa hela felspåret vid ett internt fel (samma som {DEBUG_ENV}=1).",
)
def main() -> None:
    """bokslut – validerar, summerar och skriver kommunens uppföljningsrapporter.

    Rapporter: manadsuppfoljning (--månad 1–11), fordjupad (april), delarsbokslut (augusti),
    arsbokslut (december); avdelningars och enheters uppföljning: delarsbokslut-enhet och
    arsbokslut-enhet (med --delat). Se README.md för indataformaten.
    """


def _print_issues(issues: list[Issue]) -> None:
    for issue in sorted(issues, key=lambda i: (i.source.file, i.source.flik or "", i.severity.value)):
        colour = "red" if issue.is_error else "yellow"
        click.secho(str(issue), fg=colour, err=False)


def _open_store(url: str | None) -> Store:
    """The store; one that cannot be opened is a StoreError, said once by the group (exit 2)."""
    return Store(store_url(url))


def _uses_store(store: str | None, no_store: bool) -> bool:
    """A store named by option or environment, or bokslut.db present in the working folder."""
    url = store_url(store)
    return not no_store and (store is not None or url != DEFAULT_STORE or Path(DEFAULT_STORE).exists())


def _period(rapport: ReportSpec, year: int, month: int | None) -> Period:
    return Period(year, _month(rapport, month), rapport.key)


def _issue_summary(issues: list[Issue]) -> str:
    errors, warnings = count(issues, Severity.ERROR), count(issues, Severity.WARNING)
    if not errors and not warnings:
        return "Inga fel eller varningar."
    return f"{errors} fel och {warnings} {'varning' if warnings == 1 else 'varningar'}."


def _checked(
    org: Path,
    inputs: tuple[Path, ...],
    spec: ReportSpec,
    year: int,
    shared: tuple[Path, ...] = (),
    rules: Path | None = None,
    *,
    coverage: bool = True,
) -> Checked:
    if spec.is_unit_report and not shared:
        raise click.UsageError(f"Ange --delat för {spec.title.lower()}: det som delas ut till enheterna.")
    try:
        return check(org, inputs, spec, year, shared=shared, rules_path=rules, coverage=coverage)
    except OSError as exc:
        click.echo(f"bokslut: {describe_os_error(exc, 'Kunde inte läsa')}", err=True)
        sys.exit(EXIT_ENV)


@main.command()
@report_argument
@inputs_argument
@org_option
@year_option
@shared_option
@rules_option
@json_option
def validate(
    rapport: ReportSpec,
    indata: tuple[Path, ...],
    org: Path,
    year: int,
    shared: tuple[Path, ...],
    rules: Path | None,
    as_json: bool,
) -> None:
    """Kontrollera indata utan att skriva några dokument.

    INDATA är filer eller mappar med arbetsböcker (.xlsx) och JSON-filer. Alla fel visas på en
    gång, med fil › flik › cell (eller JSON-sökväg). Ges bara filer kontrolleras just de; ges en
    mapp sägs också vilka noder i organisationen som saknar indata.
    """
    whole = any(path.is_dir() for path in indata)  # a controller's own file: its problems, not the rest's
    checked = _checked(org, indata, rapport, year, shared, rules, coverage=whole)
    if as_json:
        click.echo(json.dumps({"fel": [i.as_dict() for i in checked.issues]}, ensure_ascii=False, indent=2))
    else:
        _print_issues(checked.issues)
        click.echo(_issue_summary(checked.issues))
    sys.exit(exit_code(checked.issues))


@main.command(name="render")
@report_argument
@click.argument("indata", nargs=-1, type=click.Path(path_type=Path))
@org_option
@year_option
@month_option
@click.option(
    "--ut",
    "--out",
    "out",
    metavar="MAPP",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Mapp för de färdiga dokumenten.",
)
@click.option("--ansvar", "--node", "node", metavar="ANSVAR", help="Skriv bara dokumentet för detta ansvar.")
@shared_option
@rules_option
@click.option(
    "--datum",
    metavar="ÅÅÅÅ-MM-DD",
    type=cli_sv.Moment(["%Y-%m-%d"], "ÅÅÅÅ-MM-DD"),
    help="Datum på försättsbladet (ÅÅÅÅ-MM-DD); standard är i dag.",
)
@store_option
@click.option("--utan-lager", "no_store", is_flag=True, help="Använd inte lagret, bara INDATA.")
@json_option
def render_command(
    rapport: ReportSpec,
    indata: tuple[Path, ...],
    org: Path,
    year: int,
    month: int | None,
    out: Path,
    node: str | None,
    shared: tuple[Path, ...],
    rules: Path | None,
    datum: Any,
    store: str | None,
    no_store: bool,
    as_json: bool,
) -> None:
    """Skriv ett Word-dokument per nod i organisationen (eller bara --ansvar).

    INDATA är filer eller mappar; utan INDATA skrivs dokumenten från lagrets senaste versioner
    (se bokslut import). Finns ett lager hämtas tidigare prognoser (prognosförändring,
    prognossäkerhet) och föregående års beslutade siffror därifrån.

    En enhet vars indata har fel skrivs inte och listas; alla andra noder skrivs ändå. En
    överordnad nod vars underlag saknas får en tydlig notering i dokumentet.
    """
    period = _period(rapport, year, month)
    month = period.month
    use_store = _uses_store(store, no_store) and not rapport.is_unit_report
    if not indata and not use_store:
        raise click.UsageError("Ange INDATA (filer eller mappar), eller --lager för att skriva från lagret.")
    previous: Previous | None = None
    if use_store:
        with _open_store(store) as opened:
            checked = (
                check_stored(org, opened, period, rapport)
                if not indata
                else _checked(org, indata, rapport, year, shared, rules)
            )
            checked, previous = remember(checked, opened, period, rapport)
    else:
        checked = _checked(org, indata, rapport, year, shared, rules)
    _known_node(checked.organisation, node)
    if node is not None and rapport.levels and checked.organisation[node].level not in rapport.levels:
        click.echo(f"bokslut: {rapport.title.lower()} skrivs för avdelningar och enheter, inte för {node}.", err=True)
        sys.exit(EXIT_ENV)
    target = out / rapport.file_key(year, month)
    today = datum.date() if datum else date.today()
    total = len(targets(checked.organisation, node, rapport))
    # A progress bar on a terminal only: scripts and --json get the summary alone.
    show = sys.stderr.isatty() and not as_json
    bar = click.progressbar(length=total, label="Skriver dokument", file=sys.stderr, item_show_func=lambda n: n or "")
    with bar if show else nullcontext(bar):
        progress = (lambda n: bar.update(1, f"{n.ansvar} {n.name}")) if show else None
        result = render(
            checked,
            rapport,
            year,
            target,
            month=month,
            only=node,
            today=today,
            progress=progress,
            previous=previous,
        )
    issues = checked.issues + result.issues
    if as_json:
        click.echo(json.dumps(_result_json(issues, result), ensure_ascii=False, indent=2))
    else:
        _print_issues(issues)
        _print_summary(issues, result, target)
    sys.exit(exit_code(issues))


def _known_node(organisation: Organisation, node: str | None) -> None:
    """--ansvar (alias --node) names an ansvar of the organisation (a usage error otherwise)."""
    if node is None:
        return
    problem = ansvar_code_problem(node)
    if problem is not None:
        raise click.BadParameter(f"ansvarskoden ”{node[:40]}” {problem}.", param_hint="--ansvar")
    if organisation.get(node) is None:
        click.echo(f"bokslut: ansvar {node} finns inte i organisationen.", err=True)
        sys.exit(EXIT_ENV)


def _print_summary(issues: list[Issue], result: RenderResult, target: Path) -> None:
    click.echo("")
    click.secho(f"Skrev {len(result.rendered)} dokument till {target}/", bold=True)
    if result.skipped:
        click.secho(f"Hoppade över {len(result.skipped)}:", fg="red", bold=True)
        for node, reason in result.skipped:
            click.echo(f"  {node.ansvar} {node.name}: {reason}")
    click.echo(_issue_summary(issues))


def _result_json(issues: list[Issue], result: RenderResult) -> dict[str, Any]:
    return {
        "skrivna": [{"ansvar": n.ansvar, "namn": n.name, "fil": str(p)} for n, p in result.rendered],
        "överhoppade": [{"ansvar": n.ansvar, "namn": n.name, "orsak": r} for n, r in result.skipped],
        "fel": [i.as_dict() for i in issues],
    }


@main.command(name="import")
@report_argument
@inputs_argument
@org_option
@year_option
@month_option
@store_option
@shared_option
@rules_option
@click.option("--tvinga", "force", is_flag=True, help="Ändra en period som nämnden redan har beslutat om.")
@click.option("--orsak", "reason", metavar="TEXT", help="Varför en beslutad period ändras (krävs med --tvinga).")
@click.option("--av", "by", metavar="NAMN", help="Vem som importerar; standard är inloggningsnamnet.")
@click.option(
    "--inlämnad",
    "--inlamnad",
    "delivered",
    metavar="ÅÅÅÅ-MM-DD TT:MM",
    type=cli_sv.Moment(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"], "ÅÅÅÅ-MM-DD TT:MM"),
    help="När underlaget lämnades in, om det importeras senare (ÅÅÅÅ-MM-DD TT:MM); standard är nu.",
)
@json_option
def import_command(
    rapport: ReportSpec,
    indata: tuple[Path, ...],
    org: Path,
    year: int,
    month: int | None,
    store: str | None,
    shared: tuple[Path, ...],
    rules: Path | None,
    force: bool,
    reason: str | None,
    by: str | None,
    delivered: datetime | None,
    as_json: bool,
) -> None:
    """Kontrollera indata och lagra varje ansvar som saknar fel.

    Ett ansvar med fel lagras inte (rätta och importera igen); de andra lagras ändå. Samma
    siffror igen ändrar ingenting; ändrade siffror blir en ny version och den gamla sparas.
    En period som nämnden har beslutat om (bokslut lock) tar inte emot ändringar utan --tvinga
    och --orsak.
    """
    period = _period(rapport, year, month)
    if force and not (reason or "").strip():
        raise click.UsageError("Ange --orsak när en beslutad period ändras med --tvinga.")
    checked = _checked(org, indata, rapport, year, shared, rules, coverage=False)
    with _open_store(store) as opened:
        stored = import_checked(
            checked,
            opened,
            period,
            by=by or current_user(),
            forced_reason=reason if force else None,
            delivered=delivered,
        )
        where = opened.describe()
    refused = [s for s in stored if s.outcome is Outcome.LOCKED]
    if as_json:
        document = {
            "lager": where,
            "period": {"rapport": period.report, "år": period.year, "månad": period.month},
            "ansvar": [{"ansvar": s.ansvar, "utfall": s.outcome.value, "version": s.version} for s in stored],
            "fel": [i.as_dict() for i in checked.issues],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print_issues(checked.issues)
        _print_import(stored, where, checked)
    sys.exit(exit_code(checked.issues) or (EXIT_DATA if refused else 0))


def _print_import(stored: list[Stored], where: str, checked: Checked) -> None:
    click.echo("")
    by_outcome: dict[Outcome, list[Stored]] = {}
    for s in stored:
        by_outcome.setdefault(s.outcome, []).append(s)
    names = {n.ansvar: n.name for n in checked.organisation.nodes}
    click.secho(f"Lagret {where}:", bold=True)
    for outcome, text in (
        (Outcome.NEW, "nya"),
        (Outcome.NEW_VERSION, "nya versioner"),
        (Outcome.UNCHANGED, "oförändrade (samma siffror som senaste versionen)"),
    ):
        if by_outcome.get(outcome):
            click.echo(f"  {len(by_outcome[outcome])} {text}")
    for s in by_outcome.get(Outcome.REJECTED, []):
        click.secho(f"  Lagrades inte: {s.ansvar} {names.get(s.ansvar, '')}: indata har fel", fg="red")
    for ansvar in sorted(unanswered(checked)):
        click.secho(
            f"  Lagrades inte: {ansvar} {names.get(ansvar, '')}: ingen uppföljning av det som delats ut", fg="red"
        )
    for s in by_outcome.get(Outcome.LOCKED, []):
        click.secho(
            f"  Lagrades inte: {s.ansvar} {names.get(s.ansvar, '')}: perioden är beslutad av nämnden "
            f"({s.decision}) och låst. Använd --tvinga och --orsak för att ändra ändå.",
            fg="red",
        )
    forced = [s for s in stored if s.outcome.stored and s.decision is not None]
    for s in forced:
        click.secho(f"  Ändrat efter beslut ({s.decision}): {s.ansvar} version {s.version}", fg="yellow")
    click.echo(_issue_summary(checked.issues))


@main.command()
@report_argument
@org_option
@year_option
@month_option
@store_option
@click.option(
    "--beslut",
    "decision",
    required=True,
    metavar="BESLUT",
    help='Nämndens beslut: datum och paragraf, t.ex. "2022-09-27 § 45".',
)
@click.option(
    "--nämnd",
    "--namnd",
    "namnd",
    metavar="ANSVAR",
    help="Nämndens ansvar; behövs bara om organisationen har flera nämnder.",
)
@click.option("--av", "by", metavar="NAMN", help="Vem som låser; standard är inloggningsnamnet.")
def lock(
    rapport: ReportSpec,
    org: Path,
    year: int,
    month: int | None,
    store: str | None,
    decision: str,
    namnd: str | None,
    by: str | None,
) -> None:
    """Markera att nämnden har beslutat om rapporten: perioden låses för nämndens ansvar.

    Senare importer för perioden vägras om de inte görs med --tvinga och --orsak. De beslutade
    siffrorna är de som nästa års jämförelser använder.
    """
    period = _period(rapport, year, month)
    decided_on, paragraph = _decision(decision)
    organisation = _organisation(org)
    boards = [n for n in organisation.nodes if n.level is Level.NAMND]
    if namnd is None:
        if len(boards) != 1:
            names = ", ".join(f"{n.ansvar} {n.name}" for n in boards) or "inga"
            raise click.UsageError(f"Ange --nämnd; organisationen har flera nämnder ({names}).")
        board = boards[0]
    else:
        found = organisation.get(namnd)
        if found is None or found.level is not Level.NAMND:
            raise click.UsageError(f"Ansvar {namnd} är ingen nämnd i organisationen.")
        board = found
    with _open_store(store) as opened:
        try:
            recorded, new = opened.lock(board.ansvar, period, decided_on, paragraph, by=by or current_user())
        except StoreError as exc:
            click.echo(f"bokslut: {exc}", err=True)
            sys.exit(EXIT_DATA)
    what = f"{rapport.title_for(year, period.month)} för {board.name}"
    if new:
        click.echo(f"Låst: {what}, beslutad {recorded}.")
    else:
        click.echo(f"Redan låst: {what}, beslutad {recorded}.")


def _decision(text: str) -> tuple[date, str]:
    """ "2022-09-27 § 45" → (2022-09-27, "§ 45")."""
    head, _, rest = text.strip().partition(" ")
    try:
        return date.fromisoformat(head), rest.strip()
    except ValueError:
        raise click.BadParameter(
            f'”{text}” börjar inte med ett datum. Skriv datum och paragraf, t.ex. "2022-09-27 § 45".',
            param_hint="--beslut",
        ) from None


def _organisation(org: Path) -> Organisation:
    organisation, issues = read_organisation(org)
    if has_errors(issues):
        _print_issues(issues)
        sys.exit(EXIT_DATA)
    return organisation


@main.command(name="status")
@report_argument
@org_option
@year_option
@month_option
@store_option
@plan_option
@click.option(
    "--datum",
    metavar="ÅÅÅÅ-MM-DD",
    type=cli_sv.Moment(["%Y-%m-%d", "%Y-%m-%dT%H:%M"], "ÅÅÅÅ-MM-DD"),
    help="Dagen att jämföra med sista dagarna (ÅÅÅÅ-MM-DD); standard är nu.",
)
@json_option
def status_command(
    rapport: ReportSpec,
    org: Path,
    year: int,
    month: int | None,
    store: str | None,
    plan: Path | None,
    datum: Any,
    as_json: bool,
) -> None:
    """Visa vem som har lämnat in giltiga indata för perioden, och vem som saknas.

    En rad per nod: status, sista dag enligt årsplanen, när senaste versionen lagrades och med
    hur många varningar. Försenade och avvisade står ut. Avslutas med 1 om något saknas.
    """
    period = _period(rapport, year, month)
    organisation = _organisation(org)
    plan_path = plan or org.parent / f"arsplan-{year}.toml"
    the_plan, plan_issues = read_plan(plan_path) if plan_path.exists() else (Plan({}), [])
    if plan_issues:
        _print_issues(plan_issues)
        sys.exit(EXIT_DATA)
    now = datum if datum else datetime.now()
    if datum is not None and datum.hour == 0 and datum.minute == 0:
        now = datum.replace(hour=23, minute=59)
    with _open_store(store) as opened:
        rows = status(opened, organisation, period, the_plan, now)
    if as_json:
        document = {
            "period": {"rapport": period.report, "år": period.year, "månad": period.month},
            "per": now.isoformat(timespec="minutes"),
            "noder": [r.as_dict() for r in rows],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print_status(rapport.title_for(year, period.month), rows, now)
    incomplete = any(r.state in (State.MISSING, State.OVERDUE, State.REJECTED) for r in rows)
    sys.exit(EXIT_DATA if incomplete else 0)


def _plan(given: Path | None, org: Path, year: int) -> Plan:
    """The named årsplan, else arsplan-ÅR.toml beside the organisation, else none (no deadlines)."""
    path = given or plan_beside(org, year)
    if not path.exists():
        return Plan({})
    plan, issues = read_plan(path)
    if issues:
        _print_issues(issues)
        sys.exit(EXIT_DATA)
    return plan


_STATE_COLOURS = {
    State.DELIVERED: "green",
    State.DECIDED: "green",
    State.LATE: "yellow",
    State.MISSING: None,
    State.OVERDUE: "red",
    State.REJECTED: "red",
}


def _print_status(title: str, rows: list[NodeStatus], now: datetime) -> None:
    click.secho(f"{title} – läget {now:%Y-%m-%d %H:%M}", bold=True)
    header = f"{'Ansvar / namn':<44} {'Status':<14} {'Sista dag':<16} {'Inlämnad':<16} {'Ver.':>4} {'Varn.':>5}"
    click.echo(header)
    click.echo("─" * len(header))
    for row in rows:
        s = row.submission
        name = f"{'  ' * row.depth}{row.node.ansvar} {row.node.name}"
        if len(name) > 44:
            name = name[:43] + "…"
        line = (
            f"{name:<44} {row.state.value:<14} {_when(row.deadline):<16} {_when(s.delivered_at if s else None):<16} "
            f"{(str(s.version) if s else ''):>4} {(str(s.warnings) if s else ''):>5}"
        )
        click.secho(line, fg=_STATE_COLOURS[row.state], bold=row.state.needs_attention)
        if row.note:
            click.echo(f"{'':<6}{'  ' * row.depth}{row.note}")
    delivered = sum(1 for r in rows if r.submission is not None)
    attention = [r for r in rows if r.state.needs_attention]
    click.echo("")
    click.echo(f"{delivered} av {len(rows)} noder har giltiga indata i lagret.")
    if attention:
        names = ", ".join(f"{r.node.ansvar} {r.node.name} ({r.state.value})" for r in attention)
        click.secho(f"Behöver åtgärdas: {names}", fg="red", bold=True)


def _when(moment: datetime | None) -> str:
    return "–" if moment is None else f"{local_time(moment):%Y-%m-%d %H:%M}"


@main.command()
@report_argument
def schema(rapport: ReportSpec) -> None:
    """Skriv JSON Schema för en rapports indata (ett objekt per flik)."""
    model = input_model(rapport)
    document = model.model_json_schema(by_alias=True)
    document["title"] = f"Indata till {rapport.title.lower()} för ett ansvar"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@main.group()
def excel() -> None:
    """Arbetsböckerna som controllers fyller i."""


@excel.command(name="new")
@org_option
@year_option
@click.option(
    "--ansvar",
    "--node",
    "node",
    metavar="ANSVAR",
    help="Bara arbetsboken för detta ansvar (standard: varje nod under kommunen).",
)
@click.option(
    "--ut",
    "--out",
    "out",
    metavar="MAPP",
    type=click.Path(path_type=Path),
    default=Path("excel"),
    show_default=True,
    help="Mapp för arbetsböckerna.",
)
@click.option(
    "--från",
    "--fran",
    "sources",
    metavar="FIL|MAPP",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="JSON-indata att förifylla från (fil eller mapp; kan anges flera gånger): årets budget och "
    "tidigare uppföljningar, förra årets delårs- och årsbokslut.",
)
@click.option(
    "--datum",
    metavar="ÅÅÅÅ-MM-DD",
    type=cli_sv.Moment(["%Y-%m-%d"], "ÅÅÅÅ-MM-DD"),
    help="Datum i filernas egenskaper (ÅÅÅÅ-MM-DD), så att en ny körning ger samma filer; standard är nu.",
)
@plan_option
@shared_option
@store_option
@click.option("--utan-lager", "no_store", is_flag=True, help="Förifyll inte från lagret, bara från --från.")
@json_option
def excel_new(
    org: Path,
    year: int,
    node: str | None,
    out: Path,
    sources: tuple[Path, ...],
    datum: Any,
    plan: Path | None,
    shared: tuple[Path, ...],
    store: str | None,
    no_store: bool,
    as_json: bool,
) -> None:
    """Skriv årets arbetsbok för varje nod (eller bara --ansvar): alla flikar för årets uppföljningar.

    Gula celler fylls i, grå räknas fram och är låsta; bladen är skyddade utan lösenord. Nodens
    ansvar och namn är ifyllda. Finns ett lager (se bokslut import) förifylls budget, förra årets
    beslutade utfall, årets tidigare prognoser och de mål, uppdrag och internkontrollpunkter som
    nivån ovanför har lämnat; --från lägger till JSON-indata. Med --delat får avdelningar och
    enheter de mål, kritiska faktorer, internkontrollpunkter och uppdrag som har delats till dem.
    Sista dagarna kommer från årsplanen.
    """
    organisation, issues = read_organisation(org)
    if has_errors(issues):
        _print_issues(issues)
        sys.exit(EXIT_DATA)
    _known_node(organisation, node)
    the_plan = _plan(plan, org, year)
    submissions = []
    if _uses_store(store, no_store):
        with _open_store(store) as opened:
            submissions += known_submissions(opened, organisation, year)
    given, source_issues = _submissions(sources, year)
    submissions += given
    the_shared, shared_issues = read_shared(shared, organisation, year) if shared else (None, [])
    nodes = nodes_for(organisation, node)
    written, failed = write_workbooks(nodes, organisation, year, submissions, the_plan, out, datum, the_shared)
    failed = source_issues + shared_issues + failed
    if as_json:
        files = [{"ansvar": n.ansvar, "namn": n.name, "fil": str(p)} for n, p in written]
        click.echo(json.dumps({"skrivna": files, "fel": [i.as_dict() for i in failed]}, ensure_ascii=False, indent=2))
    else:
        _print_issues(failed)
        books = "arbetsbok" if len(written) == 1 else "arbetsböcker"
        click.secho(f"Skrev {len(written)} {books} till {out}/", bold=True)
    sys.exit(exit_code(failed))


def _submissions(sources: tuple[Path, ...], year: int) -> tuple[list[Submission], list[Issue]]:
    """The JSON inputs to prefill from; a file that cannot be read is reported and the rest are used."""
    files, issues = input_files(sources)
    out = []
    for file in files:
        if file.suffix.lower() != ".json":
            msg = "Förifyllning läser bara JSON-indata; filen hoppas över."
            issues.append(Issue(Severity.WARNING, msg, IssueSource.of(file), code="förifyllning.filtyp"))
            continue
        try:
            submission = read_submission(file, year)
        except (OSError, ValueError) as exc:
            msg = f"Filen används inte för förifyllning: {exc}"
            issues.append(Issue(Severity.ERROR, msg, IssueSource.of(file), code="förifyllning.oläsbar"))
            continue
        if submission is None:
            msg = "Filen anger inget ansvar eller ingen rapport och hoppas över."
            issues.append(Issue(Severity.WARNING, msg, IssueSource.of(file), code="förifyllning.okänd"))
        else:
            out.append(submission)
    return out, issues


if __name__ == "__main__":  # pragma: no cover
    main()
