"""Every change to contributions, votes, comments, follows and links. Flush, never commit.

Services take the acting user as an argument, log who did what, and raise
`DomainError` (a translated message, the form field, an HTTP status for the view).
"""

from wijkplatform.contributions.services.comments import add_comment, delete_comment, edit_comment
from wijkplatform.contributions.services.contributions import (
    create_contribution,
    edit_contribution,
    withdraw_contribution,
)
from wijkplatform.contributions.services.links import link_contributions, unlink_contributions
from wijkplatform.contributions.services.support import set_follow, set_support

__all__ = [
    "add_comment",
    "create_contribution",
    "delete_comment",
    "edit_comment",
    "edit_contribution",
    "link_contributions",
    "set_follow",
    "set_support",
    "unlink_contributions",
    "withdraw_contribution",
]
