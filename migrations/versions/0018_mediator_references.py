"""demands: a mediator's recorded demand is named by a random reference, not its id

Ids are one sequence over every service: a mediator who saw them learned how many demands
were filed between two of its recordings. Demands recorded before this revision get a
reference too, so their mediator can still erase them.

Revision ID: 0018_mediator_references
Revises: 0017_editions
Create Date: 2026-11-25 13:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0018_mediator_references"
down_revision = "0017_editions"
branch_labels = None
depends_on = None

# A copy of pilotes.domain.mediators' alphabet and shape, as they were at this revision.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _reference(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        reference = f"{code[:4]}-{code[4:]}"
        if reference not in taken:
            taken.add(reference)
            return reference


def upgrade():
    with op.batch_alter_table("demands") as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=9), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_demands_mediator_id"), ["mediator_id", "reference"]
        )
    connection = op.get_bind()
    demands = sa.table("demands", sa.column("id", sa.Integer), sa.column("reference", sa.String))
    rows = connection.execute(
        sa.text("SELECT id, mediator_id FROM demands WHERE mediator_id IS NOT NULL")
    ).all()
    taken: dict[int, set[str]] = {}
    for demand_id, mediator_id in rows:
        connection.execute(
            demands.update()
            .where(demands.c.id == demand_id)
            .values(reference=_reference(taken.setdefault(mediator_id, set())))
        )


def downgrade():
    with op.batch_alter_table("demands") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_demands_mediator_id"), type_="unique")
        batch_op.drop_column("reference")
