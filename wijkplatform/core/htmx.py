"""Helpers for views that answer both htmx and plain requests."""

from __future__ import annotations

from flask import render_template
from flask_htmx import make_response as htmx_response

from wijkplatform.extensions import htmx


def is_htmx_request() -> bool:
    return bool(htmx)


def render_partial(template: str, *, status: int = 200, trigger: str | None = None, **context):
    """Render a partial for an htmx request, with an optional kebab-case event."""
    body = render_template(template, **context)
    # flask_htmx passes positional arguments on to flask.make_response (no `status=`).
    return htmx_response(body, status, trigger=trigger) if trigger else (body, status)
