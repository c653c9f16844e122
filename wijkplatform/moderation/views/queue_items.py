"""The items of the moderation queue, written in Python with the characters the former
`item_summary` macro wrote: a queue lists some hundred reported and hidden items, and a
Jinja macro call per item, with its translations and addresses, was a third of the page
(issue 18, `make profile`). Each text is translated once per request, each kind of address
built once."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from wijkplatform.core.i18n import current_translations
from wijkplatform.core.urls import item_url_maker
from wijkplatform.moderation.models import TargetType


class _Texts:
    """`{{ _(message, **values) }}` and `{{ ngettext(…) }}` as Jinja writes them: the
    translation is markup, the values are escaped into it. Each message is translated
    once per request. Called as `_text(…)` and `_text.ngettext(…)`: names `make
    extract-translations` reads messages from (Makefile)."""

    def __init__(self):
        self.translations = current_translations()
        self.done: dict = {}

    def __call__(self, message: str, **values) -> Markup:
        found = self.done.get(message)
        if found is None:
            found = self.done[message] = Markup(self.translations.ugettext(message))
        return found % values

    def ngettext(self, singular: str, plural: str, number: int) -> Markup:
        key = (singular, number)
        found = self.done.get(key)
        if found is None:
            text = self.translations.ungettext(singular, plural, number)
            found = self.done[key] = Markup(text) % {"num": number}
        return found


def queue_items_writer(
    neighbourhood, *, target_labels, flag_reason_labels, not_counted_labels, new_account_days
) -> Callable[[Iterable], Markup]:
    """A function that writes the `<li>` of each queue item (queries.QueueItem) of a list."""
    _text = _Texts()
    hidden_badge = f'<span class="status-badge status-badge--warning">{_text("hidden")}</span>'
    why_hidden = _text("Why hidden:")
    environment = current_app.jinja_env
    addresses: dict[str, Callable[[int], str]] = {}
    labels = {key: escape(label) for key, label in target_labels.items()}
    reasons = {key: escape(label) for key, label in flag_reason_labels.items()}

    def address(target_type: str, target_id: int) -> str:
        make = addresses.get(target_type)
        if make is None:
            make = addresses[target_type] = item_url_maker(
                "moderation.item", key="target_id", slug=neighbourhood.slug, target_type=target_type
            )
        return escape(make(target_id))

    # Plain strings with each value escaped: Markup.format escapes through
    # string.Formatter, which cost more than the macro it replaces.
    def write_one(item) -> str:
        target, target_type = item.target, item.target_type.value
        flag_count = item.flag_count
        if item.heading:
            heading = escape(item.heading)
        elif item.target_type == TargetType.CONTRIBUTION:
            heading = escape(target.title)
        else:
            heading = _text("Reaction on “%(title)s”", title=item.contribution.title)
        reports = ""
        if flag_count:
            # Outside the f-string: extraction reads no call inside one.
            counted_reports = _text.ngettext("%(num)d report", "%(num)d reports", flag_count)
            reports = f'<span class="status-badge">{counted_reports}</span>'
        body = ""
        if item.target_type != TargetType.CONTRIBUTION:
            shortened = escape(do_truncate(environment, target.body, 200))
            body = f'<p class="utrecht-paragraph">{shortened}</p>'
        parts = [
            f'<li class="card moderation-item" id="moderation-{target_type}-{int(target.id)}">\n'
            '  <p class="contribution-card__meta">\n'
            f'    <span class="kind-badge">{labels[target_type]}</span>\n'
            f"    {hidden_badge if target.hidden else ''}\n    {reports}\n  </p>\n"
            '  <h3 class="utrecht-heading-3"><a class="utrecht-link"'
            f' href="{address(target_type, target.id)}">{heading}</a></h3>\n  {body}\n  '
        ]
        if item.reasons:
            listed = "".join(
                f"<li>{reasons[reason]}: {int(count)}</li>"
                for reason, count in item.reasons.most_common()
            )
            parts.append(
                f'\n    <ul class="utrecht-unordered-list">\n      {listed}\n    </ul>\n  '
            )
        parts.append("\n  ")
        if flag_count:
            if target.hidden:
                counted = _text("Reports that count: %(num)d.", num=item.counting)
            else:
                counted = _text(
                    "Reports that count: %(counting)d of the %(needed)d needed to hide it"
                    " automatically.",
                    counting=item.counting,
                    needed=item.threshold,
                )
            parts.append(
                '\n    <p class="utrecht-paragraph utrecht-paragraph--small'
                f' moderation-item__counting">{counted}</p>\n    '
            )
            if item.from_new_accounts or item.not_counted:
                young = ""
                if item.from_new_accounts:
                    young = _text(
                        "%(num)d of %(total)d reports from accounts younger than %(days)d days",
                        num=item.from_new_accounts,
                        total=flag_count,
                        days=new_account_days,
                    )
                    young = (
                        f'<li><span class="status-badge status-badge--warning">{young}</span></li>'
                    )
                not_counted = "".join(
                    "<li>{}</li>".format(
                        _text(
                            "Not counted, %(why)s: %(num)d", why=not_counted_labels[key], num=count
                        )
                    )
                    for key, count in item.not_counted.most_common()
                )
                parts.append(
                    '\n      <ul class="utrecht-unordered-list moderation-item__clusters">\n'
                    f"        {young}\n        {not_counted}\n      </ul>\n    "
                )
            parts.append("\n  ")
        parts.append("\n  ")
        if target.hidden and target.hidden_reason:
            parts.append(
                '<p class="utrecht-paragraph utrecht-paragraph--small">'
                f"{why_hidden} {escape(target.hidden_reason)}</p>"
            )
        parts.append("\n</li>\n")
        return "".join(parts)

    def write(items: Iterable) -> Markup:
        return Markup("".join(write_one(item) for item in items))

    return write
