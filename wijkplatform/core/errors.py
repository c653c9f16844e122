"""The one domain error, and friendly, translated error pages; a database that cannot be
reached gives a 503.

Services raise `DomainError` when a rule is broken; views hand the call to
`core.commit.commit_or_report`, which turns it into a message beside the form field, a
message on the page or an HTTP status (docs/conventions.md).
"""

from __future__ import annotations

import logging

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from wijkplatform.core.htmx import is_htmx_request
from wijkplatform.core.uploads import too_large_message
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain was broken.

    `message` is translated (a lazy string is fine) and said to the person; `field` names the
    form field it belongs beside, if any; `status` is the HTTP status a view answers with
    when there is no form to show it in (403: not allowed, 404: not there, 409: the state
    changed meanwhile, 422: the input is wrong). A feature may subclass it to carry more
    (an Opgave's stale version), never define its own base.
    """

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


MESSAGES = {
    400: (_l("Something went wrong with your request"),
          _l("We could not understand what was sent. Go back and try again.")),
    403: (_l("You may not do this"),
          _l("Your account does not have permission for this page or action.")),
    404: (_l("Page not found"),
          _l("This page does not exist (any more). Check the address or go to the home page.")),
    405: (_l("This is not possible here"),
          _l("This page cannot be used in this way. Go back and try again.")),
    413: (_l("What you sent is too large"),
          _l("Make the text or file smaller and try again.")),
    429: (_l("Too many attempts"),
          _l("You tried this too often in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"),
          _l("This is not your fault. Try again later. If it keeps happening, let us know.")),
    503: (_l("The platform is not available right now"),
          _l("We cannot reach our database at the moment. Try again in a few minutes. "
             "Nothing you did is lost.")),
}  # fmt: skip


def render_error(code: int, *, message=None, avoid_database: bool = False):
    # A code without its own text (409, 410, …) keeps its status with the general text.
    title, default_message = MESSAGES.get(code) or MESSAGES[400 if code < 500 else 500]
    if avoid_database:
        # The layout asks for the current user, which Flask-Login would load from the
        # database; show the page as to a visitor instead of failing a second time.
        g._login_user = AnonymousUserMixin()
    if is_htmx_request():
        # An htmx click (support, a comment) that fails shows the message where the page
        # shows its other messages, instead of silently doing nothing.
        body = render_template(
            "errors/_error.html", code=code, title=title, message=message or default_message
        )
        return body, code, {"HX-Retarget": "#flash-region", "HX-Reswap": "innerHTML"}
    body = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return body, code


# --- Problem details (RFC 9457) for machine clients ---------------------------------------
#
# A feature that answers machines (the JSON API) names its path prefix here; every error
# under it, also one raised before a view is found (404, 405), is an
# application/problem+json body with the headers HTTP requires (Allow on a 405).


def answer_with_problem_details(app, prefix: str) -> None:
    app.extensions.setdefault("problem_prefixes", set()).add(prefix)


def _wants_problem_details() -> bool:
    from flask import current_app

    prefixes = current_app.extensions.get("problem_prefixes", ())
    return any(request.path.startswith(prefix) for prefix in prefixes)


def problem(status: int, detail: str | None = None, *, headers=None, **extra):
    from flask import json
    from werkzeug.http import HTTP_STATUS_CODES

    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"),
            "status": status}  # fmt: skip
    if detail:
        body["detail"] = str(detail)
    body.update(extra)
    response_headers = {"Content-Type": "application/problem+json"}
    response_headers.update(headers or {})
    return json.dumps(body), status, response_headers


def _problem_for(error: HTTPException):
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return problem(error.code or 500, error.description, headers=headers)


def _handle_http_exception(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if _wants_problem_details():
        return _problem_for(error)
    if error.code == 413:
        # A view that takes files says how large they may be (core/uploads.py).
        return render_error(413, message=too_large_message())
    return render_error(error.code)


def _handle_csrf_error(error: CSRFError):
    logger.info("CSRF check failed on %s: %s", request.path, error.description)
    return render_error(
        400,
        message=_l(
            "This form has expired or was not sent from this site. "
            "Reload the page and send the form again."
        ),
    )


def _handle_database_unavailable(error: Exception):
    logger.error("Database unavailable on %s: %s", request.path, error)
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the session is discarded at teardown
        logger.debug("Rollback after database failure failed too", exc_info=True)
    return render_error(503, avoid_database=True)


def _handle_unexpected(error: Exception):
    logger.exception("Unhandled error on %s", request.path)
    try:
        db.session.rollback()
    except Exception:
        logger.debug("Rollback after unexpected error failed", exc_info=True)
    if _wants_problem_details():
        return problem(500)
    return render_error(500, avoid_database=True)


def init_app(app) -> None:
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    for error_class in (OperationalError, InterfaceError, DisconnectionError):
        app.register_error_handler(error_class, _handle_database_unavailable)
    if not app.config.get("PROPAGATE_EXCEPTIONS") and not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
