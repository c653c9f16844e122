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


def test_list_counts_are_read_from_the_covering_index_alone(app):
    """Issue 18: the total and the online/offline counts of a list page (visible = not
    hidden and not merged) come from ix_contribution_list_counts_covering without reading
    the table, in one statement, with and without a filter."""
    from wijkplatform.contributions import queries
    from wijkplatform.contributions.models import Contribution
    from wijkplatform.core.db import utcnow

    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    now = utcnow()
    db.session.execute(
        Contribution.__table__.insert(),
        [
            {"kind": ("issue", "resource")[n % 2], "neighbourhood_id": neighbourhood.id,
             "author_id": author.id, "title": f"Bijdrage {n}", "body": "Tekst",
             "status": "merged" if n % 50 == 0 else "open", "support_count": 0,
             "comment_count": 0, "hidden": n % 40 == 0, "created_at": now, "updated_at": now}
            for n in range(OTHER_ITEMS)
        ],
    )  # fmt: skip
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # As autovacuum would soon (and the bench generator does): the visibility map lets
        # PostgreSQL answer from the index alone. VACUUM cannot run inside a transaction.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE contribution")
    with recorded_statements() as statements:
        everything = queries.list_contributions(
            queries.ListFilters(), neighbourhood_ids=[neighbourhood.id], with_sources=True
        )
        page = queries.list_contributions(
            queries.ListFilters(kind="issue"), neighbourhood_ids=[neighbourhood.id],
            with_sources=True,
        )  # fmt: skip
    expected = sum(1 for n in range(OTHER_ITEMS) if n % 50 and n % 40)
    assert everything.total == expected
    assert everything.sources == page.sources == {"online": expected, "offline": 0}
    assert page.total == sum(1 for n in range(0, OTHER_ITEMS, 2) if n % 50 and n % 40)
    # One count statement per page (issue 18: the total and the online/offline split were
    # two), each read from the index alone.
    counting = [(sql, values) for sql, values in statements if "count(" in sql.lower()]
    assert len(counting) == 2
    plans = _plans(counting, "contribution")
    postgres = db.session.get_bind().dialect.name == "postgresql"
    for plan in plans:
        assert "ix_contribution_list_counts_covering" in plan, plan
        assert ("Index Only Scan" if postgres else "COVERING INDEX") in plan, plan


def _many_contributions(neighbourhoods, author, number=OTHER_ITEMS):
    from wijkplatform.contributions.models import Contribution
    from wijkplatform.core.db import utcnow

    now = utcnow()
    db.session.execute(
        Contribution.__table__.insert(),
        [
            {"kind": ("issue", "resource")[n % 2],
             "neighbourhood_id": neighbourhoods[n % len(neighbourhoods)].id,
             "municipality_id": neighbourhoods[n % len(neighbourhoods)].municipality_id,
             "author_id": author.id, "title": f"Bijdrage {n}", "body": "Tekst",
             "status": "merged" if n % 50 == 0 else "open", "support_count": n % 97,
             "comment_count": n % 13, "hidden": n % 40 == 0, "created_at": now,
             "updated_at": now}
            for n in range(number)
        ],
    )  # fmt: skip
    db.session.commit()


@pytest.mark.parametrize("sort", ["top", "new", "discussed"])
def test_municipality_list_reads_its_page_in_order_from_a_municipality_index(app, sort):
    """Issue 18: the municipality list's count and its page of ids come from the
    municipality indexes; the page needs no sort step of its own (no "TEMP B-TREE" on
    SQLite, no Sort node on PostgreSQL), whatever the number of neighbourhoods."""
    from wijkplatform.contributions import queries

    first = NeighbourhoodFactory()
    places = [first] + [NeighbourhoodFactory(municipality=first.municipality) for _ in range(9)]
    _many_contributions(places, resident(first))
    # Another municipality's contributions in the same table.
    _many_contributions([NeighbourhoodFactory()], resident(first), 500)
    with recorded_statements() as statements:
        page = queries.list_contributions(
            queries.ListFilters(sort=sort, page=3), municipality_id=first.municipality_id
        )
    assert page.total == sum(1 for n in range(OTHER_ITEMS) if n % 50 and n % 40)
    # One statement reads the count next to the page (issue 18): its plan holds both.
    reading = [(sql, values) for sql, values in statements if "FROM contribution" in sql]
    assert len(reading) == 1, reading
    [plan] = _plans(reading, "contribution")
    count, ids = plan, plan
    assert "ix_contribution_municipality_counts" in count, count
    assert f"ix_contribution_municipality_{sort}" in ids, ids
    # The page of ids (the subquery: SQLite materialises it, PostgreSQL limits it) is read
    # in index order; the only sort left is of the 20 cards around it.
    lines = ids.splitlines()
    at_index = next(i for i, line in enumerate(lines) if f"municipality_{sort}" in line)
    start = max(
        i for i, line in enumerate(lines[:at_index]) if "MATERIALIZE" in line or "Limit" in line
    )
    subquery = "\n".join(lines[start : at_index + 1])
    assert "TEMP B-TREE" not in subquery and "Sort" not in subquery, ids


def test_worker_inbox_count_reads_the_inbox_index(app):
    """The inbox count in a neighbourhood worker's header (every page they open) reads the
    inbox index, not every contribution of their neighbourhoods."""
    from wijkplatform.moderation import queries

    places = [NeighbourhoodFactory() for _ in range(10)]
    first, second = places[:2]
    _many_contributions(places, resident(first))
    if db.session.get_bind().dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE contribution")
    with recorded_statements() as statements:
        counts = queries.inbox_counts([first.id, second.id])
    assert sum(counts.values()) == sum(
        1 for n in range(OTHER_ITEMS) if n % 10 < 2 and n % 50 and n % 40
    )
    plan = _plans(statements, "contribution")[0]
    assert "ix_contribution_inbox" in plan, plan
