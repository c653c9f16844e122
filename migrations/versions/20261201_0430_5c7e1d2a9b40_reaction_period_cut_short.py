"""reaction period cut short

A draft open for reactions may only go to the municipality before the last day of the
period when the neighbourhood worker says why. The Opgave keeps the day it was cut short
and the reason, for the timeline and the reviewer's decision; opening a new period clears
both.

Revision ID: 5c7e1d2a9b40
Revises: 3a22428eae1a
Create Date: 2026-12-01 04:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5c7e1d2a9b40"
down_revision = "3a22428eae1a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("opgave") as batch_op:
        batch_op.add_column(sa.Column("reactions_cut_short_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("cut_short_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("opgave") as batch_op:
        batch_op.drop_column("cut_short_reason")
        batch_op.drop_column("reactions_cut_short_on")
