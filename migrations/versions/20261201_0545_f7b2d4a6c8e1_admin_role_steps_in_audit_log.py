"""roles given and taken by an administrator in the audit log

The moderation log (moderation_event) also records the roles a platform administrator gives
and takes in the admin area, with the municipality of a reviewer role.

Revision ID: f7b2d4a6c8e1
Revises: e3a91c7f5b20
Create Date: 2026-12-01 05:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f7b2d4a6c8e1"
down_revision = "e3a91c7f5b20"
branch_labels = None
depends_on = None

# Written out, not imported from the models: this migration must keep meaning what it says.
OLD_ACTIONS = [
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
    "photo_removed",
]
NEW_ACTIONS = [
    *OLD_ACTIONS,
    "moderator_granted",
    "moderator_revoked",
    "reviewer_granted",
    "reviewer_revoked",
    "admin_granted",
    "admin_revoked",
]
CHECK = "ck_moderation_event_action_known"


def _condition(values) -> str:
    return f"action IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    with op.batch_alter_table("moderation_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CHECK), _condition(NEW_ACTIONS))
        batch_op.add_column(sa.Column("municipality_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_moderation_event_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_moderation_event_municipality_id_municipality"),
            "municipality",
            ["municipality_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    op.execute(
        sa.text(
            "DELETE FROM moderation_event WHERE action IN ("
            + ", ".join(repr(value) for value in NEW_ACTIONS[len(OLD_ACTIONS) :])
            + ")"
        )
    )
    with op.batch_alter_table("moderation_event", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_moderation_event_municipality_id_municipality"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_moderation_event_municipality_id"))
        batch_op.drop_column("municipality_id")
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CHECK), _condition(OLD_ACTIONS))
