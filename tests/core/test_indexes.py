"""The queries that look up one item's reports and history, and a resident's own
contributions, read them through an index instead of the whole table, on SQLite and
PostgreSQL (where sequential scans are discouraged, so the small test tables do not hide a
missing index)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from tests.factories import CommentFactory, ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.extensions import db


@contextmanager
def recorded_statements():
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _plans(statements, table: str) -> list[str]:
    """The query plans of the statements that read `table`."""
    connection = db.session.connection()
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        # Statistics as the table is now, not as autovacuum last saw it after an earlier
        # test filled it: the plan must not depend on which tests ran before.
        connection.exec_driver_sql(f"ANALYZE {table}")
    plans = []
    for statement, parameters in statements:
        if f"FROM {table} " not in f"{statement} " and f"UPDATE {table} " not in statement:
            continue
        explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
        rows = connection.exec_driver_sql(explain + statement, parameters).all()
        plans.append("\n".join(str(row[-1]) for row in rows))
    db.session.rollback()
    assert plans, f"no statement read {table}"
    return plans


OTHER_ITEMS = 2000


@pytest.fixture
def reported(app):
    """One contribution, and reports and log lines about 2,000 other items around it: with
    an (almost) empty table any plan is as cheap as another, and the planner's choice would
    say nothing about the index."""
    from wijkplatform.core.db import utcnow
    from wijkplatform.moderation.models import Flag, ModerationEvent

    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood)
    CommentFactory(contribution=contribution)
    reporter = resident(neighbourhood)
    now = utcnow()
    others = range(contribution.id + 1, contribution.id + 1 + OTHER_ITEMS)
    db.session.execute(
        Flag.__table__.insert(),
        [
            {"reporter_id": reporter.id, "target_type": "contribution", "target_id": n,
             "neighbourhood_id": neighbourhood.id, "reason": "spam", "created_at": now}
            for n in others
        ],
    )  # fmt: skip
    db.session.execute(
        ModerationEvent.__table__.insert(),
        [
            {"action": "flagged", "target_type": "contribution", "target_id": n,
             "neighbourhood_id": neighbourhood.id, "created_at": now}
            for n in others
        ],
    )  # fmt: skip
    db.session.commit()
    return contribution


def test_reports_on_one_item_are_found_through_an_index(reported):
    from wijkplatform.moderation import queries
    from wijkplatform.moderation.models import TargetType
    from wijkplatform.moderation.services import flags

    with recorded_statements() as statements:
        queries.reports_for(TargetType.CONTRIBUTION, reported.id)
        flags.active_flag_count(TargetType.CONTRIBUTION, reported.id)
        flags.dismiss_open_flags(TargetType.CONTRIBUTION, reported.id)
    plans = _plans(statements, "flag")
    assert len(plans) == 3
    assert all("ix_flag_target" in plan for plan in plans), plans


def test_history_of_one_item_is_found_through_an_index(reported):
    from wijkplatform.moderation import queries
    from wijkplatform.moderation.models import TargetType

    with recorded_statements() as statements:
        queries.events_for(TargetType.CONTRIBUTION, reported.id)
    plans = _plans(statements, "moderation_event")
    assert all("ix_moderation_event_target" in plan for plan in plans), plans


def test_my_contributions_are_found_through_an_index(app):
    from wijkplatform.contributions.models import Contribution
    from wijkplatform.contributions.queries import user_overview
    from wijkplatform.core.db import utcnow

    neighbourhood = NeighbourhoodFactory()
    user, neighbour = resident(neighbourhood), resident(neighbourhood)
    now = utcnow()
    db.session.execute(
        Contribution.__table__.insert(),
        [
            {"kind": "issue", "neighbourhood_id": neighbourhood.id, "author_id": neighbour.id,
             "title": f"Bijdrage {n}", "body": "Tekst", "status": "open", "support_count": 0,
             "comment_count": 0, "hidden": False, "created_at": now, "updated_at": now}
            for n in range(OTHER_ITEMS)
        ],
    )  # fmt: skip
    db.session.commit()
    with recorded_statements() as statements:
        user_overview(user)
    # "Written or recorded by me": both halves of the OR use an index.
    mine = [(sql, values) for sql, values in statements if "recorded_by_id = " in sql]
    assert len(mine) == 1
    own = _plans(mine, "contribution")[0]
    assert "ix_contribution_recorded_by_id" in own, own
    assert "ix_contribution_author_id" in own, own


def test_plans_are_read_without_running_the_statements(reported):
    """EXPLAIN of the UPDATE above does not set the reports aside."""
    assert db.session.scalar(text("SELECT count(*) FROM flag WHERE dismissed_at IS NULL")) == (
        OTHER_ITEMS
    )
