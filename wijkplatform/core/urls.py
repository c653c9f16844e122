"""Safe redirect targets (only paths on this site, never another host), and the absolute
addresses of pages for mail, the API and exports (always from PUBLIC_URL)."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from flask import current_app, g, request, url_for


def _looks_local(target: str) -> bool:
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return False  # browsers read "\\" as "/" and drop tabs and newlines
    if not target.startswith("/") or target.startswith("//"):
        return False  # "//host" (and "///host") is another site to a browser
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def is_local_path(target: str | None) -> bool:
    """True for a path on this site ("/account/"), never for another host in any spelling:
    "//host", "/\\host", "https:host", control characters, or those percent-encoded."""
    if not target:
        return False
    decoded = target
    for _ in range(3):  # percent-encoded forms, also double-encoded
        if not _looks_local(decoded):
            return False
        decoded, previous = unquote(decoded), decoded
        if decoded == previous:
            return True
    return False


def safe_next(default_endpoint: str = "neighbourhoods.home") -> str:
    candidate = request.values.get("next") or request.referrer
    if candidate and request.referrer == candidate:
        # The referrer is an absolute URL: keep only its path on this host.
        parts = urlsplit(candidate)
        if parts.netloc and parts.netloc != request.host:
            return url_for(default_endpoint)
        candidate = parts.path + (f"?{parts.query}" if parts.query else "")
    return candidate if is_local_path(candidate) else url_for(default_endpoint)


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page as the public knows it, for mail, the API and exports.

    Built from the `PUBLIC_URL` setting, never from the request's Host header: a request
    for `Host: evil.example` must not make a mail or an API answer point there. Works
    outside a request too (command line, jobs), and a path in PUBLIC_URL
    (https://example.nl/wijk) is the prefix of every address, once."""
    adapter = _public_adapter()
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")
    return url


def _public_adapter():
    # One per app context: an API list builds two addresses for each of thousands of
    # neighbourhoods.
    adapter = g.get("_public_url_adapter")
    if adapter is None:
        base = urlsplit(current_app.config["PUBLIC_URL"])
        adapter = g._public_url_adapter = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme
        )
    return adapter


def init_app(app) -> None:
    # Templates for exports (print page, Markdown file) write absolute links with it.
    app.add_template_global(public_url)
