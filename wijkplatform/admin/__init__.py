"""The admin area: platform administrators manage people, their roles and blocks without a
terminal (issue 20, item 12). Sits above moderation: it reuses the role services of accounts
and the block service and audit log of moderation."""

from __future__ import annotations


def init_app(app) -> None:
    """Nothing outside the admin pages: the header's link comes with the blueprint
    (`views._provide_admin_link`)."""
