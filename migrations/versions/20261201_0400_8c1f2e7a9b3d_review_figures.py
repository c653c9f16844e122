"""review figures: counts per neighbourhood, category and week, and who took part

Pre-aggregated figures for the municipal review pages, exports and API, kept by the domain
events and rebuilt with `flask --app wijkplatform review refresh` (run it once after this
upgrade to count what is already there).

Revision ID: 8c1f2e7a9b3d
Revises: 3a22428eae1a
Create Date: 2026-12-01 04:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8c1f2e7a9b3d"
down_revision = "3a22428eae1a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("contributions", sa.Integer(), server_default="0", nullable=False),
        sa.Column("supports", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comments", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "contributions >= 0", name=op.f("ck_review_tally_contributions_not_negative")
        ),
        sa.CheckConstraint("comments >= 0", name=op.f("ck_review_tally_comments_not_negative")),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
            name=op.f("fk_review_tally_neighbourhood_id_neighbourhood"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_tally")),
        sa.UniqueConstraint("neighbourhood_id", "week", "category", name="uq_review_tally_key"),
    )
    op.create_table(
        "review_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
            name=op.f("fk_review_participant_neighbourhood_id_neighbourhood"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_review_participant_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_participant")),
        sa.UniqueConstraint(
            "neighbourhood_id", "week", "user_id", name="uq_review_participant_key"
        ),
    )
    with op.batch_alter_table("review_participant") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_participant_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("review_participant") as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_participant_user_id"))
    op.drop_table("review_participant")
    op.drop_table("review_tally")
