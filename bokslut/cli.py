"""The command line: thin, scriptable, Swedish. Exit 0 = klart, 1 = fel i indata, 2 = användning/miljö."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import click

from bokslut.domain import MONTHS, REPORTS, ReportSpec, loose
from bokslut.issues import Issue, Severity, has_errors
from bokslut.model import input_model
from bokslut.pipeline import Checked, RenderResult, check, count, render, targets
from bokslut.rules import RulesError

EXIT_DATA = 1
EXIT_ENV = 2


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
org_option = click.option(
    "--org",
    "org",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Organisationen: JSON-fil eller Excel-arbetsbok med fliken Organisation.",
)
year_option = click.option("--år", "--ar", "year", required=True, type=int, help="Rapportåret, t.ex. 2022.")
json_option = click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
shared_option = click.option(
    "--delat",
    "shared",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Det som delas ut till enheterna (mål, faktorer, internkontroll, uppdrag): JSON-fil eller mapp, "
    "en fil per ägare. Krävs för enheternas uppföljning.",
)
rules_option = click.option(
    "--regler",
    "rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Egen fil med bedömningsregler (standard: bokslut/data/bedomning.toml).",
)
month_option = click.option(
    "--månad",
    "--manad",
    "month",
    type=click.IntRange(1, 12),
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bokslut", message="bokslut %(version)s")
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
) -> Checked:
    if spec.is_unit_report and not shared:
        raise click.UsageError(f"Ange --delat för {spec.title.lower()}: det som delas ut till enheterna.")
    try:
        return check(org, inputs, spec, year, shared=shared, rules_path=rules)
    except RulesError as exc:
        click.echo(f"bokslut: {exc}", err=True)
        sys.exit(EXIT_ENV)
    except OSError as exc:
        click.echo(f"bokslut: kunde inte läsa indata: {exc}", err=True)
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
    gång, med fil › flik › cell (eller JSON-sökväg).
    """
    checked = _checked(org, indata, rapport, year, shared, rules)
    if as_json:
        click.echo(json.dumps({"fel": [i.as_dict() for i in checked.issues]}, ensure_ascii=False, indent=2))
    else:
        _print_issues(checked.issues)
        click.echo(_issue_summary(checked.issues))
    sys.exit(EXIT_DATA if has_errors(checked.issues) else 0)


@main.command(name="render")
@report_argument
@inputs_argument
@org_option
@year_option
@month_option
@click.option(
    "--ut",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Mapp för de färdiga dokumenten.",
)
@click.option("--node", "node", help="Skriv bara dokumentet för detta ansvar.")
@shared_option
@rules_option
@click.option(
    "--datum",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Datum på försättsbladet (ÅÅÅÅ-MM-DD); standard är i dag.",
)
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
    as_json: bool,
) -> None:
    """Skriv ett Word-dokument per nod i organisationen (eller bara --node).

    En enhet vars indata har fel skrivs inte och listas; alla andra noder skrivs ändå. En
    överordnad nod vars underlag saknas får en tydlig notering i dokumentet.
    """
    month = _month(rapport, month)
    checked = _checked(org, indata, rapport, year, shared, rules)
    if node is not None and checked.organisation.get(node) is None:
        click.echo(f"bokslut: ansvar {node} finns inte i organisationen.", err=True)
        sys.exit(EXIT_ENV)
    if node is not None and rapport.levels and checked.organisation[node].level not in rapport.levels:
        click.echo(f"bokslut: {rapport.title.lower()} skrivs för avdelningar och enheter, inte för {node}.", err=True)
        sys.exit(EXIT_ENV)
    target = out / rapport.file_key(year, month)
    today = datum.date() if datum else date.today()
    total = len(targets(checked.organisation, node, rapport))
    # A progress bar on a terminal only: scripts and --json get the summary alone.
    show = sys.stderr.isatty() and not as_json
    bar = click.progressbar(length=total, label="Skriver dokument", file=sys.stderr, item_show_func=lambda n: n or "")
    try:
        with bar if show else nullcontext(bar):
            progress = (lambda n: bar.update(1, f"{n.ansvar} {n.name}")) if show else None
            result = render(checked, rapport, year, target, month=month, only=node, today=today, progress=progress)
    except OSError as exc:
        click.echo(f"bokslut: {exc}", err=True)
        sys.exit(EXIT_ENV)
    if as_json:
        click.echo(json.dumps(_result_json(checked, result), ensure_ascii=False, indent=2))
    else:
        _print_issues(checked.issues)
        _print_summary(checked, result, target)
    sys.exit(EXIT_DATA if has_errors(checked.issues) else 0)


def _print_summary(checked: Checked, result: RenderResult, target: Path) -> None:
    click.echo("")
    click.secho(f"Skrev {len(result.rendered)} dokument till {target}/", bold=True)
    if result.skipped:
        click.secho(f"Hoppade över {len(result.skipped)}:", fg="red", bold=True)
        for node, reason in result.skipped:
            click.echo(f"  {node.ansvar} {node.name}: {reason}")
    click.echo(_issue_summary(checked.issues))


def _result_json(checked: Checked, result: RenderResult) -> dict[str, Any]:
    return {
        "skrivna": [{"ansvar": n.ansvar, "namn": n.name, "fil": str(p)} for n, p in result.rendered],
        "överhoppade": [{"ansvar": n.ansvar, "namn": n.name, "orsak": r} for n, r in result.skipped],
        "fel": [i.as_dict() for i in checked.issues],
    }


@main.command()
@report_argument
def schema(rapport: ReportSpec) -> None:
    """Skriv JSON Schema för en rapports indata (ett objekt per flik)."""
    model = input_model(rapport)
    document = model.model_json_schema(by_alias=True)
    document["title"] = f"Indata till {rapport.title.lower()} för ett ansvar"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
