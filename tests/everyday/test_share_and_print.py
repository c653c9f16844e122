"""A share link (copy, WhatsApp, e-mail) and a print view for one contribution; the
figures table says it scrolls on a phone (issue 20, item 13)."""

from __future__ import annotations

from tests.factories import ContributionFactory
from wijkplatform.extensions import db


def test_contribution_page_offers_a_link_whatsapp_mail_and_print(client, app):
    contribution = ContributionFactory(title="Kapotte lantaarn")
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    address = f"{app.config['PUBLIC_URL'].rstrip('/')}/contributions/{contribution.id}"
    assert f'id="share-address" value="{address}" readonly' in html
    assert 'href="https://wa.me/?text=Kapotte%20lantaarn%20' in html
    assert f'href="/contributions/{contribution.id}/print"' in html


def test_print_view_shows_the_contribution_without_the_site_around_it(client):
    contribution = ContributionFactory(title="Kapotte lantaarn", place="Kadestraat")
    db.session.commit()
    response = client.get(f"/contributions/{contribution.id}/print")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="utrecht-heading-1">Kapotte lantaarn</h1>' in html
    assert "Kadestraat" in html
    assert "site-header" not in html


def test_hidden_contribution_has_no_print_view(client):
    contribution = ContributionFactory(hidden=True)
    db.session.commit()
    assert client.get(f"/contributions/{contribution.id}/print").status_code == 404
