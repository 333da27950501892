"""issue19b: mediator accounts and demands they record (« demandes accompagnées »)

Revision ID: 0014_issue19b_mediators
Revises: 0013_issue19d_testimonials
Create Date: 2026-11-25 00:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_issue19b_mediators"
down_revision = "0013_issue19d_testimonials"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mediators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("invited_by", sa.String(length=254), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_mediators_partner_id_partners")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_mediators_service_id_services")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_mediators_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediators")),
    )
    with op.batch_alter_table("mediators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediators_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mediators_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("accompanied", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("mediator_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("oral_consent_version", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_demands_mediator_id_mediators"), "mediators", ["mediator_id"], ["id"]
        )
        batch_op.create_index(
            "ix_demands_mediator_created", ["mediator_id", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.drop_index("ix_demands_mediator_created")
        batch_op.drop_constraint(batch_op.f("fk_demands_mediator_id_mediators"), type_="foreignkey")
        batch_op.drop_column("oral_consent_version")
        batch_op.drop_column("mediator_id")
        batch_op.drop_column("accompanied")

    with op.batch_alter_table("mediators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediators_user_id"))
        batch_op.drop_index(batch_op.f("ix_mediators_service_id"))

    op.drop_table("mediators")
