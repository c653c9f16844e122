"""contribution counts covering index

The list pages count a neighbourhood's visible contributions (hidden = false, status not
merged) and split them into online and offline input. The old counts index
(neighbourhood_id, hidden, offline_source) had no status, so both counts read every row of
the neighbourhood from the table (issue 18: a quarter of a list request). The new index holds
every column those counts and the kind filter look at, so they are answered from the index
alone. Plain CREATE INDEX, no batch mode: on SQLite a batch alteration would recreate the
contribution table and drop its full-text triggers.

Revision ID: 4a54c754f800
Revises: f7b2d4a6c8e1
Create Date: 2026-12-01 05:40:00

"""

from alembic import op

revision = "4a54c754f800"
down_revision = "f7b2d4a6c8e1"
branch_labels = None
depends_on = None

OLD = ("ix_contribution_list_counts", ["neighbourhood_id", "hidden", "offline_source"])
NEW = (
    "ix_contribution_list_counts_covering",
    ["neighbourhood_id", "hidden", "status", "offline_source", "kind"],
)


def upgrade():
    op.create_index(NEW[0], "contribution", NEW[1], unique=False)
    op.drop_index(OLD[0], table_name="contribution")


def downgrade():
    op.create_index(OLD[0], "contribution", OLD[1], unique=False)
    op.drop_index(NEW[0], table_name="contribution")
