"""Signed one-click unsubscribe links: they work without logging in, for one person and
one kind of notification (or all), and keep working (a mail may be opened months later)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from wijkplatform.core.urls import public_url
from wijkplatform.notifications.models import NotificationKind

_SALT = "notifications-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def token_for(user_id: int, kind: NotificationKind | None) -> str:
    return _serializer().dumps([user_id, kind.value if kind else None])


def url_for_token(user_id: int, kind: NotificationKind | None) -> str:
    return public_url("notifications.unsubscribe", token=token_for(user_id, kind))


def read(token: str) -> tuple[int, NotificationKind | None] | None:
    """(user id, kind or None for all), or None for a token that is not ours."""
    try:
        user_id, kind = _serializer().loads(token)
        return int(user_id), (NotificationKind(kind) if kind else None)
    except (BadSignature, ValueError, TypeError):
        return None
