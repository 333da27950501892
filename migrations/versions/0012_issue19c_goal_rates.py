"""issue19c: goals per 100,000 inhabitants

Revision ID: 0012_issue19c_goal_rates
Revises: 0011_issue19a_panel
Create Date: 2026-11-25 01:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_issue19c_goal_rates"
down_revision = "0011_issue19a_panel"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("service_territories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_per_100k", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("service_territories", schema=None) as batch_op:
        batch_op.drop_column("goal_per_100k")
