"""contribution municipality_id

The municipality list (all contributions of a municipality, across its neighbourhoods) used
to filter on `neighbourhood_id IN (…every neighbourhood…)`: no index serves that filter and
the municipality-wide order together, so the database read every visible contribution of
the municipality and sorted them for each page, and that work grew with the number of
neighbourhoods (issue 18). Contributions now carry their neighbourhood's municipality as a
copy (set by `contributions.services.create_contribution`; a contribution never changes
neighbourhood and a neighbourhood never changes municipality), backfilled here, with one
index per list sort and a covering index for the count, the same shape as the
neighbourhood list indexes.

No foreign key: the copy is guarded by `neighbourhood_id`'s, and on SQLite adding one would
recreate the contribution table (batch mode) and drop its full-text triggers. Plain ALTER
TABLE and CREATE INDEX on both databases for the same reason.

The worker inbox's count (in the header of every page a neighbourhood worker opens) gets an
index holding every column its filter reads (neighbourhood, status, hidden, withdrawn) and
the inbox's order, so the count and the inbox page read the index instead of the table.

Revision ID: c3e7a9b1d5f6
Revises: a1c5e7d9f3b2
Create Date: 2026-12-01 11:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e7a9b1d5f6"
down_revision = "a1c5e7d9f3b2"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_contribution_municipality_top": [
        "municipality_id",
        "hidden",
        "support_count",
        "created_at",
        "id",
    ],
    "ix_contribution_municipality_new": ["municipality_id", "hidden", "created_at", "id"],
    "ix_contribution_municipality_discussed": [
        "municipality_id",
        "hidden",
        "comment_count",
        "created_at",
        "id",
    ],
    "ix_contribution_municipality_counts": ["municipality_id", "hidden", "status", "kind"],
}
INBOX = (
    "ix_contribution_inbox",
    ["neighbourhood_id", "status", "hidden", "withdrawn_at", "created_at", "id"],
)


def upgrade():
    op.add_column("contribution", sa.Column("municipality_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE contribution SET municipality_id = (SELECT neighbourhood.municipality_id "
        "FROM neighbourhood WHERE neighbourhood.id = contribution.neighbourhood_id)"
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "contribution", columns, unique=False)
    op.create_index(INBOX[0], "contribution", INBOX[1], unique=False)


def downgrade():
    op.drop_index(INBOX[0], table_name="contribution")
    for name in INDEXES:
        op.drop_index(name, table_name="contribution")
    op.drop_column("contribution", "municipality_id")
