"""`flask pilotes email-keys rehash`: the second half of rotating ``EMAIL_KEY_SECRET``."""

import click
from flask.cli import with_appcontext

from pilotes.domain.privacy import rehash_email_keys
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db


@click.group("email-keys")
def email_keys_cli():
    """The keyed hashes that recognise a person signing up twice."""


@email_keys_cli.command("rehash")
@with_appcontext
@unit_of_work()
def rehash():
    """Recompute every email hash with the current EMAIL_KEY_SECRET and spelling rules (after
    rotating the secret; at every deploy)."""
    changed = rehash_email_keys(db.session)
    click.echo(f"{changed} empreinte(s) recalculée(s).")


def register(group: click.Group) -> None:
    group.add_command(email_keys_cli)
