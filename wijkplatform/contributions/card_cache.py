"""Rendered list cards, kept per process (issue 18).

A list page renders twenty cards, and most of a card is the same for every visitor until the
contribution changes: its kind, title, snippet, place, photo, organisation, categories,
number of reactions and date. That part is rendered once and kept here; the support box (the
number of supporters and the visitor's own "you support this" or why support is closed) is
rendered for every request, outside the kept part. For a visitor who is not signed in the
support box is the same for everyone (the number and "log in to support"), so their whole
card is kept, with the number of supporters in the key.

**Never stale, also with several processes.** The key of a kept card is a digest of
everything the kept part shows (every value the macro `contribution_card_head` in
`templates/contributions/_contribution.html` reads), the language, the time zone and the
address prefix. A change to any of them (an edit, a reaction, a withdrawal, a new or removed
photo, an organisation renamed or verified, a name or text removed when an account is
erased) gives a new key, so an old card is never shown, in this process or in another one
that has not heard of the change. The domain events only evict the cards of a contribution
that changed, to free the memory sooner; the least recently used cards go when the cache is
full (`CARD_CACHE_SIZE` cards per process, 0 switches the cache off). Hidden and merged
contributions are not listed at all, so their cards are simply not asked for.

Whoever changes what the kept part of a card shows must add it to `key()`: the test
`tests/contributions/test_card_cache.py` compares the cached page with the page rendered
without the cache, and checks that each change that shows on a card shows on the next
render.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import current_app, request
from flask_babel import get_locale, get_timezone
from markupsafe import Markup

from wijkplatform.contributions.models import Comment, Contribution
from wijkplatform.core import signals

DEFAULT_SIZE = 4000  # about 1.5 KB of HTML each: ~6 MB per process at most
EXTENSION = "card_cache"


class CardCache:
    """A bounded LRU of card HTML by key, with the keys of each contribution (for eviction).
    Safe for the threads of one worker."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._cards: OrderedDict[bytes, tuple[int, Markup]] = OrderedDict()
        self._keys_by_id: dict[int, set[bytes]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def __len__(self) -> int:
        return len(self._cards)

    def get(self, key: bytes | None) -> Markup | None:
        if key is None:
            return None
        with self._lock:
            entry = self._cards.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._cards.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: bytes | None, contribution_id: int, html: str) -> Markup:
        html = Markup(html)
        if key is None:
            return html
        with self._lock:
            self._cards[key] = (contribution_id, html)
            self._cards.move_to_end(key)
            self._keys_by_id.setdefault(contribution_id, set()).add(key)
            while len(self._cards) > self.size:
                old_key, (old_id, _html) = self._cards.popitem(last=False)
                self._forget_key(old_id, old_key)
        return html

    def evict(self, contribution_id: int) -> None:
        with self._lock:
            for key in self._keys_by_id.pop(contribution_id, ()):
                self._cards.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()
            self._keys_by_id.clear()

    def _forget_key(self, contribution_id: int, key: bytes) -> None:
        keys = self._keys_by_id.get(contribution_id)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._keys_by_id[contribution_id]


def key(contribution, show_neighbourhood: bool, card_photo, whole: bool = False) -> bytes | None:
    """The digest of everything the kept part of a card shows, or None when the cache is
    off. Reads the same attributes as the card macro, so a model object and a
    `queries.Card` give the same key for the same contribution. `whole`: the card of a
    visitor who is not signed in, support box included, so with the number of supporters."""
    if not cache().enabled:
        return None
    organisation = contribution.organisation
    parts = (
        contribution.id,
        contribution.kind.value,
        getattr(contribution.status, "value", None),  # not shown; an answer or merge changes it
        contribution.title,
        contribution.body,
        contribution.place,
        contribution.withdrawn,
        contribution.is_offline,
        contribution.comment_count,
        contribution.created_at,
        tuple(contribution.categories),
        contribution.neighbourhood.name if show_neighbourhood else None,
        None if organisation is None else (organisation.name, bool(organisation.verified)),
        None
        if not card_photo
        else (
            card_photo.key,
            card_photo.alt_text,
            card_photo.thumb_width,
            card_photo.thumb_height,
        ),
        _request_part(),
        contribution.support_count if whole else None,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


def _request_part() -> tuple[str, str, str]:
    """Language, time zone and address prefix of this request, read once per request
    instead of once per card (issue 18: twenty look-ups through Flask-Babel per page).
    Kept on the request itself, which ends with it (`g` can outlive a request in tests)."""
    kept = getattr(request, "_card_cache_part", None)
    if kept is None:
        kept = (str(get_locale()), str(get_timezone()), request.script_root)
        request._card_cache_part = kept
    return kept


def cache() -> CardCache:
    kept = current_app.extensions.get(EXTENSION)
    return _OFF if kept is None else kept  # an empty cache is falsy (len 0)


_OFF = CardCache(0)


def _evict_contribution(sender, contribution=None, **kwargs) -> None:
    if contribution is not None:
        cache().evict(contribution.id)


def _evict_target(sender, target=None, **kwargs) -> None:
    # Hidden or restored: a comment changes its contribution's number of reactions. Content
    # of another feature (a comment on a team design) is on no card.
    if not isinstance(target, Contribution | Comment):
        return
    contribution_id = getattr(target, "contribution_id", None) or getattr(target, "id", None)
    if contribution_id is not None:
        cache().evict(contribution_id)


def _evict_merged(sender, merged=None, survivor=None, **kwargs) -> None:
    for contribution in (merged, survivor):
        if contribution is not None:
            cache().evict(contribution.id)


def _clear(sender, **kwargs) -> None:
    # An organisation's name or state, or an erased account's texts, may be on many cards.
    cache().clear()


EVICTING_EVENTS = {
    signals.contribution_edited: _evict_contribution,
    signals.contribution_withdrawn: _evict_contribution,
    signals.comment_created: _evict_contribution,
    signals.comment_deleted: _evict_contribution,
    signals.contribution_answered: _evict_contribution,
    signals.content_hidden: _evict_target,
    signals.content_restored: _evict_target,
    signals.contribution_merged: _evict_merged,
    signals.organisation_verified: _clear,
    signals.organisation_rejected: _clear,
    signals.account_erased: _clear,
}


def init_app(app) -> None:
    size = app.config.get("CARD_CACHE_SIZE", DEFAULT_SIZE)
    # With templates reloaded on change (debug), a kept card would hide an edited template.
    if app.debug or app.config.get("TEMPLATES_AUTO_RELOAD"):
        size = 0
    app.extensions[EXTENSION] = CardCache(size)
    app.jinja_env.globals["card_cache"] = CardCacheTemplateApi()
    for signal, receiver in EVICTING_EVENTS.items():
        signals.connect(signal, receiver)


class CardCacheTemplateApi:
    """What the card macro calls: `card_cache.key(...)`, `.get(key)`, `.put(key, id, html)`."""

    key = staticmethod(key)

    @staticmethod
    def get(card_key):
        return cache().get(card_key)

    @staticmethod
    def put(card_key, contribution_id, html):
        return cache().put(card_key, contribution_id, html)
