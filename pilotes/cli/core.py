"""Core commands: reference data, services, the demo, email, recounting."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from pilotes.cli.options import refused, single_line
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db, mail
from pilotes.models import LEVELS, PHASES, STATUSES, Service


@click.group("pilotes")
def pilotes_cli():
    """Pilotes commands."""


@pilotes_cli.group("territories")
def territories_cli():
    """Reference data: régions, départements, communes, postal codes."""


@territories_cli.command("load")
@with_appcontext
@unit_of_work()
def territories_load():
    """Load (or update) territories from the @etalab/decoupage-administratif npm package."""
    from pilotes.territories.loader import data_dir, load, read_rows

    started = time.perf_counter()
    rows = read_rows(data_dir(current_app.config["NODE_MODULES_DIR"]))
    report = load(db.session, rows)
    for line in report.lines():
        click.echo(line)
    click.echo(f"Territoires à jour en {time.perf_counter() - started:.1f} s.")


@pilotes_cli.group("service")
def service_cli():
    """Services in beta."""


@service_cli.command("create")
@click.option("--slug", required=True, help="In the page's address, e.g. mdph-en-ligne.")
@click.option("--name", required=True, callback=single_line)
@click.option("--level", type=click.Choice(LEVELS), default="departement", show_default=True)
@click.option("--tagline", default="")
@click.option("--phase", type=click.Choice(list(PHASES)), default="investigation")
@click.option("--status", type=click.Choice(list(STATUSES)), default="draft", show_default=True)
@click.option("--contact-email", default="")
@click.option("--retention-days", type=click.IntRange(1, 3650), default=365, show_default=True)
@with_appcontext
@unit_of_work()
def service_create(slug, name, level, tagline, phase, status, contact_email, retention_days):
    """Create a service (a draft unless --status published)."""
    from pilotes.domain.services import ServiceError, create_service

    with refused(ServiceError):
        service = create_service(
            db.session,
            slug=slug,
            name=name,
            level=level,
            tagline=tagline,
            phase=phase,
            status=status,
            contact_email=contact_email,
            retention_days=retention_days,
        )
    click.echo(f"Service {service.slug} créé ({service.status_label}).")


@pilotes_cli.command("demo")
@with_appcontext
@unit_of_work()
def demo():
    """Seed a published demo service with a few thousand demands (idempotent)."""
    from pilotes.cli.demo import seed_demo

    service, created = seed_demo(db.session)
    verb = "créé" if created else "déjà présent"
    from pilotes.cli.demo import DEMO_OWNER

    base = current_app.config["BASE_URL"]
    click.echo(f"Service de démonstration {verb} : {base}/services/{service.slug}")
    click.echo(f"Espace équipe : {base}/equipe/connexion avec {DEMO_OWNER} (lien dans /dev/mails)")


@pilotes_cli.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, sending what becomes due.")
@click.option(
    "--interval", type=float, default=5.0, show_default=True, help="Seconds between runs."
)
@with_appcontext
def send_mail(loop, interval):
    """Send the emails the outbox holds (retries with backoff); check due SIRET numbers."""
    from pilotes.cli.integrations import run_siret_checks
    from pilotes.domain.abuse import alert_surges
    from pilotes.infra.outbox import send_due

    while True:
        with unit_of_work():
            alert_surges(db.session)  # queued in the outbox, sent just below
        report = send_due(
            db.session,
            mail,
            current_app.config["MAIL_DEFAULT_SENDER"],
            current_app.config["OUTBOX_MAX_ATTEMPTS"],
        )
        if report.sent or report.failed or not loop:
            click.echo(f"{report.sent} envoyés, {report.failed} en échec.")
        for error in report.errors[:5]:
            click.echo(f"  {error}", err=True)
        run_siret_checks()
        if not loop:
            return
        time.sleep(interval)


@pilotes_cli.command("recount")
@click.argument("slug", required=False)
@click.option("--check-only", is_flag=True, help="Report drift without fixing it.")
@with_appcontext
@unit_of_work()
def recount_cmd(slug, check_only):
    """Recount every counter from the raw rows and print any drift (expected: none)."""
    from pilotes.domain.counting import recount

    query = select(Service).order_by(Service.slug)
    if slug:
        query = query.where(Service.slug == slug)
    services = db.session.scalars(query).all()
    if slug and not services:
        raise click.ClickException(f"Aucun service {slug!r}.")
    drifted = 0
    for service in services:
        drift = recount(db.session, service.id, fix=not check_only)
        drifted += len(drift)
        click.echo(f"{service.slug}: {len(drift)} écart(s)")
        for item in drift[:50]:
            click.echo(f"  {item}")
    if drifted and check_only:
        raise SystemExit(1)


@pilotes_cli.group("user")
def user_cli():
    """Team accounts."""


@user_cli.command("create")
@click.argument("email")
@click.option("--admin", is_flag=True, help="A platform admin: creates services and owners.")
@click.option("--service", "slug", help="Make the account an owner of this service.")
@with_appcontext
@unit_of_work()
def user_create(email, admin, slug):
    """Create an account (or make it admin); it signs in by a link sent to EMAIL."""
    from pilotes.domain.accounts import AccountError, add_member, get_or_create_user

    with refused(AccountError):
        user = get_or_create_user(db.session, email, is_admin=admin)
        if slug:
            service = db.session.scalar(select(Service).where(Service.slug == slug))
            if service is None:
                raise click.ClickException(f"Aucun service {slug!r}.")
            add_member(db.session, service, user.email, "owner")
    role = "administrateur" if user.is_admin else "compte"
    click.echo(
        f"{user.email} : {role} prêt. Connexion : {current_app.config['BASE_URL']}/equipe/connexion"
    )


@pilotes_cli.command("report")
@click.argument("slug")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "csv-virgule", "xlsx", "json", "pdf"]),
    default="pdf",
    show_default=True,
)
@click.option("--level", type=click.Choice(LEVELS), default="departement", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
@unit_of_work()
def report_cmd(slug, fmt, level, output):
    """Write an evidence report (the published figures, small counts hidden)."""
    from pilotes.reports.downloads import report

    service = db.session.scalar(select(Service).where(Service.slug == slug))
    if service is None:
        raise click.ClickException(f"Aucun service {slug!r}.")
    started = time.perf_counter()
    made = report(db.session, service, fmt, level)
    body = made.body if isinstance(made.body, bytes) else "".join(made.body).encode()
    with open(output, "wb") as file:
        file.write(body)
    click.echo(f"{output} : {len(body)} octets en {time.perf_counter() - started:.2f} s.")


@pilotes_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would go, change nothing.")
@with_appcontext
@unit_of_work()
def purge_cmd(dry_run):
    """Erase personal data past each service's retention (counts stay)."""
    from pilotes.domain.privacy import purge

    report = purge(db.session, dry_run=dry_run)
    verb = "à effacer" if dry_run else "effacés"
    for kind, n in report.erased.items():
        click.echo(f"{kind}: {n} {verb}")
    click.echo(f"courriels envoyés supprimés : {report.mails_deleted}")
    click.echo(f"liens de connexion supprimés : {report.links_deleted}")
    click.echo(f"réponses du panel (campagnes terminées) {verb} : {report.panel_answers_erased}")


@pilotes_cli.command("invalidate")
@click.argument("slug")
@click.option("--ip-range", help="A network, e.g. 192.0.2.0/24.")
@click.option("--domain", help="An email domain, e.g. example.com.")
@click.option("--since", type=click.DateTime(), help="UTC, e.g. 2026-11-22T10:00:00.")
@click.option("--until", type=click.DateTime())
@click.option("--yes", is_flag=True, help="Invalidate; without it, only count.")
@with_appcontext
@unit_of_work()
def invalidate_cmd(slug, ip_range, domain, since, until, yes):
    """Count, then (with --yes) invalidate demands by network, email domain or period."""
    from datetime import UTC

    from pilotes.domain.abuse import Criteria, InvalidationError, count_matching, invalidate

    service = db.session.scalar(select(Service).where(Service.slug == slug))
    if service is None:
        raise click.ClickException(f"Aucun service {slug!r}.")
    criteria = Criteria(
        ip_range, domain, since and since.replace(tzinfo=UTC), until and until.replace(tzinfo=UTC)
    )
    with refused(InvalidationError):
        count = count_matching(db.session, service, criteria)
        click.echo(f"{count} demande(s) correspondent.")
        if yes and count:
            click.echo(f"{invalidate(db.session, service, criteria)} demande(s) invalidée(s).")
