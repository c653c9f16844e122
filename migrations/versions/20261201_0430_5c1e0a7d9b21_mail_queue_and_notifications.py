"""mail queue and notifications

`outgoing_mail`: every message waits here until a worker (`flask mail send`) sends it, with
its tries and the last error (core/mail.py). `notification`: what happened to something a
person wrote, supports or follows, or looks after; `notification_preference`: how often a
person wants an e-mail about each kind (notifications/).

Revision ID: 5c1e0a7d9b21
Revises: 3a22428eae1a
Create Date: 2026-12-01 04:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5c1e0a7d9b21"
down_revision = "3a22428eae1a"
branch_labels = None
depends_on = None

MAIL_STATES = ["queued", "sending", "sent", "failed"]
KINDS = [
    "comment_reply",
    "contribution_answered",
    "contribution_merged",
    "evidence_linked",
    "opgave_status",
    "organisation_decided",
    "content_moderated",
    "content_flagged",
    "contribution_created",
    "opgave_waiting",
    "review_asked",
]
FREQUENCIES = ["immediately", "daily", "weekly", "never"]
SUBJECT_TYPES = ["contribution", "opgave", "organisation"]


def _known(column: str, values: list[str]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=f"{column}_known")


def _enum(name: str, values: list[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32, create_constraint=False)


def upgrade():
    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("unsubscribe_url", sa.String(length=1000), nullable=True),
        sa.Column("state", _enum("mailstate", MAIL_STATES), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _known("state", MAIL_STATES),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mail")),
    )
    op.create_index(
        "ix_outgoing_mail_state_next", "outgoing_mail", ["state", "next_attempt_at"], unique=False
    )
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("notificationkind", KINDS), nullable=False),
        sa.Column("subject_type", _enum("subjecttype", SUBJECT_TYPES), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True),
        _known("kind", KINDS),
        _known("subject_type", SUBJECT_TYPES),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_notification_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["user_account.id"],
            name=op.f("fk_notification_recipient_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_index("ix_notification_recipient_read", "notification", ["recipient_id", "read_at"])
    op.create_index(
        "ix_notification_recipient_created", "notification", ["recipient_id", "created_at"]
    )
    op.create_index(
        "ix_notification_mailed_recipient", "notification", ["mailed_at", "recipient_id"]
    )
    op.create_table(
        "notification_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("notificationkind", KINDS), nullable=False),
        sa.Column("frequency", _enum("frequency", FREQUENCIES), nullable=False),
        _known("kind", KINDS),
        _known("frequency", FREQUENCIES),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_preference_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preference")),
    )


def downgrade():
    op.drop_table("notification_preference")
    op.drop_index("ix_notification_mailed_recipient", table_name="notification")
    op.drop_index("ix_notification_recipient_created", table_name="notification")
    op.drop_index("ix_notification_recipient_read", table_name="notification")
    op.drop_table("notification")
    op.drop_index("ix_outgoing_mail_state_next", table_name="outgoing_mail")
    op.drop_table("outgoing_mail")
