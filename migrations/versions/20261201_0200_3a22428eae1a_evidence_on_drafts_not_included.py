"""evidence on drafts is not included yet

Data only. A contribution used to get the status "included" as soon as it was linked to a
draft, so its page told visitors and its author it was in the Opgave while only
neighbourhood workers could see the draft. Now it gets that status when the Opgave is
published. This gives back the earlier status to contributions that are "included" only
through drafts nobody outside the workers has seen (and that had another status before);
the downgrade marks them included again, as the old rule did.

Revision ID: 3a22428eae1a
Revises: dea7860466df
Create Date: 2026-12-01 02:00:00

"""

from alembic import op

revision = "3a22428eae1a"
down_revision = "dea7860466df"
branch_labels = None
depends_on = None

# Evidence rows on unpublished drafts that remember a status other than "included".
_ON_DRAFTS = """
    SELECT e.contribution_id FROM opgave_evidence e JOIN opgave o ON o.id = e.opgave_id
    WHERE o.published_at IS NULL AND e.previous_status IS NOT NULL
      AND e.previous_status <> 'included'
"""
_ON_PUBLISHED = """
    SELECT e.contribution_id FROM opgave_evidence e JOIN opgave o ON o.id = e.opgave_id
    WHERE o.published_at IS NOT NULL
"""


def upgrade():
    op.execute(
        f"""
        UPDATE contribution SET status = (
            SELECT e.previous_status FROM opgave_evidence e JOIN opgave o ON o.id = e.opgave_id
            WHERE e.contribution_id = contribution.id AND o.published_at IS NULL
              AND e.previous_status IS NOT NULL AND e.previous_status <> 'included'
            ORDER BY e.id LIMIT 1
        )
        WHERE status = 'included'
          AND id IN ({_ON_DRAFTS})
          AND id NOT IN ({_ON_PUBLISHED})
        """
    )


def downgrade():
    op.execute(
        f"""
        UPDATE contribution SET status = 'included'
        WHERE status NOT IN ('included', 'merged')
          AND id IN ({_ON_DRAFTS})
        """
    )
