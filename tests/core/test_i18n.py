"""Dutch by default, English on request; the choice sticks for the session and the account."""

from __future__ import annotations

from tests.factories import UserFactory
from wijkplatform.extensions import db


def test_visitor_sees_dutch_by_default_even_if_the_browser_prefers_english(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nl"' in html
    assert "Jouw wijk, jouw stem" in html
    assert "Ga direct naar de inhoud" in html


def test_visitor_switches_to_english_and_back(client):
    response = client.post("/account/language", data={"locale": "en", "next": "/privacy"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"

    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Your neighbourhood, your say" in html
    assert "Skip to main content" in html
    # The switch offers the other language, marked with its own language for screen readers.
    assert 'lang="nl"' in html and "Nederlands" in html

    client.post("/account/language", data={"locale": "nl"})
    assert "Jouw wijk, jouw stem" in client.get("/").get_data(as_text=True)


def test_unknown_language_is_refused_and_nothing_changes(client):
    response = client.post("/account/language", data={"locale": "xx"})
    assert response.status_code == 302
    assert '<html lang="nl"' in client.get("/").get_data(as_text=True)


def test_language_switch_does_not_redirect_to_another_site(client):
    response = client.post(
        "/account/language", data={"locale": "en", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_logged_in_resident_keeps_their_language_on_next_login(client, login):
    user = UserFactory(locale="nl")
    login(user)
    client.post("/account/language", data={"locale": "en"})
    db.session.refresh(user)
    assert user.locale == "en"

    client.post("/account/logout")
    with client.session_transaction() as session:
        session.clear()  # a new browser: only the account remembers the choice
    login(user)
    assert "My account" in client.get("/account/").get_data(as_text=True)


def test_validation_messages_follow_the_language(client):
    client.post("/account/language", data={"locale": "en"})
    html = client.post("/account/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Fill in your e-mail address." in html


def test_wtforms_own_messages_follow_the_language_and_load_once_per_language(app, monkeypatch):
    """WTForms' built-in messages come from its catalogue, in the request's language; the
    catalogue is read from disk once per language and process, not on every request."""
    from babel import support
    from flask_babel import force_locale
    from flask_wtf import FlaskForm
    from wtforms import SelectField
    from wtforms.fields.choices import SelectChoice

    from wijkplatform.core import i18n

    class Pick(FlaskForm):
        class Meta:
            csrf = False

        colour = SelectField(choices=[SelectChoice("red", "red")])

    loads = []
    real_load = support.Translations.load

    def counting_load(*args, **kwargs):
        loads.append(kwargs.get("domain"))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(support.Translations, "load", counting_load)
    monkeypatch.setattr(i18n, "_wtforms_catalogues", {})

    def errors(language):
        with app.test_request_context("/", method="POST", data={"colour": "blue"}):
            app.preprocess_request()
            with force_locale(language):
                form = Pick()
                assert not form.validate()
                return form.colour.errors

    assert errors("nl") == ["Ongeldige keuze."]
    assert errors("nl") == ["Ongeldige keuze."]
    assert errors("en") == ["Not a valid choice."]
    assert loads.count("wtforms") == 2  # Dutch once, English once
