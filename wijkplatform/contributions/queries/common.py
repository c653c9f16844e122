"""The condition every public list, search and count of contributions uses."""

from __future__ import annotations

from sqlalchemy import false

from wijkplatform.contributions.models import Contribution, ContributionStatus


def visible():
    """The condition every public list, search and count uses. A merged duplicate is left
    out too: its page leads to the contribution it was merged into."""
    # "hidden = false", not "hidden IS false": only an equality lets PostgreSQL use the list
    # indexes (neighbourhood, hidden, sort columns) for both the filter and the order.
    return (Contribution.hidden == false()) & (Contribution.status != ContributionStatus.MERGED)
