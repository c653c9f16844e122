"""Reads about team designs used by the pages and the start document. Every page runs a
fixed number of queries, whatever the number of linked Opgaven or actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from wijkplatform.accounts.models import Membership, Role, User
from wijkplatform.contributions.thread import Author
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import (
    FOCUS,
    GOALS,
    Opgave,
    OpgaveEvidence,
    OpgaveStatus,
    OpgaveVersion,
)
from wijkplatform.team_design.hints import Facts
from wijkplatform.team_design.models import (
    OPEN_ACTION_STATUSES,
    TeamDesign,
    TeamDesignAction,
    TeamDesignBlock,
    TeamDesignBlockVersion,
    TeamDesignComment,
    TeamDesignOpgave,
)
from wijkplatform.team_design.questions import BLOCKS


@cache
def _name_only(relationship):
    """Load a person shown by name only (joined, as the relationship says) without the
    memberships a User otherwise brings along in one more query (issue 18). Made once per
    relationship and process: loader options do not change, and building them took 0.3 ms
    of each worksheet request (fifth round)."""
    return joinedload(relationship).lazyload(User.memberships)


def design_for(neighbourhood) -> TeamDesign | None:
    return db.session.scalar(
        select(TeamDesign)
        .options(
            selectinload(TeamDesign.blocks)
            .joinedload(TeamDesignBlock.updated_by)
            .lazyload(User.memberships)
        )
        .where(TeamDesign.neighbourhood_id == neighbourhood.id)
    )


def is_published(neighbourhood) -> bool:
    """Whether the neighbourhood's team design is public: one query, for other pages."""
    return (
        db.session.scalar(
            select(TeamDesign.id).where(
                TeamDesign.neighbourhood_id == neighbourhood.id,
                TeamDesign.published_at.is_not(None),
            )
        )
        is not None
    )


@dataclass(frozen=True)
class Linked:
    link: TeamDesignOpgave
    opgave: Opgave
    version: OpgaveVersion | None
    evidence_count: int

    @property
    def changed(self) -> bool:
        return self.link.changed_at is not None

    @property
    def change(self) -> tuple[str, str]:
        """What changed, from the note the Opgave's event left: ("status", the new status)
        or ("version", the new version number); ("", "") when nothing is known."""
        kind, _sep, value = (self.link.changed_note or "").partition(":")
        return kind, value


def linked_opgaven(design: TeamDesign) -> list[Linked]:
    """The linked Opgaven with their latest version and evidence count: three queries."""
    links = db.session.scalars(
        select(TeamDesignOpgave)
        .where(TeamDesignOpgave.design_id == design.id)
        .order_by(TeamDesignOpgave.linked_at, TeamDesignOpgave.id)
    ).all()
    if not links:
        return []
    ids = [link.opgave_id for link in links]
    versions = {
        v.opgave_id: v
        for v in db.session.scalars(
            select(OpgaveVersion)
            .options(_name_only(OpgaveVersion.author))
            .join(Opgave, Opgave.id == OpgaveVersion.opgave_id)
            .where(OpgaveVersion.opgave_id.in_(ids), OpgaveVersion.number == Opgave.current_version)
        )
    }
    counts = dict(
        db.session.execute(
            select(OpgaveEvidence.opgave_id, func.count())
            .where(OpgaveEvidence.opgave_id.in_(ids))
            .group_by(OpgaveEvidence.opgave_id)
        ).all()
    )
    return [
        Linked(link, link.opgave, versions.get(link.opgave_id), counts.get(link.opgave_id, 0))
        for link in links
    ]


def linkable_opgaven(design: TeamDesign) -> list[Opgave]:
    """Accepted Opgaven of the design's neighbourhood that are not linked yet."""
    linked = select(TeamDesignOpgave.opgave_id).where(TeamDesignOpgave.design_id == design.id)
    return list(
        db.session.scalars(
            select(Opgave)
            .where(
                Opgave.neighbourhood_id == design.neighbourhood_id,
                Opgave.status == OpgaveStatus.ACCEPTED,
                Opgave.id.not_in(linked),
            )
            .order_by(Opgave.id)
        )
    )


def opgave_choices(linked: list[Linked]) -> dict[str, list[str]]:
    """Block 1's goals and focus: those of the linked Opgaven, in the instrument's order."""
    goals, focus = set(), set()
    for item in linked:
        if item.version is not None:
            goals.update(item.version.goal_keys)
            focus.update(item.version.focus_keys)
    return {"goals": [k for k in GOALS if k in goals], "focus": [k for k in FOCUS if k in focus]}


def facts_of(design: TeamDesign, linked: list[Linked]) -> Facts:
    """What the consistency rules read, from the blocks and the linked Opgaven."""
    return facts_from(
        {block.number: block for block in design.blocks},
        [item.version for item in linked if item.version is not None],
    )


def facts_from(blocks: dict, versions: list[OpgaveVersion]) -> Facts:
    """The same facts from a design's blocks (number -> block; a missing block is empty)
    and the current versions of its linked Opgaven, for callers that load these for many
    designs at once (the municipal review)."""

    def answers(number: int) -> dict:
        block = blocks.get(number)
        return dict(block.answers or {}) if block is not None else {}

    def chosen(number: int, key: str) -> list[str]:
        block = blocks.get(number)
        return block.chosen(key) if block is not None else []

    goals = {key for version in versions for key in version.goal_keys}
    opgave_texts = " ".join(version.task for version in versions)
    return Facts(
        goals=frozenset(goals),
        texts=" ".join([opgave_texts, *answers(1).values()]),
        team_form=_single(chosen(2, "team_form")),
        breadth=frozenset(chosen(3, "breadth")),
        setup=_single(chosen(3, "setup")),
        cases=_single(chosen(3, "cases")),
        principles=frozenset(chosen(4, "principles")),
        leadership=_single(chosen(5, "leadership")),
        mandate=_single(chosen(5, "mandate")),
        governance=answers(5),
        competences=frozenset(chosen(6, "competences")),
    )


def _single(keys: list[str]) -> str | None:
    return keys[0] if keys else None


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def open(self) -> int:
        return self.total - self.answered

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def progress(design: TeamDesign, linked: list[Linked]) -> dict[int, Progress]:
    """Per block: answered and open items (questions, choice lists, participation level)."""
    from_opgave = opgave_choices(linked)
    result = {}
    for spec in BLOCKS:
        row = design.block(spec.number)
        answered = sum(1 for q in spec.questions if row.answer(q.key))
        answered += sum(
            1
            for c in spec.choices
            if (from_opgave.get(c.key) if c.from_opgave else row.chosen(c.key))
        )
        answered += row.participation is not None
        result[spec.number] = Progress(answered, len(spec.questions) + len(spec.choices) + 1)
    return result


def overall(progress_by_block: dict[int, Progress]) -> Progress:
    return Progress(
        sum(p.answered for p in progress_by_block.values()),
        sum(p.total for p in progress_by_block.values()),
    )


def history(design: TeamDesign, number: int | None = None, limit: int = 20):
    query = (
        select(TeamDesignBlockVersion)
        .options(_name_only(TeamDesignBlockVersion.author))
        .where(TeamDesignBlockVersion.design_id == design.id)
    )
    if number is not None:
        query = query.where(TeamDesignBlockVersion.number == number)
    return list(db.session.scalars(query.order_by(TeamDesignBlockVersion.id.desc()).limit(limit)))


def actions(design: TeamDesign) -> list[TeamDesignAction]:
    return list(
        db.session.scalars(
            select(TeamDesignAction)
            .options(_name_only(TeamDesignAction.owner))
            .where(TeamDesignAction.design_id == design.id)
            .order_by(TeamDesignAction.due_date, TeamDesignAction.id)
        )
    )


def overdue_count(action_rows, today: date) -> int:
    return sum(1 for action in action_rows if action.is_overdue(today))


def action_counts(design: TeamDesign, today: date) -> tuple[int, int]:
    """(actions, overdue actions) of the plan in one query, for the worksheet, which shows
    only these two figures (TeamDesignAction.is_overdue in SQL)."""
    overdue = TeamDesignAction.status.in_(list(OPEN_ACTION_STATUSES)) & (
        TeamDesignAction.due_date < today
    )
    total, late = db.session.execute(
        select(func.count(), func.count(case((overdue, 1)))).where(
            TeamDesignAction.design_id == design.id
        )
    ).one()
    return total, late


def _works_on_the_design(neighbourhood):
    """Who may own a plan action: an active neighbourhood worker of the neighbourhood or a
    reviewer of its municipality (the people who write the design). Plain residents and
    workers of other neighbourhoods do not."""
    return User.active.is_(True) & (
        ((Membership.role == Role.MODERATOR) & (Membership.neighbourhood_id == neighbourhood.id))
        | (
            (Membership.role == Role.REVIEWER)
            & (Membership.municipality_id == neighbourhood.municipality_id)
        )
    )


def possible_owners(design: TeamDesign) -> list[User]:
    """The plan form's owner choices; `is_possible_owner` is the same rule for one person."""
    return list(
        db.session.scalars(
            select(User)
            .options(lazyload(User.memberships))
            .join(Membership, Membership.user_id == User.id)
            .where(_works_on_the_design(design.neighbourhood))
            .distinct()
            .order_by(User.display_name, User.id)
        )
    )


def is_possible_owner(design: TeamDesign, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(Membership.user_id == user_id, _works_on_the_design(design.neighbourhood))
            .limit(1)
        )
        is not None
    )


def comments_by_block(design: TeamDesign, *, include_hidden: bool = False) -> dict[int, list]:
    query = select(TeamDesignComment).where(TeamDesignComment.design_id == design.id)
    if not include_hidden:
        query = query.where(TeamDesignComment.hidden.is_(False))
    result: dict[int, list] = {spec.number: [] for spec in BLOCKS}
    for comment in db.session.scalars(query.order_by(TeamDesignComment.id)):
        result.setdefault(comment.block, []).append(comment)
    return result


# Comments shown per block on the public page; "Show more comments" adds the next ones
# (issue 18: the page rendered every comment of every block).
COMMENTS_PAGE_SIZE = 10


class ShownDesignComment(NamedTuple):
    """A comment as the design page shows it: the columns it needs, not an ORM object
    (issue 18, fifth round: making ~60 objects a page was a sixth of its Python time)."""

    id: int
    block: int
    author_id: int | None
    created_at: datetime
    hidden: bool
    hidden_reason: str | None
    body: str


# The columns of a ShownDesignComment, in its order.
_SHOWN_COLUMNS = (
    TeamDesignComment.id,
    TeamDesignComment.block,
    TeamDesignComment.author_id,
    TeamDesignComment.created_at,
    TeamDesignComment.hidden,
    TeamDesignComment.hidden_reason,
    TeamDesignComment.body,
)
_WIDTH = len(_SHOWN_COLUMNS)


@dataclass
class BlockComments:
    """One page of one block's comments (oldest first) and how many the block has."""

    comments: list[ShownDesignComment] = field(default_factory=list)
    total: int = 0
    # The keyset of the next page (the last comment shown), None on the block's last page.
    next_after: int | None = None
    # False when the page starts after some of the block's comments (`after`).
    from_start: bool = True


@dataclass
class DesignComments:
    blocks: dict[int, BlockComments]
    # The authors' id, name and erasure (never the User with its memberships).
    authors: dict[int, Author] = field(default_factory=dict)


def _comment_filter(design: TeamDesign, include_hidden: bool):
    where = [TeamDesignComment.design_id == design.id]
    if not include_hidden:
        where.append(TeamDesignComment.hidden.is_(False))
    return where


def _with_author(query):
    return query.add_columns(User.id, User.display_name, User.erased_at).outerjoin(
        User, User.id == TeamDesignComment.author_id
    )


def design_comments(
    design: TeamDesign,
    *,
    include_hidden: bool = False,
    after: tuple[int, int] | None = None,
    size: int = COMMENTS_PAGE_SIZE,
) -> DesignComments:
    """The first `size` comments of every block with each block's count, in one query
    (numbered per block in SQL), whatever the number of comments. `after` = (block,
    comment id) starts that block's page after that comment (the "more" link without
    JavaScript)."""
    where = _comment_filter(design, include_hidden)
    if after is not None:
        # The counts are of every comment; the numbering starts after the keyset.
        block, after_id = after
        skip = (TeamDesignComment.block == block) & (TeamDesignComment.id <= after_id)
        counted = case((skip, None), else_=TeamDesignComment.id)
    else:
        counted = TeamDesignComment.id
    numbered = (
        select(
            TeamDesignComment.id.label("id"),
            func.count(counted)
            .over(partition_by=TeamDesignComment.block, order_by=TeamDesignComment.id)
            .label("number"),
            func.count().over(partition_by=TeamDesignComment.block).label("total"),
        )
        .where(*where)
        .subquery()
    )
    query = (
        select(*_SHOWN_COLUMNS, numbered.c.total, numbered.c.number)
        .join(numbered, numbered.c.id == TeamDesignComment.id)
        .where(numbered.c.number.between(1, size + 1))
    )
    if after is not None:
        query = query.where(~skip)
    rows = db.session.execute(
        _with_author(query.order_by(TeamDesignComment.block, TeamDesignComment.id))
    ).all()
    found = DesignComments(blocks={spec.number: BlockComments() for spec in BLOCKS})
    for row in rows:
        comment = ShownDesignComment._make(row[:_WIDTH])
        total, number, user_id, name, erased_at = row[_WIDTH:]
        page = found.blocks.setdefault(comment.block, BlockComments())
        page.total = total
        if number > size:  # the one past the page: there is a next page
            page.next_after = page.comments[-1].id
            continue
        page.comments.append(comment)
        if user_id is not None:
            found.authors[user_id] = Author(user_id, name, erased_at)
    if after is not None:
        found.blocks[after[0]].from_start = False
    return found


def more_design_comments(
    design: TeamDesign,
    block: int,
    after: int,
    *,
    include_hidden: bool = False,
    size: int = COMMENTS_PAGE_SIZE,
) -> DesignComments:
    """The page of block `block`'s comments after comment `after` (one query)."""
    rows = db.session.execute(
        _with_author(
            select(*_SHOWN_COLUMNS)
            .where(
                *_comment_filter(design, include_hidden),
                TeamDesignComment.block == block,
                TeamDesignComment.id > after,
            )
            .order_by(TeamDesignComment.id)
            .limit(size + 1)
        )
    ).all()
    page = BlockComments(
        comments=[ShownDesignComment._make(row[:_WIDTH]) for row in rows[:size]],
        next_after=rows[size - 1][0] if len(rows) > size else None,
        from_start=False,
    )
    found = DesignComments(blocks={block: page})
    for row in rows[:size]:
        user_id, name, erased_at = row[_WIDTH:]
        if user_id is not None:
            found.authors[user_id] = Author(user_id, name, erased_at)
    return found
