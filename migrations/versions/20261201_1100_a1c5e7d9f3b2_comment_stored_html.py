"""comment stored html

A comment's body is stored a second time as sanitised HTML (body_html), with the version of
the renderer that made it (body_html_version), so a thread of thousands of comments is shown
without rendering Markdown on every view (issue 18). Existing comments are rendered here, in
batches, with the renderer of the code that runs this migration; the version it stamps says
which one, so a later renderer change is caught (`flask comments rerender`). A new index
reads a thread's page of top-level comments in order.

Revision ID: a1c5e7d9f3b2
Revises: 4a54c754f800
Create Date: 2026-12-01 11:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a1c5e7d9f3b2"
down_revision = "4a54c754f800"
branch_labels = None
depends_on = None

BATCH = 500
THREAD_INDEX = ("ix_comment_thread", ["contribution_id", "parent_id", "created_at", "id"])

comment = sa.table(
    "comment",
    sa.column("id", sa.Integer),
    sa.column("body", sa.Text),
    sa.column("body_html", sa.Text),
    sa.column("body_html_version", sa.Integer),
)


def _backfill():
    # The one renderer the site uses (markdown-it, then nh3): the stored HTML is what the
    # page would render, never anything less sanitised.
    from wijkplatform.core.markdown import RENDERER_VERSION, render_markdown

    bind = op.get_bind()
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(comment.c.id, comment.c.body)
            .where(comment.c.id > last_id)
            .order_by(comment.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            comment.update()
            .where(comment.c.id == sa.bindparam("row_id"))
            .values(body_html=sa.bindparam("html"), body_html_version=RENDERER_VERSION),
            [{"row_id": row.id, "html": str(render_markdown(row.body))} for row in rows],
        )
        last_id = rows[-1].id


def upgrade():
    # Adding nullable columns needs no table copy on SQLite (batch mode alters in place).
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_html", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("body_html_version", sa.Integer(), nullable=True))
    op.create_index(THREAD_INDEX[0], "comment", THREAD_INDEX[1], unique=False)
    _backfill()


def downgrade():
    op.drop_index(THREAD_INDEX[0], table_name="comment")
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_column("body_html_version")
        batch_op.drop_column("body_html")
