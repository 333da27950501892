"""disclosure: thresholds within 5..50 (docs/methodology.md)

Revision ID: 0009_issue13a
Revises: 0008_issue16_caching
Create Date: 2026-11-24 22:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_issue13a"
down_revision = "0008_issue16_caching"
branch_labels = None
depends_on = None


def upgrade():
    """A threshold below the lowest bound (0 once meant « nothing hidden ») is raised to it."""
    services = sa.table("services", sa.column("suppression_threshold", sa.Integer))
    op.execute(
        services.update()
        .where(services.c.suppression_threshold < 5)
        .values(suppression_threshold=5)
    )
    op.execute(
        services.update()
        .where(services.c.suppression_threshold > 50)
        .values(suppression_threshold=50)
    )


def downgrade():
    pass  # the raised thresholds stay raised: lowering them would publish small counts
