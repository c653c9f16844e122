"""Join two migrations made side by side: the team design and the review figures.

Nothing changes in the database; Alembic needs one head.

Revision ID: b9b6d6eb1d19
Revises: 8c1f2e7a9b3d, 8e8937bd29cf
Create Date: 2026-12-01 04:36:27.466259
"""

revision = "b9b6d6eb1d19"
down_revision = ("8c1f2e7a9b3d", "8e8937bd29cf")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
