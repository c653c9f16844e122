"""How large a request may be: one limit for the site, a larger one for a view that takes
files.

MAX_CONTENT_LENGTH (5 MB) bounds every request. A view that takes larger files says so
with `@accepts_uploads(max_bytes, too_large_message)`. The request class reads that limit
when the body is parsed, which is before any hook could change it: the NUL-byte check
(`core/security.py`) and the CSRF check read the form before the view runs. A body past
the limit gets the 413 page with the view's message, so the page says what the limit is.
"""

from __future__ import annotations

import flask
from flask import current_app, request

# Besides the file, a multipart body carries boundaries, headers and the other fields.
ENVELOPE_BYTES = 64 * 1024


def accepts_uploads(max_file_bytes, too_large_message):
    """Let this view take a file of up to `max_file_bytes`; `too_large_message` (a lazy
    string that states the limit) is shown when a request is larger. Either may be a
    function without arguments, called during the request, for a limit from the settings."""

    def mark(view):
        view.max_upload_bytes = max_file_bytes
        view.too_large_message = too_large_message
        return view

    return mark


def _view_of(req):
    rule = req.url_rule
    return current_app.view_functions.get(rule.endpoint) if rule is not None else None


class Request(flask.Request):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if current_app:
            file_limit = getattr(_view_of(self), "max_upload_bytes", None)
            if callable(file_limit):
                file_limit = file_limit()
            if file_limit is not None:
                return file_limit + ENVELOPE_BYTES
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def too_large_message():
    """What the 413 page says for this request: the view's own message, or None."""
    message = getattr(_view_of(request), "too_large_message", None)
    return message() if callable(message) else message


def init_app(app) -> None:
    app.request_class = Request
