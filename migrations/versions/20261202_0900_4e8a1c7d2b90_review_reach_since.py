"""review reach since: the participants from each week on, stored for the fair ranking

The fair ranking compares a contribution's supports with the residents who took part in its
neighbourhood since the week it was written. That number was summed in Python from every
week of every neighbourhood on each view of the review page (4,130 rows on the full city);
`review_reach.since` keeps it per neighbourhood and week, kept by the same events as
`people` (review/tallies.py), so the page reads one row per candidate in the database.
Filled here from `people`.

Revision ID: 4e8a1c7d2b90
Revises: 1fcec6c3e768
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "4e8a1c7d2b90"
down_revision = "1fcec6c3e768"
branch_labels = None
depends_on = None

# Each week: the people whose last week is that week or a later one (tests/review/test_fair.py
# runs it on rows the events wrote).
FILL_SINCE = (
    "UPDATE review_reach SET since = (SELECT sum(later.people) FROM review_reach AS later "
    "WHERE later.neighbourhood_id = review_reach.neighbourhood_id "
    "AND later.week >= review_reach.week)"
)


def upgrade():
    with op.batch_alter_table("review_reach") as batch_op:
        batch_op.add_column(sa.Column("since", sa.Integer(), server_default="0", nullable=False))
    op.execute(FILL_SINCE)
    with op.batch_alter_table("review_reach") as batch_op:
        batch_op.create_check_constraint(op.f("ck_review_reach_since_not_negative"), "since >= 0")


def downgrade():
    with op.batch_alter_table("review_reach") as batch_op:
        batch_op.drop_constraint(op.f("ck_review_reach_since_not_negative"), type_="check")
        batch_op.drop_column("since")
