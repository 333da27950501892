"""issue 16: Markdown stored rendered, emails rendered by the sender

Revision ID: 0008_issue16_caching
Revises: 0007_issue13b_invalidations
Create Date: 2026-11-24 22:15:00

"""

import sqlalchemy as sa
from alembic import op

from pilotes.infra.markdown import render_markdown

revision = "0008_issue16_caching"
down_revision = "0007_issue13b_invalidations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("problem_html", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("description_html", sa.Text(), nullable=False, server_default="")
        )
    services = sa.table(
        "services",
        sa.column("id", sa.Integer),
        sa.column("problem", sa.Text),
        sa.column("description", sa.Text),
        sa.column("problem_html", sa.Text),
        sa.column("description_html", sa.Text),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(services)).all():
        connection.execute(
            services.update()
            .where(services.c.id == row.id)
            .values(
                problem_html=str(render_markdown(row.problem)),
                description_html=str(render_markdown(row.description)),
            )
        )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.alter_column("problem_html", server_default=None)
        batch_op.alter_column("description_html", server_default=None)

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("context", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("signup", sa.JSON(), nullable=True))
        batch_op.alter_column("body_text", existing_type=sa.Text(), nullable=True)
        batch_op.alter_column("body_html", existing_type=sa.Text(), nullable=True)


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("body_html", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("body_text", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("signup")
        batch_op.drop_column("context")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("description_html")
        batch_op.drop_column("problem_html")
