"""Security headers on every response, HSTS over HTTPS, trust in a reverse proxy, only the
site's own host names, no NUL bytes in input, and no session cookie for a visitor until
something is stored in it.

The Content-Security-Policy allows scripts and styles from this site only: no inline
scripts, no `on…=` handlers, no inline styles. htmx is configured (in base.html) not to
inject its own indicator styles so it works under this policy.
"""

from __future__ import annotations

import logging
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import CSRFError, same_origin
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import get_host

from wijkplatform.core.permissions import current_view_has, is_static_request
from wijkplatform.extensions import csrf

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


# --- CSRF without a session cookie for every visitor (issue 18) ---------------------------
# Flask-WTF keeps the CSRF token in the session, so calling csrf_token() on every page gave
# every visitor a new signed session cookie on every read-only page (and made responses
# uncacheable). A page now carries the token only when it has a form that needs it: pages
# for a signed-in user, pages whose own forms call csrf_token() (login, registration,
# password reset), and any page once the session holds a token anyway. The one form every
# page shows a visitor, the language switch, is checked by token when it has one and else
# by origin (see `token_or_same_origin`).


def page_has_csrf_token() -> bool:
    """Template global: does this page put the CSRF token in <body>'s htmx headers and in
    the language switch? Reading the session does not create a cookie; writing does."""
    return current_user.is_authenticated or (current_app.config["WTF_CSRF_FIELD_NAME"] in session)


def _sent_from_this_site() -> bool:
    """The browser says the request came from a page of this site: Origin (sent with every
    POST by current browsers), else Sec-Fetch-Site, else the Referer (same-origin policy).
    The site is the address of the request and, behind a proxy that TRUSTED_PROXY_COUNT
    does not describe yet, the configured PUBLIC_URL."""
    own = [request.host_url, current_app.config.get("PUBLIC_URL") or request.host_url]

    def ours(url: str) -> bool:
        return any(same_origin(url, site) for site in own)

    origin = request.headers.get("Origin")
    if origin:
        return origin != "null" and ours(origin + "/")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site == "same-origin"
    return bool(request.referrer) and ours(request.referrer)


def token_or_same_origin(view):
    """For a POST form that every page shows a visitor who has no session (the language
    switch): with a CSRF token in the form or header, or for a signed-in user, Flask-WTF's
    check as everywhere; a visitor without a token is served only when the browser says the
    form was sent from this site. A form on another site cannot post it either way."""

    @wraps(view)
    def checked(*args, **kwargs):
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            field = current_app.config["WTF_CSRF_FIELD_NAME"]
            has_token = request.form.get(field) or any(
                request.headers.get(header) for header in current_app.config["WTF_CSRF_HEADERS"]
            )
            if has_token or current_user.is_authenticated:
                csrf.protect()
            elif not _sent_from_this_site():
                raise CSRFError("A form without a token was sent from another site.")
        return view(*args, **kwargs)

    return csrf.exempt(checked)


def init_app(app) -> None:
    app.jinja_env.globals["page_has_csrf_token"] = page_has_csrf_token
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
