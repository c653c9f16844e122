"""Reads of contributions used by pages: lists with filters, search and pages, the detail
page's thread and links, and a resident's own overview. Each runs a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import false, func, select
from sqlalchemy.orm import selectinload

from wijkplatform.accounts.permissions import counting_residents
from wijkplatform.contributions.models import (
    CATEGORIES,
    Comment,
    Contribution,
    ContributionCategory,
    ContributionKind,
    ContributionLink,
    ContributionStatus,
    Follow,
    Vote,
)
from wijkplatform.contributions.search import normalise_query, search_clause
from wijkplatform.extensions import db

PAGE_SIZE = 20
SORTS = ("top", "new", "discussed")
SIMILAR_LIMIT = 5


@dataclass
class ListFilters:
    kind: str | None = None
    category: str | None = None
    sort: str = "top"
    q: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> ListFilters:
        """Read the query string; anything unknown falls back to the default."""
        kind = args.get("kind") or None
        category = args.get("category") or None
        sort = args.get("sort") or "top"
        try:
            page = max(1, min(int(args.get("page", 1)), 10_000))
        except (TypeError, ValueError):
            page = 1
        return cls(
            kind=kind if kind in {k.value for k in ContributionKind} else None,
            category=category if category in CATEGORIES else None,
            sort=sort if sort in SORTS else "top",
            q=normalise_query(args.get("q")),
            page=page,
        )

    def args(self, **changes) -> dict:
        """Query-string arguments for a link that changes some of the filters."""
        values = {
            "kind": self.kind,
            "category": self.category,
            "sort": self.sort,
            "q": self.q,
            "page": self.page,
        }
        values.update(changes)
        if values["sort"] == "top":
            values["sort"] = None
        if values["page"] == 1:
            values["page"] = None
        return {key: value for key, value in values.items() if value}


@dataclass
class Page:
    items: list[Contribution]
    total: int
    page: int
    per_page: int = PAGE_SIZE
    supported_ids: set[int] = field(default_factory=set)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def visible():
    """The condition every public list, search and count uses. A merged duplicate is left
    out too: its page leads to the contribution it was merged into."""
    # "hidden = false", not "hidden IS false": only an equality lets PostgreSQL use the list
    # indexes (neighbourhood, hidden, sort columns) for both the filter and the order.
    return (Contribution.hidden == false()) & (Contribution.status != ContributionStatus.MERGED)


def _ordered(statement, sort: str):
    if sort == "new":
        return statement.order_by(Contribution.created_at.desc(), Contribution.id.desc())
    if sort == "discussed":
        return statement.order_by(
            Contribution.comment_count.desc(),
            Contribution.created_at.desc(),
            Contribution.id.desc(),
        )
    return statement.order_by(
        Contribution.support_count.desc(), Contribution.created_at.desc(), Contribution.id.desc()
    )


def list_contributions(
    filters: ListFilters, *, neighbourhood_ids=None, user=None, per_page: int = PAGE_SIZE
) -> Page:
    """One page of visible contributions: 3 queries (count, rows, categories), plus one for
    the signed-in user's supports on this page."""
    conditions = [visible()]
    if neighbourhood_ids is not None:
        conditions.append(Contribution.neighbourhood_id.in_(list(neighbourhood_ids)))
    if filters.kind:
        conditions.append(Contribution.kind == ContributionKind(filters.kind))
    if filters.category:
        conditions.append(
            select(ContributionCategory.contribution_id)
            .where(
                ContributionCategory.contribution_id == Contribution.id,
                ContributionCategory.category == filters.category,
            )
            .exists()
        )
    matches = search_clause(filters.q)
    if matches is not None:
        conditions.append(matches)
    total = db.session.scalar(select(func.count(Contribution.id)).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    # The page's ids first (read from a list index alone, however far the page), then only
    # those rows with their joined neighbourhood and author (issue 9: a "deferred join").
    page_ids = (
        _ordered(select(Contribution.id).where(*conditions), filters.sort)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery()
    )
    items = list(
        db.session.scalars(
            _ordered(
                select(Contribution).join(page_ids, page_ids.c.id == Contribution.id),
                filters.sort,
            )
        )
        .unique()
        .all()
    )
    return Page(
        items=items,
        total=total,
        page=page,
        per_page=per_page,
        supported_ids=supported_ids(user, [c.id for c in items]),
    )


def supported_ids(user, contribution_ids) -> set[int]:
    if not contribution_ids or user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            select(Vote.contribution_id).where(
                Vote.user_id == user.id, Vote.contribution_id.in_(contribution_ids)
            )
        )
    )


def resident_support_counts(neighbourhood_id: int, contribution_ids) -> dict[int, int]:
    """Per contribution: how many of its supporters count as residents of the neighbourhood
    (accounts.permissions.counting_residents). One query; contributions without any are left
    out."""
    ids = list(contribution_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Vote.contribution_id, func.count(Vote.id))
        .where(
            Vote.contribution_id.in_(ids),
            Vote.user_id.in_(counting_residents(neighbourhood_id)),
        )
        .group_by(Vote.contribution_id)
    ).all()
    return {contribution_id: int(number) for contribution_id, number in rows}


def has_supported(user, contribution) -> bool:
    return contribution.id in supported_ids(user, [contribution.id])


def get_contribution(contribution_id: int) -> Contribution | None:
    return db.session.get(Contribution, contribution_id)


def is_following(user, contribution) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id, Follow.contribution_id == contribution.id
            )
        )
        is not None
    )


@dataclass
class Thread:
    """Top-level comments, newest or oldest first, each with its replies (oldest first)."""

    comments: list[Comment]
    replies: dict[int, list[Comment]]
    stances: Counter


def thread(contribution, *, order: str = "oldest") -> Thread:
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.contribution_id == contribution.id, Comment.hidden.is_(False))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    top = [c for c in rows if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for comment in rows:
        if comment.parent_id is not None and not comment.deleted:
            replies.setdefault(comment.parent_id, []).append(comment)
    # A removed comment stays as "reaction removed" only while replies hang under it.
    top = [c for c in top if not c.deleted or replies.get(c.id)]
    if order == "newest":
        top.reverse()
    stances = Counter(c.stance.value for c in rows if not c.deleted)
    return Thread(comments=top, replies=replies, stances=stances)


@dataclass
class Links:
    helps_with: list[Contribution]  # for a resource or potential: the issues it links to
    helped_by: list[Contribution]  # for an issue: the resources and potentials linked to it
    link_ids: dict[int, int]  # other contribution id -> link id


def links(contribution) -> Links:
    rows = db.session.scalars(
        select(ContributionLink)
        .where(
            (ContributionLink.source_id == contribution.id)
            | (ContributionLink.target_id == contribution.id)
        )
        .options(selectinload(ContributionLink.source), selectinload(ContributionLink.target))
        .order_by(ContributionLink.created_at)
    ).all()
    helps_with, helped_by, link_ids = [], [], {}
    for link in rows:
        if link.source_id == contribution.id and not link.target.hidden:
            helps_with.append(link.target)
            link_ids[link.target_id] = link.id
        elif link.target_id == contribution.id and not link.source.hidden:
            helped_by.append(link.source)
            link_ids[link.source_id] = link.id
    return Links(helps_with=helps_with, helped_by=helped_by, link_ids=link_ids)


def linkable_issues(contribution, limit: int = 200) -> list[Contribution]:
    """Issues in the same neighbourhood this resource or potential could be linked to."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                visible(),
                Contribution.kind == ContributionKind.ISSUE,
                Contribution.neighbourhood_id == contribution.neighbourhood_id,
                Contribution.withdrawn_at.is_(None),
            )
            .order_by(Contribution.support_count.desc(), Contribution.id.desc())
            .limit(limit)
        ).unique()
    )


def similar_contributions(neighbourhood_id: int, title: str, *, exclude_id=None) -> list:
    """Visible contributions in the neighbourhood whose title or text shares the words."""
    matches = search_clause(_any_words(title), any_word=True)
    if matches is None:
        return []
    statement = select(Contribution).where(
        visible(), Contribution.neighbourhood_id == neighbourhood_id, matches
    )
    if exclude_id:
        statement = statement.where(Contribution.id != exclude_id)
    return list(
        db.session.scalars(
            statement.order_by(Contribution.support_count.desc()).limit(SIMILAR_LIMIT)
        ).unique()
    )


STOP_WORDS = {
    "de", "het", "een", "en", "in", "van", "op", "te", "voor", "met", "is", "er", "aan",
    "om", "bij", "niet", "we", "wij", "ik", "je", "zijn", "die", "dat", "the", "and", "of",
    "to", "a", "for", "meer", "geen", "ons", "onze",
}  # fmt: skip


def _any_words(title: str) -> str:
    """Keep the telling words of a title (3+ letters, no stop words)."""
    words = [
        w for w in normalise_query(title).lower().split() if len(w) > 3 and w not in STOP_WORDS
    ]
    return " ".join(words[:6])


def user_overview(user) -> dict[str, list[Contribution]]:
    """My contributions, my supports and what I follow (visible ones), in 3+1 queries."""

    def ids(statement) -> select:
        return select(Contribution).where(visible(), Contribution.id.in_(statement))

    own = (
        db.session.scalars(
            select(Contribution)
            .where(
                visible(),
                (Contribution.author_id == user.id) | (Contribution.recorded_by_id == user.id),
            )
            .order_by(Contribution.created_at.desc())
        )
        .unique()
        .all()
    )
    supported = (
        db.session.scalars(
            ids(select(Vote.contribution_id).where(Vote.user_id == user.id)).order_by(
                Contribution.created_at.desc()
            )
        )
        .unique()
        .all()
    )
    followed = (
        db.session.scalars(
            ids(select(Follow.contribution_id).where(Follow.user_id == user.id)).order_by(
                Contribution.created_at.desc()
            )
        )
        .unique()
        .all()
    )
    return {"own": list(own), "supported": list(supported), "followed": list(followed)}


def offline_counts(neighbourhood_id: int) -> dict[str, int]:
    """Visible contributions typed in online and collected offline (for statistics)."""
    rows = db.session.execute(
        select(Contribution.offline_source.is_(None), func.count(Contribution.id))
        .where(visible(), Contribution.neighbourhood_id == neighbourhood_id)
        .group_by(Contribution.offline_source.is_(None))
    ).all()
    counts = {"online": 0, "offline": 0}
    for is_online, number in rows:
        counts["online" if is_online else "offline"] += number
    return counts
