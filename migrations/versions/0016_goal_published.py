"""goals: when the published figures first said a goal was reached (partners told then)

Partners of a territory hear that its goal is reached only once the published figures say
so, and only once; a goal reached before this revision had its partners told already.

Revision ID: 0016_goal_published
Revises: 0015_issue19c_daily_counts
Create Date: 2026-11-25 09:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_goal_published"
down_revision = "0015_issue19c_daily_counts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("service_territories") as batch_op:
        batch_op.add_column(
            sa.Column("goal_published_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute("UPDATE service_territories SET goal_published_at = goal_reached_at")


def downgrade():
    with op.batch_alter_table("service_territories") as batch_op:
        batch_op.drop_column("goal_published_at")
