"""flags that count

flag.not_counted: decided when a report is made. NULL when the report counts toward hiding
the item by itself; otherwise why not (not a resident of the neighbourhood, e-mail address
not confirmed, account too new, or a reason a neighbourhood worker already decided on).
Reports made before this migration counted under the old rule and stay NULL.

Revision ID: dea7860466df
Revises: 1b64f490cbc6
Create Date: 2026-12-01 01:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "dea7860466df"
down_revision = "1b64f490cbc6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "not_counted",
                sa.Enum(
                    "not_resident",
                    "unconfirmed",
                    "new_account",
                    "reason_decided",
                    name="flagnotcounted",
                    native_enum=False,
                    length=32,
                ),
                nullable=True,
            )
        )
        # Like every enum column since 1b64f490cbc6: the database refuses unknown values.
        batch_op.create_check_constraint(
            op.f("ck_flag_not_counted_known"),
            "not_counted IN ('not_resident', 'unconfirmed', 'new_account', 'reason_decided')",
        )


def downgrade():
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_flag_not_counted_known"), type_="check")
        batch_op.drop_column("not_counted")
