"""Who did what, in the logs: every service that changes state logs the acting user."""

from __future__ import annotations


def actor_label(user) -> str:
    """ "user 42" for a person, "system" for a change nobody made by hand (auto-hide, a job)."""
    return f"user {user.id}" if user is not None else "system"


# The audit log (moderation_event) has no row for "the command line" as a person: a step
# taken with a `flask` command is stored without an actor and with its reason starting with
# this mark, and shown as done "on the command line" (ModerationEvent.by_command_line).
COMMAND_LINE_MARK = "[command line]"


def command_line_reason(reason: str) -> str:
    return f"{COMMAND_LINE_MARK} {reason}".strip()


def is_command_line_reason(reason: str | None) -> bool:
    return (reason or "").startswith(COMMAND_LINE_MARK)
