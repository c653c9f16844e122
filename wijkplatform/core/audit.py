"""Who did what, in the logs: every service that changes state logs the acting user."""

from __future__ import annotations


def actor_label(user) -> str:
    """ "user 42" for a person, "system" for a change nobody made by hand (auto-hide, a job)."""
    return f"user {user.id}" if user is not None else "system"
