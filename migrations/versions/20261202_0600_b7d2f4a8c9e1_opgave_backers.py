"""the people behind an Opgave's evidence, kept as rows

One row per (Opgave, person) who wrote or supports a linked contribution, with the number of
such contributions (opgaven/backers.py), so "N residents stand behind this draft" no longer
counts the votes of every linked contribution on every view (issue 18). Filled here from
the rows, as `flask opgaven recount-backers` does.

Revision ID: b7d2f4a8c9e1
Revises: b7d3f1a9c2e5
Create Date: 2026-12-02 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7d2f4a8c9e1"
down_revision = "b7d3f1a9c2e5"
branch_labels = None
depends_on = None

# Written out, not imported: this migration must keep meaning what it says.
FILL = """
INSERT INTO opgave_backer (opgave_id, user_id, refs)
SELECT people.opgave_id, people.user_id, count(*)
FROM (
    SELECT e.opgave_id AS opgave_id, v.user_id AS user_id
    FROM opgave_evidence e JOIN vote v ON v.contribution_id = e.contribution_id
    UNION ALL
    SELECT e.opgave_id, c.author_id
    FROM opgave_evidence e JOIN contribution c ON c.id = e.contribution_id
    WHERE c.author_id IS NOT NULL
) people
GROUP BY people.opgave_id, people.user_id
"""


def upgrade():
    op.create_table(
        "opgave_backer",
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("refs", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opgave_id"],
            ["opgave.id"],
            name=op.f("fk_opgave_backer_opgave_id_opgave"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_opgave_backer_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("opgave_id", "user_id", name=op.f("pk_opgave_backer")),
    )
    with op.batch_alter_table("opgave_backer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opgave_backer_user_id"), ["user_id"], unique=False)
    op.execute(FILL)


def downgrade():
    with op.batch_alter_table("opgave_backer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opgave_backer_user_id"))
    op.drop_table("opgave_backer")
