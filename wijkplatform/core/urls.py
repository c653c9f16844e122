"""Safe redirect targets: only paths on this site, never another host."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for


def is_local_path(target: str | None) -> bool:
    if not target:
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/")


def safe_next(default_endpoint: str = "neighbourhoods.home") -> str:
    candidate = request.values.get("next") or request.referrer
    if candidate and request.referrer == candidate:
        # The referrer is an absolute URL: keep only its path on this host.
        parts = urlsplit(candidate)
        if parts.netloc and parts.netloc != request.host:
            return url_for(default_endpoint)
        candidate = parts.path + (f"?{parts.query}" if parts.query else "")
    return candidate if is_local_path(candidate) else url_for(default_endpoint)
