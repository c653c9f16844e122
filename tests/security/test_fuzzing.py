"""Hostile input everywhere a person can type or a link can carry it: very long text,
control characters, right-to-left overrides, HTML and script, SQL fragments, template
syntax, invalid UTF-8 in query strings. Never a 500, and whatever is stored comes back
escaped or sanitised on every page that shows it (titles, names, places, reasons, filter
values: where comparable platforms had their advisories)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PASSWORD, NeighbourhoodFactory, admin, moderator, resident
from wijkplatform.contributions import services as contribution_services
from wijkplatform.extensions import db
from wijkplatform.opgaven import services as opgave_services

PAYLOADS = [
    "<script>pwn()</script>",
    '<img src=x onerror="pwn()">',
    '"><svg onload=pwn()>',
    "javascript:pwn()",
    "'; DROP TABLE user_account; --",
    "1 OR 1=1",
    "{{ 7*7 }}{% raw %}",
    "\u202egnp.exe",
    "\u200b\ufeff",
    "\x00\x1b[31m\x07",
    "\r\nSet-Cookie: x=1",
    "%00%ff",
    "ﷺ" * 50,
]
hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=200),
    st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=4).map("".join),
    st.builds(lambda n, p: p * n, st.integers(100, 3000), st.sampled_from(PAYLOADS)),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Markup that means the payload was rendered as HTML rather than as text.
# (As text, in a form field's value or a paragraph, the same characters are harmless.)
RAW = re.compile(
    r"<script>pwn|<img[^>]*onerror|<svg[^>]*onload|(?:href|src|action)=[\"']?\s*javascript:",
    re.I,
)


def _assert_safe(response) -> str:
    assert response.status_code < 500, response.status_code
    text = response.get_data(as_text=True)
    # JSON (nosniff) and Markdown downloads carry the text as written; HTML must not run it.
    if response.mimetype == "text/html":
        assert not RAW.search(text), RAW.search(text).group(0)
    return text


@pytest.fixture
def place(app):
    neighbourhood = NeighbourhoodFactory(slug="fuzz-wijk")
    people = {
        "resident": resident(neighbourhood),
        "moderator": moderator(neighbourhood),
        "admin": admin(),
    }
    contribution = contribution_services.create_contribution(
        people["resident"],
        neighbourhood=neighbourhood,
        kind="resource",
        title="Een gewone bijdrage",
        body="Tekst.",
        categories=["community"],
    )
    db.session.commit()
    return neighbourhood, people, contribution


def _login(client, user) -> None:
    import pyotp

    if user.totp_secret:
        user.totp_last_step = None
        db.session.commit()
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    if response.headers.get("Location") == "/account/login/code":
        client.post("/account/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()})


@FUZZ
@given(email=hostile, name=hostile, password=hostile)
def test_registration_and_login(client, place, email, name, password):
    neighbourhood, _, _ = place
    _assert_safe(
        client.post(
            "/account/register",
            data={
                "email": email,
                "display_name": name,
                "password": password,
                "password_confirm": password,
                "neighbourhood_id": str(neighbourhood.id),
            },
        )
    )
    _assert_safe(client.post("/account/login", data={"email": email, "password": password}))
    client.post("/account/logout")


@FUZZ
@given(email=hostile, token=hostile, password=hostile)
def test_mailed_link_pages_and_the_forms_that_ask_for_them(client, email, token, password):
    from urllib.parse import quote

    for form in ("/account/password/forgot", "/account/register/send-again"):
        _assert_safe(client.post(form, data={"email": email}))
    token = quote(token, safe="")
    for path in ("/account/confirm/", "/account/email/confirm/", "/account/password/reset/"):
        _assert_safe(client.get(path + token))
        _assert_safe(
            client.post(
                path + token, data={"new_password": password, "new_password_confirm": password}
            )
        )


@FUZZ
@given(name=hostile)
def test_a_hostile_display_name_is_shown_as_text_everywhere(client, place, name):
    _neighbourhood, people, contribution = place
    author = people["resident"]
    author.display_name = name.replace("\x00", "")[:50]  # forms refuse NUL; see below
    db.session.commit()
    for url in (
        f"/contributions/{contribution.id}",
        "/neighbourhoods/fuzz-wijk/contributions/",
        "/api/v1/neighbourhoods/fuzz-wijk/social-map",
    ):
        _assert_safe(client.get(url))


@FUZZ
@given(name=hostile)
def test_changing_the_display_name(client, place, name):
    _neighbourhood, people, contribution = place
    _login(client, people["resident"])
    _assert_safe(client.post("/account/name", data={"display_name": name}))
    _assert_safe(client.get("/account/"))
    _assert_safe(client.get(f"/contributions/{contribution.id}"))
    client.post("/account/logout")


@FUZZ
@given(title=hostile, body=hostile, place_name=hostile, category=hostile, kind=hostile)
def test_contribution_form_and_the_pages_that_show_it(
    client, place, title, body, place_name, category, kind
):
    _neighbourhood, people, _ = place
    _login(client, people["resident"])
    for action in ("preview", "publish"):
        response = client.post(
            "/contributions/new",
            data={
                "neighbourhood": "fuzz-wijk",
                "kind": kind if kind else "issue",
                "title": title,
                "body": body,
                "place": place_name,
                "categories": [category, "community"],
                "latitude": title[:20],
                "action": action,
            },
        )
        _assert_safe(response)
    response = client.post(
        "/contributions/new",
        data={
            "neighbourhood": "fuzz-wijk",
            "kind": "issue",
            "title": ("Titel " + title)[:150],
            "body": "Tekst " + body,
            "place": place_name[:200],
            "categories": ["community"],
            "action": "publish",
        },
    )
    _assert_safe(response)
    if response.status_code == 302:
        _assert_safe(client.get(response.headers["Location"]))
        _assert_safe(client.get("/neighbourhoods/fuzz-wijk/contributions/?sort=new"))
        _assert_safe(client.get("/api/v1/neighbourhoods/fuzz-wijk/raised-topics"))


@FUZZ
@given(body=hostile, stance=hostile, reason=hostile, text=hostile)
def test_comments_and_reports(client, place, body, stance, reason, text):
    _, people, contribution = place
    _login(client, people["resident"])
    _assert_safe(
        client.post(
            f"/contributions/{contribution.id}/comments", data={"body": body, "stance": stance}
        )
    )
    _assert_safe(
        client.post(
            f"/contributions/{contribution.id}/comments",
            data={"body": "Reactie " + body, "stance": "for"},
        )
    )
    _assert_safe(
        client.post(
            f"/moderation/report/contribution/{contribution.id}",
            data={"reason": reason, "text": text},
        )
    )
    _assert_safe(client.get(f"/contributions/{contribution.id}"))


@FUZZ
@given(name=hostile, offers=hostile, contact=hostile, kvk=hostile, kind=hostile)
def test_organisation_form_and_the_social_map(client, place, name, offers, contact, kvk, kind):
    neighbourhood, people, _ = place
    _login(client, people["resident"])
    _assert_safe(
        client.post(
            "/account/organisations/new",
            data={
                "name": name,
                "kind": kind or "association",
                "neighbourhood_id": str(neighbourhood.id),
                "kvk_number": kvk,
                "offers": offers,
                "contact": contact,
            },
        )
    )
    _assert_safe(client.get("/account/"))
    client.post("/account/logout")
    _login(client, people["moderator"])
    _assert_safe(client.get("/moderation/fuzz-wijk/"))


@FUZZ
@given(reason=hostile, body=hostile, status=hostile, survivor=hostile, until=hostile)
def test_moderation_forms(client, place, reason, body, status, survivor, until):
    _, people, contribution = place
    _login(client, people["moderator"])
    base = f"/moderation/fuzz-wijk/contribution/{contribution.id}"
    _assert_safe(client.post(f"{base}/hide", data={"hide-reason": reason}))
    _assert_safe(client.post(f"{base}/restore", data={"restore-reason": reason}))
    _assert_safe(client.post(f"{base}/answer", data={"answer-status": status, "answer-body": body}))
    _assert_safe(
        client.post(f"{base}/merge", data={"merge-survivor_id": survivor, "merge-reason": reason})
    )
    _assert_safe(
        client.post(
            f"/moderation/fuzz-wijk/users/{people['resident'].id}/block",
            data={"until": until, "reason": reason},
        )
    )
    _assert_safe(client.get(base))
    _assert_safe(client.get(f"/contributions/{contribution.id}"))
    _assert_safe(client.get("/moderation/fuzz-wijk/log"))


@FUZZ
@given(name=hostile, code=hostile, slug=hostile, description=hostile, year=hostile)
def test_admin_place_forms(client, place, name, code, slug, description, year):
    _, people, _ = place
    _login(client, people["admin"])
    _assert_safe(
        client.post(
            "/admin/places/municipalities",
            data={"municipality-name": name, "municipality-cbs_code": code},
        )
    )
    _assert_safe(
        client.post(
            "/admin/places/neighbourhoods",
            data={
                "neighbourhood-municipality_id": "1",
                "neighbourhood-name": name,
                "neighbourhood-slug": slug,
                "neighbourhood-cbs_code": code,
                "neighbourhood-description": description,
            },
        )
    )
    _assert_safe(client.post("/admin/profiles/", data={"year": year, "level": slug}))
    _assert_safe(client.get("/admin/places/"))
    _assert_safe(client.get("/neighbourhoods/"))


@FUZZ
@given(
    title=hostile,
    text=hostile,
    note=hostile,
    goal=hostile,
    q=hostile,
    until=hostile,
    answer=hostile,
    comment=hostile,
)
def test_opgave_forms(client, place, title, text, note, goal, q, until, answer, comment):
    neighbourhood, people, _contribution = place
    worker = people["moderator"]
    _login(client, worker)
    _assert_safe(client.post("/neighbourhoods/fuzz-wijk/opgaven/new", data={"title": title}))
    opgave = opgave_services.create_opgave(worker, neighbourhood, title="Opgave om te testen")
    today = date.today()
    opgave_services.open_reactions(worker, opgave, until=today + timedelta(days=5), today=today)
    db.session.commit()
    _assert_safe(
        client.post(
            f"/opgaven/{opgave.id}/edit",
            data={
                "title": title,
                "base_version": note[:5],
                "task": text,
                "problems": text,
                "goals": [goal],
                "note": note,
            },
        )
    )
    _assert_safe(
        client.post(
            f"/opgaven/{opgave.id}/edit",
            data={
                "title": "Titel " + title[:100],
                "base_version": str(opgave.current_version),
                "task": text,
                "note": note[:300],
            },
        )
    )
    _assert_safe(client.get(f"/opgaven/{opgave.id}/evidence", query_string={"q": q, "kind": goal}))
    _assert_safe(
        client.post(f"/opgaven/{opgave.id}/evidence", data={"contribution_id": q, "section": goal})
    )
    _assert_safe(client.post(f"/opgaven/{opgave.id}/reactions/open", data={"open-until": until}))
    for url in (
        f"/opgaven/{opgave.id}",
        f"/opgaven/{opgave.id}/versions/2/compare",
        f"/opgaven/{opgave.id}/print",
        f"/api/v1/opgaven/{opgave.id}",
    ):
        _assert_safe(client.get(url))
    client.post("/account/logout")
    _login(client, people["resident"])
    _assert_safe(
        client.post(
            f"/opgaven/{opgave.id}/react",
            data={
                "whole-answer": answer,
                "whole-comment": comment,
                "problems-answer": "yes",
                "problems-comment": comment,
            },
        )
    )


@FUZZ
@given(kind=hostile, category=hostile, sort=hostile, q=hostile, page=hostile, slug=hostile)
def test_list_filters_and_api_paths(client, place, kind, category, sort, q, page, slug):
    query = {"kind": kind, "category": category, "sort": sort, "q": q, "page": page}
    _assert_safe(client.get("/neighbourhoods/fuzz-wijk/contributions/", query_string=query))
    _assert_safe(client.get("/municipalities/GM0000/contributions/", query_string=query))
    _assert_safe(
        client.get("/contributions/similar", query_string={"neighbourhood": slug, "title": q})
    )
    from urllib.parse import quote

    _assert_safe(client.get(f"/api/v1/neighbourhoods/{quote(slug, safe='')}/profile"))
    _assert_safe(client.get(f"/neighbourhoods/{quote(slug, safe='')}/"))


@pytest.mark.parametrize(
    "raw",
    [
        "q=%ff%fe",
        "q=%C0%AF",
        "sort=%ED%A0%80",
        "page=%00",
        "q=%",
        "category=%E2%82",
        "kind=%F0%9F%98",
        "q=" + "%ff" * 500,
    ],
)
def test_invalid_utf8_in_query_strings(client, place, raw):
    for path in (
        "/neighbourhoods/fuzz-wijk/contributions/",
        "/api/v1/neighbourhoods",
        "/contributions/similar",
        "/account/login",
    ):
        _assert_safe(client.get(f"{path}?{raw}"))


def test_a_nul_byte_in_a_form_or_query_gets_the_could_not_understand_page(client, place):
    _, people, _ = place
    _login(client, people["resident"])
    response = client.post(
        "/contributions/new",
        data={
            "neighbourhood": "fuzz-wijk",
            "kind": "issue",
            "title": "Titel\x00 met nul",
            "body": "Tekst",
            "categories": ["community"],
            "action": "publish",
        },
    )
    assert response.status_code == 400
    assert client.get("/neighbourhoods/fuzz-wijk/contributions/?q=a%00b").status_code == 400


def test_control_characters_are_taken_out_of_a_title(app, place):
    neighbourhood, people, _ = place
    contribution = contribution_services.create_contribution(
        people["resident"],
        neighbourhood=neighbourhood,
        kind="issue",
        title="Bel\x07 en\x1b[31m escape",
        body="Tekst.",
        categories=["community"],
    )
    assert contribution.title == "Bel en [31m escape"
