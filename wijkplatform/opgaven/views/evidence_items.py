"""The evidence list of an Opgave page, written in Python with the characters the former
`evidence_item` macro wrote: a draft may link a hundred contributions, and a Jinja macro
call per link, with its translations and addresses, was a third of the page (issue 18,
`make profile`). Each text is translated once per request, each address built once."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from wijkplatform.contributions.models import KIND_LABELS, ContributionStatus
from wijkplatform.core.i18n import current_translations, translated_labels
from wijkplatform.core.urls import item_url_maker

_START = Markup(
    '\n<li class="evidence-item" id="evidence-{}">\n'
    '  <span class="kind-badge kind-badge--{}">{}</span>\n  '
)
_HIDDEN = Markup('\n  <span class="evidence-item__hidden">{}</span>\n  ')
_SHOWN = Markup(
    '\n  <a class="utrecht-link" href="{}">{}</a>\n'
    '  <span class="evidence-item__counts">{} · {}</span>\n  {}\n  '
)
_WARNING = Markup('<span class="status-badge status-badge--warning">{}</span>')
_UNLINK = Markup(
    '\n    <form method="post" action="{}" class="inline-form">\n'
    '      <input type="hidden" name="csrf_token" value="{}">\n'
    '      <button type="submit" class="utrecht-button utrecht-button--subtle link-like">{}'
    '<span class="visually-hidden">: {}</span></button>\n'
    "    </form>\n  "
)
_END = Markup("\n  {}\n</li>")


def _text(message: str) -> Markup:
    """`{{ _(message) }}` as Jinja writes it: the translation is markup, a format string."""
    return Markup(current_translations().ugettext(message)) % {}


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
    kinds = {key: Markup(label) for key, label in translated_labels(KIND_LABELS).items()}
    hidden_text = _text("A contribution a moderator has hidden since it was linked.")
    warning = _WARNING.format(_text("hidden or merged since it was linked"))
    supporters = _Plural("%(num)d supporter", "%(num)d supporters")
    reactions = _Plural("%(num)d reaction", "%(num)d reactions")
    contribution_url = item_url_maker("contributions.detail")
    if can_edit:
        unlink_url = item_url_maker(
            "opgaven.remove_evidence", key="evidence_id", opgave_id=opgave_id
        )
        token, unlink = generate_csrf(), _text("Unlink")
    merged = ContributionStatus.MERGED

    def write(rows: Iterable) -> Markup:
        parts = []
        for row in rows:
            kind = row.kind.value
            parts.append(_START.format(row.id, kind, kinds[kind]))
            if row.hidden and not can_write:
                parts.append(_HIDDEN.format(hidden_text))
            else:
                parts.append(
                    _SHOWN.format(
                        contribution_url(row.contribution_id),
                        row.title,
                        supporters(row.support_count),
                        reactions(row.comment_count),
                        warning if row.hidden or row.status == merged else "",
                    )
                )
            form = _UNLINK.format(unlink_url(row.id), token, unlink, row.title) if can_edit else ""
            parts.append(_END.format(form))
        return Markup("").join(parts)

    return write
