"""Commands that talk to the State's platforms: the company register, data.gouv.fr."""

import click
from flask import current_app
from flask.cli import with_appcontext

from pilotes.domain.siret_checks import CheckReport, claim, due_ids, record
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.infra.register import RegisterClient, RegisterUnavailable


def check_due(client: RegisterClient, max_attempts: int, limit: int = 20) -> CheckReport:
    """Check up to ``limit`` due SIRET numbers; no transaction is open while the register
    is asked, and each outcome is committed on its own."""
    with unit_of_work():
        ids = due_ids(db.session, limit)
    report = CheckReport()
    for check_id in ids:
        with unit_of_work():
            check = claim(db.session, check_id)
            siret = check.siret if check else None
        if siret is None:
            continue  # another worker has it
        try:
            found, error = client.lookup(siret), None
        except RegisterUnavailable as unavailable:
            found, error = None, unavailable
        with unit_of_work():
            record(db.session, check_id, found, error, max_attempts)
        if error is None:
            report.checked += 1
        else:
            report.postponed += 1
            report.errors.append(f"SIRET {siret} : {error}")
    return report


def run_siret_checks() -> None:
    """Check the SIRET numbers that are due, if the register is configured (the worker's job)."""

    config = current_app.config
    if not config["REGISTER_API_URL"]:
        return
    client = RegisterClient(config["REGISTER_API_URL"], timeout=config["REGISTER_TIMEOUT"])
    report = check_due(client, config["REGISTER_MAX_ATTEMPTS"])
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


def _dataset_for(service, dataset: str | None) -> str:
    dataset = dataset or service.datagouv_dataset_id
    if not dataset:
        raise click.ClickException(
            "Donnez le jeu de données une première fois : --dataset ID (il est retenu)."
        )
    return dataset


@click.command("publish")
@click.argument("slug")
@click.option("--dataset", help="Id or slug of the data.gouv.fr dataset (remembered).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing.")
@with_appcontext
def publish(slug, dataset, dry_run):
    """Publish the per-territory figures (small counts hidden) to a data.gouv.fr dataset."""
    from pilotes.cli.team import _service
    from pilotes.infra.datagouv import DataGouvClient, DataGouvError
    from pilotes.reports.publication import files_to_publish

    config = current_app.config
    service = _service(slug)
    dataset = _dataset_for(service, dataset)
    if not dry_run and not config["DATAGOUV_API_KEY"]:
        raise click.ClickException("DATAGOUV_API_KEY est vide : impossible de publier.")
    client = DataGouvClient(
        config["DATAGOUV_API_URL"], config["DATAGOUV_API_KEY"], config["DATAGOUV_TIMEOUT"]
    )
    with unit_of_work():  # ends the read: no transaction stays open during the uploads
        files = files_to_publish(db.session, service)
    done = []
    try:
        existing = client.resources(dataset)
        for file in files:
            resource = existing.get(file.title)
            verb = "remplacer" if resource else "créer"
            click.echo(f"{verb} {file.title} ({len(file.body)} octets, sha256 {file.digest}…)")
            if dry_run:
                continue
            resource = client.upload(dataset, resource, file.filename, file.body, file.mime)
            client.describe(
                dataset, resource, {"title": file.title, "description": file.description}
            )
            done.append(file.title)
    except DataGouvError as error:
        sent = ", ".join(done) or "rien"
        raise click.ClickException(
            f"{error}. Déjà envoyé : {sent} ; relancez la commande."
        ) from error
    if dry_run:
        click.echo(f"Essai : rien n'a été envoyé à {config['DATAGOUV_API_URL']}.")
        return
    with unit_of_work():
        if service.datagouv_dataset_id != dataset:
            service.datagouv_dataset_id = dataset
    click.echo(f"{len(done)} fichiers publiés dans le jeu de données {dataset}.")


def register(group: click.Group) -> None:
    for command in (check_sirets, publish):
        group.add_command(command)
