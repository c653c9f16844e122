"""Reads about team designs used by the pages and the start document. Every page runs a
fixed number of queries, whatever the number of linked Opgaven or actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wijkplatform.accounts.models import Membership, Role, User
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
    TeamDesign,
    TeamDesignAction,
    TeamDesignBlockVersion,
    TeamDesignComment,
    TeamDesignOpgave,
)
from wijkplatform.team_design.questions import BLOCKS


def design_for(neighbourhood) -> TeamDesign | None:
    return db.session.scalar(
        select(TeamDesign)
        .options(selectinload(TeamDesign.blocks))
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
    query = select(TeamDesignBlockVersion).where(TeamDesignBlockVersion.design_id == design.id)
    if number is not None:
        query = query.where(TeamDesignBlockVersion.number == number)
    return list(db.session.scalars(query.order_by(TeamDesignBlockVersion.id.desc()).limit(limit)))


def actions(design: TeamDesign) -> list[TeamDesignAction]:
    return list(
        db.session.scalars(
            select(TeamDesignAction)
            .where(TeamDesignAction.design_id == design.id)
            .order_by(TeamDesignAction.due_date, TeamDesignAction.id)
        )
    )


def overdue_count(action_rows, today: date) -> int:
    return sum(1 for action in action_rows if action.is_overdue(today))


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
