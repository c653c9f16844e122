"""Reads about Opgaven used by the pages, the exports and the sections on other pages.
Counts are computed in SQL; every list runs a fixed number of queries."""

from wijkplatform.opgaven.queries.drafts import (  # noqa: F401
    DECISIONS,
    GROUPED,
    TimelineEntry,
    decisions,
    get_opgave,
    get_version,
    grouped_timeline,
    opgaven_of,
    timeline,
    versions,
)
from wijkplatform.opgaven.queries.evidence import (  # noqa: F401
    CANDIDATE_LIMIT,
    SUGGESTION_LIMIT,
    Evidence,
    Suggestions,
    evidence,
    evidence_candidates,
    residents_behind_live,
    suggestions,
    telling_words,
)
from wijkplatform.opgaven.queries.pages import (  # noqa: F401
    NEWS_LIMIT,
    drafts_for_moderator,
    news_for,
    opgaven_for_contribution,
    to_review,
)
from wijkplatform.opgaven.queries.reactions import (  # noqa: F401
    SectionResult,
    own_reactions,
    reaction_comments,
    reaction_results,
    residents_reacted,
)
