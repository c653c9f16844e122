"""review totals and reach: the municipal review page reads a row per neighbourhood

review_total holds each neighbourhood's all-time figures per category (and in all, category
""), review_reach how many participants took part for the last time in each week. Both are
kept by the domain events with review_tally and review_participant (review/tallies.py), so
the review page no longer sums a row per week and category, nor groups every participant
row (issue 18). Filled here from the weekly figures; `flask --app wijkplatform review
refresh` counts everything again from the rows. A partial index on the accounts that
gave an age group or years here lets "who takes part" count only those.

Revision ID: 1fcec6c3e768
Revises: b7d2f4a8c9e1
Create Date: 2026-12-02 01:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "1fcec6c3e768"
down_revision = "b7d2f4a8c9e1"
branch_labels = None
depends_on = None

_GAVE_PROFILE = "age_group IS NOT NULL OR years_here IS NOT NULL"


def upgrade():
    op.create_table(
        "review_total",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("contributions", sa.Integer(), server_default="0", nullable=False),
        sa.Column("supports", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comments", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "contributions >= 0", name=op.f("ck_review_total_contributions_not_negative")
        ),
        sa.CheckConstraint("supports >= 0", name=op.f("ck_review_total_supports_not_negative")),
        sa.CheckConstraint("comments >= 0", name=op.f("ck_review_total_comments_not_negative")),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
            name=op.f("fk_review_total_neighbourhood_id_neighbourhood"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_total")),
        sa.UniqueConstraint("neighbourhood_id", "category", name="uq_review_total_key"),
    )
    op.create_table(
        "review_reach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("people", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("people >= 0", name=op.f("ck_review_reach_people_not_negative")),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
            name=op.f("fk_review_reach_neighbourhood_id_neighbourhood"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reach")),
        sa.UniqueConstraint("neighbourhood_id", "week", name="uq_review_reach_key"),
    )
    op.execute(
        "INSERT INTO review_total (neighbourhood_id, category, contributions, supports, comments) "
        "SELECT neighbourhood_id, category, sum(contributions), "
        "CASE WHEN sum(supports) > 0 THEN sum(supports) ELSE 0 END, sum(comments) "
        "FROM review_tally GROUP BY neighbourhood_id, category"
    )
    op.execute(
        "INSERT INTO review_reach (neighbourhood_id, week, people) "
        "SELECT neighbourhood_id, last_week, count(*) FROM ("
        "SELECT neighbourhood_id, user_id, max(week) AS last_week FROM review_participant "
        "GROUP BY neighbourhood_id, user_id) AS person GROUP BY neighbourhood_id, last_week"
    )

    # Who takes part counts only the people who gave an age group or years here.
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.create_index(
            "ix_user_account_participation_profile",
            ["age_group", "years_here", "id"],
            unique=False,
            postgresql_where=sa.text(_GAVE_PROFILE),
            sqlite_where=sa.text(_GAVE_PROFILE),
        )


def downgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_index("ix_user_account_participation_profile")
    op.drop_table("review_reach")
    op.drop_table("review_total")
