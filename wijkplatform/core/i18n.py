"""Language choice: the visitor's explicit choice, then their account's, then Dutch; and
the template side of translation made cheap enough for pages with many items."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

import flask_babel
from babel import support
from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from wtforms.i18n import messages_path as wtforms_messages_path

SESSION_KEY = "locale"


def available_languages() -> dict[str, str]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():  # CLI, jobs and services outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(SESSION_KEY)
    if chosen in available_languages():
        return chosen
    account_locale = getattr(current_user, "locale", None) if current_user else None
    if account_locale in available_languages():
        return account_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(code: str) -> bool:
    """Store the visitor's language for this session; False for an unknown code."""
    if code not in available_languages():
        return False
    session[SESSION_KEY] = code
    return True


# Label tables (key -> lazy string) as plain strings, per table and language. The catalogues
# do not change while the process runs, so an entry is never stale; a page that shows a label
# twenty times then translates it once (issue 18: lazy labels were translated on every use).
_translated_labels: dict[tuple[int, str], dict[str, str]] = {}


def translated_labels(labels: Mapping[str, object]) -> dict[str, str]:
    """`labels` (a module-level table of lazy strings) translated into the current language,
    translated once per process and language."""
    key = (id(labels), str(get_locale()))
    found = _translated_labels.get(key)
    if found is None:
        found = _translated_labels[key] = {name: str(label) for name, label in labels.items()}
    return found


def current_translations():
    """flask_babel's `get_translations()`, looked up once per language and app context.

    flask_babel finds the context, the domain and the locale again for every string, which
    made translation a fifth of a list page (issue 18, `make profile`). The result is kept
    beside the locale it is for, in flask_babel's own namespace on `g`: `force_locale`
    replaces that locale object, so a forced language is never served another's strings."""
    try:
        namespace = g.get("_flask_babel")
    except RuntimeError:  # no app context
        return get_translations()
    locale = getattr(namespace, "babel_locale", None)
    if locale is None:
        return get_translations()  # the first string of the request chooses the locale
    kept = getattr(namespace, "wijk_translations", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    namespace.wijk_translations = (locale, translations)
    return translations


@lru_cache(maxsize=4096)
def _format_day(day: date, format: str | None, locale: str) -> str:
    return flask_babel.format_date(day, format)


@lru_cache(maxsize=4096)
def _format_moment_day(moment: datetime, format: str | None, locale: str, zone: str) -> str:
    return _format_day(flask_babel.to_user_timezone(moment).date(), format, locale)


def format_day(value, format: str | None = None) -> str:
    """The `dateformat` filter of flask_babel (the day in the visitor's time zone, in their
    language), remembered per day, format and language: a list shows twenty dates, most
    of them the same few days. A moment is remembered with the time zone too: a page of
    comments shows the same moments on every request, and moving each into the time zone
    was most of the filter (issue 18, fifth round)."""
    if value is None:
        return flask_babel.format_date(None, format)  # flask_babel's answer: today
    if isinstance(value, datetime):
        return _format_moment_day(value, format, str(get_locale()), str(flask_babel.get_timezone()))
    return _format_day(value, format, str(get_locale()))


# WTForms' own messages ("Not a valid choice", …) per language, loaded once per process.
# Flask-WTF loads the catalogue from disk for every request that validates a form and keeps
# it on the request (0.5 ms: a vote is one such request, issue 18); the catalogues do not
# change while the process runs.
_wtforms_catalogues: dict[str, support.Translations] = {}


def _wtforms_catalogue() -> support.Translations:
    locale = str(get_locale())
    found = _wtforms_catalogues.get(locale)
    if found is None:
        found = _wtforms_catalogues[locale] = support.Translations.load(
            wtforms_messages_path(), [locale], domain="wtforms"
        )
    return found


class _WTFormsMessages:
    """What Flask-WTF looks for on the request (`request.wtforms_translations`): the
    process's catalogue of the language in force when a message is translated (so
    `force_locale` is honoured too)."""

    def ugettext(self, string: str) -> str:
        return _wtforms_catalogue().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue().ungettext(singular, plural, n)


WTFORMS_MESSAGES = _WTFormsMessages()


def _share_wtforms_messages() -> None:
    request.wtforms_translations = WTFORMS_MESSAGES


@lru_cache(maxsize=4096)
def _format_moment(moment: datetime, format: str | None, locale: str, zone: str) -> str:
    return flask_babel.format_datetime(moment, format)


def format_moment(value, format: str | None = None) -> str:
    """The `datetimeformat` filter of flask_babel, remembered per moment, format, language
    and time zone: a page of comments shows the same moments on every request (issue 18:
    Babel's formatting was a tenth of the team design page)."""
    if value is None:
        return flask_babel.format_datetime(None, format)  # flask_babel's answer: now
    return _format_moment(value, format, str(get_locale()), str(flask_babel.get_timezone()))


def init_app(app) -> None:
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["available_languages"] = available_languages
    # The same callables flask_babel installs, with the translations looked up once.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["dateformat"] = format_day
    app.jinja_env.filters["datetimeformat"] = format_moment
    app.before_request(_share_wtforms_messages)
