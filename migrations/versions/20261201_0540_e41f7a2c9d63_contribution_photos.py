"""contribution photos: up to three per contribution, and the "photo removed" moderation action

Photos are stored as re-encoded files under PHOTO_STORAGE_DIR; the row keeps the alt text,
the random key of the files and their sizes. A neighbourhood worker who removes one photo
leaves a `photo_removed` event in the moderation log, so the action's CHECK constraint is
replaced.

Revision ID: e41f7a2c9d63
Revises: 4d2f8b6c1e93
Create Date: 2026-12-01 05:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e41f7a2c9d63"
down_revision = "4d2f8b6c1e93"
branch_labels = None
depends_on = None

ACTIONS = [
    "flagged",
    "auto_hidden",
    "hidden",
    "restored",
    "flags_dismissed",
    "merged",
    "answered",
    "blocked",
    "unblocked",
    "organisation_verified",
    "organisation_rejected",
]
CHECK = "ck_moderation_event_action_known"


def _known(values) -> str:
    return "action IN ({})".format(", ".join(f"'{value}'" for value in values))


def _replace_action_check(values) -> None:
    with op.batch_alter_table("moderation_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CHECK), _known(values))


def upgrade():
    op.create_table(
        "contribution_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("alt_text", sa.String(length=250), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("thumb_width", sa.Integer(), nullable=False),
        sa.Column("thumb_height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contribution.id"],
            name=op.f("fk_contribution_photo_contribution_id_contribution"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"],
            ["user_account.id"],
            name=op.f("fk_contribution_photo_uploader_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_photo")),
        sa.UniqueConstraint("key", name=op.f("uq_contribution_photo_key")),
    )
    with op.batch_alter_table("contribution_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contribution_photo_contribution_id"), ["contribution_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contribution_photo_uploader_id"), ["uploader_id"], unique=False
        )
    _replace_action_check([*ACTIONS, "photo_removed"])


def downgrade():
    op.execute("DELETE FROM moderation_event WHERE action = 'photo_removed'")
    _replace_action_check(ACTIONS)
    with op.batch_alter_table("contribution_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_photo_uploader_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_photo_contribution_id"))
    op.drop_table("contribution_photo")
