"""editions: the figures a service publishes, fixed once a day

The public figures move once a day (Europe/Paris), so that filing demands one at a time
and reading the figures after each no longer shows what each one changed.

Revision ID: 0017_editions
Revises: 0016_goal_published
Create Date: 2026-11-25 13:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017_editions"
down_revision = "0016_goal_published"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "editions",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_editions_service_id_services")
        ),
        sa.PrimaryKeyConstraint("service_id", "day", name=op.f("pk_editions")),
    )


def downgrade():
    op.drop_table("editions")
