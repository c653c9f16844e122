"""The evidence of an Opgave, the contributions a worker may link, and suggestions from the
draft's own words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Row, false, func, or_, select, union

from wijkplatform.accounts.permissions import counting_residents
from wijkplatform.contributions.models import (
    KIND_LABELS,
    Contribution,
    ContributionCategory,
    ContributionStatus,
    Vote,
)
from wijkplatform.contributions.queries import STOP_WORDS
from wijkplatform.contributions.search import search_clause
from wijkplatform.extensions import db
from wijkplatform.opgaven import backers
from wijkplatform.opgaven.models import (
    EVIDENCE_SECTIONS,
    SECTION_KEYS,
    Opgave,
    OpgaveEvidence,
    OpgaveVersion,
)

SUGGESTION_LIMIT = 6
CANDIDATE_LIMIT = 30

# --- Evidence ------------------------------------------------------------------------


@dataclass
class Evidence:
    """The evidence of one draft, per section, with the people behind it."""

    # Rows of `EVIDENCE_COLUMNS` (row.id is the link's, row.contribution_id the contribution's).
    by_section: dict[str, list[Row]] = field(default_factory=dict)
    residents_behind: int = 0

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.by_section.values())

    @property
    def contribution_ids(self) -> set[int]:
        return {row.contribution_id for rows in self.by_section.values() for row in rows}


# What the pages show of a link and its contribution, read as columns: a draft may hold a
# hundred contributions, and building an ORM object for each link and each contribution was
# a fifth of the Opgave page (issue 18, `make profile`). Their authors, places and subjects
# are not shown.
EVIDENCE_COLUMNS = (
    OpgaveEvidence.id,
    OpgaveEvidence.section,
    OpgaveEvidence.contribution_id,
    Contribution.kind,
    Contribution.title,
    Contribution.status,
    Contribution.hidden,
    Contribution.support_count,
    Contribution.comment_count,
)


def evidence(opgave: Opgave) -> Evidence:
    """Linked contributions per section (live counts from their rows) and the number of
    distinct residents behind them (authors and supporters who count as residents of the
    neighbourhood, accounts.permissions.counting_residents; kept by opgaven.backers):
    two queries."""
    rows = db.session.execute(
        select(*EVIDENCE_COLUMNS)
        .join(Contribution, Contribution.id == OpgaveEvidence.contribution_id)
        .where(OpgaveEvidence.opgave_id == opgave.id)
        .order_by(Contribution.support_count.desc(), Contribution.id)
    ).all()
    result = Evidence(by_section={key: [] for key in EVIDENCE_SECTIONS})
    for row in rows:
        result.by_section.setdefault(row.section, []).append(row)
    # Kept as rows by opgaven.backers; who counts as a resident is asked now.
    result.residents_behind = backers.residents_behind(opgave)
    return result


def residents_behind_live(opgave: Opgave) -> int:
    """The definition of `Evidence.residents_behind`, counted from the votes and the
    contributions themselves: the distinct authors and supporters of the linked
    contributions who count as residents of the neighbourhood. What the page showed until
    issue 18 (75 ms of database time at full size); the tests hold the kept figure to it."""
    linked = select(OpgaveEvidence.contribution_id).where(OpgaveEvidence.opgave_id == opgave.id)
    people = union(
        select(Vote.user_id.label("person")).where(Vote.contribution_id.in_(linked)),
        select(Contribution.author_id.label("person")).where(
            Contribution.id.in_(linked), Contribution.author_id.is_not(None)
        ),
    ).subquery()
    # Anyone may support, but only residents who count stand behind an Opgave.
    return (
        db.session.scalar(
            select(func.count())
            .select_from(people)
            .where(people.c.person.in_(counting_residents(opgave.neighbourhood_id)))
        )
        or 0
    )


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
