"""team design comments moderated like reactions

Residents' comments on a team design are reported (flag), hidden and shown again in the
moderation log (moderation_event) under the target type "design_comment"; their author hears
about it in a notification about the neighbourhood's team design (subject "team_design").

Revision ID: 9d4b2e6f1a37
Revises: c3e7a9b1d5f6
Create Date: 2026-12-02 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9d4b2e6f1a37"
down_revision = "c3e7a9b1d5f6"
branch_labels = None
depends_on = None

# Written out, not imported from the models: this migration must keep meaning what it says.
OLD_TARGET_TYPES = ["contribution", "comment", "organisation", "user"]
NEW_TARGET_TYPES = [*OLD_TARGET_TYPES, "design_comment"]
OLD_SUBJECT_TYPES = ["contribution", "opgave", "organisation"]
NEW_SUBJECT_TYPES = [*OLD_SUBJECT_TYPES, "team_design"]

# (table, column, old values, new values)
CHECKS = [
    ("flag", "target_type", OLD_TARGET_TYPES, NEW_TARGET_TYPES),
    ("moderation_event", "target_type", OLD_TARGET_TYPES, NEW_TARGET_TYPES),
    ("notification", "subject_type", OLD_SUBJECT_TYPES, NEW_SUBJECT_TYPES),
]


def _condition(column, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _replace(table, column, values) -> None:
    name = f"ck_{table}_{column}_known"
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(name), type_="check")
        batch_op.create_check_constraint(op.f(name), _condition(column, values))


def upgrade():
    for table, column, _old, new in CHECKS:
        _replace(table, column, new)


def downgrade():
    # Rows of the new types cannot be kept under the old constraints: they go.
    for table, column, old, new in CHECKS:
        added = ", ".join(repr(value) for value in new[len(old) :])
        op.execute(sa.text(f"DELETE FROM {table} WHERE {column} IN ({added})"))
        _replace(table, column, old)
