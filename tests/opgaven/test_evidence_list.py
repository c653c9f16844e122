"""The evidence list of the Opgave page is written in Python (views/evidence_items.py) since
issue 18; it must give exactly what the former Jinja macro gave, which this file keeps as the
reference (its text as it was, reading the same row of columns), for every state of a link:
shown, hidden, merged, with and without the unlink form, in both languages."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from tests.factories import ContributionFactory
from tests.opgaven.conftest import draft, open_for_reactions
from wijkplatform.contributions.models import ContributionKind, ContributionStatus
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import queries, services
from wijkplatform.opgaven.views.common import LABELS
from wijkplatform.opgaven.views.evidence_items import evidence_items_writer

# templates/opgaven/_evidence_item.html before issue 18's change, reading `row` (a row of
# queries.EVIDENCE_COLUMNS) where it read `row.contribution`.
FORMER_MACRO = """{% macro evidence_item(row, opgave, can_edit, can_write) -%}
{% set c = row %}
<li class="evidence-item" id="evidence-{{ row.id }}">
  <span class="kind-badge kind-badge--{{ c.kind.value }}">{{ kind_labels[c.kind.value] }}</span>
  {% if c.hidden and not can_write %}
  <span class="evidence-item__hidden">{{ _("A contribution a moderator has hidden since it was linked.") }}</span>
  {% else %}
  <a class="utrecht-link" href="{{ url_for_item('contributions.detail', c.contribution_id) }}">{{ c.title }}</a>
  <span class="evidence-item__counts">{{ ngettext("%(num)d supporter", "%(num)d supporters", c.support_count) }} · {{ ngettext("%(num)d reaction", "%(num)d reactions", c.comment_count) }}</span>
  {% if c.hidden or c.status.value == 'merged' %}<span class="status-badge status-badge--warning">{{ _("hidden or merged since it was linked") }}</span>{% endif %}
  {% endif %}
  {% if can_edit %}
    <form method="post" action="{{ url_for_item('opgaven.remove_evidence', row.id, key='evidence_id', opgave_id=opgave.id) }}" class="inline-form">
      <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
      <button type="submit" class="utrecht-button utrecht-button--subtle link-like">{{ _("Unlink") }}<span class="visually-hidden">: {{ c.title }}</span></button>
    </form>
  {% endif %}
</li>
{%- endmacro %}{% for row in rows %}{{ evidence_item(row, opgave, can_edit, can_write) }}{% endfor %}"""  # noqa: E501


DOUBLE = "Dubbel: 'buurtkamer'"


def _links_of_every_kind(world, opgave):
    """A link of each state the list shows differently; titles that need escaping."""
    shown = ContributionFactory(
        neighbourhood=world.neighbourhood, title="Speeltuin <dicht> & “kapot”", support_count=1
    )
    merged = ContributionFactory(
        neighbourhood=world.neighbourhood,
        kind=ContributionKind.POTENTIAL,
        title=DOUBLE,
        support_count=12,
        comment_count=1,
    )
    hidden = ContributionFactory(
        neighbourhood=world.neighbourhood, kind=ContributionKind.RESOURCE, title="Verborgen"
    )
    for contribution in (world.issue, world.resource, shown, merged, hidden):
        services.link_evidence(world.moderator, opgave, contribution)
    merged.status = ContributionStatus.MERGED
    moderation_services.hide(world.moderator, hidden, reason="Persoonlijke gegevens")
    db.session.commit()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("can_edit", "can_write"), [(True, True), (False, True), (False, False)])
def test_the_list_has_the_characters_of_the_former_macro(app, world, language, can_edit, can_write):
    opgave = draft(world)
    _links_of_every_kind(world, opgave)
    evidence = queries.evidence(opgave)
    former = app.jinja_env.from_string(FORMER_MACRO)
    with app.test_request_context(), force_locale(language):
        write = evidence_items_writer(opgave.id, can_edit=can_edit, can_write=can_write)
        compared = 0
        for rows in evidence.by_section.values():
            expected = former.render(
                rows=rows, opgave=opgave, can_edit=can_edit, can_write=can_write, **LABELS
            )
            assert str(write(rows)) == expected
            compared += len(rows)
    assert compared == 5


def _items(page: str) -> dict[str, str]:
    return dict(re.findall(r'<li class="evidence-item" id="(evidence-\d+)">(.*?)</li>', page, re.S))


def test_the_page_shows_each_link_as_a_reader_and_a_worker_expects(world, client, login):
    opgave = open_for_reactions(world)
    _links_of_every_kind(world, opgave)
    rows = {row.title: row for rows in queries.evidence(opgave).by_section.values() for row in rows}
    items = _items(client.get(f"/opgaven/{opgave.id}").get_data(as_text=True))
    assert len(items) == 5
    shown = items[f"evidence-{rows['Speeltuin <dicht> & “kapot”'].id}"]
    contribution_id = rows["Speeltuin <dicht> & “kapot”"].contribution_id
    assert (
        f'href="/contributions/{contribution_id}">Speeltuin &lt;dicht&gt; &amp; “kapot”</a>'
        in shown
    )
    assert "1 steunt dit · 0 reacties" in shown
    merged = items[f"evidence-{rows[DOUBLE].id}"]
    assert "12 steunen dit · 1 reactie" in merged and "status-badge--warning" in merged
    hidden = items[f"evidence-{rows['Verborgen'].id}"]
    assert "Verborgen" not in hidden and "evidence-item__hidden" in hidden
    assert not any("Ontkoppelen" in item for item in items.values())
    # A worker sees the hidden one's title; on a draft also the unlink forms.
    login(world.moderator)
    items = _items(client.get(f"/opgaven/{opgave.id}").get_data(as_text=True))
    assert ">Verborgen</a>" in items[f"evidence-{rows['Verborgen'].id}"]
    second = draft(world, title="Tweede versie")
    services.link_evidence(world.moderator, second, world.issue)
    db.session.commit()
    [(key, item)] = _items(client.get(f"/opgaven/{second.id}").get_data(as_text=True)).items()
    number = key.removeprefix("evidence-")
    assert f'action="/opgaven/{second.id}/evidence/{number}/remove"' in item
    assert (
        'Ontkoppelen<span class="visually-hidden">: Ouderen in de wijk zijn eenzaam</span>' in item
    )
