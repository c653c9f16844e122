"""Compressed responses (Flask-Compress), with the static files' handles closed.

Flask-Compress compresses streamed responses (our static files) by swapping the response
body for a generator; the original file is then never closed and leaks until garbage
collection. A hook that runs before Flask-Compress's own (after_request hooks run in reverse
order of registration) closes the original body when the response is closed.
"""

from __future__ import annotations


def _close_original_body(response):
    original = response.response
    if response.is_streamed and hasattr(original, "close"):
        response.call_on_close(original.close)
    return response


def init_app(app) -> None:
    from wijkplatform.extensions import compress

    compress.init_app(app)
    app.after_request(_close_original_body)
