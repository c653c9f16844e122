"""Compressed responses (Flask-Compress) that close the files they read.

The NL Design System stylesheet is 400 kB raw and about 32 kB compressed: compression keeps
pages light for residents on slow phone connections.
"""

from __future__ import annotations

from wijkplatform.extensions import compress


def _buffer_file_responses(response):
    # Flask-Compress swaps a file response's body for the compressed bytes without closing
    # the file. Static assets are small: read them here and close the file ourselves.
    if response.direct_passthrough and response.status_code == 200:
        response.direct_passthrough = False
        data = response.get_data()
        response.close()
        response.set_data(data)
    return response


def init_app(app) -> None:
    if not app.config.get("COMPRESS_REGISTER", True):
        return
    compress.init_app(app)
    # after_request handlers run in reverse order: this one runs before compression.
    app.after_request(_buffer_file_responses)
