"""Team actions from the command line, until (and beside) the team workspace."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from pilotes.cli.options import refused, single_line
from pilotes.domain import goals, opening, pipelines, testimonials, volunteers
from pilotes.domain.services import ServiceError
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import PARTNER_STATUSES, VOLUNTEER_STATUSES, Partner, Service, Volunteer


def _service(slug: str) -> Service:
    service = db.session.scalar(select(Service).where(Service.slug == slug))
    if service is None:
        raise click.ClickException(f"Aucun service {slug!r}.")
    return service


def _row(model, row_id: int):
    row = db.session.get(model, row_id)
    if row is None:
        raise click.ClickException(f"Aucun enregistrement n° {row_id}.")
    return row


@click.command("open-territory")
@click.argument("slug")
@click.argument("code")
@click.option("--url", help="Where to use the service in that territory.")
@with_appcontext
@unit_of_work()
def open_territory(slug, code, url):
    """Open a territory and email, once, everyone who asked there."""
    with refused(ServiceError):
        result = opening.open_territory(db.session, _service(slug), code, url)
    state = "ouvert" if result.newly_opened else "déjà ouvert"
    click.echo(f"{result.territory.code} {state} ; {result.notified} courriel(s) mis en file.")


@click.command("close-territory")
@click.argument("slug")
@click.argument("code")
@with_appcontext
@unit_of_work()
def close_territory(slug, code):
    """Mark a territory as not open any more (nobody is emailed)."""
    with refused(ServiceError):
        opening.close_territory(db.session, _service(slug), code)
    click.echo(f"{code} fermé.")


@click.command("invite-testimonies")
@click.argument("slug")
@click.argument("code")
@with_appcontext
@unit_of_work()
def invite_testimonies(slug, code):
    """Invite, once each, those who asked in an open territory and its volunteers to testify."""
    with refused(testimonials.TestimonyError):
        result = testimonials.invite(db.session, _service(slug), code, "ligne de commande")
    click.echo(
        f"{result.sent} invitation(s) mise(s) en file ; "
        f"{result.over_limit} personne(s) déjà contactée(s) assez ce mois-ci."
    )


@click.command("set-goal")
@click.argument("slug")
@click.argument("code")
@click.argument("goal", type=click.IntRange(min=0))
@click.option("--per-100k", is_flag=True, help="GOAL is confirmed demands per 100,000 inhabitants.")
@with_appcontext
@unit_of_work()
def set_goal(slug, code, goal, per_100k):
    """Set the goal (confirmed demands) of a territory; 0 removes it."""
    with refused(ServiceError, goals.GoalError):
        territory = goals.set_goal(db.session, _service(slug), code, goal or None, per_100k)
    if territory.goal_per_100k:
        click.echo(
            f"Objectif de {code} : {goal} pour 100 000 habitants, "
            f"soit {territory.goal} demandes confirmées."
        )
    else:
        click.echo(f"Objectif de {code} : {goal or 'aucun'}.")


def _pipeline_group(name: str, model, statuses: dict[str, str]) -> click.Group:
    """`volunteer` and `partner`: list, set-status, note (the same for both pipelines)."""
    group = click.Group(name, help=f"The {name} pipeline.")

    @group.command("list")
    @click.argument("slug")
    @with_appcontext
    @unit_of_work()
    def list_rows(slug):
        """One line per row: id, status, confirmed, territory or organisation."""
        service = _service(slug)
        for row in db.session.scalars(
            select(model).where(model.service_id == service.id).order_by(model.id)
        ):
            what = getattr(row, "organisation_name", None) or getattr(row, "departement_code", "")
            confirmed = "confirmé" if row.confirmed_at else "non confirmé"
            click.echo(f"{row.id}\t{row.status_label}\t{confirmed}\t{what}")

    @group.command("set-status")
    @click.argument("row_id", type=int)
    @click.argument("status", type=click.Choice(list(statuses)))
    @click.option("--by", "author", required=True, help="Who makes the change (an email).")
    @click.option("--note", help="Why, for the history.")
    @with_appcontext
    @unit_of_work()
    def set_status(row_id, status, author, note):
        """Move to STATUS; the change is kept with who made it."""
        row = _row(model, row_id)
        pipelines.set_status(db.session, row, status, author, note)
        click.echo(f"{row_id} : {row.status_label}.")

    @group.command("note")
    @click.argument("row_id", type=int)
    @click.option("--by", "author", required=True)
    @click.option("--text", required=True)
    @with_appcontext
    @unit_of_work()
    def note(row_id, author, text):
        """Add a dated note."""
        with refused(pipelines.PipelineError):
            pipelines.add_note(db.session, _row(model, row_id), author, text)
        click.echo("Note ajoutée.")

    return group


volunteer_cli = _pipeline_group("volunteer", Volunteer, VOLUNTEER_STATUSES)
partner_cli = _pipeline_group("partner", Partner, PARTNER_STATUSES)


@volunteer_cli.command("contact")
@click.argument("row_id", type=int)
@click.option("--by", "author", required=True)
@click.option("--subject", required=True, callback=single_line)
@click.option("--message", required=True)
@with_appcontext
@unit_of_work()
def contact(row_id, author, subject, message):
    """Email a volunteer, within the service's monthly limit."""
    with refused(volunteers.ContactRefused):
        volunteers.contact(db.session, _row(Volunteer, row_id), author, subject, message)
    click.echo("Message mis en file.")


def register(group: click.Group) -> None:
    for command in (
        open_territory,
        close_territory,
        invite_testimonies,
        set_goal,
        volunteer_cli,
        partner_cli,
    ):
        group.add_command(command)
