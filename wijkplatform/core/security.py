"""Security headers on every response, HSTS over HTTPS, trust in a reverse proxy, only the
site's own host names, and no NUL bytes in input.

The Content-Security-Policy allows scripts and styles from this site only: no inline
scripts, no `on…=` handlers, no inline styles. htmx is configured (in base.html) not to
inject its own indicator styles so it works under this policy.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import abort, current_app, request, session
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import get_host

from wijkplatform.core.permissions import current_view_has, is_static_request

logger = logging.getLogger(__name__)

# The WSGI environ key that carries the refused host from the middleware to the app.
UNTRUSTED_HOST = "wijkplatform.untrusted_host"

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


class _TrustedHostsOnly:
    """WSGI middleware: a request for a host not in TRUSTED_HOSTS reaches the app marked, and
    with the public host in its place, so nothing (a redirect, a link, a cached API answer)
    can be built from the foreign name, while the app still renders its translated 400 page.

    Flask's own check of TRUSTED_HOSTS (Flask 3.1) raises while the request context is being
    made, before there is a URL adapter: our error page could not be rendered (a 500), and
    the before_request hooks would still run for the foreign host."""

    def __init__(self, wsgi_app, trusted_hosts: list[str], public_host: str):
        self.wsgi_app = wsgi_app
        self.trusted_hosts = trusted_hosts
        self.public_host = public_host

    def __call__(self, environ, start_response):
        if "HTTP_HOST" in environ:
            # Host names are case-insensitive; werkzeug compares them as typed.
            environ["HTTP_HOST"] = environ["HTTP_HOST"].lower()
        try:
            get_host(environ, self.trusted_hosts)
        except SecurityError:
            environ[UNTRUSTED_HOST] = environ.get("HTTP_HOST", "")
            environ["HTTP_HOST"] = self.public_host
        return self.wsgi_app(environ, start_response)


def answers_any_host(view):
    """For the health checks: a load balancer asks for them by IP address, and they build
    no address from the host."""
    view.answers_any_host = True
    return view


def _refuse_untrusted_host():
    if UNTRUSTED_HOST not in request.environ or current_view_has("answers_any_host"):
        return
    logger.info("request for untrusted host %r refused", request.environ[UNTRUSTED_HOST][:100])
    abort(400)


def trusted_hosts(config) -> list[str]:
    """TRUSTED_HOSTS plus the host of PUBLIC_URL, which is always the site's own."""
    hosts = config.get("TRUSTED_HOSTS") or []
    if isinstance(hosts, str):
        hosts = hosts.split(",")
    hosts = [host.strip().lower() for host in hosts if host.strip()]
    public_host = urlsplit(config.get("PUBLIC_URL", "")).hostname
    if public_host and public_host not in hosts:
        hosts.append(public_host)
    return hosts


def init_app(app) -> None:
    hosts = trusted_hosts(app.config)
    # Flask checks request.host against the same list: a second line behind the middleware.
    app.config["TRUSTED_HOSTS"] = hosts or None
    if hosts:
        public_host = urlsplit(app.config["PUBLIC_URL"]).netloc or hosts[0]
        app.wsgi_app = _TrustedHostsOnly(app.wsgi_app, hosts, public_host)
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        # Outside the host check, so with a proxy it is X-Forwarded-Host that is checked.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    # First of all hooks (the rate limiter registered its own earlier): nothing else runs
    # for a foreign host.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_untrusted_host)
    app.before_request(_refuse_nul_bytes)
    app.after_request(_set_headers)
