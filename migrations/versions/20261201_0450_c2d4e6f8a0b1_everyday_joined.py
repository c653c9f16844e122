"""Join two migrations made side by side: the reaction period's early-submission reason and
the features merged before it.

Nothing changes in the database; Alembic needs one head.

Revision ID: c2d4e6f8a0b1
Revises: 5c7e1d2a9b40, a7c3d9e1f205
Create Date: 2026-12-01 04:50:00
"""

revision = "c2d4e6f8a0b1"
down_revision = ("5c7e1d2a9b40", "a7c3d9e1f205")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
