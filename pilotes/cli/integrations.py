"""Commands that talk to the State's platforms: the company register, data.gouv.fr."""

import click
from flask import current_app
from flask.cli import with_appcontext

from pilotes.infra.extensions import db


def run_siret_checks() -> None:
    """Check the SIRET numbers that are due, if the register is configured (the worker's job)."""
    from pilotes.domain.siret_checks import check_due
    from pilotes.infra.register import RegisterClient

    config = current_app.config
    if not config["REGISTER_API_URL"]:
        return
    client = RegisterClient(config["REGISTER_API_URL"], timeout=config["REGISTER_TIMEOUT"])
    report = check_due(db.session, client, config["REGISTER_MAX_ATTEMPTS"])
    if report.checked or report.postponed:
        click.echo(f"SIRET : {report.checked} vérifiés, {report.postponed} à réessayer.")
    for error in report.errors[:5]:
        click.echo(f"  {error}", err=True)


@click.command("check-sirets")
@with_appcontext
def check_sirets():
    """Look partners' SIRET numbers up in the register now (the worker does it on its own)."""
    if not current_app.config["REGISTER_API_URL"]:
        raise click.ClickException("REGISTER_API_URL est vide : la vérification est coupée.")
    run_siret_checks()


def register(group: click.Group) -> None:
    for command in (check_sirets,):
        group.add_command(command)
