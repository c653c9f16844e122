"""The shortcuts that make pages with many items cheap (issue 18) give what the slow way
gives: card addresses, translated labels, template translations in a forced language."""

from __future__ import annotations

from flask import render_template_string, url_for
from flask_babel import force_locale

from wijkplatform.contributions.models import CATEGORIES, KIND_LABELS
from wijkplatform.core.i18n import translated_labels
from wijkplatform.core.urls import url_for_item


def test_item_addresses_are_the_ones_url_for_builds(app):
    with app.test_request_context("/neighbourhoods/x/contributions/?q=a"):
        for number in (1, 7, 42, 918, 123456789):
            assert url_for_item("contributions.detail", number) == url_for(
                "contributions.detail", contribution_id=number
            )
            assert url_for_item("contributions.support", number) == url_for(
                "contributions.support", contribution_id=number
            )
            assert url_for_item("contributions.detail", number, login_first=True) == url_for(
                "accounts.login", next=url_for("contributions.detail", contribution_id=number)
            )
            assert url_for_item(
                "opgaven.remove_evidence", number, key="evidence_id", opgave_id=3
            ) == url_for("opgaven.remove_evidence", opgave_id=3, evidence_id=number)


def test_labels_are_translated_into_the_language_of_the_request(app):
    with app.test_request_context("/"):
        with force_locale("nl"):
            dutch = translated_labels(CATEGORIES)
            assert dutch == {key: str(label) for key, label in CATEGORIES.items()}
            assert translated_labels(KIND_LABELS)["issue"] == "vraagstuk"
        with force_locale("en"):
            assert translated_labels(KIND_LABELS)["issue"] == "issue"
            assert translated_labels(CATEGORIES)["debt_money"] == "Debt and money"


def test_template_translations_follow_a_forced_language_within_one_request(app):
    template = "{{ _('Support') }} {{ ngettext('supporter', 'supporters', 2) }}"
    with app.test_request_context("/"):
        first = render_template_string(template)
        with force_locale("en"):
            english = render_template_string(template)
        with force_locale("nl"):
            dutch = render_template_string(template)
        assert render_template_string(template) == first
    assert english == "Support supporters"
    assert dutch != english
    assert "steun" in dutch.lower()
