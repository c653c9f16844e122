"""Reads of contributions used by pages. Each runs a fixed number of queries whatever the
number of rows.

- `lists`: lists with filters, search, sort and pages of cards;
- `detail`: one contribution and what its page shows around it (links, similar ones; its
  thread of comments is contributions/thread.py);
- `personal`: what one person supports and follows, their own overview, and how many
  residents support each contribution;
- `common`: `visible()`, the condition every public list, search and count uses.

Import from the package (`from wijkplatform.contributions import queries`); the modules are
how it is organised, not part of the interface.
"""

from wijkplatform.contributions.queries.common import (  # noqa: F401
    visible,
)
from wijkplatform.contributions.queries.detail import (  # noqa: F401
    SIMILAR_LIMIT,
    STOP_WORDS,
    Links,
    get_contribution,
    linkable_issues,
    links,
    similar_contributions,
)
from wijkplatform.contributions.queries.lists import (  # noqa: F401
    PAGE_SIZE,
    SORTS,
    Card,
    CardNeighbourhood,
    CardOrganisation,
    CardPhoto,
    ListFilters,
    Page,
    list_contributions,
)
from wijkplatform.contributions.queries.personal import (  # noqa: F401
    has_supported,
    is_following,
    resident_support_counts,
    supported_ids,
    user_overview,
)
