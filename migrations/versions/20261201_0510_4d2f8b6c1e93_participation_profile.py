"""participation profile: optional age group and years in the neighbourhood on an account

Given by the person (optional), so the municipal review can compare who takes part with the
area profile's age groups; only ever shown as counts of 10 or more, erased with the account.

Revision ID: 4d2f8b6c1e93
Revises: c2d4e6f8a0b1
Create Date: 2026-12-01 05:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "4d2f8b6c1e93"
down_revision = "c2d4e6f8a0b1"
branch_labels = None
depends_on = None

AGE_GROUPS = ("15_24", "25_44", "45_64", "65_plus")
YEARS_HERE = ("less_than_2", "2_to_10", "more_than_10")


def _enum(name: str, values) -> sa.Enum:
    return sa.Enum(*values, native_enum=False, length=32, create_constraint=False, name=name)


def _known(column: str, values) -> str:
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_group", _enum("age_group_known", AGE_GROUPS)))
        batch_op.add_column(sa.Column("years_here", _enum("years_here_known", YEARS_HERE)))
        batch_op.create_check_constraint(
            op.f("ck_user_account_age_group_known"), _known("age_group", AGE_GROUPS)
        )
        batch_op.create_check_constraint(
            op.f("ck_user_account_years_here_known"), _known("years_here", YEARS_HERE)
        )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_years_here_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_user_account_age_group_known"), type_="check")
        batch_op.drop_column("years_here")
        batch_op.drop_column("age_group")
