"""list indexes with status

Every public list leaves out merged contributions (status <> 'merged'). The neighbourhood
list indexes held no status, so PostgreSQL read the table for every row it passed: page 50
of the full bench city read 1,180 table pages (a bitmap scan and a sort of the whole
neighbourhood, 1,315 buffers). With the status included in the indexes it walks the index
alone (182 buffers): 7.9-9.6 -> 1.0-1.5 ms (EXPLAIN ANALYZE, fastest of 10, interleaved, on
a loaded machine). The keys are unchanged, so every plan the old indexes served they still
serve; status is already in other indexes of the table, so no update loses its HOT path.
SQLite has no included columns: its indexes are made again as they were.

Revision ID: d8f2b6a4e1c9
Revises: c3e9a7f1d5b4
Create Date: 2026-12-02 10:30:00

"""

from alembic import op

revision = "d8f2b6a4e1c9"
down_revision = "c3e9a7f1d5b4"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_contribution_list_top": ["neighbourhood_id", "hidden", "support_count", "created_at", "id"],
    "ix_contribution_list_new": ["neighbourhood_id", "hidden", "created_at", "id"],
    "ix_contribution_list_discussed": [
        "neighbourhood_id",
        "hidden",
        "comment_count",
        "created_at",
        "id",
    ],
}


def _remake(include):
    for name, columns in _INDEXES.items():
        op.drop_index(name, table_name="contribution")
        op.create_index(name, "contribution", columns, unique=False, postgresql_include=include)


def upgrade():
    _remake(["status"])


def downgrade():
    _remake([])
