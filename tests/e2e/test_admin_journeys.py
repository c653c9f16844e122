"""The admin finds a person in the admin area, gives them a role (first forgetting the
reason), reads the step in the log on the person's page and takes the role away again; on a
phone (360 px) and a desktop (1280 px), in Dutch and English, with axe and the HTML checker
on every page state."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.e2e.steps import ADMIN, choose_language, log_in, log_out, path
from wijkplatform.demo.people import PEOPLE

# The role's name as the admin reads it on the person's page.
WORKER = {"nl": "wijkwerker", "en": "neighbourhood worker"}


def test_admin_grants_and_revokes_a_role_from_the_user_screen(new_context, audit, lang, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(page, ADMIN["email"], ADMIN["password"])
    choose_language(page, lang)
    # The menu shows the admin area to the admin (at 360 px the menu wraps, it is not hidden).
    page.locator('header a[href="/admin/"]').click()
    page.wait_for_load_state("load")
    assert path(page) == "/admin/"
    audit.check(page, f"admin-index-{lang}-{width}")

    page.locator('main a[href="/admin/users/"]').click()
    page.wait_for_load_state("load")
    audit.check(page, f"admin-users-{lang}-{width}", screenshots=True)
    assert page.locator("main tr[id^=admin-user-]").count() == 25  # a page of the demo's people
    # Every demo login is found by its address, with its role.
    for person in PEOPLE:
        page.goto(f"/admin/users/?q={person['email']}")
        row = page.locator("main tr[id^=admin-user-]")
        assert row.count() == 1, person["email"]
        assert person["display_name"] in row.inner_text()

    page.goto("/admin/users/")
    page.fill("#q", "henk@")
    page.locator('main form[action="/admin/users/"] button[type=submit]').click()
    page.wait_for_load_state("load")
    rows = page.locator("main tr[id^=admin-user-]")
    assert rows.count() == 1
    rows.first.locator("a").click()
    page.wait_for_load_state("load")
    user_path = path(page)
    assert re.fullmatch(r"/admin/users/\d+", user_path)
    audit.check(page, f"admin-user-{lang}-{width}", screenshots=True)

    grant = f'main form[action="{user_path}/roles"]'
    page.select_option("#grant-role", "moderator")
    page.select_option("#grant-neighbourhood", label="De Akkers (Lindenhoven)")
    page.locator(f"{grant} button[type=submit]").click()  # no reason yet
    page.wait_for_load_state("load")
    assert page.locator("#grant-reason-error").count() == 1
    assert page.locator("#grant-role").input_value() == "moderator"  # the choice is kept
    audit.check(page, f"admin-grant-errors-{lang}-{width}")

    page.fill("#grant-reason", "Henk begint als vrijwillige wijkwerker in De Akkers.")
    page.locator(f"{grant} button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) == user_path
    roles = page.inner_text("#admin-user-roles")
    assert "De Akkers" in roles and WORKER[lang] in roles
    log = page.inner_text("#admin-user-log")
    assert "Henk begint als vrijwillige wijkwerker in De Akkers." in log
    assert "Beheer Wijkplatform" in log
    audit.check(page, f"admin-granted-{lang}-{width}", screenshots=True)

    # Take it away again (the demo stays as it was for the other journeys).
    membership = page.locator("#admin-user-roles details").first
    membership.locator("summary").click()
    membership.locator("textarea").fill("Alleen een proef.")
    membership.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert WORKER[lang] not in page.inner_text("#admin-user-roles")
    assert "Alleen een proef." in page.inner_text("#admin-user-log")
    audit.check(page, f"admin-revoked-{lang}-{width}")

    # Block Henk in Oude Haven (first without a reason), then lift the block again (first
    # without a reason too): every state of the block screens passes the checks.
    block = f'main form[action="{user_path}/blocks"]'
    page.select_option("#block-neighbourhood", label="Oude Haven (Lindenhoven)")
    page.locator(f"{block} button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#block-reason[aria-invalid=true]").count() == 1
    audit.check(page, f"admin-block-errors-{lang}-{width}")
    page.fill("#block-until", (date.today() + timedelta(days=14)).isoformat())
    page.fill("#block-reason", "Scheldwoorden in drie reacties.")
    page.locator(f"{block} button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) == user_path
    blocked = page.locator("#admin-user-blocks li")
    assert blocked.count() == 1 and "Oude Haven" in blocked.inner_text()
    audit.check(page, f"admin-blocked-{lang}-{width}", screenshots=True)
    blocked.locator("summary").click()
    blocked.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#admin-user-blocks textarea[aria-invalid=true]").count() == 1
    audit.check(page, f"admin-lift-errors-{lang}-{width}")
    page.locator("#admin-user-blocks textarea").fill("Excuses gemaakt.")
    page.locator("#admin-user-blocks button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#admin-user-blocks").count() == 0
    assert "Excuses gemaakt." in page.inner_text("#admin-user-log")
    audit.check(page, f"admin-unblocked-{lang}-{width}")

    # Recovery codes for two-factor login: the page, then a new set shown once.
    page.goto("/account/two-factor/recovery-codes")
    assert path(page) == "/account/two-factor/recovery-codes"
    audit.check(page, f"recovery-codes-{lang}-{width}", screenshots=True)
    page.locator('main form[action="/account/two-factor/recovery-codes"] button').click()
    page.wait_for_load_state("load")
    assert page.locator("#recovery-codes li").count() >= 8
    audit.check(page, f"recovery-codes-shown-{lang}-{width}", screenshots=True)
    log_out(page)
