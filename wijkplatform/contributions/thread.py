"""A contribution's thread of comments, a page at a time (issue 18).

A page is THREAD_PAGE_SIZE top-level comments in (created_at, id) order, oldest or newest
first, each with all its replies (one level, oldest first). The next page starts after the
last comment shown (a keyset: `comments_after=<id>`), so page 40 costs what page 1 costs.
Authors come as id, name and erasure only, their badges from one query over the page's
authors, and the bodies as the HTML stored at write time: a page runs the same statements
whether the thread holds 50 or 3,000 comments. The comments come as rows of the columns a
page shows (`ShownComment`), not as ORM objects: making and tracking some 80 objects a page
was a fifth of its Python time (issue 18, fifth round).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import NamedTuple

from markupsafe import Markup
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from wijkplatform.accounts.models import User
from wijkplatform.accounts.permissions import badges_of
from wijkplatform.contributions.models import Comment, Stance
from wijkplatform.core.markdown import RENDERER_VERSION, stored_markdown
from wijkplatform.extensions import db

THREAD_PAGE_SIZE = 50
# Answers shown under a top-level comment; "Show all answers" shows the rest (issue 18: a
# page's cost no longer grows with the answers).
REPLIES_SHOWN = 3
ORDERS = ("oldest", "newest")


class Author(NamedTuple):
    """What a thread shows of a person: enough for `public_name`, nothing else."""

    id: int
    display_name: str
    erased_at: datetime | None


class ShownComment(NamedTuple):
    """A comment as a thread page shows it, and what the comment permissions ask of it."""

    id: int
    contribution_id: int
    parent_id: int | None
    author_id: int | None
    stance: Stance
    created_at: datetime
    deleted_at: datetime | None
    hidden: bool
    body_html: str | None
    body_html_version: int | None
    # The Markdown only when the stored HTML is not current (then it is rendered on the fly).
    body: str | None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def body_rendered(self) -> Markup:
        """As `Comment.body_rendered`: the stored HTML when it is current, else rendered now."""
        return stored_markdown(self.body, self.body_html, self.body_html_version)


_html_is_current = and_(
    Comment.body_html.is_not(None), Comment.body_html_version == RENDERER_VERSION
)
# The columns of a ShownComment, in its order.
_SHOWN_COLUMNS = (
    Comment.id,
    Comment.contribution_id,
    Comment.parent_id,
    Comment.author_id,
    Comment.stance,
    Comment.created_at,
    Comment.deleted_at,
    Comment.hidden,
    Comment.body_html,
    Comment.body_html_version,
    case((_html_is_current, None), else_=Comment.body).label("body"),
)
_WIDTH = len(_SHOWN_COLUMNS)


@dataclass
class Thread:
    """One page of top-level comments, each with its replies (oldest first)."""

    comments: list[ShownComment]
    replies: dict[int, list[ShownComment]]
    # How many answers each top-level comment on the page has (shown or not).
    reply_counts: dict[int, int] = field(default_factory=dict)
    authors: dict[int, Author] = field(default_factory=dict)
    badges: dict[int, list] = field(default_factory=dict)
    # The stance summary of the whole thread (not asked for by the "more" fragment).
    stances: Counter = field(default_factory=Counter)
    # The keyset of the next page (the last top-level comment shown), None on the last page.
    next_after: int | None = None
    # False when this page starts somewhere in the thread (a later page, or where a link to
    # one comment lands): the page then offers a way back to the start.
    from_start: bool = True

    def all_comments(self) -> list[ShownComment]:
        return self.comments + [reply for rs in self.replies.values() for reply in rs]


@cache
def _removed_but_answered():
    """A removed top-level comment that live answers hang under; built once per process
    (an alias and its EXISTS took a third of the page's statement building, issue 18)."""
    reply = aliased(Comment, name="live_reply")
    live_reply = exists().where(
        reply.parent_id == Comment.id, reply.hidden.is_(False), reply.deleted_at.is_(None)
    )
    return or_(Comment.deleted_at.is_(None), live_reply)


def _shown_top_level(contribution_id: int):
    """Top-level comments a reader sees: not hidden, and a removed one only while answers
    that are not removed hang under it ("reaction removed")."""
    return (
        Comment.contribution_id == contribution_id,
        Comment.parent_id.is_(None),
        Comment.hidden.is_(False),
        _removed_but_answered(),
    )


def _beyond(comment_id: int, *, newest: bool, inclusive: bool):
    """Comments after (newest: before) comment `comment_id` in thread order; the keyset's
    time is read in the same statement."""
    moment = select(Comment.created_at).where(Comment.id == comment_id).scalar_subquery()
    if newest:
        later_time = Comment.created_at < moment
        same_time = Comment.id <= comment_id if inclusive else Comment.id < comment_id
    else:
        later_time = Comment.created_at > moment
        same_time = Comment.id >= comment_id if inclusive else Comment.id > comment_id
    return or_(later_time, and_(Comment.created_at == moment, same_time))


def thread_page(
    contribution,
    *,
    order: str = "oldest",
    after: int | None = None,
    start_at: int | None = None,
    size: int = THREAD_PAGE_SIZE,
    with_stances: bool = True,
    all_replies_of: int | None = None,
) -> Thread:
    """One page of the thread: from the start, after top-level comment `after` (the next
    page), or from top-level comment `start_at` on (where a link to a comment lands). Each
    top-level comment comes with its first REPLIES_SHOWN answers, comment `all_replies_of`
    with all of them."""
    newest = order == "newest"
    query = select(*_SHOWN_COLUMNS).where(*_shown_top_level(contribution.id))
    if after is not None:
        query = query.where(_beyond(after, newest=newest, inclusive=False))
    elif start_at is not None:
        query = query.where(_beyond(start_at, newest=newest, inclusive=True))
    ordering = (
        (Comment.created_at.desc(), Comment.id.desc())
        if newest
        else (Comment.created_at, Comment.id)
    )
    rows = db.session.execute(_with_author(query.order_by(*ordering).limit(size + 1))).all()
    thread = Thread(
        comments=[ShownComment._make(row[:_WIDTH]) for row in rows[:size]],
        replies={},
        next_after=rows[size - 1][0] if len(rows) > size else None,
        from_start=after is None and start_at is None,
    )
    _keep_authors(thread, rows[:size])
    if thread.comments:
        _add_replies(thread, [c.id for c in thread.comments], all_replies_of)
        thread.badges = badges_of(thread.authors, contribution.neighbourhood)
    if with_stances:
        thread.stances = stances(contribution.id)
    return thread


def _shown_reply():
    return Comment.hidden.is_(False), Comment.deleted_at.is_(None)


def _add_replies(thread: Thread, parent_ids: list[int], all_of: int | None) -> None:
    """The first REPLIES_SHOWN answers of each comment in `parent_ids` (all of comment
    `all_of`) and every one's number of answers: one statement, numbered per comment."""
    numbered = (
        select(
            Comment.id.label("id"),
            func.row_number()
            .over(partition_by=Comment.parent_id, order_by=(Comment.created_at, Comment.id))
            .label("number"),
            func.count().over(partition_by=Comment.parent_id).label("total"),
        )
        .where(Comment.parent_id.in_(parent_ids), *_shown_reply())
        .subquery()
    )
    shown = numbered.c.number <= REPLIES_SHOWN
    if all_of is not None:
        shown = or_(shown, Comment.parent_id == all_of)
    rows = db.session.execute(
        _with_author(
            select(*_SHOWN_COLUMNS, numbered.c.total)
            .join(numbered, numbered.c.id == Comment.id)
            .where(shown)
            .order_by(Comment.created_at, Comment.id)
        )
    ).all()
    replies = thread.replies
    for row in rows:
        reply = ShownComment._make(row[:_WIDTH])
        replies.setdefault(reply.parent_id, []).append(reply)
        thread.reply_counts[reply.parent_id] = row[_WIDTH]
    _keep_authors(thread, rows)


def replies_of(contribution, comment) -> Thread:
    """Every answer to top-level comment `comment` (the "Show all answers" fragment)."""
    thread = Thread(comments=[], replies={comment.id: []})
    _add_replies(thread, [comment.id], comment.id)
    thread.badges = badges_of(thread.authors, contribution.neighbourhood)
    return thread


def _with_author(query):
    """The comments of `query` with their author's id, name and erasure as the last three
    columns, from the same statement; never the author as a User (nor their memberships)."""
    return query.add_columns(User.id, User.display_name, User.erased_at).outerjoin(
        User, User.id == Comment.author_id
    )


def _keep_authors(thread: Thread, rows) -> None:
    authors = thread.authors
    for row in rows:
        user_id, display_name, erased_at = row[-3:]
        if user_id is not None and user_id not in authors:
            authors[user_id] = Author(user_id, display_name, erased_at)


def stances(contribution_id: int) -> Counter:
    """How many comments (and replies) of the whole thread take each stance."""
    return Counter(
        {
            stance.value: count
            for stance, count in db.session.execute(
                select(Comment.stance, func.count())
                .where(
                    Comment.contribution_id == contribution_id,
                    Comment.hidden.is_(False),
                    Comment.deleted_at.is_(None),
                )
                .group_by(Comment.stance)
            )
        }
    )


def landing_start(comment: Comment) -> int | None:
    """Where a link to `comment` lands: None when its top-level comment is on the thread's
    first page (oldest first), else that top-level comment's id (the page starts there).
    Also None for a comment the thread does not show."""
    top_id = comment.parent_id or comment.id
    top = comment if comment.parent_id is None else db.session.get(Comment, top_id)
    if top is None or top.hidden or comment.hidden:
        return None
    before = db.session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(
            *_shown_top_level(top.contribution_id),
            or_(
                Comment.created_at < top.created_at,
                and_(Comment.created_at == top.created_at, Comment.id < top.id),
            ),
        )
    )
    return None if before < THREAD_PAGE_SIZE else top.id
