"""Reads about Opgaven used by the pages, the exports and the sections on other pages.
Counts are computed in SQL; every list runs a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import false, func, or_, select, union
from sqlalchemy.orm import contains_eager, lazyload, load_only

from wijkplatform.accounts.models import Membership, Role
from wijkplatform.contributions.models import (
    KIND_LABELS,
    Contribution,
    ContributionCategory,
    ContributionStatus,
    Follow,
    Vote,
)
from wijkplatform.contributions.queries import STOP_WORDS
from wijkplatform.contributions.search import search_clause
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.opgaven import workflow
from wijkplatform.opgaven.models import (
    EVIDENCE_SECTIONS,
    REACTION_SECTIONS,
    SECTION_KEYS,
    Answer,
    Opgave,
    OpgaveAction,
    OpgaveEvent,
    OpgaveEvidence,
    OpgaveReaction,
    OpgaveVersion,
)

SUGGESTION_LIMIT = 6
CANDIDATE_LIMIT = 30
NEWS_LIMIT = 10


def get_opgave(opgave_id: int) -> Opgave | None:
    return db.session.get(Opgave, opgave_id)


def get_version(opgave: Opgave, number: int) -> OpgaveVersion | None:
    return db.session.scalar(
        select(OpgaveVersion).where(
            OpgaveVersion.opgave_id == opgave.id, OpgaveVersion.number == number
        )
    )


def versions(opgave: Opgave) -> list[OpgaveVersion]:
    return list(
        db.session.scalars(
            select(OpgaveVersion)
            .where(OpgaveVersion.opgave_id == opgave.id)
            .order_by(OpgaveVersion.number.desc())
        )
    )


def timeline(opgave: Opgave) -> list[OpgaveEvent]:
    return list(
        db.session.scalars(
            select(OpgaveEvent)
            .where(OpgaveEvent.opgave_id == opgave.id)
            .order_by(OpgaveEvent.created_at, OpgaveEvent.id)
        )
    )


@dataclass
class TimelineEntry:
    """One line of the timeline: an event, or a run of links (or unlinks) by one person."""

    event: OpgaveEvent
    details: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return max(1, len(self.details))


GROUPED = (OpgaveAction.EVIDENCE_ADDED, OpgaveAction.EVIDENCE_REMOVED)


def grouped_timeline(events: list[OpgaveEvent]) -> list[TimelineEntry]:
    """Linking forty contributions in one sitting is one line, not forty."""
    entries: list[TimelineEntry] = []
    for event in events:
        last = entries[-1] if entries else None
        if (
            event.action in GROUPED
            and last is not None
            and last.event.action == event.action
            and last.event.actor_id == event.actor_id
        ):
            last.details.append(event.detail or "")
            continue
        entries.append(
            TimelineEntry(event, [event.detail or ""] if event.action in GROUPED else [])
        )
    return entries


DECISIONS = (OpgaveAction.SUBMITTED, OpgaveAction.RETURNED, OpgaveAction.ACCEPTED)


def decisions(opgave: Opgave) -> list[OpgaveEvent]:
    """Submissions to the municipality and its decisions, oldest first."""
    return list(
        db.session.scalars(
            select(OpgaveEvent)
            .where(OpgaveEvent.opgave_id == opgave.id, OpgaveEvent.action.in_(DECISIONS))
            .order_by(OpgaveEvent.created_at, OpgaveEvent.id)
        )
    )


def opgaven_of(neighbourhood, *, include_unpublished: bool) -> list[Opgave]:
    statement = select(Opgave).where(Opgave.neighbourhood_id == neighbourhood.id)
    if not include_unpublished:
        statement = statement.where(Opgave.published_at.is_not(None))
    return list(db.session.scalars(statement.order_by(Opgave.created_at.desc(), Opgave.id.desc())))


# --- Evidence ------------------------------------------------------------------------


@dataclass
class Evidence:
    """The evidence of one draft, per section, with the people behind it."""

    by_section: dict[str, list[OpgaveEvidence]] = field(default_factory=dict)
    residents_behind: int = 0

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.by_section.values())

    @property
    def contribution_ids(self) -> set[int]:
        return {row.contribution_id for rows in self.by_section.values() for row in rows}


def evidence(opgave: Opgave) -> Evidence:
    """Linked contributions per section (live counts from their rows) and the number of
    distinct residents behind them (authors and supporters): two queries."""
    # Only the columns the pages show, in the same join that orders them: a draft may hold
    # a hundred contributions, and their authors, places and subjects are not shown here.
    rows = db.session.scalars(
        select(OpgaveEvidence)
        .join(OpgaveEvidence.contribution)
        .options(
            contains_eager(OpgaveEvidence.contribution).options(
                load_only(
                    Contribution.id,
                    Contribution.kind,
                    Contribution.title,
                    Contribution.status,
                    Contribution.hidden,
                    Contribution.support_count,
                    Contribution.comment_count,
                ),
                lazyload(Contribution.neighbourhood),
                lazyload(Contribution.author),
                lazyload(Contribution.organisation),
                lazyload(Contribution.category_rows),
            )
        )
        .where(OpgaveEvidence.opgave_id == opgave.id)
        .order_by(Contribution.support_count.desc(), Contribution.id)
    ).all()
    result = Evidence(by_section={key: [] for key in EVIDENCE_SECTIONS})
    for row in rows:
        result.by_section.setdefault(row.section, []).append(row)
    linked = select(OpgaveEvidence.contribution_id).where(OpgaveEvidence.opgave_id == opgave.id)
    people = union(
        select(Vote.user_id.label("person")).where(Vote.contribution_id.in_(linked)),
        select(Contribution.author_id.label("person")).where(
            Contribution.id.in_(linked), Contribution.author_id.is_not(None)
        ),
    ).subquery()
    result.residents_behind = db.session.scalar(select(func.count()).select_from(people)) or 0
    return result


def _usable():
    return (
        (Contribution.hidden == false())
        & (Contribution.status != ContributionStatus.MERGED)
        & (Contribution.withdrawn_at.is_(None))
    )


def evidence_candidates(opgave: Opgave, *, q: str = "", kind: str = "") -> list[Contribution]:
    """Contributions of the neighbourhood that could be linked, most supported first."""
    linked = select(OpgaveEvidence.contribution_id).where(OpgaveEvidence.opgave_id == opgave.id)
    statement = select(Contribution).where(
        Contribution.neighbourhood_id == opgave.neighbourhood_id,
        _usable(),
        Contribution.id.not_in(linked),
    )
    if kind in KIND_LABELS:  # anything else in the URL is ignored, not looked up
        statement = statement.where(Contribution.kind == kind)
    clause = search_clause(q)
    if clause is not None:
        statement = statement.where(clause)
    return list(
        db.session.scalars(
            statement.order_by(Contribution.support_count.desc(), Contribution.id.desc()).limit(
                CANDIDATE_LIMIT
            )
        ).unique()
    )


def telling_words(texts, limit: int = 12) -> str:
    """The most frequent words of 5+ letters in the draft, for a related-words search."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word in text.lower().split():
            word = word.strip(".,;:!?()[]\"'*#-_")
            if len(word) >= 5 and word.isalpha() and word not in STOP_WORDS:
                counts[word] += 1
    return " ".join(word for word, _ in counts.most_common(limit))


@dataclass
class Suggestions:
    related: list[Contribution]
    popular_unused: list[Contribution]


def suggestions(opgave: Opgave, version: OpgaveVersion | None) -> Suggestions:
    """Unlinked contributions that look related (same subjects as the evidence, or words of
    the draft), and well-supported ones that no Opgave uses yet: three queries."""
    linked = select(OpgaveEvidence.contribution_id).where(OpgaveEvidence.opgave_id == opgave.id)
    base = select(Contribution).where(
        Contribution.neighbourhood_id == opgave.neighbourhood_id,
        _usable(),
        Contribution.id.not_in(linked),
    )
    same_subject = Contribution.id.in_(
        select(ContributionCategory.contribution_id).where(
            ContributionCategory.category.in_(
                select(ContributionCategory.category).where(
                    ContributionCategory.contribution_id.in_(linked)
                )
            )
        )
    )
    words = telling_words(version.text_of(key) for key in SECTION_KEYS) if version else ""
    word_match = search_clause(words, any_word=True) if words else None
    related_condition = or_(same_subject, word_match) if word_match is not None else same_subject
    related = list(
        db.session.scalars(
            base.where(related_condition)
            .order_by(Contribution.support_count.desc(), Contribution.id.desc())
            .limit(SUGGESTION_LIMIT)
        ).unique()
    )
    used_anywhere = select(OpgaveEvidence.contribution_id)
    shown = [c.id for c in related]
    popular = list(
        db.session.scalars(
            base.where(
                Contribution.id.not_in(used_anywhere),
                Contribution.id.not_in(shown),
                Contribution.support_count > 0,
            )
            .order_by(Contribution.support_count.desc(), Contribution.id.desc())
            .limit(SUGGESTION_LIMIT)
        ).unique()
    )
    return Suggestions(related, popular)


# --- Reactions -----------------------------------------------------------------------


@dataclass
class SectionResult:
    section: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str) -> int:
        """Percentage, rounded to a bar step of 5."""
        if not self.total:
            return 0
        return round(self.counts[answer] * 100 / self.total / 5) * 5


def reaction_results(opgave: Opgave) -> list[SectionResult]:
    rows = db.session.execute(
        select(OpgaveReaction.section, OpgaveReaction.answer, func.count(OpgaveReaction.id))
        .where(OpgaveReaction.opgave_id == opgave.id)
        .group_by(OpgaveReaction.section, OpgaveReaction.answer)
    ).all()
    results = {
        section: SectionResult(section, {a.value: 0 for a in Answer})
        for section in REACTION_SECTIONS
    }
    for section, answer, number in rows:
        if section in results:
            results[section].counts[Answer(answer).value] = number
    return list(results.values())


def residents_reacted(opgave: Opgave) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(OpgaveReaction.user_id))).where(
                OpgaveReaction.opgave_id == opgave.id
            )
        )
        or 0
    )


def reaction_comments(opgave: Opgave) -> dict[str, list[OpgaveReaction]]:
    comments: dict[str, list[OpgaveReaction]] = {}
    for reaction in db.session.scalars(
        select(OpgaveReaction)
        .where(OpgaveReaction.opgave_id == opgave.id, OpgaveReaction.comment != "")
        .order_by(OpgaveReaction.updated_at)
    ):
        comments.setdefault(reaction.section, []).append(reaction)
    return comments


def own_reactions(user, opgave: Opgave) -> dict[str, OpgaveReaction]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        reaction.section: reaction
        for reaction in db.session.scalars(
            select(OpgaveReaction).where(
                OpgaveReaction.opgave_id == opgave.id, OpgaveReaction.user_id == user.id
            )
        )
    }


# --- Other pages ---------------------------------------------------------------------


def opgaven_for_contribution(contribution, *, include_unpublished: bool):
    """The Opgaven a contribution is evidence for: (opgave, section) pairs."""
    statement = (
        select(Opgave, OpgaveEvidence.section)
        .join(OpgaveEvidence, OpgaveEvidence.opgave_id == Opgave.id)
        .where(OpgaveEvidence.contribution_id == contribution.id)
    )
    if not include_unpublished:
        statement = statement.where(Opgave.published_at.is_not(None))
    return db.session.execute(statement.order_by(Opgave.created_at.desc())).unique().all()


def news_for(user) -> list:
    """Recent links of the user's own or followed contributions to published Opgaven:
    (contribution, opgave, section, when) rows, newest first."""
    mine = select(Contribution.id).where(Contribution.author_id == user.id)
    followed = select(Follow.contribution_id).where(Follow.user_id == user.id)
    return (
        db.session.execute(
            select(Contribution, Opgave, OpgaveEvidence.section, OpgaveEvidence.created_at)
            .join(OpgaveEvidence, OpgaveEvidence.contribution_id == Contribution.id)
            .join(Opgave, Opgave.id == OpgaveEvidence.opgave_id)
            .where(
                Opgave.published_at.is_not(None),
                or_(Contribution.id.in_(mine), Contribution.id.in_(followed)),
            )
            .order_by(OpgaveEvidence.created_at.desc())
            .limit(NEWS_LIMIT)
        )
        .unique()
        .all()
    )


def to_review(user) -> list[Opgave]:
    """Opgaven waiting for a decision in the municipalities the user reviews for."""
    municipalities = select(Membership.municipality_id).where(
        Membership.user_id == user.id, Membership.role == Role.REVIEWER
    )
    return list(
        db.session.scalars(
            select(Opgave)
            .join(Neighbourhood, Neighbourhood.id == Opgave.neighbourhood_id)
            .where(
                Opgave.status.in_(workflow.waiting_for(workflow.Actor.REVIEWER)),
                Neighbourhood.municipality_id.in_(municipalities),
            )
            .order_by(Opgave.updated_at)
        )
    )


def drafts_for_moderator(user) -> list[Opgave]:
    neighbourhoods = select(Membership.neighbourhood_id).where(
        Membership.user_id == user.id, Membership.role == Role.MODERATOR
    )
    return list(
        db.session.scalars(
            select(Opgave)
            .where(
                Opgave.neighbourhood_id.in_(neighbourhoods),
                Opgave.status.not_in(workflow.FINAL),
            )
            .order_by(Opgave.updated_at.desc())
        )
    )
