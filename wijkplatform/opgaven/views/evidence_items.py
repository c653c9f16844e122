"""The evidence list of an Opgave page, written in Python with the characters the former
`evidence_item` macro wrote: a draft may link a hundred contributions, and a Jinja macro
call per link, with its translations and addresses, was a third of the page (issue 18,
`make profile`). Each text is translated once per request, each address built once."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from wijkplatform.contributions.models import KIND_LABELS, ContributionStatus
from wijkplatform.core.i18n import current_translations, translated_labels
from wijkplatform.core.urls import item_url_maker


def _text(message: str) -> Markup:
    """`{{ _(message) }}` as Jinja writes it: the translation is markup, a format string.
    `_text(…)` and `_Plural(singular, plural)` are names `make extract-translations` reads
    messages from (Makefile)."""
    return Markup(current_translations().ugettext(message)) % {}


def _escaped(address: Callable[[int], str]) -> Callable[[int], str]:
    """An address as `href="{{ … }}"` writes it: escaped (an address of ours needs none)."""
    return lambda item_id: escape(address(item_id))


class _Plural:
    """`{{ ngettext(singular, plural, n) }}` as Jinja writes it (the translation as markup,
    the number filled in), remembered per number for this request."""

    def __init__(self, singular: str, plural: str):
        self.singular, self.plural, self.done = singular, plural, {}

    def __call__(self, number: int) -> Markup:
        found = self.done.get(number)
        if found is None:
            text = current_translations().ungettext(self.singular, self.plural, number)
            found = self.done[number] = Markup(text) % {"num": number}
        return found


def evidence_items_writer(
    opgave_id: int, *, can_edit: bool, can_write: bool
) -> Callable[[Iterable], Markup]:
    """A function that writes the `<li>` of each evidence row (queries.EVIDENCE_COLUMNS)
    of one section, for this page and this user."""
    kinds = {key: escape(label) for key, label in translated_labels(KIND_LABELS).items()}
    hidden_text = _text("A contribution a moderator has hidden since it was linked.")
    warning = Markup('<span class="status-badge status-badge--warning">{}</span>').format(
        _text("hidden or merged since it was linked")
    )
    supporters = _Plural("%(num)d supporter", "%(num)d supporters")
    reactions = _Plural("%(num)d reaction", "%(num)d reactions")
    contribution_url = _escaped(item_url_maker("contributions.detail"))
    if can_edit:
        unlink_url = _escaped(
            item_url_maker("opgaven.remove_evidence", key="evidence_id", opgave_id=opgave_id)
        )
        token, unlink = escape(generate_csrf()), _text("Unlink")
    merged = ContributionStatus.MERGED

    # Plain strings with each value escaped, joined once: Markup.format escapes through
    # string.Formatter, which cost more than the macro it replaces.
    def write(rows: Iterable) -> Markup:
        parts = []
        for row in rows:
            kind = row.kind.value
            parts.append(
                f'\n<li class="evidence-item" id="evidence-{int(row.id)}">\n'
                f'  <span class="kind-badge kind-badge--{escape(kind)}">{kinds[kind]}</span>\n  '
            )
            if row.hidden and not can_write:
                parts.append(f'\n  <span class="evidence-item__hidden">{hidden_text}</span>\n  ')
            else:
                badge = warning if row.hidden or row.status == merged else ""
                parts.append(
                    f'\n  <a class="utrecht-link" href="{contribution_url(row.contribution_id)}">'
                    f"{escape(row.title)}</a>\n"
                    f'  <span class="evidence-item__counts">{supporters(row.support_count)} · '
                    f"{reactions(row.comment_count)}</span>\n  {badge}\n  "
                )
            form = ""
            if can_edit:
                form = (
                    f'\n    <form method="post" action="{unlink_url(row.id)}"'
                    ' class="inline-form">\n'
                    f'      <input type="hidden" name="csrf_token" value="{token}">\n'
                    '      <button type="submit" class="utrecht-button utrecht-button--subtle'
                    f' link-like">{unlink}<span class="visually-hidden">: {escape(row.title)}'
                    "</span></button>\n    </form>\n  "
                )
            parts.append(f"\n  {form}\n</li>")
        return Markup("".join(parts))

    return write
