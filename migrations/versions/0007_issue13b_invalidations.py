"""invalidations kept as decisions (who, when, criteria, count), demands pointing to theirs

Demands invalidated before this revision get one decision per service and moment, marked
as recorded after the fact, so that every invalidated demand has its decision.

Revision ID: 0007_issue13b_invalidations
Revises: 0006_issue13b_paris_weeks
Create Date: 2026-11-24 22:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007_issue13b_invalidations"
down_revision = "0006_issue13b_paris_weeks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invalidations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_invalidations_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_invalidations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invalidations")),
    )
    with op.batch_alter_table("invalidations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invalidations_service_id"), ["service_id"], unique=False
        )
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invalidation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_demands_invalidation_id_invalidations"),
            "invalidations",
            ["invalidation_id"],
            ["id"],
        )
    _backfill()


def _backfill() -> None:
    """One decision per (service, moment) for the demands invalidated before decisions."""
    connection = op.get_bind()
    groups = connection.execute(
        sa.text(
            "SELECT service_id, invalidated_at, COUNT(*) FROM demands "
            "WHERE invalidated_at IS NOT NULL GROUP BY service_id, invalidated_at"
        )
    ).all()
    invalidations = sa.table(
        "invalidations",
        sa.column("id", sa.Integer),
        sa.column("service_id", sa.Integer),
        sa.column("actor", sa.String),
        sa.column("criteria", sa.JSON),
        sa.column("count", sa.Integer),
        sa.column("created_at"),  # the stored value as read, on SQLite text
    )
    for service_id, moment, count in groups:
        decision = connection.execute(
            invalidations.insert()
            .values(
                service_id=service_id,
                actor="inconnu (décision antérieure à leur enregistrement)",
                criteria={},
                count=count,
                created_at=moment,
            )
            .returning(invalidations.c.id)
        ).scalar_one()
        connection.execute(
            sa.text(
                "UPDATE demands SET invalidation_id = :decision "
                "WHERE service_id = :service AND invalidated_at = :moment"
            ),
            {"decision": decision, "service": service_id, "moment": moment},
        )


def downgrade():
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_demands_invalidation_id_invalidations"), type_="foreignkey"
        )
        batch_op.drop_column("invalidation_id")
    with op.batch_alter_table("invalidations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invalidations_service_id"))
    op.drop_table("invalidations")
