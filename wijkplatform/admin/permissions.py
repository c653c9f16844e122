"""Who may use the admin area: platform administrators only."""

from __future__ import annotations

from wijkplatform.accounts.permissions import is_admin


def can_administer(user) -> bool:
    """See people, give and take roles, block and unblock, from /admin/."""
    return user is not None and getattr(user, "is_authenticated", False) and is_admin(user)
