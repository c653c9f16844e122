"""security: revocable sessions, TOTP two-factor, erased-account tombstones

Revision ID: cfcb1ddf9f73
Revises: a78211576187
Create Date: 2026-11-28 17:16:21.643460

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "cfcb1ddf9f73"
down_revision = "a78211576187"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))

    # Existing accounts get their own random token (a shared default would let one
    # account's token match another's); their current sessions end once, at upgrade.
    connection = op.get_bind()
    users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("session_token"))
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(32))
        )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("session_token")
