"""The demo fills every neighbourhood with contributions, and a second run adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkplatform.contributions.models import Comment, Contribution, ContributionLink, Vote
from wijkplatform.demo import load_demo
from wijkplatform.extensions import db


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Contribution, Vote, Comment, ContributionLink)
    }


def test_demo_gives_every_kind_dozens_of_contributions_with_votes_and_threads(app):
    load_demo(echo=lambda line: None)
    db.session.commit()
    rows = db.session.execute(select(Contribution.kind, func.count()).group_by(Contribution.kind))
    per_kind = {row[0]: row[1] for row in rows}
    assert all(number >= 24 for number in per_kind.values()), per_kind
    assert len(per_kind) == 3
    counts = _counts()
    assert counts["Vote"] > 100 and counts["Comment"] > 50 and counts["ContributionLink"] > 0
    offline = db.session.scalar(
        select(func.count()).where(Contribution.offline_source.is_not(None))
    )
    assert offline > 0
    # The stored counters agree with the rows they count.
    assert db.session.scalar(select(func.sum(Contribution.support_count))) == counts["Vote"]
    assert db.session.scalar(select(func.sum(Contribution.comment_count))) == counts["Comment"]


def test_running_the_demo_twice_adds_nothing_twice(app):
    load_demo(echo=lambda line: None)
    db.session.commit()
    before = _counts()
    report = load_demo(echo=lambda line: None)
    db.session.commit()
    assert _counts() == before
    assert report.created["contribution"] == 0
