"""Security headers on every response, HSTS over HTTPS, trust in a reverse proxy, and no
NUL bytes in input.

The Content-Security-Policy allows scripts and styles from this site only: no inline
scripts, no `on…=` handlers, no inline styles. htmx is configured (in base.html) not to
inject its own indicator styles so it works under this policy.
"""

from __future__ import annotations

from flask import abort, current_app, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from wijkplatform.core.permissions import is_static_request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
    max_age = current_app.config.get("HSTS_MAX_AGE", 0)
    if request.is_secure and max_age:
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}; includeSubDomains")
    if not is_static_request() and "_user_id" in session:
        # Pages for a logged-in user hold personal data: no shared or back-button cache.
        headers.setdefault("Cache-Control", "no-store")
    return response


def _refuse_nul_bytes():
    """No person types a NUL byte; PostgreSQL cannot store one in text. A request that carries
    one in a form field or query parameter gets the "could not understand" page (400)."""
    if "\x00" in request.path:
        abort(404)  # no page has such an address
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)


def init_app(app) -> None:
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.before_request(_refuse_nul_bytes)
    app.after_request(_set_headers)
