"""A resident's contributions, comments, supports, follows and the links they made in their
personal-data export, and what erasure does to them: the words stay (shown as by a former
resident), supports and links stay (without a name), follows go."""

from __future__ import annotations

from sqlalchemy import delete, select

from wijkplatform.contributions.models import Comment, Contribution, ContributionLink, Follow, Vote
from wijkplatform.extensions import db


def _iso(moment):
    return moment.isoformat() if moment else None


def export_contributions(user) -> list[dict]:
    rows = db.session.scalars(
        select(Contribution)
        .where((Contribution.author_id == user.id) | (Contribution.recorded_by_id == user.id))
        .order_by(Contribution.id)
    ).unique()
    return [
        {
            "id": c.id,
            "kind": c.kind.value,
            "neighbourhood": c.neighbourhood.name,
            "title": c.title,
            "body": c.body,
            "categories": c.categories,
            "place": c.place,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "status": c.status.value,
            "hidden": c.hidden,
            "hidden_reason": c.hidden_reason,
            "recorded_by_you_from": c.offline_source.value if c.offline_source else None,
            "created_at": _iso(c.created_at),
            "withdrawn_at": _iso(c.withdrawn_at),
        }
        for c in rows
    ]


def export_comments(user) -> list[dict]:
    rows = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)
    ).unique()
    return [
        {
            "id": c.id,
            "contribution_id": c.contribution_id,
            "reply_to": c.parent_id,
            "stance": c.stance.value,
            "body": c.body,
            "hidden": c.hidden,
            "created_at": _iso(c.created_at),
            "deleted_at": _iso(c.deleted_at),
        }
        for c in rows
    ]


def _supported_or_followed(model, user) -> list[dict]:
    rows = db.session.execute(
        select(model.contribution_id, Contribution.title, model.created_at)
        .join(Contribution, Contribution.id == model.contribution_id)
        .where(model.user_id == user.id)
        .order_by(model.id)
    ).all()
    return [
        {"contribution_id": cid, "title": title, "since": _iso(since)} for cid, title, since in rows
    ]


def export_supports(user) -> list[dict]:
    return _supported_or_followed(Vote, user)


def export_follows(user) -> list[dict]:
    return _supported_or_followed(Follow, user)


def export_links(user) -> list[dict]:
    """Which resource or potential the person linked to which issue."""
    return [
        {"from": source_id, "to": target_id, "at": _iso(at)}
        for source_id, target_id, at in db.session.execute(
            select(
                ContributionLink.source_id, ContributionLink.target_id, ContributionLink.created_at
            )
            .where(ContributionLink.created_by_id == user.id)
            .order_by(ContributionLink.id)
        )
    ]


def erase_follows(user) -> None:
    """What someone follows is theirs alone; supports stay, as counts of a former resident."""
    db.session.execute(delete(Follow).where(Follow.user_id == user.id))


def init_app(app) -> None:
    from wijkplatform.core import registries

    registries.register_exporter(app, "contributions", export_contributions)
    registries.register_exporter(app, "comments", export_comments)
    registries.register_exporter(app, "supports", export_supports)
    registries.register_exporter(app, "follows", export_follows)
    registries.register_exporter(app, "contribution_links", export_links)
    registries.register_eraser(app, erase_follows)
