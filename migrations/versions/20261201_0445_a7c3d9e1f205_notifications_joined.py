"""Join two migrations made side by side: the notifications and the team design with the
review figures.

Nothing changes in the database; Alembic needs one head.

Revision ID: a7c3d9e1f205
Revises: 5c1e0a7d9b21, b9b6d6eb1d19
Create Date: 2026-12-01 04:45:00
"""

revision = "a7c3d9e1f205"
down_revision = ("5c1e0a7d9b21", "b9b6d6eb1d19")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
