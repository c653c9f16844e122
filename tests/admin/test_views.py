"""The admin pages: only administrators, a user list with a fixed number of queries, a
user's page where roles and blocks change with a reason, behind the password check and CSRF,
with every step in the log on that page."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    NeighbourhoodFactory,
    UserFactory,
    admin,
    moderator,
    resident,
    reviewer,
)
from wijkplatform.accounts.permissions import is_moderator_of
from wijkplatform.admin import services
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Action, ModerationEvent


@pytest.fixture
def boss(client, login):
    user = admin(display_name="Beheerder Bea", email="bea@example.nl")
    login(user)
    return user


def _events(user):
    return db.session.scalars(
        select(ModerationEvent)
        .where(ModerationEvent.target_type == "user", ModerationEvent.target_id == user.id)
        .order_by(ModerationEvent.id)
    ).all()


# --- who gets in ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/users/", "/admin/users/1", "/admin/users/1/roles"]
)
def test_visitors_are_sent_to_log_in(client, url):
    response = client.open(url, method="POST" if url.endswith("roles") else "GET")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("make", ["resident", "moderator", "reviewer"])
def test_everyone_but_an_admin_is_refused(client, login, make):
    neighbourhood = NeighbourhoodFactory()
    user = {
        "resident": lambda: resident(neighbourhood),
        "moderator": lambda: moderator(neighbourhood),
        "reviewer": lambda: reviewer(neighbourhood.municipality),
    }[make]()
    login(user)
    for url in ("/admin/", "/admin/users/", f"/admin/users/{user.id}"):
        assert client.get(url).status_code == 403
    response = client.post(
        f"/admin/users/{user.id}/roles",
        data={"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
              "grant-reason": "Ik wil meer."},
    )  # fmt: skip
    assert response.status_code == 403
    assert len(user.memberships) == 1


def test_only_admins_see_the_admin_link_in_the_menu(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(moderator(neighbourhood))
    assert 'href="/admin/"' not in client.get("/neighbourhoods/").get_data(as_text=True)
    client.post("/account/logout")
    login(admin())
    page = client.get("/neighbourhoods/").get_data(as_text=True)
    assert '<a class="utrecht-link" href="/admin/">Beheer</a>' in page


def test_the_admin_link_costs_no_query(app, client, login, count_queries):
    login(admin())
    client.get("/neighbourhoods/")
    with count_queries() as with_link:
        page = client.get("/neighbourhoods/").get_data(as_text=True)
    assert 'href="/admin/"' in page
    provided = app.jinja_env.globals["shows_admin_link"]
    app.jinja_env.globals["shows_admin_link"] = lambda: False
    try:
        with count_queries() as without_link:
            page = client.get("/neighbourhoods/").get_data(as_text=True)
    finally:
        app.jinja_env.globals["shows_admin_link"] = provided
    assert 'href="/admin/"' not in page
    assert len(with_link) == len(without_link)


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_roles_blocks_confirmation_two_factor_and_last_login(client, boss):
    neighbourhood = NeighbourhoodFactory(name="Oude Haven")
    worker = moderator(neighbourhood, display_name="Wijkwerker Wim")
    worker.last_login_at = utcnow()
    person = resident(neighbourhood, display_name="Bewoner Bas", email_confirmed_at=None)
    services.block(
        boss, person, neighbourhood, until=date.today() + timedelta(days=5), reason="Spam."
    )
    db.session.commit()
    page = client.get("/admin/users/").get_data(as_text=True)
    row = re.search(rf'<tr[^>]*id="admin-user-{person.id}">([\s\S]*?)</tr>', page).group(1)
    assert "Bewoner Bas" in row and person.email in row
    assert "bewoner (Oude Haven)" in row
    assert "ja: Oude Haven" in row  # blocked
    assert ">nee<" in row  # address not confirmed
    assert ">nooit<" in row  # never logged in
    worker_row = re.search(rf'<tr[^>]*id="admin-user-{worker.id}">([\s\S]*?)</tr>', page).group(1)
    assert "wijkwerker (moderator) (Oude Haven)" in worker_row
    assert ">uit<" in worker_row  # no two-factor login
    boss_row = re.search(rf'<tr[^>]*id="admin-user-{boss.id}">([\s\S]*?)</tr>', page).group(1)
    assert ">aan<" in boss_row and "beheerder van het platform" in boss_row


def test_the_list_never_shows_a_password_hash_or_a_secret(client, boss):
    page = client.get("/admin/users/").get_data(as_text=True)
    detail = client.get(f"/admin/users/{boss.id}").get_data(as_text=True)
    for html in (page, detail):
        assert boss.password_hash not in html
        assert boss.totp_secret not in html
        assert boss.session_token not in html


def test_search_by_name_or_email_and_erased_accounts_are_left_out(client, boss):
    UserFactory(display_name="Fatima de Groot", email="fatima@example.nl")
    UserFactory(display_name="Henk Jansen", email="henk@voorbeeld.nl")
    UserFactory(display_name="Weg", email="erased-9@invalid", erased_at=utcnow())
    db.session.commit()
    by_name = client.get("/admin/users/?q=groot").get_data(as_text=True)
    assert "Fatima de Groot" in by_name and "Henk Jansen" not in by_name
    assert "1 persoon gevonden voor “groot”" in by_name
    by_address = client.get("/admin/users/?q=VOORBEELD").get_data(as_text=True)
    assert "Henk Jansen" in by_address and "Fatima" not in by_address
    everyone = client.get("/admin/users/").get_data(as_text=True)
    assert "erased-9@invalid" not in everyone
    nobody = client.get("/admin/users/?q=%25").get_data(as_text=True)  # a literal %
    assert "Niemand gevonden" in nobody


def test_the_list_is_paged(client, boss):
    for n in range(30):
        UserFactory(display_name=f"Persoon {n:02d}")
    db.session.commit()
    first = client.get("/admin/users/").get_data(as_text=True)
    assert "Pagina 1 van 2" in first and 'rel="next" href="/admin/users/?page=2"' in first
    second = client.get("/admin/users/?page=2").get_data(as_text=True)
    assert "Pagina 2 van 2" in second
    assert len(re.findall(r'id="admin-user-\d+"', second)) == 31 - 25
    assert client.get("/admin/users/?page=99").status_code == 200  # the last page
    assert client.get("/admin/users/?page=abc").status_code == 200


def _people(count, neighbourhood, municipality, boss):
    for n in range(count):
        person = resident(neighbourhood, display_name=f"Iemand {n:03d}")
        if n % 3 == 0:
            services.block(
                boss, person, neighbourhood, until=date.today() + timedelta(days=2), reason="X."
            )
        if n % 4 == 0:
            reviewer_of = reviewer(municipality, display_name=f"Ambtenaar {n:03d}")
            reviewer_of.last_login_at = utcnow()
    db.session.commit()


def test_the_list_costs_the_same_queries_whatever_the_number_of_people(client, boss, count_queries):
    neighbourhood = NeighbourhoodFactory()
    municipality = neighbourhood.municipality
    _people(4, neighbourhood, municipality, boss)
    client.get("/admin/users/")
    with count_queries() as few:
        client.get("/admin/users/")
    _people(40, NeighbourhoodFactory(), MunicipalityFactory(), boss)
    with count_queries() as many:
        client.get("/admin/users/")
    with count_queries() as last_page:
        client.get("/admin/users/?page=3")
    with count_queries() as searched:
        client.get("/admin/users/?q=iemand&page=2")
    # The session's user, the total, the page, their memberships, their blocks.
    assert len(few) == len(many) == len(last_page) == len(searched), (few, many)
    assert len(many) <= 7, "\n".join(many)


# --- a user's page ----------------------------------------------------------------------


def test_unknown_user_is_not_found(client, boss):
    assert client.get("/admin/users/99999").status_code == 404
    assert client.post("/admin/users/99999/roles", data={"grant-reason": "x"}).status_code == 404


def test_admin_grants_a_role_and_the_log_on_the_page_shows_it(client, boss):
    neighbourhood = NeighbourhoodFactory(name="Kanaleneiland")
    person = resident(neighbourhood, display_name="Sara")
    db.session.commit()
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
              "grant-reason": "Begint maandag als wijkwerker."},
    )  # fmt: skip
    assert response.headers["Location"] == f"/admin/users/{person.id}"
    assert is_moderator_of(person, neighbourhood)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "Sara is nu wijkwerker (moderator)." in page
    log = page[page.index('id="admin-user-log"') :]
    assert "Beheerder Bea" in log
    assert "wijkwerker gemaakt" in log
    assert "Kanaleneiland" in log
    assert "Begint maandag als wijkwerker." in log


def test_grant_without_reason_keeps_the_choice_and_says_why(client, boss):
    neighbourhood = NeighbourhoodFactory()
    person = UserFactory()
    db.session.commit()
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
              "grant-reason": "  "},
    )  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="grant-reason-error"' in page
    assert "Schrijf op waarom je dit doet." in page
    assert f'<option selected value="{neighbourhood.id}">' in page
    assert '<option selected value="moderator">' in page
    assert person.memberships == [] and _events(person) == []


def test_double_grant_is_told_beside_the_role(client, boss):
    neighbourhood = NeighbourhoodFactory()
    person = moderator(neighbourhood)
    db.session.commit()
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
              "grant-reason": "Nog een keer."},
    )  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="grant-role-error"' in page and "heeft deze rol hier al" in page
    assert "Nog een keer." in page  # the typed reason is kept


def test_a_role_for_a_place_that_does_not_exist_is_refused(client, boss):
    person = UserFactory()
    db.session.commit()
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "reviewer", "grant-municipality": "424242", "grant-reason": "x"},
    )
    assert response.status_code == 422
    assert 'id="grant-municipality-error"' in response.get_data(as_text=True)


def test_admin_revokes_a_role_with_a_reason(client, boss):
    neighbourhood = NeighbourhoodFactory()
    person = moderator(neighbourhood, display_name="Wim")
    membership = person.memberships[0]
    db.session.commit()
    url = f"/admin/users/{person.id}/roles/{membership.id}/revoke"
    refused = client.post(url, data={})
    assert refused.status_code == 422
    assert f'id="revoke-{membership.id}-reason-error"' in refused.get_data(as_text=True)
    assert is_moderator_of(person, neighbourhood)
    response = client.post(url, data={f"revoke-{membership.id}-reason": "Gestopt."})
    assert response.status_code == 302
    db.session.expire_all()
    assert not is_moderator_of(db.session.get(type(person), person.id), neighbourhood)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "geen wijkwerker meer" in page and "Gestopt." in page


def test_a_membership_of_someone_else_is_not_found(client, boss):
    neighbourhood = NeighbourhoodFactory()
    one = moderator(neighbourhood)
    other = moderator(neighbourhood)
    db.session.commit()
    url = f"/admin/users/{one.id}/roles/{other.memberships[0].id}/revoke"
    assert (
        client.post(url, data={f"revoke-{other.memberships[0].id}-reason": "x"}).status_code == 404
    )


def test_admin_cannot_revoke_their_own_admin_role_on_the_page(client, boss):
    admin()  # not the last one
    own = boss.memberships[0]
    db.session.commit()
    response = client.post(
        f"/admin/users/{boss.id}/roles/{own.id}/revoke", data={f"revoke-{own.id}-reason": "Weg."}
    )
    assert response.status_code == 422
    assert "Je kunt je eigen rol als beheerder niet afnemen." in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.active_admin_count() == 2


def test_admin_blocks_and_unblocks_with_reason_and_end_date(client, boss):
    neighbourhood = NeighbourhoodFactory(name="De Akkers")
    person = resident(neighbourhood, display_name="Bas")
    db.session.commit()
    until = date.today() + timedelta(days=10)
    response = client.post(
        f"/admin/users/{person.id}/blocks",
        data={"block-neighbourhood": str(neighbourhood.id), "block-until": until.isoformat(),
              "block-reason": "Scheldwoorden."},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "Geblokkeerd in De Akkers tot en met" in page
    block_id = re.search(r'id="block-(\d+)"', page).group(1)
    no_reason = client.post(f"/admin/users/{person.id}/blocks/{block_id}/lift", data={})
    assert no_reason.status_code == 422
    lifted = client.post(
        f"/admin/users/{person.id}/blocks/{block_id}/lift",
        data={f"lift-{block_id}-reason": "Excuses aangenomen."},
    )
    assert lifted.status_code == 302
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "Nergens geblokkeerd." in page
    log = page[page.index('id="admin-user-log"') :]
    assert "geblokkeerd" in log and "Excuses aangenomen." in log
    assert [e.action for e in _events(person)] == [Action.BLOCKED, Action.UNBLOCKED]


def test_a_block_without_end_date_or_reason_keeps_the_input(client, boss):
    neighbourhood = NeighbourhoodFactory()
    person = resident(neighbourhood)
    db.session.commit()
    response = client.post(
        f"/admin/users/{person.id}/blocks",
        data={"block-neighbourhood": str(neighbourhood.id), "block-until": "",
              "block-reason": "Reden die blijft staan."},
    )  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="block-until-error"' in page and "Reden die blijft staan." in page
    assert _events(person) == []


def test_an_admin_cannot_block_themselves_on_the_page(client, boss):
    neighbourhood = NeighbourhoodFactory()
    db.session.commit()
    assert f'action="/admin/users/{boss.id}/blocks"' not in client.get(
        f"/admin/users/{boss.id}"
    ).get_data(as_text=True)
    response = client.post(
        f"/admin/users/{boss.id}/blocks",
        data={"block-neighbourhood": str(neighbourhood.id),
              "block-until": (date.today() + timedelta(days=1)).isoformat(),
              "block-reason": "Test."},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Je kunt jezelf niet blokkeren." in response.get_data(as_text=True)


def test_every_step_asks_for_the_password_again_when_the_last_check_is_old(client, boss):
    neighbourhood = NeighbourhoodFactory()
    person = UserFactory()
    db.session.commit()
    with client.session_transaction() as session:
        session["_auth_at"] = time.time() - 20 * 60
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
              "grant-reason": "Nieuw."},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/confirm-password?next=")
    assert response.headers["Location"].endswith(f"next=/admin/users/{person.id}")
    assert person.memberships == []
    # After the password, the same step works.
    client.post("/account/confirm-password", data={"password": PASSWORD})
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
              "grant-reason": "Nieuw."},
    )  # fmt: skip
    assert response.status_code == 302
    assert is_moderator_of(person, neighbourhood)


def test_steps_need_the_csrf_token(csrf_app):
    neighbourhood = NeighbourhoodFactory()
    boss = admin()
    person = UserFactory()
    db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    client.post(
        "/account/login", data={"email": boss.email, "password": PASSWORD, "csrf_token": token}
    )
    import pyotp

    from tests.factories import TOTP_SECRET

    token = csrf_token_from(client.get("/account/login/code").get_data(as_text=True))
    client.post(
        "/account/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now(), "csrf_token": token}
    )
    data = {"grant-role": "moderator", "grant-neighbourhood": str(neighbourhood.id),
            "grant-reason": "Nieuw."}  # fmt: skip
    refused = client.post(f"/admin/users/{person.id}/roles", data=data)
    assert refused.status_code == 400
    assert person.memberships == []
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    done = client.post(
        f"/admin/users/{person.id}/roles", data={**data, "csrf_token": csrf_token_from(page)}
    )
    assert done.status_code == 302
    assert is_moderator_of(person, neighbourhood)


# --- the person hears of a role given or taken -------------------------------------------


def test_a_role_given_and_taken_is_mailed_to_the_person(app, client, boss):
    from tests.conftest import sent_mails

    neighbourhood = NeighbourhoodFactory(name="Lombok")
    person = resident(neighbourhood, email="wim@example.nl")
    db.session.commit()
    before = len(sent_mails(app))
    membership = services.grant_role(
        boss, person, "moderator", neighbourhood=neighbourhood, reason="Nieuwe wijkwerker"
    )
    db.session.commit()
    [given] = sent_mails(app)[before:]
    assert given.to == "wim@example.nl"
    assert given.subject == "Je hebt een nieuwe rol op Wijkplatform"
    assert "wijkwerker (moderator) (Lombok)" in given.body

    services.revoke_role(boss, person, membership, reason="Gestopt")
    db.session.commit()
    [taken] = sent_mails(app)[before + 1 :]
    assert taken.subject == "Je hebt een rol op Wijkplatform niet meer"
    assert "Lombok" in taken.body


def test_a_refused_role_change_mails_nothing(app, client, boss):
    from tests.conftest import sent_mails

    person = resident(NeighbourhoodFactory())
    db.session.commit()
    before = len(sent_mails(app))
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"grant-role": "admin", "grant-reason": ""},
    )
    assert response.status_code == 422
    assert sent_mails(app)[before:] == []
