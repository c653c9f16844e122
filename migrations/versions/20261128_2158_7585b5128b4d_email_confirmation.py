"""email confirmation

user_account.email_confirmed_at: when the owner confirmed the address. Accounts that exist
already were made before confirmation existed (by an administrator, the CLI, the demo, or a
registration that logged in at once): they count as confirmed when they were made.

Revision ID: 7585b5128b4d
Revises: b3a6ed722b57
Create Date: 2026-11-28 21:58:44.451545

"""

import sqlalchemy as sa
from alembic import op

revision = "7585b5128b4d"
down_revision = "b3a6ed722b57"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute(
        "UPDATE user_account SET email_confirmed_at = created_at "
        "WHERE email_confirmed_at IS NULL AND erased_at IS NULL"
    )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("email_confirmed_at")
