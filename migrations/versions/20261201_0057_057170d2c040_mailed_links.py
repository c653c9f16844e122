"""mailed links

mailed_token: one-time links sent by mail (confirm an address, confirm a new address, reset
a password). Only a SHA-256 of each token is stored. Links sent before this migration were
signed tokens without a row: they stop working, and their owners ask for a new one.

Revision ID: 057170d2c040
Revises: 7585b5128b4d
Create Date: 2026-12-01 00:57:52.896782

"""

import sqlalchemy as sa
from alembic import op

revision = "057170d2c040"
down_revision = "7585b5128b4d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mailed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "confirm_email",
                "change_email",
                "reset_password",
                name="linkpurpose",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("account_state", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_mailed_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailed_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_mailed_token_token_hash")),
    )
    with op.batch_alter_table("mailed_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mailed_token_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("mailed_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mailed_token_user_id"))
    op.drop_table("mailed_token")
