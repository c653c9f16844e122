"""contribution list indexes

One index per list sort (most supported, newest, most discussed) within a neighbourhood, so a
list page reads its rows in order whatever the page number, and counts from an index (issue 9, measured with bench/).
Plain CREATE INDEX, no batch mode: on SQLite a batch alteration would recreate the
contribution table and drop its full-text triggers.

Revision ID: 5b1e2c9d7a40
Revises: af4c55331de5
Create Date: 2026-11-28 17:35:00

"""

from alembic import op

revision = "5b1e2c9d7a40"
down_revision = "af4c55331de5"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_contribution_list_top": ["neighbourhood_id", "hidden", "support_count", "created_at", "id"],
    "ix_contribution_list_new": ["neighbourhood_id", "hidden", "created_at", "id"],
    "ix_contribution_list_discussed": [
        "neighbourhood_id",
        "hidden",
        "comment_count",
        "created_at",
        "id",
    ],
    # The total and the online/offline counts of a list page, read from the index alone.
    "ix_contribution_list_counts": ["neighbourhood_id", "hidden", "offline_source"],
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "contribution", columns, unique=False)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="contribution")
