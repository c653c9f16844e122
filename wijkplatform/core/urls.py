"""Addresses: safe redirect targets (only paths on this site, never another host), the
current page's path for `next=`, and the absolute addresses of pages for mail, the API and
exports (always from PUBLIC_URL)."""

from __future__ import annotations

from collections.abc import Callable
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


def _local_referrer() -> str | None:
    """The referring page's path and query when it is a page of this site."""
    if not request.referrer:
        return None
    parts = urlsplit(request.referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_local_path(path) else None


def safe_next(default_endpoint: str = "neighbourhoods.home") -> str:
    candidate = request.values.get("next") or request.referrer
    if candidate and request.referrer == candidate:
        return _local_referrer() or url_for(default_endpoint)
    return candidate if is_local_path(candidate) else url_for(default_endpoint)


def current_path(fallback: str | None = None) -> str:
    """Where a `next=` brings the visitor back to this page (after logging in, choosing a
    language, a password check): the path with its query ("/neighbourhoods/x/?kind=issue").

    A page shown in answer to a POST (a form with errors, an htmx fragment) cannot be asked
    for again by a link, so it is the page that sent the POST (the referrer on this site),
    else `fallback`, else the home page."""
    if request.method in ("GET", "HEAD"):
        return request.full_path if request.query_string else request.path
    return _local_referrer() or fallback or url_for("neighbourhoods.home")


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


# A number no real item has, put in an address once per request and replaced by each item's
# number. Digits are never percent-encoded, so the result is the string url_for would build.
_STAND_IN = 918_273_645_546_372_819
_STAND_IN_TEXT = str(_STAND_IN)
ITEM_STAND_IN = _STAND_IN


def url_for_item(endpoint: str, item_id: int, *, key: str = "contribution_id",
                 login_first: bool = False, **values) -> str:  # fmt: skip
    """`url_for(endpoint, **{key: item_id}, **values)` for one of many items on a page (a
    card's link), or with `login_first` the login page that returns there. Built with
    werkzeug once per request, address and `values`, then the item's number filled in: a
    list page built ~80 addresses one by one (issue 18, `make profile`)."""
    patterns = g.setdefault("_url_for_item", {})
    cache_key = (endpoint, key, login_first, tuple(sorted(values.items())))
    pattern = patterns.get(cache_key)
    if pattern is None:
        pattern = url_for(endpoint, **{key: _STAND_IN}, **values)
        if login_first:
            pattern = url_for("accounts.login", next=pattern)
        patterns[cache_key] = pattern
    return with_item(pattern, item_id)


def item_address(endpoint: str, *keys: str, **values) -> str:
    """The address `url_for(endpoint, **values)` with ITEM_STAND_IN for the number of
    every argument in `keys`, built once for a page of many items; `with_item` fills in
    each item's number (a thread page links each of its ~80 comments to several pages,
    issue 18)."""
    return url_for(endpoint, **dict.fromkeys(keys, _STAND_IN), **values)


def with_item(pattern: str | None, item_id: int) -> str | None:
    """`pattern` (from `item_address`, or any address built with ITEM_STAND_IN for a
    number) with item `item_id`'s number in it; None stays None (no such link)."""
    if pattern is None:
        return None
    return pattern.replace(_STAND_IN_TEXT, str(int(item_id)))


def item_url_maker(
    endpoint: str, *, key: str = "contribution_id", **values
) -> Callable[[int], str]:
    """A function giving `url_for(endpoint, **{key: item_id}, **values)` for each of many
    items of one page: `item_address` once, then the item's number in its place (split
    once, so each item is a join, not a search)."""
    head, _, tail = item_address(endpoint, key, **values).partition(_STAND_IN_TEXT)
    return lambda item_id: f"{head}{int(item_id)}{tail}"


def id_arg(name: str) -> int | None:
    """A whole number from the address (`?comment=12`), or None for anything else: ASCII
    digits only (str.isdigit also accepts "²" and other digits int() refuses, which gave a
    500 for a typed address), and short enough to be an id."""
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def init_app(app) -> None:
    # Templates for exports (print page, Markdown file) write absolute links with it.
    app.add_template_global(public_url)
    app.jinja_env.globals["current_path"] = current_path
    app.jinja_env.globals["url_for_item"] = url_for_item
    app.jinja_env.globals["item_address"] = item_address
    app.jinja_env.globals["item_stand_in"] = ITEM_STAND_IN
    app.jinja_env.filters["with_item"] = with_item
