"""core/writes.py: the writes of one event go out as one statement on PostgreSQL, one by
one elsewhere, and two writes that name a parameter alike are refused, not mixed up."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, select

from tests.factories import NeighbourhoodFactory
from wijkplatform.core import writes
from wijkplatform.extensions import db
from wijkplatform.review.models import ReviewReach


def _reach(neighbourhood_id: int, param: str):
    table = ReviewReach.__table__
    return table.insert().values(
        neighbourhood_id=neighbourhood_id,
        week=bindparam(param, type_=table.c.week.type),
        people=1,
        # Every column named: a column's default would be a parameter of the same name in
        # both statements.
        since=1,
    )


def test_writes_of_one_block_are_one_statement_on_postgresql(app, count_queries):
    from datetime import date

    wijk_id = NeighbourhoodFactory().id
    db.session.commit()
    on_postgresql = db.engine.dialect.name == "postgresql"
    with count_queries() as statements, writes.together():
        writes.write(_reach(wijk_id, "first"), {"first": date(2026, 11, 2)})
        writes.write(_reach(wijk_id, "second"), {"second": date(2026, 11, 9)})
        assert writes.sent_together() == on_postgresql
    assert len(statements) == (1 if on_postgresql else 2)
    weeks = db.session.scalars(
        select(ReviewReach.week).where(ReviewReach.neighbourhood_id == wijk_id)
    ).all()
    assert sorted(str(week)[:10] for week in weeks) == ["2026-11-02", "2026-11-09"]


def test_two_writes_naming_a_parameter_alike_are_refused(app):
    from datetime import date

    wijk = NeighbourhoodFactory()
    db.session.commit()
    if db.engine.dialect.name != "postgresql":
        pytest.skip("one by one on SQLite: each statement has its own parameters")
    with pytest.raises(ValueError), writes.together():
        writes.write(_reach(wijk.id, "week"), {"week": date(2026, 11, 2)})
        writes.write(_reach(wijk.id, "week"), {"week": date(2026, 11, 9)})
    db.session.rollback()
