"""The command line: options and calls, nothing more. Swedish, scriptable.

Each command turns its options into a call of `bokslut.pipeline` and prints what `bokslut.output`
makes of the result. Exit 0 = klart, 1 = fel i indata, 2 = användning eller miljö, 3 = internt fel;
the group (`cli_base.Bokslut`) is the one place an exception becomes a message.
"""

from __future__ import annotations

import shutil
import sys
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bokslut import cli_sv
from bokslut.cli_base import (
    DATE,
    DEBUG_ENV,
    SETTINGS_META,
    Bokslut,
    ansvar_callback,
    ansvar_option,
    apply_settings,
    debug,
    echo_json,
    existing_store,
    finish,
    from_option,
    inputs_argument,
    json_option,
    later,
    make_job,
    mall_option,
    month_option,
    no_store_option,
    optional_store,
    org_option,
    out_option,
    phrases_option,
    plan_option,
    report_argument,
    report_callback,
    required_store,
    rules_option,
    shared_option,
    show_lines,
    store_option,
    year_option,
)
from bokslut.domain import ReportSpec, summary_named
from bokslut.errors import EXIT_DATA, EXIT_OK, BokslutError
from bokslut.settings import FILE_NAME, SETTINGS_ENV
from bokslut.store import Outcome, Store, current_user, store_url

if TYPE_CHECKING:
    from bokslut import fields, history_view, mall_check, output, pipeline
    from bokslut.organisation import Node
else:
    history_view, output, pipeline = map(later, ("bokslut.history_view", "bokslut.output", "bokslut.pipeline"))
    fields, mall_check = later("bokslut.fields"), later("bokslut.mall_check")


@click.group(cls=Bokslut, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bokslut", message="bokslut %(version)s")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=debug,
    help=f"Visa hela felspåret vid ett internt fel (samma som {DEBUG_ENV}=1).",
)
@click.option(
    "--inställningar",
    "--installningar",
    "settings_file",
    metavar="FIL",
    envvar=SETTINGS_ENV,
    type=click.Path(path_type=Path),
    help=f"Kommunens inställningar (TOML); standard: {FILE_NAME} i arbetsmappen. Se bokslut inställningar.",
)
@click.pass_context
def main(ctx: click.Context, settings_file: Path | None) -> None:
    """bokslut – validerar, summerar och skriver kommunens uppföljningsrapporter.

    Rapporter: manadsuppfoljning (--månad 1–11), fordjupad (april), delarsbokslut (augusti),
    arsbokslut (december); avdelningars och enheters uppföljning: delarsbokslut-enhet och
    arsbokslut-enhet (med --delat). Se README.md för indataformaten.
    """
    apply_settings(ctx, settings_file)


@main.command(name="inställningar")
@json_option
@click.pass_context
def settings_command(ctx: click.Context, as_json: bool) -> None:
    """Visa kommunens inställningar som gäller, och var varje värde kommer ifrån.

    Inställningarna läses från bokslut.toml i arbetsmappen (eller filen som --inställningar
    anger, före kommandot: bokslut --inställningar FIL render …). Ett alternativ på
    kommandoraden gäller före filen.
    """
    settings = ctx.meta[SETTINGS_META]
    if as_json:
        echo_json(output.settings_json(settings))
    else:
        show_lines(output.settings_lines(settings))


# --- the commands --------------------------------------------------------------------------------


@main.command()
@report_argument
@inputs_argument
@org_option
@year_option
@month_option
@ansvar_option
@shared_option
@rules_option
@click.option(
    "--markera",
    "mark",
    metavar="MAPP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Skriv en kopia av varje arbetsbok med problem till MAPP (”81911-markerad.xlsx”): varje problem "
    "som kommentar i sin cell och cellen färgad. Originalen ändras inte.",
)
@store_option
@no_store_option
@json_option
@click.pass_context
def validate(
    ctx: click.Context,
    rapport: ReportSpec,
    indata: tuple[Path, ...],
    org: Path,
    year: int,
    month: int | None,
    node: str | None,
    shared: tuple[Path, ...],
    rules: Path | None,
    mark: Path | None,
    store: str | None,
    no_store: bool,
    as_json: bool,
) -> None:
    """Kontrollera indata utan att skriva några dokument.

    INDATA är filer eller mappar med arbetsböcker (.xlsx) och JSON-filer. Alla fel visas på en
    gång, per fil, med flik › cell (eller JSON-sökväg). Ges bara filer kontrolleras just de; ges en
    mapp sägs också vilka noder i organisationen som saknar indata. Med --ansvar visas bara det
    som gäller det ansvaret och noderna under det. Finns ett lager jämförs budgeten med nämndens
    beslutade budget och internkontrollen med internkontrollplanen (se bokslut lock budget).
    """
    whole = any(path.is_dir() for path in indata)  # a controller's own file: its problems, not the rest's
    job = make_job(rapport, org, year, month, shared, rules)
    with optional_store(store, not no_store and not rapport.is_unit_report) as opened:
        checked = pipeline.validate_inputs(job, indata, coverage=whole, only=node, store=opened)
    if mark is None:
        finish(ctx, checked.issues)
        return
    marked = pipeline.mark_inputs(checked, indata, mark)
    finish(
        ctx,
        checked.issues + marked.issues,
        document={
            "fel": output.issues_json(checked.issues + marked.issues),
            "markerade": output.files_json(marked.written),
        },
        lines=output.written_lines(("markerad arbetsbok", "markerade arbetsböcker"), marked.written, mark),
    )


@main.command(name="render")
@report_argument
@click.argument("indata", nargs=-1, type=click.Path(path_type=Path))
@org_option
@year_option
@month_option
@click.option(
    "--rapport",
    "followed",
    metavar="UPPFÖLJNING",
    help="Till sammanstallning: uppföljningen som sammanställs, arsbokslut, delarsbokslut (standard), "
    "manadsuppfoljning (med --månad) eller fordjupad.",
)
@out_option("out", "Mapp för de färdiga dokumenten; de hamnar i en mapp per rapport och period.")
@ansvar_option
@shared_option
@rules_option
@phrases_option
@click.option("--datum", metavar="ÅÅÅÅ-MM-DD", type=DATE, help="Datum på försättsbladet; standard är i dag.")
@store_option
@no_store_option
@click.option(
    "--jobb",
    "--jobs",
    "jobs",
    metavar="N",
    type=cli_sv.Number(1, 256),
    help="Hur många dokument som skrivs samtidigt; standard är en per processorkärna.",
)
@click.option(
    "--pdf",
    "pdf",
    is_flag=True,
    help="Skriv också en PDF-fil bredvid varje dokument (taggad, PDF/A-2 och PDF/UA; kräver LibreOffice).",
)
@click.option(
    "--alla",
    "everything",
    is_flag=True,
    help="Skriv om alla dokument, också de som redan finns i utmappen med samma innehåll.",
)
@mall_option
@json_option
@click.pass_context
def render_command(
    ctx: click.Context,
    rapport: ReportSpec,
    indata: tuple[Path, ...],
    org: Path,
    year: int,
    month: int | None,
    followed: str | None,
    out: Path,
    node: str | None,
    shared: tuple[Path, ...],
    rules: Path | None,
    phrases: Path | None,
    datum: datetime | None,
    store: str | None,
    no_store: bool,
    jobs: int | None,
    pdf: bool,
    everything: bool,
    mall: Path | None,
    as_json: bool,
) -> None:
    """Skriv ett Word-dokument per nod i organisationen (eller bara --ansvar).

    INDATA är filer eller mappar; utan INDATA skrivs dokumenten från lagrets senaste versioner
    (se bokslut import). Finns ett lager hämtas tidigare prognoser (prognosförändring,
    prognossäkerhet) och föregående års beslutade siffror därifrån; utan lager sägs vad som
    därför inte kan skrivas.

    En enhet vars indata har fel skrivs inte och listas; alla andra noder skrivs ändå. En
    överordnad nod vars underlag saknas får en tydlig notering i dokumentet.

    Körs det igen till samma utmapp skrivs bara de dokument vars innehåll har ändrats (indata,
    lagrade prognoser, mall, datum eller bokslut-version); de andra står kvar som oförändrade.

    RAPPORT sammanstallning är kommunens sammanställning av nämndernas uppföljning: ett dokument
    för kommunen, av delårsbokslutet om inte --rapport anger en annan uppföljning (arsbokslut,
    manadsuppfoljning med --månad, fordjupad). Den läser uppföljningens indata och lager.
    """
    if followed is not None:
        if not rapport.summary:
            raise click.UsageError(f"--rapport hör till sammanstallning, inte till {rapport.key}.")
        rapport = summary_named(followed)
    job = make_job(rapport, org, year, month, shared, rules, phrases)
    today = datum.date() if datum else date.today()
    show = sys.stderr.isatty() and not as_json  # a progress bar on a terminal only
    bar = click.progressbar(length=0, label="Skriver dokument", file=sys.stderr, item_show_func=lambda n: n or "")
    with (
        optional_store(store, not no_store and not rapport.is_unit_report) as opened,
        bar if show else nullcontext(bar),
    ):

        def progress(node: Any, total: int) -> None:
            bar.length = total
            bar.update(1, f"{node.ansvar} {node.name}")

        result = pipeline.render_report(
            job, indata, out, store=opened, only=node, today=today, progress=progress if show else None,
            jobs=jobs, everything=everything, pdf=pdf, templates=mall or pipeline.TEMPLATES,
        )  # fmt: skip
    finish(
        ctx,
        result.issues,
        document=output.render_json(
            result.rendered, result.unchanged, result.skipped, result.issues, result.pdfs, result.mall
        ),
        lines=[
            output.Line(),
            *output.mall_lines(result.mall, mall),
            *output.written_lines(("dokument", "dokument"), result.rendered, result.folder),
            *output.unchanged_lines(result.unchanged),
            *output.pdf_lines(result.pdfs, result.folder),
            *output.skipped_lines(result.skipped),
        ],
    )


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
@click.pass_context
def import_command(
    ctx: click.Context,
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
    job = make_job(rapport, org, year, month, shared, rules)
    if force and not (reason or "").strip():
        raise click.UsageError("Ange --orsak när en beslutad period ändras med --tvinga.")
    with required_store(store) as opened:
        done = pipeline.import_inputs(
            job, indata, opened, by=by or current_user(), forced_reason=reason if force else None, delivered=delivered
        )
    checked = done.checked
    from bokslut.offers import unanswered

    names = {n.ansvar: n.name for n in checked.organisation.nodes}
    refused = any(s.outcome is Outcome.LOCKED for s in done.stored)
    finish(
        ctx,
        checked.issues,
        document=output.import_json(job.period, done.store, done.stored, checked.issues),
        lines=output.import_lines(done.stored, done.store, names, unanswered(checked)),
        failed=refused,
    )


@main.command()
@report_argument
@org_option
@year_option
@month_option
@store_option
@click.option(
    "--beslut",
    "decision",
    metavar="BESLUT",
    help='Nämndens beslut: datum och paragraf, t.ex. "2022-09-27 § 45". Med --ångra: bara om det är '
    "detta beslut som är låst.",
)
@click.option(
    "--nämnd",
    "--namnd",
    "namnd",
    metavar="ANSVAR",
    help="Nämndens ansvar; behövs bara om organisationen har flera nämnder.",
)
@click.option("--av", "by", metavar="NAMN", help="Vem som låser (eller ångrar); standard är inloggningsnamnet.")
@click.option(
    "--ångra",
    "--angra",
    "undo",
    is_flag=True,
    help="Ångra nämndens beslut så att perioden öppnas igen. Kräver --orsak; det ångrade beslutet sparas.",
)
@click.option("--orsak", "reason", metavar="TEXT", help="Varför beslutet ångras (krävs med --ångra).")
@json_option
def lock(
    rapport: ReportSpec,
    org: Path,
    year: int,
    month: int | None,
    store: str | None,
    decision: str | None,
    namnd: str | None,
    by: str | None,
    undo: bool,
    reason: str | None,
    as_json: bool,
) -> None:
    """Markera att nämnden har beslutat om rapporten: perioden låses för nämndens ansvar.

    Senare importer för perioden vägras om de inte görs med --tvinga och --orsak. De beslutade
    siffrorna är de som nästa års jämförelser använder.

    Med --ångra och --orsak tas beslutet bort igen (till exempel när nämnden har återremitterat
    ärendet): perioden tar emot ändringar utan --tvinga och kan låsas med ett nytt beslut. Vem
    som ångrade, när och varför sparas med det ångrade beslutet (se bokslut historik).
    """
    job = make_job(rapport, org, year, month)
    if undo and not (reason or "").strip():
        raise click.UsageError('Ange --orsak när ett beslut ångras, t.ex. --orsak "Ärendet återremitterades".')
    if not undo and reason is not None:
        raise click.UsageError("--orsak hör till --ångra; ett beslut låses med --beslut.")
    if not undo and decision is None:
        raise click.UsageError('Ange --beslut: nämndens beslut, t.ex. --beslut "2022-09-27 § 45".')
    title = rapport.title_for(year, job.period.month)
    with existing_store(store) as opened:
        if undo:
            board, undone = pipeline.unlock_period(
                job, opened, reason or "", namnd=namnd, by=by or current_user(), decision=decision
            )
        else:
            board, recorded, new = pipeline.lock_period(
                job, opened, decision or "", namnd=namnd, by=by or current_user()
            )
    what = f"{title} för {board.name}"
    if undo:
        if as_json:
            echo_json({**output.board_json(job.period, board), "ångrat": history_view.undone_dict(undone)})
        else:
            click.echo("\n".join(history_view.undone_lines(what, undone)))
    elif as_json:
        echo_json(output.lock_json(job.period, board, recorded, new))
    else:
        click.echo(output.lock_text(what, recorded, new))


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
    help="Dagen att visa läget för (ÅÅÅÅ-MM-DD): det som var inlämnat och beslutat då, mot sista dagarna; standard är nu.",
)
@click.option(
    "--per-nämnd",
    "--per-namnd",
    "per_namnd",
    is_flag=True,
    help="En rad per nämnd: hur många noder under den som är inlämnade, sena, försenade, saknas "
    "eller avvisade, och om nämnden har beslutat; sist hela kommunen.",
)
@json_option
def status_command(
    rapport: ReportSpec,
    org: Path,
    year: int,
    month: int | None,
    store: str | None,
    plan: Path | None,
    datum: datetime | None,
    per_namnd: bool,
    as_json: bool,
) -> None:
    """Visa vem som har lämnat in giltiga indata för perioden, och vem som saknas.

    En rad per nod: status, sista dag enligt årsplanen, när senaste versionen lagrades och med
    hur många varningar. Försenade och avvisade står ut. Med --per-nämnd en rad per nämnd i
    stället, för hela kommunen på en skärm. Avslutas med 1 om något saknas.
    """
    job = make_job(rapport, org, year, month)
    now = datum or datetime.now()
    if datum is not None and datum.hour == 0 and datum.minute == 0:
        now = datum.replace(hour=23, minute=59)  # a day: as it stands at its end
    with existing_store(store) as opened:
        rows, namnder = pipeline.period_status_per_namnd(job, opened, now, plan)
    title = rapport.title_for(year, job.period.month)
    width = shutil.get_terminal_size((100, 24)).columns
    if as_json:
        echo_json(
            output.status_summary_json(job.period, namnder, now)
            if per_namnd
            else output.status_json(job.period, rows, now)
        )
    elif per_namnd:
        show_lines(output.status_summary_lines(title, namnder, now, width))
    else:
        show_lines(output.status_lines(title, rows, now, width))
    from bokslut.status import State

    incomplete = any(r.state in (State.MISSING, State.OVERDUE, State.REJECTED) for r in rows)
    sys.exit(EXIT_DATA if incomplete else EXIT_OK)


ansvar_argument = click.argument("ansvar", metavar="ANSVAR", callback=ansvar_callback)
version_type = cli_sv.Number(1, 999_999)


def _subject(job: pipeline.Job, node: Node, opened: Store) -> history_view.Subject:
    title = job.report.title_for(job.year, job.period.month)
    return history_view.Subject(title, job.period, node.ansvar, node.name, opened.describe())


@main.command(name="historik")
@report_argument
@ansvar_argument
@org_option
@year_option
@month_option
@store_option
@json_option
def history_command(
    rapport: ReportSpec, ansvar: str, org: Path, year: int, month: int | None, store: str | None, as_json: bool
) -> None:
    """Visa de lagrade versionerna av ett ansvars indata för perioden.

    En rad per version: när den lagrades (lokal tid), av vem, från vilken fil, med hur många
    varningar och, för en ändring efter nämndens beslut, beslutet och orsaken. Sist nämndens
    beslut och de beslut som har ångrats. Se vad som ändrades med bokslut skillnad. Avslutas med
    1 om lagret inte har någon version.
    """
    job = make_job(rapport, org, year, month)
    with existing_store(store) as opened:
        found = pipeline.versions_of(job, opened, ansvar)
        subject = _subject(job, found.node, opened)
    if as_json:
        echo_json(history_view.history_json(subject, found.versions, found.decision, found.undone))
    elif found.versions:
        click.echo("\n".join(history_view.history_lines(subject, found.versions, found.decision, found.undone)))
    else:
        click.echo(history_view.no_versions(subject))
    sys.exit(EXIT_OK if found.versions else EXIT_DATA)


@main.command(name="skillnad")
@report_argument
@ansvar_argument
@org_option
@year_option
@month_option
@click.option(
    "--från",
    "--fran",
    "first",
    metavar="N",
    type=version_type,
    help="Versionen att jämföra från; standard är den före --till.",
)
@click.option(
    "--till", "last", metavar="M", type=version_type, help="Versionen att jämföra till; standard är den senaste."
)
@store_option
@json_option
def diff_command(
    rapport: ReportSpec,
    ansvar: str,
    org: Path,
    year: int,
    month: int | None,
    first: int | None,
    last: int | None,
    store: str | None,
    as_json: bool,
) -> None:
    """Visa vad som ändrades mellan två versioner av ett ansvars indata, cell för cell.

    Standard är de två senaste versionerna. Ändringarna visas per flik som rad › kolumn:
    gammalt → nytt, med radens och kolumnens namn som i arbetsboken; belopp som tal, texter med
    det som ändrades. Versionerna listas med bokslut historik. Avslutas med 1 om det inte finns
    två versioner att jämföra.
    """
    job = make_job(rapport, org, year, month)
    with existing_store(store) as opened:
        old, new, found = pipeline.difference(job, opened, ansvar, first, last)
        subject = _subject(job, pipeline.versions_of(job, opened, ansvar).node, opened)
    if as_json:
        echo_json(history_view.diff_json(subject, old, new, found))
    else:
        click.echo("\n".join(history_view.diff_lines(subject, old, new, found)))


@main.command()
@report_argument
def schema(rapport: ReportSpec) -> None:
    """Skriv JSON Schema för en rapports indata (ett objekt per flik)."""
    from bokslut.model import input_model

    document = input_model(rapport).model_json_schema(by_alias=True)
    document["title"] = f"Indata till {rapport.title.lower()} för ett ansvar"
    echo_json(document)


@main.group()
def excel() -> None:
    """Arbetsböckerna som controllers fyller i."""


@excel.command(name="new")
@org_option
@year_option
@ansvar_option
@out_option("excel", "Mapp för arbetsböckerna.")
@from_option(
    "JSON-indata att förifylla från (fil eller mapp; kan anges flera gånger): årets budget och "
    "tidigare uppföljningar, förra årets delårs- och årsbokslut."
)
@click.option(
    "--datum",
    metavar="ÅÅÅÅ-MM-DD",
    type=DATE,
    help="Datum i filernas egenskaper, så att en ny körning ger samma filer; standard är nu.",
)
@plan_option
@shared_option
@store_option
@no_store_option
@json_option
@click.pass_context
def excel_new(
    ctx: click.Context,
    org: Path,
    year: int,
    node: str | None,
    out: Path,
    sources: tuple[Path, ...],
    datum: datetime | None,
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
    with optional_store(store, not no_store) as opened:
        done = pipeline.new_workbooks(
            org, year, out, only=node, sources=sources, plan_file=plan, store=opened, stamp=datum, shared=shared
        )
    finish(
        ctx,
        done.issues,
        document={"skrivna": output.files_json(done.written), "fel": output.issues_json(done.issues)},
        lines=output.written_lines(("arbetsbok", "arbetsböcker"), done.written, out),
    )


@excel.command(name="delat")
@org_option
@year_option
@out_option("delat", "Mapp för filerna, en per ägare (”8.json”).")
@from_option("Nämndens budget som JSON-indata (fil eller mapp; kan anges flera gånger).")
@store_option
@no_store_option
@json_option
@click.pass_context
def excel_shared(
    ctx: click.Context,
    org: Path,
    year: int,
    out: Path,
    sources: tuple[Path, ...],
    store: str | None,
    no_store: bool,
    as_json: bool,
) -> None:
    """Skriv filerna med det som delas ut till avdelningar och enheter (--delat) från årets budget.

    En fil per budget som har mål, arbetsmiljömål, uppdrag eller internkontrollplan: nämndmålen,
    arbetsmiljömålen, uppdragen, internkontrollplanens punkter och riskerna som följs som kritiska
    verksamhetsfaktorer. Allt delas till alla avdelningar och enheter under ägaren; begränsa med
    delas_till i filen (se docs/indata.md). Budgeten tas från --från och från lagret.
    """
    with optional_store(store, not no_store) as opened:
        done = pipeline.shared_files(org, year, out, sources=sources, store=opened)
    finish(
        ctx,
        done.issues,
        document={"skrivna": output.files_json(done.written), "fel": output.issues_json(done.issues)},
        lines=output.written_lines(("fil", "filer"), done.written, out),
    )


@main.group(name="användare")
def users() -> None:
    """Användarna av webbsidan (bokslut webb): controllers och administratörer."""


@users.command(name="ny")
@click.argument("namn", metavar="NAMN")
@click.option(
    "--roll",
    "role",
    metavar="ROLL",
    default="controller",
    show_default=True,
    help="controller (lämnar in för sina ansvar och allt under dem) eller administratör (ser allt, skriver "
    "rapporter, låser perioder).",
)
@click.option(
    "--ansvar",
    "ansvar",
    metavar="ANSVAR",
    multiple=True,
    callback=lambda ctx, param, value: tuple(ansvar_callback(ctx, param, v) for v in value),
    help="Ett ansvar controllern lämnar in för, med allt under det; kan anges flera gånger.",
)
@org_option
@store_option
@click.option(
    "--lösenord",
    "--losenord",
    "password",
    metavar="LÖSENORD",
    prompt="Lösenord",
    hide_input=True,
    confirmation_prompt="Samma lösenord igen",
    help="Lösenordet (minst 10 tecken). Utan det frågas efter det, utan att det syns.",
)
@click.option("--av", "by", metavar="NAMN", help="Vem som skapar kontot; standard är inloggningsnamnet.")
@json_option
def user_new(
    namn: str,
    role: str,
    ansvar: tuple[str, ...],
    org: Path,
    store: str | None,
    password: str,
    by: str | None,
    as_json: bool,
) -> None:
    """Skapa en användare av webbsidan. Lösenordet sparas bara som hash (Argon2)."""
    with required_store(store) as opened:
        account = pipeline.new_account(opened, org, namn, password, role, ansvar, by=by or current_user())
    if as_json:
        echo_json(output.account_json(account))
    else:
        what = ", ".join(account.ansvar) or "hela organisationen"
        click.echo(f"Skapade {account.role} {account.name} för {what}.")


@users.command(name="lista")
@store_option
@json_option
def user_list(store: str | None, as_json: bool) -> None:
    """Visa webbsidans användare: roll, ansvar, när och av vem de skapades."""
    with existing_store(store) as opened:
        found = opened.accounts()
        where = opened.describe()
    if as_json:
        echo_json([output.account_json(a) for a in found])
    else:
        show_lines(output.account_lines(found, where))


@users.command(name="ta-bort")
@click.argument("namn", metavar="NAMN")
@store_option
def user_remove(namn: str, store: str | None) -> None:
    """Ta bort en användare; den loggas ut från webbsidan på en gång."""
    with existing_store(store) as opened:
        pipeline.remove_account(opened, namn)
    click.echo(f"Tog bort användaren {namn}.")


@main.command(name="webb")
@org_option
@year_option
@store_option
@plan_option
@out_option("out", "Mapp för de dokument administratören skriver från sidan.")
@click.option(
    "--port",
    "port",
    metavar="PORT",
    type=cli_sv.Number(1, 65535),
    default=8000,
    show_default=True,
    help="Porten sidan svarar på.",
)
@click.option(
    "--värd",
    "--vard",
    "host",
    metavar="ADRESS",
    default="127.0.0.1",
    show_default=True,
    help="Adressen sidan svarar på; 0.0.0.0 för alla nätverk (lägg den bakom en proxy med HTTPS).",
)
@click.option(
    "--sso-huvud",
    "sso_header",
    metavar="HUVUD",
    help="Lita på att en omvänd proxy har loggat in användaren och anger namnet i detta huvud "
    "(t.ex. X-Remote-User). Bara bakom en proxy som alltid sätter eller tar bort huvudet.",
)
@click.option(
    "--bakom-proxy",
    "behind_proxy",
    is_flag=True,
    help="Sidan står bakom en omvänd proxy: lita på dess X-Forwarded-For, -Proto och -Host.",
)
@mall_option
@phrases_option
@click.pass_context
def webb(
    ctx: click.Context,
    org: Path,
    year: int,
    store: str | None,
    plan: Path | None,
    out: Path,
    port: int,
    host: str,
    sso_header: str | None,
    behind_proxy: bool,
    mall: Path | None,
    phrases: Path | None,
) -> None:
    """Starta webbsidan: controllers lämnar in och ser felen, administratören ser vem som är klar.

    Sidan använder samma lager som de andra kommandona. Användare skapas med bokslut användare ny.
    För många samtidiga användare: kör den med gunicorn på PostgreSQL (se README.md).
    """
    import logging

    from werkzeug.serving import make_server

    from bokslut.web import create_app

    pipeline.organisation_of(org)  # an organisation with errors stops the start, with its problems
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    settings = ctx.meta[SETTINGS_META]  # the kommun's bokslut.toml, or --inställningar
    app = create_app(
        org, year, store, plan=plan, out=out, sso_header=sso_header, behind_proxy=behind_proxy, mall=mall,
        phrases=phrases, settings_file=settings.source,
    )  # fmt: skip
    _port_free(host, port)  # werkzeug would say so in English and exit
    server = make_server(host, port, app, threaded=True)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"bokslut webb: sidan finns på http://{shown}:{port}/ (lagret {store_url(store)}). Ctrl+C stoppar.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("bokslut webb: stoppad.")
    finally:
        server.server_close()


def _port_free(host: str, port: int) -> None:
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise BokslutError(f"--värd {host}: adressen finns inte på den här datorn.") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise BokslutError(
                f"Kan inte öppna {host}:{port}: porten används redan av ett annat program eller får inte "
                "användas. Välj en annan med --port."
            ) from exc


if __name__ == "__main__":  # pragma: no cover
    main()


@main.group()
def mall() -> None:
    """Kommunens Word-mallar: kontrollera en mall och se vilka fält den kan använda."""


@mall.command(name="kontroll")
@click.argument("mallfil", metavar="MALL", type=click.Path(path_type=Path))
@click.option(
    "--rapport",
    "report",
    metavar="RAPPORT",
    callback=lambda ctx, param, value: None if value is None else report_callback(ctx, param, value),
    help="Rapporten mallen är till (standard: efter filnamnet, t.ex. delarsbokslut.docx).",
)
@json_option
@click.pass_context
def mall_check_command(ctx: click.Context, mallfil: Path, report: ReportSpec | None, as_json: bool) -> None:
    """Kontrollera MALL innan någon skriver med den: alla fel på en gång, var och ett med sin plats.

    Fel i mallkoderna ({{ … }} och {% … %}), taggar som Word har delat, block som inte stängs
    eller stängs på fel ställe, fält som rapporten inte har och tabeller som saknas. Slutkoden är
    0 för en felfri mall, 1 när den har fel och 2 när filen inte går att läsa.
    """
    report = report or mall_check.report_of_mall(mallfil)
    problems = mall_check.check_for_report(mallfil, report)
    failed = any(p.severity == mall_check.ERROR for p in problems)
    if as_json:
        echo_json(output.mall_check_json(mallfil, report, problems))
    else:
        show_lines(output.mall_check_lines(mallfil, report, problems))
    sys.exit(EXIT_DATA if failed else EXIT_OK)


@mall.command(name="fält")
@report_argument
@json_option
def mall_fields_command(rapport: ReportSpec, as_json: bool) -> None:
    """Lista fälten som en mall till RAPPORT kan använda inom {{ }}, med beskrivning och exempel.

    Exemplen kommer från exempelkommunens år. Ett fält i en lista (”drift.rows[].label”) skrivs
    i mallen inom en loop: {%tr for r in drift.rows %} … {{ r.label }} … {%tr endfor %}.
    """
    found = fields.fields_of(rapport.template)
    if as_json:
        echo_json(output.fields_json(rapport, found))
    else:
        show_lines(output.fields_lines(rapport, found))
