"""Reads for the municipal review page, the exports and the API. Each reads the
pre-aggregated figures (review/models.py) or a bounded number of contribution rows, with a
fixed number of queries whatever the number of neighbourhoods, weeks or supports.

- figures: per neighbourhood, totals and the chain at a glance
- participation: over time and per category, and the categories' priorities
- contributions: the top and the fairly ranked contributions
- opgaven: drafts waiting for a decision and the reactions to them
- who: who takes part, compared with the area profile
"""

from wijkplatform.review.queries.contributions import (
    FAIR_CANDIDATES_PER_NEIGHBOURHOOD,
    TOP_LIMIT,
    FairLine,
    RankedContribution,
    fair_ranking,
    fair_ranking_lines,
    top_contributions,
)
from wijkplatform.review.queries.figures import (
    COUNTERS,
    NeighbourhoodFigures,
    latest_inhabitants,
    neighbourhoods_of,
    overview,
)
from wijkplatform.review.queries.opgaven import draft_reactions, drafts_waiting
from wijkplatform.review.queries.participation import (
    DEFAULT_WEEKS,
    WEEK_CHOICES,
    CategoryPriority,
    Week,
    categories_by_neighbourhood,
    category_priorities,
    weekly,
)
from wijkplatform.review.queries.who import (
    AGE_KEYS,
    MIN_GROUP,
    GroupRow,
    WhoTakesPart,
    who_takes_part,
)

__all__ = [
    "AGE_KEYS",
    "COUNTERS",
    "DEFAULT_WEEKS",
    "FAIR_CANDIDATES_PER_NEIGHBOURHOOD",
    "MIN_GROUP",
    "TOP_LIMIT",
    "WEEK_CHOICES",
    "CategoryPriority",
    "FairLine",
    "GroupRow",
    "NeighbourhoodFigures",
    "RankedContribution",
    "Week",
    "WhoTakesPart",
    "categories_by_neighbourhood",
    "category_priorities",
    "draft_reactions",
    "drafts_waiting",
    "fair_ranking",
    "fair_ranking_lines",
    "latest_inhabitants",
    "neighbourhoods_of",
    "overview",
    "top_contributions",
    "weekly",
    "who_takes_part",
]
