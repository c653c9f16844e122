"""An organisation member (Marieke of Buurthuis De Kade, demo) posts for her verified
organisation through "Share something for your neighbourhood", and registers a second
organisation after a mistake; the neighbourhood worker finds it among the organisations to
check. In Dutch and English, at 360 and 1280 px, with axe, the HTML checker, the layout and
console checks on every page."""

from __future__ import annotations

import re

from tests.e2e.steps import choose_language, log_in, log_out, path
from wijkplatform.demo.people import PEOPLE

MEMBER = next(person for person in PEOPLE if person["label"] == "organisation member")
MODERATOR = next(person for person in PEOPLE if person["email"].startswith("wijkwerker"))


def test_member_posts_for_the_organisation_and_registers_another(page, audit, unique, lang, width):
    log_in(page, MEMBER["email"], MEMBER["password"])
    choose_language(page, lang)
    share = page.locator("main #share-own a")
    assert share.count() == 1
    audit.check(page, "member-account")
    share.click()
    page.wait_for_load_state("load")
    assert "/contributions/new?neighbourhood=oude-haven" in page.url
    # Members of a verified organisation choose whom they post for.
    organisation = page.locator("#organisation_id")
    assert organisation.count() == 1
    audit.check(page, "member-share-form", screenshots=True)

    page.locator("#kind input[value=resource]").check()
    title = f"Koffieochtend in het buurthuis ({unique})"
    page.fill("#title", title)
    page.fill("#body", "Elke dinsdag koffie en een praatje. Iedereen is welkom.")
    page.locator("#categories input[type=checkbox]").first.check()
    organisation.select_option(index=1)
    chosen = organisation.locator("option:checked").inner_text().strip()
    page.locator("main form button[value=preview]").click()
    page.wait_for_load_state("load")
    audit.check(page, "member-preview")
    page.locator("main form button[value=publish]").click()
    page.wait_for_url(re.compile(r"/contributions/\d+$"))
    assert page.locator("h1").inner_text() == title
    assert chosen in page.locator(".contribution__organisation, main").first.inner_text()
    audit.check(page, "member-contribution", screenshots=True)

    # A second organisation: without a name it is refused beside the field, text kept.
    page.goto("/account/organisations/new")
    audit.check(page, "organisation-new")
    page.fill("#offers", "Taalles voor nieuwe buren.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    assert page.input_value("#offers") == "Taalles voor nieuwe buren."
    audit.check(page, "organisation-new-errors")
    name = f"Taalcafe {unique}"
    page.fill("#name", name)
    page.select_option("#kind", index=1)
    oude_haven = page.locator("#neighbourhood_id option", has_text="Oude Haven").first
    page.select_option("#neighbourhood_id", oude_haven.get_attribute("value"))
    page.fill("#contact", "Havenplein 1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) != "/account/organisations/new", page.locator("main").inner_text()
    assert page.locator(".flash-region .utrecht-alert").count() >= 1
    log_out(page)

    # The neighbourhood worker finds it among the organisations to check.
    log_in(page, MODERATOR["email"], MODERATOR["password"])
    choose_language(page, lang)
    page.goto("/moderation/oude-haven/")
    assert page.locator(".moderation-organisation h3", has_text=name).count() == 1
    audit.check(page, "moderation-organisations")
