"""hidden comment index, residents index

The moderation queue lists the hidden reactions of a neighbourhood on every view. Without an
index it probed every contribution of the neighbourhood for hidden reactions (1,250 index
probes on the full bench city, 35 to 55 ms on PostgreSQL, issue 18). A partial index holds only
the hidden reactions, which are few, so the list reads just those.

Counting the residents behind something (supporters, reactions, evidence) asks for the
people with a resident membership of one neighbourhood many times a page. An index on
(neighbourhood, role, person) answers that from the index alone: 2,500 residents of a
neighbourhood of the full bench city in 0.3 ms instead of reading 834 table pages (the
Opgave page's reaction results went from 7.9 to 2.3 ms).

Revision ID: b7d3f1a9c2e5
Revises: 9d4b2e6f1a37
Create Date: 2026-12-02 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7d3f1a9c2e5"
down_revision = "9d4b2e6f1a37"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_comment_hidden",
        "comment",
        ["contribution_id"],
        unique=False,
        postgresql_where=sa.text("hidden"),
        sqlite_where=sa.text("hidden = 1"),
    )

    op.create_index(
        "ix_membership_scope_people",
        "membership",
        ["neighbourhood_id", "role", "user_id"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_membership_scope_people", table_name="membership")
    op.drop_index("ix_comment_hidden", table_name="comment")
