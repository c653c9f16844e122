"""The queue's items are written in Python (views/queue_items.py) since issue 18; they must
give exactly what the former Jinja macro gave, which this file keeps as the reference (its
text as it was), for reported and hidden contributions and reactions, reports that do not
count and reports from new accounts, in both languages; and the queue keeps its number of
statements."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale

from tests.factories import CommentFactory, ContributionFactory, resident
from wijkplatform.core.db import utcnow
from wijkplatform.core.i18n import translated_labels
from wijkplatform.extensions import db
from wijkplatform.moderation import queries, services
from wijkplatform.moderation.views.common import LABELS
from wijkplatform.moderation.views.queue_items import queue_items_writer

# templates/moderation/_item_summary.html before issue 18's change.
FORMER_MACRO = """{% macro item_summary(item) -%}
<li class="card moderation-item" id="moderation-{{ item.target_type.value }}-{{ item.target.id }}">
  <p class="contribution-card__meta">
    <span class="kind-badge">{{ target_labels[item.target_type.value] }}</span>
    {% if item.target.hidden %}<span class="status-badge status-badge--warning">{{ _("hidden") }}</span>{% endif %}
    {% if item.flag_count %}<span class="status-badge">{{ ngettext("%(num)d report", "%(num)d reports", item.flag_count) }}</span>{% endif %}
  </p>
  <h3 class="utrecht-heading-3"><a class="utrecht-link" href="{{ url_for('moderation.item', slug=neighbourhood.slug, target_type=item.target_type.value, target_id=item.target.id) }}">
    {%- if item.heading %}{{ item.heading }}{% elif item.target_type.value == 'contribution' %}{{ item.target.title }}{% else %}{{ _("Reaction on “%(title)s”", title=item.contribution.title) }}{% endif -%}
  </a></h3>
  {% if item.target_type.value != 'contribution' %}<p class="utrecht-paragraph">{{ item.target.body|truncate(200) }}</p>{% endif %}
  {% if item.reasons %}
    <ul class="utrecht-unordered-list">
      {% for reason, count in item.reasons.most_common() %}<li>{{ flag_reason_labels[reason] }}: {{ count }}</li>{% endfor %}
    </ul>
  {% endif %}
  {% if item.flag_count %}
    <p class="utrecht-paragraph utrecht-paragraph--small moderation-item__counting">
      {%- if item.target.hidden %}{{ _("Reports that count: %(num)d.", num=item.counting) }}
      {%- else %}{{ _("Reports that count: %(counting)d of the %(needed)d needed to hide it automatically.", counting=item.counting, needed=item.threshold) }}{% endif -%}
    </p>
    {% if item.from_new_accounts or item.not_counted %}
      <ul class="utrecht-unordered-list moderation-item__clusters">
        {% if item.from_new_accounts %}<li><span class="status-badge status-badge--warning">{{ _("%(num)d of %(total)d reports from accounts younger than %(days)d days", num=item.from_new_accounts, total=item.flag_count, days=new_account_days) }}</span></li>{% endif %}
        {% for key, count in item.not_counted.most_common() %}<li>{{ _("Not counted, %(why)s: %(num)d", why=not_counted_labels[key], num=count) }}</li>{% endfor %}
      </ul>
    {% endif %}
  {% endif %}
  {% if item.target.hidden and item.target.hidden_reason %}<p class="utrecht-paragraph utrecht-paragraph--small">{{ _("Why hidden:") }} {{ item.target.hidden_reason }}</p>{% endif %}
</li>
{% endmacro %}{% for item in items %}{{ item_summary(item) }}{% endfor %}"""  # noqa: E501


def _a_busy_queue(world):
    """Reported and hidden contributions and reactions, with texts that need escaping, a
    long reaction, reports that do not count and reports from a new account."""
    long_comment = CommentFactory(
        contribution=world.contribution, body="Een <b>lange</b> & “boze” reactie. " * 12
    )
    elsewhere = resident(world.other_neighbourhood)
    newcomer = resident(world.neighbourhood, created_at=utcnow())
    services.flag(world.resident, world.comment, reason="offensive")
    services.flag(elsewhere, world.comment, reason="spam")
    services.flag(newcomer, long_comment, reason="other", text="Niet aardig")
    services.flag(world.resident, world.duplicate, reason="spam")
    world.duplicate.title = "Dubbel <geplaatst> & 'zo'"
    hidden = ContributionFactory(neighbourhood=world.neighbourhood, title="Weg & verborgen")
    hidden_comment = CommentFactory(contribution=world.contribution, body="Persoonlijk")
    db.session.flush()
    services.hide(world.moderator, hidden, reason="Naam & adres <genoemd>")
    services.hide(world.moderator, hidden_comment, reason="Telefoonnummer")
    hidden_comment.hidden_at = utcnow() - timedelta(hours=1)
    db.session.commit()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_items_have_the_characters_of_the_former_macro(app, world, language):
    _a_busy_queue(world)
    flagged = queries.flagged_items(world.neighbourhood)
    hidden = queries.hidden_items(
        world.neighbourhood, exclude={(i.target_type, i.target.id) for i in flagged}
    )
    assert (len(flagged), len(hidden)) == (3, 2)
    former = app.jinja_env.from_string(FORMER_MACRO)
    with app.test_request_context(), force_locale(language):
        labels = {name: translated_labels(table) for name, table in LABELS.items()}
        days = queries.new_account_days()
        write = queue_items_writer(
            world.neighbourhood,
            target_labels=labels["target_labels"],
            flag_reason_labels=labels["flag_reason_labels"],
            not_counted_labels=labels["not_counted_labels"],
            new_account_days=days,
        )
        for items in (flagged, hidden):
            expected = former.render(
                items=items, neighbourhood=world.neighbourhood, new_account_days=days, **labels
            )
            assert str(write(items)) == expected


def test_the_queue_shows_each_item_as_a_worker_expects(world, client, login, count_queries):
    _a_busy_queue(world)
    login(world.moderator)
    with count_queries() as statements:
        page = client.get("/moderation/oude-haven/").get_data(as_text=True)
    # Each item up to the next one, or to the end of its list.
    parts = re.split(r'<li class="card moderation-item" id="moderation-([a-z]+-\d+)">', page)
    items = {
        key: text.split("</ul>\n</section>")[0]
        for key, text in zip(parts[1::2], parts[2::2], strict=True)
    }
    assert len(items) == 5
    duplicate = items[f"contribution-{world.duplicate.id}"]
    assert f'href="/moderation/oude-haven/contribution/{world.duplicate.id}"' in duplicate
    assert "Dubbel &lt;geplaatst&gt; &amp; &#39;zo&#39;</a>" in duplicate
    assert "1 melding" in duplicate and "Spam of reclame: 1" in duplicate
    comment = items[f"comment-{world.comment.id}"]
    assert "Reactie op" in comment and "2 meldingen" in comment
    assert "Telt niet mee, geen bewoner van deze wijk: 1" in comment
    # The reporter of the long reaction made an account today.
    long_one = next(v for k, v in items.items() if "lange" in v)
    assert "Een &lt;b&gt;lange&lt;/b&gt; &amp; “boze” reactie." in long_one
    assert "1 van de 1 meldingen" in long_one and "..." in long_one
    hidden = next(v for v in items.values() if "Weg &amp; verborgen" in v)
    assert "Naam &amp; adres &lt;genoemd&gt;" in hidden
    # The session's user and the neighbourhood; the reports, their reactions and
    # contributions, and the residents' support; the organisations; the hidden ids of three
    # kinds and their reactions and contributions; the blocks; the header's two counts. The
    # same 15 as before issue 18's change of the queue (rows instead of objects).
    assert len(statements) <= 15, "\n".join(" ".join(s.split())[:90] for s in statements)


def test_items_hidden_at_the_same_moment_keep_one_order(world):
    # A bulk hide gives them one time; before, their order followed the hashes of a set,
    # which differ per process (so per worker and per restart).
    moment = utcnow() - timedelta(minutes=5)
    targets = [
        ContributionFactory(neighbourhood=world.neighbourhood),
        CommentFactory(contribution=world.contribution),
        ContributionFactory(neighbourhood=world.neighbourhood),
        CommentFactory(contribution=world.contribution),
    ]
    db.session.flush()
    for target in targets:
        services.hide(world.moderator, target, reason="Opgeruimd")
        target.hidden_at = moment
    db.session.commit()
    listed = [(i.target_type.value, i.target.id) for i in queries.hidden_items(world.neighbourhood)]
    assert listed == sorted(listed, reverse=True) and len(listed) == 4
